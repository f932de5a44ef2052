/* Failover on a real primary + synchronous streaming standby. The pool's
 * URL names both hosts with target_session_attrs=read-write (libpq's own
 * multi-host support). Eight threads write rows with unique ids through
 * sc_tx_run; the primary is stopped in immediate mode (a crash) and the
 * standby promoted with pg_ctl promote. The same pool, never reopened,
 * finds the new primary; afterwards every id whose write returned SC_OK is
 * on the new primary exactly once, every id whose write failed with a
 * status that says "not committed" is absent, and writes caught at COMMIT
 * returned SC_AMBIGUOUS_COMMIT (present or not: the one status that may go
 * either way). Prints the failover timeline for docs/scaling.md. */
#include "topo.h"

#define WRITERS 8
#define MAX_WRITES 200000 /* per thread; the test stops long before */

typedef struct result {
	sc_status rc;
	int64_t done_ms; /* when the call returned */
} result;

typedef struct writer {
	int idx;
	sc_pool *p;
	result *res; /* res[seq]: outcome of id idx * MAX_WRITES + seq */
	atomic_long n;   /* writes attempted */
	atomic_long ok;
} writer;

static atomic_bool stop_writing;
static atomic_long total_ok;

static sc_status insert_id(sc_conn *c, void *ud)
{
	char sql[96];
	snprintf(sql, sizeof sql, "INSERT INTO fo (id) VALUES (%lld)", (long long)*(int64_t *)ud);
	return sc_conn_exec(c, sql);
}

static void *write_loop(void *arg)
{
	writer *w = arg;
	for (long seq = 0; seq < MAX_WRITES && !atomic_load(&stop_writing); seq++) {
		int64_t id = (int64_t)w->idx * MAX_WRITES + seq;
		sc_status rc = sc_tx_run(w->p, NULL, insert_id, &id);
		w->res[seq].rc = rc;
		w->res[seq].done_ms = t_now_ms();
		atomic_store(&w->n, seq + 1);
		if (rc == SC_OK) {
			atomic_fetch_add(&w->ok, 1);
			atomic_fetch_add(&total_ok, 1);
		}
	}
	return NULL;
}

static bool ok_grows(long by, int64_t max_ms)
{
	long start = atomic_load(&total_ok);
	int64_t t0 = t_now_ms();
	while (atomic_load(&total_ok) - start < by && t_now_ms() - t0 < max_ms)
		t_sleep_ms(5);
	return atomic_load(&total_ok) - start >= by;
}

/* Statuses that say the transaction did not commit. */
static bool surely_not_committed(sc_status rc)
{
	return rc == SC_CONNECTION_LOST || rc == SC_POOL_TIMEOUT || rc == SC_CONNECT_FAILED ||
	       rc == SC_TX_ABORTED || rc == SC_READ_ONLY;
}

