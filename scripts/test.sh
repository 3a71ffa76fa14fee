#!/usr/bin/env bash
# Runs every test against a private PostgreSQL that this script starts (see scripts/lib/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_postgres toex_cases_test
export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
dotnet build TOEX.Cases.sln -c Release --nologo -v quiet
# The API runs Wolverine's pre-generated handler code (docs/adr/0003-codegen-mode.md): regenerate
# it and fail if the committed copy was stale.
if ! out=$(ASPNETCORE_ENVIRONMENT=Development dotnet src/Toex.Cases.Api/bin/Release/net10.0/Toex.Cases.Api.dll codegen write 2>&1); then
  echo "$out" >&2
  exit 1
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
   [ -n "$(git status --porcelain -- src/Toex.Cases.Api/Internal/Generated)" ]; then
  echo "Wolverine's generated handler code was stale and has been rewritten in src/Toex.Cases.Api/Internal/Generated:" >&2
  git status --short -- src/Toex.Cases.Api/Internal/Generated >&2
  echo "Review and commit it, then run the tests again." >&2
  exit 1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test TOEX.Cases.sln -c Release --nologo --no-build "$@" 2>&1 | tee "$log" || status=$?
# One closing line over all test assemblies: "N passed, N failed, N skipped".
awk -F'[:,]' '/^(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
