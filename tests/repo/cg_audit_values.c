/* Generated code of tests/repo/schemas/audit.schema with
 * sc_config.change_values (docs/runtime.md, "Change values"): the change
 * hook gets old and new values, on both databases. insert: every column
 * new; update, update_fields, upsert of an existing row, update_where: the
 * changed columns, old and new, as the database holds them; upsert of a new
 * row: new only; delete, soft delete, delete_where: every column old;
 * restore: the deletion time, old and new;
 * @sensitive columns always SC_CHANGE_MASKED and no byte of a secret in any
 * text the hook is given (checked on every event); a failed write gives no
 * event and leaves no transaction open; inside the caller's transaction the
 * events wait for its commit and vanish with its rollback; another tenant's
 * rows never appear; without change_values no values and no extra
 * statement. */
#include "repo.h"

#include "audit.h"

/* ---- the hook: every event recorded, every text searched for secrets ---- */

#define MAX_EVENTS 32
#define MAX_VALUES 16

typedef struct rec_value {
	char *column, *old_value, *new_value;
	bool sensitive;
} rec_value;

typedef struct rec_event {
	char table[64], key[128];
	sc_change_op op;
	bool has_old, has_new;
	size_t n;
	rec_value v[MAX_VALUES];
} rec_event;

static rec_event events[MAX_EVENTS];
static size_t nevents;
static atomic_int leaks, overflow;

/* What a secret looks like in any form the runtime could give it. */
static const char *const secret_marks[] = {"S3CRET", "deadbeef", "\xde\xad\xbe\xef", "3q2+7"};

