# Helpers shared by the seed tests (sourced). A fresh database per call:
#   new_db NAME     sets DB_URL (and DB_NAME on PostgreSQL) for $DIALECT
#   db_sql SQL      runs SQL on it, prints rows as a|b|c
#   drop_dbs        drops the PostgreSQL databases made (trap on EXIT)
# Needs DIALECT (sqlite|postgres), TMP, and on PostgreSQL PG_URL_FILE.
made_dbs=()
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
    psql -qAt -v ON_ERROR_STOP=1 "$base" -c "DROP DATABASE IF EXISTS \"$DB_NAME\"" -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
    made_dbs+=("$DB_NAME")
    # The fixture's URL names the database "postgres": swap in ours.
    DB_URL=$(printf '%s' "$base" | sed "s#/postgres?#/$DB_NAME?#")
  fi
}
db_sql() {
  if [ "$DIALECT" = sqlite ]; then
    sqlite3 -bail "$DB_FILE" "$1"
  else
    psql -qAt -v ON_ERROR_STOP=1 "$DB_URL" -c "$1"
  fi
}
drop_dbs() {
  [ "$DIALECT" = postgres ] || return 0
  local base d
  base=$(cat "$PG_URL_FILE")
  for d in "${made_dbs[@]}"; do
    psql -qAt "$base" -c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
