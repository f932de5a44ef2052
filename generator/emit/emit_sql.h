/* DDL of a schema for one dialect. */
#ifndef SCC_EMIT_SQL_H
#define SCC_EMIT_SQL_H
#include "base/buf.h"
#include "dialect/dialect.h"
#include "model/model.h"

/* Full DDL of the schema for one dialect. The caller frees out->data. */
void scc_emit_sql(const scc_schema *s, sc_dialect d, scc_buf *out);
/* The DDL of one table of `s`, exactly as scc_emit_sql writes it (foreign
 * keys that close a cycle excluded on PostgreSQL). Used by migrations. */
void scc_emit_table_sql(const scc_schema *s, const scc_entity *e, sc_dialect d, scc_buf *out);

/* The parts of a table's DDL, each exactly as scc_emit_table_sql writes it,
 * for the migration planner (an ALTER then says what a fresh CREATE TABLE
 * says). Names are passed where the planner renders an old table's part
 * under the new names of a rename. */
/* "varchar(100)" / "TEXT" */
void scc_emit_column_type(scc_buf *b, const scc_type *t, sc_dialect d);
/* The default expression ("'x'", "now()"); false (nothing written) if none. */
bool scc_emit_default_expr(scc_buf *b, const scc_mfield *f, sc_dialect d);
/* A column definition after its name: "text NOT NULL DEFAULT 'x'". */
void scc_emit_column_def(scc_buf *b, const scc_mfield *f, sc_dialect d);
/* "CHECK (...)" of the column's check constraint (f->check_name) naming the
 * column `column`; false (nothing written) if the column needs none. */
bool scc_emit_column_check(scc_buf *b, const scc_mfield *f, const char *column, sc_dialect d);
/* "PRIMARY KEY ("a", "b")" / "UNIQUE ("a")" */
void scc_emit_primary_key(scc_buf *b, const scc_mfield *const *cols, uint32_t n);
void scc_emit_unique(scc_buf *b, const scc_index_col *cols, uint32_t n);
/* "FOREIGN KEY ("c") REFERENCES "t" ("id") [ON DELETE ...]" */
void scc_emit_foreign_key(scc_buf *b, const char *column, const char *target_table, const char *target_column,
                          const scc_ref *ref);
/* Is f's foreign key one that closes a cycle (added after every table on
 * PostgreSQL, not in CREATE TABLE)? */
bool scc_emit_fk_deferred(const scc_schema *s, const scc_mfield *f);
/* Whether the index is in this database's DDL: a GIN index (type: gin)
 * exists on PostgreSQL only (docs/language.md section 8). */
bool scc_emit_index_exists(const scc_index *ix, sc_dialect d);
/* An index after its name: " ON "t" ("a", lower("b") DESC) [WHERE ...]",
 * " ON "t" USING gin ("doc")"; live_column is the soft-delete column of a
 * live-only index (its own predicate, if any, is ANDed to it). */
void scc_emit_index_target(scc_buf *b, const char *table, const scc_index *ix, const char *live_column,
                           const char *where);
/* The CREATE TABLE statement of e under the name `name`. */
void scc_emit_create_table(scc_buf *b, const scc_schema *s, const scc_entity *e, const char *name, sc_dialect d);
/* PostgreSQL row-level security of a @tenant entity (ENABLE, FORCE, POLICY). */
void scc_emit_pg_tenant_policy(scc_buf *b, const scc_entity *e);
#endif
