# Shared by the benchmark scripts under bench/ (source after scripts/lib/postgres.sh and
# toex_postgres toex_cases_bench, or the benchmark's own database).

# Empties the benchmark database $1 (default toex_cases_bench): the event store, Wolverine's
# tables and the raw baselines.
bench_reset_database() {
  local database=${1:-toex_cases_bench}
  echo "Resetting the $database database..."
  PGPASSWORD="$(cat .local/postgres/password)" "$(toex_pg_bindir)/psql" -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$TOEX_PG_PORT_IN_USE" -U toex -d "$database" -c \
    "SET client_min_messages = warning;
     DROP SCHEMA IF EXISTS toex CASCADE; DROP SCHEMA IF EXISTS wolverine CASCADE; DROP SCHEMA IF EXISTS bench CASCADE;"
}

# The first free TCP port on 127.0.0.1 from $1 (a port nothing answers on).
bench_free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# Starts the Release API on $1 (base URL) with its output in $2, against the bench database with
# a fresh signing key, and waits (up to 120 s) for /health/ready. Sets bench_api_pid and
# bench_api_started (ns); exits with the API's output if it does not become ready. Extra
# configuration comes from the caller's exported environment.
bench_start_api() {
  local base_url=$1 log=$2
  export ConnectionStrings__Marten="$TOEX_PG_CONNECTION"
  export Auth__SigningKey="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
  export ASPNETCORE_ENVIRONMENT=Production
  export Logging__LogLevel__Default=Warning
  bench_api_started=$(date +%s%N)
  dotnet src/Toex.Cases.Api/bin/Release/net10.0/Toex.Cases.Api.dll --urls "$base_url" >"$log" 2>&1 &
  bench_api_pid=$!
  local deadline=$((bench_api_started + 120 * 1000000000))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base_url/health/ready")" = 200 ]; do
    if ! kill -0 "$bench_api_pid" 2>/dev/null || [ "$(date +%s%N)" -gt "$deadline" ]; then
      echo "The API did not become ready; its output:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
}

# Stops the API started by bench_start_api, if it is still running.
bench_stop_api() {
  if [ -n "${bench_api_pid:-}" ] && kill -0 "$bench_api_pid" 2>/dev/null; then
    kill "$bench_api_pid"
    wait "$bench_api_pid" 2>/dev/null || true
  fi
}

# Resets the bench database ($2, default toex_cases_bench), builds the API and the benchmark project $1 (Release), and makes a
# work folder (bench_work) with an empty content store that the API uses (Storage__Path); the API
# is stopped and the folder removed when the script exits.
bench_prepare() {
  local project=$1
  bench_reset_database "${2:-toex_cases_bench}"
  echo "Building the API and the benchmark (Release)..."
  dotnet build src/Toex.Cases.Api -c Release --nologo -v quiet
  dotnet build "$project" -c Release --nologo -v quiet
  bench_work=$(mktemp -d)
  mkdir "$bench_work/content"
  export Storage__Path="$bench_work/content"
  trap 'bench_stop_api; rm -rf "$bench_work"' EXIT
}

# Runs a benchmark program (the rest of the arguments) under a time limit of $1 seconds, then shows
# what the API (log $2) warned about; exits with the program's status when it failed.
bench_run() {
  local limit=$1 log=$2 status=0
  shift 2
  timeout "$limit" "$@" || status=$?
  if [ "$status" -ne 0 ]; then
    [ "$status" -eq 124 ] && echo "The benchmark did not finish within $limit s." >&2
    echo "The benchmark failed (exit $status); the API's warnings and errors (stack traces left out):" >&2
    grep -A2 -E '^(warn|fail|crit):' "$log" | grep -vE '^\s+at |^--$' | head -n 30 >&2 || true
    exit "$status"
  fi
  if grep -qE '^(warn|fail|crit):' "$log"; then
    echo
    echo "The API logged these warnings and errors (stack traces left out):"
    grep -A2 -E '^(warn|fail|crit):' "$log" | grep -vE '^\s+at |^--$' | head -n 30 || true
  fi
}

# Points the API at the zero-latency LibreTranslate stand-in that the benchmark program serves on
# port $1 (bench/Shared/ZeroLatencyTranslator.cs), with no batch or character limit of its own: the
# request limits are raised (default 100 texts, 20,000 characters) so that one runner batch of 1,000
# rows is one request. BENCH_TRANSLATE_MAX_ITEMS=100 measures the default.
bench_use_zero_latency_translator() {
  export Tools__Translate__Provider=LibreTranslate
  export Tools__Translate__Endpoint="http://127.0.0.1:$1"
  export Tools__Translate__MaxItems="${BENCH_TRANSLATE_MAX_ITEMS:-1000}"
  export Tools__Translate__MaxCharacters="${BENCH_TRANSLATE_MAX_CHARACTERS:-200000}"
}
