/* The generator's type table (SCC_TYPE_MAP) and the runtime's
 * (SC_COL_TYPE_MAP) agree on the facts both hold: every language type names
 * a runtime column type, and where the generated code moves a member with
 * sc_stmt_bind_<codec> / sc_stmt_column_<codec> and declares it with a C
 * type, those are the runtime's. Shapes and filter operators are checked at
 * compile time (generator/model/model.c). */
#include <stdio.h>
#include <string.h>

#include "model/types.h"
#include <schemac/query.h>

typedef struct rt_row {
	const char *col, *ctype, *codec;
} rt_row;

static const rt_row rt[] = {
#define ROW(name, value, ctype, codec, shape, ops) {"SC_COL_" #name, #ctype, #codec},
	SC_COL_TYPE_MAP(ROW)
#undef ROW
};

static const char *const kinds[] = {
#define KIND(k, ...) #k,
	SCC_TYPE_MAP(KIND)
#undef KIND
};

int main(void)
{
	int bad = 0;
	for (int k = 0; k < SCC_T_COUNT; k++) {
		const scc_type_info *ti = scc_type_info_of((scc_type_kind)k);
		const rt_row *r = NULL;
		for (size_t i = 0; i < sizeof rt / sizeof rt[0]; i++)
			if (strcmp(rt[i].col, ti->col) == 0)
				r = &rt[i];
		if (!r) {
			printf("FAIL SCC_T_%s: %s is no row of SC_COL_TYPE_MAP\n", kinds[k], ti->col);
			bad++;
			continue;
		}
		if (ti->codec && strcmp(ti->codec, r->codec) != 0) {
			printf("FAIL SCC_T_%s: codec %s, the runtime's %s is %s\n", kinds[k], ti->codec, r->col,
			       r->codec);
			bad++;
		}
		if (ti->ctype && strcmp(ti->ctype, r->ctype) != 0) {
			printf("FAIL SCC_T_%s: C type %s, the runtime's %s holds %s\n", kinds[k], ti->ctype, r->col,
			       r->ctype);
			bad++;
		}
	}
	printf("%d language types checked against %zu runtime column types, %d disagreements\n", (int)SCC_T_COUNT,
	       sizeof rt / sizeof rt[0], bad);
	return bad ? 1 : 0;
}
