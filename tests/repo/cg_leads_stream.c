/* Streaming reads (issue 13 item 4) on schema/leads.schema: the generated
 * <entity>_list_each against the page form <entity>_list (same rows, same
 * order, filters, limit, keyset cursor), early stop with the connection and
 * its statement cache reused at once, an empty result, streaming inside a
 * transaction (the transaction and its settings intact), an error in the
 * middle of a result (runtime sc_stmt_each), the connection refused to
 * other work while a stream is open, and unnamed statements
 * (prepared_statements = false, PgBouncer mode). */
#include "repo.h"

#include "leads.h"

enum { NLEADS = 120 };
static leads_lead leads[NLEADS];
static char ext[NLEADS][32], email[NLEADS][64];

static void seed(void)
{
	for (int i = 0; i < NLEADS; i++) {
		leads_lead *l = &leads[i];
		leads_lead_init(l);
		snprintf(ext[i], sizeof ext[i], "s-%03d", i);
		snprintf(email[i], sizeof email[i], "p%03d@example.com", i);
		l->external_lead_id = ext[i];
		l->first_name = "F";
		l->last_name = "L";
		l->email = email[i];
		l->postcode = "P1";
		l->service_type = LEADS_SERVICE_TYPE_SALE;
		l->score = i % 7;
		l->phone = i % 3 == 0 ? NULL : "+44 20";
	}
	CHECK_ST(leads_lead_insert_many(C, leads, NLEADS), SC_OK);
}

/* What a callback saw: the external ids in order (copied: the row is valid
 * during the call only), and where to stop. */
typedef struct seen {
	char ids[NLEADS + 1][32];
	int n;
	int stop_after; /* 0: never */
	sc_conn *conn;  /* set: the callback tries to use the connection */
	sc_status misuse;
	bool end_tx; /* with conn: the callback tries to commit and roll back */
	sc_status commit_rc, rollback_rc;
} seen;

static int collect(const leads_lead *row, void *ud)
{
	seen *s = ud;
	if (s->n < NLEADS + 1)
		snprintf(s->ids[s->n], sizeof s->ids[0], "%s", row->external_lead_id);
	s->n++;
	if (s->conn && s->end_tx) {
		s->commit_rc = sc_tx_commit(s->conn);
		s->rollback_rc = sc_tx_rollback(s->conn);
	} else if (s->conn) {
		int64_t n;
		s->misuse = leads_lead_count(s->conn, NULL, &n);
	}
	return s->stop_after && s->n >= s->stop_after;
}

static bool same_as_page(const leads_lead_page *p, const seen *s)
{
	if ((size_t)s->n != p->len) {
		repo_fail("streamed %d rows, the page has %zu", s->n, p->len);
		return false;
	}
	for (size_t i = 0; i < p->len; i++)
		if (strcmp(p->rows[i].external_lead_id, s->ids[i]) != 0) {
			repo_fail("row %zu: streamed %s, page %s", i, s->ids[i], p->rows[i].external_lead_id);
			return false;
		}
	return true;
}

static sc_query *filtered(void)
{
	sc_query *q = leads_lead_query_new();
	leads_lead_where_score_ge(q, 2);
	leads_lead_where_phone_not_null(q);
	leads_lead_order_by(q, LEADS_LEAD_SCORE, true);
	leads_lead_order_by(q, LEADS_LEAD_EXTERNAL_LEAD_ID, false);
	return q;
}

