#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for the test suite.
#
#   pg_harness.sh start STATE_DIR   initdb + start; writes STATE_DIR/url
#   pg_harness.sh stop  STATE_DIR   stop and delete the cluster
#   pg_harness.sh restart STATE_DIR [MODE]   pg_ctl restart (MODE: fast|immediate)
#   pg_harness.sh ctl STATE_DIR ARGS...      any other pg_ctl call
#
# The cluster lives in a fresh temp dir (data + unix socket), listens on a
# unix socket and on a free 127.0.0.1 port, and trusts local connections,
# except that role "secret_user" must log in with a password over TCP (for the
# tests that check passwords never leak). initdb and pg_ctl refuse to run as
# root, so as root they run as the `postgres` system user.
#
# STATE_DIR/url       postgresql:// URL over the unix socket, user postgres
# STATE_DIR/tcp_url   postgresql:// URL over TCP loopback, user postgres
# STATE_DIR/pw_url    postgresql:// URL with a password (role secret_user)
# STATE_DIR/root      the cluster's temp dir
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: pg_harness.sh start|stop|restart|ctl STATE_DIR}
state=${2:?usage: pg_harness.sh start|stop|restart|ctl STATE_DIR}

. "$(dirname "$0")/server_common.sh"

case "$cmd" in
start)
  [ -x "$PGBIN/initdb" ] || { echo "pg_harness: $PGBIN/initdb not found (apt-get install postgresql-15)" >&2; exit 1; }
  mkdir -p "$state"
  if [ -f "$state/root" ] && [ -d "$(cat "$state/root")" ]; then
    "$0" stop "$state" || true
  fi
  root=$(mktemp -d /tmp/schemac-pg.XXXXXX)
  chmod 755 "$root"
  mkdir -p "$root/data" "$root/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$root"
  echo "$root" > "$state/root"
  as_owner "$PGBIN/initdb" -D "$root/data" -U postgres --auth-local=trust --auth-host=trust \
    -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 || { cat "$root/initdb.log" >&2; exit 1; }
  # Password login over TCP for secret_user only; everything else trusted.
  {
    echo "local all all trust"
    echo "host all secret_user 127.0.0.1/32 scram-sha-256"
    echo "host all all 127.0.0.1/32 trust"
  } > "$root/data/pg_hba.conf"
  cat >> "$root/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$root/sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
max_locks_per_transaction = 256
EOF
  pg_start_on_free_port "$root/data" "$root/server.log" || exit 1
  echo "postgresql:///postgres?host=$root/sock&port=$port&user=postgres" > "$state/url"
  echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$state/tcp_url"
  pw="s3cr3t-Pa55-$(shuf -i 100000-999999 -n 1)"
  "$PGBIN/psql" -q -h "$root/sock" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE secret_user LOGIN SUPERUSER PASSWORD '$pw'" >/dev/null
  echo "postgresql://secret_user:$pw@127.0.0.1:$port/postgres" > "$state/pw_url"
  echo "$pw" > "$state/password"
  echo "pg_harness: PostgreSQL 15 up in $root (port $port)"
  ;;
stop)
  [ -f "$state/root" ] || exit 0
  root=$(cat "$state/root")
  if [ -d "$root/data" ]; then
    as_owner "$PGBIN/pg_ctl" -D "$root/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$root"
  rm -f "$state/root" "$state/url" "$state/tcp_url" "$state/pw_url" "$state/password"
  echo "pg_harness: stopped"
  ;;
restart)
  root=$(cat "$state/root")
  as_owner "$PGBIN/pg_ctl" -D "$root/data" -l "$root/server.log" -m "${3:-fast}" -w -t 60 restart >/dev/null
  ;;
ctl)
  root=$(cat "$state/root")
  shift 2
  as_owner "$PGBIN/pg_ctl" -D "$root/data" "$@"
  ;;
*)
  echo "usage: pg_harness.sh start|stop|restart|ctl STATE_DIR" >&2; exit 2 ;;
esac
