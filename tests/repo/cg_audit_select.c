/* Generated code of tests/repo/schemas/audit.schema: column projections
 * (docs/generated-api.md, "Projections"), on both databases (PostgreSQL
 * through the binary row reader). get_cols and select read the listed
 * columns and the primary key (a list also its ordering), every other
 * member zero, for every kind of value; keyset pages over a projection
 * resume where they stopped and equal the whole rows' order; list_each
 * projects too; soft-deleted rows hidden unless SC_READ_WITH_DELETED;
 * another tenant's rows never read; SC_READ_LOCK outside a transaction
 * refused; an unknown column or none refused; the row cache never holds
 * nor serves a partial row; one statement per projected get. */
#include "repo.h"

#include "audit.h"

static const uint8_t api_key[] = {0xde, 0xad, 0xbe, 0xef};
static const uint8_t pic[] = {0x01, 0x00, 0xff};

static void add_account(const char *email, const char *balance, audit_account *a)
{
	audit_account_init(a);
	a->email = (char *)email;
	a->password_hash = "hash";
	a->api_key = (sc_bytes){(uint8_t *)api_key, sizeof api_key};
	a->plan = AUDIT_PLAN_PRO;
	a->balance = (char *)balance;
	a->born = 100;
	a->has_born = true;
	a->score = 2.5;
	a->has_score = true;
	a->active = true;
	a->avatar = (sc_bytes){(uint8_t *)pic, sizeof pic};
	CHECK_ST(audit_account_insert(C, a), SC_OK);
}

/* Every member but id, email and plan is zero. */
static void check_projected(const audit_account *g, const audit_account *want)
{
	CHECK(sc_uuid_equal(&g->id, &want->id));
	CHECK(g->email && !strcmp(g->email, want->email));
	CHECK(g->plan == AUDIT_PLAN_PRO);
	CHECK(g->password_hash == NULL && g->api_key.data == NULL && g->balance == NULL);
	CHECK(!g->has_born && g->born == 0 && !g->has_score && g->score == 0.0);
	CHECK(!g->active && g->avatar.data == NULL && g->updated_at == 0 && g->version == 0);
}

static const audit_account_col email_plan[] = {AUDIT_ACCOUNT_EMAIL, AUDIT_ACCOUNT_PLAN};

static void gets(audit_account *accts)
{
	audit_account g;
	long q0 = atomic_load(&repo_queries);
	CHECK_ST(audit_account_get_cols(C, &accts[0].id, 0, email_plan, 2, &g), SC_OK);
	CHECK(atomic_load(&repo_queries) == q0 + 1);
	check_projected(&g, &accts[0]);
	audit_account_free(&g);

	/* each kind of value on its own, as the whole row has it */
	audit_account full;
	CHECK_ST(audit_account_get(C, &accts[0].id, 0, &full), SC_OK);
	audit_account_col each[] = {AUDIT_ACCOUNT_API_KEY, AUDIT_ACCOUNT_BALANCE, AUDIT_ACCOUNT_BORN,
				    AUDIT_ACCOUNT_SCORE,   AUDIT_ACCOUNT_ACTIVE,  AUDIT_ACCOUNT_AVATAR,
				    AUDIT_ACCOUNT_UPDATED_AT, AUDIT_ACCOUNT_VERSION};
	CHECK_ST(audit_account_get_cols(C, &accts[0].id, 0, each, sizeof each / sizeof each[0], &g), SC_OK);
	CHECK(g.email == NULL && g.password_hash == NULL && g.plan == 0);
	CHECK(g.api_key.len == sizeof api_key && !memcmp(g.api_key.data, api_key, sizeof api_key));
	CHECK(g.balance && !strcmp(g.balance, full.balance));
	CHECK(g.has_born && g.born == 100 && g.has_score && g.score == 2.5 && g.active);
	CHECK(g.avatar.len == sizeof pic && !memcmp(g.avatar.data, pic, sizeof pic));
	CHECK(g.updated_at == full.updated_at && g.version == full.version);
	audit_account_free(&g);
	audit_account_free(&full);

	/* refused: no column, an unknown one, an unknown flag, a lock outside a transaction */
	CHECK_ST(audit_account_get_cols(C, &accts[0].id, 0, email_plan, 0, &g), SC_INVALID_ARGUMENT);
	audit_account_col bad[] = {(audit_account_col)99};
	CHECK_ST(audit_account_get_cols(C, &accts[0].id, 0, bad, 1, &g), SC_INVALID_ARGUMENT);
	CHECK_ST(audit_account_get_cols(C, &accts[0].id, 8, email_plan, 2, &g), SC_INVALID_ARGUMENT);
	CHECK_ST(audit_account_get_cols(C, &accts[0].id, SC_READ_LOCK, email_plan, 2, &g), SC_MISUSE);
	CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	CHECK_ST(audit_account_get_cols(C, &accts[0].id, SC_READ_LOCK, email_plan, 2, &g), SC_OK);
	check_projected(&g, &accts[0]);
	audit_account_free(&g);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	sc_uuid none;
	sc_uuid_v7(&none);
	CHECK_ST(audit_account_get_cols(C, &none, 0, email_plan, 2, &g), SC_NOT_FOUND);

	/* the cache: a projection neither fills it nor is served from it */
	CHECK_ST(audit_account_get_cols(C, &accts[1].id, 0, email_plan, 2, &g), SC_OK);
	audit_account_free(&g);
	CHECK_ST(audit_account_get(C, &accts[1].id, 0, &full), SC_OK); /* miss: fills */
	CHECK(full.password_hash && !strcmp(full.password_hash, "hash") && full.balance);
	audit_account_free(&full);
	q0 = atomic_load(&repo_queries);
	CHECK_ST(audit_account_get(C, &accts[1].id, 0, &full), SC_OK); /* hit */
	CHECK(atomic_load(&repo_queries) == q0);
	audit_account_free(&full);
	CHECK_ST(audit_account_get_cols(C, &accts[1].id, 0, email_plan, 2, &g), SC_OK);
	CHECK(atomic_load(&repo_queries) == q0 + 1);
	check_projected(&g, &accts[1]);
	audit_account_free(&g);
}

