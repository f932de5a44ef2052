/* Generated code of schema/tenancy.schema: tenant isolation (SPEC 4.6).
 * On SQLite the generated statements add the tenant condition; on
 * PostgreSQL row-level security does it (checked through a role that is
 * not a superuser, since superusers bypass RLS). */
#include "cg.h"

#include "tenancy.h"

static cg_env env;

static sc_conn *app_conn(void)
{
	if (!env.pg)
		return env.conn;
	/* A plain role in our own database, subject to the policies. */
	CHECK_ST(env.conn, sc_conn_exec(env.conn,
		"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cg_tenant_app') THEN "
		"CREATE ROLE cg_tenant_app LOGIN; END IF; END $$;"
		"GRANT ALL ON ALL TABLES IN SCHEMA public TO cg_tenant_app;"
		"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO cg_tenant_app;"), SC_OK);
	char url[2048];
	const char *u = strstr(env.url, "user=postgres");
	REQUIRE(u != NULL);
	snprintf(url, sizeof url, "%.*suser=cg_tenant_app%s", (int)(u - env.url), env.url, u + strlen("user=postgres"));
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	return c;
}

static void in_tenant(sc_conn *c, const sc_uuid *tenant)
{
	static char text[SC_UUID_STRLEN + 1];
	sc_uuid_format(tenant, text);
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.tenant = text;
	CHECK_ST(c, sc_tx_begin(c, &o), SC_OK);
}

static void add_user(sc_conn *c, const sc_uuid *tenant, const char *email, tenancy_user *u)
{
	tenancy_user_init(u);
	u->tenant_id = *tenant;
	u->email = (char *)email;
	u->password_hash = "h";
	u->first_name = "F";
	u->last_name = "L";
	in_tenant(c, tenant);
	CHECK_ST(c, tenancy_user_insert(c, u), SC_OK);
	CHECK_ST(c, sc_tx_commit(c), SC_OK);
}

int main(int argc, char **argv)
{
	cg_open(&env, argc, argv, "tenancy", "schemac_cg_tenancy", false);
	tenancy_tenant ta, tb;
	tenancy_tenant_init(&ta);
	ta.slug = "acme";
	ta.name = "Acme";
	CHECK_ST(env.conn, tenancy_tenant_insert(env.conn, &ta), SC_OK);
	tenancy_tenant_init(&tb);
	tb.slug = "globex";
	tb.name = "Globex";
	CHECK_ST(env.conn, tenancy_tenant_insert(env.conn, &tb), SC_OK);
	CHECK(!strcmp(ta.settings, "{}") && ta.price_book_from == 20454); /* literal defaults */

	sc_conn *c = app_conn();
	tenancy_user ua, ub;
	add_user(c, &ta.id, "a@acme.test", &ua);
	add_user(c, &tb.id, "b@globex.test", &ub);

	in_tenant(c, &ta.id);
	int64_t n = -1;
	CHECK_ST(c, tenancy_user_count(c, NULL, &n), SC_OK);
	CHECK(n == 1);
	tenancy_user_page p;
	CHECK_ST(c, tenancy_user_list(c, NULL, &p), SC_OK);
	CHECK(p.len == 1 && p.len && !strcmp(p.rows[0].email, "a@acme.test"));
	tenancy_user_page_free(&p);
	tenancy_user got;
	CHECK_ST(c, tenancy_user_get(c, &ua.id, 0, &got), SC_OK);
	tenancy_user_free(&got);
	CHECK_ST(c, tenancy_user_get(c, &ub.id, 0, &got), SC_NOT_FOUND);
	CHECK_ST(c, tenancy_user_get_by_tenant_id_email(c, &ta.id, "a@acme.test", 0, &got), SC_OK);
	tenancy_user_free(&got);
	tenancy_user other = ub;
	other.first_name = "Mallory";
	CHECK_ST(c, tenancy_user_update(c, &other), SC_NOT_FOUND);
	CHECK_ST(c, tenancy_user_delete(c, &ub.id, ub.version), SC_NOT_FOUND);
	CHECK_ST(c, tenancy_user_load_by_tenant_ids(c, (sc_uuid[]){ta.id, tb.id}, 2, &p), SC_OK);
	CHECK(p.len == 1);
	tenancy_user_page_free(&p);
	CHECK_ST(c, sc_tx_commit(c), SC_OK);

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
		in_tenant(c, &ta.id);
		tenancy_user r = i % 2 ? forged : moved;
		sc_status st = i == 0 ? tenancy_user_upsert(c, &r, TENANCY_USER_KEY_PK)
			       : i == 1 ? tenancy_user_insert(c, &r)
			       : i == 2 ? tenancy_user_upsert_many(c, &r, 1, TENANCY_USER_KEY_PK)
					: tenancy_user_insert_many(c, &r, 1);
		CHECK_MSG(st == SC_PERMISSION_DENIED, "write %d: %s (%s)", i, sc_status_name(st),
			  sc_conn_error(c)->message);
		CHECK_ST(c, sc_tx_rollback(c), SC_OK);
	}
	CHECK_ST(c, tenancy_user_insert(c, &forged), SC_PERMISSION_DENIED); /* no tenant */
	in_tenant(c, &tb.id);
	CHECK_ST(c, tenancy_user_get(c, &ub.id, 0, &got), SC_OK);
	CHECK(!strcmp(got.first_name, "F") && sc_uuid_equal(&got.tenant_id, &tb.id) && got.version == ub.version);
	tenancy_user_free(&got);
	CHECK_ST(c, sc_tx_commit(c), SC_OK);

	/* no tenant set: tenant tables show no rows */
	CHECK_ST(c, tenancy_user_count(c, NULL, &n), SC_OK);
	CHECK(n == 0);
	CHECK_ST(c, tenancy_user_get(c, &ua.id, 0, &got), SC_NOT_FOUND);

	/* the other tenant sees its own row only */
	in_tenant(c, &tb.id);
	CHECK_ST(c, tenancy_user_count(c, NULL, &n), SC_OK);
	CHECK(n == 1);
	ub.failed_logins = 3;
	CHECK_ST(c, tenancy_user_update(c, &ub), SC_OK);
	CHECK(ub.version == 2);
	CHECK_ST(c, sc_tx_commit(c), SC_OK);

	if (c != env.conn)
		sc_conn_close(c);
	cg_close(&env);
	return t_done("codegen tenancy scope");
}
