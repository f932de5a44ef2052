/*
 * The workloads written with the code schemac generates from
 * bench/bench.schema (schema `perf`): the API an application uses
 * (docs/generated-api.md). Rows are built from the same synthetic values as
 * the other implementations; reads get owned rows (freed with *_free).
 */
#define _POSIX_C_SOURCE 200809L
#include "perf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

typedef struct gen {
	sc_pool *pool;
	sc_conn *conn;
	sc_query *keyset; /* W4: the walk's query, resumed with its cursor */
	bool keyset_done;
	sc_query *offset; /* W5 */
	bench_lead_src *src; /* W2 buffers, reused */
	perf_lead *rows;
	size_t cap;
} gen;

static int gen_fail(sc_conn *c, const char *what, sc_status st)
{
	fprintf(stderr, "generated: %s: %s: %s\n", what, sc_status_name(st),
		c ? sc_conn_error(c)->message : sc_error_last()->message);
	return -1;
}

static sc_pool *open_pool(const bench_db *db, int size)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = db->url;
	cfg.name = "bench";
	cfg.max_conns = size;
	cfg.min_conns = size;
	cfg.slow_query_ms = 0;
	cfg.acquire_timeout_ms = 60000;
	cfg.prepared_statements = !db->pgbouncer;
	cfg.reset_session = !db->no_reset;
	sc_pool *p = NULL;
	sc_status st = sc_pool_open(&p, &cfg);
	if (st != SC_OK) {
		gen_fail(NULL, "pool open", st);
		return NULL;
	}
	return p;
}

static void *gen_open(const bench_db *db)
{
	gen *g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->pool = open_pool(db, 1);
	if (!g->pool || sc_pool_acquire(g->pool, &g->conn) != SC_OK) {
		sc_pool_close(g->pool);
		free(g);
		return NULL;
	}
	return g;
}

static void gen_close(void *s)
{
	gen *g = s;
	sc_query_free(g->keyset);
	sc_query_free(g->offset);
	free(g->src);
	free(g->rows);
	sc_pool_release(g->conn);
	sc_pool_close(g->pool);
	free(g);
}

/* A new lead from the synthetic values; strings borrowed from src. */
static void lead_from(perf_lead *row, bench_lead_src *src, int64_t i)
{
	bench_lead_fill(src, i);
	perf_lead_init(row);
	row->external_id = src->external_id;
	row->first_name = src->first_name;
	row->last_name = src->last_name;
	row->email = src->email;
	row->postcode = src->postcode;
	row->score = src->score;
	row->status = (perf_lead_status)(src->status + 1);
}

static int gen_insert_one(void *s, int64_t i, int64_t *id)
{
	gen *g = s;
	bench_lead_src src;
	perf_lead row;
	lead_from(&row, &src, i);
	sc_status st = perf_lead_insert(g->conn, &row);
	if (st != SC_OK)
		return gen_fail(g->conn, "insert", st);
	*id = row.id;
	return 0;
}

static int gen_insert_many(void *s, int64_t first, int n)
{
	gen *g = s;
	if ((size_t)n > g->cap) {
		free(g->src);
		free(g->rows);
		g->src = malloc((size_t)n * sizeof *g->src);
		g->rows = malloc((size_t)n * sizeof *g->rows);
		if (!g->src || !g->rows)
			bench_die("out of memory");
		g->cap = (size_t)n;
	}
	for (int k = 0; k < n; k++)
		lead_from(&g->rows[k], &g->src[k], first + k);
	sc_status st = perf_lead_insert_many(g->conn, g->rows, (size_t)n);
	return st == SC_OK ? 0 : gen_fail(g->conn, "insert_many", st);
}

static int get_on(sc_conn *c, int64_t id, int32_t *score)
{
	perf_lead row;
	sc_status st = perf_lead_get(c, id, 0, &row);
	if (st != SC_OK)
		return gen_fail(c, "get", st);
	int ok = row.id == id && row.external_id && row.status >= PERF_LEAD_STATUS_PENDING;
	*score = row.score;
	perf_lead_free(&row);
	return ok ? 0 : -1;
}

static int gen_get(void *s, int64_t id, int32_t *score)
{
	return get_on(((gen *)s)->conn, id, score);
}

