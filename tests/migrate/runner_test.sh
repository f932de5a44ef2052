#!/usr/bin/env bash
# The migration runner's refusals and its DIRTY mark, end to end:
#   runner_test.sh SCHEMAC sqlite|postgres PG_STATE_DIR
# - scripts split as psql/sqlite3 read them: a nested block comment hides a
#   DROP on PostgreSQL; E'...' strings, BEGIN ATOMIC and trigger bodies run;
# - transaction control in a migration refused (file:line) before anything runs;
# - NUL bytes, misnamed files, 20-digit versions, an up without its down refused;
# - a transaction=none migration failing midway is DIRTY in status, up refuses
#   to pass it until `migrate resolve`; old history tables gain the column;
# - up --steps, status --to/--steps, down --steps;
# - a missing --dir is exit 2 and creates no database; `sqlite:` without a path
#   is refused; diff refuses a schema.lock that does not match migrations.sum.
set -uo pipefail
schemac=$1 dialect=$2 pg_state=$3
work=$(mktemp -d /tmp/schemac-mig-run-XXXXXX)
fails=0
dbs=()
cleanup() {
  for n in "${dbs[@]}"; do psql "$admin" -qc "DROP DATABASE IF EXISTS $n WITH (FORCE)" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "$0")/expect.sh"
resum() { ( cd "$1" && for f in *.sql; do printf '%s  %s\n' "$(sha256sum "$f" | cut -c1-64)" "$f"; done >migrations.sum ); }

