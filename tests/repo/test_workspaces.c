/* schema/workspaces.schema: every operation of every entity (composite
 * primary key, bytes unique key, soft delete with version), every batch
 * loader, and a NOT NULL the database reports. */
#include "repo_entity.h"

#include "workspaces.h"

#define NPARENTS 3
static sc_uuid users[NPARENTS], spaces[NPARENTS];
/* 2030-01-01: later than every fake created_at (2024), for @@check */
#define FUTURE INT64_C(1893456000000000)

/* A new user (or connection) per row where the key must be unique. */
static sc_uuid new_user(uint64_t seed)
{
	workspaces_user u;
	CHECK(workspaces_user_fake(&u, 70000000 + seed) == SC_OK);
	sc_status st = RUN(workspaces_user_insert(C, &u));
	CHECK_MSG(st == SC_OK, "parent user: %s", repo_err()->message);
	sc_uuid id = u.id;
	workspaces_user_free(&u);
	return id;
}

static void fix_profile(void *r, uint64_t seed)
{
	((workspaces_user_profile *)r)->user_id = new_user(seed);
}
static void fix_session(void *r, uint64_t seed)
{
	workspaces_user_session *s = r;
	s->user_id = users[seed % NPARENTS];
	s->expires_at = FUTURE + (int64_t)seed;
}
static void fix_token(void *r, uint64_t seed)
{
	((workspaces_auth_token *)r)->user_id = users[seed % NPARENTS];
}
static void fix_space(void *r, uint64_t seed)
{
	((workspaces_workspace *)r)->owner_id = users[seed % NPARENTS];
}
static void fix_member(void *r, uint64_t seed)
{
	workspaces_workspace_member *m = r;
	m->workspace_id = spaces[seed % NPARENTS];
	m->user_id = new_user(seed);
	m->invited_by = users[seed % NPARENTS];
	m->has_invited_by = true;
}
static void fix_conn(void *r, uint64_t seed)
{
	((workspaces_external_connection *)r)->workspace_id = spaces[seed % NPARENTS];
}
static sc_uuid new_conn(uint64_t seed)
{
	workspaces_external_connection c;
	CHECK(workspaces_external_connection_fake(&c, 71000000 + seed) == SC_OK);
	fix_conn(&c, seed);
	sc_status st = RUN(workspaces_external_connection_insert(C, &c));
	CHECK_MSG(st == SC_OK, "parent connection: %s", repo_err()->message);
	sc_uuid id = c.id;
	workspaces_external_connection_free(&c);
	return id;
}
static void fix_integration(void *r, uint64_t seed)
{
	workspaces_workspace_integration *w = r;
	w->workspace_id = spaces[seed % NPARENTS];
	w->connection_id = new_conn(seed);
}
static void fix_artifact(void *r, uint64_t seed)
{
	workspaces_artifact *a = r;
	a->workspace_id = spaces[seed % NPARENTS];
	a->created_by = users[seed % NPARENTS];
}
static sc_uuid artifacts[NPARENTS];
static void fix_sync(void *r, uint64_t seed)
{
	workspaces_sync_log *s = r;
	s->workspace_id = spaces[seed % NPARENTS];
	s->artifact_id = artifacts[seed % NPARENTS];
	s->has_artifact_id = true;
}

REPO_COMMON(workspaces_user)
REPO_GET_UUID(workspaces_user, id)
REPO_DEL_UUID(workspaces_user, id)
REPO_UPSERT(workspaces_user)
static sc_status user_by_azure(sc_conn *c, const void *k, unsigned f, void *o)
{
	return workspaces_user_get_by_azure_id(c, ((const workspaces_user *)k)->azure_id, f, o);
}
static sc_status user_by_email(sc_conn *c, const void *k, unsigned f, void *o)
{
	return workspaces_user_get_by_email(c, ((const workspaces_user *)k)->email, f, o);
}
static const repo_ops user_ops = {REPO_OPS_INIT(workspaces_user), REPO_UPSERT_INIT(workspaces_user, 3),
				  .get_by = {user_by_azure, user_by_email}};

REPO_COMMON(workspaces_user_profile)
REPO_GET_UUID(workspaces_user_profile, user_id)
REPO_DEL_UUID(workspaces_user_profile, user_id)
REPO_UPSERT(workspaces_user_profile)
REPO_LOADER(workspaces_user_profile, user_id)
static const repo_ops profile_ops = {REPO_OPS_INIT(workspaces_user_profile),
				     REPO_UPSERT_INIT(workspaces_user_profile, 1), .fix = fix_profile};

REPO_COMMON(workspaces_user_session)
REPO_GET_UUID(workspaces_user_session, id)
REPO_DEL_UUID(workspaces_user_session, id)
REPO_UPSERT(workspaces_user_session)
REPO_LOADER(workspaces_user_session, user_id)
static sc_status session_by_hash(sc_conn *c, const void *k, unsigned f, void *o)
{
	return workspaces_user_session_get_by_token_hash(c, ((const workspaces_user_session *)k)->token_hash, f, o);
}
static const repo_ops session_ops = {REPO_OPS_INIT(workspaces_user_session),
				     REPO_UPSERT_INIT(workspaces_user_session, 2), .fix = fix_session,
				     .get_by = {session_by_hash}};

