/* Typed queries, the checks that need no database: parameter and result
 * types, the dialect split, :name references against the parameters,
 * duplicate names. The SQL itself is prepared later, against the schema's
 * DDL, by query/ (docs/queries.md). */
#include <string.h>

#include "check/check_internal.h"
#include "dialect/dialect.h"

/* Resolves `name type` (a parameter, or a column of an inline row). */
static bool build_param(checker *c, const scc_qparam_ast *p, scc_query_param *m, const char *what) {
  m->name = p->name;
  m->loc = p->loc;
  m->nullable = p->type.nullable;
  m->list = p->list;
  if (scc_is_c_keyword(p->name)) {
    scc_diag *g = ck_error(c, p->loc, "%s name '%s' is a C keyword", what, p->name);
    scc_diag_help(g, "rename it; the generated C code uses this name as an identifier");
  }
  if (!ck_resolve_type(c, &p->type, &m->type)) return false;
  if (p->list && p->type.nullable) {
    scc_diag *g = ck_error(c, p->type.full, "the elements of list parameter '%s' cannot be null", p->name);
    scc_diag_help(g, "write '%s[]'", p->type.name);
    return false;
  }
  return true;
}

/* A list of `name type` into an array; duplicates are errors. */
static scc_query_param *build_params(checker *c, const scc_qparam_ast *head, uint32_t *n, const char *what,
                                     const char *query) {
  uint32_t cap = 0;
  for (const scc_qparam_ast *p = head; p; p = p->next) cap++;
  scc_query_param *out = scc_alloc(c->a, (cap ? cap : 1) * sizeof *out);
  *n = 0;
  for (const scc_qparam_ast *p = head; p; p = p->next) {
    bool dup = false;
    for (uint32_t i = 0; i < *n && !dup; i++) {
      if (strcmp(out[i].name, p->name) != 0) continue;
      scc_diag *g = ck_error(c, p->loc, "duplicate %s '%s' in query '%s'", what, p->name, query);
      scc_diag_note(g, out[i].loc, "'%s' first declared here", p->name);
      dup = true;
    }
    if (dup) continue;
    build_param(c, p, &out[*n], what);
    if (!strcmp(what, "column") && p->list) {
      scc_diag *g = ck_error(c, p->full, "column '%s' of a result row cannot be a list", p->name);
      scc_diag_help(g, "a row holds one value per column; return more rows instead");
    }
    (*n)++;
  }
  return out;
}

static void build_result(checker *c, const scc_decl *d, scc_query *q) {
  const scc_qresult_ast *r = &d->result;
  q->card = r->card == SCC_CARD_OPT ? SCC_QCARD_OPT : r->card == SCC_CARD_MANY ? SCC_QCARD_MANY : SCC_QCARD_ONE;
  q->result_loc = r->full;
  if (!r->name) {
    q->result = SCC_QRES_ROW;
    q->cols = build_params(c, r->cols, &q->ncols, "column", d->name);
    if (!q->ncols && !d->broken) {
      scc_diag *g = ck_error(c, r->full, "the result row of query '%s' has no columns", d->name);
      scc_diag_help(g, "name the columns the statement returns, { name type, ... }, or write 'exec'");
    }
    return;
  }
  if (!strcmp(r->name, "exec")) {
    q->result = SCC_QRES_EXEC;
    if (r->card != SCC_CARD_ONE) {
      scc_diag *g = ck_error(c, r->full, "'exec' returns the number of rows affected: it takes no '?' or '[]'");
      scc_diag_help(g, "write '-> exec'");
    }
    return;
  }
  q->result = SCC_QRES_ENTITY;
  q->entity = scc_strmap_get(c->entity_by_name, r->name);
  if (q->entity) return;
  if (scc_strmap_get(c->enum_by_name, r->name)) {
    scc_diag *g = ck_error(c, r->loc, "query result '%s' is an enum; a result is an entity, a row or 'exec'", r->name);
    scc_diag_help(g, "return a row: -> { value %s }", r->name);
    return;
  }
  const char **names = scc_alloc(c->a, (c->nents + 2) * sizeof *names);
  uint32_t n = 0;
  for (uint32_t i = 0; i < c->nents; i++) names[n++] = c->ents[i].e->name;
  names[n++] = "exec";
  names[n] = NULL;
  scc_diag *g = ck_error(c, r->loc, "unknown entity '%s' in the result of query '%s'", r->name, d->name);
  const char *s = scc_suggest(r->name, names);
  if (s) scc_diag_help(g, "did you mean '%s'?", s);
  else scc_diag_help(g, "a result is an entity (E, E? or E[]), an inline row { name type, ... } or 'exec'");
}

/* The :name references of one body: each names a parameter; every
 * parameter is used. */
