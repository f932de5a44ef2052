#!/usr/bin/env bash
# CI smoke test of the benchmarks (ctest `bench_quick`): every workload,
# implementation and tool of bench/run.sh --quick runs and checks its
# results, on the test suite's PostgreSQL cluster and a SQLite file, with
# the binaries of the build being tested. Timings are printed, never checked.
#
# usage: smoke.sh SCHEMAC_BENCH SCHEMAC PG_STATE_DIR WORK_DIR
set -euo pipefail
bench=$1 schemac=$2 pgstate=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
psql_bin=${PGBIN:-/usr/lib/postgresql/15/bin}/psql
rm -rf "$work"
mkdir -p "$work"

"$schemac" sql "$here/bench.schema" --dialect postgres >"$work/bench.postgres.sql"
"$schemac" sql "$here/bench.schema" --dialect sqlite >"$work/bench.sqlite.sql"
admin_url=$(cat "$pgstate/url")
db=schemac_bench_smoke_$$
"$psql_bin" -q -d "$admin_url" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
trap '"$psql_bin" -q -d "$admin_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
pg_url=${admin_url/:\/\/\/postgres\?/:\/\/\/$db?}

"$bench" run --quick --rows 500 --big-rows 0 --pg "$pg_url" --ddl-pg "$work/bench.postgres.sql" \
  --sqlite "$work/bench.db" --ddl-sqlite "$work/bench.sqlite.sql" --csv "$work/results.csv"
# Every workload produced a line for every implementation it applies to.
for w in W1 W2 W3 W4 W5 W6 W7 W8 W9 W10 W12 pool; do
  grep -q ",$w," "$work/results.csv" || { echo "smoke: no result for $w" >&2; exit 1; }
done
grep -q ',generated,' "$work/results.csv" || { echo "smoke: generated code not measured" >&2; exit 1; }

# The callgrind loops' operations (without valgrind: only that they run).
for op in get keyset update list query many insert insert-many offset pool children mixed; do
  "$bench" w3-loop --sqlite "$work/bench.db" --impl generated --rows 500 --ops 20 --op $op 2>/dev/null
  "$bench" w3-loop --pg "$pg_url" --impl hand --rows 500 --ops 20 --op $op 2>/dev/null
done

# The generator-scale tools.
"$bench" synth 20 >"$work/synth20.schema"
read -r wall rss code < <("$bench" exec "$schemac" check "$work/synth20.schema")
[ "$code" = 0 ] || { echo "smoke: schemac check of the synthetic schema failed" >&2; exit 1; }
echo "schemac check, 20 entities: ${wall}s, ${rss} KiB"
echo "bench smoke: ok"
