/* The pool's background work and connect bounds on PostgreSQL: idle
 * connections retired after the idle timeout (down to min_conns, not
 * below), the pool topped up to min_conns (at start and after its
 * connections were killed), the background health ping finding dead idle
 * connections without any acquire, and the connect timeout against an
 * address that never answers (a local listener whose backlog is full). */
#include "t.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

static char url[1200];
static sc_conn *admin;
static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};

static sc_pool *open_pool(const char *app, int min, int max, int64_t idle_ms, int64_t health_ms)
{
	static char u[1400];
	snprintf(u, sizeof(u), "%s&application_name=%s", url, app);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.name = app;
	cfg.min_conns = min;
	cfg.max_conns = max;
	cfg.idle_timeout_ms = idle_ms;
	cfg.health_check_interval_ms = health_ms;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	cfg.log_level = SC_LOG_INFO;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	return p;
}

static int64_t count_app(const char *app, const char *extra)
{
	char sql[400];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s'%s", app,
		 extra ? extra : "");
	return t_scalar(admin, sql);
}

static int conns_total(sc_pool *p)
{
	sc_metrics m;
	sc_pool_metrics(p, &m);
	return m.conns_total;
}

/* Poll until the pool has `want` connections (and the server as many
 * backends); returns the milliseconds it took, or -1. */
static int64_t wait_total(sc_pool *p, const char *app, int want, int64_t max_ms)
{
	int64_t t0 = t_now_ms();
	while (t_now_ms() - t0 < max_ms) {
		if (conns_total(p) == want && count_app(app, NULL) == want)
			return t_now_ms() - t0;
		t_sleep_ms(10);
	}
	return -1;
}

