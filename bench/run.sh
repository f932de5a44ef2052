#!/usr/bin/env bash
# Benchmarks: generated code vs hand-written libpq/sqlite3 code, in one run.
#
#   bench/run.sh [--quick] [schemac_bench run options...]
#
# Builds with optimisation (Release: -O3 -DNDEBUG) into build-bench/, starts a
# throwaway PostgreSQL 15 on a unix socket (tests/support/pg_harness.sh),
# uses SQLite files under build-bench/bench-data/, then prints:
#   1. workloads W1-W9 on both databases, implementations interleaved, each
#      measured --reps times (default 3): median ops/s, spread, CPU per op
#      (getrusage), ratios to the hand-written code; the pool micro-bench;
#      W10 sustained load on PostgreSQL;
#   2. instructions per operation of every workload, W1-W12, on both databases
#      (callgrind; W10 on PostgreSQL only), when valgrind is installed;
#   3. generator scale: schemac on synthetic schemas of 10..10,000 entities.
# --quick: small data, short budgets (CI smoke test; its timings mean nothing).
# --pgbouncer: PostgreSQL through PgBouncer in transaction pooling mode
#   (tests/support/pgbouncer_harness.sh, server pool PGBOUNCER_POOL_SIZE,
#   default 20), the runtime's PgBouncer mode on; use with --only W10
#   (docs/scaling.md has the figures).
# Results also go to build-bench/bench-results.{txt,csv}. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build-bench
quick=0
bouncer=0
args=()
for a in "$@"; do
  case $a in
    --quick) quick=1; args+=("$a") ;;
    --pgbouncer) bouncer=1; args+=("$a") ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) args+=("$a") ;;
  esac
done

echo "== build (Release: -O3 -DNDEBUG) in build-bench/"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_BENCH=ON -DSCHEMAC_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target schemac schemac_bench >/dev/null
schemac=$build/generator/schemac
bench=$build/bench/schemac_bench
data=$build/bench-data
rm -rf "$data"
mkdir -p "$data"
"$schemac" sql bench/bench.schema --dialect postgres >"$data/bench.postgres.sql"
"$schemac" sql bench/bench.schema --dialect sqlite >"$data/bench.sqlite.sql"

echo "== PostgreSQL 15 (throwaway cluster, unix socket)"
pgstate=$build/pgbench
bash tests/support/pg_harness.sh start "$pgstate" >/dev/null
trap 'bash tests/support/pg_harness.sh stop "$pgstate" >/dev/null 2>&1 || true' EXIT
admin_url=$(cat "$pgstate/url")
psql_bin=${PGBIN:-/usr/lib/postgresql/15/bin}/psql
for db in schemac_bench schemac_bench_big; do
  "$psql_bin" -q -d "$admin_url" -c "CREATE DATABASE $db" >/dev/null
done
if [ $bouncer = 1 ]; then
  bstate=$build/pgbouncerbench
  PGBOUNCER_POOL_SIZE=${PGBOUNCER_POOL_SIZE:-20} bash tests/support/pgbouncer_harness.sh start "$bstate" "$pgstate"
  trap 'bash tests/support/pgbouncer_harness.sh stop "$bstate" >/dev/null 2>&1 || true;
        bash tests/support/pg_harness.sh stop "$pgstate" >/dev/null 2>&1 || true' EXIT
  admin_url=$(cat "$bstate/url")
fi
pg_url=${admin_url/:\/\/\/postgres\?/:\/\/\/schemac_bench?}
pg_big_url=${admin_url/:\/\/\/postgres\?/:\/\/\/schemac_bench_big?}

{
  echo "machine: $(uname -srm), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "PostgreSQL: $("$psql_bin" -At -d "$pg_url" -c 'SHOW server_version')" \
       "(fsync off, synchronous_commit off: see tests/support/pg_harness.sh)"
  echo "SQLite: $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?') (WAL, synchronous NORMAL)"
  echo "compiler: $(${CC:-cc} --version | head -1)"
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
} | tee "$build/bench-results.txt"

echo "== workloads"
"$bench" run --pg "$pg_url" --pg-big "$pg_big_url" --ddl-pg "$data/bench.postgres.sql" \
  --sqlite "$data/bench.db" --sqlite-big "$data/bench_big.db" --ddl-sqlite "$data/bench.sqlite.sql" \
  --csv "$build/bench-results.csv" "${args[@]}" | tee -a "$build/bench-results.txt"

# Through PgBouncer only the workloads (the callgrind loops run the
# hand-written code, which prepares statements).
[ $bouncer = 1 ] && exit 0

# Rows in the main data set, as `run` loaded it (for the callgrind loop).
rows=$("$psql_bin" -At -d "$pg_url" -c 'SELECT count(*) FROM leads')

