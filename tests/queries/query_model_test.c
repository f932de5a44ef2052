/* Parser and model of typed queries: every parameter kind, every result
 * form, the dialect split, byte-exact bodies and the :name references
 * (what is and is not a parameter). Fails with a message on the first
 * difference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemac.h"

static int failures;

#define EXPECT(cond)                                                     \
  do {                                                                   \
    if (!(cond)) {                                                       \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                        \
    }                                                                    \
  } while (0)

static const char schema[] =
    "enum Tier { hot warm cold }\n"
    "entity Lead {\n"
    "  id    uuid @id\n"
    "  code  string(10)\n"
    "  score int\n"
    "  tier  Tier\n"
    "}\n"
    "/// Doc of q1.\n"
    "query q1(a string, b int?, c Tier, d uuid[], e string(10)) -> Lead[] {"
    " SELECT * FROM leads WHERE code = :a AND (:b IS NULL OR score = :b) AND tier = :c AND id IN :d AND code <> :e }\n"
    "query q2() -> Lead? { SELECT * FROM leads LIMIT 1 }\n"
    "query q3() -> Lead { SELECT * FROM leads LIMIT 1 }\n"
    "query q4() -> { tier Tier, n bigint }[] { SELECT tier, count(*) AS n FROM leads GROUP BY tier }\n"
    "query q5() -> { n bigint? }? { SELECT sum(score) AS n FROM leads }\n"
    "query q6() -> { n bigint } { SELECT count(*) AS n FROM leads }\n"
    "query q7(x int) -> exec {\n"
    "  postgres {UPDATE leads SET score = :x WHERE code <> ':no' AND \"a:b\" IS NULL -- :no\n"
    "  /* :no { /* } */ */ AND $$ :no } $$ = '' AND score::text = $1}\n"
    "  sqlite { UPDATE leads SET score = :x }\n"
    "}\n";

static const char *body_of(const scc_query *q, sc_dialect d) {
  static char buf[512];
  const scc_query_body *b = q->body[d];
  snprintf(buf, sizeof buf, "%.*s", (int)b->len, b->sql);
  return buf;
}

