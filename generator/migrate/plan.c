#define _POSIX_C_SOURCE 200809L
/* Migration planning per dialect (see plan.h). The planner compares the DDL
 * a fresh `schemac sql` writes for the old and the new table (migrate_ddl.h),
 * after rewriting the old text through the renames of the diff, so that what
 * a migration builds is what the new schema's DDL would create.
 *
 * Statement order: foreign keys dropped first, then other constraints and
 * indexes, then dropped tables; renames; dropped columns; new tables;
 * column changes and new columns; new constraints and indexes; foreign keys
 * last (so every table they need exists, cycles included); comments.
 * Dialect specifics live in plan_pg.c and plan_sqlite.c. */
#include "base/alloc.h"
#include "migrate/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate/plan_internal.h"

/* ---- output ------------------------------------------------------------- */

void scc_plan_warn(planner *p, const char *f, ...) {
  char tmp[600];
  va_list ap;
  va_start(ap, f);
  vsnprintf(tmp, sizeof tmp, f, ap);
  va_end(ap);
  char **g = scc_xrealloc_array(p->out->warnings, p->out->nwarnings + 1, sizeof *g);
  p->out->warnings = g;
  g[p->out->nwarnings++] = strdup(tmp);
}

scc_buf *scc_plan_buf(planner *p) { return &p->out->sql; }

void scc_plan_alter(planner *p, const char *table) {
  scc_buf_puts(scc_plan_buf(p), "ALTER TABLE ");
  scc_sql_ident(scc_plan_buf(p), table);
  scc_buf_putc(scc_plan_buf(p), ' ');
}

void scc_plan_end(planner *p) { scc_buf_puts(scc_plan_buf(p), ";\n"); }

/* ---- renames ------------------------------------------------------------ */

static const char *map_table(void *ud, const char *old_table) {
  const scc_table_pair *tp = scc_diff_table_by_old(ud, old_table);
  return tp && tp->new_ ? tp->new_->table : old_table;
}

static const char *map_column(void *ud, const char *old_table, const char *old_col) {
  const scc_table_pair *tp = scc_diff_table_by_old(ud, old_table);
  if (!tp || !tp->new_) return old_col;
  for (uint32_t i = 0; i < tp->nfields; i++)
    if (tp->fields[i].old && !strcmp(tp->fields[i].old->column, old_col))
      return tp->fields[i].new_ ? tp->fields[i].new_->column : old_col;
  return old_col;
}

/* PostgreSQL's deferred foreign keys are not in CREATE TABLE: add them to
 * the constraint list, after the ones of the CREATE text. */
static void fk_body(scc_buf *b, const scc_mfield *f) {
  scc_buf_puts(b, "FOREIGN KEY (");
  scc_sql_ident(b, f->column);
  scc_buf_puts(b, ") REFERENCES ");
  scc_sql_ident(b, f->ref->target->table);
  scc_buf_puts(b, " (");
  scc_sql_ident(b, f->ref->target_field->column);
  scc_buf_putc(b, ')');
  if (f->ref->on_delete != SCC_ACT_NO_ACTION) scc_buf_printf(b, " ON DELETE %s", scc_ref_action_sql(f->ref->on_delete));
  if (f->ref->on_update != SCC_ACT_NO_ACTION) scc_buf_printf(b, " ON UPDATE %s", scc_ref_action_sql(f->ref->on_update));
}

static void build_ddl(planner *p, const scc_schema *s, const scc_entity *e, scc_table_ddl *t) {
  scc_table_ddl_build(s, e, p->dialect, t);
  if (!p->pg) return;
  for (uint32_t i = 0; i < s->ndeferred; i++) {
    if (s->deferred_ref_owner[i] != e) continue;
    scc_buf b = {0};
    fk_body(&b, s->deferred_refs[i]);
    scc_ddl_item *g = scc_xrealloc_array(t->cons, t->ncons + 1, sizeof *g);
    t->cons = g;
    size_t n;
    g[t->ncons++] = (scc_ddl_item){strdup(s->deferred_refs[i]->ref->name), scc_buf_take(&b, &n), false};
  }
}

