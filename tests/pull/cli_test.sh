#!/usr/bin/env bash
# `schemac pull` as a command: --out writes a file `check` accepts, the
# notes go to stderr as warnings, usage errors exit 2, an unreadable
# database exits 3.
set -euo pipefail
S=${1:?schemac}
HERE=${2:?tests/pull dir}
T=$(mktemp -d /tmp/schemac-pull-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

sqlite3 "$T/shop.db" < "$HERE/handwritten.sqlite.sql"
"$S" pull --db "sqlite:$T/shop.db" --out "$T/shop.schema" --schema shop 2> "$T/err" || fail "pull exited $?"
grep -q '^schema shop$' "$T/shop.schema" || fail "no schema line"
"$S" check "$T/shop.schema" > "$T/check.out" || fail "check refused the pulled schema: $(cat "$T/check.out")"
grep -q 'shop: 11 entities' "$T/check.out" || fail "unexpected check summary: $(cat "$T/check.out")"
grep -q 'warning: products: index products_lower_name_idx is not in the language' "$T/err" || fail "no warning for the expression index"
[ "$(grep -c '// pull: ' "$T/shop.schema")" = "$(grep -c 'warning: ' "$T/err")" ] || fail "notes and warnings differ"
# stdout without --out, the same text.
"$S" pull --db "sqlite://$T/shop.db" --schema shop 2>/dev/null | cmp -s - "$T/shop.schema" || fail "stdout differs from --out"

set +e
"$S" pull > /dev/null 2>&1; [ $? = 2 ] || fail "missing --db is not exit 2"
"$S" pull --db "mysql://x" > /dev/null 2>&1; [ $? = 2 ] || fail "bad URL is not exit 2"
"$S" pull --db "sqlite:$T/shop.db" --bogus > /dev/null 2>&1; [ $? = 2 ] || fail "unknown option is not exit 2"
"$S" pull --db "sqlite:$T/missing.db" > /dev/null 2>&1; [ $? = 3 ] || fail "a missing database is not exit 3"
set -e
echo "pull cli: ok"
