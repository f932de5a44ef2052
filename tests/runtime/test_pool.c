/* Pool behaviour on PostgreSQL: exhaustion (timeouts, FIFO, no deadlock),
 * broken connections (terminated idle and in-use backends), leak warnings,
 * lifetime retirement, fork safety, graceful close. */
#include "t.h"

#include <signal.h>
#include <sys/wait.h>

static char url[1200];
static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};

static sc_pool *open_pool(const char *app, int max, int64_t acquire_ms, int64_t leak_ms)
{
	static char u[1400];
	snprintf(u, sizeof(u), "%s&application_name=%s", url, app);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.name = app;
	cfg.max_conns = max;
	cfg.acquire_timeout_ms = acquire_ms;
	cfg.leak_threshold_ms = leak_ms;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	return p;
}

/* ---- exhaustion ----------------------------------------------------------- */

typedef struct ex_arg {
	sc_pool *p;
	int idx;
	sc_status rc;
	int64_t waited_ms;
	int order;
	int64_t hold_ms;
} ex_arg;

static atomic_int order_counter;

static void *ex_worker(void *arg)
{
	ex_arg *a = arg;
	sc_conn *c;
	int64_t t0 = t_now_ms();
	a->rc = sc_pool_acquire(a->p, &c);
	a->waited_ms = t_now_ms() - t0;
	if (a->rc == SC_OK) {
		a->order = atomic_fetch_add(&order_counter, 1);
		if (t_scalar(c, "SELECT 1") != 1)
			a->rc = SC_ERROR;
		t_sleep_ms(a->hold_ms);
		sc_pool_release(c);
	}
	return NULL;
}

static void wait_waiters(sc_pool *p, int n)
{
	for (int i = 0; i < 2000; i++) {
		sc_metrics m;
		sc_pool_metrics(p, &m);
		if (m.waiters >= n)
			return;
		t_sleep_ms(1);
	}
	CHECK_MSG(0, "never saw %d waiters", n);
}

static void test_exhaustion(void)
{
	/* FIFO: hold all 4, queue 12 waiters one by one, then release */
	sc_pool *p = open_pool("sc_fifo", 4, 10000, 0);
	sc_conn *held[4];
	for (int i = 0; i < 4; i++)
		REQUIRE(sc_pool_acquire(p, &held[i]) == SC_OK);
	pthread_t th[16];
	ex_arg args[16];
	atomic_store(&order_counter, 0);
	for (int i = 0; i < 12; i++) {
		args[i] = (ex_arg){p, i, SC_ERROR, 0, -1, 5};
		pthread_create(&th[i], NULL, ex_worker, &args[i]);
		wait_waiters(p, i + 1); /* strictly one after the other */
	}
	/* one connection circulates: each waiter gets it from the previous one */
	sc_pool_release(held[0]);
	bool fifo = true;
	for (int i = 0; i < 12; i++) {
		pthread_join(th[i], NULL);
		CHECK_RC(args[i].rc, SC_OK);
		if (args[i].order != i)
			fifo = false;
	}
	CHECK_MSG(fifo, "acquisition order differs from arrival order");
	for (int i = 1; i < 4; i++)
		sc_pool_release(held[i]);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.conns_total <= 4 && m.waiters == 0 && m.conns_in_use == 0);
	CHECK_RC(sc_pool_close(p), SC_OK);

	/* 16 threads, max 4, each holds 400 ms, acquire timeout 300 ms */
	p = open_pool("sc_exhaust", 4, 300, 0);
	int64_t t0 = t_now_ms();
	for (int i = 0; i < 16; i++) {
		args[i] = (ex_arg){p, i, SC_ERROR, 0, -1, 400};
		pthread_create(&th[i], NULL, ex_worker, &args[i]);
	}
	int ok = 0, timeouts = 0;
	int64_t worst = 0;
	for (int i = 0; i < 16; i++) {
		pthread_join(th[i], NULL);
		if (args[i].rc == SC_OK) {
			ok++;
		} else {
			CHECK_RC(args[i].rc, SC_POOL_TIMEOUT);
			timeouts++;
			CHECK_MSG(args[i].waited_ms >= 295 && args[i].waited_ms <= 300 + 150, "waited %lld ms",
				  (long long)args[i].waited_ms);
			if (args[i].waited_ms > worst)
				worst = args[i].waited_ms;
		}
	}
	CHECK(t_now_ms() - t0 < 3000); /* no deadlock, nobody hung */
	CHECK_MSG(ok >= 4 && timeouts >= 8 && ok + timeouts == 16, "ok %d timeouts %d", ok, timeouts);
	sc_pool_metrics(p, &m);
	CHECK(m.acquire_timeouts == (uint64_t)timeouts && m.conns_total <= 4);
	sc_conn *c;
	CHECK_RC(sc_pool_acquire(p, &c), SC_OK); /* still healthy */
	const char *msg = sc_error_last()->message;
	(void)msg;
	sc_pool_release(c);
	printf("exhaustion: %d ok, %d timeouts, worst wait %lld ms\n", ok, timeouts, (long long)worst);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* ---- broken connections -------------------------------------------------- */

