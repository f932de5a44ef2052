/* Semantic checks: field attributes (@x), entity attributes (@@x) and the
 * primary key. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

static const char *const field_attrs[] = {"id",          "default", "unique",     "index",   "check",
                                          "ref",         "created_at", "updated_at", "soft_delete",
                                          "version",     "column",  "renamed_from", "sensitive", "tenant", NULL};
static const char *const entity_attrs[] = {"table", "id", "unique", "index", "check", "renamed_from", NULL};

static bool in_list(const char *name, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(name, list[i]) == 0) return true;
  return false;
}

const scc_expr *ck_single_arg(checker *c, const scc_attr *a, const char *what) {
  if (a->nargs != 1 || a->args->name) {
    ck_error(c, a->full, "%s takes exactly one argument", what);
    return NULL;
  }
  return a->args->value;
}

static bool no_args(checker *c, const scc_attr *a, const char *prefix) {
  if (a->has_parens) {
    ck_error(c, a->full, "%s%s takes no arguments", prefix, a->name);
    return false;
  }
  return true;
}

static const char *string_arg(checker *c, const scc_attr *a, const char *what) {
  const scc_expr *e = ck_single_arg(c, a, what);
  if (!e) return NULL;
  if (e->kind != SCC_EXPR_STRING || e->len == 0) {
    ck_error(c, e->loc, "%s takes a non-empty string", what);
    return NULL;
  }
  if (strlen(e->text) != e->len) {
    ck_error(c, e->loc, "%s cannot contain a NUL character", what);
    return NULL;
  }
  return e->text;
}

static void unknown_attr(checker *c, const scc_attr *a, bool entity_level) {
  const char *const *mine = entity_level ? entity_attrs : field_attrs;
  const char *const *other = entity_level ? field_attrs : entity_attrs;
  const char *p = entity_level ? "@@" : "@";
  const char *op = entity_level ? "@" : "@@";
  scc_diag *g = ck_error(c, a->loc, "unknown %s attribute '%s%s'", entity_level ? "entity" : "field", p, a->name);
  const char *best = scc_suggest(a->name, mine);
  if (best) {
    scc_diag_help(g, "did you mean '%s%s'?", p, best);
  } else if (in_list(a->name, other)) {
    scc_diag_help(g, "'%s%s' is an %s attribute", op, a->name, entity_level ? "field" : "entity");
  } else if ((best = scc_suggest(a->name, other)) != NULL) {
    scc_diag_help(g, "did you mean '%s%s'?", op, best);
  }
}

static scc_index *add_index(checker *c, scc_entity *e, bool unique, uint32_t ncols, scc_loc loc) {
  scc_index **arr = unique ? &e->uniques : &e->indexes;
  uint32_t *n = unique ? &e->nuniques : &e->nindexes;
  scc_index *grown = scc_alloc(c->a, (*n + 1) * sizeof *grown);
  if (*n) memcpy(grown, *arr, *n * sizeof *grown);
  *arr = grown;
  scc_index *ix = &grown[(*n)++];
  ix->kind = unique ? SCC_IDX_UNIQUE : SCC_IDX_PLAIN;
  ix->cols = scc_alloc(c->a, (ncols ? ncols : 1) * sizeof *ix->cols);
  ix->loc = loc;
  return ix;
}

/* `name: "..."` among the named arguments of an attribute. */
static bool named_args(checker *c, const scc_attr *a, const char *const *allowed, const char **values,
                       const scc_expr **exprs) {
  bool ok = true;
  for (const scc_arg *g = a->args; g; g = g->next) {
    if (!g->name) continue;
    size_t k = 0;
    while (allowed[k] && strcmp(allowed[k], g->name) != 0) k++;
    if (!allowed[k]) {
      scc_diag *d = ck_error(c, g->name_loc, "unknown argument '%s' of @@%s", g->name, a->name);
      const char *best = scc_suggest(g->name, allowed);
      if (best) scc_diag_help(d, "did you mean '%s'?", best);
      ok = false;
      continue;
    }
    /* type: gin, ops: jsonb_path_ops take a bare name (check_index.c). */
    bool word = !strcmp(g->name, "type") || !strcmp(g->name, "ops");
    if (word ? g->value->kind != SCC_EXPR_IDENT : (g->value->kind != SCC_EXPR_STRING || g->value->len == 0)) {
      ck_error(c, g->value->loc, word ? "'%s' takes a name, such as type: gin" : "'%s' takes a non-empty string", g->name);
      ok = false;
      continue;
    }
    values[k] = g->value->text;
    if (exprs) exprs[k] = g->value;
  }
  return ok;
}

