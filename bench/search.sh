#!/usr/bin/env bash
# Measures search over an operation-sized body of translations: a synthetic multi-language message
# export (phrasebook lines in six languages plus English snippets of known frequency, from rare to
# common) is registered as 4 exhibits, each covering its own half-year (the first is the oldest),
# and each translated by one run through a zero-latency local
# LibreTranslate stand-in (hosted by the benchmark program), one run after another, 1,000,000
# translation artefacts in all. It prints how fast the asynchronous "Search" projection indexes
# them, how long the last run's last line takes to become searchable after the run completes, and
# p50/p95/p99 latencies of five query shapes (and two more: a common word within the oldest exhibit,
# and within the exhibit written last) at 8 concurrent clients against the 50 ms aim, asked
# twice: as the API answers by default (newest first, total counted up to 1,000, facets beside exact
# totals) and exhaustively (sort=relevance&exact=true); beside them, measured in the same run and
# database: a raw multi-row INSERT of as many equally sized rows with the same indexes, and the same
# work as direct SQL on 8 connections. Queries start once every asynchronous projection (the audit
# trail too, not only the search feed) has caught up, autovacuum has vacuumed and analysed what the
# load left it, and a CHECKPOINT has written the load's dirty buffers back, so that nothing else
# competes for the cores.
# Starts from an empty toex_cases_bench_search database; takes 11-20 minutes on 2 cores and is
# cut off at BENCH_TIMEOUT seconds (default 2400).
# BENCH_ARTEFACTS (default 1000000), BENCH_EXHIBITS (default 4), BENCH_CLIENTS (default 8),
# BENCH_REQUESTS (per shape, default 400), BENCH_WARMUP (default 20), BENCH_SHAPE_SECONDS (no measured
# request of a shape starts after this, default 40), BENCH_RAW_ROWS (default
# BENCH_ARTEFACTS) and BENCH_RUN_MINUTES (bound per run, default 20) tune it.
# Exits non-zero when a run fails or the index does not catch up.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/bench.sh
toex_postgres toex_cases_bench_search

api_port=$(bench_free_port 5193)
provider_port=$(bench_free_port $((api_port + 1)))
base_url="http://127.0.0.1:$api_port"

bench_prepare bench/Toex.Cases.Bench.Search toex_cases_bench_search
work=$bench_work
api_log="$work/api.log"

export Projections__DaemonMode=Solo
bench_use_zero_latency_translator "$provider_port"

bench_start_api "$base_url" "$api_log"
api_pid=$bench_api_pid
echo "API ready on $base_url in $(( ($(date +%s%N) - bench_api_started) / 1000000 )) ms; translation provider expected on 127.0.0.1:$provider_port"

BENCH_BASE_URL="$base_url" BENCH_PROVIDER_PORT="$provider_port" BENCH_API_PID="$api_pid" BENCH_WORK_DIR="$work" \
  bench_run "${BENCH_TIMEOUT:-2400}" "$api_log" dotnet bench/Toex.Cases.Bench.Search/bin/Release/net10.0/Toex.Cases.Bench.Search.dll
