/* Canonical formatting: one layout for every schema, comments kept where
 * they were (before the declaration or member they precede, or at the end
 * of the line they ended). Fields of an entity are aligned in columns. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/fmt.h"

typedef struct fmt {
  const scc_file *f;
  scc_buf *out;
  const scc_comment *c; /* next comment not yet written */
} fmt;

/* Is there an empty line in text[a, b)? */
static bool blank_between(const fmt *x, uint32_t a, uint32_t b) {
  int nl = 0;
  for (uint32_t i = a; i < b && i < x->f->len; i++) {
    char ch = x->f->text[i];
    if (ch == '\n') {
      if (++nl >= 2) return true;
    } else if (ch != ' ' && ch != '\t' && ch != '\r') {
      nl = 0;
    }
  }
  return false;
}

static bool same_line(const fmt *x, uint32_t a, uint32_t b) {
  for (uint32_t i = a; i < b && i < x->f->len; i++)
    if (x->f->text[i] == '\n') return false;
  return true;
}

static void put_comment(fmt *x, const scc_comment *c) {
  size_t n = c->end - c->start;
  const char *t = x->f->text + c->start;
  while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r')) n--;
  scc_buf_put(x->out, t, n);
}

/* Writes the comments that start before `limit`, each on its own line.
 * `prev` is where the previous output ended in the source, for blank lines. */
static void leading_to(fmt *x, uint32_t limit, const char *indent, uint32_t prev, bool before_node) {
  bool wrote = false;
  while (x->c && x->c->start < limit) {
    if (prev && blank_between(x, prev, x->c->start)) scc_buf_putc(x->out, '\n');
    scc_buf_puts(x->out, indent);
    put_comment(x, x->c);
    scc_buf_putc(x->out, '\n');
    prev = x->c->end;
    x->c = x->c->next;
    wrote = true;
  }
  /* A blank line between comments and what follows them is kept: it is
   * what separates a detached `///` block from a declaration. */
  if (before_node && wrote && blank_between(x, prev, limit)) scc_buf_putc(x->out, '\n');
}

/* Comments before a declaration or member. */
static void leading(fmt *x, uint32_t limit, const char *indent, uint32_t prev) {
  leading_to(x, limit, indent, prev, true);
}

/* Comments before a closing brace or the end of the file. */
static void trailing_block(fmt *x, uint32_t limit, const char *indent, uint32_t prev) {
  leading_to(x, limit, indent, prev, false);
}

/* Ends a line: comments inside [.., end) or starting on the same line after
 * it, but before `next` (where the next node starts in the source), go at
 * the end of the line. A comment after the next node on the same line
 * (`b c /// note`) stays with that node: moved up to this line, a `///`
 * would document the node on the following line instead. */
/* Is `c` a `///` line directly above the next token, so that it documents
 * that token? (The lexer's rule: `///` not followed by another `/`, and
 * exactly one newline between it and the token.) */
static bool documents_next(const fmt *x, const scc_comment *c) {
  const char *t = x->f->text + c->start;
  size_t n = c->end - c->start;
  if (n < 3 || memcmp(t, "///", 3) != 0 || (n > 3 && t[3] == '/')) return false;
  int nl = 0;
  for (uint32_t i = c->end; i < x->f->len; i++) {
    char ch = x->f->text[i];
    if (ch == '\n') nl++;
    else if (ch != ' ' && ch != '\t' && ch != '\r') return nl == 1;
  }
  return false;
}

static void end_line_before_doc(fmt *x, uint32_t end, uint32_t next, bool keep_doc) {
  while (x->c && (x->c->start < end || (x->c->start < next && same_line(x, end, x->c->start)))) {
    /* A `///` after a declaration's last token documents the next
     * declaration: it goes on its own line above it, since the blank line
     * between declarations would detach it here. */
    if (keep_doc && x->c->start >= end && documents_next(x, x->c)) break;
    scc_buf_putc(x->out, ' ');
    put_comment(x, x->c);
    end = x->c->end;
    x->c = x->c->next;
  }
  scc_buf_putc(x->out, '\n');
}

static void end_line_before(fmt *x, uint32_t end, uint32_t next) { end_line_before_doc(x, end, next, false); }

/* Ends the line of a declaration's last token. */
static void end_decl_line(fmt *x, uint32_t end) { end_line_before_doc(x, end, UINT32_MAX, true); }

static void put_string(scc_buf *b, const char *s, size_t n) {
  scc_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '"' || ch == '\\') {
      scc_buf_putc(b, '\\');
      scc_buf_putc(b, ch);
    } else if (ch == '\n') {
      scc_buf_puts(b, "\\n");
    } else if (ch == '\t') {
      scc_buf_puts(b, "\\t");
    } else {
      scc_buf_putc(b, ch);
    }
  }
  scc_buf_putc(b, '"');
}

static void put_args(scc_buf *b, const scc_arg *a);

