#!/usr/bin/env bash
# The window's front end (ui/): install its packages from the lockfile when they changed,
# build it into ui/dist (which the desktop app embeds), and with `test` run its component
# tests (Vitest).
set -euo pipefail
cd "$(dirname "$0")/../ui"
command -v npm >/dev/null || { echo "Node.js and npm are required to build the window" >&2; exit 1; }
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
if [ "${1:-}" = test ]; then
  npm test
fi
