/* Exact round trip of every type (tests/ddl/schemas/kitchen_sink.schema,
 * entity Everything): NULL vs zero vs empty, integer extremes, floats,
 * microsecond timestamps before 1970 and far ahead, dates, times of day, UUIDs, exact
 * decimals, bytes with every byte value, hostile and multi-byte strings,
 * JSON, enums; through get, list and filters. Plus the generic suite. */
#include <float.h>

#include "repo_entity.h"

#include "kitchen_sink.h"

typedef kitchen_sink_everything ev;

REPO_COMMON(kitchen_sink_everything)
REPO_GET_INT(kitchen_sink_everything, id)
REPO_UPSERT(kitchen_sink_everything)
static sc_status kitchen_sink_everything_w_del(sc_conn *c, const void *k)
{
	const ev *r = k;
	return kitchen_sink_everything_delete(c, r->id, r->version);
}
static sc_status kitchen_sink_everything_w_del_hard(sc_conn *c, const void *k)
{
	const ev *r = k;
	return kitchen_sink_everything_delete_hard(c, r->id, r->version);
}
static sc_status ev_by_ext(sc_conn *c, const void *k, unsigned f, void *o)
{
	return kitchen_sink_everything_get_by_ext_id(c, &((const ev *)k)->ext_id, f, o);
}
static sc_status ev_by_num_big(sc_conn *c, const void *k, unsigned f, void *o)
{
	const ev *r = k;
	return kitchen_sink_everything_get_by_num_big(c, r->num, r->big, f, o);
}
static const repo_ops ev_ops = {REPO_OPS_INIT(kitchen_sink_everything),
				REPO_UPSERT_INIT(kitchen_sink_everything, 2), .get_by = {ev_by_ext, ev_by_num_big}};

static uint8_t all_bytes[256], all_bytes_rev[256];
static uint8_t empty_bytes[1];

static void base_row(ev *r, int num, int64_t big)
{
	kitchen_sink_everything_init(r);
	r->num = num; /* (num, big) is unique */
	r->big = big;
	r->long_name = "x";
	r->blob = (sc_bytes){all_bytes, sizeof all_bytes};
	REQUIRE(sc_uuid_v7(&r->ext_id) == SC_OK);
}

/* Insert, then read back with get, with list (the page decoder) and via
 * the unique key, comparing every field with what was written. */
static void round_trip(ev *r, const char *what)
{
	sc_status st = kitchen_sink_everything_insert(C, r);
	CHECK_MSG(st == SC_OK, "%s: insert: %s (%s)", what, sc_status_name(st), sc_conn_error(C)->message);
	if (st != SC_OK)
		return;
	ev g;
	CHECK_ST(kitchen_sink_everything_get(C, r->id, 0, &g), SC_OK);
	CHECK_MSG(repo_row_diff(&kitchen_sink_everything_meta, r, &g, 0, what) == 0, "%s: get differs", what);
	kitchen_sink_everything_free(&g);

	sc_query *q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_id_eq(q, r->id);
	kitchen_sink_everything_page p = {0};
	CHECK_ST(kitchen_sink_everything_list(C, q, &p), SC_OK);
	CHECK(p.len == 1);
	if (p.len == 1)
		CHECK_MSG(repo_row_diff(&kitchen_sink_everything_meta, r, &p.rows[0], 0, what) == 0,
			  "%s: list differs", what);
	kitchen_sink_everything_page_free(&p);
	sc_query_free(q);

	CHECK_ST(kitchen_sink_everything_get_by_num_big(C, r->num, r->big, 0, &g), SC_OK);
	CHECK(g.id == r->id);
	kitchen_sink_everything_free(&g);
}

