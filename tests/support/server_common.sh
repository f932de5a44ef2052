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

# free_port: print a loopback TCP port nobody listens on, below the
# kernel's ephemeral range: a port inside it can be the local end of some
# client's connection, which no connect() sees but which makes the
# server's bind() fail with "Address already in use".
free_port() {
  local p lo=20000 hi
  read -r hi _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || hi=32768
  hi=$((hi - 1))
  [ "$hi" -gt "$lo" ] || { lo=1024; }
  for p in $(shuf -i "$lo-$hi" -n 50); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  echo "no free port" >&2; return 1
}

# pg_start_on_free_port DATA LOG: start the cluster in DATA on a free port
# (appended to its postgresql.conf: later lines win) and set $port. Two
# scripts starting at once can still draw the same port; a start that lost
# that race ("Address already in use") tries another one.
pg_start_on_free_port() {
  local data=$1 log=$2 try
  for try in 1 2 3 4 5; do
    port=$(free_port)
    echo "port = $port" >> "$data/postgresql.conf"
    if as_owner "$PGBIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null; then
      return 0
    fi
    grep -q 'Address already in use' "$log" 2>/dev/null || break
  done
  cat "$log" >&2
  return 1
}
