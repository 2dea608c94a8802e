#!/usr/bin/env bash
# wrk on "Export Contacts Status" (GET /v3/marketing/contacts/exports/{id}, with a valid key) next to
# the same run on /healthz. Usage: bench/status-bench.sh [sqlite|postgresql]
set -euo pipefail
backend="${1:-sqlite}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t contactd-wrk-XXXXXX)"
port="${BENCH_PORT:-18091}"
key="SG.benchbenchbenchbenchbe.$(printf 'k%.0s' {1..43})"
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
args=(--data-dir "$work" --port "$port" --rate-limit off)
db=""
if [ "$backend" = postgresql ]; then
  db="contactd_wrk_$$"
  psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
  args+=(--db "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres")
fi
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; [ -n "$db" ] && psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT
CONTACTD_API_KEY="$key" "$root/contactd" serve "${args[@]}" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
id=$(curl -sf -H "Authorization: Bearer $key" -X POST "http://127.0.0.1:$port/v3/marketing/contacts/exports" | sed 's/.*"id":"\([^"]*\)".*/\1/')
sleep 2
echo "== GET /v3/marketing/contacts/exports/{id} ($backend)"
wrk -t2 -c64 -d20s --latency -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v3/marketing/contacts/exports/$id" | grep -E "Requests/sec|99%|Non-2xx|Socket errors"
echo "== GET /healthz"
wrk -t2 -c64 -d20s --latency "http://127.0.0.1:$port/healthz" | grep -E "Requests/sec|99%|Non-2xx|Socket errors"
