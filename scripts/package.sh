#!/usr/bin/env bash
# The server's Debian package: builds it in release with cargo-deb (from the metadata in
# sync-server/Cargo.toml and the files in deploy/debian/) into target/debian/, and prints
# its path. Install it with `apt install ./target/debian/bedside-server_*.deb`, then follow
# docs/OPERATIONS.md, "Installing the server".
set -euo pipefail
cd "$(dirname "$(realpath "$0")")/.."
if [ ! -x .tools/bin/cargo-deb ]; then
  cargo install cargo-deb@3.8.0 --locked --root .tools >&2
fi
.tools/bin/cargo-deb -p bedside-server --locked \
  --output "${CARGO_TARGET_DIR:-target}/debian/" | tail -n 1