REPO_COMMON(workspaces_auth_token)
REPO_GET_UUID(workspaces_auth_token, id)
REPO_DEL_UUID(workspaces_auth_token, id)
REPO_UPSERT(workspaces_auth_token)
REPO_LOADER(workspaces_auth_token, user_id)
static sc_status token_by_hash(sc_conn *c, const void *k, unsigned f, void *o)
{
	return workspaces_auth_token_get_by_token_hash(c, ((const workspaces_auth_token *)k)->token_hash, f, o);
}
static const repo_ops token_ops = {REPO_OPS_INIT(workspaces_auth_token),
				   REPO_UPSERT_INIT(workspaces_auth_token, 2), .fix = fix_token,
				   .get_by = {token_by_hash}};

REPO_COMMON(workspaces_workspace)
REPO_GET_UUID(workspaces_workspace, id)
REPO_DEL_UUID_V(workspaces_workspace, id, version)
REPO_RESTORE_UUID(workspaces_workspace, id)
REPO_UPSERT(workspaces_workspace)
REPO_LOADER(workspaces_workspace, owner_id)
static sc_status space_by_name(sc_conn *c, const void *k, unsigned f, void *o)
{
	const workspaces_workspace *w = k;
	return workspaces_workspace_get_by_owner_id_name(c, &w->owner_id, w->name, f, o);
}
static const repo_ops space_ops = {REPO_OPS_INIT(workspaces_workspace),
				   REPO_UPSERT_INIT(workspaces_workspace, 2), .fix = fix_space,
				   .restore = workspaces_workspace_w_restore, .get_by = {space_by_name}};

REPO_COMMON(workspaces_workspace_member)
REPO_GET_UUID2(workspaces_workspace_member, workspace_id, user_id)
REPO_DEL_UUID2(workspaces_workspace_member, workspace_id, user_id)
REPO_UPSERT(workspaces_workspace_member)
REPO_LOADER(workspaces_workspace_member, workspace_id)
REPO_LOADER(workspaces_workspace_member, user_id)
REPO_LOADER(workspaces_workspace_member, invited_by)
static const repo_ops member_ops = {REPO_OPS_INIT(workspaces_workspace_member),
				    REPO_UPSERT_INIT(workspaces_workspace_member, 1), .fix = fix_member};

REPO_COMMON(workspaces_external_connection)
REPO_GET_UUID(workspaces_external_connection, id)
REPO_DEL_UUID(workspaces_external_connection, id)
REPO_UPSERT(workspaces_external_connection)
REPO_LOADER(workspaces_external_connection, workspace_id)
static const repo_ops conn_ops = {REPO_OPS_INIT(workspaces_external_connection),
				  REPO_UPSERT_INIT(workspaces_external_connection, 1), .fix = fix_conn};

REPO_COMMON(workspaces_workspace_integration)
REPO_GET_UUID(workspaces_workspace_integration, id)
REPO_DEL_UUID(workspaces_workspace_integration, id)
REPO_UPSERT(workspaces_workspace_integration)
REPO_LOADER(workspaces_workspace_integration, workspace_id)
REPO_LOADER(workspaces_workspace_integration, connection_id)
static sc_status integration_by_key(sc_conn *c, const void *k, unsigned f, void *o)
{
	const workspaces_workspace_integration *w = k;
	return workspaces_workspace_integration_get_by_workspace_id_connection_id(c, &w->workspace_id,
										   &w->connection_id, f, o);
}
static const repo_ops integration_ops = {REPO_OPS_INIT(workspaces_workspace_integration),
					 REPO_UPSERT_INIT(workspaces_workspace_integration, 2),
					 .fix = fix_integration, .get_by = {integration_by_key}};

REPO_COMMON(workspaces_artifact)
REPO_GET_UUID(workspaces_artifact, id)
REPO_DEL_UUID_V(workspaces_artifact, id, version)
REPO_UPSERT(workspaces_artifact)
REPO_LOADER(workspaces_artifact, workspace_id)
REPO_LOADER(workspaces_artifact, created_by)
static sc_status artifact_by_name(sc_conn *c, const void *k, unsigned f, void *o)
{
	const workspaces_artifact *a = k;
	return workspaces_artifact_get_by_workspace_id_name(c, &a->workspace_id, a->name, f, o);
}
static const repo_ops artifact_ops = {REPO_OPS_INIT(workspaces_artifact),
				      REPO_UPSERT_INIT(workspaces_artifact, 2), .fix = fix_artifact,
				      .get_by = {artifact_by_name}};

