/* Array columns (schemac/array.h): an sc_array_* member to one parameter
 * (the IN-list encoder's PostgreSQL array literal or SQLite JSON array) and
 * a column back, from PostgreSQL's binary or text array or SQLite's JSON
 * array. Elements are converted from their text the way the scalar
 * getters convert it; every refusal is SC_DATA_ERROR with a message. */
#include "codec/codec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sc_status sc_stmt_bind_array(sc_stmt *st, int idx, const sc_column_meta *c, const void *arr)
{
	sc_array a;
	memcpy(&a, arr, sizeof a);
	if (!a.items) {
		if (a.n)
			return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT, "%s: items NULL with n %zu", c->field, a.n);
		return sc_stmt_bind_null(st, idx);
	}
	sc_column_meta e = *c;
	e.type = c->elem;
	sc_sbuf b = {0};
	sc_status rc = sc__array_param_of(&b, sc_conn_dialect(st->conn), &e, a.items, a.n);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, idx, b.data, b.len);
	else if (rc == SC_INVALID_ARGUMENT)
		rc = sc__conn_errf(st->conn, rc, "%s: a NULL or invalid element", c->field);
	free(b.data);
	return rc;
}

/* ---- elements from text ----------------------------------------------- */

typedef struct reader {
	sc_stmt *st;
	const sc_column_meta *c;
	sc_arena *mem;
	unsigned char *items; /* n of cap, malloc'd while reading */
	size_t n, cap, size;
} reader;

static sc_status bad(reader *r, const char *what)
{
	return sc__conn_errf(r->st->conn, SC_DATA_ERROR, "%s: %s", r->c->field, what);
}

static unsigned char *slot(reader *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8;
		unsigned char *p = realloc(r->items, cap * r->size);
		if (!p)
			return NULL;
		r->items = p;
		r->cap = cap;
	}
	return r->items + r->n++ * r->size;
}

static sc_status integer(reader *r, const char *t, size_t n, int64_t *out)
{
	char buf[32];
	if (n == 0 || n >= sizeof buf)
		return bad(r, "an element is not an integer");
	memcpy(buf, t, n);
	buf[n] = 0;
	char *end;
	errno = 0;
	long long v = strtoll(buf, &end, 10);
	if (errno || *end)
		return bad(r, "an element is not an integer");
	const sc_col_info *ci = sc__col(r->c->elem);
	if (v < ci->min || v > ci->max)
		return bad(r, "an element is out of range");
	*out = v;
	return SC_OK;
}

/* One element given as text (PostgreSQL text arrays, JSON). */
static sc_status put_text(reader *r, const char *t, size_t n)
{
	unsigned char *p = slot(r);
	if (!p)
		return SC_NO_MEMORY;
	int64_t v = 0;
	sc_status rc = SC_OK;
	switch (r->c->elem) {
	case SC_COL_INT16: {
		int16_t x = 0;
		if ((rc = integer(r, t, n, &v)) == SC_OK)
			x = (int16_t)v;
		memcpy(p, &x, sizeof x);
		return rc;
	}
	case SC_COL_INT32: {
		int32_t x = 0;
		if ((rc = integer(r, t, n, &v)) == SC_OK)
			x = (int32_t)v;
		memcpy(p, &x, sizeof x);
		return rc;
	}
	case SC_COL_INT64:
		rc = integer(r, t, n, &v);
		memcpy(p, &v, sizeof v);
		return rc;
	case SC_COL_UUID: {
		sc_uuid u;
		if (sc_uuid_parse(t, n, &u) != SC_OK)
			return bad(r, "an element is not a uuid");
		memcpy(p, &u, sizeof u);
		return SC_OK;
	}
	case SC_COL_ENUM:
		for (unsigned i = 0; i < r->c->enum_count; i++)
			if (strlen(r->c->enum_names[i]) == n && memcmp(r->c->enum_names[i], t, n) == 0) {
				int e = (int)i + 1;
				memcpy(p, &e, sizeof e);
				return SC_OK;
			}
		return bad(r, "an element is not a value of the enum");
	case SC_COL_TEXT: {
		char *s = sc_arena_strndup(r->mem, t, n);
		memcpy(p, &s, sizeof s);
		return s ? SC_OK : SC_NO_MEMORY;
	}
	default:
		return bad(r, "arrays of this type are not supported");
	}
}