static void test_null_zero_empty(void)
{
	ev n; /* every nullable field NULL */
	base_row(&n, 1, 1);
	n.has_flag_n = false;
	n.has_ratio_n = false;
	n.has_tier_n = false;
	n.has_day_n = false; /* init set @default("2024-02-29") */
	n.has_clock_n = false;
	n.price_n = NULL;
	n.body_n = NULL;
	n.doc_n = NULL;
	n.blob_n = (sc_bytes){NULL, 0};
	round_trip(&n, "all NULL");

	ev z; /* every nullable field zero / empty, not NULL */
	base_row(&z, 2, 0);
	z.flag = false;
	z.flag_n = false, z.has_flag_n = true;
	z.small = 0;
	z.small_n = 0, z.has_small_n = true;
	z.num_n = 0, z.has_num_n = true;
	z.big_n = 0, z.has_big_n = true;
	z.ratio = 0.0;
	z.ratio_n = 0.0, z.has_ratio_n = true;
	z.price = "0.00";
	z.price_n = "0.0000";
	z.short_name = "";
	z.body = "";
	z.body_n = "";
	z.blob = (sc_bytes){empty_bytes, 0};
	z.blob_n = (sc_bytes){empty_bytes, 0};
	memset(&z.ext_id, 0, sizeof z.ext_id); /* nil: @default(uuid()) fills it, written back */
	z.has_ext_id_n = true;
	z.ext_id_n = (sc_uuid){{0}}; /* a nullable nil UUID is a value, not NULL */
	z.at = 0;
	z.at_n = 0, z.has_at_n = true;
	z.day = 0;
	z.day_n = 0, z.has_day_n = true;
	z.doc = "{}";
	z.doc_n = "null"; /* JSON null, not SQL NULL */
	z.renamed = 0;
	round_trip(&z, "all zero/empty");
	ev g;
	if (kitchen_sink_everything_get(C, z.id, 0, &g) == SC_OK) {
		CHECK(g.body_n && g.body_n[0] == '\0' && g.short_name && !g.short_name[0]);
		CHECK(g.blob_n.data != NULL && g.blob_n.len == 0);
		CHECK(g.blob.data != NULL && g.blob.len == 0);
		CHECK(g.has_flag_n && !g.flag_n && g.has_at_n && g.at_n == 0 && g.has_day_n && g.day_n == 0);
		CHECK(g.doc_n && !strcmp(g.doc_n, "null"));
		kitchen_sink_everything_free(&g);
	}
	if (kitchen_sink_everything_get(C, n.id, 0, &g) == SC_OK) {
		CHECK(g.body_n == NULL && g.blob_n.data == NULL && g.doc_n == NULL && g.price_n == NULL);
		CHECK(!g.has_flag_n && !g.has_small_n && !g.has_at_n && !g.has_day_n && !g.has_tier_n &&
		      !g.has_ext_id_n);
		kitchen_sink_everything_free(&g);
	}

	/* filters see the difference too */
	sc_query *q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_body_n_is_null(q);
	int64_t cnt = -1;
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_body_n_eq(q, "");
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
}

