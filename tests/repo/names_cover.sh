#!/usr/bin/env bash
# The generator's list of the names it declares (emit_c_names.c, which the
# collision check uses) covers every symbol of the compiled generated code:
# a function or table added to the templates but not to the list fails here.
#   names_cover.sh NAMES_DUMP NM SCHEMA:LIBRARY...
set -u
dump=$1 nm=$2
shift 2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pair in "$@"; do
  schema=${pair%%:*} lib=${pair#*:}
  "$dump" "$schema" | sort -u > "$tmp/names" || { echo "FAIL $schema: names_dump"; fail=1; continue; }
  # Defined functions and data, local or global; compiler clones
  # (foo.isra.0, foo.part.1, foo.constprop.0) count as foo. Symbols the
  # compiler or a sanitizer makes (names with a '.', or starting with '__',
  # which no schema name can) are not the generator's; nor are the runtime
  # headers' static inline helpers (sc_read_text, ...) that the compiler
  # did not inline (sc_ names, which no schema may make either).
  "$nm" "$lib" | awk '$2 ~ /^[TtDdRrBb]$/ {print $3}' | sed -E 's/\.(isra|part|constprop|cold)(\.[0-9]+)*$//' |
    grep -v -e '\.' -e '^__' -e '^sc_' | sort -u > "$tmp/symbols"
  missing=$(comm -23 "$tmp/symbols" "$tmp/names")
  if [ -n "$missing" ]; then
    echo "FAIL $schema: symbols the name list does not have:"; echo "$missing" | head -20; fail=1
  else
    echo "ok   $schema ($(wc -l < "$tmp/symbols") symbols)"
  fi
done
exit $fail
