#!/usr/bin/env bash
# Probe: 503s while contact jobs write. Four loops PUT upserts without pause for SECONDS seconds
# while a fifth creates custom fields, renames them and creates subusers, one after the other; prints
# the status codes each kind of request got. Usage: bench/busy.sh [sqlite|postgres] [seconds]
#   postgres needs CONTACTD_BENCH_PG_URL (a database contactd_bench is created afresh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${1:-sqlite}"
seconds="${2:-20}"
port="${CONTACTD_BENCH_PORT:-18080}"
data="$(mktemp -d -t contactd-bench-XXXXXX)"
key="SG.benchbenchbenchbenchbe.$(printf 'b%.0s' {1..43})"
finish() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap finish EXIT

args=(serve --port "$port" --data-dir "$data")
if [ "$backend" = postgres ]; then
  admin="${CONTACTD_BENCH_PG_URL:?set CONTACTD_BENCH_PG_URL}"
  psql_url="${admin#jdbc:}"
  psql "$psql_url" -qc "DROP DATABASE IF EXISTS contactd_bench" -c "CREATE DATABASE contactd_bench" >/dev/null
  args+=(--db "$(echo "$admin" | sed -E 's#(//[^/]+)/[^?]*#\1/contactd_bench#')")
fi

(cd "$root" && mvn -q -B -DskipTests package)
CONTACTD_RATE_LIMIT=off CONTACTD_API_KEY="$key" "$root/contactd" "${args[@]}" >"$data/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
echo "backend: $backend"
java "$root/bench/BusyBench.java" "http://127.0.0.1:$port" "$key" "$seconds"
echo "server log lines about a busy database: $(grep -c 'database stayed busy' "$data/server.log" || true)"
