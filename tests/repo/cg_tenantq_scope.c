/* Typed queries over @tenant tables (tests/repo/schemas/tenantq.schema,
 * docs/queries.md "Tenancy"): inside a tenant's transaction a query sees
 * and chooses that tenant's rows only, on SQLite (the generated SQL reads
 * each @tenant table through a WITH kept to the transaction's tenant) as on
 * PostgreSQL (forced row-level security, through the harness's role, which
 * is not a superuser); the other tenant's keys, guessed, find and change
 * nothing; with no tenant set a query sees no rows, as the generated CRUD
 * functions do; a tenant that is not a value of the key's type fails the
 * query as it fails them. Writes (UPDATE, DELETE, INSERT ... SELECT,
 * UPDATE ... RETURNING) change the tenant's rows only, skip the other
 * tenant's (rows affected counts the tenant's), and refuse a row moved or
 * written to another tenant, or written with no tenant set, with the
 * status of the CRUD functions (SQLite: the guard triggers of
 * sc_row_guard_tenant; PostgreSQL: the policy's USING and WITH CHECK). */
#include "repo.h"

#include "tenantq.h"

static void add_org(const char *name, tenantq_org *o)
{
	tenantq_org_init(o);
	o->name = (char *)name;
	CHECK_ST(tenantq_org_insert(C, o), SC_OK);
}

/* A document of the current tenant, with `labels` labels. */
static int64_t add_doc(const sc_uuid *org, const char *title, int32_t words, int labels)
{
	tenantq_doc d;
	tenantq_doc_init(&d);
	d.org_id = *org;
	d.title = (char *)title;
	d.words = words;
	CHECK_ST(tenantq_doc_insert(C, &d), SC_OK);
	for (int i = 0; i < labels; i++) {
		tenantq_label l;
		tenantq_label_init(&l);
		l.org_id = *org;
		l.doc_id = d.id;
		l.name = "x";
		CHECK_ST(tenantq_label_insert(C, &l), SC_OK);
	}
	return d.id;
}

static int count_rows(const tenantq_doc *row, void *ud)
{
	(void)row;
	(*(int *)ud)++;
	return 0;
}

/* Every query's view of the tenant's documents (ids: all documents of
 * every tenant): the titles it lists, the word total and count. */
static void expect_view(const int64_t *ids, size_t n, const char *titles, int64_t total, int64_t count)
{
	char got[256] = "";
	tenantq_doc_page p;
	CHECK_ST(tenantq_docs_by_ids(C, ids, n, &p), SC_OK);
	for (size_t i = 0; i < p.len; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "", p.rows[i].title);
	CHECK_MSG(!strcmp(got, titles), "docs_by_ids: '%s', want '%s'", got, titles);
	CHECK(p.len == (size_t)count);
	tenantq_doc_page_free(&p);
	int streamed = 0;
	CHECK_ST(tenantq_docs_by_ids_each(C, ids, n, count_rows, &streamed), SC_OK);
	CHECK(streamed == count);

	tenantq_label_counts_page lc;
	CHECK_ST(tenantq_label_counts(C, ids, n, &lc), SC_OK);
	CHECK(lc.len == (size_t)count);
	tenantq_label_counts_page_free(&lc);

	tenantq_word_total_row w;
	CHECK_ST(tenantq_word_total(C, &w), SC_OK);
	CHECK(w.n == count && w.has_total == (count > 0) && (!w.has_total || w.total == total));
	tenantq_word_total_row_free(&w);

	tenantq_long_titles_page lt;
	CHECK_ST(tenantq_long_titles(C, 0, &lt), SC_OK);
	CHECK(lt.len == (size_t)count);
	tenantq_long_titles_page_free(&lt);
}

/* B's document as B sees it: untouched by A's writes. */
static void expect_b_doc(const sc_uuid *b, int64_t b1)
{
	repo_in_tenant(b);
	tenantq_doc d;
	CHECK_ST(tenantq_doc_get(C, b1, 0, &d), SC_OK);
	CHECK_MSG(!strcmp(d.title, "b-secret") && d.words == 1000 && sc_uuid_equal(&d.org_id, b), "B's doc: %s %d",
		  d.title, (int)d.words);
	tenantq_doc_free(&d);
	CHECK_ST(sc_tx_commit(C), SC_OK);
}

