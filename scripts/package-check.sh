#!/usr/bin/env bash
# Checks the server's Debian package as an operator would meet it (make test runs this):
#  - its control fields, its files, and its configuration file kept as a conffile;
#  - its systemd unit's hardening: `systemd-analyze security --offline` no worse than 1.1
#    (what is left is a network service's: sockets, the network, no IP allow list);
#  - installed with dpkg into a root of its own (its maintainer scripts run: the system
#    user is created there, the credentials folder made), its installed binary started
#    as the unit starts it (the configuration file it ships, the database URL and the TLS
#    key as credential files) answers GET /readyz over HTTPS with 200.
# Usage: scripts/package-check.sh PACKAGE.deb   (DATABASE_URL: a server to create a
# database on, as make test gives.)
set -euo pipefail
deb=$(realpath "$1")
: "${DATABASE_URL:?a PostgreSQL server to create the check database on}"
work=$(mktemp -d)
server=""
database="bedside_package_$$"
admin="$DATABASE_URL"
finish() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  psql "$admin" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap finish EXIT
fail() { echo "package check: $*" >&2; exit 1; }

[ "$(dpkg-deb -f "$deb" Package)" = bedside-server ] || fail "the package is not bedside-server"
dpkg-deb -f "$deb" Depends | grep -q systemd || fail "the package does not depend on systemd"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/bedside-server ./usr/lib/systemd/system/bedside-server.service \
  ./usr/lib/sysusers.d/bedside-server.conf ./etc/bedside/bedside.toml \
  ./usr/share/doc/bedside-server/OPERATIONS.md \
  ./usr/share/doc/bedside-server/pgbackrest/pgbackrest.conf \
  ./usr/sbin/bedside-blobs-backup ./usr/lib/systemd/system/bedside-blobs-backup.timer; do
  grep -qxF "$path" <<<"$contents" || fail "the package lacks $path"
done
dpkg-deb -e "$deb" "$work/control"
grep -qxF /etc/bedside/bedside.toml "$work/control/conffiles" ||
  fail "the configuration file is not a conffile (an upgrade would overwrite it)"

dpkg-deb -x "$deb" "$work/contents"
unit="$work/contents/usr/lib/systemd/system/bedside-server.service"
systemd-analyze security --offline=yes --threshold=11 "$unit" |
  tail -n 1 || fail "the unit's exposure is over 1.1"
for setting in NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes User=bedside \
  StateDirectory=bedside ConfigurationDirectory=bedside \
  LoadCredential=database-url: LoadCredential=tls.key:; do
  grep -q "^$setting" "$unit" || fail "the unit lacks $setting"
done

# Installed into a root of its own, its maintainer scripts run as dpkg runs them.
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
touch "$root/var/lib/dpkg/status"
cp /etc/passwd /etc/group "$root/etc/"
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null \
  -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg could not install it"; }
grep -q '^bedside:' "$root/etc/passwd" || fail "installing it made no bedside user"
[ "$(stat -c %a "$root/etc/bedside/credentials")" = 700 ] ||
  fail "the credentials folder is not the owner's alone"

# Started as the unit starts it: credentials as files, read through the *_FILE names.
credentials="$work/credentials"
mkdir -m 700 "$credentials"
psql "$admin" -qc "CREATE DATABASE $database" >/dev/null
# The admin URL naming the check's database instead (its query, a socket folder, kept).
python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
  "$admin" "$database" >"$credentials/database-url"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$credentials/tls.key" -out "$work/fullchain.pem" 2>/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(
  cd "$work"
  exec env -u DATABASE_URL \
    DATABASE_URL_FILE="$credentials/database-url" \
    BEDSIDE_TLS_KEY="$credentials/tls.key" \
    BEDSIDE_TLS_CERT="$work/fullchain.pem" \
    BEDSIDE_LISTEN="127.0.0.1:$port" \
    BEDSIDE_METRICS_LISTEN=off \
    BEDSIDE_BLOB_DIR="$work/blobs" \
    BEDSIDE_LOG=warn \
    "$root/usr/bin/bedside-server" --config "$root/etc/bedside/bedside.toml" serve
) >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/readyz")" = 200 ]; then
    echo "package check: $(basename "$deb") installs, its unit is hardened, and its server answers /readyz"
    exit 0
  fi
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; fail "the installed server exited"; }
  sleep 0.2
done
cat "$work/server.log"
fail "the installed server did not answer /readyz"
