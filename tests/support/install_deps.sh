#!/usr/bin/env bash
# Installs what building and testing schemac needs on Debian 12, skipping
# packages that are already there. Uses sudo when not root.
set -euo pipefail
pkgs=(build-essential cmake pkg-config re2c lemon libpq-dev libsqlite3-dev libssl-dev
      sqlite3 postgresql-15 postgresql-client-15 clang libclang-rt-14-dev)
pkgs+=(graphviz)  # `dot`: tests/erd renders the README's ER diagram
pkgs+=(valgrind)  # leak checks of generated code; bench instruction counts
pkgs+=(python3)   # tests/schemagen (standard library only)
pkgs+=(postgresql-15-auto-failover pg-auto-failover-cli)  # scaleout: failover under pg_auto_failover
pkgs+=(pgbouncer) # tests/support/pgbouncer_harness.sh: the suite through PgBouncer (label scaleout)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
