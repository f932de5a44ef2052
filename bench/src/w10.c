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
	int failed;
} w10_thread;

static void *w10_main(void *arg)
{
	w10_thread *t = arg;
	bench_rng rng = {t->seed};
	for (int64_t now = bench_now_ns(); now < t->deadline;) {
		int r = (int)bench_rand_range(&rng, 0, 99);
		int kind = r < 50 ? 0 : r < 70 ? 1 : r < 90 ? 2 : 3;
		int64_t acq, t0 = now;
		if (t->im->pool_mixed(t->pool, kind, bench_rand_range(&rng, 1, t->rows), &acq) != 0) {
			t->failed = 1;
			break;
		}
		now = bench_now_ns();
		lat_add(&t->op, now - t0);
		lat_add(&t->acq, acq);
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

void bench_w10(const bench_db *db, const bench_opts *o, const bench_impl *im, int64_t rows)
{
	int threads = o->quick ? 16 : 100;
	double seconds = o->quick ? 1.0 : 60.0;
	int pools[2] = {o->quick ? 4 : 20, o->quick ? 16 : 100};
	printf("W10 sustained load, %s implementation, %d client threads, %.0f s each\n", im->name,
	       threads, seconds);
	printf("%-10s %10s %10s %9s %9s %9s %13s %13s\n", "pool size", "ops/s", "queries/s", "p50 ms",
	       "p95 ms", "p99 ms", "acquire avg", "acquire p95");
	w10_thread *th = calloc((size_t)threads, sizeof *th);
	pthread_t *tid = calloc((size_t)threads, sizeof *tid);
	if (!th || !tid)
		bench_die("out of memory");
	for (int p = 0; p < 2; p++) {
		void *pool = im->pool_open(db, pools[p]);
		if (!pool)
			bench_die("W10: pool open failed");
		int64_t t0 = bench_now_ns();
		for (int k = 0; k < threads; k++) {
			th[k] = (w10_thread){im, pool, rows, t0 + (int64_t)(seconds * 1e9),
					     0x9E3779B97F4A7C15u * (uint64_t)(k + 1 + p * 1000),
					     {0}, {0}, 0};
			pthread_create(&tid[k], NULL, w10_main, &th[k]);
		}
		lat op = {0}, acq = {0};
		for (int k = 0; k < threads; k++) {
			pthread_join(tid[k], NULL);
			if (th[k].failed)
				bench_die("W10: an operation failed");
			merge(&op, &th[k].op);
			merge(&acq, &th[k].acq);
			free(th[k].op.v);
			free(th[k].acq.v);
		}
		double wall = (double)(bench_now_ns() - t0) / 1e9;
		double queries = im->pool_queries ? (double)im->pool_queries(pool) / wall : 0;
		im->pool_close(pool);
		qsort(op.v, op.n, sizeof *op.v, cmp64);
		qsort(acq.v, acq.n, sizeof *acq.v, cmp64);
		double acq_sum = 0;
		for (size_t i = 0; i < acq.n; i++)
			acq_sum += (double)acq.v[i];
		double acq_avg = acq.n ? acq_sum / (double)acq.n / 1e6 : 0;
		printf("%-10d %10.0f %10.0f %9.2f %9.2f %9.2f %10.3f ms %10.3f ms\n", pools[p],
		       (double)op.n / wall, queries, pct_ms(&op, 0.50), pct_ms(&op, 0.95), pct_ms(&op, 0.99),
		       acq_avg, pct_ms(&acq, 0.95));
		if (o->csv)
			fprintf(o->csv, "postgres,W10,\"pool %d\",%s,0,%.1f,%.3f\n", pools[p], im->name,
				(double)op.n / wall, acq_avg);
		free(op.v);
		free(acq.v);
	}
	free(th);
	free(tid);
	fflush(stdout);
}
