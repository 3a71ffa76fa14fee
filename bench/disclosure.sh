#!/usr/bin/env bash
# Measures the disclosure audit trail on an operation-sized history: builds ONE operation with
# BENCH_EVENTS events (default 200,000) through the API — tasking, exhibits, a triage run whose
# entity artefacts make about 70% of them, then exhibit downloads (8 clients at once) and relevance
# decisions for the rest, so about 30% are entries a person reads — and waits for the asynchronous
# AuditTrail projection to chain them (printing how long it took after the last write, events/s).
# It then times, three times each and in turn, the trail's CSV export (GET /audit, text/csv; rows/s
# and chain events/s) and the check of its hash chain (GET /audit/verification; events/s), against
# raw PostgreSQL floors measured in the same run and database: a COPY of the same rows as CSV, and
# reading the operation's events and SHA-256 chaining them in the benchmark. Last, it alters one
# stored event and checks that verification reports the chain broken at exactly that entry.
# Starts from an empty toex_cases_bench database; takes about 8 minutes on 2 cores at 200,000
# events (about 1.5 at 20,000) and is cut off at BENCH_TIMEOUT seconds (default 2400).
# BENCH_ARTEFACT_SHARE (0.70), BENCH_DECISION_SHARE (0.10 of the rest), BENCH_READERS (8),
# BENCH_EXHIBITS (statements the downloads go round, 500: each exhibit's read model lists every
# download of it, so few exhibits make each download slower than the last), BENCH_REPEATS (3),
# BENCH_RUN_MINUTES (triage bound, 20) and BENCH_CHAIN_MINUTES (bound on each wait for the chain,
# 15) tune it. Exits non-zero when a check fails (a count, a hash, the tamper check).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
source scripts/lib/bench.sh
toex_postgres toex_cases_bench

api_port=$(bench_free_port 5193)
base_url="http://127.0.0.1:$api_port"

bench_prepare bench/Toex.Cases.Bench.Disclosure
work=$bench_work
api_log="$work/api.log"

# The audit trail is an asynchronous projection: this API is the only node, so it runs the daemon.
export Projections__DaemonMode=Solo

bench_start_api "$base_url" "$api_log"
api_pid=$bench_api_pid
echo "API ready on $base_url in $(( ($(date +%s%N) - bench_api_started) / 1000000 )) ms"

BENCH_BASE_URL="$base_url" BENCH_API_PID="$api_pid" BENCH_WORK_DIR="$work" BENCH_EVENTS="${BENCH_EVENTS:-200000}" \
  bench_run "${BENCH_TIMEOUT:-2400}" "$api_log" dotnet bench/Toex.Cases.Bench.Disclosure/bin/Release/net10.0/Toex.Cases.Bench.Disclosure.dll
