#!/usr/bin/env bash
# `schemac pull` as a command, on the hand-written shop database:
# --out writes a file `check` accepts, the notes go to stderr as warnings,
# stdout without --out is the same text, usage errors exit 2, an unreadable
# database exits 3.
#   cli_test.sh SCHEMAC TESTS_PULL_DIR sqlite|postgres [PG_STATE]
set -euo pipefail
S=${1:?schemac} HERE=${2:?tests/pull dir} dialect=${3:?dialect} pg_state=${4:-}
T=$(mktemp -d /tmp/schemac-pull-cli.XXXXXX)
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$dialect" = postgres ]; then
  admin=$(cat "$pg_state/url")
  dbname="pullcli_$$"
  trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1; rm -rf "$T"' EXIT
  psql "$admin" -qc "CREATE DATABASE $dbname" || exit 2
  db=${admin/\/postgres\?//$dbname?}
  psql "$db" -qX -v ON_ERROR_STOP=1 -f "$HERE/handwritten.postgres.sql" > /dev/null
  missing=${admin/\/postgres\?//no_such_db_$$?}
else
  trap 'rm -rf "$T"' EXIT
  sqlite3 "$T/shop.db" < "$HERE/handwritten.sqlite.sql"
  db="sqlite:$T/shop.db"
  missing="sqlite:$T/missing.db"
fi

"$S" pull --db "$db" --out "$T/shop.schema" --schema shop 2> "$T/err" || fail "pull exited $?: $(cat "$T/err")"
grep -q '^schema shop$' "$T/shop.schema" || fail "no schema line"
"$S" check "$T/shop.schema" > "$T/check.out" || fail "check refused the pulled schema: $(cat "$T/check.out")"
grep -q 'shop: 11 entities' "$T/check.out" || fail "unexpected check summary: $(cat "$T/check.out")"
grep -q 'warning: order: index order_total_cents_idx' "$T/err" || fail "no warning for the index on an operator expression"
[ "$(grep -c '// pull: ' "$T/shop.schema")" = "$(grep -c 'warning: ' "$T/err")" ] || fail "notes and warnings differ"
"$S" pull --db "$db" --schema shop 2>/dev/null | cmp -s - "$T/shop.schema" || fail "stdout differs from --out"

set +e
"$S" pull > /dev/null 2>&1; [ $? = 2 ] || fail "missing --db is not exit 2"
"$S" pull --db "mysql://x" > /dev/null 2>&1; [ $? = 2 ] || fail "bad URL is not exit 2"
"$S" pull --db "$db" --bogus > /dev/null 2>&1; [ $? = 2 ] || fail "unknown option is not exit 2"
"$S" pull --db "$missing" > /dev/null 2> "$T/err"; [ $? = 3 ] || fail "a missing database is not exit 3"
grep -q 'cannot read the database' "$T/err" || fail "no message for a missing database"
set -e
echo "pull cli ($dialect): ok"