static void test_extremes(void)
{
	ev a;
	base_row(&a, 3, INT64_MAX);
	a.big_n = INT64_MIN, a.has_big_n = true;
	a.small = -10;
	a.small_n = INT16_MIN, a.has_small_n = true;
	a.num_n = INT32_MIN, a.has_num_n = true;
	a.ratio = DBL_MAX;
	a.ratio_n = 5e-324, a.has_ratio_n = true; /* smallest subnormal */
	a.price = "99999.99";
	a.price_n = "-12345678.9012";
	a.at = -1; /* 1969-12-31 23:59:59.999999 */
	a.at_n = INT64_C(-2208988800000001), a.has_at_n = true; /* 1899-12-31 23:59:59.999999 */
	a.day = -1;
	a.day_n = -25568, a.has_day_n = true; /* 1899-12-31 */
	memset(&a.ext_id, 0xff, sizeof a.ext_id);
	a.tier = KITCHEN_SINK_TIER_HOT;
	a.tier_n = KITCHEN_SINK_TIER_COLD, a.has_tier_n = true;
	a.flag = false;
	a.flag_n = true, a.has_flag_n = true;
	a.renamed = INT32_MAX;
	round_trip(&a, "extremes 1");

	ev b;
	base_row(&b, 4, INT64_MIN + 1);
	b.big = -1; /* @@check "num <= 100 OR big > 0" holds through num */
	b.big_n = INT64_MAX, b.has_big_n = true;
	b.small = 10;
	b.small_n = INT16_MAX, b.has_small_n = true;
	b.num_n = INT32_MAX, b.has_num_n = true;
	b.ratio = -0.1;
	b.ratio_n = 1.0 / 3.0, b.has_ratio_n = true;
	b.price = "0.01";
	b.price_n = "12345678.0001";
	b.at = INT64_C(1700000000123456);                         /* microseconds kept */
	b.at_n = INT64_C(253402300799999999), b.has_at_n = true; /* 9999-12-31 23:59:59.999999 */
	b.day = 19782;                                            /* 2024-02-29 */
	b.day_n = 2932896, b.has_day_n = true;                    /* 9999-12-31 */
	b.ext_id_n = b.ext_id, b.has_ext_id_n = true;
	REQUIRE(sc_uuid_v7(&b.ext_id) == SC_OK);
	b.tier = KITCHEN_SINK_TIER_COOL;
	b.renamed = INT32_MIN;
	round_trip(&b, "extremes 2");

	/* filters compare exactly at the extremes */
	sc_query *q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_big_n_eq(q, INT64_MIN);
	int64_t cnt = -1;
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_at_lt(q, 0);
	kitchen_sink_everything_where_at_ge(q, -1);
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_at_n_lt(q, INT64_C(-2208988800000000));
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_ext_id_eq(q, &a.ext_id);
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_price_n_eq(q, "-12345678.9012");
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
}

static void test_bytes_and_strings(void)
{
	ev s;
	base_row(&s, 5, 5);
	s.blob = (sc_bytes){all_bytes, sizeof all_bytes};
	s.blob_n = (sc_bytes){all_bytes_rev, sizeof all_bytes_rev};
	s.long_name = "'; DROP TABLE x; --";
	s.short_name = "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		       "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"; /* 16 characters, 32 bytes */
	s.body = "O'Brien \"quoted\" back\\slash \\x00 \\\\ $1 %s ?";
	s.body_n = "Z\xc3\xbcrich \xe2\x80\x94 \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x8e\x89"; /* Zürich — 東京 🎉 */
	s.doc = "{\"k\":\"it's \\\"q\\\" \\\\ \xc3\xa9\"}";
	s.doc_n = "[1,2.5,null,true,\"x\"]";
	round_trip(&s, "bytes and strings");

	/* the hostile string is data: the table is still there and finds it */
	sc_query *q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_long_name_eq(q, "'; DROP TABLE x; --");
	int64_t cnt = -1;
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_body_n_like(q, "%\xe6\x9d\xb1\xe4\xba\xac%");
	CHECK_ST(kitchen_sink_everything_count(C, q, &cnt), SC_OK);
	CHECK(cnt == 1);
	sc_query_free(q);

	/* a NUL as first byte, and a single byte */
	uint8_t nul[3] = {0, 0, 1}, one[1] = {0xff};
	ev t;
	base_row(&t, 6, 6);
	t.blob = (sc_bytes){nul, sizeof nul};
	t.blob_n = (sc_bytes){one, sizeof one};
	round_trip(&t, "NUL bytes");
}

/* The count of rows q matches; -1 when the count fails (no CHECK here:
 * callers compare inside CHECK, which does not nest). */
static int64_t count_where(sc_query *q)
{
	int64_t cnt = -1;
	if (kitchen_sink_everything_count(C, q, &cnt) != SC_OK)
		cnt = -1;
	sc_query_free(q);
	return cnt;
}

/* time: microseconds since midnight, exact from 00:00:00 to 24:00:00,
 * the @default("12:30:00") in init, filters, and out-of-range refusals. */
