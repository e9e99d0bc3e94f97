#!/usr/bin/env bash
# Install the system packages Bedside builds and tests with (Debian/Ubuntu).
# Skips the package manager when everything is already present.
set -euo pipefail

packages=(
  build-essential pkg-config libssl-dev libdbus-1-dev curl openssl
  postgresql pgbackrest haproxy rsync
  libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev webkit2gtk-driver xvfb
  gnome-keyring dbus-x11 keyutils libsecret-tools x11-utils imagemagick
  python3-venv poppler-utils
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# A server package may start a system cluster; Bedside never uses it.
command -v cargo >/dev/null || { echo "Rust (cargo) is required: see rust-toolchain.toml" >&2; exit 1; }
