#!/usr/bin/env bash
# Real Docker Swarm clusters on this machine, for tests: extra dockerd processes, each in its own
# network namespace, joined into one swarm. Idempotent; Debian 12, as root. The main engine
# (/var/run/docker.sock) is only read from (`docker save` of the test image), never changed.
#
#   scripts/swarm-cluster.sh up NAME NODES   # last stdout line: DOCKER_HOST=unix:///…/node1/docker.sock
#   scripts/swarm-cluster.sh down NAME       # removes everything `up NAME` made, even half made
#   scripts/swarm-cluster.sh ls              # the clusters this script made, one a line:
#     NAME<TAB>nodes=N running=R subnet=10.231.K.0/24 owner=PID|- DOCKER_HOST=unix:///…
#
# - NAME: 1 to 9 of [a-z0-9-] (the bridge is `tscsw-NAME`, and interface names stop at 15 chars).
# - Each cluster gets a free subnet 10.231.K.0/24 (K in 1..127): the bridge `tscsw-NAME` in the
#   root namespace holds 10.231.K.1; node I is dockerd in network namespace `tscsw-NAME-nodeI`
#   at 10.231.K.(10+I) on its eth0 (a veth whose root end `tscswKnI` is a port of the bridge).
#   The test process can reach every node's address (host-mode published ports) from the root
#   namespace. Nodes have no default route: nothing leaves 10.231.K.0/24.
# - Node I: socket unix:///run/tscompose-swarm/NAME/nodeI/docker.sock, --data-root
#   /var/lib/tscompose-swarm/NAME/nodeI, --exec-root and --pidfile under /run/tscompose-swarm/NAME/nodeI,
#   hostname NAME-nodeI (its own UTS namespace), node label tsc.node=nodeI, containerd namespace
#   tscsw-NAME-nodeI, cgroup parent /tscsw-NAME-nodeI, log /run/tscompose-swarm/NAME/nodeI/dockerd.log.
# - Node 1 is the manager (`swarm init`), the others join as workers. Overlay subnets come from
#   10.231.128.0/17 (--default-addr-pool), so the whole kit stays inside 10.231.0.0/16.
# - `up` prints one line per node, `nodeI unix:///…/nodeI/docker.sock 10.231.K.(10+I)`, then the
#   manager's DOCKER_HOST=… last; progress goes to stderr. TSCSW_OWNER=PID (optional) is recorded
#   and shown by `ls`, so a later run can reap the clusters of a crashed one.
# - tscompose-busybox:latest is copied into every node from $TSCSW_IMAGE_HOST (default DOCKER_HOST,
#   else the main engine) with `docker save | docker load`.
#
# Facts this relies on (checked on Debian 12, kernel 6.x, Docker Engine 28.5):
# - The kernel has no IPVS: a service's VIP and the ingress routing mesh do not route. Use
#   `--endpoint-mode dnsrr` and `mode=host` published ports.
# - br_netfilter is built in and bridge-nf-call-iptables=1, so frames bridged between two nodes
#   cross the root namespace's iptables FORWARD chain, whose policy the main dockerd sets to DROP.
#   `up` inserts one rule `-i tscsw-NAME -o tscsw-NAME -j ACCEPT` (comment tscompose-swarm:NAME)
#   at the top of FORWARD; `down` deletes it. Without that VXLAN (UDP 4789), gossip (7946) and
#   the swarm port (TCP 2377) between nodes are dropped. Nothing else in the root namespace changes
#   (ip_forward is not needed: node-to-node traffic is bridged, not routed).
# - VXLAN is built into this kernel (no modprobe here); dockerd creates the vxlan devices itself.
# - Each dockerd runs its own (managed) containerd, so node containerd state lives under its own
#   exec/data roots. A shared containerd in the root namespace would not work: dockerd runs in a
#   private mount namespace (`unshare --mount`), so its overlay2 mounts are invisible to a
#   containerd outside it. `--containerd-namespace` keeps even that apart from the main `moby`.
# - `ip netns exec` is not used to start dockerd: it remounts /sys, which hides the cgroup v1
#   hierarchies under /sys/fs/cgroup. `nsenter --net` switches only the network namespace.
# - These nodes are dockerd processes too: a `pkill -x dockerd` stops them (scripts/engine.sh stops
#   only the main dockerd, by its pidfile). `down` still cleans up after nodes killed that way.
# - Swarm tasks get their own stop grace period (10 s) when dockerd stops, whatever
#   --shutdown-timeout says; `down` kills the containers first, so it takes about 5 s.
set -euo pipefail

