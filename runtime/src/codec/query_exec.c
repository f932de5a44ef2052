/* Query execution: renders a query's SQL from constant fragments and the
 * entity metadata, binds its values, reads pages and makes keyset cursors.
 *
 * Keyset pagination: the ordering is the caller's columns followed by the
 * primary key columns not already in it, so it is total. A cursor holds a
 * signature of that ordering and the sort-key values of the page's last
 * row; the next page starts with the row-value comparison "after those
 * values", expanded per column so mixed directions and NULLs (last when
 * ascending, first when descending, on both databases) work. */
#include "codec/codec.h"
#include <schemac/values.h>
#include <schemac/datetime.h>

#include <stdlib.h>
#include <string.h>


typedef struct sortkey {
	unsigned col;
	bool desc;
} sortkey;

/* Parameters collected while rendering, bound in order after prepare. */
typedef struct params {
	const sc_qval *v[SC_QUERY_MAX_PARAMS];
	sc_qval own[SC_QUERY_MAX_PARAMS]; /* values made while rendering (each is bound) */
	size_t n, nown;
	bool overflow;
} params;

static int add_param(params *p, const sc_qval *v)
{
	if (p->n == sizeof p->v / sizeof p->v[0]) {
		p->overflow = true;
		return 1;
	}
	p->v[p->n++] = v;
	return (int)p->n;
}

static sc_qval *own_val(params *p)
{
	if (p->nown == sizeof p->own / sizeof p->own[0]) {
		p->overflow = true;
		return &p->own[0];
	}
	sc_qval *v = &p->own[p->nown++];
	memset(v, 0, sizeof *v);
	return v;
}

static void params_free(params *p)
{
	for (size_t i = 0; i < p->nown; i++)
		sc__qval_free(&p->own[i]);
}

/* The ordering made total by the primary key; *too_many when the distinct
 * keys do not fit in SC_QUERY_MAX_SORT_KEYS (the query is then refused). */
static size_t sort_keys(const sc_entity_meta *m, const sc_query *q, sortkey *k, bool *too_many)
{
	size_t n = 0;
	*too_many = false;
	for (size_t i = 0; q && i < q->norder; i++) {
		bool dup = false;
		for (size_t j = 0; j < n; j++)
			dup |= k[j].col == q->order[i].col;
		if (!dup && n == SC_QUERY_MAX_SORT_KEYS)
			*too_many = true;
		else if (!dup) {
			k[n].col = q->order[i].col;
			k[n].desc = q->order[i].desc;
			n++;
		}
	}
	for (unsigned i = 0; i < m->npk; i++) {
		bool dup = false;
		for (size_t j = 0; j < n; j++)
			dup |= k[j].col == m->pk[i];
		if (!dup && n == SC_QUERY_MAX_SORT_KEYS)
			*too_many = true;
		else if (!dup) {
			k[n].col = m->pk[i];
			k[n].desc = false;
			n++;
		}
	}
	return n;
}

static uint32_t order_signature(const sc_entity_meta *m, const sortkey *k, size_t n)
{
	uint32_t h = 2166136261u;
	for (const char *s = m->table; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	for (size_t i = 0; i < n; i++) {
		h = (h ^ (k[i].col & 0xffu)) * 16777619u;
		h = (h ^ (k[i].desc ? 1u : 2u)) * 16777619u;
	}
	return h;
}

/* ---- cursor encoding (base64url of a binary record) ----------------------- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The n bytes at p in base64url (no padding), NUL-terminated, in mem;
 * NULL when out of memory. Written in place: a cursor is made per page. */
static char *b64_encode(sc_arena *mem, const unsigned char *p, size_t n)
{
	char *out = sc__arena_alloc_raw(mem, (n + 2) / 3 * 4 + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char c[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63]};
		size_t k = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;
		memcpy(o, c, k);
		o += k;
	}
	*o = '\0';
	return out;
}

/* The value of base64url digit ch, or -1. */
static int b64_value(unsigned char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	return ch == '-' ? 62 : ch == '_' ? 63 : -1;
}

/* Decode s into out, allocated once (a cursor is read per page). */
static bool b64_decode(sc_sbuf *out, const char *s)
{
	size_t n = strlen(s);
	out->data = malloc(n / 4 * 3 + 3);
	if (!out->data)
		return false;
	out->cap = n / 4 * 3 + 3;
	uint32_t acc = 0;
	int bits = 0;
	for (; *s; s++) {
		int d = b64_value((unsigned char)*s);
		if (d < 0)
			return false;
		acc = (acc << 6) | (uint32_t)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out->data[out->len++] = (char)((acc >> bits) & 0xff);
		}
	}
	return true;
}

