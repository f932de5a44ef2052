/* The two databases behave the same (issue 11, item 14), checked with the
 * same assertions on each:
 * - invalid UTF-8 in a text parameter is SC_DATA_ERROR on both (SQLite
 *   used to store it), and no message prints the offending bytes;
 * - after a failed statement inside a transaction every statement returns
 *   SC_TX_ABORTED until rollback, COMMIT rolls back and returns
 *   SC_TX_ABORTED, and a rollback to a savepoint clears the state (SQLite
 *   used to carry on and commit). */
#include "t.h"

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
static bool bouncer; /* PostgreSQL through PgBouncer (t_pg_bouncer) */

static sc_conn *open_conn(const char *url)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.prepared_statements = !(bouncer && strncmp(url, "sqlite:", 7) != 0);
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	return c;
}

/* Insert id through a prepared statement: the status of prepare or step. */
static sc_status insert(sc_conn *c, int id)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "INSERT INTO parity_t (id, name) VALUES ($1, 'x')");
	if (rc != SC_OK)
		return rc;
	rc = sc_stmt_bind_int32(st, 1, id);
	if (rc == SC_OK)
		rc = sc_stmt_step(st);
	sc_stmt_finalize(st);
	return rc == SC_DONE ? SC_OK : rc;
}

static void test_utf8(sc_conn *c, const char *db)
{
	static const char *const bad[] = {
		"abc\xff\xfe" "SECRETBYTES",  /* not UTF-8 at all */
		"\xc0\xaf" "SECRETBYTES",     /* overlong '/' */
		"\xed\xa0\x80" "SECRETBYTES", /* a surrogate */
		"\xf4\x90\x80\x80" "SECRETBYTES", /* above U+10FFFF */
		"SECRETBYTES\xe2\x82",        /* cut short */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sc_stmt *st;
		REQUIRE(sc_stmt_prepare(&st, c, "INSERT INTO parity_t (id, name) VALUES (100, $1)") == SC_OK);
		sc_status rc = sc_stmt_bind_text(st, 1, bad[i], (size_t)-1);
		if (rc == SC_OK)
			rc = sc_stmt_step(st);
		CHECK_MSG(rc == SC_DATA_ERROR, "%s: bad[%zu]: %s", db, i, sc_status_name(rc));
		const char *m = sc_conn_error(c)->message;
		CHECK_MSG(strstr(m, "SECRETBYTES") == NULL && strstr(m, "\xff") == NULL, "%s: %s", db, m);
		CHECK_MSG(strstr(m, "$1") != NULL, "%s: position not named: %s", db, m);
		sc_stmt_finalize(st);
	}
	CHECK(t_scalar(c, "SELECT count(*) FROM parity_t") == 0);
	/* valid text of every length class still goes through */
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, "INSERT INTO parity_t (id, name) VALUES (101, $1)") == SC_OK);
	CHECK_RC(sc_stmt_bind_text(st, 1, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", (size_t)-1), SC_OK);
	CHECK_RC(sc_stmt_step(st), SC_DONE);
	sc_stmt_finalize(st);
	CHECK_RC(sc_conn_exec(c, "DELETE FROM parity_t"), SC_OK);
}

static void test_aborted_tx(sc_conn *c, const char *db)
{
	/* a failed statement aborts the transaction; COMMIT rolls back */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(insert(c, 1), SC_OK);
	CHECK_RC(insert(c, 1), SC_UNIQUE_VIOLATION);
	CHECK_RC(insert(c, 2), SC_TX_ABORTED);
	CHECK_MSG(!strcmp(sc_conn_error(c)->sqlstate, "25P02"), "%s: %s", db, sc_conn_error(c)->sqlstate);
	CHECK_RC(sc_conn_exec(c, "INSERT INTO parity_t (id, name) VALUES (3, 'x')"), SC_TX_ABORTED);
	CHECK_RC(sc_conn_ping(c), SC_TX_ABORTED);
	CHECK_RC(sc_tx_begin(c, NULL), SC_TX_ABORTED); /* SAVEPOINT refused too */
	CHECK_RC(sc_tx_commit(c), SC_TX_ABORTED);
	CHECK_MSG(!strcmp(sc_conn_error(c)->sqlstate, "25P02"), "%s: %s", db, sc_conn_error(c)->sqlstate);
	CHECK_MSG(t_scalar(c, "SELECT count(*) FROM parity_t") == 0, "%s: the failed transaction committed", db);

	/* rollback to a savepoint clears it */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(insert(c, 1), SC_OK);
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(insert(c, 1), SC_UNIQUE_VIOLATION);
	CHECK_RC(insert(c, 2), SC_TX_ABORTED);
	CHECK_RC(sc_tx_commit(c), SC_TX_ABORTED); /* RELEASE of an aborted savepoint */
	CHECK_RC(sc_tx_rollback(c), SC_OK);       /* ROLLBACK TO */
	CHECK_RC(insert(c, 2), SC_OK);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK_MSG(t_scalar(c, "SELECT count(*) FROM parity_t") == 2, "%s", db);

	/* a rolled-back transaction leaves the connection usable */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(sc_conn_exec(c, "SELECT * FROM no_such_table"), SC_SQL_ERROR);
	CHECK_RC(insert(c, 5), SC_TX_ABORTED);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK_RC(insert(c, 5), SC_OK);
	CHECK(t_scalar(c, "SELECT count(*) FROM parity_t") == 3);
	CHECK_RC(sc_conn_exec(c, "DELETE FROM parity_t"), SC_OK);
}

static void run(const char *url, const char *db)
{
	sc_conn *c = open_conn(url);
	CHECK_RC(sc_conn_exec(c, "DROP TABLE IF EXISTS parity_t"), SC_OK);
	CHECK_RC(sc_conn_exec(c, "CREATE TABLE parity_t (id integer PRIMARY KEY, name text)"), SC_OK);
	test_utf8(c, db);
	test_aborted_tx(c, db);
	if (sc_conn_dialect(c) == SC_DIALECT_POSTGRES) {
		/* the server's own encoding error: no bytes in the message */
		CHECK_RC(sc_conn_exec(c, "SELECT convert_from('\\xc3ff28'::bytea, 'UTF8')"), SC_DATA_ERROR);
		const char *m = sc_conn_error(c)->message;
		CHECK_MSG(strstr(m, "ff") == NULL && strstr(m, "c3") == NULL && strstr(m, "28") == NULL, "%s", m);
	}
	CHECK_RC(sc_conn_exec(c, "DROP TABLE parity_t"), SC_OK);
	sc_conn_close(c);
}

int main(int argc, char **argv)
{
	char *dir = t_tmpdir();
	char url[600];
	snprintf(url, sizeof(url), "sqlite:%s/parity.db", dir);
	run(url, "sqlite");
	t_rmdir(dir);
	free(dir);
	bouncer = t_pg_bouncer(argc, argv);
	char *pg = t_pg_file(argc, argv, "url");
	run(pg, "postgres");
	free(pg);
	return t_done("runtime_parity");
}
