#define _POSIX_C_SOURCE 200809L
/* Migration planning per dialect (see plan.h). The planner renders each
 * column, constraint and index of the old and the new table from the model
 * through emit/ (the old ones under the new names of the diff's renames), so
 * that what a migration builds is what the new schema's DDL would create,
 * and compares them part by part. Every statement it writes applies one
 * change record of the diff (scc_plan.applied), so the summary and the SQL
 * are the same list.
 *
 * Statement order: foreign keys dropped first, then other constraints and
 * indexes, then dropped tables; renames; dropped columns; new tables;
 * column changes and new columns; table rebuilds; new constraints and
 * indexes; foreign keys last (so every table they need exists, cycles
 * included); row-level security; comments. Which steps a database needs,
 * and which tables it must rebuild, is asked of its scc_dialect_ops; the
 * PostgreSQL statements are in plan_pg.c, rebuilds in plan_rebuild.c. */
#include "base/alloc.h"
#include "migrate/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_sql.h"
#include "migrate/plan_internal.h"

/* ---- output ------------------------------------------------------------- */

void scc_plan_warn(planner *p, const char *f, ...) {
  va_list ap, ap2;
  va_start(ap, f);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, f, ap);
  va_end(ap);
  char *w = scc_xmalloc(n > 0 ? (size_t)n + 1 : 1);
  vsnprintf(w, n > 0 ? (size_t)n + 1 : 1, f, ap2);
  va_end(ap2);
  char **g = scc_xrealloc_array(p->out->warnings, p->out->nwarnings + 1, sizeof *g);
  p->out->warnings = g;
  g[p->out->nwarnings++] = w;
}

scc_buf *scc_plan_buf(planner *p) { return &p->out->sql; }

void scc_plan_alter(planner *p, const char *table) {
  scc_buf_puts(scc_plan_buf(p), "ALTER TABLE ");
  scc_dialect_ident(scc_plan_buf(p), table);
  scc_buf_putc(scc_plan_buf(p), ' ');
}

static bool enum_change_of(const scc_change *c, const char *enum_name) {
  return c->kind == SCC_CH_ENUM && c->op == SCC_OP_CHANGE && !strcmp(c->new_enum->name, enum_name);
}

void scc_plan_counted(planner *p, uint32_t n) {
  if (p->cur == SCC_NO_CHANGE) {
    p->out->unattributed += n;
    return;
  }
  const scc_change *c = &p->d->changes[p->cur];
  /* One check lists all values of an enum: it applies every value change. */
  for (uint32_t i = 0; i < p->d->nchanges; i++)
    if (i == p->cur || (c->kind == SCC_CH_ENUM && c->op == SCC_OP_CHANGE && enum_change_of(&p->d->changes[i], c->new_enum->name)))
      p->out->applied[i] += n;
}

void scc_plan_end(planner *p) {
  scc_buf_puts(scc_plan_buf(p), ";\n");
  scc_plan_counted(p, 1);
}

/* ---- statements to records ------------------------------------------------- */

static bool about_field(const scc_change *c, const scc_mfield *f) {
  return f ? c->field && (c->field->old == f || c->field->new_ == f) : !c->field;
}

uint32_t scc_plan_rec(const planner *p, const scc_table_pair *tp, scc_change_kind k, const scc_mfield *f) {
  for (uint32_t i = 0; i < p->d->nchanges; i++) {
    const scc_change *c = &p->d->changes[i];
    if (c->table == tp && c->kind == k && about_field(c, f)) return i;
  }
  return SCC_NO_CHANGE;
}

uint32_t scc_plan_rec_field(const planner *p, const scc_table_pair *tp, const scc_mfield *f) {
  for (uint32_t i = 0; f && i < p->d->nchanges; i++)
    if (p->d->changes[i].table == tp && about_field(&p->d->changes[i], f)) return i;
  return SCC_NO_CHANGE;
}