static void put_u64(sc_sbuf *b, uint64_t v)
{
	unsigned char x[8];
	for (int i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	sc__sb_put(b, (const char *)x, 8);
}

static bool get_u64(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	if (end - *p < 8)
		return false;
	*v = 0;
	for (int i = 0; i < 8; i++)
		*v |= (uint64_t)(*p)[i] << (8 * i);
	*p += 8;
	return true;
}

/* Storage class used in cursors: enums and text-shaped types travel as
 * text. */
static sc_col_type cursor_type(sc_col_type t)
{
	sc_col_shape s = sc__col(t)->shape;
	return s == SC_COL_SHAPE_TEXT || s == SC_COL_SHAPE_ENUM ? SC_COL_TEXT : t;
}

/* ---- a sort key into the cursor: cput_<TYPE>(st, col, raw) -------------
 * Values as 8 bytes (a double's bits), uuids as 16, text and bytes as a
 * length and the bytes; the shape decides. */
#define CPUT_FN(T) static sc_status cput_##T(sc_stmt *st, int col, sc_sbuf *raw)
static uint64_t bits_i(int64_t v) { return (uint64_t)v; }
static uint64_t bits_d(double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	return bits;
}
#define CPUT_SHAPE_VALUE(T, ctype, column)                                     \
	CPUT_FN(T)                                                             \
	{                                                                      \
		ctype v = 0;                                                   \
		sc_status rc = column(st, col, &v);                            \
		put_u64(raw, _Generic(v, double: bits_d, default: bits_i)(v)); \
		return rc;                                                     \
	}
#define CPUT_SHAPE_UUID(T, ctype, column)                   \
	CPUT_FN(T)                                          \
	{                                                   \
		ctype v;                                    \
		memset(&v, 0, sizeof v);                    \
		sc_status rc = column(st, col, &v);         \
		sc__sb_put(raw, (const char *)v.bytes, 16); \
		return rc;                                  \
	}
#define CPUT_SHAPE_TEXT(T, ctype, column) \
	CPUT_FN(T) { return cput_text(st, col, raw, false); }
#define CPUT_SHAPE_ENUM CPUT_SHAPE_TEXT
#define CPUT_SHAPE_BYTES(T, ctype, column) \
	CPUT_FN(T) { return cput_text(st, col, raw, true); }

static sc_status cput_text(sc_stmt *st, int col, sc_sbuf *raw, bool bytes)
{
	const void *p = NULL;
	size_t n = 0;
	sc_status rc = bytes ? sc_stmt_column_blob(st, col, &p, &n)
			     : sc_stmt_column_text(st, col, (const char **)&p, &n);
	put_u64(raw, n);
	if (n)
		sc__sb_put(raw, p, n);
	return rc;
}

/* Arrays are no sort key (their ops are none): never reached. */
#define CPUT_SHAPE_ARRAY(T, ctype, column) \
	CPUT_FN(T) { (void)st, (void)col, (void)raw; return SC_INVALID_ARGUMENT; }
#define CPUT_SHAPE(T, value, ctype, codec, shape, ops) CPUT_SHAPE_##shape(T, ctype, sc_stmt_column_##codec)
SC_COL_TYPE_MAP(CPUT_SHAPE)

static sc_status make_cursor(sc_stmt *st, const sc_entity_meta *m, const sortkey *k, size_t nk,
			     sc_arena *mem, char **out)
{
	sc_sbuf raw = {0};
	uint32_t sig = order_signature(m, k, nk);
	sc__sb_put(&raw, "\x01", 1);
	const unsigned char sigb[4] = {(unsigned char)sig, (unsigned char)(sig >> 8),
				       (unsigned char)(sig >> 16), (unsigned char)(sig >> 24)};
	sc__sb_put(&raw, (const char *)sigb, 4);
	sc_status rc = SC_OK;
	for (size_t i = 0; i < nk && rc == SC_OK; i++) {
		int col = (int)k[i].col;
		const sc_column_meta *c = &m->cols[k[i].col];
		bool null = sc_stmt_column_is_null(st, col);
		sc__sb_put(&raw, null ? "\0" : "\1", 1);
		if (null)
			continue;
#define SC_COL_JOB(T) rc = cput_##T(st, col, &raw)
		SC_COL_DISPATCH_DO(cursor_type(c->type))
#undef SC_COL_JOB
	}
	if (rc == SC_OK && raw.oom)
		rc = SC_NO_MEMORY;
	if (rc == SC_OK && !(*out = b64_encode(mem, (const unsigned char *)raw.data, raw.len)))
		rc = SC_NO_MEMORY;
	free(raw.data);
	return rc;
}

/* PostgreSQL's range for timestamptz / date, in the runtime's units (µs and
 * days since 1970-01-01); the extremes of the C types stand for -infinity
 * and infinity. A cursor value outside it was not made by us. */
#define PG_MIN_TIMESTAMP_US INT64_C(-210866803200000000) /* 4714-11-24 BC */
#define PG_MIN_DATE_DAYS (-2440588)                       /* 4714-11-24 BC */
#define PG_MAX_DATE_DAYS 2145042905                       /* 5874897-12-31 */

/* ---- a decoded cursor value is one the column can hold --------------
 * cursor_ok_<TYPE>(c, v): checked so that a tampered cursor is
 * SC_INVALID_ARGUMENT on both databases, before the server could answer
 * with a data error (or SQLite accept it). */
#define CURSOR_OK_FN(T) static bool cursor_ok_##T(const sc_column_meta *c, const sc_qval *v)
/* Any bits are a value. */
#define CURSOR_OK_ANY(T) \
	CURSOR_OK_FN(T) { (void)c, (void)v; return true; }
#define CURSOR_OK_RANGE(T, lo, hi) \
	CURSOR_OK_FN(T) { (void)c; return v->i >= (lo) && v->i <= (hi); }

CURSOR_OK_RANGE(BOOL, 0, 1)
CURSOR_OK_RANGE(INT16, INT16_MIN, INT16_MAX)
CURSOR_OK_RANGE(INT32, INT32_MIN, INT32_MAX)
CURSOR_OK_ANY(INT64)
CURSOR_OK_ANY(DOUBLE)
CURSOR_OK_ANY(UUID)
CURSOR_OK_ANY(BYTES)
CURSOR_OK_RANGE(TIME, 0, SC_TIME_MAX)

CURSOR_OK_FN(TIMESTAMP)
{
	(void)c;
	return v->i == INT64_MIN || v->i >= PG_MIN_TIMESTAMP_US;
}

CURSOR_OK_FN(DATE)
{
	(void)c;
	return v->i == INT32_MIN || v->i == INT32_MAX || (v->i >= PG_MIN_DATE_DAYS && v->i <= PG_MAX_DATE_DAYS);
}

CURSOR_OK_FN(TEXT)
{
	return !memchr(v->s, '\0', v->slen) && sc_utf8_valid(v->s, v->slen) &&
	       (!c->max_len || sc_utf8_length(v->s) <= c->max_len);
}

CURSOR_OK_FN(ENUM)
{
	for (unsigned e = 0; e < c->enum_count; e++)
		if (!strcmp(v->s, c->enum_names[e]) && strlen(v->s) == v->slen)
			return true;
	return false;
}

CURSOR_OK_FN(DECIMAL)
{
	return !memchr(v->s, '\0', v->slen) && sc_decimal_canonical(v->s, c->precision, c->scale, NULL, 0) == SC_OK;
}

CURSOR_OK_FN(JSON)
{
	(void)c;
	return sc_utf8_valid(v->s, v->slen) && sc_json_valid(v->s, v->slen);
}

CURSOR_OK_FN(ARRAY)
{
	(void)c, (void)v;
	return false;
}

static bool cursor_value_ok(const sc_column_meta *c, const sc_qval *v)
{
#define SC_COL_JOB(T) cursor_ok_##T(c, v)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return true;
}

/* One cursor value of the given cursor type from q (see cput_*); false
 * when the record is cut short. */
static bool cget(sc_qval *v, const unsigned char **q, const unsigned char *end, sc_status *rc)
{
	uint64_t x;
	switch (sc__col(v->type)->shape) {
	case SC_COL_SHAPE_UUID:
		if (end - *q < 16)
			return false;
		memcpy(v->u.bytes, *q, 16);
		*q += 16;
		return true;
	case SC_COL_SHAPE_TEXT:
	case SC_COL_SHAPE_BYTES:
	case SC_COL_SHAPE_ENUM:
		if (!get_u64(q, end, &x) || (uint64_t)(end - *q) < x)
			return false;
		v->s = malloc((size_t)x + 1);
		if (!v->s) {
			*rc = SC_NO_MEMORY;
			return false;
		}
		memcpy(v->s, *q, (size_t)x);
		v->s[x] = '\0';
		v->slen = (size_t)x;
		*q += x;
		return true;
	case SC_COL_SHAPE_VALUE:
		if (!get_u64(q, end, &x))
			return false;
		if (sc__col(v->type)->floating)
			memcpy(&v->d, &x, sizeof x);
		else
			v->i = (int64_t)x;
		return true;
	case SC_COL_SHAPE_ARRAY:
		return false;
	}
	return false;
}

/* Decode a cursor into one value per sort key (own_val slots of p). */
static sc_status parse_cursor(const char *cursor, const sc_entity_meta *m, const sortkey *k,
			      size_t nk, params *p, sc_qval **vals)
{
	sc_sbuf raw = {0};
	sc_status rc = SC_INVALID_ARGUMENT;
	if (!b64_decode(&raw, cursor) || raw.len < 5 || raw.data[0] != 1)
		goto out;
	const unsigned char *q = (const unsigned char *)raw.data + 1, *end = q + raw.len - 1;
	uint32_t sig = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
	q += 4;
	if (sig != order_signature(m, k, nk))
		goto out;
	for (size_t i = 0; i < nk; i++) {
		sc_qval *v = own_val(p);
		vals[i] = v;
		if (q >= end)
			goto out;
		v->type = cursor_type(m->cols[k[i].col].type);
		v->null = *q++ == 0;
		if (v->null)
			continue;
		if (!cget(v, &q, end, &rc) || !cursor_value_ok(&m->cols[k[i].col], v))
			goto out;
	}
	if (q == end)
		rc = SC_OK;
out:
	free(raw.data);
	return rc;
}

/* ---- rendering -------------------------------------------------------- */

typedef struct render {
	const sc_entity_meta *m;
	sc_dialect d;
	sc_sbuf sql;
	params *p;
	sc_status err;
	const char *errmsg;
	int base;       /* parameters before the query's own (bulk writes: the SET values) */
	bool live_only; /* soft-deleted rows excluded even with with_deleted (delete_where) */
	bool text;      /* write the text; false: the connection keeps it, only
			 * the parameters are collected (query_texts.c) */
} render;

static void put(render *r, const char *s)
{
	if (r->text)
		sc__sb_puts(&r->sql, s);
}

/* "$n" without formatting through printf. */
static void put_param_number(render *r, unsigned long n)
{
	char tmp[24], *e = tmp + sizeof tmp, *p = e;
	*--p = '\0';
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	*--p = '$';
	put(r, p);
}

static void param_ref(render *r, const sc_qval *v)
{
	int n = add_param(r->p, v);
	if (r->text)
		put_param_number(r, (unsigned long)(r->base + n));
}

/* One escape character for like/ilike on both databases, backslash:
 * SQLite has none by default. E'' keeps it a backslash on PostgreSQL
 * whatever standard_conforming_strings says. */
static void like_escape(render *r)
{
	put(r, r->d == SC_DIALECT_POSTGRES ? " ESCAPE E'\\\\'" : " ESCAPE '\\'");
}

/* contains / overlaps on an array column, v its values as one array
 * parameter: PostgreSQL's operators, or on SQLite json_each over both JSON
 * arrays (the column qualified by its table: json_each has columns of its
 * own, `value` among them). */
static void array_cond(render *r, const sc_qnode *nd, const sc_column_meta *c, const sc_qval *v)
{
	bool contains = nd->op == SC_OP_CONTAINS;
	if (r->d == SC_DIALECT_POSTGRES) {
		put(r, c->name);
		put(r, contains ? " @> " : " && ");
		param_ref(r, v);
		return;
	}
	if (contains) {
		put(r, "(");
		put(r, r->m->table_sql);
		put(r, ".");
		put(r, c->name);
		put(r, " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(");
		param_ref(r, v);
		put(r, ") AS sc_want WHERE sc_want.value NOT IN (SELECT value FROM json_each(");
		put(r, r->m->table_sql);
		put(r, ".");
		put(r, c->name);
		put(r, "))))");
	} else {
		put(r, "EXISTS (SELECT 1 FROM json_each(");
		put(r, r->m->table_sql);
		put(r, ".");
		put(r, c->name);
		put(r, ") AS sc_have WHERE sc_have.value IN (SELECT value FROM json_each(");
		param_ref(r, v);
		put(r, ")))");
	}
}

/* Decimals are TEXT on SQLite: ordered and range-compared as numbers
 * through the runtime's collation (backend/sqlite_decimal.c). */
static const char *collate(const render *r, const sc_column_meta *c)
{
	return r->d == SC_DIALECT_SQLITE && c->type == SC_COL_DECIMAL ? " COLLATE sc_decimal" : "";
}

static void cond(render *r, const sc_qnode *nd)
{
	const sc_column_meta *c = &r->m->cols[nd->col];
	bool pg = r->d == SC_DIALECT_POSTGRES;
	static const char *const ops[] = {"", " = ", " <> ", " < ", " <= ", " > ", " >= "};
	switch (nd->op) {
	case SC_OP_EQ:
	case SC_OP_NE:
	case SC_OP_LT:
	case SC_OP_LE:
	case SC_OP_GT:
	case SC_OP_GE:
		put(r, c->name);
		if (nd->op >= SC_OP_LT)
			put(r, collate(r, c));
		put(r, ops[nd->op]);
		param_ref(r, &nd->v);
		break;
	case SC_OP_LIKE:
		put(r, c->name);
		put(r, " LIKE ");
		param_ref(r, &nd->v);
		like_escape(r);
		break;
	case SC_OP_ILIKE:
		if (pg) {
			put(r, c->name);
			put(r, " ILIKE ");
			param_ref(r, &nd->v);
		} else {
			put(r, "sc_fold(");
			put(r, c->name);
			put(r, ") LIKE sc_fold(");
			param_ref(r, &nd->v);
			put(r, ")");
		}
		like_escape(r);
		break;
	case SC_OP_IS_NULL:
	case SC_OP_NOT_NULL:
		put(r, c->name);
		put(r, nd->op == SC_OP_IS_NULL ? " IS NULL" : " IS NOT NULL");
		break;
	case SC_OP_CONTAINS:
	case SC_OP_OVERLAPS:
	case SC_OP_IN: {
		sc_sbuf arr = {0};
		sc__array_param(&arr, r->d, nd->in, nd->nin);
		if (arr.oom) {
			free(arr.data);
			r->err = SC_NO_MEMORY;
			return;
		}
		sc_qval *v = own_val(r->p); /* owns the literal */
		v->type = SC_COL_TEXT;
		v->s = arr.data;
		v->slen = arr.len;
		if (nd->op != SC_OP_IN) {
			array_cond(r, nd, c, v);
			break;
		}
		put(r, c->name);
		if (pg) {
			put(r, " = ANY(");
			param_ref(r, v);
			put(r, "::");
			put(r, c->pg_type);
			put(r, "[])");
		} else {
			put(r, " IN (SELECT value FROM json_each(");
			param_ref(r, v);
			put(r, "))");
		}
		break;
	}
	case SC_OP_JSON_CONTAINS: /* jsonb @>; on SQLite the runtime's function (backend/sqlite_json.c) */
		put(r, pg ? "" : "sc_json_contains(");
		put(r, c->name);
		put(r, pg ? " @> " : ", ");
		param_ref(r, &nd->v);
		put(r, pg ? "::jsonb" : ")");
		break;
	case SC_OP_JSON_PATH_EQ: { /* the path's steps as one array parameter, as IN's values */
		sc_sbuf arr = {0};
		sc__array_param(&arr, r->d, nd->in, nd->nin);
		if (arr.oom) {
			free(arr.data);
			r->err = SC_NO_MEMORY;
			return;
		}
		sc_qval *path = own_val(r->p);
		path->type = SC_COL_TEXT;
		path->s = arr.data;
		path->slen = arr.len;
		put(r, pg ? "(" : "sc_json_path_eq(");
		put(r, c->name);
		put(r, pg ? " #> " : ", ");
		param_ref(r, path);
		put(r, pg ? "::text[]) = " : ", ");
		param_ref(r, &nd->v);
		put(r, pg ? "::jsonb" : ")");
		break;
	}
	}
}

/* Render nodes from *i until the group's end; returns whether anything
 * was rendered. */
static void group(render *r, const sc_query *q, size_t *i, const char *joiner, const char *empty)
{
	bool any = false;
	while (*i < q->n && q->nodes[*i].kind != SC_QN_END) {
		const sc_qnode *nd = &q->nodes[(*i)++];
		if (any)
			put(r, joiner);
		any = true;
		switch (nd->kind) {
		case SC_QN_COND:
			cond(r, nd);
			break;
		case SC_QN_AND:
			put(r, "(");
			group(r, q, i, " AND ", "1 = 1");
			put(r, ")");
			break;
		case SC_QN_OR:
			put(r, "(");
			group(r, q, i, " OR ", "1 = 0");
			put(r, ")");
			break;
		case SC_QN_NOT:
			put(r, "NOT (");
			group(r, q, i, " AND ", "1 = 1");
			put(r, ")");
			break;
		case SC_QN_END:
			break;
		}
	}
	if (*i < q->n)
		(*i)++; /* the END */
	if (!any)
		put(r, empty);
}

static void keyset(render *r, const sortkey *k, size_t nk, sc_qval **vals)
{
	bool first = true;
	put(r, "(");
	for (size_t i = 0; i < nk; i++) {
		const sc_column_meta *c = &r->m->cols[k[i].col];
		bool nullable = c->flags & SC_COLF_NULLABLE;
		/* NULLs sort last ascending: nothing comes after a NULL there. */
		if (!k[i].desc && vals[i]->null)
			continue;
		if (!first)
			put(r, " OR ");
		first = false;
		put(r, "(");
		for (size_t j = 0; j < i; j++) {
			const sc_column_meta *cj = &r->m->cols[k[j].col];
			put(r, cj->name);
			put(r, collate(r, cj));
			if (vals[j]->null) {
				put(r, " IS NULL AND ");
			} else {
				put(r, " = ");
				param_ref(r, vals[j]);
				put(r, " AND ");
			}
		}
		if (k[i].desc && vals[i]->null) {
			put(r, c->name);
			put(r, " IS NOT NULL");
		} else if (k[i].desc) {
			put(r, c->name);
			put(r, collate(r, c));
			put(r, " < ");
			param_ref(r, vals[i]);
		} else if (nullable) {
			put(r, "(");
			put(r, c->name);
			put(r, collate(r, c));
			put(r, " > ");
			param_ref(r, vals[i]);
			put(r, " OR ");
			put(r, c->name);
			put(r, " IS NULL)");
		} else {
			put(r, c->name);
			put(r, collate(r, c));
			put(r, " > ");
			param_ref(r, vals[i]);
		}
		put(r, ")");
	}
	if (first)
		put(r, "1 = 0");
	put(r, ")");
}

typedef enum { MODE_LIST, MODE_COUNT, MODE_EXISTS } mode;

/* What a text is for, the first word of its shape: a mode or a bulk
 * write (write_where's kinds follow the modes). */
enum { SHAPE_WRITE = 3 };
enum {
	SHAPE_WITH_DELETED = 1u << 5,
	SHAPE_TENANT = 1u << 6,
	SHAPE_CURSOR = 1u << 7,
	SHAPE_LIMIT = 1u << 8,
	SHAPE_OFFSET = 1u << 9,
};

/* The words that decide the text (query_texts.c): tag (what, flags), the
 * extra condition's column, q's nodes (kind, operator, column), the sort
 * keys with, under a cursor, which of its values are NULL, and a bulk
 * update's set columns. Values and IN-list lengths are not part of it. */
static void shape_of(sc_qshape *s, uint32_t tag, int extra_col, const sc_query *q, const sortkey *k,
		     size_t nk, sc_qval *const *cur, const unsigned *set, size_t nset)
{
	sc__qshape_add(s, tag);
	sc__qshape_add(s, (uint32_t)(extra_col + 1));
	sc__qshape_add(s, (uint32_t)(q ? q->n : 0));
	for (size_t i = 0; q && i < q->n; i++) {
		sc__qshape_add(s, (uint32_t)q->nodes[i].kind | (uint32_t)q->nodes[i].op << 8);
		sc__qshape_add(s, q->nodes[i].col);
	}
	sc__qshape_add(s, (uint32_t)nk);
	for (size_t i = 0; i < nk; i++)
		sc__qshape_add(s, k[i].col << 2 | (uint32_t)k[i].desc << 1 | (uint32_t)(cur && cur[i]->null));
	sc__qshape_add(s, (uint32_t)nset);
	for (size_t i = 0; i < nset; i++)
		sc__qshape_add(s, set[i]);
}

/* The text of shape s: the connection's (kept; r->text was false), or r's own,
 * handed to the connection when it can keep it. */
static const char *shape_text(sc_conn *conn, render *r, const sc_qshape *s, const char *kept)
{
	if (kept)
		return kept;
	const char *sql = r->sql.data;
	if (sql && sc__query_text_keep(conn, r->m, s, r->sql.data))
		r->sql.data = NULL; /* the connection's now */
	return sql;
}

/* The WHERE clause (or nothing) for q plus the extra conditions. */
static void where(render *r, const sc_query *q, const sc_qval *tenant, int extra_col,
		  const sc_qval *extra, bool use_cursor, const sortkey *k, size_t nk, sc_qval **cur)
{
	const char *sep = " WHERE ";
	if (q && q->n) {
		size_t i = 0;
		put(r, sep);
		put(r, "(");
		group(r, q, &i, " AND ", "1 = 1");
		put(r, ")");
		sep = " AND ";
	}
	if (r->m->soft_delete_col >= 0 && (r->live_only || !(q && q->with_deleted))) {
		put(r, sep);
		put(r, r->m->cols[r->m->soft_delete_col].name);
		put(r, " IS NULL");
		sep = " AND ";
	}
	if (extra) {
		put(r, sep);
		put(r, r->m->cols[extra_col].name);
		put(r, " = ");
		param_ref(r, extra);
		sep = " AND ";
	}
	if (tenant) {
		put(r, sep);
		put(r, r->m->cols[r->m->tenant_col].name);
		put(r, " = ");
		param_ref(r, tenant);
		sep = " AND ";
	}
	if (use_cursor) {
		put(r, sep);
		keyset(r, k, nk, cur);
	}
}

static void order_by(render *r, const sortkey *k, size_t nk)
{
	put(r, " ORDER BY ");
	for (size_t i = 0; i < nk; i++) {
		const sc_column_meta *c = &r->m->cols[k[i].col];
		if (i)
			put(r, ", ");
		put(r, c->name);
		put(r, collate(r, c));
		if (c->flags & SC_COLF_NULLABLE)
			put(r, k[i].desc ? " DESC NULLS FIRST" : " ASC NULLS LAST");
		else if (k[i].desc)
			put(r, " DESC");
	}
}

/* ---- reading pages ---------------------------------------------------- */

/* A page of at most this many bytes of rows is read in place, in the
 * arena, without growing a buffer and copying it there at the end; a
 * larger limit grows as the rows come (it may be far above the rows that
 * exist). */
#define PAGE_IN_PLACE_BYTES (64 * 1024)

static sc_status read_rows(sc_stmt *st, const sc_entity_meta *m, int64_t limit, const sortkey *k,
			   size_t nk, void **rows_out, size_t *len_out, char **cursor_out,
			   void **mem_out)
{
	sc_arena *mem = sc_arena_new();
	unsigned char *tmp = NULL, *page = NULL;
	size_t n = 0, cap = 0;
	char *cursor = NULL, *pending = NULL;
	sc_status rc = mem ? SC_OK : SC_NO_MEMORY;
	if (rc == SC_OK && limit > 0 && (uint64_t)limit <= PAGE_IN_PLACE_BYTES / m->row_size &&
	    !(page = sc__arena_alloc_raw(mem, (size_t)limit * m->row_size)))
		rc = SC_NO_MEMORY;
	while (rc == SC_OK) {
		rc = sc_stmt_step(st);
		if (rc == SC_DONE) {
			rc = SC_OK;
			break;
		}
		if (rc != SC_ROW)
			break;
		rc = SC_OK;
		if (limit > 0 && (int64_t)n == limit) {
			cursor = pending; /* a further row exists */
			break;
		}
		if (page) {
			unsigned char *row = page + n++ * m->row_size;
			memset(row, 0, m->row_size); /* a row at a time: small stores, not one rep stos */
			rc = sc_row_read(st, m, row, 0, mem);
		} else
			rc = sc__row_read_append(st, m, mem, &tmp, &n, &cap);
		if (rc == SC_OK && limit > 0 && (int64_t)n == limit)
			rc = make_cursor(st, m, k, nk, mem, &pending);
	}
	void *rows = page;
	if (rc == SC_OK && !page) {
		rows = sc_arena_memdup(mem, tmp ? tmp : (unsigned char *)"", n * m->row_size);
		if (!rows)
			rc = SC_NO_MEMORY;
	}
	free(tmp);
	if (rc != SC_OK) {
		sc_arena_free(mem);
		return rc;
	}
	*rows_out = rows;
	*len_out = n;
	if (cursor_out)
		*cursor_out = cursor;
	*mem_out = mem;
	return SC_OK;
}

/* ---- streaming rows ------------------------------------------------------ */

/* sc_query_each's request: rows go to fn one at a time (sc__stmt_stream). */
typedef struct each_req {
	sc_query_row_fn fn;
	void *ud;
} each_req;

/* ---- execution -------------------------------------------------------- */

static sc_status run(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, mode md,
		     int extra_col, const void *extra_c, void **rows, size_t *len, char **cursor,
		     void **mem, int64_t *count, const each_req *each)
{
	if (q && q->m != m)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "query built for another entity");
	if (q && q->err != SC_OK)
		return sc_row_fail(conn, m, q->err, q->errmsg);
	if (q && q->depth != 0)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "query has an unclosed group");
	params *p = malloc(sizeof *p); /* ~14 KB: zeroing it all cost more than rendering */
	if (!p)
		return SC_NO_MEMORY;
	p->n = p->nown = 0;
	p->overflow = false;
	render r = {m, sc_conn_dialect(conn), {0}, p, SC_OK, NULL, 0, false, true};
	sc_qshape shape;
	sc__qshape_init(&shape);
	const char *kept = NULL;
	sortkey k[SC_QUERY_MAX_SORT_KEYS];
	bool too_many;
	size_t nk = sort_keys(m, q, k, &too_many);
	sc_qval *cur[SC_QUERY_MAX_SORT_KEYS];
	sc_status rc = SC_OK;
	if (too_many)
		rc = sc_row_fail(conn, m, SC_INVALID_ARGUMENT,
				 "query too large: more than SC_QUERY_MAX_SORT_KEYS (32) sort keys");
	bool use_cursor = md == MODE_LIST && q && q->after;
	if (rc == SC_OK && use_cursor && parse_cursor(q->after, m, k, nk, p, cur) != SC_OK)
		rc = sc_row_fail(conn, m, SC_INVALID_ARGUMENT,
				 "invalid cursor (corrupt, or made for another ordering)");
	const sc_qval *tenant = NULL;
	sc_qval *extra = NULL;
	if (rc == SC_OK && sc__tenant_applies(conn, m)) {
		sc_qval *t = own_val(p);
		rc = sc__tenant_value(conn, m, t);
		tenant = t;
	}
	if (rc == SC_OK && extra_c) {
		extra = own_val(p);
		rc = sc__qval_from_c(extra, &m->cols[extra_col], extra_c);
		if (rc == SC_OK && extra->null)
			rc = sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "NULL key");
	}
	int64_t limit = q ? q->limit : 0;
	sc_qval lim = {.type = SC_COL_INT64, .i = limit + 1};
	sc_qval off = {.type = SC_COL_INT64, .i = q ? q->offset : 0};
	if (rc == SC_OK) {
		uint32_t tag = (uint32_t)md | (q && q->with_deleted ? SHAPE_WITH_DELETED : 0) |
			       (tenant ? SHAPE_TENANT : 0) | (use_cursor ? SHAPE_CURSOR : 0) |
			       (limit > 0 ? SHAPE_LIMIT : 0) | (off.i > 0 ? SHAPE_OFFSET : 0);
		shape_of(&shape, tag, extra ? extra_col : -1, q, k, nk, use_cursor ? cur : NULL, NULL, 0);
		if (md == MODE_LIST && q && q->sel) { /* a projection's columns change the select list */
			sc__qshape_add(&shape, UINT32_MAX);
			for (size_t i = 0; i < m->ncols; i++)
				if (q->sel[i])
					sc__qshape_add(&shape, (uint32_t)i);
		}
		kept = sc__query_text_find(conn, m, &shape);
		r.text = !kept;
		if (md == MODE_COUNT)
			put(&r, "SELECT count(*) FROM ");
		else if (md == MODE_EXISTS)
			put(&r, "SELECT 1 FROM ");
		else if (r.text) {
			sc__sb_puts(&r.sql, "SELECT ");
			bool *in = q && q->sel ? malloc(m->ncols) : NULL;
			if (in) { /* a projection: its columns and the sort keys */
				memcpy(in, q->sel, m->ncols);
				for (size_t i = 0; i < nk; i++)
					in[k[i].col] = true;
				sc__select_list(&r.sql, m, in);
				free(in);
			} else if (q && q->sel) {
				r.err = SC_NO_MEMORY;
			} else {
				sc__sb_puts(&r.sql, m->select_list);
			}
			sc__sb_puts(&r.sql, " FROM ");
		}
		put(&r, m->table_sql);
		where(&r, q, tenant, extra_col, extra, use_cursor, k, nk, cur);
		if (md == MODE_LIST) {
			order_by(&r, k, nk);
			if (limit > 0) {
				put(&r, " LIMIT ");
				param_ref(&r, &lim);
			}
			if (off.i > 0) {
				put(&r, limit > 0 ? " OFFSET " : r.d == SC_DIALECT_SQLITE ? " LIMIT -1 OFFSET " : " OFFSET ");
				param_ref(&r, &off);
			}
		} else if (md == MODE_EXISTS) {
			put(&r, " LIMIT 1");
		}
		if (p->overflow) /* a limit of ours, not memory: the caller's query is too big */
			rc = sc_row_fail(conn, m, SC_INVALID_ARGUMENT,
					 "query too large: more than SC_QUERY_MAX_PARAMS (256) values to bind");
		else if (r.err != SC_OK || r.sql.oom)
			rc = sc_row_fail(conn, m, r.err != SC_OK ? r.err : SC_NO_MEMORY, "out of memory");
	}
	sc_stmt *st = NULL;
	if (rc == SC_OK)
		rc = sc_stmt_prepare_binary(&st, conn, shape_text(conn, &r, &shape, kept));
	for (size_t i = 0; rc == SC_OK && i < p->n; i++)
		rc = sc__qval_bind(st, (int)i + 1, p->v[i]);
	if (rc == SC_OK) {
		if (md == MODE_LIST && each) {
			rc = sc__stmt_stream(st, m, limit, each->fn, each->ud);
		} else if (md == MODE_LIST) {
			rc = read_rows(st, m, limit, k, nk, rows, len, cursor, mem);
		} else {
			rc = sc_stmt_step(st);
			if (md == MODE_EXISTS) {
				*count = rc == SC_ROW;
				rc = (rc == SC_ROW || rc == SC_DONE) ? SC_OK : rc;
			} else if (rc == SC_ROW) {
				rc = sc_stmt_column_int64(st, 0, count);
			} else if (rc == SC_DONE) {
				rc = SC_ERROR;
			}
		}
	}
	sc_stmt_finalize(st);
	free(r.sql.data);
	sc__qshape_free(&shape);
	params_free(p);
	free(p);
	return rc;
}

