#!/usr/bin/env bash
# Generated C of a hostile schema holds the schema's texts only inside
# comments and string literals: with both removed, no trace of the texts
# (`__attribute__`, `_Exit`) is left.
#   no_injected_code.sh GEN_DIR SCHEMA_NAME
# Comments are removed by gcc's preprocessor in -fpreprocessed mode (clang
# has no such mode), so gcc must be on PATH whatever the build's compiler.
set -u
dir=$1 name=$2
cc=gcc
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
