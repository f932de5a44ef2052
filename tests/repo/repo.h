/* The harness of the generated-code tests (test_*.c and cg_*.c): a pool
 * on a fresh database (a SQLite file in a temp dir, or a PostgreSQL
 * database of our own reached through a non-superuser role, so row-level
 * security applies) with the schema's DDL, the main thread's connection
 * `C`, counters of queries and change events, an optional cache, an
 * optional tenant wrapped around every operation, one set of status
 * assertions, and field-by-field row comparison driven by the entity
 * metadata (repo_entity.h).
 *
 * The build defines REPO_GEN_DIR (the generated code), REPO_SCHEMA and
 * REPO_PROGRAM (names the database, the role and the pool). */
#ifndef REPO_H
#define REPO_H

#include "t.h"

static atomic_long repo_queries;
static void repo_count_query(void *ud, const sc_query_event *ev)
{
	(void)ud;
	(void)ev;
	atomic_fetch_add(&repo_queries, 1);
}

/* Change hook: the events seen, the last one kept ("table op key"). */
static atomic_long repo_changes;
static char repo_last_change[256];
static pthread_mutex_t repo_change_mu = PTHREAD_MUTEX_INITIALIZER;
static void repo_on_change(void *ud, const sc_change_event *ev)
{
	(void)ud;
	atomic_fetch_add(&repo_changes, 1);
	pthread_mutex_lock(&repo_change_mu);
	snprintf(repo_last_change, sizeof repo_last_change, "%s %s %s", ev->table, sc_change_op_name(ev->op), ev->key);
	pthread_mutex_unlock(&repo_change_mu);
}

typedef struct repo_env {
	sc_pool *pool;
	sc_conn *conn;      /* held by the main thread for the whole test */
	sc_cache *cache;    /* when asked for */
	bool pg;
	const char *dialect;
	char *dir;          /* SQLite temp dir */
	char *url;          /* the pool's URL */
	char *admin_url;    /* PostgreSQL: cluster URL as postgres */
	char db[64], role[64];
	bool bouncer;       /* through PgBouncer: prepared_statements = false */
	const char *tenant; /* when set, every operation runs in a transaction with it */
} repo_env;

static repo_env env;

/* How to open: pool size (at least 1) and an in-memory cache. */
typedef struct repo_opts {
	int max_conns;
	bool cache;
	sc_change_hook change_hook; /* NULL: repo_on_change */
	bool change_values;         /* sc_config.change_values */
} repo_opts;

/* Failures found where CHECK cannot be used (t.h's lock is not recursive,
 * and these helpers run inside CHECK conditions). Counted by repo_done. */
static atomic_int repo_failures;
#define repo_fail(...)                                                      \
	do {                                                                \
		atomic_fetch_add(&repo_failures, 1);                        \
		fprintf(stderr, "%s:%d: FAILED: ", __FILE__, __LINE__);    \
		fprintf(stderr, __VA_ARGS__);                               \
		fputc('\n', stderr);                                        \
	} while (0)

static inline int repo_done(const char *name)
{
	t_failures += atomic_load(&repo_failures);
	return t_done(name);
}
#define C (env.conn)

/* Status check printing the connection's error. */
#define CHECK_ST(expr, want)                                                                      \
	do {                                                                                      \
		sc_status st_ = (expr);                                                           \
		CHECK_MSG(st_ == (want), "%s: got %s, want %s (%s)", #expr, sc_status_name(st_),  \
			  sc_status_name(want), sc_conn_error(C)->message);                       \
	} while (0)

static inline void repo_exec_admin(const char *url, const char *sql)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	cfg.prepared_statements = !env.bouncer;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	sc_status rc = sc_conn_exec(c, sql);
	if (rc != SC_OK)
		fprintf(stderr, "admin SQL failed: %s: %s\n", sql, sc_conn_error(c)->message);
	REQUIRE(rc == SC_OK);
	sc_conn_close(c);
}