# newdb NAME: sets $db to a fresh database and sql() to a client for it.
if [ "$dialect" = postgres ]; then
  admin=$(cat "$pg_state/url")
  newdb() {
    local n="migrun_$1_$$"
    psql "$admin" -qc "CREATE DATABASE $n" >/dev/null || exit 2
    dbs+=("$n")
    db=${admin/\/postgres\?//$n?}
  }
  sql() { psql "$db" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
else
  # An empty file is an empty database, as CREATE DATABASE is on
  # PostgreSQL: only `up` creates a missing file (checked below).
  newdb() { db="sqlite:$work/$1.db"; : >"$work/$1.db"; }
  sql() { sqlite3 "${db#sqlite:}" "$1"; }
fi
# mig DIR VERSION_NAME UP DOWN: writes a pair and the sums.
mig() {
  mkdir -p "$1/$dialect"
  printf '%s\n' "$3" >"$1/$dialect/$2.up.sql"
  printf '%s\n' "$4" >"$1/$dialect/$2.down.sql"
  resum "$1/$dialect"
}
count() { sql "SELECT count(*) FROM $1"; }

# ---- splitting -------------------------------------------------------------
newdb split
m=$work/split
mig "$m" 0001_items "CREATE TABLE items (id integer PRIMARY KEY, v text);
INSERT INTO items VALUES (1, 'a;b');" "DROP TABLE items;"
if [ "$dialect" = postgres ]; then
  # psql runs nothing of the first line: the comment nests.
  cat >"$m/$dialect/0002_commented.up.sql" <<'SQL'
/* disabled, see /* ticket 42 */ DROP TABLE "items"; -- */
SELECT 1;
SQL
  echo "SELECT 1;" >"$m/$dialect/0002_commented.down.sql"
  resum "$m/$dialect"
  expect 0 "up: nested comment" -- "$schemac" migrate up --dir "$m" --db "$db" --to 2
  [ "$(count items)" = 1 ] || fail "the DROP inside a nested comment ran"
  cat >"$m/$dialect/0003_quotes.up.sql" <<'SQL'
INSERT INTO items VALUES (2, E'it\'s; fine');
CREATE FUNCTION two() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;
SQL
  echo "DROP FUNCTION two(); DELETE FROM items WHERE id = 2;" >"$m/$dialect/0003_quotes.down.sql"
  resum "$m/$dialect"
  expect 0 "up: E-string, BEGIN ATOMIC" -- "$schemac" migrate up --dir "$m" --db "$db"
  [ "$(sql "SELECT v FROM items WHERE id = 2")" = "it's; fine" ] || fail "E'...' string mangled"
  [ "$(sql "SELECT two()")" = 2 ] || fail "BEGIN ATOMIC body split"
else
  mig "$m" 0002_trigger "/* one; comment */ CREATE TRIGGER items_upper AFTER INSERT ON items BEGIN
  UPDATE items SET v = upper(v) WHERE id = new.id;
  UPDATE items SET v = v || ';' WHERE id = new.id AND v = CASE WHEN 1 THEN 'X' END;
END;
INSERT INTO items VALUES (2, 'x');" "DROP TRIGGER items_upper; DELETE FROM items WHERE id = 2;"
  expect 0 "up: trigger body" -- "$schemac" migrate up --dir "$m" --db "$db"
  [ "$(sql "SELECT v FROM items WHERE id = 2")" = "X;" ] || fail "trigger body split"
fi
expect 0 "down the split migration" -- "$schemac" migrate down --dir "$m" --db "$db"
[ "$(count items)" = 1 ] || fail "down of the split migration"

# ---- transaction control refused before anything runs ----------------------
newdb txctl
m=$work/txctl
mig "$m" 0001_base "CREATE TABLE base (id integer);" "DROP TABLE base;"
mig "$m" 0002_half "CREATE TABLE half (id integer);
COMMIT;
CREATE TABLE other (id integer);" "DROP TABLE other; DROP TABLE half;"
expect 1 "COMMIT in a migration" -- "$schemac" migrate up --dir "$m" --db "$db"
has "0002_half.up.sql:2: COMMIT: transaction control is not allowed"
if [ "$dialect" = postgres ]; then t="SELECT count(*) FROM pg_tables WHERE tablename IN ('base', 'half')"
else t="SELECT count(*) FROM sqlite_master WHERE name IN ('base', 'half')"; fi
[ "$(sql "$t")" = 0 ] || fail "statements ran before the COMMIT was refused"
expect 1 "verify names it too" -- "$schemac" migrate verify --dir "$m" --db "$db"
has "0002_half.up.sql:2: COMMIT"
mig "$m" 0002_half "CREATE TABLE half (id integer);
SAVEPOINT s; INSERT INTO half VALUES (1); ROLLBACK TO SAVEPOINT s; RELEASE s;
CREATE TABLE other (id integer);" "DROP TABLE other; DROP TABLE half;"
expect 0 "savepoints are allowed" -- "$schemac" migrate up --dir "$m" --db "$db"
[ "$(count half)" = 0 ] || fail "ROLLBACK TO did not roll back"
printf 'SELECT 1;\nEND;\n' >"$m/$dialect/0002_half.down.sql"; resum "$m/$dialect"
expect 1 "END in a down" -- "$schemac" migrate down --dir "$m" --db "$db"
has "0002_half.down.sql:2: END"

# ---- files refused ---------------------------------------------------------
newdb files
m=$work/files
mig "$m" 0001_base "CREATE TABLE base (id integer);" "DROP TABLE base;"
printf 'CREATE TABLE n (id integer);\n\0DROP TABLE base;\n' >"$m/$dialect/0002_nul.up.sql"
printf 'DROP TABLE n;\n' >"$m/$dialect/0002_nul.down.sql"; resum "$m/$dialect"
expect 1 "NUL byte" -- "$schemac" migrate up --dir "$m" --db "$db"
has "0002_nul.up.sql:2: NUL byte"
rm "$m/$dialect"/0002_nul.*
if [ "$dialect" = postgres ]; then
  # Unbalanced nesting: psql would read the rest of the file as a comment.
  mig "$m" 0002_open '/* off /* see 42 */ DROP TABLE base;' "SELECT 1;"
  expect 1 "unterminated nested comment" -- "$schemac" migrate up --dir "$m" --db "$db"
  has "0002_open.up.sql:1: unterminated block comment"
  [ "$(sql "SELECT count(*) FROM schemac_migrations")" = 0 ] || fail "0001 ran although 0002 was refused"
  rm "$m/$dialect"/0002_open.*; resum "$m/$dialect"
fi
for bad in 0003_x.sql abc.up.sql 0004_a.b.up.sql; do
  echo "SELECT 1;" >"$m/$dialect/$bad"; resum "$m/$dialect"
  for sub in verify up status; do
    expect 1 "$sub with $bad" -- "$schemac" migrate "$sub" --dir "$m" --db "$db"
    has "$bad: not a migration file name"
  done
  rm "$m/$dialect/$bad"
done
echo "SELECT 1;" >"$m/$dialect/0005_lonely.up.sql"; resum "$m/$dialect"
expect 1 "up without down" -- "$schemac" migrate verify --dir "$m" --db "$db"
has "0005_lonely.down.sql is missing"
rm "$m/$dialect/0005_lonely.up.sql"
mig "$m" 12345678901234567890_big "SELECT 1;" "SELECT 1;"
expect 1 "20-digit version" -- "$schemac" migrate up --dir "$m" --db "$db"
has "12345678901234567890_big.up.sql: the version has 20 digits; at most 18"
rm "$m/$dialect"/12345678901234567890_big.*; resum "$m/$dialect"
expect 0 "clean directory again" -- "$schemac" migrate verify --dir "$m" --db "$db"

# ---- --steps and --to ------------------------------------------------------
newdb steps
m=$work/steps
for v in 1 2 3; do mig "$m" "000${v}_t$v" "CREATE TABLE t$v (id integer);" "DROP TABLE t$v;"; done
expect 0 "status --to 2" -- "$schemac" migrate status --dir "$m" --db "$db" --to 2
has "pending  0002_t2$"
has "pending  0003_t3  (not part of this up)"
expect 0 "up --steps 2" -- "$schemac" migrate up --dir "$m" --db "$db" --steps 2
has "applied 0002_t2.up.sql"
hasnt "0003_t3"
expect 0 "status --steps 1" -- "$schemac" migrate status --dir "$m" --db "$db" --steps 1
has "pending  0003_t3$"
has "database version: 2"
expect 0 "up --steps 5" -- "$schemac" migrate up --dir "$m" --db "$db" --steps 5
has "applied 0003_t3.up.sql"
expect 0 "down --steps 2" -- "$schemac" migrate down --dir "$m" --db "$db" --steps 2
has "reverted 0002_t2.down.sql"
expect 0 "status after down" -- "$schemac" migrate status --dir "$m" --db "$db"
has "database version: 1"
expect 0 "check at the database's version" -- "$schemac" migrate check --dir "$m" --db "$db"
expect 1 "check --to 3 at version 1" -- "$schemac" migrate check --dir "$m" --db "$db" --to 3
has "as of version 3"
has "t3"
expect 2 "--steps 0" -- "$schemac" migrate up --dir "$m" --db "$db" --steps 0
expect 2 "--to with --steps" -- "$schemac" migrate status --dir "$m" --db "$db" --steps 1 --to 2

# ---- usage: --dir, sqlite: --------------------------------------------------
mkdir -p "$work/cwd"
expect 2 "no --dir" -- "$schemac" migrate up --db "sqlite:$work/cwd/created.db"
expect 2 "nonexistent --dir" -- "$schemac" migrate up --dir "$work/no/such" --db "sqlite:$work/cwd/created.db"
has "is not a directory"
mkdir -p "$work/empty"
expect 2 "--dir without the dialect's directory" -- "$schemac" migrate status --dir "$work/empty" --db "sqlite:$work/cwd/created.db"
[ -e "$work/cwd/created.db" ] && fail "a refused migrate created the SQLite database"
mkdir -p "$work/lite/sqlite"
echo "SELECT 1;" >"$work/lite/sqlite/0001_a.up.sql"; echo "SELECT 1;" >"$work/lite/sqlite/0001_a.down.sql"
resum "$work/lite/sqlite"
cd "$work/cwd" || exit 2
expect 2 "sqlite: without a path" -- "$schemac" migrate up --dir "$work/lite" --db "sqlite:"
has "sqlite: URL without a path"
expect 2 "sqlite:// without a path" -- "$schemac" migrate up --dir "$work/lite" --db "sqlite://"
cd "$work" || exit 2
[ -z "$(ls -A "$work/cwd")" ] || fail "sqlite: without a path left a file: $(ls -A "$work/cwd")"

# ---- only `up` creates a missing SQLite file ---------------------------------
if [ "$dialect" = sqlite ]; then
  for sub in status verify check down; do
    expect 3 "$sub on a missing SQLite file" -- "$schemac" migrate $sub --dir "$work/lite" --db "sqlite:$work/cwd/missing.db"
    has "database file $work/cwd/missing.db does not exist"
    [ -e "$work/cwd/missing.db" ] && { fail "migrate $sub created the SQLite file"; rm -f "$work/cwd/missing.db"; }
  done
  expect 3 "status on a missing sqlite:/// file" -- "$schemac" migrate status --dir "$work/lite" --db "sqlite://$work/cwd/missing.db"
  [ -e "$work/cwd/missing.db" ] && fail "migrate status (sqlite:///) created the SQLite file"
  expect 0 "up creates it" -- "$schemac" migrate up --dir "$work/lite" --db "sqlite:$work/cwd/missing.db"
  [ -e "$work/cwd/missing.db" ] || fail "migrate up did not create the SQLite file"
  expect 0 "status on it now" -- "$schemac" migrate status --dir "$work/lite" --db "sqlite:$work/cwd/missing.db"
  rm -f "$work/cwd/missing.db"
fi

# ---- diff against a truncated schema.lock ---------------------------------
m=$work/lockdir
printf 'schema app\n\nentity Customer {\n  id bigint @id\n  email string(100)\n}\n\nentity Order {\n  id bigint @id\n}\n' >"$work/s.schema"
expect 0 "diff init" -- "$schemac" migrate diff "$work/s.schema" --dir "$m" --dialect "$dialect" --name init
sed -i '/entity Order/,$d' "$m/$dialect/schema.lock"
expect 1 "diff with a truncated lock" -- "$schemac" migrate diff "$work/s.schema" --dir "$m" --dialect "$dialect" --name again
has "schema.lock does not match its checksum in migrations.sum"
ls "$m/$dialect" | grep -q 0002 && fail "diff wrote a migration from a truncated lock"

# ---- a directive counts only as a whole line ---------------------------------
# The directive text inside a quoted name (or a summary line) is not the
# directive: the migration below runs in one transaction and rolls back.
newdb notdirective
m=$work/notdirective
mig "$m" 0001_quoted 'CREATE TABLE "t -- schemac:transaction=none" (id integer);
INSERT INTO no_such_table VALUES (1);' 'DROP TABLE "t -- schemac:transaction=none";'
expect 3 "a failing migration quoting the directive" -- "$schemac" migrate up --dir "$m" --db "$db"
hasnt "DIRTY"
[ "$(sql "SELECT count(*) FROM schemac_migrations")" = 0 ] || fail "the failed migration was recorded"
if [ "$dialect" = postgres ]; then
  [ "$(sql "SELECT count(*) FROM pg_tables WHERE tablename LIKE 't -- %'")" = 0 ] || fail "ran outside a transaction"
else
  [ "$(sql "SELECT count(*) FROM sqlite_master WHERE name LIKE 't -- %'")" = 0 ] || fail "not rolled back"
fi

# ---- DIRTY: a transaction=none migration failing midway (PostgreSQL) -------
newdb dirty
m=$work/dirty
mig "$m" 0001_base "CREATE TABLE base (id integer);
INSERT INTO base VALUES (1), (2);" "DROP TABLE base;"
# An old history table (before the dirty column) keeps working.
if [ "$dialect" = postgres ]; then
  sql "CREATE TABLE schemac_migrations (version bigint PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now(), duration_ms bigint NOT NULL)"
else
  sql "CREATE TABLE schemac_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,
       applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), duration_ms INTEGER NOT NULL)"
