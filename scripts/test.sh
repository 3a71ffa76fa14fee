#!/usr/bin/env bash
# Runs every test against a private PostgreSQL that this script starts (see scripts/lib/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_ensure_ffmpeg
toex_ensure_pdf_tools
toex_postgres toex_cases_test
export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
dotnet build TOEX.Cases.sln -c Release --nologo -v quiet
# The API runs Wolverine's pre-generated handler code (docs/adr/0003-codegen-mode.md): regenerate
# it and fail if that changed anything, i.e. if the copy in the tree was stale.
generated=src/Toex.Cases.Api/Internal/Generated
fingerprint() { (cd "$generated" 2>/dev/null && find . -type f -name '*.cs' | sort | xargs -r sha256sum); }
before=$(fingerprint)
# codegen writes under the API's content root, which is the working folder: run it from the project.
if ! out=$(cd src/Toex.Cases.Api && ASPNETCORE_ENVIRONMENT=Development dotnet bin/Release/net10.0/Toex.Cases.Api.dll codegen write 2>&1); then
  echo "$out" >&2
  exit 1
fi
if [ "$before" != "$(fingerprint)" ]; then
  echo "Wolverine's generated handler code in $generated was stale and has been rewritten." >&2
  echo "Review it, rebuild, and run the tests again (and commit it)." >&2
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
