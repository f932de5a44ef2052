/* Row codec: moves generated row structs in and out of statements through
 * the entity metadata (member offsets and C types). See query.h. */
#include "codec/codec.h"
#include <schemac/datetime.h>
#include <schemac/values.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT(row, off) ((unsigned char *)(row) + (off))
#define CAT(row, off) ((const unsigned char *)(row) + (off))

static inline bool has_value(const sc_column_meta *c, const void *row)
{
	if (sc__col_by_pointer(c->type)) {
		/* char * or sc_bytes: both start with their data pointer */
		const void *d;
		memcpy(&d, CAT(row, c->offset), sizeof d);
		return d != NULL;
	}
	if (c->has_offset == SC_NO_HAS)
		return true;
	bool h;
	memcpy(&h, CAT(row, c->has_offset), sizeof h);
	return h;
}

/* ---- binding a member: bind_<TYPE>(st, idx, c, p), p the member ------
 * Where the shape decides, the table makes the function (BIND_SHAPE_*);
 * text-shaped types bind each their own way. */

#define BIND_SHAPE_VALUE(T, ctype, bind)                                                \
	static inline sc_status bind_##T(sc_stmt *st, int idx, const sc_column_meta *c, \
					 const unsigned char *p)                        \
	{                                                                               \
		(void)c;                                                                \
		ctype v;                                                                \
		memcpy(&v, p, sizeof v);                                                \
		return bind(st, idx, v);                                                \
	}
#define BIND_SHAPE_UUID(T, ctype, bind)                                                 \
	static inline sc_status bind_##T(sc_stmt *st, int idx, const sc_column_meta *c, \
					 const unsigned char *p)                        \
	{                                                                               \
		(void)c;                                                                \
		ctype v;                                                                \
		memcpy(&v, p, sizeof v);                                                \
		return bind(st, idx, &v);                                               \
	}
#define BIND_SHAPE_BYTES(T, ctype, bind)                                                \
	static inline sc_status bind_##T(sc_stmt *st, int idx, const sc_column_meta *c, \
					 const unsigned char *p)                        \
	{                                                                               \
		(void)c;                                                                \
		ctype v;                                                                \
		memcpy(&v, p, sizeof v);                                                \
		return bind(st, idx, v.data, v.len);                                    \
	}
#define BIND_SHAPE_ENUM(T, ctype, bind)                                                 \
	static inline sc_status bind_##T(sc_stmt *st, int idx, const sc_column_meta *c, \
					 const unsigned char *p)                        \
	{                                                                               \
		ctype v;                                                                \
		memcpy(&v, p, sizeof v);                                                \
		if (v < 1 || (unsigned)v > c->enum_count)                               \
			return sc_stmt_bind_null(st, idx);                              \
		return bind(st, idx, c->enum_names[v - 1], (size_t)-1);                 \
	}
#define BIND_SHAPE_TEXT(T, ctype, bind) /* per type, below */
#define BIND_SHAPE_ARRAY(T, ctype, bind)                                                \
	static inline sc_status bind_##T(sc_stmt *st, int idx, const sc_column_meta *c, \
					 const unsigned char *p)                        \
	{                                                                               \
		return sc_stmt_bind_array(st, idx, c, p);                               \
	}
/* (codec pasted here, before `bool` could expand to _Bool) */
#define BIND_SHAPE(T, value, ctype, codec, shape, ops) BIND_SHAPE_##shape(T, ctype, sc_stmt_bind_##codec)
SC_COL_TYPE_MAP(BIND_SHAPE)

static inline sc_status bind_TEXT(sc_stmt *st, int idx, const sc_column_meta *c, const unsigned char *p)
{
	(void)c;
	const char *v;
	memcpy(&v, p, sizeof v);
	return sc_stmt_bind_text(st, idx, v, (size_t)-1);
}

static inline sc_status bind_JSON(sc_stmt *st, int idx, const sc_column_meta *c, const unsigned char *p)
{
	return bind_TEXT(st, idx, c, p);
}