static int each_count(const audit_account *row, void *ud)
{
	int *n = ud;
	if (row->password_hash == NULL && row->email != NULL)
		(*n)++;
	return 0;
}

static void lists(size_t n)
{
	/* keyset pages of 2 ordered by e-mail, descending: the ordering's column
	 * is read though the projection names only the plan */
	const audit_account_col plan[] = {AUDIT_ACCOUNT_PLAN};
	sc_query *q = audit_account_query_new();
	audit_account_select(q, plan, 1);
	audit_account_order_by(q, AUDIT_ACCOUNT_EMAIL, true);
	sc_query_limit(q, 2);
	size_t seen = 0;
	char prev[64] = "";
	for (int page = 0; page < 10; page++) {
		audit_account_page p;
		CHECK_ST(audit_account_list(C, q, &p), SC_OK);
		for (size_t i = 0; i < p.len; i++) {
			const audit_account *r = &p.rows[i];
			CHECK(r->email != NULL && r->plan == AUDIT_PLAN_PRO && r->password_hash == NULL);
			CHECK(r->balance == NULL && !r->active && r->version == 0 && !sc_uuid_is_nil(&r->id));
			if (r->email && seen)
				CHECK_MSG(strcmp(r->email, prev) < 0, "%s after %s", r->email, prev);
			snprintf(prev, sizeof prev, "%s", r->email ? r->email : "");
			seen++;
		}
		bool more = p.next_cursor != NULL;
		sc_query_after(q, p.next_cursor);
		audit_account_page_free(&p);
		if (!more)
			break;
	}
	CHECK_MSG(seen == n, "keyset pages saw %zu rows, want %zu", seen, n);
	sc_query_free(q);

	/* list_each, with a filter */
	q = audit_account_query_new();
	audit_account_select(q, email_plan, 2);
	audit_account_where_email_like(q, "%@example.org");
	int cnt = 0;
	CHECK_ST(audit_account_list_each(C, q, each_count, &cnt), SC_OK);
	CHECK(cnt == (int)n);
	/* the same filter shape with another projection, then none: each
	 * renders its own select list (the connection keeps list texts per
	 * shape, and the projection is part of the shape) */
	const audit_account_col email_only[] = {AUDIT_ACCOUNT_EMAIL};
	for (int round = 0; round < 2; round++) {
		sc_query *q2 = audit_account_query_new();
		if (round == 0)
			audit_account_select(q2, email_only, 1);
		audit_account_where_email_like(q2, "%@example.org");
		audit_account_page pp;
		CHECK_ST(audit_account_list(C, q2, &pp), SC_OK);
		CHECK(pp.len == n);
		for (size_t i = 0; i < pp.len; i++) {
			CHECK(pp.rows[i].email != NULL);
			if (round == 0)
				CHECK_MSG(pp.rows[i].plan == 0, "a projection without plan read plan");
			else
				CHECK_MSG(pp.rows[i].plan == AUDIT_PLAN_PRO && pp.rows[i].version != 0,
					  "a list without projection reused a projected text");
		}
		audit_account_page_free(&pp);
		sc_query_free(q2);
	}
	/* a bad column is reported by the executing call */
	audit_account_col bad[] = {(audit_account_col)-1};
	audit_account_select(q, bad, 1);
	audit_account_page p;
	CHECK_ST(audit_account_list(C, q, &p), SC_INVALID_ARGUMENT);
	sc_query_free(q);
}

