/* Query builder: records conditions, ordering and paging (see query.h);
 * SQL is rendered at execution (query_exec.c). */
#include "codec/codec.h"
#include <schemac/values.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sc__sb_put(sc_sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d) {
			b->oom = true;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void sc__sb_puts(sc_sbuf *b, const char *s)
{
	sc__sb_put(b, s, strlen(s));
}

void sc__sb_printf(sc_sbuf *b, const char *fmt, ...)
{
	/* Short pieces format on the stack; longer ones (no cap) on the heap. */
	char tmp[256];
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof tmp) {
		sc__sb_put(b, tmp, (size_t)n);
	} else {
		char *big = n < 0 ? NULL : malloc((size_t)n + 1);
		if (big && vsnprintf(big, (size_t)n + 1, fmt, again) == n)
			sc__sb_put(b, big, (size_t)n);
		else
			b->oom = true;
		free(big);
	}
	va_end(again);
}

size_t sc__col_c_size(sc_col_type t)
{
	return sc__col(t)->size;
}

/* ---- a value from a member: from_<TYPE>(v, c, p) ----------------------
 * Values are held in i (integers, bool, date and time types) or d (double);
 * the shape decides except for decimals. */
#define FROM_FN(T) static sc_status from_##T(sc_qval *v, const sc_column_meta *c, const void *p)
static void set_number_i(sc_qval *v, int64_t x) { v->i = x; }
static void set_number_d(sc_qval *v, double x) { v->d = x; }
#define FROM_SHAPE_VALUE(T, ctype)                                              \
	FROM_FN(T)                                                              \
	{                                                                       \
		(void)c;                                                        \
		ctype x;                                                        \
		memcpy(&x, p, sizeof x);                                        \
		_Generic(x, double: set_number_d, default: set_number_i)(v, x); \
		return SC_OK;                                                   \
	}
#define FROM_SHAPE_UUID(T, ctype)              \
	FROM_FN(T)                             \
	{                                      \
		(void)c;                       \
		memcpy(&v->u, p, sizeof v->u); \
		return SC_OK;                  \
	}
#define FROM_SHAPE_TEXT(T, ctype) /* per type, below */
#define FROM_SHAPE_BYTES(T, ctype) \
	FROM_FN(T) { (void)c; return from_bytes(v, p); }
#define FROM_SHAPE_ENUM(T, ctype) \
	FROM_FN(T) { return from_enum(v, c, p); }

static sc_status from_text(sc_qval *v, const void *p)
{
	const char *s;
	memcpy(&s, p, sizeof s);
	if (!s) {
		v->null = true;
		return SC_OK;
	}
	v->slen = strlen(s);
	v->s = sc__strndup(s, v->slen);
	return v->s ? SC_OK : SC_NO_MEMORY;
}

static sc_status from_bytes(sc_qval *v, const void *p)
{
	sc_bytes b;
	memcpy(&b, p, sizeof b);
	if (!b.data) {
		v->null = true;
		return SC_OK;
	}
	v->s = malloc(b.len ? b.len : 1);
	if (!v->s)
		return SC_NO_MEMORY;
	if (b.len)
		memcpy(v->s, b.data, b.len);
	v->slen = b.len;
	return SC_OK;
}

/* Enums are bound as their SQL text. */
static sc_status from_enum(sc_qval *v, const sc_column_meta *c, const void *p)
{
	int x;
	memcpy(&x, p, sizeof x);
	if (x < 1 || (unsigned)x > c->enum_count)
		return SC_INVALID_ARGUMENT;
	v->type = SC_COL_TEXT;
	v->slen = strlen(c->enum_names[x - 1]);
	v->s = sc__strndup(c->enum_names[x - 1], v->slen);
	return v->s ? SC_OK : SC_NO_MEMORY;
}

/* Arrays are no filter value (their ops are none). */
#define FROM_SHAPE_ARRAY(T, ctype) \
	FROM_FN(T) { (void)v, (void)c, (void)p; return SC_INVALID_ARGUMENT; }
#define FROM_SHAPE(T, value, ctype, codec, shape, ops) FROM_SHAPE_##shape(T, ctype)
SC_COL_TYPE_MAP(FROM_SHAPE)

FROM_FN(TEXT)
{
	(void)c;
	return from_text(v, p);
}

