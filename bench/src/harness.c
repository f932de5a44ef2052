/*
 * Timing: each measurement runs one workload with one implementation for
 * a time budget (at least one operation), counting operations, wall time
 * and the process's CPU time (getrusage: user + system, all threads).
 * Implementations are interleaved and their order alternates between
 * repetitions, so drift of the machine hits every side alike. The table
 * shows medians, the spread (min..max around the median) and the ratio to
 * the hand-written implementation.
 */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

#include <pthread.h>
#include <schemac/schemac.h>
#include <stdlib.h>
#include <string.h>

bool bench_selected(const bench_opts *o, const char *id)
{
	if (!o->only)
		return true;
	size_t n = strlen(id);
	for (const char *p = o->only; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && strncmp(p, id, n) == 0)
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

void bench_admin_exec(const bench_db *db, const char *sql)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = db->url;
	cfg.connect_retry_ms = 0;
	cfg.slow_query_ms = 0;
	cfg.prepared_statements = !db->pgbouncer;
	sc_conn *c = NULL;
	sc_status st = sc_conn_open(&c, &cfg);
	if (st == SC_OK)
		st = sc_conn_exec(c, sql);
	if (st != SC_OK)
		bench_die("admin SQL failed (%s): %s\n  %s", sc_status_name(st),
			  c ? sc_conn_error(c)->message : sc_error_last()->message, sql);
	sc_conn_close(c);
}

typedef struct pool_thread {
	const bench_impl *im;
	void *pool;
	int64_t rows, deadline_ns, ops;
	uint64_t seed;
	int failed;
} pool_thread;

static void *pool_thread_main(void *arg)
{
	pool_thread *t = arg;
	bench_rng rng = {t->seed};
	while (bench_now_ns() < t->deadline_ns || t->ops == 0) {
		int64_t acq;
		if (t->im->pool_get(t->pool, bench_rand_range(&rng, 1, t->rows), &acq) != 0) {
			t->failed = 1;
			break;
		}
		t->ops++;
	}
	return NULL;
}

static bench_sample measure_pooled(bench_ctx *c, const bench_workload *w, const bench_impl *im)
{
	void *pool = im->pool_open(c->db, w->threads);
	if (!pool)
		bench_die("%s %s: pool open failed", w->id, im->name);
	pool_thread th[64];
	pthread_t tid[64];
	int n = w->threads;
	/* warm-up: every connection prepares its statement */
	for (int k = 0; k < n; k++) {
		int64_t acq;
		if (im->pool_get(pool, 1 + k % c->rows, &acq) != 0)
			bench_die("%s %s failed", w->id, im->name);
	}
	int64_t t0 = bench_now_ns(), cpu0 = bench_cpu_ns();
	for (int k = 0; k < n; k++) {
		th[k] = (pool_thread){im, pool, c->rows, t0 + (int64_t)(c->o->seconds * 1e9), 0,
				      bench_rand(&c->rng), 0};
		pthread_create(&tid[k], NULL, pool_thread_main, &th[k]);
	}
	int64_t ops = 0;
	for (int k = 0; k < n; k++) {
		pthread_join(tid[k], NULL);
		if (th[k].failed)
			bench_die("%s %s failed", w->id, im->name);
		ops += th[k].ops;
	}
	int64_t wall = bench_now_ns() - t0, cpu = bench_cpu_ns() - cpu0;
	im->pool_close(pool);
	return (bench_sample){ops / (wall / 1e9), cpu / 1e3 / (double)ops};
}

