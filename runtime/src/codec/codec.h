/*
 * runtime/src/codec: entities to and from SQL. Owns the row codec behind
 * generated code (rowcodec*.c: CRUD, keys and the row cache, COPY-based
 * insert_many, fakes), the query builder (query.c, query_exec.c), batch
 * execution (batch.c), the SQLite @tenant rule (tenant.c) and the per-type
 * facts and dispatch of the type table SC_COL_TYPE_MAP (coltype.h).
 * May include: core/, backend/ (the sc_backend_ops interface only, never a
 * backend by name) and base/. Never migrate/. Not installed.
 */
#ifndef SC_CODEC_CODEC_H
#define SC_CODEC_CODEC_H

#include "core/core.h"
#include <schemac/query.h>
#include <schemac/rowread.h>
#include "codec/coltype.h"

/* A value to bind. Enums are held as their SQL text (type SC_COL_TEXT). */
typedef struct sc_qval {
	sc_col_type type;
	bool null;
	int64_t i;   /* bool, ints, timestamp, date */
	double d;
	char *s;     /* text-like and bytes (malloc'd) */
	size_t slen;
	sc_uuid u;
} sc_qval;

typedef enum { SC_QN_COND, SC_QN_AND, SC_QN_OR, SC_QN_NOT, SC_QN_END } sc_qnode_kind;

typedef struct sc_qnode {
	sc_qnode_kind kind;
	unsigned col;
	sc_op op;
	sc_qval v;
	sc_qval *in; /* SC_OP_IN values */
	size_t nin;
} sc_qnode;

typedef struct sc_qorder {
	unsigned col;
	bool desc;
} sc_qorder;

struct sc_query {
	const sc_entity_meta *m;
	sc_qnode *nodes;
	size_t n, cap;
	int depth;
	sc_qorder *order;
	size_t norder, ocap;
	int64_t limit, offset;
	char *after;
	bool with_deleted;
	bool all;          /* sc_query_all: update_where/delete_where may match every row */
	bool *sel;         /* sc_query_select: the columns read (m->ncols); NULL: all */
	sc_status err;     /* first error while building */
	const char *errmsg;
};

/* Growable string with an out-of-memory flag. */
typedef struct sc_sbuf {
	char *data;
	size_t len, cap;
	bool oom;
} sc_sbuf;

void sc__sb_put(sc_sbuf *b, const char *s, size_t n);
void sc__sb_puts(sc_sbuf *b, const char *s);
void sc__sb_printf(sc_sbuf *b, const char *fmt, ...) SC_PRINTF(2, 3);

/* The change values of a write (change_values.c): every column of new_row
 * (insert) or old (delete), or the columns that differ between them
 * (update); @sensitive masked; texts in a. */
sc_status sc__change_values(const sc_entity_meta *m, const void *old, const void *new_row, sc_arena *a,
			    sc_change_value **out, size_t *n);
/* sc_row_notify with those values (either row may be NULL, not both). */
sc_status sc__notify_values(sc_conn *conn, const sc_entity_meta *m, const void *old, const void *new_row,
			    sc_change_op op);

/* The events of a bulk write with values: the rows returned (rows, n; a
 * DELETE's are the old rows) paired by primary key with the rows read
 * before (old, nold; NULL for a DELETE). */
sc_status sc__notify_values_many(sc_conn *conn, const sc_entity_meta *m, sc_change_op op, const void *old,
				 size_t nold, const void *rows, size_t n);

/* The select list of a projection (projection.c): every column in member
 * order, NULL in the place of a column not in `in`. */
void sc__select_list(sc_sbuf *b, const sc_entity_meta *m, const bool *in);
/* A query's filter shape (query_texts.c): the words that decide its SQL
 * text, on the stack while few. */
typedef struct sc_qshape {
	uint32_t *w;
	size_t n, cap;
	bool oom;
	uint32_t stack[64];
} sc_qshape;

/* Texts kept per connection; past it the set starts over (the texts are
 * made again as they are used: slower, never wrong). */
#define SC_QUERY_TEXTS_MAX 256

