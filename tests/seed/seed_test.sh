#!/usr/bin/env bash
# `schemac seed` against a real database: dry run, per-environment
# selection, idempotence, per-dialect files, atomic failure named with its
# statement, changed-file refusal, usage and connection errors.
#   seed_test.sh SCHEMAC sqlite
#   seed_test.sh SCHEMAC postgres PG_URL_FILE
set -u
schemac=$1 DIALECT=$2 PG_URL_FILE=${3:-}
TMP=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/seed_db.sh"
trap 'drop_dbs; rm -rf "$TMP"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
seed() { # seed ARGS...: runs schemac seed, output in $TMP/out and $TMP/err, code in $rc
  "$schemac" seed --db "$DB_URL" "$@" > "$TMP/out" 2> "$TMP/err"
  rc=$?
}
has() { grep -qF -- "$1" "$2" || { echo "     missing '$1' in $2:"; sed 's/^/     | /' "$2"; return 1; }; }

S="$TMP/seeds"
mkdir -p "$S/common" "$S/development" "$S/test"
cat > "$S/common/0010_items.sql" <<'SQL'
-- Semicolons inside strings and comments do not end a statement.
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, env TEXT NOT NULL);
INSERT INTO items (id, name, env) VALUES (1, 'a;b', 'common'), (2, 'it''s; fine', 'common'); /* ; */
SQL
echo "INSERT INTO items (id, name, env) VALUES (10, 'dev item', 'development');" > "$S/development/0010_dev.sql"
echo "INSERT INTO items (id, name, env) VALUES (11, 'postgres item', 'development');" > "$S/development/0020_only.postgres.sql"
echo "INSERT INTO items (id, name, env) VALUES (11, 'sqlite item', 'development');" > "$S/development/0020_only.sqlite.sql"
echo "INSERT INTO items (id, name, env) VALUES (20, 'test item', 'test');" > "$S/test/0010_test.sql"
other=postgres; [ "$DIALECT" = postgres ] && other=sqlite

new_db main
# Dry run on a fresh database: lists the files, creates nothing.
seed --dir "$S" --dry-run
check "dry run exits 0" test $rc = 0
check "dry run lists common then development, in name order" \
  bash -c "grep -o '[a-z]*/[0-9a-z_.]*\.sql' '$TMP/out' | tr '\n' ' ' | grep -qx 'common/0010_items.sql development/0010_dev.sql development/0020_only.$DIALECT.sql '"
check "dry run skips the other database's files" bash -c "! grep -q 'only.$other' '$TMP/out'"
check "dry run created no table" test "$(db_sql "SELECT count(*) FROM items" 2>/dev/null)" = ""
check "dry run did not create schemac_seeds" \
  test "$(db_sql "SELECT count(*) FROM schemac_seeds" 2>/dev/null)" = ""

# First run: applies common and development (default env), with progress.
seed --dir "$S"
check "first run exits 0" test $rc = 0
check "progress line per file" has "applied  common/0010_items.sql  (2 statements" "$TMP/out"
check "rows of common + development + this database's file" \
  test "$(db_sql "SELECT id || ':' || name FROM items ORDER BY id" | tr '\n' ' ')" = "1:a;b 2:it's; fine 10:dev item 11:$DIALECT item "
check "schemac_seeds records the three files with SHA-256" \
  test "$(db_sql "SELECT name || ' ' || checksum FROM schemac_seeds WHERE name = 'common/0010_items.sql'")" = \
       "common/0010_items.sql $(sha256sum "$S/common/0010_items.sql" | cut -d' ' -f1)"
check "three files recorded" test "$(db_sql "SELECT count(*) FROM schemac_seeds")" = 3

# Second run: nothing new.
seed --dir "$S"
check "second run exits 0" test $rc = 0
check "second run applies nothing" has "0 files applied, 3 already applied" "$TMP/out"
check "rows unchanged" test "$(db_sql "SELECT count(*) FROM items")" = 4

# Another environment: common is done, only test/ runs.
seed --dir "$S" --env test
check "--env test exits 0" test $rc = 0
check "--env test applies only test/" has "1 file applied, 1 already applied" "$TMP/out"
check "test row present" test "$(db_sql "SELECT env FROM items WHERE id = 20")" = test
seed --dir "$S" --env staging
check "unknown --env is a usage error (2)" test $rc = 2
check "unknown --env named" has "no directory '$S/staging'" "$TMP/err"

# Atomic failure: the second statement fails; the first leaves no row; the
# file is named with the line and the statement, and is not recorded.
cat > "$S/development/0030_bad.sql" <<'SQL'
INSERT INTO items (id, name, env) VALUES (30, 'first of bad', 'development');

-- the next one breaks the unique name
INSERT INTO items (id, name, env)
  VALUES (31, 'dev item', 'development');
