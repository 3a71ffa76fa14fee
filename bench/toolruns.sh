#!/usr/bin/env bash
# Measures the tool runner on an operation-sized download: a synthetic 350,000-line message export
# is translated through a zero-latency local LibreTranslate stand-in (hosted by the benchmark
# program) and triaged; for each run it prints end-to-end seconds, artefact events/s and when the
# artefacts were all listed, against the raw INSERT rate of equally sized rows measured in the
# same run and database. Starts from an empty toex_cases_bench database; takes about 7 minutes
# on 2 cores and is cut off at BENCH_TIMEOUT seconds (default 1380).
# BENCH_LINES (default 350000), BENCH_RAW_ROWS (default BENCH_LINES), BENCH_RUN_MINUTES (bound per
# run, default 20) and BENCH_SEARCHABLE_MINUTES (how long to wait for the API to list every artefact, default 10) tune it.
# Exits non-zero when a run fails or cannot finish on its own. A run whose ExecuteToolRun message
# Wolverine dead-letters (while the run still says Running) is reported as stalled; the program then
# replays the message as an Admin so the figures can still be taken (BENCH_REPLAY=0 stops instead).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
toex_postgres toex_cases_bench

# The first free TCP port on 127.0.0.1 from $1 (a port nothing answers on).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
api_port=$(free_port 5183)
provider_port=$(free_port $((api_port + 1)))
base_url="http://127.0.0.1:$api_port"

echo "Resetting the toex_cases_bench database..."
PGPASSWORD="$(cat .local/postgres/password)" "$(toex_pg_bindir)/psql" -q -v ON_ERROR_STOP=1 \
  -h 127.0.0.1 -p "$TOEX_PG_PORT_IN_USE" -U toex -d toex_cases_bench -c \
  "SET client_min_messages = warning;
   DROP SCHEMA IF EXISTS toex CASCADE; DROP SCHEMA IF EXISTS wolverine CASCADE; DROP SCHEMA IF EXISTS bench CASCADE;"

echo "Building the API and the benchmark (Release)..."
dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
dotnet build bench/Toex.Cases.Bench.ToolRuns -c Release --nologo -v quiet

work=$(mktemp -d)
api_log="$work/api.log"
storage="$work/content"
mkdir "$storage"
api_pid=""
stop_api() {
  if [ -n "$api_pid" ] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid"
    wait "$api_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop_api EXIT

export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
export Auth__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
export ASPNETCORE_ENVIRONMENT=Production
export Logging__LogLevel__Default=Warning
export Storage__Path="$storage"
export Projections__DaemonMode=Solo
# The benchmark program serves LibreTranslate's wire format on this port, with no batch or character
# limit of its own: the request limits are raised (default 100 texts, 20,000 characters) so that one
# runner batch of 1,000 rows is one request. BENCH_TRANSLATE_MAX_ITEMS=100 measures the default.
export Tools__Translate__Provider=LibreTranslate
export Tools__Translate__Endpoint="http://127.0.0.1:$provider_port"
export Tools__Translate__MaxItems="${BENCH_TRANSLATE_MAX_ITEMS:-1000}"
export Tools__Translate__MaxCharacters="${BENCH_TRANSLATE_MAX_CHARACTERS:-200000}"

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
echo "API ready on $base_url in $(( ($(date +%s%N) - started) / 1000000 )) ms; translation provider expected on 127.0.0.1:$provider_port"

status=0
BENCH_BASE_URL="$base_url" BENCH_PROVIDER_PORT="$provider_port" BENCH_API_PID="$api_pid" BENCH_WORK_DIR="$work" \
  timeout "${BENCH_TIMEOUT:-1380}" \
  dotnet bench/Toex.Cases.Bench.ToolRuns/bin/Release/net10.0/Toex.Cases.Bench.ToolRuns.dll || status=$?
if [ "$status" -ne 0 ]; then
  [ "$status" -eq 124 ] && echo "The benchmark did not finish within ${BENCH_TIMEOUT:-1380} s." >&2
  echo "The benchmark failed (exit $status); the API's warnings and errors (stack traces left out):" >&2
  grep -A2 -E '^(warn|fail|crit):' "$api_log" | grep -vE '^\s+at |^--$' | head -n 30 >&2 || true
  exit "$status"
fi
if grep -qE '^(warn|fail|crit):' "$api_log"; then
  echo
  echo "The API logged these warnings and errors (stack traces left out):"
  grep -A2 -E '^(warn|fail|crit):' "$api_log" | grep -vE '^\s+at |^--$' | head -n 30 || true
fi
