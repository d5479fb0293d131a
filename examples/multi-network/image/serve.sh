#!/bin/sh
# Serves /www on $PORT (8080 by default) as $NAME; exits 0 on SIGTERM.
echo "hello from ${NAME:-?}" > /www/index.html
echo "${NAME:-?}: listening on :${PORT:-8080}${UPSTREAM:+, upstream $UPSTREAM}"
httpd -f -p "${PORT:-8080}" -h /www &
pid=$!
trap 'kill $pid; exit 0' TERM INT
wait $pid
