/* Generated code of tests/repo/schemas/uindex.schema: unique indexes that
 * are not keys (an expression, a predicate) refuse what they should with
 * SC_UNIQUE_VIOLATION named after the index on both databases (SQLite names
 * an expression index as "index 'x'" and a column index by its columns),
 * and hold among live rows only (issue 15). */
#include "repo.h"

#include "uindex.h"

static sc_status add(int64_t org, const char *email, const char *kind, int64_t *id)
{
	uindex_member m;
	uindex_member_init(&m);
	m.org_id = org;
	m.email = (char *)email;
	m.kind = (char *)kind;
	sc_status rc = uindex_member_insert(C, &m);
	if (id)
		*id = m.id;
	return rc;
}

static bool violated(const char *index)
{
	const sc_error *e = sc_conn_error(C);
	return e->constraint && !strcmp(e->constraint, index);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});

	/* @@unique(lower(email)): 'A@x' after 'a@x' */
	int64_t ann;
	CHECK_ST(add(1, "a@x", "member", &ann), SC_OK);
	CHECK_ST(add(1, "A@x", "owner", NULL), SC_UNIQUE_VIOLATION);
	CHECK(violated("members_lower_email_key"));
	CHECK_ST(add(1, "b@x", "owner", NULL), SC_OK);
	/* among live rows only (soft delete) */
	CHECK_ST(uindex_member_delete(C, ann), SC_OK);
	CHECK_ST(add(1, "A@x", "member", NULL), SC_OK);

	/* @@unique(org_id, kind, where: kind <> 'guest') */
	CHECK_ST(add(2, "g1@x", "guest", NULL), SC_OK);
	CHECK_ST(add(2, "g2@x", "guest", NULL), SC_OK);
	int64_t m1;
	CHECK_ST(add(2, "m1@x", "member", &m1), SC_OK);
	CHECK_ST(add(2, "m2@x", "member", NULL), SC_UNIQUE_VIOLATION);
	CHECK(violated("members_org_id_kind_key"));
	CHECK_ST(uindex_member_delete(C, m1), SC_OK);
	CHECK_ST(add(2, "m2@x", "member", NULL), SC_OK);

	repo_close();
	return repo_done("codegen uindex violations");
}
