#!/usr/bin/env bash
# First export after start (cold JIT) vs the same export warm, with one custom field:
#   N contacts written straight into the database, each with a Text custom field, then per round:
#   start contactd, export once (cold), export BENCH_WARM more times (warm, best kept), stop;
#   and the database's own CSV dump of the same rows piped to gzip -1 as the anchor.
# Prints cold, warm and dump times, contacts/s and the ratios cold/warm and warm/dump, and the
# server's CPU time per export (user+system of the whole process, JIT threads included), which a
# busy machine disturbs far less than wall time.
# Usage: bench/export-cold.sh sqlite|postgresql [N=300000]
# PostgreSQL: needs psql and a server at $BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
backend="${1:-sqlite}"
count="${2:-300000}"
rounds="${BENCH_ROUNDS:-3}"
warm_runs="${BENCH_WARM:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t contactd-cold-XXXXXX)"
port="${BENCH_PORT:-18091}"
key="SG.benchbenchbenchbenchbe.$(printf 'k%.0s' {1..43})"
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
export CONTACTD_JAVA_OPTS="${CONTACTD_JAVA_OPTS:--Xmx256m}"
pid=""
db=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; [ -n "$db" ] && psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

ms() { date +%s%3N; }
columns="email, first_name, last_name, address_line_1, address_line_2, city, state_province_region, postal_code, country, alternate_emails, phone_number, whatsapp, line, facebook, unique_name, phone_number_id, external_id, anonymous_id, custom_fields, created_at, updated_at, id"

args=(--data-dir "$work" --port "$port" --rate-limit off)
if [ "$backend" = postgresql ]; then
  db="contactd_cold_$$"
  psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
  args+=(--db "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres")
  sql() { psql -q "${pg%/*}/$db" -v ON_ERROR_STOP=1 -c "$1"; }
else
  sql() { sqlite3 "$work/contactd.db" "$1"; }
fi

start_server() {
  CONTACTD_API_KEY="$key" "$root/contactd" serve "${args[@]}" >>"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.05; done
  echo "server did not start"; cat "$work/server.log"; exit 1
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

start_server   # migrates the schema and creates the owner account (id 1)
stop_server

sql "INSERT INTO field_definitions (account_id, id, name, name_key, field_type, created_at) VALUES (1, 'e1_T', 'plan', 'plan', 'Text', 1)" >/dev/null
t0=$(ms)
if [ "$backend" = postgresql ]; then
  sql "INSERT INTO contacts (account_id, id, email, first_name, last_name, address_line_1, city, postal_code, country, custom_fields, created_at, updated_at)
       SELECT 1, gen_random_uuid()::text, 'user' || i || '@example.com', 'First' || i, 'Last' || (i % 1000),
              i || ' Main Street', 'City' || (i % 500), lpad((i % 99999)::text, 5, '0'), 'US',
              '{\"e1_T\":\"plan ' || (i % 7) || '\"}', 1600000000000 + i, 1600000000000 + i
       FROM generate_series(1, $count) AS i" >/dev/null
  sql "VACUUM ANALYZE contacts" >/dev/null
else
  sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
       INSERT INTO contacts (account_id, id, email, first_name, last_name, address_line_1, city, postal_code, country, custom_fields, created_at, updated_at)
       SELECT 1, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
              'user' || i || '@example.com', 'First' || i, 'Last' || (i % 1000), i || ' Main Street', 'City' || (i % 500),
              substr('0000' || (i % 99999), -5), 'US', '{\"e1_T\":\"plan ' || (i % 7) || '\"}', 1600000000000 + i, 1600000000000 + i FROM n;"
fi
echo "seeded $count contacts with one custom field in $(( $(ms) - t0 )) ms ($backend)"

dump() {
  if [ "$backend" = postgresql ]; then
    psql -q "${pg%/*}/$db" -c "\\copy (SELECT $columns FROM contacts WHERE account_id = 1) to stdout csv header" | gzip -1 >"$work/dump.csv.gz"
  else
    sqlite3 -csv -header "$work/contactd.db" "SELECT $columns FROM contacts WHERE account_id = 1" | gzip -1 >"$work/dump.csv.gz"
  fi
}

cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$pid/stat"; }   # clock ticks of 10 ms
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
export_once() {
  local id status
  id=$(curl -sf "${auth[@]}" -X POST "http://127.0.0.1:$port/v3/marketing/contacts/exports" -d '{"file_type":"csv"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
  while :; do
    status=$(curl -sf "${auth[@]}" "http://127.0.0.1:$port/v3/marketing/contacts/exports/$id")
    case "$status" in *'"status":"pending"'*) sleep 0.01 ;; *) break ;; esac
  done
  echo "$status" | grep -q "\"contact_count\":$count" || { echo "export failed: $status" >&2; exit 1; }
}

best_cold=999999999; best_warm=999999999; best_dump=999999999; best_cold_cpu=999999999; best_warm_cpu=999999999
for round in $(seq 1 "$rounds"); do
  t0=$(ms); dump; d=$(( $(ms) - t0 )); [ "$d" -lt "$best_dump" ] && best_dump=$d
  start_server
  sleep "${BENCH_SETTLE:-1}"   # the start-up warm-up runs meanwhile, as it would on a real server
  c0=$(cpu_ms); t0=$(ms); export_once; c=$(( $(ms) - t0 )); cc=$(( $(cpu_ms) - c0 ))
  [ "$c" -lt "$best_cold" ] && best_cold=$c
  [ "$cc" -lt "$best_cold_cpu" ] && best_cold_cpu=$cc
  warm=""
  for _ in $(seq 1 "$warm_runs"); do
    c0=$(cpu_ms); t0=$(ms); export_once; w=$(( $(ms) - t0 )); wc=$(( $(cpu_ms) - c0 ))
    warm="$warm ${w} (cpu ${wc})"
    [ "$w" -lt "$best_warm" ] && best_warm=$w
    [ "$wc" -lt "$best_warm_cpu" ] && best_warm_cpu=$wc
  done
  stop_server
  echo "round $round: dump|gzip -1 ${d} ms, cold ${c} ms (cpu ${cc}), warm${warm} ms (load $(cut -d' ' -f1-3 /proc/loadavg))"
done
rate() { echo $(( count * 1000 / ($1 > 0 ? $1 : 1) )); }
echo "database dump | gzip -1 (best of $rounds): ${best_dump} ms"
echo "first export after start, cold (best of $rounds starts): ${best_cold} ms, $(rate "$best_cold") contacts/s"
echo "same export warm (best of $((rounds * warm_runs))): ${best_warm} ms, $(rate "$best_warm") contacts/s"
echo "ratio cold/warm: $(awk -v a="$best_cold" -v b="$best_warm" 'BEGIN {printf "%.2f", a / b}')  (target <= 1.30)"
echo "server CPU per export: cold ${best_cold_cpu} ms, warm ${best_warm_cpu} ms, ratio $(awk -v a="$best_cold_cpu" -v b="$best_warm_cpu" 'BEGIN {printf "%.2f", a / (b > 0 ? b : 1)}')"
echo "ratio warm/dump: $(awk -v a="$best_warm" -v b="$best_dump" 'BEGIN {printf "%.2f", a / b}')"
