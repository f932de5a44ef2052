/* schema/ideas.schema: every operation of every entity (entity-level
 * checks, a composite unique key with an enum, floats with @check), every
 * batch loader, and a NOT NULL the database reports. */
#include "repo_entity.h"

#include "ideas.h"

#define NPARENTS 3
static sc_uuid users[NPARENTS], ideas[NPARENTS], evals[NPARENTS];

/* @@check: 50..5000 characters */
static char long_text[] = "A marketplace for second-hand lab equipment, with escrow; 'quoted' \\ and \xc3\xa9.";

static void fix_idea(void *r, uint64_t seed)
{
	ideas_business_idea *b = r;
	b->user_id = users[seed % NPARENTS];
	b->description = long_text;
}
static void fix_eval(void *r, uint64_t seed)
{
	ideas_evaluation *e = r;
	e->business_idea_id = ideas[seed % NPARENTS];
	if (e->has_completed_at) /* @@check: completed only after started */
		e->has_started_at = true;
}
static void fix_result(void *r, uint64_t seed)
{
	ideas_agent_result *a = r;
	a->evaluation_id = evals[seed % NPARENTS];
}

REPO_COMMON(ideas_user)
REPO_GET_UUID(ideas_user, id)
REPO_DEL_UUID(ideas_user, id)
REPO_UPSERT(ideas_user)
static sc_status user_by_email(sc_conn *c, const void *k, unsigned f, void *o)
{
	return ideas_user_get_by_email(c, ((const ideas_user *)k)->email, f, o);
}
static const repo_ops user_ops = {REPO_OPS_INIT(ideas_user), REPO_UPSERT_INIT(ideas_user, 2),
				  .get_by = {user_by_email}};

REPO_COMMON(ideas_business_idea)
REPO_GET_UUID(ideas_business_idea, id)
REPO_DEL_UUID_V(ideas_business_idea, id, version)
REPO_RESTORE_UUID(ideas_business_idea, id)
REPO_UPSERT(ideas_business_idea)
REPO_LOADER(ideas_business_idea, user_id)
static const repo_ops idea_ops = {REPO_OPS_INIT(ideas_business_idea), REPO_UPSERT_INIT(ideas_business_idea, 1),
				  .fix = fix_idea, .restore = ideas_business_idea_w_restore};

REPO_COMMON(ideas_evaluation)
REPO_GET_UUID(ideas_evaluation, id)
REPO_DEL_UUID(ideas_evaluation, id)
REPO_UPSERT(ideas_evaluation)
REPO_LOADER(ideas_evaluation, business_idea_id)
static const repo_ops eval_ops = {REPO_OPS_INIT(ideas_evaluation), REPO_UPSERT_INIT(ideas_evaluation, 1),
				  .fix = fix_eval};

REPO_COMMON(ideas_agent_result)
REPO_GET_UUID(ideas_agent_result, id)
REPO_DEL_UUID(ideas_agent_result, id)
REPO_UPSERT(ideas_agent_result)
REPO_LOADER(ideas_agent_result, evaluation_id)
static sc_status result_by_key(sc_conn *c, const void *k, unsigned f, void *o)
{
	const ideas_agent_result *a = k;
	return ideas_agent_result_get_by_evaluation_id_agent_type_attempt(c, &a->evaluation_id, a->agent_type,
									  a->attempt, f, o);
}
static const repo_ops result_ops = {REPO_OPS_INIT(ideas_agent_result), REPO_UPSERT_INIT(ideas_agent_result, 2),
				    .fix = fix_result, .get_by = {result_by_key}};

static void make_parents(void)
{
	const repo_ops *levels[] = {&user_ops, &idea_ops, &eval_ops};
	sc_uuid *keys[] = {users, ideas, evals};
	for (int l = 0; l < 3; l++)
		for (int i = 0; i < NPARENTS; i++) {
			void *r = repo_row_new(levels[l], 9000000 + 1000 * (uint64_t)l + (uint64_t)i);
			CHECK_RUN(levels[l]->insert(C, r), SC_OK);
			memcpy(&keys[l][i], r, sizeof(sc_uuid)); /* id is the first member */
			repo_row_free(levels[l], r);
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

/* The entity-level check (description length) is named by the database. */
static void test_entity_check(void)
{
	void *r = repo_row_new(&idea_ops, 4242);
	((ideas_business_idea *)r)->description = "too short";
	CHECK_RUN(idea_ops.insert(C, r), SC_CHECK_VIOLATION);
	CHECK_MSG(!strcmp(repo_err()->constraint, "business_ideas_check"), "constraint '%s'", repo_err()->constraint);
	repo_row_free(&idea_ops, r);
}

static void test_db_not_null(void)
{
	sc_status st = sc_conn_exec(C, "INSERT INTO \"users\" (\"id\", \"email\") "
				       "VALUES ('0190a0a0-0000-7000-8000-0000000000aa', 'nn@example.com')");
	CHECK_MSG(st == SC_NOT_NULL_VIOLATION, "got %s", sc_status_name(st));
	CHECK_MSG(!strcmp(sc_conn_error(C)->column, "password_hash"), "column '%s' (%s)",
		  sc_conn_error(C)->column, sc_conn_error(C)->message);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 4});
	make_parents();
	const repo_ops *all[] = {&user_ops, &idea_ops, &eval_ops, &result_ops};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		repo_entity_suite(all[i], 1000000 * (i + 1));
	for (size_t i = 1; i < sizeof all / sizeof all[0]; i++)
		make_children(all[i], 1000000 * (i + 1) + 500000, 7);
	static const repo_loader loaders[] = {
		REPO_LOADER_INIT(idea_ops, ideas_business_idea, user_id),
		REPO_LOADER_INIT(eval_ops, ideas_evaluation, business_idea_id),
		REPO_LOADER_INIT(result_ops, ideas_agent_result, evaluation_id),
	};
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
		repo_loader_check(&loaders[i]);
	test_entity_check();
	test_db_not_null();
	repo_close();
	return repo_done("repo ideas");
}
