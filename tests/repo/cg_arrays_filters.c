/* contains / overlaps on array fields (tests/repo/schemas/arrays.schema;
 * docs/generated-api.md, Filters): PostgreSQL @> and &&, SQLite json_each,
 * one parameter each; text elements that need quoting, integers, uuids and
 * enums; NULL arrays match neither; empty value lists; the same filters in
 * count, update_where (which also writes an array) and delete_where. */
#include "repo.h"

#include "arrays.h"

static char *t0[] = {"a", "b \"q\"", "c,d"};
static char *t1[] = {"b \"q\"", "x\\y"};
static char *t2[] = {"caf\xc3\xa9"};
static int32_t s0[] = {1, 2, 3};
static int32_t s1[] = {3, 4};
static int32_t s2[] = {-7};
static int c0[] = {ARRAYS_COLOR_RED, ARRAYS_COLOR_GREEN};
static int c1[] = {ARRAYS_COLOR_BLUE};
static int c2[] = {ARRAYS_COLOR_GREEN, ARRAYS_COLOR_BLUE};

/* The titles of the rows q matches, in id order, joined by ','. */
static const char *titles(sc_query *q, char *buf, size_t n)
{
	arrays_post_order_by(q, ARRAYS_POST_ID, false);
	arrays_post_page p;
	buf[0] = 0;
	CHECK_ST(arrays_post_list(C, q, &p), SC_OK);
	for (size_t i = 0; i < p.len; i++)
		snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", i ? "," : "", p.rows[i].title);
	arrays_post_page_free(&p);
	sc_query_free(q);
	return buf;
}

