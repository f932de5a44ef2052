/* COPY ... FROM STDIN (text format) on PostgreSQL: the fast path of
 * sc_row_exec_many for plain INSERTs. Every value goes through the same
 * binding code as a text parameter (pg_bind through a scratch statement),
 * so COPY sees exactly the text an INSERT would have sent: exact for every
 * type the runtime binds. */
#include "backend/pg.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#define COPY_CHUNK 65536

typedef struct cbuf {
	char *p;
	size_t len, cap;
} cbuf;

static bool cb_reserve(cbuf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : COPY_CHUNK * 2;
	while (cap < b->len + more)
		cap *= 2;
	char *np = realloc(b->p, cap);
	if (!np)
		return false;
	b->p = np;
	b->cap = cap;
	return true;
}

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
		char *o = b->p + b->len;
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
	char *o = b->p + b->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		switch (ch) {
		case '\\': *o++ = '\\'; *o++ = '\\'; break;
		case '\n': *o++ = '\\'; *o++ = 'n'; break;
		case '\r': *o++ = '\\'; *o++ = 'r'; break;
		case '\t': *o++ = '\\'; *o++ = 't'; break;
		default: *o++ = (char)ch;
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

sc_status sc__pg_copy_in(sc_conn *c, const char *copy_sql, int ncols, size_t n, sc_batch_bind_fn bind,
			 void *ud)
{
	PGconn *pg = c->ops->native(c);
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
	for (size_t i = 0; i < n && !abort_msg; i++) {
		sc_status s = bind(&tmp, i, ud);
		if (s != SC_OK) {
			rc = s;
			abort_msg = "bind failed";
			break;
		}
		bool ok = true;
		for (int k = 0; ok && k < ncols; k++) {
			ok = put_field(&b, &ps.params[k]) && cb_reserve(&b, 1);
			if (ok) /* field separator, or the row's end */
				b.p[b.len++] = k + 1 < ncols ? '\t' : '\n';
		}
		if (!ok) {
			rc = sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
			abort_msg = "out of memory";
			break;
		}
		if (b.len >= COPY_CHUNK) {
			if (PQputCopyData(pg, b.p, (int)b.len) != 1) {
				rc = sc__pg_result_error(c, NULL, false);
				abort_msg = "send failed";
				break;
			}
			b.len = 0;
		}
	}
	if (!abort_msg && b.len && PQputCopyData(pg, b.p, (int)b.len) != 1) {
		rc = sc__pg_result_error(c, NULL, false);
		abort_msg = "send failed";
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
	for (int k = 0; k < ncols; k++)
		free(ps.params[k].heap);
	free(ps.params);
	free(b.p);
	return rc;
}
