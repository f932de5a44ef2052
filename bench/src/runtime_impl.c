/*
 * The same work written by hand on libschemac's statement API (sc_stmt,
 * sc_pool, sc_tx), the layer generated code is built on. Comparing it with
 * the plain libpq/sqlite3 code isolates the runtime's cost; comparing the
 * generated code with it isolates the generated code's own cost.
 * One file for both databases: the runtime hides the difference, except
 * for the batch query (arrays on PostgreSQL, json_each on SQLite).
 */
#define _POSIX_C_SOURCE 200809L
#include <schemac/schemac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "sql.h"

typedef struct rt {
	sc_pool *pool;
	sc_conn *conn; /* held for the single-connection workloads */
	bench_dialect dialect;
	int64_t keyset_last;
} rt;

static int rt_fail(sc_conn *c, const char *what, sc_status st)
{
	fprintf(stderr, "runtime: %s: %s: %s\n", what, sc_status_name(st),
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
	sc_pool *p = NULL;
	sc_status st = sc_pool_open(&p, &cfg);
	if (st != SC_OK) {
		rt_fail(NULL, "pool open", st);
		return NULL;
	}
	return p;
}

static void *rt_open_any(const bench_db *db)
{
	rt *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->dialect = db->dialect;
	r->pool = open_pool(db, 1);
	sc_status st = r->pool ? sc_pool_acquire(r->pool, &r->conn) : SC_ERROR;
	if (st != SC_OK) {
		sc_pool_close(r->pool);
		free(r);
		return NULL;
	}
	return r;
}

static void rt_close(void *s)
{
	rt *r = s;
	sc_pool_release(r->conn);
	sc_pool_close(r->pool);
	free(r);
}

static sc_status read_lead(sc_stmt *st, bench_row *r)
{
	const char *status;
	size_t status_len;
	sc_status rc = sc_stmt_column_int64(st, 0, &r->id);
	if (rc == SC_OK)
		rc = sc_stmt_column_text_dup(st, 1, &r->external_id);
	if (rc == SC_OK)
		rc = sc_stmt_column_text_dup(st, 2, &r->first_name);
	if (rc == SC_OK)
		rc = sc_stmt_column_text_dup(st, 3, &r->last_name);
	if (rc == SC_OK)
		rc = sc_stmt_column_text_dup(st, 4, &r->email);
	if (rc == SC_OK)
		rc = sc_stmt_column_text_dup(st, 5, &r->postcode);
	if (rc == SC_OK)
		rc = sc_stmt_column_int32(st, 6, &r->score);
	if (rc == SC_OK)
		rc = sc_stmt_column_text(st, 7, &status, &status_len);
	if (rc == SC_OK && (r->status = bench_status_from_name(status, status_len)) < 0)
		rc = SC_DATA_ERROR;
	if (rc == SC_OK)
		rc = sc_stmt_column_timestamp(st, 8, &r->created_at);
	if (rc == SC_OK)
		rc = sc_stmt_column_timestamp(st, 9, &r->updated_at);
	if (rc == SC_OK)
		rc = sc_stmt_column_int32(st, 10, &r->version);
	return rc;
}

static int read_leads(sc_conn *c, sc_stmt *st, int *rows, int64_t *last_id)
{
	int n = 0;
	sc_status rc;
	while ((rc = sc_stmt_step(st)) == SC_ROW) {
		bench_row r = {0};
		rc = read_lead(st, &r);
		if (last_id)
			*last_id = r.id;
		bench_row_clear(&r);
		if (rc != SC_OK)
			break;
		n++;
	}
	sc_stmt_finalize(st);
	if (rc != SC_DONE)
		return rt_fail(c, "read leads", rc);
	*rows = n;
	return 0;
}

static sc_status bind_lead(sc_stmt *st, int64_t i, int64_t now)
{
	bench_lead_src src;
	bench_lead_fill(&src, i);
	sc_status rc = sc_stmt_bind_text(st, 1, src.external_id, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 2, src.first_name, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 3, src.last_name, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 4, src.email, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 5, src.postcode, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_int32(st, 6, src.score);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 7, bench_status_names[src.status], (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_timestamp(st, 8, now);
	if (rc == SC_OK)
		rc = sc_stmt_bind_timestamp(st, 9, now);
	if (rc == SC_OK)
		rc = sc_stmt_bind_int32(st, 10, 1);
	return rc;
}

static int rt_insert_one(void *s, int64_t i, int64_t *id)
{
	rt *r = s;
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, r->conn, SQL_INSERT);
	if (rc != SC_OK)
		return rt_fail(r->conn, "prepare insert", rc);
	rc = bind_lead(st, i, sc_now_micros());
	if (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW)
		rc = sc_stmt_column_int64(st, 0, id);
	if (rc == SC_OK)
		rc = sc_stmt_step(st) == SC_DONE ? SC_OK : SC_ERROR;
	sc_stmt_finalize(st);
	return rc == SC_OK ? 0 : rt_fail(r->conn, "insert", rc);
}

typedef struct many_ctx {
	int64_t first, now;
} many_ctx;

static sc_status many_bind(sc_stmt *st, size_t i, void *ud)
{
	many_ctx *m = ud;
	return bind_lead(st, m->first + (int64_t)i, m->now);
}

static sc_status many_row(sc_stmt *st, size_t i, void *ud)
{
	(void)i;
	(void)ud;
	int64_t id;
	return sc_stmt_column_int64(st, 0, &id);
}

/* Pipelined on PostgreSQL, one prepared statement stepped n times on SQLite. */
static int rt_insert_many(void *s, int64_t first, int n)
{
	rt *r = s;
	sc_stmt *st = NULL;
	many_ctx m = {first, sc_now_micros()};
	sc_status rc = sc_tx_begin(r->conn, NULL);
	if (rc == SC_OK)
		rc = sc_stmt_prepare(&st, r->conn, SQL_INSERT);
	if (rc == SC_OK)
		rc = sc_stmt_exec_batch(st, (size_t)n, many_bind, many_row, &m);
	sc_stmt_finalize(st);
	if (rc == SC_OK)
		rc = sc_tx_commit(r->conn);
	if (rc != SC_OK) {
		rt_fail(r->conn, "insert many", rc);
		if (sc_conn_tx_depth(r->conn) > 0)
			sc_tx_rollback(r->conn);
		return -1;
	}
	return 0;
}

static int get_on(sc_conn *c, int64_t id, int32_t *score)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, SQL_GET);
	if (rc != SC_OK)
		return rt_fail(c, "prepare get", rc);
	bench_row row = {0};
	rc = sc_stmt_bind_int64(st, 1, id);
	if (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW)
		rc = read_lead(st, &row);
	else if (rc == SC_DONE)
		rc = SC_NOT_FOUND;
	if (rc == SC_OK && (sc_stmt_step(st) != SC_DONE || row.id != id))
		rc = SC_ERROR;
	*score = row.score;
	bench_row_clear(&row);
	sc_stmt_finalize(st);
	return rc == SC_OK ? 0 : rt_fail(c, "get", rc);
}

