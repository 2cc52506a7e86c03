#!/usr/bin/env bash
# `ometa import` of generated tables (default 10,000, one NDJSON file) into a release
# `ometa serve` on a fresh data directory, over loopback; prints the import's own summary
# (count, seconds, per second). Usage: scripts/bench-import.sh [tables] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
concurrency=${2:-16}
cargo build --release -p ometa
bin=target/release/ometa
dir=$(mktemp -d)
port=18586
"$bin" serve --addr 127.0.0.1:$port --data-dir "$dir/data" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
until curl -sf http://127.0.0.1:$port/api/v1/system/version >/dev/null; do sleep 0.05; done
export OPENMETADATA_HOST=http://127.0.0.1:$port/api
OPENMETADATA_JWT_TOKEN=$(cat "$dir/data/tokens/admin.jwt")
export OPENMETADATA_JWT_TOKEN OMETA_CONFIG="$dir/none.yaml"
echo '{"name": "svc", "serviceType": "Mysql"}' | "$bin" put databaseService - -o json >/dev/null
echo '{"name": "db", "service": "svc"}' | "$bin" put database - -o json >/dev/null
echo '{"name": "s", "database": "svc.db"}' | "$bin" put databaseSchema - -o json >/dev/null
python3 - "$n" > "$dir/tables.ndjson" <<'PY'
import json, sys
columns = [{"name": "id", "dataType": "BIGINT"}, {"name": "status", "dataType": "VARCHAR", "dataLength": 16},
           {"name": "amount", "dataType": "DECIMAL"}, {"name": "placed_at", "dataType": "TIMESTAMP"}]
for i in range(int(sys.argv[1])):
    print(json.dumps({"name": f"orders_{i:05}", "databaseSchema": "svc.db.s",
                      "description": f"Orders of region {i % 10}, week {i % 52}.", "columns": columns}))
PY
"$bin" import table "$dir/tables.ndjson" --concurrency "$concurrency"
echo "re-run (every table exists; updates with no change):"
"$bin" import table "$dir/tables.ndjson" --concurrency "$concurrency"
