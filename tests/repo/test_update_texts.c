/* update_fields keeps its UPDATE texts per connection and column set
 * (runtime/src/codec/update_sql.c): a set given in another order or with
 * duplicates finds the same text, and past SC_UPDATE_TEXTS_MAX (256) sets
 * the connection starts over; every call still writes exactly the columns
 * asked for, on both databases. Uses the 300-column entity of test_wide.c
 * (more columns than update_sql.c keeps on the stack). */
#include "repo_entity.h"

#include "wide.h"

typedef wide_row row_t;
static const sc_entity_meta *M = &wide_row_meta;

/* The stored row equals want in every column. */
static void expect_stored(const row_t *want, const char *what)
{
	row_t got;
	CHECK_RUN(wide_row_get(C, want->id, 0, &got), SC_OK);
	int bad = repo_row_diff(M, want, &got, 0, what);
	CHECK_MSG(bad == 0, "%s: %d columns differ", what, bad);
	wide_row_free(&got);
}

/* Set cols (given as is: order, duplicates) of a from src, through
 * update_fields. */
static void update_from(row_t *a, const row_t *src, const wide_row_col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		repo_col_copy(&M->cols[cols[i]], a, src);
	CHECK_RUN(wide_row_update_fields(C, a, cols, n), SC_OK);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 2});
	row_t a, b[3];
	wide_row_init(&a);
	CHECK_RUN(wide_row_fake(&a, 1), SC_OK);
	CHECK_RUN(wide_row_insert(C, &a), SC_OK);
	for (int k = 0; k < 3; k++) {
		wide_row_init(&b[k]);
		CHECK_RUN(wide_row_fake(&b[k], 2 + (uint64_t)k), SC_OK);
	}
	/* one set per column: more sets than the connection keeps */
	unsigned sets = 0;
	for (unsigned c = 0; c < M->ncols; c++) {
		if (repo_is_pk(M, c) || c == WIDE_ROW_C299)
			continue;
		wide_row_col one[2] = {(wide_row_col)c, (wide_row_col)c};
		update_from(&a, &b[c % 2], one, 2);
		sets++;
	}
	CHECK(sets > 256);
	expect_stored(&a, "one column at a time");
	/* the same set in three orders, with a duplicate: each writes its values */
	const wide_row_col s1[] = {WIDE_ROW_C005, WIDE_ROW_C002, WIDE_ROW_C009};
	const wide_row_col s2[] = {WIDE_ROW_C009, WIDE_ROW_C005, WIDE_ROW_C002, WIDE_ROW_C005};
	const wide_row_col s3[] = {WIDE_ROW_C002, WIDE_ROW_C009, WIDE_ROW_C005};
	update_from(&a, &b[2], s1, 3);
	expect_stored(&a, "set {5, 2, 9}");
	update_from(&a, &b[0], s2, 4);
	expect_stored(&a, "set {9, 5, 2, 5}");
	update_from(&a, &b[1], s3, 3);
	expect_stored(&a, "set {2, 9, 5}");
	/* a bad column after good ones: refused, nothing written */
	const wide_row_col bad[] = {WIDE_ROW_C003, WIDE_ROW_ID};
	row_t before = a;
	repo_col_copy(&M->cols[WIDE_ROW_C003], &a, &b[2]);
	CHECK_RUN(wide_row_update_fields(C, &a, bad, 2), SC_INVALID_ARGUMENT);
	expect_stored(&before, "refused set");
	for (int k = 0; k < 3; k++)
		wide_row_free(&b[k]);
	wide_row_free(&a);
	repo_close();
	return repo_done("repo update texts");
}
