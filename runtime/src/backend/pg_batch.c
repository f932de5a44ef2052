/* PostgreSQL batch execution (sc_stmt_exec_batch) in libpq pipeline mode.
 *
 * Items are sent without waiting for their results, with a Sync after
 * every SYNC_EVERY items (so the server's statement_timeout covers a
 * window, not the whole batch). Sending and receiving are interleaved on a
 * nonblocking socket (PQflush / PQconsumeInput driven by poll), so a batch
 * of any size cannot deadlock with both sides' socket buffers full, and at
 * most MAX_AHEAD items are in flight, which bounds the memory of both.
 * After the first error nothing more is sent; what is already on its way
 * is read up to the last Sync (the server answers "pipeline aborted" for
 * the rest of the window), so the connection leaves pipeline mode idle and
 * usable. batch.c wraps the call in a transaction when none is open. */
#include "backend/pg.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#define SYNC_EVERY 1000
#define MAX_AHEAD 4000
/* with at most MAX_AHEAD in flight, some of them are always followed by a
 * Sync, so the server always has answers to send */
_Static_assert(MAX_AHEAD > SYNC_EVERY, "MAX_AHEAD must exceed SYNC_EVERY");

typedef struct bstate {
	sc_stmt *st;
	sc_conn *c;
	PGconn *pg;
	sc_batch_bind_fn bind;
	sc_batch_row_fn row;
	void *ud;
	size_t n;
	size_t sent;      /* items sent */
	size_t done;      /* items whose results are complete */
	size_t in_window; /* items sent since the last Sync */
	int syncs;        /* Syncs sent and not yet answered */
	bool stop;        /* send nothing more */
	bool lost;        /* the connection is gone */
	sc_status err;    /* first error (lowest item) */
	size_t err_item;
	sc_errbuf saved;  /* its details */
	int64_t rows;
	const char **vals;
	int *lens, *fmts;
} bstate;

static void errbuf_copy(sc_errbuf *dst, const sc_errbuf *src)
{
	*dst = *src;
	dst->pub.message = dst->message;
	dst->pub.sqlstate = dst->sqlstate;
	dst->pub.constraint = dst->constraint;
	dst->pub.table = dst->table;
	dst->pub.column = dst->column;
}

/* An error for item i has been recorded on the connection (c->err): keep
 * it when it is the first one (by item). Nothing more is sent. */
static void record(bstate *b, sc_status rc, size_t i)
{
	b->stop = true;
	if (b->err != SC_OK && b->err_item <= i)
		return;
	b->err = rc;
	b->err_item = i;
	errbuf_copy(&b->saved, &b->c->err);
}

static void connection_lost(bstate *b)
{
	sc_status rc = sc__pg_result_error(b->c, NULL, false);
	if (!b->c->broken || rc != SC_CONNECTION_LOST) {
		char msg[sizeof(b->c->err.message)];
		sc__strlcpy(msg, b->c->err.message, sizeof(msg));
		b->c->broken = true;
		rc = sc__conn_err(b->c, SC_CONNECTION_LOST, "08006", 0, msg, "", "", "");
	}
	b->lost = true;
	record(b, rc, b->done);
}

static void send_sync(bstate *b)
{
	if (!PQpipelineSync(b->pg)) {
		connection_lost(b);
		return;
	}
	b->syncs++;
	b->in_window = 0;
}

static void send_one(bstate *b)
{
	sc_stmt *st = b->st;
	size_t i = b->sent;
	sc_status rc = b->bind(st, i, b->ud);
	if (rc != SC_OK) {
		record(b, rc, i);
		return;
	}
	int np = st->nparams;
	for (int k = 0; k < np; k++) {
		b->vals[k] = sc__pgs(st)->params[k].val;
		b->lens[k] = sc__pgs(st)->params[k].len;
		b->fmts[k] = sc__pgs(st)->params[k].format;
	}
	int rf = st->binary ? 1 : 0; /* result format */
	int ok = sc__pgs(st)->name[0] ? PQsendQueryPrepared(b->pg, sc__pgs(st)->name, np, b->vals, b->lens, b->fmts, rf)
				: PQsendQueryParams(b->pg, st->sql, np, NULL, b->vals, b->lens, b->fmts, rf);
	if (!ok) {
		if (PQstatus(b->pg) == CONNECTION_BAD) {
			connection_lost(b);
		} else {
			record(b, sc__pg_result_error(b->c, NULL, false), i);
		}
		return;
	}
	b->sent++;
	b->in_window++;
}

/* Rows of a successful result: count them, hand them to the row callback. */
static void on_rows(bstate *b, PGresult *r, size_t item)
{
	sc_stmt *st = b->st;
	const char *ct = PQcmdTuples(r);
	int nt = PQntuples(r);
	b->rows += (ct && *ct) ? strtoll(ct, NULL, 10) : nt;
	if (!b->row || nt == 0 || (b->err != SC_OK && b->err_item <= item)) {
		PQclear(r);
		return;
	}
	sc_status rc = sc__pg_adopt_result(st, r);
	st->ncols = PQnfields(r);
	for (int k = 0; rc == SC_OK && k < nt; k++) {
		sc__pgs(st)->row = k;
		st->on_row = true;
		rc = b->row(st, item, b->ud);
	}
	st->on_row = false;
	sc__pgs(st)->res = NULL;
	sc__pgs(st)->raw_res = NULL;
	sc__pgs(st)->row = -1;
	sc__pgs(st)->nrows = 0;
	st->rows = 0;
	PQclear(r);
	if (rc != SC_OK)
		record(b, rc, item);
}

