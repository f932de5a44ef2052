# Helpers shared by the seed tests (sourced). A fresh database per call:
#   new_db NAME     sets DB_URL (and DB_NAME on PostgreSQL) for $DIALECT
#   db_sql SQL      runs SQL on it, prints rows as a|b|c
#   drop_dbs        drops the PostgreSQL databases (and owner roles) made
#                   (trap on EXIT)
#   new_owner ROLE  makes an ordinary login role (no superuser, so row-level
#                   security binds it) and sets DB_OWNER: from then on
#                   new_db makes databases it owns and DB_URL connects as it,
#                   while db_sql stays the superuser (sees every row)
# Needs DIALECT (sqlite|postgres), TMP, and on PostgreSQL PG_URL_FILE.
made_dbs=() made_roles=() DB_OWNER=
export PGOPTIONS="-c client_min_messages=warning"
new_db() {
  if [ "$DIALECT" = sqlite ]; then
    DB_FILE="$TMP/$1.db"
    rm -f "$DB_FILE"
    DB_URL="sqlite:$DB_FILE"
  else
    local base
    base=$(cat "$PG_URL_FILE")
    DB_NAME="seed_${1}_$$"
    psql -qAt -v ON_ERROR_STOP=1 "$base" -c "DROP DATABASE IF EXISTS \"$DB_NAME\"" \
      -c "CREATE DATABASE \"$DB_NAME\"${DB_OWNER:+ OWNER \"$DB_OWNER\"}" >/dev/null
    made_dbs+=("$DB_NAME")
    # The fixture's URL names the database "postgres" and the user postgres:
    # swap in ours.
    DB_ADMIN_URL=$(printf '%s' "$base" | sed "s#/postgres?#/$DB_NAME?#")
    DB_URL=$DB_ADMIN_URL
    [ -z "$DB_OWNER" ] || DB_URL=$(printf '%s' "$DB_ADMIN_URL" | sed "s#user=postgres#user=$DB_OWNER#")
  fi
}
new_owner() {
  [ "$DIALECT" = postgres ] || return 0
  psql -qAt -v ON_ERROR_STOP=1 "$(cat "$PG_URL_FILE")" -c "DROP ROLE IF EXISTS \"$1\"" \
    -c "CREATE ROLE \"$1\" LOGIN NOSUPERUSER NOBYPASSRLS" >/dev/null || return 1
  made_roles+=("$1")
  DB_OWNER=$1
}
db_sql() {
  if [ "$DIALECT" = sqlite ]; then
    sqlite3 -bail "$DB_FILE" "$1"
  else
    psql -qAt -v ON_ERROR_STOP=1 "$DB_ADMIN_URL" -c "$1"
  fi
}
drop_dbs() {
  [ "$DIALECT" = postgres ] || return 0
  local base d
  base=$(cat "$PG_URL_FILE")
  for d in "${made_dbs[@]}"; do
    psql -qAt "$base" -c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
  for d in "${made_roles[@]}"; do
    psql -qAt "$base" -c "DROP ROLE IF EXISTS \"$d\"" >/dev/null 2>&1 || true
  done
}