/* W11: one statement for every key (perf_lead_get_many). */
static int gen_get_many(void *s, const int64_t *ids, int n, int64_t *sum)
{
	gen *g = s;
	perf_lead_page p;
	sc_status st = perf_lead_get_many(g->conn, ids, (size_t)n, &p, NULL);
	if (st != SC_OK)
		return gen_fail(g->conn, "get_many", st);
	int ok = p.len == (size_t)n;
	for (size_t k = 0; ok && k < p.len; k++) {
		ok = p.rows[k].id == ids[k] && p.rows[k].external_id;
		*sum += p.rows[k].score;
	}
	perf_lead_page_free(&p);
	return ok ? 0 : -1;
}

static int gen_keyset_page(void *s, bool restart, int *rows)
{
	gen *g = s;
	if (!g->keyset) {
		if (!(g->keyset = perf_lead_query_new()))
			bench_die("out of memory");
		sc_query_limit(g->keyset, BENCH_PAGE); /* ordered by the primary key */
	}
	if (restart) {
		sc_query_after(g->keyset, NULL);
		g->keyset_done = false;
	}
	*rows = 0;
	if (g->keyset_done)
		return 0;
	perf_lead_page page;
	sc_status st = perf_lead_list(g->conn, g->keyset, &page);
	if (st != SC_OK)
		return gen_fail(g->conn, "keyset list", st);
	*rows = (int)page.len;
	sc_query_after(g->keyset, page.next_cursor);
	g->keyset_done = page.next_cursor == NULL;
	perf_lead_page_free(&page);
	return 0;
}

static int gen_offset_page(void *s, int64_t offset, int *rows)
{
	gen *g = s;
	if (!g->offset) {
		if (!(g->offset = perf_lead_query_new()))
			bench_die("out of memory");
		sc_query_limit(g->offset, BENCH_PAGE);
	}
	sc_query_offset(g->offset, offset);
	perf_lead_page page;
	sc_status st = perf_lead_list(g->conn, g->offset, &page);
	if (st != SC_OK)
		return gen_fail(g->conn, "offset list", st);
	*rows = (int)page.len;
	perf_lead_page_free(&page);
	return 0;
}

static int update_on(sc_conn *c, int64_t id, int32_t score, int32_t *version)
{
	static const perf_lead_col cols[] = {PERF_LEAD_SCORE};
	perf_lead row;
	perf_lead_init(&row);
	row.id = id;
	row.score = score;
	row.version = *version;
	sc_status st = perf_lead_update_fields(c, &row, cols, 1);
	if (st == SC_CONFLICT)
		return 1;
	if (st != SC_OK)
		return gen_fail(c, "update_fields", st);
	*version = row.version;
	return 0;
}

static int gen_update_versioned(void *s, int64_t id, int32_t score, int32_t *version)
{
	return update_on(((gen *)s)->conn, id, score, version);
}

static int list_on(sc_conn *c, int status, int32_t min_score, int *rows)
{
	sc_query *q = perf_lead_query_new();
	perf_lead_where_status_eq(q, (perf_lead_status)(status + 1));
	perf_lead_where_score_ge(q, min_score);
	perf_lead_order_by(q, PERF_LEAD_SCORE, true);
	sc_query_limit(q, BENCH_PAGE);
	perf_lead_page page;
	sc_status st = perf_lead_list(c, q, &page);
	sc_query_free(q);
	if (st != SC_OK)
		return gen_fail(c, "list", st);
	*rows = (int)page.len;
	perf_lead_page_free(&page);
	return 0;
}

static int gen_list_filtered(void *s, int status, int32_t min_score, int *rows)
{
	return list_on(((gen *)s)->conn, status, min_score, rows);
}

/* W12: the same statement as W8, through the typed query's function. */
static int gen_typed_query(void *s, int status, int32_t min_score, int *rows)
{
	gen *g = s;
	perf_lead_page page;
	sc_status st = perf_top_leads(g->conn, (perf_lead_status)(status + 1), min_score, &page);
	if (st != SC_OK)
		return gen_fail(g->conn, "top_leads", st);
	*rows = (int)page.len;
	perf_lead_page_free(&page);
	return 0;
}

