#!/usr/bin/env bash
# Finds or installs PostgreSQL, then creates, starts (or reuses) a cluster private to this
# checkout and makes sure a database exists. Source it, then call: toex_postgres <database>.
# On success TOEX_PG_CONNECTION holds an Npgsql connection string for that database.
#
# The cluster lives in .local/postgres (git-ignored), listens on 127.0.0.1 at the first port
# free when it was created, from $TOEX_PG_PORT (default 55432), and on its own socket folder, and is owned by a non-root OS user because
# postgres refuses to run as root. Its superuser password is generated once and kept in
# .local/postgres/password (mode 600). Re-running reuses a running server, restarts a
# stopped one, and never starts a second one on the same folder.

toex_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd); }

toex_pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null)
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

# PostgreSQL's shared buffers: a quarter of the machine's memory (PostgreSQL's own starting advice
# for a dedicated server), between 128 MB and 8 GB, in MB; TOEX_PG_SHARED_BUFFERS (MB) overrides it.
# A table larger than a quarter of the buffers is scanned through a small ring of them, re-read
# from the OS cache each time: with 512 MB, counting the matches of a common word in the search
# benchmark's 641 MB table cost 10-13 ms instead of 4 (docs/adr/0006-private-postgresql.md).
toex_pg_shared_buffers() {
  if [ -n "${TOEX_PG_SHARED_BUFFERS:-}" ]; then echo "$TOEX_PG_SHARED_BUFFERS"; return; fi
  local kb; kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
  local mb=$(( ${kb:-0} / 1024 / 4 ))
  [ "$mb" -lt 128 ] && mb=128
  [ "$mb" -gt 8192 ] && mb=8192
  echo "$mb"
}

# WAL between checkpoints. PostgreSQL's default (max_wal_size 1 GB, a checkpoint every ~540 MB of
# WAL) checkpointed every 20-29 s through a tool run's appends and the projections' writes, and
# logged "checkpoints are occurring too frequently" each time; after every checkpoint the first
# change to each page writes the whole page to the WAL again. 8 GB (a checkpoint every ~4 GB, or
# every 15 minutes) lets a run write without one; crash recovery then replays up to that much WAL.
# TOEX_PG_MAX_WAL_SIZE overrides it. (docs/adr/0006-private-postgresql.md)
toex_pg_max_wal_size() {
  echo "${TOEX_PG_MAX_WAL_SIZE:-8GB}"
}

# glibc's malloc for the server: blocks of up to 16 MB come from the heap, and up to 32 MB freed at
# its top stay with the process. With glibc's defaults, a backend hands any block over ~128 kB back
# to the kernel when it frees it and takes fresh pages (zeroed, one page fault each) for the next
# query: building a GIN bitmap of ~7,000 matches spent half of its CPU in those faults. Values
# already set in the environment win. (docs/adr/0006-private-postgresql.md)
toex_pg_malloc_env() {
  echo "MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-16777216}" "MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-33554432}"
}

toex_install_postgres() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed and this user cannot install it: run 'sudo apt-get install -y postgresql'" >&2
    return 1
  fi
  echo "Installing PostgreSQL from Debian's packages..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

toex_postgres() {
  local database=${1:?database name}
  local root; root=$(toex_root)
  local base="$root/.local/postgres"
  local data="$base/data" port owner user="toex"

  local bin; bin=$(toex_pg_bindir) || { toex_install_postgres && bin=$(toex_pg_bindir); } || {
    echo "Could not find or install PostgreSQL" >&2; return 1; }

  mkdir -p "$base"
  # One set-up at a time: a test run and an API started together must not both run initdb.
  exec 9>"$base/.lock"
  flock 9

  if [ "$(id -u)" -eq 0 ]; then
    owner=toexpg
    id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    if ! runuser -u "$owner" -- test -x "$base"; then
      echo "The OS user $owner cannot reach $base; make the checkout's folders world-executable (chmod o+x)" >&2
      flock -u 9; return 1
    fi
  else
    owner=$(id -un)
  fi
  as_owner() { if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }

  if [ ! -s "$base/password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$base/password")
  fi
  chown "$owner" "$base" "$base/password" 2>/dev/null || true

  if [ ! -f "$data/PG_VERSION" ]; then
    # The first free port from TOEX_PG_PORT (default 55432), so that two checkouts on one
    # machine each get a cluster of their own; it is remembered in the cluster's folder.
    port="${TOEX_PG_PORT:-55432}"
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
    echo "Creating a private PostgreSQL cluster in $data (port $port)..." >&2
    rm -rf "$data"
    as_owner mkdir -p "$data"
    as_owner "$bin/initdb" -D "$data" --username="$user" --pwfile="$base/password" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null || {
      flock -u 9; return 1; }
    echo "$port" > "$base/port"
    cat >>"$data/postgresql.conf" <<CONF
# TOEX Cases private cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 200
# shared_buffers is given at each start (toex_pg_shared_buffers)
fsync = on
synchronous_commit = on
CONF
  fi

  port=$(cat "$base/port" 2>/dev/null || echo "${TOEX_PG_PORT:-55432}")
  if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    local buffers; buffers=$(toex_pg_shared_buffers)
    local wal; wal=$(toex_pg_max_wal_size)
    echo "Starting PostgreSQL on 127.0.0.1:$port (shared_buffers ${buffers}MB, max_wal_size $wal)..." >&2
    # shellcheck disable=SC2046
    as_owner env $(toex_pg_malloc_env) "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 \
      -o "-c shared_buffers=${buffers}MB -c max_wal_size=$wal -c checkpoint_timeout=15min" start >/dev/null 9>&- || {
      echo "PostgreSQL did not start; see $base/server.log" >&2; flock -u 9; return 1; }
  fi

  local password; password=$(cat "$base/password")
  local exists
  exists=$(PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'")
  if [ "$exists" != "1" ]; then
    PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database"
  fi
  flock -u 9

  TOEX_PG_CONNECTION="Host=127.0.0.1;Port=$port;Database=$database;Username=$user;Password=$password"
  TOEX_PG_PORT_IN_USE=$port
  export TOEX_PG_CONNECTION TOEX_PG_PORT_IN_USE
}

# The media tools the transcribe tool needs (ffprobe measures, ffmpeg converts): Debian's ffmpeg.
toex_ensure_ffmpeg() {
  command -v ffprobe >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1 && return 0
  toex_apt_install ffmpeg
}

# Disclosure schedules are drawn with the DejaVu fonts (fonts-dejavu-core); the tests look at the
# PDFs they produce through poppler's pdftoppm and pdftotext (poppler-utils).
toex_ensure_pdf_tools() {
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || toex_apt_install fonts-dejavu-core || return 1
  command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && return 0
  toex_apt_install poppler-utils
}

toex_apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$1 is not installed and this user cannot install it: run 'sudo apt-get install -y $1'" >&2
    return 1
  fi
  echo "Installing $1 from Debian's packages..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >&2
}
