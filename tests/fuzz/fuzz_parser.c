/* libFuzzer target: any bytes as a schema file must give diagnostics or a
 * schema, never a crash, a leak or undefined behaviour. Exercises the whole
 * front end: lexer, parser, checks, formatter and both DDL emitters. */
#include <stdint.h>
#include <stdlib.h>

#include "schemac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  scc_compiler *c = scc_compiler_new();
  if (!c) return 0;
  scc_compiler_add_source(c, "fuzz.schema", (const char *)data, size);
  bool parsed = scc_compiler_parse(c);
  scc_buf out = {0};
  if (parsed) scc_format_file(scc_compiler_file(c, 0), &out);
  const scc_schema *s = scc_compiler_check(c, NULL);
  if (s) {
    scc_emit_sql(s, SC_DIALECT_POSTGRES, &out);
    scc_emit_sql(s, SC_DIALECT_SQLITE, &out);
  }
  scc_diags_render(scc_compiler_diags(c), &out);
  scc_buf_free(&out);
  scc_compiler_free(c);
  return 0;
}
