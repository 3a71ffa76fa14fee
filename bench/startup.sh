#!/usr/bin/env bash
# Measures the API's start-up under each Wolverine code-generation mode: time from process start
# to /health/ready, and to the end of the first tasking + acceptance (where Dynamic mode compiles
# its handlers). Runs each mode three times against an already-migrated database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_postgres toex_cases_bench
dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
export Auth__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
api=src/Toex.Cases.Api/bin/Release/net10.0/Toex.Cases.Api.dll
base=http://127.0.0.1:5182
token=$(dotnet "$api" token --sub bench --force norfolk --role Investigator)
analyst=$(dotnet "$api" token --sub bench-a --force toex --role Analyst)
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

run_once() {
  local mode=$1 started pid ready first id
  started=$(date +%s%N)
  Wolverine__TypeLoadMode=$mode dotnet "$api" --urls "$base" >/dev/null 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { echo "API exited" >&2; return 1; }
    [ $(ms "$started") -lt 120000 ] || { kill $pid; echo "API not ready in 120 s" >&2; return 1; }
    sleep 0.02
  done
  ready=$(ms "$started")
  id=$(curl -sf -X POST "$base/api/operations" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"Start-up probe","threats":["Other"],"summary":"s","priority":"Low"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
  curl -sf -o /dev/null -X POST "$base/api/operations/$id/accept" -H "Authorization: Bearer $analyst" -H 'If-Match: "1"'
  first=$(ms "$started")
  kill $pid; wait $pid 2>/dev/null || true
  printf '%-8s ready %5d ms   first command done %5d ms\n' "$mode" "$ready" "$first"
}

run_once Static >/dev/null   # migrate the schema once, outside the measurement
for mode in Dynamic Static; do for i in 1 2 3; do run_once $mode; done; done
