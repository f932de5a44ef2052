/*
 * Uses the installed runtime alone: opens a pool on an in-memory SQLite
 * database, creates a table, writes and reads back a row with bound
 * parameters. Exits 0 and prints "runtime consumer: ok" on success.
 */
#include <schemac/schemac.h>

#include <stdio.h>
#include <string.h>

static int fail(const char *what, sc_status st)
{
	fprintf(stderr, "runtime consumer: %s: %s (%s)\n", what, sc_status_name(st),
		sc_error_last()->message);
	return 1;
}

int main(void)
{
	if (sc_runtime_version() != SC_RUNTIME_VERSION) {
		fprintf(stderr, "runtime consumer: header %s, library %06x\n",
			SC_RUNTIME_VERSION_STRING, sc_runtime_version());
		return 1;
	}
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = "sqlite::memory:";
	sc_pool *pool = NULL;
	sc_status st = sc_pool_open(&pool, &cfg);
	if (st != SC_OK)
		return fail("open", st);

	sc_conn *conn = NULL;
	int rc = 1;
	st = sc_pool_acquire(pool, &conn);
	if (st != SC_OK) {
		sc_pool_close(pool);
		return fail("acquire", st);
	}
	sc_stmt *ins = NULL, *sel = NULL;
	st = sc_conn_exec(conn, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
	if (st == SC_OK)
		st = sc_stmt_prepare(&ins, conn, "INSERT INTO t (id, name) VALUES ($1, $2)");
	if (st == SC_OK)
		st = sc_stmt_bind_int64(ins, 1, 42);
	if (st == SC_OK)
		st = sc_stmt_bind_text(ins, 2, "it's \xc3\xa9", (size_t)-1);
	if (st == SC_OK)
		st = sc_stmt_exec(ins);
	if (st == SC_OK)
		st = sc_stmt_prepare(&sel, conn, "SELECT name, id * 2 FROM t WHERE id = $1");
	if (st == SC_OK)
		st = sc_stmt_bind_int64(sel, 1, 42);
	if (st == SC_OK)
		st = sc_stmt_step(sel);
	if (st == SC_ROW) {
		const char *name = NULL;
		int64_t twice = 0;
		if (sc_stmt_column_text(sel, 0, &name, NULL) == SC_OK &&
		    sc_stmt_column_int64(sel, 1, &twice) == SC_OK && name &&
		    strcmp(name, "it's \xc3\xa9") == 0 && twice == 84 && sc_stmt_step(sel) == SC_DONE) {
			puts("runtime consumer: ok");
			rc = 0;
		} else {
			fprintf(stderr, "runtime consumer: wrong row\n");
		}
	} else {
		rc = fail("query", st);
	}
	sc_stmt_finalize(sel);
	sc_stmt_finalize(ins);
	sc_pool_release(conn);
	sc_pool_close(pool);
	return rc;
}
