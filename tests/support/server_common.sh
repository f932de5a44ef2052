# Shared by the test-server scripts (pg_harness.sh, pg_topology.sh,
# pg_autofailover.sh, pgbouncer_harness.sh): sourced, not run.

# as_owner CMD...: run CMD as the servers' owner. initdb, pg_ctl and
# pgbouncer refuse to run as root, so root runs them as `postgres`.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# free_port: print a loopback TCP port nobody listens on.
free_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  echo "no free port" >&2; return 1
}