/* A change of values of the enum of field f (its check lists them). */
static uint32_t rec_enum(const planner *p, const scc_mfield *f) {
  if (!f || f->type.kind != SCC_T_ENUM) return SCC_NO_CHANGE;
  for (uint32_t i = 0; i < p->d->nchanges; i++) {
    const scc_change *c = &p->d->changes[i];
    if (enum_change_of(c, f->type.enm->name)) return i;
  }
  return SCC_NO_CHANGE;
}

/* The index or table check record about the item named `name`; side 1
 * looks at old names only, 2 at new names only, 0 at both (an index
 * dropped and made again under one name is two records). */
static uint32_t rec_named(const planner *p, const tstate *t, scc_change_kind k, const char *name, bool renames,
                          int side) {
  for (uint32_t i = 0; i < p->d->nchanges; i++) {
    const scc_change *c = &p->d->changes[i];
    if (c->table != t->tp || c->kind != k || (c->op == SCC_OP_RENAME) != renames) continue;
    const char *names[4] = {c->old_index ? c->old_index->name : NULL, c->new_index ? c->new_index->name : NULL,
                            c->old_check ? c->old_check->name : NULL, c->new_check ? c->new_check->name : NULL};
    for (int j = 0; j < 4; j++)
      if (names[j] && (side == 0 || side == 1 + (j & 1)) && !strcmp(names[j], name)) return i;
  }
  return SCC_NO_CHANGE;
}

static bool item_of(const scc_table_items *ti, const scc_ddl_item *it) {
  for (uint32_t i = 0; i < ti->nidx; i++)
    if (&ti->idx[i] == it) return true;
  for (uint32_t i = 0; i < ti->ncons; i++)
    if (&ti->cons[i] == it) return true;
  return false;
}

uint32_t scc_plan_rec_item(const planner *p, const tstate *t, const scc_ddl_item *it) {
  int side = item_of(&t->o, it) ? 1 : item_of(&t->n, it) ? 2 : 0;
  uint32_t r = it->field ? SCC_NO_CHANGE : rec_named(p, t, it->kind, it->name, false, side);
  if (r == SCC_NO_CHANGE && side && !it->field) r = rec_named(p, t, it->kind, it->name, false, 0);
  if (r == SCC_NO_CHANGE) r = scc_plan_rec(p, t->tp, it->kind, it->field);
  if (r == SCC_NO_CHANGE) r = rec_enum(p, it->field);
  if (r == SCC_NO_CHANGE) r = scc_plan_rec_field(p, t->tp, it->field);
  /* A new table's parts (PostgreSQL's deferred foreign keys). */
  if (r == SCC_NO_CHANGE) r = scc_plan_rec(p, t->tp, SCC_CH_ADD_TABLE, NULL);
  return r;
}

uint32_t scc_plan_rec_rename(const planner *p, const tstate *t, const scc_ddl_item *it) {
  uint32_t named = rec_named(p, t, it->kind, it->name, true, 0);
  if (named != SCC_NO_CHANGE) return named;
  /* Names that follow the table's or a column's name. */
  uint32_t r = scc_plan_rec(p, t->tp, SCC_CH_RENAME_TABLE, NULL);
  if (r == SCC_NO_CHANGE && it->field) r = scc_plan_rec(p, t->tp, SCC_CH_RENAME_COLUMN, it->field);
  for (uint32_t i = 0; r == SCC_NO_CHANGE && i < p->d->nchanges; i++)
    if (p->d->changes[i].table == t->tp && p->d->changes[i].kind == SCC_CH_RENAME_COLUMN) r = i;
  return r == SCC_NO_CHANGE ? scc_plan_rec_item(p, t, it) : r;
}

void scc_plan_at(planner *p, uint32_t rec) { p->cur = rec; }

