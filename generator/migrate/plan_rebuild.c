/* The table rebuild of the SQLite documentation (create new, copy, drop,
 * rename, recreate indexes), run with foreign keys off by the runner, for
 * the tables whose change ALTER TABLE cannot make (scc_plan_table_alter
 * finds what changes, scc_dialect_needs_rebuild decides). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_sql.h"
#include "migrate/plan_internal.h"

static void rebuild(planner *p, tstate *t) {
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
    scc_coldef_of(fp->new_, p->dialect, &c);
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

void scc_plan_rebuilds(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++)
    if (p->ts[i].rebuild) rebuild(p, &p->ts[i]);
}
