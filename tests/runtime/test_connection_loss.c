/* Connection loss around transactions, made deterministic:
 *  - a TCP relay between the pool and the server (tcp_url) that cuts the
 *    connection at a chosen client message: before it reaches the server
 *    (BEGIN lost: nothing sent, sc_tx_run retries), or after it did but
 *    before the answer comes back (an INSERT: something was sent, never
 *    retried; a COMMIT: SC_AMBIGUOUS_COMMIT although it committed);
 *  - pg_terminate_backend while COMMIT runs a deferred constraint trigger
 *    that sleeps (SC_AMBIGUOUS_COMMIT, nothing committed, never retried). */
#include "t.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};
static sc_conn *admin;

/* ---- the relay ------------------------------------------------------------ */

enum { PASS = 0, CUT_BEFORE = 1, CUT_AFTER = 2 };
static atomic_int mode;     /* applies to the next client message, then PASS */
static atomic_int cuts;     /* cuts done */
static int listen_fd;
static int server_port;

static void *relay(void *arg)
{
	int cfd = (int)(intptr_t)arg;
	int sfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)server_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(sfd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(cfd);
		close(sfd);
		return NULL;
	}
	char buf[65536];
	bool startup = true; /* the startup/auth exchange always passes */
	for (;;) {
		struct pollfd p[2] = {{cfd, POLLIN, 0}, {sfd, POLLIN, 0}};
		if (poll(p, 2, -1) < 0)
			break;
		if (p[0].revents) {
			ssize_t n = read(cfd, buf, sizeof(buf));
			if (n <= 0)
				break;
			/* the first ordinary message after startup is 'Q' or 'P'... */
			int m = startup ? PASS : atomic_exchange(&mode, PASS);
			if (m == CUT_BEFORE) {
				atomic_fetch_add(&cuts, 1);
				break; /* dropped: the server never sees it */
			}
			if (write(sfd, buf, (size_t)n) != n)
				break;
			if (m == CUT_AFTER) {
				atomic_fetch_add(&cuts, 1);
				/* the server gets the whole message, then end of stream; the
				 * client gets no answer */
				close(cfd);
				cfd = -1;
				shutdown(sfd, SHUT_WR);
				while (read(sfd, buf, sizeof(buf)) > 0)
					;
				break;
			}
		}
		if (p[1].revents) {
			ssize_t n = read(sfd, buf, sizeof(buf));
			if (n <= 0)
				break;
			/* ReadyForQuery ('Z') ends the startup exchange */
			if (startup && n >= 6 && buf[n - 6] == 'Z')
				startup = false;
			if (write(cfd, buf, (size_t)n) != n)
				break;
		}
	}
	if (cfd >= 0)
		close(cfd);
	close(sfd);
	return NULL;
}

static void *acceptor(void *arg)
{
	(void)arg;
	for (;;) {
		int cfd = accept(listen_fd, NULL, NULL);
		if (cfd < 0)
			return NULL;
		pthread_t t;
		pthread_create(&t, NULL, relay, (void *)(intptr_t)cfd);
		pthread_detach(t);
	}
}

static int start_relay(void)
{
	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	REQUIRE(listen(listen_fd, 16) == 0);
	socklen_t len = sizeof(sa);
	getsockname(listen_fd, (struct sockaddr *)&sa, &len);
	pthread_t t;
	pthread_create(&t, NULL, acceptor, NULL);
	pthread_detach(t);
	return ntohs(sa.sin_port);
}

/* ---- helpers ------------------------------------------------------------- */

static int64_t scalar(const char *sql)
{
	return t_scalar(admin, sql);
}

/* Wait until no backend of application `app` is left (a cut session's
 * transaction has been rolled back or committed by then). */
static void wait_gone(const char *app)
{
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s'", app);
	for (int i = 0; i < 500 && scalar(sql) != 0; i++)
		t_sleep_ms(10);
	CHECK(scalar(sql) == 0);
}

typedef struct txarg {
	int calls;
	int cut_in_callback; /* mode to arm inside the callback */
	bool arm_before_insert;
	int64_t id;
	_Atomic int64_t pid; /* read by the killer thread */
} txarg;

