#!/bin/sh
set -e
# The database must answer before the migration runs (depends_on: service_healthy guarantees it).
wget -q -O /dev/null "http://db:5432/ready"
mkdir -p /migrations
echo "schema=${SCHEMA_VERSION:-1}" > /migrations/applied
echo "migrate: applied schema ${SCHEMA_VERSION:-1}"
