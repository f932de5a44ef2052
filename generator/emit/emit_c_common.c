/* Naming and typing helpers of the C generator (see emit_c.h). */
#include <stdio.h>
#include <string.h>

#include "emit/emit_c.h"
#include "base/names.h"

const char *scc_c_type(scc_cgen *g, const scc_entity *e) {
  return scc_printf(g->a, "%s_%s", g->s->prefix, e->snake);
}

const char *scc_c_upper(scc_cgen *g, const char *s) {
  return scc_upper(g->a, s);
}

const char *scc_c_enum_type(scc_cgen *g, const scc_enum *en) {
  return scc_printf(g->a, "%s_%s", g->s->prefix, en->snake);
}

const char *scc_c_col_const(scc_cgen *g, const scc_entity *e, const scc_mfield *f) {
  return scc_printf(g->a, "%s_%s", scc_upper(g->a, scc_c_type(g, e)), scc_upper(g->a, f->name));
}

const char *scc_c_member_type(scc_cgen *g, const scc_mfield *f) {
  if (f->type.array) return scc_c_array_type(f);
  const char *t = scc_type_info_of(f->type.kind)->ctype;
  return t ? t : scc_c_enum_type(g, f->type.enm);
}

static bool is_pointer_type(const scc_mfield *f) {
  scc_c_shape sh = scc_type_info_of(f->type.kind)->shape;
  return sh == SCC_SHAPE_TEXT || sh == SCC_SHAPE_BYTES || f->type.array;
}

bool scc_c_has_get_many(const scc_entity *e) {
  return e->npk == 1 && scc_type_info_of(e->pk[0]->type.kind)->shape != SCC_SHAPE_BYTES;
}

bool scc_c_has_flag(const scc_mfield *f) {
  return f->nullable && !is_pointer_type(f);
}

static bool is_string(const scc_mfield *f) {
  return scc_type_info_of(f->type.kind)->shape == SCC_SHAPE_TEXT;
}

const char *scc_c_key_param(scc_cgen *g, const scc_mfield *f, const char *name) {
  if (scc_type_info_of(f->type.kind)->shape == SCC_SHAPE_UUID) return scc_printf(g->a, "const sc_uuid *%s", name);
  if (is_string(f)) return scc_printf(g->a, "const char *%s", name);
  return scc_printf(g->a, "%s %s", scc_c_member_type(g, f), name);
}

const char **scc_c_param_names(scc_cgen *g, const scc_mfield *const *cols, uint32_t n) {
  const char **names = scc_alloc(g->a, sizeof *names * (n ? n : 1));
  for (uint32_t i = 0; i < n; i++) names[i] = scc_c_param_name(g, cols[i]->name, names, i);
  return names;
}

const char *scc_c_key_params(scc_cgen *g, const scc_mfield *const *cols, uint32_t n) {
  const char **names = scc_c_param_names(g, cols, n);
  scc_buf b = {0};
  for (uint32_t i = 0; i < n; i++) {
    if (i) scc_buf_puts(&b, ", ");
    scc_buf_puts(&b, scc_c_key_param(g, cols[i], names[i]));
  }
  return scc_c_take(g, &b);
}

const char *scc_c_array_param(scc_cgen *g, const scc_mfield *f, const char *name) {
  if (is_string(f)) return scc_printf(g->a, "const char *const *%s", name);
  return scc_printf(g->a, "const %s *%s", scc_c_member_type(g, f), name);
}

const char *scc_c_col_type(const scc_mfield *f) {
  if (f->type.array) return "SC_COL_ARRAY";
  return scc_type_info_of(f->type.kind)->col;
}

const char *scc_c_pg_array_type(const scc_mfield *f) {
  return scc_type_info_of(f->type.kind)->pg;
}

const char *scc_c_ident(scc_cgen *g, const char *name) {
  scc_buf b = {0};
  scc_dialect_ident(&b, name);
  return scc_c_take(g, &b);
}

/* Bytes the escaped form of text[i] takes in a C string literal. */
static size_t literal_width(const unsigned char *text, size_t i) {
  unsigned char c = text[i];
  switch (c) {
  case '"':
  case '\\':
  case '\n':
  case '\t':
  case '\r': return 2;
  /* "??" is escaped as "?\?": no trigraph can form (-std=c11 enables them). */
  case '?': return i > 0 && text[i - 1] == '?' ? 2 : 1;
  default: return c < 0x20 || c == 0x7f ? 4 : 1;
  }
}

void scc_c_literal_put(scc_buf *b, const char *text, size_t i) {
  const unsigned char *t = (const unsigned char *)text;
  unsigned char c = t[i];
  switch (c) {
  case '"': scc_buf_puts(b, "\\\""); break;
  case '\\': scc_buf_puts(b, "\\\\"); break;
  case '\n': scc_buf_puts(b, "\\n"); break;
  case '\t': scc_buf_puts(b, "\\t"); break;
  case '\r': scc_buf_puts(b, "\\r"); break;
  case '?': scc_buf_puts(b, i > 0 && t[i - 1] == '?' ? "\\?" : "?"); break;
  default:
    /* Three octal digits always: a digit that follows cannot extend it. */
    if (c < 0x20 || c == 0x7f) scc_buf_printf(b, "\\%03o", c);
    else scc_buf_putc(b, (char)c);
  }
}

