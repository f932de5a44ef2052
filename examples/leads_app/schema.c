/* Step 1: create the tables of schema/leads.schema unless they exist. The
 * DDL is the generated leads.<dialect>.sql, embedded into the program at
 * build time (leads_ddl.c, see CMakeLists.txt). */
#include <stdio.h>

#include "app.h"
#include "leads_ddl.h"

static const char *const table_exists_sql[] = {
	[SC_DIALECT_POSTGRES] = "SELECT count(*) FROM pg_catalog.pg_tables"
				" WHERE schemaname = current_schema() AND tablename = $1",
	[SC_DIALECT_SQLITE] = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
};

static sc_status table_exists(sc_conn *conn, const char *table, bool *out)
{
	sc_stmt *st;
	int64_t n = 0;
	sc_status rc = sc_stmt_prepare(&st, conn, table_exists_sql[sc_conn_dialect(conn)]);

	if (rc != SC_OK)
		return rc;
	rc = sc_stmt_bind_text(st, 1, table, (size_t)-1);
	if (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW)
		rc = sc_stmt_column_int64(st, 0, &n);
	sc_stmt_finalize(st);
	*out = n > 0;
	return rc;
}

sc_status app_create_schema(app *a)
{
	bool pg = sc_conn_dialect(a->conn) == SC_DIALECT_POSTGRES;
	bool exists;
	sc_status rc;

	printf("\n1. Schema\n");
	rc = table_exists(a->conn, "leads", &exists);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "looking for table leads");
	if (exists) {
		printf("   tables already there (users, leads, lead_scores, ...)\n");
		return SC_OK;
	}
	/* One transaction: DDL is transactional on both databases, so a
	 * failure leaves no half-made schema behind. */
	if ((rc = sc_tx_begin(a->conn, NULL)) != SC_OK)
		return app_fail(a->conn, rc, "BEGIN");
	rc = sc_conn_exec(a->conn, pg ? leads_ddl_postgres : leads_ddl_sqlite);
	if (rc != SC_OK) {
		app_fail(a->conn, rc, pg ? "applying leads.postgres.sql" : "applying leads.sqlite.sql");
		sc_tx_rollback(a->conn);
		return rc;
	}
	if ((rc = sc_tx_commit(a->conn)) != SC_OK)
		return app_fail(a->conn, rc, "COMMIT");
	printf("   created the tables from leads.%s.sql\n", pg ? "postgres" : "sqlite");
	return SC_OK;
}