static sc_status list(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, int col,
		      const void *value, void **rows, size_t *len, char **next_cursor, void **mem)
{
	*rows = NULL;
	*len = 0;
	*next_cursor = NULL;
	*mem = NULL;
	return run(conn, m, q, MODE_LIST, col, value, rows, len, next_cursor, mem, NULL, NULL);
}

sc_status sc_query_list(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, void **rows,
			size_t *len, char **next_cursor, void **mem)
{
	return list(conn, m, q, -1, NULL, rows, len, next_cursor, mem);
}

sc_status sc_query_list_by(sc_conn *conn, const sc_entity_meta *m, const sc_query *q,
			   unsigned col, const void *value, void **rows, size_t *len,
			   char **next_cursor, void **mem)
{
	if (col >= m->ncols || !value)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "list_by: bad column or NULL key");
	return list(conn, m, q, (int)col, value, rows, len, next_cursor, mem);
}

sc_status sc_query_each(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, sc_query_row_fn fn,
			void *ud)
{
	if (!fn)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "list_each: NULL callback");
	each_req each = {fn, ud};
	return run(conn, m, q, MODE_LIST, -1, NULL, NULL, NULL, NULL, NULL, NULL, &each);
}

sc_status sc_query_count(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, int64_t *n)
{
	*n = 0;
	return run(conn, m, q, MODE_COUNT, -1, NULL, NULL, NULL, NULL, NULL, n, NULL);
}

