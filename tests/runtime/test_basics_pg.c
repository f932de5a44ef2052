/* PostgreSQL backend: exact value round trips, error details, transactions,
 * savepoints, read-only, statement timeout, release with an open
 * transaction, unnamed statements (PgBouncer mode), tenant setting, health,
 * metrics, hooks, and no password in any output. */
#include "t.h"

#include <libpq-fe.h>

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
static char url[1024];

typedef struct capture {
	pthread_mutex_t mu;
	char text[65536];
	size_t len;
	int queries;
} capture;
static capture cap = {PTHREAD_MUTEX_INITIALIZER, "", 0, 0};

static void cap_add(capture *c, const char *s)
{
	pthread_mutex_lock(&c->mu);
	int n = snprintf(c->text + c->len, sizeof(c->text) - c->len, "%s\n", s);
	if (n > 0 && c->len + (size_t)n < sizeof(c->text))
		c->len += (size_t)n;
	pthread_mutex_unlock(&c->mu);
}

static void qhook(void *ud, const sc_query_event *ev)
{
	capture *c = ud;
	char line[700];
	snprintf(line, sizeof(line), "Q %s %s %lld %lld %s", ev->pool, sc_status_name(ev->status),
		 (long long)ev->rows, (long long)ev->duration_us, ev->sql);
	cap_add(c, line);
	pthread_mutex_lock(&c->mu);
	c->queries++;
	pthread_mutex_unlock(&c->mu);
}

static void cap_log(void *ud, sc_log_level level, const char *pool, const char *msg)
{
	(void)level;
	char line[1200];
	snprintf(line, sizeof(line), "L %s %s", pool, msg);
	cap_add(ud, line);
}

static sc_pool *open_pool(const char *u, int max, bool prepared, int64_t stmt_timeout)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.name = "pg-basic";
	cfg.max_conns = max;
	cfg.prepared_statements = prepared;
	cfg.statement_timeout_ms = stmt_timeout;
	cfg.acquire_timeout_ms = 5000;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	return p;
}

