/*
 * Hand-written SQLite implementation: plain sqlite3, every statement
 * prepared once per connection (sqlite3_prepare_v3 with
 * SQLITE_PREPARE_PERSISTENT) and reset/rebound per call, rows copied into
 * an owned struct. Same pragmas as the runtime's connections (WAL,
 * synchronous NORMAL, foreign keys, busy timeout), so both sides pay the
 * same durability.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "sql.h"

enum { S_INS, S_GET, S_KEYSET, S_OFFSET, S_UPDATE, S_LIST, S_NOTES_BATCH, S_NOTES_ONE, S_N };
static const char *const stmt_sql[S_N] = {
	SQL_INSERT, SQL_GET,  SQL_KEYSET,         SQL_OFFSET,
	SQL_UPDATE, SQL_LIST, SQL_NOTES_BATCH_SQLITE, SQL_NOTES_ONE,
};

typedef struct hsq {
	sqlite3 *db;
	sqlite3_stmt *st[S_N];
	sqlite3_stmt *begin, *commit, *rollback;
	int64_t keyset_last;
} hsq;

static int sq_fail(hsq *h, const char *what)
{
	fprintf(stderr, "hand sqlite: %s: %s\n", what, sqlite3_errmsg(h->db));
	return -1;
}

static int prep(hsq *h, const char *sql, sqlite3_stmt **out)
{
	if (sqlite3_prepare_v3(h->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK)
		return sq_fail(h, sql);
	return 0;
}

static void hsq_disconnect(hsq *h)
{
	for (int i = 0; i < S_N; i++)
		sqlite3_finalize(h->st[i]);
	sqlite3_finalize(h->begin);
	sqlite3_finalize(h->commit);
	sqlite3_finalize(h->rollback);
	sqlite3_close(h->db);
}

static int hsq_connect(hsq *h, const char *path)
{
	if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return sq_fail(h, path);
	sqlite3_busy_timeout(h->db, 5000);
	if (sqlite3_exec(h->db,
			 "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
			 "PRAGMA synchronous = NORMAL",
			 NULL, NULL, NULL) != SQLITE_OK)
		return sq_fail(h, "pragmas");
	for (int i = 0; i < S_N; i++)
		if (prep(h, stmt_sql[i], &h->st[i]) != 0)
			return -1;
	if (prep(h, "BEGIN IMMEDIATE", &h->begin) || prep(h, "COMMIT", &h->commit) ||
	    prep(h, "ROLLBACK", &h->rollback))
		return -1;
	return 0;
}

static void *hsq_open(const bench_db *db)
{
	hsq *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	if (hsq_connect(h, db->path) != 0) {
		hsq_disconnect(h);
		free(h);
		return NULL;
	}
	return h;
}

static void hsq_close(void *s)
{
	hsq_disconnect(s);
	free(s);
}

static int step_done(hsq *h, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(h, sqlite3_sql(st));
}

static char *dup_col(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	char *s = t ? malloc((size_t)n + 1) : NULL;
	if (s) {
		memcpy(s, t, (size_t)n);
		s[n] = '\0';
	}
	return s;
}

static int read_lead(sqlite3_stmt *st, bench_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->external_id = dup_col(st, 1);
	r->first_name = dup_col(st, 2);
	r->last_name = dup_col(st, 3);
	r->email = dup_col(st, 4);
	r->postcode = dup_col(st, 5);
	r->score = sqlite3_column_int(st, 6);
	r->status = bench_status_from_name((const char *)sqlite3_column_text(st, 7),
					   (size_t)sqlite3_column_bytes(st, 7));
	r->created_at = sqlite3_column_int64(st, 8);
	r->updated_at = sqlite3_column_int64(st, 9);
	r->version = sqlite3_column_int(st, 10);
	if (!r->external_id || !r->first_name || !r->last_name || !r->email || !r->postcode ||
	    r->status < 0) {
		fprintf(stderr, "hand sqlite: bad lead row\n");
		return -1;
	}
	return 0;
}

/* Step through a lead query, materialising each row. */
static int read_leads(hsq *h, sqlite3_stmt *st, int *rows, int64_t *last_id)
{
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bench_row r = {0};
		int bad = read_lead(st, &r);
		if (last_id)
			*last_id = r.id;
		bench_row_clear(&r);
		if (bad) {
			sqlite3_reset(st);
			return -1;
		}
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sq_fail(h, sqlite3_sql(st));
	*rows = n;
	return 0;
}

static int insert_row(hsq *h, int64_t i, int64_t *id)
{
	bench_lead_src src;
	bench_lead_fill(&src, i);
	int64_t now = bench_now_us();
	sqlite3_stmt *st = h->st[S_INS];
	sqlite3_bind_text(st, 1, src.external_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, src.first_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, src.last_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, src.email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, src.postcode, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 6, src.score);
	sqlite3_bind_text(st, 7, bench_status_names[src.status], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, now);
	sqlite3_bind_int64(st, 9, now);
	sqlite3_bind_int(st, 10, 1);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(h, "insert");
}

static int hsq_insert_one(void *s, int64_t i, int64_t *id)
{
	return insert_row(s, i, id);
}

static int hsq_insert_many(void *s, int64_t first, int n)
{
	hsq *h = s;
	if (step_done(h, h->begin) != 0)
		return -1;
	for (int k = 0; k < n; k++) {
		int64_t id;
		if (insert_row(h, first + k, &id) != 0) {
			step_done(h, h->rollback);
			return -1;
		}
	}
	return step_done(h, h->commit);
}