void scc_plan_apply_table(planner *p, const tstate *t) {
  uint32_t first = SCC_NO_CHANGE;
  for (uint32_t i = 0; i < p->d->nchanges; i++) {
    const scc_change *c = &p->d->changes[i];
    bool mine = c->table == t->tp;
    for (uint32_t k = 0; !mine && k < t->tp->nfields; k++) {
      const scc_mfield *f = t->tp->fields[k].new_;
      mine = f && f->type.kind == SCC_T_ENUM && enum_change_of(c, f->type.enm->name);
    }
    if (!mine) continue;
    p->out->applied[i]++;
    if (first == SCC_NO_CHANGE) first = i;
  }
  p->cur = first;
}

/* ---- a table's parts, from the model ------------------------------------ */

static char *take(scc_buf *b) {
  size_t n;
  char *r = scc_buf_take(b, &n);
  return r ? r : scc_xstrndup("", 0);
}

static void push(scc_ddl_item **items, uint32_t *n, const char *name, scc_buf *text, const scc_mfield *f) {
  scc_ddl_item *g = scc_xrealloc_array(*items, *n + 1, sizeof *g);
  *items = g;
  g[(*n)++] = (scc_ddl_item){strdup(name), take(text), false, false, f, SCC_CH_INDEX};
}

/* How the parts of an old table are named after the diff's renames: a
 * field of the old schema becomes its new field (or stays itself when it is
 * dropped), a table its new table. Identity for a new table. */
typedef struct namer {
  const scc_diff *d;
  const scc_table_pair *tp; /* NULL: the new schema, nothing to map */
} namer;

static const scc_mfield *nm_field(const namer *m, const scc_table_pair *tp, const scc_mfield *f) {
  const scc_mfield *n = m->tp && tp && tp->new_ ? scc_diff_new_field(tp, f) : NULL;
  return n ? n : f;
}

static const scc_table_pair *nm_pair(const namer *m, const scc_entity *e) {
  return m->tp ? scc_diff_table_by_old(m->d, e->table) : NULL;
}

static const char *nm_table(const namer *m, const scc_entity *e) {
  const scc_table_pair *tp = nm_pair(m, e);
  return tp && tp->new_ ? tp->new_->table : e->table;
}

static void index_item(scc_table_items *t, const namer *m, const scc_entity *e, const scc_index *ix, bool unique) {
  scc_index copy = *ix;
  scc_index_col *cols = scc_xcalloc(ix->ncols + 1, sizeof *cols);
  char **exprs = scc_xcalloc(ix->ncols + 1, sizeof *exprs); /* expression keys under the renames */
  for (uint32_t i = 0; i < ix->ncols; i++) {
    cols[i] = ix->cols[i];
    if (ix->cols[i].field) cols[i].field = nm_field(m, m->tp, ix->cols[i].field);
    else if (m->tp && (exprs[i] = scc_diff_rename_sql(m->tp, ix->cols[i].expr)) != NULL) cols[i].expr = exprs[i];
  }
  copy.cols = cols;
  char *where = ix->where && m->tp ? scc_diff_rename_sql(m->tp, ix->where) : NULL;
  scc_buf b = {0};
  scc_emit_index_target(&b, nm_table(m, e), &copy, ix->live_only ? nm_field(m, m->tp, e->soft_delete)->column : NULL,
                        where ? where : ix->where);
  push(&t->idx, &t->nidx, ix->name, &b, NULL);
  t->idx[t->nidx - 1].unique = unique || ix->kind == SCC_IDX_UNIQUE;
  t->idx[t->nidx - 1].kind = unique ? SCC_CH_UNIQUE : SCC_CH_INDEX;
  free(where);
  for (uint32_t i = 0; i < ix->ncols; i++) free(exprs[i]);
  free(exprs);
  free(cols);
}

