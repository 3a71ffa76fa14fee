#!/usr/bin/env bash
# Runs the API on http://127.0.0.1:5080 against a private PostgreSQL that this script starts.
# Extra arguments go to the API (for example --urls http://127.0.0.1:6000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_ensure_ffmpeg
toex_ensure_pdf_tools
toex_postgres toex_cases
export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Storage__Path="${Storage__Path:-$PWD/.local/content}"
key_file=.local/signing-key
if [ -z "${Auth__SigningKey:-}" ]; then
  [ -s "$key_file" ] || (umask 077; head -c 48 /dev/urandom | base64 > "$key_file")
  export Auth__SigningKey="$(cat "$key_file")"
fi
dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
cat <<MSG

TOEX Cases API: http://127.0.0.1:5080 (Swagger UI at /swagger)
Mint a local token in another shell, for example:
  Auth__SigningKey="\$(cat $key_file)" dotnet run --project src/Toex.Cases.Api -c Release --no-build -- token --sub u1 --name "DC Jane Smith" --force norfolk --role Investigator

MSG
exec dotnet run --project src/Toex.Cases.Api -c Release --no-build -- "$@"
