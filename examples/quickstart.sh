#!/usr/bin/env bash
# Quick start: installs what schemac needs (Debian 12), builds schemac and
# the example application (examples/leads_app), and runs it on SQLite
# (out/leads_app.db). Run it again: each run adds its own leads.
#
#   bash examples/quickstart.sh
#   DATABASE_URL=postgresql://user@host/db bash examples/quickstart.sh   # on PostgreSQL
#
# BUILD_DIR (default build) picks the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/support/install_deps.sh
build=${BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# Only what the app needs: schemac (to generate the code), the runtime, the app.
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target leads_app
app=$build/bin/leads_app
echo
"$app"
echo
echo "The app: $app (source: examples/leads_app, story: examples/README.md)"
echo "Try: $build/generator/schemac sql schema/leads.schema --dialect postgres"
