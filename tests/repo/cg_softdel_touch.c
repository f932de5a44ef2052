/* Generated code of tests/repo/schemas/softdel.schema: soft delete and
 * restore of an entity whose @updated_at is nullable set the update time
 * and its has_ flag (issue 11: this did not compile). */
#include "repo.h"

#include "softdel.h"


int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});

	softdel_note n;
	softdel_note_init(&n);
	n.body = "hello";
	CHECK_ST(softdel_note_insert(C, &n), SC_OK);
	CHECK(n.id > 0 && n.has_updated_at);

	/* No update time, so the touches below are visible. */
	CHECK_ST(sc_conn_exec(C, "UPDATE notes SET updated_at = NULL"), SC_OK);

	CHECK_ST(softdel_note_delete(C, n.id), SC_OK);
	softdel_note g;
	CHECK_ST(softdel_note_get(C, n.id, 0, &g), SC_NOT_FOUND);
	CHECK_ST(softdel_note_get(C, n.id, SC_READ_WITH_DELETED, &g), SC_OK);
	CHECK(g.has_deleted_at && g.has_updated_at && g.updated_at > 1000000);
	int64_t deleted_touch = g.updated_at;
	softdel_note_free(&g);

	CHECK_ST(softdel_note_restore(C, n.id), SC_OK);
	CHECK_ST(softdel_note_get(C, n.id, 0, &g), SC_OK);
	CHECK(!g.has_deleted_at && g.has_updated_at && g.updated_at >= deleted_touch);
	CHECK(!strcmp(g.body, "hello"));
	softdel_note_free(&g);
	CHECK_ST(softdel_note_restore(C, n.id), SC_NOT_FOUND);

	repo_close();
	return repo_done("codegen softdel touch");
}