static void test_roundtrip(sc_pool *p)
{
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(sc_conn_dialect(c) == SC_DIALECT_POSTGRES);
	t_exec(c, "DROP TABLE IF EXISTS rt_vals; CREATE TABLE rt_vals (id int PRIMARY KEY, b boolean, i2 smallint,"
		" i4 integer, i8 bigint, f double precision, t text, vc varchar(200), by bytea, u uuid,"
		" ts timestamptz, d date, j jsonb, n numeric(30,5))");
	unsigned char bytes[256];
	for (int i = 0; i < 256; i++)
		bytes[i] = (unsigned char)i;
	const char *text = "it's a \"quoted\" \\ back\\slash, E'\\x00', ünïcödé ✓, \n newline, $1 ; --";
	sc_uuid u;
	sc_uuid_v7(&u);
	struct {
		int64_t i8, ts;
		int32_t i4, d;
		int16_t i2;
		double f;
	} rows[] = {
		{INT64_MAX, INT64_C(253402300799999999), INT32_MAX, 2932896, INT16_MAX, 1.7976931348623157e308},
		{INT64_MIN, INT64_C(-62135596800000001), INT32_MIN, -719528, INT16_MIN, -4.9e-324},
		{0, INT64_C(1700000000123457), 0, 0, 0, 0.1},
		{-1, -1, -1, -1, -1, -2.5e-10},
	};
	sc_stmt *st;
	CHECK_RC(sc_stmt_prepare(&st, c,
				 "INSERT INTO rt_vals (id, b, i2, i4, i8, f, t, vc, by, u, ts, d, j, n) "
				 "VALUES ($1, $2, $3, $4, $5, $6, $7, $14, $8, $9, $10, $11, $12, $13)"),
		 SC_OK);
	for (int r = 0; r < 4; r++) {
		sc_stmt_bind_int32(st, 1, r + 1);
		sc_stmt_bind_bool(st, 2, r == 0);
		sc_stmt_bind_int16(st, 3, rows[r].i2);
		sc_stmt_bind_int32(st, 4, rows[r].i4);
		sc_stmt_bind_int64(st, 5, rows[r].i8);
		sc_stmt_bind_double(st, 6, rows[r].f);
		sc_stmt_bind_text(st, 7, r == 2 ? "" : text, (size_t)-1);
		sc_stmt_bind_text(st, 14, r == 2 ? "" : text, (size_t)-1);
		sc_stmt_bind_blob(st, 8, bytes, r == 2 ? 0 : sizeof(bytes));
		sc_stmt_bind_uuid(st, 9, &u);
		sc_stmt_bind_timestamp(st, 10, rows[r].ts);
		sc_stmt_bind_date(st, 11, rows[r].d);
		sc_stmt_bind_text(st, 12, "{\"a\": [1, 2], \"q\": \"x'\\\"y\"}", (size_t)-1);
		sc_stmt_bind_text(st, 13, "1234567890123456789012345.12345", (size_t)-1);
		CHECK_RC(sc_stmt_exec(st), SC_OK);
		CHECK(sc_stmt_rows_affected(st) == 1);
	}
	sc_stmt_clear_bindings(st);
	sc_stmt_bind_int32(st, 1, 5);
	CHECK_RC(sc_stmt_exec(st), SC_OK);
	sc_stmt_finalize(st);

	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT b, i2, i4, i8, f, t, vc, by, u, ts, d, j, n FROM rt_vals ORDER BY id"),
		 SC_OK);
	for (int r = 0; r < 4; r++) {
		CHECK_RC(sc_stmt_step(st), SC_ROW);
		CHECK(sc_stmt_column_count(st) == 13);
		bool b;
		int16_t i2;
		int32_t i4, d;
		int64_t i8, ts;
		double f;
		const char *s;
		const void *bl;
		size_t n;
		sc_uuid uu;
		CHECK_RC(sc_stmt_column_bool(st, 0, &b), SC_OK);
		CHECK(b == (r == 0));
		CHECK_RC(sc_stmt_column_int16(st, 1, &i2), SC_OK);
		CHECK(i2 == rows[r].i2);
		CHECK_RC(sc_stmt_column_int32(st, 2, &i4), SC_OK);
		CHECK(i4 == rows[r].i4);
		CHECK_RC(sc_stmt_column_int64(st, 3, &i8), SC_OK);
		CHECK(i8 == rows[r].i8);
		CHECK_RC(sc_stmt_column_double(st, 4, &f), SC_OK);
		CHECK_MSG(f == rows[r].f, "%.17g vs %.17g", f, rows[r].f);
		for (int col = 5; col <= 6; col++) {
			CHECK_RC(sc_stmt_column_text(st, col, &s, &n), SC_OK);
			CHECK(s && (r == 2 ? n == 0 : (n == strlen(text) && memcmp(s, text, n) == 0)));
		}
		CHECK_RC(sc_stmt_column_blob(st, 7, &bl, &n), SC_OK);
		CHECK(bl && (r == 2 ? n == 0 : (n == 256 && memcmp(bl, bytes, 256) == 0)));
		CHECK_RC(sc_stmt_column_uuid(st, 8, &uu), SC_OK);
		CHECK(sc_uuid_equal(&uu, &u));
		CHECK_RC(sc_stmt_column_timestamp(st, 9, &ts), SC_OK);
		CHECK_MSG(ts == rows[r].ts, "row %d: %lld vs %lld", r, (long long)ts, (long long)rows[r].ts);
		CHECK_RC(sc_stmt_column_date(st, 10, &d), SC_OK);
		CHECK_MSG(d == rows[r].d, "row %d: %d vs %d", r, d, rows[r].d);
		CHECK_RC(sc_stmt_column_text(st, 11, &s, &n), SC_OK);
		CHECK_MSG(strcmp(s, "{\"a\": [1, 2], \"q\": \"x'\\\"y\"}") == 0, "%s", s);
		CHECK_RC(sc_stmt_column_text(st, 12, &s, &n), SC_OK);
		CHECK(strcmp(s, "1234567890123456789012345.12345") == 0);
	}
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	for (int col = 0; col < 13; col++)
		CHECK(sc_stmt_column_is_null(st, col));
	CHECK_RC(sc_stmt_step(st), SC_DONE);
	CHECK(sc_stmt_rows_affected(st) == 5);
	sc_stmt_finalize(st);
	/* values computed by the server in another time zone still parse exactly */
	t_exec(c, "SET TIME ZONE 'Asia/Kolkata'");
	CHECK(t_scalar(c, "SELECT 1 WHERE '2023-11-15 03:43:20.123456+05:30'::timestamptz = "
			  "'2023-11-14 22:13:20.123456+00'") == 1);
	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT ts FROM rt_vals WHERE id = 3"), SC_OK);
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	int64_t ts;
	CHECK_RC(sc_stmt_column_timestamp(st, 0, &ts), SC_OK);
	CHECK(ts == INT64_C(1700000000123457));
	sc_stmt_finalize(st);
	t_exec(c, "SET TIME ZONE 'UTC'");
	/* the text of a bytea column is its hex form */
	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT '\\x00ff'::bytea, 'infinity'::timestamptz, $1::text"), SC_OK);
	sc_stmt_bind_text(st, 1, "$2", 2);
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	const char *s;
	CHECK_RC(sc_stmt_column_text(st, 0, &s, NULL), SC_OK);
	CHECK(strcmp(s, "\\x00ff") == 0);
	CHECK_RC(sc_stmt_column_timestamp(st, 1, &ts), SC_OK);
	CHECK(ts == SC_TIMESTAMP_INFINITY);
	CHECK_RC(sc_stmt_column_text(st, 2, &s, NULL), SC_OK);
	CHECK(strcmp(s, "$2") == 0);
	sc_stmt_finalize(st);
	CHECK_RC(sc_stmt_prepare(&st, c, "SELEC 1"), SC_SQL_ERROR);
	CHECK(strcmp(sc_conn_error(c)->sqlstate, "42601") == 0);
	sc_pool_release(c);
}

