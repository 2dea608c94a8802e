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

dump() {
  if [ "$backend" = postgresql ]; then
    psql -q "${pg%/*}/$db" -c "\\copy (SELECT $columns FROM contacts WHERE account_id = 1) to stdout csv header" | gzip -1 >"$work/dump.csv.gz"
  else
    sqlite3 -csv -header "$work/contactd.db" "SELECT $columns FROM contacts WHERE account_id = 1" | gzip -1 >"$work/dump.csv.gz"
  fi
}

start_server
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
export_once() {
  local id status
  id=$(curl -sf "${auth[@]}" -X POST "http://127.0.0.1:$port/v3/marketing/contacts/exports" -d '{"file_type":"csv"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
  while :; do
    status=$(curl -sf "${auth[@]}" "http://127.0.0.1:$port/v3/marketing/contacts/exports/$id")
    case "$status" in *'"status":"pending"'*) sleep 0.02 ;; *) break ;; esac
  done
  echo "$status" | grep -q '"status":"ready"' || { echo "export failed: $status" >&2; exit 1; }
  last_status="$status"
}

# Alternate the two, best of $runs each: the machine is shared, so single runs are noisy.
runs="${BENCH_RUNS:-3}"
best_dump=999999999; best_export=999999999
for run in $(seq 1 "$runs"); do
  t0=$(ms); dump; d=$(( $(ms) - t0 ))
  t0=$(ms); export_once; e=$(( $(ms) - t0 ))
  echo "run $run: dump|gzip -1 ${d} ms, contactd export ${e} ms (load $(cut -d' ' -f1 /proc/loadavg))"
  [ "$d" -lt "$best_dump" ] && best_dump=$d
  [ "$e" -lt "$best_export" ] && best_export=$e
done
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "database dump | gzip -1 (best of $runs): ${best_dump} ms, $(stat -c %s "$work/dump.csv.gz") bytes"
echo "contactd export, CSV, POST→ready (best of $runs): ${best_export} ms, $(( count * 1000 / (best_export > 0 ? best_export : 1) )) contacts/s, $(echo "$last_status" | grep -o '"contact_count":[0-9]*')"
echo "contactd export file: $(find "$work/files" -name '*.gzip' -printf '%s\n' | tail -1) bytes"
echo "contactd peak RSS (VmHWM): $(( rss_kb / 1024 )) MB with $CONTACTD_JAVA_OPTS"
echo "ratio contactd/dump: $(awk -v a="$best_export" -v b="$best_dump" 'BEGIN {printf "%.2f", a / b}')"
