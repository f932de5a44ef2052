/* Lists, counts and bulk writes keep their SQL text per connection and
 * filter shape (runtime/src/codec/query_texts.c): calls of one shape with
 * other values, IN lists of other lengths, keyset cursors with and without
 * NULL sort values, and bulk updates of other column sets must each still
 * run their own statement with their own values, also past
 * SC_QUERY_TEXTS_MAX (256) shapes, where the connection starts over. Uses
 * the 300-column entity of test_wide.c (one shape per column). */
#include "repo_entity.h"

#include "wide.h"

typedef wide_row row_t;
static const sc_entity_meta *M = &wide_row_meta;

enum { NROWS = 3 };
static row_t rows[NROWS];

static const void *member(const row_t *r, unsigned col)
{
	return (const unsigned char *)r + M->cols[col].offset;
}

/* Is column col of r NULL (a nullable scalar's has_ flag, a NULL string). */
static bool is_null(const row_t *r, unsigned col)
{
	const sc_column_meta *c = &M->cols[col];
	if (c->has_offset != SC_NO_HAS)
		return !*((const bool *)((const unsigned char *)r + c->has_offset));
	if (c->type == SC_COL_TEXT) {
		const char *s;
		memcpy(&s, member(r, col), sizeof s);
		return s == NULL;
	}
	return false;
}

/* count(id = r.id AND col = r.col) (IS NULL for a NULL value). */
static int64_t count_own_value(const row_t *r, unsigned col)
{
	sc_query *q = sc_query_new(M);
	sc_query_where(q, WIDE_ROW_ID, SC_OP_EQ, &r->id);
	if (is_null(r, col))
		sc_query_where(q, col, SC_OP_IS_NULL, NULL);
	else
		sc_query_where(q, col, SC_OP_EQ, member(r, col));
	int64_t n = -1;
	CHECK_RUN(wide_row_count(C, q, &n), SC_OK);
	sc_query_free(q);
	return n;
}

/* One shape per column (more than the connection keeps), each run with
 * every row's values: each finds exactly its own row. */
static void shapes_per_column(void)
{
	unsigned shapes = 0;
	for (unsigned col = 1; col < M->ncols; col++) {
		if (M->cols[col].type == SC_COL_DOUBLE)
			continue; /* equality on doubles is not what is tested here */
		for (int k = 0; k < NROWS; k++) {
			int64_t n = count_own_value(&rows[k], col); /* CHECK's lock is not recursive */
			CHECK_MSG(n == 1, "column %s, row %d: %lld rows", M->cols[col].name, k, (long long)n);
		}
		shapes++;
	}
	CHECK(shapes > 256);
}

/* id IN (...) of every length: one text, each call its own list. */
static void in_lists(void)
{
	int64_t ids[NROWS + 1];
	for (int k = 0; k < NROWS; k++)
		ids[k] = rows[k].id;
	ids[NROWS] = rows[0].id + 1000000; /* no such row */
	for (size_t n = 0; n <= NROWS + 1; n++) {
		sc_query *q = sc_query_new(M);
		sc_query_where_in(q, WIDE_ROW_ID, ids, n);
		int64_t got = -1;
		CHECK_RUN(wide_row_count(C, q, &got), SC_OK);
		CHECK_MSG(got == (int64_t)(n > NROWS ? NROWS : n), "IN of %zu: %lld rows", n, (long long)got);
		sc_query_free(q);
	}
}

/* Pages of one row ordered by a nullable column (c006: NULL, 5, NULL),
 * twice: cursors with a NULL sort value and without render different
 * texts; every row comes once, in order (5, then the NULLs by id). */
static void keyset_walks(void)
{
	for (int walk = 0; walk < 2; walk++) {
		char *after = NULL;
		int64_t seen[NROWS + 1];
		size_t n = 0;
		for (;;) {
			sc_query *q = sc_query_new(M);
			sc_query_order_by(q, WIDE_ROW_C006, false);
			sc_query_limit(q, 1);
			if (after)
				sc_query_after(q, after);
			wide_row_page page;
			CHECK_RUN(wide_row_list(C, q, &page), SC_OK);
			sc_query_free(q);
			free(after);
			after = NULL;
			for (size_t i = 0; i < page.len && n <= NROWS; i++)
				seen[n++] = page.rows[i].id;
			if (page.next_cursor)
				after = strdup(page.next_cursor);
			bool more = page.next_cursor != NULL;
			wide_row_page_free(&page);
			if (!more)
				break;
		}
		CHECK_MSG(n == NROWS, "walk %d: %zu rows", walk, n);
		CHECK(n == NROWS && seen[0] == rows[1].id && seen[1] == rows[0].id && seen[2] == rows[2].id);
	}
}

/* update_where of one filter with other column sets and values. */
static void bulk_updates(void)
{
	const wide_row_col sets[][2] = {{WIDE_ROW_C003, WIDE_ROW_C003}, {WIDE_ROW_C003, WIDE_ROW_C008},
					{WIDE_ROW_C008, WIDE_ROW_C003}};
	const size_t nset[] = {1, 2, 2};
	for (int s = 0; s < 3; s++) {
		for (int k = 0; k < NROWS; k++) {
			row_t *r = &rows[k];
			r->c003 = 100 * s + k;
			r->c008 = (int16_t)(10 * s + k);
			sc_query *q = sc_query_new(M);
			sc_query_where(q, WIDE_ROW_ID, SC_OP_EQ, &r->id);
			int64_t affected = 0;
			CHECK_RUN(wide_row_update_where(C, q, r, sets[s], nset[s], &affected), SC_OK);
			CHECK(affected == 1);
			sc_query_free(q);
			row_t got;
			CHECK_RUN(wide_row_get(C, r->id, 0, &got), SC_OK);
			CHECK_MSG(got.c003 == r->c003, "set %d row %d: c003 %d, want %d", s, k, got.c003, r->c003);
			/* the first set leaves c008 as it was */
			CHECK_MSG(s == 0 || got.c008 == r->c008, "set %d row %d: c008 %d", s, k, got.c008);
			if (s == 0)
				r->c008 = got.c008;
			wide_row_free(&got);
		}
	}
}

/* delete_where of one shape, other values: each removes its own row. */
static void bulk_deletes(void)
{
	for (int k = 0; k < NROWS; k++) {
		sc_query *q = sc_query_new(M);
		sc_query_where(q, WIDE_ROW_ID, SC_OP_EQ, &rows[k].id);
		int64_t affected = 0;
		CHECK_RUN(wide_row_delete_where(C, q, &affected), SC_OK);
		CHECK(affected == 1);
		sc_query_free(q);
		int64_t left = -1;
		CHECK_RUN(wide_row_count(C, NULL, &left), SC_OK);
		CHECK_MSG(left == NROWS - 1 - k, "after deleting row %d: %lld left", k, (long long)left);
	}
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 2});
	for (int k = 0; k < NROWS; k++) {
		wide_row_init(&rows[k]);
		CHECK_RUN(wide_row_fake(&rows[k], 11 + (uint64_t)k), SC_OK);
		rows[k].has_c006 = k == 1;
		rows[k].c006 = k == 1 ? 5 : 0;
		CHECK_RUN(wide_row_insert(C, &rows[k]), SC_OK);
	}
	shapes_per_column();
	in_lists();
	keyset_walks();
	/* once more after the shapes: the connection started over */
	shapes_per_column();
	in_lists();
	bulk_updates();
	bulk_deletes();
	for (int k = 0; k < NROWS; k++)
		wide_row_free(&rows[k]);
	repo_close();
	return repo_done("repo query texts");
}
