/* Transactions, savepoints and run-in-transaction with retries. */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sc__tx_forget(sc_conn *c)
{
	c->tx_aborted = false;
	c->tx_depth = 0;
	c->tx_sent = 0;
	c->tx_read_only = false;
	free(c->tenant);
	c->tenant = NULL;
	sc__changes_truncate(c, 0);
}

static const char aborted_msg[] = "current transaction is aborted, commands ignored until end of transaction block";

sc_status sc__conn_stream_busy(sc_conn *c)
{
	if (!c->streaming)
		return SC_OK;
	return sc__conn_errf(c, SC_MISUSE,
			     "a streaming statement is still reading rows on this connection; "
			     "finish or reset it first");
}

sc_status sc__conn_check_tx(sc_conn *c)
{
	sc_status rc = sc__conn_check(c);
	if (rc == SC_OK)
		rc = sc__conn_stream_busy(c);
	if (rc == SC_OK && c->tx_aborted)
		rc = sc__conn_err(c, SC_TX_ABORTED, "25P02", 0, aborted_msg, "", "", "");
	return rc;
}

static sc_status timed_exec(sc_conn *c, const char *sql)
{
	int64_t t0 = sc__mono_us();
	sc_status rc = c->ops->exec(c, sql);
	sc__query_done(c, sql, t0, 0, rc);
	return rc;
}

static sc_status push_mark(sc_conn *c)
{
	if (c->tx_depth >= c->sp_cap) {
		int cap = c->sp_cap ? c->sp_cap * 2 : 8;
		size_t *m = realloc(c->sp_marks, (size_t)cap * sizeof(*m));
		if (!m)
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
		c->sp_marks = m;
		c->sp_cap = cap;
	}
	c->sp_marks[c->tx_depth] = c->nchanges;
	return SC_OK;
}

sc_status sc_tx_begin(sc_conn *c, const sc_tx_options *opts)
{
	if (!c)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_tx_begin: NULL connection");
	sc_status rc = sc__conn_check_tx(c);
	if (rc != SC_OK)
		return rc;
	if (c->tx_depth > 0) {
		if ((rc = push_mark(c)) != SC_OK)
			return rc;
		char sql[48];
		snprintf(sql, sizeof(sql), "SAVEPOINT sc_sp_%d", c->tx_depth);
		rc = timed_exec(c, sql);
		if (rc == SC_OK)
			c->tx_depth++;
		return rc;
	}
	char *tenant = NULL;
	if (opts && opts->tenant && !(tenant = sc__strdup(opts->tenant)))
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	int64_t t0 = sc__mono_us();
	rc = c->ops->begin(c, opts);
	sc__query_done(c, "BEGIN", t0, 0, rc);
	if (rc != SC_OK) {
		free(tenant);
		return rc;
	}
	sc__tx_forget(c);
	c->tx_depth = 1;
	c->tx_read_only = opts && opts->read_only;
	c->tenant = tenant;
	return SC_OK;
}

