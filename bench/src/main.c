/*
 * schemac_bench: the benchmark driver (run by bench/run.sh).
 *
 *   schemac_bench run [options]      workloads W1-W9, pool, W10; prints the table
 *   schemac_bench w3-loop ...        K operations of one workload (--op get,
 *                                    keyset, update, list, query, many: W3,
 *                                    W4, W6, W8, W12, W11; insert, insert-many,
 *                                    offset, pool, children, mixed: W1, W2, W5,
 *                                    W7, W9, W10) under callgrind
 *   schemac_bench exec CMD ARGS...   run CMD; print "wall_s peak_rss_kib exit"
 *   schemac_bench synth N            a synthetic schema of N entities on stdout
 *
 * Options of `run`:
 *   --pg URL --pg-big URL            PostgreSQL databases (main, W5 large)
 *   --sqlite PATH --sqlite-big PATH  SQLite files (main, W5 large)
 *   --ddl-pg FILE --ddl-sqlite FILE  DDL (schemac sql bench/bench.schema)
 *   --quick                          small sizes and budgets (CI smoke test)
 *   --reps N --seconds S --rows N --big-rows N --w2-rows N
 *   --only W3,W7,...                 only these workloads (also: pool, W10)
 *   --w10-seconds S --w10-reps N     W10: time per measurement (default 30 s),
 *                                    repetitions (default 1)
 *   --w10-pool N --w10-impl NAME     W10: only the pool of N (20 or 100), only
 *                                    implementation NAME (hand, generated)
 *   --pgbouncer                      --pg is PgBouncer in transaction mode: the
 *                                    runtime's PgBouncer mode (with --only W10;
 *                                    the hand-written code prepares statements)
 *   --csv FILE                       every measurement, one line each
 */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "workloads.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

static const char *arg_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		bench_die("%s needs a value", argv[*i]);
	return argv[++*i];
}

/* Implementations for a dialect: hand first (the ratio base), then the
 * runtime layer and generated code, then the single-workload variants:
 * COPY binary for W2 on PostgreSQL and the N+1 loop for W9. */
static int impls_for(bench_dialect d, const bench_impl **out, bench_impl *copy_variant,
		     bench_impl *n1_variant)
{
	const bench_impl *hand = d == BENCH_PG ? &bench_hand_pg : &bench_hand_sqlite;
	int n = 0;
	out[n++] = hand;
	out[n++] = d == BENCH_PG ? &bench_runtime_pg : &bench_runtime_sqlite;
	if (bench_generated(d))
		out[n++] = bench_generated(d);
	if (hand->insert_copy) {
		*copy_variant = (bench_impl){.name = "hand-copy", .dialect = d,
					     .open = hand->open, .close = hand->close,
					     .insert_many = hand->insert_copy};
		out[n++] = copy_variant;
	}
	*n1_variant = (bench_impl){.name = "hand-n+1", .dialect = d, .open = hand->open,
				   .close = hand->close, .children_batch = hand->children_n1};
	out[n++] = n1_variant;
	return n;
}

