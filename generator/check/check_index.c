/* Expression keys and index types of @@index / @@unique (issue 15):
 *
 *   @@index(org_id, lower(name) desc)      an expression key
 *   @@unique(lower(email))                 a unique index on an expression
 *   @@index(data, type: gin, ops: jsonb_path_ops)
 *
 * An expression key is written in the language, not as SQL text: a call
 * whose arguments are field names, strings, numbers and further calls. The
 * checker writes its SQL itself (field names become quoted column names,
 * strings standard SQL literals), so no text of the user's reaches the DDL
 * but function names, which are bare words; check_sql.c then has SQLite
 * prepare the key where the DDL puts it (unknown functions, non-deterministic
 * ones and wrong argument counts are refused there). */
#include <string.h>

#include "check/check_internal.h"
#include "dialect/dialect.h"

typedef struct expr_out {
  scc_buf sql, name;
  unsigned ncols; /* column references */
} expr_out;

static void name_part(expr_out *o, const char *s) {
  if (o->name.len) scc_buf_putc(&o->name, '_');
  for (; *s; s++) scc_buf_putc(&o->name, *s == '-' || *s == '.' ? '_' : *s);
}

static bool arg_sql(checker *c, const scc_entity *e, const scc_expr *x, expr_out *o);

static bool call_sql(checker *c, const scc_entity *e, const scc_expr *x, expr_out *o) {
  /* Function names are case-blind in SQL; written in lower case, as
   * `schemac pull` reads PostgreSQL's COALESCE back. */
  char *fn = scc_strdup(c->a, x->text);
  for (char *p = fn; *p; p++)
    if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
  scc_buf_printf(&o->sql, "%s(", fn);
  name_part(o, fn);
  bool ok = true;
  for (const scc_arg *g = x->args; g; g = g->next) {
    if (g->name) {
      ck_error(c, g->name_loc, "an index expression takes no named arguments");
      ok = false;
      continue;
    }
    if (g != x->args) scc_buf_puts(&o->sql, ", ");
    ok = arg_sql(c, e, g->value, o) && ok;
  }
  scc_buf_putc(&o->sql, ')');
  return ok;
}

static bool arg_sql(checker *c, const scc_entity *e, const scc_expr *x, expr_out *o) {
  switch (x->kind) {
  case SCC_EXPR_IDENT: {
    const scc_mfield *f = scc_entity_field(e, x->text);
    if (!f) {
      scc_diag *d = ck_error(c, x->loc, "entity '%s' has no field '%s'", e->name, x->text);
      const char **cand = scc_alloc(c->a, (e->nfields + 1) * sizeof *cand);
      for (uint32_t i = 0; i < e->nfields; i++) cand[i] = e->fields[i]->name;
      const char *best = scc_suggest(x->text, cand);
      if (best) scc_diag_help(d, "did you mean '%s'?", best);
      return false;
    }
    scc_dialect_ident(&o->sql, f->column);
    name_part(o, f->column);
    o->ncols++;
    return true;
  }
  case SCC_EXPR_INT:
  case SCC_EXPR_DECIMAL:
    scc_buf_puts(&o->sql, x->text);
    name_part(o, x->text[0] == '-' ? x->text + 1 : x->text);
    return true;
  case SCC_EXPR_STRING:
    /* Control characters and backslashes stay out, as in where: bodies
     * (check_sql.c says why); the literal is then plain '...'. */
    for (uint32_t i = 0; i < x->len; i++) {
      unsigned char ch = (unsigned char)x->text[i];
      if (ch < 0x20 || ch == 0x7f || ch == '\\' || ch == 0) {
        ck_error(c, x->loc, "a string in an index expression cannot hold a control character or a backslash");
        return false;
      }
    }
    scc_dialect_literal(&o->sql, x->text, x->len);
    return true;
  case SCC_EXPR_CALL:
    if (x->text2) {
      ck_error(c, x->loc2, "only a whole key takes a sort order, not a part of its expression");
      return false;
    }
    return call_sql(c, e, x, o);
  default: {
    scc_diag *d = ck_error(c, x->loc, "an index expression takes field names, strings, numbers and function calls");
    scc_diag_help(d, "e.g. @@index(lower(email)) or @@index(coalesce(nickname, name))");
    return false;
  }
  }
}

