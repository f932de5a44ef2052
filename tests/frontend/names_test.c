/* Generated constraint names (names.c): never longer than PostgreSQL's 63
 * bytes, never cut inside a UTF-8 character, deterministic, and different
 * for different full names. */
#include <stdio.h>
#include <string.h>

#include "base/names.h"

static int failures;
#define CHECK(cond, ...)                                    \
	do {                                                \
		if (!(cond)) {                              \
			fprintf(stderr, "FAIL: " __VA_ARGS__); \
			fputc('\n', stderr);                \
			failures++;                         \
		}                                           \
	} while (0)

/* Whether s is whole UTF-8 characters (no character cut at either end). */
static int whole_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int k = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		if (!k)
			return 0;
		for (int i = 1; i < k; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += k;
	}
	return 1;
}

int main(void)
{
	scc_arena *a = scc_arena_new();
	static const char *const suffixes[] = {"pkey", "key", "idx", "fkey", "check", "tenant_isolation"};
	/* Characters of 1 to 4 bytes, so every cut position meets every kind. */
	static const char *const fill[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
	const char *seen[4][2][80][6];
	for (int fi = 0; fi < 4; fi++) {
		for (int lead = 0; lead < 2; lead++) {
			for (int len = 1; len < 80; len++) {
				/* A table name of len bytes: one or no 't', then characters,
				 * then 'z's to make up the length. */
				char table[96];
				size_t n = 0;
				if (lead)
					table[n++] = 't';
				size_t fl = strlen(fill[fi]);
				while (n + fl <= (size_t)len) {
					memcpy(table + n, fill[fi], fl);
					n += fl;
				}
				while (n < (size_t)len)
					table[n++] = 'z';
				table[n] = 0;
				for (int si = 0; si < 6; si++) {
					for (int with_cols = 0; with_cols < 2; with_cols++) {
						const char *name = scc_constraint_name(a, table, with_cols ? "col" : NULL, suffixes[si]);
						CHECK(strlen(name) <= SCC_MAX_IDENT_BYTES, "'%s' is %zu bytes", name, strlen(name));
						CHECK(whole_utf8(name), "'%s' ends inside a character", name);
						const char *again = scc_constraint_name(a, table, with_cols ? "col" : NULL, suffixes[si]);
						CHECK(!strcmp(name, again), "'%s' is not deterministic", name);
						if (!with_cols)
							seen[fi][lead][len][si] = name;
					}
				}
			}
		}
	}
	/* Different tables give different names (hash of the full name). */
	for (int fi = 0; fi < 4; fi++)
		for (int lead = 0; lead < 2; lead++)
			for (int len = 2; len < 80; len++)
				for (int si = 0; si < 6; si++)
					CHECK(strcmp(seen[fi][lead][len][si], seen[fi][lead][len - 1][si]) != 0,
					      "'%s' repeats", seen[fi][lead][len][si]);
	/* Names that fit are kept as they are. */
	CHECK(!strcmp(scc_constraint_name(a, "leads", NULL, "pkey"), "leads_pkey"), "leads_pkey");
	CHECK(!strcmp(scc_constraint_name(a, "leads", "email", "key"), "leads_email_key"), "leads_email_key");
	/* The prefix helper. */
	CHECK(scc_utf8_prefix("ab\xC3\xA9", 3) == 2, "cut before a 2-byte character");
	CHECK(scc_utf8_prefix("ab\xC3\xA9", 4) == 4, "whole string");
	CHECK(scc_utf8_prefix("abc", 2) == 2, "ASCII");
	scc_arena_free(a);
	if (failures) {
		fprintf(stderr, "names_test: %d failures\n", failures);
		return 1;
	}
	printf("names_test: ok\n");
	return 0;
}
