/*
 * Reading a result row straight into a struct: what generated code uses
 * (docs/runtime.md, "Binary results").
 *
 * A statement prepared with sc_stmt_prepare_binary gets its results on
 * PostgreSQL in binary format. sc_stmt_raw_row then gives the current row's
 * values as they arrived (pointer, length, type OID), and the sc_read_*
 * helpers below decode the common cases inline: big-endian integers and
 * floats, bool, uuid, timestamptz/date/time (microseconds or days since
 * 2000-01-01, shifted to 1970), and text-shaped values (text, varchar,
 * json, jsonb after its version byte). Anything else - SQL NULL, another
 * type than expected (count(*) into an int32, numeric into an integer),
 * SQLite, text results - goes through the sc_stmt_column_* getter of the
 * same type, which converts binary values exactly as it converts text ones.
 * So the helpers never change a result, only its cost.
 */
#ifndef SCHEMAC_ROWREAD_H
#define SCHEMAC_ROWREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "datetime.h"
#include "stmt.h"
#include "uuid.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One value of a row as it came: len < 0 for SQL NULL. On PostgreSQL p
 *  and len are the binary form and oid the column's type; on SQLite oid is
 *  the storage class (SC_RAW_SQLITE_*), the value in i or d (INTEGER,
 *  REAL) or p and len (TEXT, BLOB). */
typedef struct sc_raw_col {
	const char *p;
	int len;
	unsigned oid;
	int64_t i;
	double d;
} sc_raw_col;

/* SQLite storage classes in sc_raw_col.oid (no PostgreSQL OID is this high). */
#define SC_RAW_SQLITE_INTEGER 0x80000001u
#define SC_RAW_SQLITE_FLOAT 0x80000002u
#define SC_RAW_SQLITE_TEXT 0x80000003u
#define SC_RAW_SQLITE_BLOB 0x80000004u

/**
 * Like sc_stmt_prepare, and the statement's results come in binary format
 * on PostgreSQL (the getters read them as usual; on SQLite only
 * sc_stmt_raw_row is enabled). For statements whose columns are read by typed getters; a text
 * getter on a column of a type the runtime does not know (interval,
 * arrays, ...) fails with SC_DATA_ERROR in binary format.
 */
sc_status sc_stmt_prepare_binary(sc_stmt **out, sc_conn *c, const char *sql);

/**
 * The current row's values, for a statement from sc_stmt_prepare_binary
 * whose result has at least ncols columns; NULL otherwise (then read with
 * the getters). Valid until the next step, reset or finalize; a getter
 * called on a column afterwards may invalidate that column's p.
 */
const sc_raw_col *sc_stmt_raw_row(sc_stmt *st, int ncols);

/* PostgreSQL type OIDs the inline paths know (pg_type.dat). */
#define SC_OID_BOOL 16u
#define SC_OID_BYTEA 17u
#define SC_OID_NAME 19u
#define SC_OID_INT8 20u
#define SC_OID_INT2 21u
#define SC_OID_INT4 23u
#define SC_OID_TEXT 25u
#define SC_OID_JSON 114u
#define SC_OID_FLOAT8 701u
#define SC_OID_UNKNOWN 705u
#define SC_OID_BPCHAR 1042u
#define SC_OID_VARCHAR 1043u
#define SC_OID_DATE 1082u
#define SC_OID_TIME 1083u
#define SC_OID_TIMESTAMP 1114u
#define SC_OID_TIMESTAMPTZ 1184u
#define SC_OID_NUMERIC 1700u
#define SC_OID_UUID 2950u
#define SC_OID_JSONB 3802u

/** 2000-01-01 (PostgreSQL's epoch) in days and microseconds since 1970. */
#define SC_PG_EPOCH_DAYS 10957
#define SC_PG_EPOCH_US (INT64_C(10957) * 86400 * 1000000)

static inline uint64_t sc__be64(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (uint64_t)u[0] << 56 | (uint64_t)u[1] << 48 | (uint64_t)u[2] << 40 | (uint64_t)u[3] << 32 |
	       (uint64_t)u[4] << 24 | (uint64_t)u[5] << 16 | (uint64_t)u[6] << 8 | (uint64_t)u[7];
}

static inline uint32_t sc__be32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | (uint32_t)u[3];
}

/** PostgreSQL's microseconds since 2000 as microseconds since 1970
 *  (+-infinity kept): false past what int64 holds (the last ~20,000 years
 *  PostgreSQL allows), which the getters report as SC_DATA_ERROR. */
