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
su postgres -c "$bin/pg_ctl -D $dir/data -l $dir/log -o '-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' -w start >/dev/null"
echo "$dir" > /tmp/verdict-pg-last-dir
echo "postgres://postgres@127.0.0.1:$port/postgres"
