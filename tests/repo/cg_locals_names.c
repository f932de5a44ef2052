/* Generated code of tests/repo/schemas/locals.schema: key fields named
 * like the generated functions' parameters, locals and callees (conn,
 * flags, out, key, st, rc, memset, free, expected_version, ...) compile and
 * work: their parameters are renamed (conn_), members keep the names. */
#include "repo.h"

#include "locals.h"


int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});

	locals_thing t;
	CHECK_ST(locals_thing_fake(&t, 1), SC_OK);
	t.conn = 42;
	t.key = 7;
	t.st = 1;
	t.rc = 2;
	t.memset = 3;
	CHECK_ST(locals_thing_insert(C, &t), SC_OK);

	locals_thing g;
	CHECK_ST(locals_thing_get(C, 42, 0, &g), SC_OK);
	CHECK(g.conn == 42 && !strcmp(g.flags, t.flags));
	locals_thing_free(&g);
	CHECK_ST(locals_thing_get_by_key(C, 7, 0, &g), SC_OK);
	CHECK(g.conn == 42);
	locals_thing_free(&g);
	CHECK_ST(locals_thing_get_by_st_rc(C, 1, 2, 0, &g), SC_OK);
	CHECK(g.conn == 42);
	locals_thing_free(&g);
	CHECK_ST(locals_thing_get_by_memset(C, 3, 0, &g), SC_OK);
	locals_thing_free(&g);
	CHECK_ST(locals_thing_get_by_flags(C, t.flags, 0, &g), SC_OK);
	locals_thing_free(&g);
	CHECK_ST(locals_thing_get_by_out(C, &t.out, 0, &g), SC_OK);
	locals_thing_free(&g);

	locals_child ch;
	locals_child_init(&ch);
	ch.free = 1;
	ch.rows = 2;
	ch.out = 42;
	ch.has_out = true;
	ch.q = 42;
	ch.has_q = true;
	ch.keys = 42;
	ch.has_keys = true;
	CHECK_ST(locals_child_insert(C, &ch), SC_OK);
	CHECK(ch.expected_version == 1);
	locals_child_page page;
	CHECK_ST(locals_child_list_by_out(C, 42, NULL, &page), SC_OK);
	CHECK(page.len == 1 && page.rows[0].free == 1 && page.rows[0].rows == 2);
	locals_child_page_free(&page);
	sc_query *q = locals_child_query_new();
	locals_child_where_free_eq(q, 1);
	CHECK_ST(locals_child_list_by_q(C, 42, q, &page), SC_OK);
	CHECK(page.len == 1);
	locals_child_page_free(&page);
	sc_query_free(q);
	const int64_t many[] = {42, 43};
	CHECK_ST(locals_child_load_by_keyss(C, many, 2, &page), SC_OK);
	CHECK(page.len == 1 && page.rows[0].keys == 42);
	locals_child_page_free(&page);
	CHECK_ST(locals_child_delete(C, 1, 2, 5), SC_CONFLICT);
	CHECK_ST(locals_child_delete(C, 1, 2, 1), SC_OK);
	CHECK_ST(locals_child_restore(C, 1, 2), SC_OK);
	locals_child gc;
	CHECK_ST(locals_child_get(C, 1, 2, 0, &gc), SC_OK);
	CHECK(!gc.has_now);
	int32_t version = gc.expected_version;
	locals_child_free(&gc);
	CHECK_ST(locals_child_delete_hard(C, 1, 2, version), SC_OK);
	CHECK_ST(locals_thing_delete(C, 42), SC_OK);

	locals_many m;
	CHECK_ST(locals_many_fake(&m, 3), SC_OK);
	CHECK_ST(locals_many_insert(C, &m), SC_OK);
	locals_many gm;
	CHECK_ST(locals_many_get_by_conn(C, m.conn, 0, &gm), SC_OK);
	CHECK(gm.id == m.id);
	locals_many_free(&gm);
	CHECK_ST(locals_many_get_by_expected_version(C, m.expected_version, 0, &gm), SC_OK);
	CHECK(gm.id == m.id);
	locals_many_free(&gm);
	CHECK_ST(locals_many_get_by_cache_key(C, m.cache_key, SC_READ_WITH_DELETED, &gm), SC_OK);
	CHECK(gm.id == m.id);
	locals_many_free(&gm);
	locals_many_free(&m);
	locals_thing_free(&t);

	repo_close();
	return repo_done("codegen locals names");
}