int main(void) {
  scc_compiler *c = scc_compiler_new();
  scc_compiler_add_source(c, "t.schema", schema, sizeof schema - 1);
  /* The model of check (no SQL check here: q7's postgres body is not SQLite's). */
  const scc_schema *s = scc_compiler_check(c, NULL);
  if (!s) {
    scc_buf out = {0};
    scc_diags_render(scc_compiler_diags(c), &out);
    fprintf(stderr, "check failed:\n%.*s", (int)out.len, out.data);
    return 1;
  }
  EXPECT(s->nqueries == 7);
  const scc_query *q = s->queries[0];
  EXPECT(!strcmp(q->name, "q1") && q->doc && !strcmp(q->doc, "Doc of q1."));
  EXPECT(q->nparams == 5);
  EXPECT(q->params[0].type.kind == SCC_T_STRING && !q->params[0].nullable && !q->params[0].list);
  EXPECT(q->params[1].type.kind == SCC_T_INT && q->params[1].nullable);
  EXPECT(q->params[2].type.kind == SCC_T_ENUM && q->params[2].type.enm && !strcmp(q->params[2].type.enm->name, "Tier"));
  EXPECT(q->params[3].type.kind == SCC_T_UUID && q->params[3].list);
  EXPECT(q->params[4].type.kind == SCC_T_STRING && q->params[4].type.length == 10);
  EXPECT(q->result == SCC_QRES_ENTITY && q->card == SCC_QCARD_MANY && !strcmp(q->entity->name, "Lead"));
  EXPECT(!q->split && q->body[SC_DIALECT_POSTGRES] == q->body[SC_DIALECT_SQLITE]);
  /* :b twice: six references, in order. */
  const scc_query_body *b = q->body[SC_DIALECT_SQLITE];
  EXPECT(b->nrefs == 6);
  uint32_t want[] = {0, 1, 1, 2, 3, 4};
  for (uint32_t i = 0; i < 6 && i < b->nrefs; i++) EXPECT(b->refs[i].param == want[i]);
  EXPECT(b->nrefs > 0 && !strncmp(schema + b->refs[0].loc.off, ":a", b->refs[0].loc.len) && b->refs[0].loc.len == 2);
  EXPECT(!strncmp(schema + b->loc.off, b->sql, b->len));

  EXPECT(s->queries[1]->result == SCC_QRES_ENTITY && s->queries[1]->card == SCC_QCARD_OPT);
  EXPECT(s->queries[2]->result == SCC_QRES_ENTITY && s->queries[2]->card == SCC_QCARD_ONE);
  q = s->queries[3];
  EXPECT(q->result == SCC_QRES_ROW && q->card == SCC_QCARD_MANY && q->ncols == 2);
  EXPECT(q->ncols == 2 && !strcmp(q->cols[0].name, "tier") && q->cols[0].type.kind == SCC_T_ENUM);
  EXPECT(q->ncols == 2 && !strcmp(q->cols[1].name, "n") && q->cols[1].type.kind == SCC_T_BIGINT);
  q = s->queries[4];
  EXPECT(q->result == SCC_QRES_ROW && q->card == SCC_QCARD_OPT && q->ncols == 1 && q->cols[0].nullable);
  q = s->queries[5];
  EXPECT(q->result == SCC_QRES_ROW && q->card == SCC_QCARD_ONE && q->ncols == 1 && !q->cols[0].nullable);
  q = s->queries[6];
  EXPECT(q->result == SCC_QRES_EXEC && q->split);
  EXPECT(q->body[SC_DIALECT_POSTGRES] != q->body[SC_DIALECT_SQLITE]);
  /* Byte-exact, and only the real :x is a reference (not ':no' in a
   * string, "a:b", comments, $$...$$, ::casts or $1). */
  EXPECT(!strcmp(body_of(q, SC_DIALECT_POSTGRES),
                 "UPDATE leads SET score = :x WHERE code <> ':no' AND \"a:b\" IS NULL -- :no\n"
                 "  /* :no { /* } */ */ AND $$ :no } $$ = '' AND score::text = $1"));
  EXPECT(q->body[SC_DIALECT_POSTGRES]->nrefs == 1);
  EXPECT(!strcmp(body_of(q, SC_DIALECT_SQLITE), " UPDATE leads SET score = :x "));
  EXPECT(q->body[SC_DIALECT_SQLITE]->nrefs == 1);

  /* fmt keeps every body byte-exact and is idempotent. */
  scc_buf f1 = {0}, f2 = {0};
  scc_format_file(scc_compiler_file(c, 0), &f1);
  scc_compiler *c2 = scc_compiler_new();
  scc_compiler_add_source(c2, "t.schema", f1.data, f1.len);
  const scc_schema *s2 = scc_compiler_check(c2, NULL);
  EXPECT(s2 != NULL);
  if (s2) {
    scc_format_file(scc_compiler_file(c2, 0), &f2);
    EXPECT(f1.len == f2.len && !memcmp(f1.data, f2.data, f1.len));
    EXPECT(s2->nqueries == 7);
    for (uint32_t i = 0; i < s2->nqueries && i < 7; i++)
      for (int d = 1; d <= 2; d++) {
        const scc_query_body *x = s->queries[i]->body[d], *y = s2->queries[i]->body[d];
        EXPECT(x->len == y->len && !memcmp(x->sql, y->sql, x->len) && x->nrefs == y->nrefs);
      }
  }
  scc_buf_free(&f1);
  scc_buf_free(&f2);
  scc_compiler_free(c2);
  scc_compiler_free(c);
  if (failures) fprintf(stderr, "query_model_test: %d failures\n", failures);
  else printf("query_model_test: ok\n");
  return failures ? 1 : 0;
}
