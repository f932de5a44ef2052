#!/usr/bin/env bash
# Installs the current build into a temporary prefix and builds projects
# outside the tree against it, the way users consume schemac (SPEC 3.4):
#   1. the installed layout (binary, library, headers, CMake package, .pc);
#      the prefix is moved after installing, so it must be relocatable;
#   2. a CMake project using find_package(schemac) and schemac::runtime;
#   3. find_package(schemac 1.0) is refused (version file);
#   4. the same program built with pkg-config alone;
#   5. schemac_generate() in that project (build, run, no-op rebuild,
#      regeneration after a schema edit) and in this build tree (the
#      in-tree `schemac` target; built with the tree, run here).
#
# usage: package_test.sh BUILD_DIR WORK_DIR C_COMPILER BUILD_TYPE C_FLAGS LINK_FLAGS
set -euo pipefail
build=$1 work=$2 cc=$3 btype=$4 cflags=$5 ldflags=$6
here=$(cd "$(dirname "$0")" && pwd)

step() { echo "== $*"; }
die() { echo "package test: $*" >&2; exit 1; }
quiet() { # run a command, show its output only when it fails
  local log; log=$(mktemp "$work/log.XXXXXX")
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; die "failed: $*"; fi
}

rm -rf "$work"
mkdir -p "$work"

step "install into a staging prefix, then move it"
quiet cmake --install "$build" --prefix "$work/staged"
mv "$work/staged" "$work/prefix"
prefix=$work/prefix
for f in bin/schemac lib/libschemac.a include/schemac/schemac.h include/schemac/pool.h \
         lib/cmake/schemac/schemacConfig.cmake lib/cmake/schemac/schemacConfigVersion.cmake \
         lib/cmake/schemac/schemacTargets.cmake lib/cmake/schemac/schemacGenerate.cmake \
         lib/pkgconfig/schemac.pc; do
  [ -e "$prefix/$f" ] || die "not installed: $f"
done
"$prefix/bin/schemac" check "$here/consumer/shop.schema" >/dev/null || die "installed schemac check failed"

# Work on a copy of the consumer: step 5 edits its schema.
cp -r "$here/consumer" "$work/src"

cmake_consumer() { # BUILD_SUBDIR EXTRA_ARGS...
  local dir=$1; shift
  cmake -S "$work/src" -B "$work/$dir" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE="$btype" \
    -DCMAKE_C_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" "$@"
}

step "CMake consumer: find_package(schemac), schemac::runtime, schemac_generate()"
quiet cmake_consumer consumer
quiet cmake --build "$work/consumer"
"$work/consumer/runtime_consumer"

step "find_package(schemac 1.0) is refused"
if cmake_consumer badversion -DCONSUMER_SCHEMAC_VERSION=1.0 >"$work/badversion.log" 2>&1; then
  die "find_package(schemac 1.0) accepted version $("$prefix/bin/schemac" --version 2>&1 || true)"
fi
grep -q 'compatible with requested version' "$work/badversion.log" || { cat "$work/badversion.log" >&2; die "unexpected failure"; }

step "pkg-config consumer"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
want=$(sed -n 's/^Version: //p' "$prefix/lib/pkgconfig/schemac.pc")
[ "$(pkg-config --modversion schemac)" = "$want" ] || die "pkg-config --modversion"
# shellcheck disable=SC2046,SC2086
"$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror $cflags -o "$work/pc_consumer" \
  "$work/src/runtime_consumer.c" $(pkg-config --cflags --libs schemac) $ldflags
"$work/pc_consumer"

step "schemac_generate() consumer (installed package)"
"$work/consumer/generated_consumer"
hdr=$work/consumer/schemac/shop_db/shop.h
[ -f "$hdr" ] || die "schemac_generate did not write $hdr"
for d in postgres sqlite; do
  [ -f "$work/consumer/schemac/shop_db/shop.$d.sql" ] || die "no shop.$d.sql"
done

step "a rebuild with nothing changed does not regenerate"
cmake --build "$work/consumer" >"$work/rebuild.log" 2>&1
if grep -q 'schemac generate' "$work/rebuild.log"; then cat "$work/rebuild.log"; die "regenerated without a change"; fi

step "editing the schema regenerates on the next build"
grep -qi 'shop_coupon' "$hdr" && die "header already mentions shop_coupon"
sleep 1 # coarse file times
cat >>"$work/src/shop.schema" <<'SCHEMA'

entity Coupon {
  code string(20) @id
}
SCHEMA
cmake --build "$work/consumer" >"$work/regen.log" 2>&1 || { cat "$work/regen.log"; die "rebuild after edit failed"; }
grep -q 'schemac generate' "$work/regen.log" || { cat "$work/regen.log"; die "schema edit did not regenerate"; }
grep -qi 'shop_coupon' "$hdr" || die "regenerated header lacks the new entity"
"$work/consumer/generated_consumer"

step "schemac_generate() in this build tree (the schemac target)"
"$build/tests/package/package_intree_consumer"
echo "package test: ok"
