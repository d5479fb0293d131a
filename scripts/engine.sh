#!/usr/bin/env bash
# Makes sure a Docker Engine answers and the test image exists. Idempotent: run it before the
# end-to-end tests, locally or in CI (Debian 12, as root).
#
#   TSCOMPOSE_ENGINE=docker28|docker20 scripts/engine.sh [--rebuild]
#
# - TSCOMPOSE_ENGINE (default docker28, what users run today): docker28 is Debian unstable's docker.io
#   28.x (installed from downloaded .deb files with Debian 12's containerd and runc, see
#   debian-download.sh); docker20 is Debian 12's docker.io 20.10.
# - When no engine answers (DOCKER_HOST, else /var/run/docker.sock), installs the engine and
#   busybox-static if missing, starts dockerd in the background (log: $TSCOMPOSE_DOCKERD_LOG, default
#   /var/log/tscompose-dockerd.log) and waits up to 60 s for it. A local dockerd of the other version
#   that this script can see is replaced.
# - Builds tscompose-busybox:latest from scripts/test-image/ when missing (or always with --rebuild).
# - Prints which engine and API version answered.
set -euo pipefail

IMAGE="tscompose-busybox:latest"
ENGINE="${TSCOMPOSE_ENGINE:-docker28}"
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

# The major version of the installed dockerd, or empty.
installed_major() {
  command -v dockerd >/dev/null 2>&1 || return 0
  dockerd --version 2>/dev/null | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p'
}

wanted_major() {
  case "$ENGINE" in
    docker28) echo 28 ;;
    docker20) echo 20 ;;
    *)
      log "unknown TSCOMPOSE_ENGINE=$ENGINE (docker28 or docker20)"
      exit 2
      ;;
  esac
}

ensure_engine_package() {
  [[ "$(installed_major)" == "$(wanted_major)" ]] && return
  if [[ "$ENGINE" == docker28 ]]; then
    local dir
    dir="$(mktemp -d)"
    log "installing Debian unstable's docker.io 28 (with Debian 12's containerd and runc)"
    bash "$HERE/debian-download.sh" "$dir" docker.io tini-static >/dev/null
    apt_install "$dir"/*.deb
    rm -rf "$dir"
  else
    log "installing Debian 12's docker.io 20.10"
    apt_install --allow-downgrades "docker.io/$(. /etc/os-release && echo "$VERSION_CODENAME")"
  fi
}

ensure_packages() {
  local missing=()
  ensure_engine_package
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
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

# A local dockerd of another version than the one asked for is stopped (only one listens on the socket).
stop_other_dockerd() {
  [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix://* ]] && return
  local running
  running="$(docker version --format '{{.Server.Version}}' 2>/dev/null | cut -d. -f1 || true)"
  [[ -z "$running" || "$running" == "$(wanted_major)" ]] && return
  log "dockerd $running answers but $ENGINE was asked for: stopping it"
  local pids
  pids="$(main_dockerd_pids)"
  [[ -n "$pids" ]] && kill $pids 2>/dev/null || true
  local waited=0
  while [[ -n "$(main_dockerd_pids)" && "$waited" -lt 30 ]]; do sleep 1; waited=$((waited + 1)); done
}

# The main engine's dockerd: the pid in /var/run/docker.pid, else any dockerd started without its own
# --pidfile. Other dockerds (the Swarm test clusters of scripts/swarm-cluster.sh, each with its own
# pidfile) are left running.
main_dockerd_pids() {
  local pid
  pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    echo "$pid"
    return
  fi
  pgrep -a -x dockerd 2>/dev/null | grep -v -- '--pidfile' | cut -d' ' -f1 | tr '\n' ' ' || true
}

stop_other_dockerd
if ! engine_answers; then
  ensure_packages
  start_dockerd
fi
ensure_image
log "engine ready: $ENGINE, Docker Engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo '?'), image $IMAGE present"
