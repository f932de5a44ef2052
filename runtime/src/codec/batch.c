/* Batch execution (sc_stmt_exec_batch): transaction wrapping, the query
 * hook and the failing item's index for both backends; the portable path
 * (one execution after another on the same prepared statement, SQLite).
 * PostgreSQL pipelines the items (batch_pg.c). */
#include "codec/codec.h"

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

/* One execution after the other. The per-execution query hook is
 * suppressed (hook_fired): the batch reports once, in sc_stmt_exec_batch. */
static sc_status portable(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row, void *ud,
			  size_t *fail_item, int64_t *rows)
{
	for (size_t i = 0; i < n; i++) {
		sc_stmt_reset(st);
		st->hook_fired = true;
		sc_status s = bind(st, i, ud);
		while (s == SC_OK) {
			s = sc_stmt_step(st);
			if (s == SC_ROW)
				s = row ? row(st, i, ud) : SC_OK;
			else if (s == SC_DONE)
				break;
		}
		*rows += sc_stmt_rows_affected(st);
		if (s != SC_DONE) {
			*fail_item = i;
			return s;
		}
	}
	return SC_OK;
}

sc_status sc_stmt_exec_batch(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row,
			     void *ud)
{
	if (!st || !bind)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_stmt_exec_batch: NULL statement or bind");
	sc_conn *c = st->conn;
	sc_status rc = sc__conn_check_tx(c);
	if (rc != SC_OK || n == 0)
		return rc;
	sc_stmt_reset(st);
	/* Outside a transaction the batch gets its own: all or nothing, and one
	 * commit instead of n on SQLite. */
	bool own_tx = c->tx_depth == 0 && n > 1;
	if (own_tx && (rc = sc_tx_begin(c, NULL)) != SC_OK)
		return rc;
	size_t fail = 0;
	int64_t rows = 0;
	int64_t t0 = sc__mono_us();
	if (c->ops->exec_batch)
		rc = c->ops->exec_batch(st, n, bind, row, ud, &fail, &rows);
	else
		rc = portable(st, n, bind, row, ud, &fail, &rows);
	sc_stmt_reset(st);
	if (rc != SC_OK)
		rc = item_error(c, rc, fail);
	sc__query_done(c, st->sql, t0, rows, rc);
	if (own_tx) {
		if (rc == SC_OK) {
			rc = sc_tx_commit(c);
		} else {
			sc_errbuf save = c->err;
			sc_tx_rollback(c);
			sc__err_set(&c->err, NULL, save.pub.status, save.sqlstate, save.pub.sqlite_code,
				    save.message, save.constraint, save.table, save.column);
		}
	}
	return rc;
}
