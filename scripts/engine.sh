#!/usr/bin/env bash
# Makes sure a Docker Engine answers and the test image exists. Idempotent: run it before the
# end-to-end tests, locally or in CI (Debian 12, as root).
#
#   scripts/engine.sh [--rebuild]
#
# - When no engine answers (DOCKER_HOST, else /var/run/docker.sock), installs Debian's docker.io and
#   busybox-static if missing, starts dockerd in the background (log: $TSCOMPOSE_DOCKERD_LOG, default
#   /var/log/tscompose-dockerd.log) and waits up to 60 s for it.
# - Builds tscompose-busybox:latest from scripts/test-image/ when missing (or always with --rebuild).
set -euo pipefail

IMAGE="tscompose-busybox:latest"
DOCKERD_LOG="${TSCOMPOSE_DOCKERD_LOG:-/var/log/tscompose-dockerd.log}"
WAIT_SECONDS=60
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REBUILD=0

for arg in "$@"; do
  case "$arg" in
    --rebuild) REBUILD=1 ;;
    -h | --help)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "engine.sh: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

log() { echo "engine.sh: $*" >&2; }

# The unix socket the engine listens on, or empty when DOCKER_HOST points elsewhere (tcp://…).
socket_path() {
  local host="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  case "$host" in
    unix://*) echo "${host#unix://}" ;;
    *) echo "" ;;
  esac
}

engine_answers() {
  if command -v docker >/dev/null 2>&1; then
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1
    return
  fi
  local sock
  sock="$(socket_path)"
  [[ -n "$sock" && -S "$sock" ]] && curl -fsS --max-time 3 --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1
}

APT_UPDATED=0
apt_install() {
  if [[ "$(id -u)" -ne 0 ]]; then
    log "need to install $* but not running as root; install them or run this script as root"
    exit 1
  fi
  if [[ "$APT_UPDATED" -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 && command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  # Debian's plain `busybox` package is dynamically linked and would not run in a scratch image.
  dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

start_dockerd() {
  local sock
  sock="$(socket_path)"
  if [[ -z "$sock" ]]; then
    log "DOCKER_HOST=$DOCKER_HOST does not answer and is not a local unix socket; start that engine or unset DOCKER_HOST"
    exit 1
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    log "no engine answers at unix://$sock and starting dockerd needs root; run this script as root"
    exit 1
  fi
  mkdir -p "$(dirname "$DOCKERD_LOG")"
  log "starting dockerd on unix://$sock (log: $DOCKERD_LOG)"
  # setsid: the daemon must outlive this script and the shell job that ran it.
  setsid nohup dockerd --host "unix://$sock" >>"$DOCKERD_LOG" 2>&1 </dev/null &
  local waited=0
  until engine_answers; do
    if [[ "$waited" -ge "$WAIT_SECONDS" ]]; then
      log "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $DOCKERD_LOG:"
      tail -n 40 "$DOCKERD_LOG" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "dockerd answers after ${waited}s"
}

build_image() {
  local busybox ctx
  busybox="$(readlink -f /bin/busybox)"
  ctx="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand $ctx now: it is local to this function.
  trap "rm -rf '$ctx'" EXIT
  cp "$HERE/test-image/Dockerfile" "$HERE/test-image/passwd" "$HERE/test-image/group" "$ctx/"
  cp "$busybox" "$ctx/busybox"
  log "building $IMAGE"
  # The classic builder needs no buildx plugin, which Debian's docker.io does not ship.
  DOCKER_BUILDKIT=0 docker build --quiet --tag "$IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
  trap - EXIT
}

ensure_image() {
  if [[ "$REBUILD" -eq 0 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    return
  fi
  ensure_packages
  build_image
}

if ! engine_answers; then
  ensure_packages
  start_dockerd
fi
ensure_image
log "engine ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')), image $IMAGE present"
