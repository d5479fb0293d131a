#!/bin/sh
# PID 1 ignores SIGTERM unless it traps it: forward it to httpd so `down` is quick.
echo "api: listening on :8080 (version ${APP_VERSION:-?})"
httpd -f -p 8080 -h /www &
pid=$!
trap 'kill $pid; exit 0' TERM INT
wait $pid
