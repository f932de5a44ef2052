/* Binary results on PostgreSQL (docs/runtime.md, "Binary results"): the
 * current row as raw values for generated code (schemac/rowread.h), and
 * the column getters' conversions from the binary forms, so that a getter
 * returns on a binary result exactly what it returns on a text one. */
#include "backend/pg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <schemac/rowread.h>

#define OID_OID 26u
#define OID_FLOAT4 700u

const void *sc__pg_raw_row(sc_stmt *st)
{
	sc_pg_stmt *ps = sc__pgs(st);
	PGresult *r = ps->res;
	if (!st->binary || !r)
		return NULL;
	bool same_res = ps->raw_res == r; /* the types are known: only the values change */
	if (same_res && ps->raw_at == ps->row)
		return ps->raw;
	int nf = PQnfields(r);
	if (nf > ps->rawcap) {
		sc_raw_col *v = realloc(ps->raw, (size_t)nf * sizeof *v);
		if (!v)
			return NULL; /* the getters still work */
		ps->raw = v;
		ps->rawcap = nf;
	}
	sc_raw_col *v = ps->raw;
	for (int i = 0; i < nf; i++) {
		int len = PQgetlength(r, ps->row, i);
		v[i].p = PQgetvalue(r, ps->row, i);
		v[i].len = len == 0 && PQgetisnull(r, ps->row, i) ? -1 : len;
		if (!same_res)
			v[i].oid = (unsigned)PQftype(r, i);
	}
	ps->raw_res = r;
	ps->raw_at = ps->row;
	return v;
}

/* Column col's decode buffer, at least n bytes. */
static char *colbuf(sc_stmt *st, int col, size_t n)
{
	sc_pg_stmt *ps = sc__pgs(st);
	if (ps->colcap[col] < n) {
		unsigned char *b = realloc(ps->colbuf[col], n);
		if (!b)
			return NULL;
		ps->colbuf[col] = b;
		ps->colcap[col] = n;
	}
	return (char *)ps->colbuf[col];
}

