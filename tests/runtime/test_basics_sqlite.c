/* SQLite backend through the pool: value round trips, error details,
 * transactions, savepoints, read-only, statement timeout, concurrent
 * writers, release with an open transaction, hooks, metrics, health. */
#include "t.h"

static char *dir;
static char url[600];
static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};

typedef struct hook_rec {
	pthread_mutex_t mu;
	int queries, errors, slow;
	char last_sql[256];
	int changes;
	char change_log[4096];
} hook_rec;
static hook_rec hooks = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, "", 0, ""};

static void qhook(void *ud, const sc_query_event *ev)
{
	hook_rec *h = ud;
	pthread_mutex_lock(&h->mu);
	h->queries++;
	if (ev->status != SC_OK)
		h->errors++;
	if (ev->slow)
		h->slow++;
	snprintf(h->last_sql, sizeof(h->last_sql), "%s", ev->sql);
	pthread_mutex_unlock(&h->mu);
}

static void chook(void *ud, const sc_change_event *ev)
{
	hook_rec *h = ud;
	pthread_mutex_lock(&h->mu);
	h->changes++;
	size_t l = strlen(h->change_log);
	snprintf(h->change_log + l, sizeof(h->change_log) - l, "%s:%s:%s;", ev->table, sc_change_op_name(ev->op),
		 ev->key);
	pthread_mutex_unlock(&h->mu);
}

static sc_pool *open_pool(int max, int64_t stmt_timeout_ms)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.name = "sqlite-test";
	cfg.max_conns = max;
	cfg.statement_timeout_ms = stmt_timeout_ms;
	cfg.acquire_timeout_ms = 10000;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	cfg.query_hook = qhook;
	cfg.query_hook_ud = &hooks;
	cfg.change_hook = chook;
	cfg.change_hook_ud = &hooks;
	cfg.slow_query_ms = 150;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	return p;
}

static void test_roundtrip(sc_pool *p)
{
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(sc_conn_dialect(c) == SC_DIALECT_SQLITE);
	t_exec(c, "CREATE TABLE vals (id INTEGER PRIMARY KEY, b INTEGER, i2 INTEGER, i4 INTEGER, i8 INTEGER,"
		" f REAL, t TEXT, by BLOB, u TEXT, ts INTEGER, d TEXT, j TEXT, n TEXT)");
	static const unsigned char bytes[] = {0, 1, 2, '\'', '"', '\\', 0xff, 0x80, 0, 'x'};
	const char *text = "it's a \"quoted\" \\ back\\slash, ünïcödé ✓, \n newline";
	sc_uuid u;
	sc_uuid_v7(&u);
	struct {
		int64_t i8, ts;
		int32_t i4, d;
		int16_t i2;
		double f;
	} rows[] = {
		{INT64_MAX, INT64_C(253402300799999999), INT32_MAX, 2932896, INT16_MAX, 1.7976931348623157e308},
		{INT64_MIN, INT64_C(-62135596800000000), INT32_MIN, -719162, INT16_MIN, -4.9e-324},
		{0, 1, 0, 0, 0, 0.1},
	};
	sc_stmt *st;
	CHECK_RC(sc_stmt_prepare(&st, c,
				 "INSERT INTO vals (id, b, i2, i4, i8, f, t, by, u, ts, d, j, n) "
				 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"),
		 SC_OK);
	CHECK(sc_stmt_param_count(st) == 13);
	for (int r = 0; r < 3; r++) {
		sc_stmt_bind_int64(st, 1, r + 1);
		sc_stmt_bind_bool(st, 2, r == 0);
		sc_stmt_bind_int16(st, 3, rows[r].i2);
		sc_stmt_bind_int32(st, 4, rows[r].i4);
		sc_stmt_bind_int64(st, 5, rows[r].i8);
		sc_stmt_bind_double(st, 6, rows[r].f);
		sc_stmt_bind_text(st, 7, r == 2 ? "" : text, (size_t)-1);
		sc_stmt_bind_blob(st, 8, bytes, r == 2 ? 0 : sizeof(bytes));
		sc_stmt_bind_uuid(st, 9, &u);
		sc_stmt_bind_timestamp(st, 10, rows[r].ts);
		sc_stmt_bind_date(st, 11, rows[r].d);
		sc_stmt_bind_text(st, 12, "{\"a\": [1, 2]}", (size_t)-1);
		sc_stmt_bind_text(st, 13, "12345678901234567890.12345", (size_t)-1);
		CHECK_RC(sc_stmt_exec(st), SC_OK);
		CHECK(sc_stmt_rows_affected(st) == 1);
		sc_stmt_reset(st);
	}
	/* a row of NULLs */
	sc_stmt_clear_bindings(st);
	sc_stmt_bind_int64(st, 1, 4);
	CHECK_RC(sc_stmt_exec(st), SC_OK);
	sc_stmt_finalize(st);

	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT b, i2, i4, i8, f, t, by, u, ts, d, j, n FROM vals ORDER BY id"), SC_OK);
	CHECK(sc_stmt_column_count(st) == 12);
	CHECK(strcmp(sc_stmt_column_name(st, 7), "u") == 0);
	for (int r = 0; r < 3; r++) {
		CHECK_RC(sc_stmt_step(st), SC_ROW);
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
		CHECK(f == rows[r].f);
		CHECK_RC(sc_stmt_column_text(st, 5, &s, &n), SC_OK);
		CHECK(s && (r == 2 ? n == 0 : (n == strlen(text) && memcmp(s, text, n) == 0)));
		CHECK(!sc_stmt_column_is_null(st, 5));
		CHECK_RC(sc_stmt_column_blob(st, 6, &bl, &n), SC_OK);
		CHECK(bl && (r == 2 ? n == 0 : (n == sizeof(bytes) && memcmp(bl, bytes, n) == 0)));
		CHECK_RC(sc_stmt_column_uuid(st, 7, &uu), SC_OK);
		CHECK(sc_uuid_equal(&uu, &u));
		CHECK_RC(sc_stmt_column_text(st, 7, &s, &n), SC_OK);
		char ub[SC_UUID_STRLEN + 1];
		CHECK(n == 36 && strcmp(s, sc_uuid_format(&u, ub)) == 0); /* lowercase canonical */
		CHECK_RC(sc_stmt_column_timestamp(st, 8, &ts), SC_OK);
		CHECK(ts == rows[r].ts);
		CHECK_RC(sc_stmt_column_date(st, 9, &d), SC_OK);
		CHECK(d == rows[r].d);
		CHECK_RC(sc_stmt_column_text(st, 11, &s, &n), SC_OK);
		CHECK(strcmp(s, "12345678901234567890.12345") == 0);
		if (r == 0)
			CHECK_RC(sc_stmt_column_int16(st, 3, &i2), SC_DATA_ERROR); /* INT64_MAX into int16 */
	}
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	for (int col = 0; col < 12; col++)
		CHECK(sc_stmt_column_is_null(st, col));
	const char *s = "x";
	CHECK_RC(sc_stmt_column_text(st, 5, &s, NULL), SC_OK);
	CHECK(s == NULL);
	CHECK_RC(sc_stmt_step(st), SC_DONE);
	sc_stmt_finalize(st);

	/* placeholders inside literals and comments are left alone; $n reuse and order */
	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT '$1 it''s', $2 - $1 /* $3 */ -- $4\n, $2"), SC_OK);
	CHECK(sc_stmt_param_count(st) == 2);
	sc_stmt_bind_int64(st, 1, 10);
	sc_stmt_bind_int64(st, 2, 52);
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	const char *lit;
	int64_t diff, two;
	sc_stmt_column_text(st, 0, &lit, NULL);
	sc_stmt_column_int64(st, 1, &diff);
	sc_stmt_column_int64(st, 2, &two);
	CHECK(strcmp(lit, "$1 it's") == 0 && diff == 42 && two == 52);
	CHECK_RC(sc_stmt_bind_int64(st, 3, 1), SC_INVALID_ARGUMENT);
	sc_stmt_finalize(st);
	/* prepared statements are cached: same SQL twice while in use gives two handles */
	sc_stmt *a, *b2;
	CHECK_RC(sc_stmt_prepare(&a, c, "SELECT 1"), SC_OK);
	CHECK_RC(sc_stmt_prepare(&b2, c, "SELECT 1"), SC_OK);
	CHECK(a != b2);
	CHECK_RC(sc_stmt_step(a), SC_ROW);
	CHECK_RC(sc_stmt_step(b2), SC_ROW);
	sc_stmt_finalize(b2);
	sc_stmt_finalize(a);
	CHECK_RC(sc_stmt_prepare(&b2, c, "SELECT 1"), SC_OK);
	CHECK(a == b2); /* the cached one again */
	sc_stmt_finalize(b2);
	CHECK_RC(sc_stmt_prepare(&st, c, "SELEC nonsense"), SC_SQL_ERROR);
	CHECK(st == NULL && strstr(sc_conn_error(c)->message, "syntax") != NULL);
	sc_pool_release(c);
}

static void test_errors(sc_pool *p)
{
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "CREATE TABLE parent (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE,"
		" score INTEGER CONSTRAINT score_range CHECK (score BETWEEN 0 AND 100))");
	t_exec(c, "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id))");
	t_exec(c, "INSERT INTO parent VALUES (1, 'a@x', 5)");
	struct {
		const char *sql;
		sc_status want;
		const char *table, *column, *constraint;
	} cases[] = {
		{"INSERT INTO parent VALUES (2, 'a@x', 5)", SC_UNIQUE_VIOLATION, "parent", "email", ""},
		{"INSERT INTO parent VALUES (1, 'b@x', 5)", SC_UNIQUE_VIOLATION, "parent", "id", ""},
		{"INSERT INTO parent VALUES (3, NULL, 5)", SC_NOT_NULL_VIOLATION, "parent", "email", ""},
		{"INSERT INTO parent VALUES (4, 'c@x', 500)", SC_CHECK_VIOLATION, "", "", "score_range"},
		{"INSERT INTO child VALUES (1, 99)", SC_FOREIGN_KEY_VIOLATION, "", "", ""},
		{"SELECT * FROM nope", SC_SQL_ERROR, "", "", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sc_stmt *st = NULL;
		sc_status rc = sc_stmt_prepare(&st, c, cases[i].sql);
		if (rc == SC_OK) {
			rc = sc_stmt_exec(st);
			sc_stmt_finalize(st);
		}
		const sc_error *e = sc_conn_error(c);
		CHECK_MSG(rc == cases[i].want, "%s -> %s (%s)", cases[i].sql, sc_status_name(rc), e->message);
		CHECK(e->status == rc && e->sqlite_code != 0);
		CHECK_MSG(strcmp(e->table, cases[i].table) == 0 && strcmp(e->column, cases[i].column) == 0 &&
				  strcmp(e->constraint, cases[i].constraint) == 0,
			  "%s: table '%s' column '%s' constraint '%s'", cases[i].sql, e->table, e->column, e->constraint);
		CHECK(sc_error_last()->status == rc);
	}
	sc_pool_release(c);
}

static sc_status insert_val(sc_conn *c, int64_t id)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "INSERT INTO tx_t (id) VALUES ($1)");
	if (rc != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, id);
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	if (rc == SC_OK) {
		char key[32];
		snprintf(key, sizeof(key), "%lld", (long long)id);
		rc = sc_conn_notify_change(c, "tx_t", SC_CHANGE_INSERT, key, NULL);
	}
	return rc;
}

static void test_transactions(sc_pool *p)
{
	sc_conn *c, *c2;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "CREATE TABLE tx_t (id INTEGER PRIMARY KEY)");
	hooks.changes = 0;
	hooks.change_log[0] = '\0';
	/* savepoints */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(insert_val(c, 1), SC_OK);
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK(sc_conn_tx_depth(c) == 2);
	CHECK_RC(insert_val(c, 2), SC_OK);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(insert_val(c, 3), SC_OK);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK(hooks.changes == 0); /* nothing delivered before the commit */
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK(sc_conn_tx_depth(c) == 0);
	CHECK(t_scalar(c, "SELECT group_concat(id) FROM (SELECT id FROM tx_t ORDER BY id)") == -1 ||
	      t_scalar(c, "SELECT count(*) FROM tx_t") == 2);
	CHECK(t_scalar(c, "SELECT sum(id) FROM tx_t") == 4);
	CHECK_MSG(hooks.changes == 2 && strcmp(hooks.change_log, "tx_t:insert:1;tx_t:insert:3;") == 0, "%s",
		  hooks.change_log);
	/* rollback drops changes */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(insert_val(c, 10), SC_OK);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK(hooks.changes == 2);
	CHECK(t_scalar(c, "SELECT count(*) FROM tx_t WHERE id = 10") == 0);
	/* read-only transactions reject writes */
	sc_tx_options ro = SC_TX_OPTIONS_INIT;
	ro.read_only = true;
	CHECK_RC(sc_tx_begin(c, &ro), SC_OK);
	CHECK(t_scalar(c, "SELECT count(*) FROM tx_t") == 2);
	CHECK_RC(insert_val(c, 20), SC_READ_ONLY);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK_RC(insert_val(c, 21), SC_OK); /* writable again afterwards */

	/* release with an open transaction: invisible, next borrower clean */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(insert_val(c, 30), SC_OK);
	sc_pool_release(c);
	CHECK(t_log_has(&logs, "open transaction"));
	REQUIRE(sc_pool_acquire(p, &c2) == SC_OK);
	CHECK(sc_conn_tx_depth(c2) == 0);
	CHECK(t_scalar(c2, "SELECT count(*) FROM tx_t WHERE id = 30") == 0);
	CHECK_RC(sc_tx_begin(c2, NULL), SC_OK); /* a BEGIN would fail if one were still open */
	CHECK_RC(sc_tx_commit(c2), SC_OK);
	sc_pool_release(c2);
}

static sc_status long_query(sc_conn *c, void *ud)
{
	(void)ud;
	return sc_conn_exec(c, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n");
}

static void test_statement_timeout(void)
{
	sc_pool *p = open_pool(2, 200);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	int64_t t0 = t_now_ms();
	CHECK_RC(long_query(c, NULL), SC_STATEMENT_TIMEOUT);
	int64_t took = t_now_ms() - t0;
	CHECK_MSG(took >= 190 && took < 2000, "took %lld ms", (long long)took);
	CHECK(t_scalar(c, "SELECT 7") == 7); /* connection still fine */
	sc_pool_release(c);
	CHECK(hooks.slow > 0);
	CHECK(t_log_has(&logs, "slow query"));
	CHECK_RC(sc_pool_close(p), SC_OK);
}

typedef struct writer_arg {
	sc_pool *p;
	int id;
	int ok, failed;
	sc_status last;
} writer_arg;

static sc_status bump(sc_conn *c, void *ud)
{
	writer_arg *w = ud;
	int64_t v = t_scalar(c, "SELECT v FROM counter WHERE id = 1");
	if (v < 0)
		return sc_conn_error(c)->status;
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "UPDATE counter SET v = $1 WHERE id = 1");
	if (rc != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, v + 1);
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	if (rc != SC_OK)
		return rc;
	if ((rc = sc_stmt_prepare(&st, c, "INSERT INTO log (writer) VALUES ($1)")) != SC_OK)
		return rc;
	sc_stmt_bind_int32(st, 1, w->id);
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	return rc;
}

static void *writer(void *arg)
{
	writer_arg *w = arg;
	for (int i = 0; i < 250; i++) {
		sc_status rc = sc_tx_run(w->p, NULL, bump, w);
		if (rc == SC_OK)
			w->ok++;
		else {
			w->failed++;
			w->last = rc;
		}
	}
	return NULL;
}

