/* dialect/: every difference between PostgreSQL and SQLite that the
 * generator knows, behind one interface. The dialect enum is the runtime's
 * (schemac/dialect.h), so generated code, the CLI and libschemac agree.
 * Column types come from the type table (model/types.h); what differs in the
 * DDL is a field or function of scc_dialect_ops, so the emitters do not
 * branch on the dialect.
 * May include: base/, model/. */
#ifndef SCC_DIALECT_H
#define SCC_DIALECT_H
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "model/model.h"
#include "schemac/dialect.h"

/* "postgres"/"postgresql"/"pg" and "sqlite"/"sqlite3"; false if unknown. */
bool scc_dialect_parse(const char *s, sc_dialect *out);
/* "postgres" or "sqlite": the name of migration subdirectories and of
 * --dialect values. */
const char *scc_dialect_name(sc_dialect d);

/* The one SQL identifier quoter of the generator: `"name"`, embedded quotes
 * doubled (the same on both databases). */
void scc_dialect_ident(scc_buf *b, const char *name);
/* A string literal: `'text'`, embedded quotes doubled. */
void scc_dialect_literal(scc_buf *b, const char *s, size_t n);

typedef struct scc_dialect_ops {
  sc_dialect dialect;
  /* The column's type: `varchar(64)`, `INTEGER`. */
  void (*column_type)(scc_buf *b, const scc_type *t);
  /* After the type of an autoincrement key: " GENERATED ..." or "". */
  const char *identity;
  /* The default expression of a field ("'x'", "now()", "1"); false
   * (nothing written) when it has none. */
  bool (*default_expr)(scc_buf *b, const scc_mfield *f);
  /* The body of the CHECK the field's type needs on this database (SQLite
   * does not enforce bool, string(n), json, uuid, date...); false if none. */
  bool (*type_check)(scc_buf *b, const scc_mfield *f);
  /* The left side of a @check(lo..hi) range: the quoted column, or on
   * SQLite a decimal's text cast to a number. */
  void (*range_operand)(scc_buf *b, const scc_mfield *f);
  /* Unique keys as table constraints (PostgreSQL) or as named unique
   * indexes after the table (SQLite, so the catalog shows our names). */
  bool unique_constraints;
  /* Foreign keys closing a cycle are added by ALTER TABLE after every table
   * (PostgreSQL); SQLite checks them at write time and keeps them inline. */
  bool defer_cycle_refs;
  /* Doc comments: `--` lines before the table or column (SQLite), or
   * COMMENT ON statements after the table (PostgreSQL). */
  void (*doc_before)(scc_buf *b, const char *doc, const char *indent);
  void (*doc_after)(scc_buf *b, const scc_entity *e);
  /* Statements after a table with a tenant key: row-level security on
   * PostgreSQL; nothing on SQLite (the runtime filters). */
  void (*tenant_policy)(scc_buf *b, const scc_entity *e);
  /* Generated statements carry the tenant condition themselves (SQLite:
   * no row-level security), numbered after their own parameters. */
  bool tenant_in_statements;
  /* Locking reads can say FOR UPDATE (SQLite locks the whole database). */
  bool row_locks;
  /* The templates/sql.tmpl section matching a column against a bound
   * array of values: `= ANY($n::type[])` or `IN (SELECT value FROM json_each($n))`. */
  const char *any_section;
} scc_dialect_ops;

const scc_dialect_ops *scc_dialect_ops_of(sc_dialect d);
#endif
