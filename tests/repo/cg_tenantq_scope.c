/* Typed queries over @tenant tables (tests/repo/schemas/tenantq.schema,
 * docs/queries.md "Tenancy"): inside a tenant's transaction a query sees
 * and chooses that tenant's rows only, on SQLite (the generated SQL reads
 * each @tenant table through a WITH kept to the transaction's tenant) as on
 * PostgreSQL (forced row-level security, through the harness's role, which
 * is not a superuser); the other tenant's keys, guessed, find and change
 * nothing; with no tenant set a query sees no rows, as the generated CRUD
 * functions do; a tenant that is not a value of the key's type fails the
 * query as it fails them. */
#include "repo.h"

#include "tenantq.h"

static char tenant_text[SC_UUID_STRLEN + 1];

static void in_tenant(const sc_uuid *tenant)
{
	sc_uuid_format(tenant, tenant_text);
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.tenant = tenant_text;
	CHECK_ST(sc_tx_begin(C, &o), SC_OK);
}

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

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	tenantq_org oa, ob;
	add_org("acme", &oa);
	add_org("globex", &ob);

	in_tenant(&oa.id);
	int64_t a1 = add_doc(&oa.id, "a-long", 100, 2);
	int64_t a2 = add_doc(&oa.id, "a-short", 5, 0);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	in_tenant(&ob.id);
	int64_t b1 = add_doc(&ob.id, "b-secret", 1000, 1);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	const int64_t all[] = {a1, a2, b1};

	/* tenant A: entity results, a list parameter, inline rows, a join of
	 * two @tenant tables, an aggregate, a body with its own WITH */
	in_tenant(&oa.id);
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
	in_tenant(&ob.id);
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

	repo_close();
	return repo_done("codegen tenantq scope");
}