static void field_check_range(checker *c, scc_mfield *f, const scc_attr *a) {
  const scc_expr *e = ck_single_arg(c, a, "@check");
  if (!e) return;
  if (!ck_is_numeric(f->type.kind)) {
    scc_diag *g = ck_error(c, a->loc, "@check needs a numeric field; '%s' is %s", f->name, ck_type_name(&f->type));
    if (f->type.kind == SCC_T_STRING || f->type.kind == SCC_T_TEXT)
      scc_diag_help(g, "limit a string's length with string(n), or write @@check(\"...\") on the entity");
    return;
  }
  if (e->kind != SCC_EXPR_RANGE) {
    scc_diag *g = ck_error(c, e->loc, "@check takes an inclusive range such as 0..100");
    scc_diag_help(g, "for other conditions write @@check(\"...\") on the entity");
    return;
  }
  if (ck_is_integer(f->type.kind) && (e->lo->kind != SCC_EXPR_INT || e->hi->kind != SCC_EXPR_INT)) {
    ck_error(c, e->loc, "the bounds of @check on %s field '%s' must be integers", ck_type_name(&f->type), f->name);
    return;
  }
  if (strtod(e->lo->text, NULL) > strtod(e->hi->text, NULL)) {
    ck_error(c, e->loc, "empty range: %s is greater than %s", e->lo->text, e->hi->text);
    return;
  }
  if (ck_is_integer(f->type.kind)) {
    errno = 0;
    long long lo = strtoll(e->lo->text, NULL, 10), hi = strtoll(e->hi->text, NULL, 10);
    long long min = f->type.kind == SCC_T_SMALLINT ? -32768 : f->type.kind == SCC_T_INT ? -2147483648LL : INT64_MIN;
    long long max = f->type.kind == SCC_T_SMALLINT ? 32767 : f->type.kind == SCC_T_INT ? 2147483647LL : INT64_MAX;
    if (errno || lo < min || hi > max) {
      ck_error(c, e->loc, "range %s..%s does not fit type %s", e->lo->text, e->hi->text, ck_type_name(&f->type));
      return;
    }
  }
  f->has_check = true;
  f->check_lo = e->lo->text;
  f->check_hi = e->hi->text;
}

static void one_per_entity(checker *c, const scc_mfield **slot, scc_mfield *f, const char *attr) {
  if (*slot) {
    scc_diag *g = ck_error(c, f->loc, "entity has more than one %s field", attr);
    scc_diag_note(g, (*slot)->loc, "'%s' is already %s", (*slot)->name, attr);
    return;
  }
  *slot = f;
}

/* @sensitive on a field whose value leaves the row (docs/language.md):
 * the primary key is the change hook's key and part of the cache key; the
 * tenant key is a session setting on PostgreSQL and in every tenant's
 * statements. Unique keys and references stay: they are only bound as
 * parameters and error messages never carry values. */
static void sensitive_key(checker *c, const scc_mfield *f, const scc_field *ast, const char *what,
                          const char *why) {
  scc_loc loc = f->loc;
  for (const scc_attr *a = ast->attrs; a; a = a->next)
    if (strcmp(a->name, "sensitive") == 0) loc = a->loc;
  scc_diag *g = ck_error(c, loc, "@sensitive field '%s' cannot be %s", f->name, what);
  scc_diag_help(g, "%s", why);
}