static void fk_item(scc_table_items *t, const namer *m, const scc_mfield *f, bool deferred) {
  const scc_table_pair *target = nm_pair(m, f->ref->target);
  scc_buf b = {0};
  scc_emit_foreign_key(&b, nm_field(m, m->tp, f)->column, nm_table(m, f->ref->target),
                       nm_field(m, target, f->ref->target_field)->column, f->ref);
  push(&t->cons, &t->ncons, f->ref->name, &b, f);
  t->cons[t->ncons - 1].deferred = deferred;
  t->cons[t->ncons - 1].kind = SCC_CH_FOREIGN_KEY;
}

/* The parts of e in the order of its DDL (emit_sql.c): columns; primary
 * key, unique constraints (PostgreSQL), column checks, table checks,
 * foreign keys, then PostgreSQL's deferred foreign keys; indexes. */
static void build_items(planner *p, const scc_schema *s, const scc_entity *e, const namer *m, scc_table_items *t) {
  scc_buf b = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    scc_emit_column_def(&b, e->fields[i], p->dialect);
    push(&t->cols, &t->ncols, e->fields[i]->column, &b, e->fields[i]);
  }
  const scc_mfield **pk = scc_xcalloc(e->npk + 1, sizeof *pk);
  for (uint32_t i = 0; i < e->npk; i++) pk[i] = nm_field(m, m->tp, e->pk[i]);
  scc_emit_primary_key(&b, pk, e->npk);
  free(pk);
  push(&t->cons, &t->ncons, e->pk_name, &b, NULL);
  t->cons[t->ncons - 1].kind = SCC_CH_PRIMARY_KEY;
  for (uint32_t i = 0; p->ops->unique_constraints && i < e->nuniques; i++) {
    const scc_index *ix = &e->uniques[i];
    if (ix->live_only) continue;
    scc_index_col *cols = scc_xcalloc(ix->ncols + 1, sizeof *cols);
    for (uint32_t k = 0; k < ix->ncols; k++) cols[k] = (scc_index_col){.field = nm_field(m, m->tp, ix->cols[k].field), .desc = ix->cols[k].desc};
    scc_emit_unique(&b, cols, ix->ncols);
    free(cols);
    push(&t->cons, &t->ncons, ix->name, &b, NULL);
    t->cons[t->ncons - 1].kind = SCC_CH_UNIQUE;
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!scc_emit_column_check(&b, f, nm_field(m, m->tp, f)->column, p->dialect)) continue;
    push(&t->cons, &t->ncons, f->check_name, &b, f);
    t->cons[t->ncons - 1].kind = SCC_CH_CHECK;
  }
  for (uint32_t i = 0; i < e->nchecks; i++) {
    char *sql = m->tp ? scc_diff_rename_sql(m->tp, e->checks[i].sql) : NULL;
    scc_buf_printf(&b, "CHECK (%s)", sql ? sql : e->checks[i].sql);
    free(sql);
    push(&t->cons, &t->ncons, e->checks[i].name, &b, NULL);
    t->cons[t->ncons - 1].kind = SCC_CH_CHECK;
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (f->ref && !(p->ops->defer_cycle_refs && scc_emit_fk_deferred(s, f))) fk_item(t, m, f, false);
  }
  for (uint32_t i = 0; p->ops->defer_cycle_refs && i < s->ndeferred; i++)
    if (s->deferred_ref_owner[i] == e) fk_item(t, m, s->deferred_refs[i], true);
  for (uint32_t i = 0; i < e->nuniques; i++)
    if (!p->ops->unique_constraints || e->uniques[i].live_only) index_item(t, m, e, &e->uniques[i], true);
  for (uint32_t i = 0; i < e->nindexes; i++)
    if (scc_emit_index_exists(&e->indexes[i], p->dialect)) index_item(t, m, e, &e->indexes[i], false);
  scc_buf_free(&b);
}

static void free_items(scc_ddl_item *it, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    free(it[i].name);
    free(it[i].text);
  }
  free(it);
}

static void items_free(scc_table_items *t) {
  free_items(t->cols, t->ncols);
  free_items(t->cons, t->ncons);
  free_items(t->idx, t->nidx);
  memset(t, 0, sizeof *t);
}

