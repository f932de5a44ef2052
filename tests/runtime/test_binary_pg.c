/* Binary results on PostgreSQL (sc_stmt_prepare_binary, schemac/rowread.h)
 * give exactly what text results give: every getter, on every value of a
 * list of edge cases (numeric NaN / Infinity / huge / tiny / negative
 * scale / zero, timestamps and dates at PostgreSQL's extremes and
 * +-infinity, time 24:00, empty bytes against NULL, jsonb, floats' special
 * values, integer extremes), returns the same status and value from both;
 * and the inline sc_read_* helpers over sc_stmt_raw_row agree with them. */
#include "t.h"

#include <math.h>
#include <schemac/rowread.h>

/* One value: the expression selected, and whether its text form is the
 * same in both formats (timestamps are formatted by the runtime in binary:
 * the same instant, but always with six fraction digits; past 294247 AD,
 * where int64 microseconds since 1970 end, not at all). */
typedef struct probe {
	const char *expr;
	bool same_text;
} probe;

static const probe probes[] = {
	{"NULL::numeric", true},
	{"'NaN'::numeric", true},
	{"'Infinity'::numeric", true},
	{"'-Infinity'::numeric", true},
	{"0::numeric", true},
	{"0.000::numeric(10,3)", true},
	{"-0.5::numeric", true},
	{"12345::numeric(10,-3)", true},
	{"1e100::numeric", true},
	{"1e-20::numeric", true},
	{"0.0001::numeric", true},
	{"10000::numeric", true},
	{"9999.9999::numeric", true},
	{"-1234.5678::numeric(12,6)", true},
	{"123456789012345678901234567890.123456789012345678901234567890::numeric", true},
	{"2.50::numeric(5,2)", true},
	{"'infinity'::timestamptz", true},
	{"'-infinity'::timestamptz", true},
	{"'4714-11-24 00:00:00+00 BC'::timestamptz", false},
	{"'294276-12-31 23:59:59.999999+00'::timestamptz", false}, /* past int64 us since 1970 */
	{"'1970-01-01 00:00:00+00'::timestamptz", false},
	{"'2000-01-01 00:00:00+00'::timestamptz", false},
	{"'1999-12-31 23:59:59.999999+00'::timestamptz", false},
	{"'2026-12-03 18:00:00.5+00'::timestamptz", false},
	{"NULL::timestamptz", true},
	{"'infinity'::date", true},
	{"'-infinity'::date", true},
	{"'4714-11-24 BC'::date", true},
	{"'5874897-12-31'::date", true},
	{"'2000-01-01'::date", true},
	{"'1969-12-31'::date", true},
	{"'00:00'::time", true},
	{"'24:00:00'::time", true},
	{"'23:59:59.999999'::time", true},
	{"''::bytea", true},
	{"NULL::bytea", true},
	{"'\\x00ff10'::bytea", true},
	{"''::text", true},
	{"NULL::text", true},
	{"'h\u00e9llo \u2603'::text", true},
	{"'abc'::varchar(10)", true},
	{"'ab'::char(4)", true},
	{"'{\"a\": [1, 2.50, null], \"b\": \"\u00e9\"}'::jsonb", true},
	{"'{\"a\":  1}'::json", true},
	{"0.1::float8", true},
	{"'NaN'::float8", true},
	{"'Infinity'::float8", true},
	{"'-0'::float8", true},
	{"1e308::float8", true},
	{"5e-324::float8", true},
	{"1.1::real", true},
	{"(-32768)::int2", true},
	{"2147483647::int4", true},
	{"(-9223372036854775808)::int8", true},
	{"true", true},
	{"false", true},
	{"'0190c5d2-7a1b-7c3d-8e9f-0123456789ab'::uuid", true},
	{"42::oid", true},
};

