#!/usr/bin/env bash
# Starts a private sshd on 127.0.0.1 through which the local Docker Engine is a "remote" engine,
# for the ssh tests (test/engines/remote-ssh.test.ts). Idempotent; Debian 12, as root.
#
#   eval "$(scripts/ssh-engine.sh)"    # then: tscompose up …  (through DOCKER_HOST=ssh://…)
#
# - Installs Debian's openssh-server when sshd is missing (without starting the distribution's
#   own sshd on port 22).
# - Everything lives in $TSCOMPOSE_SSHD_DIR (default /var/lib/tscompose-sshd): the host key, a
#   generated client key, the authorized_keys file, sshd's config (key auth only,
#   PermitRootLogin prohibit-password, listening on 127.0.0.1:$TSCOMPOSE_SSHD_PORT, default 2222),
#   a client config, and bin/ssh, a wrapper that runs the system ssh with that client config.
#   Nothing in ~/.ssh or /etc/ssh changes.
# - Prints, on stdout, the environment to use: DOCKER_HOST=ssh://root@127.0.0.1:PORT and a PATH
#   that finds the wrapper first (OpenSSH reads ~/.ssh/config from the passwd home directory, not
#   $HOME, so a wrapper on PATH is how tests give ssh its key without touching ~/.ssh).
# - Checks the result with `ssh … docker version` and fails (exit 1) when that does not answer.
set -euo pipefail

DIR="${TSCOMPOSE_SSHD_DIR:-/var/lib/tscompose-sshd}"
PORT="${TSCOMPOSE_SSHD_PORT:-2222}"
HOST=127.0.0.1

case "${1:-}" in
  -h | --help)
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  "") ;;
  *)
    echo "ssh-engine.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

log() { echo "ssh-engine.sh: $*" >&2; }
fail() {
  log "$*"
  exit 1
}

[[ "$(id -u)" == 0 ]] || fail "run as root (sshd must read the host key and log root in)"

install_sshd() {
  [[ -x /usr/sbin/sshd ]] && return
  log "installing openssh-server"
  # Keep the package's postinst from starting the distribution's sshd on port 22.
  local policy=/usr/sbin/policy-rc.d made_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server >&2 || {
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server >&2
  } || status=$?
  [[ "$made_policy" == 1 ]] && rm -f "$policy"
  [[ "$status" == 0 && -x /usr/sbin/sshd ]] || fail "could not install openssh-server (apt-get exit $status)"
}

write_files() {
  mkdir -p "$DIR/bin" /run/sshd
  chmod 700 "$DIR"
  [[ -f "$DIR/ssh_host_ed25519_key" ]] || ssh-keygen -q -t ed25519 -N "" -C "tscompose-sshd host" -f "$DIR/ssh_host_ed25519_key"
  [[ -f "$DIR/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N "" -C "tscompose-sshd client" -f "$DIR/id_ed25519"
  cp "$DIR/id_ed25519.pub" "$DIR/authorized_keys"
  chmod 600 "$DIR/authorized_keys"
  cat >"$DIR/sshd_config.new" <<EOF
# Written by scripts/ssh-engine.sh: a private sshd for tscompose's ssh tests.
Port $PORT
ListenAddress $HOST
HostKey $DIR/ssh_host_ed25519_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
PrintMotd no
AllowTcpForwarding no
X11Forwarding no
EOF
  CONFIG_CHANGED=1
  if cmp -s "$DIR/sshd_config.new" "$DIR/sshd_config"; then CONFIG_CHANGED=0; fi
  mv "$DIR/sshd_config.new" "$DIR/sshd_config"
  cat >"$DIR/ssh_config" <<EOF
# Written by scripts/ssh-engine.sh: how the tests' ssh reaches the private sshd.
Host *
  IdentityFile $DIR/id_ed25519
  IdentitiesOnly yes
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
EOF
  cat >"$DIR/bin/ssh" <<EOF
#!/bin/sh
# Written by scripts/ssh-engine.sh: the system ssh with the private sshd's client config.
exec /usr/bin/ssh -F "$DIR/ssh_config" "\$@"
EOF
  chmod 755 "$DIR/bin/ssh"
}

running() {
  [[ -f "$DIR/sshd.pid" ]] && kill -0 "$(cat "$DIR/sshd.pid")" 2>/dev/null
}

start_sshd() {
  /usr/sbin/sshd -t -f "$DIR/sshd_config" || fail "sshd rejects $DIR/sshd_config"
  if running; then
    # Re-read the config only when it changed: a reload briefly closes the listening socket.
    if [[ "$CONFIG_CHANGED" == 1 ]]; then kill -HUP "$(cat "$DIR/sshd.pid")"; fi
    return 0
  fi
  log "starting sshd on $HOST:$PORT (log: $DIR/sshd.log)"
  /usr/sbin/sshd -f "$DIR/sshd_config" -E "$DIR/sshd.log" || fail "sshd did not start (see $DIR/sshd.log)"
}

check() {
  local i out
  for i in $(seq 1 50); do
    if out="$("$DIR/bin/ssh" -o ConnectTimeout=5 -T -l root -p "$PORT" -- "$HOST" docker version --format '{{.Server.Version}}' 2>&1)"; then
      log "docker $out answers through ssh://root@$HOST:$PORT"
      return
    fi
    sleep 0.1
  done
  fail "ssh to $HOST:$PORT does not reach the engine: $out"
}

install_sshd
write_files
start_sshd
check
echo "export DOCKER_HOST=ssh://root@$HOST:$PORT"
echo "export PATH=$DIR/bin:\$PATH"