static int64_t count_app(sc_conn *admin, const char *app)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s'", app);
	return t_scalar(admin, sql);
}

static void terminate_app(sc_conn *admin, const char *app, int64_t only_pid)
{
	char sql[300];
	if (only_pid)
		snprintf(sql, sizeof(sql), "SELECT count(pg_terminate_backend(%lld))", (long long)only_pid);
	else
		snprintf(sql, sizeof(sql),
			 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '%s'", app);
	CHECK(t_scalar(admin, sql) >= 1);
	/* wait until the backends are gone */
	for (int i = 0; i < 500; i++) {
		char q[300];
		if (only_pid)
			snprintf(q, sizeof(q), "SELECT count(*) FROM pg_stat_activity WHERE pid = %lld", (long long)only_pid);
		else
			snprintf(q, sizeof(q), "SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s'", app);
		if (t_scalar(admin, q) == 0)
			break;
		t_sleep_ms(10);
	}
	t_sleep_ms(20);
}

typedef struct bg_arg {
	sc_pool *p;
	atomic_bool stop;
	int errors, ok;
} bg_arg;

static void *bg_queries(void *arg)
{
	bg_arg *b = arg;
	while (!atomic_load(&b->stop)) {
		sc_conn *c;
		if (sc_pool_acquire(b->p, &c) != SC_OK) {
			b->errors++;
			continue;
		}
		if (t_scalar(c, "SELECT 2") == 2)
			b->ok++;
		else
			b->errors++;
		sc_pool_release(c);
	}
	return NULL;
}

static void test_broken(sc_conn *admin)
{
	sc_pool *p = open_pool("sc_victim", 8, 5000, 0);
	/* open 8 connections, return them all to idle */
	sc_conn *cs[8];
	for (int i = 0; i < 8; i++)
		REQUIRE(sc_pool_acquire(p, &cs[i]) == SC_OK);
	for (int i = 0; i < 8; i++) {
		CHECK(t_scalar(cs[i], "SELECT 1") == 1);
		sc_pool_release(cs[i]);
	}
	CHECK(count_app(admin, "sc_victim") == 8);
	terminate_app(admin, "sc_victim", 0);
	CHECK(count_app(admin, "sc_victim") == 0);
	int errors = 0;
	for (int i = 0; i < 1000; i++) {
		sc_conn *c;
		sc_status rc = sc_pool_acquire(p, &c);
		if (rc != SC_OK) {
			errors++;
			continue;
		}
		sc_stmt *st;
		if (sc_stmt_prepare(&st, c, "SELECT $1::int + 1") != SC_OK) {
			errors++;
		} else {
			sc_stmt_bind_int32(st, 1, i);
			int32_t v = -1;
			if (sc_stmt_step(st) != SC_ROW || sc_stmt_column_int32(st, 0, &v) != SC_OK || v != i + 1)
				errors++;
			sc_stmt_finalize(st);
		}
		sc_pool_release(c);
	}
	CHECK_MSG(errors == 0, "%d errors in 1000 acquires after terminating idle backends", errors);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.conns_broken >= 1);

	/* in use: exactly one error, to its holder; others unaffected */
	bg_arg bg = {p, false, 0, 0};
	pthread_t th;
	pthread_create(&th, NULL, bg_queries, &bg);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	sc_stmt *kept;
	REQUIRE(sc_stmt_prepare(&kept, c, "SELECT $1::int * 2") == SC_OK); /* held across the loss */
	int64_t pid = t_scalar(c, "SELECT pg_backend_pid()");
	sc_metrics m0;
	sc_pool_metrics(p, &m0);
	terminate_app(admin, NULL, pid);
	int conn_errors = 0;
	for (int i = 0; i < 5; i++) {
		sc_status rc = sc_conn_exec(c, "SELECT 1");
		if (rc != SC_OK) {
			conn_errors++;
			CHECK_RC(rc, SC_CONNECTION_LOST);
			CHECK_MSG(i == 0, "error on call %d", i);
			CHECK(!sc_conn_is_healthy(c));
		}
	}
	CHECK_MSG(conn_errors == 1, "holder saw %d errors", conn_errors);
	/* the later calls ran on a new session of the same sc_conn */
	int64_t pid2 = t_scalar(c, "SELECT pg_backend_pid()");
	CHECK(pid2 > 0 && pid2 != pid && sc_conn_is_healthy(c));
	sc_stmt_bind_int32(kept, 1, 21); /* prepared again transparently */
	int32_t v = 0;
	CHECK_RC(sc_stmt_step(kept), SC_ROW);
	sc_stmt_column_int32(kept, 0, &v);
	CHECK(v == 42);
	sc_stmt_finalize(kept);
	sc_metrics m1;
	sc_pool_metrics(p, &m1);
	CHECK_MSG(m1.conns_broken == m0.conns_broken + 1, "broken %llu -> %llu", (unsigned long long)m0.conns_broken,
		  (unsigned long long)m1.conns_broken);

	/* lost inside a transaction: one SC_CONNECTION_LOST, then SC_TX_ABORTED
	 * (never a silent new session in the middle of a transaction) until the
	 * caller rolls back; then the connection works again */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK(t_scalar(c, "SELECT 5") == 5);
	terminate_app(admin, NULL, pid2);
	CHECK_RC(sc_conn_exec(c, "SELECT 1"), SC_CONNECTION_LOST);
	CHECK_RC(sc_conn_exec(c, "SELECT 1"), SC_TX_ABORTED);
	sc_stmt *st;
	CHECK_RC(sc_stmt_prepare(&st, c, "SELECT 2"), SC_TX_ABORTED);
	CHECK_RC(sc_tx_commit(c), SC_TX_ABORTED);
	CHECK(sc_conn_tx_depth(c) == 0);
	CHECK(t_scalar(c, "SELECT 6") == 6);
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	int64_t pid3 = t_scalar(c, "SELECT pg_backend_pid()");
	terminate_app(admin, NULL, pid3);
	CHECK_RC(sc_conn_exec(c, "SELECT 1"), SC_CONNECTION_LOST);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK(t_scalar(c, "SELECT 7") == 7);
	sc_pool_release(c);
	t_sleep_ms(100);
	atomic_store(&bg.stop, true);
	pthread_join(th, NULL);
	CHECK_MSG(bg.errors == 0 && bg.ok > 0, "other thread: %d errors, %d ok", bg.errors, bg.ok);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(t_scalar(c, "SELECT 1") == 1);
	sc_pool_release(c);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* ---- leaks, lifetime, close -------------------------------------------- */

static void test_leak_and_lifetime(void)
{
	sc_pool *p = open_pool("sc_leak", 2, 2000, 150);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	int line = __LINE__ - 1;
	t_sleep_ms(600);
	char needle[200];
	snprintf(needle, sizeof(needle), "test_pool.c:%d (test_leak_and_lifetime)", line);
	CHECK_MSG(t_log_has(&logs, "possible connection leak") && t_log_has(&logs, needle), "log:\n%s", logs.buf);
	sc_pool_release(c);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.leaks == 1);
	CHECK_RC(sc_pool_close(p), SC_OK);

	/* max lifetime: connections are replaced when idle */
	static char u[1400];
	snprintf(u, sizeof(u), "%s&application_name=sc_life", url);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.max_conns = 2;
	cfg.max_lifetime_ms = 300;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	int64_t pid1 = t_scalar(c, "SELECT pg_backend_pid()");
	sc_pool_release(c);
	t_sleep_ms(700);
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	int64_t pid2 = t_scalar(c, "SELECT pg_backend_pid()");
	sc_pool_release(c);
	CHECK(pid1 > 0 && pid2 > 0 && pid1 != pid2);
	sc_pool_metrics(p, &m);
	CHECK(m.conns_closed >= 1);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

typedef struct closer_arg {
	sc_pool *p;
	sc_status rc;
	int64_t ms;
} closer_arg;

static void *hold_then_release(void *arg)
{
	sc_conn *c = arg;
	t_sleep_ms(300);
	sc_pool_release(c);
	return NULL;
}

static void *late_waiter(void *arg)
{
	closer_arg *a = arg;
	sc_conn *c;
	int64_t t0 = t_now_ms();
	a->rc = sc_pool_acquire(a->p, &c);
	a->ms = t_now_ms() - t0;
	if (a->rc == SC_OK)
		sc_pool_release(c);
	return NULL;
}

static void test_graceful_close(void)
{
	sc_pool *p = open_pool("sc_close", 1, 5000, 0);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	closer_arg w = {p, SC_OK, 0};
	pthread_t th1, th2;
	pthread_create(&th2, NULL, late_waiter, &w);
	wait_waiters(p, 1);
	pthread_create(&th1, NULL, hold_then_release, c);
	t_sleep_ms(50);
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_pool_close(p), SC_OK); /* waits for the borrowed connection */
	int64_t took = t_now_ms() - t0;
	pthread_join(th1, NULL);
	pthread_join(th2, NULL);
	CHECK_MSG(took >= 150 && took < 2000, "close took %lld ms", (long long)took);
	CHECK(w.rc == SC_CLOSED || w.rc == SC_OK);
}