#define EXPECT(q, want)                                                                 \
	do {                                                                            \
		char buf_[256];                                                         \
		const char *got_ = titles(q, buf_, sizeof buf_);                        \
		CHECK_MSG(!strcmp(got_, want), "%s: got '%s', want '%s'", #q, got_, want); \
	} while (0)

static sc_query *query_where_tags_contains(const char *const *v, size_t n)
{
	sc_query *q = arrays_post_query_new();
	arrays_post_where_tags_contains(q, v, n);
	return q;
}

static sc_query *query_where_tags_overlaps(const char *const *v, size_t n)
{
	sc_query *q = arrays_post_query_new();
	arrays_post_where_tags_overlaps(q, v, n);
	return q;
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	sc_uuid u[2];
	CHECK_ST(sc_uuid_parse("0190a0d2-7a1b-7c3d-8e4f-123456789abc", (size_t)-1, &u[0]), SC_OK);
	CHECK_ST(sc_uuid_parse("ffffffff-0000-4000-8000-000000000001", (size_t)-1, &u[1]), SC_OK);
	struct {
		const char *title;
		sc_array_text tags;
		sc_array_i32 scores;
		sc_array_enum colors;
		sc_array_uuid refs;
		bool labels;
	} rows[] = {
		{"r0", {t0, 3}, {s0, 3}, {c0, 2}, {u, 2}, true},
		{"r1", {t1, 2}, {s1, 2}, {c1, 1}, {u + 1, 1}, false},
		{"r2", {t2, 1}, {s2, 1}, {c2, 2}, {NULL, 0}, true},
		{"r3", {t0, 0}, {s0, 0}, {c0, 0}, {u, 0}, false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		arrays_post r;
		arrays_post_init(&r);
		r.title = (char *)rows[i].title;
		r.tags = rows[i].tags;
		r.scores = rows[i].scores;
		r.colors = rows[i].colors;
		r.refs = rows[i].refs;
		if (rows[i].labels)
			r.labels = rows[i].tags;
		CHECK_ST(arrays_post_insert(C, &r), SC_OK);
	}

	const char *bq[] = {"b \"q\""}, *a_bq[] = {"a", "b \"q\""}, *none[] = {"zzz"}, *mix[] = {"zzz", "x\\y"};
	EXPECT(query_where_tags_contains(bq, 1), "r0,r1");
	EXPECT(query_where_tags_contains(a_bq, 2), "r0");
	EXPECT(query_where_tags_contains(none, 1), "");
	EXPECT(query_where_tags_overlaps(mix, 2), "r1");
	EXPECT(query_where_tags_contains(bq, 0), "r0,r1,r2,r3"); /* every non-NULL array */
	EXPECT(query_where_tags_overlaps(bq, 0), "");
	const char *cafe[] = {"caf\xc3\xa9"};
	EXPECT(query_where_tags_overlaps(cafe, 1), "r2");

	sc_query *q = arrays_post_query_new();
	int32_t three[] = {3}, two_four[] = {2, 4}, neg[] = {-7, 100};
	arrays_post_where_scores_contains(q, three, 1);
	EXPECT(q, "r0,r1");
	q = arrays_post_query_new();
	arrays_post_where_scores_contains(q, two_four, 2);
	EXPECT(q, "");
	q = arrays_post_query_new();
	arrays_post_where_scores_overlaps(q, two_four, 2);
	EXPECT(q, "r0,r1");
	q = arrays_post_query_new();
	arrays_post_where_scores_overlaps(q, neg, 2);
	EXPECT(q, "r2");

	arrays_color blue[] = {ARRAYS_COLOR_BLUE}, rg[] = {ARRAYS_COLOR_RED, ARRAYS_COLOR_GREEN};
	q = arrays_post_query_new();
	arrays_post_where_colors_contains(q, blue, 1);
	EXPECT(q, "r1,r2");
	q = arrays_post_query_new();
	arrays_post_where_colors_overlaps(q, rg, 2);
	EXPECT(q, "r0,r2");
	arrays_color bad[] = {(arrays_color)0};
	q = arrays_post_query_new();
	arrays_post_where_colors_contains(q, bad, 1);
	arrays_post_page p;
	CHECK_ST(arrays_post_list(C, q, &p), SC_INVALID_ARGUMENT);
	sc_query_free(q);

	/* refs: r2's is NULL and matches neither, even with no values */
	q = arrays_post_query_new();
	arrays_post_where_refs_contains(q, u + 1, 1);
	EXPECT(q, "r0,r1");
	q = arrays_post_query_new();
	arrays_post_where_refs_contains(q, u, 0);
	EXPECT(q, "r0,r1,r3");
	/* labels: r0's equals its tags, r2's too; r1 and r3 NULL */
	q = arrays_post_query_new();
	arrays_post_where_labels_overlaps(q, a_bq, 2);
	EXPECT(q, "r0");
	/* combined with other conditions, in an OR group */
	q = arrays_post_query_new();
	sc_query_or_begin(q);
	arrays_post_where_tags_contains(q, cafe, 1);
	arrays_post_where_scores_contains(q, s1, 2);
	sc_query_group_end(q);
	EXPECT(q, "r1,r2");

	/* count, update_where (writing an array) and delete_where */
	int64_t n = 0;
	q = query_where_tags_overlaps(bq, 1);
	CHECK_ST(arrays_post_count(C, q, &n), SC_OK);
	CHECK(n == 2);
	arrays_post set;
	arrays_post_init(&set);
	char *marked[] = {"marked", "it's"};
	set.tags = (sc_array_text){marked, 2};
	arrays_post_col cols[] = {ARRAYS_POST_TAGS};
	CHECK_ST(arrays_post_update_where(C, q, &set, cols, 1, &n), SC_OK);
	CHECK(n == 2);
	sc_query_free(q);
	const char *its[] = {"it's"};
	EXPECT(query_where_tags_contains(its, 1), "r0,r1");
	q = query_where_tags_contains(its, 1);
	CHECK_ST(arrays_post_delete_where(C, q, &n), SC_OK);
	CHECK(n == 2);
	sc_query_free(q);
	EXPECT(arrays_post_query_new(), "r2,r3");

	repo_close();
	return repo_done("codegen arrays filters");
}
