/* Unit tests without a database: status table and error classification,
 * UUIDs, timestamps and dates, configuration, URL redaction, memory cache. */
#include "t.h"

#include <schemac/arena.h>

static void test_status_table(void)
{
	CHECK(SC_OK == 0 && SC_ROW > 0 && SC_DONE > 0);
	CHECK(strcmp(sc_status_name(SC_UNIQUE_VIOLATION), "SC_UNIQUE_VIOLATION") == 0);
	CHECK(strcmp(sc_status_name((sc_status)-999), "SC_UNKNOWN") == 0);
	CHECK(strlen(sc_status_message(SC_AMBIGUOUS_COMMIT)) > 10);
	CHECK(sc_status_is_retryable(SC_DEADLOCK) && sc_status_is_retryable(SC_SERIALIZATION_FAILURE) &&
	      sc_status_is_retryable(SC_BUSY) && !sc_status_is_retryable(SC_AMBIGUOUS_COMMIT) &&
	      !sc_status_is_retryable(SC_UNIQUE_VIOLATION));
	/* every status has a distinct name */
#define XX(name, value, msg) CHECK(strcmp(sc_status_name(SC_##name), "SC_" #name) == 0);
	SC_STATUS_MAP(XX)
#undef XX
}

static void test_classification(void)
{
	static const struct {
		const char *sqlstate;
		sc_status want;
	} pg[] = {
		{"00000", SC_OK},
		{"23505", SC_UNIQUE_VIOLATION},
		{"23503", SC_FOREIGN_KEY_VIOLATION},
		{"23001", SC_FOREIGN_KEY_VIOLATION},
		{"23514", SC_CHECK_VIOLATION},
		{"23502", SC_NOT_NULL_VIOLATION},
		{"23P01", SC_CONSTRAINT_VIOLATION},
		{"23000", SC_CONSTRAINT_VIOLATION},
		{"40001", SC_SERIALIZATION_FAILURE},
		{"40P01", SC_DEADLOCK},
		{"40003", SC_AMBIGUOUS_COMMIT},
		{"57014", SC_STATEMENT_TIMEOUT},
		{"55P03", SC_LOCK_TIMEOUT},
		{"57P01", SC_CONNECTION_LOST},
		{"57P02", SC_CONNECTION_LOST},
		{"57P03", SC_CONNECT_FAILED},
		{"08006", SC_CONNECTION_LOST},
		{"08003", SC_CONNECTION_LOST},
		{"08001", SC_CONNECTION_LOST},
		{"53300", SC_CONNECT_FAILED},
		{"3D000", SC_CONNECT_FAILED},
		{"28P01", SC_AUTH_FAILED},
		{"28000", SC_AUTH_FAILED},
		{"25006", SC_READ_ONLY},
		{"25P02", SC_TX_ABORTED},
		{"42601", SC_SQL_ERROR},
		{"42P01", SC_SQL_ERROR},
		{"42703", SC_SQL_ERROR},
		{"42883", SC_SQL_ERROR},
		{"42501", SC_PERMISSION_DENIED},
		{"22P02", SC_DATA_ERROR},
		{"22001", SC_DATA_ERROR},
		{"22003", SC_DATA_ERROR},
		{"22012", SC_DATA_ERROR},
		{"0A000", SC_UNSUPPORTED},
		{"53200", SC_NO_MEMORY},
		{"XX000", SC_ERROR},
		{"P0001", SC_ERROR},
		{"P0002", SC_NOT_FOUND},
		{"zzzzz", SC_ERROR},
		{NULL, SC_ERROR},
		{"123", SC_ERROR},
	};
	int n = 0;
	for (size_t i = 0; i < sizeof(pg) / sizeof(pg[0]); i++, n++)
		CHECK_MSG(sc_status_from_sqlstate(pg[i].sqlstate) == pg[i].want, "SQLSTATE %s -> %s, want %s",
			  pg[i].sqlstate ? pg[i].sqlstate : "NULL",
			  sc_status_name(sc_status_from_sqlstate(pg[i].sqlstate)), sc_status_name(pg[i].want));
	static const struct {
		int code;
		sc_status want;
	} sq[] = {
		{0, SC_OK},
		{100, SC_ROW},
		{101, SC_DONE},
		{1, SC_SQL_ERROR},            /* SQLITE_ERROR */
		{5, SC_BUSY},                 /* SQLITE_BUSY */
		{261, SC_BUSY},               /* SQLITE_BUSY_RECOVERY */
		{517, SC_BUSY},               /* SQLITE_BUSY_SNAPSHOT */
		{773, SC_BUSY},               /* SQLITE_BUSY_TIMEOUT */
		{6, SC_BUSY},                 /* SQLITE_LOCKED */
		{262, SC_BUSY},               /* SQLITE_LOCKED_SHAREDCACHE */
		{7, SC_NO_MEMORY},
		{8, SC_READ_ONLY},
		{264, SC_READ_ONLY},          /* SQLITE_READONLY_RECOVERY */
		{9, SC_STATEMENT_TIMEOUT},    /* SQLITE_INTERRUPT */
		{10, SC_ERROR},               /* SQLITE_IOERR */
		{11, SC_ERROR},               /* SQLITE_CORRUPT */
		{13, SC_ERROR},               /* SQLITE_FULL */
		{14, SC_CONNECT_FAILED},      /* SQLITE_CANTOPEN */
		{18, SC_DATA_ERROR},          /* SQLITE_TOOBIG */
		{19, SC_CONSTRAINT_VIOLATION},
		{2067, SC_UNIQUE_VIOLATION},  /* SQLITE_CONSTRAINT_UNIQUE */
		{1555, SC_UNIQUE_VIOLATION},  /* SQLITE_CONSTRAINT_PRIMARYKEY */
		{787, SC_FOREIGN_KEY_VIOLATION},
		{275, SC_CHECK_VIOLATION},
		{1299, SC_NOT_NULL_VIOLATION},
		{1811, SC_CONSTRAINT_VIOLATION}, /* SQLITE_CONSTRAINT_TRIGGER */
		{3091, SC_DATA_ERROR},        /* SQLITE_CONSTRAINT_DATATYPE */
		{20, SC_DATA_ERROR},          /* SQLITE_MISMATCH */
		{21, SC_MISUSE},
		{23, SC_AUTH_FAILED},
		{25, SC_INVALID_ARGUMENT},    /* SQLITE_RANGE */
		{26, SC_CONNECT_FAILED},      /* SQLITE_NOTADB */
		{3, SC_PERMISSION_DENIED},
	};
	for (size_t i = 0; i < sizeof(sq) / sizeof(sq[0]); i++, n++)
		CHECK_MSG(sc_status_from_sqlite(sq[i].code) == sq[i].want, "SQLite %d -> %s, want %s", sq[i].code,
			  sc_status_name(sc_status_from_sqlite(sq[i].code)), sc_status_name(sq[i].want));
	CHECK(n >= 30);
}