RUN_BASE="/run/tscompose-swarm"
LIB_BASE="/var/lib/tscompose-swarm"
IMAGE="tscompose-busybox:latest"
IMAGE_HOST="${TSCSW_IMAGE_HOST:-${DOCKER_HOST:-unix:///var/run/docker.sock}}"
ADDR_POOL="10.231.128.0/17"
MAX_NODES=50
START_WAIT=60
READY_WAIT=90
STOP_WAIT=30
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "swarm-cluster.sh: $*" >&2; }
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR
fail() {
  log "$*"
  exit 1
}
usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# ---- names -------------------------------------------------------------------------------------

check_name() {
  [[ "$1" =~ ^[a-z0-9][a-z0-9-]{0,8}$ ]] || fail "bad cluster name '$1': 1 to 9 of [a-z0-9-], starting with a letter or digit"
}
bridge_of() { echo "tscsw-$1"; }
netns_of() { echo "tscsw-$1-node$2"; }
veth_of() { echo "tscsw${2}n${3}"; } # NAME K I (NAME unused: K is unique per cluster)
node_run() { echo "$RUN_BASE/$1/node$2"; }
node_lib() { echo "$LIB_BASE/$1/node$2"; }
node_sock() { echo "$(node_run "$1" "$2")/docker.sock"; }
node_host() { echo "unix://$(node_sock "$1" "$2")"; }
node_addr() { echo "10.231.$2.$((10 + $3))"; } # NAME K I
fw_comment() { echo "tscompose-swarm:$1"; }

# `docker` against node I of cluster NAME.
dk() {
  local name="$1" i="$2"
  shift 2
  docker -H "$(node_host "$name" "$i")" "$@"
}

# ---- locking and subnet allocation ------------------------------------------------------------

# Serialises up/down of one cluster (fd 8) and subnet allocation across clusters (fd 9).
lock_cluster() {
  mkdir -p "$RUN_BASE"
  exec 8>"$RUN_BASE/.$1.lk"
  flock 8
}

# The cluster's K (10.231.K.0/24): remembered in $RUN_BASE/NAME/subnet, else the bridge's address.
known_subnet() {
  local name="$1" k
  if [[ -f "$RUN_BASE/$name/subnet" ]]; then
    cat "$RUN_BASE/$name/subnet"
    return
  fi
  k="$(ip -4 -o addr show dev "$(bridge_of "$name")" 2>/dev/null | sed -nE 's/.* inet 10\.231\.([0-9]+)\.1\/24.*/\1/p' | head -1)"
  echo "$k"
}

allocate_subnet() {
  local name="$1" k used
  k="$(known_subnet "$name")"
  if [[ -n "$k" ]]; then
    echo "$k"
    return
  fi
  exec 9>"$RUN_BASE/.subnets.lk"
  flock 9
  used=" $(cat "$RUN_BASE"/*/subnet 2>/dev/null | tr '\n' ' ') "
  for k in $(seq 1 127); do
    [[ "$used" == *" $k "* ]] && continue
    # Any address or route in 10.231.K.0/24 in the root namespace means someone uses it.
    ip -4 -o addr show | grep -q " 10\.231\.$k\." && continue
    ip -4 route show | grep -q "^10\.231\.$k\." && continue
    mkdir -p "$RUN_BASE/$name"
    echo "$k" >"$RUN_BASE/$name/subnet"
    flock -u 9
    echo "$k"
    return
  done
  fail "no free subnet in 10.231.1-127.0/24"
}

# ---- processes ---------------------------------------------------------------------------------

# The pid of node I's dockerd when it runs (checked against its cmdline, so a reused pid is ignored).
dockerd_pid() {
  local name="$1" i="$2" pidfile pid
  pidfile="$(node_run "$name" "$i")/docker.pid"
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$(node_sock "$name" "$i")"; then
    echo "$pid"
  fi
}

alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

