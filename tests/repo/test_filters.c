/* Typed filters of leads: every operator (eq ne lt le gt ge in like ilike
 * is_null not_null) on ints, enums, strings, uuids and timestamps, like
 * (case-sensitive) against ilike (case-insensitive, ASCII and beyond),
 * and/or/not groups nested, soft-deleted rows hidden unless asked for.
 * list, count and exists are checked against the result computed in C
 * from the inserted rows. */
#include "repo_entity.h"

#include "leads.h"

enum { N = 44 };
static leads_lead rows[N];
static char ext[N][24], phone[N][8];
static leads_user users[2];
static const char *names[] = {"Ann", "ann", "ANNA", "Bob", "bob", "\xc3\x89mile" /* Émile */,
			      "\xc3\xa9mile" /* émile */, "\xc3\x89MILE", "O'Hara", "50%_off", "Zed"};
static const char *postcodes[] = {"aa1", "ab2", "b10", "ba", "c", "b"};
#define T0 INT64_C(1700000000000000)

static void seed(void)
{
	for (int u = 0; u < 2; u++) {
		CHECK(leads_user_fake(&users[u], 77 + (uint64_t)u) == SC_OK);
		CHECK_ST(leads_user_insert(C, &users[u]), SC_OK);
	}
	for (int i = 0; i < N; i++) {
		leads_lead *l = &rows[i];
		leads_lead_init(l);
		snprintf(ext[i], sizeof ext[i], "filter-%02d", i);
		l->external_lead_id = ext[i];
		l->first_name = (char *)names[i % 11];
		l->last_name = "L";
		l->email = "f@example.com";
		l->postcode = (char *)postcodes[i % 6];
		l->service_type = LEADS_SERVICE_TYPE_LETTING;
		l->score = (i * 7) % 101;
		l->tier = (leads_tier)(1 + i % 4);
		if (i % 3) {
			snprintf(phone[i], sizeof phone[i], "07%d", i % 5);
			l->phone = phone[i];
		}
		if (i % 5) {
			l->assigned_user_id = users[i % 2].id;
			l->has_assigned_user_id = true;
		}
		if (i % 4 == 1) {
			l->status = LEADS_LEAD_STATUS_REACHED_OUT;
			l->reached_out_at = T0 + i;
			l->has_reached_out_at = true;
		}
		l->created_at = T0 + (int64_t)i * 1000000;
		CHECK_ST(leads_lead_insert(C, l), SC_OK);
	}
}

static bool starts_ci(const char *s, const char *p)
{
	for (; *p; s++, p++)
		if (!*s || (*s | 0x20) != (*p | 0x20))
			return false;
	return true;
}

typedef struct fcase {
	const char *name;
	void (*build)(sc_query *q);
	bool (*want)(const leads_lead *l);
} fcase;

#define CASE(name, build_body, pred)                                              \
	static void b_##name(sc_query *q) { build_body; }                        \
	static bool w_##name(const leads_lead *l) { return (pred); }
#define ENTRY(name) {#name, b_##name, w_##name}

static sc_uuid random_id;
static const int32_t score_vals[] = {0, 7, 14, 99};
static const leads_tier tier_vals[] = {LEADS_TIER_HOT, LEADS_TIER_COLD};
static const char *const name_vals[] = {"ann", "Bob", "O'Hara"};
static const char *eacute = "\xc3\xa9mile";

CASE(score_eq, leads_lead_where_score_eq(q, 14), l->score == 14)
CASE(score_ne, leads_lead_where_score_ne(q, 14), l->score != 14)
CASE(score_lt, leads_lead_where_score_lt(q, 50), l->score < 50)
CASE(score_le, leads_lead_where_score_le(q, 49), l->score <= 49)
CASE(score_gt, leads_lead_where_score_gt(q, 70), l->score > 70)
CASE(score_ge, leads_lead_where_score_ge(q, 70), l->score >= 70)
CASE(score_in, leads_lead_where_score_in(q, score_vals, 4),
     l->score == 0 || l->score == 7 || l->score == 14 || l->score == 99)
