/* libFuzzer target past the parser: for every input `check` accepts,
 *   - fmt is idempotent: fmt(fmt(x)) == fmt(x);
 *   - fmt(x) is the same schema: it checks, and its canonical dump (DDL of
 *     both dialects, generated C header and source, ERD) equals x's;
 *   - every emitter runs (C header and source, DDL, ERD Mermaid and DOT);
 *   - diff + plan run both ways, from nothing to x and from x to an empty
 *     schema, each with its reverse (the down migration), for both
 *     dialects; and the diff from x to fmt(x) is empty.
 * A broken property aborts with a message (libFuzzer saves the input);
 * crashes, leaks and undefined behaviour are caught by the sanitizers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate/diff.h"
#include "emit/emit_c.h"
#include "emit/emit_erd.h"
#include "migrate/plan.h"
#include "schemac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const scc_buf *a, const scc_buf *b) {
  fprintf(stderr, "fuzz_pipeline: %s\n--- first:\n%.*s\n--- second:\n%.*s\n", what,
          a ? (int)a->len : 0, a && a->data ? a->data : "", b ? (int)b->len : 0,
          b && b->data ? b->data : "");
  abort();
}

static bool same(const scc_buf *a, const scc_buf *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* Everything the model turns into, in one text. */
static void dump(const scc_schema *s, scc_buf *out) {
  scc_emit_sql(s, SC_DIALECT_POSTGRES, out);
  scc_emit_sql(s, SC_DIALECT_SQLITE, out);
  scc_buf src = {0};
  scc_emit_c(s, "fuzz", out, &src);
  scc_buf_put(out, src.data ? src.data : "", src.len);
  scc_buf_free(&src);
  scc_emit_erd(s, SCC_ERD_MERMAID, out);
  scc_emit_erd(s, SCC_ERD_DOT, out);
  /* Typed queries: parameters, result and the bodies, byte for byte. */
  for (uint32_t i = 0; i < s->nqueries; i++) {
    const scc_query *q = s->queries[i];
    scc_buf_printf(out, "query %s %s %d %d %s %u:", q->name, q->doc ? q->doc : "", (int)q->result, (int)q->card,
                   q->entity ? q->entity->name : "", q->ncols);
    for (uint32_t k = 0; k < q->nparams; k++)
      scc_buf_printf(out, " %s/%d/%d/%d", q->params[k].name, (int)q->params[k].type.kind, q->params[k].nullable,
                     q->params[k].list);
    for (uint32_t k = 0; k < q->ncols; k++)
      scc_buf_printf(out, " %s/%d/%d", q->cols[k].name, (int)q->cols[k].type.kind, q->cols[k].nullable);
    for (int d = SC_DIALECT_POSTGRES; d <= SC_DIALECT_SQLITE; d++) {
      const scc_query_body *b = q->body[d];
      scc_buf_printf(out, "\n[%d %u]", d, b ? b->nrefs : 0);
      if (b) scc_buf_put(out, b->sql, b->len);
    }
    scc_buf_putc(out, '\n');
  }
}

/* One migration both ways, for both dialects. */
static void migrate(const scc_schema *from, const scc_schema *to) {
  scc_diff d = {0}, rev = {0};
  scc_diff_schemas(from, to, &d);
  scc_diff_reverse(&d, &rev);
  (void)scc_diff_destructive(&d);
  for (int i = 0; i < 2; i++) {
    sc_dialect dia = i ? SC_DIALECT_SQLITE : SC_DIALECT_POSTGRES;
    scc_plan up = {0}, down = {0};
    scc_buf file = {0};
    scc_plan_build(&d, dia, &up);
    scc_plan_file(&up, "0001_up (up)", dia, &file);
    scc_plan_build(&rev, dia, &down);
    scc_plan_file(&down, "0001_up (down)", dia, &file);
    scc_plan_free(&up);
    scc_plan_free(&down);
    scc_buf_free(&file);
  }
  scc_diff_free(&d);
  scc_diff_free(&rev);
}

/* A compiler holding one source; the schema when it checks. */
static const scc_schema *compile(scc_compiler *c, const char *text, size_t len) {
  scc_compiler_add_source(c, "fuzz.schema", text, len);
  return scc_compiler_check(c, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  scc_compiler *c = scc_compiler_new(), *cf = scc_compiler_new(), *ce = scc_compiler_new();
  scc_buf f1 = {0}, f2 = {0}, d1 = {0}, d2 = {0};
  if (!c || !cf || !ce) goto out;
  const scc_schema *s = compile(c, (const char *)data, size);
  if (!s) goto out;

  scc_format_file(scc_compiler_file(c, 0), &f1);
  const scc_schema *sf = compile(cf, f1.data ? f1.data : "", f1.len);
  if (!sf) {
    scc_diags_render(scc_compiler_diags(cf), &f2);
    fail("fmt(x) does not check although x does (formatted text, then errors)", &f1, &f2);
  }
  scc_format_file(scc_compiler_file(cf, 0), &f2);
  if (!same(&f1, &f2)) fail("fmt is not idempotent: fmt(x), then fmt(fmt(x))", &f1, &f2);

  dump(s, &d1);
  dump(sf, &d2);
  if (!same(&d1, &d2)) fail("fmt(x) is not the same schema: dump of x, then of fmt(x)", &d1, &d2);

  /* The empty schema of the same name. */
  scc_buf empty = {0};
  scc_buf_printf(&empty, "schema %s\n", s->name);
  const scc_schema *se = compile(ce, empty.data, empty.len);
  scc_buf_free(&empty);
  if (!se) fail("the empty schema does not check", NULL, NULL);

  scc_diff d = {0};
  scc_diff_schemas(s, sf, &d);
  if (d.nchanges != 0) {
    scc_buf why = {0};
    for (uint32_t i = 0; i < d.nchanges; i++) scc_buf_printf(&why, "%s\n", d.changes[i].text);
    fail("the diff from x to fmt(x) is not empty: changes", &why, &f1);
  }
  scc_diff_free(&d);

  migrate(NULL, s);
  migrate(s, se);

out:
  scc_buf_free(&f1);
  scc_buf_free(&f2);
  scc_buf_free(&d1);
  scc_buf_free(&d2);
  if (c) scc_compiler_free(c);
  if (cf) scc_compiler_free(cf);
  if (ce) scc_compiler_free(ce);
  return 0;
}