fi
expect 0 "status on an old history table" -- "$schemac" migrate status --dir "$m" --db "$db"
has "pending  0001_base"
expect 0 "up on an old history table" -- "$schemac" migrate up --dir "$m" --db "$db"
[ "$(sql "SELECT count(*) FROM schemac_migrations WHERE dirty = false")" = 1 ] 2>/dev/null \
  || [ "$(sql "SELECT count(*) FROM schemac_migrations WHERE dirty = 0")" = 1 ] || fail "dirty column not added"
if [ "$dialect" = postgres ]; then
  mig "$m" 0002_idx "-- schemac:transaction=none
CREATE INDEX CONCURRENTLY base_id_idx ON base (id);
SELECT 1 / (SELECT count(*) - 2 FROM base);
CREATE TABLE never (id integer);" "-- schemac:transaction=none
DROP INDEX CONCURRENTLY IF EXISTS base_id_idx;"
  mig "$m" 0003_after "CREATE TABLE after3 (id integer);" "DROP TABLE after3;"
  expect 3 "transaction=none failing midway" -- "$schemac" migrate up --dir "$m" --db "$db"
  has "0002_idx.up.sql: statement 2 (line 3) failed"
  has "marked DIRTY"
  [ "$(sql "SELECT count(*) FROM pg_indexes WHERE indexname = 'base_id_idx'")" = 1 ] || fail "first statement not kept"
  expect 0 "status shows DIRTY" -- "$schemac" migrate status --dir "$m" --db "$db"
  has "DIRTY    0002_idx  partially applied"
  has "migrate resolve --version 2"
  expect 1 "up refuses past a dirty version" -- "$schemac" migrate up --dir "$m" --db "$db"
  has "version 2 (idx) is DIRTY"
  [ "$(sql "SELECT count(*) FROM pg_tables WHERE tablename = 'after3'")" = 0 ] || fail "up went past a dirty version"
  expect 1 "down refuses too" -- "$schemac" migrate down --dir "$m" --db "$db"
  expect 1 "verify reports it" -- "$schemac" migrate verify --dir "$m" --db "$db"
  has "0002_idx.up.sql is DIRTY"
  expect 1 "resolve a clean version" -- "$schemac" migrate resolve --dir "$m" --db "$db" --version 1 --applied
  has "not marked DIRTY"
  expect 2 "resolve without a verdict" -- "$schemac" migrate resolve --dir "$m" --db "$db" --version 2
  # Undo by hand, resolve as reverted: up runs it again (after fixing the file).
  sql "DROP INDEX base_id_idx"
  expect 0 "resolve --reverted" -- "$schemac" migrate resolve --dir "$m" --db "$db" --version 2 --reverted
  has "version 2 resolved"
  sql "INSERT INTO base VALUES (3)"
  expect 0 "up after resolve" -- "$schemac" migrate up --dir "$m" --db "$db"
  has "applied 0002_idx.up.sql"
  has "applied 0003_after.up.sql"
  expect 0 "status clean" -- "$schemac" migrate status --dir "$m" --db "$db"
  hasnt "DIRTY"
  # kill -9 midway leaves the mark too.
  mig "$m" 0004_slow "-- schemac:transaction=none
CREATE TABLE slow4 (id integer);
SELECT pg_sleep(30);" "DROP TABLE slow4;"
  "$schemac" migrate up --dir "$m" --db "$db" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    [ "$(sql "SELECT count(*) FROM pg_tables WHERE tablename = 'slow4'")" = 1 ] && break
    sleep 0.1
  done
  kill -9 "$pid"; wait "$pid" 2>/dev/null
  sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'" >/dev/null
  expect 0 "status after kill -9" -- "$schemac" migrate status --dir "$m" --db "$db"
  has "DIRTY    0004_slow"
  expect 1 "up after kill -9" -- "$schemac" migrate up --dir "$m" --db "$db"
  has "version 4 (slow) is DIRTY"
  expect 0 "resolve --applied" -- "$schemac" migrate resolve --dir "$m" --db "$db" --version 4 --applied
  expect 0 "status after resolve --applied" -- "$schemac" migrate status --dir "$m" --db "$db"
  has "applied  0004_slow"
  hasnt "DIRTY"
fi

if [ "$fails" -gt 0 ]; then echo "migrate runner [$dialect]: $fails failure(s)" >&2; exit 1; fi
echo "migrate runner [$dialect]: ok"
