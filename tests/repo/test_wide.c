/* An entity of WIDE_NCOLS (300) columns, schema written by CMakeLists.txt
 * (issue 12): every value round-trips through insert, get, get_by (key
 * past column 256), update, update_fields, insert_many and upsert on both
 * databases. Each column gets a value of its own, so a parameter bound to
 * the wrong column (the C emitter once bound `$256` for every column after
 * the 256th) reads back as a difference, not as SC_OK with a wrong row. */
#include "repo_entity.h"

#include "wide.h"

typedef wide_row row_t;
static const sc_entity_meta *M = &wide_row_meta;

/* A value for column c of row `seed`, different in every column. */
static void set_col(row_t *r, unsigned c, uint64_t seed, sc_arena *mem)
{
	const sc_column_meta *cm = &M->cols[c];
	int64_t v = (int64_t)(seed * 1000 + c);
	unsigned char *p = REPO_MEMBER(r, cm);
	/* Every third nullable column NULL, the others set. */
	bool null = (cm->flags & SC_COLF_NULLABLE) && (c + seed) % 3 == 0;
	repo_set_has(cm, r, !null);
	switch (cm->type) {
	case SC_COL_BOOL: {
		bool b = (c + seed) % 2;
		memcpy(p, &b, sizeof b);
		break;
	}
	case SC_COL_INT16:
		repo_set_int(cm, r, (int64_t)(c * 7 + seed % 100));
		break;
	case SC_COL_INT32:
	case SC_COL_INT64:
		repo_set_int(cm, r, v);
		break;
	case SC_COL_DOUBLE: {
		double d = (double)v + 0.5;
		memcpy(p, &d, sizeof d);
		break;
	}
	case SC_COL_TEXT: {
		char *s = NULL;
		if (!null) {
			char buf[64];
			snprintf(buf, sizeof buf, "%s-%llu", cm->field, (unsigned long long)seed);
			s = sc_arena_strdup(mem, buf);
			REQUIRE(s != NULL);
		}
		memcpy(p, &s, sizeof s);
		break;
	}
	default:
		repo_fail("column %s: type %d not in the wide schema", cm->field, (int)cm->type);
	}
}

static void fill(row_t *r, uint64_t seed, sc_arena *mem)
{
	int64_t id = r->id;
	for (unsigned c = 0; c < M->ncols; c++)
		if (!repo_is_pk(M, c))
			set_col(r, c, seed, mem);
	r->id = id;
}

/* Every column of `got` equals `want`. */
static void expect_same(const row_t *want, const row_t *got, const char *what)
{
	int bad = repo_row_diff(M, want, got, 0, what);
	CHECK_MSG(bad == 0, "%s: %d columns differ", what, bad);
}

static void expect_stored(const row_t *want, const char *what)
{
	row_t got;
	CHECK_RUN(wide_row_get(C, want->id, 0, &got), SC_OK);
	expect_same(want, &got, what);
	wide_row_free(&got);
	CHECK_RUN(wide_row_get_by_c299(C, want->c299, 0, &got), SC_OK);
	expect_same(want, &got, what);
	wide_row_free(&got);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 2});
	CHECK(M->ncols == WIDE_NCOLS);
	sc_arena *mem = sc_arena_new();
	REQUIRE(mem != NULL);

	/* insert, get, get_by */
	row_t a;
	wide_row_init(&a);
	fill(&a, 1, mem);
	CHECK_RUN(wide_row_insert(C, &a), SC_OK);
	expect_stored(&a, "insert");

	/* update: every column to a new value */
	fill(&a, 2, mem);
	CHECK_RUN(wide_row_update(C, &a), SC_OK);
	expect_stored(&a, "update");

	/* update_fields: every non-key column */
	static wide_row_col cols[WIDE_NCOLS];
	size_t ncols = 0;
	for (unsigned c = 0; c < M->ncols; c++)
		if (!repo_is_pk(M, c))
			cols[ncols++] = (wide_row_col)c;
	fill(&a, 3, mem);
	CHECK_RUN(wide_row_update_fields(C, &a, cols, ncols), SC_OK);
	expect_stored(&a, "update_fields");

	/* insert_many */
	row_t many[3];
	for (int i = 0; i < 3; i++) {
		wide_row_init(&many[i]);
		fill(&many[i], 10 + (uint64_t)i, mem);
	}
	CHECK_RUN(wide_row_insert_many(C, many, 3), SC_OK);
	for (int i = 0; i < 3; i++)
		expect_stored(&many[i], "insert_many");

	/* upsert on the unique key c299: an update of the stored row... */
	row_t u;
	wide_row_init(&u);
	fill(&u, 20, mem);
	u.c299 = many[1].c299;
	CHECK_RUN(wide_row_upsert(C, &u, WIDE_ROW_KEY_C299), SC_OK);
	CHECK(u.id == many[1].id);
	expect_stored(&u, "upsert (update)");
	/* ... and an insert of a new one */
	fill(&u, 21, mem);
	CHECK_RUN(wide_row_upsert(C, &u, WIDE_ROW_KEY_C299), SC_OK);
	CHECK(u.id != many[1].id);
	expect_stored(&u, "upsert (insert)");

	int64_t n = 0;
	sc_query *q = wide_row_query_new();
	CHECK_RUN(wide_row_count(C, q, &n), SC_OK);
	CHECK(n == 5);
	sc_query_free(q);

	/* projections past 64 columns (the runtime's column set on the heap):
	 * the last column only, the rest zero */
	wide_row_col last[] = {WIDE_ROW_C299};
	row_t p;
	CHECK_RUN(wide_row_get_cols(C, u.id, 0, last, 1, &p), SC_OK);
	CHECK(p.id == u.id && p.c299 && !strcmp(p.c299, u.c299) && p.c001 == 0 && p.c002 == NULL);
	wide_row_free(&p);
	q = wide_row_query_new();
	wide_row_select(q, last, 1);
	wide_row_page pg;
	CHECK_RUN(wide_row_list(C, q, &pg), SC_OK);
	CHECK(pg.len == 5 && pg.rows[0].c299 != NULL && pg.rows[0].c002 == NULL);
	wide_row_page_free(&pg);
	sc_query_free(q);

	sc_arena_free(mem);
	repo_close();
	return repo_done("repo wide");
}
