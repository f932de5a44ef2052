/* Generated code of tests/repo/schemas/bulkw.schema: update_where and
 * delete_where (docs/generated-api.md, "Bulk writes") over the typed list
 * filters, on both databases: rows affected; several operators and groups;
 * @version bumped and @updated_at set on every changed row; soft-deleted rows
 * untouched (update_where sees them with sc_query_with_deleted only);
 * delete_where soft-deletes a @soft_delete entity and hard-deletes the
 * others; another tenant's rows never changed (PostgreSQL: the policy,
 * SQLite: the tenant condition); one change event per changed row; cached
 * rows of a changed row not served stale; a NULL or empty filter refused
 * (SC_INVALID_ARGUMENT, nothing changed) unless sc_query_all says "all". */
#include "repo.h"

#include "bulkw.h"

static void add_org(const char *name, bulkw_org *o)
{
	bulkw_org_init(o);
	o->name = (char *)name;
	CHECK_ST(bulkw_org_insert(C, o), SC_OK);
}

static int64_t add_task(const sc_uuid *org, const char *title, int32_t points, const char *owner)
{
	bulkw_task t;
	bulkw_task_init(&t);
	t.org_id = *org;
	t.title = (char *)title;
	t.points = points;
	t.owner = (char *)owner;
	CHECK_ST(bulkw_task_insert(C, &t), SC_OK);
	CHECK(t.version == 1);
	return t.id;
}

/* The task as stored (with deleted ones), in the current transaction. */
static bulkw_task get_task(int64_t id)
{
	bulkw_task t;
	CHECK_ST(bulkw_task_get(C, id, SC_READ_WITH_DELETED, &t), SC_OK);
	return t;
}

static int64_t raw_count(const char *sql)
{
	sc_stmt *st = NULL;
	int64_t n = -1;
	CHECK_ST(sc_stmt_prepare(&st, C, sql), SC_OK);
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	CHECK_ST(sc_stmt_column_int64(st, 0, &n), SC_OK);
	sc_stmt_finalize(st);
	return n;
}

/* t.h's CHECK is not reentrant: count first, then check. */
static void expect_count(const char *sql, int64_t want)
{
	int64_t got = raw_count(sql);
	CHECK_MSG(got == want, "%s: %lld, want %lld", sql, (long long)got, (long long)want);
}

/* The same, as tenant t sees it (PostgreSQL's policy hides every row of a
 * @tenant table from a connection with no tenant). */
static void expect_count_in(const sc_uuid *t, const char *sql, int64_t want)
{
	repo_in_tenant(t);
	expect_count(sql, want);
	CHECK_ST(sc_tx_commit(C), SC_OK);
}

