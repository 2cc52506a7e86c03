#!/usr/bin/env bash
# Server-only throughput of `ometa serve` (release) with wrk as the load generator: wrk is a
# small C program, so unlike the Rust load driver (crates/ometa/benches/server_load.rs) it leaves
# most of the 2 cores to the server. Loopback only, bounded by duration (10 s per run).
# Usage: scripts/bench-wrk.sh [seconds] [durability: process-crash (default) | power-loss]
# OMETA_BIN=path runs that binary instead of building this tree (to compare two builds in one run).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
durability=${2:-process-crash}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
bin=${OMETA_BIN:-target/release/ometa}
[ -n "${OMETA_BIN:-}" ] || cargo build --release -p ometa >/dev/null
dir=$(mktemp -d)
port=18585
"$bin" serve --addr 127.0.0.1:$port --data-dir "$dir" --durability "$durability" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
until curl -sf http://127.0.0.1:$port/api/v1/system/version >/dev/null; do sleep 0.05; done
token=$(cat "$dir/tokens/admin.jwt")
api=http://127.0.0.1:$port/api/v1
put() { curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$api/$1" -d "$2" >/dev/null; }
put services/databaseServices '{"name":"svc","serviceType":"Mysql"}'
put databases '{"name":"db","service":"svc"}'
put databaseSchemas '{"name":"s","database":"svc.db"}'
put tables '{"name":"orders","databaseSchema":"svc.db.s","columns":[{"name":"id","dataType":"BIGINT"},{"name":"status","dataType":"VARCHAR","dataLength":16},{"name":"amount","dataType":"DECIMAL"}]}'
for c in 1 16 64; do
  echo "== GET table by name, concurrency $c"
  wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d${secs}s --latency -H "Authorization: Bearer $token" "$api/tables/name/svc.db.s.orders" | grep -E "Requests/sec|50%|99%"
done
for c in 1 16 64; do
  echo "== PUT new table (upsert create), concurrency $c"
  wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d${secs}s --latency -H "Authorization: Bearer $token" -s benches-wrk/upsert.lua "$api/tables" | grep -E "Requests/sec|50%|99%|Non-2xx"
done
table_id=$(curl -sf -H "Authorization: Bearer $token" "$api/tables/name/svc.db.s.orders" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for c in 1 16; do
  echo "== PATCH one table's description, concurrency $c"
  TABLE_ID=$table_id wrk -t$(( c < 2 ? 1 : 2 )) -c$c -d${secs}s --latency -H "Authorization: Bearer $token" -s benches-wrk/patch.lua "http://127.0.0.1:$port" | grep -E "Requests/sec|50%|99%|Non-2xx"
done
