#!/usr/bin/env bash
# Golden ER diagrams: for every schema in SCHEMA_DIR, `schemac erd --format
# mermaid|dot` must print exactly GOLDEN_DIR/<file>.mermaid|.dot. With
# UPDATE_GOLDEN=1 the expectations are rewritten instead (review the diff).
#   check_erd.sh SCHEMAC SCHEMA_DIR GOLDEN_DIR [MORE_SCHEMA_DIRS...]
set -u
schemac=$1 schema_dir=$2 golden_dir=$3
shift 3
extra_dirs=("$@")
fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$schema_dir"/*.schema)
for d in "${extra_dirs[@]}"; do files+=("$d"/*.schema); done
for f in "${files[@]}"; do
  [ -e "$f" ] || continue
  base=$(basename "$f" .schema)
  for fmt in mermaid dot; do
    n=$((n + 1))
    out="$tmp/$base.$fmt" target="$golden_dir/$base.$fmt"
    if ! "$schemac" erd "$f" --format $fmt > "$out" 2> "$tmp/err"; then
      echo "FAIL $f --format $fmt: schemac erd failed:"; cat "$tmp/err"; fail=1; continue
    fi
    [ -s "$tmp/err" ] && { echo "FAIL $f --format $fmt: unexpected stderr:"; cat "$tmp/err"; fail=1; }
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
      cmp -s "$out" "$target" 2>/dev/null || { cp "$out" "$target"; echo "updated $target"; }
    elif ! cmp -s "$out" "$target"; then
      echo "FAIL $target differs from what schemac erd prints now (UPDATE_GOLDEN=1 to rewrite):"
      diff "$target" "$out" | head -20
      fail=1
    else
      echo "ok   $target"
    fi
  done
done
[ $n -gt 0 ] || { echo "FAIL no schemas in $schema_dir"; fail=1; }

# Usage and schema errors: exit 2 / 1, and no diagram printed.
first=$(ls "$schema_dir"/*.schema | head -n 1)
expect() { # expect CODE DESCRIPTION ARGS...
  local code=$1 what=$2; shift 2
  "$schemac" erd "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  if [ $rc = "$code" ] && [ ! -s "$tmp/out" ] && [ -s "$tmp/err" ]; then echo "ok   $what: exit $code"
  else echo "FAIL $what: exit $rc (want $code), stdout $(wc -c < "$tmp/out") bytes"; cat "$tmp/err"; fail=1; fi
}
expect 2 "missing --format" "$first"
expect 2 "unknown format" "$first" --format svg
expect 2 "no files" --format dot
printf 'entity A {\n  id uuid @id\n  b_id uuid @ref(B.id)\n}\n' > "$tmp/broken.schema"
expect 1 "schema with errors" "$tmp/broken.schema" --format mermaid
exit $fail