static void run_db(const bench_opts *o, const bench_db *db, const bench_db *big, const char *ddl)
{
	const char *name = db->dialect == BENCH_PG ? "PostgreSQL" : "SQLite";
	fprintf(stderr, "bench: loading %lld leads into %s\n", (long long)o->rows, name);
	bench_load(db, ddl, o->rows, true);
	bench_ctx c = {.o = o, .db = db, .rows = o->rows, .rng = {0x5EED + (uint64_t)db->dialect},
		       .next_new = 1000000000};
	c.versions = calloc((size_t)o->rows + 1, sizeof *c.versions);
	if (!c.versions)
		bench_die("out of memory");
	for (int64_t i = 0; i <= o->rows; i++)
		c.versions[i] = 1;

	const bench_impl *impls[8];
	bench_impl copy_variant, n1_variant;
	int n = impls_for(db->dialect, impls, &copy_variant, &n1_variant);
	char title[200];
	snprintf(title, sizeof title, "%s: %lld leads, %d notes each; %d repetitions of %.2f s",
		 name, (long long)o->rows, BENCH_NOTES_PER_LEAD, o->reps, o->seconds);
	bench_print_header(title);
	char wtitle[BENCH_MAX_WORKLOADS][64];
	for (int i = 0; i < bench_nworkloads; i++) {
		bench_workload w = bench_workloads[i];
		if (!bench_selected(o, w.id))
			continue;
		if (strcmp(w.id, "W5") == 0) {
			snprintf(wtitle[i], sizeof wtitle[i], "%s, %lld rows", w.title, (long long)o->rows);
			w.title = wtitle[i];
		} else if (strcmp(w.id, "W2") == 0) {
			snprintf(wtitle[i], sizeof wtitle[i], "insert %d rows in one transaction",
				 o->w2_rows);
			w.title = wtitle[i];
		}
		bench_measure_workload(&c, &w, impls, n);
	}
	free(c.versions);

	if (big && o->big_rows > 0 && bench_selected(o, "W5")) {
		fprintf(stderr, "bench: loading %lld leads into the large %s database\n",
			(long long)o->big_rows, name);
		bench_load(big, ddl, o->big_rows, false);
		bench_ctx cb = {.o = o, .db = big, .rows = o->big_rows, .rng = {0xB16}};
		for (int i = 0; i < bench_nworkloads; i++) {
			if (strcmp(bench_workloads[i].id, "W5") != 0)
				continue;
			bench_workload w = bench_workloads[i];
			snprintf(wtitle[0], sizeof wtitle[0], "%s, %lld rows", w.title,
				 (long long)o->big_rows);
			w.title = wtitle[0];
			bench_measure_workload(&cb, &w, impls, n);
		}
		bench_admin_exec(big, "DROP TABLE IF EXISTS \"notes\"; DROP TABLE IF EXISTS \"leads\"");
	}

	if (bench_selected(o, "pool")) {
		printf("\nPool (%s): sc_pool_acquire + sc_pool_release, no query\n", name);
		bench_pool_micro(db, o);
	}
	if (db->dialect == BENCH_PG && bench_selected(o, "W10")) {
		const bench_impl *gen = bench_generated(BENCH_PG);
		/* hand-written code prepares statements: not through PgBouncer */
		const bench_impl *w10[2] = {gen && gen->pool_mixed ? gen : &bench_runtime_pg, &bench_hand_pg};
		printf("\n");
		bench_w10(db, o, w10, db->pgbouncer ? 1 : 2, o->rows);
	}
}

