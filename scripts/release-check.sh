#!/usr/bin/env bash
# Before a release (slow, so not in CI): every crate packages and builds from its package,
# the packaged SDK passes its doctests from the package, and, once a previous version is
# published, `cargo semver-checks` finds no breaking change that the version does not say.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "cargo package --workspace (each crate built from its package)"
cargo package --workspace --exclude ometa-codegen --allow-dirty
for crate in target/package/*.crate; do
  printf '%-40s %8s bytes %5s files\n' "$(basename "$crate")" "$(stat -c %s "$crate")" "$(tar tzf "$crate" | wc -l)"
done

step "the packaged SDK's doctests, from the package"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
version=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "openmetadata"))')
for crate in openmetadata openmetadata-types; do
  tar xzf "target/package/$crate-$version.crate" -C "$scratch"
done
cat > "$scratch/Cargo.toml" <<TOML
[workspace]
resolver = "3"
members = ["openmetadata-$version", "openmetadata-types-$version"]

[patch.crates-io]
openmetadata-types = { path = "openmetadata-types-$version" }
TOML
cp Cargo.lock "$scratch/"
(cd "$scratch" && CARGO_TARGET_DIR="$PWD/target" cargo test -p openmetadata --all-features --doc)

step "cargo semver-checks against the last published version"
if ! command -v cargo-semver-checks >/dev/null; then
  echo "cargo-semver-checks is not installed (cargo install cargo-semver-checks --locked); skipped"
elif ! cargo search openmetadata --limit 1 | grep -q '^openmetadata = '; then
  echo "no published version of openmetadata yet; nothing to compare against"
else
  cargo semver-checks check-release -p openmetadata -p openmetadata-types
fi
