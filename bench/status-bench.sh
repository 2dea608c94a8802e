#!/usr/bin/env bash
# wrk on "Export Contacts Status" (GET /v3/marketing/contacts/exports/{id}, with a valid key) next to
# /healthz on the same server, with one and two wrk threads at 64 connections; prints one line per
# backend and thread count: req/s and p99 of healthz, of the status of a ready export and of a
# pending one (the server restarted with --workers false, so it stays pending), and each status as
# a share of healthz.
# Usage: bench/status-bench.sh [sqlite|postgresql]...   (default: both)
#   BENCH_SECONDS (default 10) per wrk run; BENCH_PORT (default 18091); BENCH_PG (psql URL).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${BENCH_PORT:-18091}"
seconds="${BENCH_SECONDS:-10}"
key="SG.benchbenchbenchbenchbe.$(printf 'k%.0s' {1..43})"
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
backends=("$@")
[ ${#backends[@]} -eq 0 ] && backends=(sqlite postgresql)
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

pid="" work="" db=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ -n "$work" ] && rm -rf "$work"
  [ -n "$db" ] && psql -q "$pg" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  pid="" work="" db=""
}
trap cleanup EXIT

# "req/s p99-ms" of one wrk run.
measure() {
  local threads="$1"; shift
  wrk -t"$threads" -c64 -d"${seconds}s" --latency "$@" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v = v * 1000 } p99 = v }
    /Non-2xx/ { bad = $NF }
    END { if (bad > 0) rps = rps " (" bad " non-2xx!)"; printf "%s %.2f\n", rps, p99 }'
}

"$root/contactd" version >/dev/null # builds the jar first, outside the measurement
printf '%-10s %-6s %11s %7s | %11s %7s %5s | %11s %7s %5s\n' backend wrk healthz/s p99ms ready/s p99ms share pending/s p99ms share
for backend in "${backends[@]}"; do
  work="$(mktemp -d -t contactd-wrk-XXXXXX)"
  args=(--data-dir "$work" --port "$port" --rate-limit off)
  if [ "$backend" = postgresql ]; then
    db="contactd_wrk_$$"
    psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
    args+=(--db "jdbc:postgresql://127.0.0.1:5432/$db?user=postgres")
  fi
  start() {
    CONTACTD_API_KEY="$key" "$root/contactd" serve "${args[@]}" "$@" >>"$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  }
  create() {
    curl -sf -H "Authorization: Bearer $key" -X POST "http://127.0.0.1:$port/v3/marketing/contacts/exports" | sed 's/.*"id":"\([^"]*\)".*/\1/'
  }
  start
  ready=$(create)
  for _ in $(seq 1 100); do
    curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v3/marketing/contacts/exports/$ready" | grep -q '"ready"' && break
    sleep 0.1
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  start --workers false
  pending=$(create)
  base="http://127.0.0.1:$port/v3/marketing/contacts/exports"
  # Warm-up (JIT) for every path, not counted.
  wrk -t2 -c64 -d5s "http://127.0.0.1:$port/healthz" >/dev/null
  wrk -t2 -c64 -d5s -H "Authorization: Bearer $key" "$base/$ready" >/dev/null
  wrk -t2 -c64 -d5s -H "Authorization: Bearer $key" "$base/$pending" >/dev/null
  for threads in 1 2; do
    read -r hrps hp99 < <(measure "$threads" "http://127.0.0.1:$port/healthz")
    read -r rrps rp99 < <(measure "$threads" -H "Authorization: Bearer $key" "$base/$ready")
    read -r prps pp99 < <(measure "$threads" -H "Authorization: Bearer $key" "$base/$pending")
    share() { awk -v s="${1%% *}" -v h="${hrps%% *}" 'BEGIN { printf "%.0f%%", 100 * s / h }'; }
    printf '%-10s -t%-4s %11s %7s | %11s %7s %5s | %11s %7s %5s\n' "$backend" "$threads" \
      "$hrps" "$hp99" "$rrps" "$rp99" "$(share "$rrps")" "$prps" "$pp99" "$(share "$prps")"
  done
  cleanup
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
