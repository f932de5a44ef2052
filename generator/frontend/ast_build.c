#include "frontend/ast_build.h"

#include <string.h>

#include "frontend/sql_body.h"

scc_loc scc_tok_loc(const scc_parse_ctx *ctx, scc_token t) {
  scc_loc l = {ctx->file->file, t.off, t.n};
  return l;
}

static const char *tok_name(scc_parse_ctx *ctx, scc_token t) { return scc_strndup(ctx->arena, t.z, t.n); }

static scc_loc span(const scc_parse_ctx *ctx, uint32_t from, uint32_t to) {
  scc_loc l = {ctx->file->file, from, to > from ? to - from : 0};
  return l;
}

static void add_decl(scc_parse_ctx *ctx, scc_decl *d) {
  if (ctx->last_decl)
    ctx->last_decl->next = d;
  else
    ctx->file->decls = d;
  ctx->last_decl = d;
}

void scc_add_schema(scc_parse_ctx *ctx, scc_token kw, scc_token name) {
  scc_decl *d = scc_alloc(ctx->arena, sizeof *d);
  d->kind = SCC_DECL_SCHEMA;
  d->name = tok_name(ctx, name);
  d->loc = scc_tok_loc(ctx, name);
  d->kw = scc_tok_loc(ctx, kw);
  d->doc = kw.doc;
  d->start = kw.off;
  d->end = name.off + name.n;
  add_decl(ctx, d);
}

void scc_add_enum(scc_parse_ctx *ctx, scc_token kw, scc_token name, scc_enum_value *values, scc_token rbrace) {
  scc_decl *d = scc_alloc(ctx->arena, sizeof *d);
  d->kind = SCC_DECL_ENUM;
  d->name = tok_name(ctx, name);
  d->loc = scc_tok_loc(ctx, name);
  d->kw = scc_tok_loc(ctx, kw);
  d->doc = kw.doc;
  d->values = values;
  d->broken = ctx->broken;
  ctx->broken = false;
  d->start = kw.off;
  d->body_end = rbrace.off;
  d->end = rbrace.off + rbrace.n;
  add_decl(ctx, d);
}

void scc_add_entity(scc_parse_ctx *ctx, scc_token kw, scc_token name, scc_member *members, scc_token rbrace) {
  scc_decl *d = scc_alloc(ctx->arena, sizeof *d);
  d->kind = SCC_DECL_ENTITY;
  d->name = tok_name(ctx, name);
  d->loc = scc_tok_loc(ctx, name);
  d->kw = scc_tok_loc(ctx, kw);
  d->doc = kw.doc;
  d->members = members;
  d->broken = ctx->broken;
  ctx->broken = false;
  d->start = kw.off;
  d->body_end = rbrace.off;
  d->end = rbrace.off + rbrace.n;
  scc_field **ft = &d->fields;
  scc_attr **at = &d->attrs;
  for (scc_member *m = members; m; m = m->next) {
    if (m->field) {
      *ft = m->field;
      ft = &m->field->next;
    } else {
      *at = m->attr;
      at = &m->attr->next;
    }
  }
  add_decl(ctx, d);
}

void scc_add_query(scc_parse_ctx *ctx, scc_token kw, scc_token name, scc_qparam_ast *params,
                   const scc_qresult_ast *result, const scc_body_list *bodies) {
  scc_decl *d = scc_alloc(ctx->arena, sizeof *d);
  d->kind = SCC_DECL_QUERY;
  d->name = tok_name(ctx, name);
  d->loc = scc_tok_loc(ctx, name);
  d->kw = scc_tok_loc(ctx, kw);
  d->doc = kw.doc;
  d->params = params;
  d->result = *result;
  d->bodies = bodies->head;
  d->body_open = scc_tok_loc(ctx, bodies->open);
  d->body_open.len = 1;
  d->broken = ctx->broken;
  ctx->broken = false;
  d->start = kw.off;
  d->end = ctx->prev_end;
  d->body_end = d->end ? d->end - 1 : 0;
  add_decl(ctx, d);
}

scc_qparam_ast *scc_mk_qparam(scc_parse_ctx *ctx, scc_token name, const scc_typeref *type, int list) {
  scc_qparam_ast *p = scc_alloc(ctx->arena, sizeof *p);
  p->name = tok_name(ctx, name);
  p->loc = scc_tok_loc(ctx, name);
  p->type = *type;
  p->list = list != 0;
  p->full = span(ctx, name.off, ctx->prev_end);
  return p;
}

void scc_qparam_append(scc_qparam_list *l, scc_qparam_ast *p) {
  if (l->tail)
    l->tail->next = p;
  else
    l->head = p;
  l->tail = p;
}