void ck_field_attrs(checker *c, ent_info *ei, scc_mfield *f, const scc_field *ast) {
  scc_entity *e = ei->e;
  const scc_attr *seen[32] = {0};
  const scc_attr *def = NULL;
  for (const scc_attr *a = ast->attrs; a; a = a->next) {
    if (!in_list(a->name, field_attrs)) {
      unknown_attr(c, a, false);
      continue;
    }
    size_t k = 0;
    while (strcmp(field_attrs[k], a->name) != 0) k++;
    if (seen[k]) {
      scc_diag *g = ck_error(c, a->loc, "duplicate attribute '@%s' on field '%s'", a->name, f->name);
      scc_diag_note(g, seen[k]->loc, "first given here");
      continue;
    }
    seen[k] = a;
    const char *n = a->name;
    if (strcmp(n, "id") == 0) {
      if (no_args(c, a, "@")) {
        f->is_id = true;
        ei->nid++;
      }
    } else if (strcmp(n, "default") == 0) {
      def = a;
    } else if (strcmp(n, "unique") == 0 || strcmp(n, "index") == 0) {
      bool unique = n[0] == 'u';
      const char *vals[2] = {0};
      static const char *const allowed[] = {"name", NULL};
      for (const scc_arg *g = a->args; g; g = g->next)
        if (!g->name) ck_error(c, g->value->loc, "@%s takes only name: \"...\"", n);
      if (!named_args(c, a, allowed, vals, NULL)) continue;
      scc_index *ix = add_index(c, e, unique, 1, a->loc);
      ix->cols[0].field = f;
      ix->ncols = 1;
      ix->name = vals[0];
      if (unique) f->unique = true;
      else f->indexed = true;
    } else if (strcmp(n, "check") == 0) {
      field_check_range(c, f, a);
    } else if (strcmp(n, "ref") == 0) {
      ei->ref_attrs[f->index] = a;
    } else if (strcmp(n, "created_at") == 0 || strcmp(n, "updated_at") == 0) {
      if (!no_args(c, a, "@")) continue;
      if (f->type.kind != SCC_T_TIMESTAMP) {
        ck_error(c, a->loc, "@%s needs a timestamp field; '%s' is %s", n, f->name, ck_type_name(&f->type));
        continue;
      }
      if (n[0] == 'c') {
        f->created_at = true;
        one_per_entity(c, &e->created_at, f, "@created_at");
      } else {
        f->updated_at = true;
        one_per_entity(c, &e->updated_at, f, "@updated_at");
      }
    } else if (strcmp(n, "soft_delete") == 0) {
      if (!no_args(c, a, "@")) continue;
      if (f->type.kind != SCC_T_TIMESTAMP) {
        scc_diag *g = ck_error(c, a->loc, "@soft_delete needs a nullable timestamp field; '%s' is %s", f->name,
                               ck_type_name(&f->type));
        scc_diag_help(g, "declare it as: %s timestamp? @soft_delete", f->name);
        continue;
      }
      if (!f->nullable) {
        scc_diag *g = ck_error(c, a->loc, "@soft_delete field '%s' must be nullable", f->name);
        scc_diag_help(g, "NULL means live; write: %s timestamp? @soft_delete", f->name);
        continue;
      }
      f->soft_delete = true;
      one_per_entity(c, &e->soft_delete, f, "@soft_delete");
    } else if (strcmp(n, "version") == 0) {
      if (!no_args(c, a, "@")) continue;
      if (!ck_is_integer(f->type.kind)) {
        scc_diag *g = ck_error(c, a->loc, "@version needs an integer field; '%s' is %s", f->name, ck_type_name(&f->type));
        scc_diag_help(g, "declare it as: %s int @version", f->name);
        continue;
      }
      if (f->nullable) {
        ck_error(c, a->loc, "@version field '%s' cannot be nullable", f->name);
        continue;
      }
      f->version = true;
      one_per_entity(c, &e->version, f, "@version");
    } else if (strcmp(n, "column") == 0) {
      const char *col = string_arg(c, a, "@column");
      if (col) f->column = col;
    } else if (strcmp(n, "renamed_from") == 0) {
      const scc_expr *x = ck_single_arg(c, a, "@renamed_from");
      if (x && x->kind != SCC_EXPR_IDENT) ck_error(c, x->loc, "@renamed_from takes the old field name");
      else if (x) f->renamed_from = x->text;
    } else if (strcmp(n, "sensitive") == 0) {
      if (no_args(c, a, "@")) f->sensitive = true;
    } else if (strcmp(n, "tenant") == 0) {
      if (!no_args(c, a, "@")) continue;
      scc_type_kind k2 = f->type.kind;
      if (k2 != SCC_T_UUID && k2 != SCC_T_INT && k2 != SCC_T_BIGINT && k2 != SCC_T_STRING && k2 != SCC_T_TEXT) {
        ck_error(c, a->loc, "@tenant needs a uuid, int, bigint or string field; '%s' is %s", f->name,
                 ck_type_name(&f->type));
        continue;
      }
      if (f->nullable) {
        ck_error(c, a->loc, "@tenant field '%s' cannot be nullable", f->name);
        continue;
      }
      f->tenant = true;
      one_per_entity(c, &e->tenant, f, "@tenant");
    }
  }
  if (f->sensitive && f->tenant)
    sensitive_key(c, f, ast, "the @tenant key",
                  "the tenant is set per transaction as a session setting and scopes every statement; "
                  "it is an identifier, not a secret: remove @sensitive");
  if (def) ck_default(c, f, def);
  if (f->def.kind == SCC_DEF_AUTOINCREMENT) e->autoincrement = f;
}

