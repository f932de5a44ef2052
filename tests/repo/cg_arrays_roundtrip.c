/* Array fields round trip exactly on both databases
 * (tests/repo/schemas/arrays.schema; docs/generated-api.md, Arrays): text
 * elements that need quoting in a PostgreSQL array literal or JSON,
 * unicode, every integer width at its limits, uuids, enum arrays; the
 * empty array and NULL stay apart; insert, get, list, update, insert_many
 * (which leaves COPY for arrays on PostgreSQL) and the row cache agree.
 * Refused: NULL elements (on write and on read), values outside an enum,
 * a string(n) element past n, a required array that is NULL. */
#include "repo.h"

#include "arrays.h"

static bool same_texts(sc_array_text a, sc_array_text b)
{
	if ((a.items == NULL) != (b.items == NULL) || a.n != b.n)
		return false;
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.items[i], b.items[i]))
			return false;
	return true;
}

#define SAME_VALUES(a, b) \
	(((a).items == NULL) == ((b).items == NULL) && (a).n == (b).n && \
	 (!(a).n || !memcmp((a).items, (b).items, (a).n * sizeof *(a).items)))

static void check_same(const arrays_post *got, const arrays_post *want, const char *what)
{
	CHECK_MSG(same_texts(got->tags, want->tags), "%s: tags", what);
	CHECK_MSG(same_texts(got->labels, want->labels), "%s: labels", what);
	CHECK_MSG(SAME_VALUES(got->scores, want->scores), "%s: scores", what);
	CHECK_MSG(SAME_VALUES(got->small, want->small), "%s: small", what);
	CHECK_MSG(SAME_VALUES(got->big, want->big), "%s: big", what);
	CHECK_MSG(SAME_VALUES(got->refs, want->refs), "%s: refs", what);
	CHECK_MSG(SAME_VALUES(got->colors, want->colors), "%s: colors", what);
	CHECK_MSG(SAME_VALUES(got->maybe, want->maybe), "%s: maybe", what);
}

static void check_get(const arrays_post *want, const char *what)
{
	arrays_post got;
	CHECK_ST(arrays_post_get(C, want->id, 0, &got), SC_OK);
	check_same(&got, want, what);
	arrays_post_free(&got);
}

static char *texts[] = {"plain", "with \"quote\"", "comma,brace}{", "back\\slash", "NULL", "null", "",
			" padded ", "caf\xc3\xa9 \xf0\x9f\x98\x80", "tab\tnew\nline", "[1,2]"};
