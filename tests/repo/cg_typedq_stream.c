/* The streaming form of list queries (issue 13 item 4, docs/queries.md):
 * <prefix>_<query>_each gives the same rows in the same order as the page
 * form, for an entity result and an inline result (NULL columns, list
 * parameters, the empty list: no callback); an early stop, with the
 * connection used at once; an error in the middle of the result; one
 * query-hook event and one prepared statement per query text. */
#include "repo.h"

#include "typedq.h"

enum { NITEMS = 40 };
static const char *names[NITEMS];
static char name_buf[NITEMS][16];

/* NITEMS items; every third one has all nullable columns set. */
static void seed(void)
{
	static uint8_t bytes[] = {0, 7, 0xfe};
	static const typedq_tier tiers[] = {TYPEDQ_TIER_HOT, TYPEDQ_TIER_WARM, TYPEDQ_TIER_COLD};
	for (int i = 0; i < NITEMS; i++) {
		snprintf(name_buf[i], sizeof name_buf[i], "it-%02d", i);
		names[i] = name_buf[i];
		bool full = i % 3 == 0;
		sc_uuid u;
		CHECK(sc_uuid_v7(&u) == SC_OK);
		int64_t at = INT64_C(1700000000000000) + i;
		typedq_add_item_params p = {.name = names[i], .code = full ? "C" : NULL, .qty = i, .price = "1.00",
					    .tier = tiers[i % 3], .uid = full ? &u : NULL,
					    .blob = {full ? bytes : NULL, full ? sizeof bytes : 0}, .at = full ? &at : NULL};
		int64_t n = 0;
		CHECK_ST(typedq_add_item(C, &p, &n), SC_OK);
	}
}

/* What the entity callback saw (copied: the row is valid during the call only). */
typedef struct items_seen {
	typedq_item rows[NITEMS + 1];
	char names[NITEMS + 1][16];
	int n;
	int stop_after; /* 0: never */
} items_seen;

