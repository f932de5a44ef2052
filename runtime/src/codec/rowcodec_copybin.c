/* Row members in PostgreSQL's binary COPY format (insert_many's COPY,
 * rowcodec_copy.c): per tuple an int16 field count, per field an int32
 * length (-1: NULL) and the type's binary form, written straight from the
 * row struct (no text in between). Two jobs per type of SC_COL_TYPE_MAP:
 * takes_<TYPE> (is the column's PostgreSQL type the one this encoding is
 * for) and put_<TYPE> (the value's bytes). */
#include "codec/codec.h"
#include <schemac/datetime.h>
#include <schemac/values.h>

#include <stdlib.h>
#include <string.h>

/* PostgreSQL's epoch (2000-01-01) from the Unix epoch. */
#define PG_EPOCH_DAYS INT64_C(10957)
#define PG_EPOCH_US (PG_EPOCH_DAYS * INT64_C(86400000000))
/* jsonb's binary form: a version byte, then the JSON text. */
#define JSONB_VERSION 1

static bool is(const char *pg_type, const char *a, const char *b)
{
	return pg_type && (strcmp(pg_type, a) == 0 || (b && strcmp(pg_type, b) == 0));
}

/* ---- takes_<TYPE>: the PostgreSQL types a member's encoding is for ---- */
#define TAKES(T, a, b)                                  \
	static bool takes_##T(const char *pg)           \
	{                                               \
		return is(pg, a, b);                    \
	}
TAKES(BOOL, "boolean", "bool")
TAKES(INT16, "smallint", "int2")
TAKES(INT32, "integer", "int4")
TAKES(INT64, "bigint", "int8")
TAKES(DOUBLE, "double precision", "float8")
TAKES(TEXT, "text", "varchar")
TAKES(DECIMAL, "numeric", NULL)
TAKES(JSON, "jsonb", "json")
TAKES(BYTES, "bytea", NULL)
TAKES(UUID, "uuid", NULL)
TAKES(TIMESTAMP, "timestamptz", "timestamp")
TAKES(DATE, "date", NULL)
TAKES(ENUM, "text", NULL) /* enums are text columns with a CHECK */
TAKES(TIME, "time", NULL)
/* Never: arrays are not sent by COPY (rowcodec_copy.c). */
static bool takes_ARRAY(const char *pg)
{
	(void)pg;
	return false;
}
#undef TAKES

static bool takes(const sc_column_meta *c)
{
#define SC_COL_JOB(T) takes_##T(c->pg_type)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return false;
}

/* ---- put_<TYPE>: the field (length + bytes) of member p -------------- */

static void be(unsigned char *o, uint64_t v, int bytes)
{
	for (int k = bytes - 1; k >= 0; k--, v >>= 8)
		o[k] = (unsigned char)v;
}

/* A field of len bytes: its length written, *at its bytes (NULL: no room). */
static sc_status field(sc_conn *c, sc_bytebuf *b, size_t len, unsigned char **at)
{
	if (len > (size_t)INT32_MAX)
		return sc__conn_errf(c, SC_DATA_ERROR, "COPY value too large (%zu bytes)", len);
	if (!sc__bytebuf_reserve(b, 4 + len))
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	be(b->p + b->len, len, 4);
	*at = b->p + b->len + 4;
	b->len += 4 + len;
	return SC_OK;
}

/* A NULL field: length -1, no bytes. */
static sc_status null_field(sc_conn *c, sc_bytebuf *b)
{
	if (!sc__bytebuf_reserve(b, 4))
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	be(b->p + b->len, UINT32_MAX, 4);
	b->len += 4;
	return SC_OK;
}

static sc_status fixed(sc_conn *c, sc_bytebuf *b, uint64_t v, int bytes)
{
	unsigned char *o = NULL;
	sc_status rc = field(c, b, (size_t)bytes, &o);
	if (rc == SC_OK)
		be(o, v, bytes);
	return rc;
}

