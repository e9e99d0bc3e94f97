# Bedside: `make run` brings the whole system up; `make test` runs every test;
# `make bench` measures and writes docs/PERFORMANCE.md; `make deb` builds the server's
# Debian package.
.PHONY: run test bench deb check fmt deps desktop

run: deps
	scripts/run.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

deb:
	scripts/package.sh

check:
	scripts/ui.sh
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	test -x .tools/bin/cargo-deny || cargo install cargo-deny@0.20.2 --locked --root .tools
	.tools/bin/cargo-deny check bans licenses sources

fmt:
	cargo fmt --all

deps:
	scripts/install-deps.sh

desktop: deps
	scripts/ui.sh
	cargo run -p bedside-desktop