static int rt_get(void *s, int64_t id, int32_t *score)
{
	return get_on(((rt *)s)->conn, id, score);
}

/* W11: the hand-written way to read many keys: one get each. */
static int rt_get_many(void *s, const int64_t *ids, int n, int64_t *sum)
{
	for (int k = 0; k < n; k++) {
		int32_t score;
		if (rt_get(s, ids[k], &score) != 0)
			return -1;
		*sum += score;
	}
	return 0;
}

static int rt_keyset_page(void *s, bool restart, int *rows)
{
	rt *r = s;
	if (restart)
		r->keyset_last = 0;
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, r->conn, SQL_KEYSET);
	if (rc == SC_OK && (rc = sc_stmt_bind_int64(st, 1, r->keyset_last)) != SC_OK)
		sc_stmt_finalize(st);
	if (rc != SC_OK)
		return rt_fail(r->conn, "keyset", rc);
	return read_leads(r->conn, st, rows, &r->keyset_last);
}

static int rt_offset_page(void *s, int64_t offset, int *rows)
{
	rt *r = s;
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, r->conn, SQL_OFFSET);
	if (rc == SC_OK && (rc = sc_stmt_bind_int64(st, 1, offset)) != SC_OK)
		sc_stmt_finalize(st);
	if (rc != SC_OK)
		return rt_fail(r->conn, "offset", rc);
	return read_leads(r->conn, st, rows, NULL);
}

