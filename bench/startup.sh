#!/usr/bin/env bash
# Start-up time of `./contactd serve` on a fresh SQLite data dir: wall time from the command to the
# first 200 from /healthz, and the JVM-uptime figure contactd logs. Usage: bench/startup.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
port="${CONTACTD_BENCH_PORT:-18190}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$root/contactd" version >/dev/null   # build the jar first, outside the measurement
for i in $(seq 1 "$runs"); do
  rm -rf "$work/data"
  start=$(date +%s%N)
  "$root/contactd" serve --data-dir "$work/data" --port "$port" >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1000); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.01
  done
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms to /healthz ($(grep -o 'ready [0-9]* ms after JVM start' "$work/log" || echo 'no ready line'))"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