/* Only JSON filters take a json value: one the column could hold. */
FROM_FN(JSON)
{
	sc_status rc = from_TEXT(v, c, p);
	if (rc == SC_OK && !v->null && !sc_json_valid(v->s, v->slen))
		rc = SC_INVALID_ARGUMENT;
	return rc;
}

/* Decimals are stored canonically ("1.50"): compare in that form, or
 * SQLite's text comparison would miss "1.5". A value outside the column's
 * range stays as given (lt/gt compare it as a number on both databases);
 * text that is no number is refused, as PostgreSQL would refuse it. */
FROM_FN(DECIMAL)
{
	sc_status rc = from_text(v, p);
	if (rc != SC_OK || v->null)
		return rc;
	size_t need = v->slen + c->scale + 3;
	char *canon = malloc(need);
	if (canon && sc_decimal_canonical(v->s, c->precision, c->scale, canon, need) == SC_OK) {
		free(v->s);
		v->s = canon;
		v->slen = strlen(canon);
	} else {
		free(canon);
		if (!canon)
			return SC_NO_MEMORY;
		if (sc_decimal_canonical(v->s, 0, 0, NULL, 0) != SC_OK)
			return SC_INVALID_ARGUMENT;
	}
	return SC_OK;
}

sc_status sc__qval_from_c(sc_qval *v, const sc_column_meta *c, const void *p)
{
	memset(v, 0, sizeof *v);
	v->type = c->type;
#define SC_COL_JOB(T) from_##T(v, c, p)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return SC_INVALID_ARGUMENT;
}

void sc__qval_free(sc_qval *v)
{
	free(v->s);
	v->s = NULL;
}

/* ---- binding a value: qbind_<TYPE>(st, idx, v) -------------------------
 * By the table's codec, as the row codec binds the member. */
#define QBIND_FN(T) static sc_status qbind_##T(sc_stmt *st, int idx, const sc_qval *v)
#define QBIND_SHAPE_VALUE(T, ctype, bind) \
	QBIND_FN(T) { return bind(st, idx, (ctype)_Generic((ctype)0, double: v->d, default: v->i)); }
#define QBIND_SHAPE_UUID(T, ctype, bind) \
	QBIND_FN(T) { return bind(st, idx, &v->u); }
#define QBIND_SHAPE_TEXT(T, ctype, bind) \
	QBIND_FN(T) { return sc_stmt_bind_text(st, idx, v->s, v->slen); }
#define QBIND_SHAPE_BYTES(T, ctype, bind) \
	QBIND_FN(T) { return bind(st, idx, v->s, v->slen); }
#define QBIND_SHAPE_ENUM QBIND_SHAPE_TEXT
#define QBIND_SHAPE_ARRAY(T, ctype, bind) \
	QBIND_FN(T) { (void)st, (void)idx, (void)v; return SC_INVALID_ARGUMENT; }
#define QBIND_SHAPE(T, value, ctype, codec, shape, ops) QBIND_SHAPE_##shape(T, ctype, sc_stmt_bind_##codec)
SC_COL_TYPE_MAP(QBIND_SHAPE)

sc_status sc__qval_bind(sc_stmt *st, int idx, const sc_qval *v)
{
	if (v->null)
		return sc_stmt_bind_null(st, idx);
#define SC_COL_JOB(T) qbind_##T(st, idx, v)
	SC_COL_DISPATCH(v->type)
#undef SC_COL_JOB
	return SC_INVALID_ARGUMENT;
}

/* One array element in PostgreSQL array-literal quoting. */
static void pg_elem(sc_sbuf *b, const char *s, size_t n)
{
	sc__sb_put(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			sc__sb_put(b, "\\", 1);
		sc__sb_put(b, s + i, 1);
	}
	sc__sb_put(b, "\"", 1);
}

static void json_string(sc_sbuf *b, const char *s, size_t n)
{
	sc__sb_put(b, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\') {
			sc__sb_put(b, "\\", 1);
			sc__sb_put(b, s + i, 1);
		} else if (ch < 0x20) {
			sc__sb_printf(b, "\\u%04x", ch);
		} else {
			sc__sb_put(b, s + i, 1);
		}
	}
	sc__sb_put(b, "\"", 1);
}

