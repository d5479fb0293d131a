#!/usr/bin/env bash
# Runs the engine smoke set (up/down, DNS and aliases, named volumes, ports, healthy dependencies,
# exec/run/cp, watch sync, the API's cleanup; on Engine 20.10 also concurrent ups) against one engine, after preparing it, and prints one
# summary line: `engine NAME: N passed, M failed`. Exit 0 only when every test passed. Debian 12,
# as root; used by .ci/run after the whole suite has run on Docker Engine 28.
#
#   scripts/engine-smoke.sh ssh|podman|docker20
#
# - ssh: the local engine behind a private sshd (scripts/ssh-engine.sh), DOCKER_HOST=ssh://…
# - podman: Podman's Docker-compatible service (scripts/podman-engine.sh), DOCKER_HOST=unix://…
# - docker20: Debian 12's Docker Engine 20.10 (API 1.41), installed in place of the running engine
#   (TSCOMPOSE_ENGINE=docker20 scripts/engine.sh); disruptive, so CI runs it last.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
SMOKE=(
  test/up/up-down.test.ts
  test/up/up-dns.test.ts
  test/up/up-volumes.test.ts
  test/up/up-ports.test.ts
  test/up/readiness.test.ts
  test/oneoff/oneoff-exec.test.ts
  test/oneoff/oneoff-run.test.ts
  test/oneoff/oneoff-cp.test.ts
  test/watch/watch-sync.test.ts
  test/api/api-cleanup.test.ts
)

engine="${1:-}"
case "$engine" in
  ssh) eval "$(bash "$HERE/ssh-engine.sh")" ;;
  podman)
    bash "$HERE/podman-engine.sh" >&2
    export DOCKER_HOST="${TSCOMPOSE_PODMAN_HOST:-unix:///run/podman/podman.sock}"
    # Podman's own checks (healthchecks run by tscompose, run --rm exit codes) come with the set.
    export TSCOMPOSE_ENGINE=podman
    SMOKE+=(test/engines/engine-podman.test.ts)
    ;;
  docker20)
    TSCOMPOSE_ENGINE=docker20 bash "$HERE/engine.sh"
    # Engine 20.10 (API < 1.44) can hold two networks of one name: two ups racing must not leave two.
    SMOKE+=(test/up/up-concurrent.test.ts)
    ;;
  *)
    echo "engine-smoke.sh: which engine? ssh, podman or docker20" >&2
    exit 2
    ;;
esac
export DOCKER_HOST="${DOCKER_HOST:-unix:///var/run/docker.sock}"

log="$(mktemp)"
cd "$ROOT"
set +e
npx vitest run --project e2e "${SMOKE[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# vitest's closing line: "Tests  N failed | M passed (T)" or "Tests  M passed (T)".
counts="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests ' | tail -1)"
passed="$(grep -oE '[0-9]+ passed' <<<"$counts" | grep -oE '[0-9]+' || echo 0)"
failed="$(grep -oE '[0-9]+ failed' <<<"$counts" | grep -oE '[0-9]+' || echo 0)"
rm -f "$log"
echo "engine $engine: $passed passed, $failed failed"
exit "$status"