static void put_expr(scc_buf *b, const scc_expr *e) {
  switch (e->kind) {
  case SCC_EXPR_IDENT:
  case SCC_EXPR_INT:
  case SCC_EXPR_DECIMAL:
  case SCC_EXPR_BOOL: scc_buf_puts(b, e->text); break;
  case SCC_EXPR_PATH: scc_buf_printf(b, "%s.%s", e->text, e->text2); break;
  case SCC_EXPR_SORTED: scc_buf_printf(b, "%s %s", e->text, e->text2); break;
  case SCC_EXPR_STRING: put_string(b, e->text, e->len); break;
  case SCC_EXPR_CALL:
    scc_buf_printf(b, "%s(", e->text);
    put_args(b, e->args);
    scc_buf_putc(b, ')');
    if (e->text2) scc_buf_printf(b, " %s", e->text2);
    break;
  case SCC_EXPR_RANGE:
    put_expr(b, e->lo);
    scc_buf_puts(b, "..");
    put_expr(b, e->hi);
    break;
  }
}

static void put_args(scc_buf *b, const scc_arg *a) {
  for (; a; a = a->next) {
    if (a->name) scc_buf_printf(b, "%s: ", a->name);
    put_expr(b, a->value);
    if (a->next) scc_buf_puts(b, ", ");
  }
}

static void put_attr(scc_buf *b, const scc_attr *a, const char *at) {
  scc_buf_printf(b, "%s%s", at, a->name);
  if (a->has_parens) {
    scc_buf_putc(b, '(');
    put_args(b, a->args);
    scc_buf_putc(b, ')');
  }
}

static char *type_text(const scc_typeref *t) {
  scc_buf b = {0};
  scc_buf_puts(&b, t->name);
  if (t->has_parens) {
    scc_buf_putc(&b, '(');
    put_args(&b, t->args);
    scc_buf_putc(&b, ')');
  }
  if (t->array) scc_buf_puts(&b, "[]");
  if (t->nullable) scc_buf_putc(&b, '?');
  return scc_buf_take(&b, NULL);
}

static void put_enum(fmt *x, const scc_decl *d) {
  scc_buf *b = x->out;
  /* One line when short and free of comments inside. */
  bool inner_comment = x->c && x->c->start < d->end;
  size_t width = strlen(d->name) + 10;
  for (const scc_enum_value *v = d->values; v; v = v->next) width += strlen(v->name) + 1;
  if (!inner_comment && width <= 80) {
    scc_buf_printf(b, "enum %s {", d->name);
    for (const scc_enum_value *v = d->values; v; v = v->next) scc_buf_printf(b, " %s", v->name);
    scc_buf_puts(b, d->values ? " }" : "}");
    end_decl_line(x, d->end);
    return;
  }
  scc_buf_printf(b, "enum %s {", d->name);
  end_line_before(x, d->loc.off + d->loc.len + 1, d->values ? d->values->start : d->body_end);
  uint32_t prev = 0;
  for (const scc_enum_value *v = d->values; v; v = v->next) {
    uint32_t first = x->c && x->c->start < v->start ? x->c->start : v->start;
    if (prev && blank_between(x, prev, first)) scc_buf_putc(b, '\n');
    leading(x, v->start, "  ", 0);
    scc_buf_printf(b, "  %s", v->name);
    end_line_before(x, v->end, v->next ? v->next->start : d->body_end);
    prev = v->end;
  }
  trailing_block(x, d->body_end, "  ", prev);
  scc_buf_putc(b, '}');
  end_decl_line(x, d->end);
}

static void put_entity(fmt *x, const scc_decl *d) {
  scc_buf *b = x->out;
  size_t wname = 0, wtype = 0;
  for (const scc_field *f = d->fields; f; f = f->next) {
    char *t = type_text(&f->type);
    if (strlen(f->name) > wname) wname = strlen(f->name);
    if (f->attrs && strlen(t) > wtype) wtype = strlen(t);
    free(t);
  }
  scc_buf_printf(b, "entity %s {", d->name);
  end_line_before(x, d->loc.off + d->loc.len + 1, d->members ? d->members->start : d->body_end);
  uint32_t prev = 0;
  bool in_attrs = false;
  /* Fields first, in source order, then the @@ attributes. */
  for (int pass = 0; pass < 2; pass++) {
    for (const scc_member *m = d->members; m; m = m->next) {
      if ((pass == 0) != (m->field != NULL)) continue;
      uint32_t first = x->c && x->c->start < m->start ? x->c->start : m->start;
      if (pass == 1 && !in_attrs) {
        if (d->fields) scc_buf_putc(b, '\n');
        in_attrs = true;
      } else if (prev && blank_between(x, prev, first)) {
        scc_buf_putc(b, '\n');
      }
      leading(x, m->start, "  ", 0);
      if (m->field) {
        const scc_field *f = m->field;
        char *t = type_text(&f->type);
        scc_buf_printf(b, "  %-*s %s", (int)wname, f->name, t);
        if (f->attrs) {
          scc_buf_fill(b, ' ', wtype - strlen(t));
          for (const scc_attr *a = f->attrs; a; a = a->next) {
            scc_buf_putc(b, ' ');
            put_attr(b, a, "@");
          }
        }
        free(t);
      } else {
        scc_buf_puts(b, "  ");
        put_attr(b, m->attr, "@@");
      }
      end_line_before(x, m->end, m->next ? m->next->start : d->body_end);
      prev = m->end;
    }
  }
  trailing_block(x, d->body_end, "  ", prev);
  scc_buf_putc(b, '}');
  end_decl_line(x, d->end);
}