sc_status sc_query_exists(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, bool *out)
{
	int64_t n = 0;
	sc_status rc = run(conn, m, q, MODE_EXISTS, -1, NULL, NULL, NULL, NULL, NULL, &n, NULL);
	*out = rc == SC_OK && n > 0;
	return rc;
}

sc_status sc_row_load(sc_conn *conn, const sc_entity_meta *m, const char *sql, unsigned col,
		      const void *keys, size_t n, unsigned flags, void **rows, size_t *len,
		      void **mem)
{
	*rows = NULL;
	*len = 0;
	*mem = NULL;
	if (col >= m->ncols || (n && !keys))
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "load: bad column or NULL keys");
	const sc_column_meta *c = &m->cols[col];
	sc_sbuf arr = {0};
	sc_status rc = sc__array_param_of(&arr, sc_conn_dialect(conn), c, keys, n);
	sc_stmt *st = NULL;
	if (rc == SC_OK)
		rc = sc_stmt_prepare_binary(&st, conn, sql);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 1, arr.data, arr.len);
	if (rc == SC_OK && (flags & SC_EXEC_TENANT))
		rc = sc_row_bind_tenant(conn, m, st, 2);
	if (rc == SC_OK)
		rc = read_rows(st, m, 0, NULL, 0, rows, len, NULL, mem);
	sc_stmt_finalize(st);
	free(arr.data);
	return rc;
}

