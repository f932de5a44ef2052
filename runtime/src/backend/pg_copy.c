/* COPY ... FROM STDIN on PostgreSQL: the fast path of sc_row_exec_many for
 * plain INSERTs. Binary format (sc__pg_copy_in_binary): the codec encodes
 * the tuples, this file frames and streams them. Text format
 * (sc__pg_copy_in): every value goes through the same binding code as a
 * text parameter (pg_bind through a scratch statement), so COPY sees
 * exactly the text an INSERT would have sent. */
#include "backend/pg.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#define COPY_CHUNK 65536

typedef sc_bytebuf cbuf;
#define cb_reserve sc__bytebuf_reserve

/* Append one field in COPY text format (escaped; binary values as \\x hex). */
static bool put_field(cbuf *b, const sc_pgparam *v)
{
	static const char hex[] = "0123456789abcdef";
	if (!v->val) {
		if (!cb_reserve(b, 2))
			return false;
		memcpy(b->p + b->len, "\\N", 2);
		b->len += 2;
		return true;
	}
	size_t n = (size_t)v->len;
	const unsigned char *s = (const unsigned char *)v->val;
	if (v->format == 1) { /* bytea: its text form \x..., backslash escaped */
		if (!cb_reserve(b, 3 + 2 * n))
			return false;
		unsigned char *o = b->p + b->len;
		*o++ = '\\';
		*o++ = '\\';
		*o++ = 'x';
		for (size_t i = 0; i < n; i++) {
			*o++ = hex[s[i] >> 4];
			*o++ = hex[s[i] & 15];
		}
		b->len = (size_t)(o - b->p);
		return true;
	}
	if (!cb_reserve(b, 2 * n))
		return false;
	unsigned char *o = b->p + b->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		switch (ch) {
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		default: *o++ = ch;
		}
	}
	b->len = (size_t)(o - b->p);
	return true;
}

/* Wait for the COPY's final result; record an error on c. */
static sc_status finish(sc_conn *c, PGconn *pg)
{
	sc_status rc = SC_OK;
	PGresult *r;
	while ((r = PQgetResult(pg)) != NULL) {
		ExecStatusType es = PQresultStatus(r);
		if (rc == SC_OK && es != PGRES_COMMAND_OK)
			rc = sc__pg_result_error(c, r, false);
		PQclear(r);
		if (es == PGRES_COPY_IN) /* should not happen: end it */
			PQputCopyEnd(pg, "unexpected COPY state");
		if (PQstatus(pg) == CONNECTION_BAD)
			break;
	}
	if (rc == SC_OK && PQstatus(pg) == CONNECTION_BAD)
		rc = sc__pg_result_error(c, NULL, false);
	return rc;
}

/* Appends row i to b (text or binary tuple). */
typedef sc_status (*row_writer)(sc_conn *c, size_t i, cbuf *b, void *ud);

/* Run copy_sql and stream head, the n rows of w and tail in COPY_CHUNK
 * pieces. A writer's failure aborts the COPY (its error is kept). */
