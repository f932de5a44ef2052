#!/usr/bin/env bash
# `schemac migrate` end to end on one dialect:
#   cli_test.sh SCHEMAC sqlite|postgres PG_STATE_DIR SOURCE_DIR
# diff writes numbered files, lock and sums, says when nothing changed and
# refuses destructive changes; up/status/verify/check/down work; a failing
# migration (a unique key over duplicate data, 10,000 rows) leaves the
# previous version whole and names the file and statement; a tampered file
# is refused by verify and up; drift is reported; a bad URL is exit 3.
set -uo pipefail
schemac=$1 dialect=$2 pg_state=$3
work=$(mktemp -d /tmp/schemac-mig-cli-XXXXXX)
fails=0
cleanup() {
  if [ "$dialect" = postgres ]; then psql "$admin" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
. "$(dirname "$0")/expect.sh"

if [ "$dialect" = postgres ]; then
  admin=$(cat "$pg_state/url")
  dbname="migcli_$$"
  psql "$admin" -qc "CREATE DATABASE $dbname" || exit 2
  db=${admin/\/postgres\?//$dbname?}
  sql() { psql "$db" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
  rows="SELECT g, 'dup' || (g % 10), 'c' || g FROM generate_series(1, 10000) g"
else
  db="sqlite:$work/app.db"
  sql() { sqlite3 "$work/app.db" "$1"; }
  rows="WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < 10000) SELECT g, 'dup' || (g % 10), 'c' || g FROM s"
fi
dir=$work/migrations

cat >"$work/v1.schema" <<'S'
schema app

/// A customer.
entity Customer {
  id    bigint      @id
  email string(100)
  city  string(50)?
}
S
sed 's/  city  string(50)?/  city  string(50)?\n  phone string(20)?/' "$work/v1.schema" >"$work/v2.schema"
sed 's/  email string(100)/  email string(100) @unique/' "$work/v2.schema" >"$work/v3.schema"
grep -v '  city ' "$work/v2.schema" >"$work/v2_drop.schema"

# diff: init, then no change, then a change.
expect 0 "diff init" -- "$schemac" migrate diff "$work/v1.schema" --dir "$dir" --dialect "$dialect" --name init
has "create table customers"
[ -f "$dir/$dialect/0001_init.up.sql" ] && [ -f "$dir/$dialect/0001_init.down.sql" ] && [ -f "$dir/$dialect/schema.lock" ] \
  && [ -f "$dir/$dialect/migrations.sum" ] || fail "diff init did not write the four files"
"$schemac" sql "$work/v1.schema" --dialect "$dialect" >"$work/full.sql"
tail -n +2 "$dir/$dialect/0001_init.up.sql" | cmp -s - "$work/full.sql" || fail "the init migration is not the full DDL"
expect 0 "diff without change" -- "$schemac" migrate diff "$work/v1.schema" --dir "$dir" --dialect "$dialect" --name nothing
has "No changes"
[ -e "$dir/$dialect/0002_nothing.up.sql" ] && fail "a migration was written for no change"
expect 0 "diff add phone" -- "$schemac" migrate diff "$work/v2.schema" --dir "$dir" --dialect "$dialect" --name add_phone
has "add column customers.phone"
expect 1 "destructive diff refused" -- "$schemac" migrate diff "$work/v2_drop.schema" --dir "$dir" --dialect "$dialect" --name drop_city
has "dropping column customers.city loses its values"
has "renamed_from"
[ -e "$dir/$dialect/0003_drop_city.up.sql" ] && fail "a refused diff wrote files"
expect 2 "bad usage" -- "$schemac" migrate diff "$work/v2.schema" --dir "$dir" --dialect "$dialect"
# A name past SCC_MIGRATION_NAME_MAX (100) is refused, not cut.
long=$(printf 'n%.0s' $(seq 101))
expect 2 "name too long" -- "$schemac" migrate diff "$work/v2.schema" --dir "$dir" --dialect "$dialect" --name "$long"
has "longer than 100 characters"

# up, status, verify, check.
expect 0 "up" -- "$schemac" migrate up --dir "$dir" --db "$db"
has "applied 0001_init.up.sql"
has "applied 0002_add_phone.up.sql"
expect 0 "status" -- "$schemac" migrate status --dir "$dir" --db "$db"
has "database version: 2"
expect 0 "verify" -- "$schemac" migrate verify --dir "$dir" --db "$db"
expect 0 "check at head" -- "$schemac" migrate check --dir "$dir" --db "$db"
has "no drift"
expect 0 "up again" -- "$schemac" migrate up --dir "$dir" --db "$db"
has "already up to date"

# 10,000 rows with duplicate emails; adding @unique must fail and keep all.
sql "INSERT INTO customers (id, email, city) $rows" \
  || fail "cannot insert rows"
expect 0 "diff add unique" -- "$schemac" migrate diff "$work/v3.schema" --dir "$dir" --dialect "$dialect" --name unique_email
expect 3 "failing migration" -- "$schemac" migrate up --dir "$dir" --db "$db"
has "0003_unique_email.up.sql: statement"
has "stays at the previous version"
expect 0 "status after failure" -- "$schemac" migrate status --dir "$dir" --db "$db"
has "database version: 2"
[ "$(sql 'SELECT count(*) FROM customers')" = 10000 ] || fail "rows lost by the failing migration"
# The database is still exactly version 2: replay check against migrations 1..2.
expect 0 "check after failure" -- "$schemac" migrate check --dir "$dir" --db "$db"
has "no drift"

# Make the data unique, then it applies; down --steps 1 reverts it.
sql "UPDATE customers SET email = 'e' || id" || fail "update"
expect 0 "up after fixing data" -- "$schemac" migrate up --dir "$dir" --db "$db"
expect 0 "check at v3" -- "$schemac" migrate check --dir "$dir" --db "$db"
expect 0 "down one step" -- "$schemac" migrate down --dir "$dir" --db "$db" --steps 1
has "reverted 0003_unique_email.down.sql"
expect 0 "check after down" -- "$schemac" migrate check --dir "$dir" --db "$db"
[ "$(sql 'SELECT count(*) FROM customers')" = 10000 ] || fail "rows lost by down"
[ "$(sql "SELECT email FROM customers WHERE id = 777")" = e777 ] || fail "values changed by down"

# Drift: an index nobody declared, a missing column default.
sql 'CREATE INDEX stray_idx ON customers (city)'
expect 1 "drift" -- "$schemac" migrate check --dir "$dir" --db "$db"
has "not in the schema: index customers.stray_idx"
sql 'DROP INDEX stray_idx'
expect 0 "no drift again" -- "$schemac" migrate check --dir "$dir" --db "$db"
# schemac's own bookkeeping (seeds history) is not drift.
sql 'CREATE TABLE schemac_seeds (name text PRIMARY KEY)'
expect 0 "bookkeeping tables ignored" -- "$schemac" migrate check --dir "$dir" --db "$db"

# PostgreSQL: a hand-written migration outside a transaction (CONCURRENTLY).
if [ "$dialect" = postgres ]; then
  printf -- '-- schemac:transaction=none\nCREATE INDEX CONCURRENTLY customers_city_cidx ON customers (city);\n' \
    >"$dir/$dialect/0004_city_index.up.sql"
  printf -- '-- schemac:transaction=none\nDROP INDEX CONCURRENTLY customers_city_cidx;\n' >"$dir/$dialect/0004_city_index.down.sql"
  ( cd "$dir/$dialect" && for f in *.sql schema.lock; do printf '%s  %s\n' "$(sha256sum "$f" | cut -c1-64)" "$f"; done >migrations.sum )
  expect 0 "up concurrently" -- "$schemac" migrate up --dir "$dir" --db "$db"
  has "applied 0004_city_index.up.sql (.*outside a transaction)"
  [ "$(sql "SELECT count(*) FROM pg_indexes WHERE indexname = 'customers_city_cidx'")" = 1 ] || fail "no concurrent index"
  expect 0 "down concurrently" -- "$schemac" migrate down --dir "$dir" --db "$db" --steps 2
  [ "$(sql "SELECT count(*) FROM pg_indexes WHERE indexname = 'customers_city_cidx'")" = 0 ] || fail "index left"
  rm "$dir/$dialect/0004_city_index.up.sql" "$dir/$dialect/0004_city_index.down.sql"
  ( cd "$dir/$dialect" && for f in *.sql schema.lock; do printf '%s  %s\n' "$(sha256sum "$f" | cut -c1-64)" "$f"; done >migrations.sum )
  expect 0 "check after concurrently" -- "$schemac" migrate check --dir "$dir" --db "$db"
fi

# Tampering with an applied file: verify and up refuse.
echo "-- edited" >>"$dir/$dialect/0002_add_phone.up.sql"
expect 1 "verify tampered" -- "$schemac" migrate verify --dir "$dir" --db "$db"
has "0002_add_phone.up.sql was changed"
expect 1 "up tampered" -- "$schemac" migrate up --dir "$dir" --db "$db"
# Even with migrations.sum regenerated, the history's checksum refuses it.
"$schemac" migrate diff "$work/v3.schema" --dir "$dir" --dialect "$dialect" --name x >/dev/null 2>&1
( cd "$dir/$dialect" && for f in *.sql schema.lock; do printf '%s  %s\n' "$(sha256sum "$f" | cut -c1-64)" "$f"; done >migrations.sum )
expect 1 "verify against history" -- "$schemac" migrate verify --dir "$dir" --db "$db"
has "0002_add_phone.up.sql was changed after it was applied"
expect 1 "up against history" -- "$schemac" migrate up --dir "$dir" --db "$db"
has "refusing to migrate"

# A migrations directory whose path holds comment and trigraph characters
# embeds into C that compiles (the path reaches comments escaped).
hostile="$work/d*/x??/m"
mkdir -p "$hostile" && cp -r "$dir/$dialect" "$hostile/"
expect 0 "embed from a hostile path" -- "$schemac" migrate embed --dir "$hostile" --dialect "$dialect" --prefix evo --out "$work/emb"
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -Wtrigraphs -I"$4/../../runtime/include" -c "$work/emb/evo_migrations_$dialect.c" \
  -o "$work/emb.o" >"$work/out" 2>&1 || { fail "embedded migrations from a hostile path do not compile"; sed 's/^/  | /' "$work/out" >&2; }

# Database errors are exit 3.
if [ "$dialect" = postgres ]; then bad="${admin/\/postgres\?//no_such_db_$$?}"; else bad="sqlite:$work/no/such/dir/x.db"; fi
expect 3 "unreachable database" -- "$schemac" migrate status --dir "$dir" --db "$bad"

if [ "$fails" -gt 0 ]; then echo "migrate cli [$dialect]: $fails failure(s)" >&2; exit 1; fi
echo "migrate cli [$dialect]: ok"