# Waits until none of the pids is alive, up to $1 seconds; returns 1 on timeout.
wait_gone() {
  local seconds="$1" deadline p any
  shift
  deadline=$((SECONDS + seconds))
  while :; do
    any=0
    for p in "$@"; do alive "$p" && any=1 && break; done
    [[ "$any" == 0 ]] && return 0
    [[ "$SECONDS" -ge "$deadline" ]] && return 1
    sleep 0.2
  done
}

# ---- up ----------------------------------------------------------------------------------------

setup_bridge() {
  local name="$1" k="$2" br comment
  br="$(bridge_of "$name")"
  if ! ip link show "$br" >/dev/null 2>&1; then
    ip link add "$br" type bridge
  fi
  ip addr replace "10.231.$k.1/24" dev "$br"
  ip link set "$br" up
  # See the header: bridged frames cross the root FORWARD chain (policy DROP) with br_netfilter.
  comment="$(fw_comment "$name")"
  if command -v iptables >/dev/null 2>&1 &&
    ! iptables -C FORWARD -i "$br" -o "$br" -m comment --comment "$comment" -j ACCEPT 2>/dev/null; then
    iptables -I FORWARD 1 -i "$br" -o "$br" -m comment --comment "$comment" -j ACCEPT
  fi
}

setup_node_net() {
  local name="$1" k="$2" i="$3" ns veth
  ns="$(netns_of "$name" "$i")"
  veth="$(veth_of "$name" "$k" "$i")"
  [[ -e "/run/netns/$ns" ]] || ip netns add "$ns"
  ip -n "$ns" link set lo up
  if ! ip link show "$veth" >/dev/null 2>&1; then
    ip -n "$ns" link del eth0 2>/dev/null || true
    ip link add "$veth" type veth peer name eth0 netns "$ns"
  fi
  ip link set "$veth" master "$(bridge_of "$name")" up
  ip -n "$ns" addr replace "$(node_addr "$name" "$k" "$i")/24" dev eth0
  ip -n "$ns" link set eth0 up
}

# Runs in the node's new namespaces as `sh -c "$NODE_INIT" sh HOSTNAME SCRATCH_DIR COMMAND...`.
# shellcheck disable=SC2016
NODE_INIT='set -e
hostname "$1"
mount --rbind /sys/fs/cgroup "$2"
mount -t sysfs sysfs /sys
mount --rbind "$2" /sys/fs/cgroup
umount -l "$2"
shift 2
exec "$@"'

start_dockerd() {
  local name="$1" k="$2" i="$3" run lib ns
  [[ -n "$(dockerd_pid "$name" "$i")" ]] && return 0
  run="$(node_run "$name" "$i")"
  lib="$(node_lib "$name" "$i")"
  ns="$(netns_of "$name" "$i")"
  mkdir -p "$run" "$lib"
  rm -f "$run/docker.sock" "$run/docker.pid"
  # Its own (empty) config file: /etc/docker/daemon.json is the main engine's.
  echo '{}' >"$run/daemon.json"
  # nsenter --net: only the network namespace (see the header about `ip netns exec`);
  # unshare --uts: its own hostname; --mount --propagation slave: its mounts stay its own and vanish
  # with it. In that mount namespace, a sysfs of the node's network namespace (dockerd reads
  # /sys/class/net/<bridge>/… for its bridges; the root one shows the root namespace's devices)
  # with the host's cgroup hierarchies bound back under it.
  # setsid and every fd redirected or closed: it outlives this script and holds none of its pipes
  # or locks (a dockerd holding fd 8 would block every later `up`/`down` of its cluster).
  mkdir -p "$run/cgroup"
  setsid nsenter --net="/run/netns/$ns" -- \
    unshare --uts --mount --propagation slave -- \
    sh -c "$NODE_INIT" sh "$name-node$i" "$run/cgroup" \
    dockerd \
    --host "unix://$run/docker.sock" \
    --data-root "$lib" \
    --exec-root "$run/exec" \
    --pidfile "$run/docker.pid" \
    --config-file "$run/daemon.json" \
    --containerd-namespace "$ns" \
    --containerd-plugins-namespace "$ns-plugins" \
    --cgroup-parent "/$ns" \
    --swarm-default-advertise-addr "$(node_addr "$name" "$k" "$i")" \
    --shutdown-timeout 2 \
    </dev/null >>"$run/dockerd.log" 2>&1 8>&- 9>&- &
}

