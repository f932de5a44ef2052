/* `pg_ctl restart -m immediate` under 8-thread insert load: no hung thread,
 * every insert reported committed is present afterwards, and the pool is
 * healthy again within seconds. */
#include "t.h"

#include <signal.h>

#ifndef SC_PG_HARNESS
#error "SC_PG_HARNESS must point to tests/support/pg_harness.sh"
#endif

#define THREADS 8
#define MAX_PER_THREAD 200000

static char url[1200];
static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
static atomic_bool stop;

typedef struct warg {
	sc_pool *p;
	int id;
	int64_t *committed;
	int n_committed, n_ambiguous, n_failed;
	int64_t max_call_ms;
} warg;

typedef struct ins {
	int64_t id;
} ins;

static sc_status do_insert(sc_conn *c, void *ud)
{
	ins *in = ud;
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "INSERT INTO rt_restart (id) VALUES ($1)");
	if (rc != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, in->id);
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	return rc;
}

static void *worker(void *arg)
{
	warg *w = arg;
	for (int i = 0; !atomic_load(&stop) && i < MAX_PER_THREAD; i++) {
		ins in = {(int64_t)w->id * 10000000 + i};
		int64_t t0 = t_now_ms();
		sc_status rc = sc_tx_run(w->p, NULL, do_insert, &in);
		int64_t took = t_now_ms() - t0;
		if (took > w->max_call_ms)
			w->max_call_ms = took;
		if (rc == SC_OK)
			w->committed[w->n_committed++] = in.id;
		else if (rc == SC_AMBIGUOUS_COMMIT)
			w->n_ambiguous++;
		else
			w->n_failed++;
		if (rc != SC_OK)
			t_sleep_ms(5);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	t_watchdog("test_server_restart", 120);
	char *u = t_pg_file(argc, argv, "url");
	snprintf(url, sizeof(url), "%s", u);
	free(u);
	const char *state = t_state_dir(argc, argv);

	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.name = "restart";
	cfg.max_conns = 8;
	cfg.acquire_timeout_ms = 3000;
	cfg.connect_timeout_ms = 2000;
	cfg.statement_timeout_ms = 5000;
	/* the harness runs with synchronous_commit = off, which may lose the last
	 * commits in a crash; an acknowledged commit must be durable here */
	cfg.on_connect_sql = "SET synchronous_commit = on";
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	REQUIRE(sc_conn_exec(c, "DROP TABLE IF EXISTS rt_restart; CREATE TABLE rt_restart (id bigint PRIMARY KEY)") == SC_OK);
	sc_pool_release(c);

	pthread_t th[THREADS];
	warg w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (warg){p, i, calloc(MAX_PER_THREAD, sizeof(int64_t)), 0, 0, 0, 0};
		REQUIRE(w[i].committed);
		pthread_create(&th[i], NULL, worker, &w[i]);
	}
	t_sleep_ms(1000);
	char cmd[1200];
	snprintf(cmd, sizeof(cmd), "'%s' restart '%s' immediate", SC_PG_HARNESS, state);
	int64_t t_restart = t_now_ms();
	int rc = system(cmd);
	int64_t t_up = t_now_ms();
	CHECK_MSG(rc == 0, "restart command failed (%d)", rc);
	printf("server restarted in %lld ms\n", (long long)(t_up - t_restart));
	/* healthy again within seconds, under load */
	sc_health h;
	int64_t healthy_at = -1;
	while (t_now_ms() - t_up < 15000) {
		if (sc_pool_health(p, 1000, &h) != SC_HEALTH_DOWN) {
			healthy_at = t_now_ms();
			break;
		}
		t_sleep_ms(50);
	}
	CHECK_MSG(healthy_at >= 0 && healthy_at - t_up < 10000, "not healthy after restart: %s", h.message);
	printf("healthy %lld ms after the server came back\n", (long long)(healthy_at - t_up));
	t_sleep_ms(1500); /* keep the load on after recovery */
	atomic_store(&stop, true);
	int committed = 0, ambiguous = 0, failed = 0;
	int64_t worst = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		committed += w[i].n_committed;
		ambiguous += w[i].n_ambiguous;
		failed += w[i].n_failed;
		if (w[i].max_call_ms > worst)
			worst = w[i].max_call_ms;
	}
	printf("committed %d, ambiguous %d, failed %d, slowest call %lld ms\n", committed, ambiguous, failed,
	       (long long)worst);
	CHECK(committed > 100);
	CHECK_MSG(worst < 15000, "a call took %lld ms", (long long)worst);

	/* every acknowledged commit is there */
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, "SELECT count(*) FROM rt_restart WHERE id = $1") == SC_OK);
	int missing = 0;
	for (int i = 0; i < THREADS; i++) {
		for (int j = 0; j < w[i].n_committed; j++) {
			sc_stmt_bind_int64(st, 1, w[i].committed[j]);
			int64_t n = 0;
			if (sc_stmt_step(st) == SC_ROW)
				sc_stmt_column_int64(st, 0, &n);
			sc_stmt_reset(st);
			if (n != 1)
				missing++;
		}
	}
	sc_stmt_finalize(st);
	int64_t total = t_scalar(c, "SELECT count(*) FROM rt_restart");
	sc_pool_release(c);
	CHECK_MSG(missing == 0, "%d committed inserts missing", missing);
	CHECK(total >= committed && total <= committed + ambiguous);
	CHECK(sc_pool_health(p, 1000, &h) == SC_HEALTH_UP || h.state == SC_HEALTH_DEGRADED);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.conns_broken > 0 || m.conns_failed > 0);
	CHECK_RC(sc_pool_close(p), SC_OK);
	for (int i = 0; i < THREADS; i++)
		free(w[i].committed);
	return t_done("runtime_server_restart");
}
