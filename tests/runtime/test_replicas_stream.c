/* Read replicas on a real streaming standby (pg_basebackup -R, asynchronous
 * physical replication): reads land on the standby (pg_is_in_recovery(),
 * its port), writes there are refused and go to the primary; a standby
 * whose replay is paused lags past max_replica_lag_ms and is skipped until
 * it catches up; read_your_writes_ms keeps a writer's reads on the primary
 * while the standby has not replayed its commit; stopping the standby under
 * four reading threads costs them no error (reads fall back to the
 * primary) and starting it again brings reads back; health and metrics per
 * server. Prints the read throughput of the primary alone vs primary +
 * standby (docs/scaling.md). */
#include "topo.h"

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
static char *primary_url, *standby_url;
static int64_t primary_port, standby_port;
static sc_conn *admin;   /* on the primary */
static sc_conn *sb;      /* on the standby */

static void base_config(sc_config *cfg, const char *name)
{
	sc_config_init(cfg);
	cfg->url = primary_url;
	cfg->name = name;
	cfg->max_conns = 6;
	cfg->replica_urls[0] = standby_url;
	cfg->n_replicas = 1;
	cfg->log_fn = t_log_fn;
	cfg->log_ud = &logs;
}

/* Wait until the standby has replayed everything the primary has written
 * (the insert position: the test cluster commits asynchronously). */
static void standby_catches_up(void)
{
	char sql[160];
	int64_t lsn_ok = -1;
	for (int64_t t0 = t_now_ms(); lsn_ok != 1 && t_now_ms() - t0 < 20000; t_sleep_ms(20)) {
		sc_stmt *st;
		REQUIRE(sc_stmt_prepare(&st, admin, "SELECT pg_current_wal_insert_lsn()::text") == SC_OK);
		const char *lsn = NULL;
		REQUIRE(sc_stmt_step(st) == SC_ROW && sc_stmt_column_text(st, 0, &lsn, NULL) == SC_OK);
		snprintf(sql, sizeof sql, "SELECT (pg_last_wal_replay_lsn() >= '%s'::pg_lsn)::int", lsn);
		sc_stmt_finalize(st);
		lsn_ok = t_scalar(sb, sql);
	}
	REQUIRE(lsn_ok == 1);
}

typedef struct where {
	int on_standby; /* 1: standby, 0: primary, -1: error */
	int64_t count;  /* rows matching the probe */
	int64_t id;     /* probe / row to write */
} where;

static sc_status read_probe(sc_conn *c, void *ud)
{
	where *w = ud;
	char sql[128];
	int64_t rec = topo_in_recovery(c), port;
	if (rec < 0 || (port = topo_port(c)) < 0)
		return sc_conn_error(c)->status;
	w->on_standby = rec == 1 && port == standby_port && sc_conn_is_replica(c);
	if (!w->on_standby && (rec != 0 || port != primary_port))
		w->on_standby = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rs WHERE id = %lld", (long long)w->id);
	w->count = t_scalar(c, sql);
	return w->count >= 0 ? SC_OK : sc_conn_error(c)->status;
}

static sc_status write_row(sc_conn *c, void *ud)
{
	where *w = ud;
	char sql[128];
	w->on_standby = topo_in_recovery(c) == 1;
	snprintf(sql, sizeof sql, "INSERT INTO rs VALUES (%lld)", (long long)w->id);
	return sc_conn_exec(c, sql);
}

static where read_once(sc_pool *p, int64_t id)
{
	where w = {-1, -1, id};
	sc_tx_options ro = SC_TX_OPTIONS_INIT;
	ro.read_only = true;
	sc_status rc = sc_tx_run(p, &ro, read_probe, &w);
	CHECK_MSG(rc == SC_OK, "read: %s %s", sc_status_name(rc), sc_error_last()->message);
	return w;
}