CASE(tier_eq, leads_lead_where_tier_eq(q, LEADS_TIER_HOT), l->tier == LEADS_TIER_HOT)
CASE(tier_ne, leads_lead_where_tier_ne(q, LEADS_TIER_HOT), l->tier != LEADS_TIER_HOT)
CASE(tier_in, leads_lead_where_tier_in(q, tier_vals, 2),
     l->tier == LEADS_TIER_HOT || l->tier == LEADS_TIER_COLD)
CASE(name_eq_case_sensitive, leads_lead_where_first_name_eq(q, "ann"), !strcmp(l->first_name, "ann"))
CASE(name_like_case_sensitive, leads_lead_where_first_name_like(q, "A%"), l->first_name[0] == 'A')
CASE(name_ilike_prefix, leads_lead_where_first_name_ilike(q, "a%"), starts_ci(l->first_name, "a"))
CASE(name_ilike_infix, leads_lead_where_first_name_ilike(q, "%NN%"),
     strstr(l->first_name, "nn") || strstr(l->first_name, "NN"))
CASE(name_like_infix, leads_lead_where_first_name_like(q, "%nn%"), strstr(l->first_name, "nn") != NULL)
CASE(name_like_underscore, leads_lead_where_first_name_like(q, "_ob"), !strcmp(l->first_name + 1, "ob"))
CASE(name_like_quote, leads_lead_where_first_name_like(q, "O'%"), !strcmp(l->first_name, "O'Hara"))
/* backslash escapes % and _ on both databases (SQLite has no default escape) */
CASE(name_like_escaped_percent, leads_lead_where_first_name_like(q, "50\\%%"), !strcmp(l->first_name, "50%_off"))
CASE(name_like_escaped_both, leads_lead_where_first_name_like(q, "%\\%\\_o%"), !strcmp(l->first_name, "50%_off"))
CASE(name_like_escaped_nomatch, leads_lead_where_first_name_like(q, "50\\_%"), l->score < 0)
CASE(name_ilike_escaped, leads_lead_where_first_name_ilike(q, "50\\%\\_OFF"), !strcmp(l->first_name, "50%_off"))
CASE(name_in, leads_lead_where_first_name_in(q, name_vals, 3),
     !strcmp(l->first_name, "ann") || !strcmp(l->first_name, "Bob") || !strcmp(l->first_name, "O'Hara"))
CASE(name_ne, leads_lead_where_first_name_ne(q, "Bob"), strcmp(l->first_name, "Bob") != 0)
/* case-insensitive beyond ASCII: É/é */
CASE(name_ilike_utf8, leads_lead_where_first_name_ilike(q, eacute), strstr(l->first_name, "mile") || strstr(l->first_name, "MILE"))
CASE(name_like_utf8, leads_lead_where_first_name_like(q, eacute), !strcmp(l->first_name, eacute))
CASE(postcode_lt, leads_lead_where_postcode_lt(q, "b"), strcmp(l->postcode, "b") < 0)
CASE(postcode_le, leads_lead_where_postcode_le(q, "b"), strcmp(l->postcode, "b") <= 0)
CASE(postcode_gt, leads_lead_where_postcode_gt(q, "b10"), strcmp(l->postcode, "b10") > 0)
CASE(postcode_ge, leads_lead_where_postcode_ge(q, "b10"), strcmp(l->postcode, "b10") >= 0)
CASE(phone_is_null, leads_lead_where_phone_is_null(q), l->phone == NULL)
CASE(phone_not_null, leads_lead_where_phone_not_null(q), l->phone != NULL)
CASE(user_eq, leads_lead_where_assigned_user_id_eq(q, &users[0].id),
     l->has_assigned_user_id && sc_uuid_equal(&l->assigned_user_id, &users[0].id))