static int cmd_run(int argc, char **argv)
{
	bench_opts o = {.reps = 3, .seconds = 1.0, .rows = 10000, .big_rows = 1000000,
			.w2_rows = 10000};
	bench_db pg = {BENCH_PG, NULL, NULL, false, false}, pg_big = pg, sq = {BENCH_SQLITE, NULL, NULL, false, false},
		 sq_big = sq;
	const char *ddl_pg = NULL, *ddl_sq = NULL, *csv = NULL;
	bool sizes_set[4] = {false};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--pg") == 0)
			pg.url = arg_value(argc, argv, &i);
		else if (strcmp(a, "--pg-big") == 0)
			pg_big.url = arg_value(argc, argv, &i);
		else if (strcmp(a, "--sqlite") == 0)
			sq.path = arg_value(argc, argv, &i);
		else if (strcmp(a, "--sqlite-big") == 0)
			sq_big.path = arg_value(argc, argv, &i);
		else if (strcmp(a, "--ddl-pg") == 0)
			ddl_pg = arg_value(argc, argv, &i);
		else if (strcmp(a, "--ddl-sqlite") == 0)
			ddl_sq = arg_value(argc, argv, &i);
		else if (strcmp(a, "--quick") == 0)
			o.quick = true;
		else if (strcmp(a, "--reps") == 0)
			o.reps = atoi(arg_value(argc, argv, &i));
		else if (strcmp(a, "--seconds") == 0)
			o.seconds = atof(arg_value(argc, argv, &i)), sizes_set[0] = true;
		else if (strcmp(a, "--rows") == 0)
			o.rows = atoll(arg_value(argc, argv, &i)), sizes_set[1] = true;
		else if (strcmp(a, "--big-rows") == 0)
			o.big_rows = atoll(arg_value(argc, argv, &i)), sizes_set[2] = true;
		else if (strcmp(a, "--w2-rows") == 0)
			o.w2_rows = atoi(arg_value(argc, argv, &i)), sizes_set[3] = true;
		else if (strcmp(a, "--w10-seconds") == 0)
			o.w10_seconds = atof(arg_value(argc, argv, &i));
		else if (strcmp(a, "--w10-pool") == 0)
			o.w10_pool = atoi(arg_value(argc, argv, &i));
		else if (strcmp(a, "--w10-impl") == 0)
			o.w10_impl = arg_value(argc, argv, &i);
		else if (strcmp(a, "--w10-reps") == 0)
			o.w10_reps = atoi(arg_value(argc, argv, &i));
		else if (strcmp(a, "--only") == 0)
			o.only = arg_value(argc, argv, &i);
		else if (strcmp(a, "--csv") == 0)
			csv = arg_value(argc, argv, &i);
		else if (strcmp(a, "--pgbouncer") == 0)
			pg.pgbouncer = pg_big.pgbouncer = true;
		else
			bench_die("unknown option %s (see the comment at the top of main.c)", a);
	}
	if (o.quick) {
		if (!sizes_set[0])
			o.seconds = 0.05;
		if (!sizes_set[1])
			o.rows = 2000;
		if (!sizes_set[2])
			o.big_rows = 20000;
		if (!sizes_set[3])
			o.w2_rows = 500;
	}
	if (o.reps < 1 || o.seconds <= 0 || o.rows < 2 * BENCH_PAGE || o.w2_rows < 1)
		bench_die("bad sizes");
	if (csv) {
		if (!(o.csv = fopen(csv, "w")))
			bench_die("cannot write %s: %s", csv, strerror(errno));
		fprintf(o.csv, "db,workload,title,impl,rep,per_second,cpu_us_per_op\n");
	}
	char sq_url[4096], sq_big_url[4096];
	if (pg.url) {
		if (!ddl_pg)
			bench_die("--pg needs --ddl-pg");
		run_db(&o, &pg, pg_big.url ? &pg_big : NULL, ddl_pg);
	}
	if (sq.path) {
		if (!ddl_sq)
			bench_die("--sqlite needs --ddl-sqlite");
		snprintf(sq_url, sizeof sq_url, "sqlite:%s", sq.path);
		sq.url = sq_url;
		if (sq_big.path) {
			snprintf(sq_big_url, sizeof sq_big_url, "sqlite:%s", sq_big.path);
			sq_big.url = sq_big_url;
		}
		run_db(&o, &sq, sq_big.path ? &sq_big : NULL, ddl_sq);
	}
	if (o.csv)
		fclose(o.csv);
	return 0;
}

/* The operations of the loop (--op): W3 get, W4 keyset page, W6 versioned
 * update, W8 filtered list, W12 typed query, W11 get_many of 16 keys. */
typedef enum {
	OP_GET, OP_KEYSET, OP_UPDATE, OP_LIST, OP_QUERY, OP_MANY,
	OP_INSERT, OP_INSERT_MANY, OP_OFFSET, OP_POOL, OP_CHILDREN, OP_MIXED
} loop_kind;
static const char *const loop_ops[] = {"get", "keyset", "update", "list", "query", "many",
				       "insert", "insert-many", "offset", "pool", "children",
				       "mixed"};

/* W2 in the loop: rows per insert_many call (one operation; instructions
 * per row are the count divided by ops x this). */
#define LOOP_INSERT_BATCH 1000

/* W6's rows: a few keys whose versions the warm-up finds out. */
#define LOOP_UPDATE_KEYS 64
typedef struct loop_state {
	loop_kind op;
	int64_t rows;
	int64_t next_new;                   /* W1, W2: number of the next new lead */
	void *pool;                         /* W7, W10: a pool of 2 */
	bool restart;                       /* W4: the walk starts over */
	int32_t versions[LOOP_UPDATE_KEYS]; /* W6: lead k+1's version */
} loop_state;