static void test_time_of_day(void)
{
	static const int64_t last = INT64_C(86399999999); /* 23:59:59.999999 */
	ev r;
	base_row(&r, 71, 71);
	CHECK(r.clock == INT64_C(45000000000)); /* init: @default("12:30:00") */
	CHECK(!r.has_clock_n);
	r.clock = 0; /* 00:00:00 */
	r.clock_n = last, r.has_clock_n = true;
	round_trip(&r, "time 00:00:00 / 23:59:59.999999");
	ev s;
	base_row(&s, 72, 72);
	s.clock = last;
	s.clock_n = SC_TIME_MAX, s.has_clock_n = true; /* 24:00:00, as PostgreSQL allows */
	round_trip(&s, "time 23:59:59.999999 / 24:00:00");
	ev t;
	base_row(&t, 73, 73);
	t.clock = 1; /* 00:00:00.000001 */
	t.has_clock_n = false;
	round_trip(&t, "time 00:00:00.000001 / NULL");

	sc_query *q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_clock_eq(q, 0);
	CHECK(count_where(q) == 1);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_clock_lt(q, 2);
	kitchen_sink_everything_where_id_in(q, (int64_t[]){r.id, s.id, t.id}, 3);
	CHECK(count_where(q) == 2);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_clock_gt(q, last - 1);
	CHECK(count_where(q) == 1);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_clock_n_ge(q, last);
	CHECK(count_where(q) == 2);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_clock_in(q, (int64_t[]){1, last, 12345}, 3);
	CHECK(count_where(q) == 2);
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_clock_n_is_null(q);
	kitchen_sink_everything_where_id_eq(q, t.id);
	CHECK(count_where(q) == 1);

	/* keyset pages ordered by time: the cursor carries the time exactly */
	int64_t want[] = {0, 1, last}, got[3];
	int n = 0;
	q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_id_in(q, (int64_t[]){r.id, s.id, t.id}, 3);
	kitchen_sink_everything_order_by(q, KITCHEN_SINK_EVERYTHING_CLOCK, false);
	sc_query_limit(q, 1);
	for (int pages = 0; pages < 5; pages++) {
		kitchen_sink_everything_page p = {0};
		CHECK_ST(kitchen_sink_everything_list(C, q, &p), SC_OK);
		for (size_t i = 0; i < p.len && n < 3; i++)
			got[n++] = p.rows[i].clock;
		bool more = p.next_cursor != NULL;
		if (more)
			sc_query_after(q, p.next_cursor);
		kitchen_sink_everything_page_free(&p);
		if (!more)
			break;
	}
	sc_query_free(q);
	CHECK(n == 3);
	for (int i = 0; i < n; i++)
		CHECK_MSG(got[i] == want[i], "page %d: time %lld, want %lld", i, (long long)got[i], (long long)want[i]);

	/* before midnight or after 24:00:00: refused before the database */
	const int64_t bad[] = {-1, SC_TIME_MAX + 1, INT64_MIN, INT64_MAX};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ev b;
		base_row(&b, 74, 74 + (int64_t)i);
		b.clock = bad[i];
		sc_status st = kitchen_sink_everything_insert(C, &b);
		CHECK_MSG(st == SC_INVALID_ARGUMENT, "time %lld: got %s", (long long)bad[i], sc_status_name(st));
	}
}

/* Updates carry every type exactly too. */
static void test_update_types(void)
{
	ev r;
	base_row(&r, 7, 7);
	CHECK_ST(kitchen_sink_everything_insert(C, &r), SC_OK);
	r.blob = (sc_bytes){all_bytes_rev, sizeof all_bytes_rev};
	r.at_n = -123456789, r.has_at_n = true;
	r.price_n = "-0.0001";
	r.body_n = "\\'\"";
	r.big_n = INT64_MIN, r.has_big_n = true;
	CHECK_ST(kitchen_sink_everything_update(C, &r), SC_OK);
	ev g;
	CHECK_ST(kitchen_sink_everything_get(C, r.id, 0, &g), SC_OK);
	CHECK(repo_row_diff(&kitchen_sink_everything_meta, &r, &g, 0, "update") == 0);
	kitchen_sink_everything_free(&g);
	/* and back to NULL */
	r.has_at_n = false;
	r.price_n = NULL;
	r.body_n = NULL;
	r.blob_n = (sc_bytes){NULL, 0};
	kitchen_sink_everything_col cols[] = {KITCHEN_SINK_EVERYTHING_AT_N, KITCHEN_SINK_EVERYTHING_PRICE_N,
					      KITCHEN_SINK_EVERYTHING_BODY_N, KITCHEN_SINK_EVERYTHING_BLOB_N};
	CHECK_ST(kitchen_sink_everything_update_fields(C, &r, cols, 4), SC_OK);
	CHECK_ST(kitchen_sink_everything_get(C, r.id, 0, &g), SC_OK);
	CHECK(repo_row_diff(&kitchen_sink_everything_meta, &r, &g, 0, "update_fields to NULL") == 0);
	kitchen_sink_everything_free(&g);
}

