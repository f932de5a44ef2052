/* Read replicas (SPEC 4.5): the test cluster's own database under two more
 * URLs plays two replicas, next to a dead one (refused port) and one whose
 * database does not exist yet. Reads go round robin to the live replicas,
 * their sessions refuse writes, the dead one is skipped, a read-only
 * sc_tx_run lands on a replica and a read-write one on the primary, reads
 * fall back to the primary when every replica is down, a replica that
 * comes back is used again, health and metrics show the replicas. */
#include "t.h"

#include <signal.h>

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
static char *base;

static char *with_app(const char *u, const char *app)
{
	size_t n = strlen(u) + strlen(app) + 32;
	char *r = malloc(n);
	REQUIRE(r != NULL);
	snprintf(r, n, "%s&application_name=%s", u, app);
	return r;
}

static char *app_of(sc_conn *c, char *buf, size_t n)
{
	sc_stmt *st;
	buf[0] = '\0';
	if (sc_stmt_prepare(&st, c, "SELECT current_setting('application_name')") != SC_OK)
		return buf;
	const char *v;
	if (sc_stmt_step(st) == SC_ROW && sc_stmt_column_text(st, 0, &v, NULL) == SC_OK && v)
		snprintf(buf, n, "%s", v);
	sc_stmt_finalize(st);
	return buf;
}

static sc_status on_replica(sc_conn *c, void *ud)
{
	*(int *)ud = sc_conn_is_replica(c) ? 1 : 0;
	return t_scalar(c, "SELECT count(*) FROM rep") >= 0 ? SC_OK : SC_ERROR;
}

static sc_status write_row(sc_conn *c, void *ud)
{
	*(int *)ud = sc_conn_is_replica(c) ? 1 : 0;
	return sc_conn_exec(c, "INSERT INTO rep VALUES (2)");
}

static void test_routing(sc_conn *admin, const char *db)
{
	char *primary = with_app(db, "sc_rep_primary");
	char *ra = with_app(db, "sc_rep_a");
	char *rb = with_app(db, "sc_rep_b");
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = primary;
	cfg.name = "reads";
	cfg.max_conns = 4;
	cfg.health_check_interval_ms = 1000;
	cfg.replica_urls[0] = ra;
	cfg.replica_urls[1] = "postgresql://postgres:pw-of-dead-replica@127.0.0.1:1/postgres";
	cfg.replica_urls[2] = rb;
	cfg.n_replicas = 3;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	CHECK(sc_pool_replica_count(p) == 3);

	int n_a = 0, n_b = 0, other = 0, write_refused = 0;
	int64_t t0 = t_now_ms();
	for (int i = 0; i < 30; i++) {
		sc_conn *c;
		REQUIRE(sc_pool_acquire_read(p, &c) == SC_OK);
		char app[64];
		app_of(c, app, sizeof(app));
		if (!strcmp(app, "sc_rep_a"))
			n_a++;
		else if (!strcmp(app, "sc_rep_b"))
			n_b++;
		else
			other++;
		CHECK(sc_conn_is_replica(c));
		if (i % 10 == 0 && sc_conn_exec(c, "INSERT INTO rep VALUES (1)") == SC_READ_ONLY)
			write_refused++;
		sc_pool_release(c);
	}
	int64_t took = t_now_ms() - t0;
	CHECK_MSG(other == 0 && n_a >= 10 && n_b >= 10, "replica a %d, b %d, other %d", n_a, n_b, other);
	CHECK(write_refused == 3);
	CHECK_MSG(took < 2000, "30 reads took %lld ms (the dead replica must be skipped fast)", (long long)took);
	CHECK(sc_pool_replicas_down(p) == 1);
	CHECK(t_log_has(&logs, "replica postgresql://postgres:***@127.0.0.1:1/postgres is down"));
	CHECK(!t_log_has(&logs, "pw-of-dead-replica"));
	CHECK(t_scalar(admin, "SELECT count(*) FROM rep") == 0);

	/* transactions: read-only ones on a replica, read-write on the primary */
	int was_replica = -1;
	sc_tx_options ro = SC_TX_OPTIONS_INIT;
	ro.read_only = true;
	CHECK_RC(sc_tx_run(p, &ro, on_replica, &was_replica), SC_OK);
	CHECK(was_replica == 1);
	CHECK_RC(sc_tx_run(p, NULL, write_row, &was_replica), SC_OK);
	CHECK(was_replica == 0);
	CHECK(t_scalar(admin, "SELECT count(*) FROM rep WHERE id = 2") == 1);
	/* plain acquire is always the primary */
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK(!sc_conn_is_replica(c));
	sc_pool_release(c);

	/* health shows the dead replica; metrics list every replica */
	sc_health h;
	CHECK(sc_pool_health(p, 2000, &h) == SC_HEALTH_DEGRADED);
	CHECK_MSG(strstr(h.message, "1 of 3 read replica(s) down") != NULL, "%s", h.message);
	char *prom = sc_pool_metrics_prometheus(p);
	REQUIRE(prom);
	CHECK(strstr(prom, "schemac_pool_acquires_total{pool=\"reads\"}") != NULL);
	CHECK(strstr(prom, "schemac_pool_acquires_total{pool=\"reads-replica1\"}") != NULL);
	CHECK(strstr(prom, "schemac_pool_connections_failed_total{pool=\"reads-replica2\"}") != NULL);
	CHECK(strstr(prom, "# HELP schemac_pool_acquires_total") == strstr(prom, "# HELP schemac_pool_acquires_total Successful"));
	free(prom);
	CHECK_RC(sc_pool_close(p), SC_OK);
	free(primary);
	free(ra);
	free(rb);
}

