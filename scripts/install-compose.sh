#!/usr/bin/env bash
# Installs the reference implementation the conformance suite compares against: Docker Compose v2, as the
# binary of Debian unstable's docker-compose package (a static Go build that runs on Debian 12), installed as
# the docker CLI plugin ${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins/docker-compose. Idempotent: a working
# plugin already there is kept. Prints `docker compose version` at the end.
#
#   scripts/install-compose.sh [--force]
#
# --force replaces a plugin that is already there. Needs apt-get and dpkg-deb (Debian, as root).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h | --help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-compose.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

plugin_dir=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins
plugin=$plugin_dir/docker-compose

show_version() {
  # `docker compose version` is what users run; without the docker CLI, ask the plugin itself.
  if command -v docker >/dev/null 2>&1; then docker compose version; else "$plugin" version; fi
}

if [ "$force" = 0 ] && [ -x "$plugin" ] && "$plugin" version >/dev/null 2>&1; then
  show_version
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "install-compose.sh: downloading docker-compose from Debian unstable" >&2
"$here/debian-download.sh" "$work/debs" docker-compose >/dev/null
deb=$(ls "$work"/debs/docker-compose_*.deb | head -n 1)
dpkg-deb -x "$deb" "$work/root"
binary=$work/root/usr/libexec/docker/cli-plugins/docker-compose
[ -x "$binary" ] || { echo "install-compose.sh: $deb holds no usr/libexec/docker/cli-plugins/docker-compose" >&2; exit 1; }
mkdir -p "$plugin_dir"
# Written beside the target and renamed, so a concurrent `docker compose` never sees half a binary.
install -m 0755 "$binary" "$plugin.new"
mv -f "$plugin.new" "$plugin"
echo "install-compose.sh: installed $(basename "$deb") as $plugin" >&2
show_version
