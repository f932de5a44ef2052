#!/usr/bin/env bash
# kill -9 of `schemac migrate up` in the middle of a migration:
#   kill_test.sh SCHEMAC sqlite|postgres PG_STATE_DIR
# The migration (a new table, then a long statement) is interrupted; the
# database must still be exactly at the previous version (no new table, the
# history unchanged, the rows of version 1 intact), and a rerun succeeds.
set -uo pipefail
schemac=$1 dialect=$2 pg_state=$3
work=$(mktemp -d /tmp/schemac-mig-kill-XXXXXX)
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
if [ "$dialect" = postgres ]; then
  admin=$(cat "$pg_state/url")
  dbname="migkill_$$"
  psql "$admin" -qc "CREATE DATABASE $dbname" || exit 2
  db=${admin/\/postgres\?//$dbname?}
  sql() { psql "$db" -qtAX -c "$1"; }
  slow="SELECT pg_sleep(4);"
  rows="INSERT INTO t SELECT g, 'r' || g FROM generate_series(1, 10000) g;"
else
  db="sqlite:$work/app.db"
  sql() { sqlite3 "$work/app.db" "$1"; }
  slow="WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 6000000) SELECT count(*) FROM s;"
  rows="WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 10000) INSERT INTO t SELECT g, 'r' || g FROM s;"
fi
cleanup() {
  [ "$dialect" = postgres ] && psql "$admin" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
d="$work/m/$dialect"
mkdir -p "$d"
printf 'CREATE TABLE t (id integer PRIMARY KEY, v text NOT NULL);\n%s\n' "$rows" >"$d/0001_base.up.sql"
printf 'DROP TABLE t;\n' >"$d/0001_base.down.sql"
printf 'CREATE TABLE u (id integer);\nUPDATE t SET v = %s;\n%s\n' "'changed'" "$slow" >"$d/0002_slow.up.sql"
printf 'DROP TABLE u;\n' >"$d/0002_slow.down.sql"
(cd "$d" && for f in *.sql; do printf '%s  %s\n' "$(sha256sum "$f" | cut -c1-64)" "$f"; done >migrations.sum)

"$schemac" migrate up --dir "$work/m" --db "$db" --to 1 >/dev/null || fail "up to 1"
"$schemac" migrate up --dir "$work/m" --db "$db" >"$work/out" 2>&1 &
pid=$!
# Wait until the migration is running (its long statement on PostgreSQL, its
# write transaction on SQLite), then kill the runner.
running=0
for _ in $(seq 1 200); do
  if [ "$dialect" = postgres ]; then
    [ "$(psql "$db" -qtAX -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(4)%' AND pid <> pg_backend_pid()")" = 1 ] && running=1
  else
    sqlite3 -cmd ".timeout 0" "$work/app.db" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || running=1
  fi
  [ $running = 1 ] && break
  sleep 0.05
done
[ $running = 1 ] || fail "the migration was not seen running"
sleep 0.2
kill -9 "$pid"
wait "$pid" 2>/dev/null
[ "$(sql "SELECT count(*) FROM t WHERE v = 'changed'")" = 0 ] || fail "the interrupted migration's update is visible"
[ "$(sql "SELECT count(*) FROM t")" = 10000 ] || fail "rows of version 1 lost"
[ "$(sql "SELECT max(version) FROM schemac_migrations")" = 1 ] || fail "history is not at version 1"
if [ "$dialect" = sqlite ]; then
  [ "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'u'")" = 0 ] || fail "table u exists after the kill"
fi
# The rerun waits for the dead runner's session to go (PostgreSQL) and applies it.
"$schemac" migrate up --dir "$work/m" --db "$db" >"$work/out" 2>&1 || { fail "rerun failed"; cat "$work/out" >&2; }
[ "$(sql "SELECT max(version) FROM schemac_migrations")" = 2 ] || fail "rerun did not reach version 2"
[ "$(sql "SELECT count(*) FROM t WHERE v = 'changed'")" = 10000 ] || fail "rerun did not apply the update"
"$schemac" migrate check --dir "$work/m" --db "$db" >"$work/out" 2>&1 || { fail "drift after rerun"; cat "$work/out" >&2; }
if [ "$fails" -gt 0 ]; then echo "migrate kill -9 [$dialect]: $fails failure(s)" >&2; exit 1; fi
echo "migrate kill -9 [$dialect]: ok"
