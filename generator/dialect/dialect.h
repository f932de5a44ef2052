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

  /* ---- What a migration can change in place (migrate/plan*.c) ---- */
  /* ALTER TABLE ADD/DROP/RENAME CONSTRAINT (SQLite has none of them: a
   * changed constraint means a rebuild). */
  bool alter_constraints;
  /* ALTER COLUMN ... TYPE / SET DEFAULT / SET NOT NULL. */
  bool alter_columns;
  /* ALTER INDEX ... RENAME TO (so an index whose name alone changed is
   * renamed, not dropped and created). */
  bool rename_indexes;
  /* ADD COLUMN can add this column (SQLite: not a key, no expression
   * default, NOT NULL only with a default). */
  bool (*can_add_column)(const scc_mfield *f);
  /* ADD COLUMN carries the column's own CHECK (SQLite); otherwise the
   * check is added as a constraint. */
  bool add_column_check;
  /* Dropped tables go in one DROP TABLE (they may reference each other). */
  bool drop_tables_at_once;
  /* A migration that rebuilds or drops a table runs with foreign keys off
   * (SQLite: the runner's SCC_FK_OFF_DIRECTIVE). */
  bool fk_off_to_rebuild;
  /* Statements that rewrite, scan or lock a table get a warning in the
   * migration file (PostgreSQL's ACCESS EXCLUSIVE and index builds). */
  bool lock_warnings;
  /* Doc comments live in the catalog (COMMENT ON), so a migration changes
   * them; SQLite's `--` lines before a column are not in the catalog. */
  bool catalog_comments;
} scc_dialect_ops;

const scc_dialect_ops *scc_dialect_ops_of(sc_dialect d);

/* The CHECK body an array field needs on d (dialect_array.c); false if none. */
bool scc_dialect_array_check(scc_buf *b, const scc_mfield *f, sc_dialect d);

/* An existing table's change, as the migration planner finds it by
 * comparing the table's parts rendered for the old and the new schema.
 * Model facts, not change records: diff.h sits above this module (it
 * includes dialect.h, so seeing the records here would be a cycle), and
 * the comparison sees what the database would hold whichever records
 * caused it (an enum's new value changes the CHECK of every column using
 * it, a record about no table). */
typedef struct scc_table_alter {
  bool constraint_dropped; /* an old constraint is gone, or its body changed */
  bool constraint_added;   /* a new constraint, other than an added column's own CHECK */
  bool column_changed;     /* a kept column's definition (type, NOT NULL, default) changed */
  bool added_named;        /* an added column is named by a constraint other than its own CHECK */
  const scc_mfield **added; /* the added columns */
  uint32_t nadded;
} scc_table_alter;

/* The rule for a table rebuild (create new, copy, drop, rename): true when
 * the dialect cannot make the change with ALTER TABLE. Never on
 * PostgreSQL. */
bool scc_dialect_needs_rebuild(const scc_dialect_ops *o, const scc_table_alter *a);
#endif
