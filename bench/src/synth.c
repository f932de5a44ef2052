/*
 * Synthetic schema for the generator-scale benchmark: N entities of 12
 * fields each, with an enum, a unique key, two references (to the previous
 * entity and to one halfway back) and a composite index, written to stdout.
 */
#include <stdio.h>

int bench_synth(int n);

int bench_synth(int n)
{
	if (n < 1) {
		fprintf(stderr, "synth: N must be positive\n");
		return 2;
	}
	printf("// Synthetic schema: %d entities (bench/src/synth.c).\nschema synth%d\n\n", n, n);
	printf("enum State { draft active archived }\n");
	for (int i = 0; i < n; i++) {
		printf("\n/// Entity number %d.\nentity E%d {\n", i, i);
		printf("  id         bigint      @id @default(autoincrement())\n");
		printf("  code       string(32)  @unique\n");
		printf("  name       string(100) @index\n");
		printf("  amount     int         @default(0) @check(0..1000000)\n");
		printf("  ratio      float?\n");
		printf("  active     bool        @default(true)\n");
		printf("  state      State       @default(draft)\n");
		printf("  note       text?\n");
		if (i > 0)
			printf("  prev_id    bigint?     @ref(E%d.id, on_delete: set_null)\n", i - 1);
		else
			printf("  prev_id    bigint?\n");
		if (i > 1)
			printf("  half_id    bigint?     @ref(E%d.id, on_delete: cascade)\n", i / 2);
		else
			printf("  half_id    bigint?\n");
		printf("  created_at timestamp   @created_at\n");
		printf("  updated_at timestamp   @updated_at\n");
		printf("\n  @@index(state, created_at desc)\n}\n");
	}
	return 0;
}
