#define _POSIX_C_SOURCE 200809L
/* The migration diff (see diff.h): matching by name and @renamed_from, then
 * the change list with what is destructive and why. */
#include "base/alloc.h"
#include "migrate/diff.h"

#include "base/arena.h"
#include "base/strmap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *fmtdup(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmtdup(const char *f, ...) {
  va_list ap, ap2;
  va_start(ap, f);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, f, ap);
  va_end(ap);
  char *r = scc_xmalloc(n > 0 ? (size_t)n + 1 : 1);
  vsnprintf(r, n > 0 ? (size_t)n + 1 : 1, f, ap2);
  va_end(ap2);
  return r;
}

/* Capacity for one more element (doubling: appends stay O(1) amortised). */
static void *reserve(void *v, uint32_t n, uint32_t *cap, size_t size) {
  if (n < *cap) return v;
  uint32_t c = *cap ? *cap * 2 : 16;
  void *g = scc_xrealloc_array(v, c, size);
  *cap = c;
  return g;
}

/* The record being filled: add_change() copies it with its text. */
typedef struct about {
  scc_change_op op;
  const scc_table_pair *tp;
  const scc_field_pair *fp;
} about;

static scc_change *add_rec(scc_diff *d, scc_change_kind k, about a, char *text, char *why) {
  d->changes = reserve(d->changes, d->nchanges, &d->changes_cap, sizeof *d->changes);
  scc_change *c = &d->changes[d->nchanges++];
  *c = (scc_change){.kind = k, .op = a.op, .table = a.tp, .field = a.fp, .text = text, .destructive = why != NULL, .why = why};
  return c;
}

static scc_table_pair *add_pair(scc_diff *d, const scc_entity *o, const scc_entity *n) {
  d->tables = reserve(d->tables, d->ntables, &d->tables_cap, sizeof *d->tables);
  scc_table_pair *g = d->tables;
  g[d->ntables] = (scc_table_pair){o, n, NULL, 0};
  return &g[d->ntables++];
}

/* Position of an entity in its schema: the checker numbers entities in
 * declaration order; anything else is found by a scan. */
static uint32_t ent_pos(const scc_schema *s, const scc_entity *e) {
  if (e->decl_order < s->nentities && s->entities[e->decl_order] == e) return e->decl_order;
  for (uint32_t i = 0; i < s->nentities; i++)
    if (s->entities[i] == e) return i;
  return UINT32_MAX;
}

/* The old-table index; the first pair of a name wins, as in a scan. */
static void index_tables(scc_diff *d) {
  d->arena = scc_arena_new();
  d->by_old = scc_alloc(d->arena, sizeof *d->by_old);
  scc_strmap_init(d->by_old, d->arena, d->ntables);
  for (uint32_t i = 0; i < d->ntables; i++)
    if (d->tables[i].old) scc_strmap_add(d->by_old, d->tables[i].old->table, (void *)(uintptr_t)(i + 1));
}

static void add_field(scc_table_pair *t, const scc_mfield *o, const scc_mfield *n) {
  scc_field_pair *g = scc_xrealloc_array(t->fields, t->nfields + 1, sizeof *g);
  t->fields = g;
  g[t->nfields++] = (scc_field_pair){o, n};
}

/* Matching by SQL names (scc_diff_schemas_by_sql): the table, the column. */
static const scc_entity *entity_by_table(const scc_schema *s, const char *table) {
  for (uint32_t i = 0; i < s->nentities; i++)
    if (!strcmp(s->entities[i]->table, table)) return s->entities[i];
  return NULL;
}

static const scc_mfield *field_by_column(const scc_entity *e, const char *column) {
  for (uint32_t i = 0; i < e->nfields; i++)
    if (!strcmp(e->fields[i]->column, column)) return e->fields[i];
  return NULL;
}