static sc_status insert_row(sc_conn *c, void *ud)
{
	txarg *a = ud;
	a->calls++;
	atomic_store(&a->pid, t_scalar(c, "SELECT pg_backend_pid()"));
	if (a->arm_before_insert)
		atomic_store(&mode, a->cut_in_callback);
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "INSERT INTO loss (id) VALUES ($1)");
	if (rc != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, a->id);
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	if (rc == SC_OK && !a->arm_before_insert && a->cut_in_callback)
		atomic_store(&mode, a->cut_in_callback); /* the next message is COMMIT */
	return rc;
}

static int64_t rows_with(int64_t id)
{
	char sql[100];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM loss WHERE id = %lld", (long long)id);
	return scalar(sql);
}

static void test_relay_cuts(const char *tcp_url_db)
{
	server_port = atoi(strrchr(tcp_url_db, ':') + 1);
	int port = start_relay();
	char u[600];
	/* tcp_url_db: postgresql://postgres@127.0.0.1:PORT/db */
	const char *slash = strchr(strrchr(tcp_url_db, ':'), '/');
	snprintf(u, sizeof(u), "postgresql://postgres@127.0.0.1:%d%s?application_name=sc_relay", port, slash);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.name = "relay";
	cfg.max_conns = 1;
	cfg.validate_idle_ms = 0;          /* no ping on acquire: the cut hits BEGIN */
	cfg.health_check_interval_ms = 0;
	cfg.retry_base_delay_ms = 1;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);

	/* 1. BEGIN never reaches the server: nothing was sent, retried once, OK */
	atomic_store(&mode, CUT_BEFORE);
	txarg a = {0, 0, false, 1, 0};
	sc_metrics m0, m1;
	sc_pool_metrics(p, &m0);
	CHECK_RC(sc_tx_run(p, NULL, insert_row, &a), SC_OK);
	sc_pool_metrics(p, &m1);
	CHECK(atomic_load(&cuts) == 1);
	CHECK_MSG(a.calls == 1, "callback ran %d times", a.calls);
	CHECK_MSG(m1.tx_retries - m0.tx_retries == 1, "retries %llu", (unsigned long long)(m1.tx_retries - m0.tx_retries));
	CHECK(rows_with(1) == 1);

	/* 2. the INSERT reached the server, its answer was lost: something was
	 * sent, so no retry; the server rolls the transaction back */
	a = (txarg){0, CUT_AFTER, true, 2, 0};
	sc_pool_metrics(p, &m0);
	CHECK_RC(sc_tx_run(p, NULL, insert_row, &a), SC_CONNECTION_LOST);
	sc_pool_metrics(p, &m1);
	CHECK(atomic_load(&cuts) == 2);
	CHECK_MSG(a.calls == 1, "callback ran %d times", a.calls);
	CHECK(m1.tx_retries == m0.tx_retries);
	wait_gone("sc_relay");
	CHECK(rows_with(2) == 0);

	/* 3. COMMIT reached the server and committed, its answer was lost:
	 * SC_AMBIGUOUS_COMMIT, never retried (a retry would insert twice) */
	a = (txarg){0, CUT_AFTER, false, 3, 0};
	sc_pool_metrics(p, &m0);
	CHECK_RC(sc_tx_run(p, NULL, insert_row, &a), SC_AMBIGUOUS_COMMIT);
	sc_pool_metrics(p, &m1);
	CHECK(atomic_load(&cuts) == 3);
	CHECK_MSG(a.calls == 1, "callback ran %d times", a.calls);
	CHECK(m1.tx_retries == m0.tx_retries);
	wait_gone("sc_relay");
	CHECK(rows_with(3) == 1);

	/* sc_tx_run_on, on a connection the caller holds: BEGIN lost, the
	 * connection is reconnected in place and the callback runs once */
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	atomic_store(&mode, CUT_BEFORE);
	a = (txarg){0, 0, false, 6, 0};
	CHECK_RC(sc_tx_run_on(c, NULL, insert_row, &a), SC_OK);
	CHECK(atomic_load(&cuts) == 4);
	CHECK_MSG(a.calls == 1, "callback ran %d times", a.calls);
	CHECK(rows_with(6) == 1 && sc_conn_is_healthy(c));
	sc_pool_release(c);

	/* the pool is fine afterwards */
	a = (txarg){0, 0, false, 4, 0};
	CHECK_RC(sc_tx_run(p, NULL, insert_row, &a), SC_OK);
	CHECK(a.calls == 1 && rows_with(4) == 1);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

