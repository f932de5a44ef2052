#!/usr/bin/env bash
# A PostgreSQL 15 primary with a streaming standby, for the scale-out tests
# (label scaleout).
#
#   pg_topology.sh start STATE_DIR [sync]  primary (pg_harness.sh, in
#                       STATE_DIR/primary) + standby made with
#                       `pg_basebackup -R` (physical streaming replication);
#                       "sync": synchronous replication (synchronous_commit
#                       on, synchronous_standby_names '*'), so a commit that
#                       returned OK survives losing the primary
#   pg_topology.sh stop STATE_DIR          stop both, delete both clusters
#   pg_topology.sh standby-stop STATE_DIR [MODE]   pg_ctl stop (fast|immediate)
#   pg_topology.sh standby-start STATE_DIR
#   pg_topology.sh primary-stop STATE_DIR [MODE]   default immediate (a crash)
#   pg_topology.sh promote STATE_DIR               pg_ctl promote -w the standby
#
# Files written (besides pg_harness.sh's in STATE_DIR/primary):
# STATE_DIR/primary_url   postgresql:// URL of the primary over TCP loopback
# STATE_DIR/standby_url   same for the standby
# STATE_DIR/failover_url  both hosts, target_session_attrs=read-write
# STATE_DIR/standby_root  the standby's temp dir
# Same conventions as pg_harness.sh: temp dirs, free loopback ports, the
# `postgres` system user when run as root.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: pg_topology.sh start|stop|standby-stop|standby-start|primary-stop|promote STATE_DIR}
state=${2:?usage: pg_topology.sh CMD STATE_DIR}

. "$(dirname "$0")/server_common.sh"

psql_at() { # host-dir port sql
  "$PGBIN/psql" -qAtX -h "$1" -p "$2" -U postgres -d postgres -c "$3"
}

# wait_for DESCRIPTION SECONDS COMMAND...: poll until COMMAND prints "t"
wait_for() {
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  while [ "$("$@" 2>/dev/null || true)" != "t" ]; do
    if [ $SECONDS -ge $end ]; then
      echo "pg_topology: timed out waiting for $what" >&2; return 1
    fi
    sleep 0.1
  done
}

primary_root() { cat "$state/primary/root"; }
primary_port() { cat "$state/primary_port"; }
standby_root() { cat "$state/standby_root"; }
standby_port() { cat "$state/standby_port"; }

case "$cmd" in
start)
  mode=${3:-async}
  mkdir -p "$state"
  [ -f "$state/standby_root" ] && "$0" stop "$state" >/dev/null 2>&1 || true
  "$here/pg_harness.sh" start "$state/primary" >/dev/null
  proot=$(primary_root)
  pport=$(sed -n 's/^port = //p' "$proot/data/postgresql.conf" | tail -1)
  echo "$pport" > "$state/primary_port"
  # replication connections are matched by "replication", not by "all"
  {
    echo "local replication all trust"
    echo "host replication all 127.0.0.1/32 trust"
  } >> "$proot/data/pg_hba.conf"
  cat >> "$proot/data/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 10
wal_keep_size = 256MB
CONF
  as_owner "$PGBIN/pg_ctl" -D "$proot/data" reload >/dev/null

  sroot=$(mktemp -d /tmp/schemac-pgsb.XXXXXX)
  chmod 755 "$sroot"
  mkdir -p "$sroot/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$sroot"
  echo "$sroot" > "$state/standby_root"
  as_owner "$PGBIN/pg_basebackup" -D "$sroot/data" -h "$proot/sock" -p "$pport" -U postgres \
    -R -X stream -c fast >"$sroot/basebackup.log" 2>&1 || { cat "$sroot/basebackup.log" >&2; exit 1; }
  # the copied postgresql.conf names the primary's port and socket: later lines win
  cat >> "$sroot/data/postgresql.conf" <<CONF
unix_socket_directories = '$sroot/sock'
hot_standby = on
hot_standby_feedback = on
CONF
  pg_start_on_free_port "$sroot/data" "$sroot/server.log" || exit 1
  sport=$port
  echo "$sport" > "$state/standby_port"
  wait_for "the standby to stream" 60 \
    psql_at "$proot/sock" "$pport" "SELECT count(*) = 1 FROM pg_stat_replication WHERE state = 'streaming'"
  if [ "$mode" = sync ]; then
    cat >> "$proot/data/postgresql.conf" <<CONF
synchronous_commit = on
synchronous_standby_names = '*'
CONF
    as_owner "$PGBIN/pg_ctl" -D "$proot/data" reload >/dev/null
    wait_for "synchronous replication" 60 \
      psql_at "$proot/sock" "$pport" "SELECT count(*) = 1 FROM pg_stat_replication WHERE sync_state = 'sync'"
  fi
  echo "postgresql://postgres@127.0.0.1:$pport/postgres" > "$state/primary_url"
  echo "postgresql://postgres@127.0.0.1:$sport/postgres" > "$state/standby_url"
  echo "postgresql://postgres@127.0.0.1:$pport,127.0.0.1:$sport/postgres?target_session_attrs=read-write" \
    > "$state/failover_url"
  echo "pg_topology: primary on port $pport, $mode standby on port $sport"
  ;;
stop)
  if [ -f "$state/standby_root" ]; then
    sroot=$(standby_root)
    if [ -d "$sroot/data" ]; then
      as_owner "$PGBIN/pg_ctl" -D "$sroot/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$sroot"
  fi
  [ -d "$state/primary" ] && "$here/pg_harness.sh" stop "$state/primary" >/dev/null
  rm -f "$state"/standby_root "$state"/*_port "$state"/*_url
  echo "pg_topology: stopped"
  ;;
standby-stop)
  as_owner "$PGBIN/pg_ctl" -D "$(standby_root)/data" -m "${3:-fast}" -w -t 60 stop >/dev/null
  ;;
standby-start)
  sroot=$(standby_root)
  as_owner "$PGBIN/pg_ctl" -D "$sroot/data" -l "$sroot/server.log" -w -t 60 start >/dev/null
  ;;
primary-stop)
  as_owner "$PGBIN/pg_ctl" -D "$(primary_root)/data" -m "${3:-immediate}" -w -t 60 stop >/dev/null
  ;;
promote)
  as_owner "$PGBIN/pg_ctl" -D "$(standby_root)/data" -w -t 60 promote >/dev/null
  ;;
*)
  echo "usage: pg_topology.sh start|stop|standby-stop|standby-start|primary-stop|promote STATE_DIR" >&2
  exit 2 ;;
esac