static bool in_create(const scc_table_ddl *t, const char *name) {
  /* The CREATE text names every constraint it holds. */
  scc_buf b = {0};
  scc_buf_puts(&b, "CONSTRAINT ");
  scc_sql_ident(&b, name);
  scc_buf_putc(&b, ' ');
  bool r = strstr(t->create, b.data) != NULL;
  scc_buf_free(&b);
  return r;
}

static bool is_fk(const char *body) { return !strncmp(body, "FOREIGN KEY", 11); }

/* The old constraint (renamed) with the same body as new constraint c. */
static const scc_ddl_item *old_same_body(const tstate *t, const scc_ddl_item *c) {
  const scc_ddl_item *byname = NULL;
  for (uint32_t i = 0; i < t->o.ncons; i++)
    if (!strcmp(t->om[i].text, c->text)) {
      if (!strcmp(t->om[i].name, c->name)) return &t->om[i];
      if (!byname) byname = &t->om[i];
    }
  return byname;
}

static const scc_ddl_item *new_same_body(const tstate *t, const scc_ddl_item *oc) {
  const scc_ddl_item *other = NULL;
  for (uint32_t i = 0; i < t->n.ncons; i++)
    if (!strcmp(t->n.cons[i].text, oc->text)) {
      if (!strcmp(t->n.cons[i].name, oc->name)) return &t->n.cons[i];
      if (!other) other = &t->n.cons[i];
    }
  return other;
}

static int old_index_match(const tstate *t, uint32_t ni) {
  int other = -1;
  for (uint32_t i = 0; i < t->o.nidx; i++)
    if (t->o.idx[i].unique == t->n.idx[ni].unique && !strcmp(t->oidx[i], t->n.idx[ni].text)) {
      if (!strcmp(t->o.idx[i].name, t->n.idx[ni].name)) return (int)i;
      if (other < 0 && t->pg) other = (int)i;
    }
  return other;
}

static int new_index_match(const tstate *t, uint32_t oi) {
  int other = -1;
  for (uint32_t i = 0; i < t->n.nidx; i++)
    if (t->o.idx[oi].unique == t->n.idx[i].unique && !strcmp(t->oidx[oi], t->n.idx[i].text)) {
      if (!strcmp(t->o.idx[oi].name, t->n.idx[i].name)) return (int)i;
      if (other < 0 && t->pg) other = (int)i;
    }
  return other;
}

static void prepare(planner *p, tstate *t) {
  const scc_table_pair *tp = t->tp;
  scc_rename_map m = {map_table, map_column, (void *)p->d};
  if (tp->old) build_ddl(p, p->d->old, tp->old, &t->o);
  if (tp->new_) build_ddl(p, p->d->new_, tp->new_, &t->n);
  if (!tp->old || !tp->new_) return;
  t->om = scc_xcalloc(t->o.ncons + 1, sizeof *t->om);
  t->oidx = scc_xcalloc(t->o.nidx + 1, sizeof *t->oidx);
  t->ocol = scc_xcalloc(t->o.ncols + 1, sizeof *t->ocol);
  for (uint32_t i = 0; i < t->o.ncons; i++) {
    t->om[i].name = t->o.cons[i].name;
    t->om[i].text = scc_sql_rename(t->o.cons[i].text, tp->old->table, &m);
  }
  for (uint32_t i = 0; i < t->o.nidx; i++) t->oidx[i] = scc_sql_rename(t->o.idx[i].text, tp->old->table, &m);
  for (uint32_t i = 0; i < t->o.ncols; i++) t->ocol[i] = scc_sql_rename(t->o.cols[i].text, tp->old->table, &m);
}

const char *scc_plan_old_coldef(const tstate *t, const scc_mfield *of) {
  for (uint32_t i = 0; i < t->o.ncols; i++)
    if (!strcmp(t->o.cols[i].name, of->column)) return t->ocol[i];
  return "";
}

