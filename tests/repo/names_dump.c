/* Prints every file-scope C name the generator declares for a schema, one
 * per line (scc_c_names_all), for names_cover.sh. */
#include <stdio.h>

#include "emit/emit_c.h"
#include "schemac.h"

static void print_name(void *ud, const char *name, const char *owner, const char *root, scc_loc loc)
{
	(void)ud;
	(void)owner;
	(void)root;
	(void)loc;
	puts(name);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: names_dump SCHEMA\n");
		return 2;
	}
	scc_compiler *c = scc_compiler_new();
	scc_compiler_add_file(c, argv[1]);
	const scc_schema *s = scc_compiler_check(c, NULL);
	if (!s) {
		fprintf(stderr, "names_dump: %s does not check\n", argv[1]);
		scc_compiler_free(c);
		return 1;
	}
	scc_arena *a = scc_arena_new();
	scc_cgen g = {.s = s, .a = a};
	scc_c_names_all(&g, print_name, NULL);
	scc_arena_free(a);
	scc_compiler_free(c);
	return 0;
}