const scc_ddl_item *scc_ddl_find(const scc_ddl_item *items, uint32_t n, const char *name) {
  for (uint32_t i = 0; i < n; i++)
    if (!strcmp(items[i].name, name)) return &items[i];
  return NULL;
}

static bool is_fk(const char *body) { return !strncmp(body, "FOREIGN KEY", 11); }

/* The old constraint (renamed) with the same body as new constraint c. */
static const scc_ddl_item *old_same_body(const tstate *t, const scc_ddl_item *c) {
  const scc_ddl_item *byname = NULL;
  for (uint32_t i = 0; i < t->o.ncons; i++)
    if (!strcmp(t->o.cons[i].text, c->text)) {
      if (!strcmp(t->o.cons[i].name, c->name)) return &t->o.cons[i];
      if (!byname) byname = &t->o.cons[i];
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
    if (t->o.idx[i].unique == t->n.idx[ni].unique && !strcmp(t->o.idx[i].text, t->n.idx[ni].text)) {
      if (!strcmp(t->o.idx[i].name, t->n.idx[ni].name)) return (int)i;
      if (other < 0 && t->ops->rename_indexes) other = (int)i;
    }
  return other;
}

static int new_index_match(const tstate *t, uint32_t oi) {
  int other = -1;
  for (uint32_t i = 0; i < t->n.nidx; i++)
    if (t->o.idx[oi].unique == t->n.idx[i].unique && !strcmp(t->o.idx[oi].text, t->n.idx[i].text)) {
      if (!strcmp(t->o.idx[oi].name, t->n.idx[i].name)) return (int)i;
      if (other < 0 && t->ops->rename_indexes) other = (int)i;
    }
  return other;
}

static void prepare(planner *p, tstate *t) {
  const scc_table_pair *tp = t->tp;
  namer old = {p->d, tp->new_ ? tp : NULL}, nw = {p->d, NULL};
  if (tp->old) build_items(p, p->d->old, tp->old, &old, &t->o);
  if (tp->new_) build_items(p, p->d->new_, tp->new_, &nw, &t->n);
}

const char *scc_plan_old_coldef(const tstate *t, const scc_mfield *of) {
  const scc_ddl_item *c = scc_ddl_find(t->o.cols, t->o.ncols, of->column);
  return c ? c->text : "";
}

const char *scc_plan_new_coldef(const tstate *t, const scc_mfield *nf) {
  const scc_ddl_item *c = scc_ddl_find(t->n.cols, t->n.ncols, nf->column);
  return c ? c->text : "";
}

void scc_coldef_of(const scc_mfield *f, sc_dialect d, scc_coldef *out) {
  scc_buf b = {0};
  scc_emit_column_type(&b, &f->type, d);
  out->type = take(&b);
  out->identity = scc_dialect_ops_of(d)->identity[0] && f->def.kind == SCC_DEF_AUTOINCREMENT;
  out->not_null = !f->nullable;
  out->def = scc_emit_default_expr(&b, f, d) ? take(&b) : NULL;
  scc_buf_free(&b);
}

void scc_coldef_free(scc_coldef *c) {
  free(c->type);
  free(c->def);
  memset(c, 0, sizeof *c);
}

/* ---- the steps ------------------------------------------------------------ */

static void drop_constraints(planner *p, bool fks) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    if (!t->tp->old || !t->tp->new_ || t->rebuild) continue;
    if (p->ops->alter_constraints) {
      for (uint32_t k = 0; k < t->o.ncons; k++) {
        if (is_fk(t->o.cons[k].text) != fks || new_same_body(t, &t->o.cons[k])) continue;
        scc_plan_at(p, scc_plan_rec_item(p, t, &t->o.cons[k]));
        scc_plan_alter(p, t->tp->old->table);
        scc_buf_puts(scc_plan_buf(p), "DROP CONSTRAINT ");
        scc_dialect_ident(scc_plan_buf(p), t->o.cons[k].name);
        scc_plan_end(p);
      }
    }
    if (fks) continue;
    for (uint32_t k = 0; k < t->o.nidx; k++) {
      if (new_index_match(t, k) >= 0) continue;
      scc_plan_at(p, scc_plan_rec_item(p, t, &t->o.idx[k]));
      scc_buf_puts(scc_plan_buf(p), "DROP INDEX ");
      scc_dialect_ident(scc_plan_buf(p), t->o.idx[k].name);
      scc_plan_end(p);
    }
  }
}