const char *scc_plan_new_coldef(const tstate *t, const scc_mfield *nf) {
  const scc_ddl_item *c = scc_ddl_find(t->n.cols, t->n.ncols, nf->column);
  return c ? c->text : "";
}






/* ---- the steps ------------------------------------------------------------ */

static void drop_constraints(planner *p, bool fks) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    if (!t->tp->old || !t->tp->new_ || t->rebuild) continue;
    if (p->pg) {
      for (uint32_t k = 0; k < t->o.ncons; k++) {
        if (is_fk(t->om[k].text) != fks || new_same_body(t, &t->om[k])) continue;
        scc_plan_alter(p, t->tp->old->table);
        scc_buf_puts(scc_plan_buf(p), "DROP CONSTRAINT ");
        scc_sql_ident(scc_plan_buf(p), t->om[k].name);
        scc_plan_end(p);
      }
    }
    if (fks) continue;
    for (uint32_t k = 0; k < t->o.nidx; k++) {
      if (new_index_match(t, k) >= 0) continue;
      scc_buf_puts(scc_plan_buf(p), "DROP INDEX ");
      scc_sql_ident(scc_plan_buf(p), t->o.idx[k].name);
      scc_plan_end(p);
    }
  }
}

static void drop_tables(planner *p) {
  bool any = false;
  /* Newest dependants first: the reverse of the creation order. */
  for (uint32_t i = p->d->ntables; i-- > 0;) {
    const scc_table_pair *tp = &p->d->tables[i];
    if (tp->new_) continue;
    if (!p->pg || !any) scc_buf_puts(scc_plan_buf(p), "DROP TABLE ");
    else scc_buf_puts(scc_plan_buf(p), ", ");
    scc_sql_ident(scc_plan_buf(p), tp->old->table);
    if (!p->pg) scc_plan_end(p);
    any = true;
  }
  /* One statement on PostgreSQL: dropped tables may reference each other. */
  if (p->pg && any) scc_plan_end(p);
}

void scc_plan_renames(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    const scc_entity *o = t->tp->old, *n = t->tp->new_;
    if (!o || !n) continue;
    /* A table to be rebuilt is renamed first too: on SQLite that rewrites
     * the foreign keys of other tables that reference it. */
    if (strcmp(o->table, n->table)) {
      scc_plan_alter(p, o->table);
      scc_buf_puts(scc_plan_buf(p), "RENAME TO ");
      scc_sql_ident(scc_plan_buf(p), n->table);
      scc_plan_end(p);
    }
    if (t->rebuild) continue;
    for (uint32_t k = 0; k < t->tp->nfields; k++) {
      const scc_field_pair *fp = &t->tp->fields[k];
      if (!fp->old || !fp->new_ || !strcmp(fp->old->column, fp->new_->column)) continue;
      scc_plan_alter(p, n->table);
      scc_buf_puts(scc_plan_buf(p), "RENAME COLUMN ");
      scc_sql_ident(scc_plan_buf(p), fp->old->column);
      scc_buf_puts(scc_plan_buf(p), " TO ");
      scc_sql_ident(scc_plan_buf(p), fp->new_->column);
      scc_plan_end(p);
    }
    if (!p->pg) continue;
    for (uint32_t k = 0; k < t->o.ncons; k++) {
      const scc_ddl_item *nc = new_same_body(t, &t->om[k]);
      if (!nc || !strcmp(nc->name, t->om[k].name)) continue;
      scc_plan_alter(p, n->table);
      scc_buf_puts(scc_plan_buf(p), "RENAME CONSTRAINT ");
      scc_sql_ident(scc_plan_buf(p), t->om[k].name);
      scc_buf_puts(scc_plan_buf(p), " TO ");
      scc_sql_ident(scc_plan_buf(p), nc->name);
      scc_plan_end(p);
    }
    for (uint32_t k = 0; k < t->o.nidx; k++) {
      int ni = new_index_match(t, k);
      if (ni < 0 || !strcmp(t->n.idx[ni].name, t->o.idx[k].name)) continue;
      scc_buf_puts(scc_plan_buf(p), "ALTER INDEX ");
      scc_sql_ident(scc_plan_buf(p), t->o.idx[k].name);
      scc_buf_puts(scc_plan_buf(p), " RENAME TO ");
      scc_sql_ident(scc_plan_buf(p), t->n.idx[ni].name);
      scc_plan_end(p);
    }
  }
}

