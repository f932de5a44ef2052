/* Array fields through the row cache (tests/repo/schemas/arrays.schema):
 * the second get comes from the cache without a query and holds the same
 * arrays (text elements with NUL-free but otherwise hostile bytes, every
 * element type, empty and NULL arrays), owned by the row's own arena. */
#include "repo.h"

#include "arrays.h"

static char *texts[] = {"a", "", "with \"quote\" and \\", "caf\xc3\xa9"};
static int64_t bigs[] = {INT64_MIN, 0, INT64_MAX};
static int16_t smalls[] = {-1};
static int colors[] = {ARRAYS_COLOR_GREEN};
static int32_t none[1];

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1, .cache = true});
	sc_uuid u;
	CHECK_ST(sc_uuid_parse("0190a0d2-7a1b-7c3d-8e4f-123456789abc", (size_t)-1, &u), SC_OK);
	arrays_post a;
	arrays_post_init(&a);
	a.title = "cached";
	a.tags = (sc_array_text){texts, 4};
	a.labels = (sc_array_text){texts, 0};
	a.scores = (sc_array_i32){none, 0};
	a.small = (sc_array_i16){smalls, 1};
	a.big = (sc_array_i64){bigs, 3};
	a.refs = (sc_array_uuid){&u, 1};
	a.colors = (sc_array_enum){colors, 1};
	CHECK_ST(arrays_post_insert(C, &a), SC_OK);

	arrays_post first, second;
	CHECK_ST(arrays_post_get(C, a.id, 0, &first), SC_OK);
	long q0 = atomic_load(&repo_queries);
	CHECK_ST(arrays_post_get(C, a.id, 0, &second), SC_OK);
	CHECK(atomic_load(&repo_queries) == q0); /* from the cache */
	arrays_post_free(&first); /* the second row owns its own copies */
	CHECK(second.tags.n == 4 && second.tags.items != NULL);
	for (size_t i = 0; i < 4 && second.tags.n == 4; i++)
		CHECK_MSG(!strcmp(second.tags.items[i], texts[i]), "tag %zu", i);
	CHECK(second.labels.items != NULL && second.labels.n == 0);
	CHECK(second.scores.items != NULL && second.scores.n == 0);
	CHECK(second.small.n == 1 && second.small.items[0] == -1);
	CHECK(second.big.n == 3 && !memcmp(second.big.items, bigs, sizeof bigs));
	CHECK(second.refs.n == 1 && !memcmp(&second.refs.items[0], &u, sizeof u));
	CHECK(second.colors.n == 1 && second.colors.items[0] == ARRAYS_COLOR_GREEN);
	CHECK(second.maybe.items == NULL);
	arrays_post_free(&second);

	repo_close();
	return repo_done("codegen arrays cache");
}
