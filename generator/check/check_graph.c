/* Semantic checks across entities: foreign keys, their indexes, names that
 * share PostgreSQL's namespace, cycles of required references, and the
 * order in which tables can be created. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check/check_internal.h"

static const char *const actions[] = {"no_action", "restrict", "cascade", "set_null", "set_default", NULL};

static bool same_type(const scc_type *a, const scc_type *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == SCC_T_ENUM) return a->enm == b->enm;
  if (a->kind == SCC_T_DECIMAL) return a->precision == b->precision && a->scale == b->scale;
  return true;
}

static const char *type_text(checker *c, const scc_type *t) {
  char buf[64];
  return scc_strdup(c->a, scc_type_dsl(t, buf, sizeof buf));
}

/* Can a foreign key point at this field? Its primary key (alone) or a
 * single-column unique key that holds over all rows. */
static bool referenceable(const scc_entity *e, const scc_mfield *f) {
  if (e->npk == 1 && e->pk[0] == f) return true;
  if (e->soft_delete) return false; /* its unique keys are partial */
  for (uint32_t i = 0; i < e->nuniques; i++)
    if (e->uniques[i].ncols == 1 && e->uniques[i].cols[0].field == f) return true;
  return false;
}

static void one_ref(checker *c, ent_info *ei, scc_mfield *f, const scc_attr *a) {
  const scc_expr *target = NULL;
  scc_ref *r = scc_alloc(c->a, sizeof *r);
  r->loc = a->loc;
  for (const scc_arg *g = a->args; g; g = g->next) {
    if (!g->name) {
      if (target) {
        ck_error(c, g->value->loc, "@ref takes one target, Entity.field");
        return;
      }
      target = g->value;
      continue;
    }
    bool del = strcmp(g->name, "on_delete") == 0;
    if (!del && strcmp(g->name, "on_update") != 0) {
      static const char *const named[] = {"on_delete", "on_update", NULL};
      scc_diag *d = ck_error(c, g->name_loc, "unknown argument '%s' of @ref", g->name);
      const char *best = scc_suggest(g->name, named);
      if (best) scc_diag_help(d, "did you mean '%s'?", best);
      return;
    }
    size_t k = 0;
    if (g->value->kind == SCC_EXPR_IDENT)
      while (actions[k] && strcmp(actions[k], g->value->text) != 0) k++;
    if (g->value->kind != SCC_EXPR_IDENT || !actions[k]) {
      scc_diag *d = ck_error(c, g->value->loc, "unknown referential action for %s", g->name);
      const char *best = g->value->kind == SCC_EXPR_IDENT ? scc_suggest(g->value->text, actions) : NULL;
      if (best) scc_diag_help(d, "did you mean '%s'?", best);
      else scc_diag_help(d, "use cascade, restrict, set_null, set_default or no_action");
      return;
    }
    scc_ref_action act = (scc_ref_action)k;
    if (act == SCC_ACT_SET_NULL && !f->nullable) {
      scc_diag *d = ck_error(c, g->value->loc, "%s: set_null needs a nullable field; '%s' is not", g->name, f->name);
      scc_diag_help(d, "make the field nullable with '?', or choose another action");
      return;
    }
    if (act == SCC_ACT_SET_DEFAULT && f->def.kind == SCC_DEF_NONE) {
      ck_error(c, g->value->loc, "%s: set_default needs a @default on '%s'", g->name, f->name);
      return;
    }
    if (del) r->on_delete = act;
    else r->on_update = act;
  }
  if (!target) {
    ck_error(c, a->full, "@ref needs a target: @ref(Entity.field)");
    return;
  }
  if (target->kind != SCC_EXPR_PATH) {
    scc_diag *d = ck_error(c, target->loc, "@ref needs Entity.field");
    if (target->kind == SCC_EXPR_IDENT) scc_diag_help(d, "write @ref(%s.id)", target->text);
    return;
  }
  const scc_entity *te = scc_schema_entity(c->s, target->text);
  if (!te) {
    scc_diag *d;
    if (scc_schema_enum(c->s, target->text)) {
      d = ck_error(c, target->loc, "'%s' is an enum, not an entity", target->text);
      return;
    }
    scc_loc at = target->loc;
    at.len = (uint32_t)strlen(target->text);
    d = ck_error(c, at, "unknown entity '%s' in @ref", target->text);
    const char **cand = scc_alloc(c->a, (c->nents + 1) * sizeof *cand);
    for (uint32_t i = 0; i < c->nents; i++) cand[i] = c->ents[i].e->name;
    const char *best = scc_suggest(target->text, cand);
    if (best) scc_diag_help(d, "did you mean '%s'?", best);
    return;
  }
  const scc_mfield *tf = scc_entity_field(te, target->text2);
  if (!tf) {
    scc_diag *d = ck_error(c, target->loc2, "entity '%s' has no field '%s'", te->name, target->text2);
    const char **cand = scc_alloc(c->a, (te->nfields + 1) * sizeof *cand);
    for (uint32_t i = 0; i < te->nfields; i++) cand[i] = te->fields[i]->name;
    const char *best = scc_suggest(target->text2, cand);
    if (best) scc_diag_help(d, "did you mean '%s'?", best);
    return;
  }
  if (!referenceable(te, tf)) {
    scc_diag *d = ck_error(c, target->loc, "@ref target %s.%s is neither the primary key nor a unique field",
                           te->name, tf->name);
    if (te->soft_delete && tf->unique)
      scc_diag_help(d, "unique keys of a @soft_delete entity hold among live rows only; refer to its primary key");
    else
      scc_diag_help(d, "refer to %s's primary key, or mark %s.%s @unique", te->name, te->name, tf->name);
    return;
  }
  if (!same_type(&f->type, &tf->type)) {
    scc_diag *d = ck_error(c, ei->ast[f->index]->type.loc, "type mismatch: '%s' is %s but %s.%s is %s", f->name,
                           type_text(c, &f->type), te->name, tf->name, type_text(c, &tf->type));
    scc_diag_note(d, tf->loc, "%s.%s declared here", te->name, tf->name);
    scc_diag_help(d, "declare '%s' as %s", f->name, type_text(c, &tf->type));
    return;
  }
  r->target = te;
  r->target_field = tf;
  f->ref = r;
}