sc_status sc_tx_commit(sc_conn *c)
{
	if (!c || c->tx_depth == 0)
		return c ? sc__conn_errf(c, SC_MISUSE, "commit without a transaction")
			 : sc__tls_err(SC_INVALID_ARGUMENT, "NULL connection");
	/* Not under a stream: SQLite would commit with it still reading, and
	 * libpq would refuse the COMMIT after our state had moved on. */
	sc_status rc = sc__conn_stream_busy(c);
	if (rc != SC_OK)
		return rc;
	if (c->tx_depth > 1) {
		if ((rc = sc__conn_check_tx(c)) != SC_OK)
			return rc;
		char sql[48];
		snprintf(sql, sizeof(sql), "RELEASE SAVEPOINT sc_sp_%d", c->tx_depth - 1);
		rc = timed_exec(c, sql);
		if (rc == SC_OK)
			c->tx_depth--;
		return rc;
	}
	if (c->fork_gen != sc__fork_gen()) {
		rc = sc__conn_check(c);
		sc__tx_forget(c);
		return rc;
	}
	int64_t t0 = sc__mono_us();
	if (c->tx_aborted) {
		/* what PostgreSQL does with COMMIT of a failed transaction */
		c->ops->end(c, false);
		rc = sc__conn_err(c, SC_TX_ABORTED, "25P02", 0,
				  "transaction was aborted by an earlier error; COMMIT rolled it back", "", "", "");
	} else {
		rc = c->ops->end(c, true);
	}
	sc__query_done(c, "COMMIT", t0, 0, rc);
	if (rc == SC_OK) {
		SC_COUNT(&c->sh->m, tx_commits, 1);
		if (!c->tx_read_only)
			sc__pool_note_write(c); /* read-your-writes starts now */
		c->tx_depth = 0;
		sc__changes_deliver(c);
	} else {
		SC_COUNT(&c->sh->m, tx_rollbacks, 1);
	}
	sc__tx_forget(c);
	return rc;
}

sc_status sc_tx_rollback(sc_conn *c)
{
	if (!c || c->tx_depth == 0)
		return c ? sc__conn_errf(c, SC_MISUSE, "rollback without a transaction")
			 : sc__tls_err(SC_INVALID_ARGUMENT, "NULL connection");
	sc_status rc = sc__conn_stream_busy(c);
	if (rc != SC_OK)
		return rc;
	if (c->tx_depth > 1) {
		if ((rc = sc__conn_check(c)) != SC_OK)
			return rc;
		char sql[96];
		int n = c->tx_depth - 1;
		snprintf(sql, sizeof(sql), "ROLLBACK TO SAVEPOINT sc_sp_%d; RELEASE SAVEPOINT sc_sp_%d", n, n);
		bool aborted = c->tx_aborted;
		c->tx_aborted = false; /* ROLLBACK TO is what clears it */
		rc = timed_exec(c, sql);
		if (rc == SC_OK) {
			c->tx_depth--;
			sc__changes_truncate(c, c->sp_marks[c->tx_depth]);
		} else {
			c->tx_aborted = aborted || c->tx_aborted;
		}
		return rc;
	}
	rc = SC_OK;
	if (c->fork_gen == sc__fork_gen()) {
		int64_t t0 = sc__mono_us();
		rc = c->ops->end(c, false);
		sc__query_done(c, "ROLLBACK", t0, 0, rc);
	}
	SC_COUNT(&c->sh->m, tx_rollbacks, 1);
	sc__tx_forget(c);
	return rc;
}

/* One attempt: begin, callback, commit (or rollback). *sent tells whether
 * anything of the transaction reached the server. */
static sc_status run_once(sc_conn *c, const sc_tx_options *opts, sc_tx_fn fn, void *ud, bool *sent)
{
	*sent = false;
	sc_status rc = sc_tx_begin(c, opts);
	if (rc != SC_OK)
		return rc;
	int depth = c->tx_depth;
	rc = fn(c, ud);
	*sent = c->tx_sent > 0;
	if (c->tx_depth != depth && c->tx_depth > 0) {
		sc__log(c->sh, SC_LOG_ERROR, "transaction callback left %d savepoint(s) open",
			c->tx_depth - depth);
		while (c->tx_depth > depth)
			sc_tx_rollback(c);
		if (rc == SC_OK)
			rc = sc__conn_errf(c, SC_MISUSE, "transaction callback left savepoints open");
	}
	if (c->tx_depth == 0) /* the callback ended the transaction itself */
		return rc != SC_OK ? rc : sc__conn_errf(c, SC_MISUSE, "transaction callback ended the transaction");
	if (rc == SC_OK) {
		rc = sc_tx_commit(c);
		*sent = true; /* COMMIT was attempted */
		return rc;
	}
	sc_errbuf save = c->err;
	sc_tx_rollback(c);
	c->err = save;
	c->err.pub.message = c->err.message;
	c->err.pub.sqlstate = c->err.sqlstate;
	c->err.pub.constraint = c->err.constraint;
	c->err.pub.table = c->err.table;
	c->err.pub.column = c->err.column;
	return rc;
}

