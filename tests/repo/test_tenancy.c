/* schema/tenancy.schema: every operation of every entity, run the way a
 * multi-tenant service runs them: each call in a transaction carrying the
 * tenant (sc_tx_options.tenant; PostgreSQL enforces it with row-level
 * security, which is why repo.h connects as a non-superuser role, SQLite
 * through the generated conditions). Plus isolation between two tenants
 * and every batch loader. */
#include "repo_entity.h"

#include "tenancy.h"

#define NPARENTS 3
static sc_uuid tenants[2], users[NPARENTS];
static char tenant_text[2][SC_UUID_STRLEN + 1];
static int cur; /* index of the current tenant */
#define FUTURE INT64_C(1893456000000000) /* 2030, after every fake created_at */

static void fix_user(void *r, uint64_t seed)
{
	(void)seed;
	((tenancy_user *)r)->tenant_id = tenants[cur];
}
static void fix_session(void *r, uint64_t seed)
{
	tenancy_user_session *s = r;
	s->tenant_id = tenants[cur];
	s->user_id = users[seed % NPARENTS];
	s->expires_at = FUTURE + (int64_t)seed;
}
static void fix_log(void *r, uint64_t seed)
{
	tenancy_activity_log *a = r;
	a->tenant_id = tenants[cur];
	a->user_id = users[seed % NPARENTS];
	a->has_user_id = true;
}
static void fix_reset(void *r, uint64_t seed)
{
	tenancy_password_reset_token *p = r;
	p->tenant_id = tenants[cur];
	p->user_id = users[seed % NPARENTS];
}

REPO_COMMON(tenancy_tenant)
REPO_GET_UUID(tenancy_tenant, id)
REPO_DEL_UUID(tenancy_tenant, id)
REPO_RESTORE_UUID(tenancy_tenant, id)
REPO_UPSERT(tenancy_tenant)
static sc_status tenant_by_slug(sc_conn *c, const void *k, unsigned f, void *o)
{
	return tenancy_tenant_get_by_slug(c, ((const tenancy_tenant *)k)->slug, f, o);
}
static const repo_ops tenant_ops = {REPO_OPS_INIT(tenancy_tenant), REPO_UPSERT_INIT(tenancy_tenant, 2),
				    .restore = tenancy_tenant_w_restore, .get_by = {tenant_by_slug}};

REPO_COMMON(tenancy_user)
REPO_GET_UUID(tenancy_user, id)
REPO_DEL_UUID_V(tenancy_user, id, version)
REPO_RESTORE_UUID(tenancy_user, id)
REPO_UPSERT(tenancy_user)
REPO_LOADER(tenancy_user, tenant_id)
static sc_status user_by_email(sc_conn *c, const void *k, unsigned f, void *o)
{
	const tenancy_user *u = k;
	return tenancy_user_get_by_tenant_id_email(c, &u->tenant_id, u->email, f, o);
}
static const repo_ops user_ops = {REPO_OPS_INIT(tenancy_user), REPO_UPSERT_INIT(tenancy_user, 2),
				  .fix = fix_user, .restore = tenancy_user_w_restore, .get_by = {user_by_email}};

REPO_COMMON(tenancy_user_session)
REPO_GET_UUID(tenancy_user_session, id)
REPO_DEL_UUID(tenancy_user_session, id)
REPO_UPSERT(tenancy_user_session)
REPO_LOADER(tenancy_user_session, tenant_id)
REPO_LOADER(tenancy_user_session, user_id)
static sc_status session_by_hash(sc_conn *c, const void *k, unsigned f, void *o)
{
	return tenancy_user_session_get_by_token_hash(c, ((const tenancy_user_session *)k)->token_hash, f, o);
}
static const repo_ops session_ops = {REPO_OPS_INIT(tenancy_user_session), REPO_UPSERT_INIT(tenancy_user_session, 2),
				     .fix = fix_session, .get_by = {session_by_hash}};

REPO_COMMON(tenancy_activity_log)
REPO_GET_INT(tenancy_activity_log, id)
REPO_DEL_INT(tenancy_activity_log, id)
REPO_LOADER(tenancy_activity_log, tenant_id)
REPO_LOADER(tenancy_activity_log, user_id)
static const repo_ops log_ops = {REPO_OPS_INIT(tenancy_activity_log), .fix = fix_log};