static sc_status stream(sc_conn *c, const char *copy_sql, size_t n, row_writer w, void *ud, const void *head,
			size_t head_len, const void *tail, size_t tail_len)
{
	PGconn *pg = c->ops->native(c);
	cbuf b = {0};
	sc_status rc = SC_OK;
	if (!PQsendQuery(pg, copy_sql)) {
		rc = sc__pg_result_error(c, NULL, false);
		goto out;
	}
	if (c->tx_depth > 0)
		c->tx_sent++;
	PGresult *r = PQgetResult(pg);
	if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
		rc = sc__pg_result_error(c, r, false);
		PQclear(r);
		while ((r = PQgetResult(pg)) != NULL)
			PQclear(r);
		goto out;
	}
	PQclear(r);
	const char *abort_msg = NULL;
	if (!cb_reserve(&b, head_len)) {
		rc = sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
		abort_msg = "out of memory";
	} else if (head_len) {
		memcpy(b.p, head, head_len);
		b.len = head_len;
	}
	for (size_t i = 0; i <= n && !abort_msg; i++) {
		if (i < n && (rc = w(c, i, &b, ud)) != SC_OK) {
			abort_msg = "row encoding failed";
			break;
		}
		if (i == n) {
			if (!cb_reserve(&b, tail_len)) {
				rc = sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
				abort_msg = "out of memory";
				break;
			}
			if (tail_len)
				memcpy(b.p + b.len, tail, tail_len);
			b.len += tail_len;
		}
		if ((b.len >= COPY_CHUNK || (i == n && b.len)) && PQputCopyData(pg, (const char *)b.p, (int)b.len) != 1) {
			rc = sc__pg_result_error(c, NULL, false);
			abort_msg = "send failed";
			break;
		}
		if (b.len >= COPY_CHUNK || i == n)
			b.len = 0;
	}
	sc_errbuf first = c->err; /* an error before the end wins over the abort's */
	if (PQputCopyEnd(pg, abort_msg) != 1 && rc == SC_OK)
		rc = sc__pg_result_error(c, NULL, false);
	sc_status fin = finish(c, pg);
	if (rc == SC_OK)
		rc = fin;
	else
		sc__err_set(&c->err, NULL, first.pub.status, first.sqlstate, first.pub.sqlite_code,
			    first.message, first.constraint, first.table, first.column);
out:
	free(b.p);
	return rc;
}

/* The text format: row i bound on a scratch statement, its values escaped. */
typedef struct text_rows {
	sc_stmt *tmp;
	sc_pgparam *params;
	int ncols;
	sc_batch_bind_fn bind;
	void *ud;
} text_rows;

static sc_status text_row(sc_conn *c, size_t i, cbuf *b, void *ud)
{
	text_rows *t = ud;
	sc_status rc = t->bind(t->tmp, i, t->ud);
	if (rc != SC_OK)
		return rc;
	for (int k = 0; k < t->ncols; k++) {
		if (!put_field(b, &t->params[k]) || !cb_reserve(b, 1))
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
		b->p[b->len++] = k + 1 < t->ncols ? '\t' : '\n'; /* separator, or the row's end */
	}
	return SC_OK;
}

sc_status sc__pg_copy_in(sc_conn *c, const char *copy_sql, int ncols, size_t n, sc_batch_bind_fn bind,
			 void *ud)
{
	/* A scratch statement: only a bind target (pg_bind fills ps.params). */
	sc_stmt tmp;
	sc_pg_stmt ps;
	memset(&tmp, 0, sizeof tmp);
	memset(&ps, 0, sizeof ps);
	tmp.conn = c;
	tmp.nparams = ncols;
	tmp.be = &ps;
	ps.params = calloc((size_t)ncols, sizeof *ps.params);
	if (!ps.params)
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	text_rows t = {&tmp, ps.params, ncols, bind, ud};
	sc_status rc = stream(c, copy_sql, n, text_row, &t, NULL, 0, NULL, 0);
	for (int k = 0; k < ncols; k++)
		free(ps.params[k].heap);
	free(ps.params);
	return rc;
}

/* The binary format's signature, flags (int32 0) and header extension
 * length (int32 0); the trailer is a field count of -1. */
static const unsigned char bin_head[19] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xFF, '\r', '\n', 0};
static const unsigned char bin_tail[2] = {0xFF, 0xFF};

typedef struct bin_rows {
	sc_copy_row_fn row;
	void *ud;
} bin_rows;

static sc_status bin_row(sc_conn *c, size_t i, cbuf *b, void *ud)
{
	bin_rows *x = ud;
	return x->row(c, i, b, x->ud);
}

sc_status sc__pg_copy_in_binary(sc_conn *c, const char *copy_sql, size_t n, sc_copy_row_fn row, void *ud)
{
	bin_rows x = {row, ud};
	return stream(c, copy_sql, n, bin_row, &x, bin_head, sizeof bin_head, bin_tail, sizeof bin_tail);
}