static int loop_op(const bench_impl *im, void *s, loop_state *ls, bench_rng *rng)
{
	int n = 0;
	switch (ls->op) {
	case OP_KEYSET: {
		int rc = im->keyset_page(s, ls->restart, &n);
		ls->restart = n == 0; /* the end: start over */
		return rc;
	}
	case OP_UPDATE: {
		int64_t k = bench_rand_range(rng, 0, LOOP_UPDATE_KEYS - 1);
		return im->update_versioned(s, k + 1, (int32_t)bench_rand_range(rng, 0, 100), &ls->versions[k]);
	}
	case OP_LIST:
	case OP_QUERY: {
		int status = (int)bench_rand_range(rng, 0, BENCH_STATUS_COUNT - 1);
		int32_t min = (int32_t)bench_rand_range(rng, 0, 60);
		return ls->op == OP_LIST ? im->list_filtered(s, status, min, &n) : im->typed_query(s, status, min, &n);
	}
	case OP_MANY: { /* W11 */
		int64_t ids[BENCH_GET_MANY], sum = 0;
		for (int k = 0; k < BENCH_GET_MANY; k++)
			ids[k] = bench_rand_range(rng, 1, ls->rows);
		return im->get_many(s, ids, BENCH_GET_MANY, &sum);
	}
	case OP_INSERT: { /* W1 */
		int64_t id;
		return im->insert_one(s, ls->next_new++, &id);
	}
	case OP_INSERT_MANY: /* W2: one transaction of LOOP_INSERT_BATCH rows */
		ls->next_new += LOOP_INSERT_BATCH;
		return im->insert_many(s, ls->next_new - LOOP_INSERT_BATCH, LOOP_INSERT_BATCH);
	case OP_OFFSET: /* W5 */
		return im->offset_page(s, bench_rand_range(rng, 0, ls->rows - BENCH_PAGE), &n);
	case OP_POOL: { /* W7: acquire, get, release, from one thread */
		int64_t acq;
		return im->pool_get(ls->pool, bench_rand_range(rng, 1, ls->rows), &acq);
	}
	case OP_CHILDREN: { /* W9 */
		int64_t parents[BENCH_BATCH_PARENTS], stride = ls->rows / BENCH_BATCH_PARENTS;
		int64_t start = bench_rand_range(rng, 0, ls->rows - 1);
		for (int k = 0; k < BENCH_BATCH_PARENTS; k++)
			parents[k] = 1 + (start + k * stride) % ls->rows;
		return im->children_batch(s, parents, BENCH_BATCH_PARENTS, &n);
	}
	case OP_MIXED: { /* W10's mix, from one thread */
		int r = (int)bench_rand_range(rng, 0, 99);
		bench_pool_times t;
		return im->pool_mixed(ls->pool, r < 50 ? 0 : r < 70 ? 1 : r < 90 ? 2 : 3,
				      bench_rand_range(rng, 1, ls->rows), &t);
	}
	case OP_GET:
		break;
	}
	int32_t score;
	return im->get(s, bench_rand_range(rng, 1, ls->rows), &score);
}

/* W6: the current version of each key (whatever earlier runs left): the
 * first version that updates without a conflict. */
static void loop_find_versions(const bench_impl *im, void *s, loop_state *ls)
{
	for (int k = 0; k < LOOP_UPDATE_KEYS; k++) {
		int rc = 1;
		for (int32_t v = 1; rc == 1 && v < 100000; v++) {
			ls->versions[k] = v;
			rc = im->update_versioned(s, k + 1, 1, &ls->versions[k]);
		}
		if (rc != 0)
			bench_die("w3-loop: no version of lead %d updates", k + 1);
	}
}

/* Warm up, then K operations of one kind (--op, W3 get by default) with
 * callgrind instrumentation on only around them: the instruction count of
 * the output file divided by K is the client-side cost of one. */