static scc_query_body *build_body(checker *c, const scc_decl *d, scc_query *q, const scc_sql_body *b,
                                  const char *where) {
  scc_query_body *m = scc_alloc(c->a, sizeof *m);
  m->sql = b->text;
  m->len = b->loc.len;
  m->loc = b->loc;
  uint32_t n = 0;
  for (const scc_sql_ref *r = b->refs; r; r = r->next) n++;
  m->refs = scc_alloc(c->a, (n ? n : 1) * sizeof *m->refs);
  bool *used = scc_alloc(c->a, (q->nparams ? q->nparams : 1) * sizeof *used);
  bool unknown = false;
  for (const scc_sql_ref *r = b->refs; r; r = r->next) {
    uint32_t i = 0;
    while (i < q->nparams && strcmp(q->params[i].name, r->name) != 0) i++;
    if (i == q->nparams) {
      scc_diag *g = ck_error(c, r->loc, "unknown parameter ':%s' in query '%s'", r->name, d->name);
      const char **names = scc_alloc(c->a, (q->nparams + 1) * sizeof *names);
      for (uint32_t k = 0; k < q->nparams; k++) names[k] = q->params[k].name;
      names[q->nparams] = NULL;
      const char *s = scc_suggest(r->name, names);
      if (s) scc_diag_help(g, "did you mean ':%s'?", s);
      else scc_diag_help(g, "declare it: query %s(..., %s <type>)", d->name, r->name);
      unknown = true;
      continue;
    }
    used[i] = true;
    m->refs[m->nrefs].param = i;
    m->refs[m->nrefs++].loc = r->loc;
  }
  /* After an unknown :name (likely a misspelt one), an unused parameter
   * is the same mistake: not reported twice. */
  for (uint32_t i = 0; i < q->nparams && !unknown; i++) {
    if (used[i]) continue;
    scc_diag *g = ck_error(c, q->params[i].loc, "parameter '%s' of query '%s' is not used in %s", q->params[i].name,
                           d->name, where);
    scc_diag_help(g, "write :%s where the value goes, or remove the parameter", q->params[i].name);
  }
  return m;
}

static void build_bodies(checker *c, const scc_decl *d, scc_query *q) {
  const scc_sql_body *b = d->bodies;
  if (b && !b->dialect) {
    q->body[SC_DIALECT_POSTGRES] = q->body[SC_DIALECT_SQLITE] = build_body(c, d, q, b, "its body");
    return;
  }
  q->split = true;
  const sc_dialect all[] = {SC_DIALECT_POSTGRES, SC_DIALECT_SQLITE};
  const char *names[] = {scc_dialect_name(SC_DIALECT_POSTGRES), scc_dialect_name(SC_DIALECT_SQLITE), NULL};
  const scc_sql_body *seen[3] = {0};
  for (; b; b = b->next) {
    sc_dialect dia = 0;
    for (size_t i = 0; i < 2; i++)
      if (!strcmp(b->dialect, names[i])) dia = all[i];
    if (!dia) {
      scc_diag *g = ck_error(c, b->dialect_loc, "unknown dialect '%s' in the body of query '%s'", b->dialect, d->name);
      const char *s = scc_suggest(b->dialect, names);
      scc_diag_help(g, s ? "did you mean '%s'?" : "a split body has one part per dialect: postgres { ... } sqlite { ... }",
                    s);
      continue;
    }
    if (seen[dia]) {
      scc_diag *g = ck_error(c, b->dialect_loc, "query '%s' has two %s bodies", d->name, b->dialect);
      scc_diag_note(g, seen[dia]->dialect_loc, "first %s body here", b->dialect);
      continue;
    }
    seen[dia] = b;
    q->body[dia] = build_body(c, d, q, b, scc_printf(c->a, "its %s body", b->dialect));
  }
  for (size_t i = 0; i < 2; i++) {
    if (seen[all[i]] || d->broken) continue;
    scc_diag *g = ck_error(c, d->body_open, "query '%s' has no %s body", d->name, names[i]);
    scc_diag_help(g, "a split body needs both dialects: postgres { ... } sqlite { ... }");
  }
}

void ck_queries(checker *c, const scc_decl *const *decls, uint32_t n) {
  c->s->queries = scc_alloc(c->a, (n ? n : 1) * sizeof *c->s->queries);
  scc_strmap byname;
  scc_strmap_init(&byname, c->a, n);
  for (uint32_t i = 0; i < n; i++) {
    const scc_decl *d = decls[i];
    const scc_decl *prev = scc_strmap_add(&byname, d->name, (void *)d);
    if (prev) {
      scc_diag *g = ck_error(c, d->loc, "duplicate query '%s'", d->name);
      scc_diag_note(g, prev->loc, "'%s' first defined here", d->name);
      continue;
    }
    scc_query *q = scc_alloc(c->a, sizeof *q);
    q->name = d->name;
    q->doc = d->doc.text;
    q->loc = d->loc;
    if (scc_is_c_keyword(d->name)) {
      scc_diag *g = ck_error(c, d->loc, "query name '%s' is a C keyword", d->name);
      scc_diag_help(g, "rename it; the generated C code uses this name as an identifier");
    }
    q->params = build_params(c, d->params, &q->nparams, "parameter", d->name);
    build_result(c, d, q);
    build_bodies(c, d, q);
    c->s->queries[c->s->nqueries++] = q;
  }
}