static void test_errors(sc_pool *p)
{
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "DROP TABLE IF EXISTS rt_child; DROP TABLE IF EXISTS rt_parent;"
		"CREATE TABLE rt_parent (id int PRIMARY KEY, email text NOT NULL CONSTRAINT rt_parent_email_key UNIQUE,"
		" score int CONSTRAINT score_range CHECK (score BETWEEN 0 AND 100));"
		"CREATE TABLE rt_child (id int PRIMARY KEY, parent_id int NOT NULL CONSTRAINT rt_child_parent_fk"
		" REFERENCES rt_parent(id));"
		"INSERT INTO rt_parent VALUES (1, 'secret-value@x', 5)");
	struct {
		const char *sql;
		sc_status want;
		const char *sqlstate, *table, *column, *constraint;
	} cases[] = {
		{"INSERT INTO rt_parent VALUES (2, 'secret-value@x', 5)", SC_UNIQUE_VIOLATION, "23505", "rt_parent", "",
		 "rt_parent_email_key"},
		{"INSERT INTO rt_parent VALUES (3, NULL, 5)", SC_NOT_NULL_VIOLATION, "23502", "rt_parent", "email", ""},
		{"INSERT INTO rt_parent VALUES (4, 'c@x', 500)", SC_CHECK_VIOLATION, "23514", "rt_parent", "", "score_range"},
		{"INSERT INTO rt_child VALUES (1, 99)", SC_FOREIGN_KEY_VIOLATION, "23503", "rt_child", "",
		 "rt_child_parent_fk"},
		{"SELECT * FROM rt_nope", SC_SQL_ERROR, "42P01", "", "", ""},
		{"SELECT 1/0", SC_DATA_ERROR, "22012", "", "", ""},
		{"SELECT 'abc'::int", SC_DATA_ERROR, "22P02", "", "", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sc_stmt *st;
		sc_status rc = sc_stmt_prepare(&st, c, cases[i].sql);
		if (rc == SC_OK) {
			rc = sc_stmt_exec(st);
			sc_stmt_finalize(st);
		}
		const sc_error *e = sc_conn_error(c);
		CHECK_MSG(rc == cases[i].want, "%s -> %s (%s)", cases[i].sql, sc_status_name(rc), e->message);
		CHECK_MSG(strcmp(e->sqlstate, cases[i].sqlstate) == 0 && strcmp(e->table, cases[i].table) == 0 &&
				  strcmp(e->column, cases[i].column) == 0 && strcmp(e->constraint, cases[i].constraint) == 0,
			  "%s: state %s table '%s' column '%s' constraint '%s'", cases[i].sql, e->sqlstate, e->table,
			  e->column, e->constraint);
		/* the DETAIL line (which echoes row values) is never part of the message */
		CHECK(strstr(e->message, "secret-value") == NULL);
	}
	sc_pool_release(c);
}

