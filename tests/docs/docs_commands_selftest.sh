#!/usr/bin/env bash
# docs_commands.sh must catch rot: an option the command no longer has, a
# command that no longer exists, and an example that no longer runs.
#   docs_commands_selftest.sh SCHEMAC SOURCE_DIR
set -u
schemac=$1 src=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/schema" "$tmp/docs"
cp "$src/schema/leads.schema" "$tmp/schema/"
fail=0
expect_fail() { # expect_fail WHAT DOC-LINE PATTERN
  printf '# t\n\n```\n%s\n```\n' "$2" > "$tmp/README.md"
  for i in $(seq 11); do printf '```\n$ schemac check schema/leads.schema\n```\n' >> "$tmp/docs/ok.md"; done
  if "$here/docs_commands.sh" "$schemac" "$tmp" > "$tmp/out" 2>&1; then
    echo "FAIL $1: not caught"; fail=1
  elif grep -q -- "$3" "$tmp/out"; then
    echo "ok   $1 caught"
  else
    echo "FAIL $1: failed without naming it:"; cat "$tmp/out"; fail=1
  fi
  rm -f "$tmp/docs/ok.md"
}
expect_fail "unknown option" '$ schemac erd schema/leads.schema --format dot --colour' "--colour not in 'schemac erd --help'"
expect_fail "unknown command" 'schemac render FILES...' "'schemac render --help' fails"
expect_fail "example that no longer runs" '$ schemac sql schema/leads.schema --dialect oracle' "exits 2"
# And the docs of this repository pass.
printf '```\n$ schemac check schema/leads.schema\n```\n' > "$tmp/README.md"
for i in $(seq 11); do printf '```\n$ schemac erd schema/leads.schema --format mermaid\n```\n' >> "$tmp/docs/ok.md"; done
"$here/docs_commands.sh" "$schemac" "$tmp" > "$tmp/out" 2>&1 || { echo "FAIL a correct doc fails:"; cat "$tmp/out"; fail=1; }
exit $fail