/* ---- bulk writes: update_where, delete_where ------------------------------
 * UPDATE / DELETE of the rows matching q's filter (ordering and paging
 * ignored), with the same WHERE as a list (soft delete, SQLite tenant), the
 * SET values bound first from row's members (cols), RETURNING every column so
 * each changed row fires the change hook and leaves the cache like the
 * single-row writes. The text is kept per filter shape and set of columns,
 * as for lists (query_texts.c). */

typedef enum { WRITE_UPDATE, WRITE_SOFT_DELETE, WRITE_DELETE } write_kind;

/* Change values (sc_config.change_values): the rows a bulk UPDATE is about
 * to change, read with the same filter (locked on PostgreSQL) in the
 * write's transaction. A DELETE returns them itself. */
static sc_status read_before(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, const sc_qval *tenant,
			     bool live_only, void **rows, size_t *len, void **mem)
{
	params *p = malloc(sizeof *p);
	if (!p)
		return SC_NO_MEMORY;
	p->n = p->nown = 0;
	p->overflow = false;
	render r = {m, sc_conn_dialect(conn), {0}, p, SC_OK, NULL, 0, live_only, true};
	sc__sb_printf(&r.sql, "SELECT %s FROM %s", m->select_list, m->table_sql);
	where(&r, q, tenant, -1, NULL, false, NULL, 0, NULL);
	if (r.d == SC_DIALECT_POSTGRES)
		sc__sb_puts(&r.sql, " FOR UPDATE");
	sc_status rc = r.err != SC_OK ? r.err : r.sql.oom || p->overflow ? SC_NO_MEMORY : SC_OK;
	sc_stmt *st = NULL;
	if (rc == SC_OK)
		rc = sc_stmt_prepare_binary(&st, conn, r.sql.data);
	for (size_t i = 0; rc == SC_OK && i < p->n; i++)
		rc = sc__qval_bind(st, (int)i + 1, p->v[i]);
	if (rc == SC_OK)
		rc = read_rows(st, m, 0, NULL, 0, rows, len, NULL, mem);
	sc_stmt_finalize(st);
	free(r.sql.data);
	params_free(p);
	free(p);
	return rc;
}