static int cmd_w3_loop(int argc, char **argv)
{
	bench_db db = {0};
	const char *impl = "hand";
	int64_t ops = 1000, rows = 0;
	loop_state ls = {OP_GET, 0, 2000000000, NULL, true, {0}};
	bool no_reset = false;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--pg") == 0)
			db = (bench_db){BENCH_PG, arg_value(argc, argv, &i), NULL, false, false};
		else if (strcmp(argv[i], "--sqlite") == 0) {
			static char url[4096];
			db = (bench_db){BENCH_SQLITE, url, arg_value(argc, argv, &i), false, false};
			snprintf(url, sizeof url, "sqlite:%s", db.path);
		} else if (strcmp(argv[i], "--impl") == 0)
			impl = arg_value(argc, argv, &i);
		else if (strcmp(argv[i], "--no-reset") == 0) /* pools with reset_session = false */
			no_reset = true;
		else if (strcmp(argv[i], "--ops") == 0)
			ops = atoll(arg_value(argc, argv, &i));
		else if (strcmp(argv[i], "--rows") == 0)
			rows = atoll(arg_value(argc, argv, &i));
		else if (strcmp(argv[i], "--op") == 0) {
			const char *op = arg_value(argc, argv, &i);
			size_t k = 0;
			while (k < sizeof loop_ops / sizeof loop_ops[0] && strcmp(op, loop_ops[k]) != 0)
				k++;
			if (k == sizeof loop_ops / sizeof loop_ops[0])
				bench_die("w3-loop: --op get, keyset, update, list, query, many, insert, "
					  "insert-many, offset, pool, children or mixed, not %s", op);
			ls.op = (loop_kind)k;
		} else
			bench_die("w3-loop: unknown option %s", argv[i]);
	}
	if (!db.url || rows < 1 || ops < 1)
		bench_die("w3-loop: needs --pg URL or --sqlite PATH, --rows N, --ops K");
	db.no_reset = no_reset;
	const bench_impl *im = NULL;
	bench_impl variant;
	const bench_impl *hand = db.dialect == BENCH_PG ? &bench_hand_pg : &bench_hand_sqlite;
	if (strcmp(impl, "hand") == 0)
		im = hand;
	else if (strcmp(impl, "hand-copy") == 0 && hand->insert_copy) /* W2's limit */
		variant = *hand, variant.insert_many = hand->insert_copy, im = &variant;
	else if (strcmp(impl, "hand-n+1") == 0) /* W9: one query per parent */
		variant = *hand, variant.children_batch = hand->children_n1, im = &variant;
	else if (strcmp(impl, "runtime") == 0)
		im = db.dialect == BENCH_PG ? &bench_runtime_pg : &bench_runtime_sqlite;
	else if (strcmp(impl, "generated") == 0)
		im = bench_generated(db.dialect);
	if (!im)
		bench_die("w3-loop: no implementation '%s'", impl);
	void *s = im->open(&db);
	if (!s)
		bench_die("w3-loop: open failed");
	ls.rows = rows;
	if (ls.op == OP_POOL || ls.op == OP_MIXED) {
		bool has = ls.op == OP_POOL ? im->pool_get != NULL : im->pool_mixed != NULL;
		if (!has || !(ls.pool = im->pool_open(&db, 2)))
			bench_die("w3-loop: no pool for '%s'", impl);
	}
	if (ls.op == OP_UPDATE)
		loop_find_versions(im, s, &ls);
	bench_rng rng = {42};
	int warm = ls.op == OP_INSERT_MANY ? 5 : 100; /* W2: 1,000 rows each */
	for (int k = 0; k < warm; k++)
		if (loop_op(im, s, &ls, &rng) != 0)
			bench_die("w3-loop: operation failed");
	rng.s = 42;
	CALLGRIND_START_INSTRUMENTATION;
	for (int64_t k = 0; k < ops; k++)
		if (loop_op(im, s, &ls, &rng) != 0)
			bench_die("w3-loop: operation failed");
	CALLGRIND_STOP_INSTRUMENTATION;
	if (ls.pool)
		im->pool_close(ls.pool);
	if (ls.next_new > 2000000000) { /* W1, W2: the rows added go again */
		char sql[128];
		snprintf(sql, sizeof sql, "DELETE FROM \"leads\" WHERE \"id\" > %lld", (long long)rows);
		bench_admin_exec(&db, sql);
	}
	im->close(s);
#ifndef HAVE_CALLGRIND
	fprintf(stderr, "w3-loop: built without valgrind/callgrind.h: counts include setup\n");
#endif
	return 0;
}

/* Time and peak memory of a child process. */
static int cmd_exec(int argc, char **argv)
{
	if (argc < 1)
		bench_die("exec: no command");
	int64_t t0 = bench_now_ns();
	pid_t pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		bench_die("wait4: %s", strerror(errno));
	double wall = (double)(bench_now_ns() - t0) / 1e9;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%.3f %ld %d\n", wall, ru.ru_maxrss, code);
	return 0;
}

int bench_synth(int n); /* synth.c */

int main(int argc, char **argv)
{
	if (argc < 2)
		bench_die("usage: schemac_bench run|w3-loop|exec|synth ... (see bench/README.md)");
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	if (strcmp(argv[1], "w3-loop") == 0)
		return cmd_w3_loop(argc - 2, argv + 2);
	if (strcmp(argv[1], "exec") == 0)
		return cmd_exec(argc - 2, argv + 2);
	if (strcmp(argv[1], "synth") == 0 && argc == 3)
		return bench_synth(atoi(argv[2]));
	bench_die("unknown command %s", argv[1]);
}
