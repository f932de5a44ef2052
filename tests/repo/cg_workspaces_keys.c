/* Generated code of schema/workspaces.schema: composite primary keys
 * (get, update, delete, list_by, loaders), a uuid primary key that is also
 * a foreign key, bytes (every byte value, NULL vs empty) as values and as a
 * unique key, json defaults, @column renames. */
#include "repo.h"

#include "workspaces.h"


static void user(workspaces_user *u, const char *name)
{
	static char emails[8][64];
	static int n;
	workspaces_user_init(u);
	snprintf(emails[n], sizeof emails[n], "%s@ws.test", name);
	u->azure_id = (char *)name;
	u->email = emails[n++];
	u->display_name = (char *)name;
	CHECK_ST(workspaces_user_insert(C, u), SC_OK);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	workspaces_user owner, member, other;
	user(&owner, "owner");
	user(&member, "member");
	user(&other, "other");

	/* @column("azure_object_id") reads back into azure_id */
	workspaces_user gu;
	CHECK_ST(workspaces_user_get_by_azure_id(C, "member", 0, &gu), SC_OK);
	CHECK(sc_uuid_equal(&gu.id, &member.id) && !strcmp(gu.locale, "en"));
	workspaces_user_free(&gu);

	/* bytes: NULL, empty, every byte value; uuid key that is a foreign key */
	workspaces_user_profile pr;
	workspaces_user_profile_init(&pr);
	pr.user_id = owner.id;
	CHECK(!strcmp(pr.settings, "{\"theme\": \"light\", \"sidebar\": true}"));
	CHECK_ST(workspaces_user_profile_insert(C, &pr), SC_OK);
	workspaces_user_profile gp;
	CHECK_ST(workspaces_user_profile_get(C, &owner.id, 0, &gp), SC_OK);
	CHECK(gp.avatar.data == NULL && !strcmp(gp.timezone, "UTC") && strstr(gp.settings, "sidebar"));
	workspaces_user_profile_free(&gp);
	uint8_t all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	pr.avatar = (sc_bytes){all, sizeof all};
	CHECK_ST(workspaces_user_profile_update(C, &pr), SC_OK);
	CHECK_ST(workspaces_user_profile_get(C, &owner.id, 0, &gp), SC_OK);
	CHECK(gp.avatar.len == 256 && gp.avatar.data && !memcmp(gp.avatar.data, all, 256));
	workspaces_user_profile_free(&gp);
	static uint8_t none[1];
	pr.avatar = (sc_bytes){none, 0};
	CHECK_ST(workspaces_user_profile_update(C, &pr), SC_OK);
	CHECK_ST(workspaces_user_profile_get(C, &owner.id, 0, &gp), SC_OK);
	CHECK(gp.avatar.data != NULL && gp.avatar.len == 0); /* empty, not NULL */
	workspaces_user_profile_free(&gp);

	workspaces_user_session s;
	workspaces_user_session_init(&s);
	s.user_id = owner.id;
	uint8_t hash[4] = {0, 0xff, '\'', 0};
	s.token_hash = (sc_bytes){hash, sizeof hash};
	s.created_at = 1000;
	s.expires_at = sc_now_micros() + 3600000000LL;
	CHECK_ST(workspaces_user_session_insert(C, &s), SC_OK);
	workspaces_user_session gs;
	CHECK_ST(workspaces_user_session_get_by_token_hash(C, (sc_bytes){hash, sizeof hash}, 0, &gs), SC_OK);
	CHECK(sc_uuid_equal(&gs.id, &s.id) && gs.created_at == 1000);
	workspaces_user_session_free(&gs);

	/* composite primary key */
	workspaces_workspace w;
	workspaces_workspace_init(&w);
	w.name = "Docs";
	w.owner_id = owner.id;
	CHECK_ST(workspaces_workspace_insert(C, &w), SC_OK);
	CHECK(!strcmp(w.export_folder, "Shared Documents\\Exports"));
	workspaces_workspace_member m;
	workspaces_workspace_member_init(&m);
	m.workspace_id = w.id;
	m.user_id = member.id;
	CHECK(m.role == WORKSPACES_MEMBER_ROLE_VIEWER);
	CHECK_ST(workspaces_workspace_member_insert(C, &m), SC_OK);
	CHECK(m.joined_at > 0);
	workspaces_workspace_member m2 = m;
	m2.user_id = other.id;
	m2.invited_by = member.id;
	m2.has_invited_by = true;
	CHECK_ST(workspaces_workspace_member_insert(C, &m2), SC_OK);
	CHECK_ST(workspaces_workspace_member_insert(C, &m2), SC_UNIQUE_VIOLATION);
	CHECK_MSG(!strcmp(sc_conn_error(C)->constraint, "workspace_members_pkey"), "constraint '%s'",
		  sc_conn_error(C)->constraint);

	workspaces_workspace_member gm;
	CHECK_ST(workspaces_workspace_member_get(C, &w.id, &other.id, 0, &gm), SC_OK);
	CHECK(gm.has_invited_by && sc_uuid_equal(&gm.invited_by, &member.id));
	workspaces_workspace_member_free(&gm);
	m.role = WORKSPACES_MEMBER_ROLE_EDITOR;
	CHECK_ST(workspaces_workspace_member_update(C, &m), SC_OK);
	CHECK_ST(workspaces_workspace_member_get(C, &w.id, &member.id, 0, &gm), SC_OK);
	CHECK(gm.role == WORKSPACES_MEMBER_ROLE_EDITOR);
	workspaces_workspace_member_free(&gm);
	m.role = WORKSPACES_MEMBER_ROLE_ADMIN;
	CHECK_ST(workspaces_workspace_member_upsert(C, &m, WORKSPACES_WORKSPACE_MEMBER_KEY_PK), SC_OK);

	workspaces_workspace_member_page p;
	CHECK_ST(workspaces_workspace_member_list_by_workspace_id(C, &w.id, NULL, &p), SC_OK);
	CHECK(p.len == 2);
	workspaces_workspace_member_page_free(&p);
	sc_query *q = workspaces_workspace_member_query_new();
	workspaces_workspace_member_where_role_eq(q, WORKSPACES_MEMBER_ROLE_ADMIN);
	int64_t n = -1;
	CHECK_ST(workspaces_workspace_member_count(C, q, &n), SC_OK);
	CHECK(n == 1);
	sc_query_limit(q, 1);
	CHECK_ST(workspaces_workspace_member_list(C, q, &p), SC_OK);
	CHECK(p.len == 1 && p.next_cursor == NULL);
	workspaces_workspace_member_page_free(&p);
	sc_query_free(q);
	CHECK_ST(workspaces_workspace_member_load_by_user_ids(C, (sc_uuid[]){member.id, other.id}, 2, &p), SC_OK);
	CHECK(p.len == 2);
	workspaces_workspace_member_page_free(&p);

	CHECK_ST(workspaces_workspace_member_delete(C, &w.id, &member.id), SC_OK);
	CHECK_ST(workspaces_workspace_member_delete(C, &w.id, &member.id), SC_NOT_FOUND);
	CHECK_ST(workspaces_workspace_member_get(C, &w.id, &member.id, 0, &gm), SC_NOT_FOUND);

	/* composite unique key over (owner_id, name) and a keyset walk over a
	 * composite-key entity */
	workspaces_workspace gw;
	CHECK_ST(workspaces_workspace_get_by_owner_id_name(C, &owner.id, "Docs", 0, &gw), SC_OK);
	CHECK(sc_uuid_equal(&gw.id, &w.id) && gw.version == 1);
	CHECK(!strcmp(gw.readme_template, "# Title\n\n\tDescribe the workspace here."));
	workspaces_workspace_free(&gw);

	repo_close();
	return repo_done("codegen workspaces keys");
}
