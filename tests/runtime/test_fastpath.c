/* The runtime's fast paths give the same answers as the general code:
 * timestamp/date text parsing and formatting (the exact forms a UTC
 * PostgreSQL session sends, and everything else falling back), the
 * statement cache's lookup by SQL address (a reused buffer with other text
 * must not find the old statement), sc_conn_wants_changes. */
#include "t.h"

static int64_t civil_us(int64_t y, unsigned m, unsigned d, int hh, int mi, int ss, int64_t frac)
{
	return (sc_days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss) * INT64_C(1000000) + frac;
}

static void test_timestamps(void)
{
	int64_t v = 0;
	/* the fast form, fractions of every length */
	CHECK_RC(sc_timestamp_parse("2026-11-23 16:17:05+00", (size_t)-1, &v), SC_OK);
	CHECK(v == civil_us(2026, 11, 23, 16, 17, 5, 0));
	static const char *const fr[] = {".1", ".12", ".123", ".1234", ".12345", ".123456"};
	static const int64_t fv[] = {100000, 120000, 123000, 123400, 123450, 123456};
	for (int i = 0; i < 6; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "1999-12-31 23:59:59%s+00", fr[i]);
		CHECK_MSG(sc_timestamp_parse(buf, (size_t)-1, &v) == SC_OK && v == civil_us(1999, 12, 31, 23, 59, 59, fv[i]),
			  "%s", buf);
	}
	/* same text with a length that cuts it: not the fast form, and wrong */
	CHECK_RC(sc_timestamp_parse("2026-11-23 16:17:05+00", 21, &v), SC_DATA_ERROR);
	/* calendar checks in the fast path */
	CHECK_RC(sc_timestamp_parse("2024-02-29 00:00:00+00", (size_t)-1, &v), SC_OK);
	CHECK_RC(sc_timestamp_parse("2023-02-29 00:00:00+00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("1900-02-29 00:00:00+00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("2000-02-29 00:00:00+00", (size_t)-1, &v), SC_OK);
	CHECK_RC(sc_timestamp_parse("2023-04-31 00:00:00+00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("2023-13-01 00:00:00+00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("2023-12-01 00:60:00+00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("2023-12-01 00:00:00.1234567+00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("2023-12-01 00:00:00.+00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("2023-12-01 0a:00:00+00", (size_t)-1, &v), SC_DATA_ERROR);
	/* forms the fast path leaves to the general parser */
	CHECK_RC(sc_timestamp_parse("2023-11-14 24:00:00+00", (size_t)-1, &v), SC_OK);
	CHECK(v == civil_us(2023, 11, 15, 0, 0, 0, 0));
	CHECK_RC(sc_timestamp_parse("2023-11-14 22:13:20.5+01", (size_t)-1, &v), SC_OK);
	CHECK(v == civil_us(2023, 11, 14, 21, 13, 20, 500000));
	CHECK_RC(sc_timestamp_parse("0001-01-01 00:00:00+00 BC", (size_t)-1, &v), SC_OK);
	CHECK(v == civil_us(0, 1, 1, 0, 0, 0, 0));
	CHECK_RC(sc_timestamp_parse(" 2023-11-14 22:13:20+00 ", (size_t)-1, &v), SC_OK);
	CHECK(v == civil_us(2023, 11, 14, 22, 13, 20, 0));
	/* format -> parse round trip over a wide range (fast and slow forms) */
	uint64_t x = 88172645463325252ULL;
	int bad = 0;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t t = (int64_t)(x % (UINT64_C(400000000000000000))) - INT64_C(200000000000000000);
		char buf[SC_DATETIME_BUFSZ];
		size_t n = sc_timestamp_format(t, buf);
		if (n != strlen(buf) || sc_timestamp_parse(buf, n, &v) != SC_OK || v != t) {
			if (bad++ < 5)
				fprintf(stderr, "%lld -> %s -> %lld\n", (long long)t, buf, (long long)v);
		}
	}
	CHECK(bad == 0);
	char buf[SC_DATETIME_BUFSZ];
	sc_timestamp_format(civil_us(2026, 1, 2, 3, 4, 5, 60007), buf);
	CHECK_MSG(!strcmp(buf, "2026-01-02 03:04:05.060007+00"), "%s", buf);
	sc_timestamp_format(civil_us(0, 12, 31, 23, 59, 59, 0), buf);
	CHECK_MSG(!strcmp(buf, "0001-12-31 23:59:59.000000+00 BC"), "%s", buf);
}

static void test_dates(void)
{
	int32_t d = 0;
	CHECK_RC(sc_date_parse("2024-02-29", (size_t)-1, &d), SC_OK);
	CHECK(d == sc_days_from_civil(2024, 2, 29));
	CHECK_RC(sc_date_parse("2023-02-29", (size_t)-1, &d), SC_DATA_ERROR);
	CHECK_RC(sc_date_parse("2023-00-10", (size_t)-1, &d), SC_DATA_ERROR);
	CHECK_RC(sc_date_parse("1970-01-01", (size_t)-1, &d), SC_OK);
	CHECK(d == 0);
	CHECK_RC(sc_date_parse("0001-01-01 BC", (size_t)-1, &d), SC_OK);
	CHECK(d == sc_days_from_civil(0, 1, 1));
	CHECK_RC(sc_date_parse("12345-06-07", (size_t)-1, &d), SC_OK);
	CHECK(d == sc_days_from_civil(12345, 6, 7));
	int bad = 0;
	for (int32_t day = -1000000; day < 3000000; day += 997) {
		char buf[SC_DATETIME_BUFSZ];
		size_t n = sc_date_format(day, buf);
		if (n != strlen(buf) || sc_date_parse(buf, n, &d) != SC_OK || d != day)
			bad++;
	}
	CHECK(bad == 0);
}

static int64_t scalar(sc_conn *c, const char *sql)
{
	sc_stmt *st;
	int64_t v = -1;
	if (sc_stmt_prepare(&st, c, sql) != SC_OK)
		return -2;
	if (sc_stmt_step(st) == SC_ROW)
		sc_stmt_column_int64(st, 0, &v);
	sc_stmt_finalize(st);
	return v;
}

static void test_cache_by_address(void)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = "sqlite::memory:";
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	static const char one[] = "SELECT 1";
	CHECK(scalar(c, one) == 1);
	CHECK(scalar(c, one) == 1); /* found by address */
	char *buf = malloc(64);
	REQUIRE(buf);
	for (int i = 0; i < 50; i++) { /* one buffer, new text each time */
		snprintf(buf, 64, "SELECT %d", i + 100);
		CHECK(scalar(c, buf) == i + 100);
	}
	for (int i = 0; i < 50; i++) { /* the same texts again, now cached */
		snprintf(buf, 64, "SELECT %d", i + 100);
		CHECK(scalar(c, buf) == i + 100);
	}
	char copy[] = "SELECT 1"; /* same text, other address */
	CHECK(scalar(c, copy) == 1);
	CHECK(scalar(c, one) == 1);
	free(buf);
	/* a small cache evicts: entries found by address must not dangle */
	sc_conn_close(c);
	cfg.statement_cache_size = 4;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	char texts[20][32];
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 20; i++) {
			snprintf(texts[i], sizeof texts[i], "SELECT %d", i * 3 + round);
			CHECK(scalar(c, texts[i]) == i * 3 + round);
		}
	/* wants_changes: nothing installed */
	CHECK(!sc_conn_wants_changes(c));
	CHECK(!sc_conn_wants_changes(NULL));
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(sc_conn_notify_change(c, "t", SC_CHANGE_UPDATE, "1", "k"), SC_OK);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	sc_conn_close(c);
	sc_cache *cache = sc_memory_cache_new(8, 0);
	REQUIRE(cache);
	cfg.cache = cache;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	CHECK(sc_conn_wants_changes(c));
	CHECK_RC(cache->put(cache->ud, "k", "v", 1, 0), SC_OK);
	CHECK_RC(sc_conn_notify_change(c, "t", SC_CHANGE_UPDATE, "1", "k"), SC_OK);
	void *val = NULL;
	size_t len = 0;
	CHECK_RC(cache->get(cache->ud, "k", &val, &len), SC_NOT_FOUND); /* invalidated */
	free(val);
	sc_conn_close(c);
	sc_memory_cache_free(cache);
}

int main(void)
{
	test_timestamps();
	test_dates();
	test_cache_by_address();
	return t_done("runtime_fastpath");
}