static void test_transactions(sc_pool *p)
{
	sc_conn *c, *c2;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "DROP TABLE IF EXISTS rt_tx; CREATE TABLE rt_tx (id int PRIMARY KEY)");
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	t_exec(c, "INSERT INTO rt_tx VALUES (1)");
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	t_exec(c, "INSERT INTO rt_tx VALUES (2)");
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	t_exec(c, "INSERT INTO rt_tx VALUES (3)");
	/* an error inside a savepoint does not doom the outer transaction */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(sc_conn_exec(c, "INSERT INTO rt_tx VALUES (1)"), SC_UNIQUE_VIOLATION);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK(t_scalar(c, "SELECT sum(id) FROM rt_tx") == 4);
	/* a failed transaction's COMMIT reports the abort */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(sc_conn_exec(c, "INSERT INTO rt_tx VALUES (1)"), SC_UNIQUE_VIOLATION);
	CHECK_RC(sc_conn_exec(c, "SELECT 1"), SC_TX_ABORTED);
	CHECK_RC(sc_tx_commit(c), SC_TX_ABORTED);
	CHECK(sc_conn_tx_depth(c) == 0);
	/* isolation and read-only */
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.isolation = SC_ISOLATION_SERIALIZABLE;
	o.read_only = true;
	CHECK_RC(sc_tx_begin(c, &o), SC_OK);
	sc_stmt *st;
	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')"), SC_OK);
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	const char *iso, *ro;
	sc_stmt_column_text(st, 0, &iso, NULL);
	sc_stmt_column_text(st, 1, &ro, NULL);
	CHECK(strcmp(iso, "serializable") == 0 && strcmp(ro, "on") == 0);
	sc_stmt_finalize(st);
	CHECK_RC(sc_conn_exec(c, "INSERT INTO rt_tx VALUES (50)"), SC_READ_ONLY);
	CHECK(strcmp(sc_conn_error(c)->sqlstate, "25006") == 0);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	/* tenant: transaction-local */
	o = (sc_tx_options)SC_TX_OPTIONS_INIT;
	o.tenant = "tenant-42";
	CHECK_RC(sc_tx_begin(c, &o), SC_OK);
	CHECK(strcmp(sc_conn_tenant(c), "tenant-42") == 0);
	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT current_setting('schemac.tenant', true)"), SC_OK);
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	const char *tn;
	sc_stmt_column_text(st, 0, &tn, NULL);
	CHECK(tn && strcmp(tn, "tenant-42") == 0);
	sc_stmt_finalize(st);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK(sc_conn_tenant(c) == NULL);
	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT coalesce(current_setting('schemac.tenant', true), '')"), SC_OK);
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	sc_stmt_column_text(st, 0, &tn, NULL);
	CHECK(strcmp(tn, "") == 0);
	sc_stmt_finalize(st);

	/* release with an open transaction: its writes are invisible and the next
	 * borrower (same connection: pool of one) gets a clean session */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	t_exec(c, "INSERT INTO rt_tx VALUES (100)");
	int64_t pid = t_scalar(c, "SELECT pg_backend_pid()");
	sc_pool_release(c);
	REQUIRE(sc_pool_acquire(p, &c2) == SC_OK);
	CHECK(t_scalar(c2, "SELECT pg_backend_pid()") == pid);
	CHECK(sc_conn_tx_depth(c2) == 0);
	CHECK(t_scalar(c2, "SELECT count(*) FROM rt_tx WHERE id = 100") == 0);
	CHECK(PQtransactionStatus(sc_conn_native(c2)) == PQTRANS_IDLE);
	sc_pool_release(c2);
	CHECK(t_log_has(&logs, "open transaction"));
}

static void test_statement_timeout(void)
{
	sc_pool *p = open_pool(url, 1, true, 200);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_conn_exec(c, "SELECT pg_sleep(3)"), SC_STATEMENT_TIMEOUT);
	int64_t took = t_now_ms() - t0;
	CHECK_MSG(took >= 190 && took < 1500, "took %lld ms", (long long)took);
	CHECK(strcmp(sc_conn_error(c)->sqlstate, "57014") == 0);
	CHECK(t_scalar(c, "SELECT 5") == 5);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