static inline sc_status bind_DECIMAL(sc_stmt *st, int idx, const sc_column_meta *c, const unsigned char *p)
{
	const char *v;
	memcpy(&v, p, sizeof v);
	return sc_stmt_bind_decimal(st, idx, v, c->precision, c->scale);
}

static inline sc_status bind_member(sc_stmt *st, int idx, const sc_column_meta *c, const unsigned char *p)
{
#define SC_COL_JOB(T) bind_##T(st, idx, c, p)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return SC_INVALID_ARGUMENT;
}

sc_status sc_row_bind(sc_stmt *st, const sc_entity_meta *m, const void *row,
		      const unsigned *cols, size_t ncols, int first)
{
	for (size_t i = 0; i < ncols; i++) {
		const sc_column_meta *c = &m->cols[cols[i]];
		int idx = first + (int)i;
		sc_status rc = has_value(c, row) ? bind_member(st, idx, c, CAT(row, c->offset))
						 : sc_stmt_bind_null(st, idx);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

static void set_has(const sc_column_meta *c, void *row, bool v)
{
	if (c->has_offset != SC_NO_HAS)
		memcpy(AT(row, c->has_offset), &v, sizeof v);
}

/* ---- reading a member: read_<TYPE>(st, col, null, c, p, mem) ----------
 * The shape decides for every type: the table makes them all. */

#define READ_FN(T)                                                                                            \
	static sc_status read_##T(sc_stmt *st, int col, bool null, const sc_column_meta *c, unsigned char *p, \
				  sc_arena *mem)
/* by the table's codec, zero when NULL */
#define READ_SHAPE_VALUE(T, ctype, column)                         \
	READ_FN(T)                                                 \
	{                                                          \
		(void)c;                                           \
		(void)mem;                                         \
		ctype v;                                           \
		memset(&v, 0, sizeof v);                           \
		sc_status rc = null ? SC_OK : column(st, col, &v); \
		memcpy(p, &v, sizeof v);                           \
		return rc;                                         \
	}
#define READ_SHAPE_UUID READ_SHAPE_VALUE
#define READ_SHAPE_TEXT(T, ctype, column) \
	READ_FN(T) { (void)c; return read_text(st, col, null, p, mem); }
#define READ_SHAPE_BYTES(T, ctype, column) \
	READ_FN(T) { (void)c; return read_bytes(st, col, null, p, mem); }
#define READ_SHAPE_ARRAY(T, ctype, column) \
	READ_FN(T) { (void)null; return sc_read_array(st, sc_stmt_raw_row(st, col + 1), col, mem, c, p); }
#define READ_SHAPE_ENUM(T, ctype, column) \
	READ_FN(T) { (void)mem; return read_enum(st, col, null, c, p); }

static sc_status read_text(sc_stmt *st, int col, bool null, unsigned char *p, sc_arena *mem)
{
	char *v = NULL;
	sc_status rc = SC_OK;
	if (!null) {
		const char *t;
		size_t n;
		rc = sc_stmt_column_text(st, col, &t, &n);
		if (rc == SC_OK && t) {
			v = sc_arena_strndup(mem, t, n);
			if (!v)
				rc = SC_NO_MEMORY;
		}
	}
	memcpy(p, &v, sizeof v);
	return rc;
}

static sc_status read_bytes(sc_stmt *st, int col, bool null, unsigned char *p, sc_arena *mem)
{
	sc_bytes v = {NULL, 0};
	sc_status rc = SC_OK;
	if (!null) {
		const void *d;
		size_t n;
		rc = sc_stmt_column_blob(st, col, &d, &n);
		if (rc == SC_OK && d) {
			v.data = sc_arena_memdup(mem, d, n);
			v.len = n;
			if (!v.data)
				rc = SC_NO_MEMORY;
		}
	}
	memcpy(p, &v, sizeof v);
	return rc;
}

static sc_status read_enum(sc_stmt *st, int col, bool null, const sc_column_meta *c, unsigned char *p)
{
	int v = 0;
	sc_status rc = SC_OK;
	if (!null) {
		const char *t;
		size_t n;
		rc = sc_stmt_column_text(st, col, &t, &n);
		for (unsigned i = 0; rc == SC_OK && t && i < c->enum_count; i++)
			if (strlen(c->enum_names[i]) == n && memcmp(c->enum_names[i], t, n) == 0)
				v = (int)i + 1;
		if (rc == SC_OK && t && v == 0)
			rc = SC_DATA_ERROR;
	}
	memcpy(p, &v, sizeof v);
	return rc;
}

#define READ_SHAPE(T, value, ctype, codec, shape, ops) READ_SHAPE_##shape(T, ctype, sc_stmt_column_##codec)
SC_COL_TYPE_MAP(READ_SHAPE)

/* Read column `col` of st into member c of row. */
static sc_status read_col(sc_stmt *st, int col, const sc_column_meta *c, void *row, sc_arena *mem)
{
	unsigned char *p = AT(row, c->offset);
	/* NOT NULL columns skip the separate NULL test (a getter on a NULL
	 * still yields the zero value / NULL pointer). */
	bool null = (c->flags & SC_COLF_NULLABLE) || c->has_offset != SC_NO_HAS ? sc_stmt_column_is_null(st, col)
										  : false;
	set_has(c, row, !null);
#define SC_COL_JOB(T) read_##T(st, col, null, c, p, mem)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return SC_INVALID_ARGUMENT;
}

sc_status sc_row_read(sc_stmt *st, const sc_entity_meta *m, void *row, int first, sc_arena *mem)
{
	if (m->read_row && first == 0)
		return m->read_row(st, row, mem);
	for (unsigned i = 0; i < m->ncols; i++) {
		sc_status rc = read_col(st, first + (int)i, &m->cols[i], row, mem);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

sc_status sc_row_fail(sc_conn *conn, const sc_entity_meta *m, sc_status st, const char *what)
{
	return sc__conn_errf(conn, st, "%s: %s", m->c_name, what);
}

/* ---- validating a set member: check_<TYPE>(conn, m, c, p) ------------ */

#define CHECK_FN(T)                                                                                        \
	static inline sc_status check_##T(sc_conn *conn, const sc_entity_meta *m, const sc_column_meta *c, \
				   const unsigned char *p)
/* Values, uuids and bytes: every C value is one the database takes. */
#define CHECK_SHAPE_VALUE(T) \
	CHECK_FN(T) { (void)conn, (void)m, (void)c, (void)p; return SC_OK; }
#define CHECK_SHAPE_UUID CHECK_SHAPE_VALUE
#define CHECK_SHAPE_BYTES CHECK_SHAPE_VALUE
#define CHECK_SHAPE_TEXT(T) /* per type, below */
#define CHECK_SHAPE_ARRAY(T) /* below */
#define CHECK_SHAPE_ENUM(T)                                                                            \
	CHECK_FN(T)                                                                                    \
	{                                                                                              \
		int v;                                                                                 \
		memcpy(&v, p, sizeof v);                                                               \
		if (v < 1 || (unsigned)v > c->enum_count)                                              \
			return sc__conn_errf(conn, SC_INVALID_ARGUMENT,                                \
					     "%s.%s is not a valid enum value%s", m->c_name, c->field, \
					     v == 0 ? " (unset)" : "");                                \
		return SC_OK;                                                                          \
	}
#define CHECK_SHAPE(T, value, ctype, codec, shape, ops) CHECK_SHAPE_##shape(T)
SC_COL_TYPE_MAP(CHECK_SHAPE)

/* The text of a text-shaped member, NULL when it is not valid UTF-8. */
static const char *utf8_text(sc_conn *conn, const sc_entity_meta *m, const sc_column_meta *c,
			     const unsigned char *p, sc_status *rc)
{
	const char *v;
	memcpy(&v, p, sizeof v);
	*rc = sc_utf8_valid(v, strlen(v)) ? SC_OK
					  : sc__conn_errf(conn, SC_DATA_ERROR, "%s.%s: text is not valid UTF-8",
							  m->c_name, c->field);
	return *rc == SC_OK ? v : NULL;
}

CHECK_FN(TEXT)
{
	sc_status rc;
	const char *v = utf8_text(conn, m, c, p, &rc);
	if (v && c->max_len && sc_utf8_length(v) > c->max_len)
		return sc__conn_errf(conn, SC_DATA_ERROR, "%s.%s: value too long for string(%u)", m->c_name,
				     c->field, (unsigned)c->max_len);
	return rc;
}

CHECK_FN(DECIMAL)
{
	sc_status rc;
	const char *v = utf8_text(conn, m, c, p, &rc);
	if (v && sc_decimal_canonical(v, c->precision, c->scale, NULL, 0) != SC_OK)
		return sc__conn_errf(conn, SC_DATA_ERROR,
				     "%s.%s: not a decimal(%u,%u) value (bad syntax, too many digits)", m->c_name,
				     c->field, (unsigned)c->precision, (unsigned)c->scale);
	return rc;
}

CHECK_FN(JSON)
{
	sc_status rc;
	const char *v = utf8_text(conn, m, c, p, &rc);
	if (v && !sc_json_valid(v, strlen(v)))
		return sc__conn_errf(conn, SC_DATA_ERROR, "%s.%s: not valid JSON", m->c_name, c->field);
	return rc;
}

/* Each element as its own column would be checked. */
CHECK_FN(ARRAY)
{
	sc_array a;
	memcpy(&a, p, sizeof a);
	sc_column_meta e = *c; /* an element: at offset 0 of itself */
	e.type = c->elem;
	e.offset = 0;
	e.has_offset = SC_NO_HAS;
	size_t size = sc__col(c->elem)->size;
	for (size_t i = 0; i < a.n; i++) {
		const unsigned char *x = (const unsigned char *)a.items + i * size;
		sc_status rc = SC_OK;
		if (sc__col_by_pointer(c->elem) && !has_value(&e, x))
			rc = sc__conn_errf(conn, SC_INVALID_ARGUMENT, "%s.%s[%zu] is NULL (elements are never NULL)",
					   m->c_name, c->field, i);
#define SC_COL_JOB(T) check_##T(conn, m, &e, x)
		else if (c->elem == SC_COL_TEXT || c->elem == SC_COL_ENUM || c->elem == SC_COL_UUID ||
			 c->elem == SC_COL_INT16 || c->elem == SC_COL_INT32 || c->elem == SC_COL_INT64)
			rc = c->elem == SC_COL_TEXT ? SC_COL_JOB(TEXT) : c->elem == SC_COL_ENUM ? SC_COL_JOB(ENUM) : SC_OK;
#undef SC_COL_JOB
		else
			rc = sc__conn_errf(conn, SC_INVALID_ARGUMENT, "%s.%s: arrays of this type are not supported",
					   m->c_name, c->field);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

sc_status sc__row_check_col(sc_conn *conn, const sc_entity_meta *m, const void *row, unsigned i)
{
	const sc_column_meta *c = &m->cols[i];
	if (!has_value(c, row)) {
		if (!(c->flags & SC_COLF_NULLABLE) && sc__col_by_pointer(c->type))
			return sc__conn_errf(conn, SC_INVALID_ARGUMENT, "%s.%s is required (NULL given)",
					     m->c_name, c->field);
		return SC_OK;
	}
	const unsigned char *p = CAT(row, c->offset);
#define SC_COL_JOB(T) check_##T(conn, m, c, p)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return SC_OK;
}

sc_status sc_row_check(sc_conn *conn, const sc_entity_meta *m, const void *row)
{
	for (unsigned i = 0; i < m->ncols; i++) {
		sc_status rc = sc__row_check_col(conn, m, row, i);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* The key text being written: what fits in buf (n bytes, room kept for
 * the NUL), while off counts every byte. Parts of a composite key escape
 * the separator '/' (and the escape): ("a/b", "c") is "a\/b/c", ("a",
 * "b/c") is "a/b\/c". */
typedef struct key_out {
	char *buf;
	size_t n, off;
	bool escape;
} key_out;

static void key_put(key_out *o, const char *s, size_t len)
{
	if (o->off + 1 < o->n) {
		size_t k = o->n - 1 - o->off < len ? o->n - 1 - o->off : len;
		memcpy(o->buf + o->off, s, k);
	}
	o->off += len;
}

/* One key part's text, escaped in a composite key. */
static void key_write(key_out *o, const char *s, size_t len)
{
	if (!o->escape) {
		key_put(o, s, len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '/' || s[i] == '\\')
			key_put(o, "\\", 1);
		key_put(o, s + i, 1);
	}
}

/* ---- a key member as text: key_<TYPE>(c, p, o) ------------------------ */
#define KEY_FN(T) static void key_##T(const sc_column_meta *c, const unsigned char *p, key_out *o)
#define KEY_INTEGER(T, ctype)                                              \
	KEY_FN(T)                                                          \
	{                                                                  \
		(void)c;                                                   \
		ctype v;                                                   \
		memcpy(&v, p, sizeof v);                                   \
		char part[24];                                             \
		int k = snprintf(part, sizeof part, "%lld", (long long)v); \
		key_write(o, part, (size_t)k);                             \
	}
/* float and json are no key (the checker refuses them). */
#define KEY_NONE(T) \
	KEY_FN(T) { (void)c, (void)p, (void)o; }
KEY_INTEGER(BOOL, bool)
KEY_INTEGER(INT16, int16_t)
KEY_INTEGER(INT32, int32_t)
KEY_INTEGER(INT64, int64_t)
KEY_NONE(DOUBLE)
KEY_NONE(JSON)
KEY_INTEGER(TIMESTAMP, int64_t)
KEY_INTEGER(DATE, int32_t)
KEY_INTEGER(TIME, int64_t)

KEY_FN(TEXT)
{
	(void)c;
	const char *v;
	memcpy(&v, p, sizeof v);
	if (v) /* any length: written in full */
		key_write(o, v, strlen(v));
}

KEY_FN(DECIMAL)
{
	key_TEXT(c, p, o);
}

/* Bytes in hex (they may hold NUL and the separator). */
KEY_FN(BYTES)
{
	(void)c;
	static const char hex[] = "0123456789abcdef";
	sc_bytes v;
	memcpy(&v, p, sizeof v);
	for (size_t i = 0; v.data && i < v.len; i++) {
		char two[2] = {hex[v.data[i] >> 4], hex[v.data[i] & 15]};
		key_put(o, two, 2);
	}
}

KEY_FN(UUID)
{
	(void)c;
	sc_uuid v;
	char part[SC_UUID_STRLEN + 1];
	memcpy(&v, p, sizeof v);
	sc_uuid_format(&v, part);
	key_write(o, part, SC_UUID_STRLEN);
}

/* Never a key (check refuses it). */
KEY_FN(ARRAY)
{
	(void)c, (void)p, (void)o;
}

KEY_FN(ENUM)
{
	int v;
	memcpy(&v, p, sizeof v);
	if (v >= 1 && (unsigned)v <= c->enum_count)
		key_write(o, c->enum_names[v - 1], strlen(c->enum_names[v - 1]));
}

size_t sc_row_key_text(const sc_entity_meta *m, const void *row, char *buf, size_t n)
{
	key_out o = {buf, n, 0, m->npk > 1};
	for (unsigned k = 0; k < m->npk; k++) {
		const sc_column_meta *c = &m->cols[m->pk[k]];
		const unsigned char *p = CAT(row, c->offset);
		if (k)
			key_put(&o, "/", 1);
#define SC_COL_JOB(T) key_##T(c, p, &o)
		SC_COL_DISPATCH_DO(c->type)
#undef SC_COL_JOB
	}
	if (n)
		buf[o.off < n ? o.off : n - 1] = '\0';
	return o.off;
}

/* Appends s with ':' and '\\' escaped, then ':'. Returns the new end. */
static char *prefix_put(char *out, const char *s)
{
	for (; *s; s++) {
		if (*s == ':' || *s == '\\')
			*out++ = '\\';
		*out++ = *s;
	}
	*out++ = ':';
	return out;
}

char *sc_row_cache_key(const sc_entity_meta *m, const void *row)
{
	/* Schema and table names may hold ':' (@@table("a:b")): escaped, so
	 * that a table's prefix never ends inside another table's key. */
	size_t pre = 2 * (strlen(m->schema) + strlen(m->table)) + 2;
	size_t len = sc_row_key_text(m, row, NULL, 0);
	char *ck = malloc(pre + len + 1);
	if (!ck)
		return NULL;
	char *end = prefix_put(prefix_put(ck, m->schema), m->table);
	sc_row_key_text(m, row, end, len + 1);
	return ck;
}

sc_status sc_row_notify(sc_conn *conn, const sc_entity_meta *m, const void *row, sc_change_op op)
{
	if (!sc_conn_wants_changes(conn))
		return SC_OK; /* no hook, no cache: skip formatting the key */
	if (op == SC_CHANGE_INSERT && sc_conn_wants_change_values(conn))
		return sc__notify_values(conn, m, NULL, row, op); /* the row is what was written */
	char *ck = sc_row_cache_key(m, row);
	if (!ck)
		return sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
	const char *key = ck + strlen(m->schema) + strlen(m->table) + 2;
	sc_status rc = sc_conn_notify_change(conn, m->table, op, key, op == SC_CHANGE_INSERT ? NULL : ck);
	free(ck);
	return rc;
}

/* Read the scalar RETURNING columns into ret. */
static sc_status read_returning(sc_stmt *st, const sc_entity_meta *m, void *ret,
				const unsigned *ret_cols, size_t nret)
{
	for (size_t i = 0; i < nret; i++) {
		sc_status rc = read_col(st, (int)i, &m->cols[ret_cols[i]], ret, NULL);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

static sc_status bind_tenant(sc_stmt *st, sc_conn *conn, const sc_entity_meta *m, unsigned flags,
			     int idx)
{
	if (!(flags & (SC_EXEC_TENANT | SC_EXEC_UPSERT)))
		return SC_OK;
	return sc_row_bind_tenant(conn, m, st, idx);
}

/* SQLite names the columns of a violated unique key, not the key: find the
 * key's name in the metadata so callers see the same constraint name on
 * both databases. */
/* c->name is a quoted identifier: does it spell `s` (n bytes) unquoted? */
static bool col_is(const sc_column_meta *c, const char *s, size_t n)
{
	size_t l = strlen(c->name);
	return l > 2 && l - 2 == n && !strncmp(c->name + 1, s, n);
}

/* Re-record the connection's error with constraint and column filled in. */
static sc_status renamed(sc_conn *conn, sc_status rc, const char *constraint, const sc_column_meta *c)
{
	const sc_error *e = sc_conn_error(conn);
	char msg[512], sqlstate[8], table[128], cons[128], column[128];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "");
	snprintf(sqlstate, sizeof sqlstate, "%s", e->sqlstate ? e->sqlstate : "");
	snprintf(table, sizeof table, "%s", e->table ? e->table : "");
	snprintf(cons, sizeof cons, "%s", constraint);
	size_t l = strlen(c->name) - 2;
	snprintf(column, sizeof column, "%.*s", (int)(l < sizeof column ? l : sizeof column - 1), c->name + 1);
	return sc__conn_err(conn, rc, sqlstate, e->sqlite_code, msg, cons, table, column);
}

sc_status sc_row_name_violation(sc_conn *conn, const sc_entity_meta *m, sc_status rc)
{
	if (rc != SC_UNIQUE_VIOLATION && rc != SC_CHECK_VIOLATION)
		return rc;
	const sc_error *e = sc_conn_error(conn);
	bool has_cons = e->constraint && e->constraint[0], has_col = e->column && e->column[0];
	if (has_cons && has_col)
		return rc;
	if (rc == SC_UNIQUE_VIOLATION) {
		for (unsigned u = 0; u < m->nuniques; u++) {
			const sc_unique_meta *k = &m->uniques[u];
			const sc_column_meta *c = &m->cols[k->cols[0]];
			/* SQLite names the column(s), PostgreSQL the constraint: the
			 * key's metadata gives the other (its first column) */
			if ((has_col && col_is(c, e->column, strlen(e->column))) ||
			    (has_cons && !strcmp(e->constraint, k->name)))
				return renamed(conn, rc, k->name, c);
		}
		return rc;
	}
	/* a column's check is named <table>_<column>_check by the DDL generator
	 * (as PostgreSQL names them); a table @@check names no column */
	size_t tl = strlen(m->table);
	if (!has_cons || strncmp(e->constraint, m->table, tl) != 0 || e->constraint[tl] != '_')
		return rc;
	const char *colname = e->constraint + tl + 1;
	size_t cl = strlen(colname);
	if (cl <= 6 || strcmp(colname + cl - 6, "_check") != 0)
		return rc;
	for (unsigned i = 0; i < m->ncols; i++)
		if (col_is(&m->cols[i], colname, cl - 6))
			return renamed(conn, rc, e->constraint, &m->cols[i]);
	return rc;
}

sc_status sc_row_exec(sc_conn *conn, const sc_entity_meta *m, const char *sql, const void *row,
		      const unsigned *params, size_t nparams, unsigned flags, void *ret,
		      const unsigned *ret_cols, size_t nret, int64_t *count)
{
	sc_stmt *st;
	int64_t rows = 0;
	sc_status rc = sc_stmt_prepare_binary(&st, conn, sql);
	if (rc != SC_OK)
		return rc;
	rc = sc_row_bind(st, m, row, params, nparams, 1);
	if (rc == SC_OK)
		rc = bind_tenant(st, conn, m, flags, (int)nparams + 1);
	bool returned = false;
	while (rc == SC_OK) {
		rc = sc_stmt_step(st);
		if (rc == SC_ROW) {
			returned = true;
			rows++;
			rc = ret ? read_returning(st, m, ret, ret_cols, nret) : SC_OK;
		} else if (rc == SC_DONE) {
			rc = SC_OK;
			if (!returned)
				rows = sc_stmt_rows_affected(st);
			break;
		}
	}
	sc_stmt_finalize(st);
	if (count)
		*count = rows;
	if (rc == SC_OK && (flags & SC_EXEC_UPSERT) && !returned)
		return sc__tenant_conflict(conn, m, (size_t)-1);
	return sc_row_name_violation(conn, m, rc);
}

typedef struct many_ctx {
	sc_conn *conn;
	const sc_entity_meta *m;
	unsigned char *rows;
	const unsigned *params, *ret_cols;
	size_t nparams, nret;
	bool upsert;
	size_t next, missing; /* upsert: next item due to return a row; first that did not */
} many_ctx;

static sc_status many_bind(sc_stmt *st, size_t i, void *ud)
{
	many_ctx *c = ud;
	sc_status rc = sc_row_bind(st, c->m, c->rows + i * c->m->row_size, c->params, c->nparams, 1);
	if (rc == SC_OK && c->upsert)
		rc = sc_row_bind_tenant(c->conn, c->m, st, (int)c->nparams + 1);
	return rc;
}

static sc_status many_row(sc_stmt *st, size_t i, void *ud)
{
	many_ctx *c = ud;
	if (i != c->next && c->missing == (size_t)-1)
		c->missing = c->next;
	c->next = i + 1;
	return read_returning(st, c->m, c->rows + i * c->m->row_size, c->ret_cols, c->nret);
}

static sc_status exec_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, void *rows, size_t n,
			   const unsigned *params, size_t nparams, const unsigned *ret_cols, size_t nret,
			   bool upsert)
{
	if (n == 0)
		return SC_OK;
	sc_status rc = sc_tx_begin(conn, NULL);
	if (rc != SC_OK)
		return rc;
	bool copied = false;
	if (!upsert)
		rc = sc__row_copy_many(conn, m, sql, rows, n, params, nparams, ret_cols, nret, &copied);
	sc_stmt *st;
	if (rc == SC_OK && !copied && (rc = sc_stmt_prepare_binary(&st, conn, sql)) == SC_OK) {
		many_ctx c = {conn, m, rows, params, ret_cols, nparams, nret, upsert, 0, (size_t)-1};
		rc = sc_stmt_exec_batch(st, n, many_bind, nret ? many_row : NULL, &c);
		sc_stmt_finalize(st);
		if (rc == SC_OK && upsert && c.missing == (size_t)-1 && c.next != n)
			c.missing = c.next;
		if (rc == SC_OK && upsert && c.missing != (size_t)-1)
			rc = sc__tenant_conflict(conn, m, c.missing);
	}
	if (rc != SC_OK) {
		rc = sc_row_name_violation(conn, m, rc);
		/* Keep the statement's error, not the rollback's. */
		sc_tx_rollback(conn);
		return rc;
	}
	return sc_tx_commit(conn);
}

sc_status sc_row_exec_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, void *rows,
			   size_t n, const unsigned *params, size_t nparams,
			   const unsigned *ret_cols, size_t nret)
{
	return exec_many(conn, m, sql, rows, n, params, nparams, ret_cols, nret, false);
}

sc_status sc_row_upsert_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, void *rows,
			     size_t n, const unsigned *params, size_t nparams,
			     const unsigned *ret_cols, size_t nret)
{
	return exec_many(conn, m, sql, rows, n, params, nparams, ret_cols, nret, true);
}

sc_status sc_row_fetch(sc_conn *conn, const sc_entity_meta *m, const char *sql, const void *key,
		       const unsigned *params, size_t nparams, unsigned flags, void *out)
{
	memset(out, 0, m->row_size); /* so out can be freed whatever happens */
	if ((flags & SC_READ_LOCK) && sc_conn_tx_depth(conn) == 0)
		return sc_row_fail(conn, m, SC_MISUSE, "SC_READ_LOCK needs an open transaction");
	sc_cache *cache = NULL;
	char *ck = NULL; /* the cache key; NULL (out of memory): the cache is skipped */
	/* Not for tenant tables: the key does not say whose view the row is. */
	if ((flags & SC_EXEC_CACHE) && !(flags & (SC_READ_LOCK | SC_READ_WITH_DELETED)) &&
	    sc_conn_tx_depth(conn) == 0 && m->tenant_col < 0)
		cache = sc_conn_cache(conn);
	if (cache && (ck = sc_row_cache_key(m, key)) != NULL) {
		void *val = NULL;
		size_t len = 0;
		if (cache->get(cache->ud, ck, &val, &len) == SC_OK) {
			sc_status rc = sc_row_decode(m, val, len, out);
			free(val);
			if (rc == SC_OK) {
				free(ck);
				return SC_OK;
			}
		}
	}
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare_binary(&st, conn, sql);
	if (rc != SC_OK) {
		free(ck);
		return rc;
	}
	rc = sc_row_bind(st, m, key, params, nparams, 1);
	if (rc == SC_OK)
		rc = bind_tenant(st, conn, m, flags, (int)nparams + 1);
	if (rc == SC_OK)
		rc = sc_stmt_step(st);
	sc_arena *mem = NULL;
	if (rc == SC_ROW) {
		memset(out, 0, m->row_size);
		mem = sc_arena_new();
		rc = mem ? sc_row_read(st, m, out, 0, mem) : SC_NO_MEMORY;
	} else if (rc == SC_DONE) {
		rc = sc_row_fail(conn, m, SC_NOT_FOUND, "not found");
	}
	sc_stmt_finalize(st);
	if (rc != SC_OK) {
		sc_arena_free(mem);
		if (mem)
			memset(out, 0, m->row_size);
		free(ck);
		return rc;
	}
	memcpy(AT(out, m->mem_offset), &mem, sizeof mem);
	if (ck) {
		void *val;
		size_t len;
		if (sc_row_encode(m, out, &val, &len) == SC_OK) {
			cache->put(cache->ud, ck, val, len, 0);
			free(val);
		}
	}
	free(ck);
	return SC_OK;
}
