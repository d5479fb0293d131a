#!/bin/sh
mkdir -p /srv/db
echo "db: starting, recovering"
httpd -f -p 5432 -h /srv/db &
pid=$!
trap 'kill $pid; exit 0' TERM INT
sleep 1
echo ready > /srv/db/ready
echo "db: ready to accept connections"
wait $pid
