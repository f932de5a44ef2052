/* Helpers of the scale-out tests: the primary + standby of
 * tests/support/pg_topology.sh (its state dir is argv[1]). */
#ifndef SC_TEST_TOPO_H
#define SC_TEST_TOPO_H

#include "t.h"

static const char *topo_state;
/* the script that drives the servers: pg_topology.sh, or one with the same
 * commands (pg_autofailover.sh) */
static const char *topo_script = SC_PG_TOPOLOGY;

/* STATE/<file>, malloc'd (primary_url, standby_url, failover_url, ...). */
static inline char *topo_file(const char *file)
{
	char *argv[] = {NULL, (char *)topo_state};
	return t_pg_file(2, argv, file);
}

/* pg_topology.sh CMD STATE [ARG]; fatal when it fails. */
static inline void topo_run(const char *cmd, const char *arg)
{
	char line[2048];
	snprintf(line, sizeof line, "%s %s '%s' %s", topo_script, cmd, topo_state, arg ? arg : "");
	int rc = system(line);
	REQUIRE(rc == 0);
}

static inline sc_conn *topo_open(const char *url)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	return c;
}

/* The server a connection is on: its port, and whether it is a standby. */
static inline int64_t topo_port(sc_conn *c)
{
	return t_scalar(c, "SELECT inet_server_port()");
}

static inline int64_t topo_in_recovery(sc_conn *c)
{
	return t_scalar(c, "SELECT pg_is_in_recovery()::int");
}

#endif
