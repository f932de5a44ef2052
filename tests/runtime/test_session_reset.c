/* Session state does not survive a pool release (pool of one, so the next
 * borrower gets the same connection): on PostgreSQL settings (SET,
 * set_config(..., false) incl. a session-level tenant, statement_timeout,
 * search_path), temp tables, advisory locks, LISTEN, the borrower's own
 * prepared statements, open cursors; on SQLite the pragma baseline, temp
 * tables, attached databases. The runtime's own cached statements survive. */
#include "t.h"

#include <libpq-fe.h>

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};

static sc_pool *open_pool_reset(const char *url, bool reset)
{
	sc_config cfg;
	sc_config_init(&cfg);
	CHECK(cfg.reset_session); /* the default */
	cfg.reset_session = reset;
	cfg.url = url;
	cfg.max_conns = 1;
	cfg.statement_timeout_ms = 30000;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	return p;
}

static sc_pool *open_pool(const char *url)
{
	return open_pool_reset(url, true);
}

/* First column of the one row of sql, as text (static buffer). */
static const char *text1(sc_conn *c, const char *sql)
{
	static char buf[256];
	snprintf(buf, sizeof(buf), "<error>");
	sc_stmt *st;
	if (sc_stmt_prepare(&st, c, sql) != SC_OK) {
		fprintf(stderr, "%s: %s\n", sql, sc_conn_error(c)->message);
		return buf;
	}
	if (sc_stmt_step(st) == SC_ROW) {
		const char *t = NULL;
		if (sc_stmt_column_is_null(st, 0))
			snprintf(buf, sizeof(buf), "<null>");
		else if (sc_stmt_column_text(st, 0, &t, NULL) == SC_OK)
			snprintf(buf, sizeof(buf), "%s", t);
	} else {
		fprintf(stderr, "%s: %s\n", sql, sc_conn_error(c)->message);
	}
	sc_stmt_finalize(st);
	return buf;
}

static void test_pg(const char *url)
{
	sc_pool *p = open_pool(url);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	int64_t pid = t_scalar(c, "SELECT pg_backend_pid()");
	t_exec(c, "SET search_path = pg_catalog");
	t_exec(c, "SET statement_timeout = 1234");
	t_exec(c, "SET TimeZone = 'Asia/Tokyo'");
	CHECK(t_scalar(c, "SELECT count(*) FROM (SELECT set_config('schemac.tenant', 'tenant-A', false)) s") == 1);
	t_exec(c, "CREATE TEMP TABLE reset_tmp (x int)");
	CHECK(t_scalar(c, "SELECT count(*) FROM (SELECT pg_advisory_lock(4242)) s") == 1);
	t_exec(c, "LISTEN reset_channel");
	t_exec(c, "PREPARE user_stmt AS SELECT 1");
	t_exec(c, "BEGIN; DECLARE held CURSOR WITH HOLD FOR SELECT 1; COMMIT");
	sc_pool_release(c);

	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT pg_backend_pid()") == pid); /* the same session */
	CHECK_MSG(strcmp(text1(c, "SELECT current_setting('search_path')"), "\"$user\", public") == 0, "%s",
		  text1(c, "SELECT current_setting('search_path')"));
	CHECK_MSG(strcmp(text1(c, "SELECT current_setting('statement_timeout')"), "30s") == 0, "%s",
		  text1(c, "SELECT current_setting('statement_timeout')"));
	CHECK(strcmp(text1(c, "SELECT current_setting('TimeZone')"), "UTC") == 0);
	CHECK(strcmp(text1(c, "SELECT coalesce(current_setting('schemac.tenant', true), '')"), "") == 0);
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_class WHERE relname = 'reset_tmp'") == 0);
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()") == 0);
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_listening_channels()") == 0);
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'user_stmt'") == 0);
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_cursors WHERE name = 'held'") == 0);
	/* the runtime's cached statements were kept */
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_prepared_statements WHERE name ~ '^sc_[0-9]+$'") > 0);
	/* through the native handle the runtime sees nothing: reset all the same */
	PGresult *res = PQexec(sc_conn_native(c), "PREPARE native_stmt AS SELECT 2");
	CHECK(PQresultStatus(res) == PGRES_COMMAND_OK);
	PQclear(res);
	sc_pool_release(c);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'native_stmt'") == 0);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* reset_session = false: the pool leaves the session alone, and the next
 * borrower sees what the last one left (for code that leaves nothing). */
static void test_pg_no_reset(const char *url)
{
	sc_pool *p = open_pool_reset(url, false);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	int64_t pid = t_scalar(c, "SELECT pg_backend_pid()");
	t_exec(c, "SET statement_timeout = 1234");
	t_exec(c, "CREATE TEMP TABLE kept_tmp (x int)");
	sc_pool_release(c);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT pg_backend_pid()") == pid);
	CHECK_MSG(strcmp(text1(c, "SELECT current_setting('statement_timeout')"), "1234ms") == 0, "%s",
		  text1(c, "SELECT current_setting('statement_timeout')"));
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_class WHERE relname = 'kept_tmp'") == 1);
	/* an open transaction is still rolled back */
	t_exec(c, "BEGIN; INSERT INTO kept_tmp VALUES (1)");
	sc_pool_release(c);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT count(*) FROM kept_tmp") == 0);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

static void test_sqlite(void)
{
	char *dir = t_tmpdir();
	char url[600], other[600];
	snprintf(url, sizeof(url), "sqlite:%s/reset.db", dir);
	snprintf(other, sizeof(other), "ATTACH DATABASE '%s/other.db' AS other", dir);
	sc_pool *p = open_pool(url);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "CREATE TEMP TABLE reset_tmp (x int); CREATE TEMP VIEW reset_view AS SELECT 1");
	t_exec(c, "PRAGMA foreign_keys = OFF; PRAGMA case_sensitive_like = OFF; PRAGMA ignore_check_constraints = ON;"
		" PRAGMA recursive_triggers = ON; PRAGMA query_only = ON; PRAGMA busy_timeout = 1;"
		" PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL");
	t_exec(c, other);
	sc_pool_release(c);

	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "PRAGMA foreign_keys") == 1);
	CHECK(t_scalar(c, "SELECT 'a' LIKE 'A'") == 0); /* case_sensitive_like */
	CHECK(t_scalar(c, "PRAGMA ignore_check_constraints") == 0);
	CHECK(t_scalar(c, "PRAGMA recursive_triggers") == 0);
	CHECK(t_scalar(c, "PRAGMA query_only") == 0);
	CHECK(t_scalar(c, "PRAGMA busy_timeout") == 5000);
	CHECK(strcmp(text1(c, "PRAGMA journal_mode"), "wal") == 0);
	CHECK(t_scalar(c, "PRAGMA synchronous") == 1);
	CHECK(t_scalar(c, "SELECT count(*) FROM temp.sqlite_master") == 0);
	CHECK(t_scalar(c, "SELECT count(*) FROM pragma_database_list WHERE name = 'other'") == 0);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
	t_rmdir(dir);
	free(dir);
}

int main(int argc, char **argv)
{
	test_sqlite();
	char *url = t_pg_file(argc, argv, "url");
	test_pg(url);
	test_pg_no_reset(url);
	free(url);
	return t_done("runtime_session_reset");
}