void scc_plan_drop_columns(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    if (!t->tp->old || !t->tp->new_ || t->rebuild) continue;
    for (uint32_t k = 0; k < t->tp->nfields; k++) {
      const scc_field_pair *fp = &t->tp->fields[k];
      if (fp->new_) continue;
      scc_plan_alter(p, t->tp->new_->table);
      scc_buf_puts(scc_plan_buf(p), "DROP COLUMN ");
      scc_sql_ident(scc_plan_buf(p), fp->old->column);
      scc_plan_end(p);
    }
  }
}

static void create_tables(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    if (t->tp->old) continue;
    scc_buf_puts(scc_plan_buf(p), t->n.all);
  }
}




void scc_plan_columns(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    if (!t->tp->old || !t->tp->new_ || t->rebuild) continue;
    for (uint32_t k = 0; k < t->tp->nfields; k++) {
      const scc_field_pair *fp = &t->tp->fields[k];
      if (!fp->new_) continue;
      if (fp->old) {
        if (p->pg && strcmp(scc_plan_old_coldef(t, fp->old), scc_plan_new_coldef(t, fp->new_)))
          scc_plan_pg_alter_column(p, t, fp->old, fp->new_);
        continue;
      }
      scc_plan_alter(p, t->tp->new_->table);
      scc_buf_puts(scc_plan_buf(p), "ADD COLUMN ");
      scc_sql_ident(scc_plan_buf(p), fp->new_->column);
      scc_buf_putc(scc_plan_buf(p), ' ');
      scc_buf_puts(scc_plan_buf(p), scc_plan_new_coldef(t, fp->new_));
      const scc_ddl_item *chk = p->pg ? NULL : scc_plan_inline_check(t, fp->new_);
      if (chk) {
        scc_buf_puts(scc_plan_buf(p), " CONSTRAINT ");
        scc_sql_ident(scc_plan_buf(p), chk->name);
        scc_buf_putc(scc_plan_buf(p), ' ');
        scc_buf_puts(scc_plan_buf(p), chk->text);
      }
      scc_plan_end(p);
      if (p->pg && fp->new_->def.kind == SCC_DEF_UUID)
        scc_plan_warn(p, "adding %s.%s with a volatile default (uuid) rewrites the table under an ACCESS EXCLUSIVE lock",
             t->tp->new_->table, fp->new_->column);
    }
  }
}

static void add_constraints(planner *p, bool fks) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    if (!t->tp->new_ || t->rebuild) continue;
    const char *tb = t->tp->new_->table;
    if (p->pg) {
      for (uint32_t k = 0; k < t->n.ncons; k++) {
        const scc_ddl_item *c = &t->n.cons[k];
        if (is_fk(c->text) != fks) continue;
        if (!t->tp->old ? in_create(&t->n, c->name) : old_same_body(t, c) != NULL) continue;
        scc_plan_alter(p, tb);
        scc_buf_puts(scc_plan_buf(p), "ADD CONSTRAINT ");
        scc_sql_ident(scc_plan_buf(p), c->name);
        scc_buf_putc(scc_plan_buf(p), ' ');
        scc_buf_puts(scc_plan_buf(p), c->text);
        scc_plan_end(p);
        if (t->tp->old && !strncmp(c->text, "UNIQUE", 6))
          scc_plan_warn(p, "adding unique constraint %s builds its index while writes to %s wait", c->name, tb);
      }
    }
    if (fks || !t->tp->old) continue;
    for (uint32_t k = 0; k < t->n.nidx; k++) {
      if (old_index_match(t, k) >= 0) continue;
      scc_buf_puts(scc_plan_buf(p), t->n.idx[k].unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
      scc_sql_ident(scc_plan_buf(p), t->n.idx[k].name);
      scc_buf_puts(scc_plan_buf(p), t->n.idx[k].text);
      scc_plan_end(p);
      if (p->pg)
        scc_plan_warn(p, "CREATE INDEX %s blocks writes to %s while it builds; for a big table build it CONCURRENTLY "
                "(see docs/migrations.md)",
             t->n.idx[k].name, tb);
    }
  }
}