static int32_t scores[] = {1, -2, INT32_MAX, INT32_MIN, 0};
static int16_t smalls[] = {INT16_MIN, INT16_MAX};
static int64_t bigs[] = {INT64_MIN, INT64_MAX, 42};
static int colors[] = {ARRAYS_COLOR_RED, ARRAYS_COLOR_BLUE, ARRAYS_COLOR_RED};
static int none[1];
static char *none_text[1];
static char *short_labels[] = {"abc", "12345678"};

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	sc_uuid refs[2];
	CHECK_ST(sc_uuid_parse("0190a0d2-7a1b-7c3d-8e4f-123456789abc", (size_t)-1, &refs[0]), SC_OK);
	CHECK_ST(sc_uuid_parse("ffffffff-0000-4000-8000-000000000001", (size_t)-1, &refs[1]), SC_OK);

	/* every kind of element */
	arrays_post a;
	arrays_post_init(&a);
	a.title = "full";
	a.tags = (sc_array_text){texts, sizeof texts / sizeof texts[0]};
	a.scores = (sc_array_i32){scores, 5};
	a.small = (sc_array_i16){smalls, 2};
	a.big = (sc_array_i64){bigs, 3};
	a.refs = (sc_array_uuid){refs, 2};
	a.colors = (sc_array_enum){colors, 3};
	a.maybe = (sc_array_enum){none, 0}; /* empty, not NULL */
	CHECK_ST(arrays_post_insert(C, &a), SC_OK);
	check_get(&a, "full row");

	/* empty arrays and NULLs stay apart */
	arrays_post b;
	arrays_post_init(&b);
	b.title = "empty";
	b.tags = (sc_array_text){none_text, 0};
	b.labels = (sc_array_text){none_text, 0};
	b.scores = (sc_array_i32){scores, 0};
	b.colors = (sc_array_enum){none, 0};
	CHECK_ST(arrays_post_insert(C, &b), SC_OK);
	check_get(&b, "empty row");
	arrays_post got;
	CHECK_ST(arrays_post_get(C, b.id, 0, &got), SC_OK);
	CHECK(got.tags.items != NULL && got.tags.n == 0);
	CHECK(got.labels.items != NULL && got.labels.n == 0);
	CHECK(got.small.items == NULL && got.big.items == NULL && got.maybe.items == NULL);
	arrays_post_free(&got);

	/* update changes arrays: NULL to values, values to empty */
	b.labels = (sc_array_text){short_labels, 2};
	b.maybe = (sc_array_enum){colors, 2};
	b.tags = (sc_array_text){texts + 1, 3};
	CHECK_ST(arrays_post_update(C, &b), SC_OK);
	check_get(&b, "updated row");

	/* the text result form (PostgreSQL's `{a,"b c"}`, read when a statement
	 * is not prepared for binary results) reads the same */
	sc_stmt *st;
	CHECK_ST(sc_stmt_prepare(&st, C, "SELECT tags, scores, refs, colors, big FROM posts WHERE id = $1"), SC_OK);
	CHECK_ST(sc_stmt_bind_int64(st, 1, a.id), SC_OK);
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	sc_arena *mem = sc_arena_new();
	arrays_post t;
	arrays_post_init(&t);
	const sc_column_meta *cols = arrays_post_meta.cols;
	CHECK_ST(sc_read_array(st, NULL, 0, mem, &cols[ARRAYS_POST_TAGS], &t.tags), SC_OK);
	CHECK_ST(sc_read_array(st, NULL, 1, mem, &cols[ARRAYS_POST_SCORES], &t.scores), SC_OK);
	CHECK_ST(sc_read_array(st, NULL, 2, mem, &cols[ARRAYS_POST_REFS], &t.refs), SC_OK);
	CHECK_ST(sc_read_array(st, NULL, 3, mem, &cols[ARRAYS_POST_COLORS], &t.colors), SC_OK);
	CHECK_ST(sc_read_array(st, NULL, 4, mem, &cols[ARRAYS_POST_BIG], &t.big), SC_OK);
	CHECK(same_texts(t.tags, a.tags) && SAME_VALUES(t.scores, a.scores) && SAME_VALUES(t.refs, a.refs) &&
	      SAME_VALUES(t.colors, a.colors) && SAME_VALUES(t.big, a.big));
	sc_stmt_finalize(st);
	sc_arena_free(mem);

	/* list reads the same */
	sc_query *q = sc_query_new(&arrays_post_meta);
	arrays_post_order_by(q, ARRAYS_POST_ID, false);
	arrays_post_page p;
	CHECK_ST(arrays_post_list(C, q, &p), SC_OK);
	CHECK(p.len == 2);
	if (p.len == 2) {
		check_same(&p.rows[0], &a, "list row 0");
		check_same(&p.rows[1], &b, "list row 1");
	}
	arrays_post_page_free(&p);
	sc_query_free(q);

	/* insert_many: several rows (COPY on PostgreSQL for other entities) */
	arrays_post many[3];
	for (int i = 0; i < 3; i++) {
		many[i] = a;
		many[i].id = 0;
		many[i].title = "many";
		many[i].tags = (sc_array_text){texts + i, 3};
		many[i].colors = (sc_array_enum){colors + i, 1};
	}
	CHECK_ST(arrays_post_insert_many(C, many, 3), SC_OK);
	for (int i = 0; i < 3; i++)
		check_get(&many[i], "insert_many row");

	/* refusals on write */
	arrays_post bad = a;
	char *with_null[] = {"a", NULL};
	bad.tags = (sc_array_text){with_null, 2};
	CHECK_ST(arrays_post_insert(C, &bad), SC_INVALID_ARGUMENT);
	bad = a;
	int bad_color[] = {ARRAYS_COLOR_RED, 0};
	bad.colors = (sc_array_enum){bad_color, 2};
	CHECK_ST(arrays_post_insert(C, &bad), SC_INVALID_ARGUMENT);
	bad = a;
	char *too_long[] = {"123456789"};
	bad.labels = (sc_array_text){too_long, 1};
	CHECK_ST(arrays_post_insert(C, &bad), SC_DATA_ERROR);
	bad = a;
	bad.tags = (sc_array_text){NULL, 0};
	CHECK_ST(arrays_post_insert(C, &bad), SC_INVALID_ARGUMENT);

	/* what the database checks itself, for SQL written by hand: on
	 * PostgreSQL the types and an enum array's values; on SQLite a JSON
	 * array, and integer, uuid and enum elements by their text */
	static const char *const refused[][2] = {
		{"UPDATE posts SET colors = ARRAY['red', 'pink']", "UPDATE posts SET colors = '[\"red\",\"pink\"]'"},
		{"UPDATE posts SET scores = '{1.5}'", "UPDATE posts SET scores = '[1.5]'"},
		{"UPDATE posts SET scores = '{\"x\"}'", "UPDATE posts SET scores = '[\"x\"]'"},
		{"UPDATE posts SET refs = '{ABC}'", "UPDATE posts SET refs = '[\"ABC\"]'"},
		{"UPDATE posts SET maybe = ARRAY['red', NULL]", "UPDATE posts SET maybe = '[\"red\",null]'"},
		{"UPDATE posts SET tags = 'x'", "UPDATE posts SET tags = '{\"a\": 1}'"},
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		sc_status rc = sc_conn_exec(C, refused[i][env.pg ? 0 : 1]);
		CHECK_MSG(rc == SC_CHECK_VIOLATION || (env.pg && rc == SC_DATA_ERROR), "%s: %s",
			  refused[i][env.pg ? 0 : 1], sc_status_name(rc));
	}
	/* accepted: what other writers may send */
	char ok_sql[160];
	snprintf(ok_sql, sizeof ok_sql, "%s WHERE id = %lld",
		 env.pg ? "UPDATE posts SET maybe = '{green, blue}', scores = '{ 1, -2 }'"
			: "UPDATE posts SET maybe = '[ \"green\", \"blue\" ]', scores = '[ 1, -2 ]'",
		 (long long)b.id);
	CHECK_ST(sc_conn_exec(C, ok_sql), SC_OK);
	CHECK_ST(arrays_post_get(C, b.id, 0, &got), SC_OK);
	CHECK(got.maybe.n == 2 && got.maybe.items[0] == ARRAYS_COLOR_GREEN && got.maybe.items[1] == ARRAYS_COLOR_BLUE);
	CHECK(got.scores.n == 2 && got.scores.items[0] == 1 && got.scores.items[1] == -2);
	arrays_post_free(&got);

	/* a NULL element written by hand is refused on read */
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE posts SET tags = %s WHERE id = %lld",
		 env.pg ? "ARRAY['x', NULL]" : "'[\"x\", null]'", (long long)a.id);
	CHECK_ST(sc_conn_exec(C, sql), SC_OK);
	CHECK_ST(arrays_post_get(C, a.id, 0, &got), SC_DATA_ERROR);
	CHECK(got._mem == NULL);

	repo_close();
	return repo_done("codegen arrays round trip");
}
