#!/usr/bin/env bash
# Regenerates Wolverine's handler code in src/Toex.Cases.Api/Internal/Generated from scratch
# (docs/adr/0003-codegen-mode.md). Run it after adding or changing a handler, then commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_postgres toex_cases >/dev/null
rm -rf src/Toex.Cases.Api/Internal/Generated
dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
cd src/Toex.Cases.Api
ConnectionStrings__Marten="$TOEX_PG_CONNECTION" ASPNETCORE_ENVIRONMENT=Development \
  dotnet bin/Release/net10.0/Toex.Cases.Api.dll codegen write | grep -c "Wrote generated code" | xargs echo "files written:"
cd ../..
dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