void scc_plan_build(const scc_diff *d, sc_dialect dialect, scc_plan *out) {
  memset(out, 0, sizeof *out);
  planner p = {d, dialect, dialect == SC_DIALECT_POSTGRES, NULL, out};
  p.ts = scc_xcalloc(d->ntables + 1, sizeof *p.ts);
  for (uint32_t i = 0; i < d->ntables; i++) {
    p.ts[i].tp = &d->tables[i];
    p.ts[i].pg = p.pg;
    prepare(&p, &p.ts[i]);
    if (!p.pg && d->tables[i].old && d->tables[i].new_) p.ts[i].rebuild = scc_plan_sqlite_needs_rebuild(&p.ts[i]);
    if (p.ts[i].rebuild || !d->tables[i].new_) out->fk_off = !p.pg;
  }
  if (p.pg) {
    drop_constraints(&p, true);
    drop_constraints(&p, false);
    drop_tables(&p);
    scc_plan_renames(&p);
    scc_plan_drop_columns(&p);
    create_tables(&p);
    scc_plan_columns(&p);
    add_constraints(&p, false);
    add_constraints(&p, true);
    scc_plan_pg_tenant(&p);
    scc_plan_pg_comments(&p);
  } else {
    drop_constraints(&p, false);
    drop_tables(&p);
    scc_plan_sqlite_alters(&p);
    create_tables(&p);
    scc_plan_sqlite_rebuilds(&p);
    add_constraints(&p, false);
  }
  for (uint32_t i = 0; i < d->ntables; i++) {
    tstate *t = &p.ts[i];
    for (uint32_t k = 0; t->om && k < t->o.ncons; k++) free(t->om[k].text);
    for (uint32_t k = 0; t->oidx && k < t->o.nidx; k++) free(t->oidx[k]);
    for (uint32_t k = 0; t->ocol && k < t->o.ncols; k++) free(t->ocol[k]);
    free(t->om);
    free(t->oidx);
    free(t->ocol);
    scc_table_ddl_free(&t->o);
    scc_table_ddl_free(&t->n);
  }
  free(p.ts);
}

void scc_plan_free(scc_plan *p) {
  scc_buf_free(&p->sql);
  for (uint32_t i = 0; i < p->nwarnings; i++) free(p->warnings[i]);
  free(p->warnings);
  memset(p, 0, sizeof *p);
}

void scc_plan_file(const scc_plan *p, const char *title, sc_dialect dialect, scc_buf *out) {
  scc_buf_printf(out, "-- %s: migration generated by schemac %s for %s. Review before applying.\n", title,
                 SCHEMAC_VERSION, scc_dialect_name(dialect));
  if (p->fk_off) {
    scc_buf_puts(out, SCC_FK_OFF_DIRECTIVE "\n");
    scc_buf_puts(out, "-- (the runner turns foreign keys off around the transaction and runs\n"
                      "--  PRAGMA foreign_key_check before committing)\n");
  }
  for (uint32_t i = 0; i < p->nwarnings; i++) scc_buf_printf(out, "-- WARNING: %s\n", p->warnings[i]);
  if (!p->sql.len) scc_buf_printf(out, "-- No SQL is needed on %s for this change.\n", scc_dialect_name(dialect));
  else scc_buf_put(out, p->sql.data, p->sql.len);
}