/* Everything each getter says about column 0 of the current row. */
typedef struct seen {
	sc_status rc[10];
	bool b, null;
	int64_t i, ts, t;
	int32_t d;
	double f;
	char text[512];
	size_t tlen;
	sc_uuid u;
	unsigned char blob[64];
	size_t blen;
	bool blob_null;
} seen;

static void look(sc_stmt *st, seen *s)
{
	memset(s, 0, sizeof *s);
	s->null = sc_stmt_column_is_null(st, 0);
	s->rc[0] = sc_stmt_column_bool(st, 0, &s->b);
	s->rc[1] = sc_stmt_column_int64(st, 0, &s->i);
	s->rc[2] = sc_stmt_column_double(st, 0, &s->f);
	const char *t;
	s->rc[3] = sc_stmt_column_text(st, 0, &t, &s->tlen);
	if (t && s->tlen < sizeof s->text)
		memcpy(s->text, t, s->tlen);
	s->rc[4] = sc_stmt_column_uuid(st, 0, &s->u);
	s->rc[5] = sc_stmt_column_timestamp(st, 0, &s->ts);
	s->rc[6] = sc_stmt_column_date(st, 0, &s->d);
	s->rc[7] = sc_stmt_column_time(st, 0, &s->t);
	const void *b;
	s->rc[8] = sc_stmt_column_blob(st, 0, &b, &s->blen);
	s->blob_null = b == NULL;
	if (b && s->blen <= sizeof s->blob)
		memcpy(s->blob, b, s->blen);
}

static bool same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

/* The inline helpers over the raw row read what the getters read. */
static void check_helpers(sc_stmt *st, const seen *txt, const char *expr)
{
	const sc_raw_col *v = sc_stmt_raw_row(st, 1);
	CHECK_MSG(v != NULL, "%s: no raw row", expr);
	if (!v)
		return;
	CHECK_MSG(sc_read_is_null(st, v, 0) == txt->null, "%s: is_null", expr);
	CHECK(sc_stmt_raw_row(st, 2) == NULL); /* fewer columns than asked for */
	bool b;
	int64_t i;
	int32_t d;
	double f;
	sc_uuid u;
	CHECK_MSG(sc_read_bool(st, v, 0, &b) == txt->rc[0] && (txt->rc[0] || b == txt->b), "%s: bool", expr);
	CHECK_MSG(sc_read_int64(st, v, 0, &i) == txt->rc[1] && (txt->rc[1] || i == txt->i), "%s: int64", expr);
	CHECK_MSG(sc_read_double(st, v, 0, &f) == txt->rc[2] && (txt->rc[2] || same_double(f, txt->f)),
		  "%s: double", expr);
	CHECK_MSG(sc_read_uuid(st, v, 0, &u) == txt->rc[4] && (txt->rc[4] || !memcmp(&u, &txt->u, sizeof u)),
		  "%s: uuid", expr);
	CHECK_MSG(sc_read_timestamp(st, v, 0, &i) == txt->rc[5] && (txt->rc[5] || i == txt->ts), "%s: timestamp",
		  expr);
	CHECK_MSG(sc_read_date(st, v, 0, &d) == txt->rc[6] && (txt->rc[6] || d == txt->d), "%s: date", expr);
	CHECK_MSG(sc_read_time(st, v, 0, &i) == txt->rc[7] && (txt->rc[7] || i == txt->t), "%s: time", expr);
	sc_arena *mem = sc_arena_new();
	REQUIRE(mem);
	char *s = NULL;
	/* decimal and text: the text the getter gives (numeric's binary form
	 * turned into PostgreSQL's own text) */
	if (strstr(expr, "numeric") || strstr(expr, "text") || strstr(expr, "json") || strstr(expr, "char")) {
		sc_status rc = strstr(expr, "numeric") ? sc_read_decimal(st, v, 0, mem, &s) : sc_read_text(st, v, 0, mem, &s);
		CHECK_MSG(rc == txt->rc[3], "%s: decimal/text rc %d", expr, rc);
		CHECK_MSG(rc || (s == NULL) == txt->null, "%s: decimal/text NULL", expr);
		CHECK_MSG(rc || !s || (strlen(s) == txt->tlen && !memcmp(s, txt->text, txt->tlen)),
			  "%s: decimal/text '%s' / '%.*s'", expr, s ? s : "(null)", (int)txt->tlen, txt->text);
	}
	if (strstr(expr, "bytea")) {
		sc_bytes by;
		sc_status rc = sc_read_bytes(st, v, 0, mem, &by);
		CHECK_MSG(rc == SC_OK && (by.data == NULL) == txt->null && by.len == txt->blen &&
				  (!by.len || !memcmp(by.data, txt->blob, by.len)),
			  "%s: bytes", expr);
	}
	sc_arena_free(mem);
}