SQL
seed --dir "$S"
check "failing file exits 3" test $rc = 3
check "failure names file and line" has "$S/development/0030_bad.sql:4: statement 2 of the file failed" "$TMP/err"
check "failure shows the statement" has "VALUES (31, 'dev item', 'development')" "$TMP/err"
check "failure says nothing was applied" has "nothing of development/0030_bad.sql was applied" "$TMP/err"
check "no row of the failing file" test "$(db_sql "SELECT count(*) FROM items WHERE id IN (30, 31)")" = 0
check "failing file not recorded" test "$(db_sql "SELECT count(*) FROM schemac_seeds WHERE name LIKE '%bad%'")" = 0
# Fixed, it runs on the next run (it was never recorded).
sed -i "s/(31, 'dev item'/(31, 'fixed item'/" "$S/development/0030_bad.sql"
seed --dir "$S"
check "fixed file applies" test $rc = 0
check "fixed file's rows" test "$(db_sql "SELECT count(*) FROM items WHERE id IN (30, 31)")" = 2

# A changed applied file is refused, and nothing else (not even a new file) runs.
echo "INSERT INTO items (id, name, env) VALUES (40, 'new', 'development');" > "$S/development/0040_new.sql"
echo "-- edited" >> "$S/common/0010_items.sql"
seed --dir "$S"
check "changed file exits 1" test $rc = 1
check "changed file named" has "$S/common/0010_items.sql changed after it was applied" "$TMP/err"
check "nothing applied after a change" test "$(db_sql "SELECT count(*) FROM items WHERE id = 40")" = 0
seed --dir "$S" --dry-run
check "dry run reports the change too" test $rc = 1
sed -i '$d' "$S/common/0010_items.sql"
seed --dir "$S" --dry-run
check "dry run after restoring: exit 0" test $rc = 0
check "dry run lists the pending file" has "pending  development/0040_new.sql" "$TMP/out"
check "dry run applied nothing" test "$(db_sql "SELECT count(*) FROM items WHERE id = 40")" = 0

# A seed file may not manage the transaction itself.
printf 'BEGIN;\nINSERT INTO items (id, name, env) VALUES (50, %s, %s);\nCOMMIT;\n' "'x'" "'development'" \
  > "$S/development/0050_tx.sql"
seed --dir "$S"
check "BEGIN in a seed file is refused (1)" test $rc = 1
check "BEGIN named with its line" has "0050_tx.sql:1: BEGIN" "$TMP/err"
rm "$S/development/0050_tx.sql"

# The runtime's splitter (shared with the migration runner): a NUL byte and
# an unterminated comment are refused with file:line, nothing applied.
printf 'INSERT INTO items (id, name, env) VALUES (60, %s, %s);\n\0DELETE FROM items;\n' "'nul'" "'development'" \
  > "$S/development/0060_nul.sql"
seed --dir "$S"
check "NUL byte in a seed file is refused (1)" test $rc = 1
check "NUL byte named with its line" has "0060_nul.sql:2: NUL byte" "$TMP/err"
check "nothing of the NUL file applied" test "$(db_sql "SELECT count(*) FROM items WHERE id = 60")" = 0
printf 'INSERT INTO items (id, name, env) VALUES (61, %s, %s);\n/* open\n' "'c'" "'development'" \
  > "$S/development/0060_nul.sql"
seed --dir "$S"
check "unterminated comment refused (1)" test $rc = 1
check "unterminated comment named with its line" has "0060_nul.sql:2: unterminated block comment" "$TMP/err"
rm "$S/development/0060_nul.sql"
# PostgreSQL block comments nest (the DELETE is commented out, as in psql);
# SQLite trigger bodies keep their semicolons.
if [ "$DIALECT" = postgres ]; then
  printf '/* off /* see 42 */ DELETE FROM items; -- */\nINSERT INTO items (id, name, env) VALUES (70, E%s, %s);\n' \
    "'it\\'s'" "'development'" > "$S/development/0070_split.sql"
  want="70:it's"
else
  printf 'CREATE TRIGGER items_up AFTER INSERT ON items BEGIN\n  UPDATE items SET name = upper(name) WHERE id = new.id;\n  SELECT 1;\nEND;\nINSERT INTO items (id, name, env) VALUES (70, %s, %s);\n' \
    "'low'" "'development'" > "$S/development/0070_split.sql"
  want="70:LOW"
fi
seed --dir "$S"
check "split file applies" test $rc = 0
check "statements split as the database's shell would" \
  test "$(db_sql "SELECT id || ':' || name FROM items WHERE id >= 70 ORDER BY id")" = "$want"
check "commented-out DELETE did not run" test "$(db_sql "SELECT count(*) FROM items WHERE id = 1")" = 1

# Usage and connection errors.
env -u DATABASE_URL "$schemac" seed --dir "$S" > /dev/null 2>&1; rc=$?
check "missing --db: 2" test $rc = 2
"$schemac" seed --db "$DB_URL" > /dev/null 2>&1; rc=$?
check "missing --dir: 2" test $rc = 2
"$schemac" seed --db "$DB_URL" --dir "$S/nope" > /dev/null 2>&1; rc=$?
check "missing directory: 2" test $rc = 2
"$schemac" seed --db "$DB_URL" --dir "$S" --bogus > /dev/null 2>&1; rc=$?
check "unknown option: 2" test $rc = 2
if [ "$DIALECT" = sqlite ]; then bad="sqlite:$TMP/no/such/dir/x.db"; else bad="postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"; fi
"$schemac" seed --db "$bad" --dir "$S" > /dev/null 2> "$TMP/err"; rc=$?
check "unreachable database: 3" test $rc = 3
check "connection error explained" has "cannot connect to the database" "$TMP/err"
exit $fail
