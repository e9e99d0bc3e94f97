#!/usr/bin/env bash
# Runs a command inside a private D-Bus session, with a throwaway HOME, whose Secret
# Service keyring (gnome-keyring) is unlocked with PASSWORD, keeping the developer's own
# keyring untouched. D-Bus starts the keyring on first use, unlocked, from a service file
# in the throwaway HOME; should the keyring's daemon ever exit, D-Bus starts it again the
# same way, and the keys it had stored are on disk: no request ever waits on a password
# prompt that no one can answer.
#
#   scripts/keyring-session.sh PASSWORD COMMAND [ARGS...]
#
# Inside, `scripts/keyring-session.sh --check` stores and reads back a value, and fails
# (within 20 s) unless the keyring answers unlocked.
set -euo pipefail

if [ "${1:-}" = "--check" ]; then
  probe=(bedside-keyring-check "$$")
  printf ok | timeout 20 secret-tool store --label="Bedside keyring check" "${probe[@]}"
  answer=$(timeout 20 secret-tool lookup "${probe[@]}")
  timeout 20 secret-tool clear "${probe[@]}"
  if [ "$answer" != ok ]; then
    echo "the Secret Service keyring did not answer unlocked" >&2
    exit 1
  fi
  exit 0
fi

password=$1
shift
case "$password" in
  *[!A-Za-z0-9-]*) echo "keyring-session.sh: the password may hold letters, digits and -" >&2; exit 2 ;;
esac
daemon=$(command -v gnome-keyring-daemon) ||
  { echo "gnome-keyring is required (scripts/install-deps.sh installs it)" >&2; exit 1; }
home=$(mktemp -d)
services="$home/.local/share/dbus-1/services"
mkdir -p "$services"
cat >"$services/org.freedesktop.secrets.service" <<EOF
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh -c "printf %s $password | exec $daemon --unlock --foreground --components=secrets"
EOF
# cargo and rustup keep using the developer's folders.
exec env XDG_DATA_HOME="$home/.local/share" \
  CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
  HOME="$home" dbus-run-session -- "$@"
