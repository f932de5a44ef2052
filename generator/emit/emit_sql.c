/* DDL for PostgreSQL and SQLite from the checked model.
 *
 * Tables come in foreign-key dependency order (model's create_order); every
 * identifier is quoted; constraint names follow PostgreSQL's conventions
 * (<table>_pkey, _key, _fkey, _check, _idx) on both databases so errors name
 * the same constraint everywhere. Output is deterministic. What differs
 * between the databases is asked of dialect/ (scc_dialect_ops). The parts
 * of a table's DDL are exported (emit_sql.h) for the migration planner, so
 * an ALTER says what a fresh CREATE TABLE says. */
#include <string.h>

#include "emit/emit_sql.h"

#define ident scc_dialect_ident

void scc_emit_column_type(scc_buf *b, const scc_type *t, sc_dialect d) { scc_dialect_ops_of(d)->column_type(b, t); }

bool scc_emit_default_expr(scc_buf *b, const scc_mfield *f, sc_dialect d) {
  return scc_dialect_ops_of(d)->default_expr(b, f);
}

void scc_emit_column_def(scc_buf *b, const scc_mfield *f, sc_dialect d) {
  const scc_dialect_ops *o = scc_dialect_ops_of(d);
  o->column_type(b, &f->type);
  if (f->def.kind == SCC_DEF_AUTOINCREMENT) scc_buf_puts(b, o->identity);
  if (!f->nullable) scc_buf_puts(b, " NOT NULL");
  size_t mark = b->len;
  scc_buf_puts(b, " DEFAULT ");
  if (!o->default_expr(b, f)) {
    b->len = mark;
    b->data[mark] = 0;
  }
}

static void column(scc_buf *b, const scc_mfield *f, const scc_dialect_ops *o) {
  o->doc_before(b, f->doc, "  ");
  scc_buf_puts(b, "  ");
  ident(b, f->column);
  scc_buf_putc(b, ' ');
  scc_emit_column_def(b, f, o->dialect);
}

static void col_list(scc_buf *b, const scc_index_col *cols, uint32_t n, bool with_order) {
  scc_buf_putc(b, '(');
  for (uint32_t i = 0; i < n; i++) {
    if (i) scc_buf_puts(b, ", ");
    if (cols[i].field) ident(b, cols[i].field->column);
    else scc_buf_puts(b, cols[i].expr); /* written by the checker: check_index.c */
    if (with_order && cols[i].desc) scc_buf_puts(b, " DESC");
  }
  scc_buf_putc(b, ')');
}

static void constraint(scc_buf *b, const char *name) {
  scc_buf_puts(b, ",\n  CONSTRAINT ");
  ident(b, name);
  scc_buf_putc(b, ' ');
}

void scc_emit_foreign_key(scc_buf *b, const char *column, const char *target_table, const char *target_column,
                          const scc_ref *ref) {
  scc_buf_puts(b, "FOREIGN KEY (");
  ident(b, column);
  scc_buf_puts(b, ") REFERENCES ");
  ident(b, target_table);
  scc_buf_puts(b, " (");
  ident(b, target_column);
  scc_buf_putc(b, ')');
  if (ref->on_delete != SCC_ACT_NO_ACTION) scc_buf_printf(b, " ON DELETE %s", scc_ref_action_sql(ref->on_delete));
  if (ref->on_update != SCC_ACT_NO_ACTION) scc_buf_printf(b, " ON UPDATE %s", scc_ref_action_sql(ref->on_update));
}

static void foreign_key(scc_buf *b, const scc_mfield *f) {
  scc_emit_foreign_key(b, f->column, f->ref->target->table, f->ref->target_field->column, f->ref);
}

void scc_emit_primary_key(scc_buf *b, const scc_mfield *const *cols, uint32_t n) {
  scc_buf_puts(b, "PRIMARY KEY (");
  for (uint32_t i = 0; i < n; i++) {
    if (i) scc_buf_puts(b, ", ");
    ident(b, cols[i]->column);
  }
  scc_buf_putc(b, ')');
}

void scc_emit_unique(scc_buf *b, const scc_index_col *cols, uint32_t n) {
  scc_buf_puts(b, "UNIQUE ");
  col_list(b, cols, n, false);
}

bool scc_emit_fk_deferred(const scc_schema *s, const scc_mfield *f) {
  for (uint32_t i = 0; i < s->ndeferred; i++)
    if (s->deferred_refs[i] == f) return true;
  return false;
}

/* The CHECK a column needs, if any: its range, or what its type implies
 * on this database (enum values; on SQLite what the type does not enforce). */
bool scc_emit_column_check(scc_buf *b, const scc_mfield *f, const char *column, sc_dialect d) {
  const scc_dialect_ops *o = scc_dialect_ops_of(d);
  /* The dialect writes the check of a field; under another column name
   * (an old table seen through a rename) it gets a renamed copy. */
  scc_mfield named = *f;
  named.column = column;
  size_t mark = b->len;
  scc_buf_puts(b, "CHECK (");
  if (f->has_check) {
    o->range_operand(b, &named);
    scc_buf_printf(b, " BETWEEN %s AND %s", f->check_lo, f->check_hi);
  } else if (!o->type_check(b, &named)) {
    b->len = mark;
    b->data[mark] = 0;
    return false;
  }
  scc_buf_putc(b, ')');
  return true;
}