/* Reads the field list of @@id / @@unique / @@index. */
static bool field_list(checker *c, ent_info *ei, const scc_attr *a, bool allow_order, scc_index *ix) {
  scc_entity *e = ei->e;
  bool ok = true;
  ix->ncols = 0;
  for (const scc_arg *g = a->args; g; g = g->next) {
    if (g->name) continue;
    const scc_expr *x = g->value;
    if (x->kind == SCC_EXPR_CALL && strcmp(a->name, "id") != 0) {
      /* An expression key (check_index.c). */
      scc_index_col col = {0};
      if (x->text2 && (!allow_order || (strcmp(x->text2, "asc") != 0 && strcmp(x->text2, "desc") != 0))) {
        scc_diag *d = allow_order ? ck_error(c, x->loc2, "unknown sort order '%s'", x->text2)
                                  : ck_error(c, x->loc2, "@@%s columns take no sort order", a->name);
        if (allow_order) scc_diag_help(d, "use 'asc' or 'desc'");
        ok = false;
        continue;
      }
      if (!ck_index_expr(c, e, a, x, &col)) {
        ok = false;
        continue;
      }
      col.desc = x->text2 && strcmp(x->text2, "desc") == 0;
      for (uint32_t i = 0; i < ix->ncols; i++) {
        if (ix->cols[i].expr && strcmp(ix->cols[i].expr, col.expr) == 0) {
          ck_error(c, x->loc, "the expression %s is listed twice in @@%s", col.expr, a->name);
          ok = false;
        }
      }
      ix->cols[ix->ncols++] = col;
      continue;
    }
    if (x->kind != SCC_EXPR_IDENT && !(x->kind == SCC_EXPR_SORTED && allow_order)) {
      if (x->kind == SCC_EXPR_SORTED)
        ck_error(c, x->loc2, "@@%s columns take no sort order", a->name);
      else
        ck_error(c, x->loc, "expected a field name in @@%s", a->name);
      ok = false;
      continue;
    }
    bool desc = false;
    if (x->kind == SCC_EXPR_SORTED) {
      if (strcmp(x->text2, "desc") == 0) {
        desc = true;
      } else if (strcmp(x->text2, "asc") != 0) {
        scc_diag *d = ck_error(c, x->loc2, "unknown sort order '%s'", x->text2);
        scc_diag_help(d, "use 'asc' or 'desc'");
        ok = false;
        continue;
      }
    }
    const scc_mfield *f = scc_entity_field(e, x->text);
    if (!f) {
      scc_diag *d = ck_error(c, x->loc, "entity '%s' has no field '%s'", e->name, x->text);
      const char **cand = scc_alloc(c->a, (e->nfields + 1) * sizeof *cand);
      for (uint32_t i = 0; i < e->nfields; i++) cand[i] = e->fields[i]->name;
      const char *best = scc_suggest(x->text, cand);
      if (best) scc_diag_help(d, "did you mean '%s'?", best);
      ok = false;
      continue;
    }
    for (uint32_t i = 0; i < ix->ncols; i++) {
      if (ix->cols[i].field == f) {
        ck_error(c, x->loc, "field '%s' is listed twice in @@%s", f->name, a->name);
        ok = false;
      }
    }
    ix->cols[ix->ncols].field = f;
    ix->cols[ix->ncols].desc = desc;
    ix->ncols++;
  }
  if (ix->ncols == 0 && ok) {
    ck_error(c, a->full, "@@%s needs at least one field", a->name);
    ok = false;
  }
  return ok;
}

