#!/usr/bin/env bash
# The README's tour, step by step, on a fresh SQLite file: migrate diff and
# up with the schemac CLI, then the tour program (twice: the second run finds
# its lead already there). Also checks that the C code shown in README.md is
# examples/tour/tour.c, so the README cannot drift from what is tested.
#   run_tour.sh SCHEMAC TOUR_BINARY SOURCE_DIR
set -euo pipefail
schemac=$1 tour=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The README's C block (between the tour.c markers) must equal tour.c.
sed -n '/<!-- begin tour.c -->/,/<!-- end tour.c -->/p' "$src/README.md" | sed '1,2d;$d' | sed '$d' > "$tmp/readme_tour.c"
cmp -s "$tmp/readme_tour.c" "$src/examples/tour/tour.c" ||
  { diff "$src/examples/tour/tour.c" "$tmp/readme_tour.c" | head; fail "README.md's tour code differs from examples/tour/tour.c"; }

cd "$tmp"
cp "$src/schema/leads.schema" .
"$schemac" migrate diff leads.schema --dir migrations --dialect sqlite --name init > diff.out ||
  fail "migrate diff: $(cat diff.out)"
"$schemac" migrate up --dir migrations --db sqlite:tour.db > up.out || fail "migrate up: $(cat up.out)"
"$schemac" migrate status --dir migrations --db sqlite:tour.db > status.out
grep -q 'init' status.out || fail "status does not list init: $(cat status.out)"

DATABASE_URL=sqlite:tour.db "$tour" > run1.out 2>&1 || fail "first run: $(cat run1.out)"
grep -qx 'Ada Lovelace: score 91, version 1' run1.out || fail "first run output: $(cat run1.out)"
grep -qx '1 hot lead(s)' run1.out || fail "first run output: $(cat run1.out)"
grep -qx 'leads_by_ids: 1 lead(s)' run1.out || fail "first run output (typed query): $(cat run1.out)"
DATABASE_URL=sqlite:tour.db "$tour" > run2.out 2>&1 || fail "second run: $(cat run2.out)"
grep -q 'web-1001 is already there (leads_external_lead_id_key)' run2.out || fail "second run output: $(cat run2.out)"
echo "ok: tour"
