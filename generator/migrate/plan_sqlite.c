/* Migration planning on SQLite: ALTER TABLE where SQLite can (rename
 * table or column, add a column with at most its own CHECK, drop a column
 * nothing refers to), otherwise the table rebuild of the SQLite
 * documentation (create new, copy, drop, rename, recreate indexes), run with
 * foreign keys off by the runner. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_sql.h"
#include "migrate/plan_internal.h"

/* ---- SQLite: ALTER TABLE or rebuild ---------------------------------------- */

static bool ident_in(const char *text, const char *name) {
  scc_buf b = {0};
  scc_dialect_ident(&b, name);
  bool r = strstr(text, b.data) != NULL;
  scc_buf_free(&b);
  return r;
}

/* SQLite adds a column together with its own CHECK (ALTER TABLE ADD COLUMN
 * "c" ... CONSTRAINT "t_c_check" CHECK (...)): the constraint, or NULL. */
const scc_ddl_item *scc_plan_inline_check(const tstate *t, const scc_mfield *added) {
  if (!added->check_name) return NULL;
  const scc_ddl_item *c = scc_ddl_find(t->n.cons, t->n.ncons, added->check_name);
  return c && !strncmp(c->text, "CHECK", 5) ? c : NULL;
}

static bool is_inline_check(const tstate *t, const scc_ddl_item *c) {
  for (uint32_t i = 0; i < t->tp->nfields; i++) {
    const scc_field_pair *fp = &t->tp->fields[i];
    if (!fp->old && fp->new_ && scc_plan_inline_check(t, fp->new_) == c) return true;
  }
  return false;
}

bool scc_plan_sqlite_needs_rebuild(const tstate *t) {
  for (uint32_t i = 0; i < t->o.ncons; i++) {
    const scc_ddl_item *n = scc_ddl_find(t->n.cons, t->n.ncons, t->o.cons[i].name);
    if (!n || strcmp(n->text, t->o.cons[i].text)) return true;
  }
  for (uint32_t i = 0; i < t->n.ncons; i++)
    if (!is_inline_check(t, &t->n.cons[i]) && !scc_ddl_find(t->o.cons, t->o.ncons, t->n.cons[i].name)) return true;
  for (uint32_t i = 0; i < t->tp->nfields; i++) {
    const scc_field_pair *fp = &t->tp->fields[i];
    if (fp->old && fp->new_) {
      if (strcmp(scc_plan_old_coldef(t, fp->old), scc_plan_new_coldef(t, fp->new_))) return true;
    } else if (fp->new_) {
      scc_coldef c;
      scc_coldef_of(fp->new_, SC_DIALECT_SQLITE, &c);
      /* ALTER TABLE ADD COLUMN: no expression default, and NOT NULL only
       * with a default. */
      bool ok = !(c.def && c.def[0] == '(') && !(c.not_null && !c.def) && !fp->new_->is_id;
      scc_coldef_free(&c);
      if (!ok) return true;
      const scc_ddl_item *own = scc_plan_inline_check(t, fp->new_);
      for (uint32_t k = 0; k < t->n.ncons; k++)
        if (&t->n.cons[k] != own && ident_in(t->n.cons[k].text, fp->new_->column)) return true;
    }
  }
  return false;
}

static void sqlite_rebuild(planner *p, tstate *t) {
  const scc_entity *o = t->tp->old, *n = t->tp->new_;
  scc_buf name = {0};
  scc_buf_printf(&name, "schemac_new_%s", n->table);
  const char *tmp = name.data;
  scc_buf *b = scc_plan_buf(p);
  scc_plan_apply_table(p, t);
  scc_buf_printf(b, "-- Rebuild %s (create new, copy, drop, rename).\n", n->table);
  scc_emit_create_table(b, p->d->new_, n, tmp, p->dialect);
  scc_plan_counted(p, 1);
  scc_buf_puts(b, "INSERT INTO ");
  scc_dialect_ident(b, tmp);
  scc_buf_puts(b, " (");
  bool first = true;
  for (uint32_t i = 0; i < t->tp->nfields; i++) {
    const scc_field_pair *fp = &t->tp->fields[i];
    if (!fp->old || !fp->new_) continue;
    if (!first) scc_buf_puts(b, ", ");
    first = false;
    scc_dialect_ident(b, fp->new_->column);
  }
  scc_buf_puts(b, ")\n  SELECT ");
  first = true;
  for (uint32_t i = 0; i < t->tp->nfields; i++) {
    const scc_field_pair *fp = &t->tp->fields[i];
    if (!fp->old || !fp->new_) continue;
    if (!first) scc_buf_puts(b, ", ");
    first = false;
    scc_coldef c;
    scc_coldef_of(fp->new_, SC_DIALECT_SQLITE, &c);
    if (fp->old->nullable && c.not_null && c.def) {
      scc_buf_puts(b, "COALESCE(");
      scc_dialect_ident(b, fp->old->column);
      scc_buf_printf(b, ", %s)", c.def);
    } else {
      scc_dialect_ident(b, fp->old->column);
    }
    scc_coldef_free(&c);
  }
  /* scc_plan_renames() has already given the old table its new name. */
  (void)o;
  scc_buf_puts(b, " FROM ");
  scc_dialect_ident(b, n->table);
  scc_plan_end(p);
  scc_buf_puts(b, "DROP TABLE ");
  scc_dialect_ident(b, n->table);
  scc_plan_end(p);
  scc_plan_alter(p, tmp);
  scc_buf_puts(b, "RENAME TO ");
  scc_dialect_ident(b, n->table);
  scc_plan_end(p);
  for (uint32_t i = 0; i < t->n.nidx; i++) {
    scc_buf_puts(b, t->n.idx[i].unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    scc_dialect_ident(b, t->n.idx[i].name);
    scc_buf_puts(b, t->n.idx[i].text);
    scc_plan_end(p);
  }
  scc_buf_free(&name);
}

void scc_plan_sqlite_alters(planner *p) {
  scc_plan_renames(p);
  scc_plan_drop_columns(p);
  scc_plan_columns(p);
}

void scc_plan_sqlite_rebuilds(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++)
    if (p->ts[i].rebuild) sqlite_rebuild(p, &p->ts[i]);
}
