#!/usr/bin/env bash
# pg_auto_failover formation for the failover test (label scaleout): a
# monitor and two PostgreSQL 15 nodes, each under its pg_autoctl keeper,
# on loopback. Same commands and state files as pg_topology.sh, so
# runtime_failover runs against either:
#
#   pg_autofailover.sh start STATE_DIR         monitor + primary + secondary
#   pg_autofailover.sh stop STATE_DIR          stop everything, delete it all
#   pg_autofailover.sh primary-stop STATE_DIR  crash the primary: its keeper
#                        killed (it would restart Postgres), then
#                        pg_ctl stop -m immediate
#   pg_autofailover.sh promote STATE_DIR       nothing to do but wait: returns
#                        once the monitor has promoted the secondary
#
# STATE_DIR/primary_url, standby_url, failover_url (`pg_autoctl show uri`),
# STATE_DIR/root. The monitor's health checks are shortened (seconds, not
# the default tens of seconds) so the test does not spend a minute waiting.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
cmd=${1:?usage: pg_autofailover.sh start|stop|primary-stop|promote STATE_DIR}
state=${2:?usage: pg_autofailover.sh CMD STATE_DIR}

. "$(dirname "$0")/server_common.sh"

# as_owner here also gives pg_autoctl its PATH and XDG directories
# (it keeps its state there), overriding server_common.sh's.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- env PATH="$PGBIN:$PATH" XDG_CONFIG_HOME="$root/cfg" XDG_DATA_HOME="$root/data" \
      XDG_RUNTIME_DIR="$root/run" "$@"
  else
    env PATH="$PGBIN:$PATH" XDG_CONFIG_HOME="$root/cfg" XDG_DATA_HOME="$root/data" XDG_RUNTIME_DIR="$root/run" "$@"
  fi
}