static bench_sample measure_one(bench_ctx *c, const bench_workload *w, const bench_impl *im)
{
	if (w->pooled)
		return measure_pooled(c, w, im);
	void *s = im->open(c->db);
	if (!s)
		bench_die("%s: %s open failed", w->id, im->name);
	int64_t units = 0, warm = 0;
	/* warm-up: statements prepared, caches filled; not counted */
	for (int k = 0; k < 3; k++)
		if (w->op(c, im, s, &warm) != 0)
			bench_die("%s %s failed", w->id, im->name);
	int64_t budget = (int64_t)(c->o->seconds * 1e9);
	int64_t t0 = bench_now_ns(), cpu0 = bench_cpu_ns(), now = t0;
	while (now - t0 < budget || units == 0) {
		int64_t u = 0;
		if (w->op(c, im, s, &u) != 0)
			bench_die("%s %s failed", w->id, im->name);
		units += u;
		now = bench_now_ns();
	}
	int64_t cpu = bench_cpu_ns() - cpu0;
	im->close(s);
	return (bench_sample){units / ((now - t0) / 1e9), cpu / 1e3 / (double)units};
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void bench_print_header(const char *title)
{
	printf("\n%s\n", title);
	printf("%-58s %-10s %12s %15s %11s %9s %9s\n", "workload", "impl", "per second", "spread",
	       "cpu us/op", "/hand", "cpu/hand");
}

/* The rows a write workload added are removed after each measurement so
 * every implementation starts from the same table. */
static void cleanup_writes(bench_ctx *c)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM \"leads\" WHERE \"id\" > %lld", (long long)c->rows);
	bench_admin_exec(c->db, sql);
}

typedef void (*generic_fn)(void);

void bench_measure_workload(bench_ctx *c, const bench_workload *w, const bench_impl *const *impls,
			    int nimpls)
{
	enum { MAX_IMPLS = 8, MAX_REPS = 50 };
	const bench_impl *use[MAX_IMPLS];
	int n = 0;
	for (int i = 0; i < nimpls && n < MAX_IMPLS; i++)
		if (impls[i] && *(const generic_fn *)((const char *)impls[i] + w->impl_fn_offset))
			use[n++] = impls[i];
	if (n == 0)
		return;
	int reps = c->o->reps < MAX_REPS ? c->o->reps : MAX_REPS;
	double ops[MAX_IMPLS][MAX_REPS], cpu[MAX_IMPLS][MAX_REPS];
	for (int r = 0; r < reps; r++) {
		for (int k = 0; k < n; k++) {
			int i = r % 2 ? n - 1 - k : k; /* alternate the order */
			bench_sample s = measure_one(c, w, use[i]);
			ops[i][r] = s.ops_per_s;
			cpu[i][r] = s.cpu_us_per_op;
			if (w->writes)
				cleanup_writes(c);
			if (c->o->csv)
				fprintf(c->o->csv, "%s,%s,\"%s\",%s,%d,%.3f,%.3f\n",
					c->db->dialect == BENCH_PG ? "postgres" : "sqlite", w->id,
					w->title, use[i]->name, r + 1, s.ops_per_s, s.cpu_us_per_op);
		}
	}
	double hand_ops = 0, hand_cpu = 0;
	char label[96];
	snprintf(label, sizeof label, "%s %s (%s/s)", w->id, w->title, w->unit);
	for (int i = 0; i < n; i++) {
		double lo = ops[i][0], hi = ops[i][0];
		for (int r = 1; r < reps; r++) {
			lo = ops[i][r] < lo ? ops[i][r] : lo;
			hi = ops[i][r] > hi ? ops[i][r] : hi;
		}
		double m = median(ops[i], reps), mc = median(cpu[i], reps);
		if (strcmp(use[i]->name, "hand") == 0 && hand_ops == 0) {
			hand_ops = m;
			hand_cpu = mc;
		}
		char spread[32], ratio[16] = "", cratio[16] = "";
		snprintf(spread, sizeof spread, "-%.0f%% +%.0f%%", m > 0 ? 100 * (m - lo) / m : 0,
			 m > 0 ? 100 * (hi - m) / m : 0);
		if (hand_ops > 0 && strcmp(use[i]->name, "hand") != 0) {
			snprintf(ratio, sizeof ratio, "%.2f", m / hand_ops);
			snprintf(cratio, sizeof cratio, "%.2f", mc / hand_cpu);
		}
		printf("%-58.58s %-10s %12.0f %15s %11.1f %9s %9s\n", i == 0 ? label : "",
		       use[i]->name, m, spread, mc, ratio, cratio);
	}
	fflush(stdout);
}