void scc_mk_qresult(scc_parse_ctx *ctx, scc_qresult_ast *out, const scc_token *name, scc_qparam_ast *cols, int card) {
  memset(out, 0, sizeof *out);
  out->name = cols || (name->n == 1 && name->z[0] == '{') ? NULL : tok_name(ctx, *name);
  out->loc = scc_tok_loc(ctx, *name);
  out->cols = cols;
  out->card = (scc_card)card;
  out->full = span(ctx, name->off, ctx->prev_end);
}

typedef struct ref_ctx {
  scc_parse_ctx *ctx;
  scc_sql_body *body;
  scc_sql_ref **tail;
} ref_ctx;

static void on_ref(void *ud, const char *at, size_t n) {
  ref_ctx *r = ud;
  scc_sql_ref *x = scc_alloc(r->ctx->arena, sizeof *x);
  x->name = scc_strndup(r->ctx->arena, at + 1, n - 1);
  x->loc = span(r->ctx, (uint32_t)(at - r->ctx->file->text), (uint32_t)(at - r->ctx->file->text + n));
  *r->tail = x;
  r->tail = &x->next;
}

void scc_body_append(scc_parse_ctx *ctx, scc_body_list *l, const scc_token *dialect, scc_token sql) {
  scc_sql_body *b = scc_alloc(ctx->arena, sizeof *b);
  if (dialect) {
    b->dialect = tok_name(ctx, *dialect);
    b->dialect_loc = scc_tok_loc(ctx, *dialect);
  }
  /* The text between the braces (an unterminated body runs to the end). */
  uint32_t from = sql.off + 1, to = sql.off + sql.n;
  if (to > from && sql.z[sql.n - 1] == '}') to--;
  if (to < from) to = from;
  b->loc = span(ctx, from, to);
  b->text = scc_strndup(ctx->arena, ctx->file->text + from, to - from);
  ref_ctx r = {ctx, b, &b->refs};
  /* The same scan that ended the body, now collecting the :name references. */
  scc_sql_body_end(ctx->file->text + from, on_ref, &r);
  if (l->tail)
    l->tail->next = b;
  else
    l->head = b;
  l->tail = b;
}

scc_enum_value *scc_mk_value(scc_parse_ctx *ctx, scc_token name) {
  scc_enum_value *v = scc_alloc(ctx->arena, sizeof *v);
  v->name = tok_name(ctx, name);
  v->loc = scc_tok_loc(ctx, name);
  v->doc = name.doc;
  v->start = name.off;
  v->end = name.off + name.n;
  return v;
}

void scc_value_append(scc_value_list *l, scc_enum_value *v) {
  if (l->tail)
    l->tail->next = v;
  else
    l->head = v;
  l->tail = v;
}

scc_field *scc_mk_field(scc_parse_ctx *ctx, scc_token name, const scc_typeref *type, scc_attr *attrs) {
  scc_field *f = scc_alloc(ctx->arena, sizeof *f);
  f->name = tok_name(ctx, name);
  f->loc = scc_tok_loc(ctx, name);
  f->doc = name.doc;
  f->type = *type;
  f->attrs = attrs;
  f->start = name.off;
  f->end = ctx->prev_end;
  return f;
}

void scc_member_append(scc_parse_ctx *ctx, scc_member_list *l, scc_field *f, scc_attr *a) {
  scc_member *m = scc_alloc(ctx->arena, sizeof *m);
  m->field = f;
  m->attr = a;
  m->start = f ? f->start : a->full.off;
  m->end = f ? f->end : a->full.off + a->full.len;
  if (l->tail)
    l->tail->next = m;
  else
    l->head = m;
  l->tail = m;
}

void scc_mk_type(scc_parse_ctx *ctx, scc_typeref *out, scc_token name, const scc_arg_list *args, int nullable) {
  memset(out, 0, sizeof *out);
  out->name = tok_name(ctx, name);
  out->loc = scc_tok_loc(ctx, name);
  out->full = span(ctx, name.off, ctx->prev_end);
  out->has_parens = args->has_parens;
  out->args = args->head;
  out->nargs = args->n;
  out->nullable = nullable != 0;
}

scc_attr *scc_mk_attr(scc_parse_ctx *ctx, scc_token at, scc_token name, const scc_arg_list *args) {
  scc_attr *a = scc_alloc(ctx->arena, sizeof *a);
  a->name = tok_name(ctx, name);
  a->loc = span(ctx, at.off, name.off + name.n);
  a->full = span(ctx, at.off, ctx->prev_end);
  a->has_parens = args->has_parens;
  a->args = args->head;
  a->nargs = args->n;
  return a;
}