/* ---- fork ------------------------------------------------------------------ */

static void test_fork(sc_conn *admin)
{
	sc_pool *p = open_pool("sc_fork", 4, 3000, 0);
	sc_conn *cs[3];
	for (int i = 0; i < 3; i++)
		REQUIRE(sc_pool_acquire(p, &cs[i]) == SC_OK);
	int64_t held_pid = t_scalar(cs[0], "SELECT pg_backend_pid()");
	sc_pool_release(cs[1]);
	sc_pool_release(cs[2]); /* two idle, one held across the fork */
	fflush(NULL);
	pid_t child = fork();
	REQUIRE(child >= 0);
	if (child == 0) {
		int bad = 0;
		/* the inherited connection must not be used */
		if (sc_conn_exec(cs[0], "SELECT 1") != SC_CONNECTION_LOST)
			bad |= 1;
		sc_pool_release(cs[0]);
		for (int i = 0; i < 5; i++) {
			sc_conn *c;
			if (sc_pool_acquire(p, &c) != SC_OK) {
				bad |= 2;
				break;
			}
			int64_t pid = t_scalar(c, "SELECT pg_backend_pid()");
			if (pid <= 0 || pid == held_pid)
				bad |= 4;
			sc_pool_release(c);
		}
		if (sc_pool_close(p) != SC_OK)
			bad |= 8;
		_exit(bad);
	}
	int status = 0;
	waitpid(child, &status, 0);
	CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %d", status);
	/* the parent's connections are untouched */
	CHECK(t_scalar(cs[0], "SELECT pg_backend_pid()") == held_pid);
	sc_pool_release(cs[0]);
	int errors = 0;
	for (int i = 0; i < 20; i++) {
		sc_conn *c;
		if (sc_pool_acquire(p, &c) != SC_OK || t_scalar(c, "SELECT 3") != 3)
			errors++;
		else
			sc_pool_release(c);
	}
	CHECK(errors == 0);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK_MSG(m.conns_broken == 0, "broken %llu", (unsigned long long)m.conns_broken);
	/* the child's backends leave pg_stat_activity a moment after it exits */
	int64_t left = t_scalar_settles(admin, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sc_fork'", 3, 3000);
	CHECK_MSG(left == 3, "%lld sc_fork backends", (long long)left);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

static void test_connect_failure(void)
{
	/* a database that is not there: waits within the bound, then a clear error */
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = "postgresql://postgres@127.0.0.1:1/postgres";
	cfg.connect_retry_ms = 1200;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_pool_open(&p, &cfg), SC_CONNECT_FAILED);
	int64_t took = t_now_ms() - t0;
	CHECK_MSG(took >= 300 && took < 4000, "took %lld ms", (long long)took);
	CHECK(strstr(sc_error_last()->message, "127.0.0.1") != NULL);
	CHECK(t_log_has(&logs, "database not reachable yet"));
}

int main(int argc, char **argv)
{
	t_watchdog("test_pool", 150);
	char *u = t_pg_file(argc, argv, "url");
	snprintf(url, sizeof(url), "%s", u);
	free(u);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	sc_conn *admin;
	REQUIRE(sc_conn_open(&admin, &cfg) == SC_OK);
	test_exhaustion();
	test_broken(admin);
	test_leak_and_lifetime();
	test_graceful_close();
	test_fork(admin);
	test_connect_failure();
	sc_conn_close(admin);
	return t_done("runtime_pool");
}
