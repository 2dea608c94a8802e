#!/usr/bin/env bash
# Probe: how long POST /_contactd/reset takes on an empty-ish database (the target is < 50 ms, so a
# test suite can reset before every test). Starts a dev-mode server, puts a little data in (a field,
# a list, 20 contacts, one export) before each reset, and prints the server's own figure (took_ms)
# and the client's round trip (curl's time_total), median and worst.
# Usage: bench/reset.sh [sqlite|postgres] [runs]      (default sqlite 30)
#   postgres needs CONTACTD_BENCH_PG_URL (a database contactd_bench is created afresh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${1:-sqlite}"
runs="${2:-30}"
port="${CONTACTD_BENCH_PORT:-19850}"
data="$(mktemp -d -t contactd-bench-XXXXXX)"
key="SG.resetbenchresetbenchre.$(printf 'r%.0s' {1..43})"
finish() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap finish EXIT

args=(serve --dev --port "$port" --data-dir "$data" --access-log false)
if [ "$backend" = postgres ]; then
  admin="${CONTACTD_BENCH_PG_URL:?set CONTACTD_BENCH_PG_URL}"
  psql_url="${admin#jdbc:}"
  psql "$psql_url" -qc "DROP DATABASE IF EXISTS contactd_bench" -c "CREATE DATABASE contactd_bench" >/dev/null
  args+=(--db "$(echo "$admin" | sed -E 's#(//[^/]+)/[^?]*#\1/contactd_bench#')")
fi

(cd "$root" && mvn -q -B -DskipTests package)
"$root/contactd" "${args[@]}" >"$data/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
api="http://127.0.0.1:$port"
h=(-H "Authorization: Bearer $key" -H 'Content-Type: application/json')
contacts=$(for i in $(seq 1 20); do printf '{"email":"c%d@example.com"},' "$i"; done)
server=()
client=()
for run in $(seq 1 "$runs"); do
  curl -sf "${h[@]}" -X POST "$api/v3/marketing/field_definitions" -d '{"name":"plan","field_type":"Text"}' >/dev/null
  list=$(curl -sf "${h[@]}" -X POST "$api/v3/marketing/lists" -d '{"name":"l"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
  curl -sf "${h[@]}" -X PUT "$api/v3/marketing/contacts" -d "{\"list_ids\":[\"$list\"],\"contacts\":[${contacts%,}]}" >/dev/null
  curl -sf "${h[@]}" -X POST "$api/v3/marketing/contacts/exports" -d '{}' >/dev/null
  sleep 0.3
  out=$(curl -sf "${h[@]}" -X POST "$api/_contactd/reset" -w ' %{time_total}')
  server+=("$(echo "$out" | sed -E 's/.*"took_ms":([0-9.]+).*/\1/')")
  client+=("$(echo "$out" | awk '{print $NF * 1000}')")
done
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.1f ms, worst %.1f ms", a[int((NR+1)/2)], a[NR]}'; }
echo "backend: $backend, $runs resets, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server (took_ms):      $(printf '%s\n' "${server[@]}" | stats)"
echo "client (curl, total):  $(printf '%s\n' "${client[@]}" | stats)"