/* ---- PostgreSQL ---------------------------------------------------------- */

static uint32_t be32(const char *p) { return sc__be32(p); }

/* The binary array format: ndim, has-null flag, element OID, then per
 * dimension its size and lower bound, then each element as length + bytes. */
static sc_status pg_binary(reader *r, const char *p, size_t len)
{
	if (len < 12)
		return bad(r, "malformed binary array");
	uint32_t ndim = be32(p);
	if (ndim == 0)
		return SC_OK;
	if (ndim != 1)
		return bad(r, "a nested (multidimensional) array");
	if (len < 20)
		return bad(r, "malformed binary array");
	uint32_t count = be32(p + 12);
	size_t off = 20;
	for (uint32_t i = 0; i < count; i++) {
		if (off + 4 > len)
			return bad(r, "malformed binary array");
		int32_t n = (int32_t)be32(p + off);
		off += 4;
		if (n < 0)
			return bad(r, "a NULL element");
		if (off + (size_t)n > len)
			return bad(r, "malformed binary array");
		const char *e = p + off;
		off += (size_t)n;
		sc_status rc;
		unsigned char *s;
		switch (r->c->elem) {
		case SC_COL_INT16:
		case SC_COL_INT32:
		case SC_COL_INT64: {
			int64_t v = n == 2 ? (int16_t)(uint16_t)((uint8_t)e[0] << 8 | (uint8_t)e[1])
				  : n == 4 ? (int32_t)be32(e)
				  : n == 8 ? (int64_t)sc__be64(e)
					   : 0;
			if (n != 2 && n != 4 && n != 8)
				return bad(r, "an element is not an integer");
			char buf[24];
			int k = snprintf(buf, sizeof buf, "%lld", (long long)v);
			rc = put_text(r, buf, (size_t)k);
			break;
		}
		case SC_COL_UUID:
			if (n != 16)
				return bad(r, "an element is not a uuid");
			if (!(s = slot(r)))
				return SC_NO_MEMORY;
			memcpy(s, e, 16);
			rc = SC_OK;
			break;
		default: /* text, varchar, enum text: the bytes are the text */
			rc = put_text(r, e, (size_t)n);
		}
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}

/* The text form: {a,"b \"c\"",NULL}. */
static sc_status pg_text(reader *r, const char *t, size_t len)
{
	size_t i = 0;
	if (len < 2 || t[0] != '{' || t[len - 1] != '}')
		return bad(r, "malformed array");
	if (len == 2)
		return SC_OK;
	char *buf = malloc(len);
	if (!buf)
		return SC_NO_MEMORY;
	sc_status rc = SC_OK;
	i = 1;
	while (rc == SC_OK && i < len - 1) {
		size_t n = 0;
		if (t[i] == '{') {
			rc = bad(r, "a nested (multidimensional) array");
			break;
		}
		if (t[i] == '"') {
			for (i++; i < len - 1 && t[i] != '"'; i++) {
				if (t[i] == '\\' && i + 1 < len - 1)
					i++;
				buf[n++] = t[i];
			}
			if (t[i] != '"') {
				rc = bad(r, "malformed array");
				break;
			}
			i++;
		} else {
			for (; i < len - 1 && t[i] != ','; i++)
				buf[n++] = t[i];
			if (n == 4 && memcmp(buf, "NULL", 4) == 0) {
				rc = bad(r, "a NULL element");
				break;
			}
		}
		rc = put_text(r, buf, n);
		if (rc == SC_OK && i < len - 1 && t[i++] != ',')
			rc = bad(r, "malformed array");
	}
	free(buf);
	return rc;
}

/* ---- SQLite: a JSON array of strings or integers ------------------------ */

static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 63));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 63));
		out[2] = (char)(0x80 | (cp & 63));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 63));
	out[2] = (char)(0x80 | (cp >> 6 & 63));
	out[3] = (char)(0x80 | (cp & 63));
	return 4;
}

