#!/usr/bin/env bash
# Typed queries through the schemac binary.
#   queries_test.sh SCHEMAC sqlite           in-memory SQLite checks (no server)
#   queries_test.sh SCHEMAC postgres STATE   --check-db on the pg fixture's cluster
# Golden stderr in expected/ (UPDATE_GOLDEN=1 rewrites them).
set -u
export LC_ALL=C
bin=$1 mode=$2 state=${3:-}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$here"
unset SCHEMAC_CHECK_DB

# expect NAME CODE GOLDEN|- CMD...: runs CMD, compares the exit code and,
# unless '-', stderr with expected/GOLDEN.
expect() {
  local name=$1 want=$2 golden=$3
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  if [ "$golden" != - ] && [ "${UPDATE_GOLDEN:-0}" = 1 ]; then cp "$tmp/err" "expected/$golden"; fi
  if [ "$code" != "$want" ]; then
    echo "FAIL $name: exit $code, expected $want"; cat "$tmp/err"; fail=1; return
  fi
  if [ "$golden" != - ] && ! diff -u "expected/$golden" "$tmp/err"; then
    echo "FAIL $name: stderr differs from expected/$golden"; fail=1; return
  fi
  echo "ok   $name"
}

if [ "$mode" = sqlite ]; then
  expect "every form checks" 0 - "$bin" check schemas/all_forms.schema
  grep -qx 'forms: 2 entities, 1 enums, 9 queries: ok' "$tmp/out" || { echo "FAIL summary line: $(cat "$tmp/out")"; fail=1; }
  # A schema change that drops a column a query uses fails on that query.
  expect "before the column is dropped" 0 - "$bin" check schemas/drop_column_v1.schema
  expect "after the column is dropped" 1 drop_column_v2.stderr "$bin" check schemas/drop_column_v2.schema
  # generate writes one C function per query (their behaviour: tests/repo/cg_typedq_forms.c).
  expect "generate writes the queries' C" 0 - "$bin" generate schemas/all_forms.schema --out "$tmp/gen"
  grep -qxF 'sc_status forms_hot_leads(sc_conn *conn, const char *postcode, int32_t min_score, forms_lead_page *out);' \
    "$tmp/gen/forms.h" || { echo "FAIL generate: no prototype of forms_hot_leads"; fail=1; }
  rm -rf "$tmp/gen"
  expect "generate reports query errors first" 1 drop_column_generate.stderr \
    "$bin" generate schemas/drop_column_v2.schema --out "$tmp/gen"
  # An unusable --check-db is a database error (exit 3), not a schema error.
  expect "unreachable --check-db" 3 - "$bin" check schemas/all_forms.schema --check-db "postgresql:///none?host=$tmp/nosock"
  expect "--check-db without a value" 2 - "$bin" check schemas/all_forms.schema --check-db
  # fmt: canonical heads, bodies byte-exact, idempotent.
  cp schemas/fmt_input.schema "$tmp/f.schema"
  expect "fmt" 0 - "$bin" fmt "$tmp/f.schema"
  [ "${UPDATE_GOLDEN:-0}" = 1 ] && cp "$tmp/f.schema" expected/fmt_output.schema
  if ! diff -u expected/fmt_output.schema "$tmp/f.schema"; then echo "FAIL fmt output"; fail=1; fi
  expect "fmt is idempotent" 0 - "$bin" fmt --check "$tmp/f.schema"
  expect "formatted file checks" 0 - "$bin" check "$tmp/f.schema"
else
  url=$(cat "$state/url")
  expect "every form on PostgreSQL" 0 - "$bin" check schemas/all_forms.schema --check-db "$url"
  expect "SCHEMAC_CHECK_DB" 0 - env SCHEMAC_CHECK_DB="$url" "$bin" check schemas/all_forms.schema
  # Queries over @tenant tables: the PostgreSQL body is the one written
  # (row-level security scopes it), prepared with its types.
  expect "queries over @tenant tables on PostgreSQL" 0 - "$bin" check ../repo/schemas/tenantq.schema --check-db "$url"
  # What only PostgreSQL sees: SQLite alone accepts the schema.
  expect "PostgreSQL-only mistakes pass SQLite" 0 - "$bin" check schemas/pg_errors.schema
  expect "PostgreSQL-only mistakes" 1 pg_errors.stderr "$bin" check schemas/pg_errors.schema --check-db "$url"
  expect "env URL reports them too" 1 pg_errors.stderr env SCHEMAC_CHECK_DB="$url" "$bin" check schemas/pg_errors.schema
  expect "dropped column on PostgreSQL" 1 drop_column_v2.stderr "$bin" check schemas/drop_column_v2.schema --check-db "$url"
  # The throwaway schema is gone afterwards.
  left=$(/usr/lib/postgresql/15/bin/psql "$url" -XAtc "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'schemac_check_%'")
  [ "$left" = 0 ] || { echo "FAIL $left throwaway schemas left behind"; fail=1; }
fi
exit $fail
