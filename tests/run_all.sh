#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what it
# needs, then builds and tests three ways:
#   1. gcc, optimised: every test (front end, DDL, generated code,
#      runtime, migrations, seeds, ERD, docs, package, example app, bench
#      smoke test) on SQLite and on a throwaway PostgreSQL 15 (the scaleout
#      label: a primary + streaming standby of their own), plus
#      valgrind leak checks of generated code;
#   2. clang with AddressSanitizer + UndefinedBehaviorSanitizer (leaks too);
#   3. clang with ThreadSanitizer: the runtime's tests (pool, transactions);
#   4. clang libFuzzer: the parser and pipeline fuzzers, a bounded time in total.
# Build trees: build/, build-asan/, build-tsan/, build-fuzz/. Exit status is non-zero if
# anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/support/install_deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

echo "== 1/4 gcc build and full test suite"
CC=gcc cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure

echo "== 2/4 clang + ASan/UBSan build and full test suite"
CC=clang cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSCHEMAC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j"$jobs" --output-on-failure

echo "== 3/4 clang + ThreadSanitizer build, runtime tests"
CC=clang cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DSCHEMAC_TSAN=ON >/dev/null
cmake --build build-tsan -j"$jobs"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 ctest --test-dir build-tsan -L runtime --output-on-failure

echo "== 4/4 fuzzing: parser and pipeline (libFuzzer, ${SCHEMAC_FUZZ_SECONDS:-60} s in total)"
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCHEMAC_FUZZ=ON \
  -DSCHEMAC_FUZZ_SECONDS="${SCHEMAC_FUZZ_SECONDS:-60}" >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_parser fuzz_pipeline
ctest --test-dir build-fuzz -L fuzz --output-on-failure