int main(int argc, char **argv)
{
	t_watchdog("test_failover", 220);
	topo_state = t_state_dir(argc, argv);
	REQUIRE(topo_state != NULL);
	if (argc > 2) /* pg_autofailover.sh: the monitor promotes the secondary */
		topo_script = argv[2];
	char *primary_url = topo_file("primary_url"), *standby_url = topo_file("standby_url");
	char *failover_url = topo_file("failover_url");
	sc_conn *admin = topo_open(primary_url);
	sc_conn *sb = topo_open(standby_url);
	int64_t standby_port = topo_port(sb);
	t_exec(admin, "DROP TABLE IF EXISTS fo");
	t_exec(admin, "CREATE TABLE fo (id bigint NOT NULL)"); /* no key: duplicates would show */
	CHECK(t_scalar_settles(sb, "SELECT count(*) FROM pg_class WHERE relname = 'fo'", 1, 10000) == 1);
	sc_conn_close(admin);

	t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = failover_url;
	cfg.name = "failover";
	cfg.max_conns = WRITERS;
	cfg.connect_timeout_ms = 2000;
	cfg.acquire_timeout_ms = 60000; /* writers wait through the failover */
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);

	writer w[WRITERS];
	pthread_t th[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		w[i] = (writer){.idx = i + 1, .p = p};
		w[i].res = calloc(MAX_WRITES, sizeof(result));
		REQUIRE(w[i].res != NULL);
		REQUIRE(pthread_create(&th[i], NULL, write_loop, &w[i]) == 0);
	}
	CHECK(ok_grows(400, 30000));

	/* crash the primary, promote the standby */
	int64_t t_crash = t_now_ms();
	topo_run("primary-stop", "immediate");
	int64_t t_stopped = t_now_ms();
	topo_run("promote", NULL);
	int64_t t_promoted = t_now_ms();
	CHECK_MSG(ok_grows(400, 60000), "writes did not resume on the new primary");
	atomic_store(&stop_writing, true);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);

	/* the same pool now writes to the former standby */
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(topo_port(c) == standby_port && topo_in_recovery(c) == 0);
	sc_pool_release(c);

	/* every outcome checked against the new primary */
	sc_conn *np = topo_open(standby_url);
	CHECK(t_scalar(np, "SELECT count(*) - count(DISTINCT id) FROM fo") == 0);
	long n_ok = 0, n_amb = 0, n_amb_present = 0, n_not = 0, n_other = 0, lost_ok = 0, ghost = 0;
	int64_t first_ok_after = -1;
	char sql[128];
	for (int i = 0; i < WRITERS; i++) {
		long n = atomic_load(&w[i].n);
		for (long seq = 0; seq < n; seq++) {
			result *r = &w[i].res[seq];
			if (r->rc == SC_OK && r->done_ms < t_crash)
				continue; /* checked in bulk below */
			snprintf(sql, sizeof sql, "SELECT count(*) FROM fo WHERE id = %lld",
				 (long long)((int64_t)w[i].idx * MAX_WRITES + seq));
			int64_t have = t_scalar(np, sql);
			if (r->rc == SC_OK) {
				n_ok++;
				if (have != 1)
					lost_ok++;
				if (r->done_ms > t_promoted && (first_ok_after < 0 || r->done_ms < first_ok_after))
					first_ok_after = r->done_ms;
			} else if (r->rc == SC_AMBIGUOUS_COMMIT) {
				n_amb++;
				n_amb_present += have == 1;
				CHECK(have == 0 || have == 1);
			} else if (surely_not_committed(r->rc)) {
				n_not++;
				if (have != 0)
					ghost++;
			} else {
				n_other++;
				fprintf(stderr, "write %d/%ld: unexpected %s\n", w[i].idx, seq, sc_status_name(r->rc));
			}
		}
	}
	/* writes acknowledged before the crash: all there */
	long ok_before = 0;
	for (int i = 0; i < WRITERS; i++) {
		long n = atomic_load(&w[i].n);
		for (long seq = 0; seq < n; seq++)
			ok_before += w[i].res[seq].rc == SC_OK && w[i].res[seq].done_ms < t_crash;
	}
	int64_t have_before = t_scalar(np, "SELECT count(*) FROM fo");
	CHECK_MSG(lost_ok == 0, "%ld writes returned OK and are not on the new primary", lost_ok);
	CHECK_MSG(ghost == 0, "%ld writes reported as failed are on the new primary", ghost);
	CHECK(n_other == 0);
	CHECK_MSG(have_before == ok_before + n_ok + n_amb_present, "rows %lld, want %ld + %ld + %ld",
		  (long long)have_before, ok_before, n_ok, n_amb_present);
	CHECK(first_ok_after > 0);
	long not_ok = n_amb + n_not;
	CHECK_MSG(not_ok <= WRITERS * 2, "%ld writes failed around the crash (in flight: at most %d)", not_ok,
		  WRITERS);
	printf("failover: primary stopped (immediate) in %lld ms, promote took %lld ms, first write OK %lld ms "
	       "after promotion (%lld ms after the crash)\n",
	       (long long)(t_stopped - t_crash), (long long)(t_promoted - t_stopped),
	       (long long)(first_ok_after - t_promoted), (long long)(first_ok_after - t_crash));
	printf("failover: %ld OK before the crash, %ld OK after, %ld ambiguous (%ld committed), %ld failed "
	       "uncommitted; all checked on the new primary\n",
	       ok_before, n_ok, n_amb, n_amb_present, n_not);

	sc_conn_close(np);
	sc_conn_close(sb);
	CHECK_RC(sc_pool_close(p), SC_OK);
	for (int i = 0; i < WRITERS; i++)
		free(w[i].res);
	free(primary_url);
	free(standby_url);
	free(failover_url);
	return t_done("runtime_failover");
}