static int64_t add_task(const sc_uuid *org, const char *code)
{
	audit_task t;
	audit_task_init(&t);
	t.org_id = *org;
	t.code = (char *)code;
	t.title = "title";
	t.secret = "s";
	t.points = 3;
	CHECK_ST(audit_task_insert(C, &t), SC_OK);
	return t.id;
}

static void tasks(const sc_uuid *oa, const sc_uuid *ob)
{
	repo_in_tenant(oa);
	int64_t a1 = add_task(oa, "a1");
	int64_t a2 = add_task(oa, "a2");
	CHECK_ST(audit_task_delete(C, a2), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	repo_in_tenant(ob);
	int64_t b1 = add_task(ob, "b1");
	CHECK_ST(sc_tx_commit(C), SC_OK);

	const audit_task_col title[] = {AUDIT_TASK_TITLE};
	audit_task t;
	repo_in_tenant(oa);
	CHECK_ST(audit_task_get_cols(C, a1, 0, title, 1, &t), SC_OK);
	CHECK(t.id == a1 && t.title && !strcmp(t.title, "title") && t.secret == NULL && t.points == 0);
	CHECK(t.code == NULL && sc_uuid_is_nil(&t.org_id));
	audit_task_free(&t);
	CHECK_ST(audit_task_get_cols(C, a2, 0, title, 1, &t), SC_NOT_FOUND);              /* soft-deleted */
	CHECK_ST(audit_task_get_cols(C, a2, SC_READ_WITH_DELETED, title, 1, &t), SC_OK); /* ... unless asked */
	CHECK(t.id == a2 && t.title != NULL && !t.has_deleted_at);
	audit_task_free(&t);
	CHECK_ST(audit_task_get_cols(C, b1, 0, title, 1, &t), SC_NOT_FOUND); /* another tenant's */
	sc_query *q = audit_task_query_new();
	audit_task_select(q, title, 1);
	audit_task_page p;
	CHECK_ST(audit_task_list(C, q, &p), SC_OK);
	CHECK(p.len == 1 && p.rows[0].id == a1 && p.rows[0].secret == NULL && p.rows[0].title != NULL);
	audit_task_page_free(&p);
	sc_query_with_deleted(q, true);
	CHECK_ST(audit_task_list(C, q, &p), SC_OK);
	CHECK(p.len == 2);
	audit_task_page_free(&p);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1, .cache = true});
	enum { N = 7 };
	audit_account accts[N];
	static const char *const emails[N] = {"a@example.org", "b@example.org", "c@example.org", "d@example.org",
					       "e@example.org", "f@example.org", "g@example.org"};
	static const char *const balances[N] = {"10.00", "2.50", "10.00", "99.99", "0.00", "7.25", "10.00"};
	for (int i = 0; i < N; i++)
		add_account(emails[i], balances[i], &accts[i]);
	gets(accts);
	lists(N);
	audit_org oa, ob;
	audit_org_init(&oa);
	oa.name = "acme";
	CHECK_ST(audit_org_insert(C, &oa), SC_OK);
	audit_org_init(&ob);
	ob.name = "globex";
	CHECK_ST(audit_org_insert(C, &ob), SC_OK);
	tasks(&oa.id, &ob.id);
	repo_close();
	return repo_done("codegen audit select");
}