/* ---- one element of an IN list: elem_<TYPE>(b, pg, str, v) ----------
 * PostgreSQL array-literal text (pg) or a SQLite JSON array element, with
 * str quoting a string element for the one or the other. */
typedef void (*str_fn)(sc_sbuf *, const char *, size_t);
#define ELEM_FN(T) static void elem_##T(sc_sbuf *b, bool pg, str_fn str, const sc_qval *v)
#define ELEM_INTEGER(T)                                    \
	ELEM_FN(T)                                         \
	{                                                  \
		(void)pg, (void)str;                       \
		sc__sb_printf(b, "%lld", (long long)v->i); \
	}
/* PostgreSQL reads the text form; SQLite stores the number. */
#define ELEM_FORMATTED(T, format)                                  \
	ELEM_FN(T)                                                 \
	{                                                          \
		char tmp[SC_DATETIME_BUFSZ];                       \
		if (pg)                                            \
			str(b, tmp, format(v->i, tmp));            \
		else                                               \
			sc__sb_printf(b, "%lld", (long long)v->i); \
	}
#define ELEM_SHAPE_VALUE(T) /* per type, below */
#define ELEM_SHAPE_UUID(T)                    \
	ELEM_FN(T)                            \
	{                                     \
		(void)pg;                     \
		char tmp[SC_UUID_STRLEN + 1]; \
		sc_uuid_format(&v->u, tmp);   \
		str(b, tmp, SC_UUID_STRLEN);  \
	}
#define ELEM_SHAPE_TEXT(T)                         \
	ELEM_FN(T)                                 \
	{                                          \
		(void)pg;                          \
		str(b, v->s ? v->s : "", v->slen); \
	}
#define ELEM_SHAPE_BYTES ELEM_SHAPE_TEXT
#define ELEM_SHAPE_ENUM ELEM_SHAPE_TEXT
#define ELEM_SHAPE_ARRAY(T) \
	ELEM_FN(T) { (void)b, (void)pg, (void)str, (void)v; }
#define ELEM_SHAPE(T, value, ctype, codec, shape, ops) ELEM_SHAPE_##shape(T)
SC_COL_TYPE_MAP(ELEM_SHAPE)

ELEM_FN(BOOL)
{
	(void)str;
	sc__sb_puts(b, pg ? (v->i ? "t" : "f") : (v->i ? "1" : "0"));
}

ELEM_INTEGER(INT16)
ELEM_INTEGER(INT32)
ELEM_INTEGER(INT64)

ELEM_FN(DOUBLE)
{
	(void)pg, (void)str;
	sc__sb_printf(b, "%.17g", v->d);
}

ELEM_FORMATTED(TIMESTAMP, sc_timestamp_format)
ELEM_FORMATTED(TIME, sc_time_format)

/* A date is text on SQLite too. */
ELEM_FN(DATE)
{
	(void)pg;
	char tmp[SC_DATETIME_BUFSZ];
	str(b, tmp, sc_date_format((int32_t)v->i, tmp));
}

void sc__array_param(sc_sbuf *b, sc_dialect d, const sc_qval *v, size_t n)
{
	bool pg = d == SC_DIALECT_POSTGRES;
	str_fn str = pg ? pg_elem : json_string;
	sc__sb_puts(b, pg ? "{" : "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sc__sb_puts(b, ",");
#define SC_COL_JOB(T) elem_##T(b, pg, str, &v[i])
		SC_COL_DISPATCH_DO(v[i].type)
#undef SC_COL_JOB
	}
	sc__sb_puts(b, pg ? "}" : "]");
}

sc_status sc__array_param_of(sc_sbuf *b, sc_dialect d, const sc_column_meta *c, const void *values, size_t n)
{
	size_t sz = sc__col_c_size(c->type);
	sc_qval *vals = calloc(n ? n : 1, sizeof *vals);
	if (!vals)
		return SC_NO_MEMORY;
	sc_status rc = SC_OK;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		rc = sc__qval_from_c(&vals[i], c, (const unsigned char *)values + i * sz);
		if (rc == SC_OK && vals[i].null)
			rc = SC_INVALID_ARGUMENT; /* the elements of a list are never NULL */
	}
	if (rc == SC_OK) {
		sc__array_param(b, d, vals, n);
		if (b->oom)
			rc = SC_NO_MEMORY;
	}
	for (size_t i = 0; i < n; i++)
		sc__qval_free(&vals[i]);
	free(vals);
	return rc;
}

