#!/bin/sh
mkdir -p /srv/db
echo "db: starting, recovering for ${DB_STARTUP_SECONDS:-2}s"
httpd -f -p 5432 -h /srv/db &
pid=$!
trap 'kill $pid; exit 0' TERM INT
sleep "${DB_STARTUP_SECONDS:-2}"
echo ready > /srv/db/ready
echo "db: ready to accept connections"
wait $pid