REPO_COMMON(tenancy_password_reset_token)
REPO_GET_UUID(tenancy_password_reset_token, id)
REPO_DEL_UUID(tenancy_password_reset_token, id)
REPO_UPSERT(tenancy_password_reset_token)
REPO_LOADER(tenancy_password_reset_token, tenant_id)
REPO_LOADER(tenancy_password_reset_token, user_id)
static sc_status reset_by_hash(sc_conn *c, const void *k, unsigned f, void *o)
{
	return tenancy_password_reset_token_get_by_token_hash(c, ((const tenancy_password_reset_token *)k)->token_hash,
							      f, o);
}
static const repo_ops reset_ops = {REPO_OPS_INIT(tenancy_password_reset_token),
				   REPO_UPSERT_INIT(tenancy_password_reset_token, 2), .fix = fix_reset,
				   .get_by = {reset_by_hash}};

static void use_tenant(int i)
{
	cur = i;
	env.tenant = tenant_text[i];
}

static void make_parents(void)
{
	for (int i = 0; i < 2; i++) {
		void *t = repo_row_new(&tenant_ops, 9000000 + (uint64_t)i);
		CHECK_RUN(tenancy_tenant_insert(C, t), SC_OK);
		tenants[i] = ((tenancy_tenant *)t)->id;
		sc_uuid_format(&tenants[i], tenant_text[i]);
		repo_row_free(&tenant_ops, t);
	}
	use_tenant(0);
	for (int i = 0; i < NPARENTS; i++) {
		void *u = repo_row_new(&user_ops, 9100000 + (uint64_t)i);
		CHECK_RUN(tenancy_user_insert(C, u), SC_OK);
		users[i] = ((tenancy_user *)u)->id;
		repo_row_free(&user_ops, u);
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

/* Rows of tenant 1 are invisible to tenant 0 and to code without a tenant. */
static void test_isolation(void)
{
	use_tenant(1);
	void *u = repo_row_new(&user_ops, 8800000);
	CHECK_RUN(tenancy_user_insert(C, u), SC_OK);
	tenancy_user *other = u;
	int64_t n1 = -1;
	CHECK_RUN(tenancy_user_count(C, NULL, &n1), SC_OK);
	CHECK(n1 == 1);

	use_tenant(0);
	int64_t n0 = -1;
	CHECK_RUN(tenancy_user_count(C, NULL, &n0), SC_OK);
	CHECK(n0 >= NPARENTS);
	repo_expect_absent(&user_ops, u, 0);
	repo_expect_absent(&user_ops, u, SC_READ_WITH_DELETED);
	tenancy_user g;
	CHECK_RUN(tenancy_user_get_by_tenant_id_email(C, &other->tenant_id, other->email, 0, &g), SC_NOT_FOUND);
	CHECK_RUN(tenancy_user_update(C, other), SC_NOT_FOUND);
	CHECK_RUN(tenancy_user_delete(C, &other->id, other->version), SC_NOT_FOUND);
	tenancy_user_page p = {0};
	CHECK_RUN(tenancy_user_list_by_tenant_id(C, &tenants[1], NULL, &p), SC_OK);
	CHECK(p.len == 0);
	tenancy_user_page_free(&p);
	CHECK_RUN(tenancy_user_load_by_tenant_ids(C, tenants, 2, &p), SC_OK);
	CHECK((int64_t)p.len == n0);
	for (size_t i = 0; i < p.len; i++)
		CHECK(sc_uuid_equal(&p.rows[i].tenant_id, &tenants[0]));
	tenancy_user_page_free(&p);
	bool ex = true;
	sc_query *q = tenancy_user_query_new();
	tenancy_user_where_email_eq(q, other->email);
	CHECK_RUN(tenancy_user_exists(C, q, &ex), SC_OK);
	CHECK(!ex);
	sc_query_free(q);

	/* a tenant that is not a uuid: PostgreSQL's policy cast fails
	 * (SC_DATA_ERROR), SQLite refuses it alike */
	env.tenant = "not-a-uuid";
	int64_t nb = -1;
	CHECK_RUN(tenancy_user_count(C, NULL, &nb), SC_DATA_ERROR);
	CHECK_RUN(tenancy_user_get(C, &other->id, 0, &g), SC_DATA_ERROR);
	CHECK_RUN(tenancy_user_insert(C, u), SC_DATA_ERROR);

	/* no tenant at all: nothing is visible */
	env.tenant = NULL;
	int64_t n = -1;
	CHECK_ST(tenancy_user_count(C, NULL, &n), SC_OK);
	CHECK_MSG(n == 0, "without a tenant %lld users are visible", (long long)n);
	use_tenant(1);
	CHECK_RUN(tenancy_user_delete(C, &other->id, other->version), SC_OK);
	use_tenant(0);
	repo_row_free(&user_ops, u);
}

/* A copy of row (sharing its strings) as a row of tenant `t`. */
static void *as_tenant(const repo_ops *o, const void *row, int t)
{
	const sc_entity_meta *m = o->m;
	void *r = calloc(1, m->row_size);
	REQUIRE(r != NULL);
	memcpy(r, row, m->row_size);
	memset((unsigned char *)r + m->mem_offset, 0, sizeof(void *));
	memcpy((unsigned char *)r + m->cols[m->tenant_col].offset, &tenants[t], sizeof(sc_uuid));
	return r;
}

/* Two rows in one array for the _many calls (strings shared). */
static char *pair(const sc_entity_meta *m, const void *a, const void *b)
{
	char *rows = calloc(2, m->row_size);
	REQUIRE(rows != NULL);
	memcpy(rows, a, m->row_size);
	memcpy(rows + m->row_size, b, m->row_size);
	for (int i = 0; i < 2; i++)
		memset(rows + (size_t)i * m->row_size + m->mem_offset, 0, sizeof(void *));
	return rows;
}

/* Writes aimed at tenant 1's rows, or carrying tenant 1's key, from
 * tenant `as` (0, or -1 for no tenant at all): PostgreSQL's forced
 * row-level security (USING and WITH CHECK) refuses rows of another tenant
 * with SC_PERMISSION_DENIED and does not see its rows (SC_NOT_FOUND);
 * SQLite must give the same statuses and leave tenant 1's rows alone. */
static void cross_tenant_as(const repo_ops *o, const void *victim, const void *gone, int as, uint64_t seed)
{
	const sc_entity_meta *m = o->m;
	if (as >= 0)
		use_tenant(as);
	else
		env.tenant = NULL;
	int mine = as >= 0 ? as : 0; /* the tenant key a "moved" row carries */

	/* insert and insert_many of a row carrying another tenant's key (or,
	 * with no tenant, any key): refused, and nothing of the batch stays */
	void *fresh = repo_row_new(o, seed);
	void *theirs = as_tenant(o, fresh, 1);
	void *ours = as_tenant(o, fresh, mine);
	CHECK_RUN(o->insert(C, theirs), SC_PERMISSION_DENIED);
	if (as < 0)
		CHECK_RUN(o->insert(C, ours), SC_PERMISSION_DENIED);
	void *fresh2 = repo_row_new(o, seed + 1);
	void *ours2 = as_tenant(o, fresh2, mine);
	char *rows = pair(m, ours2, theirs);
	CHECK_RUN(o->insert_many(C, rows, 2), SC_PERMISSION_DENIED);
	free(rows);
	if (!repo_pk_autoinc(m)) {
		use_tenant(mine);
		repo_expect_absent(o, ours2, SC_READ_WITH_DELETED);
		if (as < 0)
			env.tenant = NULL;
	}

	if (o->upsert) {
		unsigned first = repo_pk_autoinc(m) ? 1 : 0;
		void *v_theirs = as_tenant(o, victim, 1), *v_ours = as_tenant(o, victim, mine);
		for (int k = 0; k < o->nkeys; k++) {
			const sc_unique_meta *u = &m->uniques[first + (unsigned)k];
			/* the new row is another tenant's (WITH CHECK) */
			CHECK_RUN(o->upsert(C, v_theirs, k), SC_PERMISSION_DENIED);
			/* the conflicting row is another tenant's (USING): not
			 * overwritten, not moved; keys holding the tenant key
			 * cannot conflict across tenants */
			bool has_tenant = false;
			for (unsigned j = 0; j < u->ncols; j++)
				has_tenant |= (int)u->cols[j] == m->tenant_col;
			if (has_tenant)
				continue;
			void *r = repo_row_new(o, seed + 10 + (uint64_t)k);
			void *clash = as_tenant(o, r, mine);
			for (unsigned j = 0; j < u->ncols; j++)
				repo_col_copy(&m->cols[u->cols[j]], clash, victim);
			CHECK_RUN(o->upsert(C, clash, k), SC_PERMISSION_DENIED);
			rows = pair(m, ours2, clash);
			CHECK_RUN(o->upsert_many(C, rows, 2, k), SC_PERMISSION_DENIED);
			free(rows);
			free(clash);
			repo_row_free(o, r);
		}
		rows = pair(m, ours2, v_theirs);
		CHECK_RUN(o->upsert_many(C, rows, 2, 0), SC_PERMISSION_DENIED);
		free(rows);
		if (as < 0) {
			CHECK_RUN(o->upsert(C, ours2, 0), SC_PERMISSION_DENIED);
			rows = pair(m, ours2, ours);
			CHECK_RUN(o->upsert_many(C, rows, 2, 0), SC_PERMISSION_DENIED);
			free(rows);
		}
		use_tenant(mine);
		repo_expect_absent(o, ours2, SC_READ_WITH_DELETED);
		if (as < 0)
			env.tenant = NULL;
		free(v_theirs);
		free(v_ours);
	}

	/* updates and deletes do not see another tenant's rows, whichever
	 * tenant key the caller's row carries */
	for (int t = 0; t < 2; t++) {
		void *v = as_tenant(o, victim, t ? mine : 1);
		CHECK_RUN(o->update(C, v), SC_NOT_FOUND);
		unsigned col = 0;
		uint64_t fixed = repo_fixed_cols(m);
		while (col < m->ncols && (fixed & repo_bit((int)col)))
			col++;
		CHECK_RUN(o->update_fields(C, v, &col, 1), SC_NOT_FOUND);
		CHECK_RUN(o->del(C, v), SC_NOT_FOUND);
		CHECK_RUN(o->del_hard(C, v), SC_NOT_FOUND);
		if (o->restore) {
			void *g = as_tenant(o, gone, t ? mine : 1);
			CHECK_RUN(o->restore(C, g), SC_NOT_FOUND);
			free(g);
		}
		free(v);
	}
	free(theirs);
	free(ours);
	free(ours2);
	repo_row_free(o, fresh);
	repo_row_free(o, fresh2);
}

/* Every generated write, cross-tenant and without a tenant; tenant 1's rows
 * (a live one and, with soft delete, a deleted one) stay exactly as they were. */
static void test_cross_tenant_writes(const repo_ops *o, uint64_t seed)
{
	const sc_entity_meta *m = o->m;
	printf("  cross-tenant writes %s\n", m->c_name);
	use_tenant(1);
	void *victim = repo_row_new(o, seed);
	CHECK_RUN(o->insert(C, victim), SC_OK);
	void *gone = repo_row_new(o, seed + 1);
	CHECK_RUN(o->insert(C, gone), SC_OK);
	if (o->restore) {
		CHECK_RUN(o->del(C, gone), SC_OK);
		void *g = calloc(1, m->row_size);
		CHECK_RUN(o->get(C, gone, SC_READ_WITH_DELETED, g), SC_OK);
		repo_row_free(o, gone);
		gone = g;
	}
	cross_tenant_as(o, victim, gone, 0, seed + 100);
	cross_tenant_as(o, victim, gone, -1, seed + 200);
	use_tenant(1);
	repo_expect_row(o, victim, 0, "tenant 1's row after the other tenant's writes");
	if (o->restore) {
		void *g = calloc(1, m->row_size);
		CHECK_RUN(o->get(C, gone, SC_READ_WITH_DELETED, g), SC_OK);
		CHECK(repo_row_diff(m, gone, g, 0, "tenant 1's deleted row") == 0);
		repo_row_free(o, g);
	}
	CHECK_RUN(o->del_hard(C, victim), SC_OK);
	CHECK_RUN(o->del_hard(C, gone), SC_OK);
	repo_row_free(o, victim);
	repo_row_free(o, gone);
	use_tenant(0);
}

static void test_db_not_null(void)
{
	sc_status st = sc_conn_exec(C, "INSERT INTO \"tenants\" (\"id\", \"slug\") "
				       "VALUES ('0190a0a0-0000-7000-8000-0000000000aa', 'nn')");
	CHECK_MSG(st == SC_NOT_NULL_VIOLATION, "got %s", sc_status_name(st));
	CHECK_MSG(!strcmp(sc_conn_error(C)->column, "name"), "column '%s' (%s)", sc_conn_error(C)->column,
		  sc_conn_error(C)->message);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 4});
	make_parents();
	const repo_ops *all[] = {&tenant_ops, &user_ops, &session_ops, &log_ops, &reset_ops};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		repo_entity_suite(all[i], 1000000 * (i + 1));
	for (size_t i = 1; i < sizeof all / sizeof all[0]; i++)
		make_children(all[i], 1000000 * (i + 1) + 500000, 7);
	static const repo_loader loaders[] = {
		REPO_LOADER_INIT(user_ops, tenancy_user, tenant_id),
		REPO_LOADER_INIT(session_ops, tenancy_user_session, tenant_id),
		REPO_LOADER_INIT(session_ops, tenancy_user_session, user_id),
		REPO_LOADER_INIT(log_ops, tenancy_activity_log, tenant_id),
		REPO_LOADER_INIT(log_ops, tenancy_activity_log, user_id),
		REPO_LOADER_INIT(reset_ops, tenancy_password_reset_token, tenant_id),
		REPO_LOADER_INIT(reset_ops, tenancy_password_reset_token, user_id),
	};
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
		repo_loader_check(&loaders[i]);
	test_isolation();
	for (size_t i = 1; i < sizeof all / sizeof all[0]; i++)
		test_cross_tenant_writes(all[i], 1000000 * (i + 1) + 700000);
	env.tenant = NULL;
	test_db_not_null();
	repo_close();
	return repo_done("repo tenancy");
}
