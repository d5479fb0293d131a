#!/bin/sh
# PID 1 ignores SIGTERM unless it traps it: forward it to httpd so `down` is quick.
httpd -f -p 8080 -h /www &
pid=$!
echo "api: listening on :8080"
trap 'kill $pid; exit 0' TERM INT
wait $pid