static inline char *repo_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fprintf(stderr, "cannot open %s\n", path);
	REQUIRE(f != NULL);
	REQUIRE(fseek(f, 0, SEEK_END) == 0);
	long n = ftell(f);
	REQUIRE(n >= 0);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	REQUIRE(s != NULL);
	REQUIRE(fread(s, 1, (size_t)n, f) == (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/* Replace `user=postgres` in a libpq URL by `user=<role>`. */
static inline char *repo_url_as(const char *url, const char *role)
{
	const char *u = strstr(url, "user=postgres");
	REQUIRE(u != NULL);
	size_t n = strlen(url) + strlen(role) + 8;
	char *out = malloc(n);
	REQUIRE(out != NULL);
	snprintf(out, n, "%.*suser=%s%s", (int)(u - url), url, role, u + strlen("user=postgres"));
	return out;
}

/* argv[1]: "sqlite", or the pg fixture's state dir. */
static inline void repo_open(int argc, char **argv, repo_opts o)
{
	memset(&env, 0, sizeof env);
	env.pg = !(argc > 1 && !strcmp(argv[1], "sqlite"));
	env.dialect = env.pg ? "postgres" : "sqlite";
	char ddl_path[1024];
	snprintf(ddl_path, sizeof ddl_path, "%s/%s.%s.sql", REPO_GEN_DIR, REPO_SCHEMA, env.dialect);
	char *ddl = repo_read_file(ddl_path);
	if (env.pg) {
		env.bouncer = t_pg_bouncer(argc, argv);
		char *base = t_pg_file(argc, argv, "url");
		snprintf(env.db, sizeof env.db, "repo_%s_%ld", REPO_PROGRAM, (long)getpid());
		snprintf(env.role, sizeof env.role, "repo_app_%s_%ld", REPO_PROGRAM, (long)getpid());
		sc_config acfg;
		sc_config_init(&acfg);
		acfg.url = base;
		acfg.prepared_statements = !env.bouncer;
		sc_conn *admin;
		REQUIRE(sc_conn_open(&admin, &acfg) == SC_OK);
		char *dburl = t_pg_own_db(admin, base, env.db);
		char sql[512];
		snprintf(sql, sizeof sql,
			 "DO $$BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN "
			 "EXECUTE 'DROP ROLE %s'; END IF; END$$; CREATE ROLE %s LOGIN",
			 env.role, env.role, env.role);
		REQUIRE(sc_conn_exec(admin, sql) == SC_OK);
		sc_conn_close(admin);
		env.admin_url = base;
		/* The DDL as the owner (postgres), then table rights for the role. */
		repo_exec_admin(dburl, ddl);
		snprintf(sql, sizeof sql,
			 "GRANT ALL ON ALL TABLES IN SCHEMA public TO %s; "
			 "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO %s",
			 env.role, env.role);
		repo_exec_admin(dburl, sql);
		env.url = repo_url_as(dburl, env.role);
		free(dburl);
	} else {
		env.dir = t_tmpdir();
		size_t n = strlen(env.dir) + 32;
		env.url = malloc(n);
		REQUIRE(env.url != NULL);
		snprintf(env.url, n, "sqlite:%s/t.db", env.dir);
	}
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = env.url;
	cfg.name = REPO_PROGRAM;
	cfg.max_conns = o.max_conns > 0 ? o.max_conns : 1;
	cfg.query_hook = repo_count_query;
	cfg.change_hook = o.change_hook ? o.change_hook : repo_on_change;
	cfg.change_values = o.change_values;
	cfg.slow_query_ms = 0;
	cfg.prepared_statements = !env.bouncer;
	if (o.cache) {
		env.cache = sc_memory_cache_new(100, 0);
		REQUIRE(env.cache != NULL);
		cfg.cache = env.cache;
	}
	REQUIRE(sc_pool_open(&env.pool, &cfg) == SC_OK);
	REQUIRE(sc_pool_acquire(env.pool, &env.conn) == SC_OK);
	if (!env.pg) {
		sc_status rc = sc_conn_exec(env.conn, ddl);
		if (rc != SC_OK)
			fprintf(stderr, "DDL %s: %s\n", ddl_path, sc_conn_error(env.conn)->message);
		REQUIRE(rc == SC_OK);
	}
	free(ddl);
	printf("%s (%s): running on %s%s\n", REPO_PROGRAM, REPO_SCHEMA, env.dialect,
	       env.bouncer ? " through PgBouncer (transaction pooling)" : "");
}

static inline void repo_close(void)
{
	sc_pool_release(env.conn);
	CHECK(sc_pool_close(env.pool) == SC_OK);
	if (env.cache)
		sc_memory_cache_free(env.cache);
	if (env.pg) {
		char sql[512];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", env.db);
		repo_exec_admin(env.admin_url, sql);
		snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s", env.role);
		repo_exec_admin(env.admin_url, sql);
		free(env.admin_url);
	} else {
		t_rmdir(env.dir);
		free(env.dir);
	}
	free(env.url);
}

/* ---- tenant: every operation in its own transaction ------------------- */

/* With env.tenant set, RUN(call) wraps call in a transaction carrying the
 * tenant (committed on success, rolled back on failure), as an application
 * serving one tenant's request would. Otherwise it just runs call. */
static inline void repo_begin(void)
{
	if (!env.tenant)
		return;
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.tenant = env.tenant;
	sc_status rc = sc_tx_begin(C, &o);
	if (rc != SC_OK)
		repo_fail("tx begin: %s", sc_conn_error(C)->message);
}

/* Begins a transaction on C carrying tenant (its text form), as the
 * request of that tenant would. */
static inline void repo_in_tenant(const sc_uuid *tenant)
{
	static char text[SC_UUID_STRLEN + 1];
	sc_uuid_format(tenant, text);
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.tenant = text;
	CHECK_ST(sc_tx_begin(C, &o), SC_OK);
}

/* The error of the last failed RUN, copied before any rollback. */
static sc_error repo_saved;
static char repo_saved_msg[1024], repo_saved_cons[256], repo_saved_col[256];

static inline const sc_error *repo_err(void)
{
	return &repo_saved;
}

static inline sc_status repo_end(sc_status st)
{
	if (st < 0) {
		const sc_error *e = sc_conn_error(C);
		repo_saved = *e;
		snprintf(repo_saved_msg, sizeof repo_saved_msg, "%s", e->message);
		snprintf(repo_saved_cons, sizeof repo_saved_cons, "%s", e->constraint);
		snprintf(repo_saved_col, sizeof repo_saved_col, "%s", e->column);
		repo_saved.message = repo_saved_msg;
		repo_saved.constraint = repo_saved_cons;
		repo_saved.column = repo_saved_col;
		repo_saved.sqlstate = "";
		repo_saved.table = "";
	}
	if (!env.tenant)
		return st;
	if (st >= 0) {
		sc_status rc = sc_tx_commit(C);
		if (rc != SC_OK)
			repo_fail("commit: %s", sc_conn_error(C)->message);
		if (rc != SC_OK)
			return rc;
	} else {
		(void)sc_tx_rollback(C);
	}
	return st;
}

/* Run one generated call (in a tenant transaction when env.tenant is set). */
#define RUN(call) (repo_begin(), repo_end(call))

/* CHECK_ST for RUN: prints the saved error. */
#define CHECK_RUN(call, want)                                                                     \
	do {                                                                                      \
		sc_status sr_ = RUN(call);                                                        \
		CHECK_MSG(sr_ == (want), "%s: got %s, want %s (%s)", #call, sc_status_name(sr_),  \
			  sc_status_name(want), sr_ < 0 ? repo_err()->message : "");              \
	} while (0)

#endif