static void on_result(bstate *b, PGresult *r)
{
	switch (PQresultStatus(r)) {
	case PGRES_PIPELINE_SYNC:
		b->syncs--;
		PQclear(r);
		return;
	case PGRES_PIPELINE_ABORTED: /* skipped after an earlier error */
		PQclear(r);
		return;
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
	case PGRES_EMPTY_QUERY:
		on_rows(b, r, b->done);
		return;
	default: {
		size_t item = b->done;
		if (b->err == SC_OK || item < b->err_item)
			record(b, sc__pg_result_error(b->c, r, false), item);
		b->stop = true;
		PQclear(r);
		if (b->c->broken)
			b->lost = true;
		return;
	}
	}
}

/* Read every result libpq has complete. */
static void drain(bstate *b)
{
	while (!b->lost && (b->done < b->sent || b->syncs > 0) && !PQisBusy(b->pg)) {
		PGresult *r = PQgetResult(b->pg);
		if (!r) {
			/* end of one item's results */
			if (b->done >= b->sent)
				break;
			b->done++;
			continue;
		}
		on_result(b, r);
	}
	if (!b->lost && PQstatus(b->pg) == CONNECTION_BAD)
		connection_lost(b);
}

static bool finished(const bstate *b)
{
	return b->lost ||
	       (b->done == b->sent && b->syncs == 0 && b->in_window == 0 && (b->stop || b->sent == b->n));
}

static void run(bstate *b)
{
	int64_t tmo = b->c->sh->s.statement_timeout_ms;
	int64_t deadline = tmo > 0 ? sc__mono_us() + (tmo + 5000) * 1000 : 0;
	int fd = PQsocket(b->pg);
	for (;;) {
		int f = 0;
		while (!b->stop && b->sent < b->n && b->sent - b->done < MAX_AHEAD) {
			send_one(b);
			if (b->stop)
				break;
			if (b->in_window == SYNC_EVERY || b->sent == b->n)
				send_sync(b);
			if (b->lost)
				return;
			if ((f = PQflush(b->pg)) != 0)
				break; /* socket full (1) or broken (-1) */
		}
		if (f < 0) {
			connection_lost(b);
			return;
		}
		drain(b);
		if (b->stop && b->in_window > 0 && !b->lost) {
			/* close the window so the server stops skipping and answers */
			send_sync(b);
			continue;
		}
		if (finished(b))
			return;
		if ((f = PQflush(b->pg)) < 0) {
			connection_lost(b);
			return;
		}
		/* Room to send more: do not wait. The server holds back the results
		 * of items not yet followed by a Sync, so waiting for them here could
		 * wait forever; when we cannot send (window full, all sent, stopped),
		 * a Sync is out and answers will come. */
		if (f == 0 && !b->stop && b->sent < b->n && b->sent - b->done < MAX_AHEAD)
			continue;
		short ev = POLLIN;
		if (f == 1)
			ev |= POLLOUT;
		int timeout = -1;
		if (deadline) {
			int64_t rem = deadline - sc__mono_us();
			if (rem <= 0) {
				record(b, sc__pg_timed_out(b->c), b->done);
				b->lost = true;
				return;
			}
			timeout = (int)((rem + 999) / 1000);
		}
		struct pollfd p = {fd, ev, 0};
		int n = poll(&p, 1, timeout);
		if (n < 0 && errno != EINTR) {
			connection_lost(b);
			return;
		}
		if (n <= 0)
			continue;
		if (deadline) /* progress: the timeout counts from the last one */
			deadline = sc__mono_us() + (tmo + 5000) * 1000;
		if ((p.revents & (POLLIN | POLLERR | POLLHUP)) && !PQconsumeInput(b->pg)) {
			connection_lost(b);
			return;
		}
	}
}

sc_status sc__pg_batch(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row, void *ud,
		       size_t *fail_item, int64_t *rows)
{
	sc_conn *c = st->conn;
	PGconn *pg = c->ops->native(c);
	*fail_item = 0;
	*rows = 0;
	sc_status rc = sc__pg_ensure_prepared(st);
	if (rc != SC_OK)
		return rc;
	bstate b;
	memset(&b, 0, sizeof(b));
	b.st = st;
	b.c = c;
	b.pg = pg;
	b.bind = bind;
	b.row = row;
	b.ud = ud;
	b.n = n;
	b.err = SC_OK;
	size_t np = st->nparams > 0 ? (size_t)st->nparams : 1;
	b.vals = calloc(np, sizeof(*b.vals));
	b.lens = calloc(np, sizeof(*b.lens));
	b.fmts = calloc(np, sizeof(*b.fmts));
	if (!b.vals || !b.lens || !b.fmts) {
		free(b.vals);
		free(b.lens);
		free(b.fmts);
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	}
	if (PQsetnonblocking(pg, 1) != 0 || !PQenterPipelineMode(pg)) {
		PQsetnonblocking(pg, 0);
		rc = sc__pg_result_error(c, NULL, false);
	} else {
		run(&b);
		if (!b.lost && !PQexitPipelineMode(pg)) {
			/* results left unread: the session is in an unknown state */
			c->broken = true;
			if (b.err == SC_OK)
				record(&b, sc__conn_errf(c, SC_ERROR, "could not leave pipeline mode: %s",
							 PQerrorMessage(pg)),
				       b.done);
		}
		PQsetnonblocking(pg, 0);
		if (c->tx_depth > 0)
			c->tx_sent += (int64_t)b.sent;
		rc = b.err;
		if (rc != SC_OK) {
			errbuf_copy(&c->err, &b.saved);
			*fail_item = b.err_item;
		}
	}
	*rows = b.rows;
	free(b.vals);
	free(b.lens);
	free(b.fmts);
	return rc;
}
