/* Generated code of tests/codegen/schemas/textkey.schema: rows whose long
 * text primary keys differ only in the last byte are cached apart, through
 * the generated get and through sc_row_fetch (SC_EXEC_CACHE). Issue 12:
 * the key text was cut at 83 bytes per key part, so the second get
 * returned the first row from the cache. */
#include "repo.h"

#include "textkey.h"


enum { KEY_LEN = 200, NKEYS = 4 };

static void make_key(char *buf, char last)
{
	memset(buf, 'k', KEY_LEN - 1);
	buf[KEY_LEN - 1] = last;
	buf[KEY_LEN] = '\0';
}

/* Read code through the generated get; its label must be want. */
static void get_expect(const char *code, const char *want)
{
	textkey_item g;
	CHECK_ST(textkey_item_get(C, code, 0, &g), SC_OK);
	CHECK_MSG(g.label && !strcmp(g.label, want), "get %.8s...%s: label %s, want %s", code,
		  code + KEY_LEN - 1, g.label ? g.label : "(null)", want);
	CHECK(g.code && !strcmp(g.code, code));
	textkey_item_free(&g);
}

/* The same through the runtime's generic fetch with the cache. */
static void fetch_expect(const char *sql, const char *code, const char *want)
{
	textkey_item key, g;
	textkey_item_init(&key);
	key.code = (char *)code;
	static const unsigned params[] = {0};
	CHECK_ST(sc_row_fetch(C, &textkey_item_meta, sql, &key, params, 1, SC_EXEC_CACHE, &g), SC_OK);
	CHECK_MSG(g.label && !strcmp(g.label, want), "fetch ...%s: label %s, want %s", code + KEY_LEN - 1,
		  g.label ? g.label : "(null)", want);
	textkey_item_free(&g);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1, .cache = true});

	char keys[NKEYS][KEY_LEN + 1];
	const char *labels[NKEYS] = {"first", "second", "third", "fourth"};
	for (int i = 0; i < NKEYS; i++)
		make_key(keys[i], (char)('a' + i));
	for (int i = 0; i < NKEYS; i++) {
		textkey_item it;
		textkey_item_init(&it);
		it.code = keys[i];
		it.label = (char *)labels[i];
		CHECK_ST(textkey_item_insert(C, &it), SC_OK);
	}

	/* Keys 0 and 1 through the generated get: first reads fill the
	 * cache, later ones come from it. */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 2; i++)
			get_expect(keys[i], labels[i]);
	long before = atomic_load(&repo_queries);
	for (int i = 0; i < 2; i++)
		get_expect(keys[i], labels[i]);
	CHECK_MSG(atomic_load(&repo_queries) == before, "cached gets ran %ld queries",
		  atomic_load(&repo_queries) - before);

	/* Keys 2 and 3 through sc_row_fetch with SC_EXEC_CACHE. */
	const sc_entity_meta *m = &textkey_item_meta;
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE %s = $1", m->select_list, m->table_sql,
		 m->cols[m->pk[0]].name);
	for (int round = 0; round < 2; round++)
		for (int i = 2; i < NKEYS; i++)
			fetch_expect(sql, keys[i], labels[i]);

	/* Composite keys whose parts hold the separator: ("a/b", "c") and
	 * ("a", "b/c") are different rows with different cache entries. */
	const char *pairs[][3] = {{"a/b", "c", "slash in left"}, {"a", "b/c", "slash in right"},
				  {"a\\", "/c", "backslash, then slash"}, {"a\\/", "c", "backslash slash"}};
	enum { NPAIRS = sizeof pairs / sizeof pairs[0] };
	for (int i = 0; i < NPAIRS; i++) {
		textkey_pair p;
		textkey_pair_init(&p);
		p.left = (char *)pairs[i][0];
		p.right = (char *)pairs[i][1];
		p.label = (char *)pairs[i][2];
		CHECK_ST(textkey_pair_insert(C, &p), SC_OK);
	}
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < NPAIRS; i++) {
			textkey_pair g;
			CHECK_ST(textkey_pair_get(C, pairs[i][0], pairs[i][1], 0, &g), SC_OK);
			CHECK_MSG(g.label && !strcmp(g.label, pairs[i][2]), "get pair %d (round %d): label %s, want %s", i,
				  round, g.label ? g.label : "(null)", pairs[i][2]);
			textkey_pair_free(&g);
		}

	repo_close();
	return repo_done("codegen textkey cache");
}
