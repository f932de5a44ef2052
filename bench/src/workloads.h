/* The workload table (workloads.c) and the data set it expects. */
#ifndef BENCH_WORKLOADS_H
#define BENCH_WORKLOADS_H

#include "harness.h"

/* Notes loaded per lead (W9 checks the count). */
#define BENCH_NOTES_PER_LEAD 3

#define BENCH_MAX_WORKLOADS 16
extern const bench_workload bench_workloads[];
extern const int bench_nworkloads;

/* Create and fill the tables: `rows` leads with BENCH_NOTES_PER_LEAD notes
 * each (when `notes`), from the DDL file `ddl` (setup.c). */
void bench_load(const bench_db *db, const char *ddl, int64_t rows, bool notes);

/* Pool acquire/release cost (pool_bench.c) and the sustained load W10
 * (w10.c). */
void bench_pool_micro(const bench_db *db, const bench_opts *o);
void bench_w10(const bench_db *db, const bench_opts *o, const bench_impl *const *impls, int nimpls,
	       int64_t rows);

#endif
