/* No session state seen across clients behind PgBouncer in transaction
 * pooling mode (issue 14, item 4): 16 client threads share a server pool of
 * 2 (tests/support/pgbouncer_harness.sh). Each round a client first looks at
 * the server session it lands on (settings, the tenant, statement_timeout,
 * search_path, temp tables, advisory locks): it must be the baseline. Then
 * it leaves state behind as a careless borrower would (session-level SET,
 * set_config(..., false) of the tenant, a temp table, a session advisory
 * lock), runs a tenant transaction (the tenant visible inside, gone after),
 * and releases. Behind a transaction pooler the runtime's reset on release
 * runs on whichever server connection PgBouncer picks, not necessarily the
 * one the state was left on: only PgBouncer's own server_reset_query
 * (DISCARD ALL, server_reset_query_always = 1) reaches it. The run also
 * shows the sharing happened: more clients than server sessions. Run
 * directly against the cluster it is the same check with a pool per
 * client (runtime_pgbouncer_state_direct). */
#include "t.h"

enum { CLIENTS = 16, ROUNDS = 40 };

static char url[1024];
static bool bouncer;
static char baseline[512];
static atomic_int foreign_seen, rounds_done, errors;
static pthread_mutex_t pids_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t pids[256];
static int npids;

/* The session as one line: everything a borrower could leave behind. */
static const char observe_sql[] =
	"SELECT concat_ws('|', current_setting('work_mem'), current_setting('statement_timeout'), "
	"current_setting('search_path'), coalesce(current_setting('schemac.tenant', true), ''), "
	"(SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()), "
	"(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())), "
	"pg_backend_pid()";

static bool observe(sc_conn *c, char *out, size_t n, int64_t *pid)
{
	sc_stmt *st;
	if (sc_stmt_prepare(&st, c, observe_sql) != SC_OK)
		return false;
	bool ok = sc_stmt_step(st) == SC_ROW;
	const char *s = NULL;
	ok = ok && sc_stmt_column_text(st, 0, &s, NULL) == SC_OK && s;
	ok = ok && sc_stmt_column_int64(st, 1, pid) == SC_OK;
	if (ok)
		snprintf(out, n, "%s", s);
	sc_stmt_finalize(st);
	return ok;
}

static void note_pid(int64_t pid)
{
	pthread_mutex_lock(&pids_mu);
	bool seen = false;
	for (int i = 0; i < npids; i++)
		seen = seen || pids[i] == pid;
	if (!seen && npids < (int)(sizeof pids / sizeof pids[0]))
		pids[npids++] = pid;
	pthread_mutex_unlock(&pids_mu);
}

static void must(sc_conn *c, sc_status rc, const char *what)
{
	if (rc != SC_OK) {
		atomic_fetch_add(&errors, 1);
		fprintf(stderr, "%s: %s %s\n", what, sc_status_name(rc), sc_conn_error(c)->message);
	}
}

static void check_clean(sc_conn *c, int id, int round, const char *when)
{
	char seen[512];
	int64_t pid = 0;
	if (!observe(c, seen, sizeof seen, &pid)) {
		must(c, SC_ERROR, "observe");
		return;
	}
	note_pid(pid);
	if (strcmp(seen, baseline) != 0) {
		atomic_fetch_add(&foreign_seen, 1);
		fprintf(stderr, "client %d round %d (%s): session state of another client: %s (baseline %s)\n", id,
			round, when, seen, baseline);
	}
}