/* ---- COMMIT terminated while its deferred trigger sleeps -------------------- */

typedef struct killer {
	txarg *a;
	atomic_bool killed;
} killer;

static void *kill_during_commit(void *arg)
{
	killer *k = arg;
	for (int i = 0; i < 1000; i++) {
		int64_t pid = atomic_load(&k->a->pid);
		if (pid > 0) {
			char sql[300];
			snprintf(sql, sizeof(sql),
				 "SELECT count(*) FROM pg_stat_activity WHERE pid = %lld AND query = 'COMMIT'"
				 " AND wait_event = 'PgSleep'",
				 (long long)pid);
			if (t_scalar(admin, sql) == 1) {
				snprintf(sql, sizeof(sql), "SELECT count(pg_terminate_backend(%lld))", (long long)pid);
				t_scalar(admin, sql);
				atomic_store(&k->killed, true);
				return NULL;
			}
		}
		t_sleep_ms(5);
	}
	return NULL;
}

static void test_terminated_commit(const char *db_url)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = db_url;
	cfg.name = "slowcommit";
	cfg.max_conns = 1;
	cfg.log_fn = t_log_fn;
	cfg.log_ud = &logs;
	sc_pool *p;
	REQUIRE(sc_pool_open(&p, &cfg) == SC_OK);
	sc_conn *c;
	REQUIRE(sc_pool_acquire(p, &c) == SC_OK);
	CHECK_RC(sc_conn_exec(c, "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS"
				 " $$BEGIN PERFORM pg_sleep(3); RETURN NULL; END$$;"
				 "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON loss DEFERRABLE INITIALLY DEFERRED"
				 " FOR EACH ROW WHEN (NEW.id >= 100) EXECUTE FUNCTION slow_commit()"),
		 SC_OK);
	sc_pool_release(c);
	txarg a = {0, 0, false, 100, 0};
	killer k = {&a, false};
	pthread_t th;
	pthread_create(&th, NULL, kill_during_commit, &k);
	sc_metrics m0, m1;
	sc_pool_metrics(p, &m0);
	int64_t t0 = t_now_ms();
	CHECK_RC(sc_tx_run(p, NULL, insert_row, &a), SC_AMBIGUOUS_COMMIT);
	int64_t took = t_now_ms() - t0;
	pthread_join(th, NULL);
	sc_pool_metrics(p, &m1);
	CHECK(atomic_load(&k.killed));
	CHECK_MSG(a.calls == 1, "callback ran %d times", a.calls);
	CHECK(m1.tx_retries == m0.tx_retries);
	CHECK_MSG(took < 2500, "took %lld ms (the kill should cut the 3 s sleep)", (long long)took);
	CHECK(rows_with(100) == 0);
	/* the next transaction gets a working connection */
	a = (txarg){0, 0, false, 5, 0};
	CHECK_RC(sc_tx_run(p, NULL, insert_row, &a), SC_OK);
	CHECK(rows_with(5) == 1);
	CHECK_RC(sc_pool_close(p), SC_OK);
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	t_watchdog("test_connection_loss", 120);
	char *base = t_pg_file(argc, argv, "url");
	char *tcp = t_pg_file(argc, argv, "tcp_url");
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = base;
	sc_conn *root;
	REQUIRE(sc_conn_open(&root, &cfg) == SC_OK);
	char *db = t_pg_own_db(root, base, "sc_rt_txloss");
	cfg.url = db;
	REQUIRE(sc_conn_open(&admin, &cfg) == SC_OK);
	REQUIRE(sc_conn_exec(admin, "CREATE TABLE loss (id int)") == SC_OK);
	/* tcp_url ends in /postgres: point it at our database */
	char tcp_db[600];
	snprintf(tcp_db, sizeof(tcp_db), "%.*s/sc_rt_txloss", (int)(strrchr(tcp, '/') - tcp), tcp);
	test_relay_cuts(tcp_db);
	test_terminated_commit(db);
	sc_conn_close(admin);
	sc_conn_close(root);
	free(db);
	free(tcp);
	free(base);
	return t_done("runtime_connection_loss");
}