static void tasks(sc_uuid a, sc_uuid b)
{
	repo_in_tenant(&a);
	int64_t a1 = add_task(&a, "alpha", 1, "ann");
	int64_t a2 = add_task(&a, "beta", 5, NULL);
	int64_t a3 = add_task(&a, "gamma", 9, "bob");
	int64_t a4 = add_task(&a, "alpine", 20, "ann");
	CHECK_ST(sc_tx_commit(C), SC_OK);
	repo_in_tenant(&b);
	int64_t b1 = add_task(&b, "alpha-b", 1, "ann");
	int64_t b2 = add_task(&b, "beta-b", 5, NULL);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* Refusals: NULL and empty filters change nothing. */
	repo_in_tenant(&a);
	bulkw_task set;
	bulkw_task_init(&set);
	set.title = "renamed";
	const bulkw_task_col title_col[] = {BULKW_TASK_TITLE};
	int64_t n = -1;
	CHECK_ST(bulkw_task_update_where(C, NULL, &set, title_col, 1, &n), SC_INVALID_ARGUMENT);
	CHECK(n == 0 && strstr(sc_conn_error(C)->message, "sc_query_all") != NULL);
	sc_query *empty = bulkw_task_query_new();
	CHECK_ST(bulkw_task_update_where(C, empty, &set, title_col, 1, &n), SC_INVALID_ARGUMENT);
	CHECK_ST(bulkw_task_delete_where(C, empty, &n), SC_INVALID_ARGUMENT);
	CHECK_ST(bulkw_task_delete_where(C, NULL, &n), SC_INVALID_ARGUMENT);
	sc_query_free(empty);
	/* key, tenant and version columns cannot be set */
	sc_query *q = bulkw_task_query_new();
	bulkw_task_where_points_ge(q, 0);
	const bulkw_task_col bad[] = {BULKW_TASK_VERSION};
	CHECK_ST(bulkw_task_update_where(C, q, &set, bad, 1, &n), SC_INVALID_ARGUMENT);
	const bulkw_task_col bad_tenant[] = {BULKW_TASK_ORG_ID};
	CHECK_ST(bulkw_task_update_where(C, q, &set, bad_tenant, 1, &n), SC_INVALID_ARGUMENT);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	expect_count_in(&a, "SELECT count(*) FROM tasks WHERE title = 'renamed'", 0);

	/* Several operators: (points >= 5 AND points < 20) OR title like 'alp%' with owner = 'ann'. */
	repo_in_tenant(&a);
	bulkw_task before = get_task(a2);
	long c0 = atomic_load(&repo_changes);
	q = bulkw_task_query_new();
	sc_query_or_begin(q);
	sc_query_and_begin(q);
	bulkw_task_where_points_ge(q, 5);
	bulkw_task_where_points_lt(q, 20);
	sc_query_group_end(q);
	sc_query_and_begin(q);
	bulkw_task_where_title_like(q, "alp%");
	bulkw_task_where_owner_eq(q, "ann");
	bulkw_task_where_points_ne(q, 20);
	sc_query_group_end(q);
	sc_query_group_end(q);
	set.points = 42;
	set.owner = "zed";
	const bulkw_task_col two[] = {BULKW_TASK_POINTS, BULKW_TASK_OWNER};
	CHECK_ST(bulkw_task_update_where(C, q, &set, two, 2, &n), SC_OK);
	CHECK_MSG(n == 3, "update_where affected %lld, want 3 (a1, a2, a3)", (long long)n);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	CHECK(atomic_load(&repo_changes) == c0 + 3);
	CHECK_MSG(strstr(repo_last_change, "tasks update ") == repo_last_change, "last change '%s'", repo_last_change);

	repo_in_tenant(&a);
	bulkw_task t = get_task(a2);
	CHECK(t.points == 42 && t.owner && !strcmp(t.owner, "zed") && !strcmp(t.title, "beta"));
	CHECK(t.version == before.version + 1 && t.updated_at >= before.updated_at);
	bulkw_task_free(&t);
	bulkw_task_free(&before);
	t = get_task(a4); /* not matched */
	CHECK(t.points == 20 && t.version == 1 && !strcmp(t.owner, "ann"));
	bulkw_task_free(&t);
	/* is_null: none left; in */
	q = bulkw_task_query_new();
	bulkw_task_where_owner_is_null(q);
	CHECK_ST(bulkw_task_update_where(C, q, &set, two, 2, &n), SC_OK);
	CHECK(n == 0);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* Tenant B's rows untouched, even by a filter naming them. */
	repo_in_tenant(&a);
	q = bulkw_task_query_new();
	const int64_t ids[] = {a1, b1, b2};
	bulkw_task_where_id_in(q, ids, 3);
	set.title = "mine";
	CHECK_ST(bulkw_task_update_where(C, q, &set, title_col, 1, &n), SC_OK);
	CHECK_MSG(n == 1, "update_where across tenants affected %lld, want 1", (long long)n);
	sc_query_free(q);
	q = bulkw_task_query_new();
	sc_query_all(q);
	CHECK_ST(bulkw_task_count(C, q, &n), SC_OK);
	CHECK(n == 4);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	expect_count_in(&a, "SELECT count(*) FROM tasks WHERE title = 'mine'", 1);
	repo_in_tenant(&b);
	t = get_task(b1);
	CHECK(!strcmp(t.title, "alpha-b") && t.version == 1);
	bulkw_task_free(&t);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* Soft delete: delete_where soft-deletes A's matching live rows. */
	repo_in_tenant(&a);
	c0 = atomic_load(&repo_changes);
	q = bulkw_task_query_new();
	bulkw_task_where_points_gt(q, 40);
	CHECK_ST(bulkw_task_delete_where(C, q, &n), SC_OK);
	CHECK_MSG(n == 3, "delete_where affected %lld, want 3", (long long)n);
	/* again: the deleted rows are not deleted twice, even with with_deleted */
	sc_query_with_deleted(q, true);
	CHECK_ST(bulkw_task_delete_where(C, q, &n), SC_OK);
	CHECK(n == 0);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	CHECK(atomic_load(&repo_changes) == c0 + 3);
	CHECK_MSG(strstr(repo_last_change, "tasks soft_delete ") == repo_last_change, "last change '%s'",
		  repo_last_change);
	repo_in_tenant(&a);
	t = get_task(a3);
	CHECK(t.has_deleted_at && t.version == 3);
	bulkw_task_free(&t);
	CHECK_ST(bulkw_task_get(C, a3, 0, &t), SC_NOT_FOUND);
	/* update_where skips deleted rows, unless asked */
	q = bulkw_task_query_new();
	sc_query_all(q);
	set.title = "all";
	CHECK_ST(bulkw_task_update_where(C, q, &set, title_col, 1, &n), SC_OK);
	CHECK_MSG(n == 1, "update_where all live affected %lld, want 1 (a4)", (long long)n);
	sc_query_with_deleted(q, true);
	CHECK_ST(bulkw_task_update_where(C, q, &set, title_col, 1, &n), SC_OK);
	CHECK(n == 4);
	/* delete_where with sc_query_all: every live row of A */
	CHECK_ST(bulkw_task_delete_where(C, q, &n), SC_OK);
	CHECK(n == 1);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	expect_count_in(&a, "SELECT count(*) FROM tasks WHERE deleted_at IS NOT NULL", 4);
	expect_count_in(&a, "SELECT count(*) FROM tasks WHERE title = 'all'", 4);

	/* B still has both rows, live and unchanged. */
	repo_in_tenant(&b);
	q = bulkw_task_query_new();
	bulkw_task_where_title_like(q, "%-b");
	CHECK_ST(bulkw_task_count(C, q, &n), SC_OK);
	CHECK(n == 2);
	sc_query_free(q);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	expect_count_in(&b, "SELECT count(*) FROM tasks WHERE deleted_at IS NULL AND version = 1", 2);
}

