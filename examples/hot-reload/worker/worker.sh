#!/bin/sh
# Reads its configuration once at start: a change needs a restart (the sync+restart rule).
. /app/config.sh
echo "worker: $MESSAGE"
trap 'exit 0' TERM
while :; do sleep 1 & wait $!; done