static void test_same_rows(sc_conn *c)
{
	sc_query *q = filtered();
	leads_lead_page p;
	CHECK_ST(leads_lead_list(c, q, &p), SC_OK);
	static seen s;
	memset(&s, 0, sizeof s);
	CHECK_ST(leads_lead_list_each(c, q, collect, &s), SC_OK);
	CHECK(p.len > 10 && p.len < NLEADS);
	CHECK(same_as_page(&p, &s));
	leads_lead_page_free(&p);

	/* limit and keyset cursor: the second page, both ways */
	sc_query_limit(q, 10);
	CHECK_ST(leads_lead_list(c, q, &p), SC_OK);
	REQUIRE(p.next_cursor != NULL);
	sc_query_after(q, p.next_cursor);
	leads_lead_page_free(&p);
	CHECK_ST(leads_lead_list(c, q, &p), SC_OK);
	memset(&s, 0, sizeof s);
	CHECK_ST(leads_lead_list_each(c, q, collect, &s), SC_OK);
	CHECK(p.len == 10);
	CHECK(same_as_page(&p, &s));
	leads_lead_page_free(&p);
	sc_query_free(q);

	/* NULL query: every live row */
	memset(&s, 0, sizeof s);
	CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
	CHECK(s.n == NLEADS);
	CHECK_ST(leads_lead_list_each(c, NULL, NULL, NULL), SC_INVALID_ARGUMENT);
}

static void test_early_stop(sc_conn *c)
{
	static seen s;
	for (int round = 0; round < 3; round++) { /* the cached statement again, each time */
		memset(&s, 0, sizeof s);
		s.stop_after = 3;
		CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
		CHECK(s.n == 3);
		int64_t n = -1;
		CHECK_ST(leads_lead_count(c, NULL, &n), SC_OK);
		CHECK(n == NLEADS);
	}
	memset(&s, 0, sizeof s);
	long q0 = atomic_load(&repo_queries);
	CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
	CHECK(s.n == NLEADS);
	if (c == C) /* the query hook: one event per stream (the pool's hook) */
		CHECK(atomic_load(&repo_queries) == q0 + 1);
	q0 = atomic_load(&repo_queries);
	memset(&s, 0, sizeof s);
	s.stop_after = 1;
	CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
	if (c == C)
		CHECK(atomic_load(&repo_queries) == q0 + 1);
}

static void test_empty(sc_conn *c)
{
	static seen s;
	memset(&s, 0, sizeof s);
	sc_query *q = leads_lead_query_new();
	leads_lead_where_external_lead_id_eq(q, "no-such");
	CHECK_ST(leads_lead_list_each(c, q, collect, &s), SC_OK);
	CHECK(s.n == 0);
	sc_query_free(q);
}

/* The callback may not use the connection: SC_MISUSE, and the stream goes on. */
static void test_misuse(sc_conn *c)
{
	static seen s;
	memset(&s, 0, sizeof s);
	s.conn = c;
	CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
	CHECK(s.n == NLEADS);
	CHECK(s.misuse == SC_MISUSE);
	int64_t n = -1;
	CHECK_ST(leads_lead_count(c, NULL, &n), SC_OK);
	CHECK(n == NLEADS);
}

static void test_in_tx(sc_conn *c)
{
	CHECK_ST(sc_tx_begin(c, NULL), SC_OK);
	if (env.pg)
		CHECK_ST(sc_conn_exec(c, "SELECT set_config('schemac.probe', 'kept', true)"), SC_OK);
	leads_lead extra;
	leads_lead_init(&extra);
	extra.external_lead_id = "s-tx";
	extra.first_name = "F";
	extra.last_name = "L";
	extra.email = "tx@example.com";
	extra.postcode = "P1";
	extra.service_type = LEADS_SERVICE_TYPE_SALE;
	CHECK_ST(leads_lead_insert(c, &extra), SC_OK);
	static seen s;
	memset(&s, 0, sizeof s);
	CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
	CHECK(s.n == NLEADS + 1); /* the transaction's own insert is seen */
	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
	CHECK(s.n == 2);
	/* The transaction cannot end under a stream (SQLite would commit it
	 * with the stream still reading): SC_MISUSE, and it stays open. */
	memset(&s, 0, sizeof s);
	s.stop_after = 1;
	s.conn = c;
	s.end_tx = true;
	CHECK_ST(leads_lead_list_each(c, NULL, collect, &s), SC_OK);
	CHECK(s.n == 1 && s.commit_rc == SC_MISUSE && s.rollback_rc == SC_MISUSE);
	if (env.pg) { /* the transaction and its local settings are intact */
		sc_stmt *st;
		CHECK_ST(sc_stmt_prepare(&st, c, "SELECT current_setting('schemac.probe')"), SC_OK);
		CHECK_ST(sc_stmt_step(st), SC_ROW);
		const char *v = NULL;
		CHECK_ST(sc_stmt_column_text(st, 0, &v, NULL), SC_OK);
		CHECK(v && !strcmp(v, "kept"));
		sc_stmt_finalize(st);
	}
	CHECK_ST(sc_tx_rollback(c), SC_OK);
	int64_t n = -1;
	CHECK_ST(leads_lead_count(c, NULL, &n), SC_OK);
	CHECK(n == NLEADS);
}

