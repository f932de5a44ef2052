/* Measurement, statistics and the results table. */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stdio.h>

#include "bench.h"

/* Settings of one run (from the command line). */
typedef struct bench_opts {
	bool quick;
	int reps;           /* repetitions per (workload, implementation) */
	double seconds;     /* time budget of one measurement */
	int64_t rows;       /* leads in the main data set */
	int64_t big_rows;   /* leads in the W5 large data set (0: skip) */
	int w2_rows;        /* rows per W2 transaction */
	double w10_seconds; /* W10: seconds per measurement (0: default) */
	int w10_reps;       /* W10: repetitions (0: default, 1) */
	int w10_pool;       /* W10: only this pool size (0: 20 and 100) */
	const char *w10_impl; /* W10: only this implementation (NULL: all) */
	const char *only;   /* comma-separated workload ids, or NULL */
	FILE *csv;          /* every measurement, or NULL */
} bench_opts;

/* Context an operation runs in. */
typedef struct bench_ctx {
	const bench_opts *o;
	const bench_db *db;
	int64_t rows;       /* leads present (ids 1..rows) */
	bench_rng rng;
	int32_t *versions;  /* W6: current version of each lead, index id */
	int64_t next_new;   /* W1/W2: number of the next new lead */
} bench_ctx;

/* One operation of a workload; returns 0 or -1. `units` gets how many
 * units (rows, pages, ...) the call did, normally 1. */
typedef int (*bench_op_fn)(bench_ctx *c, const bench_impl *im, void *s, int64_t *units);

typedef struct bench_workload {
	const char *id;     /* "W3" */
	const char *title;  /* "get by primary key, random keys" */
	const char *unit;   /* what ops/s counts: "op", "row", "page" */
	bench_op_fn op;
	bool writes;        /* remove the rows it added after each measurement */
	bool pooled;        /* W7: threads through the pool */
	int threads;
	/* Which implementation function it needs (to skip impls without it). */
	size_t impl_fn_offset;
} bench_workload;

typedef struct bench_sample {
	double ops_per_s;
	double cpu_us_per_op;
} bench_sample;

/* Measure `w` for every implementation in impls (interleaved, opts->reps
 * times, alternating the order) and print its rows of the table. */
void bench_measure_workload(bench_ctx *c, const bench_workload *w, const bench_impl *const *impls,
			    int nimpls);
void bench_print_header(const char *title);
bool bench_selected(const bench_opts *o, const char *id);

/* Admin SQL on the database (setup and cleanup, never timed). */
void bench_admin_exec(const bench_db *db, const char *sql);

#endif