static void kill_app(const char *app)
{
	char sql[300];
	snprintf(sql, sizeof(sql),
		 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '%s'", app);
	CHECK(t_scalar(admin, sql) >= 1);
	for (int i = 0; i < 300 && count_app(app, NULL) > 0; i++)
		t_sleep_ms(10);
}

static void test_idle_timeout(void)
{
	sc_pool *p = open_pool("sc_idle", 1, 4, 300, 0);
	sc_conn *cs[4];
	for (int i = 0; i < 4; i++)
		REQUIRE(sc_pool_acquire(p, &cs[i]) == SC_OK);
	for (int i = 0; i < 4; i++)
		sc_pool_release(cs[i]);
	int64_t released = t_now_ms();
	CHECK(count_app("sc_idle", NULL) == 4);
	t_sleep_ms(150);
	int total = conns_total(p);
	if (t_now_ms() - released < 250) /* (a loaded machine may oversleep) */
		CHECK_MSG(total == 4, "retired before the idle timeout: %d left", total);
	int64_t took = wait_total(p, "sc_idle", 1, 3000);
	CHECK_MSG(took >= 0, "idle connections not retired (total %d)", conns_total(p));
	/* the metric counts a close once it is done, a moment after the
	 * server saw the backend go */
	sc_metrics m;
	for (int64_t t0 = t_now_ms();; t_sleep_ms(10)) {
		sc_pool_metrics(p, &m);
		if (m.conns_closed >= 3 || t_now_ms() - t0 > 2000)
			break;
	}
	CHECK_MSG(m.conns_closed >= 3, "closed %llu", (unsigned long long)m.conns_closed);
	/* min_conns stays: wait another few idle timeouts */
	t_sleep_ms(700);
	CHECK(conns_total(p) == 1 && count_app("sc_idle", NULL) == 1);
	printf("idle timeout 300 ms: 3 of 4 retired about %lld ms after release\n", (long long)(took + 150));
	CHECK_RC(sc_pool_close(p), SC_OK);
}

static void test_min_conns(void)
{
	sc_pool *p = open_pool("sc_min", 3, 5, 0, 100);
	/* open makes one; the maintenance thread makes the rest, no acquire needed */
	int64_t took = wait_total(p, "sc_min", 3, 3000);
	CHECK_MSG(took >= 0, "not topped up to min_conns (total %d)", conns_total(p));
	sc_metrics m;
	sc_pool_metrics(p, &m);
	CHECK(m.acquires == 0 && m.conns_idle == 3);
	/* killed: found by the health ping, replaced up to min_conns again */
	kill_app("sc_min");
	took = wait_total(p, "sc_min", 3, 5000);
	CHECK_MSG(took >= 0, "not topped up again (total %d, server %lld)", conns_total(p),
		  (long long)count_app("sc_min", NULL));
	sc_pool_metrics(p, &m);
	CHECK_MSG(m.conns_broken >= 3 && m.conns_created >= 6 && m.acquires == 0, "broken %llu created %llu",
		  (unsigned long long)m.conns_broken, (unsigned long long)m.conns_created);
	printf("min_conns 3: topped up again %lld ms after the kill\n", (long long)took);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

static void test_health_ping(void)
{
	sc_pool *p = open_pool("sc_ping", 0, 2, 0, 200);
	sc_conn *a, *b;
	REQUIRE(sc_pool_acquire(p, &a) == SC_OK);
	REQUIRE(sc_pool_acquire(p, &b) == SC_OK);
	CHECK(t_scalar(a, "SELECT 11") == 11 && t_scalar(b, "SELECT 12") == 12);
	sc_pool_release(a);
	sc_pool_release(b);
	/* idle connections are pinged in the background: their last query
	 * becomes the ping, recently */
	t_sleep_ms(700);
	CHECK_MSG(count_app("sc_ping", " AND query = 'SELECT 1' AND state_change > now() - interval '600 ms'") == 2,
		  "idle connections not pinged");
	/* dead idle connections are found and closed without any acquire */
	sc_metrics m0, m;
	sc_pool_metrics(p, &m0);
	kill_app("sc_ping");
	int64_t t0 = t_now_ms();
	while (t_now_ms() - t0 < 3000 && conns_total(p) > 0)
		t_sleep_ms(10);
	sc_pool_metrics(p, &m);
	CHECK_MSG(m.conns_total == 0 && m.conns_broken - m0.conns_broken == 2, "total %d broken %llu", m.conns_total,
		  (unsigned long long)(m.conns_broken - m0.conns_broken));
	CHECK(m.acquires == m0.acquires);
	CHECK(t_log_has(&logs, "failed its health check"));
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* A TCP listener that never accepts, with its backlog filled, so a new
 * connection attempt gets no answer at all (SYN dropped) */
static int black_hole(int *port, int fill[8], int *nfill)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	REQUIRE(listen(fd, 0) == 0);
	socklen_t len = sizeof(sa);
	getsockname(fd, (struct sockaddr *)&sa, &len);
	*port = ntohs(sa.sin_port);
	*nfill = 0;
	for (int i = 0; i < 8; i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		fcntl(c, F_SETFL, O_NONBLOCK);
		if (connect(c, (struct sockaddr *)&sa, sizeof(sa)) != 0 && errno != EINPROGRESS) {
			close(c);
			break;
		}
		fill[(*nfill)++] = c;
	}
	return fd;
}

static void test_connect_timeout(void)
{
	int port, fill[8], nfill;
	int lfd = black_hole(&port, fill, &nfill);
	char u[200];
	snprintf(u, sizeof(u), "postgresql://postgres@127.0.0.1:%d/postgres", port);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.connect_timeout_ms = 600;
	cfg.connect_retry_ms = 0;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_pool_open(&p, &cfg), SC_CONNECT_FAILED);
	int64_t took = t_now_ms() - t0;
	CHECK_MSG(took >= 550 && took < 600 + 700, "pool open took %lld ms", (long long)took);
	CHECK_MSG(strstr(sc_error_last()->message, "timeout") != NULL, "%s", sc_error_last()->message);
	/* standalone connection, and retries within connect_retry_ms */
	sc_conn *c;
	cfg.connect_retry_ms = 1500;
	t0 = t_now_ms();
	CHECK_RC(sc_conn_open(&c, &cfg), SC_CONNECT_FAILED);
	took = t_now_ms() - t0;
	CHECK_MSG(took >= 1100 && took < 1500 + 600 + 700, "conn open took %lld ms", (long long)took);
	printf("connect timeout 600 ms against a black hole: with 1.5 s of retries %lld ms\n", (long long)took);
	for (int i = 0; i < nfill; i++)
		close(fill[i]);
	close(lfd);
}

int main(int argc, char **argv)
{
	t_watchdog("test_pool_maintenance", 120);
	char *u = t_pg_file(argc, argv, "url");
	snprintf(url, sizeof(url), "%s", u);
	free(u);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	REQUIRE(sc_conn_open(&admin, &cfg) == SC_OK);
	test_idle_timeout();
	test_min_conns();
	test_health_ping();
	test_connect_timeout();
	sc_conn_close(admin);
	return t_done("runtime_pool_maintenance");
}