/* ---- building ----------------------------------------------------------- */

static void fail(sc_query *q, sc_status st, const char *msg)
{
	if (q->err == SC_OK) {
		q->err = st;
		q->errmsg = msg;
	}
}

static sc_qnode *push(sc_query *q, sc_qnode_kind kind)
{
	if (q->err != SC_OK)
		return NULL;
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		sc_qnode *nodes = realloc(q->nodes, cap * sizeof *nodes);
		if (!nodes) {
			fail(q, SC_NO_MEMORY, "out of memory building the query");
			return NULL;
		}
		q->nodes = nodes;
		q->cap = cap;
	}
	sc_qnode *nd = &q->nodes[q->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	return nd;
}

sc_query *sc_query_new(const sc_entity_meta *m)
{
	sc_query *q = calloc(1, sizeof *q);
	if (q)
		q->m = m;
	return q;
}

void sc_query_free(sc_query *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n; i++) {
		sc__qval_free(&q->nodes[i].v);
		for (size_t k = 0; k < q->nodes[i].nin; k++)
			sc__qval_free(&q->nodes[i].in[k]);
		free(q->nodes[i].in);
	}
	free(q->nodes);
	free(q->order);
	free(q->after);
	free(q->sel);
	free(q);
}

static void begin(sc_query *q, sc_qnode_kind k)
{
	if (q && push(q, k))
		q->depth++;
}

void sc_query_and_begin(sc_query *q) { begin(q, SC_QN_AND); }
void sc_query_or_begin(sc_query *q) { begin(q, SC_QN_OR); }
void sc_query_not_begin(sc_query *q) { begin(q, SC_QN_NOT); }

void sc_query_group_end(sc_query *q)
{
	if (!q)
		return;
	if (q->depth == 0) {
		fail(q, SC_INVALID_ARGUMENT, "sc_query_group_end without an open group");
		return;
	}
	if (push(q, SC_QN_END))
		q->depth--;
}

static bool op_allowed(const sc_column_meta *c, sc_op op)
{
	unsigned ops = sc__col(c->type)->ops;
	switch (op) {
	case SC_OP_EQ:
	case SC_OP_NE: return ops & SC_COL_OPS_EQ;
	case SC_OP_LT:
	case SC_OP_LE:
	case SC_OP_GT:
	case SC_OP_GE: return ops & SC_COL_OPS_ORDER;
	case SC_OP_IN: return ops & SC_COL_OPS_IN;
	case SC_OP_LIKE:
	case SC_OP_ILIKE: return ops & SC_COL_OPS_LIKE;
	case SC_OP_IS_NULL:
	case SC_OP_NOT_NULL: return (c->flags & SC_COLF_NULLABLE) != 0;
	case SC_OP_CONTAINS:
	case SC_OP_OVERLAPS: return c->type == SC_COL_ARRAY;
	case SC_OP_JSON_CONTAINS:
	case SC_OP_JSON_PATH_EQ: return ops & SC_COL_OPS_JSON;
	}
	return false;
}

static bool col_ok(sc_query *q, unsigned col, sc_op op)
{
	if (col >= q->m->ncols) {
		fail(q, SC_INVALID_ARGUMENT, "column index out of range");
		return false;
	}
	if (!op_allowed(&q->m->cols[col], op)) {
		fail(q, SC_INVALID_ARGUMENT, "operator not allowed for the column's type");
		return false;
	}
	return true;
}

void sc_query_where(sc_query *q, unsigned col, sc_op op, const void *value)
{
	if (!q || !col_ok(q, col, op))
		return;
	if (op == SC_OP_IN) {
		fail(q, SC_INVALID_ARGUMENT, "use sc_query_where_in for SC_OP_IN");
		return;
	}
	bool unary = op == SC_OP_IS_NULL || op == SC_OP_NOT_NULL;
	if (!unary && !value) {
		fail(q, SC_INVALID_ARGUMENT, "condition without a value");
		return;
	}
	sc_qnode *nd = push(q, SC_QN_COND);
	if (!nd)
		return;
	nd->col = col;
	nd->op = op;
	if (unary)
		return;
	sc_status rc = sc__qval_from_c(&nd->v, &q->m->cols[col], value);
	if (rc == SC_OK && nd->v.null)
		rc = SC_INVALID_ARGUMENT; /* NULL string: use is_null */
	if (rc != SC_OK)
		fail(q, rc, rc == SC_NO_MEMORY ? "out of memory building the query"
					       : "invalid value in a condition (NULL, unknown enum value, invalid JSON or decimal)");
}