static void *client(void *arg)
{
	sc_pool *pool = arg;
	static atomic_int next_id;
	int id = atomic_fetch_add(&next_id, 1);
	char sql[256], tenant[32];
	for (int r = 0; r < ROUNDS; r++) {
		sc_conn *c;
		if (sc_pool_acquire(pool, &c) != SC_OK) {
			atomic_fetch_add(&errors, 1);
			continue;
		}
		check_clean(c, id, r, "after acquire");
		/* state a careless borrower leaves behind, statement by statement */
		must(c, sc_conn_exec(c, "SET work_mem = '7MB'"), "SET work_mem");
		must(c, sc_conn_exec(c, "SET statement_timeout = 98765"), "SET statement_timeout");
		must(c, sc_conn_exec(c, "SET search_path = pg_catalog"), "SET search_path");
		snprintf(sql, sizeof sql, "SELECT set_config('schemac.tenant', 'leak%d', false)", id);
		must(c, sc_conn_exec(c, sql), "session tenant");
		snprintf(sql, sizeof sql, "CREATE TEMP TABLE leak_%d_%d (x int)", id, r);
		must(c, sc_conn_exec(c, sql), "temp table");
		snprintf(sql, sizeof sql, "SELECT pg_advisory_lock(%d)", id * 1000 + r);
		must(c, sc_conn_exec(c, sql), "advisory lock");
		/* a tenant transaction: the tenant inside, nothing of it after */
		snprintf(tenant, sizeof tenant, "tenant%d", id);
		sc_tx_options o = SC_TX_OPTIONS_INIT;
		o.tenant = tenant;
		must(c, sc_tx_begin(c, &o), "begin");
		sc_stmt *st;
		if (sc_stmt_prepare(&st, c, "SELECT current_setting('schemac.tenant')") == SC_OK) {
			const char *t = NULL;
			if (sc_stmt_step(st) != SC_ROW || sc_stmt_column_text(st, 0, &t, NULL) != SC_OK || !t ||
			    strcmp(t, tenant) != 0) {
				atomic_fetch_add(&foreign_seen, 1);
				fprintf(stderr, "client %d: tenant inside its transaction: %s\n", id, t ? t : "(none)");
			}
			sc_stmt_finalize(st);
		}
		must(c, sc_tx_commit(c), "commit");
		sc_pool_release(c);
		atomic_fetch_add(&rounds_done, 1);
	}
	return NULL;
}

/* statement_timeout_ms holds in PgBouncer mode too, where it cannot be a
 * startup option: SC_STATEMENT_TIMEOUT about the timeout after sending (it
 * used to be the timeout + 5 s, so pg_sleep(4) simply finished), and the
 * statement is cancelled on the server. */
static void test_statement_timeout(void)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.prepared_statements = !bouncer;
	cfg.statement_timeout_ms = 300;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	int64_t t0 = t_now_ms();
	sc_status rc = sc_conn_exec(c, "SELECT pg_sleep(4) /* schemac-timeout-probe */");
	int64_t ms = t_now_ms() - t0;
	CHECK_MSG(rc == SC_STATEMENT_TIMEOUT, "got %s", sc_status_name(rc));
	CHECK_MSG(ms < 3000, "statement timeout of 300 ms came after %lld ms", (long long)ms);
	sc_conn_close(c);
	/* the sleep ended on the server, not only in the client */
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.prepared_statements = !bouncer;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	int64_t left = t_scalar_settles(c,
					"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
					"AND query LIKE '%schemac-timeout-probe%' AND pid <> pg_backend_pid()",
					0, 3000);
	CHECK_MSG(left == 0, "%lld cancelled statements still running", (long long)left);
	sc_conn_close(c);
}

int main(int argc, char **argv)
{
	t_watchdog("runtime_pgbouncer_state", 170);
	bouncer = t_pg_bouncer(argc, argv);
	char *u = t_pg_file(argc, argv, "url");
	snprintf(url, sizeof url, "%s", u);
	free(u);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.name = "bouncer-state";
	cfg.max_conns = CLIENTS;
	cfg.prepared_statements = !bouncer;
	cfg.acquire_timeout_ms = 120000;
	sc_pool *pool;
	REQUIRE(sc_pool_open(&pool, &cfg) == SC_OK);

	/* the baseline: a session nobody has touched */
	sc_conn *c;
	REQUIRE(sc_pool_acquire(pool, &c) == SC_OK);
	int64_t pid;
	REQUIRE(observe(c, baseline, sizeof baseline, &pid));
	sc_pool_release(c);
	printf("baseline session: %s%s\n", baseline, bouncer ? " (through PgBouncer)" : "");

	pthread_t th[CLIENTS];
	for (int i = 0; i < CLIENTS; i++)
		REQUIRE(pthread_create(&th[i], NULL, client, pool) == 0);
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(th[i], NULL);

	CHECK_MSG(atomic_load(&errors) == 0, "%d statements failed", atomic_load(&errors));
	CHECK(atomic_load(&rounds_done) == CLIENTS * ROUNDS);
	CHECK_MSG(atomic_load(&foreign_seen) == 0, "%d observations of another client's session state",
		  atomic_load(&foreign_seen));
	/* through PgBouncer 16 clients shared at most a handful of server
	 * sessions (2 at a time); directly each client had its own */
	printf("%d clients, %d rounds each, %d server sessions seen\n", CLIENTS, ROUNDS, npids);
	if (bouncer)
		CHECK_MSG(npids < CLIENTS, "%d server sessions for %d clients: no sharing happened", npids, CLIENTS);
	CHECK(sc_pool_close(pool) == SC_OK);
	test_statement_timeout();
	return t_done("runtime_pgbouncer_state");
}
