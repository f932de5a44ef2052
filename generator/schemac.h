/* libschemac_compiler: the schema compiler as a library. The `schemac`
 * command is a thin layer over it (main.c).
 *
 *   scc_compiler *c = scc_compiler_new();
 *   scc_compiler_add_file(c, "schema/crm.schema");
 *   const scc_schema *s = scc_compiler_check(c, NULL);   // NULL on errors
 *   scc_output out = scc_emit_sql(s, SCC_DIALECT_POSTGRES);
 *   ...
 *   scc_compiler_free(c);
 *
 * Emitters return text and never write files; the CLI writes atomically.
 * Not thread-safe: one compiler per thread. */
#ifndef SCHEMAC_H
#define SCHEMAC_H
#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "model.h"

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

typedef enum { SCC_DIALECT_POSTGRES, SCC_DIALECT_SQLITE } scc_dialect;
/* "postgres"/"postgresql"/"pg" and "sqlite"/"sqlite3"; false if unknown. */
bool scc_dialect_parse(const char *s, scc_dialect *out);
const char *scc_dialect_name(scc_dialect d);

/* Full DDL of the schema for one dialect. The caller frees out->data. */
void scc_emit_sql(const scc_schema *s, scc_dialect d, scc_buf *out);
/* The DDL of one table of `s`, exactly as scc_emit_sql writes it (foreign
 * keys that close a cycle excluded on PostgreSQL). Used by migrations. */
void scc_emit_table_sql(const scc_schema *s, const scc_entity *e, scc_dialect d, scc_buf *out);

/* Canonical formatting of one parsed file (must have parsed without error). */
void scc_format_file(const scc_file *f, scc_buf *out);
#endif
