/*
 * Hand-written PostgreSQL implementation: plain libpq, every statement
 * prepared once per connection (PQprepare) and run with PQexecPrepared,
 * text parameters and results (libpq's usual way), rows copied into an
 * owned struct. This is the baseline the generated code is measured against.
 */
#define _POSIX_C_SOURCE 200809L
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "sql.h"

typedef struct hpg {
	PGconn *pg;
	int64_t keyset_last; /* W4: key of the last row of the previous page */
} hpg;

static const struct {
	const char *name, *sql;
} stmts[] = {
	{"ins", SQL_INSERT},       {"get", SQL_GET},       {"keyset", SQL_KEYSET},
	{"offset", SQL_OFFSET},    {"update", SQL_UPDATE}, {"list", SQL_LIST},
	{"notes_batch", SQL_NOTES_BATCH_PG},               {"notes_one", SQL_NOTES_ONE},
	{"note_ins", SQL_INSERT_NOTE},
};

static int pg_fail(PGconn *pg, PGresult *res, const char *what)
{
	fprintf(stderr, "hand pg: %s: %s", what, PQerrorMessage(pg));
	PQclear(res);
	return -1;
}

static int hpg_connect(hpg *h, const char *url)
{
	h->pg = PQconnectdb(url);
	if (PQstatus(h->pg) != CONNECTION_OK)
		return pg_fail(h->pg, NULL, "connect");
	PGresult *res = PQexec(h->pg, "SET TimeZone = 'UTC'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return pg_fail(h->pg, res, "set timezone");
	PQclear(res);
	for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++) {
		res = PQprepare(h->pg, stmts[i].name, stmts[i].sql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return pg_fail(h->pg, res, stmts[i].name);
		PQclear(res);
	}
	return 0;
}

static void *hpg_open(const bench_db *db)
{
	hpg *h = calloc(1, sizeof *h);
	if (!h || hpg_connect(h, db->url) != 0) {
		if (h)
			PQfinish(h->pg);
		free(h);
		return NULL;
	}
	return h;
}

static void hpg_close(void *s)
{
	hpg *h = s;
	PQfinish(h->pg);
	free(h);
}

static PGresult *run(hpg *h, const char *name, int n, const char *const *vals, ExecStatusType want)
{
	PGresult *res = PQexecPrepared(h->pg, name, n, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != want) {
		pg_fail(h->pg, res, name);
		return NULL;
	}
	return res;
}

static int exec_simple(hpg *h, const char *sql)
{
	PGresult *res = PQexec(h->pg, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return pg_fail(h->pg, res, sql);
	PQclear(res);
	return 0;
}

static char *dup_value(const PGresult *res, int row, int col)
{
	return strdup(PQgetvalue(res, row, col));
}

static int read_lead(const PGresult *res, int row, bench_row *r)
{
	r->id = strtoll(PQgetvalue(res, row, 0), NULL, 10);
	r->external_id = dup_value(res, row, 1);
	r->first_name = dup_value(res, row, 2);
	r->last_name = dup_value(res, row, 3);
	r->email = dup_value(res, row, 4);
	r->postcode = dup_value(res, row, 5);
	r->score = (int32_t)strtol(PQgetvalue(res, row, 6), NULL, 10);
	r->status = bench_status_from_name(PQgetvalue(res, row, 7), (size_t)PQgetlength(res, row, 7));
	r->version = (int32_t)strtol(PQgetvalue(res, row, 10), NULL, 10);
	if (!r->external_id || !r->first_name || !r->last_name || !r->email || !r->postcode ||
	    r->status < 0 || bench_ts_parse(PQgetvalue(res, row, 8), &r->created_at) != 0 ||
	    bench_ts_parse(PQgetvalue(res, row, 9), &r->updated_at) != 0) {
		fprintf(stderr, "hand pg: bad lead row\n");
		return -1;
	}
	return 0;
}

/* Materialise every lead of a result, as an application would. */
static int read_leads(PGresult *res, int *rows)
{
	int n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		bench_row r = {0};
		int rc = read_lead(res, i, &r);
		bench_row_clear(&r);
		if (rc != 0) {
			PQclear(res);
			return -1;
		}
	}
	*rows = n;
	PQclear(res);
	return 0;
}

/* Parameters of a new lead; text buffers live in `buf`. */
typedef struct lead_params {
	bench_lead_src src;
	char score[12], ts[64], version[4];
	const char *vals[10];
} lead_params;

static void lead_params_fill(lead_params *p, int64_t i, int64_t now_us)
{
	bench_lead_fill(&p->src, i);
	snprintf(p->score, sizeof p->score, "%d", (int)p->src.score);
	bench_ts_text(now_us, p->ts);
	strcpy(p->version, "1");
	p->vals[0] = p->src.external_id;
	p->vals[1] = p->src.first_name;
	p->vals[2] = p->src.last_name;
	p->vals[3] = p->src.email;
	p->vals[4] = p->src.postcode;
	p->vals[5] = p->score;
	p->vals[6] = bench_status_names[p->src.status];
	p->vals[7] = p->ts;
	p->vals[8] = p->ts;
	p->vals[9] = p->version;
}

static int insert_row(hpg *h, int64_t i, int64_t *id)
{
	lead_params p;
	lead_params_fill(&p, i, bench_now_us());
	PGresult *res = run(h, "ins", 10, p.vals, PGRES_TUPLES_OK);
	if (!res)
		return -1;
	*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int hpg_insert_one(void *s, int64_t i, int64_t *id)
{
	return insert_row(s, i, id);
}

static int hpg_insert_many(void *s, int64_t first, int n)
{
	hpg *h = s;
	if (exec_simple(h, "BEGIN") != 0)
		return -1;
	for (int k = 0; k < n; k++) {
		int64_t id;
		if (insert_row(h, first + k, &id) != 0) {
			exec_simple(h, "ROLLBACK");
			return -1;
		}
	}
	return exec_simple(h, "COMMIT");
}

/* COPY binary: the fastest way into PostgreSQL, the W2 limit. */
static void put16(char **p, int16_t v)
{
	uint16_t u = (uint16_t)v;
	(*p)[0] = (char)(u >> 8);
	(*p)[1] = (char)u;
	*p += 2;
}

static void put32(char **p, int32_t v)
{
	uint32_t u = (uint32_t)v;
	for (int k = 0; k < 4; k++)
		(*p)[k] = (char)(u >> (24 - 8 * k));
	*p += 4;
}

static void put64(char **p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	for (int k = 0; k < 8; k++)
		(*p)[k] = (char)(u >> (56 - 8 * k));
	*p += 8;
}

static void put_text(char **p, const char *s)
{
	int32_t n = (int32_t)strlen(s);
	put32(p, n);
	memcpy(*p, s, (size_t)n);
	*p += n;
}

#define PG_EPOCH_OFFSET_US 946684800000000LL /* 2000-01-01 - 1970-01-01 */

static int hpg_insert_copy(void *s, int64_t first, int n)
{
	hpg *h = s;
	if (exec_simple(h, "BEGIN") != 0)
		return -1;
	PGresult *res = PQexec(h->pg, SQL_COPY);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		pg_fail(h->pg, res, "copy");
		exec_simple(h, "ROLLBACK");
		return -1;
	}
	PQclear(res);
	char buf[65536], *p = buf;
	memcpy(p, "PGCOPY\n\377\r\n\0", 11);
	p += 11;
	put32(&p, 0);
	put32(&p, 0);
	int64_t pg_now = bench_now_us() - PG_EPOCH_OFFSET_US;
	bench_lead_src src;
	for (int k = 0; k < n; k++) {
		if (p - buf > (ptrdiff_t)sizeof buf - 1024) {
			if (PQputCopyData(h->pg, buf, (int)(p - buf)) != 1)
				goto fail;
			p = buf;
		}
		bench_lead_fill(&src, first + k);
		put16(&p, 10);
		put_text(&p, src.external_id);
		put_text(&p, src.first_name);
		put_text(&p, src.last_name);
		put_text(&p, src.email);
		put_text(&p, src.postcode);
		put32(&p, 4);
		put32(&p, src.score);
		put_text(&p, bench_status_names[src.status]);
		put32(&p, 8);
		put64(&p, pg_now);
		put32(&p, 8);
		put64(&p, pg_now);
		put32(&p, 4);
		put32(&p, 1);
	}
	put16(&p, -1);
	if (PQputCopyData(h->pg, buf, (int)(p - buf)) != 1 || PQputCopyEnd(h->pg, NULL) != 1)
		goto fail;
	res = PQgetResult(h->pg);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_fail(h->pg, res, "copy end");
		while ((res = PQgetResult(h->pg)))
			PQclear(res);
		exec_simple(h, "ROLLBACK");
		return -1;
	}
	PQclear(res);
	while ((res = PQgetResult(h->pg)))
		PQclear(res);
	return exec_simple(h, "COMMIT");
fail:
	pg_fail(h->pg, NULL, "copy data");
	return -1;
}

