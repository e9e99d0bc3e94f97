#!/usr/bin/env bash
# Start or stop a private PostgreSQL cluster in a folder of the project.
#   scripts/postgres.sh start DIR PORT   -> prints the DATABASE_URL (TCP on 127.0.0.1:PORT)
#   scripts/postgres.sh start DIR        -> prints the DATABASE_URL (its Unix socket in DIR
#                                           only: no port to pick, none another program
#                                           can take first)
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
    port=${3:-}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "'$B/initdb' -D '$dir/data' -U postgres -A trust --no-sync -E UTF8" >/dev/null
    fi
    if [ -n "$port" ]; then
      listen="-p $port -c listen_addresses=127.0.0.1"
      url="postgresql://postgres@127.0.0.1:$port/postgres"
    else
      listen="-c listen_addresses=''"
      url="postgresql://postgres@localhost/postgres?host=$dir"
    fi
    as_pg "'$B/pg_ctl' -D '$dir/data' -l '$dir/pg.log' -o \"$listen -k $dir -c max_connections=300 ${PG_EXTRA_OPTS:-}\" -w start" >/dev/null
    echo "$url"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "'$B/pg_ctl' -D '$dir/data' -m fast -w stop" >/dev/null
    fi
    ;;
  *) echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2 ;;
esac
