#!/usr/bin/env bash
# Measures the API's start-up time and its command throughput and latency at 1, 8 and 32
# concurrent clients, against single-row INSERTs into the same PostgreSQL as a floor.
# Starts from an empty toex_cases_bench database each run. Takes about three minutes.
# BENCH_SECONDS (measured seconds per level, default 12) and BENCH_WARMUP (warm-up commands
# per level, default 200) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_postgres toex_cases_bench

port=5181
base_url="http://127.0.0.1:$port"
if curl -s -o /dev/null "$base_url/health/live"; then
  echo "Something already listens on $base_url; stop it first." >&2
  exit 1
fi

echo "Resetting the toex_cases_bench database..."
PGPASSWORD="$(cat .local/postgres/password)" "$(toex_pg_bindir)/psql" -q -v ON_ERROR_STOP=1 \
  -h 127.0.0.1 -p "$TOEX_PG_PORT_IN_USE" -U toex -d toex_cases_bench -c \
  "SET client_min_messages = warning;
   DROP SCHEMA IF EXISTS toex CASCADE; DROP SCHEMA IF EXISTS wolverine CASCADE; DROP SCHEMA IF EXISTS bench CASCADE;"

echo "Building the API and the benchmark (Release)..."
dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
dotnet build bench/Toex.Cases.Bench.Operations -c Release --nologo -v quiet

api_log=$(mktemp)
api_pid=""
stop_api() {
  if [ -n "$api_pid" ] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid"
    wait "$api_pid" 2>/dev/null || true
  fi
  rm -f "$api_log"
}
trap stop_api EXIT

export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
export Auth__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
export ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning

started=$(date +%s%N)
dotnet src/Toex.Cases.Api/bin/Release/net10.0/Toex.Cases.Api.dll --urls "$base_url" >"$api_log" 2>&1 &
api_pid=$!
deadline=$((started + 120 * 1000000000))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base_url/health/ready")" = 200 ]; do
  if ! kill -0 "$api_pid" 2>/dev/null || [ "$(date +%s%N)" -gt "$deadline" ]; then
    echo "The API did not become ready; its output:" >&2
    cat "$api_log" >&2
    exit 1
  fi
  sleep 0.05
done
echo "API start-up: $(( ($(date +%s%N) - started) / 1000000 )) ms (process start to GET /health/ready = 200, empty database)"

BENCH_BASE_URL="$base_url" timeout 240 \
  dotnet bench/Toex.Cases.Bench.Operations/bin/Release/net10.0/Toex.Cases.Bench.Operations.dll || {
  status=$?
  echo "The benchmark failed (exit $status); the API's output:" >&2
  tail -n 50 "$api_log" >&2
  exit "$status"
}