void ck_entity_attrs(checker *c, ent_info *ei) {
  scc_entity *e = ei->e;
  const scc_attr *seen_table = NULL, *seen_rename = NULL;
  for (const scc_attr *a = ei->decl->attrs; a; a = a->next) {
    const char *n = a->name;
    if (!in_list(n, entity_attrs)) {
      unknown_attr(c, a, true);
      continue;
    }
    if (strcmp(n, "table") == 0) {
      if (seen_table) {
        scc_diag *g = ck_error(c, a->loc, "duplicate attribute '@@table'");
        scc_diag_note(g, seen_table->loc, "first given here");
        continue;
      }
      seen_table = a;
      ei->table_attr = a;
      const char *t = string_arg(c, a, "@@table");
      if (t) e->table = t;
    } else if (strcmp(n, "renamed_from") == 0) {
      if (seen_rename) {
        scc_diag *g = ck_error(c, a->loc, "duplicate attribute '@@renamed_from'");
        scc_diag_note(g, seen_rename->loc, "first given here");
        continue;
      }
      seen_rename = a;
      const scc_expr *x = ck_single_arg(c, a, "@@renamed_from");
      if (x && x->kind != SCC_EXPR_IDENT) ck_error(c, x->loc, "@@renamed_from takes the old entity name");
      else if (x) e->renamed_from = x->text;
    } else if (strcmp(n, "check") == 0) {
      const char *sql = string_arg(c, a, "@@check");
      if (!sql) continue;
      scc_check_constraint *grown = scc_alloc(c->a, (e->nchecks + 1) * sizeof *grown);
      if (e->nchecks) memcpy(grown, e->checks, e->nchecks * sizeof *grown);
      e->checks = grown;
      grown[e->nchecks].sql = sql;
      grown[e->nchecks].loc = a->loc;
      e->nchecks++;
    } else if (strcmp(n, "id") == 0) {
      if (ei->id_attr) {
        scc_diag *g = ck_error(c, a->loc, "duplicate attribute '@@id'");
        scc_diag_note(g, ei->id_attr->loc, "first given here");
        continue;
      }
      ei->id_attr = a;
    } else {
      bool unique = n[0] == 'u';
      static const char *const idx_named[] = {"name", "where", "type", "ops", NULL};
      static const char *const uq_named[] = {"name", "where", NULL};
      const char *vals[4] = {0};
      const scc_expr *exprs[4] = {0};
      if (!named_args(c, a, unique ? uq_named : idx_named, vals, exprs)) continue;
      /* A unique key with an expression or a predicate is a unique index,
       * not a key of the entity: no get_by, no upsert target (language.md
       * section 8). It is kept with the indexes. */
      bool key = unique && !vals[1];
      for (const scc_arg *g = a->args; key && g; g = g->next) key = g->name || g->value->kind != SCC_EXPR_CALL;
      scc_index *ix = add_index(c, e, key, a->nargs, a->loc);
      if (unique && !key) ix->kind = SCC_IDX_UNIQUE;
      if (!field_list(c, ei, a, !unique, ix) || !ck_index_method(c, a, exprs[2], exprs[3], ix)) {
        if (key) e->nuniques--;
        else e->nindexes--;
        continue;
      }
      ix->name = vals[0];
      ix->where = vals[1];
    }
  }
}

