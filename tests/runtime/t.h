/* Tiny assertion helper for the runtime tests. */
#ifndef SC_TEST_T_H
#define SC_TEST_T_H

#define _GNU_SOURCE 1
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <schemac/schemac.h>

static int t_failures;
static int t_checks;
static pthread_mutex_t t_mu = PTHREAD_MUTEX_INITIALIZER;

#define CHECK(cond)                                                                              \
	do {                                                                                     \
		pthread_mutex_lock(&t_mu);                                                       \
		t_checks++;                                                                      \
		if (!(cond)) {                                                                   \
			t_failures++;                                                            \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                                \
		pthread_mutex_unlock(&t_mu);                                                     \
	} while (0)

#define CHECK_MSG(cond, ...)                                                                     \
	do {                                                                                     \
		pthread_mutex_lock(&t_mu);                                                       \
		t_checks++;                                                                      \
		if (!(cond)) {                                                                   \
			t_failures++;                                                            \
			fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                            \
			fputc('\n', stderr);                                                     \
		}                                                                                \
		pthread_mutex_unlock(&t_mu);                                                     \
	} while (0)

/* Status check that prints names and the last error on failure. */
#define CHECK_RC(expr, want)                                                                        \
	do {                                                                                        \
		sc_status rc_ = (expr);                                                             \
		CHECK_MSG(rc_ == (want), "%s: got %s, want %s (%s)", #expr, sc_status_name(rc_),    \
			  sc_status_name(want), sc_error_last()->message);                          \
	} while (0)

/* Fatal: stop the test at once (setup failures). */
#define REQUIRE(cond)                                                                              \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: REQUIRE failed: %s (last error: %s)\n", __FILE__, __LINE__, \
				#cond, sc_error_last()->message);                                   \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

static inline int t_done(const char *name)
{
	if (t_failures) {
		fprintf(stderr, "%s: %d of %d checks FAILED\n", name, t_failures, t_checks);
		return 1;
	}
	printf("%s: all %d checks passed\n", name, t_checks);
	return 0;
}

static inline int64_t t_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void t_sleep_ms(int64_t ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Read STATE/<file> (the pg harness state dir comes from argv[1] or
 * $SCHEMAC_PG_STATE). Returns a malloc'd, newline-trimmed string. */
static inline char *t_pg_file(int argc, char **argv, const char *file)
{
	const char *state = argc > 1 ? argv[1] : getenv("SCHEMAC_PG_STATE");
	REQUIRE(state != NULL);
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", state, file);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "cannot read %s (is the pg fixture up?)\n", path);
		exit(1);
	}
	char *buf = calloc(1, 4096);
	REQUIRE(buf && fgets(buf, 4096, f));
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

static inline const char *t_state_dir(int argc, char **argv)
{
	return argc > 1 ? argv[1] : getenv("SCHEMAC_PG_STATE");
}

/* True when the state dir is PgBouncer's (tests/support/pgbouncer_harness.sh
 * writes the marker STATE/pgbouncer): connections then use the runtime's
 * PgBouncer mode, prepared_statements = false. */
static inline bool t_pg_bouncer(int argc, char **argv)
{
	const char *state = t_state_dir(argc, argv);
	if (!state)
		return false;
	char path[1024];
	snprintf(path, sizeof(path), "%s/pgbouncer", state);
	return access(path, F_OK) == 0;
}

/* A fresh temp dir for SQLite files. Caller frees. */
static inline char *t_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[512];
	snprintf(tmpl, sizeof(tmpl), "%s/schemac-rt-XXXXXX", base ? base : "/tmp");
	char *d = mkdtemp(tmpl);
	REQUIRE(d != NULL);
	return strdup(d);
}

static inline void t_rmdir(const char *dir)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "warning: could not remove %s\n", dir);
}

/* Run one SQL statement and return the first column of the first row as
 * int64 (or -1 on error). */
