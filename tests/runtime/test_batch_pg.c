/* Batch execution on PostgreSQL (libpq pipeline mode): 10,000 inserts with
 * RETURNING rows, large values in both directions (the buffer deadlock of
 * naive pipelining), the first error stopping the batch with the failing
 * item's index, atomicity outside a transaction, the connection usable
 * afterwards, bind/row callback errors, unnamed statements, one query-hook
 * event per batch. */
#include "t.h"

#include <signal.h>

#define N 10000

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};

typedef struct hooks {
	pthread_mutex_t mu;
	int events;
	int64_t rows;
	sc_status status;
	char sql[256];
} hooks;
static hooks hk = {PTHREAD_MUTEX_INITIALIZER, 0, 0, SC_OK, ""};

static void qhook(void *ud, const sc_query_event *ev)
{
	hooks *h = ud;
	if (strncmp(ev->sql, "INSERT INTO bt", 14) != 0 && strncmp(ev->sql, "SELECT $1", 9) != 0)
		return;
	pthread_mutex_lock(&h->mu);
	h->events++;
	h->rows = ev->rows;
	h->status = ev->status;
	snprintf(h->sql, sizeof(h->sql), "%s", ev->sql);
	pthread_mutex_unlock(&h->mu);
}

static void hooks_reset(void)
{
	pthread_mutex_lock(&hk.mu);
	hk.events = 0;
	hk.rows = 0;
	hk.status = SC_OK;
	pthread_mutex_unlock(&hk.mu);
}

static sc_pool *open_pool(const char *u, bool prepared)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.name = "pg-batch";
	cfg.max_conns = 2;
	cfg.prepared_statements = prepared;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	cfg.query_hook = qhook;
	cfg.query_hook_ud = &hk;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	return p;
}

typedef struct job {
	int64_t base;      /* id of item 0 */
	size_t dup_at;     /* item that repeats an existing email (N: none) */
	size_t bind_fail;  /* item whose bind callback fails (N: none) */
	size_t row_fail;   /* item whose row callback fails (N: none) */
	size_t pad;        /* extra text per row */
	size_t rows_seen;
	size_t rows_wrong;
	size_t last_item;
	char *padbuf;
	sc_conn *killer;   /* when set: terminate backend `pid` at item kill_at */
	int64_t pid;
	size_t kill_at;
} job;

static sc_conn *admin;

static sc_status bind_item(sc_stmt *st, size_t i, void *ud)
{
	job *j = ud;
	if (i == j->bind_fail)
		return SC_INVALID_ARGUMENT;
	if (j->killer && i == j->kill_at) {
		char sql[200];
		snprintf(sql, sizeof(sql), "SELECT count(pg_terminate_backend(%lld))", (long long)j->pid);
		CHECK(t_scalar(j->killer, sql) == 1);
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_stat_activity WHERE pid = %lld", (long long)j->pid);
		for (int k = 0; k < 300 && t_scalar(j->killer, sql) > 0; k++)
			t_sleep_ms(10);
	}
	char email[64];
	if (i == j->dup_at)
		snprintf(email, sizeof(email), "user%lld@example.com", (long long)j->base);
	else
		snprintf(email, sizeof(email), "user%lld@example.com", (long long)(j->base + (int64_t)i));
	sc_status rc = sc_stmt_bind_int64(st, 1, j->base + (int64_t)i);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 2, email, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_int32(st, 3, (int32_t)(i % 1000));
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 4, j->padbuf ? j->padbuf : "", j->pad);
	return rc;
}

static sc_status row_item(sc_stmt *st, size_t i, void *ud)
{
	job *j = ud;
	if (i == j->row_fail)
		return SC_CONFLICT;
	int64_t id = -1;
	int32_t twice = -1;
	size_t padlen = 0;
	const char *pad;
	if (sc_stmt_column_int64(st, 0, &id) != SC_OK || sc_stmt_column_int32(st, 1, &twice) != SC_OK ||
	    sc_stmt_column_text(st, 2, &pad, &padlen) != SC_OK)
		return SC_ERROR;
	if (id != j->base + (int64_t)i || twice != (int32_t)(i % 1000) * 2 || padlen != j->pad ||
	    (i > 0 && i != j->last_item + 1))
		j->rows_wrong++;
	j->last_item = i;
	j->rows_seen++;
	return SC_OK;
}

