/* get_many over a bool primary key (compared by its C bytes) of
 * tests/repo/schemas/scalarkey.schema: key order, repeats, missing keys.
 * (Blob's bytes key has no get_many: scc_c_has_get_many.) */
#include "repo.h"

#include "scalarkey.h"

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	scalarkey_flag f;
	scalarkey_flag_init(&f);
	f.on = true;
	f.label = "yes";
	CHECK_ST(scalarkey_flag_insert(C, &f), SC_OK);
	bool fkeys[] = {false, true, true}, ffound[3];
	scalarkey_flag_page fp;
	CHECK_ST(scalarkey_flag_get_many(C, fkeys, 3, &fp, ffound), SC_OK);
	CHECK(fp.len == 3 && !ffound[0] && ffound[1] && ffound[2]);
	CHECK(fp.rows[1].on && !strcmp(fp.rows[1].label, "yes") && !strcmp(fp.rows[2].label, "yes"));
	scalarkey_flag_page_free(&fp);

	repo_close();
	return repo_done("codegen scalarkey get_many");
}