/* One SHA-256 for migrations and the schemac tool (FIPS 180-2 vectors). */
static void test_sha256(void)
{
	char out[SC_SHA256_HEX_LEN + 1];
	CHECK(sc_sha256_hex("", 0, out) == SC_OK);
	CHECK(!strcmp(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	CHECK(sc_sha256_hex(NULL, 0, out) == SC_OK);
	CHECK(!strcmp(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	CHECK(sc_sha256_hex("abc", 3, out) == SC_OK);
	CHECK(!strcmp(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

static void test_uuid(void)
{
	sc_uuid a, b;
	char s[SC_UUID_STRLEN + 1];
	CHECK_RC(sc_uuid_parse("0189D4C2-1234-7abc-8def-0123456789AB", (size_t)-1, &a), SC_OK);
	CHECK(strcmp(sc_uuid_format(&a, s), "0189d4c2-1234-7abc-8def-0123456789ab") == 0);
	CHECK_RC(sc_uuid_parse("{0189d4c2-1234-7abc-8def-0123456789ab}", (size_t)-1, &b), SC_OK);
	CHECK(sc_uuid_equal(&a, &b));
	CHECK_RC(sc_uuid_parse("0189d4c212347abc8def0123456789ab", (size_t)-1, &b), SC_OK);
	CHECK(sc_uuid_equal(&a, &b));
	CHECK_RC(sc_uuid_parse("0189d4c2-1234-7abc-8def-0123456789a", (size_t)-1, &b), SC_INVALID_ARGUMENT);
	CHECK_RC(sc_uuid_parse("0189d4c2x1234-7abc-8def-0123456789ab", (size_t)-1, &b), SC_INVALID_ARGUMENT);
	CHECK_RC(sc_uuid_parse("g189d4c2-1234-7abc-8def-0123456789ab", (size_t)-1, &b), SC_INVALID_ARGUMENT);
	/* v7: version and variant bits, time prefix, strictly increasing */
	sc_uuid prev;
	CHECK_RC(sc_uuid_v7(&prev), SC_OK);
	int64_t ms = sc_now_micros() / 1000;
	uint64_t ts = 0;
	for (int i = 0; i < 6; i++)
		ts = ts << 8 | prev.bytes[i];
	CHECK((int64_t)ts <= ms && (int64_t)ts > ms - 1000);
	CHECK((prev.bytes[6] >> 4) == 7);
	CHECK((prev.bytes[8] & 0xc0) == 0x80);
	bool increasing = true;
	for (int i = 0; i < 20000; i++) {
		sc_uuid u;
		sc_uuid_v7(&u);
		if (memcmp(u.bytes, prev.bytes, 16) <= 0)
			increasing = false;
		prev = u;
	}
	CHECK(increasing);
	sc_uuid nil = {{0}};
	CHECK(sc_uuid_is_nil(&nil) && !sc_uuid_is_nil(&prev));
}

static void test_datetime(void)
{
	char buf[SC_DATETIME_BUFSZ];
	int64_t v;
	int32_t d;
	CHECK(sc_timestamp_format(0, buf) > 0 && strcmp(buf, "1970-01-01 00:00:00.000000+00") == 0);
	sc_timestamp_format(-1, buf);
	CHECK(strcmp(buf, "1969-12-31 23:59:59.999999+00") == 0);
	sc_timestamp_format(INT64_C(1700000000123456), buf);
	CHECK(strcmp(buf, "2023-11-14 22:13:20.123456+00") == 0);
	CHECK_RC(sc_timestamp_parse("2023-11-14 22:13:20.123456+00", (size_t)-1, &v), SC_OK);
	CHECK(v == INT64_C(1700000000123456));
	CHECK_RC(sc_timestamp_parse("2023-11-15T00:13:20.123456+02:00", (size_t)-1, &v), SC_OK);
	CHECK(v == INT64_C(1700000000123456));
	CHECK_RC(sc_timestamp_parse("2023-11-14T22:13:20.1234560Z", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("2023-11-14 17:43:20.123456-04:30", (size_t)-1, &v), SC_OK);
	CHECK(v == INT64_C(1700000000123456));
	CHECK_RC(sc_timestamp_parse("2023-11-14 22:13:20.1+00", (size_t)-1, &v), SC_OK);
	CHECK(v == INT64_C(1700000000100000));
	CHECK_RC(sc_timestamp_parse("2023-11-14 22:13:20", (size_t)-1, &v), SC_OK);
	CHECK(v == INT64_C(1700000000000000));
	CHECK_RC(sc_timestamp_parse("2023-02-30 00:00:00", (size_t)-1, &v), SC_DATA_ERROR);
	CHECK_RC(sc_timestamp_parse("infinity", (size_t)-1, &v), SC_OK);
	CHECK(v == SC_TIMESTAMP_INFINITY);
	CHECK_RC(sc_timestamp_parse("-infinity", (size_t)-1, &v), SC_OK);
	CHECK(v == SC_TIMESTAMP_NEG_INFINITY);
	CHECK_RC(sc_timestamp_parse("garbage", (size_t)-1, &v), SC_DATA_ERROR);
	/* BC and far future round trips, every microsecond on a sample */
	int64_t samples[] = {INT64_C(-210866803200000000) /* 4713-11-24 BC */, INT64_C(-62135596800000000),
			     INT64_C(-62135596800000001), INT64_C(253402300799999999), INT64_C(9224318015999999),
			     -INT64_C(123456789), INT64_C(951782400000000) /* 2000-02-29 */};
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		sc_timestamp_format(samples[i], buf);
		CHECK_MSG(sc_timestamp_parse(buf, (size_t)-1, &v) == SC_OK && v == samples[i], "%lld -> %s",
			  (long long)samples[i], buf);
	}
	uint64_t x = 88172645463325252ULL;
	bool all = true;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int64_t t = (int64_t)(x % (UINT64_C(600000000000000000))) - INT64_C(300000000000000000);
		sc_timestamp_format(t, buf);
		if (sc_timestamp_parse(buf, (size_t)-1, &v) != SC_OK || v != t)
			all = false;
	}
	CHECK(all);
	sc_date_format(0, buf);
	CHECK(strcmp(buf, "1970-01-01") == 0);
	sc_date_format(-719528, buf);
	CHECK(strcmp(buf, "0001-01-01 BC") == 0);
	CHECK_RC(sc_date_parse("0001-01-01 BC", (size_t)-1, &d), SC_OK);
	CHECK(d == -719528);
	CHECK_RC(sc_date_parse("2024-02-29", (size_t)-1, &d), SC_OK);
	CHECK(d == 19782);
	CHECK_RC(sc_date_parse("2023-02-29", (size_t)-1, &d), SC_DATA_ERROR);
	all = true;
	for (int32_t i = -2000000; i < 3000000; i += 7) {
		sc_date_format(i, buf);
		if (sc_date_parse(buf, (size_t)-1, &d) != SC_OK || d != i)
			all = false;
	}
	CHECK(all);
}

/* Times of day: PostgreSQL's text form both ways, 00:00:00 to 24:00:00. */
static void test_time_of_day(void)
{
	char buf[SC_DATETIME_BUFSZ];
	int64_t t = -1;
	sc_time_format(0, buf);
	CHECK(strcmp(buf, "00:00:00") == 0);
	sc_time_format(INT64_C(86399999999), buf);
	CHECK(strcmp(buf, "23:59:59.999999") == 0);
	sc_time_format(INT64_C(45000500000), buf); /* trailing zeros dropped, as PostgreSQL prints */
	CHECK(strcmp(buf, "12:30:00.5") == 0);
	sc_time_format(SC_TIME_MAX, buf);
	CHECK(strcmp(buf, "24:00:00") == 0);
	CHECK_RC(sc_time_parse("24:00:00", (size_t)-1, &t), SC_OK);
	CHECK(t == SC_TIME_MAX);
	CHECK_RC(sc_time_parse("12:30", (size_t)-1, &t), SC_OK);
	CHECK(t == INT64_C(45000000000));
	CHECK_RC(sc_time_parse("00:00:00.000001", (size_t)-1, &t), SC_OK);
	CHECK(t == 1);
	const char *bad[] = {"24:00:00.000001", "12:60:00", "12:00:61", "1:00:00", "12:00:00.1234567", "12:00:00+02", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_RC(sc_time_parse(bad[i], (size_t)-1, &t), SC_DATA_ERROR);
	bool all = true;
	for (int64_t v = 0; v <= SC_TIME_MAX; v += INT64_C(86400000000) / 100003) {
		sc_time_format(v, buf);
		if (sc_time_parse(buf, (size_t)-1, &t) != SC_OK || t != v)
			all = false;
	}
	CHECK(all);
}

static void test_config(void)
{
	sc_config cfg;
	sc_config_init(&cfg);
	CHECK(cfg.max_conns == 10 && cfg.acquire_timeout_ms == 30000 && cfg.prepared_statements);
	int64_t ms;
	CHECK_RC(sc_parse_duration_ms("250ms", &ms), SC_OK);
	CHECK(ms == 250);
	CHECK_RC(sc_parse_duration_ms("30s", &ms), SC_OK);
	CHECK(ms == 30000);
	CHECK_RC(sc_parse_duration_ms("5m", &ms), SC_OK);
	CHECK(ms == 300000);
	CHECK_RC(sc_parse_duration_ms("1500", &ms), SC_OK);
	CHECK(ms == 1500);
	CHECK_RC(sc_parse_duration_ms("fast", &ms), SC_INVALID_ARGUMENT);
	CHECK_RC(sc_parse_duration_ms("-5s", &ms), SC_INVALID_ARGUMENT);

	setenv("DATABASE_URL", "sqlite::memory:", 1);
	setenv("DATABASE_POOL_MAX", "7", 1);
	setenv("DATABASE_POOL_MIN", "2", 1);
	setenv("DATABASE_ACQUIRE_TIMEOUT", "2s", 1);
	setenv("DATABASE_STATEMENT_TIMEOUT", "1500ms", 1);
	setenv("DATABASE_PREPARED_STATEMENTS", "false", 1);
	setenv("DATABASE_REPLICA_URLS", "postgresql://r1/db, postgresql://r2/db", 1);
	setenv("DATABASE_LOG_LEVEL", "error", 1);
	CHECK_RC(sc_config_from_env(&cfg), SC_OK);
	CHECK(strcmp(cfg.url, "sqlite::memory:") == 0);
	CHECK(cfg.max_conns == 7 && cfg.min_conns == 2 && cfg.acquire_timeout_ms == 2000 &&
	      cfg.statement_timeout_ms == 1500 && !cfg.prepared_statements && cfg.log_level == SC_LOG_ERROR);
	CHECK(cfg.n_replicas == 2 && strcmp(cfg.replica_urls[1], "postgresql://r2/db") == 0);
	setenv("DATABASE_POOL_MAX", "many", 1);
	CHECK_RC(sc_config_from_env(&cfg), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_error_last()->message, "DATABASE_POOL_MAX") != NULL);
	unsetenv("DATABASE_POOL_MAX");
	unsetenv("DATABASE_POOL_MIN");
	/* SC_MAX_REPLICAS replicas fit; one more is an error, not a silent cut */
	char many[1024] = "";
	for (int i = 0; i <= SC_MAX_REPLICAS; i++) {
		size_t l = strlen(many);
		snprintf(many + l, sizeof(many) - l, "%spostgresql://r%d/db", i ? "," : "", i);
		if (i == SC_MAX_REPLICAS - 1) {
			setenv("DATABASE_REPLICA_URLS", many, 1);
			CHECK_RC(sc_config_from_env(&cfg), SC_OK);
			CHECK(cfg.n_replicas == SC_MAX_REPLICAS);
		}
	}
	setenv("DATABASE_REPLICA_URLS", many, 1);
	CHECK_RC(sc_config_from_env(&cfg), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_error_last()->message, "SC_MAX_REPLICAS") != NULL);
	unsetenv("DATABASE_REPLICA_URLS");
	/* read routing: lag bound, its check interval, read-your-writes */
	sc_config_init(&cfg);
	CHECK(cfg.max_replica_lag_ms == 0 && cfg.replica_lag_check_ms == 1000 && cfg.read_your_writes_ms == 0);
	setenv("DATABASE_MAX_REPLICA_LAG", "2s", 1);
	setenv("DATABASE_REPLICA_LAG_CHECK", "250ms", 1);
	setenv("DATABASE_READ_YOUR_WRITES", "5s", 1);
	CHECK_RC(sc_config_from_env(&cfg), SC_OK);
	CHECK(cfg.max_replica_lag_ms == 2000 && cfg.replica_lag_check_ms == 250 && cfg.read_your_writes_ms == 5000);
	setenv("DATABASE_MAX_REPLICA_LAG", "soon", 1);
	CHECK_RC(sc_config_from_env(&cfg), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_error_last()->message, "DATABASE_MAX_REPLICA_LAG") != NULL);
	unsetenv("DATABASE_MAX_REPLICA_LAG");
	unsetenv("DATABASE_REPLICA_LAG_CHECK");
	unsetenv("DATABASE_READ_YOUR_WRITES");
	{
		sc_config neg;
		sc_config_init(&neg);
		neg.url = "sqlite::memory:";
		neg.read_your_writes_ms = -1;
		sc_pool *np;
		CHECK_RC(sc_pool_open(&np, &neg), SC_INVALID_ARGUMENT);
		CHECK(strstr(sc_error_last()->message, "read_your_writes_ms") != NULL);
	}

	CHECK(sc_url_dialect("postgresql://u@h/db") == SC_DIALECT_POSTGRES);
	CHECK(sc_url_dialect("postgres://u@h/db") == SC_DIALECT_POSTGRES);
	CHECK(sc_url_dialect("host=/tmp dbname=x") == SC_DIALECT_POSTGRES);
	CHECK(sc_url_dialect("sqlite:data/app.db") == SC_DIALECT_SQLITE);
	CHECK(sc_url_dialect("mysql://x") == 0);

	/* bad settings are refused with a clear message */
	sc_config_init(&cfg);
	sc_pool *p;
	cfg.url = "mysql://root:hunter2secret@db/x";
	CHECK_RC(sc_pool_open(&p, &cfg), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_error_last()->message, "hunter2secret") == NULL);
	cfg.url = NULL;
	CHECK_RC(sc_pool_open(&p, &cfg), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_error_last()->message, "DATABASE_URL") != NULL);
}

static void test_redact(void)
{
	char out[256];
	sc_url_redact("postgresql://bob:s3cr%40t@db.example:5432/app?sslmode=require", out, sizeof(out));
	CHECK(strcmp(out, "postgresql://bob:***@db.example:5432/app?sslmode=require") == 0);
	sc_url_redact("postgresql://db/app?user=bob&password=hunter22&sslmode=disable", out, sizeof(out));
	CHECK(strcmp(out, "postgresql://db/app?user=bob&password=***&sslmode=disable") == 0);
	sc_url_redact("host=db user=bob password='a b\\'c' dbname=x", out, sizeof(out));
	CHECK_MSG(strcmp(out, "host=db user=bob password=*** dbname=x") == 0, "%s", out);
	sc_url_redact("postgresql://bob@db/app", out, sizeof(out));
	CHECK(strcmp(out, "postgresql://bob@db/app") == 0);
	/* the rules for input libpq would reject or misread (docs/runtime.md) */
	static const char *const cases[][2] = {
		{"postgresql://app:p/w@db/app", "postgresql://app:***@db/app"},
		{"postgresql://app:p@w?x#y@db/app?sslmode=require", "postgresql://app:***@db/app?sslmode=require"},
		{"postgresql://db/app?user=u&pasword=pw&Secret", "postgresql://db/app?user=u&pasword=***&***"},
		{"postgresql://db/app?password=x@y", "postgresql://***@y"},
		{"host=db pasword=pw port=5432", "host=db pasword=*** port=5432"},
		{"host=db passwd = 'a b' user=u", "host=db passwd=*** user=u"},
		{"host=db secret user=u", "host=db ***"},
		{"host=db password='unterminated", "host=db password=***"},
		{"dbname='postgresql://u:pw@h/d' host=db", "dbname=*** host=db"},
		{"sqlite:data/app.db", "sqlite:data/app.db"},
		{"garbage-secret", "***"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sc_url_redact(cases[i][0], out, sizeof(out));
		CHECK_MSG(!strcmp(out, cases[i][1]), "redact(%s) = %s, want %s", cases[i][0], out, cases[i][1]);
	}
	size_t n = sc_url_redact("postgresql://u:p@h/d", out, 5);
	CHECK(n == strlen("postgresql://u:***@h/d") && strlen(out) == 4);
}

static void test_memory_cache(void)
{
	sc_cache *c = sc_memory_cache_new(2, 0);
	REQUIRE(c);
	void *v;
	size_t n;
	CHECK_RC(c->get(c->ud, "a", &v, &n), SC_NOT_FOUND);
	CHECK_RC(c->put(c->ud, "a", "1", 1, 0), SC_OK);
	CHECK_RC(c->put(c->ud, "b", "22", 2, 0), SC_OK);
	CHECK_RC(c->get(c->ud, "a", &v, &n), SC_OK); /* a is now most recent */
	CHECK(n == 1 && memcmp(v, "1", 1) == 0);
	free(v);
	CHECK_RC(c->put(c->ud, "c", "333", 3, 0), SC_OK); /* evicts b */
	CHECK_RC(c->get(c->ud, "b", &v, &n), SC_NOT_FOUND);
	c->invalidate(c->ud, "a");
	CHECK_RC(c->get(c->ud, "a", &v, &n), SC_NOT_FOUND);
	CHECK_RC(c->put(c->ud, "t", "x", 1, 30), SC_OK);
	t_sleep_ms(60);
	CHECK_RC(c->get(c->ud, "t", &v, &n), SC_NOT_FOUND);
	sc_memory_cache_free(c);
}

/* Arenas (base/arena.c): the first block lives in the arena's own
 * allocation; blocks after it, big requests, reset (keeps the latest block,
 * frees the others but never the first) and free, under ASan/valgrind. */
static void test_arena(void)
{
	for (int round = 0; round < 3; round++) {
		sc_arena *a = sc_arena_new();
		CHECK(a != NULL);
		char *s[200];
		char want[32];
		for (int i = 0; i < 200; i++) {
			snprintf(want, sizeof want, "string %d of round %d", i, round);
			s[i] = sc_arena_strdup(a, want);
			CHECK(s[i] != NULL && strcmp(s[i], want) == 0);
		}
		for (int i = 0; i < 200; i += 37) {
			snprintf(want, sizeof want, "string %d of round %d", i, round);
			CHECK(strcmp(s[i], want) == 0); /* not overwritten by later blocks */
		}
		unsigned char *z = sc_arena_alloc(a, 10000); /* larger than a block */
		CHECK(z != NULL && z[0] == 0 && z[9999] == 0);
		memset(z, 0xab, 10000);
		char *e = sc_arena_strndup(a, "abc", 0);
		CHECK(e != NULL && e[0] == '\0');
		CHECK(((uintptr_t)sc_arena_alloc(a, 1) & 15) == 0);
		if (round == 1) {
			/* reset with the big block in front, then reuse */
			sc_arena_reset(a);
			char *r = sc_arena_strdup(a, "after reset");
			CHECK(r != NULL && strcmp(r, "after reset") == 0);
			for (int i = 0; i < 100; i++)
				CHECK(sc_arena_strdup(a, "more after reset, past the first block") != NULL);
			sc_arena_reset(a);
			sc_arena_reset(a);
		}
		sc_arena_free(a);
	}
	sc_arena *b = sc_arena_new();
	sc_arena_reset(b); /* nothing allocated: the first block only */
	CHECK(sc_arena_strdup(b, "x") != NULL);
	sc_arena_free(b);
}

int main(void)
{
	CHECK(sc_runtime_version() == SC_RUNTIME_VERSION);
	CHECK(SC_RUNTIME_VERSION == 0x000100);
	test_status_table();
	test_classification();
	test_sha256();
	test_uuid();
	test_datetime();
	test_time_of_day();
	test_config();
	test_redact();
	test_memory_cache();
	test_arena();
	return t_done("runtime_unit");
}
