/* Semantic checks: syntax trees in, checked model (model.h) out. Every error
 * found is reported; the model is returned only when there was none. */
#ifndef SCC_CHECK_H
#define SCC_CHECK_H
#include "base/arena.h"
#include "frontend/ast.h"
#include "base/diag.h"
#include "model/model.h"

typedef struct scc_check_options {
  const char *prefix; /* --prefix, or NULL for the schema name */
} scc_check_options;

/* Returns NULL when the schema has errors (all reported to `d`). */
scc_schema *scc_check(scc_arena *a, scc_diags *d, scc_file *const *files, size_t nfiles,
                      const scc_check_options *opt);
#endif
