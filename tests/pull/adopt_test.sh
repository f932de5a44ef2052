#!/usr/bin/env bash
# docs/adopting.md, step by step, on the hand-written shop database: pull,
# check, the first migration, baseline refused with the list of
# differences, the reconciliation (PostgreSQL: adopt_reconcile.postgres.sql;
# SQLite: a new file and examples/adopt/sqlite_copy_rows.sh), baseline or
# `up`, `migrate check` clean, every row still there, and the next change
# through the usual diff/up.
#   adopt_test.sh SCHEMAC PROJECT_DIR sqlite|postgres [PG_STATE]
set -uo pipefail
S=${1:?schemac} ROOT=${2:?project dir} dialect=${3:?dialect} pg_state=${4:-}
HERE=$ROOT/tests/pull
work=$(mktemp -d /tmp/schemac-adopt.XXXXXX)
fails=0
source "$ROOT/tests/migrate/expect.sh"

# The rows the shop holds before adoption (the same on both databases but
# for the clock: $1 is "now" in that database's timestamp column).
rows() {
  cat <<SQL
INSERT INTO customers (id, email, "fullName") VALUES (1, 'ann@example.com', 'Ann'), (2, 'bob@example.com', 'Bob');
INSERT INTO categories (id, name) VALUES (1, 'Tea');
INSERT INTO products (id, sku, name, category_id, price) VALUES
  ('0b7e4c1a-3c1e-4d7e-9a43-0c8c7d9e1f01', 'TEA-1', 'Assam', 1, 4.50);
INSERT INTO "order" (id, customer_id, status, placed_at) VALUES (1, 1, 'paid', $1), (2, 2, 'pending', $1);
INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES
  (1, 1, '0b7e4c1a-3c1e-4d7e-9a43-0c8c7d9e1f01', 2, 4.50);
INSERT INTO event_log (happened_at, message) VALUES ($1, 'shop opened'), ($1, 'first order');
SQL
}
TABLES="customers categories products order order_items event_log"

if [ "$dialect" = postgres ]; then
  admin=$(cat "$pg_state/url")
  dbname="adopt_$$"
  trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1; rm -rf "$work"' EXIT
  psql "$admin" -qc "CREATE DATABASE $dbname" || exit 2
  db=${admin/\/postgres\?//$dbname?}
  sql() { psql "$db" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
  psql "$db" -qX -v ON_ERROR_STOP=1 -f "$HERE/handwritten.postgres.sql" > /dev/null || exit 2
  # explicit ids leave the serial sequences behind, as a real shop's would not
  sql "$(rows 'now()') SELECT setval('customers_id_seq', 2); SELECT setval('order_id_seq', 2);" > /dev/null || exit 2
else
  trap 'rm -rf "$work"' EXIT
  sqlite3 "$work/shop.db" < "$HERE/handwritten.sqlite.sql" || exit 2
  db="sqlite:$work/shop.db"
  sql() { sqlite3 -batch -bail "$work/shop.db" "$1"; }
  sql "$(rows 1700000000000000)" || exit 2
fi
# The hand-written file holds a decoy bookkeeping table for pull's test.
sql "DROP TABLE schemac_migrations"
count() { sql "SELECT count(*) FROM \"$1\""; }
declare -A before
for t in $TABLES; do before[$t]=$(count "$t"); done

# 1. pull, then give the keyless event_log a key in the schema
expect 0 "pull" -- "$S" pull --db "$db" --schema shop --out "$work/shop.schema"
has "table event_log has no primary key"
cat >> "$work/shop.schema" <<'SCHEMA'

/// What happened, in the order it happened.
entity EventLog {
  id          bigint    @id @default(autoincrement())
  happened_at timestamp @default(now())
  message     text

  @@table("event_log")
}
SCHEMA
expect 0 "check the pulled schema" -- "$S" check "$work/shop.schema"
has "shop: 12 entities"

# 2. the first migration: the whole schema
expect 0 "diff init" -- "$S" migrate diff "$work/shop.schema" --dir "$work/migrations" --dialect "$dialect" --name init
has "create table customers"

# 3. baseline refuses: the hand-made database is not in schemac's shape yet
expect 1 "baseline before reconciling" -- "$S" migrate baseline --dir "$work/migrations" --db "$db"
has "refusing to baseline"
has "nothing was marked"

# 4. reconcile, then baseline (PostgreSQL) or rebuild into a new file (SQLite)
if [ "$dialect" = postgres ]; then
  psql "$db" -qX -v ON_ERROR_STOP=1 -f "$HERE/adopt_reconcile.postgres.sql" > /dev/null ||
    fail "the reconciliation script failed"
  expect 0 "baseline after reconciling" -- "$S" migrate baseline --dir "$work/migrations" --db "$db"
  has "marked 0001_init as applied"
else
  expect 0 "up on a new file" -- "$S" migrate up --dir "$work/migrations" --db "sqlite:$work/shop.new.db"
  expect 0 "copy the rows" -- "$ROOT/examples/adopt/sqlite_copy_rows.sh" "$work/shop.db" "$work/shop.new.db"
  has "copied 12 tables"
  mv "$work/shop.db" "$work/shop.old.db" && mv "$work/shop.new.db" "$work/shop.db"
fi
expect 0 "migrate check after adopting" -- "$S" migrate check --dir "$work/migrations" --db "$db"
for t in $TABLES; do
  n=$(count "$t")
  [ "$n" = "${before[$t]}" ] || fail "table $t: $n rows after adopting, ${before[$t]} before"
done

# identity keys go on after the rows that were there
if [ "$dialect" = postgres ]; then
  id=$(sql "INSERT INTO customers (email, \"fullName\") VALUES ('cy@example.com', 'Cy') RETURNING id")
else
  id=$(sql "INSERT INTO customers (email, \"fullName\", created_at) VALUES ('cy@example.com', 'Cy', 'x') RETURNING id")
fi
[ "$id" = 3 ] || fail "the next customer id is '$id', expected 3"

# 5. from here on, the usual workflow
sed -i 's/^\(  phone  *string(32)?\)$/\1\n  loyalty_points int @default(0)/' "$work/shop.schema"
grep -q loyalty_points "$work/shop.schema" || fail "could not edit the schema"
expect 0 "diff the next change" -- "$S" migrate diff "$work/shop.schema" --dir "$work/migrations" --dialect "$dialect" --name loyalty
has "add column customers.loyalty_points"
expect 0 "up" -- "$S" migrate up --dir "$work/migrations" --db "$db"
expect 0 "migrate check after the change" -- "$S" migrate check --dir "$work/migrations" --db "$db"
expect 0 "status" -- "$S" migrate status --dir "$work/migrations" --db "$db"
has "0002_loyalty"

[ "$fails" = 0 ] || { echo "adopt ($dialect): $fails failure(s)" >&2; exit 1; }
echo "adopt ($dialect): ok"
