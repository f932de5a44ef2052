#!/usr/bin/env bash
# Golden diagnostics: runs `schemac check` on every case folder and compares
# stderr byte for byte and the exit code with the expectations.
#
#   run_diagnostics.sh SCHEMAC_BINARY CASES_DIR [CASE...]
#
# A case is a folder holding one or more *.schema files (passed in name
# order, with relative names, from inside the folder so that paths in the
# messages are stable), `expected.stderr` and `expected.exit`. Nothing may be
# written to stdout. With UPDATE_GOLDEN=1 the expectations are rewritten
# from the current output instead of compared.
set -u
export LC_ALL=C

if [ $# -lt 2 ]; then
  echo "usage: $0 SCHEMAC_BINARY CASES_DIR [CASE...]" >&2
  exit 2
fi
bin=$1
cases=$2
shift 2
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
if [ ! -x "$bin" ]; then
  echo "$0: '$bin' is not an executable" >&2
  exit 2
fi
if [ ! -d "$cases" ]; then
  echo "$0: '$cases' is not a directory" >&2
  exit 2
fi

# Leaks are errors under ASan; keep sanitizer reports on stderr, where the
# comparison will show them.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then
  list=("$@")
else
  list=()
  for d in "$cases"/*/; do list+=("$(basename "$d")"); done
fi

pass=0 fail=0 failed=()
for name in "${list[@]}"; do
  dir=$cases/$name
  files=()
  while IFS= read -r f; do files+=("$f"); done < <(cd "$dir" && ls -1 -- *.schema 2>/dev/null | sort)
  if [ ${#files[@]} -eq 0 ]; then
    echo "FAIL $name: no .schema file"
    fail=$((fail + 1)); failed+=("$name")
    continue
  fi
  (cd "$dir" && "$bin" check "${files[@]}" >"$tmp/out" 2>"$tmp/err")
  code=$?
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    cp "$tmp/err" "$dir/expected.stderr"
    echo "$code" >"$dir/expected.exit"
  fi
  ok=1
  if [ -s "$tmp/out" ]; then
    echo "FAIL $name: wrote to stdout:"
    head -c 2000 "$tmp/out"
    ok=0
  fi
  want=$(cat "$dir/expected.exit" 2>/dev/null || echo missing)
  if [ "$code" != "$want" ]; then
    echo "FAIL $name: exit code $code, expected $want"
    ok=0
  fi
  if ! cmp -s "$tmp/err" "$dir/expected.stderr"; then
    echo "FAIL $name: stderr differs (--- expected, +++ actual):"
    diff -u "$dir/expected.stderr" "$tmp/err" | head -n 200
    ok=0
  fi
  if [ $ok = 1 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); failed+=("$name")
  fi
done

echo "diagnostics: $pass passed, $fail failed"
if [ $fail -gt 0 ]; then
  printf '  failed: %s\n' "${failed[@]}"
  exit 1
fi
exit 0
