#!/usr/bin/env bash
# Downloads .deb files from another Debian suite (default: unstable) into a directory, leaving the machine's
# apt sources, lists and cache untouched: apt runs on a private state directory whose only source is derived
# from the machine's main Debian entry (/etc/apt/sources.list.d/debian.sources, deb822; the security archive
# is skipped) with its suite replaced.
#
#   scripts/debian-download.sh [-s SUITE] DEST PACKAGE[=VERSION]...
#
# Prints the downloaded files. Install them with `apt-get install ./DEST/*.deb`, or unpack one binary with
# `dpkg-deb -x FILE DIR`. Needs apt-get (run as root, or apt's sandbox user must be able to write DEST).
set -euo pipefail

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

suite=unstable
while getopts "s:h" opt; do
  case "$opt" in
    s) suite=$OPTARG ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then usage >&2; exit 2; fi
dest=$1
shift

sources=${DEBIAN_SOURCES:-/etc/apt/sources.list.d/debian.sources}
[ -r "$sources" ] || { echo "debian-download.sh: $sources is missing (a deb822 Debian source list is needed)" >&2; exit 1; }

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/sources" "$state/lists/partial" "$state/cache/archives/partial"

# The first stanza that is a plain "deb" entry outside the security archive, its Suites line rewritten;
# comment lines dropped (apt would keep them, but they could name a snapshot that is not the suite wanted).
awk -v suite="$suite" '
  BEGIN { RS = ""; FS = "\n" }
  $0 ~ /(^|\n)Types:[^\n]*deb([ \t]|\n|$)/ && $0 !~ /security/ {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^#/) continue
      if ($i ~ /^Suites:/) print "Suites: " suite; else print $i
    }
    found = 1
    exit
  }
  END { if (!found) exit 1 }
' "$sources" > "$state/sources/download.sources" || {
  echo "debian-download.sh: no Debian (non-security) stanza in $sources" >&2
  exit 1
}

apt_opts=(
  -o "APT::Sandbox::User=root"
  -o "Dir::Etc::sourcelist=/dev/null"
  -o "Dir::Etc::sourceparts=$state/sources"
  -o "Dir::State::Lists=$state/lists"
  -o "Dir::Cache=$state/cache"
  -o "Dir::Etc::preferencesparts=/dev/null"
)
apt-get "${apt_opts[@]}" -qq update >/dev/null
(cd "$dest" && apt-get "${apt_opts[@]}" -qq download "$@")
ls -1 "$dest"/*.deb
