#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 and prints its URL on stdout.
# Installs PostgreSQL from Debian when it is missing. Runs initdb and the server as the `postgres` user.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=${PGPORT_FOR_TESTS:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')}
dir=$(mktemp -d /tmp/verdict-pg.XXXXXX)
chown postgres "$dir"
su postgres -c "$bin/initdb -D $dir/data --auth=trust -U postgres -E UTF8 >/dev/null"
# Settings in the cluster's own config, so a plain `pg_ctl start` after a stop brings it back the same.
# Durability is off: this cluster only ever holds test data.
cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
su postgres -c "$bin/pg_ctl -D $dir/data -l $dir/log -w start >/dev/null"
echo "$dir" > /tmp/verdict-pg-last-dir
echo "postgres://postgres@127.0.0.1:$port/postgres"
