/* PostgreSQL internals shared by pg.c, pg_batch.c and pg_copy.c (res is a
 * PGresult *). Private to backend/. */
#ifndef SC_BACKEND_PG_H
#define SC_BACKEND_PG_H

#include "backend/backend.h"

typedef struct sc_pgparam {
	const char *val; /* value (text or binary); NULL for SQL NULL */
	int len;
	int format;      /* 0 text, 1 binary */
	char *heap;      /* grown buffer for long values */
	size_t cap;
	char inl[48];
} sc_pgparam;

/* A statement's PostgreSQL state (st->be). */
typedef struct sc_pg_stmt {
	char name[24];  /* "" when unnamed */
	bool prepared;
	sc_pgparam *params;
	void *res;      /* PGresult * */
	int row, nrows;
	bool active;    /* streaming: results still arriving (drained by reset) */
	bool cancellable; /* streaming a SELECT outside a transaction block:
			   * an early stop may cancel it */
	unsigned char **colbuf; /* per-column decode buffers (bytea) */
	size_t *colcap;
	int ncolbuf;
	void *raw;      /* sc_raw_col[rawcap]: the current binary row (raw_row) */
	int rawcap;
	const void *raw_res; /* result and row raw holds (NULL: none) */
	int raw_at;
} sc_pg_stmt;

static inline sc_pg_stmt *sc__pgs(const sc_stmt *st)
{
	return (sc_pg_stmt *)st->be;
}

/* Record the error of res (NULL: the connection's error) on c; marks the
 * connection broken when it was lost. */
sc_status sc__pg_result_error(sc_conn *c, const void *res, bool commit);
/* Make res the statement's current result (column access through the
 * usual getters); st takes ownership. */
sc_status sc__pg_adopt_result(sc_stmt *st, void *res);
/* Prepare a named statement on the server if it is not yet. */
sc_status sc__pg_ensure_prepared(sc_stmt *st);
/* The server did not answer in time: cancel, mark broken, record the error. */
sc_status sc__pg_timed_out(sc_conn *c);
/* COPY copy_sql (... FROM STDIN, text format) with n rows of ncols values:
 * bind(st, i, ud) binds row i's values as parameters 1..ncols of a scratch
 * statement (the usual sc_stmt_bind_* calls), which are sent as COPY text.
 * (pg_copy.c; sc__pg_ops.copy_in) */
sc_status sc__pg_copy_in(sc_conn *c, const char *copy_sql, int ncols, size_t n, sc_batch_bind_fn bind,
			 void *ud);
/* The same in binary format (pg_copy.c; sc__pg_ops.copy_in_binary). */
sc_status sc__pg_copy_in_binary(sc_conn *c, const char *copy_sql, size_t n, sc_copy_row_fn row, void *ud);
/* Column col of a binary result as `want` (pg_binary.c): the conversions
 * of the text path, from the binary forms. */
sc_status sc__pg_column_binary(sc_stmt *st, int col, sc_vtype want, sc_value *out);
/* The current row as sc_raw_col values (pg_binary.c; sc__pg_ops.raw_row). */
const void *sc__pg_raw_row(sc_stmt *st);
sc_status sc__pg_batch(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row, void *ud,
		       size_t *fail_item, int64_t *rows);

#endif
