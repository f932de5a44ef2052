/* libschemac_compiler: the schema compiler as a library, one header for
 * its users (the CLI, the fuzzers, the tests). Code inside generator/
 * includes the stage headers it needs instead (docs/architecture.md).
 *
 *   scc_compiler *c = scc_compiler_new();
 *   scc_compiler_add_file(c, "schema/crm.schema");
 *   const scc_schema *s = scc_compiler_check(c, NULL);   // NULL on errors
 *   scc_buf ddl = {0};
 *   scc_emit_sql(s, SC_DIALECT_POSTGRES, &ddl);
 *   ...
 *   scc_compiler_free(c);
 *
 * Emitters return text and never write files; the CLI writes atomically. */
#ifndef SCHEMAC_H
#define SCHEMAC_H
#include "base/buf.h"
#include "base/diag.h"
#include "check/check.h"
#include "check/compiler.h"
#include "dialect/dialect.h"
#include "emit/emit_sql.h"
#include "frontend/ast.h"
#include "frontend/fmt.h"
#include "model/model.h"
#include "query/query_check.h"
#endif