void ck_refs(checker *c) {
  for (uint32_t i = 0; i < c->nents; i++) {
    ent_info *ei = &c->ents[i];
    for (uint32_t k = 0; k < ei->e->nfields; k++)
      if (ei->ref_attrs[k]) one_ref(c, ei, ei->e->fields[k], ei->ref_attrs[k]);
  }
}

static bool starts_with(const scc_index *ix, const scc_mfield *f) { return ix->ncols > 0 && ix->cols[0].field == f; }

void ck_fk_indexes(checker *c) {
  for (uint32_t i = 0; i < c->nents; i++) {
    scc_entity *e = c->ents[i].e;
    for (uint32_t k = 0; k < e->nfields; k++) {
      scc_mfield *f = e->fields[k];
      if (!f->ref) continue;
      bool covered = e->npk > 0 && e->pk[0] == f;
      /* Unique keys of soft-delete entities are partial indexes: no help to
       * foreign-key lookups, like any partial index. */
      for (uint32_t j = 0; !covered && !e->soft_delete && j < e->nuniques; j++)
        covered = starts_with(&e->uniques[j], f);
      for (uint32_t j = 0; !covered && j < e->nindexes; j++)
        covered = starts_with(&e->indexes[j], f) && !e->indexes[j].where &&
                  !(e->soft_delete && e->indexes[j].kind == SCC_IDX_UNIQUE); /* partial, as above */
      if (covered) continue;
      scc_index *grown = scc_alloc(c->a, (e->nindexes + 1) * sizeof *grown);
      if (e->nindexes) memcpy(grown, e->indexes, e->nindexes * sizeof *grown);
      e->indexes = grown;
      scc_index *ix = &grown[e->nindexes++];
      ix->kind = SCC_IDX_FOREIGN;
      ix->cols = scc_alloc(c->a, sizeof *ix->cols);
      ix->cols[0].field = f;
      ix->ncols = 1;
      ix->loc = f->loc;
    }
  }
}

const char *ck_constraint_name(checker *c, const char *table, const char *cols, const char *suffix) {
  return scc_constraint_name(c->a, table, cols, suffix);
}

static const char *cols_text(checker *c, const scc_index *ix) {
  scc_buf b = {0};
  for (uint32_t i = 0; i < ix->ncols; i++) {
    if (i) scc_buf_putc(&b, '_');
    scc_buf_puts(&b, ix->cols[i].field ? ix->cols[i].field->column : ix->cols[i].expr_name);
  }
  const char *s = scc_strdup(c->a, b.data ? b.data : "");
  scc_buf_free(&b);
  return s;
}

typedef struct name_entry {
  const char *name;
  scc_loc loc;
  bool user; /* given by the user (so the error points at it) */
} name_entry;

