#!/usr/bin/env bash
# Regenerates crate openmetadata-types from the official schema: dumps the pinned
# openmetadata-ingestion package's models to codegen/schema-ir.json, then writes the Rust code.
# Running it twice gives no diff.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/python-env.sh
.venv/bin/python codegen/dump_schema.py codegen/schema-ir.json
cargo codegen codegen/schema-ir.json codegen/entities.txt crates/openmetadata-types/src
