#!/usr/bin/env bash
# The performance figures: builds in release, installs the reference Automerge stack's
# Node packages, starts a throwaway PostgreSQL inside a private D-Bus session with an
# unlocked Secret Service keyring (workstations keep their keys there), runs
# `bedside-bench run` and writes docs/PERFORMANCE.md. Extra arguments go to
# `bedside-bench run` (see `--help`), e.g. `--patients 50 --load 100`.
set -euo pipefail
self=$(realpath "$0")
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
cd "$(dirname "$self")/.."

if [ -z "${BEDSIDE_IN_SESSION:-}" ]; then
  scripts/install-deps.sh
  (cd bench/reference && npm ci --no-audit --no-fund --loglevel=error)
  cargo build --release --locked -p bedside-server -p bedside-bench
  # The bench's own arithmetic (percentiles) is checked before its figures are written.
  cargo test --release --locked -p bedside-bench --lib
  exec env BEDSIDE_IN_SESSION=1 scripts/keyring-session.sh bedside-bench "$self" "$@"
fi
scripts/keyring-session.sh --check

pg=$(mktemp -d)
trap 'scripts/postgres.sh stop "$pg" || true' EXIT
DATABASE_URL=$(scripts/postgres.sh start "$pg")
export DATABASE_URL
# Many simulated workstations at once: more open files than the default allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

"${CARGO_TARGET_DIR:-target}/release/bedside-bench" run "$@"
