#!/usr/bin/env bash
# Expression, partial and GIN indexes on a real database (issue 15 item 4):
#   indexes_test.sh SCHEMAC sqlite|postgres PG_STATE_DIR DIR
# The DDL of indexes.schema is applied; then a case-insensitive unique
# e-mail refuses 'A@x' after 'a@x' but not after 'a@x' is soft-deleted, a
# partial unique key holds only where its predicate does (and among live
# rows), and a GIN index exists (and serves @>) on PostgreSQL only.
set -uo pipefail
schemac=$1 dialect=$2 pg_state=$3 dir=$4
work=$(mktemp -d /tmp/schemac-indexes-XXXXXX)
fails=0
cleanup() {
  if [ "$dialect" = postgres ]; then psql "$admin" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

if [ "$dialect" = postgres ]; then
  admin=$(cat "$pg_state/url")
  dbname="indexes_$$"
  psql "$admin" -qc "CREATE DATABASE $dbname" || exit 2
  db=${admin/\/postgres\?//$dbname?}
  sql() { psql "$db" -qtAX -v ON_ERROR_STOP=1 -c "$1" 2>&1; }
  deleted="now()"
else
  sql() { sqlite3 -bail "$work/t.db" "$1" 2>&1; }
  deleted="1"
fi
# ok SQL / refused SQL: the statement must succeed / fail on a unique index
ok() { local out; out=$(sql "$1") || fail "refused: $1: $out"; }
refused() {
  local out; out=$(sql "$1") && fail "accepted: $1"
  case "$out" in *nique*|*UNIQUE*) ;; *) fail "$1 failed, but not on a unique index: $out" ;; esac
}

"$schemac" sql "$dir/indexes.schema" --dialect "$dialect" >"$work/ddl.sql" || { echo "schemac sql failed"; exit 1; }
if [ "$dialect" = postgres ]; then out=$(psql "$db" -qX -v ON_ERROR_STOP=1 -f "$work/ddl.sql" 2>&1)
else out=$(sqlite3 -bail "$work/t.db" <"$work/ddl.sql" 2>&1); fi || { echo "DDL failed: $out"; exit 1; }

ins="INSERT INTO members (id, org_id, email, name, kind) VALUES"
# @@unique(lower(email)): case-insensitive, among live rows.
ok "$ins (1, 1, 'a@x', 'Ann', 'member')"
refused "$ins (2, 1, 'A@x', 'Ann', 'owner')"
ok "$ins (3, 1, 'b@x', 'ann', 'owner')" # lower(name) is only an index
ok "UPDATE members SET deleted_at = $deleted WHERE id = 1"
ok "$ins (2, 1, 'A@x', 'Ann', 'owner2')"
# @@unique(org_id, kind, where: kind <> 'guest') on a soft-delete entity:
# both predicates.
ok "$ins (4, 2, 'c@x', 'C', 'guest')"
ok "$ins (5, 2, 'd@x', 'D', 'guest')"
ok "$ins (6, 2, 'e@x', 'E', 'member')"
refused "$ins (7, 2, 'f@x', 'F', 'member')"
ok "UPDATE members SET deleted_at = $deleted WHERE id = 6"
ok "$ins (7, 2, 'f@x', 'F', 'member')"
# A partial unique key of a plain entity.
ok "INSERT INTO seats (id, room, label) VALUES (1, 1, 'A1')"
refused "INSERT INTO seats (id, room, label) VALUES (2, 1, 'A1')"
ok "UPDATE seats SET open = false WHERE id = 1"
ok "INSERT INTO seats (id, room, label) VALUES (2, 1, 'A1')"

if [ "$dialect" = postgres ]; then
  defs=$(sql "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename = 'members' ORDER BY 1")
  for want in 'members_data_idx: CREATE INDEX members_data_idx ON public.members USING gin (data)' \
              'members_data_path_idx: CREATE INDEX members_data_path_idx ON public.members USING gin (data jsonb_path_ops)' \
              'members_lower_email_key: CREATE UNIQUE INDEX members_lower_email_key ON public.members USING btree (lower((email)::text)) WHERE (deleted_at IS NULL)' \
              'members_org_id_lower_name_idx: CREATE INDEX members_org_id_lower_name_idx ON public.members USING btree (org_id, lower(name) DESC)'; do
    grep -qxF "$want" <<<"$defs" || fail "no index: $want; the catalog has:"$'\n'"$defs"
  done
  plan=$(sql "SET enable_seqscan = off; EXPLAIN SELECT id FROM members WHERE data @> '{\"a\": 1}'")
  grep -q 'members_data' <<<"$plan" || fail "@> does not use the GIN index:"$'\n'"$plan"
else
  names=$(sql "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'members' ORDER BY 1" | tr '\n' ' ')
  [ "$names" = "members_lower_email_key members_org_id_kind_key members_org_id_lower_name_idx " ] ||
    fail "SQLite indexes of members (no GIN there): $names"
  plan=$(sql "EXPLAIN QUERY PLAN SELECT id FROM members WHERE lower(email) = 'a@x' AND deleted_at IS NULL")
  grep -q 'members_lower_email_key' <<<"$plan" || fail "lower(email) = ... does not use the expression index: $plan"
fi
[ "$fails" = 0 ] && echo "ok: indexes on $dialect"
exit $((fails > 0))