static inline bool sc_pg_timestamp_us(int64_t pg, int64_t *out)
{
	if (pg == INT64_MAX || pg == INT64_MIN)
		*out = pg;
	else if (pg < INT64_MAX - SC_PG_EPOCH_US)
		*out = pg + SC_PG_EPOCH_US;
	else
		return false;
	return true;
}

/** The value at v[col] has type oid and len bytes (so it is not NULL). */
static inline bool sc__raw_is(const sc_raw_col *v, int col, unsigned oid, int len)
{
	return v && v[col].oid == oid && v[col].len == len;
}

/** A SQLite INTEGER within lo..hi. */
static inline bool sc__raw_int(const sc_raw_col *v, int col, int64_t lo, int64_t hi)
{
	return v && v[col].oid == SC_RAW_SQLITE_INTEGER && v[col].i >= lo && v[col].i <= hi;
}

static inline bool sc_read_is_null(sc_stmt *st, const sc_raw_col *v, int col)
{
	return v ? v[col].len < 0 : sc_stmt_column_is_null(st, col);
}

static inline sc_status sc_read_bool(sc_stmt *st, const sc_raw_col *v, int col, bool *out)
{
	if (sc__raw_is(v, col, SC_OID_BOOL, 1))
		*out = v[col].p[0] != 0;
	else if (v && v[col].oid == SC_RAW_SQLITE_INTEGER)
		*out = v[col].i != 0;
	else
		return sc_stmt_column_bool(st, col, out);
	return SC_OK;
}

static inline sc_status sc_read_int16(sc_stmt *st, const sc_raw_col *v, int col, int16_t *out)
{
	if (sc__raw_is(v, col, SC_OID_INT2, 2)) {
		const unsigned char *u = (const unsigned char *)v[col].p;
		*out = (int16_t)(uint16_t)(u[0] << 8 | u[1]);
	} else if (sc__raw_int(v, col, INT16_MIN, INT16_MAX)) {
		*out = (int16_t)v[col].i;
	} else {
		return sc_stmt_column_int16(st, col, out);
	}
	return SC_OK;
}

static inline sc_status sc_read_int32(sc_stmt *st, const sc_raw_col *v, int col, int32_t *out)
{
	if (sc__raw_is(v, col, SC_OID_INT4, 4))
		*out = (int32_t)sc__be32(v[col].p);
	else if (sc__raw_int(v, col, INT32_MIN, INT32_MAX))
		*out = (int32_t)v[col].i;
	else
		return sc_stmt_column_int32(st, col, out);
	return SC_OK;
}

static inline sc_status sc_read_int64(sc_stmt *st, const sc_raw_col *v, int col, int64_t *out)
{
	if (sc__raw_is(v, col, SC_OID_INT8, 8))
		*out = (int64_t)sc__be64(v[col].p);
	else if (v && v[col].oid == SC_RAW_SQLITE_INTEGER)
		*out = v[col].i;
	else
		return sc_stmt_column_int64(st, col, out);
	return SC_OK;
}

static inline sc_status sc_read_double(sc_stmt *st, const sc_raw_col *v, int col, double *out)
{
	if (sc__raw_is(v, col, SC_OID_FLOAT8, 8)) {
		uint64_t b = sc__be64(v[col].p);
		memcpy(out, &b, sizeof *out);
	} else if (v && v[col].oid == SC_RAW_SQLITE_FLOAT) {
		*out = v[col].d;
	} else if (v && v[col].oid == SC_RAW_SQLITE_INTEGER) {
		*out = (double)v[col].i;
	} else {
		return sc_stmt_column_double(st, col, out);
	}
	return SC_OK;
}

static inline sc_status sc_read_uuid(sc_stmt *st, const sc_raw_col *v, int col, sc_uuid *out)
{
	if (sc__raw_is(v, col, SC_OID_UUID, 16))
		memcpy(out->bytes, v[col].p, 16);
	else if (!v || v[col].oid != SC_RAW_SQLITE_TEXT || sc_uuid_parse(v[col].p, (size_t)v[col].len, out) != SC_OK)
		return sc_stmt_column_uuid(st, col, out);
	return SC_OK;
}

/* timestamptz: microseconds since 2000; +-infinity are INT64_MAX/MIN on
 * both sides (SC_TIMESTAMP_INFINITY). */
static inline sc_status sc_read_timestamp(sc_stmt *st, const sc_raw_col *v, int col, int64_t *out)
{
	int64_t t;
	if (sc__raw_is(v, col, SC_OID_TIMESTAMPTZ, 8) &&
	    sc_pg_timestamp_us((int64_t)sc__be64(v[col].p), &t)) {
		*out = t;
	} else if (v && v[col].oid == SC_RAW_SQLITE_INTEGER) {
		*out = v[col].i;
	} else {
		return sc_stmt_column_timestamp(st, col, out);
	}
	return SC_OK;
}

