#!/usr/bin/env bash
# The four benchmarks of issue 11 side by side on SQLite and PostgreSQL, each figure next to an
# anchor measured in the same run, so that the ratio holds on a noisy machine:
#   upsert  PUT /v3/marketing/contacts, N contacts in 30k batches   vs raw multi-row INSERT (IngestAnchor)
#   import  CSV import of N rows gzip, new and all-updates           vs the same raw INSERT
#   status  GET …/exports/{id} with wrk -c64                         vs /healthz on the same server
#   export  CSV export of N contacts, cold (first) and warm          vs sqlite3 -csv / psql \copy | gzip -1
# Prints ONE table at the end, with the 1-minute load average before and after each benchmark.
#
# Usage: bench/run-all.sh [sqlite|postgresql|both]         (default both)
#   BENCH_QUICK=1    N = 200,000 instead of 1,000,000 (a few minutes in all)
#   BENCH_N=…        any N
#   BENCH_PG         PostgreSQL server for psql (default postgresql://postgres@127.0.0.1:5432/postgres)
#   BENCH_PORT_BASE  first of the five TCP ports used (default 18300)
#   BENCH_OUT        folder for the logs of each benchmark (default: a new temporary folder)
# On a machine shared with other builds, run it under the lock the others use for benchmarks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
which="${1:-both}"
if [ -n "${BENCH_N:-}" ]; then n="$BENCH_N"; elif [ "${BENCH_QUICK:-}" = 1 ]; then n=200000; else n=1000000; fi
pg="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
base="${BENCH_PORT_BASE:-18300}"
out="${BENCH_OUT:-$(mktemp -d -t contactd-run-all-XXXXXX)}"
mkdir -p "$out"
case "$which" in
  both) backends=(sqlite postgresql) ;;
  sqlite | postgresql) backends=("$which") ;;
  *) echo "usage: bench/run-all.sh [sqlite|postgresql|both]" >&2; exit 2 ;;
esac

# wrk for the status benchmark: from the distribution's packages when it is missing.
if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is missing; installing it with apt-get" >&2
  sudo_=""; [ "$(id -u)" -ne 0 ] && sudo_="sudo"
  $sudo_ apt-get install -y wrk >/dev/null 2>&1 || { $sudo_ apt-get update >/dev/null && $sudo_ apt-get install -y wrk >/dev/null; }
fi

java_bin=""
for j in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java; do
  [ -x "$j" ] || continue
  v=$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${v%%.*}" -ge 21 ]; then java_bin="$j"; break; fi
done
[ -n "$java_bin" ] || { echo "no JDK >= 21 found; set JAVA_HOME" >&2; exit 1; }

echo "building target/contactd.jar…" >&2
(cd "$root" && mvn -q -B -DskipTests package) >"$out/build.log" 2>&1 || { tail -30 "$out/build.log" >&2; exit 1; }