static const char *INSERT_SQL =
	"INSERT INTO bt (id, email, n, pad) VALUES ($1, $2, $3, $4) RETURNING id, n * 2, pad";

static int64_t count_rows(sc_conn *c)
{
	return t_scalar(c, "SELECT count(*) FROM bt");
}

static void test_batch(sc_pool *p, bool prepared)
{
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "DROP TABLE IF EXISTS bt; CREATE TABLE bt (id bigint PRIMARY KEY, email text NOT NULL"
		" CONSTRAINT bt_email_key UNIQUE, n int CHECK (n >= 0), pad text)");
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, INSERT_SQL) == SC_OK);

	/* 10,000 rows, each RETURNING its row */
	job j = {0, N, N, N, 0, 0, 0, 0, NULL, NULL, 0, 0};
	hooks_reset();
	sc_metrics m0, m1;
	sc_pool_metrics(p, &m0);
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_stmt_exec_batch(st, N, bind_item, row_item, &j), SC_OK);
	int64_t took = t_now_ms() - t0;
	sc_pool_metrics(p, &m1);
	CHECK_MSG(j.rows_seen == N && j.rows_wrong == 0, "rows %zu wrong %zu", j.rows_seen, j.rows_wrong);
	CHECK(count_rows(c) == N);
	pthread_mutex_lock(&hk.mu);
	CHECK_MSG(hk.events == 1 && hk.rows == N && hk.status == SC_OK, "hook events %d rows %lld", hk.events,
		  (long long)hk.rows);
	pthread_mutex_unlock(&hk.mu);
	/* one query for the batch, plus BEGIN/COMMIT of its own transaction, plus count */
	CHECK_MSG(m1.queries - m0.queries == 3, "queries counted: %llu",
		  (unsigned long long)(m1.queries - m0.queries));
	CHECK(sc_conn_tx_depth(c) == 0);
	printf("batch (%s): %d inserts with RETURNING in %lld ms\n", prepared ? "named" : "unnamed", N,
	       (long long)took);

	/* an error in the middle: first error stops, item index reported,
	 * nothing of the batch stays (own transaction), connection usable */
	j = (job){N, N / 2, N, N, 0, 0, 0, 0, NULL, NULL, 0, 0};
	hooks_reset();
	sc_status rc = sc_stmt_exec_batch(st, N, bind_item, row_item, &j);
	const sc_error *e = sc_conn_error(c);
	CHECK_RC(rc, SC_UNIQUE_VIOLATION);
	CHECK_MSG(strncmp(e->message, "item 5000: ", 11) == 0, "message: %s", e->message);
	CHECK(strcmp(e->constraint, "bt_email_key") == 0 && strcmp(e->sqlstate, "23505") == 0);
	CHECK_MSG(strstr(e->message, "@example.com") == NULL, "value in message: %s", e->message);
	CHECK_MSG(j.rows_seen == N / 2, "rows before the error: %zu", j.rows_seen);
	CHECK(count_rows(c) == N);
	CHECK(sc_conn_is_healthy(c) && sc_conn_tx_depth(c) == 0);
	CHECK(t_scalar(c, "SELECT 41 + 1") == 42);
	pthread_mutex_lock(&hk.mu);
	CHECK(hk.events == 1 && hk.status == SC_UNIQUE_VIOLATION);
	pthread_mutex_unlock(&hk.mu);

	/* inside the caller's transaction: the transaction is the caller's to end */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	t_exec(c, "INSERT INTO bt VALUES (-1, 'tx@example.com', 1, '')");
	j = (job){2 * N, 7, N, N, 0, 0, 0, 0, NULL, NULL, 0, 0};
	CHECK_RC(sc_stmt_exec_batch(st, 100, bind_item, NULL, &j), SC_UNIQUE_VIOLATION);
	CHECK(strncmp(sc_conn_error(c)->message, "item 7: ", 8) == 0);
	CHECK(sc_conn_tx_depth(c) == 1);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK(count_rows(c) == N);
	/* and a successful one inside a transaction commits with it */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	j = (job){2 * N, N, N, N, 0, 0, 0, 0, NULL, NULL, 0, 0};
	CHECK_RC(sc_stmt_exec_batch(st, 100, bind_item, NULL, &j), SC_OK);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK(count_rows(c) == N + 100);

	/* callback failures */
	j = (job){3 * N, N, 7000, N, 0, 0, 0, 0, NULL, NULL, 0, 0};
	CHECK_RC(sc_stmt_exec_batch(st, N, bind_item, row_item, &j), SC_INVALID_ARGUMENT);
	CHECK_MSG(strncmp(sc_conn_error(c)->message, "item 7000: ", 11) == 0, "%s", sc_conn_error(c)->message);
	j = (job){3 * N, N, N, 1234, 0, 0, 0, 0, NULL, NULL, 0, 0};
	CHECK_RC(sc_stmt_exec_batch(st, N, bind_item, row_item, &j), SC_CONFLICT);
	CHECK(strncmp(sc_conn_error(c)->message, "item 1234: ", 11) == 0);
	CHECK(count_rows(c) == N + 100);
	CHECK(t_scalar(c, "SELECT 7") == 7);

	/* large values both ways: 2 KB out and back per item (40 MB in all);
	 * a pipeline that only writes before reading would deadlock here */
	j = (job){4 * N, N, N, N, 2048, 0, 0, 0, malloc(2048), NULL, 0, 0};
	REQUIRE(j.padbuf != NULL);
	memset(j.padbuf, 'x', 2048);
	CHECK_RC(sc_stmt_exec_batch(st, N, bind_item, row_item, &j), SC_OK);
	CHECK_MSG(j.rows_seen == N && j.rows_wrong == 0, "rows %zu wrong %zu", j.rows_seen, j.rows_wrong);
	free(j.padbuf);
	CHECK(count_rows(c) == 2 * N + 100);

	/* a single item, no RETURNING consumer, statement reusable normally */
	j = (job){6 * N, N, N, N, 0, 0, 0, 0, NULL, NULL, 0, 0};
	CHECK_RC(sc_stmt_exec_batch(st, 1, bind_item, NULL, &j), SC_OK);
	CHECK_RC(sc_stmt_exec_batch(st, 0, bind_item, NULL, &j), SC_OK);
	bind_item(st, 5, &j);
	CHECK_RC(sc_stmt_step(st), SC_ROW);
	int64_t id = 0;
	sc_stmt_column_int64(st, 0, &id);
	CHECK(id == 6 * N + 5);
	CHECK(count_rows(c) == 2 * N + 102);

	/* the connection dies in the middle of the batch: one error, no hang,
	 * nothing of the batch committed, the next call reconnects */
	j = (job){7 * N, N, N, N, 0, 0, 0, 0, NULL, admin, t_scalar(c, "SELECT pg_backend_pid()"), 3000};
	int64_t t1 = t_now_ms();
	CHECK_RC(sc_stmt_exec_batch(st, N, bind_item, row_item, &j), SC_CONNECTION_LOST);
	CHECK(t_now_ms() - t1 < 10000);
	CHECK_MSG(strncmp(sc_conn_error(c)->message, "item ", 5) == 0, "%s", sc_conn_error(c)->message);
	CHECK(sc_conn_tx_depth(c) == 0);
	CHECK(count_rows(c) == 2 * N + 102);
	CHECK(t_scalar(c, "SELECT pg_backend_pid()") != j.pid);
	j = (job){7 * N, N, N, N, 0, 0, 0, 0, NULL, NULL, 0, 0};
	CHECK_RC(sc_stmt_exec_batch(st, 10, bind_item, row_item, &j), SC_OK);
	CHECK(j.rows_seen == 10);
	sc_stmt_finalize(st);
	CHECK(count_rows(c) == 2 * N + 112);

	sc_pool_release(c);
}

int main(int argc, char **argv)
{
	t_watchdog("test_batch_pg", 150);
	setvbuf(stdout, NULL, _IONBF, 0);
	char *base = t_pg_file(argc, argv, "url");
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = base;
	REQUIRE(sc_conn_open(&admin, &cfg) == SC_OK);
	char *u = t_pg_own_db(admin, base, "sc_rt_batch");
	sc_pool *p = open_pool(u, true);
	test_batch(p, true);
	CHECK_RC(sc_pool_close(p), SC_OK);
	p = open_pool(u, false);
	test_batch(p, false);
	CHECK_RC(sc_pool_close(p), SC_OK);
	sc_conn_close(admin);
	free(u);
	free(base);
	return t_done("runtime_batch_pg");
}
