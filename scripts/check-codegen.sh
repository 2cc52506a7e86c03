#!/usr/bin/env bash
# Checks that the committed generated code is exactly what scripts/codegen.sh produces:
# dumps the schema again, regenerates into a scratch copy of the crate, and diffs.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
.venv/bin/python codegen/dump_schema.py "$scratch/schema-ir.json" >/dev/null
cmp codegen/schema-ir.json "$scratch/schema-ir.json"
cp -r crates/openmetadata-types "$scratch/types"
cargo codegen "$scratch/schema-ir.json" codegen/entities.txt "$scratch/types/src" >/dev/null
diff -r crates/openmetadata-types "$scratch/types"
echo "generated code is current"