static const scc_entity *old_entity_for(const scc_schema *old, const scc_schema *nw, const scc_entity *n, bool by_sql) {
  if (!old) return NULL;
  if (by_sql) return entity_by_table(old, n->table);
  const scc_entity *o = scc_schema_entity(old, n->name);
  if (o) return o;
  if (n->renamed_from && !scc_schema_entity(nw, n->renamed_from)) return scc_schema_entity(old, n->renamed_from);
  return NULL;
}

static const scc_mfield *old_field_for(const scc_entity *o, const scc_entity *n, const scc_mfield *nf, bool by_sql) {
  if (by_sql) return field_by_column(o, nf->column);
  const scc_mfield *of = scc_entity_field(o, nf->name);
  if (of) return of;
  if (nf->renamed_from && !scc_entity_field(n, nf->renamed_from)) return scc_entity_field(o, nf->renamed_from);
  return NULL;
}

static const char *tdsl(const scc_mfield *f, char *buf, size_t n) {
  char tmp[SCC_TYPE_DSL_MAX];
  snprintf(buf, n, "%s%s%s", scc_type_dsl(&f->type, tmp, sizeof tmp), f->type.array ? "[]" : "",
           f->nullable ? "?" : "");
  return buf;
}

static bool same_str(const char *a, const char *b);
static const char *dsl(const scc_type *t, char *buf, size_t n) {
  char tmp[SCC_TYPE_DSL_MAX];
  snprintf(buf, n, "%s%s", scc_type_dsl(t, tmp, sizeof tmp), t->array ? "[]" : "");
  return buf;
}

static int int_rank(scc_type_kind k) {
  return k == SCC_T_SMALLINT ? 1 : k == SCC_T_INT ? 2 : k == SCC_T_BIGINT ? 3 : 0;
}

static bool enum_subset(const scc_enum *a, const scc_enum *b) {
  for (uint32_t i = 0; i < a->nvalues; i++) {
    bool found = false;
    for (uint32_t j = 0; j < b->nvalues && !found; j++) found = !strcmp(a->values[i].name, b->values[j].name);
    if (!found) return false;
  }
  return true;
}

/* Can every value of type a be stored unchanged in type b? */
static bool widening(const scc_type *a, const scc_type *b) {
  bool a_str = a->kind == SCC_T_STRING || a->kind == SCC_T_TEXT || a->kind == SCC_T_ENUM;
  bool b_str = b->kind == SCC_T_STRING || b->kind == SCC_T_TEXT;
  if (int_rank(a->kind) && int_rank(b->kind)) return int_rank(b->kind) >= int_rank(a->kind);
  if (int_rank(a->kind) && int_rank(a->kind) < 3 && b->kind == SCC_T_FLOAT) return true;
  if (a_str && b_str) {
    uint32_t la = a->kind == SCC_T_STRING ? a->length : 0, lb = b->kind == SCC_T_STRING ? b->length : 0;
    return lb == 0 || (la != 0 && lb >= la);
  }
  if (a->kind == SCC_T_DECIMAL && b->kind == SCC_T_DECIMAL)
    return b->precision == 0 || (a->precision && b->scale >= a->scale && b->precision - b->scale >= a->precision - a->scale);
  if (a->kind == SCC_T_ENUM && b->kind == SCC_T_ENUM) return enum_subset(a->enm, b->enm);
  return false;
}

/* A default as the schema writes it, on one line (the summary's): a
 * string quoted with its newlines escaped, a function with its (). */
static void def_text(const scc_default *d, scc_buf *b) {
  switch (d->kind) {
  case SCC_DEF_NONE: return;
  case SCC_DEF_BOOL: scc_buf_puts(b, d->boolean ? "true" : "false"); return;
  case SCC_DEF_NOW: scc_buf_puts(b, "now()"); return;
  case SCC_DEF_UUID: scc_buf_puts(b, "uuid()"); return;
  case SCC_DEF_AUTOINCREMENT: scc_buf_puts(b, "autoincrement()"); return;
  case SCC_DEF_STRING:
    scc_buf_putc(b, '"');
    for (size_t i = 0; i < d->len; i++) {
      char c = d->text[i];
      if (c == '\n') scc_buf_puts(b, "\\n");
      else if (c == '\t') scc_buf_puts(b, "\\t");
      else if (c == '"' || c == '\\') scc_buf_printf(b, "\\%c", c);
      else scc_buf_putc(b, c);
    }
    scc_buf_putc(b, '"');
    return;
  default: scc_buf_put(b, d->text, d->len); return;
  }
}

