#!/usr/bin/env bash
# PgBouncer (Debian package `pgbouncer`) in transaction pooling mode in front
# of the throwaway cluster of pg_harness.sh.
#
#   pgbouncer_harness.sh start STATE_DIR PG_STATE_DIR   start; writes STATE_DIR/url
#   pgbouncer_harness.sh stop  STATE_DIR                stop and delete its files
#
# Settings (see docs/scaling.md): pool_mode = transaction, a server pool of
# POOL_SIZE (2) per database and user, max_client_conn 1000, a free
# 127.0.0.1 port, no unix socket, DISCARD ALL after every transaction. Every database of the cluster is reachable
# (`* =`), over the cluster's unix socket. Authentication: clients are
# trusted like the cluster trusts them (auth_type = trust; users not in the
# auth file are looked up through auth_query as postgres), so the roles the
# tests create on the fly log in through PgBouncer too. PgBouncer refuses to
# run as root: as root it runs as the cluster's owner, `postgres`.
#
# STATE_DIR/url        postgresql:// URL of PgBouncer, user postgres (same
#                      shape as pg_harness.sh's url, so tests take either)
# STATE_DIR/pgbouncer  marker read by the tests: the runtime's PgBouncer
#                      mode (prepared_statements = false) is to be used
# STATE_DIR/direct_url the cluster's own url (what PgBouncer connects to)
# STATE_DIR/root       PgBouncer's temp dir (config, log, pid file)
set -euo pipefail

POOL_SIZE=${PGBOUNCER_POOL_SIZE:-2}
# 0 only to measure what the reset costs (bench/run.sh --pgbouncer): the
# tests need 1.
RESET_ALWAYS=${PGBOUNCER_RESET_ALWAYS:-1}
PGBOUNCER=${PGBOUNCER:-/usr/sbin/pgbouncer}
PSQL=${PGBIN:-/usr/lib/postgresql/15/bin}/psql
cmd=${1:?usage: pgbouncer_harness.sh start|stop STATE_DIR [PG_STATE_DIR]}
state=${2:?usage: pgbouncer_harness.sh start|stop STATE_DIR [PG_STATE_DIR]}

. "$(dirname "$0")/server_common.sh"

case "$cmd" in
start)
  pgstate=${3:?usage: pgbouncer_harness.sh start STATE_DIR PG_STATE_DIR}
  [ -x "$PGBOUNCER" ] || { echo "pgbouncer_harness: $PGBOUNCER not found (apt-get install pgbouncer)" >&2; exit 1; }
  [ -f "$pgstate/url" ] || { echo "pgbouncer_harness: no cluster in $pgstate (pg_harness.sh start first)" >&2; exit 1; }
  mkdir -p "$state"
  if [ -f "$state/root" ] && [ -d "$(cat "$state/root")" ]; then
    "$0" stop "$state" || true
  fi
  pgroot=$(cat "$pgstate/root")
  pgport=$(sed -n 's/.*[?&]port=\([0-9]*\).*/\1/p' "$pgstate/url")
  root=$(mktemp -d /tmp/schemac-pgb.XXXXXX)
  chmod 755 "$root"
  port=$(free_port)
  echo "$root" > "$state/root"
  echo '"postgres" ""' > "$root/userlist.txt"
  cat > "$root/pgbouncer.ini" <<EOF
[databases]
* = host=$pgroot/sock port=$pgport

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
pidfile = $root/pgbouncer.pid
logfile = $root/pgbouncer.log
auth_type = trust
auth_file = $root/userlist.txt
auth_user = postgres
auth_query = SELECT usename, passwd FROM pg_shadow WHERE usename = \$1
admin_users = postgres
pool_mode = transaction
default_pool_size = $POOL_SIZE
min_pool_size = 0
reserve_pool_size = 0
max_client_conn = 1000
max_db_connections = 0
# The runtime's reset on release cannot reach the server session a
# borrower's SET, temp table or advisory lock landed on (PgBouncer hands out
# another one per transaction): PgBouncer resets each server session itself
# when a transaction gives it back (runtime_pgbouncer_state).
server_reset_query = DISCARD ALL
server_reset_query_always = $RESET_ALWAYS
server_check_delay = 1
server_login_retry = 1
query_wait_timeout = 120
ignore_startup_parameters = extra_float_digits
log_connections = 0
log_disconnections = 0
EOF
  [ "$(id -u)" = 0 ] && chown -R postgres: "$root"
  as_owner "$PGBOUNCER" -d "$root/pgbouncer.ini" >/dev/null 2>&1 \
    || { cat "$root/pgbouncer.log" >&2; exit 1; }
  # Up when it answers a query through itself (at most 30 s).
  url="postgresql:///postgres?host=127.0.0.1&port=$port&user=postgres"
  for _ in $(seq 300); do
    "$PSQL" -qAt "$url" -c "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.1
  done
  "$PSQL" -qAt "$url" -c "SELECT 1" >/dev/null || { cat "$root/pgbouncer.log" >&2; exit 1; }
  echo "$url" > "$state/url"
  cp "$pgstate/url" "$state/direct_url"
  echo "transaction" > "$state/pgbouncer"
  echo "pgbouncer_harness: PgBouncer $("$PGBOUNCER" --version | head -1 | cut -d' ' -f2) up on port $port (transaction pooling, server pool $POOL_SIZE)"
  ;;
stop)
  [ -f "$state/root" ] || exit 0
  root=$(cat "$state/root")
  if [ -f "$root/pgbouncer.pid" ]; then
    pid=$(cat "$root/pgbouncer.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$root"
  rm -f "$state/root" "$state/url" "$state/direct_url" "$state/pgbouncer"
  echo "pgbouncer_harness: stopped"
  ;;
*)
  echo "usage: pgbouncer_harness.sh start|stop STATE_DIR [PG_STATE_DIR]" >&2; exit 2 ;;
esac