int main(int argc, char **argv)
{
	t_watchdog("runtime_binary_pg", 120);
	char *url = t_pg_file(argc, argv, "url");
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	for (size_t k = 0; k < sizeof probes / sizeof probes[0]; k++) {
		const char *expr = probes[k].expr;
		char sql[512];
		snprintf(sql, sizeof sql, "SELECT %s", expr);
		seen txt, bin;
		sc_stmt *a, *b;
		REQUIRE(sc_stmt_prepare(&a, c, sql) == SC_OK);
		CHECK_RC(sc_stmt_step(a), SC_ROW);
		CHECK(sc_stmt_raw_row(a, 1) == NULL); /* text results: no raw row */
		look(a, &txt);
		sc_stmt_finalize(a);
		REQUIRE(sc_stmt_prepare_binary(&b, c, sql) == SC_OK);
		CHECK_RC(sc_stmt_step(b), SC_ROW);
		look(b, &bin);
		for (int j = 0; j < 9; j++)
			if (j != 3 || probes[k].same_text) /* text of a timestamp: see probe */
				CHECK_MSG(txt.rc[j] == bin.rc[j], "%s: getter %d: text %d, binary %d", expr, j, txt.rc[j],
				  bin.rc[j]);
		CHECK_MSG(txt.null == bin.null, "%s: null", expr);
		CHECK_MSG(txt.rc[0] || txt.b == bin.b, "%s: bool", expr);
		CHECK_MSG(txt.rc[1] || txt.i == bin.i, "%s: int64 %lld / %lld", expr, (long long)txt.i,
			  (long long)bin.i);
		CHECK_MSG(txt.rc[2] || same_double(txt.f, bin.f), "%s: double %.17g / %.17g", expr, txt.f, bin.f);
		if (probes[k].same_text)
			CHECK_MSG(txt.rc[3] || (txt.tlen == bin.tlen && !memcmp(txt.text, bin.text, txt.tlen)),
				  "%s: text '%.*s' / '%.*s'", expr, (int)txt.tlen, txt.text, (int)bin.tlen, bin.text);
		CHECK_MSG(txt.rc[4] || !memcmp(&txt.u, &bin.u, sizeof txt.u), "%s: uuid", expr);
		CHECK_MSG(txt.rc[5] || txt.ts == bin.ts, "%s: timestamp %lld / %lld", expr, (long long)txt.ts,
			  (long long)bin.ts);
		CHECK_MSG(txt.rc[6] || txt.d == bin.d, "%s: date", expr);
		CHECK_MSG(txt.rc[7] || txt.t == bin.t, "%s: time", expr);
		if (strstr(expr, "bytea"))
			CHECK_MSG(txt.rc[8] || (txt.blen == bin.blen && txt.blob_null == bin.blob_null &&
						!memcmp(txt.blob, bin.blob, txt.blen)),
				  "%s: blob", expr);
		check_helpers(b, &bin, expr);
		sc_stmt_finalize(b);
	}
	sc_conn_close(c);
	free(url);
	return t_done("runtime_binary_pg");
}
