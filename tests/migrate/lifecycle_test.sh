#!/usr/bin/env bash
# The migrations directory by hand, end to end on one dialect:
#   lifecycle_test.sh SCHEMAC sqlite|postgres PG_STATE_DIR
# `migrate new` (an empty pair for hand-written SQL that applies, keeps
# migrations.sum and schema.lock consistent: diff and verify still work),
# `migrate hash` (lists what changed; refuses with --db when the edited file
# is applied), `migrate baseline` (marks an existing database after a drift
# check; refuses drift and inconsistent history) and `migrate squash`
# (replaces files up to V by one pair, verified on scratch databases first;
# databases that applied the old files go on), every refusal with its exit
# code (docs/cli.md).
set -uo pipefail
schemac=$1 dialect=$2 pg_state=$3
work=$(mktemp -d /tmp/schemac-mig-life-XXXXXX)
fails=0
dbs=()
cleanup() {
  if [ "$dialect" = postgres ]; then
    for d in "${dbs[@]}"; do psql "$admin" -qc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "$0")/expect.sh"

# newdb NAME: sets $db to a fresh database; sql runs SQL on $db, sql_at on another.
sql() { sql_at "$db" "$1"; }
if [ "$dialect" = postgres ]; then
  admin=$(cat "$pg_state/url")
  newdb() {
    local name="miglife_$1_$$"
    psql "$admin" -qc "CREATE DATABASE $name" >/dev/null || exit 2
    dbs+=("$name")
    db=${admin/\/postgres\?//$name?}
  }
  sql_at() { psql "$1" -qtAX -v ON_ERROR_STOP=1 -c "$2"; }
  check_url=$admin
else
  newdb() { db="sqlite:$work/$1.db"; sqlite3 "$work/$1.db" 'PRAGMA user_version = 0'; }
  sql_at() { sqlite3 "${1#sqlite:}" "$2"; }
  check_url=
fi
dir=$work/migrations
d=$dir/$dialect

cat >"$work/v1.schema" <<'S'
schema app

entity Customer {
  id    bigint      @id
  email string(100)
  city  string(50)?
}
S
sed 's/  city  string(50)?/  city  string(50)?\n  phone string(20)?/' "$work/v1.schema" >"$work/v2.schema"
sed 's/  email string(100)/  email string(100) @unique/' "$work/v2.schema" >"$work/v3.schema"
cat "$work/v3.schema" - >"$work/v4.schema" <<'S'

entity Order {
  id          bigint @id
  customer_id bigint @ref(Customer.id)
}
S

# ---- new --------------------------------------------------------------------
expect 0 "diff init" -- "$schemac" migrate diff "$work/v1.schema" --dir "$dir" --dialect "$dialect" --name init
expect 0 "new" -- "$schemac" migrate new lowercase_emails --dir "$dir" --dialect "$dialect"
has "0002_lowercase_emails.up.sql"
[ -f "$d/0002_lowercase_emails.up.sql" ] && [ -f "$d/0002_lowercase_emails.down.sql" ] || fail "new wrote no pair"
grep -q "0002_lowercase_emails.up.sql" "$d/migrations.sum" || fail "new did not update migrations.sum"
newdb a
expect 0 "verify after new" -- "$schemac" migrate verify --dir "$dir" --db "$db"
expect 0 "an empty hand-written pair applies" -- "$schemac" migrate up --dir "$dir" --db "$db"
has "applied 0002_lowercase_emails.up.sql"
# schema.lock is still the schema: the next diff works and numbers on.
expect 0 "diff after new" -- "$schemac" migrate diff "$work/v2.schema" --dir "$dir" --dialect "$dialect" --name add_phone
[ -f "$d/0003_add_phone.up.sql" ] || fail "diff after new did not write 0003"
expect 0 "diff after new: no change" -- "$schemac" migrate diff "$work/v2.schema" --dir "$dir" --dialect "$dialect" --name x
has "No changes"
expect 0 "up after new" -- "$schemac" migrate up --dir "$dir" --db "$db"
expect 0 "check after new" -- "$schemac" migrate check --dir "$dir" --db "$db"
has "no drift"
# Refusals: bad name, missing --dialect, --dir not a directory, files that
# do not match migrations.sum (new would bless them).
expect 2 "new: bad name" -- "$schemac" migrate new Bad-Name --dir "$dir" --dialect "$dialect"
has "lowercase letters"
expect 2 "new: no dialect" -- "$schemac" migrate new x --dir "$dir"
expect 2 "new: no dir" -- "$schemac" migrate new x --dir "$work/nope" --dialect "$dialect"
echo "-- stray edit" >>"$d/0001_init.down.sql"
expect 1 "new over a tampered directory" -- "$schemac" migrate new x --dir "$dir" --dialect "$dialect"
has "do not match migrations.sum"
[ -e "$d/0004_x.up.sql" ] && fail "a refused new wrote files"

# ---- hash -------------------------------------------------------------------
# The edit of 0001's down (not recorded in any history) is deliberate: hash
# blesses it and names it.
expect 0 "hash" -- "$schemac" migrate hash --dir "$dir" --dialect "$dialect" --db "$db"
has "changed  .*0001_init.down.sql"
hasnt "0001_init.up.sql"
expect 0 "hash again" -- "$schemac" migrate hash --dir "$dir"
has "up to date"
expect 0 "verify after hash" -- "$schemac" migrate verify --dir "$dir" --db "$db"
# A new file not yet applied anywhere: write its SQL, hash, up.
expect 0 "new data migration" -- "$schemac" migrate new set_city --dir "$dir" --dialect "$dialect"
echo "UPDATE customers SET city = 'Paris' WHERE city IS NULL;" >>"$d/0004_set_city.up.sql"
expect 1 "up before hash" -- "$schemac" migrate up --dir "$dir" --db "$db"
has "0004_set_city.up.sql was changed"
expect 0 "hash the data migration" -- "$schemac" migrate hash --dir "$dir" --dialect "$dialect" --db "$db"
has "changed  .*0004_set_city.up.sql"
sql "INSERT INTO customers (id, email) VALUES (1, 'a@x')"
expect 0 "up the data migration" -- "$schemac" migrate up --dir "$dir" --db "$db"
[ "$(sql 'SELECT city FROM customers WHERE id = 1')" = Paris ] || fail "the hand-written migration did not run"
# Editing it now that it is applied: hash --db refuses, without --db it
# rewrites (no database to ask), and up then refuses the edit.
echo "UPDATE customers SET city = 'Lyon';" >>"$d/0004_set_city.up.sql"
expect 1 "hash refuses an applied edit" -- "$schemac" migrate hash --dir "$dir" --db "$db"
has "0004_set_city.up.sql was changed after it was applied"
grep -q "$(sha256sum "$d/0004_set_city.up.sql" | cut -c1-64)" "$d/migrations.sum" && fail "a refused hash rewrote migrations.sum"
expect 2 "hash: no dir" -- "$schemac" migrate hash
expect 2 "hash: db of another dialect" -- "$schemac" migrate hash --dir "$dir" --dialect "$([ "$dialect" = sqlite ] && echo postgres || echo sqlite)" --db "$db"
expect 2 "hash: no migrations here" -- "$schemac" migrate hash --dir "$work"
if [ "$dialect" = postgres ]; then bad="${admin/\/postgres\?//no_such_db_$$?}"; else bad="sqlite:$work/no/such.db"; fi
expect 3 "hash: unreachable database" -- "$schemac" migrate hash --dir "$dir" --db "$bad"
sed -i '$d' "$d/0004_set_city.up.sql"
expect 0 "hash after undoing the edit" -- "$schemac" migrate hash --dir "$dir" --db "$db"
has "up to date"
touch "$d/0005_bad.sql"
expect 1 "hash refuses a misnamed file" -- "$schemac" migrate hash --dir "$dir"
has "not a migration file name"
rm "$d/0005_bad.sql"

# ---- baseline ---------------------------------------------------------------
# The directory now: 0001 init (v1), 0002 hand-written, 0003 add phone (v2),
# 0004 hand-written. A database made without schemac (the DDL of v2, run by
# hand) is baselined to the newest version; nothing runs, the data stays.
newdb b; db_b=$db
"$schemac" sql "$work/v2.schema" --dialect "$dialect" >"$work/v2.sql"
if [ "$dialect" = postgres ]; then psql "$db" -qX -v ON_ERROR_STOP=1 -f "$work/v2.sql" >/dev/null; else sqlite3 "${db#sqlite:}" <"$work/v2.sql"; fi
sql "INSERT INTO customers (id, email) VALUES (7, 'kept@x')"
expect 0 "baseline" -- "$schemac" migrate baseline --dir "$dir" --db "$db"
has "marked 0001_init as applied (baseline: nothing ran)"
has "marked 0004_set_city as applied"
has "database version: 4"
[ "$(sql 'SELECT city IS NULL FROM customers WHERE id = 7')" = "$([ "$dialect" = postgres ] && echo t || echo 1)" ] \
  || fail "baseline ran a migration (0004 would have set the city)"
[ "$(sql 'SELECT count(*) FROM schemac_migrations')" = 4 ] || fail "baseline did not write 4 history rows"
expect 0 "verify after baseline" -- "$schemac" migrate verify --dir "$dir" --db "$db"
expect 0 "check after baseline" -- "$schemac" migrate check --dir "$dir" --db "$db"
has "no drift"
expect 0 "baseline again: nothing to mark" -- "$schemac" migrate baseline --dir "$dir" --db "$db"
has "already at version 4"
# Later migrations then apply as usual.
expect 0 "diff after baseline" -- "$schemac" migrate diff "$work/v3.schema" --dir "$dir" --dialect "$dialect" --name unique_email
expect 0 "up after baseline" -- "$schemac" migrate up --dir "$dir" --db "$db"
has "applied 0005_unique_email.up.sql"
expect 1 "baseline behind the database" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 3
has "already at version 5"

# Drift: the v1 DDL is not the schema as of 0004 (no phone column): refused,
# the differences listed, nothing marked. --to 2 (the schema of 0001-0002)
# matches it.
newdb c
"$schemac" sql "$work/v1.schema" --dialect "$dialect" >"$work/v1.sql"
if [ "$dialect" = postgres ]; then psql "$db" -qX -v ON_ERROR_STOP=1 -f "$work/v1.sql" >/dev/null; else sqlite3 "${db#sqlite:}" <"$work/v1.sql"; fi
sql "CREATE INDEX stray_idx ON customers (city)"
expect 1 "baseline refuses drift" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 4
has "refusing to baseline: the database differs from the schema as of version 4"
has "customers.phone"
has "not in the schema: index customers.stray_idx"
[ "$(sql "SELECT count(*) FROM customers")" = 0 ] || fail "drifted database touched"
expect 0 "status after refused baseline" -- "$schemac" migrate status --dir "$dir" --db "$db"
has "database version: 0"
sql "DROP INDEX stray_idx"
expect 0 "baseline to 2" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 2
has "database version: 2"
hasnt "0003_add_phone"
# A consistent history: baseline on from it once the database matches.
expect 1 "baseline to 4 from 2, still drifted" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 4
has "customers.phone"
sql "ALTER TABLE customers ADD COLUMN phone $([ "$dialect" = postgres ] && echo 'varchar(20)' || echo TEXT)"
[ "$dialect" = sqlite ] && sql "DROP TABLE customers; $(cat "$work/v2.sql")"
expect 0 "baseline to 4 from 2" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 4
has "marked 0003_add_phone"
hasnt "marked 0001_init"
# Inconsistent histories are refused: a changed checksum, a DIRTY version.
sql "UPDATE schemac_migrations SET checksum = 'x' WHERE version = 1"
expect 1 "baseline over a changed checksum" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 5
has "the history does not match the migrations: 0001_init.up.sql was changed after it was applied"
sql "UPDATE schemac_migrations SET checksum = '$(sha256sum "$d/0001_init.up.sql" | cut -c1-64)', dirty = $([ "$dialect" = postgres ] && echo true || echo 1) WHERE version = 4"
expect 1 "baseline over a DIRTY version" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 5
has "is DIRTY"
# Usage and database errors.
expect 2 "baseline: unknown version" -- "$schemac" migrate baseline --dir "$dir" --db "$db" --to 42
has "--to 42: no migration has that version"
expect 2 "baseline: no --db" -- "$schemac" migrate baseline --dir "$dir"
mkdir -p "$work/empty/$dialect"
expect 2 "baseline: empty directory" -- "$schemac" migrate baseline --dir "$work/empty" --db "$db"
has "nothing to baseline to"
expect 3 "baseline: unreachable database" -- "$schemac" migrate baseline --dir "$dir" --db "$bad"
[ "$dialect" = sqlite ] && [ -e "$work/no/such.db" ] && fail "baseline created a database file"
echo "-- edited" >>"$d/0003_add_phone.up.sql"
expect 1 "baseline over a tampered file" -- "$schemac" migrate baseline --dir "$dir" --db "$db"
has "do not match migrations.sum"
sed -i '$d' "$d/0003_add_phone.up.sql"

# ---- squash -----------------------------------------------------------------
# Fresh start for the databases of this part; dir holds 0001..0005 (two of
# them hand-written) and database b is at 5 (baseline, then up).
newdb e; expect 0 "up --to 3 (old files)" -- "$schemac" migrate up --dir "$dir" --db "$db" --to 3; db_e=$db
newdb f; expect 0 "up (old files)" -- "$schemac" migrate up --dir "$dir" --db "$db"; db_f=$db
snapshot() { (cd "$dir" && find . -type f | sort | xargs sha256sum); }
snapshot >"$work/before"
unchanged() { snapshot | cmp -s - "$work/before" || fail "$1: the directory changed"; [ -z "$(ls -A "$dir" | grep '^\.')" ] || fail "$1: leftovers in $dir"; }
cdb=(); [ "$dialect" = postgres ] && cdb=(--check-db "$check_url")
expect 2 "squash: no --to" -- "$schemac" migrate squash --dir "$dir" "${cdb[@]}"
expect 2 "squash: unknown version" -- "$schemac" migrate squash --dir "$dir" --to 42 "${cdb[@]}"
has "no migration in .* has that version"
expect 2 "squash: V not the newest, no FILES" -- "$schemac" migrate squash --dir "$dir" --to 3 "${cdb[@]}"
has "is not the newest"
if [ "$dialect" = postgres ]; then
  expect 2 "squash: postgres without --check-db" -- env -u SCHEMAC_CHECK_DB "$schemac" migrate squash --dir "$dir" --to 5
  has "needs a PostgreSQL database to verify on"
fi
printf 'schema app\nentity Customer {\n  id bigint @id\n  email strin\n}\n' >"$work/broken.schema"
expect 1 "squash: schema errors in FILES" -- "$schemac" migrate squash --dir "$dir" --to 3 "${cdb[@]}" "$work/broken.schema"
has "broken.schema:"
expect 2 "squash: unreadable FILES" -- "$schemac" migrate squash --dir "$dir" --to 3 "${cdb[@]}" "$work/nope.schema"
if [ "$dialect" = postgres ]; then
  expect 3 "squash: unreachable --check-db" -- "$schemac" migrate squash --dir "$dir" --to 5 --check-db "$bad"
  has "cannot connect to the --check-db database"
fi
unchanged "refused squash (usage)"
# The schema given for V must be what the old files make: v1 is not the
# schema as of 0003 (no phone): refused, the difference named, nothing replaced.
expect 1 "squash: wrong schema for V" -- "$schemac" migrate squash --dir "$dir" --to 3 "${cdb[@]}" "$work/v1.schema"
has "refusing to squash"
has "customers.phone"
unchanged "refused squash (wrong schema)"
# A hand-written migration that changed the schema behind the lock's back:
# the squash from the lock would lose its table, so it is refused.
cp -r "$dir" "$work/handdir"
"$schemac" migrate new audit_table --dir "$work/handdir" --dialect "$dialect" >/dev/null
echo 'CREATE TABLE audit (id integer PRIMARY KEY);' >>"$work/handdir/$dialect/0006_audit_table.up.sql"
echo 'DROP TABLE audit;' >>"$work/handdir/$dialect/0006_audit_table.down.sql"
"$schemac" migrate hash --dir "$work/handdir" >/dev/null
expect 1 "squash: a hand-written table not in the lock" -- "$schemac" migrate squash --dir "$work/handdir" --to 6 "${cdb[@]}"
has "missing from the database: table audit"
[ -f "$work/handdir/$dialect/0006_audit_table.up.sql" ] || fail "a refused squash removed files"
echo "-- edited" >>"$d/0003_add_phone.down.sql"
expect 1 "squash over a tampered file" -- "$schemac" migrate squash --dir "$dir" --to 5 "${cdb[@]}"
has "do not match migrations.sum"
sed -i '$d' "$d/0003_add_phone.down.sql"
unchanged "refused squash (tampered)"

# Squash 1..5 (the newest: from schema.lock).
expect 0 "squash --to 5" -- "$schemac" migrate squash --dir "$dir" --to 5 "${cdb[@]}"
has "Squashed 5 migrations"
has "0002_lowercase_emails.up.sql was written by hand"
[ "$(cd "$d" && ls | tr '\n' ' ')" = "0005_squashed.down.sql 0005_squashed.up.sql migrations.sum schema.lock " ] \
  || fail "squash left: $(ls -A "$d")"
[ -z "$(ls -A "$dir" | grep '^\.')" ] || fail "squash left a temporary directory"
grep -q "^-- schemac:replaces=3:$(grep '/0003_add_phone.up.sql$' "$work/before" | cut -c1-64)$" "$d/0005_squashed.up.sql" \
  || fail "the squashed file does not name 0003 with its checksum"
# A database that applied the old files is at the squashed version.
expect 0 "verify old database" -- "$schemac" migrate verify --dir "$dir" --db "$db_f"
expect 0 "status old database" -- "$schemac" migrate status --dir "$dir" --db "$db_f"
has "0001_init  squashed into 0005_squashed"
has "database version: 5"
expect 0 "check old database" -- "$schemac" migrate check --dir "$dir" --db "$db_f"
has "no drift"
expect 0 "up old database" -- "$schemac" migrate up --dir "$dir" --db "$db_f"
has "already up to date"
# A new database gets the squashed file, and the same schema.
newdb g; db_g=$db
expect 0 "up new database" -- "$schemac" migrate up --dir "$dir" --db "$db_g"
has "applied 0005_squashed.up.sql"
expect 0 "check new database" -- "$schemac" migrate check --dir "$dir" --db "$db_g"
has "no drift"
# The directory goes on: the next diff numbers 0006, every database takes it.
expect 0 "diff after squash" -- "$schemac" migrate diff "$work/v4.schema" --dir "$dir" --dialect "$dialect" --name orders
for x in "$db_f" "$db_g" "$db_b"; do
  expect 0 "up 0006 on $x" -- "$schemac" migrate up --dir "$dir" --db "$x"
  has "applied 0006_orders.up.sql"
  expect 0 "check 0006 on $x" -- "$schemac" migrate check --dir "$dir" --db "$x"
done
# A database inside the squashed range cannot go on with the squashed file.
expect 1 "up from inside the squashed range" -- "$schemac" migrate up --dir "$dir" --db "$db_e"
has "inside the versions squashed into 0005_squashed"
[ "$(sql_at "$db_e" "SELECT count(*) FROM schemac_migrations")" = 3 ] || fail "the refused up changed the history"
# down: the squashed migration reverts with the versions it replaced, and
# only to below them.
expect 1 "down into the squashed range" -- "$schemac" migrate down --dir "$dir" --db "$db_f" --steps 2
has "cannot revert to version 4: versions 1 to 5 were squashed into 0005_squashed"
expect 0 "down one step" -- "$schemac" migrate down --dir "$dir" --db "$db_f" --steps 1
expect 0 "down to 0 (old database)" -- "$schemac" migrate down --dir "$dir" --db "$db_f" --to 0
has "reverted 0005_squashed.down.sql"
[ "$(sql_at "$db_f" "SELECT count(*) FROM schemac_migrations")" = 0 ] || fail "history rows left after reverting the squash"
expect 0 "check at 0" -- "$schemac" migrate check --dir "$dir" --db "$db_f"
has "no drift"
expect 0 "up again from 0" -- "$schemac" migrate up --dir "$dir" --db "$db_f"
has "applied 0005_squashed.up.sql"
# Squashing again (0005_squashed and 0006 into 0006): the new file carries
# what the first one replaced, so b (old files 1-5, then 0006) and g
# (0005_squashed, then 0006) both stay valid.
expect 0 "squash again" -- "$schemac" migrate squash --dir "$dir" --to 6 "${cdb[@]}"
grep -q "^-- schemac:replaces=1:" "$d/0006_squashed.up.sql" || fail "the second squash lost the first one's list"
for x in "$db_b" "$db_g" "$db_f"; do
  expect 0 "verify after second squash on $x" -- "$schemac" migrate verify --dir "$dir" --db "$x"
  expect 0 "check after second squash on $x" -- "$schemac" migrate check --dir "$dir" --db "$x"
  has "as of version 6"
done
expect 0 "squash with one file: nothing to do" -- "$schemac" migrate squash --dir "$dir" --to 6 "${cdb[@]}"
has "nothing to squash"

# A directory for both databases (PostgreSQL run only: it has the server
# both need): verified for both before either is replaced.
if [ "$dialect" = postgres ]; then
  both=$work/both
  for x in postgres sqlite; do
    "$schemac" migrate diff "$work/v1.schema" --dir "$both" --dialect $x --name init >/dev/null
    "$schemac" migrate diff "$work/v2.schema" --dir "$both" --dialect $x --name add_phone >/dev/null
  done
  (cd "$both" && find . -type f | sort | xargs sha256sum) >"$work/both_before"
  expect 2 "squash both without --check-db" -- env -u SCHEMAC_CHECK_DB "$schemac" migrate squash --dir "$both" --to 2
  (cd "$both" && find . -type f | sort | xargs sha256sum) | cmp -s - "$work/both_before" || fail "one dialect was squashed"
  expect 0 "squash both" -- "$schemac" migrate squash --dir "$both" --to 2 --check-db "$check_url"
  [ -f "$both/postgres/0002_squashed.up.sql" ] && [ -f "$both/sqlite/0002_squashed.up.sql" ] || fail "not both squashed"
  expect 0 "squash both: sqlite up" -- "$schemac" migrate up --dir "$both" --db "sqlite:$work/both.db"
  expect 0 "squash both: sqlite check" -- "$schemac" migrate check --dir "$both" --db "sqlite:$work/both.db"
fi

if [ "$fails" -gt 0 ]; then echo "migrate lifecycle [$dialect]: $fails failure(s)" >&2; exit 1; fi
echo "migrate lifecycle [$dialect]: ok"
