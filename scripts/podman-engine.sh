#!/usr/bin/env bash
# Makes sure Podman's Docker-compatible API answers on its own socket and the test image exists
# there. Idempotent; Debian 12, as root. Docker's own socket is never touched.
#
#   scripts/podman-engine.sh [--rebuild]      # then: DOCKER_HOST=unix:///run/podman/podman.sock …
#
# - Installs Debian's podman (and busybox-static) when missing.
# - Writes $TSCOMPOSE_PODMAN_CONF (default /etc/tscompose/podman-containers.conf) with the
#   default_ulimits that let Debian's Podman 4.3 start containers when root lacks
#   CAP_SYS_RESOURCE (it otherwise fails to raise nofile/nproc), and runs the service with
#   CONTAINERS_CONF naming it.
# - Starts `podman system service --time=0 unix://$TSCOMPOSE_PODMAN_SOCKET` (default
#   /run/podman/podman.sock) in the background (setsid, log: $TSCOMPOSE_PODMAN_LOG, default
#   /var/log/tscompose-podman.log) when it does not answer, and waits up to 60 s for `_ping`.
# - Builds tscompose-busybox:latest from scripts/test-image/ there when missing (or with --rebuild).
# - Checks that the service can run a container (create, start, wait, remove): a service left
#   running by an earlier session can answer `_ping` and still fail every start ("write child:
#   broken pipe"); such a service is stopped and started again, once.
# - Prints which engine and API version answered (its `/version`).
set -euo pipefail

IMAGE="tscompose-busybox:latest"
SOCK="${TSCOMPOSE_PODMAN_SOCKET:-/run/podman/podman.sock}"
CONF="${TSCOMPOSE_PODMAN_CONF:-/etc/tscompose/podman-containers.conf}"
LOG="${TSCOMPOSE_PODMAN_LOG:-/var/log/tscompose-podman.log}"
WAIT_SECONDS=60
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REBUILD=0

for arg in "$@"; do
  case "$arg" in
    --rebuild) REBUILD=1 ;;
    -h | --help)
      sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "podman-engine.sh: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

log() { echo "podman-engine.sh: $*" >&2; }
fail() {
  log "$*"
  exit 1
}

[[ "$(id -u)" == 0 ]] || fail "run as root (it installs podman and starts its service)"

# api PATH [SECONDS [CURL-ARGS…]]: the service's answer to PATH (GET unless CURL-ARGS say otherwise).
api() {
  local path="$1" seconds="${2:-5}"
  shift $(($# < 2 ? $# : 2))
  curl -fsS --max-time "$seconds" --unix-socket "$SOCK" "$@" "http://d$path"
}
answers() { [[ -S "$SOCK" ]] && api /_ping 3 >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  # Debian's plain `busybox` is dynamically linked and would not run in a scratch image.
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  [[ ${#missing[@]} -eq 0 ]] && return
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 || {
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
  } || fail "could not install ${missing[*]}"
}

write_conf() {
  local want
  want="$(printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]\n')"
  [[ -f "$CONF" && "$(cat "$CONF")" == "$want" ]] && return
  mkdir -p "$(dirname "$CONF")"
  printf '%s\n' "$want" >"$CONF"
  log "wrote $CONF"
}

start_service() {
  mkdir -p "$(dirname "$SOCK")" "$(dirname "$LOG")"
  # A stale socket file of a service that died would make the new one fail to bind.
  [[ -S "$SOCK" ]] && rm -f "$SOCK"
  log "starting podman system service on unix://$SOCK (log: $LOG)"
  # setsid: the service must outlive this script and the shell job that ran it.
  CONTAINERS_CONF="$CONF" setsid nohup podman system service --time=0 "unix://$SOCK" >>"$LOG" 2>&1 </dev/null &
  local waited=0
  until answers; do
    if [[ "$waited" -ge "$WAIT_SECONDS" ]]; then
      log "podman did not answer within ${WAIT_SECONDS}s; last lines of $LOG:"
      tail -n 40 "$LOG" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "podman answers after ${waited}s"
}

build_image() {
  local ctx status=0
  ctx="$(mktemp -d)"
  cp "$HERE/test-image/Dockerfile" "$HERE/test-image/passwd" "$HERE/test-image/group" "$ctx/"
  cp "$(readlink -f /bin/busybox)" "$ctx/busybox"
  log "building $IMAGE on podman"
  # Through the service's own build endpoint, so the image lands in the store the socket serves.
  tar -C "$ctx" -cf "$ctx.tar" . || status=$?
  if [[ "$status" == 0 ]]; then
    curl -fsS --max-time 300 --unix-socket "$SOCK" -X POST -H 'Content-Type: application/x-tar' \
      --data-binary "@$ctx.tar" "http://d/build?t=${IMAGE}&rm=1" >/dev/null || status=$?
  fi
  rm -rf "$ctx" "$ctx.tar"
  [[ "$status" == 0 ]] || fail "building $IMAGE on podman failed (curl exit $status)"
  api "/images/${IMAGE}/json" >/dev/null 2>&1 || fail "$IMAGE is missing on podman after the build"
}

# Runs `true` in a throwaway container through the API; the reason on stderr when it cannot.
runs_container() {
  local created id status=0
  created="$(curl -fsS --max-time 30 --unix-socket "$SOCK" -X POST -H 'Content-Type: application/json' \
    -d "{\"Image\":\"$IMAGE\",\"Cmd\":[\"true\"],\"Labels\":{\"tscompose.probe\":\"podman-engine\"}}" \
    "http://d/containers/create" 2>&1)" || {
    log "probe container not created: $created"
    return 1
  }
  id="$(printf '%s' "$created" | sed -n 's/.*"Id":"\([0-9a-f]*\)".*/\1/p')"
  [[ -n "$id" ]] || {
    log "probe container not created: $created"
    return 1
  }
  api "/containers/$id/start" 30 -X POST >/dev/null 2>&1 || status=$?
  [[ "$status" == 0 ]] && { api "/containers/$id/wait" 30 -X POST | grep -q '"StatusCode":0' || status=1; }
  [[ "$status" == 0 ]] || log "a probe container did not run true to exit 0 (start or wait failed; see $LOG)"
  api "/containers/$id?force=true" 30 -X DELETE >/dev/null 2>&1 || true
  return "$status"
}

stop_service() {
  log "stopping the podman service on unix://$SOCK"
  pkill -f "podman system service --time=0 unix://$SOCK" || true
  local waited=0
  while answers && [[ "$waited" -lt 20 ]]; do
    sleep 1
    waited=$((waited + 1))
  done
}

install_packages
write_conf
answers || start_service
if [[ "$REBUILD" == 1 ]] || ! api "/images/${IMAGE}/json" >/dev/null 2>&1; then build_image; fi
if ! runs_container; then
  stop_service
  start_service
  runs_container || fail "podman answers but cannot run a container, even after a restart of its service (see $LOG)"
  log "podman runs containers after a restart of its service"
fi
version="$(api /version)"
name="$(printf '%s' "$version" | sed -n 's/.*"Components":\[{"Name":"\([^"]*\)".*/\1/p')"
ver="$(printf '%s' "$version" | sed -n 's/.*"Version":"\([^"]*\)".*/\1/p' | head -n1)"
apiv="$(printf '%s' "$version" | sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p' | head -n1)"
log "engine ready: ${name:-podman} ${ver:-?} (API ${apiv:-?}) at unix://$SOCK, image $IMAGE present"
echo "DOCKER_HOST=unix://$SOCK"