static int update_on(sc_conn *c, int64_t id, int32_t score, int32_t *version)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, SQL_UPDATE);
	if (rc != SC_OK)
		return rt_fail(c, "prepare update", rc);
	rc = sc_stmt_bind_int32(st, 1, score);
	if (rc == SC_OK)
		rc = sc_stmt_bind_timestamp(st, 2, sc_now_micros());
	if (rc == SC_OK)
		rc = sc_stmt_bind_int64(st, 3, id);
	if (rc == SC_OK)
		rc = sc_stmt_bind_int32(st, 4, *version);
	int out = 1;
	if (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW) {
		rc = sc_stmt_column_int32(st, 0, version);
		out = 0;
		if (rc == SC_OK)
			rc = sc_stmt_step(st);
	}
	sc_stmt_finalize(st);
	return rc == SC_DONE ? out : rt_fail(c, "update", rc);
}

static int rt_update_versioned(void *s, int64_t id, int32_t score, int32_t *version)
{
	return update_on(((rt *)s)->conn, id, score, version);
}

static int list_on(sc_conn *c, int status, int32_t min_score, int *rows)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, SQL_LIST);
	if (rc == SC_OK) {
		rc = sc_stmt_bind_text(st, 1, bench_status_names[status], (size_t)-1);
		if (rc == SC_OK)
			rc = sc_stmt_bind_int32(st, 2, min_score);
		if (rc != SC_OK)
			sc_stmt_finalize(st);
	}
	if (rc != SC_OK)
		return rt_fail(c, "list", rc);
	return read_leads(c, st, rows, NULL);
}

static int rt_list_filtered(void *s, int status, int32_t min_score, int *rows)
{
	return list_on(((rt *)s)->conn, status, min_score, rows);
}

static int read_notes(sc_conn *c, sc_stmt *st, int *rows)
{
	sc_status rc;
	while ((rc = sc_stmt_step(st)) == SC_ROW) {
		int64_t id, lead, at;
		char *body = NULL;
		rc = sc_stmt_column_int64(st, 0, &id);
		if (rc == SC_OK)
			rc = sc_stmt_column_int64(st, 1, &lead);
		if (rc == SC_OK)
			rc = sc_stmt_column_text_dup(st, 2, &body);
		if (rc == SC_OK)
			rc = sc_stmt_column_timestamp(st, 3, &at);
		free(body);
		if (rc != SC_OK)
			break;
		(*rows)++;
	}
	if (rc != SC_DONE)
		return rt_fail(c, "notes", rc);
	return 0;
}

static int rt_children_batch(void *s, const int64_t *parents, int n, int *rows)
{
	rt *r = s;
	bool pg = r->dialect == BENCH_PG;
	char arr[24 * BENCH_BATCH_PARENTS + 4], *p = arr;
	*p++ = pg ? '{' : '[';
	for (int k = 0; k < n; k++)
		p += snprintf(p, 24, k ? ",%lld" : "%lld", (long long)parents[k]);
	*p++ = pg ? '}' : ']';
	*p = '\0';
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, r->conn, pg ? SQL_NOTES_BATCH_PG : SQL_NOTES_BATCH_SQLITE);
	if (rc != SC_OK)
		return rt_fail(r->conn, "prepare notes", rc);
	*rows = 0;
	int out = -1;
	if ((rc = sc_stmt_bind_text(st, 1, arr, (size_t)(p - arr))) == SC_OK)
		out = read_notes(r->conn, st, rows);
	sc_stmt_finalize(st);
	return out;
}

static int rt_children_n1(void *s, const int64_t *parents, int n, int *rows)
{
	rt *r = s;
	*rows = 0;
	for (int k = 0; k < n; k++) {
		sc_stmt *st;
		sc_status rc = sc_stmt_prepare(&st, r->conn, SQL_NOTES_ONE);
		if (rc != SC_OK)
			return rt_fail(r->conn, "prepare note", rc);
		int out = -1;
		if (sc_stmt_bind_int64(st, 1, parents[k]) == SC_OK)
			out = read_notes(r->conn, st, rows);
		sc_stmt_finalize(st);
		if (out != 0)
			return -1;
	}
	return 0;
}

