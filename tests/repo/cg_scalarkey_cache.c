/* Generated code of tests/repo/schemas/scalarkey.schema: rows whose bool or
 * bytes primary keys differ are cached apart. Issue 12: the cache key text
 * of a bool or bytes key part was empty, so every row of such a table
 * shared one cache entry and a get returned the row read before it. */
#include "repo.h"

#include "scalarkey.h"

static void flag_expect(bool on, const char *want)
{
	scalarkey_flag g;
	CHECK_ST(scalarkey_flag_get(C, on, 0, &g), SC_OK);
	CHECK_MSG(g.on == on && g.label && !strcmp(g.label, want), "get flag %d: on %d, label %s, want %s", on,
		  g.on, g.label ? g.label : "(null)", want);
	scalarkey_flag_free(&g);
}

static void blob_expect(const uint8_t *key, size_t n, const char *want)
{
	scalarkey_blob g;
	sc_bytes k = {(uint8_t *)key, n};
	CHECK_ST(scalarkey_blob_get(C, k, 0, &g), SC_OK);
	CHECK_MSG(g.key.len == n && !memcmp(g.key.data, key, n) && g.label && !strcmp(g.label, want),
		  "get blob of %zu bytes: label %s, want %s", n, g.label ? g.label : "(null)", want);
	scalarkey_blob_free(&g);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1, .cache = true});

	const char *flag_labels[2] = {"off", "on"};
	for (int i = 0; i < 2; i++) {
		scalarkey_flag f;
		scalarkey_flag_init(&f);
		f.on = i == 1;
		f.label = (char *)flag_labels[i];
		CHECK_ST(scalarkey_flag_insert(C, &f), SC_OK);
	}
	/* Keys that differ in a byte, in a NUL byte and in length; the bytes
	 * '/' and '\\' are the key text's own separator and escape. */
	static const uint8_t k0[] = {1, 2, 3}, k1[] = {1, 2, 4}, k2[] = {1, 0, 3}, k3[] = {1, 2}, k4[] = {'/', '\\'};
	const struct {
		const uint8_t *key;
		size_t n;
		const char *label;
	} blobs[] = {{k0, sizeof k0, "k0"}, {k1, sizeof k1, "k1"}, {k2, sizeof k2, "k2"},
		     {k3, sizeof k3, "k3"}, {k4, sizeof k4, "k4"}};
	enum { NBLOBS = sizeof blobs / sizeof blobs[0] };
	for (int i = 0; i < NBLOBS; i++) {
		scalarkey_blob b;
		scalarkey_blob_init(&b);
		b.key.data = (uint8_t *)blobs[i].key;
		b.key.len = blobs[i].n;
		b.label = (char *)blobs[i].label;
		CHECK_ST(scalarkey_blob_insert(C, &b), SC_OK);
	}

	/* The first round fills the cache, the second reads from it. */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 2; i++)
			flag_expect(i == 1, flag_labels[i]);
		for (int i = 0; i < NBLOBS; i++)
			blob_expect(blobs[i].key, blobs[i].n, blobs[i].label);
	}
	long before = atomic_load(&repo_queries);
	flag_expect(true, "on");
	blob_expect(k1, sizeof k1, "k1");
	CHECK_MSG(atomic_load(&repo_queries) == before, "cached gets ran %ld queries", atomic_load(&repo_queries) - before);

	repo_close();
	return repo_done("codegen scalarkey cache");
}