static void drop_tables(planner *p) {
  bool any = false, at_once = p->ops->drop_tables_at_once;
  /* Newest dependants first: the reverse of the creation order. */
  for (uint32_t i = p->d->ntables; i-- > 0;) {
    const scc_table_pair *tp = &p->d->tables[i];
    if (tp->new_) continue;
    /* One statement applies every drop: count the others here. */
    if (at_once && any) scc_plan_counted(p, 1);
    scc_plan_at(p, scc_plan_rec(p, tp, SCC_CH_DROP_TABLE, NULL));
    if (!at_once || !any) scc_buf_puts(scc_plan_buf(p), "DROP TABLE ");
    else scc_buf_puts(scc_plan_buf(p), ", ");
    scc_dialect_ident(scc_plan_buf(p), tp->old->table);
    if (!at_once) scc_plan_end(p);
    any = true;
  }
  /* One statement (where the dialect says): dropped tables may reference
   * each other. */
  if (at_once && any) scc_plan_end(p);
}

void scc_plan_renames(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    const scc_entity *o = t->tp->old, *n = t->tp->new_;
    if (!o || !n) continue;
    /* A table to be rebuilt is renamed first too: on SQLite that rewrites
     * the foreign keys of other tables that reference it. */
    if (strcmp(o->table, n->table)) {
      scc_plan_at(p, scc_plan_rec(p, t->tp, SCC_CH_RENAME_TABLE, NULL));
      scc_plan_alter(p, o->table);
      scc_buf_puts(scc_plan_buf(p), "RENAME TO ");
      scc_dialect_ident(scc_plan_buf(p), n->table);
      scc_plan_end(p);
    }
    if (t->rebuild) continue;
    for (uint32_t k = 0; k < t->tp->nfields; k++) {
      const scc_field_pair *fp = &t->tp->fields[k];
      if (!fp->old || !fp->new_ || !strcmp(fp->old->column, fp->new_->column)) continue;
      scc_plan_at(p, scc_plan_rec(p, t->tp, SCC_CH_RENAME_COLUMN, fp->new_));
      scc_plan_alter(p, n->table);
      scc_buf_puts(scc_plan_buf(p), "RENAME COLUMN ");
      scc_dialect_ident(scc_plan_buf(p), fp->old->column);
      scc_buf_puts(scc_plan_buf(p), " TO ");
      scc_dialect_ident(scc_plan_buf(p), fp->new_->column);
      scc_plan_end(p);
    }
    if (!p->ops->alter_constraints) continue;
    for (uint32_t k = 0; k < t->o.ncons; k++) {
      const scc_ddl_item *nc = new_same_body(t, &t->o.cons[k]);
      if (!nc || !strcmp(nc->name, t->o.cons[k].name)) continue;
      scc_plan_at(p, scc_plan_rec_rename(p, t, nc));
      scc_plan_alter(p, n->table);
      scc_buf_puts(scc_plan_buf(p), "RENAME CONSTRAINT ");
      scc_dialect_ident(scc_plan_buf(p), t->o.cons[k].name);
      scc_buf_puts(scc_plan_buf(p), " TO ");
      scc_dialect_ident(scc_plan_buf(p), nc->name);
      scc_plan_end(p);
    }
    for (uint32_t k = 0; k < t->o.nidx; k++) {
      int ni = new_index_match(t, k);
      if (ni < 0 || !strcmp(t->n.idx[ni].name, t->o.idx[k].name)) continue;
      scc_plan_at(p, scc_plan_rec_rename(p, t, &t->n.idx[ni]));
      scc_buf_puts(scc_plan_buf(p), "ALTER INDEX ");
      scc_dialect_ident(scc_plan_buf(p), t->o.idx[k].name);
      scc_buf_puts(scc_plan_buf(p), " RENAME TO ");
      scc_dialect_ident(scc_plan_buf(p), t->n.idx[ni].name);
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
      scc_plan_at(p, scc_plan_rec(p, t->tp, SCC_CH_DROP_COLUMN, fp->old));
      scc_plan_alter(p, t->tp->new_->table);
      scc_buf_puts(scc_plan_buf(p), "DROP COLUMN ");
      scc_dialect_ident(scc_plan_buf(p), fp->old->column);
      scc_plan_end(p);
    }
  }
}

