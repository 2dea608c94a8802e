#!/usr/bin/env bash
# Segment benchmark: N contacts written straight into the database (half of them in one list, a
# Text custom field "tier"), then for two segments
#   A  first_name LIKE 'A%' AND array_contains(list_ids, ['<list>'])   (reserved field + list)
#   B  tier = 'gold'                                                  (custom field)
# it prints, each next to the same filter hand-written in SQL against the database:
#   count   contactd: POST /v3/marketing/segments/2.0 (parse, compile, COUNT(*) and the 50-contact
#           sample) → seconds;  database: SELECT count(*) … → seconds
#   export  contactd: POST /v3/marketing/contacts/exports {"segment_ids":[…]} until ready → seconds;
#           database: sqlite3 -csv / psql \copy (SELECT … WHERE <filter>) | gzip -1 → seconds
# and, on PostgreSQL, the custom-field condition on the stored text column (cast to jsonb per row,
# as contactd stores it) next to the same on a jsonb copy of the column.
# Usage: bench/segment-bench.sh sqlite|postgresql [N=1000000]
# PostgreSQL: needs psql and a server at $BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
backend="${1:-sqlite}"
count="${2:-1000000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t contactd-segbench-XXXXXX)"
port="${BENCH_PORT:-18090}"
key="SG.benchbenchbenchbenchbe.$(printf 'k%.0s' {1..43})"
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
export CONTACTD_JAVA_OPTS="${CONTACTD_JAVA_OPTS:--Xmx256m}"
list="5e1f0000-0000-4000-8000-00000000beef"
pid=""
db=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; [ -n "$db" ] && psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT

ms() { date +%s%3N; }
columns="c.email, c.first_name, c.last_name, c.address_line_1, c.address_line_2, c.city, c.state_province_region, c.postal_code, c.country, c.alternate_emails, c.phone_number, c.whatsapp, c.line, c.facebook, c.unique_name, c.phone_number_id, c.external_id, c.anonymous_id, c.custom_fields, c.created_at, c.updated_at, c.id"

args=(--data-dir "$work" --port "$port" --rate-limit off)
if [ "$backend" = postgresql ]; then
  db="contactd_segbench_$$"
  psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
  args+=(--db "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres")
  sql() { psql -qAt "${pg%/*}/$db" -v ON_ERROR_STOP=1 -c "$1"; }
  # The filters as a person would write them for PostgreSQL.
  filter_a="c.account_id = 1 AND c.first_name LIKE 'A%' AND EXISTS (SELECT 1 FROM list_members m WHERE m.contact_seq = c.seq AND m.list_seq = (SELECT seq FROM lists WHERE account_id = 1 AND id = '$list'))"
  filter_b="c.account_id = 1 AND c.custom_fields::jsonb ->> 'e1_T' = 'gold'"
  dump() { psql -q "${pg%/*}/$db" -c "\\copy (SELECT $columns FROM contacts c WHERE $1) to stdout csv header" | gzip -1 >"$work/dump.csv.gz"; }
else
  sql() { sqlite3 "$work/contactd.db" "$1"; }
  # GLOB: SQLite's LIKE ignores case, the segment's LIKE does not.
  filter_a="c.account_id = 1 AND c.first_name GLOB 'A*' AND EXISTS (SELECT 1 FROM list_members m WHERE m.contact_seq = c.seq AND m.list_seq = (SELECT seq FROM lists WHERE account_id = 1 AND id = '$list'))"
  filter_b="c.account_id = 1 AND json_extract(c.custom_fields, '$.e1_T') = 'gold'"
  dump() { sqlite3 -csv -header "$work/contactd.db" "SELECT $columns FROM contacts c WHERE $1" | gzip -1 >"$work/dump.csv.gz"; }
fi

start_server() {
  CONTACTD_API_KEY="$key" "$root/contactd" serve "${args[@]}" >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start"; cat "$work/server.log"; exit 1
}

start_server   # migrates the schema and creates the owner account (id 1)
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

