#!/usr/bin/env bash
# Scale-out export benchmark: N contacts written straight into PostgreSQL, an S3 server (s3proxy,
# standalone, on a folder), then for each node count in BENCH_NODES (default "1 2 3"): that many
# contactd nodes on the same database and bucket, one CSV export (POST on node 1 → ready, polled on
# the last node), and per node the CPU seconds it spent meanwhile (utime+stime from /proc/PID/stat).
# Prints wall time, rows/s, CPU s per node and of s3proxy, and rows per busy contactd core-second.
# It measures whatever the export does: the export's shards (--export-shard-size) go to any node.
#
# Usage: bench/scale-export.sh [N=5000000]
#   BENCH_NODES="1 2 3"   node counts to run, in order
#   BENCH_STORE=s3|local  local: the data dir's folder (one node only: nodes share no folder)
#   BENCH_RUNS="local:1 s3:1 local:1 s3:1"   store:nodes pairs instead of the two above, so that
#                         runs on both stores alternate on one seeded database
#   BENCH_PG=postgresql://postgres@127.0.0.1:5432/postgres   server for the scratch database
#   BENCH_PORT=18190      first port: s3proxy on it, nodes on the next ones
#   BENCH_JAR=path        the contactd jar to run (default: target/contactd.jar, built if stale)
# Needs psql, curl, and Maven (to copy s3proxy's jar from Maven Central / ~/.m2 once).
set -euo pipefail
count="${1:-5000000}"
runs=""
for k in ${BENCH_NODES:-1 2 3}; do runs="$runs ${BENCH_STORE:-s3}:$k"; done
runs="${BENCH_RUNS:-$runs}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d -t contactd-scale-XXXXXX)"
base="${BENCH_PORT:-18190}"
s3port="$base"
key="SG.benchbenchbenchbenchbe.$(printf 'k%.0s' {1..43})"
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
db="contactd_scale_$$"
s3version=2.7.0
export CONTACTD_JAVA_OPTS="${CONTACTD_JAVA_OPTS:--Xmx512m}"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret-key-0123456789
pids=()
s3pid=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$s3pid" ] && kill "$s3pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
  psql -q "$pg" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
ms() { date +%s%3N; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)

# One build, frozen: the nodes run a copy of the jar (BENCH_JAR, or target/contactd.jar built now),
# so a source edited or a build run meanwhile changes nothing.
if [ -z "${BENCH_JAR:-}" ]; then
  "$root/contactd" version >/dev/null
fi
mkdir -p "$work/app/target"
cp "$root/contactd" "$work/app/"
cp "${BENCH_JAR:-$root/target/contactd.jar}" "$work/app/target/contactd.jar"

psql -q "$pg" -c "CREATE DATABASE $db" >/dev/null
dburl="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
sql() { psql -q "${pg%/*}/$db" -v ON_ERROR_STOP=1 -c "$1"; }

s3url=""
if [[ "$runs" == *s3:* ]]; then
  jar="$work/s3proxy-$s3version-jar-with-dependencies.jar"
  mvn -q dependency:copy -Dartifact="org.gaul:s3proxy:$s3version:jar:jar-with-dependencies" \
    -DoutputDirectory="$work" >/dev/null
  mkdir -p "$work/s3data/bench"
  cat >"$work/s3proxy.conf" <<END
s3proxy.endpoint=http://127.0.0.1:$s3port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3data
jclouds.identity=local
jclouds.credential=local
END
  java -Xmx512m -jar "$jar" --properties "$work/s3proxy.conf" >"$work/s3proxy.log" 2>&1 &
  s3pid=$!
  for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3port/")" != 000 ] && break
    sleep 0.1
  done
  s3url="s3://bench?endpoint=http://127.0.0.1:$s3port"
fi