static int hsq_get(void *s, int64_t id, int32_t *score)
{
	hsq *h = s;
	sqlite3_stmt *st = h->st[S_GET];
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		fprintf(stderr, "hand sqlite: lead %lld not found\n", (long long)id);
		return -1;
	}
	bench_row r = {0};
	int bad = read_lead(st, &r) || r.id != id;
	*score = r.score;
	bench_row_clear(&r);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return bad || rc != SQLITE_DONE ? -1 : 0;
}

/* W11: the hand-written way to read many keys: one get each. */
static int hsq_get_many(void *s, const int64_t *ids, int n, int64_t *sum)
{
	for (int k = 0; k < n; k++) {
		int32_t score;
		if (hsq_get(s, ids[k], &score) != 0)
			return -1;
		*sum += score;
	}
	return 0;
}

static int hsq_keyset_page(void *s, bool restart, int *rows)
{
	hsq *h = s;
	if (restart)
		h->keyset_last = 0;
	sqlite3_stmt *st = h->st[S_KEYSET];
	sqlite3_bind_int64(st, 1, h->keyset_last);
	return read_leads(h, st, rows, &h->keyset_last);
}

static int hsq_offset_page(void *s, int64_t offset, int *rows)
{
	hsq *h = s;
	sqlite3_stmt *st = h->st[S_OFFSET];
	sqlite3_bind_int64(st, 1, offset);
	return read_leads(h, st, rows, NULL);
}

static int hsq_update_versioned(void *s, int64_t id, int32_t score, int32_t *version)
{
	hsq *h = s;
	sqlite3_stmt *st = h->st[S_UPDATE];
	sqlite3_bind_int(st, 1, score);
	sqlite3_bind_int64(st, 2, bench_now_us());
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int(st, 4, *version);
	int rc = sqlite3_step(st), out = 1;
	if (rc == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		out = 0;
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? out : sq_fail(h, "update");
}

static int hsq_list_filtered(void *s, int status, int32_t min_score, int *rows)
{
	hsq *h = s;
	sqlite3_stmt *st = h->st[S_LIST];
	sqlite3_bind_text(st, 1, bench_status_names[status], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, min_score);
	return read_leads(h, st, rows, NULL);
}

static int read_notes(hsq *h, sqlite3_stmt *st, int *rows)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), lead = sqlite3_column_int64(st, 1);
		char *body = dup_col(st, 2);
		int64_t at = sqlite3_column_int64(st, 3);
		int bad = !body || id <= 0 || lead <= 0 || at <= 0;
		free(body);
		if (bad) {
			sqlite3_reset(st);
			fprintf(stderr, "hand sqlite: bad note row\n");
			return -1;
		}
		(*rows)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_fail(h, "notes");
}

static int hsq_children_batch(void *s, const int64_t *parents, int n, int *rows)
{
	hsq *h = s;
	char arr[24 * BENCH_BATCH_PARENTS + 4], *p = arr;
	*p++ = '[';
	for (int k = 0; k < n; k++)
		p += snprintf(p, 24, k ? ",%lld" : "%lld", (long long)parents[k]);
	*p++ = ']';
	sqlite3_stmt *st = h->st[S_NOTES_BATCH];
	sqlite3_bind_text(st, 1, arr, (int)(p - arr), SQLITE_TRANSIENT);
	*rows = 0;
	return read_notes(h, st, rows);
}

static int hsq_children_n1(void *s, const int64_t *parents, int n, int *rows)
{
	hsq *h = s;
	sqlite3_stmt *st = h->st[S_NOTES_ONE];
	*rows = 0;
	for (int k = 0; k < n; k++) {
		sqlite3_bind_int64(st, 1, parents[k]);
		if (read_notes(h, st, rows) != 0)
			return -1;
	}
	return 0;
}

/* Minimal pool (mutex + condition variable), as for libpq. */
typedef struct hpool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int size, nfree;
	hsq *conns;
	hsq **free_list;
} hpool;

static void *hsq_pool_open(const bench_db *db, int size)
{
	hpool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->conns = calloc((size_t)size, sizeof *p->conns);
	p->free_list = calloc((size_t)size, sizeof *p->free_list);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->size = size;
	for (int i = 0; i < size; i++) {
		if (!p->conns || !p->free_list || hsq_connect(&p->conns[i], db->path) != 0)
			bench_die("hand sqlite: pool connect failed");
		p->free_list[p->nfree++] = &p->conns[i];
	}
	return p;
}

static void hsq_pool_close(void *pp)
{
	hpool *p = pp;
	for (int i = 0; i < p->size; i++)
		hsq_disconnect(&p->conns[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->conns);
	free(p->free_list);
	free(p);
}

static int hsq_pool_get(void *pp, int64_t id, int64_t *acquire_ns)
{
	hpool *p = pp;
	int64_t t0 = bench_now_ns();
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	hsq *h = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	*acquire_ns = bench_now_ns() - t0;
	int32_t score;
	int rc = hsq_get(h, id, &score);
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = h;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

const bench_impl bench_hand_sqlite = {
	.name = "hand",
	.dialect = BENCH_SQLITE,
	.open = hsq_open,
	.close = hsq_close,
	.insert_one = hsq_insert_one,
	.insert_many = hsq_insert_many,
	.insert_copy = NULL,
	.get = hsq_get,
	.get_many = hsq_get_many,
	.keyset_page = hsq_keyset_page,
	.offset_page = hsq_offset_page,
	.update_versioned = hsq_update_versioned,
	.list_filtered = hsq_list_filtered,
	.typed_query = hsq_list_filtered,
	.children_batch = hsq_children_batch,
	.children_n1 = hsq_children_n1,
	.pool_open = hsq_pool_open,
	.pool_close = hsq_pool_close,
	.pool_get = hsq_pool_get,
	.pool_mixed = NULL,
};
