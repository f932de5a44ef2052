/* The compiler facade: sources in, a checked schema (or diagnostics) out.
 *
 *   scc_compiler *c = scc_compiler_new();
 *   scc_compiler_add_file(c, "schema/crm.schema");
 *   const scc_schema *s = scc_compiler_check(c, NULL);   // NULL on errors
 *   ...
 *   scc_compiler_free(c);
 *
 * Not thread-safe: one compiler per thread. */
#ifndef SCC_COMPILER_H
#define SCC_COMPILER_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "check/check.h"
#include "frontend/ast.h"
#include "model/model.h"

typedef struct scc_compiler scc_compiler;

scc_compiler *scc_compiler_new(void);
void scc_compiler_free(scc_compiler *c);

/* Reads a file (an unreadable file is an error diagnostic). Returns false
 * when it could not be read. */
bool scc_compiler_add_file(scc_compiler *c, const char *path);
/* Adds source text under a name; the text is copied. */
void scc_compiler_add_source(scc_compiler *c, const char *name, const char *text, size_t len);

/* Parses every source. Returns false on syntax errors (all reported). */
bool scc_compiler_parse(scc_compiler *c);
/* Parses (if not done) and checks. NULL when the schema has errors. */
const scc_schema *scc_compiler_check(scc_compiler *c, const scc_check_options *opt);

scc_diags *scc_compiler_diags(scc_compiler *c);
size_t scc_compiler_nfiles(const scc_compiler *c);
scc_file *scc_compiler_file(scc_compiler *c, size_t i);
scc_arena *scc_compiler_arena(scc_compiler *c);
#endif