/* The shortest text that reads back as d (as PostgreSQL sends doubles). */
static size_t double_text(double d, char *out, size_t n)
{
	if (isnan(d))
		return (size_t)snprintf(out, n, "NaN");
	if (isinf(d))
		return (size_t)snprintf(out, n, "%s", d > 0 ? "Infinity" : "-Infinity");
	int k = 0;
	for (int prec = 1; prec <= 17; prec++) {
		k = snprintf(out, n, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
	return (size_t)k;
}

/* The same for a float4 (PostgreSQL sends the shortest text that reads
 * back as the float; the text path parses that text as a double). */
static size_t float_text(float f, char *out, size_t n)
{
	if (isnan(f) || isinf(f))
		return double_text(f, out, n);
	int k = 0;
	for (int prec = 1; prec <= 9; prec++) {
		k = snprintf(out, n, "%.*g", prec, (double)f);
		if (strtof(out, NULL) == f)
			break;
	}
	return (size_t)k;
}

static sc_status as_text(sc_stmt *st, int col, const sc_raw_col *v, const char **t, size_t *n);

/* The value as an integer when it is one (bool, int2/4/8, oid, an
 * integral numeric). */
static sc_status as_int(sc_stmt *st, int col, const sc_raw_col *v, int64_t *out)
{
	switch (v->oid) {
	case SC_OID_BOOL:
		if (v->len != 1)
			return SC_DATA_ERROR;
		*out = v->p[0] != 0;
		return SC_OK;
	case SC_OID_INT2:
		if (v->len != 2)
			return SC_DATA_ERROR;
		*out = (int16_t)(uint16_t)((unsigned char)v->p[0] << 8 | (unsigned char)v->p[1]);
		return SC_OK;
	case SC_OID_INT4:
		if (v->len != 4)
			return SC_DATA_ERROR;
		*out = (int32_t)sc__be32(v->p);
		return SC_OK;
	case OID_OID:
		if (v->len != 4)
			return SC_DATA_ERROR;
		*out = sc__be32(v->p);
		return SC_OK;
	case SC_OID_INT8:
		if (v->len != 8)
			return SC_DATA_ERROR;
		*out = (int64_t)sc__be64(v->p);
		return SC_OK;
	case SC_OID_NUMERIC: {
		char buf[32];
		size_t n;
		if (sc__numeric_bin_text(v->p, (size_t)v->len, buf, sizeof buf, &n) != SC_OK || n >= sizeof buf)
			return SC_DATA_ERROR;
		char *end;
		errno = 0;
		long long ll = strtoll(buf, &end, 10);
		if (errno || *end || !buf[0])
			return SC_DATA_ERROR; /* not integral, or out of range */
		*out = ll;
		return SC_OK;
	}
	case SC_OID_FLOAT8:
	case OID_FLOAT4: { /* as the text path: integral text ("-0", "5") reads */
		const char *t;
		size_t n;
		sc_status rc = as_text(st, col, v, &t, &n);
		if (rc != SC_OK)
			return rc;
		char *end;
		errno = 0;
		long long ll = strtoll(t, &end, 10);
		if (errno || *end || !*t)
			return SC_DATA_ERROR;
		*out = ll;
		return SC_OK;
	}
	default:
		return SC_DATA_ERROR;
	}
}

/* The text form of a binary value (what the text format would have sent,
 * for the types the runtime maps), in the column's buffer or in place. */
static sc_status as_text(sc_stmt *st, int col, const sc_raw_col *v, const char **t, size_t *n)
{
	if (sc_raw_text(v, 0, t, n)) /* v is one value */
		return SC_OK;
	char tmp[SC_DATETIME_BUFSZ + SC_UUID_STRLEN];
	size_t len = 0;
	int64_t i;
	switch (v->oid) {
	case SC_OID_BOOL:
		if (v->len != 1)
			return SC_DATA_ERROR;
		len = (size_t)snprintf(tmp, sizeof tmp, "%s", v->p[0] ? "t" : "f");
		break;
	case SC_OID_INT2:
	case SC_OID_INT4:
	case SC_OID_INT8:
	case OID_OID:
		if (as_int(st, col, v, &i) != SC_OK)
			return SC_DATA_ERROR;
		len = (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)i);
		break;
	case SC_OID_FLOAT8:
	case OID_FLOAT4: {
		double d;
		if (v->oid == SC_OID_FLOAT8 && v->len == 8) {
			uint64_t b = sc__be64(v->p);
			memcpy(&d, &b, sizeof d);
		} else if (v->oid == OID_FLOAT4 && v->len == 4) {
			uint32_t b = sc__be32(v->p);
			float f;
			memcpy(&f, &b, sizeof f);
			len = float_text(f, tmp, sizeof tmp);
			break;
		} else {
			return SC_DATA_ERROR;
		}
		len = double_text(d, tmp, sizeof tmp);
		break;
	}
	case SC_OID_UUID: {
		if (v->len != 16)
			return SC_DATA_ERROR;
		sc_uuid u;
		memcpy(u.bytes, v->p, 16);
		sc_uuid_format(&u, tmp);
		len = SC_UUID_STRLEN;
		break;
	}
	case SC_OID_TIMESTAMP:
	case SC_OID_TIMESTAMPTZ: {
		if (v->len != 8)
			return SC_DATA_ERROR;
		int64_t us;
		if (!sc_pg_timestamp_us((int64_t)sc__be64(v->p), &us))
			return SC_DATA_ERROR;
		len = sc_timestamp_format(us, tmp);
		if (v->oid == SC_OID_TIMESTAMP && len >= 3 && !strcmp(tmp + len - 3, "+00"))
			tmp[len -= 3] = '\0'; /* no zone on a timestamp without one */
		break;
	}
	case SC_OID_DATE: {
		if (v->len != 4)
			return SC_DATA_ERROR;
		int32_t d = (int32_t)sc__be32(v->p);
		len = sc_date_format(d == INT32_MAX || d == INT32_MIN ? d : d + SC_PG_EPOCH_DAYS, tmp);
		break;
	}
	case SC_OID_TIME:
		if (v->len != 8)
			return SC_DATA_ERROR;
		len = sc_time_format((int64_t)sc__be64(v->p), tmp);
		break;
	case SC_OID_NUMERIC: {
		size_t need;
		if (sc__numeric_bin_text(v->p, (size_t)v->len, NULL, 0, &need) != SC_OK)
			return SC_DATA_ERROR;
		char *b = colbuf(st, col, need + 1);
		if (!b)
			return SC_NO_MEMORY;
		sc__numeric_bin_text(v->p, (size_t)v->len, b, need + 1, &need);
		*t = b;
		*n = need;
		return SC_OK;
	}
	case SC_OID_BYTEA: { /* as the text format shows it: \x and hex */
		static const char hex[] = "0123456789abcdef";
		size_t bn = (size_t)v->len;
		char *b = colbuf(st, col, 2 * bn + 3);
		if (!b)
			return SC_NO_MEMORY;
		b[0] = '\\';
		b[1] = 'x';
		for (size_t k = 0; k < bn; k++) {
			b[2 + 2 * k] = hex[(unsigned char)v->p[k] >> 4];
			b[3 + 2 * k] = hex[(unsigned char)v->p[k] & 15];
		}
		b[2 + 2 * bn] = '\0';
		*t = b;
		*n = 2 * bn + 2;
		return SC_OK;
	}
	default:
		return SC_DATA_ERROR; /* a type without a known binary form */
	}
	char *b = colbuf(st, col, len + 1);
	if (!b)
		return SC_NO_MEMORY;
	memcpy(b, tmp, len + 1);
	*t = b;
	*n = len;
	return SC_OK;
}

sc_status sc__pg_column_binary(sc_stmt *st, int col, sc_vtype want, sc_value *out)
{
	PGresult *r = sc__pgs(st)->res;
	int row = sc__pgs(st)->row;
	sc_raw_col v = {PQgetvalue(r, row, col), PQgetlength(r, row, col), (unsigned)PQftype(r, col), 0, 0};
	if (PQgetisnull(r, row, col)) {
		out->type = SC_V_NULL;
		return SC_OK;
	}
	const sc_raw_col *one = &v; /* the inline readers take an array */
	out->type = want;
	const char *t;
	size_t n;
	switch (want) {
	case SC_V_BOOL: {
		if (v.oid == SC_OID_BOOL && v.len == 1) {
			out->v.b = v.p[0] != 0;
			return SC_OK;
		}
		/* as the text path reads the value's text */
		sc_status rc = as_text(st, col, one, &t, &n);
		if (rc != SC_OK)
			return rc;
		bool yes = !strcmp(t, "t") || !strcmp(t, "true") || !strcmp(t, "1");
		if (!yes && strcmp(t, "f") && strcmp(t, "false") && strcmp(t, "0"))
			return SC_DATA_ERROR;
		out->v.b = yes;
		return SC_OK;
	}
	case SC_V_INT16:
	case SC_V_INT32:
	case SC_V_INT64:
		out->type = SC_V_INT64;
		return as_int(st, col, one, &out->v.i);
	case SC_V_DOUBLE: {
		if (v.oid == SC_OID_FLOAT8 && v.len == 8) {
			uint64_t b = sc__be64(v.p);
			memcpy(&out->v.d, &b, sizeof out->v.d);
			return SC_OK;
		}
		sc_status rc = as_text(st, col, one, &t, &n);
		if (rc != SC_OK)
			return rc;
		char *end;
		out->v.d = strtod(t, &end);
		return (*t && !*end) ? SC_OK : SC_DATA_ERROR;
	}
	case SC_V_TEXT:
		out->v.s.p = NULL;
		return as_text(st, col, one, (const char **)&out->v.s.p, &out->v.s.n);
	case SC_V_BLOB:
		out->v.s.p = v.p; /* bytea's binary form is the bytes; any other: as sent */
		out->v.s.n = (size_t)v.len;
		return SC_OK;
	case SC_V_UUID:
		if (v.oid == SC_OID_UUID && v.len == 16) {
			memcpy(out->v.u.bytes, v.p, 16);
			return SC_OK;
		}
		if (as_text(st, col, one, &t, &n) != SC_OK)
			return SC_DATA_ERROR;
		return sc_uuid_parse(t, n, &out->v.u) == SC_OK ? SC_OK : SC_DATA_ERROR;
	case SC_V_TIMESTAMP:
		if ((v.oid == SC_OID_TIMESTAMPTZ || v.oid == SC_OID_TIMESTAMP) && v.len == 8) {
			return sc_pg_timestamp_us((int64_t)sc__be64(v.p), &out->v.i) ? SC_OK : SC_DATA_ERROR;
		}
		if (v.oid == SC_OID_INT8 || v.oid == SC_OID_INT4 || v.oid == SC_OID_INT2)
			return as_int(st, col, one, &out->v.i);
		if (as_text(st, col, one, &t, &n) != SC_OK)
			return SC_DATA_ERROR;
		return sc_timestamp_parse(t, n, &out->v.i);
	case SC_V_DATE: {
		if (v.oid == SC_OID_DATE && v.len == 4) {
			int32_t d = (int32_t)sc__be32(v.p);
			out->v.i = d == INT32_MAX || d == INT32_MIN ? d : d + SC_PG_EPOCH_DAYS;
			return SC_OK;
		}
		if (v.oid == SC_OID_INT8 || v.oid == SC_OID_INT4 || v.oid == SC_OID_INT2) {
			if (as_int(st, col, one, &out->v.i) != SC_OK || out->v.i < INT32_MIN || out->v.i > INT32_MAX)
				return SC_DATA_ERROR;
			return SC_OK;
		}
		if (as_text(st, col, one, &t, &n) != SC_OK)
			return SC_DATA_ERROR;
		int32_t d;
		sc_status rc = sc_date_parse(t, n, &d);
		out->v.i = d;
		return rc;
	}
	case SC_V_TIME:
		if (v.oid == SC_OID_TIME && v.len == 8) {
			out->v.i = (int64_t)sc__be64(v.p);
			return SC_OK;
		}
		if (as_text(st, col, one, &t, &n) != SC_OK)
			return SC_DATA_ERROR;
		return sc_time_parse(t, n, &out->v.i);
	case SC_V_NULL:
		break;
	}
	return SC_INVALID_ARGUMENT;
}
