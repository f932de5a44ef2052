/*
 * W10 sustained load (PostgreSQL): many client threads run a CRUD mix over
 * one pool for a fixed time: 50% get by key, 20% filtered list, 20% read +
 * versioned update, 10% insert of a note. Reports throughput, operation
 * latency percentiles (acquire included) and pool acquire time (mean, p95),
 * for a pool of 20 and then of 100 connections.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workloads.h"

typedef struct lat {
	int64_t *v;
	size_t n, cap;
} lat;

static void lat_add(lat *l, int64_t x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4096;
		if (!(l->v = realloc(l->v, l->cap * sizeof *l->v)))
			bench_die("out of memory");
	}
	l->v[l->n++] = x;
}

typedef struct w10_thread {
	const bench_impl *im;
	void *pool;
	int64_t rows, deadline;
	uint64_t seed;
	lat op, acq;
	int64_t hold_ns, release_ns; /* sums: connection held (op - acquire), release call */
	int failed;
} w10_thread;

static void *w10_main(void *arg)
{
	w10_thread *t = arg;
	bench_rng rng = {t->seed};
	for (int64_t now = bench_now_ns(); now < t->deadline;) {
		int r = (int)bench_rand_range(&rng, 0, 99);
		int kind = r < 50 ? 0 : r < 70 ? 1 : r < 90 ? 2 : 3;
		int64_t t0 = now;
		bench_pool_times pt = {0, 0};
		if (t->im->pool_mixed(t->pool, kind, bench_rand_range(&rng, 1, t->rows), &pt) != 0) {
			t->failed = 1;
			break;
		}
		now = bench_now_ns();
		lat_add(&t->op, now - t0);
		lat_add(&t->acq, pt.acquire_ns);
		t->hold_ns += now - t0 - pt.acquire_ns;
		t->release_ns += pt.release_ns;
	}
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static double pct_ms(const lat *l, double p)
{
	if (l->n == 0)
		return 0;
	size_t i = (size_t)(p * (double)(l->n - 1));
	return (double)l->v[i] / 1e6;
}

static void merge(lat *into, const lat *from)
{
	for (size_t i = 0; i < from->n; i++)
		lat_add(into, from->v[i]);
}

/* One measurement: `threads` threads over a pool of `size` for `seconds`. */
static void w10_one(const bench_db *db, const bench_opts *o, const bench_impl *im, const char *label,
		    int64_t rows, int threads, int size, double seconds, int rep, w10_thread *th, pthread_t *tid)
{
	void *pool = im->pool_open(db, size);
	if (!pool)
		bench_die("W10: pool open failed");
	int64_t t0 = bench_now_ns(), cpu0 = bench_cpu_ns();
	for (int k = 0; k < threads; k++) {
		th[k] = (w10_thread){im, pool, rows, t0 + (int64_t)(seconds * 1e9),
				     0x9E3779B97F4A7C15u * (uint64_t)(k + 1 + size * 1000 + rep * 7919),
				     {0}, {0}, 0, 0, 0};
		pthread_create(&tid[k], NULL, w10_main, &th[k]);
	}
	lat op = {0}, acq = {0};
	int64_t hold = 0, rel = 0;
	for (int k = 0; k < threads; k++) {
		pthread_join(tid[k], NULL);
		if (th[k].failed)
			bench_die("W10: an operation failed");
		merge(&op, &th[k].op);
		merge(&acq, &th[k].acq);
		hold += th[k].hold_ns;
		rel += th[k].release_ns;
		free(th[k].op.v);
		free(th[k].acq.v);
	}
	double wall = (double)(bench_now_ns() - t0) / 1e9;
	double cpu_us = (double)(bench_cpu_ns() - cpu0) / 1e3;
	double queries = im->pool_queries ? (double)im->pool_queries(pool) / wall : 0;
	im->pool_close(pool);
	qsort(op.v, op.n, sizeof *op.v, cmp64);
	qsort(acq.v, acq.n, sizeof *acq.v, cmp64);
	double acq_sum = 0;
	for (size_t i = 0; i < acq.n; i++)
		acq_sum += (double)acq.v[i];
	double n = op.n ? (double)op.n : 1;
	double acq_avg = acq_sum / n / 1e6, hold_ms = (double)hold / n / 1e6, rel_ms = (double)rel / n / 1e6;
	double x = (double)op.n / wall;
	/* A closed system of `threads` clients and `size` servers that are never
	 * idle serves size / hold ops/s, and each client waits
	 * (threads / size - 1) x hold for a server: queueing alone. The pool's
	 * own part is what the acquire time exceeds that by (hand-off gaps),
	 * plus what of the hold time is the pool's (the release call). */
	double model = threads > size ? ((double)threads / size - 1) * hold_ms : 0;
	char q[16] = "-";
	if (queries > 0)
		snprintf(q, sizeof q, "%.0f", queries);
	printf("%-5d %-13s %7.0f %7s %6.2f %6.2f %6.2f %8.3f %8.3f %8.3f %8.3f %8.3f %5.2f %7.1f\n", size,
	       label, x, q, pct_ms(&op, 0.50), pct_ms(&op, 0.95), pct_ms(&op, 0.99), acq_avg,
	       pct_ms(&acq, 0.95), model, hold_ms, rel_ms, x * hold_ms / 1e3 / size, cpu_us / n);
	if (o->csv)
		fprintf(o->csv, "postgres,W10,\"pool %d\",%s,%d,%.1f,%.3f\n", size, label, rep, x, acq_avg);
	free(op.v);
	free(acq.v);
	fflush(stdout);
}

void bench_w10(const bench_db *db, const bench_opts *o, const bench_impl *const *impls, int nimpls,
	       int64_t rows)
{
	int threads = o->quick ? 16 : 100;
	double seconds = o->w10_seconds > 0 ? o->w10_seconds : o->quick ? 1.0 : 30.0;
	int reps = o->quick ? 1 : o->w10_reps > 0 ? o->w10_reps : 1;
	int pools[2] = {o->quick ? 4 : 20, o->quick ? 16 : 100};
	printf("W10 sustained load, %d client threads, %.0f s per measurement, %d repetition(s)\n", threads,
	       seconds, reps);
	printf("(ms; acq model: (threads/pool - 1) x hold, the wait queueing alone explains; hold: op -"
	       " acquire; util: ops/s x hold / pool; cpu: client us/op)\n");
	printf("%-5s %-13s %7s %7s %6s %6s %6s %8s %8s %8s %8s %8s %5s %7s\n", "pool", "impl", "ops/s",
	       "q/s", "p50", "p95", "p99", "acq avg", "acq p95", "acq mdl", "hold", "release", "util",
	       "cpu");
	w10_thread *th = calloc((size_t)threads, sizeof *th);
	pthread_t *tid = calloc((size_t)threads, sizeof *tid);
	if (!th || !tid)
		bench_die("out of memory");
	/* Runs: each implementation, then the runtime's (not the hand-written
	 * pool's) once more with reset_session = false: the session reset's
	 * share of the load. */
	bench_db noreset = *db;
	noreset.no_reset = true;
	int nruns = db->pgbouncer ? nimpls : nimpls + 1;
	for (int p = 0; p < 2; p++)
		for (int r = 0; r < reps && (o->w10_pool <= 0 || o->w10_pool == pools[p]); r++)
			for (int i = 0; i < nruns; i++) {
				/* alternate the order between repetitions */
				int k = r % 2 ? nruns - 1 - i : i;
				const bench_impl *im = impls[k < nimpls ? k : 0];
				const char *label = k < nimpls ? im->name : "gen-no-reset";
				if (o->w10_impl && strcmp(o->w10_impl, label) != 0)
					continue;
				w10_one(k < nimpls ? db : &noreset, o, im, label, rows, threads, pools[p], seconds, r,
					th, tid);
			}
	free(th);
	free(tid);
}