void scc_attr_append(scc_attr_list *l, scc_attr *a) {
  if (l->tail)
    l->tail->next = a;
  else
    l->head = a;
  l->tail = a;
}

scc_arg *scc_mk_arg(scc_parse_ctx *ctx, const scc_token *name, scc_expr *value) {
  scc_arg *a = scc_alloc(ctx->arena, sizeof *a);
  if (name) {
    a->name = tok_name(ctx, *name);
    a->name_loc = scc_tok_loc(ctx, *name);
  }
  a->value = value;
  return a;
}

void scc_arg_append(scc_arg_list *l, scc_arg *a) {
  if (l->tail)
    l->tail->next = a;
  else
    l->head = a;
  l->tail = a;
  l->n++;
}

scc_expr *scc_mk_word(scc_parse_ctx *ctx, scc_expr_kind kind, scc_token a, const scc_token *b) {
  scc_expr *e = scc_alloc(ctx->arena, sizeof *e);
  e->kind = kind;
  e->text = tok_name(ctx, a);
  e->len = a.n;
  e->loc = scc_tok_loc(ctx, a);
  if (b) {
    e->text2 = tok_name(ctx, *b);
    e->loc2 = scc_tok_loc(ctx, *b);
    e->loc = span(ctx, a.off, b->off + b->n);
  }
  return e;
}

scc_expr *scc_mk_call(scc_parse_ctx *ctx, scc_token name, const scc_arg_list *args) {
  scc_expr *e = scc_alloc(ctx->arena, sizeof *e);
  e->kind = SCC_EXPR_CALL;
  e->text = tok_name(ctx, name);
  e->len = name.n;
  e->loc = span(ctx, name.off, ctx->prev_end);
  e->args = args ? args->head : NULL;
  return e;
}

/* `lower(name) desc` in an index: a call with a sort order (text2); its
 * loc ends at the ')'. */
scc_expr *scc_mk_sorted_call(scc_parse_ctx *ctx, scc_token name, const scc_arg_list *args, scc_token rparen,
                             scc_token order) {
  scc_expr *e = scc_mk_call(ctx, name, args);
  e->loc = span(ctx, name.off, rparen.off + rparen.n);
  e->text2 = tok_name(ctx, order);
  e->loc2 = scc_tok_loc(ctx, order);
  return e;
}

/* Decodes the escapes of a string token (the lexer checked them). */
scc_expr *scc_mk_string(scc_parse_ctx *ctx, scc_token s) {
  scc_expr *e = scc_alloc(ctx->arena, sizeof *e);
  e->kind = SCC_EXPR_STRING;
  e->loc = scc_tok_loc(ctx, s);
  char *out = scc_alloc(ctx->arena, s.n + 1);
  uint32_t n = 0;
  const char *p = s.z + 1, *end = s.z + s.n;
  if (end > p && (end[-1] == '"' || (s.z[0] == '\'' && end[-1] == '\''))) end--;
  while (p < end) {
    if (*p == '\\' && p + 1 < end) {
      char c = p[1];
      out[n++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
      p += 2;
    } else {
      out[n++] = *p++;
    }
  }
  out[n] = 0;
  e->text = out;
  e->len = n;
  return e;
}

scc_expr *scc_mk_bool(scc_parse_ctx *ctx, scc_token t, bool v) {
  scc_expr *e = scc_alloc(ctx->arena, sizeof *e);
  e->kind = SCC_EXPR_BOOL;
  e->loc = scc_tok_loc(ctx, t);
  e->bval = v;
  e->text = v ? "true" : "false";
  e->len = (uint32_t)strlen(e->text);
  return e;
}

scc_expr *scc_mk_number(scc_parse_ctx *ctx, scc_expr_kind kind, const scc_token *minus, scc_token digits) {
  scc_expr *e = scc_alloc(ctx->arena, sizeof *e);
  e->kind = kind;
  if (minus) {
    e->text = scc_printf(ctx->arena, "-%.*s", (int)digits.n, digits.z);
    e->loc = span(ctx, minus->off, digits.off + digits.n);
  } else {
    e->text = tok_name(ctx, digits);
    e->loc = scc_tok_loc(ctx, digits);
  }
  e->len = (uint32_t)strlen(e->text);
  return e;
}

scc_expr *scc_mk_range(scc_parse_ctx *ctx, scc_expr *lo, scc_expr *hi) {
  scc_expr *e = scc_alloc(ctx->arena, sizeof *e);
  e->kind = SCC_EXPR_RANGE;
  e->lo = lo;
  e->hi = hi;
  e->loc = span(ctx, lo->loc.off, hi->loc.off + hi->loc.len);
  return e;
}