static int get_row(hpg *h, int64_t id, int32_t *score)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	const char *vals[1] = {key};
	PGresult *res = run(h, "get", 1, vals, PGRES_TUPLES_OK);
	if (!res)
		return -1;
	if (PQntuples(res) != 1) {
		fprintf(stderr, "hand pg: lead %lld not found\n", (long long)id);
		PQclear(res);
		return -1;
	}
	bench_row r = {0};
	int rc = read_lead(res, 0, &r);
	if (rc == 0 && r.id != id)
		rc = -1;
	*score = r.score;
	bench_row_clear(&r);
	PQclear(res);
	return rc;
}

static int hpg_get(void *s, int64_t id, int32_t *score)
{
	return get_row(s, id, score);
}

/* W11: the hand-written way to read many keys: one get each. */
static int hpg_get_many(void *s, const int64_t *ids, int n, int64_t *sum)
{
	for (int k = 0; k < n; k++) {
		int32_t score;
		if (hpg_get(s, ids[k], &score) != 0)
			return -1;
		*sum += score;
	}
	return 0;
}

static int hpg_keyset_page(void *s, bool restart, int *rows)
{
	hpg *h = s;
	if (restart)
		h->keyset_last = 0;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)h->keyset_last);
	const char *vals[1] = {key};
	PGresult *res = run(h, "keyset", 1, vals, PGRES_TUPLES_OK);
	if (!res)
		return -1;
	int n = PQntuples(res);
	if (n > 0)
		h->keyset_last = strtoll(PQgetvalue(res, n - 1, 0), NULL, 10);
	return read_leads(res, rows);
}