static bool should_retry(const sc_shared *sh, sc_status rc, bool sent, int attempt, int64_t start,
			 int64_t *delay)
{
	if (rc == SC_AMBIGUOUS_COMMIT)
		return false;
	if (!(sc_status_is_retryable(rc) || (rc == SC_CONNECTION_LOST && !sent)))
		return false;
	if (attempt >= sh->s.retry_max_attempts)
		return false;
	*delay = sc__backoff_us(attempt, sh->s.retry_base_delay_ms, sh->s.retry_max_delay_ms);
	if (sh->s.retry_max_time_ms > 0 && sc__mono_us() + *delay - start > sh->s.retry_max_time_ms * 1000)
		return false;
	return true;
}

sc_status sc_tx_run_on(sc_conn *c, const sc_tx_options *opts, sc_tx_fn fn, void *ud)
{
	if (!c || !fn)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_tx_run_on: NULL argument");
	bool sent;
	if (c->tx_depth > 0)
		return run_once(c, opts, fn, ud, &sent);
	int64_t start = sc__mono_us();
	for (int attempt = 1;; attempt++) {
		sc_status rc = run_once(c, opts, fn, ud, &sent);
		int64_t delay;
		/* a lost connection is reconnected by the next attempt's BEGIN */
		if (rc == SC_OK || !should_retry(c->sh, rc, sent, attempt, start, &delay))
			return rc;
		SC_COUNT(&c->sh->m, tx_retries, 1);
		sc__log(c->sh, SC_LOG_DEBUG, "retrying transaction after %s (attempt %d)", sc_status_name(rc), attempt);
		sc__sleep_us(delay);
	}
}

sc_status sc_tx_run(sc_pool *pool, const sc_tx_options *opts, sc_tx_fn fn, void *ud)
{
	if (!pool || !fn)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_tx_run: NULL argument");
	sc_shared *sh = sc__pool_shared(pool);
	int64_t start = sc__mono_us();
	for (int attempt = 1;; attempt++) {
		sc_conn *c;
		sc_site site = {__FILE__, __LINE__, "sc_tx_run"};
		/* read-only work may go to a replica (SPEC 4.5) */
		sc_status rc = opts && opts->read_only ? sc_pool_acquire_read_at(pool, &c, site)
						       : sc_pool_acquire_at(pool, &c, site);
		if (rc != SC_OK)
			return rc;
		bool sent;
		rc = run_once(c, opts, fn, ud, &sent);
		sc_errbuf err = c->err;
		sc_pool_release(c);
		if (rc == SC_OK)
			return SC_OK;
		/* A read-only transaction changed nothing: when its connection was
		 * lost (a replica stopping, say) it runs again, wherever reads go
		 * now, instead of failing the caller. */
		bool ro_lost = opts && opts->read_only && (rc == SC_CONNECTION_LOST || rc == SC_AMBIGUOUS_COMMIT);
		int64_t delay;
		if (!should_retry(sh, ro_lost ? SC_CONNECTION_LOST : rc, sent && !ro_lost, attempt, start, &delay)) {
			/* leave the failure as this thread's last error */
			if (err.pub.status == rc)
				sc__err_set(&err, sh->s.secrets, rc, err.sqlstate, err.pub.sqlite_code,
					    err.message, err.constraint, err.table, err.column);
			else
				sc__tls_err(rc, "%s", sc_status_message(rc));
			return rc;
		}
		SC_COUNT(&sh->m, tx_retries, 1);
		sc__log(sh, SC_LOG_DEBUG, "retrying transaction after %s (attempt %d)", sc_status_name(rc), attempt);
		sc__sleep_us(delay);
	}
}