# Names by i % 8: Ann, Alice and Abe start with A (3 in 8); tier gold for 1 in 10; every second
# contact in the list. Segment A matches i % 8 in {0, 2}: N/4; segment B: N/10.
t0=$(ms)
sql "INSERT INTO field_definitions (account_id, id, name, name_key, field_type, created_at) VALUES (1, 'e1_T', 'tier', 'tier', 'Text', 0)" >/dev/null
sql "INSERT INTO lists (account_id, id, name, created_at, updated_at) VALUES (1, '$list', 'bench', 0, 0)" >/dev/null
names="CASE i % 8 WHEN 0 THEN 'Ann' WHEN 1 THEN 'Bob' WHEN 2 THEN 'Alice' WHEN 3 THEN 'Carl' WHEN 4 THEN 'Dora' WHEN 5 THEN 'Abe' WHEN 6 THEN 'Eve' ELSE 'Finn' END"
tier="CASE WHEN i % 10 = 0 THEN 'gold' WHEN i % 10 < 4 THEN 'silver' ELSE 'bronze' END"
if [ "$backend" = postgresql ]; then
  sql "INSERT INTO contacts (account_id, id, email, first_name, last_name, city, country, custom_fields, created_at, updated_at)
       SELECT 1, gen_random_uuid()::text, 'user' || i || '@example.com', $names || i, 'Last' || (i % 1000),
              'City' || (i % 500), 'US', '{\"e1_T\":\"' || $tier || '\"}', 1600000000000 + i, 1600000000000 + i
       FROM generate_series(1, $count) AS i" >/dev/null
  sql "INSERT INTO list_members (list_seq, contact_seq) SELECT l.seq, c.seq FROM lists l, contacts c WHERE l.id = '$list' AND c.seq % 2 = 0" >/dev/null
  sql "VACUUM ANALYZE" >/dev/null
else
  sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
       INSERT INTO contacts (account_id, id, email, first_name, last_name, city, country, custom_fields, created_at, updated_at)
       SELECT 1, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
              'user' || i || '@example.com', $names || i, 'Last' || (i % 1000), 'City' || (i % 500), 'US',
              '{\"e1_T\":\"' || $tier || '\"}', 1600000000000 + i, 1600000000000 + i FROM n;"
  sql "INSERT INTO list_members (list_seq, contact_seq) SELECT l.seq, c.seq FROM lists l, contacts c WHERE l.id = '$list' AND c.seq % 2 = 0; ANALYZE;"
fi
echo "seeded $count contacts in $(( $(ms) - t0 )) ms ($backend)"

start_server
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
api="http://127.0.0.1:$port/v3/marketing"
query_a="SELECT contact_id, updated_at FROM contact_data WHERE first_name LIKE 'A%' AND array_contains(list_ids, ['$list'])"
query_b="SELECT contact_id, updated_at FROM contact_data WHERE tier = 'gold'"
create_segment() {  # prints the segment body; the name is new each time
  curl -sf "${auth[@]}" -X POST "$api/segments/2.0" -d "{\"name\":\"bench-$(ms)-$RANDOM\",\"query_dsl\":\"$1\"}"
}
export_segment() { export_body "{\"segment_ids\":[\"$1\"],\"file_type\":\"csv\"}"; }
export_list() { export_body "{\"list_ids\":[\"$1\"],\"file_type\":\"csv\"}"; }
export_body() {
  local id status
  id=$(curl -sf "${auth[@]}" -X POST "$api/contacts/exports" -d "$1" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  while :; do
    status=$(curl -sf "${auth[@]}" "$api/contacts/exports/$id")
    case "$status" in *'"status":"pending"'*) sleep 0.02 ;; *) break ;; esac
  done
  echo "$status" | grep -q '"status":"ready"' || { echo "export failed: $status" >&2; exit 1; }
  echo "$status" | grep -o '"contact_count":[0-9]*'
}

