#!/usr/bin/env bash
# Builds the contactd image, runs it, and walks one flow through the API: /healthz, a list, contacts
# upserted into it, an export of the list, its file downloaded. Not part of `mvn verify`.
#
# Where the base images cannot be pulled (no registry reachable), it builds them locally:
#   BASE_IMAGE  a Debian bookworm rootfs made with `debootstrap --variant=minbase`, imported
#   JDK_IMAGE   that rootfs plus the JDK >= 21 found on this machine (it runs jlink in the build)
# Override either with an image of your own: BASE_IMAGE=… JDK_IMAGE=… docker/smoke.sh
# Needs: docker (a running daemon), curl, gzip, python3; debootstrap only for the local base image.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_IMAGE="${BASE_IMAGE:-debian:bookworm-slim}"
JDK_IMAGE="${JDK_IMAGE:-eclipse-temurin:21-jdk}"
IMAGE="${IMAGE:-contactd:smoke}"
PORT="${PORT:-18080}"
NAME="contactd-smoke-$$"
work="$(mktemp -d)"

say() { printf 'smoke: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; docker logs "$NAME" 2>&1 | tail -n 30 >&2 || true; exit 1; }
cleanup() {
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  docker volume rm -f "$NAME-data" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

have_image() { docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>&1; }

if ! have_image "$BASE_IMAGE"; then
  BASE_IMAGE="contactd-smoke/base:bookworm"
  if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    say "no registry: building $BASE_IMAGE with debootstrap --variant=minbase (a few minutes, once)"
    command -v debootstrap >/dev/null || fail "debootstrap is needed to build a base image (apt-get install debootstrap)"
    debootstrap --variant=minbase bookworm "$work/rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
      || { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
    rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
    tar -C "$work/rootfs" -c . | docker import - "$BASE_IMAGE" >/dev/null
    rm -rf "$work/rootfs"
  fi
  say "base image $BASE_IMAGE (built locally)"
else
  say "base image $BASE_IMAGE"
fi

if ! have_image "$JDK_IMAGE"; then
  JDK_IMAGE="contactd-smoke/jdk:local"
  jdk=""
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -n "$d" ] && [ -x "$d/bin/jlink" ] && [ -f "$d/release" ] || continue
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$d/release")
    if [ "${v:-0}" -ge 21 ]; then jdk="$d"; fi
  done
  [ -n "$jdk" ] || fail "no JDK >= 21 with jlink on this machine to build $JDK_IMAGE"
  mkdir -p "$work/jdk-context"
  cp -aL "$(readlink -f "$jdk")" "$work/jdk-context/jdk" # -L: Debian JDKs link cacerts into /etc
  printf 'FROM %s\nCOPY jdk /opt/jdk\nENV PATH=/opt/jdk/bin:$PATH\n' "$BASE_IMAGE" >"$work/jdk-context/Dockerfile"
  docker build -t "$JDK_IMAGE" "$work/jdk-context" >"$work/jdk-build.log" 2>&1 \
    || { tail -n 20 "$work/jdk-build.log" >&2; fail "building $JDK_IMAGE"; }
  rm -rf "$work/jdk-context"
  say "JDK image $JDK_IMAGE (from $jdk)"
else
  say "JDK image $JDK_IMAGE"
fi

if [ ! -f "$root/target/contactd.jar" ]; then
  say "building target/contactd.jar"
  "$root/contactd" version >/dev/null
fi

say "docker build -t $IMAGE"
docker build --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "JDK_IMAGE=$JDK_IMAGE" -t "$IMAGE" "$root" \
  >"$work/build.log" 2>&1 || { tail -n 20 "$work/build.log" >&2; fail "docker build"; }
say "image size $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1000000}')"

key="SG.$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 22).$(head -c 96 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
docker run -d --name "$NAME" -p "127.0.0.1:$PORT:8080" -v "$NAME-data:/data" \
  -e CONTACTD_API_KEY="$key" -e CONTACTD_PUBLIC_URL="http://127.0.0.1:$PORT" "$IMAGE" >/dev/null
say "container $NAME started on port $PORT"

base="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -sf "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "$base/healthz" >/dev/null || fail "/healthz did not answer within 60 s"
say "/healthz answers 200"
[ "$(docker exec "$NAME" id -u)" != "0" ] || fail "the server runs as root"
say "runs as uid $(docker exec "$NAME" id -u), data in /data"

api() { # METHOD PATH [BODY]
  curl -sS -f -X "$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$base$2"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

list_id=$(api POST /v3/marketing/lists '{"name":"smoke"}' | json 'd["id"]')
say "created list $list_id"
contacts=$(python3 -c "import json; print(json.dumps({'list_ids':['$list_id'],'contacts':[{'email':f'smoke{i}@example.com','first_name':f'Smoke{i}'} for i in range(100)]}))")
job=$(api PUT /v3/marketing/contacts "$contacts" | json 'd["job_id"]')
for _ in $(seq 1 60); do
  status=$(api GET "/v3/marketing/contacts/imports/$job" | json 'd["status"]')
  [ "$status" = completed ] && break
  [ "$status" = failed ] && fail "upsert job $job failed"
  sleep 0.5
done
[ "$status" = completed ] || fail "upsert job $job still $status"
say "upserted 100 contacts into the list (job $job)"

export_id=$(api POST /v3/marketing/contacts/exports "{\"list_ids\":[\"$list_id\"],\"file_type\":\"csv\"}" | json 'd["id"]')
for _ in $(seq 1 120); do
  status=$(api GET "/v3/marketing/contacts/exports/$export_id" | json 'd["status"]')
  [ "$status" != pending ] && break
  sleep 0.5
done
[ "$status" = ready ] || fail "export $export_id is $status"
url=$(api GET "/v3/marketing/contacts/exports/$export_id" | json 'd["urls"][0]')
say "export $export_id ready"
rows=$(curl -sSf "$url" | gzip -dc | tail -n +2 | wc -l)
[ "$rows" -eq 100 ] || fail "the export file has $rows rows, expected 100"
say "downloaded $url: 100 contacts"

for _ in $(seq 1 60); do
  health=$(docker inspect -f '{{.State.Health.Status}}' "$NAME")
  [ "$health" = healthy ] && break
  sleep 1
done
[ "$health" = healthy ] || fail "HEALTHCHECK says $health"
say "docker HEALTHCHECK: $health"

docker stop -t 20 "$NAME" >/dev/null
code=$(docker inspect -f '{{.State.ExitCode}}' "$NAME")
[ "$code" = 0 ] || fail "docker stop: exit code $code"
say "docker stop: exit code 0; last log line: $(docker logs "$NAME" 2>&1 | tail -n 1)"
say "OK"
