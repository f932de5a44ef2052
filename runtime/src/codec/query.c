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
	switch (t) {
	case SC_COL_BOOL: return sizeof(bool);
	case SC_COL_INT16: return sizeof(int16_t);
	case SC_COL_INT32:
	case SC_COL_DATE: return sizeof(int32_t);
	case SC_COL_INT64:
	case SC_COL_TIMESTAMP:
	case SC_COL_TIME: return sizeof(int64_t);
	case SC_COL_DOUBLE: return sizeof(double);
	case SC_COL_TEXT:
	case SC_COL_DECIMAL:
	case SC_COL_JSON: return sizeof(char *);
	case SC_COL_BYTES: return sizeof(sc_bytes);
	case SC_COL_UUID: return sizeof(sc_uuid);
	case SC_COL_ENUM: return sizeof(int);
	}
	return 0;
}

sc_status sc__qval_from_c(sc_qval *v, const sc_column_meta *c, const void *p)
{
	memset(v, 0, sizeof *v);
	v->type = c->type;
	switch (c->type) {
	case SC_COL_BOOL: {
		bool x;
		memcpy(&x, p, sizeof x);
		v->i = x;
		return SC_OK;
	}
	case SC_COL_INT16: {
		int16_t x;
		memcpy(&x, p, sizeof x);
		v->i = x;
		return SC_OK;
	}
	case SC_COL_INT32:
	case SC_COL_DATE: {
		int32_t x;
		memcpy(&x, p, sizeof x);
		v->i = x;
		return SC_OK;
	}
	case SC_COL_INT64:
	case SC_COL_TIMESTAMP:
	case SC_COL_TIME:
		memcpy(&v->i, p, sizeof v->i);
		return SC_OK;
	case SC_COL_DOUBLE:
		memcpy(&v->d, p, sizeof v->d);
		return SC_OK;
	case SC_COL_UUID:
		memcpy(&v->u, p, sizeof v->u);
		return SC_OK;
	case SC_COL_TEXT:
	case SC_COL_DECIMAL:
	case SC_COL_JSON: {
		const char *s;
		memcpy(&s, p, sizeof s);
		if (!s) {
			v->null = true;
			return SC_OK;
		}
		v->slen = strlen(s);
		v->s = sc__strndup(s, v->slen);
		if (!v->s)
			return SC_NO_MEMORY;
		/* Decimals are stored canonically ("1.50"): compare in that form,
		 * or SQLite's text comparison would miss "1.5". */
		size_t need = v->slen + c->scale + 3;
		char *canon = c->type == SC_COL_DECIMAL ? malloc(need) : NULL;
		if (canon && sc_decimal_canonical(s, c->precision, c->scale, canon, need) == SC_OK) {
			free(v->s);
			v->s = canon;
			v->slen = strlen(canon);
		} else {
			free(canon);
		}
		return SC_OK;
	}
	case SC_COL_BYTES: {
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
	case SC_COL_ENUM: {
		int x;
		memcpy(&x, p, sizeof x);
		if (x < 1 || (unsigned)x > c->enum_count)
			return SC_INVALID_ARGUMENT;
		v->type = SC_COL_TEXT;
		v->slen = strlen(c->enum_names[x - 1]);
		v->s = sc__strndup(c->enum_names[x - 1], v->slen);
		return v->s ? SC_OK : SC_NO_MEMORY;
	}
	}
	return SC_INVALID_ARGUMENT;
}

void sc__qval_free(sc_qval *v)
{
	free(v->s);
	v->s = NULL;
}

sc_status sc__qval_bind(sc_stmt *st, int idx, const sc_qval *v)
{
	if (v->null)
		return sc_stmt_bind_null(st, idx);
	switch (v->type) {
	case SC_COL_BOOL: return sc_stmt_bind_bool(st, idx, v->i != 0);
	case SC_COL_INT16:
	case SC_COL_INT32:
	case SC_COL_INT64: return sc_stmt_bind_int64(st, idx, v->i);
	case SC_COL_DOUBLE: return sc_stmt_bind_double(st, idx, v->d);
	case SC_COL_TEXT:
	case SC_COL_DECIMAL:
	case SC_COL_JSON:
	case SC_COL_ENUM: return sc_stmt_bind_text(st, idx, v->s, v->slen);
	case SC_COL_BYTES: return sc_stmt_bind_blob(st, idx, v->s, v->slen);
	case SC_COL_UUID: return sc_stmt_bind_uuid(st, idx, &v->u);
	case SC_COL_TIMESTAMP: return sc_stmt_bind_timestamp(st, idx, v->i);
	case SC_COL_DATE: return sc_stmt_bind_date(st, idx, (int32_t)v->i);
	case SC_COL_TIME: return sc_stmt_bind_time(st, idx, v->i);
	}
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

void sc__array_param(sc_sbuf *b, sc_dialect d, const sc_qval *v, size_t n)
{
	bool pg = d == SC_DIALECT_POSTGRES;
	void (*str)(sc_sbuf *, const char *, size_t) = pg ? pg_elem : json_string;
	sc__sb_puts(b, pg ? "{" : "[");
	for (size_t i = 0; i < n; i++) {
		char tmp[SC_DATETIME_BUFSZ + SC_UUID_STRLEN];
		if (i)
			sc__sb_puts(b, ",");
		switch (v[i].type) {
		case SC_COL_BOOL:
			sc__sb_puts(b, pg ? (v[i].i ? "t" : "f") : (v[i].i ? "1" : "0"));
			break;
		case SC_COL_INT16:
		case SC_COL_INT32:
		case SC_COL_INT64:
			sc__sb_printf(b, "%lld", (long long)v[i].i);
			break;
		case SC_COL_TIMESTAMP:
			if (pg) {
				size_t k = sc_timestamp_format(v[i].i, tmp);
				str(b, tmp, k);
			} else {
				sc__sb_printf(b, "%lld", (long long)v[i].i);
			}
			break;
		case SC_COL_DATE: {
			size_t k = sc_date_format((int32_t)v[i].i, tmp);
			str(b, tmp, k);
			break;
		}
		case SC_COL_TIME:
			if (pg) {
				size_t k = sc_time_format(v[i].i, tmp);
				str(b, tmp, k);
			} else {
				sc__sb_printf(b, "%lld", (long long)v[i].i);
			}
			break;
		case SC_COL_DOUBLE:
			sc__sb_printf(b, "%.17g", v[i].d);
			break;
		case SC_COL_UUID:
			sc_uuid_format(&v[i].u, tmp);
			str(b, tmp, SC_UUID_STRLEN);
			break;
		default:
			str(b, v[i].s ? v[i].s : "", v[i].slen);
			break;
		}
	}
	sc__sb_puts(b, pg ? "}" : "]");
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
	bool ordered = c->type == SC_COL_INT16 || c->type == SC_COL_INT32 || c->type == SC_COL_INT64 ||
		       c->type == SC_COL_DOUBLE || c->type == SC_COL_TIMESTAMP ||
		       c->type == SC_COL_DATE || c->type == SC_COL_TIME || c->type == SC_COL_TEXT;
	switch (op) {
	case SC_OP_EQ:
	case SC_OP_NE: return c->type != SC_COL_JSON;
	case SC_OP_LT:
	case SC_OP_LE:
	case SC_OP_GT:
	case SC_OP_GE: return ordered;
	case SC_OP_IN: return c->type != SC_COL_JSON && c->type != SC_COL_BYTES;
	case SC_OP_LIKE:
	case SC_OP_ILIKE: return c->type == SC_COL_TEXT;
	case SC_OP_IS_NULL:
	case SC_OP_NOT_NULL: return (c->flags & SC_COLF_NULLABLE) != 0;
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
					       : "invalid value in a condition (NULL or unknown enum value)");
}

void sc_query_where_in(sc_query *q, unsigned col, const void *values, size_t n)
{
	if (!q || !col_ok(q, col, SC_OP_IN))
		return;
	if (n && !values) {
		fail(q, SC_INVALID_ARGUMENT, "IN without values");
		return;
	}
	sc_qnode *nd = push(q, SC_QN_COND);
	if (!nd)
		return;
	nd->col = col;
	nd->op = SC_OP_IN;
	if (n == 0)
		return;
	nd->in = calloc(n, sizeof *nd->in);
	if (!nd->in) {
		fail(q, SC_NO_MEMORY, "out of memory building the query");
		return;
	}
	const sc_column_meta *c = &q->m->cols[col];
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