void scc_emit_index_target(scc_buf *b, const char *table, const scc_index *ix, const char *live_column,
                           const char *where) {
  scc_buf_puts(b, " ON ");
  ident(b, table);
  scc_buf_putc(b, ' ');
  if (ix->method) {
    /* GIN (PostgreSQL only: scc_emit_index_exists). */
    scc_buf_printf(b, "USING %s (", ix->method);
    for (uint32_t i = 0; i < ix->ncols; i++) {
      if (i) scc_buf_puts(b, ", ");
      ident(b, ix->cols[i].field->column);
      if (ix->opclass) scc_buf_printf(b, " %s", ix->opclass);
    }
    scc_buf_putc(b, ')');
  } else {
    col_list(b, ix->cols, ix->ncols, true);
  }
  if (ix->live_only) {
    /* A soft-delete entity's unique index holds among live rows; a
     * predicate of its own is added to that one. */
    scc_buf_puts(b, " WHERE ");
    ident(b, live_column);
    scc_buf_puts(b, " IS NULL");
    if (where) scc_buf_printf(b, " AND (%s)", where);
  } else if (where) {
    scc_buf_printf(b, " WHERE %s", where);
  }
}

bool scc_emit_index_exists(const scc_index *ix, sc_dialect d) { return !ix->method || d == SC_DIALECT_POSTGRES; }

static void create_index(scc_buf *b, const scc_entity *e, const scc_index *ix, bool unique) {
  scc_buf_puts(b, unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
  ident(b, ix->name);
  scc_emit_index_target(b, e->table, ix, ix->live_only ? e->soft_delete->column : NULL, ix->where);
  scc_buf_puts(b, ";\n");
}

void scc_emit_pg_tenant_policy(scc_buf *b, const scc_entity *e) {
  scc_dialect_ops_of(SC_DIALECT_POSTGRES)->tenant_policy(b, e);
}

void scc_emit_create_table(scc_buf *b, const scc_schema *s, const scc_entity *e, const char *name, sc_dialect d) {
  const scc_dialect_ops *o = scc_dialect_ops_of(d);
  scc_buf_puts(b, "CREATE TABLE ");
  ident(b, name);
  scc_buf_puts(b, " (\n");
  for (uint32_t i = 0; i < e->nfields; i++) {
    if (i) scc_buf_puts(b, ",\n");
    column(b, e->fields[i], o);
  }
  constraint(b, e->pk_name);
  scc_emit_primary_key(b, (const scc_mfield *const *)e->pk, e->npk);
  for (uint32_t i = 0; i < e->nuniques; i++) {
    const scc_index *ix = &e->uniques[i];
    if (!o->unique_constraints || ix->live_only) continue;
    constraint(b, ix->name);
    scc_emit_unique(b, ix->cols, ix->ncols);
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    size_t mark = b->len;
    constraint(b, f->check_name ? f->check_name : "");
    if (!scc_emit_column_check(b, f, f->column, d)) {
      b->len = mark;
      b->data[mark] = 0;
    }
  }
  for (uint32_t i = 0; i < e->nchecks; i++) {
    constraint(b, e->checks[i].name);
    scc_buf_printf(b, "CHECK (%s)", e->checks[i].sql);
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref || (o->defer_cycle_refs && scc_emit_fk_deferred(s, f))) continue;
    constraint(b, f->ref->name);
    foreign_key(b, f);
  }
  scc_buf_puts(b, "\n);\n");
}

static void table(scc_buf *b, const scc_schema *s, const scc_entity *e, const scc_dialect_ops *o) {
  o->doc_before(b, e->doc, "");
  scc_emit_create_table(b, s, e, e->table, o->dialect);
  /* Unique keys that are not table constraints are unique indexes. */
  for (uint32_t i = 0; i < e->nuniques; i++)
    if (!o->unique_constraints || e->uniques[i].live_only) create_index(b, e, &e->uniques[i], true);
  for (uint32_t i = 0; i < e->nindexes; i++)
    if (scc_emit_index_exists(&e->indexes[i], o->dialect))
      create_index(b, e, &e->indexes[i], e->indexes[i].kind == SCC_IDX_UNIQUE);
  o->doc_after(b, e);
  o->tenant_policy(b, e);
}

void scc_emit_sql(const scc_schema *s, sc_dialect d, scc_buf *out) {
  scc_buf_printf(out, "-- Generated by schemac %s from schema '%s' (%s). DO NOT EDIT.\n", SCHEMAC_VERSION, s->name,
                 scc_dialect_name(d));
  const scc_dialect_ops *o = scc_dialect_ops_of(d);
  for (uint32_t i = 0; i < s->nentities; i++) {
    scc_buf_putc(out, '\n');
    table(out, s, s->create_order[i], o);
  }
  if (o->defer_cycle_refs && s->ndeferred) {
    scc_buf_puts(out, "\n-- Foreign keys that close a cycle, added once every table exists.\n");
    for (uint32_t i = 0; i < s->ndeferred; i++) {
      const scc_mfield *f = s->deferred_refs[i];
      scc_buf_puts(out, "ALTER TABLE ");
      ident(out, s->deferred_ref_owner[i]->table);
      scc_buf_puts(out, " ADD CONSTRAINT ");
      ident(out, f->ref->name);
      scc_buf_putc(out, ' ');
      foreign_key(out, f);
      scc_buf_puts(out, ";\n");
    }
  }
}

/* One table's DDL (CREATE TABLE, its indexes, and on PostgreSQL its
 * comments and tenant policy), as in scc_emit_sql: the migration planner
 * builds new and rebuilt tables from it. */
void scc_emit_table_sql(const scc_schema *s, const scc_entity *e, sc_dialect d, scc_buf *out) {
  table(out, s, e, scc_dialect_ops_of(d));
}