static int gen_children_batch(void *s, const int64_t *parents, int n, int *rows)
{
	gen *g = s;
	perf_note_page page;
	sc_status st = perf_note_load_by_lead_ids(g->conn, parents, (size_t)n, &page);
	if (st != SC_OK)
		return gen_fail(g->conn, "load_by_lead_ids", st);
	*rows = (int)page.len;
	for (size_t k = 0; k < page.len; k++)
		if (!page.rows[k].body)
			*rows = -1;
	perf_note_page_free(&page);
	return 0;
}

static void *gen_pool_open(const bench_db *db, int size)
{
	return open_pool(db, size);
}

static void gen_pool_close(void *p)
{
	sc_pool_close(p);
}

static uint64_t gen_pool_queries(void *p)
{
	sc_metrics m;
	sc_pool_metrics(p, &m);
	return m.queries;
}

static int acquire(sc_pool *p, sc_conn **c, int64_t *acquire_ns)
{
	int64_t t0 = bench_now_ns();
	sc_status st = sc_pool_acquire(p, c);
	*acquire_ns = bench_now_ns() - t0;
	return st == SC_OK ? 0 : gen_fail(NULL, "acquire", st);
}

static int gen_pool_get(void *p, int64_t id, int64_t *acquire_ns)
{
	sc_conn *c;
	if (acquire(p, &c, acquire_ns) != 0)
		return -1;
	int32_t score;
	int rc = get_on(c, id, &score);
	sc_pool_release(c);
	return rc;
}

/* W10 mix (w10.c): 0 get, 1 list, 2 read + versioned update, 3 insert a note. */
static int gen_pool_mixed(void *p, int kind, int64_t id, bench_pool_times *t)
{
	sc_conn *c;
	if (acquire(p, &c, &t->acquire_ns) != 0)
		return -1;
	int rc = 0, rows;
	int32_t score;
	switch (kind) {
	case 0:
		rc = get_on(c, id, &score);
		break;
	case 1:
		rc = list_on(c, (int)(id % BENCH_STATUS_COUNT), (int32_t)(id % 90), &rows);
		break;
	case 2: {
		perf_lead row;
		sc_status st = perf_lead_get(c, id, 0, &row);
		if (st != SC_OK) {
			rc = gen_fail(c, "get", st);
			break;
		}
		int32_t version = row.version;
		perf_lead_free(&row);
		rc = update_on(c, id, (int32_t)(id % 101), &version) < 0 ? -1 : 0;
		break;
	}
	default: {
		perf_note note;
		perf_note_init(&note);
		note.lead_id = id;
		note.body = (char *)bench_note_body(id);
		sc_status st = perf_note_insert(c, &note);
		if (st != SC_OK)
			rc = gen_fail(c, "insert note", st);
		break;
	}
	}
	int64_t r0 = bench_now_ns();
	sc_pool_release(c);
	t->release_ns = bench_now_ns() - r0;
	return rc;
}

#define GENERATED_IMPL(var, d)                             \
	static const bench_impl var = {                    \
		.name = "generated",                       \
		.dialect = d,                              \
		.open = gen_open,                          \
		.close = gen_close,                        \
		.insert_one = gen_insert_one,              \
		.insert_many = gen_insert_many,            \
		.get = gen_get,                            \
		.get_many = gen_get_many,                  \
		.keyset_page = gen_keyset_page,            \
		.offset_page = gen_offset_page,            \
		.update_versioned = gen_update_versioned,  \
		.list_filtered = gen_list_filtered,        \
		.typed_query = gen_typed_query,            \
		.children_batch = gen_children_batch,      \
		.pool_open = gen_pool_open,                \
		.pool_close = gen_pool_close,              \
		.pool_get = gen_pool_get,                  \
		.pool_mixed = gen_pool_mixed,              \
		.pool_queries = gen_pool_queries,          \
	}

GENERATED_IMPL(generated_pg, BENCH_PG);
GENERATED_IMPL(generated_sqlite, BENCH_SQLITE);

const bench_impl *bench_generated(bench_dialect d)
{
	return d == BENCH_PG ? &generated_pg : &generated_sqlite;
}