static bool same_default(const scc_default *a, const scc_default *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == SCC_DEF_BOOL) return a->boolean == b->boolean;
  if (a->text && b->text) return a->len == b->len && !memcmp(a->text, b->text, a->len);
  return !a->text && !b->text;
}

static bool same_str(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Foreign keys compared through the diff's renames: the target table and
 * column of the old key become the new ones. A key's name follows its
 * table's and column's names; otherwise a new name is a change. */
static bool same_ref(const scc_diff *d, const scc_table_pair *tp, const scc_field_pair *fp) {
  const scc_ref *a = fp->old->ref, *b = fp->new_->ref;
  if (!a || !b) return !a && !b;
  const scc_table_pair *target = scc_diff_table_by_old(d, a->target->table);
  if (!target || target->new_ != b->target || scc_diff_new_field(target, a->target_field) != b->target_field)
    return false;
  bool renamed = strcmp(tp->old->table, tp->new_->table) || strcmp(fp->old->column, fp->new_->column);
  return a->on_delete == b->on_delete && a->on_update == b->on_update && (renamed || !strcmp(a->name, b->name));
}

static void column_changes(scc_diff *d, const scc_table_pair *tp, const scc_field_pair *fp) {
  const char *t = tp->new_->table;
  const scc_mfield *o = fp->old, *n = fp->new_;
  about ch = {SCC_OP_CHANGE, tp, fp};
  char a[SCC_TYPE_DSL_ANY_MAX], b[SCC_TYPE_DSL_ANY_MAX];
  if (strcmp(o->column, n->column))
    add_rec(d, SCC_CH_RENAME_COLUMN, (about){SCC_OP_RENAME, tp, fp},
            fmtdup("rename column %s.%s -> %s", t, o->column, n->column), NULL);
  dsl(&o->type, a, sizeof a);
  dsl(&n->type, b, sizeof b);
  if (strcmp(a, b)) {
    bool wide = o->type.array == n->type.array && widening(&o->type, &n->type);
    add_rec(d, SCC_CH_TYPE, ch, fmtdup("change type of %s.%s: %s -> %s", t, n->column, a, b),
            wide ? NULL
                 : fmtdup("%s -> %s narrows the type of %s.%s: existing values may not fit or may change", a, b, t,
                          n->column));
  }
  if (o->nullable != n->nullable) {
    bool bad = o->nullable && n->def.kind == SCC_DEF_NONE;
    add_rec(d, SCC_CH_NULLABILITY, ch, fmtdup("make %s.%s %s", t, n->column, n->nullable ? "nullable" : "NOT NULL"),
            bad ? fmtdup("%s.%s becomes NOT NULL without a @default: rows holding NULL cannot be migrated", t,
                         n->column)
                : NULL);
  }
  if (!same_default(&o->def, &n->def)) {
    scc_buf v = {0};
    def_text(&n->def, &v);
    add_rec(d, SCC_CH_DEFAULT, ch,
            fmtdup("change default of %s.%s%s%s", t, n->column, n->def.kind == SCC_DEF_NONE ? ": none" : " to ",
                   v.data ? v.data : ""),
            NULL);
    scc_buf_free(&v);
  }
  if (o->has_check != n->has_check || !same_str(o->check_lo, n->check_lo) || !same_str(o->check_hi, n->check_hi))
    add_rec(d, SCC_CH_CHECK, ch,
            n->has_check ? fmtdup("check %s.%s between %s and %s", t, n->column, n->check_lo, n->check_hi)
                         : fmtdup("remove the range check of %s.%s", t, n->column),
            NULL);
  if (!same_ref(d, tp, fp))
    add_rec(d, SCC_CH_FOREIGN_KEY, ch,
            n->ref ? fmtdup("foreign key %s.%s -> %s.%s", t, n->column, n->ref->target->table,
                            n->ref->target_field->column)
                   : fmtdup("remove the foreign key of %s.%s", t, n->column),
            NULL);
  if (!same_str(o->doc, n->doc)) add_rec(d, SCC_CH_DOC, ch, fmtdup("doc comment of %s.%s", t, n->column), NULL);
}

/* Indexes compared by columns and expression keys (through the renames),
 * order, live-only, where: text, uniqueness and type (gin); the name is compared apart (a different name is a rename). */
static bool same_index(const scc_index *a, const scc_index *b, const scc_table_pair *tp) {
  if (a->ncols != b->ncols || a->live_only != b->live_only || !scc_diff_same_sql(tp, a->where, b->where)) return false;
  if (a->live_only && scc_diff_new_field(tp, tp->old->soft_delete) != tp->new_->soft_delete) return false;
  /* A foreign key's automatic index and an @index on the column are the
   * same index; a unique index (a @@unique with an expression or where:)
   * is not a plain one. */
  if ((a->kind == SCC_IDX_UNIQUE) != (b->kind == SCC_IDX_UNIQUE) || !same_str(a->method, b->method) ||
      !same_str(a->opclass, b->opclass))
    return false;
  for (uint32_t i = 0; i < a->ncols; i++) {
    if (a->cols[i].desc != b->cols[i].desc || !a->cols[i].field != !b->cols[i].field) return false;
    if (a->cols[i].field ? scc_diff_new_field(tp, a->cols[i].field) != b->cols[i].field
                         : !scc_diff_same_sql(tp, a->cols[i].expr, b->cols[i].expr))
      return false;
  }
  return true;
}

/* The old index matching new index ni: the one of the same name first. */
static const scc_index *old_index_for(const scc_table_pair *tp, const scc_index *oi, uint32_t on, const scc_index *ni) {
  const scc_index *other = NULL;
  for (uint32_t j = 0; j < on; j++)
    if (same_index(&oi[j], ni, tp)) {
      if (!strcmp(oi[j].name, ni->name)) return &oi[j];
      if (!other) other = &oi[j];
    }
  return other;
}

static void index_changes(scc_diff *d, const scc_table_pair *tp, const scc_index *oi, uint32_t on,
                          const scc_index *ni, uint32_t nn, scc_change_kind k) {
  const char *t = tp->new_->table;
  for (uint32_t i = 0; i < nn; i++) {
    const char *what = k == SCC_CH_UNIQUE ? "unique key" : ni[i].kind == SCC_IDX_UNIQUE ? "unique index" : "index";
    const scc_index *match = old_index_for(tp, oi, on, &ni[i]);
    scc_change *c = NULL;
    if (!match) c = add_rec(d, k, (about){SCC_OP_ADD, tp, NULL}, fmtdup("add %s %s on %s", what, ni[i].name, t), NULL);
    else if (strcmp(match->name, ni[i].name))
      c = add_rec(d, k, (about){SCC_OP_RENAME, tp, NULL},
                  fmtdup("rename %s %s -> %s of %s", what, match->name, ni[i].name, t), NULL);
    if (c) {
      c->old_index = match;
      c->new_index = &ni[i];
    }
  }
  for (uint32_t j = 0; j < on; j++) {
    bool found = false;
    for (uint32_t i = 0; i < nn && !found; i++) found = old_index_for(tp, oi, on, &ni[i]) == &oi[j];
    const char *what = k == SCC_CH_UNIQUE ? "unique key" : oi[j].kind == SCC_IDX_UNIQUE ? "unique index" : "index";
    if (!found)
      add_rec(d, k, (about){SCC_OP_DROP, tp, NULL}, fmtdup("drop %s %s of %s", what, oi[j].name, t), NULL)->old_index =
          &oi[j];
  }
}

/* The old check with the same expression (through the renames) as new
 * check n: the one of the same name first. */
static const scc_check_constraint *old_check_for(const scc_table_pair *tp, const scc_check_constraint *n) {
  const scc_check_constraint *other = NULL;
  for (uint32_t j = 0; j < tp->old->nchecks; j++)
    if (scc_diff_same_sql(tp, tp->old->checks[j].sql, n->sql)) {
      if (!strcmp(tp->old->checks[j].name, n->name)) return &tp->old->checks[j];
      if (!other) other = &tp->old->checks[j];
    }
  return other;
}

static void table_changes(scc_diff *d, const scc_table_pair *tp) {
  const scc_entity *o = tp->old, *n = tp->new_;
  char a[SCC_TYPE_DSL_ANY_MAX];
  if (!o) {
    add_rec(d, SCC_CH_ADD_TABLE, (about){SCC_OP_ADD, tp, NULL}, fmtdup("create table %s", n->table), NULL);
    return;
  }
  if (!n) {
    add_rec(d, SCC_CH_DROP_TABLE, (about){SCC_OP_DROP, tp, NULL}, fmtdup("drop table %s", o->table),
            fmtdup("dropping table %s loses all its rows (if entity %s was renamed, add @@renamed_from(%s) to "
                   "it)",
                   o->table, o->name, o->name));
    return;
  }
  const char *t = n->table;
  about ch = {SCC_OP_CHANGE, tp, NULL};
  if (strcmp(o->table, n->table))
    add_rec(d, SCC_CH_RENAME_TABLE, (about){SCC_OP_RENAME, tp, NULL}, fmtdup("rename table %s -> %s", o->table, n->table),
            NULL);
  if (!same_str(o->doc, n->doc)) add_rec(d, SCC_CH_DOC, ch, fmtdup("doc comment of table %s", t), NULL);
  for (uint32_t i = 0; i < tp->nfields; i++) {
    const scc_field_pair *fp = &tp->fields[i];
    if (!fp->old) {
      const scc_mfield *f = fp->new_;
      bool bad = !f->nullable && f->def.kind == SCC_DEF_NONE;
      add_rec(d, SCC_CH_ADD_COLUMN, (about){SCC_OP_ADD, tp, fp}, fmtdup("add column %s.%s %s", t, f->column, tdsl(f, a, sizeof a)),
              bad ? fmtdup("new column %s.%s is NOT NULL without a @default: existing rows have no value for it "
                           "(make it nullable or give it a @default)",
                           t, f->column)
                  : NULL);
    } else if (!fp->new_) {
      add_rec(d, SCC_CH_DROP_COLUMN, (about){SCC_OP_DROP, tp, fp}, fmtdup("drop column %s.%s", t, fp->old->column),
              fmtdup("dropping column %s.%s loses its values (if field %s was renamed, add @renamed_from(%s) to "
                     "it)",
                     t, fp->old->column, fp->old->name, fp->old->name));
    } else {
      column_changes(d, tp, fp);
    }
  }
  if ((o->tenant != NULL) != (n->tenant != NULL) ||
      (o->tenant && scc_diff_new_field(tp, o->tenant) != n->tenant))
    add_rec(d, SCC_CH_TENANT, ch,
            n->tenant ? fmtdup("tenant key of %s: %s (row-level security on PostgreSQL)", t, n->tenant->column)
                      : fmtdup("remove the tenant key of %s", t),
            NULL);
  bool pk_same = o->npk == n->npk;
  for (uint32_t i = 0; pk_same && i < n->npk; i++) pk_same = scc_diff_new_field(tp, o->pk[i]) == n->pk[i];
  if (!pk_same) add_rec(d, SCC_CH_PRIMARY_KEY, ch, fmtdup("change the primary key of %s", t), NULL);
  index_changes(d, tp, o->uniques, o->nuniques, n->uniques, n->nuniques, SCC_CH_UNIQUE);
  index_changes(d, tp, o->indexes, o->nindexes, n->indexes, n->nindexes, SCC_CH_INDEX);
  for (uint32_t i = 0; i < n->nchecks; i++) {
    const scc_check_constraint *match = old_check_for(tp, &n->checks[i]);
    scc_change *c = NULL;
    if (!match)
      c = add_rec(d, SCC_CH_CHECK, (about){SCC_OP_ADD, tp, NULL}, fmtdup("add check %s on %s", n->checks[i].name, t), NULL);
    else if (strcmp(match->name, n->checks[i].name))
      c = add_rec(d, SCC_CH_CHECK, (about){SCC_OP_RENAME, tp, NULL},
                  fmtdup("rename check %s -> %s of %s", match->name, n->checks[i].name, t), NULL);
    if (c) {
      c->old_check = match;
      c->new_check = &n->checks[i];
    }
  }
  for (uint32_t j = 0; j < o->nchecks; j++) {
    bool found = false;
    for (uint32_t i = 0; i < n->nchecks && !found; i++) found = old_check_for(tp, &n->checks[i]) == &o->checks[j];
    if (!found)
      add_rec(d, SCC_CH_CHECK, (about){SCC_OP_DROP, tp, NULL}, fmtdup("drop check %s of %s", o->checks[j].name, t), NULL)
          ->old_check = &o->checks[j];
  }
}

static void enum_changes(scc_diff *d) {
  const scc_schema *old = d->old, *nw = d->new_;
  for (uint32_t i = 0; i < nw->nenums; i++) {
    const scc_enum *n = nw->enums[i];
    const scc_enum *o = old ? scc_schema_enum(old, n->name) : NULL;
    if (!o) {
      if (old) add_rec(d, SCC_CH_ENUM, (about){SCC_OP_ADD, NULL, NULL}, fmtdup("add enum %s", n->name), NULL)->new_enum = n;
      continue;
    }
    about ch = {SCC_OP_CHANGE, NULL, NULL};
    for (uint32_t k = 0; k < n->nvalues; k++) {
      bool found = false;
      for (uint32_t j = 0; j < o->nvalues && !found; j++) found = !strcmp(o->values[j].name, n->values[k].name);
      if (!found) {
        scc_change *c = add_rec(d, SCC_CH_ENUM, ch, fmtdup("enum %s: add value %s", n->name, n->values[k].name), NULL);
        c->old_enum = o;
        c->new_enum = n;
      }
    }
    for (uint32_t j = 0; j < o->nvalues; j++) {
      bool found = false;
      for (uint32_t k = 0; k < n->nvalues && !found; k++) found = !strcmp(o->values[j].name, n->values[k].name);
      if (!found) {
        scc_change *c = add_rec(d, SCC_CH_ENUM, ch, fmtdup("enum %s: remove value %s", n->name, o->values[j].name),
                                fmtdup("removing value %s from enum %s: rows holding it would break the new check",
                                       o->values[j].name, n->name));
        c->old_enum = o;
        c->new_enum = n;
      }
    }
    bool docs = same_str(o->doc, n->doc);
    for (uint32_t k = 0; k < n->nvalues && docs; k++)
      for (uint32_t j = 0; j < o->nvalues; j++)
        if (!strcmp(o->values[j].name, n->values[k].name)) docs = same_str(o->values[j].doc, n->values[k].doc);
    if (!docs) {
      scc_change *c = add_rec(d, SCC_CH_DOC, ch, fmtdup("doc comments of enum %s", n->name), NULL);
      c->old_enum = o;
      c->new_enum = n;
    }
  }
  for (uint32_t j = 0; old && j < old->nenums; j++)
    if (!scc_schema_enum(nw, old->enums[j]->name))
      add_rec(d, SCC_CH_ENUM, (about){SCC_OP_DROP, NULL, NULL}, fmtdup("drop enum %s", old->enums[j]->name), NULL)
          ->old_enum = old->enums[j];
}

static void compute_changes(scc_diff *d) {
  for (uint32_t i = 0; i < d->ntables; i++) table_changes(d, &d->tables[i]);
  enum_changes(d);
}

static void diff_schemas(const scc_schema *old, const scc_schema *nw, scc_diff *out, bool by_sql);

void scc_diff_schemas(const scc_schema *old, const scc_schema *nw, scc_diff *out) { diff_schemas(old, nw, out, false); }
void scc_diff_schemas_by_sql(const scc_schema *old, const scc_schema *nw, scc_diff *out) { diff_schemas(old, nw, out, true); }

static void diff_schemas(const scc_schema *old, const scc_schema *nw, scc_diff *out, bool by_sql) {
  memset(out, 0, sizeof *out);
  out->old = old;
  out->new_ = nw;
  /* New tables in creation order, so that planning can follow it. */
  for (uint32_t i = 0; i < nw->nentities; i++) {
    const scc_entity *n = nw->create_order[i];
    const scc_entity *o = old_entity_for(old, nw, n, by_sql);
    scc_table_pair *tp = add_pair(out, o, n);
    if (!o) continue;
    for (uint32_t k = 0; k < n->nfields; k++) add_field(tp, old_field_for(o, n, n->fields[k], by_sql), n->fields[k]);
    for (uint32_t k = 0; k < o->nfields; k++) {
      bool used = false;
      for (uint32_t j = 0; j < tp->nfields && !used; j++) used = tp->fields[j].old == o->fields[k];
      if (!used) add_field(tp, o->fields[k], NULL);
    }
  }
  if (old) {
    bool *used = scc_xcalloc((size_t)old->nentities + 1, sizeof *used);
    for (uint32_t j = 0; j < out->ntables; j++) {
      uint32_t k = out->tables[j].old ? ent_pos(old, out->tables[j].old) : UINT32_MAX;
      if (k != UINT32_MAX) used[k] = true;
    }
    for (uint32_t i = 0; i < old->nentities; i++) {
      const scc_entity *o = old->create_order[i];
      uint32_t k = ent_pos(old, o);
      if (k == UINT32_MAX || !used[k]) add_pair(out, o, NULL);
    }
    free(used);
  }
  index_tables(out);
  compute_changes(out);
}

void scc_diff_reverse(const scc_diff *d, scc_diff *out) {
  memset(out, 0, sizeof *out);
  out->old = d->new_;
  out->new_ = d->old;
  /* Keep the old schema's creation order for the tables that come back:
   * the pairs of each old entity, in pair order (chained per entity). */
  if (d->old) {
    uint32_t n = d->old->nentities;
    uint32_t *first = scc_xcalloc((size_t)n + 1, sizeof *first), *last = scc_xcalloc((size_t)n + 1, sizeof *last);
    uint32_t *next = scc_xcalloc((size_t)d->ntables + 1, sizeof *next);
    for (uint32_t i = 0; i < n; i++) first[i] = UINT32_MAX;
    for (uint32_t j = 0; j < d->ntables; j++) {
      next[j] = UINT32_MAX;
      uint32_t k = d->tables[j].old ? ent_pos(d->old, d->tables[j].old) : UINT32_MAX;
      if (k == UINT32_MAX) continue;
      if (first[k] == UINT32_MAX) first[k] = j;
      else next[last[k]] = j;
      last[k] = j;
    }
    for (uint32_t i = 0; i < n; i++) {
      uint32_t k = ent_pos(d->old, d->old->create_order[i]);
      for (uint32_t j = k == UINT32_MAX ? UINT32_MAX : first[k]; j != UINT32_MAX; j = next[j]) {
        const scc_table_pair *tp = &d->tables[j];
        scc_table_pair *r = add_pair(out, tp->new_, tp->old);
        for (uint32_t f = 0; tp->new_ && f < tp->nfields; f++) add_field(r, tp->fields[f].new_, tp->fields[f].old);
      }
    }
    free(first);
    free(last);
    free(next);
  }
  for (uint32_t j = 0; j < d->ntables; j++)
    if (!d->tables[j].old) add_pair(out, d->tables[j].new_, NULL);
  index_tables(out);
  if (out->new_) compute_changes(out);
}

void scc_diff_free(scc_diff *d) {
  for (uint32_t i = 0; i < d->ntables; i++) free(d->tables[i].fields);
  free(d->tables);
  for (uint32_t i = 0; i < d->nchanges; i++) {
    free(d->changes[i].text);
    free(d->changes[i].why);
  }
  free(d->changes);
  scc_arena_free(d->arena);
  memset(d, 0, sizeof *d);
}

bool scc_diff_destructive(const scc_diff *d) {
  for (uint32_t i = 0; i < d->nchanges; i++)
    if (d->changes[i].destructive) return true;
  return false;
}

const scc_table_pair *scc_diff_table_by_old(const scc_diff *d, const char *old_table) {
  if (d->by_old) {
    uintptr_t k = (uintptr_t)scc_strmap_get(d->by_old, old_table);
    return k ? &d->tables[k - 1] : NULL;
  }
  for (uint32_t i = 0; i < d->ntables; i++)
    if (d->tables[i].old && !strcmp(d->tables[i].old->table, old_table)) return &d->tables[i];
  return NULL;
}

/* Reads a quoted identifier at *p ("a""b" -> a"b); advances past it. */
static void read_ident(const char **p, scc_buf *out) {
  const char *s = *p + 1;
  while (*s) {
    if (*s == '"' && s[1] == '"') s++;
    else if (*s == '"') break;
    scc_buf_putc(out, *s++);
  }
  *p = *s ? s + 1 : s;
}

char *scc_diff_rename_sql(const scc_table_pair *tp, const char *sql) {
  scc_buf b = {0}, id = {0};
  for (const char *p = sql; *p;) {
    if (*p == '\'') { /* a string literal: copied as it is */
      const char *s = p + 1;
      while (*s && !(*s == '\'' && s[1] != '\'')) s += *s == '\'' ? 2 : 1;
      if (*s) s++;
      scc_buf_put(&b, p, (size_t)(s - p));
      p = s;
    } else if (*p == '"') {
      id.len = 0;
      scc_buf_putc(&id, 0);
      id.len = 0;
      read_ident(&p, &id);
      const char *name = id.data;
      for (uint32_t i = 0; i < tp->nfields; i++)
        if (tp->fields[i].old && tp->fields[i].new_ && !strcmp(tp->fields[i].old->column, id.data)) {
          name = tp->fields[i].new_->column;
          break;
        }
      scc_buf_putc(&b, '"');
      for (const char *c = name; *c; c++) {
        if (*c == '"') scc_buf_putc(&b, '"');
        scc_buf_putc(&b, *c);
      }
      scc_buf_putc(&b, '"');
    } else {
      scc_buf_putc(&b, *p++);
    }
  }
  scc_buf_free(&id);
  size_t n;
  char *r = scc_buf_take(&b, &n);
  return r ? r : strdup("");
}

bool scc_diff_same_sql(const scc_table_pair *tp, const char *old_sql, const char *new_sql) {
  if (!old_sql || !new_sql) return !old_sql && !new_sql;
  char *r = scc_diff_rename_sql(tp, old_sql);
  bool same = !strcmp(r, new_sql);
  free(r);
  return same;
}

const scc_mfield *scc_diff_new_field(const scc_table_pair *t, const scc_mfield *old) {
  for (uint32_t i = 0; i < t->nfields; i++)
    if (t->fields[i].old == old) return t->fields[i].new_;
  return NULL;
}

const scc_mfield *scc_diff_old_field(const scc_table_pair *t, const scc_mfield *nw) {
  for (uint32_t i = 0; i < t->nfields; i++)
    if (t->fields[i].new_ == nw) return t->fields[i].old;
  return NULL;
}