static sc_status raw(sc_conn *c, sc_bytebuf *b, const void *data, size_t n, bool jsonb)
{
	unsigned char *o = NULL;
	sc_status rc = field(c, b, n + (jsonb ? 1 : 0), &o);
	if (rc != SC_OK)
		return rc;
	if (jsonb)
		*o++ = JSONB_VERSION;
	if (n)
		memcpy(o, data, n);
	return SC_OK;
}

#define PUT_INT(T, ctype, bytes)                                                                      \
	static sc_status put_##T(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p) \
	{                                                                                             \
		(void)col;                                                                            \
		ctype v;                                                                              \
		memcpy(&v, p, sizeof v);                                                              \
		return fixed(c, b, (uint64_t)(int64_t)v, bytes);                                      \
	}
PUT_INT(BOOL, bool, 1)
PUT_INT(INT16, int16_t, 2)
PUT_INT(INT32, int32_t, 4)
PUT_INT(INT64, int64_t, 8)
#undef PUT_INT

static sc_status put_DOUBLE(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	(void)col;
	uint64_t bits;
	memcpy(&bits, p, sizeof bits); /* IEEE 754 binary64, as float8send */
	return fixed(c, b, bits, 8);
}

static sc_status put_TEXT(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	const char *s;
	memcpy(&s, p, sizeof s);
	return raw(c, b, s, strlen(s), col->type == SC_COL_JSON && strcmp(col->pg_type, "jsonb") == 0);
}

static sc_status put_JSON(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	return put_TEXT(c, b, col, p);
}

static sc_status put_BYTES(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	(void)col;
	sc_bytes v;
	memcpy(&v, p, sizeof v);
	return raw(c, b, v.data, v.len, false);
}

static sc_status put_UUID(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	(void)col;
	return raw(c, b, p, sizeof(sc_uuid), false);
}

/* Microseconds since 1970 as since 2000; the infinities are the same
 * values in both. Far below PostgreSQL's range the shift would overflow:
 * INT64_MIN + 1 is out of range too (the server refuses it, as it refuses
 * the text of such a year). */
static sc_status put_TIMESTAMP(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	(void)col;
	int64_t v;
	memcpy(&v, p, sizeof v);
	if (v != SC_TIMESTAMP_INFINITY && v != SC_TIMESTAMP_NEG_INFINITY)
		v = v < INT64_MIN + PG_EPOCH_US ? INT64_MIN + 1 : v - PG_EPOCH_US;
	return fixed(c, b, (uint64_t)v, 8);
}

static sc_status put_DATE(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	(void)col;
	int32_t v;
	memcpy(&v, p, sizeof v);
	if (v != SC_DATE_INFINITY && v != SC_DATE_NEG_INFINITY)
		v = (int64_t)v < INT32_MIN + PG_EPOCH_DAYS ? INT32_MIN + 1 : (int32_t)(v - PG_EPOCH_DAYS);
	return fixed(c, b, (uint64_t)(int64_t)v, 4);
}

static sc_status put_TIME(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	int64_t v;
	memcpy(&v, p, sizeof v);
	if (v < 0 || v > SC_TIME_MAX) /* as pg_bind says it */
		return sc__conn_errf(c, SC_INVALID_ARGUMENT, "%s: time of day out of range", col->field);
	return fixed(c, b, (uint64_t)v, 8);
}

static sc_status put_ARRAY(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	(void)b, (void)p;
	return sc__conn_errf(c, SC_INVALID_ARGUMENT, "%s: arrays are not sent by COPY", col->field);
}

static sc_status put_ENUM(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	int v;
	memcpy(&v, p, sizeof v);
	if (v < 1 || (unsigned)v > col->enum_count) /* NULL, as bind_ENUM */
		return null_field(c, b);
	const char *s = col->enum_names[v - 1];
	return raw(c, b, s, strlen(s), false);
}

/* The decimal as the text path would send it (sc_stmt_bind_decimal: the
 * canonical text for the column's scale when it parses), in numeric's
 * binary form. SC_DATA_ERROR: text only the server parses (exponents). */