void ck_primary_key(checker *c, ent_info *ei) {
  scc_entity *e = ei->e;
  if (ei->id_attr && ei->nid) {
    for (uint32_t i = 0; i < e->nfields; i++) {
      if (e->fields[i]->is_id) {
        scc_diag *g = ck_error(c, e->fields[i]->loc, "entity '%s' has both @id and @@id", e->name);
        scc_diag_note(g, ei->id_attr->loc, "@@id given here");
        break;
      }
    }
    return;
  }
  if (ei->id_attr) {
    scc_index tmp = {0};
    tmp.cols = scc_alloc(c->a, (ei->id_attr->nargs + 1) * sizeof *tmp.cols);
    if (!field_list(c, ei, ei->id_attr, false, &tmp)) return;
    e->pk = scc_alloc(c->a, tmp.ncols * sizeof *e->pk);
    for (uint32_t i = 0; i < tmp.ncols; i++) {
      scc_mfield *f = e->fields[tmp.cols[i].field->index];
      f->is_id = true;
      e->pk[e->npk++] = f;
    }
  } else if (ei->nid > 1) {
    const scc_mfield *first = NULL;
    for (uint32_t i = 0; i < e->nfields; i++) {
      if (!e->fields[i]->is_id) continue;
      if (!first) {
        first = e->fields[i];
        continue;
      }
      scc_diag *g = ck_error(c, e->fields[i]->loc, "entity '%s' has more than one @id field", e->name);
      scc_diag_note(g, first->loc, "'%s' is already @id", first->name);
      scc_diag_help(g, "for a composite key write @@id(%s, %s) on the entity", first->name, e->fields[i]->name);
      break;
    }
    return;
  } else if (ei->nid == 1) {
    e->pk = scc_alloc(c->a, sizeof *e->pk);
    for (uint32_t i = 0; i < e->nfields; i++)
      if (e->fields[i]->is_id) e->pk[e->npk++] = e->fields[i];
  } else {
    if (e->nfields == 0 || ei->decl->broken) return;
    scc_diag *g = ck_error(c, e->loc, "entity '%s' has no primary key", e->name);
    scc_diag_help(g, "mark a field with @id, add `id bigint @id @default(autoincrement())`, or write @@id(a, b)");
    return;
  }
  for (uint32_t i = 0; i < e->npk; i++) {
    const scc_mfield *f = e->pk[i];
    if (f->nullable) {
      scc_diag *g = ck_error(c, f->loc, "primary key field '%s' cannot be nullable", f->name);
      scc_diag_help(g, "remove the '?' from its type");
    }
    if (f->type.kind == SCC_T_JSON || f->type.kind == SCC_T_FLOAT)
      ck_error(c, f->loc, "primary key field '%s' cannot be of type %s", f->name, ck_type_name(&f->type));
    if (f->soft_delete || f->version)
      ck_error(c, f->loc, "primary key field '%s' cannot be %s", f->name, f->soft_delete ? "@soft_delete" : "@version");
    if (f->sensitive)
      sensitive_key(c, f, ei->ast[f->index], "part of the primary key",
                    "the key leaves the row in change events and cache keys; key the row by another field "
                    "(e.g. `id uuid @id @default(uuid())`) and keep the secret in a @unique field");
  }
  if (e->autoincrement && (e->npk != 1 || e->pk[0] != e->autoincrement)) {
    scc_diag *g = ck_error(c, e->autoincrement->def.loc, "autoincrement() is only for a single-field primary key");
    scc_diag_help(g, "mark '%s' with @id, or use another default", e->autoincrement->name);
  }
}