/* ---- runtime: sc_stmt_each ---------------------------------------------- */

typedef struct ints {
	int64_t v[16];
	int n;
	int stop_after;
} ints;

static sc_status take_int(sc_stmt *st, void *ud)
{
	ints *x = ud;
	int64_t v = 0;
	sc_status rc = sc_stmt_column_int64(st, 1, &v);
	if (x->n < 16)
		x->v[x->n] = v;
	x->n++;
	if (rc == SC_OK && x->stop_after && x->n >= x->stop_after)
		return SC_DONE;
	return rc;
}

/* Ten rows, the fifth of which fails to compute (division by zero on
 * PostgreSQL, integer overflow on SQLite). */
static const char *failing_sql(void)
{
	return env.pg ? "SELECT i, 10 / (5 - i) FROM generate_series(1, 10) AS s(i)"
		      : "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10) "
			"SELECT i, CASE WHEN i = 5 THEN abs(-9223372036854775807 - 1) ELSE i END FROM s";
}

static void test_stmt_each(sc_conn *c)
{
	sc_stmt *st;
	ints x;
	CHECK_ST(sc_stmt_prepare(&st, c, failing_sql()), SC_OK);
	memset(&x, 0, sizeof x);
	sc_status rc = sc_stmt_each(st, take_int, &x);
	CHECK_MSG(rc != SC_OK && rc != SC_DONE, "mid-stream error: %s", sc_status_name(rc));
	CHECK_MSG(x.n == 4, "rows before the error: %d", x.n); /* rows 1..4 arrived first */
	CHECK(sc_conn_error(c)->message[0] != '\0');
	sc_stmt_finalize(st);
	int64_t n = -1;
	CHECK_ST(leads_lead_count(c, NULL, &n), SC_OK); /* the connection is usable */
	CHECK(n == NLEADS);

	/* early stop through the callback's SC_DONE, then the statement again */
	const char *ok_sql = env.pg ? "SELECT i, i * 2 FROM generate_series(1, $1::int) AS s(i)"
				    : "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $1) "
				      "SELECT i, i * 2 FROM s";
	CHECK_ST(sc_stmt_prepare(&st, c, ok_sql), SC_OK);
	CHECK_ST(sc_stmt_bind_int32(st, 1, 100000), SC_OK);
	memset(&x, 0, sizeof x);
	x.stop_after = 3;
	CHECK_ST(sc_stmt_each(st, take_int, &x), SC_OK);
	CHECK(x.n == 3 && x.v[2] == 6);
	/* bindings kept: run again to the end with fewer rows */
	CHECK_ST(sc_stmt_bind_int32(st, 1, 5), SC_OK);
	memset(&x, 0, sizeof x);
	CHECK_ST(sc_stmt_each(st, take_int, &x), SC_OK);
	CHECK(x.n == 5 && x.v[4] == 10);
	/* the statement without the streaming mode still gives whole results */
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	CHECK_ST(sc_stmt_reset(st), SC_OK);

	/* a step-driven stream stopped by reset, and one by finalize */
	CHECK_ST(sc_stmt_set_streaming(st, true), SC_OK);
	CHECK_ST(sc_stmt_bind_int32(st, 1, 50000), SC_OK);
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	sc_stmt *other;
	CHECK_ST(sc_stmt_prepare(&other, c, "SELECT 1"), SC_MISUSE); /* the stream holds the session */
	CHECK_ST(sc_conn_exec(c, "SELECT 1"), SC_MISUSE);
	CHECK_ST(sc_tx_begin(c, NULL), SC_MISUSE);
	CHECK_ST(sc_stmt_reset(st), SC_OK);
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	sc_stmt_finalize(st);
	CHECK_ST(leads_lead_count(c, NULL, &n), SC_OK);
	CHECK(n == NLEADS);
}

