#!/usr/bin/env bash
# Quick start: installs what schemac needs (Debian 12), builds it, checks the
# example schemas and creates their tables in a SQLite file, out/demo.db.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/support/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" --target schemac
schemac=build/generator/schemac
mkdir -p out
rm -f out/demo.db
for f in schema/*.schema; do
  "$schemac" check "$f"
  "$schemac" sql "$f" --dialect sqlite | sqlite3 out/demo.db
done
echo
echo "Tables in out/demo.db:"
sqlite3 out/demo.db "SELECT '  ' || name FROM sqlite_master WHERE type = 'table' ORDER BY name"
echo
echo "Try: $schemac sql schema/leads.schema --dialect postgres"
