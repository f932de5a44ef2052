#!/usr/bin/env bash
# fmt is canonical: formatting a schema twice gives the same text, the
# formatted schema means the same (byte-identical DDL on both dialects), and
# every comment survives.
#   fmt_roundtrip.sh SCHEMAC FILE...
set -u
schemac=$1; shift
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
  name=$(basename "$f")
  cp "$f" "$tmp/$name"
  if ! "$schemac" fmt "$tmp/$name" >/dev/null; then
    echo "FAIL $name: fmt failed"; fail=1; continue
  fi
  cp "$tmp/$name" "$tmp/once.schema"
  "$schemac" fmt "$tmp/$name" >/dev/null
  if ! cmp -s "$tmp/once.schema" "$tmp/$name"; then
    echo "FAIL $name: fmt is not idempotent"; diff "$tmp/once.schema" "$tmp/$name" | head -20; fail=1
  fi
  if ! "$schemac" fmt --check "$tmp/$name" >/dev/null; then
    echo "FAIL $name: fmt --check rejects fmt's own output"; fail=1
  fi
  for d in postgres sqlite; do
    # The same file name, so the schema name derived from it is the same.
    mkdir -p "$tmp/orig"; cp "$f" "$tmp/orig/$name"
    if ! diff <("$schemac" sql "$tmp/orig/$name" --dialect $d 2>&1) <("$schemac" sql "$tmp/$name" --dialect $d 2>&1) >"$tmp/diff"; then
      echo "FAIL $name: formatted schema gives different $d DDL"; head -20 "$tmp/diff"; fail=1
    fi
  done
  # Docs of enum values reach only the generated C: compare it too.
  rm -rf "$tmp/c_orig" "$tmp/c_fmt"; mkdir -p "$tmp/c_orig" "$tmp/c_fmt"
  "$schemac" generate "$tmp/orig/$name" --out "$tmp/c_orig" >/dev/null 2>&1
  "$schemac" generate "$tmp/$name" --out "$tmp/c_fmt" >/dev/null 2>&1
  if ! diff -r "$tmp/c_orig" "$tmp/c_fmt" >"$tmp/diff"; then
    echo "FAIL $name: formatted schema gives different generated code"; head -20 "$tmp/diff"; fail=1
  fi
  # Every comment's text is still there, in the same order.
  extract() { grep -o '//.*\|/\*.*' "$1" | sed 's/[[:space:]]*$//'; }
  if ! diff <(extract "$f") <(extract "$tmp/$name") >"$tmp/diff"; then
    echo "FAIL $name: comments changed"; head -20 "$tmp/diff"; fail=1
  fi
  [ $fail = 0 ] && echo "ok   $name"
done
# fmt --check must notice a file that is not canonical.
printf 'entity   X {\n id   int @id\n}\n' > "$tmp/ugly.schema"
if "$schemac" fmt --check "$tmp/ugly.schema" >/dev/null; then
  echo "FAIL fmt --check accepted a non-canonical file"; fail=1
fi
cp "$tmp/ugly.schema" "$tmp/ugly.orig"
"$schemac" fmt --check "$tmp/ugly.schema" >/dev/null
if ! cmp -s "$tmp/ugly.schema" "$tmp/ugly.orig"; then
  echo "FAIL fmt --check modified the file"; fail=1
fi
# A file with syntax errors is left untouched.
printf 'entity X {\n id int @id\n' > "$tmp/broken.schema"
cp "$tmp/broken.schema" "$tmp/broken.orig"
if "$schemac" fmt "$tmp/broken.schema" 2>/dev/null; then
  echo "FAIL fmt accepted a file with a syntax error"; fail=1
fi
cmp -s "$tmp/broken.schema" "$tmp/broken.orig" || { echo "FAIL fmt rewrote a broken file"; fail=1; }
exit $fail