static void test_routing(void)
{
	sc_config cfg;
	base_config(&cfg, "stream");
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);

	/* reads: on the standby, by its own account */
	for (int i = 0; i < 10; i++) {
		sc_conn *c;
		REQUIRE(sc_pool_acquire_read(p, &c) == SC_OK);
		CHECK(sc_conn_is_replica(c));
		CHECK(topo_in_recovery(c) == 1);
		CHECK(topo_port(c) == standby_port);
		if (i == 0) /* the standby refuses writes */
			CHECK_RC(sc_conn_exec(c, "INSERT INTO rs VALUES (-1)"), SC_READ_ONLY);
		sc_pool_release(c);
	}
	/* writes: on the primary; replicated to the standby */
	where w = {-1, -1, 1};
	CHECK_RC(sc_tx_run(p, NULL, write_row, &w), SC_OK);
	CHECK(w.on_standby == 0);
	standby_catches_up();
	w = read_once(p, 1);
	CHECK(w.on_standby == 1 && w.count == 1);
	CHECK(t_scalar(admin, "SELECT count(*) FROM rs WHERE id = -1") == 0);
	/* plain acquire: the primary */
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(topo_in_recovery(c) == 0 && topo_port(c) == primary_port);
	sc_pool_release(c);

	/* metrics and health per server */
	sc_replica_state rs;
	CHECK_RC(sc_pool_replica_state(p, 0, &rs), SC_OK);
	CHECK(!rs.down && !rs.lagging && rs.lag_ms == -1 && rs.reads >= 11);
	CHECK(strcmp(rs.name, "stream-replica1") == 0);
	CHECK_RC(sc_pool_replica_state(p, 1, &rs), SC_INVALID_ARGUMENT);
	sc_health h;
	CHECK(sc_pool_health(sc_pool_replica(p, 0), 5000, &h) == SC_HEALTH_UP);
	CHECK(sc_pool_health(p, 5000, &h) == SC_HEALTH_UP);
	CHECK(h.n_replicas == 1 && !h.replicas[0].down);
	char *js = sc_health_json(&h);
	REQUIRE(js);
	CHECK_MSG(strstr(js, "\"replicas\":[{\"name\":\"stream-replica1\",\"up\":true,\"lagging\":false") != NULL,
		  "%s", js);
	free(js);
	char *prom = sc_pool_metrics_prometheus(p);
	REQUIRE(prom);
	CHECK(strstr(prom, "schemac_replica_up{pool=\"stream-replica1\"} 1") != NULL);
	CHECK(strstr(prom, "schemac_read_fallbacks_total{pool=\"stream\"} 0") != NULL);
	free(prom);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* Replay paused on the standby: it falls behind for real. */
static void test_lag_bound(void)
{
	sc_config cfg;
	base_config(&cfg, "lag");
	cfg.max_replica_lag_ms = 300;
	cfg.replica_lag_check_ms = 100;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	/* measured, within the bound (a measurement that meets WAL received
	 * but not yet replayed can see a passing spike: wait it out) */
	where w;
	int64_t t0 = t_now_ms();
	while ((w = read_once(p, 0)).on_standby != 1 && t_now_ms() - t0 < 10000)
		t_sleep_ms(20);
	CHECK(w.on_standby == 1);
	sc_replica_state rs;
	sc_pool_replica_state(p, 0, &rs);
	CHECK_MSG(rs.lag_ms >= 0 && rs.lag_ms <= 300 && !rs.lagging, "lag %lld", (long long)rs.lag_ms);

	t_exec(sb, "SELECT pg_wal_replay_pause()");
	t_exec(admin, "INSERT INTO rs VALUES (2)");
	/* the standby has not got the row; once the lag passes the bound (and
	 * the next measurement sees it), reads go to the primary, which has */
	t0 = t_now_ms();
	while (t_now_ms() - t0 < 15000) {
		w = read_once(p, 2);
		if (w.on_standby != 1)
			break;
		CHECK(w.count == 0);
		t_sleep_ms(20);
	}
	CHECK_MSG(w.on_standby == 0 && w.count == 1, "on_standby %d count %lld after %lld ms", w.on_standby,
		  (long long)w.count, (long long)(t_now_ms() - t0));
	int64_t t_skipped = t_now_ms() - t0;
	CHECK(t_scalar(sb, "SELECT count(*) FROM rs WHERE id = 2") == 0); /* really behind */
	sc_pool_replica_state(p, 0, &rs);
	CHECK_MSG(rs.lagging && rs.lag_ms > 300, "lagging %d lag %lld", rs.lagging, (long long)rs.lag_ms);
	for (int i = 0; i < 5; i++) { /* skipped while it lags */
		w = read_once(p, 2);
		CHECK(w.on_standby == 0);
	}
	sc_pool_replica_state(p, 0, &rs);
	CHECK(rs.lag_skips >= 1);
	sc_health h;
	CHECK(sc_pool_health(p, 5000, &h) == SC_HEALTH_DEGRADED);
	CHECK_MSG(strstr(h.message, "lagging") != NULL, "%s", h.message);
	char *prom = sc_pool_metrics_prometheus(p);
	REQUIRE(prom);
	CHECK(strstr(prom, "schemac_replica_lagging{pool=\"lag-replica1\"} 1") != NULL);
	free(prom);
	CHECK(t_log_has(&logs, "skipped by reads"));

	/* replay resumes: it catches up and serves reads again */
	t_exec(sb, "SELECT pg_wal_replay_resume()");
	t0 = t_now_ms();
	do {
		w = read_once(p, 2);
	} while (w.on_standby != 1 && t_now_ms() - t0 < 15000 && (t_sleep_ms(20), 1));
	CHECK_MSG(w.on_standby == 1 && w.count == 1, "after resume: on_standby %d count %lld", w.on_standby,
		  (long long)w.count);
	printf("lag bound 300 ms, checked every 100 ms: replay paused -> reads on the primary after %lld ms; "
	       "resumed -> back on the standby after %lld ms\n", (long long)t_skipped, (long long)(t_now_ms() - t0));
	sc_pool_replica_state(p, 0, &rs);
	CHECK(!rs.lagging);
	CHECK(t_log_has(&logs, "caught up"));
	CHECK_RC(sc_pool_close(p), SC_OK);
}