static int hpg_offset_page(void *s, int64_t offset, int *rows)
{
	char off[24];
	snprintf(off, sizeof off, "%lld", (long long)offset);
	const char *vals[1] = {off};
	PGresult *res = run(s, "offset", 1, vals, PGRES_TUPLES_OK);
	return res ? read_leads(res, rows) : -1;
}

static int hpg_update_versioned(void *s, int64_t id, int32_t score, int32_t *version)
{
	char sc[12], ts[64], key[24], ver[12];
	snprintf(sc, sizeof sc, "%d", (int)score);
	bench_ts_text(bench_now_us(), ts);
	snprintf(key, sizeof key, "%lld", (long long)id);
	snprintf(ver, sizeof ver, "%d", (int)*version);
	const char *vals[4] = {sc, ts, key, ver};
	PGresult *res = run(s, "update", 4, vals, PGRES_TUPLES_OK);
	if (!res)
		return -1;
	int rc = 1;
	if (PQntuples(res) == 1) {
		*version = (int32_t)strtol(PQgetvalue(res, 0, 0), NULL, 10);
		rc = 0;
	}
	PQclear(res);
	return rc;
}

static int hpg_list_filtered(void *s, int status, int32_t min_score, int *rows)
{
	char sc[12];
	snprintf(sc, sizeof sc, "%d", (int)min_score);
	const char *vals[2] = {bench_status_names[status], sc};
	PGresult *res = run(s, "list", 2, vals, PGRES_TUPLES_OK);
	return res ? read_leads(res, rows) : -1;
}

/* Materialise notes rows. */
static int read_notes(PGresult *res, int *rows)
{
	int n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		int64_t id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		int64_t lead = strtoll(PQgetvalue(res, i, 1), NULL, 10);
		char *body = dup_value(res, i, 2);
		int64_t at;
		int bad = !body || id <= 0 || lead <= 0 || bench_ts_parse(PQgetvalue(res, i, 3), &at) != 0;
		free(body);
		if (bad) {
			fprintf(stderr, "hand pg: bad note row\n");
			PQclear(res);
			return -1;
		}
	}
	*rows += n;
	PQclear(res);
	return 0;
}

static int hpg_children_batch(void *s, const int64_t *parents, int n, int *rows)
{
	char arr[24 * BENCH_BATCH_PARENTS + 4], *p = arr;
	*p++ = '{';
	for (int k = 0; k < n; k++)
		p += snprintf(p, 24, k ? ",%lld" : "%lld", (long long)parents[k]);
	*p++ = '}';
	*p = '\0';
	const char *vals[1] = {arr};
	PGresult *res = run(s, "notes_batch", 1, vals, PGRES_TUPLES_OK);
	*rows = 0;
	return res ? read_notes(res, rows) : -1;
}