/* A refusal runs in a transaction of its own, rolled back (on PostgreSQL
 * the failed statement aborts it). */
static sc_status refused_move(const sc_uuid *tenant, int64_t id, const sc_uuid *to)
{
	repo_in_tenant(tenant);
	int64_t n = -1;
	sc_status st = tenantq_move_docs(C, &id, 1, to, &n);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	return st;
}

static sc_status refused_copy(const sc_uuid *tenant, int64_t id, const sc_uuid *to)
{
	repo_in_tenant(tenant);
	int64_t n = -1;
	sc_status st = tenantq_copy_docs(C, &id, 1, to, &n);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	return st;
}

/* The CRUD insert's status for a document of org `org` (NULL tenant: none). */
static sc_status crud_insert(const sc_uuid *tenant, const sc_uuid *org)
{
	if (tenant)
		repo_in_tenant(tenant);
	else
		CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	tenantq_doc d;
	tenantq_doc_init(&d);
	d.org_id = *org;
	d.title = "crud";
	sc_status st = tenantq_doc_insert(C, &d);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	return st;
}

static void test_writes(const tenantq_org *oa, const tenantq_org *ob, int64_t b1)
{
	const sc_uuid *a = &oa->id, *b = &ob->id;
	repo_in_tenant(a);
	int64_t c1 = add_doc(a, "c1", 10, 1), c2 = add_doc(a, "c2", 20, 0);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	const int64_t ids[] = {c1, c2, b1};
	int64_t n = -1;

	/* UPDATE: A's two rows, B's (guessed) skipped and not counted */
	repo_in_tenant(a);
	CHECK_ST(tenantq_retitle(C, ids, 3, "retitled", &n), SC_OK);
	CHECK_MSG(n == 2, "retitle: %lld rows", (long long)n);
	CHECK_ST(tenantq_retitle(C, &b1, 1, "pwned", &n), SC_OK);
	CHECK(n == 0);
	/* UPDATE ... RETURNING: the changed rows only */
	tenantq_doc_page p;
	CHECK_ST(tenantq_add_words(C, ids, 3, 1, &p), SC_OK);
	CHECK_MSG(p.len == 2, "add_words: %zu rows", p.len);
	for (size_t i = 0; i < p.len; i++)
		CHECK(sc_uuid_equal(&p.rows[i].org_id, a) && (p.rows[i].words == 11 || p.rows[i].words == 21) &&
		      !strcmp(p.rows[i].title, "retitled"));
	tenantq_doc_page_free(&p);
	int streamed = 0; /* the streaming form, guarded the same way */
	CHECK_ST(tenantq_add_words_each(C, ids, 3, 1, count_rows, &streamed), SC_OK);
	CHECK_MSG(streamed == 2, "add_words_each: %d rows", streamed);
	/* INSERT ... SELECT: of A's rows chosen, for A */
	CHECK_ST(tenantq_copy_docs(C, ids, 3, a, &n), SC_OK);
	CHECK_MSG(n == 2, "copy_docs: %lld rows", (long long)n);
	CHECK_ST(tenantq_copy_docs(C, &b1, 1, a, &n), SC_OK); /* B's row copies nothing */
	CHECK(n == 0);
	CHECK_ST(tenantq_new_doc(C, a, "fresh", &n), SC_OK);
	CHECK(n == 1);
	/* moving B's row (guessed) to A: not seen, nothing moved */
	CHECK_ST(tenantq_move_docs(C, &b1, 1, a, &n), SC_OK);
	CHECK(n == 0);
	int64_t count = -1;
	CHECK_ST(tenantq_doc_count(C, NULL, &count), SC_OK);
	CHECK_MSG(count == 7, "A has %lld documents", (long long)count);
	/* the connection's other statements are not guarded: CRUD still works */
	add_doc(a, "crud-after", 1, 0);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	expect_b_doc(b, b1);

	/* refused like the CRUD insert of another tenant's row (WITH CHECK) */
	sc_status crud = crud_insert(a, b);
	CHECK_MSG(crud == SC_PERMISSION_DENIED, "CRUD: %s", sc_status_name(crud));
	CHECK_ST(refused_move(a, c1, b), crud);
	CHECK_ST(refused_copy(a, c1, b), crud);
	repo_in_tenant(a);
	CHECK_ST(tenantq_new_doc(C, b, "planted", &n), crud);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	/* the refused statements changed nothing */
	repo_in_tenant(a);
	CHECK_ST(tenantq_doc_count(C, NULL, &count), SC_OK);
	CHECK(count == 8);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	expect_b_doc(b, b1);

	/* no tenant set: UPDATE and DELETE change nothing, INSERT refused as
	 * the CRUD insert is */
	CHECK_ST(tenantq_retitle(C, ids, 3, "none", &n), SC_OK);
	CHECK(n == 0);
	CHECK_ST(tenantq_delete_docs(C, ids, 3, &n), SC_OK);
	CHECK(n == 0);
	CHECK_ST(tenantq_add_words(C, ids, 3, 1, &p), SC_OK);
	CHECK(p.len == 0);
	tenantq_doc_page_free(&p);
	crud = crud_insert(NULL, a);
	CHECK_MSG(crud == SC_PERMISSION_DENIED, "CRUD without tenant: %s", sc_status_name(crud));
	CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	CHECK_ST(tenantq_new_doc(C, a, "orphan", &n), crud);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	expect_b_doc(b, b1);

	/* a malformed tenant: the write fails as the CRUD function does */
	sc_tx_options bad = SC_TX_OPTIONS_INIT;
	bad.tenant = "not-a-uuid";
	CHECK_ST(sc_tx_begin(C, &bad), SC_OK);
	tenantq_doc d;
	crud = tenantq_doc_get(C, c1, 0, &d);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	CHECK_ST(sc_tx_begin(C, &bad), SC_OK);
	CHECK_ST(tenantq_retitle(C, ids, 3, "bad", &n), crud);
	CHECK_ST(sc_tx_rollback(C), SC_OK);

	/* DELETE: A's rows, B's (guessed) skipped */
	repo_in_tenant(a);
	CHECK_ST(tenantq_delete_docs(C, &b1, 1, &n), SC_OK);
	CHECK(n == 0);
	CHECK_ST(tenantq_delete_docs(C, ids, 3, &n), SC_OK);
	CHECK_MSG(n == 2, "delete_docs: %lld rows", (long long)n);
	CHECK_ST(tenantq_doc_count(C, NULL, &count), SC_OK);
	CHECK(count == 6);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	expect_b_doc(b, b1);

	/* a pool release drops the guard's temp objects on SQLite (the table
	 * and the triggers that read it, together): the connection's writes
	 * work after it, and the next guarded query makes them again */
	sc_pool_release(C);
	CHECK_ST(sc_pool_acquire(env.pool, &env.conn), SC_OK);
	repo_in_tenant(a);
	add_doc(a, "after-release", 1, 1);
	CHECK_ST(tenantq_retitle(C, ids, 3, "again", &n), SC_OK);
	CHECK(n == 0);
	CHECK_ST(tenantq_new_doc(C, b, "planted", &n), SC_PERMISSION_DENIED);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	expect_b_doc(b, b1);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	tenantq_org oa, ob;
	add_org("acme", &oa);
	add_org("globex", &ob);

	repo_in_tenant(&oa.id);
	int64_t a1 = add_doc(&oa.id, "a-long", 100, 2);
	int64_t a2 = add_doc(&oa.id, "a-short", 5, 0);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	repo_in_tenant(&ob.id);
	int64_t b1 = add_doc(&ob.id, "b-secret", 1000, 1);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	const int64_t all[] = {a1, a2, b1};

	/* tenant A: entity results, a list parameter, inline rows, a join of
	 * two @tenant tables, an aggregate, a body with its own WITH */
	repo_in_tenant(&oa.id);
	tenantq_doc d;
	CHECK_ST(tenantq_doc_by_id(C, a1, &d), SC_OK);
	CHECK(!strcmp(d.title, "a-long") && sc_uuid_equal(&d.org_id, &oa.id));
	tenantq_doc_free(&d);
	CHECK_ST(tenantq_doc_by_id(C, b1, &d), SC_NOT_FOUND); /* B's key, guessed */
	bool found = true;
	CHECK_ST(tenantq_doc_opt(C, b1, &d, &found), SC_OK);
	CHECK(!found);
	CHECK_ST(tenantq_doc_opt(C, a2, &d, &found), SC_OK);
	CHECK(found && d.words == 5);
	tenantq_doc_free(&d);
	expect_view(all, 3, "a-long,a-short", 105, 2);
	tenantq_label_counts_page lc;
	CHECK_ST(tenantq_label_counts(C, all, 3, &lc), SC_OK);
	CHECK(lc.len == 2 && !strcmp(lc.rows[0].title, "a-long") && !strcmp(lc.rows[0].org, "acme") &&
	      lc.rows[0].n == 2 && lc.rows[1].n == 0);
	tenantq_label_counts_page_free(&lc);
	CHECK_ST(tenantq_label_counts(C, &b1, 1, &lc), SC_OK);
	CHECK(lc.len == 0);
	tenantq_label_counts_page_free(&lc);
	tenantq_long_titles_page lt;
	CHECK_ST(tenantq_long_titles(C, 50, &lt), SC_OK);
	CHECK(lt.len == 1 && !strcmp(lt.rows[0].title, "a-long"));
	tenantq_long_titles_page_free(&lt);
	tenantq_doc_copies_page dc;
	CHECK_ST(tenantq_doc_copies(C, 2, &dc), SC_OK);
	CHECK(dc.len == 4 && !strcmp(dc.rows[0].title, "a-long") && dc.rows[1].copy == 2 &&
	      !strcmp(dc.rows[3].title, "a-short"));
	tenantq_doc_copies_page_free(&dc);
	/* a write whose rows are chosen through a @tenant table: B's document
	 * id chooses nothing, and B's org keeps its name */
	int64_t affected = -1;
	CHECK_ST(tenantq_rename_orgs_of(C, &b1, 1, "pwned", &affected), SC_OK);
	CHECK(affected == 0);
	CHECK_ST(tenantq_rename_orgs_of(C, &a1, 1, "acme2", &affected), SC_OK);
	CHECK(affected == 1);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	tenantq_org o;
	CHECK_ST(tenantq_org_get(C, &ob.id, 0, &o), SC_OK);
	CHECK(!strcmp(o.name, "globex"));
	tenantq_org_free(&o);

	/* tenant B sees its own document only */
	repo_in_tenant(&ob.id);
	expect_view(all, 3, "b-secret", 1000, 1);
	CHECK_ST(tenantq_doc_by_id(C, a1, &d), SC_NOT_FOUND);
	CHECK_ST(sc_tx_commit(C), SC_OK);

	/* no tenant set: no rows, as the CRUD functions see */
	expect_view(all, 3, "", 0, 0);
	CHECK_ST(tenantq_doc_get(C, a1, 0, &d), SC_NOT_FOUND);
	CHECK_ST(tenantq_doc_by_id(C, a1, &d), SC_NOT_FOUND);
	int64_t n = -1;
	CHECK_ST(tenantq_doc_count(C, NULL, &n), SC_OK);
	CHECK(n == 0);

	/* a tenant that is no uuid: the query fails as the CRUD function does */
	sc_tx_options bad = SC_TX_OPTIONS_INIT;
	bad.tenant = "not-a-uuid";
	CHECK_ST(sc_tx_begin(C, &bad), SC_OK);
	sc_status crud = tenantq_doc_get(C, a1, 0, &d);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	CHECK_ST(sc_tx_begin(C, &bad), SC_OK);
	sc_status query = tenantq_doc_by_id(C, a1, &d);
	CHECK_MSG(query == crud && crud != SC_OK && crud != SC_NOT_FOUND, "query %s, CRUD %s", sc_status_name(query),
		  sc_status_name(crud));
	CHECK_ST(sc_tx_rollback(C), SC_OK);

	test_writes(&oa, &ob, b1);

	repo_close();
	return repo_done("codegen tenantq scope");
}
