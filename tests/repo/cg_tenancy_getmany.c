/* Generated <entity>_get_many on schema/tenancy.schema (issue 16 item 3):
 * rows in key order, repeated keys, missing keys (absent, soft-deleted,
 * another tenant's), empty input, found NULL, and 5,000 keys in one call. */
#include "repo.h"

#include "tenancy.h"

enum { NUSERS = 40, NBIG = 5000 };

static void add_tenant(tenancy_tenant *t, const char *slug)
{
	tenancy_tenant_init(t);
	t->slug = (char *)slug;
	t->name = (char *)slug;
	CHECK_ST(tenancy_tenant_insert(C, t), SC_OK);
}

static void add_users(const sc_uuid *tenant, const char *domain, tenancy_user *u, size_t n)
{
	static char emails[2][NUSERS][64];
	static int round;
	for (size_t i = 0; i < n; i++) {
		tenancy_user_init(&u[i]);
		u[i].tenant_id = *tenant;
		snprintf(emails[round][i], sizeof emails[round][i], "u%zu@%s", i, domain);
		u[i].email = emails[round][i];
		u[i].password_hash = "h";
		u[i].first_name = "F";
		u[i].last_name = "L";
	}
	round++;
	repo_in_tenant(tenant);
	CHECK_ST(tenancy_user_insert_many(C, u, n), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);
}

static void check_row(const tenancy_user_page *p, size_t i, const tenancy_user *want)
{
	CHECK(sc_uuid_equal(&p->rows[i].id, &want->id));
	CHECK(!strcmp(p->rows[i].email, want->email));
	CHECK(p->rows[i]._mem == NULL);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	tenancy_tenant ta, tb;
	add_tenant(&ta, "acme");
	add_tenant(&tb, "globex");
	static tenancy_user ua[NUSERS], ub[NUSERS];
	add_users(&ta.id, "acme.test", ua, NUSERS);
	add_users(&tb.id, "globex.test", ub, NUSERS);

	repo_in_tenant(&ta.id);
	/* soft delete ua[5] */
	CHECK_ST(tenancy_user_delete(C, &ua[5].id, ua[5].version), SC_OK);
	sc_uuid absent;
	CHECK_ST(sc_uuid_v7(&absent), SC_OK);

	/* key order (reversed from insert order), a repeated key, and the
	 * three kinds of missing key */
	sc_uuid keys[] = {ua[3].id, ua[1].id, absent, ua[3].id, ub[0].id, ua[5].id, ua[0].id};
	enum { NK = sizeof keys / sizeof keys[0] };
	bool found[NK];
	tenancy_user_page p;
	CHECK_ST(tenancy_user_get_many(C, keys, NK, &p, found), SC_OK);
	CHECK(p.len == NK);
	bool want[NK] = {true, true, false, true, false, false, true};
	for (size_t i = 0; i < NK; i++)
		CHECK(found[i] == want[i]);
	check_row(&p, 0, &ua[3]);
	check_row(&p, 1, &ua[1]);
	check_row(&p, 3, &ua[3]);
	check_row(&p, 6, &ua[0]);
	CHECK(p.rows[2].email == NULL && p.rows[4].email == NULL && p.rows[5].email == NULL);
	tenancy_user_page_free(&p);

	/* found NULL: a missing key is SC_NOT_FOUND, out empty */
	CHECK_ST(tenancy_user_get_many(C, keys, NK, &p, NULL), SC_NOT_FOUND);
	CHECK(p.len == 0 && p.rows == NULL && p._mem == NULL);
	CHECK_ST(tenancy_user_get_many(C, keys, 2, &p, NULL), SC_OK);
	CHECK(p.len == 2);
	check_row(&p, 0, &ua[3]);
	check_row(&p, 1, &ua[1]);
	tenancy_user_page_free(&p);

	/* empty input */
	CHECK_ST(tenancy_user_get_many(C, NULL, 0, &p, NULL), SC_OK);
	CHECK(p.len == 0 && p.rows == NULL);
	tenancy_user_page_free(&p);

	/* 5,000 keys in one call: every live user of the tenant, in reverse,
	 * between absent keys */
	sc_uuid *big = calloc(NBIG, sizeof *big);
	bool *bfound = calloc(NBIG, sizeof *bfound);
	CHECK(big && bfound);
	for (size_t i = 0; i < NBIG; i++)
		CHECK_ST(sc_uuid_v7(&big[i]), SC_OK);
	for (size_t u = 0; u < NUSERS; u++)
		big[(NUSERS - 1 - u) * (NBIG / NUSERS)] = ua[u].id;
	CHECK_ST(tenancy_user_get_many(C, big, NBIG, &p, bfound), SC_OK);
	CHECK(p.len == NBIG);
	size_t nfound = 0;
	for (size_t i = 0; i < NBIG; i++)
		nfound += bfound[i];
	CHECK(nfound == NUSERS - 1); /* ua[5] is deleted */
	for (size_t u = 0; u < NUSERS; u++) {
		size_t at = (NUSERS - 1 - u) * (NBIG / NUSERS);
		CHECK(bfound[at] == (u != 5));
		if (u != 5)
			check_row(&p, at, &ua[u]);
	}
	tenancy_user_page_free(&p);
	free(big);
	free(bfound);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	repo_close();
	return repo_done("codegen tenancy get_many");
}