runs="${BENCH_RUNS:-3}"
# The export's fixed cost: a segment that matches nobody, POST → ready.
none=$(create_segment "SELECT contact_id, updated_at FROM contact_data WHERE first_name = 'nobody'" | sed 's/^{"id":"\([^"]*\)".*/\1/')
best_none=999999999
for run in $(seq 1 "$runs"); do t0=$(ms); export_segment "$none" >/dev/null; e=$(( $(ms) - t0 )); [ "$e" -lt "$best_none" ] && best_none=$e; done
echo "export of an empty segment, POST→ready (best of $runs): ${best_none} ms"
for which in a b; do
  if [ "$which" = a ]; then q="$query_a"; f="$filter_a"; label="A first_name LIKE 'A%' AND list"; else q="$query_b"; f="$filter_b"; label="B tier = 'gold'"; fi
  best_count=999999999; best_sql=999999999; best_export=999999999; best_dump=999999999
  for run in $(seq 1 "$runs"); do
    t0=$(ms); body=$(create_segment "$q"); c=$(( $(ms) - t0 ))
    segment=$(echo "$body" | sed 's/^{"id":"\([^"]*\)".*/\1/')
    contacts=$(echo "$body" | grep -o '"contacts_count":[0-9]*' | cut -d: -f2)
    t0=$(ms); expected=$(sql "SELECT count(*) FROM contacts c WHERE $f" | tail -1); s=$(( $(ms) - t0 ))
    [ "$contacts" = "$expected" ] || { echo "count differs: contactd $contacts, SQL $expected" >&2; exit 1; }
    t0=$(ms); exported=$(export_segment "$segment"); e=$(( $(ms) - t0 ))
    t0=$(ms); dump "$f"; d=$(( $(ms) - t0 ))
    job=$(grep -o 'ready: [0-9]* contacts in [0-9]* file(s) in [0-9]* ms' "$work/server.log" | tail -1 | grep -o '[0-9]* ms$')
    echo "$label run $run: count contactd ${c} ms / SQL ${s} ms; export contactd ${e} ms (the job itself ${job}; $exported) / dump|gzip -1 ${d} ms (load $(cut -d' ' -f1 /proc/loadavg))"
    [ "$c" -lt "$best_count" ] && best_count=$c
    [ "$s" -lt "$best_sql" ] && best_sql=$s
    [ "$e" -lt "$best_export" ] && best_export=$e
    [ "$d" -lt "$best_dump" ] && best_dump=$d
  done
  # The same contacts as a list, exported by list_ids: what the export costs without a segment.
  same="5e1f0000-0000-4000-8000-0000000000a$which"
  sql "INSERT INTO lists (account_id, id, name, created_at, updated_at) VALUES (1, '$same', 'same-$which', 0, 0)" >/dev/null
  sql "INSERT INTO list_members (list_seq, contact_seq) SELECT (SELECT seq FROM lists WHERE id = '$same'), c.seq FROM contacts c WHERE $f" >/dev/null
  best_list=999999999
  for run in $(seq 1 "$runs"); do t0=$(ms); export_list "$same" >/dev/null; e=$(( $(ms) - t0 )); [ "$e" -lt "$best_list" ] && best_list=$e; done
  echo "$label: the same contacts as a list, export by list_ids (best of $runs): ${best_list} ms"
  echo "$label ($contacts contacts), best of $runs: count ${best_count} ms vs ${best_sql} ms (ratio $(awk -v a="$best_count" -v b="$best_sql" 'BEGIN {printf "%.2f", a / b}')); export ${best_export} ms vs ${best_dump} ms (ratio $(awk -v a="$best_export" -v b="$best_dump" 'BEGIN {printf "%.2f", a / b}'))"
done

if [ "$backend" = postgresql ]; then
  sql "ALTER TABLE contacts ADD COLUMN cf_jsonb jsonb" >/dev/null
  sql "UPDATE contacts SET cf_jsonb = custom_fields::jsonb" >/dev/null
  sql "VACUUM ANALYZE contacts" >/dev/null
  best_text=999999999; best_jsonb=999999999
  for run in $(seq 1 "$runs"); do
    t0=$(ms); sql "SELECT count(*) FROM contacts c WHERE c.account_id = 1 AND c.custom_fields::jsonb ->> 'e1_T' = 'gold'" >/dev/null; t=$(( $(ms) - t0 ))
    t0=$(ms); sql "SELECT count(*) FROM contacts c WHERE c.account_id = 1 AND c.cf_jsonb ->> 'e1_T' = 'gold'" >/dev/null; j=$(( $(ms) - t0 ))
    [ "$t" -lt "$best_text" ] && best_text=$t
    [ "$j" -lt "$best_jsonb" ] && best_jsonb=$j
  done
  echo "custom field on PostgreSQL, SELECT count(*) best of $runs: text column cast to jsonb ${best_text} ms, jsonb column ${best_jsonb} ms (load $(cut -d' ' -f1 /proc/loadavg))"
fi
echo "contactd peak RSS (VmHWM): $(( $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") / 1024 )) MB with $CONTACTD_JAVA_OPTS"