/* Run a statement that must succeed. */
static inline void t_exec(sc_conn *c, const char *sql)
{
	sc_status rc = sc_conn_exec(c, sql);
	CHECK_MSG(rc == SC_OK, "%s: %s", sql, sc_conn_error(c)->message);
}

static inline int64_t t_scalar(sc_conn *c, const char *sql)
{
	sc_stmt *st;
	if (sc_stmt_prepare(&st, c, sql) != SC_OK) {
		fprintf(stderr, "t_scalar prepare(%s): %s\n", sql, sc_conn_error(c)->message);
		return -1;
	}
	int64_t v = -1;
	sc_status rc = sc_stmt_step(st);
	if (rc == SC_ROW)
		sc_stmt_column_int64(st, 0, &v);
	else
		fprintf(stderr, "t_scalar step(%s): %s %s\n", sql, sc_status_name(rc), sc_conn_error(c)->message);
	sc_stmt_finalize(st);
	return v;
}

/* A hung test ends instead of blocking the suite: after `seconds`, the
 * message "<name>: watchdog expired (hang)" and exit status 2. */
static const char *t_watchdog_name = "test";

static inline void t_watchdog_fire(int sig)
{
	(void)sig;
	const char *parts[] = {t_watchdog_name, ": watchdog expired (hang)\n"};
	for (int i = 0; i < 2; i++)
		if (write(2, parts[i], strlen(parts[i])) < 0)
			break;
	_exit(2);
}

static inline void t_watchdog(const char *name, unsigned seconds)
{
	t_watchdog_name = name;
	signal(SIGALRM, t_watchdog_fire);
	alarm(seconds);
}

/* t_scalar polled until it returns `want` or `max_ms` pass; returns the
 * last value. For what the server or a background thread settles a moment
 * after the call that caused it (a backend's exit, a metric counted after a
 * close): the test waits for it instead of racing it. */
static inline int64_t t_scalar_settles(sc_conn *c, const char *sql, int64_t want, int64_t max_ms)
{
	int64_t t0 = t_now_ms(), v;
	while ((v = t_scalar(c, sql)) != want && t_now_ms() - t0 < max_ms)
		t_sleep_ms(10);
	return v;
}

/* (Re)create database `name` in the test cluster (through admin, a
 * connection to the cluster) and return the URL `base` pointing at it
 * (malloc'd), so tests running in parallel do not share tables. */
static inline char *t_pg_own_db(sc_conn *admin, const char *base, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	REQUIRE(sc_conn_exec(admin, sql) == SC_OK);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	REQUIRE(sc_conn_exec(admin, sql) == SC_OK);
	const char *q = strstr(base, "///postgres?");
	REQUIRE(q != NULL);
	size_t n = strlen(base) + strlen(name) + 16;
	char *u = malloc(n);
	REQUIRE(u != NULL);
	snprintf(u, n, "%.*s///%s?%s", (int)(q - base), base, name, q + strlen("///postgres?"));
	return u;
}

/* Quiet log sink that keeps warnings in a buffer for inspection. */
typedef struct t_log {
	pthread_mutex_t mu;
	char buf[65536];
	size_t len;
} t_log;

static inline void t_log_fn(void *ud, sc_log_level level, const char *pool, const char *msg)
{
	t_log *l = ud;
	pthread_mutex_lock(&l->mu);
	int n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "[%d %s] %s\n", (int)level, pool, msg);
	if (n > 0 && l->len + (size_t)n < sizeof(l->buf))
		l->len += (size_t)n;
	pthread_mutex_unlock(&l->mu);
	if (getenv("SC_TEST_VERBOSE"))
		fprintf(stderr, "log[%d %s] %s\n", (int)level, pool, msg);
}

static inline bool t_log_has(t_log *l, const char *needle)
{
	pthread_mutex_lock(&l->mu);
	bool r = strstr(l->buf, needle) != NULL;
	pthread_mutex_unlock(&l->mu);
	return r;
}

#endif
