/* Generated code of tests/repo/schemas/hostile.schema: table names,
 * column names, docs and defaults holding comment delimiters, quotes,
 * backslashes and trigraphs stay text in the generated C (it compiles, no
 * injected constructor ran, the values round-trip on both databases). */
#include "repo.h"

#include "hostile.h"


int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});

	hostile_item it;
	hostile_item_init(&it);
	/* The default, byte for byte as written in the schema. */
	CHECK(!strcmp(it.note, "?" "?=define X ?" "?/ ?" "?" "?/ \\ \" */ /* ?" "?"));
	it.quoted = "q";
	CHECK_ST(hostile_item_insert(C, &it), SC_OK);
	CHECK(it.id > 0);
	CHECK(!strcmp(hostile_item_meta.table, "*/__attribute__((constructor))void p(void){_Exit(3);}/*"));
	CHECK(!strcmp(hostile_item_meta.cols[2].name, "\"col \"\"quoted\"\" \\ ?" "?/ */\""));

	hostile_item g;
	CHECK_ST(hostile_item_get(C, it.id, 0, &g), SC_OK);
	CHECK(!strcmp(g.note, it.note) && g.quoted && !strcmp(g.quoted, "q"));
	hostile_item_free(&g);

	hostile_other o;
	hostile_other_init(&o);
	o.item = it.id;
	CHECK_ST(hostile_other_insert(C, &o), SC_OK);
	hostile_other_page page;
	CHECK_ST(hostile_other_list_by_item(C, it.id, NULL, &page), SC_OK);
	CHECK(page.len == 1 && page.rows[0].id == o.id);
	hostile_other_page_free(&page);
	o.item = it.id + 1000;
	CHECK_ST(hostile_other_update(C, &o), SC_FOREIGN_KEY_VIOLATION);

	repo_close();
	return repo_done("codegen hostile texts");
}
