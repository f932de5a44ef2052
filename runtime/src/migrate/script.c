/*
 * Migration scripts: checked (schemac/sql_split.h splits them; transaction
 * control is refused) and run statement by statement so that an error
 * names the statement.
 */
#include "base/base.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/migrate.h>
#include <schemac/sql_split.h>
#include "migrate/migrate.h"

sc_status sc__script_check(sc_dialect d, const char *sql, const char *file)
{
	sc_sql_statement *v;
	size_t n;
	sc_status rc = sc_sql_split(sql, strlen(sql), d, file, &v, &n);
	for (size_t i = 0; rc == SC_OK && i < n; i++)
		if (v[i].transaction_control)
			rc = sc__tls_err(SC_INVALID_ARGUMENT,
					 "%s:%d: %.*s: transaction control is not allowed in a migration (the runner "
					 "runs each migration in a transaction of its own, together with its history row); "
					 "remove it (SAVEPOINT, RELEASE and ROLLBACK TO are allowed)",
					 file, v[i].line, (int)strcspn(sql + v[i].offset, " \t\r\n;"), sql + v[i].offset);
	free(v);
	return rc;
}

static sc_status exec_one(sc_conn *conn, const char *file, int count, const char *stmt, size_t len, int line)
{
	char *s = sc__strndup(stmt, len);
	if (!s)
		return sc__tls_err(SC_NO_MEMORY, "out of memory");
	sc_status rc = sc_conn_exec(conn, s);
	if (rc != SC_OK) {
		const sc_error *e = sc_conn_error(conn);
		char head[160];
		size_t n = strcspn(s, "\n");
		if (n > 120)
			n = 120;
		snprintf(head, sizeof(head), "%.*s%s", (int)n, s, s[n] ? " ..." : "");
		rc = sc__tls_err(rc, "%s: statement %d (line %d) failed: %s: %s", file, count, line, head, e->message);
	}
	free(s);
	return rc;
}

sc_status sc_migrate_exec_script(sc_conn *conn, const char *sql, const char *file)
{
	if (!file)
		file = "migration";
	sc_sql_statement *v;
	size_t n;
	sc_status rc = sc_sql_split(sql, strlen(sql), sc_conn_dialect(conn), file, &v, &n);
	for (size_t i = 0; rc == SC_OK && i < n; i++)
		rc = exec_one(conn, file, (int)i + 1, sql + v[i].offset, v[i].length, v[i].line);
	free(v);
	return rc;
}
