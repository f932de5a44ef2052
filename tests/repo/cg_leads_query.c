/* Generated code of schema/leads.schema: lists with typed filters, groups,
 * ordering, offset and keyset pagination, count/exists, list_by_<fk> and
 * batch loaders (one query, counted with the query hook). */
#include "repo.h"

#include "leads.h"


enum { NLEADS = 37 };
static leads_lead leads[NLEADS];
static char ext[NLEADS][32], email[NLEADS][64];

/* 37 leads: scores 0..4 repeating (many duplicates), every third without a
 * phone, tiers cycling, emails in mixed case. */
static void seed(void)
{
	for (int i = 0; i < NLEADS; i++) {
		leads_lead *l = &leads[i];
		leads_lead_init(l);
		snprintf(ext[i], sizeof ext[i], "q-%02d", i);
		snprintf(email[i], sizeof email[i], "%s%02d@Example.COM", i % 2 ? "Bob" : "alice", i);
		l->external_lead_id = ext[i];
		l->first_name = "F";
		l->last_name = "L";
		l->email = email[i];
		l->postcode = "P1";
		l->service_type = LEADS_SERVICE_TYPE_SALE;
		l->score = i % 5;
		l->tier = (leads_tier)(1 + i % 4);
		l->phone = i % 3 == 0 ? NULL : "+44 20";
	}
	CHECK_ST(leads_lead_insert_many(C, leads, NLEADS), SC_OK);
}

static int index_of(const sc_uuid *id)
{
	for (int i = 0; i < NLEADS; i++)
		if (sc_uuid_equal(&leads[i].id, id))
			return i;
	return -1;
}

/* Not a CHECK itself: it is used inside CHECK(), whose lock is not recursive. */
static int64_t count(sc_query *q)
{
	int64_t n = -1;
	sc_status rc = leads_lead_count(C, q, &n);
	if (rc != SC_OK) {
		fprintf(stderr, "count: %s (%s)\n", sc_status_name(rc), sc_conn_error(C)->message);
		return -1;
	}
	return n;
}

static void test_filters(void)
{
	CHECK(count(NULL) == NLEADS);
	sc_query *q = leads_lead_query_new();
	leads_lead_where_score_ge(q, 3);
	int64_t want = 0;
	for (int i = 0; i < NLEADS; i++)
		want += leads[i].score >= 3;
	CHECK(count(q) == want);
	sc_query_free(q);

	q = leads_lead_query_new();
	leads_tier tiers[] = {LEADS_TIER_HOT, LEADS_TIER_COLD};
	leads_lead_where_tier_in(q, tiers, 2);
	want = 0;
	for (int i = 0; i < NLEADS; i++)
		want += leads[i].tier == LEADS_TIER_HOT || leads[i].tier == LEADS_TIER_COLD;
	CHECK(count(q) == want);
	sc_query_free(q);

	/* like is case-sensitive, ilike is not, on both databases */
	q = leads_lead_query_new();
	leads_lead_where_email_like(q, "bob%");
	CHECK(count(q) == 0);
	sc_query_free(q);
	q = leads_lead_query_new();
	leads_lead_where_email_ilike(q, "bob%@example.com");
	CHECK(count(q) == NLEADS / 2);
	sc_query_free(q);

	q = leads_lead_query_new();
	leads_lead_where_phone_is_null(q);
	CHECK(count(q) == (NLEADS + 2) / 3);
	sc_query_free(q);

	/* (score = 0 OR phone IS NULL) AND NOT (tier = hot) */
	q = leads_lead_query_new();
	sc_query_or_begin(q);
	leads_lead_where_score_eq(q, 0);
	leads_lead_where_phone_is_null(q);
	sc_query_group_end(q);
	sc_query_not_begin(q);
	leads_lead_where_tier_eq(q, LEADS_TIER_HOT);
	sc_query_group_end(q);
	want = 0;
	for (int i = 0; i < NLEADS; i++)
		want += (leads[i].score == 0 || !leads[i].phone) && leads[i].tier != LEADS_TIER_HOT;
	CHECK(count(q) == want);
	bool any = false;
	CHECK_ST(leads_lead_exists(C, q, &any), SC_OK);
	CHECK(any == (want > 0));
	sc_query_free(q);

	q = leads_lead_query_new();
	leads_lead_where_external_lead_id_eq(q, "no-such");
	CHECK_ST(leads_lead_exists(C, q, &any), SC_OK);
	CHECK(!any);
	sc_query_free(q);

	/* a value that is not valid is reported by the executing call */
	q = leads_lead_query_new();
	leads_lead_where_tier_eq(q, (leads_tier)0);
	int64_t n;
	CHECK_ST(leads_lead_count(C, q, &n), SC_INVALID_ARGUMENT);
	sc_query_free(q);
	q = leads_lead_query_new();
	sc_query_or_begin(q);
	CHECK_ST(leads_lead_count(C, q, &n), SC_INVALID_ARGUMENT); /* unclosed group */
	sc_query_free(q);
}

