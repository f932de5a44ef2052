#!/usr/bin/env bash
# The example seeds in schema/seeds/<schema>/ load into fresh databases made
# from `schemac sql` DDL, on SQLite and on PostgreSQL, for the development
# and test environments; a second run applies nothing; both databases end
# up with the same number of rows in every table, and the same ids.
# PostgreSQL databases are owned by an ordinary role that loads the DDL and
# the seeds, as in production: FORCE ROW LEVEL SECURITY binds it (a
# superuser would bypass it), so the tenancy seeds prove they set the tenant.
#   seed_examples.sh SCHEMAC SOURCE_DIR PG_URL_FILE
set -u
schemac=$1 src=$2 PG_URL_FILE=$3
TMP=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/seed_db.sh"
trap 'DIALECT=postgres drop_dbs; rm -rf "$TMP"' EXIT
fail=0 nsets=0 sets=
DIALECT=postgres new_owner "seed_owner_$$" || { echo "FAIL cannot create the owner role"; exit 1; }
for dir in "$src"/schema/seeds/*/; do
  name=$(basename "$dir")
  schema="$src/schema/$name.schema"
  [ -f "$schema" ] || { echo "FAIL $dir has no schema $schema"; fail=1; continue; }
  tables=$("$schemac" sql "$schema" --dialect sqlite | sed -n 's/^CREATE TABLE "\([^"]*\)".*/\1/p')
  forced=$("$schemac" sql "$schema" --dialect postgres | sed -n 's/^ALTER TABLE "\([^"]*\)" FORCE ROW LEVEL SECURITY;/\1/p')
  sets="$sets $name"
  for env in development test; do
    nsets=$((nsets + 1))
    for DIALECT in sqlite postgres; do
      new_db "${name}_$env"
      if [ "$DIALECT" = sqlite ]; then
        "$schemac" sql "$schema" --dialect sqlite | sqlite3 -bail "$DB_FILE" || { echo "FAIL DDL $name sqlite"; fail=1; continue; }
      else
        "$schemac" sql "$schema" --dialect postgres | psql -qAt -v ON_ERROR_STOP=1 "$DB_URL" > /dev/null \
          || { echo "FAIL DDL $name postgres"; fail=1; continue; }
      fi
      if ! "$schemac" seed --db "$DB_URL" --dir "$dir" --env $env > "$TMP/out" 2>&1; then
        echo "FAIL $name/$env on $DIALECT:"; sed 's/^/     | /' "$TMP/out"; fail=1; continue
      fi
      "$schemac" seed --db "$DB_URL" --dir "$dir" --env $env > "$TMP/out2" 2>&1
      grep -q '^0 files applied' "$TMP/out2" || { echo "FAIL $name/$env on $DIALECT: second run applied something"; cat "$TMP/out2"; fail=1; }
      : > "$TMP/counts.$DIALECT"
      total=0
      for t in $tables; do
        c=$(db_sql "SELECT count(*) FROM \"$t\"")
        echo "$t $c" >> "$TMP/counts.$DIALECT"
        total=$((total + c))
        # Same keys too, where the table has an id (uuid text or bigint).
        db_sql "SELECT CAST(id AS TEXT) FROM \"$t\"" 2>/dev/null | LC_ALL=C sort | sed "s/^/$t /" >> "$TMP/counts.$DIALECT"
      done
      echo "ok   $name/$env on $DIALECT: $(grep -c applied "$TMP/out") lines of progress, $total rows"
      # Row-level security is on for the owner: without a tenant it sees
      # none of the rows the seed wrote (so they were written per tenant).
      if [ "$DIALECT" = postgres ]; then
        for t in $forced; do
          all=$(db_sql "SELECT count(*) FROM \"$t\"")
          mine=$(psql -qAt -v ON_ERROR_STOP=1 "$DB_URL" -c "SELECT count(*) FROM \"$t\"")
          if [ "$all" -gt 0 ] && [ "$mine" = 0 ]; then
            echo "ok   $name/$env: $t has $all rows, none visible to the owner without a tenant"
          else
            echo "FAIL $name/$env: $t has ${all:-?} rows, ${mine:-?} visible to the owner without a tenant (want >0, 0)"; fail=1
          fi
        done
      fi
      if [ $env = development ] && [ $total -lt 300 ]; then echo "FAIL $name/development has only $total rows"; fail=1; fi
      if [ $env = test ] && { [ $total -lt 3 ] || [ $total -gt 50 ]; }; then echo "FAIL $name/test has $total rows (want a handful)"; fail=1; fi
    done
    if cmp -s "$TMP/counts.sqlite" "$TMP/counts.postgres"; then
      echo "ok   $name/$env: same row counts and ids on both databases"
    else
      echo "FAIL $name/$env: row counts or ids differ (sqlite | postgres):"; diff "$TMP/counts.sqlite" "$TMP/counts.postgres" | head -20; fail=1
    fi
  done
done
for want in leads workspaces ideas tenancy; do
  case " $sets " in *" $want "*) ;; *) echo "FAIL no example seeds for $want"; fail=1 ;; esac
done
[ $nsets -ge 8 ] || { echo "FAIL expected development and test seeds for the four example schemas"; fail=1; }
exit $fail