static sc_status write_where(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, write_kind kind,
			     const void *row, const unsigned *set, size_t nset, int64_t *affected)
{
	if (!q)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT,
				   "update_where/delete_where: NULL filter (call sc_query_all to match every row)");
	if (q->m != m)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "query built for another entity");
	if (q->err != SC_OK)
		return sc_row_fail(conn, m, q->err, q->errmsg);
	if (q->depth != 0)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "query has an unclosed group");
	if (q->n == 0 && !q->all)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT,
				   "update_where/delete_where: empty filter (call sc_query_all to match every row)");
	params *p = malloc(sizeof *p);
	if (!p)
		return SC_NO_MEMORY;
	p->n = p->nown = 0;
	p->overflow = false;
	render r = {m, sc_conn_dialect(conn), {0}, p, SC_OK, NULL, (int)nset, kind == WRITE_SOFT_DELETE, true};
	sc_status rc = SC_OK;
	const sc_qval *tenant = NULL;
	if (sc__tenant_applies(conn, m)) {
		sc_qval *t = own_val(p);
		rc = sc__tenant_value(conn, m, t);
		tenant = t;
	}
	sc_qshape shape;
	sc__qshape_init(&shape);
	shape_of(&shape,
		 (uint32_t)(SHAPE_WRITE + kind) | (q->with_deleted ? SHAPE_WITH_DELETED : 0) |
			 (tenant ? SHAPE_TENANT : 0),
		 -1, q, NULL, 0, NULL, set, nset);
	const char *kept = sc__query_text_find(conn, m, &shape);
	r.text = !kept;
	if (kind == WRITE_DELETE) {
		put(&r, "DELETE FROM ");
		put(&r, m->table_sql);
	} else {
		put(&r, "UPDATE ");
		put(&r, m->table_sql);
		put(&r, " SET ");
		for (size_t i = 0; i < nset; i++) {
			if (i)
				put(&r, ", ");
			put(&r, m->cols[set[i]].name);
			put(&r, " = ");
			put_param_number(&r, i + 1);
		}
		if (m->version_col >= 0) {
			const char *v = m->cols[m->version_col].name;
			put(&r, ", ");
			put(&r, v);
			put(&r, " = ");
			put(&r, m->table_sql);
			put(&r, ".");
			put(&r, v);
			put(&r, " + 1");
		}
	}
	where(&r, q, tenant, -1, NULL, false, NULL, 0, NULL);
	put(&r, " RETURNING ");
	put(&r, m->select_list);
	if (rc == SC_OK && p->overflow)
		rc = sc_row_fail(conn, m, SC_INVALID_ARGUMENT,
				 "query too large: more than SC_QUERY_MAX_PARAMS (256) values to bind");
	else if (rc == SC_OK && (r.err != SC_OK || r.sql.oom))
		rc = sc_row_fail(conn, m, r.err != SC_OK ? r.err : SC_NO_MEMORY, "out of memory");
	bool audit = rc == SC_OK && sc_conn_wants_change_values(conn);
	void *old = NULL, *old_mem = NULL;
	size_t nold = 0;
	if (audit && (rc = sc_tx_begin(conn, NULL)) != SC_OK)
		audit = false;
	if (audit && kind != WRITE_DELETE)
		rc = read_before(conn, m, q, tenant, r.live_only, &old, &nold, &old_mem);
	sc_stmt *st = NULL;
	if (rc == SC_OK)
		rc = sc_stmt_prepare_binary(&st, conn, shape_text(conn, &r, &shape, kept));
	if (rc == SC_OK && nset)
		rc = sc_row_bind(st, m, row, set, nset, 1);
	for (size_t i = 0; rc == SC_OK && i < p->n; i++)
		rc = sc__qval_bind(st, (int)nset + (int)i + 1, p->v[i]);
	void *rows = NULL, *mem = NULL;
	size_t len = 0;
	if (rc == SC_OK)
		rc = read_rows(st, m, 0, NULL, 0, &rows, &len, NULL, &mem);
	sc_stmt_finalize(st);
	free(r.sql.data);
	sc__qshape_free(&shape);
	params_free(p);
	free(p);
	if (rc != SC_OK) {
		rc = sc_row_name_violation(conn, m, rc);
		if (audit)
			sc_tx_rollback(conn); /* rc stays the write's error */
		sc_arena_free(old_mem);
		return rc;
	}
	*affected = (int64_t)len;
	sc_change_op op = kind == WRITE_UPDATE ? SC_CHANGE_UPDATE
			  : kind == WRITE_SOFT_DELETE ? SC_CHANGE_SOFT_DELETE : SC_CHANGE_DELETE;
	if (audit)
		rc = sc__notify_values_many(conn, m, op, old, nold, rows, len);
	for (size_t i = 0; !audit && rc == SC_OK && i < len; i++)
		rc = sc_row_notify(conn, m, (const unsigned char *)rows + i * m->row_size, op);
	sc_arena_free(mem);
	sc_arena_free(old_mem);
	if (audit && rc == SC_OK)
		rc = sc_tx_commit(conn);
	else if (audit)
		sc_tx_rollback(conn);
	return rc;
}

