#!/usr/bin/env bash
# The README's ER diagram must show the schema as it is now:
#   1. docs/<name>-erd.dot is exactly what `schemac erd SCHEMA --format dot`
#      prints (the robust check: text, no renderer involved);
#   2. Graphviz renders it, and the checked-in SVG draws the same labels
#      (entities, tables, fields, types, keys) in the same order. Geometry is
#      not compared: it depends on the Graphviz version and the fonts.
# With UPDATE_GOLDEN=1 both files are rewritten instead.
#   check_docs_erd.sh SCHEMAC SCHEMA DOT_FILE SVG_FILE
set -u
schemac=$1 schema=$2 dot_file=$3 svg_file=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v dot >/dev/null || { echo "FAIL Graphviz 'dot' not found (tests/support/install_deps.sh installs graphviz)"; exit 1; }
"$schemac" erd "$schema" --format dot > "$tmp/erd.dot" || { echo "FAIL schemac erd failed"; exit 1; }
dot -Tsvg "$tmp/erd.dot" > "$tmp/erd.svg" || { echo "FAIL dot -Tsvg failed"; exit 1; }
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  cmp -s "$tmp/erd.dot" "$dot_file" || { cp "$tmp/erd.dot" "$dot_file"; echo "updated $dot_file"; }
  cmp -s "$tmp/erd.svg" "$svg_file" || { cp "$tmp/erd.svg" "$svg_file"; echo "updated $svg_file"; }
  exit 0
fi
fail=0
if cmp -s "$tmp/erd.dot" "$dot_file"; then
  echo "ok   $dot_file matches schemac erd"
else
  echo "FAIL $dot_file differs from what schemac erd prints now (UPDATE_GOLDEN=1 to rewrite it and the SVG):"
  diff "$dot_file" "$tmp/erd.dot" | head -20
  fail=1
fi
grep -q '<svg' "$tmp/erd.svg" || { echo "FAIL dot produced no SVG"; fail=1; }
# Labels drawn, in order: independent of fonts and layout, so this holds on
# any machine; the geometry is left to the Graphviz at hand.
labels() { grep -o '<text[^>]*>[^<]*</text>' "$1" | sed 's/<[^>]*>//g'; }
labels "$svg_file" > "$tmp/want.txt"
labels "$tmp/erd.svg" > "$tmp/got.txt"
if [ -s "$tmp/got.txt" ] && cmp -s "$tmp/want.txt" "$tmp/got.txt"; then
  echo "ok   $svg_file draws the current diagram ($(wc -l < "$tmp/got.txt") labels)"
else
  echo "FAIL $svg_file does not draw the current diagram (UPDATE_GOLDEN=1 to re-render):"
  diff "$tmp/want.txt" "$tmp/got.txt" | head -20
  fail=1
fi
exit $fail