static void test_order_offset(void)
{
	sc_query *q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_SCORE, true);
	leads_lead_order_by(q, LEADS_LEAD_EXTERNAL_LEAD_ID, false);
	sc_query_offset(q, 5);
	sc_query_limit(q, 10);
	leads_lead_page p;
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	CHECK(p.len == 10 && p.next_cursor != NULL);
	for (size_t i = 1; i < p.len; i++) {
		const leads_lead *a = &p.rows[i - 1], *b = &p.rows[i];
		CHECK(a->score > b->score || (a->score == b->score && strcmp(a->external_lead_id, b->external_lead_id) < 0));
		CHECK(b->_mem == NULL);
	}
	/* score 4: 7 rows (4, 9, ..., 34); offset 5 lands on the 6th of them */
	CHECK(p.len && p.rows[0].score == 4 && !strcmp(p.rows[0].external_lead_id, "q-29"));
	leads_lead_page_free(&p);
	CHECK(p.rows == NULL && p.len == 0);
	sc_query_free(q);

	/* q NULL: all live rows */
	CHECK_ST(leads_lead_list(C, NULL, &p), SC_OK);
	CHECK(p.len == NLEADS && p.next_cursor == NULL);
	leads_lead_page_free(&p);
}

/* Walk every page; every row must be seen exactly once, in order. */
static void walk(leads_lead_col col, bool desc, int64_t page_size)
{
	int seen[NLEADS] = {0};
	sc_query *q = leads_lead_query_new();
	leads_lead_order_by(q, col, desc);
	sc_query_limit(q, page_size);
	int pages = 0, total = 0;
	leads_lead prev;
	memset(&prev, 0, sizeof prev);
	bool have_prev = false;
	char *cursor = NULL;
	for (;;) {
		leads_lead_page p;
		CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
		pages++;
		for (size_t i = 0; i < p.len; i++) {
			int k = index_of(&p.rows[i].id);
			CHECK(k >= 0);
			if (k >= 0)
				seen[k]++;
			total++;
			if (have_prev && col == LEADS_LEAD_SCORE)
				CHECK(desc ? prev.score >= p.rows[i].score : prev.score <= p.rows[i].score);
			if (have_prev && col == LEADS_LEAD_PHONE && !desc) /* NULLs last */
				CHECK(!(prev.phone == NULL && p.rows[i].phone != NULL));
			prev = p.rows[i];
			prev.phone = p.rows[i].phone ? "x" : NULL;
			have_prev = true;
		}
		free(cursor);
		cursor = p.next_cursor ? strdup(p.next_cursor) : NULL;
		CHECK(p.len <= (size_t)page_size);
		leads_lead_page_free(&p);
		if (!cursor || pages > NLEADS + 2)
			break;
		sc_query_after(q, cursor);
	}
	free(cursor);
	CHECK_MSG(total == NLEADS, "total %d", total);
	for (int i = 0; i < NLEADS; i++)
		CHECK_MSG(seen[i] == 1, "row %d seen %d times (col %d desc %d)", i, seen[i], (int)col, desc);
	sc_query_free(q);
}

static void test_keyset(void)
{
	walk(LEADS_LEAD_SCORE, true, 4);
	walk(LEADS_LEAD_SCORE, false, 5);
	walk(LEADS_LEAD_PHONE, false, 3); /* nullable sort key */
	walk(LEADS_LEAD_PHONE, true, 6);
	walk(LEADS_LEAD_ID, false, 10);

	/* a cursor of another ordering is refused */
	sc_query *q = leads_lead_query_new();
	sc_query_limit(q, 2);
	leads_lead_page p;
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	REQUIRE(p.next_cursor != NULL);
	sc_query *other = leads_lead_query_new();
	leads_lead_order_by(other, LEADS_LEAD_SCORE, false);
	sc_query_after(other, p.next_cursor);
	leads_lead_page p2;
	CHECK_ST(leads_lead_list(C, other, &p2), SC_INVALID_ARGUMENT);
	sc_query_after(other, "!!not base64!!");
	CHECK_ST(leads_lead_list(C, other, &p2), SC_INVALID_ARGUMENT);
	leads_lead_page_free(&p);
	sc_query_free(other);
	sc_query_free(q);

	/* survives inserts between pages: rows after the cursor still come */
	q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_EXTERNAL_LEAD_ID, false);
	sc_query_limit(q, 10);
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	leads_lead late;
	leads_lead_init(&late);
	late.external_lead_id = "z-late";
	late.first_name = late.last_name = late.email = late.postcode = "x";
	late.service_type = LEADS_SERVICE_TYPE_SALE;
	CHECK_ST(leads_lead_insert(C, &late), SC_OK);
	int rest = 0;
	bool saw_late = false;
	sc_query_after(q, p.next_cursor);
	leads_lead_page_free(&p);
	sc_query_limit(q, 100);
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	for (size_t i = 0; i < p.len; i++) {
		rest++;
		saw_late |= !strcmp(p.rows[i].external_lead_id, "z-late");
	}
	CHECK(rest == NLEADS - 10 + 1 && saw_late);
	leads_lead_page_free(&p);
	sc_query_free(q);
	CHECK_ST(leads_lead_delete_hard(C, &late.id, late.version), SC_OK);
}

