#!/usr/bin/env bash
# generated/ must hold exactly what the current schemac produces for the
# example schemas in schema/. With UPDATE_GOLDEN=1 it is rewritten instead.
#   check_generated.sh SCHEMAC SCHEMA_DIR GENERATED_DIR
set -u
schemac=$1 schema_dir=$2 out_dir=$3
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$schema_dir"/*.schema; do
  [ -e "$f" ] || continue
  # The schema's name (its `schema` line, else the file name) names the outputs.
  name=$(sed -n 's/^schema[[:space:]]\+\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$f" | head -n 1)
  [ -n "$name" ] || name=$(basename "$f" .schema)
  for d in postgres sqlite; do
    "$schemac" sql "$f" --dialect $d > "$tmp/$name.$d.sql" || { echo "FAIL $f: schemac sql failed"; fail=1; continue; }
    target="$out_dir/$name.$d.sql"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
      cmp -s "$tmp/$name.$d.sql" "$target" 2>/dev/null || { cp "$tmp/$name.$d.sql" "$target"; echo "updated $target"; }
    elif ! cmp -s "$tmp/$name.$d.sql" "$target"; then
      echo "FAIL $target differs from what schemac generates now (UPDATE_GOLDEN=1 to rewrite):"
      diff "$target" "$tmp/$name.$d.sql" | head -20
      fail=1
    else
      echo "ok   $target"
    fi
  done
done
exit $fail
