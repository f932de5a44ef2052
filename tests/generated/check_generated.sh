#!/usr/bin/env bash
# generated/ must hold exactly what the current schemac produces for the
# example schemas in schema/: `schemac sql` per dialect, and `schemac
# generate` (header, source and per-dialect SQL; generate's SQL must equal
# `schemac sql`). With UPDATE_GOLDEN=1 generated/ is rewritten instead.
#   check_generated.sh SCHEMAC SCHEMA_DIR GENERATED_DIR
set -u
schemac=$1 schema_dir=$2 out_dir=$3
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# compare FILE_MADE_NOW TARGET
compare() {
  local made=$1 target=$2
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cmp -s "$made" "$target" 2>/dev/null || { cp "$made" "$target"; echo "updated $target"; }
  elif ! cmp -s "$made" "$target"; then
    echo "FAIL $target differs from what schemac generates now (UPDATE_GOLDEN=1 to rewrite):"
    diff "$target" "$made" | head -20
    fail=1
  else
    echo "ok   $target"
  fi
}

for f in "$schema_dir"/*.schema; do
  [ -e "$f" ] || continue
  # The schema's name (its `schema` line, else the file name) names the outputs.
  name=$(sed -n 's/^schema[[:space:]]\+\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$f" | head -n 1)
  [ -n "$name" ] || name=$(basename "$f" .schema)
  gen="$tmp/gen-$name"
  mkdir -p "$gen"
  "$schemac" generate "$f" --out "$gen" > /dev/null || { echo "FAIL $f: schemac generate failed"; fail=1; continue; }
  for d in postgres sqlite; do
    "$schemac" sql "$f" --dialect $d > "$tmp/$name.$d.sql" || { echo "FAIL $f: schemac sql failed"; fail=1; continue; }
    if ! cmp -s "$tmp/$name.$d.sql" "$gen/$name.$d.sql"; then
      echo "FAIL $name.$d.sql: 'schemac generate' differs from 'schemac sql'"
      fail=1
    fi
    compare "$tmp/$name.$d.sql" "$out_dir/$name.$d.sql"
  done
  compare "$gen/$name.h" "$out_dir/$name.h"
  compare "$gen/$name.c" "$out_dir/$name.c"
done
exit $fail
