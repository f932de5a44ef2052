#!/usr/bin/env bash
# Build step of migrate_embed_test: the evolution schemas diffed into a
# migrations directory per dialect, then embedded as C with
# `schemac migrate embed`, plus the expected DDL of the last version.
#   gen.sh SCHEMAC OUTDIR V1 V2 ...
set -euo pipefail
schemac=$1 out=$2
shift 2
rm -rf "$out/migrations"
mkdir -p "$out/gen"
n=0
for v in "$@"; do
  n=$((n + 1))
  for d in sqlite postgres; do
    "$schemac" migrate diff "$v" --dir "$out/migrations" --dialect "$d" --name "v$n" --allow-destructive >/dev/null
  done
  last=$v
done
for d in sqlite postgres; do
  "$schemac" migrate embed --dir "$out/migrations" --dialect "$d" --prefix evo --out "$out/gen" >/dev/null
  "$schemac" sql "$last" --dialect "$d" >"$out/gen/expected_$d.sql"
done
