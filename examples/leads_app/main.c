/*
 * leads_app: capture leads, score them, page through the hot ones, show an
 * optimistic-lock conflict and a soft delete, on SQLite or PostgreSQL.
 *
 *     leads_app                      # sqlite:out/leads_app.db
 *     DATABASE_URL=postgresql://... leads_app
 *
 * Exits 0 when every step went as expected, 1 otherwise (the failing call,
 * its status name and the database's message on stderr).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"

#define DEFAULT_URL "sqlite:out/leads_app.db"

/* The default database lives in out/ under the working directory. */
static int make_default_dir(void)
{
	if (mkdir("out", 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "error: cannot create out/: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* A short random tag for this run: the last 8 hex digits of a UUIDv7
 * (its random part). */
static sc_status make_run_tag(app *a)
{
	sc_uuid u;
	char text[SC_UUID_STRLEN + 1];
	sc_status rc = sc_uuid_v7(&u);

	if (rc != SC_OK)
		return app_fail(NULL, rc, "sc_uuid_v7");
	sc_uuid_format(&u, text);
	snprintf(a->run, sizeof a->run, "%s", text + SC_UUID_STRLEN - 8);
	snprintf(a->run_pattern, sizeof a->run_pattern, "%s-%%", a->run);
	return SC_OK;
}

static void print_metrics(sc_pool *pool)
{
	sc_metrics m;

	sc_pool_metrics(pool, &m);
	printf("\n8. Pool metrics\n");
	printf("   connections: %d open (%d idle, %d in use, max %d), %" PRIu64 " created\n",
	       m.conns_total, m.conns_idle, m.conns_in_use, m.conns_max, m.conns_created);
	printf("   acquires: %" PRIu64 " (%" PRIu64 " timeouts, %" PRIu64 " us waiting)\n",
	       m.acquires, m.acquire_timeouts, m.acquire_wait_us);
	printf("   queries: %" PRIu64 " (%" PRIu64 " errors, %" PRIu64 " slow), %" PRIu64
	       " us in total\n",
	       m.queries, m.query_errors, m.slow_queries, m.query_time_us);
	printf("   transactions: %" PRIu64 " committed, %" PRIu64 " rolled back\n", m.tx_commits,
	       m.tx_rollbacks);
}

static int failed(sc_status rc)
{
	printf("\nleads_app: FAILED (%s)\n", sc_status_name(rc));
	return 1;
}

static sc_status run(app *a)
{
	sc_status rc;

	if ((rc = app_create_schema(a)) != SC_OK)
		return rc;
	if ((rc = app_capture(a)) != SC_OK)
		return rc;
	if ((rc = app_score(a)) != SC_OK)
		return rc;
	if ((rc = app_list_hot(a)) != SC_OK)
		return rc;
	if ((rc = app_conflict(a)) != SC_OK)
		return rc;
	if ((rc = app_soft_delete(a)) != SC_OK)
		return rc;
	return app_report(a);
}

int main(void)
{
	app a;
	sc_config cfg;
	char shown[512];
	sc_status rc;

	memset(&a, 0, sizeof a);
	sc_config_init(&cfg);
	cfg.url = DEFAULT_URL;
	cfg.name = "leads_app";
	rc = sc_config_from_env(&cfg); /* DATABASE_URL and friends */
	if (rc != SC_OK)
		return failed(app_fail(NULL, rc, "reading DATABASE_* settings"));
	if (strcmp(cfg.url, DEFAULT_URL) == 0 && make_default_dir() != 0)
		return failed(SC_ERROR);
	if ((rc = make_run_tag(&a)) != SC_OK)
		return failed(rc);

	sc_url_redact(cfg.url, shown, sizeof shown);
	printf("leads_app: run %s on %s\n", a.run, shown);
	rc = sc_pool_open(&a.pool, &cfg);
	if (rc != SC_OK)
		return failed(app_fail(NULL, rc, "opening the pool"));
	rc = sc_pool_acquire(a.pool, &a.conn);
	if (rc != SC_OK) {
		app_fail(NULL, rc, "acquiring a connection");
	} else {
		rc = run(&a);
		sc_pool_release(a.conn);
	}
	print_metrics(a.pool);
	if (sc_pool_close(a.pool) != SC_OK && rc == SC_OK)
		rc = app_fail(NULL, SC_POOL_TIMEOUT, "closing the pool");
	if (rc != SC_OK)
		return failed(rc);
	printf("\nleads_app: done\n");
	return 0;
}
