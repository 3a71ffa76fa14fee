#!/usr/bin/env bash
# Runs every test against a private PostgreSQL that this script starts (see scripts/lib/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_postgres toex_cases_test
export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
dotnet test TOEX.Cases.sln -c Release --nologo "$@"
