#!/usr/bin/env bash
# Measures the API's start-up time and its command throughput and latency at 1, 8 and 32
# concurrent clients, against single-row INSERTs into the same PostgreSQL as a floor.
# Starts from an empty toex_cases_bench database each run. Takes about three minutes.
# BENCH_SECONDS (measured seconds per level, default 12) and BENCH_WARMUP (warm-up commands
# per level, default 200) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/bench.sh
toex_postgres toex_cases_bench

port=5181
base_url="http://127.0.0.1:$port"
if curl -s -o /dev/null "$base_url/health/live"; then
  echo "Something already listens on $base_url; stop it first." >&2
  exit 1
fi

bench_reset_database

echo "Building the API and the benchmark (Release)..."
dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
dotnet build bench/Toex.Cases.Bench.Operations -c Release --nologo -v quiet

api_log=$(mktemp)
stop_api() {
  bench_stop_api
  rm -f "$api_log"
}
trap stop_api EXIT

bench_start_api "$base_url" "$api_log"
echo "API start-up: $(( ($(date +%s%N) - bench_api_started) / 1000000 )) ms (process start to GET /health/ready = 200, empty database)"

BENCH_BASE_URL="$base_url" timeout 240 \
  dotnet bench/Toex.Cases.Bench.Operations/bin/Release/net10.0/Toex.Cases.Bench.Operations.dll || {
  status=$?
  echo "The benchmark failed (exit $status); the API's output:" >&2
  tail -n 50 "$api_log" >&2
  exit "$status"
}
