/* Generated code of tests/repo/schemas/keywords.schema: fields, enum
 * values and an entity named after the schema language's keywords. */
#include "repo.h"

#include "keywords.h"


int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});

	keywords_query r;
	keywords_query_init(&r);
	CHECK(r.kind == KEYWORDS_KIND_QUERY && r.query == 0);
	r.schema = "s";
	r.entity = "e";
	r.kind = KEYWORDS_KIND_ENTITY;
	r.query = 7;
	CHECK_ST(keywords_query_insert(C, &r), SC_OK);

	keywords_query g;
	CHECK_ST(keywords_query_get_by_schema_entity(C, "s", "e", 0, &g), SC_OK);
	CHECK(g.id == r.id && g.kind == KEYWORDS_KIND_ENTITY && g.query == 7);
	CHECK(!strcmp(keywords_kind_to_string(g.kind), "entity"));
	keywords_query_free(&g);

	/* An autoincrement key never conflicts: upsert goes by the unique key. */
	keywords_query up;
	keywords_query_init(&up);
	up.schema = "s";
	up.entity = "e";
	up.kind = KEYWORDS_KIND_ENTITY;
	up.query = 8;
	CHECK_ST(keywords_query_upsert(C, &up, KEYWORDS_QUERY_KEY_SCHEMA_ENTITY), SC_OK);
	CHECK(up.id == r.id);
	CHECK_ST(keywords_query_get(C, r.id, 0, &g), SC_OK);
	CHECK(g.query == 8);
	keywords_query_free(&g);
	up.query = 7;
	CHECK_ST(keywords_query_upsert(C, &up, KEYWORDS_QUERY_KEY_SCHEMA_ENTITY), SC_OK);

	sc_query *q = keywords_query_query_new();
	keywords_query_where_query_eq(q, 7);
	keywords_query_where_kind_eq(q, KEYWORDS_KIND_ENTITY);
	int64_t n = 0;
	CHECK_ST(keywords_query_count(C, q, &n), SC_OK);
	CHECK(n == 1);
	sc_query_free(q);

	repo_close();
	return repo_done("codegen keywords names");
}