wait_dockerd() {
  local name="$1" i="$2" deadline
  deadline=$((SECONDS + START_WAIT))
  until dk "$name" "$i" version --format '{{.Server.Version}}' >/dev/null 2>&1; do
    if [[ "$SECONDS" -ge "$deadline" ]]; then
      log "node$i: dockerd did not answer within ${START_WAIT}s; the end of $(node_run "$name" "$i")/dockerd.log:"
      tail -n 20 "$(node_run "$name" "$i")/dockerd.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

load_images() {
  local name="$1" nodes="$2" i need=() tar err pids=() rc=0
  for i in $(seq 1 "$nodes"); do
    dk "$name" "$i" image inspect "$IMAGE" >/dev/null 2>&1 || need+=("$i")
  done
  [[ ${#need[@]} -eq 0 ]] && return 0
  tar="$RUN_BASE/$name/image.tar"
  if ! err="$(docker -H "$IMAGE_HOST" save -o "$tar" "$IMAGE" 2>&1)"; then
    log "$IMAGE could not be read from $IMAGE_HOST ($err): building it on node1 from scripts/test-image/"
    build_image_on "$name" 1
    dk "$name" 1 save -o "$tar" "$IMAGE"
  fi
  for i in "${need[@]}"; do
    dk "$name" "$i" image inspect "$IMAGE" >/dev/null 2>&1 && continue
    dk "$name" "$i" load -q -i "$tar" >/dev/null &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  rm -f "$tar"
  [[ "$rc" == 0 ]] || fail "loading $IMAGE into the nodes failed"
}

# As scripts/engine.sh builds it: the Debian static busybox on an empty base.
build_image_on() {
  local name="$1" i="$2" ctx
  [[ -x /bin/busybox ]] || fail "no /bin/busybox (Debian's busybox-static) to build $IMAGE from; run scripts/engine.sh"
  ctx="$(mktemp -d)"
  cp "$HERE/test-image/Dockerfile" "$HERE/test-image/passwd" "$HERE/test-image/group" "$ctx/"
  cp /bin/busybox "$ctx/busybox"
  DOCKER_BUILDKIT=0 dk "$name" "$i" build --quiet --tag "$IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
}

swarm_state() { dk "$1" "$2" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true; }

form_swarm() {
  local name="$1" k="$2" nodes="$3" i addr token manager pids=() rc=0
  manager="$(node_addr "$name" "$k" 1)"
  case "$(swarm_state "$name" 1)" in
    active) ;;
    *)
      dk "$name" 1 swarm init --advertise-addr "$manager" --listen-addr "$manager:2377" \
        --default-addr-pool "$ADDR_POOL" --default-addr-pool-mask-length 24 >/dev/null
      ;;
  esac
  token="$(dk "$name" 1 swarm join-token -q worker)"
  for i in $(seq 2 "$nodes"); do
    [[ "$(swarm_state "$name" "$i")" == active ]] && continue
    addr="$(node_addr "$name" "$k" "$i")"
    dk "$name" "$i" swarm join --token "$token" --advertise-addr "$addr" --listen-addr "$addr:2377" \
      "$manager:2377" >/dev/null &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  [[ "$rc" == 0 ]] || fail "a worker could not join the swarm (see $RUN_BASE/$name/node*/dockerd.log)"
}

wait_ready() {
  local name="$1" nodes="$2" deadline i id label
  deadline=$((SECONDS + READY_WAIT))
  for i in $(seq 1 "$nodes"); do
    id="$(dk "$name" "$i" info --format '{{.Swarm.NodeID}}')"
    until [[ "$(dk "$name" 1 node inspect --format '{{.Status.State}}' "$id" 2>/dev/null || true)" == ready ]]; do
      if [[ "$SECONDS" -ge "$deadline" ]]; then
        dk "$name" 1 node ls >&2 || true
        fail "node$i is not Ready after ${READY_WAIT}s"
      fi
      sleep 0.2
    done
    label="$(dk "$name" 1 node inspect --format '{{index .Spec.Labels "tsc.node"}}' "$id")"
    [[ "$label" == "node$i" ]] || dk "$name" 1 node update --label-add "tsc.node=node$i" "$id" >/dev/null
  done
}

cmd_up() {
  local name="$1" nodes="$2" k i pids=() rc=0 existing started
  check_name "$name"
  [[ "$nodes" =~ ^[0-9]+$ && "$nodes" -ge 1 && "$nodes" -le "$MAX_NODES" ]] || fail "NODES must be 1 to $MAX_NODES, not '$nodes'"
  for tool in ip iptables nsenter unshare setsid flock dockerd docker; do
    command -v "$tool" >/dev/null 2>&1 || fail "'$tool' is not installed (needed to make a cluster)"
  done
  [[ "$(id -u)" == 0 ]] || fail "run as root (it makes network namespaces and starts dockerd)"
  lock_cluster "$name"
  existing="$({ find "$RUN_BASE/$name" -maxdepth 1 -name 'node*' -type d 2>/dev/null || true; } | wc -l)"
  [[ "$existing" -le "$nodes" ]] || fail "cluster $name has $existing nodes, more than $nodes: run 'down $name' first"
  started=$SECONDS
  k="$(allocate_subnet "$name")"
  echo "$nodes" >"$RUN_BASE/$name/nodes"
  # Who asked for it (the test helper passes its pid), so a later run can reap a crashed run's cluster.
  [[ -n "${TSCSW_OWNER:-}" ]] && echo "$TSCSW_OWNER" >"$RUN_BASE/$name/owner"
  setup_bridge "$name" "$k"
  for i in $(seq 1 "$nodes"); do
    setup_node_net "$name" "$k" "$i"
    start_dockerd "$name" "$k" "$i"
  done
  for i in $(seq 1 "$nodes"); do
    wait_dockerd "$name" "$i" &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || rc=1; done
  [[ "$rc" == 0 ]] || fail "not every node's dockerd started"
  load_images "$name" "$nodes"
  form_swarm "$name" "$k" "$nodes"
  wait_ready "$name" "$nodes"
  log "cluster $name: $nodes node(s) Ready on 10.231.$k.0/24 in $((SECONDS - started))s"
  for i in $(seq 1 "$nodes"); do
    echo "node$i $(node_host "$name" "$i") $(node_addr "$name" "$k" "$i")"
  done
  echo "DOCKER_HOST=$(node_host "$name" 1)"
}

# ---- down --------------------------------------------------------------------------------------

# Node numbers of cluster NAME, from whatever is left of it: netns, run and data folders.
nodes_of() {
  local name="$1"
  {
    ip netns list 2>/dev/null | awk '{print $1}' | sed -nE "s/^tscsw-$name-node([0-9]+)$/\1/p"
    find "$RUN_BASE/$name" "$LIB_BASE/$name" -maxdepth 1 -type d -name 'node*' 2>/dev/null | sed -nE 's/.*\/node([0-9]+)$/\1/p'
  } | sort -nu
}

# Pids in the cgroups /tscsw-NAME-nodeI (every v1 hierarchy, and v2): the node's containers.
cgroup_dirs() {
  local ns="$1"
  find /sys/fs/cgroup -depth -type d \( -path "*/$ns" -o -path "*/$ns/*" \) 2>/dev/null || true
}
cgroup_pids() {
  local d
  while read -r d; do
    [[ -n "$d" && -f "$d/cgroup.procs" ]] && cat "$d/cgroup.procs" 2>/dev/null
  done < <(cgroup_dirs "$1")
  return 0
}

# Every process this script's node started that may outlive its dockerd: those in the node's network
# namespace (dockerd, containerd, shims, docker-proxy), those in its cgroups (containers), and shims
# of its containerd (started with `-address <its exec-root>/containerd/containerd.sock`).
leftover_pids() {
  local name="$1" i="$2" ns
  ns="$(netns_of "$name" "$i")"
  {
    [[ -e "/run/netns/$ns" ]] && ip netns pids "$ns" 2>/dev/null
    cgroup_pids "$ns"
    grep -lsaF -- "$(node_run "$name" "$i")/exec/containerd/containerd.sock" /proc/[0-9]*/cmdline | cut -d/ -f3
  } | sort -nu | grep -vx "$$" || true
}

stop_node() {
  local name="$1" i="$2" pid ns pids ids
  ns="$(netns_of "$name" "$i")"
  pid="$(dockerd_pid "$name" "$i")"
  if alive "$pid"; then
    # Swarm tasks get their 10 s stop grace period on shutdown whatever --shutdown-timeout says, and
    # busybox httpd or sleep as PID 1 ignores SIGTERM: kill the containers first (a killed task is
    # restarted only after its restart delay, 5 s by default, by when dockerd is stopping).
    mapfile -t ids < <(timeout 10 docker -H "$(node_host "$name" "$i")" ps -q 2>/dev/null || true)
    if [[ ${#ids[@]} -gt 0 ]]; then
      timeout 10 docker -H "$(node_host "$name" "$i")" kill "${ids[@]}" >/dev/null 2>&1 || true
    fi
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$STOP_WAIT" "$pid"; then
      log "node$i: dockerd $pid did not stop within ${STOP_WAIT}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone 10 "$pid" || true
    fi
  fi
  # Whatever remains once dockerd is gone (a killed dockerd leaves shims and containers behind;
  # a shim ignores SIGTERM while its container runs): nothing is left to stop them gracefully.
  mapfile -t pids < <(leftover_pids "$name" "$i")
  if [[ ${#pids[@]} -gt 0 ]]; then
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait_gone 10 "${pids[@]}" || log "node$i: processes ${pids[*]} survived SIGKILL"
  fi
  # The node's cgroups, deepest first (empty now).
  cgroup_dirs "$ns" | while read -r d; do rmdir "$d" 2>/dev/null || true; done
}

cmd_down() {
  local name="$1" k i br veth comment pids=() mnt
  check_name "$name"
  lock_cluster "$name"
  k="$(known_subnet "$name")"
  for i in $(nodes_of "$name"); do
    stop_node "$name" "$i" &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  # Mounts left in the root namespace under the cluster's folders (none when dockerd exited cleanly:
  # its mounts lived in its own mount namespace).
  while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done < <(awk -v a="$RUN_BASE/$name/" -v b="$LIB_BASE/$name/" 'index($5, a) == 1 || index($5, b) == 1 {print $5}' /proc/self/mountinfo | sort -r)
  for i in $(nodes_of "$name"); do
    [[ -e "/run/netns/$(netns_of "$name" "$i")" ]] && ip netns del "$(netns_of "$name" "$i")"
    if [[ -n "$k" ]]; then
      veth="$(veth_of "$name" "$k" "$i")"
      ip link show "$veth" >/dev/null 2>&1 && ip link del "$veth"
    fi
  done
  br="$(bridge_of "$name")"
  # Ports of the bridge whose node folder was already gone.
  for veth in $(ip -o link show master "$br" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip link del "$veth" 2>/dev/null || true
  done
  ip link show "$br" >/dev/null 2>&1 && ip link del "$br"
  comment="$(fw_comment "$name")"
  if command -v iptables >/dev/null 2>&1; then
    while iptables -D FORWARD -i "$br" -o "$br" -m comment --comment "$comment" -j ACCEPT 2>/dev/null; do :; done
  fi
  rm -rf "${LIB_BASE:?}/$name" "${RUN_BASE:?}/$name"
  rm -f "$RUN_BASE/.$name.lk" "$RUN_BASE/.$name.lock" # .lock: the name before 1928fee
  log "cluster $name is down"
}

# ---- ls ----------------------------------------------------------------------------------------

cmd_ls() {
  local name k n running i owner
  {
    find "$RUN_BASE" "$LIB_BASE" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null
    ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | sed -nE 's/^tscsw-(.+)$/\1/p'
  } | sort -u | while read -r name; do
    [[ -n "$name" ]] || continue
    k="$(known_subnet "$name")"
    n=0
    running=0
    for i in $(nodes_of "$name"); do
      n=$((n + 1))
      [[ -n "$(dockerd_pid "$name" "$i")" ]] && running=$((running + 1))
    done
    owner="$(cat "$RUN_BASE/$name/owner" 2>/dev/null || echo -)"
    printf '%s\tnodes=%s running=%s subnet=%s owner=%s DOCKER_HOST=%s\n' \
      "$name" "$n" "$running" "${k:+10.231.$k.0/24}" "$owner" "$(node_host "$name" 1)"
  done
}

case "${1:-}" in
  up)
    [[ $# -eq 3 ]] || fail "usage: $0 up NAME NODES"
    cmd_up "$2" "$3"
    ;;
  down)
    [[ $# -eq 2 ]] || fail "usage: $0 down NAME"
    cmd_down "$2"
    ;;
  ls)
    cmd_ls
    ;;
  -h | --help | help)
    usage
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac
