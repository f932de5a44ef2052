/* SQLite: batch execution (10,000 inserts with RETURNING, an error in the
 * middle with the item's index, atomic outside a transaction, one hook
 * event per batch) and the session settings generated SQL relies on
 * (case-sensitive LIKE, foreign keys). */
#include "t.h"

#define N 10000

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
static int hook_events;
static int64_t hook_rows;
static sc_status hook_status;

static void qhook(void *ud, const sc_query_event *ev)
{
	(void)ud;
	if (strncmp(ev->sql, "INSERT INTO bt", 14) != 0)
		return;
	hook_events++; /* one connection, one thread */
	hook_rows = ev->rows;
	hook_status = ev->status;
}

typedef struct job {
	int64_t base;
	size_t dup_at;
	size_t rows_seen, rows_wrong;
} job;

static sc_status bind_item(sc_stmt *st, size_t i, void *ud)
{
	job *j = ud;
	char email[64];
	snprintf(email, sizeof(email), "user%lld@example.com", (long long)(i == j->dup_at ? j->base : j->base + (int64_t)i));
	sc_status rc = sc_stmt_bind_int64(st, 1, j->base + (int64_t)i);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 2, email, (size_t)-1);
	return rc;
}

static sc_status row_item(sc_stmt *st, size_t i, void *ud)
{
	job *j = ud;
	int64_t id = -1;
	if (sc_stmt_column_int64(st, 0, &id) != SC_OK || id != j->base + (int64_t)i)
		j->rows_wrong++;
	j->rows_seen++;
	return SC_OK;
}

static void test_batch(sc_conn *c)
{
	t_exec(c, "CREATE TABLE bt (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)");
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, "INSERT INTO bt (id, email) VALUES ($1, $2) RETURNING id") == SC_OK);
	job j = {0, N, 0, 0};
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_stmt_exec_batch(st, N, bind_item, row_item, &j), SC_OK);
	printf("sqlite batch: %d inserts in %lld ms\n", N, (long long)(t_now_ms() - t0));
	CHECK(j.rows_seen == N && j.rows_wrong == 0);
	CHECK(t_scalar(c, "SELECT count(*) FROM bt") == N);
	CHECK_MSG(hook_events == 1 && hook_rows == N && hook_status == SC_OK, "hook events %d rows %lld",
		  hook_events, (long long)hook_rows);

	/* error in the middle: item index, nothing of the batch kept */
	j = (job){N, N / 2, 0, 0};
	hook_events = 0;
	CHECK_RC(sc_stmt_exec_batch(st, N, bind_item, row_item, &j), SC_UNIQUE_VIOLATION);
	const sc_error *e = sc_conn_error(c);
	CHECK_MSG(strncmp(e->message, "item 5000: ", 11) == 0, "%s", e->message);
	CHECK(strcmp(e->table, "bt") == 0 && strcmp(e->column, "email") == 0);
	CHECK(strstr(e->message, "@example.com") == NULL);
	CHECK(j.rows_seen == N / 2);
	CHECK(t_scalar(c, "SELECT count(*) FROM bt") == N);
	CHECK(hook_events == 1 && hook_status == SC_UNIQUE_VIOLATION);
	CHECK(sc_conn_tx_depth(c) == 0 && sc_conn_is_healthy(c));

	/* inside the caller's transaction: the caller decides */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	j = (job){2 * N, N, 0, 0};
	CHECK_RC(sc_stmt_exec_batch(st, 10, bind_item, NULL, &j), SC_OK);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK(t_scalar(c, "SELECT count(*) FROM bt") == N);
	sc_stmt_finalize(st);
}

static void test_like(sc_conn *c)
{
	t_exec(c, "CREATE TABLE lk (s TEXT); INSERT INTO lk VALUES ('Alice'), ('alice'), ('ALICE'), ('Bob')");
	/* like is case-sensitive, as on PostgreSQL */
	CHECK(t_scalar(c, "SELECT count(*) FROM lk WHERE s LIKE 'Ali%'") == 1);
	CHECK(t_scalar(c, "SELECT count(*) FROM lk WHERE s LIKE 'ali%'") == 1);
	/* ilike as generated: lower() LIKE lower() */
	CHECK(t_scalar(c, "SELECT count(*) FROM lk WHERE lower(s) LIKE lower('aLi%')") == 3);
	CHECK(t_scalar(c, "PRAGMA foreign_keys") == 1);
}

int main(void)
{
	char *dir = t_tmpdir();
	char url[600];
	snprintf(url, sizeof(url), "sqlite:%s/batch.db", dir);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.max_conns = 2;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	cfg.query_hook = qhook;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	test_batch(c);
	test_like(c);
	sc_pool_release(c);
	/* every connection of the pool has the settings, not just the first */
	sc_conn *c1, *c2;
	REQUIRE(sc_pool_acquire(p, &c1) == SC_OK);
	REQUIRE(sc_pool_acquire(p, &c2) == SC_OK);
	CHECK(t_scalar(c1, "SELECT count(*) FROM lk WHERE s LIKE 'alice'") == 1);
	CHECK(t_scalar(c2, "SELECT count(*) FROM lk WHERE s LIKE 'alice'") == 1);
	sc_pool_release(c1);
	sc_pool_release(c2);
	CHECK_RC(sc_pool_close(p), SC_OK);
	t_rmdir(dir);
	free(dir);
	return t_done("runtime_batch_sqlite");
}