static void test_unnamed(void)
{
	/* PgBouncer transaction mode: no named statements on the server */
	sc_pool *p = open_pool(url, 2, false, 0);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	for (int i = 0; i < 3; i++) {
		sc_stmt *st;
		CHECK_RC(sc_stmt_prepare(&st, c, "SELECT $1::bigint * 2"), SC_OK);
		sc_stmt_bind_int64(st, 1, 21 + i);
		CHECK_RC(sc_stmt_step(st), SC_ROW);
		int64_t v;
		sc_stmt_column_int64(st, 0, &v);
		CHECK(v == 42 + 2 * i);
		sc_stmt_finalize(st);
	}
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_prepared_statements") == 0);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
	/* named mode: prepared once per connection and reused */
	p = open_pool(url, 1, true, 0);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	for (int i = 0; i < 5; i++)
		CHECK(t_scalar(c, "SELECT 11") == 11);
	CHECK(t_scalar(c, "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT 11'") == 1);
	/* a statement dropped behind our back (DISCARD ALL, a pooler) is re-prepared */
	t_exec(c, "DEALLOCATE ALL");
	CHECK(t_scalar(c, "SELECT 11") == 11);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

static void test_health_metrics_hooks(void)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.name = "hooked";
	cfg.query_hook = qhook;
	cfg.query_hook_ud = &cap;
	cfg.slow_query_ms = 100;
	cfg.log_fn = cap_log;
	cfg.log_ud = &cap;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, "SELECT g FROM generate_series(1, $1) g") == SC_OK);
	sc_stmt_bind_int32(st, 1, 7);
	CHECK_RC(sc_stmt_exec(st), SC_OK);
	sc_stmt_finalize(st);
	CHECK(sc_conn_exec(c, "SELECT pg_sleep(0.15)") == SC_OK);
	sc_pool_release(c);
	CHECK(strstr(cap.text, "Q hooked SC_OK 7 ") != NULL);
	CHECK(strstr(cap.text, "SELECT g FROM generate_series(1, $1) g") != NULL);
	CHECK(strstr(cap.text, "slow query") != NULL && strstr(cap.text, "pg_sleep(0.15)") != NULL);
	sc_health h;
	CHECK(sc_pool_health(p, 2000, &h) == SC_HEALTH_UP);
	CHECK(strncmp(h.server_version, "15", 2) == 0 && h.latency_us >= 0 && h.pool.conns_total >= 1);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK_MSG(m.queries >= 2 && m.slow_queries >= 1 && m.acquires >= 2 && m.conns_created >= 1,
		  "queries %llu slow %llu acquires %llu created %llu", (unsigned long long)m.queries,
		  (unsigned long long)m.slow_queries, (unsigned long long)m.acquires, (unsigned long long)m.conns_created);
	char *prom = sc_pool_metrics_prometheus(p);
	REQUIRE(prom);
	CHECK(strstr(prom, "schemac_slow_queries_total{pool=\"hooked\"} 1\n") != NULL);
	free(prom);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* Bound values never reach an error message, log line or hook: unique and
 * check violations (whose DETAIL echoes the row), a foreign key, a bad
 * value for a type (class 22 quotes it), through single statements and a
 * batch, at every log level. */
static const char *SECRET_VAL = "hidden-Val-8812";

static sc_status bind_secret(sc_stmt *st, size_t i, void *ud)
{
	(void)ud;
	char v[64];
	snprintf(v, sizeof(v), "%s", SECRET_VAL);
	sc_status rc = sc_stmt_bind_int32(st, 1, (int32_t)i + 100);
	return rc == SC_OK ? sc_stmt_bind_text(st, 2, v, (size_t)-1) : rc;
}

static void check_clean(const char *what, const sc_error *e)
{
	CHECK_MSG(strstr(e->message, SECRET_VAL) == NULL && strstr(e->message, "hidden") == NULL,
		  "%s: value in message: %s", what, e->message);
	CHECK_MSG(strstr(e->message, "DETAIL") == NULL && strstr(e->message, "Failing row") == NULL &&
			  strstr(e->message, "Key (") == NULL,
		  "%s: detail in message: %s", what, e->message);
}