REPO_COMMON(workspaces_sync_log)
REPO_GET_INT(workspaces_sync_log, id)
REPO_DEL_INT(workspaces_sync_log, id)
REPO_LOADER(workspaces_sync_log, workspace_id)
REPO_LOADER(workspaces_sync_log, artifact_id)
static const repo_ops sync_ops = {REPO_OPS_INIT(workspaces_sync_log), .fix = fix_sync};

static void make_parents(void)
{
	for (int i = 0; i < NPARENTS; i++)
		users[i] = new_user(100 + (uint64_t)i);
	for (int i = 0; i < NPARENTS; i++) {
		void *w = repo_row_new(&space_ops, 9100000 + (uint64_t)i);
		CHECK_RUN(workspaces_workspace_insert(C, w), SC_OK);
		spaces[i] = ((workspaces_workspace *)w)->id;
		repo_row_free(&space_ops, w);
	}
	for (int i = 0; i < NPARENTS; i++) {
		void *a = repo_row_new(&artifact_ops, 9200000 + (uint64_t)i);
		CHECK_RUN(workspaces_artifact_insert(C, a), SC_OK);
		artifacts[i] = ((workspaces_artifact *)a)->id;
		repo_row_free(&artifact_ops, a);
	}
}

static void make_children(const repo_ops *o, uint64_t seed, int n)
{
	for (int i = 0; i < n; i++) {
		void *r = repo_row_new(o, seed + (uint64_t)i);
		CHECK_RUN(o->insert(C, r), SC_OK);
		repo_row_free(o, r);
	}
}

/* Bytes as a unique key: every byte value, looked up by value. */
static void test_bytes_key(void)
{
	workspaces_user_session s;
	CHECK(workspaces_user_session_fake(&s, 5555) == SC_OK);
	fix_session(&s, 5555);
	uint8_t all[256];
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)(255 - i);
	s.token_hash = (sc_bytes){all, sizeof all};
	CHECK_ST(workspaces_user_session_insert(C, &s), SC_OK);
	workspaces_user_session g;
	CHECK_ST(workspaces_user_session_get_by_token_hash(C, s.token_hash, 0, &g), SC_OK);
	CHECK(g.token_hash.len == 256 && !memcmp(g.token_hash.data, all, 256));
	workspaces_user_session_free(&g);
	uint8_t other[256];
	memcpy(other, all, sizeof other);
	other[0] ^= 1;
	CHECK_ST(workspaces_user_session_get_by_token_hash(C, (sc_bytes){other, sizeof other}, 0, &g),
		 SC_NOT_FOUND);
	s.token_hash = (sc_bytes){NULL, 0}; /* do not let _free see our array */
	workspaces_user_session_free(&s);
}

static void test_db_not_null(void)
{
	sc_status st = sc_conn_exec(C, "INSERT INTO \"workspaces\" (\"id\", \"name\") "
				       "VALUES ('0190a0a0-0000-7000-8000-0000000000aa', 'nn')");
	CHECK_MSG(st == SC_NOT_NULL_VIOLATION, "got %s", sc_status_name(st));
	CHECK_MSG(!strcmp(sc_conn_error(C)->column, "owner_id"), "column '%s' (%s)", sc_conn_error(C)->column,
		  sc_conn_error(C)->message);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 4});
	make_parents();
	const repo_ops *all[] = {&user_ops, &profile_ops, &session_ops, &token_ops, &space_ops,
				 &member_ops, &conn_ops, &integration_ops, &artifact_ops, &sync_ops};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		repo_entity_suite(all[i], 1000000 * (i + 1));
	for (size_t i = 1; i < sizeof all / sizeof all[0]; i++)
		make_children(all[i], 1000000 * (i + 1) + 500000, 7);

	static const repo_loader loaders[] = {
		REPO_LOADER_INIT(profile_ops, workspaces_user_profile, user_id),
		REPO_LOADER_INIT(session_ops, workspaces_user_session, user_id),
		REPO_LOADER_INIT(token_ops, workspaces_auth_token, user_id),
		REPO_LOADER_INIT(space_ops, workspaces_workspace, owner_id),
		REPO_LOADER_INIT(member_ops, workspaces_workspace_member, workspace_id),
		REPO_LOADER_INIT(member_ops, workspaces_workspace_member, user_id),
		REPO_LOADER_INIT(member_ops, workspaces_workspace_member, invited_by),
		REPO_LOADER_INIT(conn_ops, workspaces_external_connection, workspace_id),
		REPO_LOADER_INIT(integration_ops, workspaces_workspace_integration, workspace_id),
		REPO_LOADER_INIT(integration_ops, workspaces_workspace_integration, connection_id),
		REPO_LOADER_INIT(artifact_ops, workspaces_artifact, workspace_id),
		REPO_LOADER_INIT(artifact_ops, workspaces_artifact, created_by),
		REPO_LOADER_INIT(sync_ops, workspaces_sync_log, workspace_id),
		REPO_LOADER_INIT(sync_ops, workspaces_sync_log, artifact_id),
	};
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
		repo_loader_check(&loaders[i]);

	test_bytes_key();
	test_db_not_null();
	repo_close();
	return repo_done("repo workspaces");
}