CASE(user_ne, leads_lead_where_assigned_user_id_ne(q, &users[0].id),
     l->has_assigned_user_id && !sc_uuid_equal(&l->assigned_user_id, &users[0].id)) /* SQL: NULL <> x is not true */
CASE(user_is_null, leads_lead_where_assigned_user_id_is_null(q), !l->has_assigned_user_id)
CASE(reached_not_null, leads_lead_where_reached_out_at_not_null(q), l->has_reached_out_at)
CASE(created_range, leads_lead_where_created_at_ge(q, T0 + 5000000); leads_lead_where_created_at_lt(q, T0 + 20000000),
     l->created_at >= T0 + 5000000 && l->created_at < T0 + 20000000)
CASE(status_eq, leads_lead_where_status_eq(q, LEADS_LEAD_STATUS_REACHED_OUT), l->status == LEADS_LEAD_STATUS_REACHED_OUT)
CASE(id_in, sc_uuid v[3]; v[0] = rows[1].id; v[1] = rows[3].id; v[2] = random_id; leads_lead_where_id_in(q, v, 3),
     sc_uuid_equal(&l->id, &rows[1].id) || sc_uuid_equal(&l->id, &rows[3].id))
CASE(or_group, sc_query_or_begin(q); leads_lead_where_score_ge(q, 90); leads_lead_where_phone_is_null(q);
     sc_query_group_end(q), l->score >= 90 || l->phone == NULL)
CASE(and_in_or, sc_query_or_begin(q); sc_query_and_begin(q); leads_lead_where_tier_eq(q, LEADS_TIER_HOT);
     leads_lead_where_score_lt(q, 50); sc_query_group_end(q); leads_lead_where_first_name_ilike(q, "bob");
     sc_query_group_end(q),
     (l->tier == LEADS_TIER_HOT && l->score < 50) || starts_ci(l->first_name, "bob"))
CASE(not_simple, sc_query_not_begin(q); leads_lead_where_score_lt(q, 50); sc_query_group_end(q), !(l->score < 50))
CASE(not_of_or, sc_query_not_begin(q); sc_query_or_begin(q); leads_lead_where_phone_is_null(q);
     leads_lead_where_tier_eq(q, LEADS_TIER_HOT); sc_query_group_end(q); sc_query_group_end(q),
     !(l->phone == NULL || l->tier == LEADS_TIER_HOT))
CASE(not_of_and, sc_query_not_begin(q); leads_lead_where_score_ge(q, 20); leads_lead_where_tier_ne(q, LEADS_TIER_COLD);
     sc_query_group_end(q), !(l->score >= 20 && l->tier != LEADS_TIER_COLD))
CASE(deep, leads_lead_where_score_ge(q, 20); sc_query_or_begin(q); sc_query_not_begin(q);
     leads_lead_where_first_name_like(q, "A%"); sc_query_group_end(q); sc_query_and_begin(q);
     leads_lead_where_phone_not_null(q); leads_lead_where_assigned_user_id_is_null(q); sc_query_group_end(q);
     sc_query_group_end(q),
     l->score >= 20 && (!(l->first_name[0] == 'A') || (l->phone != NULL && !l->has_assigned_user_id)))

static const fcase cases[] = {
	ENTRY(score_eq), ENTRY(score_ne), ENTRY(score_lt), ENTRY(score_le), ENTRY(score_gt), ENTRY(score_ge),
	ENTRY(score_in), ENTRY(tier_eq), ENTRY(tier_ne), ENTRY(tier_in), ENTRY(name_eq_case_sensitive),
	ENTRY(name_like_case_sensitive), ENTRY(name_ilike_prefix), ENTRY(name_ilike_infix), ENTRY(name_like_infix),
	ENTRY(name_like_underscore), ENTRY(name_like_quote), ENTRY(name_like_escaped_percent),
	ENTRY(name_like_escaped_both), ENTRY(name_like_escaped_nomatch), ENTRY(name_ilike_escaped), ENTRY(name_in), ENTRY(name_ne), ENTRY(name_ilike_utf8),
	ENTRY(name_like_utf8), ENTRY(postcode_lt), ENTRY(postcode_le), ENTRY(postcode_gt), ENTRY(postcode_ge),
	ENTRY(phone_is_null), ENTRY(phone_not_null), ENTRY(user_eq), ENTRY(user_ne), ENTRY(user_is_null),
	ENTRY(reached_not_null), ENTRY(created_range), ENTRY(status_eq), ENTRY(id_in), ENTRY(or_group),
	ENTRY(and_in_or), ENTRY(not_simple), ENTRY(not_of_or), ENTRY(not_of_and), ENTRY(deep),
};