static void test_no_values_in_errors(void)
{
	capture *k = calloc(1, sizeof(*k));
	REQUIRE(k);
	pthread_mutex_init(&k->mu, NULL);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.name = "values";
	cfg.log_fn = cap_log;
	cfg.log_ud = k;
	cfg.log_level = SC_LOG_DEBUG;
	cfg.slow_query_ms = 0;
	cfg.query_hook = qhook;
	cfg.query_hook_ud = k;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "DROP TABLE IF EXISTS rt_secret_child; DROP TABLE IF EXISTS rt_secret;"
		"CREATE TABLE rt_secret (id int PRIMARY KEY, email text CONSTRAINT rt_secret_email_key UNIQUE,"
		" CONSTRAINT rt_secret_email_short CHECK (length(email) < 40));"
		"CREATE TABLE rt_secret_child (id int PRIMARY KEY, email text CONSTRAINT rt_secret_child_fk"
		" REFERENCES rt_secret(email));"
		"CREATE OR REPLACE FUNCTION rt_secret_notice() RETURNS trigger LANGUAGE plpgsql AS"
		" $$BEGIN RAISE NOTICE 'row seen'; RETURN NEW; END$$;"
		"CREATE TRIGGER rt_secret_notice BEFORE INSERT ON rt_secret FOR EACH ROW EXECUTE FUNCTION rt_secret_notice()");
	struct {
		const char *sql;
		sc_status want;
		const char *constraint;
		const char *pad; /* appended to the value */
	} cases[] = {
		{"INSERT INTO rt_secret (id, email) VALUES ($1, $2)", SC_UNIQUE_VIOLATION, "rt_secret_email_key", ""},
		{"INSERT INTO rt_secret (id, email) VALUES ($1, $2)", SC_CHECK_VIOLATION, "rt_secret_email_short",
		 "-padding-padding-padding-padding"},
		{"INSERT INTO rt_secret_child (id, email) VALUES ($1, $2)", SC_FOREIGN_KEY_VIOLATION, "rt_secret_child_fk",
		 "-nope"},
		{"SELECT $2::uuid, $1", SC_DATA_ERROR, "", ""},
		{"SELECT $2::int, $1", SC_DATA_ERROR, "", ""},
	};
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, "INSERT INTO rt_secret (id, email) VALUES ($1, $2)") == SC_OK);
	sc_stmt_bind_int32(st, 1, 1);
	sc_stmt_bind_text(st, 2, SECRET_VAL, (size_t)-1);
	CHECK_RC(sc_stmt_exec(st), SC_OK);
	sc_stmt_finalize(st);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char v[128];
		snprintf(v, sizeof(v), "%s%s", SECRET_VAL, cases[i].pad);
		REQUIRE(sc_stmt_prepare(&st, c, cases[i].sql) == SC_OK);
		sc_stmt_bind_int32(st, 1, 2 + (int)i);
		sc_stmt_bind_text(st, 2, v, (size_t)-1);
		sc_status rc = sc_stmt_exec(st);
		sc_stmt_finalize(st);
		const sc_error *e = sc_conn_error(c);
		CHECK_MSG(rc == cases[i].want, "%s: %s (%s)", cases[i].sql, sc_status_name(rc), e->message);
		CHECK_MSG(strcmp(e->constraint, cases[i].constraint) == 0, "constraint '%s'", e->constraint);
		check_clean(cases[i].sql, e);
		check_clean("last error", sc_error_last());
	}
	/* the table and column fields stay */
	REQUIRE(sc_stmt_prepare(&st, c, "INSERT INTO rt_secret (id, email) VALUES ($1, $2)") == SC_OK);
	sc_stmt_bind_int32(st, 1, 1);
	sc_stmt_bind_text(st, 2, "other", (size_t)-1);
	CHECK_RC(sc_stmt_exec(st), SC_UNIQUE_VIOLATION);
	CHECK(strcmp(sc_conn_error(c)->table, "rt_secret") == 0);
	sc_stmt_finalize(st);
	/* batch: the unique violation of item 0 */
	REQUIRE(sc_stmt_prepare(&st, c, "INSERT INTO rt_secret (id, email) VALUES ($1, $2)") == SC_OK);
	CHECK_RC(sc_stmt_exec_batch(st, 3, bind_secret, NULL, NULL), SC_UNIQUE_VIOLATION);
	check_clean("batch", sc_conn_error(c));
	sc_stmt_finalize(st);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
	/* nothing anywhere: logs at debug level (incl. server notices), hooks */
	CHECK(strstr(k->text, "row seen") != NULL); /* notices do reach the log */
	CHECK(strstr(k->text, "INSERT INTO rt_secret") != NULL); /* hooks did run */
	CHECK_MSG(strstr(k->text, SECRET_VAL) == NULL, "value leaked:\n%s", k->text);
	CHECK_MSG(strstr(k->text, "Failing row") == NULL && strstr(k->text, "Key (") == NULL, "detail leaked:\n%s",
		  k->text);
	pthread_mutex_destroy(&k->mu);
	free(k);
}