static void notes(void)
{
	int64_t ids[4];
	for (int i = 0; i < 4; i++) {
		bulkw_note nt;
		bulkw_note_init(&nt);
		nt.body = "note";
		nt.stars = i;
		CHECK_ST(bulkw_note_insert(C, &nt), SC_OK);
		ids[i] = nt.id;
	}
	/* read through the cache, then change in bulk: the next get sees it */
	bulkw_note g;
	CHECK_ST(bulkw_note_get(C, ids[2], 0, &g), SC_OK);
	CHECK(g.stars == 2);
	bulkw_note_free(&g);
	CHECK_ST(bulkw_note_get(C, ids[2], 0, &g), SC_OK);
	bulkw_note_free(&g);
	sc_query *q = bulkw_note_query_new();
	bulkw_note_where_stars_ge(q, 1);
	bulkw_note_where_stars_le(q, 2);
	bulkw_note set;
	bulkw_note_init(&set);
	set.stars = 7;
	const bulkw_note_col stars[] = {BULKW_NOTE_STARS};
	int64_t n = -1;
	CHECK_ST(bulkw_note_update_where(C, q, &set, stars, 1, &n), SC_OK);
	CHECK(n == 2);
	sc_query_free(q);
	CHECK_ST(bulkw_note_get(C, ids[2], 0, &g), SC_OK);
	CHECK_MSG(g.stars == 7, "cached note after update_where: %d stars, want 7", g.stars);
	bulkw_note_free(&g);

	/* hard delete */
	long c0 = atomic_load(&repo_changes);
	q = bulkw_note_query_new();
	bulkw_note_where_stars_eq(q, 7);
	CHECK_ST(bulkw_note_delete_where(C, q, &n), SC_OK);
	CHECK(n == 2);
	sc_query_free(q);
	CHECK(atomic_load(&repo_changes) == c0 + 2);
	CHECK_MSG(strstr(repo_last_change, "notes delete ") == repo_last_change, "last change '%s'", repo_last_change);
	CHECK_ST(bulkw_note_get(C, ids[2], 0, &g), SC_NOT_FOUND);
	expect_count("SELECT count(*) FROM notes", 2);
	q = bulkw_note_query_new();
	CHECK_ST(bulkw_note_delete_where(C, q, &n), SC_INVALID_ARGUMENT);
	expect_count("SELECT count(*) FROM notes", 2);
	sc_query_all(q);
	CHECK_ST(bulkw_note_delete_where(C, q, &n), SC_OK);
	CHECK(n == 2);
	expect_count("SELECT count(*) FROM notes", 0);
	sc_query_free(q);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1, .cache = true});
	bulkw_org oa, ob;
	add_org("acme", &oa);
	add_org("globex", &ob);
	tasks(oa.id, ob.id);
	notes();
	bulkw_org_free(&oa);
	bulkw_org_free(&ob);
	repo_close();
	return repo_done("codegen bulkw where");
}
