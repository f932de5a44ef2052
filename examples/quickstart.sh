#!/usr/bin/env bash
# Quick start: installs what schemac needs (Debian 12), builds it, checks the
# example schemas and creates each one's tables in a SQLite file,
# out/<schema>.db.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/support/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target schemac
schemac=build/generator/schemac
mkdir -p out
for f in schema/*.schema; do
  name=$(basename "$f" .schema)
  "$schemac" check "$f"
  rm -f "out/$name.db"
  "$schemac" sql "$f" --dialect sqlite | sqlite3 -bail "out/$name.db"
  printf '  out/%s.db:' "$name"
  sqlite3 "out/$name.db" "SELECT ' ' || name FROM sqlite_master WHERE type = 'table' ORDER BY name" | tr -d '\n'
  echo
done
echo
echo "Try: $schemac sql schema/leads.schema --dialect postgres"
