/* Support for the generated-code tests: a connection to a fresh database
 * (SQLite file or a PostgreSQL database of our own) with the schema's DDL
 * applied, and a query counter. */
#ifndef CG_H
#define CG_H

#include "t.h"

static atomic_long cg_queries;
static void cg_count_query(void *ud, const sc_query_event *ev)
{
	(void)ud;
	(void)ev;
	atomic_fetch_add(&cg_queries, 1);
}

/* Change hook: the events seen, the last one kept. */
static atomic_long cg_changes;
static char cg_last_change[256];
static void cg_on_change(void *ud, const sc_change_event *ev)
{
	(void)ud;
	atomic_fetch_add(&cg_changes, 1);
	snprintf(cg_last_change, sizeof cg_last_change, "%s %s %s", ev->table, sc_change_op_name(ev->op), ev->key);
}

typedef struct cg_env {
	sc_conn *conn;
	sc_cache *cache; /* when asked for */
	char *dir;       /* SQLite temp dir */
	char *url;
	bool pg;
	const char *dialect;
} cg_env;

static inline void cg_apply_ddl(cg_env *env, const char *schema)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.%s.sql", CG_DIR, schema, env->dialect);
	FILE *f = fopen(path, "rb");
	REQUIRE(f != NULL);
	char *sql = calloc(1, 1 << 20);
	REQUIRE(sql != NULL);
	size_t n = fread(sql, 1, (1 << 20) - 1, f);
	fclose(f);
	sql[n] = '\0';
	sc_status rc = sc_conn_exec(env->conn, sql);
	if (rc != SC_OK)
		fprintf(stderr, "DDL %s: %s\n", path, sc_conn_error(env->conn)->message);
	REQUIRE(rc == SC_OK);
	free(sql);
}

/* argv[1]: "sqlite", or the pg fixture's state dir. `db` names the
 * PostgreSQL database (unique per test program). */
static inline void cg_open(cg_env *env, int argc, char **argv, const char *schema, const char *db,
			   bool with_cache)
{
	memset(env, 0, sizeof *env);
	env->pg = !(argc > 1 && !strcmp(argv[1], "sqlite"));
	env->dialect = env->pg ? "postgres" : "sqlite";
	if (env->pg) {
		char *base = t_pg_file(argc, argv, "url");
		sc_config acfg;
		sc_config_init(&acfg);
		acfg.url = base;
		sc_conn *admin;
		REQUIRE(sc_conn_open(&admin, &acfg) == SC_OK);
		env->url = t_pg_own_db(admin, base, db);
		sc_conn_close(admin);
		free(base);
	} else {
		env->dir = t_tmpdir();
		size_t n = strlen(env->dir) + 32;
		env->url = malloc(n);
		REQUIRE(env->url != NULL);
		snprintf(env->url, n, "sqlite:%s/t.db", env->dir);
	}
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = env->url;
	cfg.query_hook = cg_count_query;
	cfg.change_hook = cg_on_change;
	if (with_cache) {
		env->cache = sc_memory_cache_new(100, 0);
		REQUIRE(env->cache != NULL);
		cfg.cache = env->cache;
	}
	REQUIRE(sc_conn_open(&env->conn, &cfg) == SC_OK);
	cg_apply_ddl(env, schema);
	printf("%s: running on %s\n", schema, env->dialect);
}

static inline void cg_close(cg_env *env)
{
	sc_conn_close(env->conn);
	if (env->cache)
		sc_memory_cache_free(env->cache);
	if (env->dir) {
		t_rmdir(env->dir);
		free(env->dir);
	}
	free(env->url);
}

/* Status check that prints the connection's error on failure. */
#define CHECK_ST(conn, expr, want)                                                               \
	do {                                                                                     \
		sc_status st_ = (expr);                                                          \
		CHECK_MSG(st_ == (want), "%s: got %s, want %s (%s)", #expr, sc_status_name(st_), \
			  sc_status_name(want), sc_conn_error(conn)->message);                   \
	} while (0)

#endif
