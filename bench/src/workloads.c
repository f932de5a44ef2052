/* The workloads W1-W9 (bench/README.md): one operation each. */
#include <stddef.h>
#include <stdio.h>

#include "harness.h"
#include "workloads.h"

static int w1_insert(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int64_t id = 0;
	if (im->insert_one(s, c->next_new++, &id) != 0)
		return -1;
	if (id <= c->rows) {
		fprintf(stderr, "W1: implausible new id %lld\n", (long long)id);
		return -1;
	}
	*units = 1;
	return 0;
}

static int w2_insert_many(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int n = c->o->w2_rows;
	if (im->insert_many(s, c->next_new, n) != 0)
		return -1;
	c->next_new += n;
	*units = n;
	return 0;
}

static int w3_get(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int32_t score;
	*units = 1;
	return im->get(s, bench_rand_range(&c->rng, 1, c->rows), &score);
}

static int w11_get_many(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int64_t ids[BENCH_GET_MANY], sum = 0;
	for (int k = 0; k < BENCH_GET_MANY; k++)
		ids[k] = bench_rand_range(&c->rng, 1, c->rows);
	*units = 1;
	return im->get_many(s, ids, BENCH_GET_MANY, &sum);
}

static int w4_keyset(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	(void)c;
	int rows = 0;
	if (im->keyset_page(s, false, &rows) != 0)
		return -1;
	if (rows == 0 && im->keyset_page(s, true, &rows) != 0) /* end: start over */
		return -1;
	*units = 1;
	return rows > 0 ? 0 : -1;
}

static int w5_offset(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int rows = 0;
	int64_t off = bench_rand_range(&c->rng, 0, c->rows - BENCH_PAGE);
	if (im->offset_page(s, off, &rows) != 0)
		return -1;
	*units = 1;
	if (rows != BENCH_PAGE) {
		fprintf(stderr, "W5: page at %lld has %d rows\n", (long long)off, rows);
		return -1;
	}
	return 0;
}

static int w6_update(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int64_t id = bench_rand_range(&c->rng, 1, c->rows);
	int32_t v = c->versions[id], before = v;
	int rc = im->update_versioned(s, id, (int32_t)bench_rand_range(&c->rng, 0, 100), &v);
	if (rc != 0 || v != before + 1) {
		fprintf(stderr, "W6: update of %lld: %s\n", (long long)id,
			rc == 1 ? "unexpected version conflict" : "failed");
		return -1;
	}
	c->versions[id] = v;
	*units = 1;
	return 0;
}

static int w8_list(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int rows = 0;
	int status = (int)bench_rand_range(&c->rng, 0, BENCH_STATUS_COUNT - 1);
	if (im->list_filtered(s, status, (int32_t)bench_rand_range(&c->rng, 0, 60), &rows) != 0)
		return -1;
	*units = 1;
	return 0;
}

static int w12_typed(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	int rows = 0;
	int status = (int)bench_rand_range(&c->rng, 0, BENCH_STATUS_COUNT - 1);
	if (im->typed_query(s, status, (int32_t)bench_rand_range(&c->rng, 0, 60), &rows) != 0)
		return -1;
	*units = 1;
	return rows >= 0 && rows <= BENCH_PAGE ? 0 : -1;
}

static int w9_children(bench_ctx *c, const bench_impl *im, void *s, int64_t *units)
{
	/* 100 distinct parents spread over the table from a random start */
	int64_t parents[BENCH_BATCH_PARENTS], stride = c->rows / BENCH_BATCH_PARENTS;
	int64_t start = bench_rand_range(&c->rng, 0, c->rows - 1);
	for (int k = 0; k < BENCH_BATCH_PARENTS; k++)
		parents[k] = 1 + (start + k * stride) % c->rows;
	int rows = 0;
	if (im->children_batch(s, parents, BENCH_BATCH_PARENTS, &rows) != 0)
		return -1;
	if (rows != BENCH_BATCH_PARENTS * BENCH_NOTES_PER_LEAD) {
		fprintf(stderr, "W9: %d notes for %d parents\n", rows, BENCH_BATCH_PARENTS);
		return -1;
	}
	*units = 1;
	return 0;
}

#define FN(f) offsetof(bench_impl, f)

const bench_workload bench_workloads[] = {
	{"W3", "get by primary key, random keys", "op", w3_get, false, false, 0, FN(get)},
	{"W11", "get_many of 16 keys vs 16 gets", "batch", w11_get_many, false, false, 0, FN(get_many)},
	{"W4", "keyset page of 50, walking the table", "page", w4_keyset, false, false, 0,
	 FN(keyset_page)},
	{"W5", "offset page of 50, random offset", "page", w5_offset, false, false, 0,
	 FN(offset_page)},
	{"W7", "W3 from 2 threads through the pool", "op", NULL, false, true, 2, FN(pool_get)},
	{"W7", "W3 from 8 threads through the pool", "op", NULL, false, true, 8, FN(pool_get)},
	{"W8", "list, 2-condition filter + order, 50", "page", w8_list, false, false, 0,
	 FN(list_filtered)},
	{"W12", "typed query (W8's SQL), 50", "page", w12_typed, false, false, 0, FN(typed_query)},
	{"W9", "children of 100 parents", "batch", w9_children, false, false, 0,
	 FN(children_batch)},
	{"W6", "update by key with version check", "op", w6_update, false, false, 0,
	 FN(update_versioned)},
	{"W1", "insert one row per transaction", "row", w1_insert, true, false, 0, FN(insert_one)},
	{"W2", "insert N rows in one transaction", "row", w2_insert_many, true, false, 0,
	 FN(insert_many)},
};
const int bench_nworkloads = (int)(sizeof bench_workloads / sizeof bench_workloads[0]);
