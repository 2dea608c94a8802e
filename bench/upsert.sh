#!/usr/bin/env bash
# Benchmark: upsert 1,000,000 contacts over HTTP in batches of 30,000 and report contacts/s and the
# server's peak RSS. Usage: bench/upsert.sh [sqlite|postgres|postgresql] [contacts]
#   postgres needs CONTACTD_BENCH_PG_URL, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres
#   (a database contactd_bench is created afresh on that server).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backend="${1:-sqlite}"
contacts="${2:-1000000}"
port="${CONTACTD_BENCH_PORT:-18080}"
data="$(mktemp -d -t contactd-bench-XXXXXX)"
key="SG.benchbenchbenchbenchbe.$(printf 'b%.0s' {1..43})"
finish() {
  status=$?
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$status" -ne 0 ] && [ -f "$data/server.log" ]; then
    echo "--- server errors:" >&2
    grep -A12 -E "ERROR|WARN" "$data/server.log" | head -60 >&2 || true
  fi
  [ -z "${CONTACTD_BENCH_LOG:-}" ] || cp "$data/server.log" "$CONTACTD_BENCH_LOG" 2>/dev/null || true
  rm -rf "$data"
}
trap finish EXIT

args=(serve --port "$port" --data-dir "$data")
if [ "$backend" = postgres ] || [ "$backend" = postgresql ]; then
  admin="${CONTACTD_BENCH_PG_URL:?set CONTACTD_BENCH_PG_URL}"
  psql_url="${admin#jdbc:}"
  psql "$psql_url" -qc "DROP DATABASE IF EXISTS contactd_bench" -c "CREATE DATABASE contactd_bench" >/dev/null
  args+=(--db "$(echo "$admin" | sed -E 's#(//[^/]+)/[^?]*#\1/contactd_bench#')")
fi

# BENCH_NO_BUILD=1: the caller built the jar (bench/run-all.sh).
[ -n "${BENCH_NO_BUILD:-}" ] || (cd "$root" && mvn -q -B -DskipTests package)
CONTACTD_RATE_LIMIT=off CONTACTD_API_KEY="$key" "$root/contactd" "${args[@]}" >"$data/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.2
done
java_pid="$(pgrep -P "$pid" java || echo "$pid")"

java_bin=""
for j in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java; do
  [ -x "$j" ] || continue
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${v%%.*}" -ge 21 ]; then java_bin="$j"; break; fi
done
[ -n "$java_bin" ] || { echo "no JDK >= 21 found; set JAVA_HOME" >&2; exit 1; }
echo "backend: $backend"
"$java_bin" "$root/bench/UpsertBench.java" "http://127.0.0.1:$port" "$key" "$contacts"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$java_pid/status")"
# CPU seconds (user + system) spent so far: on a machine shared with other builds, wall time moves
# with their load, CPU time much less so. PostgreSQL: the server's backends of this database.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ t += ($14 + $15) / hz } END { printf "%.1f s", t }' "$@" 2>/dev/null; }
echo "server CPU: $(cpu "/proc/$java_pid/stat")"
if [ -n "${psql_url:-}" ]; then
  pids=$(psql "$psql_url" -Atc "SELECT pid FROM pg_stat_activity WHERE datname = 'contactd_bench'")
  files=(); for p in $pids; do [ -r "/proc/$p/stat" ] && files+=("/proc/$p/stat"); done
  [ "${#files[@]}" -gt 0 ] && echo "database backends CPU: $(cpu "${files[@]}") (${#files[@]} backends on this machine)"
fi
if [ "$backend" = sqlite ]; then
  # The -wal file next to the database: right after the last job, and once the server had 5 s to
  # checkpoint (without journal_size_limit or a TRUNCATE checkpoint, SQLite never shrinks it).
  mb() { [ -f "$1" ] && awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f MB", b/1048576}' || echo "none"; }
  echo "SQLite database: $(mb "$data/contactd.db"), -wal after the last job: $(mb "$data/contactd.db-wal")"
  sleep 5
  echo "SQLite -wal 5 s later: $(mb "$data/contactd.db-wal")"
fi
