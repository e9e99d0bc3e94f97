#!/usr/bin/env bash
# Start or stop a private PostgreSQL cluster in a folder of the project.
#   scripts/postgres.sh start DIR PORT   -> prints the DATABASE_URL
#   scripts/postgres.sh stop DIR
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail

bindir() {
  local b
  b=$(pg_config --bindir 2>/dev/null || true)
  if [ -x "$b/initdb" ]; then echo "$b"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

cmd=${1:?start|stop}; dir=$(realpath -m "${2:?folder}")
B=$(bindir)
[ -x "$B/initdb" ] || { echo "PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2; exit 1; }

case "$cmd" in
  start)
    port=${3:?port}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "'$B/initdb' -D '$dir/data' -U postgres -A trust --no-sync -E UTF8" >/dev/null
    fi
    as_pg "'$B/pg_ctl' -D '$dir/data' -l '$dir/pg.log' -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 ${PG_EXTRA_OPTS:-}\" -w start" >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "'$B/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null
    fi
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