static void create_tables(planner *p) {
  for (uint32_t i = 0; i < p->d->ntables; i++) {
    tstate *t = &p->ts[i];
    if (t->tp->old) continue;
    scc_plan_at(p, scc_plan_rec(p, t->tp, SCC_CH_ADD_TABLE, NULL));
    scc_emit_table_sql(p->d->new_, t->tp->new_, p->dialect, scc_plan_buf(p));
    scc_plan_counted(p, 1);
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
        if (p->ops->alter_columns && strcmp(scc_plan_old_coldef(t, fp->old), scc_plan_new_coldef(t, fp->new_)))
          scc_plan_pg_alter_column(p, t, fp->old, fp->new_);
        continue;
      }
      scc_plan_at(p, scc_plan_rec(p, t->tp, SCC_CH_ADD_COLUMN, fp->new_));
      scc_plan_alter(p, t->tp->new_->table);
      scc_buf_puts(scc_plan_buf(p), "ADD COLUMN ");
      scc_dialect_ident(scc_plan_buf(p), fp->new_->column);
      scc_buf_putc(scc_plan_buf(p), ' ');
      scc_buf_puts(scc_plan_buf(p), scc_plan_new_coldef(t, fp->new_));
      const scc_ddl_item *chk = p->ops->add_column_check ? scc_plan_inline_check(t, fp->new_) : NULL;
      if (chk) {
        scc_buf_puts(scc_plan_buf(p), " CONSTRAINT ");
        scc_dialect_ident(scc_plan_buf(p), chk->name);
        scc_buf_putc(scc_plan_buf(p), ' ');
        scc_buf_puts(scc_plan_buf(p), chk->text);
      }
      scc_plan_end(p);
      if (p->ops->lock_warnings && fp->new_->def.kind == SCC_DEF_UUID)
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
    if (p->ops->alter_constraints) {
      for (uint32_t k = 0; k < t->n.ncons; k++) {
        const scc_ddl_item *c = &t->n.cons[k];
        if (is_fk(c->text) != fks) continue;
        if (!t->tp->old ? !c->deferred : old_same_body(t, c) != NULL) continue;
        scc_plan_at(p, scc_plan_rec_item(p, t, c));
        scc_plan_alter(p, tb);
        scc_buf_puts(scc_plan_buf(p), "ADD CONSTRAINT ");
        scc_dialect_ident(scc_plan_buf(p), c->name);
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
      scc_plan_at(p, scc_plan_rec_item(p, t, &t->n.idx[k]));
      scc_buf_puts(scc_plan_buf(p), t->n.idx[k].unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
      scc_dialect_ident(scc_plan_buf(p), t->n.idx[k].name);
      scc_buf_puts(scc_plan_buf(p), t->n.idx[k].text);
      scc_plan_end(p);
      if (p->ops->lock_warnings)
        scc_plan_warn(p, "CREATE INDEX %s blocks writes to %s while it builds; for a big table build it CONCURRENTLY "
                "(see docs/migrations.md)",
             t->n.idx[k].name, tb);
    }
  }
}





void scc_plan_build(const scc_diff *d, sc_dialect dialect, scc_plan *out) {
  memset(out, 0, sizeof *out);
  const scc_dialect_ops *o = scc_dialect_ops_of(dialect);
  planner p = {d, dialect, o, NULL, out, SCC_NO_CHANGE};
  out->applied = scc_xcalloc(d->nchanges + 1, sizeof *out->applied);
  out->napplied = d->nchanges;
  out->diff = d;
  p.ts = scc_xcalloc(d->ntables + 1, sizeof *p.ts);
  for (uint32_t i = 0; i < d->ntables; i++) {
    p.ts[i].tp = &d->tables[i];
    p.ts[i].ops = o;
    prepare(&p, &p.ts[i]);
    if (d->tables[i].old && d->tables[i].new_) {
      scc_table_alter a;
      scc_plan_table_alter(&p.ts[i], &a);
      p.ts[i].rebuild = scc_dialect_needs_rebuild(o, &a);
      free(a.added);
    }
    if ((p.ts[i].rebuild || !d->tables[i].new_) && o->fk_off_to_rebuild) out->fk_off = true;
  }
  if (o->alter_constraints) drop_constraints(&p, true);
  drop_constraints(&p, false);
  drop_tables(&p);
  scc_plan_renames(&p);
  scc_plan_drop_columns(&p);
  create_tables(&p);
  scc_plan_columns(&p);
  scc_plan_rebuilds(&p);
  add_constraints(&p, false);
  if (o->alter_constraints) add_constraints(&p, true);
  /* Row-level security is the database's where statements do not carry
   * the tenant condition themselves. */
  if (!o->tenant_in_statements) scc_plan_pg_tenant(&p);
  if (o->catalog_comments) scc_plan_pg_comments(&p);
  for (uint32_t i = 0; i < d->ntables; i++) {
    tstate *t = &p.ts[i];
    items_free(&t->o);
    items_free(&t->n);
  }
  free(p.ts);
}

void scc_plan_free(scc_plan *p) {
  scc_buf_free(&p->sql);
  for (uint32_t i = 0; i < p->nwarnings; i++) free(p->warnings[i]);
  free(p->warnings);
  free(p->applied);
  memset(p, 0, sizeof *p);
}

void scc_plan_file(const scc_plan *p, const char *title, sc_dialect dialect, scc_buf *out) {
  scc_buf_printf(out, "-- %s: migration generated by schemac %s for %s. Review before applying.\n", title,
                 SCHEMAC_VERSION, scc_dialect_name(dialect));
  /* The same records the SQL below applies (and `migrate diff` printed),
   * one per line; a summary never holds a newline, but a line comment
   * must not be ended early, so any is a space here. */
  if (p->diff && p->diff->nchanges) {
    scc_buf_puts(out, "-- Changes:\n");
    for (uint32_t i = 0; i < p->diff->nchanges; i++) {
      scc_buf_puts(out, "--   ");
      for (const char *c = p->diff->changes[i].text; *c; c++) scc_buf_putc(out, *c == '\n' || *c == '\r' ? ' ' : *c);
      scc_buf_putc(out, '\n');
    }
  }
  if (p->fk_off) {
    scc_buf_puts(out, SCC_FK_OFF_DIRECTIVE "\n");
    scc_buf_puts(out, "-- (the runner turns foreign keys off around the transaction and runs\n"
                      "--  PRAGMA foreign_key_check before committing)\n");
  }
  for (uint32_t i = 0; i < p->nwarnings; i++) scc_buf_printf(out, "-- WARNING: %s\n", p->warnings[i]);
  if (!p->sql.len) scc_buf_printf(out, "-- No SQL is needed on %s for this change.\n", scc_dialect_name(dialect));
  else scc_buf_put(out, p->sql.data, p->sql.len);
}