static int hpg_children_n1(void *s, const int64_t *parents, int n, int *rows)
{
	*rows = 0;
	for (int k = 0; k < n; k++) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)parents[k]);
		const char *vals[1] = {key};
		PGresult *res = run(s, "notes_one", 1, vals, PGRES_TUPLES_OK);
		if (!res || read_notes(res, rows) != 0)
			return -1;
	}
	return 0;
}

/* A minimal pool, as an expert would write next to libpq: a stack of
 * connections behind a mutex and a condition variable. */
typedef struct hpool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int size, nfree;
	hpg *conns;
	hpg **free_list;
} hpool;

static void *hpg_pool_open(const bench_db *db, int size)
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
		if (!p->conns || !p->free_list || hpg_connect(&p->conns[i], db->url) != 0)
			bench_die("hand pg: pool connect failed");
		p->free_list[p->nfree++] = &p->conns[i];
	}
	return p;
}

static void hpg_pool_close(void *pp)
{
	hpool *p = pp;
	for (int i = 0; i < p->size; i++)
		PQfinish(p->conns[i].pg);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->conns);
	free(p->free_list);
	free(p);
}

static hpg *hpool_acquire(hpool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	hpg *h = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return h;
}

static void hpool_release(hpool *p, hpg *h)
{
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = h;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

static int hpg_pool_get(void *pp, int64_t id, int64_t *acquire_ns)
{
	hpool *p = pp;
	int64_t t0 = bench_now_ns();
	hpg *h = hpool_acquire(p);
	*acquire_ns = bench_now_ns() - t0;
	int32_t score;
	int rc = get_row(h, id, &score);
	hpool_release(p, h);
	return rc;
}

/* W10's read + versioned update: the whole row, as the generated code
 * reads it, then the update (a version conflict with another thread is a
 * normal outcome). */
static int read_update(hpg *h, int64_t id)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	const char *vals[1] = {key};
	PGresult *res = run(h, "get", 1, vals, PGRES_TUPLES_OK);
	if (!res)
		return -1;
	bench_row r = {0};
	int rc = PQntuples(res) == 1 ? read_lead(res, 0, &r) : -1;
	int32_t version = r.version;
	bench_row_clear(&r);
	PQclear(res);
	if (rc != 0)
		return -1;
	return hpg_update_versioned(h, id, (int32_t)(id % 101), &version) < 0 ? -1 : 0;
}

static int insert_note(hpg *h, int64_t id)
{
	char key[24], ts[64];
	snprintf(key, sizeof key, "%lld", (long long)id);
	bench_ts_text(bench_now_us(), ts);
	const char *vals[3] = {key, bench_note_body(id), ts};
	PGresult *res = run(h, "note_ins", 3, vals, PGRES_COMMAND_OK);
	PQclear(res);
	return res ? 0 : -1;
}

/* W10 mix (w10.c): 0 get, 1 list, 2 read + versioned update, 3 insert a
 * note; the same statements as the generated code's mix. */
static int hpg_pool_mixed(void *pp, int kind, int64_t id, bench_pool_times *t)
{
	hpool *p = pp;
	int64_t t0 = bench_now_ns();
	hpg *h = hpool_acquire(p);
	t->acquire_ns = bench_now_ns() - t0;
	int rc, rows;
	int32_t score;
	switch (kind) {
	case 0: rc = get_row(h, id, &score); break;
	case 1: rc = hpg_list_filtered(h, (int)(id % BENCH_STATUS_COUNT), (int32_t)(id % 90), &rows); break;
	case 2: rc = read_update(h, id); break;
	default: rc = insert_note(h, id); break;
	}
	int64_t r0 = bench_now_ns();
	hpool_release(p, h);
	t->release_ns = bench_now_ns() - r0;
	return rc;
}

const bench_impl bench_hand_pg = {
	.name = "hand",
	.dialect = BENCH_PG,
	.open = hpg_open,
	.close = hpg_close,
	.insert_one = hpg_insert_one,
	.insert_many = hpg_insert_many,
	.insert_copy = hpg_insert_copy,
	.get = hpg_get,
	.get_many = hpg_get_many,
	.keyset_page = hpg_keyset_page,
	.offset_page = hpg_offset_page,
	.update_versioned = hpg_update_versioned,
	.list_filtered = hpg_list_filtered,
	.typed_query = hpg_list_filtered,
	.children_batch = hpg_children_batch,
	.children_n1 = hpg_children_n1,
	.pool_open = hpg_pool_open,
	.pool_close = hpg_pool_close,
	.pool_get = hpg_pool_get,
	.pool_mixed = hpg_pool_mixed,
};