static sc_status encode_decimal(const sc_column_meta *col, const char *text, unsigned char *small, size_t small_cap,
				unsigned char **out, size_t *len)
{
	size_t tl = strlen(text), need = tl + col->scale + 3;
	char canon_small[128];
	char *canon = need <= sizeof canon_small ? canon_small : malloc(need);
	if (!canon)
		return SC_NO_MEMORY;
	const char *s = sc_decimal_canonical(text, col->precision, col->scale, canon, need) == SC_OK ? canon : text;
	size_t max = sc__numeric_bin_max(strlen(s));
	*out = max <= small_cap ? small : malloc(max);
	sc_status rc = *out ? sc__numeric_text_bin(s, *out, max, len) : SC_NO_MEMORY;
	if (canon != canon_small)
		free(canon);
	if (rc != SC_OK && *out != small) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

static sc_status put_DECIMAL(sc_conn *c, sc_bytebuf *b, const sc_column_meta *col, const unsigned char *p)
{
	const char *text;
	memcpy(&text, p, sizeof text);
	unsigned char small[128], *bin;
	size_t len;
	sc_status rc = encode_decimal(col, text, small, sizeof small, &bin, &len);
	if (rc == SC_OK)
		rc = raw(c, b, bin, len, false);
	else if (rc == SC_NO_MEMORY)
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	else /* sc__row_copy_binary_ok let only encodable decimals through */
		return sc__conn_errf(c, SC_DATA_ERROR, "%s: not a decimal", col->field);
	if (bin != small)
		free(bin);
	return rc;
}

static bool has_value(const sc_column_meta *c, const unsigned char *row)
{
	if (sc__col_by_pointer(c->type)) {
		const void *d; /* char * or sc_bytes: both start with their data pointer */
		memcpy(&d, row + c->offset, sizeof d);
		return d != NULL;
	}
	bool h = true;
	if (c->has_offset != SC_NO_HAS)
		memcpy(&h, row + c->has_offset, sizeof h);
	return h;
}

static sc_status put(sc_conn *conn, sc_bytebuf *b, const sc_column_meta *c, const unsigned char *row)
{
	if (!has_value(c, row))
		return null_field(conn, b);
	const unsigned char *p = row + c->offset;
#define SC_COL_JOB(T) put_##T(conn, b, c, p)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return sc__conn_errf(conn, SC_INVALID_ARGUMENT, "%s: unknown column type", c->field);
}

bool sc__row_copy_binary_ok(const sc_entity_meta *m, const unsigned *cols, size_t ncols, const void *rows, size_t n)
{
	if (ncols > INT16_MAX)
		return false;
	for (size_t k = 0; k < ncols; k++) {
		const sc_column_meta *c = &m->cols[cols[k]];
		if (!takes(c))
			return false;
		if (c->type != SC_COL_DECIMAL)
			continue;
		for (size_t i = 0; i < n; i++) { /* every decimal must encode */
			const unsigned char *row = (const unsigned char *)rows + i * m->row_size;
			if (!has_value(c, row))
				continue;
			const char *text;
			memcpy(&text, row + c->offset, sizeof text);
			unsigned char small[128], *bin;
			size_t len;
			if (encode_decimal(c, text, small, sizeof small, &bin, &len) != SC_OK)
				return false;
			if (bin != small)
				free(bin);
		}
	}
	return true;
}

sc_status sc__row_copy_binary_row(sc_conn *conn, size_t i, sc_bytebuf *b, void *ud)
{
	const sc_copy_rows *x = ud;
	const unsigned char *row = x->rows + i * x->m->row_size;
	if (!sc__bytebuf_reserve(b, 2))
		return sc__conn_errf(conn, SC_NO_MEMORY, "out of memory");
	be(b->p + b->len, x->ncols, 2);
	b->len += 2;
	for (size_t k = 0; k < x->ncols; k++) {
		sc_status rc = put(conn, b, &x->m->cols[x->cols[k]], row);
		if (rc != SC_OK)
			return rc;
	}
	return SC_OK;
}
