/* schema/leads.schema: every operation of every entity (repo_entity.h),
 * the batch loaders of every @ref, and a NOT NULL the database reports. */
#include "repo_entity.h"

#include "leads.h"

#define NPARENTS 3
static sc_uuid users[NPARENTS], leads[NPARENTS];

static void fix_lead(void *r, uint64_t seed)
{
	leads_lead *l = r;
	l->assigned_user_id = users[seed % NPARENTS];
	l->has_assigned_user_id = true;
	if (l->status == LEADS_LEAD_STATUS_PENDING) /* @@check */
		l->has_reached_out_at = false;
}

static void fix_score(void *r, uint64_t seed)
{
	leads_lead_score *s = r;
	s->lead_id = leads[seed % NPARENTS];
	s->overall_score = s->completeness_score + s->engagement_score + s->readiness_score +
			   s->source_quality_score; /* @@check */
}

static const char *refix_score(void *r, unsigned col)
{
	if (col == LEADS_LEAD_SCORE_OVERALL_SCORE)
		return "lead_scores_check"; /* the sum cannot be -1 */
	fix_score(r, 0);
	((leads_lead_score *)r)->lead_id = leads[0];
	return NULL;
}

static void fix_attr(void *r, uint64_t seed)
{
	leads_lead_source_attribution *a = r;
	a->lead_id = leads[seed % NPARENTS];
}

REPO_COMMON(leads_user)
REPO_GET_UUID(leads_user, id)
REPO_DEL_UUID(leads_user, id)
REPO_UPSERT(leads_user)
static sc_status user_by_username(sc_conn *c, const void *k, unsigned f, void *o)
{
	return leads_user_get_by_username(c, ((const leads_user *)k)->username, f, o);
}
static sc_status user_by_email(sc_conn *c, const void *k, unsigned f, void *o)
{
	return leads_user_get_by_email(c, ((const leads_user *)k)->email, f, o);
}
static const repo_ops user_ops = {REPO_OPS_INIT(leads_user), REPO_UPSERT_INIT(leads_user, 3),
				  .get_by = {user_by_username, user_by_email}};

REPO_COMMON(leads_lead)
REPO_GET_UUID(leads_lead, id)
REPO_DEL_UUID_V(leads_lead, id, version)
REPO_RESTORE_UUID(leads_lead, id)
REPO_UPSERT(leads_lead)
REPO_LOADER(leads_lead, assigned_user_id)
static sc_status lead_by_ext(sc_conn *c, const void *k, unsigned f, void *o)
{
	return leads_lead_get_by_external_lead_id(c, ((const leads_lead *)k)->external_lead_id, f, o);
}
static const repo_ops lead_ops = {REPO_OPS_INIT(leads_lead), REPO_UPSERT_INIT(leads_lead, 2),
				  .fix = fix_lead, .restore = leads_lead_w_restore, .get_by = {lead_by_ext}};

REPO_COMMON(leads_lead_score)
REPO_GET_INT(leads_lead_score, id)
REPO_DEL_INT(leads_lead_score, id)
REPO_LOADER(leads_lead_score, lead_id)
static const repo_ops score_ops = {REPO_OPS_INIT(leads_lead_score), .fix = fix_score,
				   .refix = refix_score};

REPO_COMMON(leads_lead_source_attribution)
REPO_GET_INT(leads_lead_source_attribution, id)
REPO_DEL_INT(leads_lead_source_attribution, id)
REPO_UPSERT(leads_lead_source_attribution)
REPO_LOADER(leads_lead_source_attribution, lead_id)
static sc_status attr_by_key(sc_conn *c, const void *k, unsigned f, void *o)
{
	const leads_lead_source_attribution *a = k;
	return leads_lead_source_attribution_get_by_lead_id_channel_source(c, &a->lead_id, a->channel,
									   a->source, f, o);
}
static const repo_ops attr_ops = {REPO_OPS_INIT(leads_lead_source_attribution),
				  REPO_UPSERT_INIT(leads_lead_source_attribution, 1), .fix = fix_attr,
				  .get_by = {attr_by_key}};

static void make_parents(void)
{
	for (int i = 0; i < NPARENTS; i++) {
		void *u = repo_row_new(&user_ops, 9000000 + (uint64_t)i);
		CHECK_RUN(leads_user_insert(C, u), SC_OK);
		users[i] = ((leads_user *)u)->id;
		repo_row_free(&user_ops, u);
	}
	for (int i = 0; i < NPARENTS; i++) {
		void *l = repo_row_new(&lead_ops, 9100000 + (uint64_t)i);
		CHECK_RUN(leads_lead_insert(C, l), SC_OK);
		leads[i] = ((leads_lead *)l)->id;
		repo_row_free(&lead_ops, l);
	}
}

/* Children for every parent, so the loaders have something to find. */
static void make_children(const repo_ops *o, uint64_t seed, int n)
{
	for (int i = 0; i < n; i++) {
		void *r = repo_row_new(o, seed + (uint64_t)i);
		CHECK_RUN(o->insert(C, r), SC_OK);
		repo_row_free(o, r);
	}
}

static void test_db_not_null(void)
{
	/* the generated code refuses NULL strings itself; the database's own
	 * NOT NULL comes back with the column named */
	sc_status st = sc_conn_exec(
		C, "INSERT INTO \"users\" (\"id\", \"username\", \"hashed_password\") "
		   "VALUES ('0190a0a0-0000-7000-8000-0000000000aa', 'nn', 'x')");
	CHECK_MSG(st == SC_NOT_NULL_VIOLATION, "got %s", sc_status_name(st));
	CHECK_MSG(!strcmp(sc_conn_error(C)->column, "email"), "column '%s' (%s)", sc_conn_error(C)->column,
		  sc_conn_error(C)->message);
}

/* Invalid UTF-8 in a string field: SC_DATA_ERROR on both databases (SQLite
 * used to store it), the field named, none of the bytes printed. */
static void test_invalid_utf8(void)
{
	void *r = repo_row_new(&lead_ops, 777777);
	((leads_lead *)r)->first_name = "Ann\xff\xfeHIDDENBYTES";
	sc_status st = RUN(lead_ops.insert(C, r));
	CHECK_MSG(st == SC_DATA_ERROR, "got %s", sc_status_name(st));
	const char *m = repo_err()->message;
	CHECK_MSG(strstr(m, "first_name") && !strstr(m, "HIDDENBYTES") && !strchr(m, '\xff'), "message: %s", m);
	repo_row_free(&lead_ops, r);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 4});
	make_parents();
	repo_entity_suite(&user_ops, 1000000);
	repo_entity_suite(&lead_ops, 2000000);
	repo_entity_suite(&score_ops, 3000000);
	repo_entity_suite(&attr_ops, 4000000);

	make_children(&lead_ops, 2500000, 7);
	make_children(&score_ops, 3500000, 7);
	make_children(&attr_ops, 4500000, 7);
	static const repo_loader loaders[] = {
		REPO_LOADER_INIT(lead_ops, leads_lead, assigned_user_id),
		REPO_LOADER_INIT(score_ops, leads_lead_score, lead_id),
		REPO_LOADER_INIT(attr_ops, leads_lead_source_attribution, lead_id),
	};
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
		repo_loader_check(&loaders[i]);

	test_db_not_null();
	test_invalid_utf8();
	repo_close();
	return repo_done("repo leads");
}
