#!/usr/bin/env bash
# Probe: SIGKILL the server right after DELETE /v3/marketing/lists/{id}?delete_contacts=true, restart
# it, and check that the list and its contacts went together (or stayed together).
# Usage: bench/kill-list-delete.sh [kills]    (default 9; SQLite; needs the jar: mvn -DskipTests package)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-9}"
port="${CONTACTD_BENCH_PORT:-18090}"
data="$(mktemp -d -t contactd-kill-XXXXXX)"
key="SG.benchbenchbenchbenchbe.$(printf 'b%.0s' {1..43})"
base="http://127.0.0.1:$port"
pid=""
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null; rm -rf "$data"' EXIT

start() {
  CONTACTD_RATE_LIMIT=off CONTACTD_API_KEY="$key" CONTACTD_JOB_HEARTBEAT=1s \
    "$root/contactd" serve --port "$port" --data-dir "$data" >>"$data/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.1; done
  echo "server did not start" >&2; exit 1
}
api() { curl -s -H "Authorization: Bearer $key" -H "Content-Type: application/json" "$@"; }
count() { api "$base/v3/marketing/contacts/count" | sed -E 's/.*"contact_count":([0-9]+).*/\1/'; }

both=0; neither=0; torn=0
start
for k in $(seq 1 "$kills"); do
  list=$(api -X POST "$base/v3/marketing/lists" -d "{\"name\":\"probe $k\"}" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  contacts=$(for i in $(seq 1 2000); do printf '{"email":"k%s-%s@example.com"},' "$k" "$i"; done)
  api -X PUT "$base/v3/marketing/contacts" -d "{\"list_ids\":[\"$list\"],\"contacts\":[${contacts%,}]}" >/dev/null
  for _ in $(seq 1 600); do
    members=$(api "$base/v3/marketing/lists/$list/contacts/count" | sed -E 's/.*"contact_count":([0-9]+).*/\1/')
    [ "$members" = 2000 ] && break
    sleep 0.1
  done
  before=$(count)
  api -X DELETE "$base/v3/marketing/lists/$list?delete_contacts=true" >/dev/null &
  sleep "0.0$((RANDOM % 10))"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  start
  sleep 4 # the restarted node queues the pending job again and runs it
  status=$(api -o /dev/null -w '%{http_code}' "$base/v3/marketing/lists/$list")
  after=$(count)
  if [ "$status" = 404 ] && [ "$after" = $((before - 2000)) ]; then both=$((both + 1)); r=both
  elif [ "$status" = 200 ] && [ "$after" = "$before" ]; then neither=$((neither + 1)); r=neither
  else torn=$((torn + 1)); r="TORN (list $status, contacts $before -> $after)"; fi
  echo "kill $k: $r"
done
echo "list and contacts both gone: $both, both kept: $neither, torn: $torn"