sc_status sc_query_update_where(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, const void *row,
				const void *cols, size_t ncols, int64_t *affected)
{
	*affected = 0;
	if (ncols == 0 || !cols)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "update_where: no columns");
	bool *in = malloc(m->ncols);
	/* the caller's columns, then updated_at */
	unsigned *key = malloc(sizeof(unsigned) * (m->ncols + 1));
	size_t nset = 0;
	sc_status rc = in && key ? sc__update_set_columns(conn, m, row, cols, ncols, in, key, &nset)
				 : sc_row_fail(conn, m, SC_NO_MEMORY, "update_where: out of memory");
	if (rc == SC_OK && m->updated_at_col >= 0)
		key[nset++] = (unsigned)m->updated_at_col;
	if (rc == SC_OK)
		rc = write_where(conn, m, q, WRITE_UPDATE, row, key, nset, affected);
	free(in);
	free(key);
	return rc;
}

sc_status sc_query_delete_where(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, const void *stamp,
				int64_t *affected)
{
	*affected = 0;
	if (m->soft_delete_col < 0)
		return write_where(conn, m, q, WRITE_DELETE, NULL, NULL, 0, affected);
	if (!stamp)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "delete_where: no deletion time");
	unsigned key[2] = {(unsigned)m->soft_delete_col, 0};
	size_t nset = 1;
	if (m->updated_at_col >= 0)
		key[nset++] = (unsigned)m->updated_at_col;
	return write_where(conn, m, q, WRITE_SOFT_DELETE, stamp, key, nset, affected);
}
