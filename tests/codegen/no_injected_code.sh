#!/usr/bin/env bash
# Generated C of a hostile schema holds the schema's texts only inside
# comments and string literals: with both removed, no trace of the texts
# (`__attribute__`, `_Exit`) is left.
#   no_injected_code.sh CC GEN_DIR SCHEMA_NAME
set -u
cc=$1 dir=$2 name=$3
fail=0
for f in "$dir/$name.h" "$dir/$name.c"; do
  # -fpreprocessed: comments removed, nothing else; then string literals.
  code=$("$cc" -std=c11 -fpreprocessed -dD -E -P "$f" 2>/dev/null | sed -E 's/"([^"\\]|\\.)*"//g')
  if [ -z "$code" ]; then echo "FAIL $f: could not strip comments"; fail=1; continue; fi
  if grep -nE '__attribute__|_Exit' <<<"$code"; then
    echo "FAIL $f: schema text outside comments and strings"; fail=1
  else
    echo "ok   $f"
  fi
done
exit $fail