start_nodes() {   # start_nodes K [STORE]: nodes 1..K on ports base+1..base+K
  pids=()
  local blob=()
  [ "${2:-local}" = s3 ] && blob=(--blob-store "$s3url")
  for n in $(seq 1 "$1"); do
    CONTACTD_API_KEY="$key" "$work/app/contactd" serve "${blob[@]}" --db "$dburl" --data-dir "$work/node$n" \
      --port $((base + n)) --rate-limit off --job-heartbeat 1s >"$work/node$n.log" 2>&1 &
    pids+=($!)
  done
  for n in $(seq 1 "$1"); do
    for _ in $(seq 1 600); do
      curl -sf "http://127.0.0.1:$((base + n))/healthz" >/dev/null && break
      sleep 0.1
    done
    curl -sf "http://127.0.0.1:$((base + n))/healthz" >/dev/null || {
      echo "node $n did not start"; cat "$work/node$n.log"; exit 1; }
  done
}
stop_nodes() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

start_nodes 1   # migrates the schema and creates the owner account (id 1)
stop_nodes
t0=$(ms)
sql "INSERT INTO contacts (account_id, id, email, first_name, last_name, address_line_1, city, postal_code, country, created_at, updated_at)
     SELECT 1, gen_random_uuid()::text, 'user' || i || '@example.com', 'First' || i, 'Last' || (i % 1000),
            i || ' Main Street', 'City' || (i % 500), lpad((i % 99999)::text, 5, '0'), 'US', 1600000000000 + i, 1600000000000 + i
     FROM generate_series(1, $count) AS i" >/dev/null
sql "VACUUM ANALYZE contacts" >/dev/null
echo "seeded $count contacts in $(( $(ms) - t0 )) ms (PostgreSQL); runs (store:nodes):$runs"

auth=(-H "Authorization: Bearer $key" -H "Content-Type: application/json")
for run in $runs; do
  store="${run%%:*}"
  k="${run##*:}"
  start_nodes "$k" "$store"
  sleep 2   # let the nodes settle (JIT of start-up, first polls) before counting CPU
  before=(); for p in "${pids[@]}"; do before+=("$(ticks "$p")"); done
  s3before=0; [ -n "$s3pid" ] && s3before=$(ticks "$s3pid")
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  t0=$(ms)
  id=$(curl -sf "${auth[@]}" -X POST "http://127.0.0.1:$((base + 1))/v3/marketing/contacts/exports" \
    -d '{"file_type":"csv"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
  while :; do
    status=$(curl -sf "${auth[@]}" "http://127.0.0.1:$((base + k))/v3/marketing/contacts/exports/$id")
    case "$status" in *'"status":"pending"'*) sleep 0.05 ;; *) break ;; esac
  done
  wall=$(( $(ms) - t0 ))
  echo "$status" | grep -q '"status":"ready"' || { echo "export failed: $status" >&2; exit 1; }
  rows=$(echo "$status" | grep -o '"contact_count":[0-9]*' | cut -d: -f2)
  files=$(echo "$status" | grep -o 'contacts-[0-9-]*\.csv\.gzip' | wc -l)
  busy=0; per=""
  for i in "${!pids[@]}"; do
    d=$(( $(ticks "${pids[$i]}") - before[$i] ))
    busy=$(( busy + d ))
    per="$per node$((i + 1))=$(awk -v t="$d" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}')s"
  done
  s3cpu=""
  [ -n "$s3pid" ] && s3cpu=" s3proxy=$(awk -v t="$(( $(ticks "$s3pid") - s3before ))" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz}')s"
  echo "nodes=$k store=$store rows=$rows files=$files: $(awk -v w="$wall" 'BEGIN {printf "%.2f", w / 1000}') s," \
    "$(( rows * 1000 / (wall > 0 ? wall : 1) )) rows/s; CPU$per$s3cpu;" \
    "$(awk -v r="$rows" -v t="$busy" -v hz="$hz" 'BEGIN {printf "%.0f", r / (t / hz)}') rows per busy contactd core-second" \
    "(load $load)"
  stop_nodes
done