static void scan(const char *s)
{
	for (size_t i = 0; s && i < sizeof secret_marks / sizeof secret_marks[0]; i++)
		if (strstr(s, secret_marks[i]))
			atomic_fetch_add(&leaks, 1);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void on_change(void *ud, const sc_change_event *ev)
{
	(void)ud;
	scan(ev->table);
	scan(ev->key);
	for (size_t i = 0; i < ev->nvalues; i++) {
		scan(ev->values[i].column);
		scan(ev->values[i].old_value);
		scan(ev->values[i].new_value);
	}
	if (nevents == MAX_EVENTS || ev->nvalues > MAX_VALUES) {
		atomic_fetch_add(&overflow, 1);
		return;
	}
	rec_event *r = &events[nevents++];
	snprintf(r->table, sizeof r->table, "%s", ev->table);
	snprintf(r->key, sizeof r->key, "%s", ev->key);
	r->op = ev->op;
	r->has_old = ev->has_old;
	r->has_new = ev->has_new;
	r->n = ev->nvalues;
	for (size_t i = 0; i < ev->nvalues; i++)
		r->v[i] = (rec_value){dup_or_null(ev->values[i].column), dup_or_null(ev->values[i].old_value),
				      dup_or_null(ev->values[i].new_value), ev->values[i].sensitive};
}

static void ev_reset(void)
{
	for (size_t e = 0; e < nevents; e++)
		for (size_t i = 0; i < events[e].n; i++) {
			free(events[e].v[i].column);
			free(events[e].v[i].old_value);
			free(events[e].v[i].new_value);
		}
	memset(events, 0, sizeof events);
	nevents = 0;
}

/* The event's columns, joined by ',' (static buffer). */
static const char *ev_cols(const rec_event *e)
{
	static char buf[512];
	buf[0] = '\0';
	for (size_t i = 0; i < e->n; i++) {
		if (i)
			strcat(buf, ",");
		strcat(buf, e->v[i].column);
	}
	return buf;
}

static const rec_value *ev_val(const rec_event *e, const char *col)
{
	for (size_t i = 0; i < e->n; i++)
		if (!strcmp(e->v[i].column, col))
			return &e->v[i];
	return NULL;
}

static bool str_is(const char *got, const char *want)
{
	return want ? got && !strcmp(got, want) : got == NULL;
}

/* Column col of event e: old and new texts (NULL: SQL NULL / no side). */
static void check_value(const rec_event *e, const char *col, const char *want_old, const char *want_new, int line)
{
	const rec_value *v = ev_val(e, col);
	CHECK_MSG(v != NULL, "line %d: no value of %s in %s", line, col, ev_cols(e));
	if (!v)
		return;
	CHECK_MSG(str_is(v->old_value, want_old), "line %d: %s old '%s', want '%s'", line, col,
		  v->old_value ? v->old_value : "(null)", want_old ? want_old : "(null)");
	CHECK_MSG(str_is(v->new_value, want_new), "line %d: %s new '%s', want '%s'", line, col,
		  v->new_value ? v->new_value : "(null)", want_new ? want_new : "(null)");
}
#define CHECK_VALUE(e, col, want_old, want_new) check_value((e), (col), (want_old), (want_new), __LINE__)

#define CHECK_COLS(e, want) CHECK_MSG(!strcmp(ev_cols(e), (want)), "columns '%s', want '%s'", ev_cols(e), (want))

static const char *const all_account_cols =
	"id,email,password_hash,api_key,plan,balance,born,score,active,avatar,updated_at,version";

/* ---- accounts: insert, update, update_fields, upsert, delete ------------ */

static const uint8_t api_key[] = {0xde, 0xad, 0xbe, 0xef, 0x47, 0x11};

static void accounts(void)
{
	audit_account a;
	audit_account_init(&a);
	a.email = "ann@example.org";
	a.password_hash = "pw-S3CRET-4711";
	a.api_key = (sc_bytes){(uint8_t *)api_key, sizeof api_key};
	a.plan = AUDIT_PLAN_FREE;
	a.balance = "12.50";
	a.born = 19782; /* 2024-02-29 */
	a.has_born = true;
	a.active = true;
	ev_reset();
	CHECK_ST(audit_account_insert(C, &a), SC_OK);
	REQUIRE(nevents == 1);
	rec_event *e = &events[0];
	CHECK(e->op == SC_CHANGE_INSERT && !e->has_old && e->has_new);
	CHECK_COLS(e, all_account_cols);
	CHECK_VALUE(e, "email", NULL, "ann@example.org");
	CHECK_VALUE(e, "password_hash", NULL, SC_CHANGE_MASKED);
	CHECK_VALUE(e, "api_key", NULL, SC_CHANGE_MASKED);
	CHECK(ev_val(e, "password_hash")->sensitive && ev_val(e, "api_key")->sensitive && !ev_val(e, "email")->sensitive);
	CHECK_VALUE(e, "plan", NULL, "free");
	CHECK_VALUE(e, "balance", NULL, "12.50");
	CHECK_VALUE(e, "born", NULL, "2024-02-29");
	CHECK_VALUE(e, "score", NULL, NULL);
	CHECK_VALUE(e, "active", NULL, "true");
	CHECK_VALUE(e, "avatar", NULL, NULL);
	CHECK_VALUE(e, "version", NULL, "1");
	char id[SC_UUID_STRLEN + 1];
	sc_uuid_format(&a.id, id);
	CHECK_VALUE(e, "id", NULL, id);
	CHECK_MSG(!strcmp(e->key, id), "key %s", e->key);

	/* update: the changed columns only, as the database holds them */
	static const uint8_t pic[] = {0x01, 0xff, 0x00};
	audit_account u;
	CHECK_ST(audit_account_get(C, &a.id, 0, &u), SC_OK);
	u.email = "ann@example.com";
	u.password_hash = "pw-S3CRET-9999";
	u.plan = AUDIT_PLAN_PRO;
	u.balance = "99.95";
	u.avatar = (sc_bytes){(uint8_t *)pic, sizeof pic};
	u.has_born = false;
	ev_reset();
	CHECK_ST(audit_account_update(C, &u), SC_OK);
	REQUIRE(nevents == 1);
	e = &events[0];
	CHECK(e->op == SC_CHANGE_UPDATE && e->has_old && e->has_new);
	CHECK_COLS(e, "email,password_hash,plan,balance,born,avatar,updated_at,version");
	CHECK_VALUE(e, "email", "ann@example.org", "ann@example.com");
	CHECK_VALUE(e, "password_hash", SC_CHANGE_MASKED, SC_CHANGE_MASKED);
	CHECK_VALUE(e, "plan", "free", "pro");
	CHECK_VALUE(e, "balance", "12.50", "99.95");
	CHECK_VALUE(e, "born", "2024-02-29", NULL);
	CHECK_VALUE(e, "avatar", NULL, "\\x01ff00");
	CHECK_VALUE(e, "version", "1", "2");
	CHECK(ev_val(e, "api_key") == NULL); /* unchanged: not listed, masked or not */

	/* update_fields: the one column set, plus the update time and version */
	u.score = 1.5;
	u.has_score = true;
	audit_account_col cols[] = {AUDIT_ACCOUNT_SCORE};
	ev_reset();
	CHECK_ST(audit_account_update_fields(C, &u, cols, 1), SC_OK);
	REQUIRE(nevents == 1);
	CHECK_COLS(&events[0], "score,updated_at,version");
	CHECK_VALUE(&events[0], "score", NULL, "1.5");
	CHECK_VALUE(&events[0], "version", "2", "3");

	/* upsert by e-mail: an existing row gives old and new ... */
	audit_account up;
	audit_account_init(&up);
	up.email = "ann@example.com";
	up.password_hash = "pw-S3CRET-4711";
	up.plan = AUDIT_PLAN_PRO;
	up.balance = "99.95";
	up.active = false;
	up.score = 1.5;
	up.has_score = true;
	up.avatar = u.avatar;
	ev_reset();
	CHECK_ST(audit_account_upsert(C, &up, AUDIT_ACCOUNT_KEY_EMAIL), SC_OK);
	REQUIRE(nevents == 1);
	e = &events[0];
	CHECK(e->op == SC_CHANGE_UPSERT && e->has_old && e->has_new);
	CHECK_VALUE(e, "password_hash", SC_CHANGE_MASKED, SC_CHANGE_MASKED);
	CHECK_VALUE(e, "api_key", SC_CHANGE_MASKED, SC_CHANGE_MASKED); /* set to NULL: still masked */
	CHECK_VALUE(e, "active", "true", "false");
	CHECK(ev_val(e, "email") == NULL && ev_val(e, "plan") == NULL);
	CHECK_MSG(!strcmp(e->key, id), "upsert key %s, want %s", e->key, id);
	/* ... a new one new values only */
	audit_account b;
	audit_account_init(&b);
	b.email = "bob@example.org";
	b.password_hash = "pw-S3CRET-0000";
	b.plan = AUDIT_PLAN_FREE;
	b.balance = "0.00";
	ev_reset();
	CHECK_ST(audit_account_upsert(C, &b, AUDIT_ACCOUNT_KEY_EMAIL), SC_OK);
	REQUIRE(nevents == 1);
	CHECK(!events[0].has_old && events[0].has_new);
	CHECK_COLS(&events[0], all_account_cols);
	CHECK_VALUE(&events[0], "email", NULL, "bob@example.org");

	/* a failed write: no event, no transaction left open */
	audit_account_free(&u);
	CHECK_ST(audit_account_get(C, &a.id, 0, &u), SC_OK);
	audit_account dup = u;
	dup.email = "bob@example.org";
	ev_reset();
	CHECK_ST(audit_account_update(C, &dup), SC_UNIQUE_VIOLATION);
	CHECK(nevents == 0 && sc_conn_tx_depth(C) == 0);
	audit_account gone = u;
	sc_uuid_v7(&gone.id);
	CHECK_ST(audit_account_update(C, &gone), SC_NOT_FOUND);
	CHECK(nevents == 0 && sc_conn_tx_depth(C) == 0);

	/* in the caller's transaction: delivered at commit, dropped by rollback */
	CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	u.active = true;
	int32_t v0 = u.version;
	CHECK_ST(audit_account_update(C, &u), SC_OK);
	CHECK(nevents == 0 && sc_conn_tx_depth(C) == 1);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	CHECK(nevents == 0);
	u.version = v0; /* the rolled-back update's version is gone */
	CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	CHECK_ST(audit_account_update(C, &u), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	REQUIRE(nevents == 1);
	CHECK_VALUE(&events[0], "active", "false", "true");
	audit_account_free(&u);

	/* hard delete (no @soft_delete): every column, old */
	ev_reset();
	CHECK_ST(audit_account_delete(C, &b.id, b.version), SC_OK);
	REQUIRE(nevents == 1);
	e = &events[0];
	CHECK(e->op == SC_CHANGE_DELETE && e->has_old && !e->has_new);
	CHECK_COLS(e, all_account_cols);
	CHECK_VALUE(e, "email", "bob@example.org", NULL);
	CHECK_VALUE(e, "password_hash", SC_CHANGE_MASKED, NULL);
	CHECK_VALUE(e, "api_key", SC_CHANGE_MASKED, NULL); /* NULL, masked all the same */
	CHECK_VALUE(e, "avatar", NULL, NULL);             /* a side that does not exist is NULL */

	/* delete_where: the rows as they were, from the DELETE itself */
	sc_query *q = audit_account_query_new();
	audit_account_where_email_like(q, "ann@%");
	int64_t n = 0;
	ev_reset();
	CHECK_ST(audit_account_delete_where(C, q, &n), SC_OK);
	sc_query_free(q);
	CHECK(n == 1);
	REQUIRE(nevents == 1);
	CHECK(events[0].op == SC_CHANGE_DELETE && events[0].has_old && !events[0].has_new);
	CHECK_VALUE(&events[0], "email", "ann@example.com", NULL);
	CHECK_VALUE(&events[0], "api_key", SC_CHANGE_MASKED, NULL);
}

/* ---- tasks: a tenant's rows, soft delete, update_where ----------------- */

static int64_t add_task(const sc_uuid *org, const char *code, int32_t points, const char *secret)
{
	audit_task t;
	audit_task_init(&t);
	t.org_id = *org;
	t.code = (char *)code;
	t.title = "t";
	t.points = points;
	t.secret = (char *)secret;
	CHECK_ST(audit_task_insert(C, &t), SC_OK);
	return t.id;
}

static void tasks(const sc_uuid *oa, const sc_uuid *ob)
{
	repo_in_tenant(oa);
	int64_t a1 = add_task(oa, "a1", 1, "tk-S3CRET-0815");
	int64_t a2 = add_task(oa, "a2", 2, NULL);
	add_task(oa, "a3", 9, NULL);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	repo_in_tenant(ob);
	add_task(ob, "b1", 1, NULL);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* update_where: one event per changed row, old and new, this tenant's rows only */
	repo_in_tenant(oa);
	sc_query *q = audit_task_query_new();
	audit_task_where_points_lt(q, 5);
	audit_task set;
	audit_task_init(&set);
	set.points = 7;
	set.secret = "tk-S3CRET-2222";
	audit_task_col cols[] = {AUDIT_TASK_POINTS, AUDIT_TASK_SECRET};
	int64_t n = 0;
	ev_reset();
	CHECK_ST(audit_task_update_where(C, q, &set, cols, 2, &n), SC_OK);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	CHECK(n == 2);
	REQUIRE(nevents == 2);
	for (size_t i = 0; i < 2; i++) {
		rec_event *e = &events[i];
		CHECK(e->op == SC_CHANGE_UPDATE && e->has_old && e->has_new);
		CHECK_COLS(e, "secret,points"); /* member order */
		bool first = atoll(e->key) == a1;
		CHECK(first || atoll(e->key) == a2);
		CHECK_VALUE(e, "points", first ? "1" : "2", "7");
		CHECK_VALUE(e, "secret", SC_CHANGE_MASKED, SC_CHANGE_MASKED);
	}

	/* soft delete: the row as it was */
	repo_in_tenant(oa);
	ev_reset();
	CHECK_ST(audit_task_delete(C, a1), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	REQUIRE(nevents == 1);
	CHECK(events[0].op == SC_CHANGE_SOFT_DELETE && events[0].has_old && !events[0].has_new);
	CHECK_COLS(&events[0], "id,org_id,code,title,secret,points,deleted_at");
	CHECK_VALUE(&events[0], "deleted_at", NULL, NULL);
	CHECK_VALUE(&events[0], "points", "7", NULL);

	/* restore: the soft delete undone, old and new */
	repo_in_tenant(oa);
	ev_reset();
	CHECK_ST(audit_task_restore(C, a1), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	REQUIRE(nevents == 1);
	CHECK(events[0].op == SC_CHANGE_RESTORE && events[0].has_old && events[0].has_new);
	CHECK_COLS(&events[0], "deleted_at");
	CHECK_VALUE(&events[0], "deleted_at", ev_val(&events[0], "deleted_at")->old_value, NULL);
	CHECK(ev_val(&events[0], "deleted_at")->old_value != NULL);
	repo_in_tenant(oa);
	CHECK_ST(audit_task_delete(C, a1), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* delete_where of a soft-delete entity: the live rows as they were */
	repo_in_tenant(oa);
	q = audit_task_query_new();
	sc_query_all(q);
	ev_reset();
	CHECK_ST(audit_task_delete_where(C, q, &n), SC_OK);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	CHECK(n == 2 && nevents == 2);
	for (size_t i = 0; i < nevents; i++) {
		CHECK(events[i].op == SC_CHANGE_SOFT_DELETE && events[i].has_old && !events[i].has_new);
		CHECK_VALUE(&events[i], "deleted_at", NULL, NULL);
		CHECK(strcmp(ev_val(&events[i], "code")->old_value, "b1") != 0);
	}
}

/* ---- without change_values: the key only, and no extra statement ------- */

static void off(void)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = env.url;
	cfg.prepared_statements = !env.bouncer;
	cfg.change_hook = on_change;
	cfg.query_hook = repo_count_query;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	audit_account a;
	audit_account_init(&a);
	a.email = "cy@example.org";
	a.password_hash = "pw-S3CRET-1111";
	a.plan = AUDIT_PLAN_FREE;
	a.balance = "1.00";
	ev_reset();
	CHECK(audit_account_insert(c, &a) == SC_OK);
	a.active = true;
	long q0 = atomic_load(&repo_queries);
	CHECK(audit_account_update(c, &a) == SC_OK);
	CHECK_MSG(atomic_load(&repo_queries) == q0 + 1, "update ran %ld statements, want 1",
		  atomic_load(&repo_queries) - q0);
	REQUIRE(nevents == 2);
	for (size_t i = 0; i < nevents; i++)
		CHECK(events[i].n == 0 && !events[i].has_old && !events[i].has_new);
	sc_conn_close(c);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1, .change_hook = on_change, .change_values = true});
	audit_org oa, ob;
	audit_org_init(&oa);
	oa.name = "acme";
	CHECK_ST(audit_org_insert(C, &oa), SC_OK);
	audit_org_init(&ob);
	ob.name = "globex";
	CHECK_ST(audit_org_insert(C, &ob), SC_OK);
	accounts();
	tasks(&oa.id, &ob.id);
	off();
	CHECK_MSG(atomic_load(&leaks) == 0, "%d texts given to the hook hold a secret", atomic_load(&leaks));
	CHECK(atomic_load(&overflow) == 0);
	ev_reset();
	repo_close();
	return repo_done("codegen audit values");
}
