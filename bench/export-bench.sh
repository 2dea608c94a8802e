#!/usr/bin/env bash
# Export benchmark: N contacts written straight into the database, then
#   1. contactd: POST /v3/marketing/contacts/exports (CSV) until status=ready  → seconds, contacts/s
#   2. the database's own CSV dump of the same rows piped to gzip -1           → seconds
#   3. peak RSS of the contactd process (run with -Xmx256m unless CONTACTD_JAVA_OPTS says otherwise)
# Usage: bench/export-bench.sh sqlite|postgresql [N=1000000]
# PostgreSQL: needs psql and a server at $BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
backend="${1:-sqlite}"
count="${2:-1000000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t contactd-bench-XXXXXX)"
port="${BENCH_PORT:-18089}"
key="SG.benchbenchbenchbenchbe.$(printf 'k%.0s' {1..43})"
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
export CONTACTD_JAVA_OPTS="${CONTACTD_JAVA_OPTS:--Xmx256m}"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; [ "$backend" = postgresql ] && psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

ms() { date +%s%3N; }
columns="email, first_name, last_name, address_line_1, address_line_2, city, state_province_region, postal_code, country, alternate_emails, phone_number, whatsapp, line, facebook, unique_name, phone_number_id, external_id, anonymous_id, created_at, updated_at, id"

args=(--data-dir "$work" --port "$port" --rate-limit off)
if [ "$backend" = postgresql ]; then
  db="contactd_bench_$$"
  psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
  dburl="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
  args+=(--db "$dburl")
  sql() { psql -q "${pg%/*}/$db" -v ON_ERROR_STOP=1 -c "$1"; }
else
  sql() { sqlite3 "$work/contactd.db" "$1"; }
fi

start_server() {
  CONTACTD_API_KEY="$key" "$root/contactd" serve "${args[@]}" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start"; cat "$work/server.log"; exit 1
}

start_server   # migrates the schema and creates the owner account (id 1)
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

t0=$(ms)
if [ "$backend" = postgresql ]; then
  sql "INSERT INTO contacts (account_id, id, email, first_name, last_name, address_line_1, city, postal_code, country, created_at, updated_at)
       SELECT 1, gen_random_uuid()::text, 'user' || i || '@example.com', 'First' || i, 'Last' || (i % 1000),
              i || ' Main Street', 'City' || (i % 500), lpad((i % 99999)::text, 5, '0'), 'US', 1600000000000 + i, 1600000000000 + i
       FROM generate_series(1, $count) AS i" >/dev/null
  sql "VACUUM ANALYZE contacts" >/dev/null
else
  sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
       INSERT INTO contacts (account_id, id, email, first_name, last_name, address_line_1, city, postal_code, country, created_at, updated_at)
       SELECT 1, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
              'user' || i || '@example.com', 'First' || i, 'Last' || (i % 1000), i || ' Main Street', 'City' || (i % 500),
              substr('0000' || (i % 99999), -5), 'US', 1600000000000 + i, 1600000000000 + i FROM n;"
fi
echo "seeded $count contacts in $(( $(ms) - t0 )) ms ($backend)"

# The database's own CSV dump of the same rows, gzip -1 (best of 2, the first warms the cache).
for run in 1 2; do
  t0=$(ms)
  if [ "$backend" = postgresql ]; then
    psql -q "${pg%/*}/$db" -c "\\copy (SELECT $columns FROM contacts WHERE account_id = 1) to stdout csv header" | gzip -1 >"$work/dump.csv.gz"
  else
    sqlite3 -csv -header "$work/contactd.db" "SELECT $columns FROM contacts WHERE account_id = 1" | gzip -1 >"$work/dump.csv.gz"
  fi
  dump_ms=$(( $(ms) - t0 ))
done
echo "database dump | gzip -1: ${dump_ms} ms, $(stat -c %s "$work/dump.csv.gz") bytes"

start_server
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
for run in 1 2; do
  t0=$(ms)
  id=$(curl -sf "${auth[@]}" -X POST "http://127.0.0.1:$port/v3/marketing/contacts/exports" -d '{"file_type":"csv"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
  while :; do
    status=$(curl -sf "${auth[@]}" "http://127.0.0.1:$port/v3/marketing/contacts/exports/$id")
    case "$status" in *'"status":"pending"'*) sleep 0.02 ;; *) break ;; esac
  done
  export_ms=$(( $(ms) - t0 ))
  echo "$status" | grep -q '"status":"ready"' || { echo "export failed: $status"; exit 1; }
done
bytes=$(find "$work/files" -name '*.gzip' -newer "$work/dump.csv.gz" -printf '%s\n' | awk '{s+=$1} END {print s}')
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "contactd export (CSV, POST→ready, second run): ${export_ms} ms, $(( count * 1000 / (export_ms > 0 ? export_ms : 1) )) contacts/s, $(echo "$status" | grep -o '"contact_count":[0-9]*')"
echo "contactd peak RSS: $(( rss_kb / 1024 )) MB with $CONTACTD_JAVA_OPTS; export files: $bytes bytes (both runs)"
echo "ratio contactd/dump: $(awk -v a="$export_ms" -v b="$dump_ms" 'BEGIN {printf "%.2f", a / b}')"