static void test_fallback_and_recovery(sc_conn *root, const char *db)
{
	/* a replica whose database does not exist yet: connecting fails */
	char sql[128];
	sc_conn_exec(root, "DROP DATABASE IF EXISTS sc_rt_replica_late WITH (FORCE)");
	const char *q = strstr(base, "///postgres?");
	REQUIRE(q != NULL);
	char late[1200];
	snprintf(late, sizeof(late), "%.*s///sc_rt_replica_late?%s&application_name=sc_rep_late", (int)(q - base),
		 base, q + strlen("///postgres?"));
	char *primary = with_app(db, "sc_rep_primary2");
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = primary;
	cfg.name = "fallback";
	cfg.health_check_interval_ms = 500; /* a down replica is retried after 1 s */
	cfg.replica_urls[0] = late;
	cfg.replica_urls[1] = "postgresql://postgres@127.0.0.1:1/postgres";
	cfg.n_replicas = 2;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK); /* dead replicas do not stop the pool */
	for (int i = 0; i < 5; i++) {
		sc_conn *c;
		int64_t t0 = t_now_ms();
		CHECK_RC(sc_pool_acquire_read(p, &c), SC_OK);
		CHECK_MSG(t_now_ms() - t0 < 1000, "fallback took %lld ms", (long long)(t_now_ms() - t0));
		CHECK(!sc_conn_is_replica(c)); /* the primary */
		char app[64];
		CHECK(strcmp(app_of(c, app, sizeof(app)), "sc_rep_primary2") == 0);
		sc_pool_release(c);
	}
	CHECK(sc_pool_replicas_down(p) == 2);
	sc_health h;
	CHECK(sc_pool_health(p, 2000, &h) == SC_HEALTH_DEGRADED);

	/* the replica comes up: used again once its skip time is over */
	snprintf(sql, sizeof(sql), "CREATE DATABASE sc_rt_replica_late");
	REQUIRE(sc_conn_exec(root, sql) == SC_OK);
	t_sleep_ms(1100);
	int on_late = 0;
	for (int i = 0; i < 6; i++) {
		sc_conn *c;
		REQUIRE(sc_pool_acquire_read(p, &c) == SC_OK);
		char app[64];
		if (!strcmp(app_of(c, app, sizeof(app)), "sc_rep_late") && sc_conn_is_replica(c))
			on_late++;
		sc_pool_release(c);
	}
	CHECK_MSG(on_late >= 3, "recovered replica served %d of 6 reads", on_late);
	CHECK(sc_pool_replicas_down(p) <= 1);
	CHECK_RC(sc_pool_close(p), SC_OK);
	sc_conn_exec(root, "DROP DATABASE IF EXISTS sc_rt_replica_late WITH (FORCE)");
	free(primary);
}

/* A pool name longer than any fixed buffer: each replica keeps its own
 * name in the metrics (a name cut at 160 bytes once gave every replica
 * the same one). */
static void test_long_name(const char *db)
{
	char name[400];
	memset(name, 'p', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = db;
	cfg.name = name;
	cfg.replica_urls[0] = db;
	cfg.replica_urls[1] = db;
	cfg.n_replicas = 2;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	char *prom = sc_pool_metrics_prometheus(p);
	REQUIRE(prom);
	for (int i = 1; i <= 2; i++) {
		char want[sizeof name + 64];
		snprintf(want, sizeof want, "schemac_pool_acquires_total{pool=\"%s-replica%d\"}", name, i);
		CHECK_MSG(strstr(prom, want) != NULL, "no metrics for replica %d of a %zu-byte pool name", i,
			  strlen(name));
	}
	free(prom);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

int main(int argc, char **argv)
{
	t_watchdog("test_replicas", 120);
	base = t_pg_file(argc, argv, "url");
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = base;
	sc_conn *root, *admin;
	REQUIRE(sc_conn_open(&root, &cfg) == SC_OK);
	char *db = t_pg_own_db(root, base, "sc_rt_replica");
	cfg.url = db;
	REQUIRE(sc_conn_open(&admin, &cfg) == SC_OK);
	REQUIRE(sc_conn_exec(admin, "CREATE TABLE rep (id int)") == SC_OK);
	test_routing(admin, db);
	test_fallback_and_recovery(root, db);
	test_long_name(db);
	sc_conn_close(admin);
	sc_conn_close(root);
	free(db);
	free(base);
	return t_done("runtime_replicas");
}
