#!/usr/bin/env bash
# CSV import benchmark: a gzip CSV of N contacts (8 columns, one of them a custom Text field) is
#   1. imported into an empty account          → ms from upload start to status=completed, rows/s
#   2. imported again (every row an update)     → the same figures
#   3. peak RSS of the contactd process (run with -Xmx256m unless CONTACTD_JAVA_OPTS says otherwise)
# Usage: bench/import-bench.sh sqlite|postgresql [N=1000000]
# PostgreSQL: needs psql and a server at $BENCH_PG (default postgresql://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
backend="${1:-sqlite}"
count="${2:-1000000}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t contactd-import-bench-XXXXXX)"
port="${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
key="SG.benchbenchbenchbenchbe.$(printf 'k%.0s' {1..43})"
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
export CONTACTD_JAVA_OPTS="${CONTACTD_JAVA_OPTS:--Xmx256m}"
db="contactd_import_bench_$$"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; [ "$backend" = postgresql ] && psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; }
trap cleanup EXIT
ms() { date +%s%3N; }

args=(--data-dir "$work" --port "$port" --rate-limit off)
if [ "$backend" = postgresql ]; then
  psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
  args+=(--db "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres")
fi

t0=$(ms)
awk -v n="$count" 'BEGIN {
  print "email,first_name,last_name,address_line_1,city,postal_code,country,nickname"
  for (i = 1; i <= n; i++)
    printf "user%d@example.com,First%d,Last%d,%d Main Street,City%d,%05d,US,nick %d\n", i, i, i % 1000, i, i % 500, i % 99999, i
}' | gzip -1 >"$work/contacts.csv.gz"
echo "generated $count rows in $(( $(ms) - t0 )) ms: $(stat -c %s "$work/contacts.csv.gz") bytes gzip"

CONTACTD_API_KEY="$key" "$root/contactd" serve "${args[@]}" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null || { echo "server did not start"; cat "$work/server.log"; exit 1; }
api="http://127.0.0.1:$port/v3/marketing"
auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
field=$(curl -sf "${auth[@]}" -X POST "$api/field_definitions" -d '{"name":"nickname","field_type":"Text"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
mappings="[\"_rf2_T\",\"_rf0_T\",\"_rf1_T\",\"_rf4_T\",\"_rf6_T\",\"_rf8_T\",\"_rf9_T\",\"$field\"]"

run() {
  local label="$1" created job uri status t0 took
  created=$(curl -sf "${auth[@]}" -X PUT "$api/contacts/imports" -d "{\"file_type\":\"csv\",\"field_mappings\":$mappings}")
  job=$(echo "$created" | sed 's/.*"job_id":"\([^"]*\)".*/\1/')
  uri=$(echo "$created" | sed 's/.*"upload_uri":"\([^"]*\)".*/\1/')
  t0=$(ms)
  curl -sf -X PUT -H "Content-Type: text/csv" --data-binary @"$work/contacts.csv.gz" "$uri" >/dev/null
  while :; do
    status=$(curl -sf "${auth[@]}" "$api/contacts/imports/$job")
    case "$status" in *'"status":"pending"'*) sleep 0.05 ;; *) break ;; esac
  done
  took=$(( $(ms) - t0 ))
  echo "$status" | grep -q '"status":"completed"' || { echo "import failed: $status"; tail -20 "$work/server.log"; exit 1; }
  echo "$label: ${took} ms, $(( count * 1000 / (took > 0 ? took : 1) )) rows/s, $(echo "$status" | grep -o '"results":{[^}]*}')"
}
run "import into an empty account ($backend)"
run "import again, all updates ($backend)"
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "contactd peak RSS: $(( rss_kb / 1024 )) MB with $CONTACTD_JAVA_OPTS"