bool ck_index_expr(checker *c, const scc_entity *e, const scc_attr *a, const scc_expr *x, scc_index_col *out) {
  expr_out o = {0};
  bool ok = call_sql(c, e, x, &o);
  if (ok && o.ncols == 0) {
    scc_diag *d = ck_error(c, x->loc, "the expression in @@%s uses no field of '%s'", a->name, e->name);
    scc_diag_help(d, "an index key is computed from the row's columns, e.g. lower(email)");
    ok = false;
  }
  if (ok) {
    out->field = NULL;
    out->expr = scc_strndup(c->a, o.sql.data, o.sql.len);
    out->expr_name = scc_strndup(c->a, o.name.data, o.name.len);
    out->expr_loc = x->loc;
  }
  scc_buf_free(&o.sql);
  scc_buf_free(&o.name);
  return ok;
}

/* Columns a GIN index can serve: json now (jsonb on PostgreSQL). Arrays
 * (`T[]`) are one more condition here. */
static bool gin_column(const scc_mfield *f) { return f->type.kind == SCC_T_JSON; }

bool ck_index_method(checker *c, const scc_attr *a, const scc_expr *type, const scc_expr *ops,
                     scc_index *ix) {
  static const char *const types[] = {"btree", "gin", NULL};
  static const char *const gin_ops[] = {"jsonb_ops", "jsonb_path_ops", NULL};
  if (!type) {
    if (ops) {
      scc_diag *d = ck_error(c, ops->loc, "'ops' is the operator class of a GIN index");
      scc_diag_help(d, "add type: gin");
      return false;
    }
    return true;
  }
  if (strcmp(type->text, "btree") == 0 && !ops) return true;
  if (strcmp(type->text, "gin") != 0) {
    bool btree = strcmp(type->text, "btree") == 0;
    scc_diag *d = btree ? ck_error(c, ops->loc, "a btree index takes no 'ops'")
                        : ck_error(c, type->loc, "unknown index type '%s'", type->text);
    const char *best = btree ? NULL : scc_suggest(type->text, types);
    if (best) scc_diag_help(d, "did you mean '%s'?", best);
    else if (!btree) scc_diag_help(d, "the types are btree (the default) and gin");
    return false;
  }
  bool ok = true;
  for (uint32_t i = 0; i < ix->ncols; i++) {
    const scc_mfield *f = ix->cols[i].field;
    if (!f || !gin_column(f)) {
      scc_diag *d = f ? ck_error(c, a->full, "a GIN index needs json fields; '%s' is %s", f->name, ck_type_name(&f->type))
                      : ck_error(c, a->full, "a GIN index takes json fields, not expressions");
      scc_diag_help(d, "GIN indexes serve containment queries on json documents; use a plain @@index for other keys");
      ok = false;
    } else if (ix->cols[i].desc) {
      ck_error(c, a->full, "a GIN index has no sort order ('%s desc')", f->name);
      ok = false;
    }
  }
  if (ops) {
    size_t k = 0;
    while (gin_ops[k] && strcmp(gin_ops[k], ops->text) != 0) k++;
    if (!gin_ops[k]) {
      scc_diag *d = ck_error(c, ops->loc, "unknown operator class '%s' for a GIN index on json", ops->text);
      scc_diag_help(d, "use jsonb_ops (the default) or jsonb_path_ops");
      ok = false;
    } else {
      ix->opclass = k ? gin_ops[k] : NULL; /* jsonb_ops is the default: the catalog does not name it */
    }
  }
  if (ok) ix->method = "gin";
  return ok;
}