static void test_concurrent_writers(void)
{
	sc_pool *p = open_pool(4, 0);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "CREATE TABLE counter (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
	t_exec(c, "INSERT INTO counter VALUES (1, 0)");
	t_exec(c, "CREATE TABLE log (n INTEGER PRIMARY KEY, writer INTEGER)");
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, "PRAGMA journal_mode") == SC_OK);
	REQUIRE(sc_stmt_step(st) == SC_ROW);
	const char *mode;
	sc_stmt_column_text(st, 0, &mode, NULL);
	CHECK(strcmp(mode, "wal") == 0);
	sc_stmt_finalize(st);
	CHECK(t_scalar(c, "PRAGMA foreign_keys") == 1);
	CHECK(t_scalar(c, "PRAGMA busy_timeout") == 5000);
	sc_pool_release(c);
	pthread_t th[4];
	writer_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (writer_arg){p, i, 0, 0, SC_OK};
		pthread_create(&th[i], NULL, writer, &args[i]);
	}
	int ok = 0, failed = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ok += args[i].ok;
		failed += args[i].failed;
		CHECK_MSG(args[i].failed == 0, "writer %d: %d failures, last %s", i, args[i].failed,
			  sc_status_name(args[i].last));
	}
	CHECK(ok == 1000 && failed == 0);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT v FROM counter") == 1000);
	CHECK(t_scalar(c, "SELECT count(*) FROM log") == 1000);
	sc_pool_release(c);

	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.tx_commits >= 1000 && m.conns_max == 4 && m.conns_in_use == 0 && m.queries > 3000);
	char *prom = sc_pool_metrics_prometheus(p);
	REQUIRE(prom);
	CHECK(strstr(prom, "# TYPE schemac_pool_connections gauge") != NULL);
	CHECK(strstr(prom, "schemac_pool_connections{pool=\"sqlite-test\",state=\"in_use\"} 0\n") != NULL);
	CHECK(strstr(prom, "schemac_tx_commits_total{pool=\"sqlite-test\"}") != NULL);
	free(prom);
	sc_health h;
	CHECK(sc_pool_health(p, 1000, &h) == SC_HEALTH_UP);
	CHECK(h.latency_us >= 0 && strncmp(h.server_version, "3.", 2) == 0);
	char *js = sc_health_json(&h);
	CHECK(js && strstr(js, "\"status\":\"up\"") != NULL);
	free(js);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

static void test_memory_and_misc(void)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = "sqlite::memory:";
	cfg.max_conns = 5;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.conns_max == 1); /* each :memory: connection would be its own database */
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "CREATE TABLE m (x)");
	sc_pool_release(c);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT count(*) FROM m") == 0); /* same database */
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);

	/* a standalone connection */
	cfg.url = url;
	CHECK_RC(sc_conn_open(&c, &cfg), SC_OK);
	CHECK(t_scalar(c, "SELECT count(*) FROM vals") == 4);
	sc_conn_close(c);
	/* an unopenable path fails with a clear error */
	cfg.url = "sqlite:/nonexistent-dir/x/y.db";
	cfg.connect_retry_ms = 0;
	CHECK_RC(sc_conn_open(&c, &cfg), SC_CONNECT_FAILED);
	CHECK(strstr(sc_error_last()->message, "/nonexistent-dir/x/y.db") != NULL);
	/* sqlite_create off: a missing file is an error and stays missing;
	 * an existing one opens */
	char missing[1200];
	snprintf(missing, sizeof(missing), "%s/missing.db", dir);
	char murl[1300];
	snprintf(murl, sizeof(murl), "sqlite:%s", missing);
	cfg.url = murl;
	cfg.sqlite_create = false;
	CHECK_RC(sc_conn_open(&c, &cfg), SC_CONNECT_FAILED);
	CHECK_MSG(strstr(sc_error_last()->message, "does not exist") != NULL, "%s", sc_error_last()->message);
	CHECK(access(missing, F_OK) != 0);
	cfg.url = url;
	CHECK_RC(sc_conn_open(&c, &cfg), SC_OK);
	sc_conn_close(c);
}

int main(void)
{
	dir = t_tmpdir();
	snprintf(url, sizeof(url), "sqlite:%s/test.db", dir);
	sc_pool *p = open_pool(3, 0);
	test_roundtrip(p);
	test_errors(p);
	test_transactions(p);
	CHECK(hooks.queries > 20 && hooks.errors >= 6);
	CHECK_RC(sc_pool_close(p), SC_OK);
	test_statement_timeout();
	test_concurrent_writers();
	test_memory_and_misc();
	t_rmdir(dir);
	free(dir);
	return t_done("runtime_basics_sqlite");
}
