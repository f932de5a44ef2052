/* The SQLite twin of a PostgreSQL run (cg_jsonf_*.c): on PostgreSQL the
 * tests also open a SQLite database with the same schema, write the same
 * rows to both and compare every answer; on SQLite there is no twin. */
#ifndef JSONF_TWIN_H
#define JSONF_TWIN_H

#include "repo.h"

static sc_conn *twin;
static char *twin_dir;

static inline void twin_open(void)
{
	if (!env.pg)
		return;
	twin_dir = t_tmpdir();
	char url[1024], ddl_path[1024];
	snprintf(url, sizeof url, "sqlite:%s/twin.db", twin_dir);
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	REQUIRE(sc_conn_open(&twin, &cfg) == SC_OK);
	snprintf(ddl_path, sizeof ddl_path, "%s/%s.sqlite.sql", REPO_GEN_DIR, REPO_SCHEMA);
	char *ddl = repo_read_file(ddl_path);
	REQUIRE(sc_conn_exec(twin, ddl) == SC_OK);
	free(ddl);
}

static inline void twin_close(void)
{
	if (!twin)
		return;
	sc_conn_close(twin);
	t_rmdir(twin_dir);
	free(twin_dir);
}

/* A small deterministic generator (xorshift64*), seeded per test; the seed
 * is printed so a failure can be replayed (JSONF_SEED). */
static uint64_t rnd_state;

static inline void rnd_seed(uint64_t dflt)
{
	const char *s = getenv("JSONF_SEED");
	rnd_state = s ? strtoull(s, NULL, 10) : dflt;
	if (!rnd_state)
		rnd_state = 1;
	printf("seed %llu (JSONF_SEED)\n", (unsigned long long)rnd_state);
}

static inline uint64_t rnd(uint64_t bound)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return (rnd_state * 2685821657736338717ull) % bound;
}

#endif