void sc__qshape_init(sc_qshape *s);
void sc__qshape_add(sc_qshape *s, uint32_t w);
void sc__qshape_free(sc_qshape *s);
/* The kept text of shape s for m on conn, or NULL. */
const char *sc__query_text_find(sc_conn *conn, const sc_entity_meta *m, const sc_qshape *s);
/* Keep sql (malloc'd) as the text of s: true when the connection now owns
 * it, false (out of memory) when it is still the caller's. */
bool sc__query_text_keep(sc_conn *conn, const sc_entity_meta *m, const sc_qshape *s, char *sql);

/* Value of column c from a pointer to its C value (see sc_query_where). */
sc_status sc__qval_from_c(sc_qval *v, const sc_column_meta *c, const void *p);
void sc__qval_free(sc_qval *v);
size_t sc__col_c_size(sc_col_type t);
sc_status sc__qval_bind(sc_stmt *st, int idx, const sc_qval *v);
/* st's rows streaming into one reused row and arena, each given to fn;
 * at most limit rows (<= 0: all); st reset at the end (query_read.c). */
sc_status sc__stmt_stream(sc_stmt *st, const sc_entity_meta *m, int64_t limit, sc_query_row_fn fn, void *ud);
/* PostgreSQL array literal or SQLite JSON array of the values. */
void sc__array_param(sc_sbuf *b, sc_dialect d, const sc_qval *v, size_t n);
/* The same from n C values of column c (members of its C type, packed):
 * SC_INVALID_ARGUMENT for a NULL element, SC_NO_MEMORY; b->data is the
 * caller's to free either way. */
sc_status sc__array_param_of(sc_sbuf *b, sc_dialect d, const sc_column_meta *c, const void *values, size_t n);

/* insert_many through COPY on PostgreSQL when sql is a plain INSERT
 * (rowcodec_copy.c). *used false: not applicable, nothing was sent; the
 * caller runs the INSERTs. Runs inside the caller's transaction. */
sc_status sc__row_copy_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, void *rows, size_t n,
			    const unsigned *params, size_t nparams, const unsigned *ret_cols, size_t nret,
			    bool *used);

/* The rows of a COPY: n rows of m at rows, columns cols[0..ncols). */
typedef struct sc_copy_rows {
	const sc_entity_meta *m;
	unsigned char *rows;
	const unsigned *cols;
	size_t ncols;
} sc_copy_rows;

/* Binary COPY (rowcodec_copybin.c): can every column be sent in binary
 * (its PostgreSQL type the one of its C type, every decimal of the n rows
 * encodable); row i's tuple (an sc_copy_row_fn, ud an sc_copy_rows). */
bool sc__row_copy_binary_ok(const sc_entity_meta *m, const unsigned *cols, size_t ncols, const void *rows, size_t n);
sc_status sc__row_copy_binary_row(sc_conn *conn, size_t i, sc_bytebuf *b, void *ud);

/* @tenant on SQLite (tenant.c): does m need the tenant condition on conn;
 * the transaction's tenant as a value of the key's type (null: none);
 * the error of an upsert that met another tenant's row (item: of a batch,
 * (size_t)-1 for none). */
bool sc__tenant_applies(sc_conn *conn, const sc_entity_meta *m);
/* Read the current row of st into a new zeroed row at the end of *rows
 * (n rows of cap, grown by realloc; strings in mem). */
sc_status sc__row_read_append(sc_stmt *st, const sc_entity_meta *m, sc_arena *mem, unsigned char **rows, size_t *n,
			      size_t *cap);
/* update_fields' column list check (update_sql.c): cols validated, into
 * key (member order, updated_at dropped), in: m->ncols scratch flags. */
sc_status sc__update_set_columns(sc_conn *conn, const sc_entity_meta *m, const void *row, const void *cols,
				 size_t ncols, bool *in, unsigned *key, size_t *nset);
/* Validate member i of row as sc_row_check does (rowcodec.c). */
sc_status sc__row_check_col(sc_conn *conn, const sc_entity_meta *m, const void *row, unsigned i);
sc_status sc__tenant_value(sc_conn *conn, const sc_entity_meta *m, sc_qval *out);
sc_status sc__tenant_conflict(sc_conn *conn, const sc_entity_meta *m, size_t item);
/* The WITH CHECK refusal of a row written for m (SC_PERMISSION_DENIED). */
sc_status sc__tenant_denied(sc_conn *conn, const sc_entity_meta *m);

#endif