static void where_list(sc_query *q, unsigned col, sc_op op, const void *values, size_t n);

void sc_query_where_in(sc_query *q, unsigned col, const void *values, size_t n)
{
	if (!q || !col_ok(q, col, SC_OP_IN))
		return;
	where_list(q, col, SC_OP_IN, values, n);
}

void sc_query_where_array(sc_query *q, unsigned col, sc_op op, const void *values, size_t n)
{
	if (!q || !col_ok(q, col, op))
		return;
	if (op != SC_OP_CONTAINS && op != SC_OP_OVERLAPS) {
		fail(q, SC_INVALID_ARGUMENT, "sc_query_where_array takes SC_OP_CONTAINS or SC_OP_OVERLAPS");
		return;
	}
	where_list(q, col, op, values, n);
}

/* The values of IN, or the elements of an array condition. */
static void where_list(sc_query *q, unsigned col, sc_op op, const void *values, size_t n)
{
	if (n && !values) {
		fail(q, SC_INVALID_ARGUMENT, "IN without values");
		return;
	}
	sc_qnode *nd = push(q, SC_QN_COND);
	if (!nd)
		return;
	nd->col = col;
	nd->op = op;
	if (n == 0)
		return;
	nd->in = calloc(n, sizeof *nd->in);
	if (!nd->in) {
		fail(q, SC_NO_MEMORY, "out of memory building the query");
		return;
	}
	sc_column_meta elem = q->m->cols[col];
	if (op != SC_OP_IN)
		elem.type = elem.elem; /* the values are elements of the array */
	const sc_column_meta *c = &elem;
	size_t sz = sc__col_c_size(c->type);
	for (size_t i = 0; i < n; i++) {
		sc_status rc = sc__qval_from_c(&nd->in[i], c, (const unsigned char *)values + i * sz);
		nd->nin = i + 1;
		if (rc == SC_OK && nd->in[i].null)
			rc = SC_INVALID_ARGUMENT;
		if (rc != SC_OK) {
			fail(q, rc, "invalid value in IN (NULL or unknown enum value)");
			return;
		}
	}
}

void sc_query_order_by(sc_query *q, unsigned col, bool desc)
{
	if (!q || q->err != SC_OK)
		return;
	if (col >= q->m->ncols) {
		fail(q, SC_INVALID_ARGUMENT, "order by: column index out of range");
		return;
	}
	if (q->norder == q->ocap) {
		size_t cap = q->ocap ? q->ocap * 2 : 4;
		sc_qorder *o = realloc(q->order, cap * sizeof *o);
		if (!o) {
			fail(q, SC_NO_MEMORY, "out of memory building the query");
			return;
		}
		q->order = o;
		q->ocap = cap;
	}
	q->order[q->norder].col = col;
	q->order[q->norder].desc = desc;
	q->norder++;
}

void sc_query_limit(sc_query *q, int64_t limit)
{
	if (!q)
		return;
	if (limit < 0)
		fail(q, SC_INVALID_ARGUMENT, "negative limit");
	else
		q->limit = limit;
}

void sc_query_offset(sc_query *q, int64_t offset)
{
	if (!q)
		return;
	if (offset < 0)
		fail(q, SC_INVALID_ARGUMENT, "negative offset");
	else
		q->offset = offset;
}

void sc_query_after(sc_query *q, const char *cursor)
{
	if (!q)
		return;
	free(q->after);
	q->after = NULL;
	if (cursor && !(q->after = sc__strdup(cursor)))
		fail(q, SC_NO_MEMORY, "out of memory building the query");
}

void sc_query_with_deleted(sc_query *q, bool on)
{
	if (q)
		q->with_deleted = on;
}

void sc_query_all(sc_query *q)
{
	if (q)
		q->all = true;
}
