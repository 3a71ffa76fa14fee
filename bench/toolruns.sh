#!/usr/bin/env bash
# Measures the tool runner on an operation-sized download: a synthetic 350,000-line message export
# is translated through a zero-latency local LibreTranslate stand-in (hosted by the benchmark
# program) and triaged; for each run it prints end-to-end seconds, artefact events/s and when the
# artefacts were all listed, against the raw INSERT rate of equally sized rows measured in the
# same run and database. Each run, and the raw baseline, starts once the asynchronous projections
# (audit trail, search feed) and autovacuum have caught up with what came before. Before them, a
# 20,000-line translate and triage on an operation of their own, not measured, stands for an API that
# has been up a while (a freshly started one spends its first minute re-compiling its hot code;
# BENCH_WARMUP_LINES=0 measures that instead). Starts from an
# empty toex_cases_bench database; takes about 9 minutes on 2 cores, waits included; cut off at
# BENCH_TIMEOUT seconds (default 2400).
# BENCH_LINES (default 350000), BENCH_RAW_ROWS (default BENCH_LINES), BENCH_RUN_MINUTES (bound per
# run, default 20) and BENCH_SEARCHABLE_MINUTES (how long to wait for the API to list every artefact,
# and for the projections to catch up, default 10) tune it.
# Exits non-zero when a run fails or cannot finish on its own. A run whose ExecuteToolRun message
# Wolverine dead-letters (while the run still says Running) is reported as stalled; the program then
# replays the message as an Admin so the figures can still be taken (BENCH_REPLAY=0 stops instead).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/bench.sh
toex_postgres toex_cases_bench

api_port=$(bench_free_port 5183)
provider_port=$(bench_free_port $((api_port + 1)))
base_url="http://127.0.0.1:$api_port"

bench_prepare bench/Toex.Cases.Bench.ToolRuns
work=$bench_work
api_log="$work/api.log"

# BENCH_DAEMON_MODE=Disabled measures the runner without the asynchronous projections (audit trail, search) beside it.
export Projections__DaemonMode=${BENCH_DAEMON_MODE:-Solo}
bench_use_zero_latency_translator "$provider_port"

bench_start_api "$base_url" "$api_log"
api_pid=$bench_api_pid
echo "API ready on $base_url in $(( ($(date +%s%N) - bench_api_started) / 1000000 )) ms; translation provider expected on 127.0.0.1:$provider_port"

BENCH_BASE_URL="$base_url" BENCH_PROVIDER_PORT="$provider_port" BENCH_API_PID="$api_pid" BENCH_WORK_DIR="$work" \
  bench_run "${BENCH_TIMEOUT:-2400}" "$api_log" dotnet bench/Toex.Cases.Bench.ToolRuns/bin/Release/net10.0/Toex.Cases.Bench.ToolRuns.dll
