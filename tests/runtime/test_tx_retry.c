/* Retries on PostgreSQL: 8 threads x 500 serializable read-increment-write
 * transactions on one row end with the exact total; forced deadlocks never
 * surface; non-retryable errors are not retried. */
#include "t.h"

#include <signal.h>

static char url[1200];
static bool bouncer; /* through PgBouncer (t_pg_bouncer) */
static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};

static sc_pool *open_pool(int max)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.name = "retry";
	cfg.max_conns = max;
	cfg.prepared_statements = !bouncer;
	cfg.retry_max_attempts = 10000;
	cfg.retry_base_delay_ms = 1;
	cfg.retry_max_delay_ms = 20;
	cfg.retry_max_time_ms = 120000;
	cfg.on_connect_sql = "SET deadlock_timeout = '20ms'";
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	return p;
}

static sc_status increment(sc_conn *c, void *ud)
{
	(void)ud;
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "SELECT v FROM rt_counter WHERE id = 1");
	if (rc != SC_OK)
		return rc;
	int64_t v = 0;
	rc = sc_stmt_step(st);
	if (rc == SC_ROW)
		rc = sc_stmt_column_int64(st, 0, &v);
	sc_stmt_finalize(st);
	if (rc != SC_OK)
		return rc;
	if ((rc = sc_stmt_prepare(&st, c, "UPDATE rt_counter SET v = $1 WHERE id = 1")) != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, v + 1);
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	return rc;
}

typedef struct warg {
	sc_pool *p;
	int n, ok, fail, id;
	sc_status last;
} warg;

static void *serial_worker(void *arg)
{
	warg *w = arg;
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.isolation = SC_ISOLATION_SERIALIZABLE;
	for (int i = 0; i < w->n; i++) {
		sc_status rc = sc_tx_run(w->p, &o, increment, NULL);
		if (rc == SC_OK)
			w->ok++;
		else {
			w->fail++;
			w->last = rc;
		}
	}
	return NULL;
}

static sc_status cross_update(sc_conn *c, void *ud)
{
	int first = *(int *)ud, second = 3 - first;
	char sql[128];
	/* behind PgBouncer on_connect_sql lands on one server session and
	 * DISCARD ALL undoes it: a transaction-local setting instead */
	if (bouncer) {
		sc_status st = sc_conn_exec(c, "SET LOCAL deadlock_timeout = '20ms'");
		if (st != SC_OK)
			return st;
	}
	snprintf(sql, sizeof(sql), "UPDATE rt_dl SET v = v + 1 WHERE id = %d", first);
	sc_status rc = sc_conn_exec(c, sql);
	if (rc != SC_OK)
		return rc;
	if ((rc = sc_conn_exec(c, "SELECT pg_sleep(0.01)")) != SC_OK)
		return rc;
	snprintf(sql, sizeof(sql), "UPDATE rt_dl SET v = v + 1 WHERE id = %d", second);
	return sc_conn_exec(c, sql);
}

static void *deadlock_worker(void *arg)
{
	warg *w = arg;
	for (int i = 0; i < w->n; i++) {
		sc_status rc = sc_tx_run(w->p, NULL, cross_update, &w->id);
		if (rc == SC_OK)
			w->ok++;
		else {
			w->fail++;
			w->last = rc;
		}
	}
	return NULL;
}

static int calls;
static sc_status unique_fail(sc_conn *c, void *ud)
{
	(void)ud;
	calls++;
	return sc_conn_exec(c, "INSERT INTO rt_dl VALUES (1, 0)");
}

int main(int argc, char **argv)
{
	t_watchdog("test_tx_retry", 170);
	bouncer = t_pg_bouncer(argc, argv);
	char *u = t_pg_file(argc, argv, "url");
	snprintf(url, sizeof(url), "%s", u);
	free(u);
	sc_pool *p = open_pool(8);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	REQUIRE(sc_conn_exec(c, "DROP TABLE IF EXISTS rt_counter; CREATE TABLE rt_counter (id int PRIMARY KEY, v bigint);"
				"INSERT INTO rt_counter VALUES (1, 0);"
				"DROP TABLE IF EXISTS rt_dl; CREATE TABLE rt_dl (id int PRIMARY KEY, v bigint);"
				"INSERT INTO rt_dl VALUES (1, 0), (2, 0)") == SC_OK);
	sc_pool_release(c);

	/* serializable increments */
	int64_t t0 = t_now_ms();
	pthread_t th[8];
	warg w[8];
	for (int i = 0; i < 8; i++) {
		w[i] = (warg){p, 500, 0, 0, i, SC_OK};
		pthread_create(&th[i], NULL, serial_worker, &w[i]);
	}
	int ok = 0;
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		ok += w[i].ok;
		CHECK_MSG(w[i].fail == 0, "thread %d: %d failures, last %s", i, w[i].fail, sc_status_name(w[i].last));
	}
	sc_metrics m;
	sc_pool_metrics(p, &m);
	printf("serializable: 4000 tx in %lld ms, %llu retries\n", (long long)(t_now_ms() - t0),
	       (unsigned long long)m.tx_retries);
	CHECK(ok == 4000);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT v FROM rt_counter WHERE id = 1") == 4000);
	sc_pool_release(c);
	CHECK(m.tx_retries > 0); /* conflicts did happen and were absorbed */

	/* forced deadlocks: opposite lock order in two threads */
	uint64_t before = m.tx_retries;
	t0 = t_now_ms();
	for (int i = 0; i < 4; i++) {
		w[i] = (warg){p, 20, 0, 0, 1 + i % 2, SC_OK};
		pthread_create(&th[i], NULL, deadlock_worker, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK_MSG(w[i].fail == 0, "deadlock thread %d: %d failures, last %s", i, w[i].fail,
			  sc_status_name(w[i].last));
	}
	sc_pool_metrics(p, &m);
	printf("deadlocks: 80 tx in %lld ms, %llu retries\n", (long long)(t_now_ms() - t0),
	       (unsigned long long)(m.tx_retries - before));
	CHECK(m.tx_retries > before);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT v FROM rt_dl WHERE id = 1") == 80);
	CHECK(t_scalar(c, "SELECT v FROM rt_dl WHERE id = 2") == 80);
	sc_pool_release(c);

	/* a unique violation is not retried */
	calls = 0;
	CHECK_RC(sc_tx_run(p, NULL, unique_fail, NULL), SC_UNIQUE_VIOLATION);
	CHECK(calls == 1);
	CHECK(strcmp(sc_error_last()->sqlstate, "23505") == 0);
	CHECK_RC(sc_pool_close(p), SC_OK);
	return t_done("runtime_tx_retry");
}
