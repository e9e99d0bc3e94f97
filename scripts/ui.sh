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
# The build is skipped when nothing it reads has changed since the last one: a rewritten
# ui/dist makes the desktop app, which embeds it, compile again.
sources=$(find . \( -path ./node_modules -o -path ./dist \) -prune -o -type f -print0 |
  LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
built=node_modules/.bedside-built-from
if [ ! -f dist/index.html ] || [ "$(cat "$built" 2>/dev/null)" != "$sources" ]; then
  npm run build
  echo "$sources" >"$built"
else
  echo "the window's front end is up to date (ui/dist)"
fi
if [ "${1:-}" = test ]; then
  npm test
fi
