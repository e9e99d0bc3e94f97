#!/usr/bin/env bash
# Bring Bedside up: PostgreSQL (a private cluster in .bedside/ unless DATABASE_URL is
# set), the sync server with a seeded demo ward, and instructions for a workstation.
# Ctrl-C stops everything this script started.
set -euo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/.."
root=$(pwd)

listen=${BEDSIDE_LISTEN:-127.0.0.1:8080}
pg_dir="$root/.bedside/postgres"
started_pg=""
server_pid=""

stop_all() {
  trap - INT TERM EXIT
  if [ -n "${window_pid:-}" ]; then
    kill -TERM "$window_pid" 2>/dev/null || true
  fi
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$started_pg" ]; then
    scripts/postgres.sh stop "$pg_dir"
    echo "PostgreSQL stopped."
  fi
}
trap stop_all INT TERM EXIT

scripts/ui.sh
cargo build --locked -p bedside-server -p bedside-client -p bedside-desktop --bins

if [ -z "${DATABASE_URL:-}" ]; then
  port=${BEDSIDE_PG_PORT:-55433}
  admin=$(scripts/postgres.sh start "$pg_dir" "$port")
  started_pg=1
  psql -q "$admin" -tc "SELECT 1 FROM pg_database WHERE datname = 'bedside'" | grep -q 1 \
    || psql -q "$admin" -c "CREATE DATABASE bedside"
  export DATABASE_URL="${admin%/postgres}/bedside"
  echo "PostgreSQL running from $pg_dir (port $port)."
fi

BEDSIDE_LISTEN="$listen" target/debug/bedside-server serve --seed-demo &
server_pid=$!

for _ in $(seq 1 100); do
  curl -fsS "http://$listen/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the server did not start; see its log above" >&2; exit 1; }
  sleep 0.2
done

code=$(target/debug/bedside-server admin enrollment-code --ward DEMO-1 --profile ward_workstation --valid-hours 24 | cut -f1)

# The window: a workstation in .bedside/window, enrolled on first start with a code
# deployed beside its data (as IT would; once enrolled, it deletes the file unused).
window_home="$root/.bedside/window"
window_pid=""
mkdir -p "$window_home"
if [ ! -f "$window_home/enrollment.toml" ]; then
  window_code=$(target/debug/bedside-server admin enrollment-code --ward DEMO-1 --profile ward_workstation --valid-hours 24 | cut -f1)
  printf 'server = "http://%s"\ncode = "%s"\n' "$listen" "$window_code" > "$window_home/enrollment.toml"
fi
if [ -n "${DISPLAY:-}" ]; then
  BEDSIDE_HOME="$window_home" target/debug/bedside-desktop &
  window_pid=$!
  window_note="The window is open (data in .bedside/window): log in as demo.doctor / bedside-demo."
else
  window_note="No display: open the window with  DISPLAY=:0 BEDSIDE_HOME=$window_home target/debug/bedside-desktop"
fi

cat <<MSG

Bedside sync server: http://$listen   (demo ward DEMO-1 seeded)
Demo accounts: demo.doctor, demo.nurse, demo.clerk   password: bedside-demo

Set up a workstation (each --data-dir is one workstation; its database key goes into
your OS keyring). The enrollment code below works once, for 24 hours:
  target/debug/bedside --data-dir /tmp/ward-a enroll --server http://$listen --code $code
  BEDSIDE_PASSWORD=bedside-demo target/debug/bedside --data-dir /tmp/ward-a login --server http://$listen --user demo.doctor
  target/debug/bedside --data-dir /tmp/ward-a sync --server http://$listen
  target/debug/bedside --data-dir /tmp/ward-a patient list
  target/debug/bedside --data-dir /tmp/ward-a patient search okafor
More codes: target/debug/bedside-server admin enrollment-code --ward DEMO-1 --profile ward_workstation
$window_note

Ctrl-C stops the server$( [ -n "$started_pg" ] && echo " and PostgreSQL").
MSG
wait "$server_pid"