static void put_qparams(scc_buf *b, const scc_qparam_ast *p) {
  for (; p; p = p->next) {
    char *t = type_text(&p->type);
    scc_buf_printf(b, "%s %s%s%s", p->name, t, p->list ? "[]" : "", p->next ? ", " : "");
    free(t);
  }
}

/* A query head longer than this (bytes, up to the body's brace) writes its
 * inline result row one column per line. */
#define SCC_FMT_QUERY_HEAD_MAX 100

/* `query name(params) -> result ` */
static void put_query_head(scc_buf *b, const scc_decl *d, bool wrap_row) {
  scc_buf_printf(b, "query %s(", d->name);
  put_qparams(b, d->params);
  scc_buf_puts(b, ") -> ");
  const scc_qresult_ast *r = &d->result;
  if (r->name) {
    scc_buf_puts(b, r->name);
  } else if (wrap_row) {
    scc_buf_puts(b, "{\n");
    for (const scc_qparam_ast *c = r->cols; c; c = c->next) {
      char *t = type_text(&c->type);
      scc_buf_printf(b, "  %s %s%s\n", c->name, t, c->next ? "," : "");
      free(t);
    }
    scc_buf_putc(b, '}');
  } else {
    scc_buf_puts(b, r->cols ? "{ " : "{");
    put_qparams(b, r->cols);
    scc_buf_puts(b, r->cols ? " }" : "}");
  }
  scc_buf_puts(b, r->card == SCC_CARD_OPT ? "?" : r->card == SCC_CARD_MANY ? "[]" : "");
  scc_buf_putc(b, ' ');
}

/* `query name(params) -> result {body}`: the bodies byte-exact. A query
 * with comments in its head (outside the SQL) is kept as written, so that
 * they stay where they are. */
static void put_query(fmt *x, const scc_decl *d) {
  scc_buf *b = x->out;
  if (x->c && x->c->start < d->end) {
    scc_buf_put(b, x->f->text + d->start, d->end - d->start);
    while (x->c && x->c->start < d->end) x->c = x->c->next;
    end_decl_line(x, d->end);
    return;
  }
  size_t head = b->len;
  put_query_head(b, d, false);
  if (d->result.cols && b->len - head > SCC_FMT_QUERY_HEAD_MAX) {
    b->len = head;
    put_query_head(b, d, true);
  }
  if (d->bodies && !d->bodies->dialect) {
    scc_buf_putc(b, '{');
    scc_buf_put(b, d->bodies->text, d->bodies->loc.len);
    scc_buf_putc(b, '}');
  } else {
    scc_buf_puts(b, "{\n");
    for (const scc_sql_body *q = d->bodies; q; q = q->next) {
      scc_buf_printf(b, "  %s {", q->dialect);
      scc_buf_put(b, q->text, q->loc.len);
      scc_buf_puts(b, "}\n");
    }
    scc_buf_putc(b, '}');
  }
  end_decl_line(x, d->end);
}

void scc_format_file(const scc_file *f, scc_buf *out) {
  fmt x = {f, out, f->comments};
  uint32_t prev = 0;
  bool first = true;
  for (const scc_decl *d = f->decls; d; d = d->next) {
    uint32_t lead = x.c && x.c->start < d->start ? x.c->start : d->start;
    if (!first) {
      /* One blank line between declarations; a schema line and the next
       * declaration only when the source had one. */
      if (d->kind != SCC_DECL_SCHEMA || blank_between(&x, prev, lead)) scc_buf_putc(out, '\n');
    }
    leading(&x, d->start, "", 0);
    first = false;
    if (d->kind == SCC_DECL_SCHEMA) {
      scc_buf_printf(out, "schema %s", d->name);
      end_decl_line(&x, d->end);
    } else if (d->kind == SCC_DECL_ENUM) {
      put_enum(&x, d);
    } else if (d->kind == SCC_DECL_QUERY) {
      put_query(&x, d);
    } else {
      put_entity(&x, d);
    }
    prev = d->end;
  }
  if (x.c) {
    if (!first) scc_buf_putc(out, '\n');
    trailing_block(&x, f->len + 1, "", 0);
  }
}
