/* get_many over text primary keys (tests/repo/schemas/textkey.schema): keys
 * that need quoting in a PostgreSQL array literal or a JSON array, long keys
 * differing in their last byte, repeated and missing keys; rows come back
 * in key order. (Keys matched by text: runtime/src/codec/get_many.c.) */
#include "repo.h"

#include "textkey.h"

enum { KEY_LEN = 200 };

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	static char long_a[KEY_LEN + 1], long_b[KEY_LEN + 1];
	memset(long_a, 'k', KEY_LEN);
	memcpy(long_b, long_a, KEY_LEN);
	long_a[KEY_LEN - 1] = 'a';
	long_b[KEY_LEN - 1] = 'b';
	const char *codes[] = {"plain", "with \"quote\"", "comma,brace}{", "back\\slash", "NULL", "",
			       "caf\xc3\xa9", long_a, long_b};
	enum { NCODES = sizeof codes / sizeof codes[0] };
	for (size_t i = 0; i < NCODES; i++) {
		textkey_item it;
		textkey_item_init(&it);
		it.code = (char *)codes[i];
		char label[16];
		snprintf(label, sizeof label, "L%zu", i);
		it.label = label;
		CHECK_ST(textkey_item_insert(C, &it), SC_OK);
	}
	/* every key backwards, then a repeat and a missing one */
	const char *keys[NCODES + 2];
	for (size_t i = 0; i < NCODES; i++)
		keys[i] = codes[NCODES - 1 - i];
	keys[NCODES] = long_a;
	keys[NCODES + 1] = "absent";
	bool found[NCODES + 2];
	textkey_item_page p;
	CHECK_ST(textkey_item_get_many(C, keys, NCODES + 2, &p, found), SC_OK);
	CHECK(p.len == NCODES + 2);
	for (size_t i = 0; i < NCODES + 1; i++) {
		size_t want = i < NCODES ? NCODES - 1 - i : 7; /* long_a is codes[7] */
		char label[16];
		snprintf(label, sizeof label, "L%zu", want);
		CHECK_MSG(found[i] && p.rows[i].code && !strcmp(p.rows[i].code, codes[want]) &&
				  p.rows[i].label && !strcmp(p.rows[i].label, label),
			  "key %zu: found %d", i, found[i]);
	}
	CHECK(!found[NCODES + 1] && p.rows[NCODES + 1].code == NULL);
	textkey_item_page_free(&p);
	/* a NULL string among the keys is refused, as in list parameters */
	const char *bad[] = {"plain", NULL};
	CHECK_ST(textkey_item_get_many(C, bad, 2, &p, found), SC_INVALID_ARGUMENT);
	CHECK(p.len == 0 && p._mem == NULL);
	repo_close();
	return repo_done("codegen textkey get_many");
}
