/*
 * Benchmark harness: one interface, several implementations of the same
 * database work (hand-written libpq, hand-written sqlite3, the runtime's
 * statement API, generated code), and the workloads that time them.
 * See bench/README.md.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Which database a run talks to. */
typedef enum bench_dialect { BENCH_PG = 1, BENCH_SQLITE = 2 } bench_dialect;

typedef struct bench_db {
	bench_dialect dialect;
	const char *url;   /* libpq conninfo/URL, or "sqlite:path" */
	const char *path;  /* SQLite file path (url without "sqlite:") */
	bool pgbouncer;    /* url is PgBouncer in transaction mode: prepared_statements = false */
	bool no_reset;     /* W10: runtime pools with reset_session = false */
} bench_db;

/* Rows per page (W4, W5, W8) and parents per batch (W9). */
#define BENCH_PAGE 50
#define BENCH_BATCH_PARENTS 100
#define BENCH_GET_MANY 16 /* W11: keys per get_many */
#define BENCH_STATUS_COUNT 4
extern const char *const bench_status_names[BENCH_STATUS_COUNT];

/* Deterministic content of lead number i (1-based), shared by every
 * implementation and by the loader, so all sides do the same work. */
typedef struct bench_lead_src {
	char external_id[32];
	char first_name[24];
	char last_name[24];
	char email[64];
	char postcode[12];
	int32_t score;
	int status; /* index into bench_status_names */
} bench_lead_src;
void bench_lead_fill(bench_lead_src *s, int64_t i);
/* Body of note j of any lead. */
const char *bench_note_body(int64_t j);

/* A lead as read back by the hand-written and runtime implementations:
 * what an application holds after a read (strings owned, freed by
 * bench_row_clear). Generated code uses its own struct. */
typedef struct bench_row {
	int64_t id;
	char *external_id, *first_name, *last_name, *email, *postcode;
	int32_t score;
	int status;
	int64_t created_at, updated_at; /* microseconds since the epoch */
	int32_t version;
} bench_row;
void bench_row_clear(bench_row *r);
/* Index of a status name, -1 if unknown. */
int bench_status_from_name(const char *s, size_t len);

/* Where a pooled operation's time went (W10). */
typedef struct bench_pool_times {
	int64_t acquire_ns; /* in the pool's acquire call */
	int64_t release_ns; /* in the pool's release call (session reset included) */
} bench_pool_times;

/*
 * One implementation. Every operation returns 0 on success and -1 on a
 * failure (after printing why to stderr); the harness aborts on failure,
 * because a benchmark of wrong results means nothing. NULL members are
 * operations the implementation does not offer (e.g. COPY on SQLite).
 * Single-connection operations use the state returned by open().
 */
typedef struct bench_impl {
	const char *name;   /* "hand", "runtime", "generated" */
	bench_dialect dialect;

	void *(*open)(const bench_db *db);
	void (*close)(void *s);

	/* W1: insert lead i as its own transaction; *id gets the new key. */
	int (*insert_one)(void *s, int64_t i, int64_t *id);
	/* W2: insert leads first..first+n-1 in one transaction. */
	int (*insert_many)(void *s, int64_t first, int n);
	/* W2 limit on PostgreSQL: COPY ... FROM STDIN (FORMAT binary). */
	int (*insert_copy)(void *s, int64_t first, int n);
	/* W3: read lead `id` (must exist) into an owned row. */
	int (*get)(void *s, int64_t id, int32_t *score_out);
	/* W11: read leads ids[0..n-1] (all exist), *score_sum gets the sum of
	 * their scores: the generated get_many (one statement), or n gets. */
	int (*get_many)(void *s, const int64_t *ids, int n, int64_t *score_sum);
	/* W4: next keyset page of BENCH_PAGE by id; restart from the start when
	 * `restart`; *rows gets the page size (0 at the end). */
	int (*keyset_page)(void *s, bool restart, int *rows);
	/* W5: page of BENCH_PAGE at `offset` ordered by id. */
	int (*offset_page)(void *s, int64_t offset, int *rows);
	/* W6: set the score of lead `id` if its version is *version; on success
	 * *version is the new one. Returns 1 on a version conflict. */
	int (*update_versioned)(void *s, int64_t id, int32_t score, int32_t *version);
	/* W8: status = ? AND score >= ? ORDER BY score DESC, id, LIMIT 50. */
	int (*list_filtered)(void *s, int status, int32_t min_score, int *rows);
	/* W12: the W8 statement as a typed query: the generated function of
	 * `query top_leads` (bench.schema); hand and runtime run the same SQL
	 * (their list_filtered). */
	int (*typed_query)(void *s, int status, int32_t min_score, int *rows);
	/* W9: notes of n parents in one query / one query per parent. */
	int (*children_batch)(void *s, const int64_t *parents, int n, int *rows);
	int (*children_n1)(void *s, const int64_t *parents, int n, int *rows);

	/* W7/W10: a pool of `size` connections shared by threads. */
	void *(*pool_open)(const bench_db *db, int size);
	void (*pool_close)(void *p);
	/* acquire, get lead `id`, release; *acquire_ns gets the acquire time. */
	int (*pool_get)(void *p, int64_t id, int64_t *acquire_ns);
	/* W10 mixed CRUD op `kind` (see w10.c) on lead `id`; *t gets the time
	 * spent acquiring and releasing the connection. */
	int (*pool_mixed)(void *p, int kind, int64_t id, struct bench_pool_times *t);
	/* Statements run through the pool so far (W10's queries/s). */
	uint64_t (*pool_queries)(void *p);
} bench_impl;

/* Implementations: hand_pg.c, hand_sqlite.c, runtime_impl.c and
 * generated_impl.c (bench_generated). */
extern const bench_impl bench_hand_pg, bench_hand_sqlite;
extern const bench_impl bench_runtime_pg, bench_runtime_sqlite;
const bench_impl *bench_generated(bench_dialect d);

/* Clock and CPU. */
int64_t bench_now_ns(void);
int64_t bench_cpu_ns(void); /* user + system time of the process */

/* Die with a message (setup failures). */
void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Small deterministic PRNG (xorshift64*), per thread. */
typedef struct bench_rng {
	uint64_t s;
} bench_rng;
uint64_t bench_rand(bench_rng *r);
int64_t bench_rand_range(bench_rng *r, int64_t lo, int64_t hi); /* [lo, hi] */

/* Microseconds since the epoch, and its PostgreSQL text form. */
int64_t bench_now_us(void);
void bench_ts_text(int64_t us, char out[64]);
int bench_ts_parse(const char *s, int64_t *us);

#endif
