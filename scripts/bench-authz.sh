#!/usr/bin/env bash
# What authorization costs: the release `ometa serve` with the real authorizer and with
# `--authorizer noop`, driven by wrk over loopback (concurrency 16, a fixed duration per row),
# for reads (GET a table by name) and writes (PUT a new table), as the admin (the short cut)
# and as callers whose policies are evaluated: a plain user (DataConsumer, through
# Organization) reading, the ingestion bot (IngestionBotRole) writing.
# The two modes run alternately, twice each, to show this machine's noise beside the cost.
# Usage: scripts/bench-authz.sh [seconds per row]; OMETA_BIN=path runs that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
bin=${OMETA_BIN:-target/release/ometa}
[ -n "${OMETA_BIN:-}" ] || cargo build --release -p ometa >/dev/null
port=18586
api=http://127.0.0.1:$port/api/v1
run() { # authorizer
  local mode=$1 dir; dir=$(mktemp -d)
  "$bin" serve --addr 127.0.0.1:$port --data-dir "$dir" --authorizer "$1" >/dev/null &
  local pid=$!
  until curl -sf $api/system/version >/dev/null; do sleep 0.05; done
  local admin bot user
  admin=$(cat "$dir/tokens/admin.jwt")
  bot=$(cat "$dir/tokens/ingestion-bot.jwt")
  put() { curl -sf -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$api/$1" -d "$2" >/dev/null; }
  put services/databaseServices '{"name":"svc","serviceType":"Mysql"}'
  put databases '{"name":"db","service":"svc"}'
  put databaseSchemas '{"name":"s","database":"svc.db"}'
  put tables '{"name":"orders","databaseSchema":"svc.db.s","columns":[{"name":"id","dataType":"BIGINT"},{"name":"status","dataType":"VARCHAR","dataLength":16}]}'
  put users '{"name":"alice","email":"alice@example.org"}'
  user=$("$bin" token --data-dir "$dir" --user alice)
  row() { # label token wrk-args...
    local label=$1 token=$2; shift 2
    printf '%-8s %-30s ' "$mode" "$label"
    wrk -t2 -c16 -d${secs}s --latency -H "Authorization: Bearer $token" "$@" \
      | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$4}
             END {printf "%10s req/s  p50 %8s  p99 %8s  non-2xx %s\n", rps, p50, p99, bad+0}'
  }
  row "GET table, admin" "$admin" "$api/tables/name/svc.db.s.orders"
  row "GET table, DataConsumer user" "$user" "$api/tables/name/svc.db.s.orders"
  row "PUT new table, admin" "$admin" -s benches-wrk/upsert.lua "$api/tables"
  row "PUT new table, ingestion-bot" "$bot" -s benches-wrk/upsert.lua "$api/tables"
  kill $pid; wait $pid 2>/dev/null || true
  rm -rf "$dir"
}
for round in 1 2; do
  run default
  run noop
done