static bool hex4(const char *p, uint32_t *out)
{
	uint32_t v = 0;
	for (int k = 0; k < 4; k++) {
		char ch = p[k];
		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (uint32_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (uint32_t)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			v |= (uint32_t)(ch - 'A' + 10);
		else
			return false;
	}
	*out = v;
	return true;
}

/* A JSON string at t[*i] (the opening quote) into buf; *i past its end. */
static bool json_str(const char *t, size_t len, size_t *i, char *buf, size_t *n)
{
	*n = 0;
	for (size_t k = *i + 1; k < len; k++) {
		char ch = t[k];
		if (ch == '"') {
			*i = k + 1;
			return true;
		}
		if (ch != '\\') {
			buf[(*n)++] = ch;
			continue;
		}
		if (++k >= len)
			return false;
		const char *simple = strchr("\"\\/bfnrt", t[k]);
		if (simple && t[k]) {
			static const char to[] = "\"\\/\b\f\n\r\t";
			buf[(*n)++] = to[simple - "\"\\/bfnrt"];
			continue;
		}
		uint32_t cp, lo;
		if (t[k] != 'u' || k + 4 >= len || !hex4(t + k + 1, &cp))
			return false;
		k += 4;
		if (cp >= 0xD800 && cp < 0xDC00 && k + 6 < len && t[k + 1] == '\\' && t[k + 2] == 'u' &&
		    hex4(t + k + 3, &lo) && lo >= 0xDC00 && lo < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			k += 6;
		}
		*n += utf8_put(buf + *n, cp);
	}
	return false;
}

static sc_status json_array(reader *r, const char *t, size_t len)
{
	size_t i = 0;
	while (i < len && strchr(" \t\r\n", t[i]))
		i++;
	if (i >= len || t[i++] != '[')
		return bad(r, "not a JSON array");
	char *buf = malloc(len + 1);
	if (!buf)
		return SC_NO_MEMORY;
	sc_status rc = SC_OK;
	bool first = true;
	for (;;) {
		while (i < len && strchr(" \t\r\n", t[i]))
			i++;
		if (i < len && t[i] == ']' && first)
			break;
		size_t n = 0;
		if (i < len && t[i] == '"') {
			if (!json_str(t, len, &i, buf, &n)) {
				rc = bad(r, "not a JSON array");
				break;
			}
		} else {
			while (i < len && !strchr(", \t\r\n]", t[i]))
				buf[n++] = t[i++];
			if (n == 4 && memcmp(buf, "null", 4) == 0) {
				rc = bad(r, "a NULL element");
				break;
			}
			if (n && (buf[0] == '[' || buf[0] == '{')) {
				rc = bad(r, "a nested array or object");
				break;
			}
		}
		if ((rc = put_text(r, buf, n)) != SC_OK)
			break;
		first = false;
		while (i < len && strchr(" \t\r\n", t[i]))
			i++;
		if (i < len && t[i] == ',') {
			i++;
			continue;
		}
		if (i < len && t[i] == ']')
			break;
		rc = bad(r, "not a JSON array");
		break;
	}
	free(buf);
	return rc;
}

sc_status sc_read_array(sc_stmt *st, const sc_raw_col *v, int col, sc_arena *mem, const sc_column_meta *c,
			void *out)
{
	sc_array a = {NULL, 0};
	memcpy(out, &a, sizeof a);
	reader r = {st, c, mem, NULL, 0, 0, sc__col(c->elem)->size};
	if (!r.size)
		return bad(&r, "arrays of this type are not supported");
	const char *t;
	size_t n;
	sc_status rc;
	bool pg = sc_conn_dialect(st->conn) == SC_DIALECT_POSTGRES;
	if (v && v[col].len < 0)
		return SC_OK;
	if (v && pg) {
		rc = pg_binary(&r, v[col].p, (size_t)v[col].len);
	} else if (v && v[col].oid == SC_RAW_SQLITE_TEXT) {
		rc = json_array(&r, v[col].p, (size_t)v[col].len);
	} else {
		rc = sc_stmt_column_text(st, col, &t, &n);
		if (rc != SC_OK || !t)
			return rc;
		rc = pg ? pg_text(&r, t, n) : json_array(&r, t, n);
	}
	if (rc == SC_OK) {
		a.items = sc_arena_memdup(mem, r.items ? (void *)r.items : "", r.n * r.size);
		a.n = r.n;
		rc = a.items ? SC_OK : SC_NO_MEMORY;
	}
	free(r.items);
	if (rc == SC_OK)
		memcpy(out, &a, sizeof a);
	return rc;
}