# wait_for DESCRIPTION SECONDS COMMAND...: poll until COMMAND prints "t"
wait_for() {
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  while [ "$("$@" 2>/dev/null || true)" != "t" ]; do
    if [ $SECONDS -ge $end ]; then
      echo "pg_autofailover: timed out waiting for $what" >&2
      tail -n 20 "$root"/*.log >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

q() { # port sql
  "$PGBIN/psql" -qAtX -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"
}
qm() { # port sql, on the monitor's database
  "$PGBIN/psql" -qAtX -h 127.0.0.1 -p "$1" -U postgres -d pg_auto_failover -c "$2"
}

# keeper NAME ARGS...: start `pg_autoctl ARGS` in the background, pid in root/NAME.pid
keeper() {
  local name=$1; shift
  as_owner setsid pg_autoctl "$@" >"$root/$name.log" 2>&1 < /dev/null &
  echo $! > "$root/$name.pid"
}

# the pids of a keeper started by keeper(): the runuser/setsid process and
# everything under it except Postgres itself
keeper_pids() {
  local top
  top=$(cat "$root/$1.pid" 2>/dev/null) || return 0
  local pids=$top frontier=$top
  while [ -n "$frontier" ]; do
    local next=""
    for p in $frontier; do
      next="$next $(ps -o pid= --ppid "$p" 2>/dev/null || true)"
    done
    frontier=""
    for p in $next; do
      case "$(ps -o comm= -p "$p" 2>/dev/null)" in
        postgres) ;;
        *) pids="$pids $p"; frontier="$frontier $p" ;;
      esac
    done
  done
  echo $pids
}

case "$cmd" in
start)
  command -v pg_autoctl >/dev/null || { echo "pg_autofailover: pg_autoctl not found (apt-get install pg-auto-failover-cli postgresql-15-auto-failover)" >&2; exit 1; }
  mkdir -p "$state"
  [ -f "$state/root" ] && "$0" stop "$state" >/dev/null 2>&1 || true
  root=$(mktemp -d /tmp/schemac-paf.XXXXXX)
  chmod 755 "$root"
  mkdir -p "$root/cfg" "$root/data" "$root/run"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$root"
  echo "$root" > "$state/root"
  mport=$(free_port); p1=$(free_port); p2=$(free_port)
  while [ "$p2" = "$p1" ] || [ "$p2" = "$mport" ]; do p2=$(free_port); done
  while [ "$p1" = "$mport" ]; do p1=$(free_port); done
  echo "$p1" > "$state/primary_port"; echo "$p2" > "$state/standby_port"
  common=(--hostname 127.0.0.1 --auth trust --no-ssl)
  as_owner pg_autoctl create monitor --pgdata "$root/mon" --pgport "$mport" "${common[@]}" \
    >"$root/create-monitor.log" 2>&1 || { cat "$root/create-monitor.log" >&2; exit 1; }
  keeper monitor run --pgdata "$root/mon"
  wait_for "the monitor" 60 q "$mport" "SELECT true"
  qm "$mport" "ALTER SYSTEM SET pgautofailover.health_check_period = 1000" >/dev/null
  qm "$mport" "ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000" >/dev/null
  qm "$mport" "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500" >/dev/null
  qm "$mport" "ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1" >/dev/null
  qm "$mport" "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 2000" >/dev/null
  qm "$mport" "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 2000" >/dev/null
  q "$mport" "SELECT pg_reload_conf()" >/dev/null
  mon="postgres://autoctl_node@127.0.0.1:$mport/pg_auto_failover?sslmode=disable"
  keeper node1 create postgres --pgdata "$root/n1" --pgport "$p1" "${common[@]}" --monitor "$mon" --run
  wait_for "the primary" 120 qm "$mport" \
    "SELECT count(*) = 1 FROM pgautofailover.node WHERE reportedstate = 'single' OR reportedstate = 'primary'"
  keeper node2 create postgres --pgdata "$root/n2" --pgport "$p2" "${common[@]}" --monitor "$mon" --run
  wait_for "primary + secondary" 180 qm "$mport" \
    "SELECT count(*) FILTER (WHERE reportedstate = 'primary') = 1 AND count(*) FILTER (WHERE reportedstate = 'secondary') = 1 FROM pgautofailover.node"
  echo "postgresql://postgres@127.0.0.1:$p1/postgres" > "$state/primary_url"
  echo "postgresql://postgres@127.0.0.1:$p2/postgres" > "$state/standby_url"
  uri=$(as_owner pg_autoctl show uri --pgdata "$root/mon" --formation default)
  # the formation's URI, with our user (trust auth) and no TLS (none configured)
  uri=${uri/postgres:\/\//postgresql://postgres@}
  echo "${uri/sslmode=prefer/sslmode=disable}" > "$state/failover_url"
  echo "pg_autofailover: monitor on $mport, primary on $p1, secondary on $p2"
  ;;
stop)
  [ -f "$state/root" ] || exit 0
  root=$(cat "$state/root")
  for k in node2 node1 monitor; do
    pids=$(keeper_pids "$k")
    [ -n "$pids" ] && kill $pids 2>/dev/null || true
  done
  sleep 1
  for d in n2 n1 mon; do
    [ -d "$root/$d" ] && as_owner "$PGBIN/pg_ctl" -D "$root/$d" -m immediate -w stop >/dev/null 2>&1 || true
  done
  for k in node2 node1 monitor; do
    pids=$(keeper_pids "$k")
    [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
  done
  rm -rf "$root"
  rm -f "$state"/root "$state"/*_port "$state"/*_url
  echo "pg_autofailover: stopped"
  ;;
primary-stop)
  root=$(cat "$state/root")
  pids=$(keeper_pids node1)
  [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
  as_owner "$PGBIN/pg_ctl" -D "$root/n1" -m "${3:-immediate}" -w stop >/dev/null
  ;;
promote)
  root=$(cat "$state/root")
  wait_for "the monitor to promote the secondary" 120 q "$(cat "$state/standby_port")" "SELECT NOT pg_is_in_recovery()"
  ;;
*)
  echo "usage: pg_autofailover.sh start|stop|primary-stop|promote STATE_DIR" >&2; exit 2 ;;
esac