load() { cut -d' ' -f1 /proc/loadavg; }
rows=()      # "benchmark|backend|figure|anchor|ratio|target|load"
add() { rows+=("$1|$2|$3|$4|$5|$6|$7"); }
# A JDBC URL for database $1 on the server of $BENCH_PG.
jdbc() {
  local hostport user
  hostport=$(echo "$pg" | sed -E 's#^postgresql://([^@]*@)?([^/?]*).*#\2#')
  user=$(echo "$pg" | sed -nE 's#^postgresql://([^@:/]*)(:[^@]*)?@.*#\1#p')
  echo "jdbc:postgresql://$hostport/$1?user=${user:-postgres}"
}
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
fmt() { if [ -n "${1:-}" ]; then printf '%.0f' "$1" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta'; else echo "-"; fi; }
run() { # name backend command… ; output in $out/name-backend.log, echoed on failure
  local log="$out/$1-$2.log"; shift 2
  if ! "$@" >"$log" 2>&1 </dev/null; then echo "FAILED: $* (log: $log)" >&2; tail -15 "$log" >&2; fi
}

for b in "${backends[@]}"; do
  if [ "$b" = postgresql ]; then
    psql -q "$pg" -c "DROP DATABASE IF EXISTS contactd_anchor" -c "CREATE DATABASE contactd_anchor" >/dev/null
    anchor_url="$(jdbc contactd_anchor)"
  else
    mkdir -p "$out/anchor-db"; rm -f "$out/anchor-db/"*
    anchor_url="jdbc:sqlite:$out/anchor-db/anchor.db"
  fi

  # Ingest anchor: the same rows, raw multi-row INSERTs into an empty table with contactd's indexes.
  l0=$(load)
  run anchor "$b" "$java_bin" --enable-native-access=ALL-UNNAMED -cp "$root/target/contactd.jar" "$root/bench/IngestAnchor.java" "$anchor_url" "$n"
  anchor=$(grep -E '^anchor indexed' "$out/anchor-$b.log" | grep -Eo '[0-9]+ rows/s' | grep -Eo '[0-9]+' || true)
  bare=$(grep -E '^anchor bare' "$out/anchor-$b.log" | grep -Eo '[0-9]+ rows/s' | grep -Eo '[0-9]+' || true)
  [ "$b" = postgresql ] && psql -q "$pg" -c "DROP DATABASE IF EXISTS contactd_anchor" >/dev/null
  rm -rf "$out/anchor-db"
  add "raw INSERT, indexed table (no index: $(fmt "$bare")/s)" "$b" "$(fmt "$anchor") rows/s" "" "" "" "$l0 → $(load)"

  # Upsert through the API (fresh server).
  l0=$(load)
  BENCH_NO_BUILD=1 CONTACTD_BENCH_PORT=$base CONTACTD_BENCH_PG_URL="$(jdbc postgres)" \
    CONTACTD_JAVA_OPTS="${CONTACTD_JAVA_OPTS:--Xmx512m}" run upsert "$b" "$root/bench/upsert.sh" "$b" "$n"
  up=$(grep -E '^insert throughput' "$out/upsert-$b.log" | grep -Eo '[0-9]+ contacts/s' | grep -Eo '[0-9]+' || true)
  up_rss=$(grep -E '^server peak RSS' "$out/upsert-$b.log" | grep -Eo '[0-9]+ MB' || true)
  add "upsert $n via PUT /contacts (RSS ${up_rss:--}, -Xmx512m)" "$b" "$(fmt "$up") contacts/s" "$(fmt "$anchor") rows/s" "$(ratio "$up" "$anchor")" "≥ 100,000/s" "$l0 → $(load)"

  # CSV import, new contacts and all updates.
  l0=$(load)
  BENCH_PORT=$((base + 1)) BENCH_PG="$pg" run import "$b" "$root/bench/import-bench.sh" "$b" "$n"
  imp_new=$(grep -E '^import into an empty account' "$out/import-$b.log" | grep -Eo '[0-9]+ rows/s' | grep -Eo '[0-9]+' || true)
  imp_upd=$(grep -E '^import again' "$out/import-$b.log" | grep -Eo '[0-9]+ rows/s' | grep -Eo '[0-9]+' || true)
  imp_rss=$(grep -E 'peak RSS' "$out/import-$b.log" | grep -Eo '[0-9]+ MB' || true)
  l1=$(load)
  add "import $n rows gzip, new (RSS ${imp_rss:--}, -Xmx256m)" "$b" "$(fmt "$imp_new") rows/s" "$(fmt "$anchor") rows/s" "$(ratio "$imp_new" "$anchor")" "≥ 150,000/s" "$l0 → $l1"
  add "import $n rows gzip, all updates" "$b" "$(fmt "$imp_upd") rows/s" "$(fmt "$anchor") rows/s" "$(ratio "$imp_upd" "$anchor")" "≥ 150,000/s" "$l0 → $l1"

  # Status endpoint under wrk, next to /healthz on the same server.
  l0=$(load)
  BENCH_PORT=$((base + 2)) BENCH_PG="$pg" run status "$b" "$root/bench/status-bench.sh" "$b"
  # The first "Requests/sec" and "99%" after each "== GET" header.
  st=$(awk '/^== GET \/v3/ {s = 1} /^== GET \/healthz/ {s = 0} s && /Requests\/sec/ {print $2; exit}' "$out/status-$b.log")
  st99=$(awk '/^== GET \/v3/ {s = 1} /^== GET \/healthz/ {s = 0} s && /99%/ {print $2; exit}' "$out/status-$b.log")
  hz=$(awk '/^== GET \/healthz/ {s = 1} s && /Requests\/sec/ {print $2; exit}' "$out/status-$b.log")
  add "GET …/exports/{id}, wrk -c64 (p99 ${st99:--})" "$b" "$(fmt "$st") req/s" "$(fmt "$hz") req/s /healthz" "$(ratio "$st" "$hz")" "≥ 0.50, p99 < 10 ms" "$l0 → $(load)"

  # Export: cold (first after start) and warm, next to the database's own dump | gzip -1.
  l0=$(load)
  BENCH_PORT=$((base + 3)) BENCH_PG="$pg" run export "$b" "$root/bench/export-bench.sh" "$b" "$n"
  dump=$(grep -E '^database dump' "$out/export-$b.log" | grep -Eo '[0-9]+ ms' | head -1 | grep -Eo '[0-9]+' || true)
  warm=$(grep -E '^contactd export' "$out/export-$b.log" | grep -iv cold | grep -Eo '[0-9]+ ms' | head -1 | grep -Eo '[0-9]+' || true)
  cold=$(grep -iE 'cold|first export' "$out/export-$b.log" | grep -Eo '[0-9]+ ms' | head -1 | grep -Eo '[0-9]+' || true)
  [ -z "$cold" ] && cold=$(grep -E '^run 1:' "$out/export-$b.log" | grep -Eo 'contactd export [0-9]+ ms' | grep -Eo '[0-9]+' || true)
  l1=$(load)
  add "export $n contacts CSV, warm (best)" "$b" "${warm:--} ms" "${dump:--} ms dump + gzip -1" "$(ratio "$warm" "$dump")" "" "$l0 → $l1"
  add "export $n contacts CSV, cold (first)" "$b" "${cold:--} ms" "${warm:--} ms warm" "$(ratio "$cold" "$warm")" "≤ 1.3" "$l0 → $l1"
done

echo
echo "N = $n; logs in $out; $(nproc) cores; load average (1 min) before → after each benchmark"
echo
printf '| %s | %s | %s | %s | %s | %s | %s |\n' benchmark backend figure anchor ratio target load
printf '|---|---|---|---|---|---|---|\n'
for r in "${rows[@]}"; do
  IFS='|' read -r a bk f an ra t l <<<"$r"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$a" "$bk" "$f" "${an:--}" "${ra:--}" "${t:--}" "$l"
done