static inline sc_status sc_read_date(sc_stmt *st, const sc_raw_col *v, int col, int32_t *out)
{
	if (sc__raw_is(v, col, SC_OID_DATE, 4)) {
		int32_t d = (int32_t)sc__be32(v[col].p);
		*out = d == INT32_MAX || d == INT32_MIN ? d : d + SC_PG_EPOCH_DAYS;
	} else if (sc__raw_int(v, col, INT32_MIN, INT32_MAX)) {
		*out = (int32_t)v[col].i;
	} else if (!v || v[col].oid != SC_RAW_SQLITE_TEXT || sc_date_parse(v[col].p, (size_t)v[col].len, out) != SC_OK) {
		return sc_stmt_column_date(st, col, out);
	}
	return SC_OK;
}

static inline sc_status sc_read_time(sc_stmt *st, const sc_raw_col *v, int col, int64_t *out)
{
	if (sc__raw_is(v, col, SC_OID_TIME, 8))
		*out = (int64_t)sc__be64(v[col].p);
	else if (sc__raw_int(v, col, 0, SC_TIME_MAX))
		*out = v[col].i;
	else
		return sc_stmt_column_time(st, col, out);
	return SC_OK;
}

/** The text of a text-shaped binary value (text, varchar, bpchar, name,
 *  json, jsonb after its version byte 1), or false. */
static inline bool sc_raw_text(const sc_raw_col *v, int col, const char **t, size_t *n)
{
	if (!v || v[col].len < 0)
		return false;
	switch (v[col].oid) {
	case SC_OID_TEXT:
	case SC_OID_VARCHAR:
	case SC_OID_BPCHAR:
	case SC_OID_NAME:
	case SC_OID_JSON:
	case SC_OID_UNKNOWN:
	case SC_RAW_SQLITE_TEXT:
		*t = v[col].p;
		*n = (size_t)v[col].len;
		return true;
	case SC_OID_JSONB:
		if (v[col].len < 1 || v[col].p[0] != 1)
			return false;
		*t = v[col].p + 1;
		*n = (size_t)v[col].len - 1;
		return true;
	default:
		return false;
	}
}

/** A text column copied into mem (NULL for SQL NULL). */
static inline sc_status sc_read_text(sc_stmt *st, const sc_raw_col *v, int col, sc_arena *mem, char **out)
{
	const char *t;
	size_t n;
	sc_status rc = SC_OK;
	*out = NULL;
	if (!sc_raw_text(v, col, &t, &n)) {
		rc = sc_stmt_column_text(st, col, &t, &n);
		if (rc != SC_OK || (!t && sc_stmt_column_is_null(st, col)))
			return rc;
	}
	*out = sc_arena_strndup(mem, t ? t : "", t ? n : 0);
	return *out ? SC_OK : SC_NO_MEMORY;
}

/** A bytes column copied into mem (data NULL for SQL NULL; an empty value
 *  has a non-NULL data of length 0). */
static inline sc_status sc_read_bytes(sc_stmt *st, const sc_raw_col *v, int col, sc_arena *mem, sc_bytes *out)
{
	const void *d;
	size_t n;
	out->data = NULL;
	out->len = 0;
	if (v && (v[col].oid == SC_OID_BYTEA || v[col].oid == SC_RAW_SQLITE_BLOB) && v[col].len >= 0) {
		d = v[col].p;
		n = (size_t)v[col].len;
	} else {
		sc_status rc = sc_stmt_column_blob(st, col, &d, &n);
		if (rc != SC_OK || (!d && sc_stmt_column_is_null(st, col)))
			return rc;
	}
	out->data = sc_arena_memdup(mem, d ? d : "", n);
	out->len = n;
	return out->data ? SC_OK : SC_NO_MEMORY;
}

/** A decimal column as its exact text in mem (numeric's binary form is
 *  turned into the text PostgreSQL would send: NaN, digits, scale kept). */
sc_status sc_read_decimal(sc_stmt *st, const sc_raw_col *v, int col, sc_arena *mem, char **out);

/** An array column (`c`: its SC_COL_ARRAY metadata) into out, an
 *  sc_array_* whose items (and their strings) are copied into mem: items
 *  NULL for SQL NULL, non-NULL for an empty array. PostgreSQL's binary or
 *  text array, or SQLite's JSON array; a NULL element, a nested array or
 *  an element of another type is SC_DATA_ERROR. */
sc_status sc_read_array(sc_stmt *st, const sc_raw_col *v, int col, sc_arena *mem, const sc_column_meta *c,
			void *out);

#ifdef __cplusplus
}
#endif

#endif