static bool deleted[N];

static void run_case(const fcase *f, bool with_deleted)
{
	sc_query *q = leads_lead_query_new();
	REQUIRE(q != NULL);
	f->build(q);
	sc_query_with_deleted(q, with_deleted);
	bool want[N];
	int nwant = 0;
	for (int i = 0; i < N; i++) {
		want[i] = (with_deleted || !deleted[i]) && f->want(&rows[i]);
		nwant += want[i];
	}
	leads_lead_page p = {0};
	sc_status st = leads_lead_list(C, q, &p);
	CHECK_MSG(st == SC_OK, "%s: list: %s (%s)", f->name, sc_status_name(st), sc_conn_error(C)->message);
	int got[N] = {0}, extra = 0;
	for (size_t r = 0; st == SC_OK && r < p.len; r++) {
		int i = -1;
		for (int k = 0; k < N; k++)
			if (sc_uuid_equal(&rows[k].id, &p.rows[r].id))
				i = k;
		if (i < 0 || !want[i]) {
			extra++;
			if (i >= 0)
				fprintf(stderr, "%s: unexpected row %d (%s)\n", f->name, i, rows[i].first_name);
		} else {
			got[i]++;
		}
	}
	int missing = 0;
	for (int i = 0; i < N; i++)
		if (want[i] && got[i] != 1) {
			missing++;
			fprintf(stderr, "%s: row %d (%s) missing\n", f->name, i, rows[i].first_name);
		}
	CHECK_MSG(extra == 0 && missing == 0, "%s%s: %d unexpected, %d missing (want %d)", f->name,
		  with_deleted ? " (with deleted)" : "", extra, missing, nwant);
	leads_lead_page_free(&p);
	int64_t n = -1;
	CHECK_ST(leads_lead_count(C, q, &n), SC_OK);
	CHECK_MSG(n == nwant, "%s: count %lld, want %d", f->name, (long long)n, nwant);
	bool ex = !nwant;
	CHECK_ST(leads_lead_exists(C, q, &ex), SC_OK);
	CHECK_MSG(ex == (nwant > 0), "%s: exists %d", f->name, ex);
	sc_query_free(q);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 2});
	REQUIRE(sc_uuid_v7(&random_id) == SC_OK);
	seed();
	size_t ncases = sizeof cases / sizeof cases[0];
	for (size_t c = 0; c < ncases; c++)
		run_case(&cases[c], false);
	/* soft delete a few rows: hidden, unless with_deleted */
	for (int i = 0; i < N; i += 5) {
		CHECK_ST(leads_lead_delete(C, &rows[i].id, rows[i].version), SC_OK);
		deleted[i] = true;
	}
	for (size_t c = 0; c < ncases; c++) {
		run_case(&cases[c], false);
		run_case(&cases[c], true);
	}
	/* building errors surface at execution: a NULL string value */
	sc_query *q = leads_lead_query_new();
	leads_lead_where_first_name_eq(q, NULL);
	int64_t n;
	CHECK_ST(leads_lead_count(C, q, &n), SC_INVALID_ARGUMENT);
	sc_query_free(q);
	for (int u = 0; u < 2; u++)
		leads_user_free(&users[u]);
	repo_close();
	return repo_done("repo filters");
}