static void test_soft_deleted_hidden(void)
{
	CHECK_ST(leads_lead_delete(C, &leads[0].id, leads[0].version), SC_OK);
	CHECK(count(NULL) == NLEADS - 1);
	sc_query *q = leads_lead_query_new();
	sc_query_with_deleted(q, true);
	CHECK(count(q) == NLEADS);
	sc_query_free(q);
	CHECK_ST(leads_lead_restore(C, &leads[0].id), SC_OK);
	CHECK(count(NULL) == NLEADS);
}

static void test_relations(void)
{
	/* scores for leads 0..2: 3, 1 and 2 rows; none for lead 3 */
	int per[4] = {3, 1, 2, 0};
	for (int k = 0; k < 4; k++) {
		for (int j = 0; j < per[k]; j++) {
			leads_lead_score s;
			leads_lead_score_init(&s);
			s.lead_id = leads[k].id;
			s.tier = LEADS_TIER_WARM;
			s.overall_score = 0;
			CHECK_ST(leads_lead_score_insert(C, &s), SC_OK);
		}
	}
	leads_lead_score_page p;
	CHECK_ST(leads_lead_score_list_by_lead_id(C, &leads[0].id, NULL, &p), SC_OK);
	CHECK(p.len == 3);
	leads_lead_score_page_free(&p);
	sc_query *q = sc_query_new(&leads_lead_score_meta);
	sc_query_limit(q, 2);
	CHECK_ST(leads_lead_score_list_by_lead_id(C, &leads[0].id, q, &p), SC_OK);
	CHECK(p.len == 2 && p.next_cursor != NULL);
	leads_lead_score_page_free(&p);
	sc_query_free(q);

	sc_uuid keys[4] = {leads[0].id, leads[1].id, leads[2].id, leads[3].id};
	long q0 = atomic_load(&repo_queries);
	CHECK_ST(leads_lead_score_load_by_lead_ids(C, keys, 4, &p), SC_OK);
	CHECK_MSG(atomic_load(&repo_queries) - q0 == 1, "%ld queries", atomic_load(&repo_queries) - q0);
	CHECK(p.len == 6);
	for (size_t i = 1; i < p.len; i++) {
		char a[SC_UUID_STRLEN + 1], b[SC_UUID_STRLEN + 1];
		sc_uuid_format(&p.rows[i - 1].lead_id, a);
		sc_uuid_format(&p.rows[i].lead_id, b);
		int c = strcmp(a, b);
		CHECK(c < 0 || (c == 0 && p.rows[i - 1].id < p.rows[i].id));
	}
	leads_lead_score_page_free(&p);
	CHECK_ST(leads_lead_score_load_by_lead_ids(C, keys, 0, &p), SC_OK);
	CHECK(p.len == 0);
	leads_lead_score_page_free(&p);

	/* nullable @ref: list_by on leads.assigned_user_id */
	leads_user u;
	leads_user_init(&u);
	u.username = "agent";
	u.email = "agent@example.com";
	u.hashed_password = "h";
	CHECK_ST(leads_user_insert(C, &u), SC_OK);
	leads_lead a = leads[5];
	a.assigned_user_id = u.id;
	a.has_assigned_user_id = true;
	leads_lead_col cols[] = {LEADS_LEAD_ASSIGNED_USER_ID};
	CHECK_ST(leads_lead_update_fields(C, &a, cols, 1), SC_OK);
	leads[5] = a;
	leads_lead_page lp;
	CHECK_ST(leads_lead_list_by_assigned_user_id(C, &u.id, NULL, &lp), SC_OK);
	CHECK(lp.len == 1 && lp.len && !strcmp(lp.rows[0].external_lead_id, "q-05"));
	leads_lead_page_free(&lp);
	CHECK_ST(leads_lead_load_by_assigned_user_ids(C, &u.id, 1, &lp), SC_OK);
	CHECK(lp.len == 1);
	leads_lead_page_free(&lp);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	seed();
	test_filters();
	test_order_offset();
	test_keyset();
	test_soft_deleted_hidden();
	test_relations();
	repo_close();
	return repo_done("codegen leads query");
}
