/* Generated code of schema/tenancy.schema: tenant isolation (SPEC 4.6).
 * On SQLite the generated statements add the tenant condition; on
 * PostgreSQL row-level security does it (checked through the harness's
 * role, which is not a superuser: superusers bypass RLS). */
#include "repo.h"

#include "tenancy.h"

static void add_user(const sc_uuid *tenant, const char *email, tenancy_user *u)
{
	tenancy_user_init(u);
	u->tenant_id = *tenant;
	u->email = (char *)email;
	u->password_hash = "h";
	u->first_name = "F";
	u->last_name = "L";
	repo_in_tenant(tenant);
	CHECK_ST(tenancy_user_insert(C, u), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);
}

/* Streaming (list_each) sees the tenant's rows only, like the page form. */
static int count_rows(const tenancy_user *row, void *ud)
{
	(void)row;
	(*(int *)ud)++;
	return 0;
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	tenancy_tenant ta, tb;
	tenancy_tenant_init(&ta);
	ta.slug = "acme";
	ta.name = "Acme";
	CHECK_ST(tenancy_tenant_insert(C, &ta), SC_OK);
	tenancy_tenant_init(&tb);
	tb.slug = "globex";
	tb.name = "Globex";
	CHECK_ST(tenancy_tenant_insert(C, &tb), SC_OK);
	CHECK(!strcmp(ta.settings, "{}") && ta.price_book_from == 20454); /* literal defaults */

	/* C is a role that is not a superuser (repo.h): the policies apply. */
	tenancy_user ua, ub;
	add_user(&ta.id, "a@acme.test", &ua);
	add_user(&tb.id, "b@globex.test", &ub);

	repo_in_tenant(&ta.id);
	int64_t n = -1;
	CHECK_ST(tenancy_user_count(C, NULL, &n), SC_OK);
	CHECK(n == 1);
	tenancy_user_page p;
	CHECK_ST(tenancy_user_list(C, NULL, &p), SC_OK);
	CHECK(p.len == 1 && p.len && !strcmp(p.rows[0].email, "a@acme.test"));
	tenancy_user_page_free(&p);
	int streamed = 0;
	CHECK_ST(tenancy_user_list_each(C, NULL, count_rows, &streamed), SC_OK);
	CHECK(streamed == 1);
	tenancy_user got;
	CHECK_ST(tenancy_user_get(C, &ua.id, 0, &got), SC_OK);
	tenancy_user_free(&got);
	CHECK_ST(tenancy_user_get(C, &ub.id, 0, &got), SC_NOT_FOUND);
	CHECK_ST(tenancy_user_get_by_tenant_id_email(C, &ta.id, "a@acme.test", 0, &got), SC_OK);
	tenancy_user_free(&got);
	tenancy_user other = ub;
	other.first_name = "Mallory";
	CHECK_ST(tenancy_user_update(C, &other), SC_NOT_FOUND);
	CHECK_ST(tenancy_user_delete(C, &ub.id, ub.version), SC_NOT_FOUND);
	CHECK_ST(tenancy_user_load_by_tenant_ids(C, (sc_uuid[]){ta.id, tb.id}, 2, &p), SC_OK);
	CHECK(p.len == 1);
	tenancy_user_page_free(&p);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* writes carrying the other tenant's key, or meeting its row, are
	 * refused on both databases (PostgreSQL: the policy's WITH CHECK and
	 * USING; SQLite: the generated code) and change nothing */
	tenancy_user moved = ub;
	moved.tenant_id = ta.id;
	moved.first_name = "Mallory";
	tenancy_user forged = ua;
	forged.id = (sc_uuid){{0}};
	forged.email = "forged@acme.test";
	forged.tenant_id = tb.id;
	for (int i = 0; i < 4; i++) {
		repo_in_tenant(&ta.id);
		tenancy_user r = i % 2 ? forged : moved;
		sc_status st = i == 0 ? tenancy_user_upsert(C, &r, TENANCY_USER_KEY_PK)
			       : i == 1 ? tenancy_user_insert(C, &r)
			       : i == 2 ? tenancy_user_upsert_many(C, &r, 1, TENANCY_USER_KEY_PK)
					: tenancy_user_insert_many(C, &r, 1);
		CHECK_MSG(st == SC_PERMISSION_DENIED, "write %d: %s (%s)", i, sc_status_name(st),
			  sc_conn_error(C)->message);
		CHECK_ST(sc_tx_rollback(C), SC_OK);
	}
	CHECK_ST(tenancy_user_insert(C, &forged), SC_PERMISSION_DENIED); /* no tenant */
	repo_in_tenant(&tb.id);
	CHECK_ST(tenancy_user_get(C, &ub.id, 0, &got), SC_OK);
	CHECK(!strcmp(got.first_name, "F") && sc_uuid_equal(&got.tenant_id, &tb.id) && got.version == ub.version);
	tenancy_user_free(&got);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* no tenant set: tenant tables show no rows */
	CHECK_ST(tenancy_user_count(C, NULL, &n), SC_OK);
	CHECK(n == 0);
	CHECK_ST(tenancy_user_get(C, &ua.id, 0, &got), SC_NOT_FOUND);
	streamed = 0;
	CHECK_ST(tenancy_user_list_each(C, NULL, count_rows, &streamed), SC_OK);
	CHECK(streamed == 0);

	/* the other tenant sees its own row only */
	repo_in_tenant(&tb.id);
	CHECK_ST(tenancy_user_count(C, NULL, &n), SC_OK);
	CHECK(n == 1);
	ub.failed_logins = 3;
	CHECK_ST(tenancy_user_update(C, &ub), SC_OK);
	CHECK(ub.version == 2);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	repo_close();
	return repo_done("codegen tenancy scope");
}
