#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts a throwaway PostgreSQL (unless
# DATABASE_URL is set) inside a private D-Bus session with an unlocked Secret Service
# keyring (scripts/keyring-session.sh), runs every test, and stops what it started.
set -euo pipefail
self=$(realpath "$0")
# Some CI environments run without HOME; cargo and rustup need it.
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
cd "$(dirname "$self")/.."

scripts/install-deps.sh

# The tools the tests use, installed into .tools/ when missing.
install_tools() {
  # Tools whose own speed the tests do not feel (the dependency policy's check, the WebDriver
  # relay) are built without optimisation: cargo-deny installs in 47 s instead of 2 min.
  quick_install() {
    CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
  }
  # The S3-compatible server the document tests run against: it checks request signatures
  # and presigned-URL expiry like S3 (0.14.1 is the last release that builds with Rust 1.95).
  # Only its hashing is optimised: the document tests take as long as with a release build,
  # which takes twice as long to install.
  if [ ! -x .tools/bin/s3s-fs ]; then
    hashing=()
    for crate in sha2 md-5 crc32c crc32fast hmac; do
      hashing+=(--config "profile.release.package.$crate.opt-level=3")
    done
    quick_install s3s-fs@0.14.1 --features binary --locked --root .tools "${hashing[@]}"
  fi
  # Schemathesis checks every answer of the API against its OpenAPI document.
  if [ ! -x .tools/schemathesis/bin/schemathesis ]; then
    python3 -m venv .tools/schemathesis
    .tools/schemathesis/bin/pip install --quiet schemathesis==4.32.5
  fi
  # The dependency policy (deny.toml: licences, bans, sources).
  if [ ! -x .tools/bin/cargo-deny ]; then
    quick_install cargo-deny@0.20.2 --locked --root .tools
  fi
  # The Debian package's builder (scripts/package.sh).
  if [ ! -x .tools/bin/cargo-deb ]; then
    quick_install cargo-deb@3.8.0 --locked --root .tools
  fi
  # The WebDriver server that drives the real window in the end-to-end test.
  if [ ! -x .tools/bin/tauri-driver ]; then
    quick_install tauri-driver@2.1.0 --locked --root .tools
  fi
}

if [ -z "${BEDSIDE_IN_SESSION:-}" ]; then
  # A private session bus, a throwaway HOME and an unlocked keyring for the tests.
  exec env BEDSIDE_IN_SESSION=1 scripts/keyring-session.sh bedside-test "$self" "$@"
fi
scripts/keyring-session.sh --check

started_pg=""
cleanup() {
  [ -n "$started_pg" ] && scripts/postgres.sh stop "$started_pg" || true
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  # Reached through its Unix socket in its own folder: no TCP port to pick and release.
  started_pg=$(mktemp -d)
  DATABASE_URL=$(PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off" \
    scripts/postgres.sh start "$started_pg")
  export DATABASE_URL
fi

start=$(date +%s)
# The tools build beside the code (they are needed only when the tests run), yielding the
# processor to it: each fills the cores the other leaves idle while it links.
tools_log=$(mktemp)
(renice -n 19 -p "$BASHPID" >/dev/null; install_tools) >"$tools_log" 2>&1 &
tools=$!
# The code as the team checks it: formatting first (quick); the lints inside the build.
cargo fmt --all -- --check
# The window's front end: the build the app embeds first, then its component tests beside
# the Rust build (which leaves a core idle while it links and while one crate compiles
# alone). The Rust build yields the processor to them.
scripts/ui.sh
ui_log=$(mktemp)
(cd ui && npm test) >"$ui_log" 2>&1 &
ui_tests=$!
# The independent FHIR R4 validator the tests hand Bedside's FHIR output to: its packages
# download beside the build.
fhir_log=$(mktemp)
(
  if [ ! -d tests/fhir/node_modules ] || [ tests/fhir/package-lock.json -nt tests/fhir/node_modules/.package-lock.json ]; then
    cd tests/fhir && npm ci --no-audit --no-fund
  fi
) >"$fhir_log" 2>&1 &
fhir=$!
# The lints run inside the build: clippy's driver compiles the workspace's own crates (rustc
# compiles the dependencies as usual), so the code is linted without checking every
# dependency a second time. `CLIPPY_ARGS` is how `cargo clippy` hands its driver the lint
# levels; the workspace's own levels are in Cargo.toml's [workspace.lints].
RUSTC_WORKSPACE_WRAPPER=$(command -v clippy-driver) ||
  { echo "clippy is required: see rust-toolchain.toml" >&2; exit 1; }
CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
export RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
# Some tests run the built commands themselves (e.g. `bedside-server audit verify`).
# Every target of every crate, the bench's included, is built in one go so that the build
# and the test run share one feature resolution (the tests' dev-dependencies widen
# features of common crates; resolved apart, some 150 crates compile twice).
nice -n 10 cargo build --workspace --all-targets --locked
if ! wait "$tools"; then
  cat "$tools_log"
  echo "the test tools did not install" >&2
  exit 1
fi
if ! wait "$fhir"; then
  cat "$fhir_log"
  echo "the FHIR validator's packages did not install" >&2
  exit 1
fi
# The dependency policy (deny.toml: licences, bans, sources).
.tools/bin/cargo-deny check bans licenses sources
# Most tests wait on PostgreSQL, the servers they start and their network stand-ins:
# four at a time keep two cores busy (the suite takes 75 s instead of 100).
export RUST_TEST_THREADS="${RUST_TEST_THREADS:-4}"
# Every Rust test but the real window's run while the front end's tests may still be
# running (a warm re-run's build ends well before them); the window's tests (`e2e::` of
# the shell's binary: they drive WebKitGTK and wait on it) run after, with the processor
# to themselves. Both runs select the whole workspace, so they share the build's one
# feature resolution and compile nothing.
# (Arguments given to this script select tests themselves: then one run after the front
# end's.)
ui_tests_passed() {
  if ! wait "$ui_tests"; then
    cat "$ui_log"
    echo "the window's component tests failed" >&2
    exit 1
  fi
  tail -n 6 "$ui_log"
}
if [ $# -eq 0 ]; then
  cargo test --workspace --locked -- --skip e2e::
  ui_tests_passed
  cargo test --workspace --locked --test shell -- e2e::
  # The server's Debian package, built in release as operators get it, installed into a
  # root of its own and started (scripts/package-check.sh).
  scripts/package-check.sh "$(nice -n 10 scripts/package.sh)"
else
  ui_tests_passed
  cargo test --workspace --locked "$@"
fi
# Every marker value the tests put in names, notes, files and NUL-laden input starts with
# "Xqz": none may reach PostgreSQL's log (statements that fail are logged without their
# text or values, and bad text is refused before any statement).
if [ -n "$started_pg" ]; then
  if grep -n "Xqz" "$started_pg/pg.log"; then
    echo "patient marker values reached PostgreSQL's log ($started_pg/pg.log)" >&2
    exit 1
  fi
  echo "PostgreSQL's log holds no patient marker value"
else
  echo "DATABASE_URL was given: PostgreSQL's log is not this script's to check"
fi
echo "test suite took $(( $(date +%s) - start ))s"
