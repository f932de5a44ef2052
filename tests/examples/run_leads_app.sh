#!/usr/bin/env bash
# Runs the example application twice on one database and checks its story:
#   run_leads_app.sh LEADS_APP sqlite|postgres|default [PG_STATE_DIR]
# sqlite: a fresh file in a temp dir; postgres: a database of its own in
# the pg fixture's cluster; default: no DATABASE_URL (sqlite:out/leads_app.db
# under the working directory, a temp dir).
set -uo pipefail
app=$1 mode=$2 pg_state=${3:-}
work=$(mktemp -d /tmp/schemac-leads-app-XXXXXX)
fails=0
dbname="examples_leads_app_$$"
cleanup() {
  if [ "$mode" = postgres ]; then
    psql "$admin" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
# stderr must stay empty; a loaded machine must not make it fail with a
# slow-query warning.
export DATABASE_SLOW_QUERY=0

case $mode in
  sqlite) export DATABASE_URL="sqlite:$work/leads.db" ;;
  postgres)
    admin=$(cat "$pg_state/url")
    psql "$admin" -qc "CREATE DATABASE $dbname" || exit 2
    # postgresql:///postgres?host=... -> postgresql:///<dbname>?host=...
    export DATABASE_URL=${admin/\/postgres\?//$dbname?} ;;
  default) unset DATABASE_URL; cd "$work" ;;
  *) echo "usage: $0 LEADS_APP sqlite|postgres|default [PG_STATE_DIR]" >&2; exit 2 ;;
esac

# run N: run the app, keep its output in $work/out.N, check the exit code.
run() {
  "$app" >"$work/out.$1" 2>"$work/err.$1"
  local rc=$?
  if [ "$rc" != 0 ]; then
    fail "run $1 exited $rc"; sed 's/^/  | /' "$work/out.$1" "$work/err.$1" >&2
  fi
}
# has N TEXT [COUNT]: run N printed the line TEXT (exactly COUNT times).
has() {
  local n
  n=$(grep -cF -- "$2" "$work/out.$1")
  if [ "${3:-}" = "" ] && [ "$n" -ge 1 ]; then return; fi
  if [ "${3:-}" != "" ] && [ "$n" = "$3" ]; then return; fi
  fail "run $1: '$2' printed $n times, expected ${3:-at least once}"
  sed 's/^/  | /' "$work/out.$1" "$work/err.$1" >&2
}
# The story every run tells (36 leads of which 17 score hot).
story() {
  has "$1" "marketing export: 35 leads in one insert_many"
  has "$1" "tiers: 17 hot, 5 warm, 7 cool, 7 cold"
  has "$1" "   page " 4
  has "$1" "next cursor: " 3
  has "$1" "17 hot leads in 4 pages (count: 17)"
  has "$1" "writers A and B load"
  has "$1" ": SC_CONFLICT ("
  has "$1" "writer B retries: ok"
  has "$1" "the lead keeps both changes: status reached_out"
  has "$1" "after delete: 16 hot leads, not in the list"
  has "$1" "get: SC_NOT_FOUND"
  has "$1" "get with SC_READ_WITH_DELETED: still stored"
  has "$1" "after restore: 17 hot leads, in the list"
  has "$1" "7. Reports (typed queries)"
  has "$1" "this run's hottest lead is in the report: yes"
  has "$1" "leads_by_ids with 2 ids (one unknown): 1 row"
  has "$1" "8. Pool metrics"
  has "$1" "leads_app: done"
  if [ -s "$work/err.$1" ]; then fail "run $1 wrote to stderr"; sed 's/^/  | /' "$work/err.$1" >&2; fi
}

run 1
story 1
has 1 "created the tables from leads."
has 1 "captured 36 leads in this run; 36 live leads in the database"
# Second run on the same database: tables kept, fresh leads, same story.
run 2
story 2
has 2 "tables already there"
has 2 "captured 36 leads in this run; 72 live leads in the database"
if [ "$mode" = default ] && [ ! -s "$work/out/leads_app.db" ]; then
  fail "no out/leads_app.db in the working directory"
fi

# A database that cannot be opened: exit 1, the status named on stderr.
if [ "$mode" = sqlite ]; then
  DATABASE_URL="sqlite:$work/no/such/dir/leads.db" DATABASE_CONNECT_RETRY=0 \
    DATABASE_ACQUIRE_TIMEOUT=2s "$app" >"$work/out.bad" 2>"$work/err.bad"
  rc=$?
  [ "$rc" = 1 ] || fail "unopenable database: exit $rc, expected 1"
  grep -q "^error: .*: SC_[A-Z_]*: " "$work/err.bad" ||
    { fail "unopenable database: no 'error: ...: SC_...: message' line"; sed 's/^/  | /' "$work/err.bad" >&2; }
  grep -q "leads_app: FAILED (SC_" "$work/out.bad" || fail "unopenable database: no FAILED line"
  # A failure half-way: a foreign "leads" table, so the app finds the
  # schema "present" and the first write fails.
  sqlite3 "$work/foreign.db" "CREATE TABLE leads (x INTEGER)"
  DATABASE_URL="sqlite:$work/foreign.db" "$app" >"$work/out.bad" 2>"$work/err.bad"
  rc=$?
  [ "$rc" = 1 ] || fail "foreign schema: exit $rc, expected 1"
  grep -q "^error: leads_user_upsert_many: SC_SQL_ERROR: .*users" "$work/err.bad" ||
    { fail "foreign schema: no 'error: leads_user_upsert_many: SC_SQL_ERROR: ...' line"; sed 's/^/  | /' "$work/err.bad" >&2; }
  grep -q "8. Pool metrics" "$work/out.bad" || fail "foreign schema: no metrics after the failure"
fi

[ "$fails" = 0 ] && echo "ok: leads_app on $mode, two runs"
exit $((fails > 0))