/* Every output channel with a password in the URL: logs (all levels), query
 * hook, errors, metrics, health JSON. */
static void test_no_password_leak(int argc, char **argv)
{
	char *pw_url = t_pg_file(argc, argv, "pw_url");
	char *password = t_pg_file(argc, argv, "password");
	capture *k = calloc(1, sizeof(*k));
	pthread_mutex_init(&k->mu, NULL);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = pw_url;
	cfg.name = "secret";
	cfg.log_fn = cap_log;
	cfg.log_ud = k;
	cfg.log_level = SC_LOG_DEBUG;
	cfg.query_hook = qhook;
	cfg.query_hook_ud = k;
	cfg.slow_query_ms = 1;
	cfg.leak_threshold_ms = 50;
	cfg.connect_retry_ms = 0;
	cfg.acquire_timeout_ms = 1500;
	sc_pool *p;
	CHECK_RC(sc_pool_open(&p, &cfg), SC_OK);
	if (p) {
		sc_conn *c;
		REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
		CHECK_RC(sc_conn_exec(c, "SELECT * FROM nowhere"), SC_SQL_ERROR);
		cap_add(k, sc_conn_error(c)->message);
		CHECK(t_scalar(c, "SELECT 1") == 1);
		t_sleep_ms(300); /* leak warning */
		CHECK(strcmp(sc_conn_error(c)->message, "") != 0);
		sc_pool_release(c);
		char *prom = sc_pool_metrics_prometheus(p);
		cap_add(k, prom);
		free(prom);
		sc_health h;
		sc_pool_health(p, 1000, &h);
		char *js = sc_health_json(&h);
		cap_add(k, js);
		free(js);
		sc_pool_close(p);
	}
	/* wrong password: authentication failure message */
	char bad[1200];
	snprintf(bad, sizeof(bad), "%s", pw_url);
	char *at = strstr(bad, password);
	REQUIRE(at);
	char wrong[64] = "Wr0ngPassw0rd-77";
	char rest[600];
	snprintf(rest, sizeof(rest), "%s", at + strlen(password));
	snprintf(at, sizeof(bad) - (size_t)(at - bad), "%s%s", wrong, rest);
	cfg.url = bad;
	CHECK_RC(sc_pool_open(&p, &cfg), SC_AUTH_FAILED);
	cap_add(k, sc_error_last()->message);
	CHECK(strstr(sc_error_last()->message, "secret_user") != NULL);
	/* unreachable server with a password in the URL, retried for a while */
	char down[700];
	snprintf(down, sizeof(down), "postgresql://secret_user:%s@127.0.0.1:1/postgres?password=%s", password, wrong);
	cfg.url = down;
	cfg.connect_retry_ms = 600;
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_pool_open(&p, &cfg), SC_CONNECT_FAILED);
	CHECK(t_now_ms() - t0 < 5000);
	cap_add(k, sc_error_last()->message);
	CHECK(strstr(sc_error_last()->message, "giving up") != NULL);
	sc_conn *c;
	CHECK_RC(sc_conn_open(&c, &cfg), SC_CONNECT_FAILED);
	cap_add(k, sc_error_last()->message);
	char red[800];
	sc_url_redact(down, red, sizeof(red));
	cap_add(k, red);

	CHECK(k->len > 500);
	CHECK(strstr(k->text, "Q secret") != NULL && strstr(k->text, "possible connection leak") != NULL);
	CHECK_MSG(strstr(k->text, password) == NULL, "password leaked:\n%s", k->text);
	CHECK_MSG(strstr(k->text, wrong) == NULL, "wrong password leaked:\n%s", k->text);
	if (getenv("SC_TEST_VERBOSE"))
		fprintf(stderr, "%s", k->text);
	pthread_mutex_destroy(&k->mu);
	free(k);
	free(pw_url);
	free(password);
}

int main(int argc, char **argv)
{
	char *u = t_pg_file(argc, argv, "url");
	snprintf(url, sizeof(url), "%s", u);
	free(u);
	sc_pool *p = open_pool(url, 1, true, 0);
	test_roundtrip(p);
	test_errors(p);
	test_transactions(p);
	CHECK_RC(sc_pool_close(p), SC_OK);
	test_statement_timeout();
	test_unnamed();
	test_health_metrics_hooks();
	test_no_password_leak(argc, argv);
	test_no_values_in_errors();
	return t_done("runtime_basics_pg");
}