/* decimal(p,s) text reads back the same on both databases: in the
 * column's scale, as PostgreSQL's numeric(p,s) gives it. */
static void test_decimal_canonical(void)
{
	ev r;
	base_row(&r, 8, 8);
	r.price = "1.5";  /* decimal(10,2) */
	r.price_n = "7";  /* decimal(12,4) */
	CHECK_ST(kitchen_sink_everything_insert(C, &r), SC_OK);
	ev g;
	if (kitchen_sink_everything_get(C, r.id, 0, &g) == SC_OK) {
		CHECK_MSG(!strcmp(g.price, "1.50"), "decimal(10,2) '1.5' reads back as '%s'", g.price);
		CHECK_MSG(g.price_n && !strcmp(g.price_n, "7.0000"), "decimal(12,4) '7' reads back as '%s'",
			  g.price_n ? g.price_n : "NULL");
		kitchen_sink_everything_free(&g);
	}
	/* A filter value is compared in canonical form too: "1.5" finds the
	 * row stored as "1.50" (SQLite compares text). */
	sc_query *q = kitchen_sink_everything_query_new();
	kitchen_sink_everything_where_price_eq(q, "1.5");
	kitchen_sink_everything_where_id_eq(q, r.id);
	int64_t n = -1;
	CHECK_ST(kitchen_sink_everything_count(C, q, &n), SC_OK);
	CHECK_MSG(n == 1, "where price = '1.5' counts %lld rows, want 1", (long long)n);
	sc_query_free(q);
}

/* Values the column cannot hold fail the same way on both databases:
 * SC_DATA_ERROR ("invalid data (bad value, out of range, too long)", what
 * PostgreSQL reports), or SC_INVALID_ARGUMENT should the generated code
 * come to refuse them before the database. */
static void test_invalid_values(void)
{
	static const struct {
		const char *what;
		int field; /* 0 price, 1 price_n, 2 short_name, 3 doc */
		const char *value;
	} bad[] = {
		{"decimal that is not a number", 0, "abc"},
		{"decimal(12,4) beyond its precision", 1, "123456789.12345"},
		{"string(16) with 17 characters", 2, "12345678901234567"},
		{"json that does not parse", 3, "{not json"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ev r;
		base_row(&r, 20 + (int)i, 20 + (int64_t)i);
		switch (bad[i].field) {
		case 0: r.price = (char *)bad[i].value; break;
		case 1: r.price_n = (char *)bad[i].value; break;
		case 2: r.short_name = (char *)bad[i].value; break;
		default: r.doc = (char *)bad[i].value; break;
		}
		sc_status st = kitchen_sink_everything_insert(C, &r);
		CHECK_MSG(st == SC_DATA_ERROR || st == SC_INVALID_ARGUMENT, "%s: got %s (%s)", bad[i].what, sc_status_name(st),
			  st == SC_OK ? "stored" : sc_conn_error(C)->message);
	}
}

int main(int argc, char **argv)
{
	for (int i = 0; i < 256; i++) {
		all_bytes[i] = (uint8_t)i;
		all_bytes_rev[i] = (uint8_t)(255 - i);
	}
	repo_open(argc, argv, (repo_opts){.max_conns = 2});
	test_null_zero_empty();
	test_extremes();
	test_bytes_and_strings();
	test_update_types();
	test_time_of_day();
	test_decimal_canonical();
	test_invalid_values();
	repo_entity_suite(&ev_ops, 1000000);
	repo_close();
	return repo_done("repo types");
}