static int take_item(const typedq_item *row, void *ud)
{
	items_seen *s = ud;
	if (s->n <= NITEMS) {
		s->rows[s->n] = *row;
		snprintf(s->names[s->n], sizeof s->names[0], "%s", row->name);
		CHECK(row->_mem == NULL); /* the row is the library's, not the caller's to free */
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

/* An entity-result query with a list parameter: the same rows as the page
 * form; the empty list calls nothing; an early stop, then other queries. */
static void test_entity_rows(void)
{
	typedq_item_page pg;
	CHECK_ST(typedq_items_by_names(C, names, NITEMS, &pg), SC_OK);
	static items_seen s;
	memset(&s, 0, sizeof s);
	CHECK_ST(typedq_items_by_names_each(C, names, NITEMS, take_item, &s), SC_OK);
	CHECK_MSG((size_t)s.n == pg.len && pg.len == NITEMS, "each %d rows, page %zu", s.n, pg.len);
	for (size_t i = 0; i < pg.len && i < (size_t)s.n; i++) {
		const typedq_item *a = &pg.rows[i], *b = &s.rows[i];
		CHECK(a->id == b->id && a->qty == b->qty && a->tier == b->tier && !strcmp(a->name, s.names[i]));
		CHECK(a->has_uid == b->has_uid && (!a->has_uid || sc_uuid_equal(&a->uid, &b->uid)));
		CHECK(a->has_at == b->has_at && a->at == b->at && (a->blob.data == NULL) == (b->blob.data == NULL));
	}
	typedq_item_page_free(&pg);

	memset(&s, 0, sizeof s);
	CHECK_ST(typedq_items_by_names_each(C, NULL, 0, take_item, &s), SC_OK);
	CHECK_MSG(s.n == 0, "empty list: %d callbacks", s.n);
	CHECK_ST(typedq_items_by_names_each(C, NULL, 1, take_item, &s), SC_INVALID_ARGUMENT);
	CHECK_ST(typedq_items_by_names_each(C, names, 1, NULL, NULL), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_conn_error(C)->message, "NULL callback") != NULL);

	/* stop after 3 rows; the connection and the statement run again at once */
	memset(&s, 0, sizeof s);
	s.stop_after = 3;
	CHECK_ST(typedq_items_by_names_each(C, names, NITEMS, take_item, &s), SC_OK);
	CHECK_MSG(s.n == 3, "stopped after %d rows", s.n);
	CHECK(!strcmp(s.names[0], "it-00") && !strcmp(s.names[2], "it-02"));
	typedq_item e;
	CHECK_ST(typedq_item_by_name(C, "it-05", &e), SC_OK);
	CHECK(e.qty == 5);
	typedq_item_free(&e);
	memset(&s, 0, sizeof s);
	CHECK_ST(typedq_items_by_names_each(C, names, NITEMS, take_item, &s), SC_OK);
	CHECK(s.n == NITEMS);
}

/* What the inline callback saw, as text per row. */
typedef struct cols_seen {
	char rows[NITEMS + 1][160];
	int n;
	int stop_after;
} cols_seen;

static void describe(char *out, size_t size, const typedq_cols_by_names_row *r)
{
	char uid[40] = "-";
	if (r->has_uid)
		sc_uuid_format(&r->uid, uid);
	snprintf(out, size, "%s|%s|%d|%s|%zu|%d:%lld", r->name, r->code ? r->code : "NULL", r->qty, uid,
		 r->blob.data ? r->blob.len : (size_t)999, r->has_at, (long long)r->at);
}

static int take_cols(const typedq_cols_by_names_row *row, void *ud)
{
	cols_seen *s = ud;
	if (s->n <= NITEMS)
		describe(s->rows[s->n], sizeof s->rows[0], row);
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

/* An inline-result query (NULL columns: pointers and has_ flags): the same
 * rows as the page form; the empty list; an early stop. */
static void test_inline_rows(void)
{
	typedq_cols_by_names_page pg;
	CHECK_ST(typedq_cols_by_names(C, names, NITEMS, &pg), SC_OK);
	static cols_seen s;
	memset(&s, 0, sizeof s);
	CHECK_ST(typedq_cols_by_names_each(C, names, NITEMS, take_cols, &s), SC_OK);
	CHECK_MSG((size_t)s.n == pg.len && pg.len == NITEMS, "each %d rows, page %zu", s.n, pg.len);
	int nulls = 0;
	for (size_t i = 0; i < pg.len && i < (size_t)s.n; i++) {
		char want[160];
		describe(want, sizeof want, &pg.rows[i]);
		CHECK_MSG(!strcmp(want, s.rows[i]), "row %zu: page %s, each %s", i, want, s.rows[i]);
		nulls += pg.rows[i].code == NULL && !pg.rows[i].has_uid && !pg.rows[i].has_at;
	}
	CHECK_MSG(nulls == NITEMS - (NITEMS + 2) / 3, "rows with NULL columns: %d", nulls);
	typedq_cols_by_names_page_free(&pg);

	memset(&s, 0, sizeof s);
	CHECK_ST(typedq_cols_by_names_each(C, NULL, 0, take_cols, &s), SC_OK);
	CHECK(s.n == 0);

	memset(&s, 0, sizeof s);
	s.stop_after = 1;
	CHECK_ST(typedq_cols_by_names_each(C, names, NITEMS, take_cols, &s), SC_OK);
	CHECK(s.n == 1 && !strncmp(s.rows[0], "it-00|C|0|", 10));
	int64_t n = -1;
	int64_t ids[] = {1};
	CHECK_ST(typedq_bump(C, ids, 1, 0, &n), SC_OK);
	CHECK(n == 1);
}

typedef struct ints_seen {
	int i[16];
	int n;
} ints_seen;

static int take_int(const typedq_fails_at_row *row, void *ud)
{
	ints_seen *s = ud;
	if (s->n < 16)
		s->i[s->n] = row->i;
	s->n++;
	return 0;
}

/* Row 5 of 10 fails: the error status, the rows before it delivered, the
 * connection usable after; the same query without the failing row is fine. */
static void test_error_mid_stream(void)
{
	ints_seen s;
	memset(&s, 0, sizeof s);
	sc_status rc = typedq_fails_at_each(C, 5, take_int, &s);
	CHECK_MSG(rc != SC_OK && rc != SC_DONE, "mid-stream error: %s", sc_status_name(rc));
	CHECK_MSG(s.n == 4 && s.i[0] == 1 && s.i[3] == 4, "rows before the error: %d", s.n);
	CHECK(sc_conn_error(C)->message[0] != '\0');
	typedq_fails_at_page pg;
	CHECK_ST(typedq_fails_at(C, 5, &pg), rc); /* the page form fails the same way */
	typedq_fails_at_page_free(&pg);
	memset(&s, 0, sizeof s);
	CHECK_ST(typedq_fails_at_each(C, 0, take_int, &s), SC_OK);
	CHECK(s.n == 10 && s.i[9] == 10);
}

/* Each call is one query-hook event, stopped early or not; on PostgreSQL
 * the query text is prepared once per connection for both forms. */
static void test_hook_and_cache(void)
{
	items_seen *s = calloc(1, sizeof *s);
	CHECK(s != NULL);
	if (!s)
		return;
	long before = atomic_load(&repo_queries);
	CHECK_ST(typedq_items_by_names_each(C, names, NITEMS, take_item, s), SC_OK);
	s->n = 0;
	s->stop_after = 2;
	CHECK_ST(typedq_items_by_names_each(C, names, NITEMS, take_item, s), SC_OK);
	CHECK_MSG(atomic_load(&repo_queries) == before + 2, "hook events: %ld", atomic_load(&repo_queries) - before);
	free(s);
	if (!env.pg)
		return;
	sc_stmt *st = NULL;
	int64_t n = -1;
	CHECK_ST(sc_stmt_prepare(&st, C,
				 "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%name, code, qty, uid%' "
				 "AND statement NOT LIKE '%pg_prepared_statements%'"),
		 SC_OK);
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	CHECK_ST(sc_stmt_column_int64(st, 0, &n), SC_OK);
	sc_stmt_finalize(st);
	/* PgBouncer mode prepares nothing (any server connection: none) */
	CHECK_MSG(n == (env.bouncer ? 0 : 1), "cols_by_names prepared %lld times", (long long)n);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	seed();
	test_entity_rows();
	test_inline_rows();
	test_error_mid_stream();
	test_hook_and_cache();
	repo_close();
	return repo_done("codegen typed queries, streaming form");
}
