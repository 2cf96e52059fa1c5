#!/usr/bin/env bash
# A throwaway PostgreSQL for tests: installs the Debian package if missing, starts a fresh
# cluster in a temporary folder, on 127.0.0.1 and a free port, as the postgres user, and
# creates one database.
#   start:  scripts/ensure_postgres.sh start [DIR]   prints the database URL on its last line
#   stop:   scripts/ensure_postgres.sh stop DIR      stops the cluster and deletes DIR
# The production profile reuses it: PG_PORT fixes the port, PG_DATABASES names the databases
# to create, an existing cluster in DIR is started again rather than re-created, and
# PG_KEEP_DATA=1 makes `stop` keep DIR. Throwaway test clusters skip fsync for speed; a cluster
# whose data matters sets PG_FSYNC=on.
set -euo pipefail

find_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_owner() {  # run a command as the postgres user when we are root (initdb refuses root)
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_postgres() {
    echo "PostgreSQL is not installed; installing the Debian package (needs root)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bindir dir port db
    bindir=$(find_bindir || true)
    if [ -z "$bindir" ]; then install_postgres; bindir=$(find_bindir); fi
    dir=${1:-$(mktemp -d /tmp/fg-postgres.XXXXXX)}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    port=${PG_PORT:-$(free_port)}
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=${PG_FSYNC:-off}" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    for db in ${PG_DATABASES:-bookings_test}; do
        if [ -z "$(as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc \
                "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
            as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
        fi
    done
    db=${PG_DATABASES:-bookings_test}
    echo "postgresql://postgres@127.0.0.1:$port/${db%% *}"
}

stop() {
    local bindir dir=${1:?stop needs the cluster folder}
    bindir=$(find_bindir)
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    if [ -z "${PG_KEEP_DATA:-}" ]; then rm -rf "$dir"; fi
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