/* PostgreSQL: an early stop outside a transaction cancels a SELECT rather
 * than read it to the end (row 5 takes 30 s here); inside a transaction the
 * rest is read instead (a cancel would abort the transaction), and the
 * transaction goes on. */
static void test_stop_cancels(sc_conn *c)
{
	if (!env.pg)
		return;
	/* the server sends rows as its 8 KB output buffer fills: the first
	 * rows arrive long before row 100000 */
	const char *slow = "SELECT i, i FROM generate_series(1, 200000) AS s(i), "
			   "LATERAL (SELECT pg_sleep(CASE WHEN i = 100000 THEN 30 ELSE 0 END)) AS z";
	sc_stmt *st;
	ints x;
	CHECK_ST(sc_stmt_prepare(&st, c, slow), SC_OK);
	memset(&x, 0, sizeof x);
	x.stop_after = 2;
	int64_t t0 = t_now_ms();
	CHECK_ST(sc_stmt_each(st, take_int, &x), SC_OK);
	int64_t ms = t_now_ms() - t0;
	CHECK_MSG(ms < 10000, "early stop took %lld ms", (long long)ms);
	CHECK(x.n == 2);
	CHECK(sc_conn_error(c)->status == SC_OK || strstr(sc_conn_error(c)->message, "cancel") == NULL);
	sc_stmt_finalize(st);
	int64_t n = -1;
	CHECK_ST(leads_lead_count(c, NULL, &n), SC_OK);
	CHECK(n == NLEADS);

	const char *quick = "SELECT i, 10 / (3000 - i) FROM generate_series(1, 3000) AS s(i)";
	CHECK_ST(sc_tx_begin(c, NULL), SC_OK);
	CHECK_ST(sc_stmt_prepare(&st, c, quick), SC_OK);
	memset(&x, 0, sizeof x);
	x.stop_after = 2;
	/* the statement fails past the stop: read, it is reported (the
	 * transaction is aborted, as the server says) */
	sc_status rc = sc_stmt_each(st, take_int, &x);
	CHECK_MSG(rc != SC_OK, "error after an early stop: %s", sc_status_name(rc));
	CHECK(x.n == 2);
	sc_stmt_finalize(st);
	CHECK_ST(leads_lead_count(c, NULL, &n), SC_TX_ABORTED);
	CHECK_ST(sc_tx_rollback(c), SC_OK);

	/* an early stop inside a transaction that goes on */
	CHECK_ST(sc_tx_begin(c, NULL), SC_OK);
	CHECK_ST(sc_stmt_prepare(&st, c, "SELECT i, i FROM generate_series(1, 30000) AS s(i)"), SC_OK);
	memset(&x, 0, sizeof x);
	x.stop_after = 2;
	CHECK_ST(sc_stmt_each(st, take_int, &x), SC_OK);
	sc_stmt_finalize(st);
	CHECK_ST(leads_lead_count(c, NULL, &n), SC_OK);
	CHECK_ST(sc_tx_commit(c), SC_OK);
}

static void run_all(sc_conn *c)
{
	test_same_rows(c);
	test_early_stop(c);
	test_empty(c);
	test_misuse(c);
	test_in_tx(c);
	test_stmt_each(c);
	test_stop_cancels(c);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){0});
	seed();
	run_all(C);

	/* PgBouncer transaction mode: unnamed statements, nothing prepared */
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = env.url;
	cfg.prepared_statements = false;
	sc_conn *c2;
	REQUIRE(sc_conn_open(&c2, &cfg) == SC_OK);
	run_all(c2);
	sc_conn_close(c2);

	repo_close();
	return repo_done(REPO_PROGRAM);
}