typedef struct name_set {
  name_entry *v;
  size_t n, cap;
  scc_strmap *index; /* name -> entry index + 1, for large sets; else a scan */
} name_set;

/* SQLite compares identifiers with ASCII case folded, quoted or not: names
 * that differ only in ASCII case are the same name there. */
static bool same_sql_name(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a, y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
    if (x != y) return false;
  }
  return *a == *b;
}

static const char *fold(checker *c, const char *name) {
  char *k = scc_strdup(c->a, name);
  for (char *p = k; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
  return k;
}

static const name_entry *find_name(checker *c, const name_set *ns, const char *name) {
  if (ns->index) {
    uintptr_t k = (uintptr_t)scc_strmap_get(ns->index, fold(c, name));
    return k ? &ns->v[k - 1] : NULL;
  }
  for (size_t i = 0; i < ns->n; i++)
    if (same_sql_name(ns->v[i].name, name)) return &ns->v[i];
  return NULL;
}

static void claim(checker *c, name_set *ns, const char *name, scc_loc loc, bool user, const char *what) {
  const name_entry *prev = find_name(c, ns, name);
  if (prev) {
    scc_diag *g = strcmp(prev->name, name) == 0
                      ? ck_error(c, loc, "%s name '%s' is already used", what, name)
                      : ck_error(c, loc, "%s name '%s' differs from '%s' only in case, which SQLite ignores", what,
                                 name, prev->name);
    scc_diag_note(g, prev->loc, "'%s' is used here", prev->name);
    if (!user) scc_diag_help(g, "give one of them another name with name: \"...\"");
    return;
  }
  if (strlen(name) > SCC_MAX_IDENT_BYTES && strcmp(what, "table") != 0) { /* tables: reported by check.c */
    ck_error(c, loc, "%s name '%s' is longer than %d bytes", what, name, SCC_MAX_IDENT_BYTES);
    return;
  }
  if (ns->n == ns->cap) {
    size_t cap = ns->cap ? ns->cap * 2 : 64;
    name_entry *grown = scc_alloc(c->a, cap * sizeof *grown);
    if (ns->n) memcpy(grown, ns->v, ns->n * sizeof *grown);
    ns->v = grown;
    ns->cap = cap;
  }
  ns->v[ns->n].name = name;
  ns->v[ns->n].loc = loc;
  ns->v[ns->n].user = user;
  ns->n++;
  if (ns->index) scc_strmap_add(ns->index, fold(c, name), (void *)(uintptr_t)ns->n);
}

void ck_global_names(checker *c) {
  name_set rel = {0};  /* tables, indexes and key constraints share a namespace on PostgreSQL */
  name_set cons = {0}; /* other constraint names, per table, checked within the entity (few: scanned) */
  scc_strmap rel_index;
  scc_strmap_init(&rel_index, c->a, (size_t)c->nents * 4);
  rel.index = &rel_index;
  for (uint32_t i = 0; i < c->nents; i++) claim(c, &rel, c->ents[i].e->table, c->ents[i].e->loc, true, "table");
  for (uint32_t i = 0; i < c->nents; i++) {
    scc_entity *e = c->ents[i].e;
    /* Two fields on one column. */
    for (uint32_t a = 0; a < e->nfields; a++)
      for (uint32_t b = 0; b < a; b++)
        if (same_sql_name(e->fields[a]->column, e->fields[b]->column)) {
          scc_diag *g = strcmp(e->fields[a]->column, e->fields[b]->column) == 0
                            ? ck_error(c, e->fields[a]->loc, "fields '%s' and '%s' both use column '%s'",
                                       e->fields[b]->name, e->fields[a]->name, e->fields[a]->column)
                            : ck_error(c, e->fields[a]->loc,
                                       "columns '%s' and '%s' differ only in case, which SQLite ignores",
                                       e->fields[b]->column, e->fields[a]->column);
          scc_diag_note(g, e->fields[b]->loc, "'%s' declared here", e->fields[b]->name);
        }
    if (e->npk) {
      e->pk_name = ck_constraint_name(c, e->table, NULL, "pkey");
      claim(c, &rel, e->pk_name, e->loc, false, "constraint");
    }
    for (uint32_t k = 0; k < e->nuniques; k++) {
      scc_index *ix = &e->uniques[k];
      bool user = ix->name != NULL;
      if (!ix->name) ix->name = ck_constraint_name(c, e->table, cols_text(c, ix), "key");
      ix->live_only = e->soft_delete != NULL;
      claim(c, &rel, ix->name, ix->loc, user, "index");
    }
    for (uint32_t k = 0; k < e->nindexes; k++) {
      scc_index *ix = &e->indexes[k];
      bool user = ix->name != NULL;
      bool uq = ix->kind == SCC_IDX_UNIQUE; /* a unique index that is not a key (check_attrs.c) */
      if (!ix->name) ix->name = ck_constraint_name(c, e->table, cols_text(c, ix), uq ? "key" : "idx");
      ix->live_only = uq && e->soft_delete != NULL;
      claim(c, &rel, ix->name, ix->loc, user, "index");
    }
    if (e->tenant) e->tenant_policy = ck_constraint_name(c, e->table, NULL, "tenant_isolation");
    cons.n = 0;
    for (uint32_t k = 0; k < e->nfields; k++) {
      scc_mfield *f = e->fields[k];
      f->check_name = ck_constraint_name(c, e->table, f->column, "check");
      if (f->ref) {
        f->ref->name = ck_constraint_name(c, e->table, f->column, "fkey");
        claim(c, &cons, f->ref->name, f->ref->loc, false, "constraint");
      }
    }
    for (uint32_t k = 0; k < e->nchecks; k++) {
      e->checks[k].name = k == 0 ? ck_constraint_name(c, e->table, NULL, "check")
                                 : ck_constraint_name(c, e->table, scc_printf(c->a, "%u", k + 1), "check");
    }
  }
}

/* Tarjan's strongly connected components over required references. */
typedef struct tarjan {
  checker *c;
  int *index, *low, *stack;
  bool *on;
  int next, sp;
  int *comp;
  int ncomp;
} tarjan;

/* Entities are built in declaration order: c->ents[e->decl_order].e == e. */
static int ent_index(checker *c, const scc_entity *e) {
  (void)c;
  return (int)e->decl_order;
}

static void strong(tarjan *t, int v) {
  t->index[v] = t->low[v] = t->next++;
  t->stack[t->sp++] = v;
  t->on[v] = true;
  const scc_entity *e = t->c->ents[v].e;
  for (uint32_t k = 0; k < e->nfields; k++) {
    const scc_mfield *f = e->fields[k];
    if (!f->ref || f->nullable) continue;
    int w = ent_index(t->c, f->ref->target);
    if (t->index[w] < 0) {
      strong(t, w);
      if (t->low[w] < t->low[v]) t->low[v] = t->low[w];
    } else if (t->on[w] && t->index[w] < t->low[v]) {
      t->low[v] = t->index[w];
    }
  }
  if (t->low[v] == t->index[v]) {
    int w;
    do {
      w = t->stack[--t->sp];
      t->on[w] = false;
      t->comp[w] = t->ncomp;
    } while (w != v);
    t->ncomp++;
  }
}

/* Binary min-heap of entity indexes. */
static void heap_push(uint32_t *h, uint32_t *n, uint32_t v) {
  uint32_t i = (*n)++;
  while (i > 0 && h[(i - 1) / 2] > v) {
    h[i] = h[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h[i] = v;
}

static uint32_t heap_pop(uint32_t *h, uint32_t *n) {
  uint32_t top = h[0], v = h[--(*n)], i = 0;
  for (;;) {
    uint32_t l = 2 * i + 1, m = l;
    if (l >= *n) break;
    if (l + 1 < *n && h[l + 1] < h[l]) m = l + 1;
    if (h[m] >= v) break;
    h[i] = h[m];
    i = m;
  }
  if (*n) h[i] = v;
  return top;
}

void ck_cycles_and_order(checker *c) {
  uint32_t n = c->nents;
  if (n == 0) {
    c->s->create_order = scc_alloc(c->a, sizeof *c->s->create_order);
    return;
  }
  tarjan t = {0};
  t.c = c;
  t.index = scc_alloc(c->a, n * sizeof(int));
  t.low = scc_alloc(c->a, n * sizeof(int));
  t.stack = scc_alloc(c->a, n * sizeof(int));
  t.comp = scc_alloc(c->a, n * sizeof(int));
  t.on = scc_alloc(c->a, n * sizeof(bool));
  for (uint32_t i = 0; i < n; i++) t.index[i] = -1;
  for (uint32_t i = 0; i < n; i++)
    if (t.index[i] < 0) strong(&t, (int)i);
  /* A component is a cycle if it has two entities, or one that requires itself. */
  bool *reported = scc_alloc(c->a, (size_t)t.ncomp * sizeof(bool));
  for (uint32_t i = 0; i < n; i++) {
    const scc_entity *e = c->ents[i].e;
    for (uint32_t k = 0; k < e->nfields; k++) {
      const scc_mfield *f = e->fields[k];
      if (!f->ref || f->nullable) continue;
      int w = ent_index(c, f->ref->target);
      if (t.comp[w] != t.comp[i] || reported[t.comp[i]]) continue;
      reported[t.comp[i]] = true;
      scc_buf path = {0};
      for (uint32_t j = 0; j < n; j++) {
        if (t.comp[j] != t.comp[i]) continue;
        const scc_entity *x = c->ents[j].e;
        for (uint32_t m = 0; m < x->nfields; m++) {
          const scc_mfield *g = x->fields[m];
          if (g->ref && !g->nullable && t.comp[ent_index(c, g->ref->target)] == t.comp[i])
            scc_buf_printf(&path, "%s%s.%s -> %s", path.len ? ", " : "", x->name, g->name, g->ref->target->name);
        }
      }
      scc_diag *d = ck_error(c, f->ref->loc, "required foreign keys form a cycle, so no row can ever be inserted: %s",
                             path.data);
      scc_diag_help(d, "make one of these references nullable with '?'");
      scc_buf_free(&path);
    }
  }
  /* Creation order: Kahn's algorithm, ties by declaration order (a min-heap
   * of ready entities by index); a cycle of nullable references is broken at
   * its first-declared entity. pending[i]: references of entity i to other
   * entities not created yet; deps: who references whom, reversed. */
  scc_schema *s = c->s;
  s->create_order = scc_alloc(c->a, n * sizeof *s->create_order);
  bool *done = scc_alloc(c->a, n * sizeof(bool));
  uint32_t *pending = scc_alloc(c->a, n * sizeof(uint32_t));
  uint32_t *dep_start = scc_alloc(c->a, (n + 1) * sizeof(uint32_t));
  uint32_t ndone = 0;
  size_t nref = 0;
  for (uint32_t i = 0; i < n; i++) {
    const scc_entity *e = c->ents[i].e;
    for (uint32_t k = 0; k < e->nfields; k++) {
      const scc_mfield *f = e->fields[k];
      if (!f->ref) continue;
      nref++;
      if (f->ref->target == e) continue;
      pending[i]++;
      dep_start[ent_index(c, f->ref->target) + 1]++;
    }
  }
  for (uint32_t i = 0; i < n; i++) dep_start[i + 1] += dep_start[i];
  uint32_t *deps = scc_alloc(c->a, (dep_start[n] + 1) * sizeof(uint32_t));
  uint32_t *fill = scc_alloc(c->a, n * sizeof(uint32_t));
  for (uint32_t i = 0; i < n; i++) {
    const scc_entity *e = c->ents[i].e;
    for (uint32_t k = 0; k < e->nfields; k++) {
      const scc_mfield *f = e->fields[k];
      if (!f->ref || f->ref->target == e) continue;
      int to = ent_index(c, f->ref->target);
      deps[dep_start[to] + fill[to]++] = i;
    }
  }
  s->deferred_refs = scc_alloc(c->a, (nref + 1) * sizeof *s->deferred_refs);
  s->deferred_ref_owner = scc_alloc(c->a, (nref + 1) * sizeof *s->deferred_ref_owner);
  uint32_t *heap = scc_alloc(c->a, n * sizeof(uint32_t));
  uint32_t nheap = 0, lowest = 0;
  for (uint32_t i = 0; i < n; i++)
    if (!pending[i]) heap_push(heap, &nheap, i);
  while (ndone < n) {
    uint32_t pick;
    if (nheap) {
      pick = heap_pop(heap, &nheap);
    } else {
      while (done[lowest]) lowest++;
      pick = lowest;
      const scc_entity *e = c->ents[pick].e;
      for (uint32_t k = 0; k < e->nfields; k++) {
        const scc_mfield *f = e->fields[k];
        if (f->ref && f->ref->target != e && !done[ent_index(c, f->ref->target)]) {
          s->deferred_refs[s->ndeferred] = f;
          s->deferred_ref_owner[s->ndeferred] = e;
          s->ndeferred++;
        }
      }
    }
    done[pick] = true;
    s->create_order[ndone++] = c->ents[pick].e;
    for (uint32_t j = dep_start[pick]; j < dep_start[pick + 1]; j++) {
      uint32_t d = deps[j];
      if (--pending[d] == 0 && !done[d]) heap_push(heap, &nheap, d);
    }
  }
}