typedef struct ryw_arg {
	sc_pool *p;
	where w;
} ryw_arg;

static void *other_reader(void *arg)
{
	ryw_arg *a = arg;
	a->w = read_once(a->p, a->w.id);
	return NULL;
}

static void test_read_your_writes(void)
{
	sc_config cfg;
	base_config(&cfg, "ryw");
	cfg.read_your_writes_ms = 3000; /* a loaded machine may stall between the write and the read */
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	standby_catches_up();
	t_exec(sb, "SELECT pg_wal_replay_pause()");
	/* this thread writes, then reads its write back: from the primary,
	 * since the (paused) standby has not replayed it */
	where w = {-1, -1, 3};
	CHECK_RC(sc_tx_run(p, NULL, write_row, &w), SC_OK);
	int64_t t_commit = t_now_ms();
	w = read_once(p, 3);
	CHECK_MSG(w.on_standby == 0 && w.count == 1, "writer's read: on_standby %d count %lld", w.on_standby,
		  (long long)w.count);
	/* a thread that did not write reads from the standby: stale */
	ryw_arg a = {p, {-1, -1, 3}};
	pthread_t th;
	REQUIRE(pthread_create(&th, NULL, other_reader, &a) == 0);
	pthread_join(th, NULL);
	CHECK_MSG(a.w.on_standby == 1 && a.w.count == 0, "other thread: on_standby %d count %lld", a.w.on_standby,
		  (long long)a.w.count);
	/* so does the writer once its window is over */
	while (t_now_ms() - t_commit < 3100)
		t_sleep_ms(50);
	w = read_once(p, 3);
	CHECK(w.on_standby == 1 && w.count == 0);
	/* a write through a plain acquire counts too */
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	t_exec(c, "INSERT INTO rs VALUES (4)");
	sc_pool_release(c);
	w = read_once(p, 4);
	CHECK(w.on_standby == 0 && w.count == 1);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK_MSG(m.ryw_reads == 2, "ryw_reads %llu", (unsigned long long)m.ryw_reads);
	t_exec(sb, "SELECT pg_wal_replay_resume()");
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* ---- standby stopped under load ------------------------------------------ */

typedef struct load {
	sc_pool *p;
	atomic_bool stop;
	atomic_long on_standby, on_primary, errors;
	char last_err[256];
	pthread_mutex_t mu;
} load;

static void *reader(void *arg)
{
	load *l = arg;
	while (!atomic_load(&l->stop)) {
		where w = {-1, -1, 1};
		sc_tx_options ro = SC_TX_OPTIONS_INIT;
		ro.read_only = true;
		sc_status rc = sc_tx_run(l->p, &ro, read_probe, &w);
		if (rc != SC_OK || w.on_standby < 0) {
			atomic_fetch_add(&l->errors, 1);
			pthread_mutex_lock(&l->mu);
			snprintf(l->last_err, sizeof l->last_err, "%s: %s", sc_status_name(rc),
				 sc_error_last()->message);
			pthread_mutex_unlock(&l->mu);
		} else if (w.on_standby) {
			atomic_fetch_add(&l->on_standby, 1);
		} else {
			atomic_fetch_add(&l->on_primary, 1);
		}
	}
	return NULL;
}

/* Wait until *ctr has grown by `by`; false on timeout. */
static bool grows(atomic_long *ctr, long by, int64_t max_ms)
{
	long start = atomic_load(ctr);
	int64_t t0 = t_now_ms();
	while (atomic_load(ctr) - start < by && t_now_ms() - t0 < max_ms)
		t_sleep_ms(10);
	return atomic_load(ctr) - start >= by;
}

#define READERS 4

static void test_standby_stops_under_load(void)
{
	sc_config cfg;
	base_config(&cfg, "load");
	cfg.health_check_interval_ms = 500; /* a down standby is tried again after 1 s */
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	load l = {.p = p, .mu = PTHREAD_MUTEX_INITIALIZER};
	pthread_t th[READERS];
	for (int i = 0; i < READERS; i++)
		REQUIRE(pthread_create(&th[i], NULL, reader, &l) == 0);
	CHECK(grows(&l.on_standby, 50, 20000));

	topo_run("standby-stop", "fast");
	CHECK_MSG(grows(&l.on_primary, 50, 20000), "reads did not fall back to the primary");
	sc_health h;
	CHECK(sc_pool_health(sc_pool_replica(p, 0), 1000, &h) == SC_HEALTH_DOWN);
	/* the standby is marked down again by the next read after each skip
	 * period: wait for a check that falls inside one */
	for (int64_t t0 = t_now_ms(); t_now_ms() - t0 < 5000; t_sleep_ms(20))
		if (sc_pool_health(p, 5000, &h) == SC_HEALTH_DEGRADED && h.replicas[0].down)
			break;
	CHECK_MSG(h.state == SC_HEALTH_DEGRADED && h.n_replicas == 1 && h.replicas[0].down, "%s", h.message);
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.read_fallbacks >= 50);

	topo_run("standby-start", NULL);
	CHECK_MSG(grows(&l.on_standby, 50, 30000), "reads did not return to the standby");
	atomic_store(&l.stop, true);
	for (int i = 0; i < READERS; i++)
		pthread_join(th[i], NULL);
	CHECK_MSG(atomic_load(&l.errors) == 0, "%ld reads failed, last: %s", atomic_load(&l.errors), l.last_err);
	/* up again (degraded for a while by its recent connection failures) */
	CHECK(sc_pool_health(sc_pool_replica(p, 0), 5000, &h) != SC_HEALTH_DOWN);
	printf("standby stop/start under %d readers: %ld reads on the standby, %ld on the primary, %ld errors\n",
	       READERS, atomic_load(&l.on_standby), atomic_load(&l.on_primary), atomic_load(&l.errors));
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* Reads/s of READERS threads for ms milliseconds: primary alone, then
 * primary + standby. A figure for docs/scaling.md, not a check. */
static double read_rate(bool with_standby, int64_t ms)
{
	sc_config cfg;
	base_config(&cfg, "rate");
	if (!with_standby)
		cfg.n_replicas = 0;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	load l = {.p = p, .mu = PTHREAD_MUTEX_INITIALIZER};
	pthread_t th[READERS];
	for (int i = 0; i < READERS; i++)
		REQUIRE(pthread_create(&th[i], NULL, reader, &l) == 0);
	t_sleep_ms(200);
	long n0 = atomic_load(&l.on_standby) + atomic_load(&l.on_primary);
	int64_t t0 = t_now_ms();
	t_sleep_ms(ms);
	long n1 = atomic_load(&l.on_standby) + atomic_load(&l.on_primary);
	double rate = (double)(n1 - n0) * 1000.0 / (double)(t_now_ms() - t0);
	atomic_store(&l.stop, true);
	for (int i = 0; i < READERS; i++)
		pthread_join(th[i], NULL);
	CHECK(atomic_load(&l.errors) == 0);
	CHECK_RC(sc_pool_close(p), SC_OK);
	return rate;
}

int main(int argc, char **argv)
{
	t_watchdog("test_replicas_stream", 200);
	topo_state = t_state_dir(argc, argv);
	REQUIRE(topo_state != NULL);
	primary_url = topo_file("primary_url");
	standby_url = topo_file("standby_url");
	admin = topo_open(primary_url);
	sb = topo_open(standby_url);
	primary_port = topo_port(admin);
	standby_port = topo_port(sb);
	REQUIRE(primary_port > 0 && standby_port > 0 && primary_port != standby_port);
	REQUIRE(topo_in_recovery(sb) == 1);
	t_exec(admin, "DROP TABLE IF EXISTS rs");
	t_exec(admin, "CREATE TABLE rs (id bigint)");
	standby_catches_up();

	test_routing();
	test_lag_bound();
	test_read_your_writes();
	test_standby_stops_under_load();
	sc_conn_close(sb);
	sb = topo_open(standby_url); /* the old session ended with the stop */
	double alone = read_rate(false, 2000), both = read_rate(true, 2000);
	printf("read throughput, %d threads of read-only transactions: primary alone %.0f/s, "
	       "primary + standby %.0f/s\n", READERS, alone, both);

	sc_conn_close(sb);
	sc_conn_close(admin);
	free(primary_url);
	free(standby_url);
	return t_done("runtime_replicas_stream");
}