static void *rt_pool_open(const bench_db *db, int size)
{
	return open_pool(db, size);
}

static void rt_pool_close(void *p)
{
	sc_pool_close(p);
}

static uint64_t rt_pool_queries(void *p)
{
	sc_metrics m;
	sc_pool_metrics(p, &m);
	return m.queries;
}

static int acquire(sc_pool *p, sc_conn **c, int64_t *acquire_ns)
{
	int64_t t0 = bench_now_ns();
	sc_status rc = sc_pool_acquire(p, c);
	*acquire_ns = bench_now_ns() - t0;
	return rc == SC_OK ? 0 : rt_fail(NULL, "acquire", rc);
}

static int rt_pool_get(void *p, int64_t id, int64_t *acquire_ns)
{
	sc_conn *c;
	if (acquire(p, &c, acquire_ns) != 0)
		return -1;
	int32_t score;
	int rc = get_on(c, id, &score);
	sc_pool_release(c);
	return rc;
}

/* W10 operations: 0 get, 1 list, 2 read-then-update with the version
 * check, 3 insert (see w10.c for the mix). */
static int rt_pool_mixed(void *p, int kind, int64_t id, bench_pool_times *t)
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
		sc_stmt *st;
		int32_t version = 0;
		sc_status s = sc_stmt_prepare(&st, c, "SELECT \"version\" FROM \"leads\" WHERE \"id\" = $1");
		if (s == SC_OK && (s = sc_stmt_bind_int64(st, 1, id)) == SC_OK &&
		    (s = sc_stmt_step(st)) == SC_ROW)
			s = sc_stmt_column_int32(st, 0, &version);
		sc_stmt_finalize(st);
		if (s != SC_OK)
			rc = rt_fail(c, "read version", s);
		else
			rc = update_on(c, id, (int32_t)(id % 101), &version) < 0 ? -1 : 0;
		break;
	}
	default: {
		sc_stmt *st;
		sc_status s = sc_stmt_prepare(&st, c, SQL_INSERT_NOTE);
		if (s == SC_OK) {
			s = sc_stmt_bind_int64(st, 1, id);
			if (s == SC_OK)
				s = sc_stmt_bind_text(st, 2, bench_note_body(id), (size_t)-1);
			if (s == SC_OK)
				s = sc_stmt_bind_timestamp(st, 3, sc_now_micros());
			if (s == SC_OK)
				s = sc_stmt_exec(st);
			sc_stmt_finalize(st);
		}
		if (s != SC_OK)
			rc = rt_fail(c, "insert note", s);
		break;
	}
	}
	int64_t r0 = bench_now_ns();
	sc_pool_release(c);
	t->release_ns = bench_now_ns() - r0;
	return rc;
}

#define RUNTIME_IMPL(var, d)                             \
	const bench_impl var = {                         \
		.name = "runtime",                       \
		.dialect = d,                            \
		.open = rt_open_any,                     \
		.close = rt_close,                       \
		.insert_one = rt_insert_one,             \
		.insert_many = rt_insert_many,           \
		.insert_copy = NULL,                     \
		.get = rt_get,                           \
		.get_many = rt_get_many,                 \
		.keyset_page = rt_keyset_page,           \
		.offset_page = rt_offset_page,           \
		.update_versioned = rt_update_versioned, \
		.list_filtered = rt_list_filtered,       \
		.typed_query = rt_list_filtered,         \
		.children_batch = rt_children_batch,     \
		.children_n1 = rt_children_n1,           \
		.pool_open = rt_pool_open,               \
		.pool_close = rt_pool_close,             \
		.pool_get = rt_pool_get,                 \
		.pool_mixed = rt_pool_mixed,             \
		.pool_queries = rt_pool_queries,         \
	}

RUNTIME_IMPL(bench_runtime_pg, BENCH_PG);
RUNTIME_IMPL(bench_runtime_sqlite, BENCH_SQLITE);
