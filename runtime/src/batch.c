/* Batch execution (sc_stmt_exec_batch): the portable path, one execution
 * after another on the same prepared statement. PostgreSQL pipeline mode
 * plugs in here. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Prefix the connection's error message with the failing item's index. */
static sc_status item_error(sc_conn *c, sc_status st, size_t i)
{
	const sc_error *e = sc_conn_error(c);
	if (!e || e->status != st)
		return sc__conn_errf(c, st, "item %zu: %s", i, sc_status_message(st));
	char msg[512];
	snprintf(msg, sizeof msg, "item %zu: %s", i, e->message ? e->message : "");
	char sqlstate[6], constraint[128], table[128], column[128];
	sc__strlcpy(sqlstate, e->sqlstate ? e->sqlstate : "", sizeof sqlstate);
	sc__strlcpy(constraint, e->constraint ? e->constraint : "", sizeof constraint);
	sc__strlcpy(table, e->table ? e->table : "", sizeof table);
	sc__strlcpy(column, e->column ? e->column : "", sizeof column);
	return sc__conn_err(c, st, sqlstate, e->sqlite_code, msg, constraint, table, column);
}

sc_status sc_stmt_exec_batch(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row,
			     void *ud)
{
	if (!st || !bind)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_stmt_exec_batch: NULL statement or bind");
	for (size_t i = 0; i < n; i++) {
		sc_status s = sc_stmt_reset(st);
		if (s == SC_OK)
			s = bind(st, i, ud);
		while (s == SC_OK) {
			s = sc_stmt_step(st);
			if (s == SC_ROW)
				s = row ? row(st, i, ud) : SC_OK;
			else if (s == SC_DONE)
				break;
		}
		if (s != SC_DONE)
			return item_error(st->conn, s, i);
	}
	sc_stmt_reset(st);
	return SC_OK;
}