const char *scc_c_literal(scc_cgen *g, const char *text) {
  /* Most texts need no escape: hand them back as they are (the emitters
   * call this for every SQL character; copying each cost memory per byte). */
  const unsigned char *t = (const unsigned char *)text;
  size_t n = 0, len = 0;
  for (; t[len]; len++) n += literal_width(t, len);
  if (n == len) return text;
  scc_buf b = {0};
  for (size_t i = 0; i < len; i++) scc_c_literal_put(&b, text, i);
  return scc_c_take(g, &b);
}

/* No comment delimiter can form ("*" "/" and "/" "*" get a space between),
 * no trigraph ("??" becomes "? ?"), no control character (a space), and the
 * line cannot end in a backslash (which would splice the next line in). */
void scc_c_comment_put(scc_buf *b, const char *text, size_t n) {
  size_t end = n;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) end--;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c < 0x20 || c == 0x7f) c = ' ';
    if (i > 0 && ((c == '/' && text[i - 1] == '*') || (c == '*' && text[i - 1] == '/') ||
                  (c == '?' && text[i - 1] == '?')))
      scc_buf_putc(b, ' ');
    scc_buf_putc(b, (char)c);
    if (c == '\\' && i + 1 == end) scc_buf_putc(b, '.');
  }
}

char *scc_c_take(scc_cgen *g, scc_buf *b) {
  char *r = scc_strndup(g->a, b->data ? b->data : "", b->len);
  scc_buf_free(b);
  return r;
}

const char *scc_c_comment(scc_cgen *g, const char *text) {
  scc_buf b = {0};
  scc_c_comment_put(&b, text, strlen(text));
  return scc_c_take(g, &b);
}

/* The body lines of a doc comment, " * text" each. */
static void doc_lines(scc_buf *b, const char *p, const char *indent) {
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    scc_buf_printf(b, "%s *%s", indent, n ? " " : "");
    scc_c_comment_put(b, p, n);
    scc_buf_putc(b, '\n');
    p += n;
    if (*p) p++;
  }
}

const char *scc_c_doc(scc_cgen *g, const char *doc, const char *indent) {
  if (!doc || !*doc) return "";
  scc_buf b = {0};
  const char *p = doc;
  if (!strchr(doc, '\n')) {
    scc_buf_printf(&b, "%s/** ", indent);
    scc_c_comment_put(&b, p, strlen(p));
    scc_buf_puts(&b, " */\n");
  } else {
    scc_buf_printf(&b, "%s/**\n", indent);
    doc_lines(&b, p, indent);
    scc_buf_printf(&b, "%s */\n", indent);
  }
  return scc_c_take(g, &b);
}

const char *scc_c_doc_lines(scc_cgen *g, const char *doc, const char *indent) {
  if (!doc || !*doc) return "";
  scc_buf b = {0};
  doc_lines(&b, doc, indent);
  return scc_c_take(g, &b);
}

const int *scc_c_upsert_keys(scc_cgen *g, const scc_entity *e, int *n) {
  int *keys = scc_alloc(g->a, sizeof(int) * (e->nuniques + 1));
  *n = 0;
  /* A key the database makes (autoincrement) never conflicts on insert. */
  if (!e->autoincrement) keys[(*n)++] = -1;
  for (uint32_t i = 0; i < e->nuniques; i++) keys[(*n)++] = (int)i;
  return keys;
}

const char *scc_c_unique_suffix(scc_cgen *g, const scc_index *u) {
  scc_buf b = {0};
  for (uint32_t i = 0; i < u->ncols; i++) {
    if (i) scc_buf_putc(&b, '_');
    scc_buf_puts(&b, u->cols[i].field->name);
  }
  return scc_c_take(g, &b);
}

static const char *where_ops[] = {"eq", "ne", "lt", "le", "gt", "ge", NULL};

/* The filter operators of a field: from its type's operator set (the type
 * table), plus is_null/not_null when nullable. */
void scc_c_field_ops(const scc_mfield *f, const char **ops, int *n) {
  *n = 0;
  unsigned set = f->type.array ? 0 : scc_type_info_of(f->type.kind)->ops;
  for (int i = 0; where_ops[i]; i++) {
    bool order_op = i >= 2;
    if (set & (order_op ? SCC_OPS_ORDER : SCC_OPS_EQ)) ops[(*n)++] = where_ops[i];
  }
  if (set & SCC_OPS_IN) ops[(*n)++] = "in";
  if (set & SCC_OPS_LIKE) {
    ops[(*n)++] = "like";
    ops[(*n)++] = "ilike";
  }
  if (f->type.array) {
    ops[(*n)++] = "contains";
    ops[(*n)++] = "overlaps";
  }
  if (set & SCC_OPS_JSON) ops[(*n)++] = "json_contains"; /* path_eq has a signature of its own */
  if (f->nullable) {
    ops[(*n)++] = "is_null";
    ops[(*n)++] = "not_null";
  }
}

unsigned scc_c_field_index(const scc_mfield *f) {
  return f->index;
}
