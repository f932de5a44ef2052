/*
 * Pool micro-benchmark: sc_pool_acquire + sc_pool_release with no query in
 * between, from 1 thread (uncontended) and from 8 threads sharing 4
 * connections. Reports ns per acquire+release pair (wall time divided by
 * the pairs done by all threads), median of the repetitions.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <schemac/schemac.h>
#include <stdio.h>
#include <stdlib.h>

#include "workloads.h"

typedef struct pb_thread {
	sc_pool *pool;
	int64_t deadline, pairs;
	int failed;
} pb_thread;

static void *pb_main(void *arg)
{
	pb_thread *t = arg;
	do {
		for (int k = 0; k < 64; k++) {
			sc_conn *c;
			if (sc_pool_acquire(t->pool, &c) != SC_OK) {
				t->failed = 1;
				return NULL;
			}
			sc_pool_release(c);
		}
		t->pairs += 64;
	} while (bench_now_ns() < t->deadline);
	return NULL;
}

static double pb_run(const bench_db *db, int threads, int conns, double seconds)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = db->url;
	cfg.name = "poolbench";
	cfg.min_conns = conns;
	cfg.max_conns = conns;
	cfg.acquire_timeout_ms = 60000;
	sc_pool *pool;
	if (sc_pool_open(&pool, &cfg) != SC_OK)
		bench_die("pool bench: open failed: %s", sc_error_last()->message);
	pb_thread th[16];
	pthread_t tid[16];
	int64_t t0 = bench_now_ns();
	for (int k = 0; k < threads; k++) {
		th[k] = (pb_thread){pool, t0 + (int64_t)(seconds * 1e9), 0, 0};
		pthread_create(&tid[k], NULL, pb_main, &th[k]);
	}
	int64_t pairs = 0;
	for (int k = 0; k < threads; k++) {
		pthread_join(tid[k], NULL);
		if (th[k].failed)
			bench_die("pool bench: acquire failed");
		pairs += th[k].pairs;
	}
	int64_t wall = bench_now_ns() - t0;
	sc_pool_close(pool);
	return (double)wall / (double)pairs;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void bench_pool_micro(const bench_db *db, const bench_opts *o)
{
	static const struct {
		int threads, conns;
		const char *label;
	} cases[] = {{1, 4, "uncontended: 1 thread, 4 connections"},
		     {8, 4, "8 threads over 4 connections"}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double v[50];
		int reps = o->reps < 50 ? o->reps : 50;
		for (int r = 0; r < reps; r++)
			v[r] = pb_run(db, cases[i].threads, cases[i].conns, o->seconds);
		qsort(v, (size_t)reps, sizeof v[0], cmp);
		printf("%-58s %-10s %12.0f ns per acquire+release (min %.0f, max %.0f)\n",
		       cases[i].label, "runtime", v[reps / 2], v[0], v[reps - 1]);
		if (o->csv)
			fprintf(o->csv, "%s,pool,\"%s\",runtime,0,%.1f,0\n",
				db->dialect == BENCH_PG ? "postgres" : "sqlite", cases[i].label,
				v[reps / 2]);
	}
	fflush(stdout);
}