echo | tee -a "$build/bench-results.txt"
if command -v valgrind >/dev/null; then
  # One table per workload: hand first (the ratio base), then runtime and
  # generated, then a workload's own variants (hand-copy: COPY binary for W2;
  # hand-n+1: W9's loop). Pages are ~20x a get: fewer of them. W2's
  # operation inserts 1,000 rows in one transaction (unit: a row); W7 and
  # W10 run from one thread through a pool of 2 (acquire, work, release:
  # the pool's own instructions, not its contention).
  for op in insert insert-many get many keyset offset pool list query children update mixed; do
    impls="hand runtime generated"; dbs="pg sqlite"; unit=1
    case $op in
      insert) what="W1 insert, own transaction"; ops=1000 ;;
      insert-many) what="W2 insert_many (per row, 1,000 rows a transaction)"; ops=5; unit=1000 ;;
      get) what="W3 get"; ops=2000 ;;
      many) what="W11 get_many of 16 keys"; ops=500 ;;
      keyset) what="W4 keyset page"; ops=500 ;;
      offset) what="W5 offset page, 10,000 rows"; ops=500 ;;
      pool) what="W7 pooled get, one thread"; ops=2000 ;;
      list) what="W8 filtered list"; ops=500 ;;
      query) what="W12 typed query"; ops=500 ;;
      children) what="W9 children of 100 parents"; ops=200; impls="$impls hand-n+1" ;;
      update) what="W6 versioned update"; ops=2000 ;;
      mixed) what="W10 CRUD mix through a pool, one thread (PostgreSQL only)"; ops=2000; dbs=pg ;;
    esac
    [ $quick = 1 ] && ops=$(( (ops + 9) / 10 ))
    {
      echo "Instructions per $what (callgrind, client side, $((ops * unit)) units after warm-up)"
      printf '%-12s %-10s %14s %9s\n' database impl "instr/op" "/hand"
    } | tee -a "$build/bench-results.txt"
    for db in $dbs; do
      if [ $db = pg ]; then target=(--pg "$pg_url"); name=PostgreSQL; else target=(--sqlite "$data/bench.db"); name=SQLite; fi
      hand_ir=
      list=$impls
      [ $op = insert-many ] && [ $db = pg ] && list="$impls hand-copy"
      for impl in $list; do
        out=$data/callgrind.$op.$db.$impl
        valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" \
          "$bench" w3-loop "${target[@]}" --impl "$impl" --rows "$rows" --ops "$ops" --op $op >/dev/null 2>&1
        ir=$(awk '/^totals:/ {print $2; exit}' "$out")
        per=$((ir / (ops * unit)))
        ratio=
        if [ "$impl" = hand ]; then hand_ir=$per; else ratio=$(awk -v a="$per" -v b="$hand_ir" 'BEGIN {printf "%.2f", a / b}'); fi
        printf '%-12s %-10s %14d %9s\n' "$name" "$impl" "$per" "$ratio" | tee -a "$build/bench-results.txt"
      done
    done
  done
else
  echo "valgrind not installed: instruction counts skipped" | tee -a "$build/bench-results.txt"
fi

echo | tee -a "$build/bench-results.txt"
sizes=$([ $quick = 1 ] && echo "10 100" || echo "10 100 1000 10000")
gen_ok=0
"$schemac" generate --help >/dev/null 2>&1 && gen_ok=1
diff_ok=0
"$schemac" migrate diff --help >/dev/null 2>&1 && diff_ok=1
{
  echo "Generator scale (synthetic schemas, 12 fields per entity, 2 refs, 3 indexes)"
  printf '%-9s %-14s %10s %14s %16s\n' entities command "wall s" "peak RSS MiB" "us per entity"
} | tee -a "$build/bench-results.txt"
for n in $sizes; do
  f=$data/synth$n.schema
  "$bench" synth "$n" >"$f"
  cmds=("check:check $f")
  mkdir -p "$data/synth$n-out" "$data/synth$n-mig"
  [ $gen_ok = 1 ] && cmds+=("generate:generate $f --out $data/synth$n-out --dialect postgres,sqlite")
  [ $diff_ok = 1 ] && cmds+=("migrate diff:migrate diff $f --dir $data/synth$n-mig --dialect postgres --name init")
  for c in "${cmds[@]}"; do
    label=${c%%:*}
    # shellcheck disable=SC2086
    read -r wall rss code < <("$bench" exec "$schemac" ${c#*:})
    [ "$code" = 0 ] || { echo "schemac ${c#*:} failed (exit $code)" >&2; exit 1; }
    printf '%-9s %-14s %10.3f %14.1f %16.1f\n' "$n" "$label" "$wall" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" \
      "$(awk -v w="$wall" -v n="$n" 'BEGIN {print w * 1e6 / n}')" | tee -a "$build/bench-results.txt"
  done
done
[ $gen_ok = 1 ] || echo "('schemac generate' not available yet: not measured)" | tee -a "$build/bench-results.txt"
[ $diff_ok = 1 ] || echo "('schemac migrate diff' not available yet: not measured)" | tee -a "$build/bench-results.txt"
echo
echo "results: build-bench/bench-results.txt, build-bench/bench-results.csv"
