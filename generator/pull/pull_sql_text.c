/* A small tokenizer for SQLite's stored CREATE TABLE / CREATE INDEX text
 * (pull_sql_text.h): strings, quoted names, comments and parentheses are
 * skipped whole, so a comma or keyword inside them does not count. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "pull/pull_sql_text.h"

/* A CREATE TABLE with more items than this is refused rather than cut
 * (SQLite's own column limit is 2000 by default, 32767 at most). */
#define SCC_SQL_MAX_ITEMS 40000
/* CHECKs in one column definition; past it the table's text is reported
 * unreadable (a note), not cut. */
#define SCC_SQL_MAX_ITEM_CHECKS 64

typedef enum { TK_END, TK_WORD, TK_NAME, TK_STRING, TK_OPEN, TK_CLOSE, TK_COMMA, TK_OTHER } tk_kind;

typedef struct tok {
  tk_kind kind;
  const char *s; /* start */
  size_t n;      /* length */
} tok;

/* Skips blanks and comments; `--` comment lines seen go to *doc when doc is
 * not NULL (a blank line or a block comment resets it). */
static const char *skip_space(const char *p, scc_buf *doc) {
  for (;;) {
    if (*p == '\n' && doc) {
      const char *q = p + 1;
      while (*q == ' ' || *q == '\t' || *q == '\r') q++;
      if (*q == '\n') doc->len = 0; /* a blank line detaches */
      p++;
    } else if (isspace((unsigned char)*p)) {
      p++;
    } else if (p[0] == '-' && p[1] == '-') {
      const char *e = strchr(p, '\n');
      if (!e) e = p + strlen(p);
      if (doc) {
        const char *t = p + 2;
        if (*t == ' ') t++;
        if (doc->len) scc_buf_putc(doc, '\n');
        size_t n = (size_t)(e - t);
        while (n && (t[n - 1] == ' ' || t[n - 1] == '\r')) n--;
        scc_buf_put(doc, t, n);
      }
      p = e;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *e = strstr(p + 2, "*/");
      p = e ? e + 2 : p + strlen(p);
      if (doc) doc->len = 0;
    } else {
      return p;
    }
  }
}

static const char *quoted_end(const char *p, char close) {
  for (p++; *p; p++)
    if (*p == close) {
      if (p[1] == close && close != ']') p++;
      else return p + 1;
    }
  return p;
}

static tok next(const char **pp, scc_buf *doc) {
  const char *p = skip_space(*pp, doc);
  tok t = {TK_OTHER, p, 1};
  if (!*p) t.kind = TK_END, t.n = 0;
  else if (*p == '(') t.kind = TK_OPEN;
  else if (*p == ')') t.kind = TK_CLOSE;
  else if (*p == ',') t.kind = TK_COMMA;
  else if (*p == '\'') t.kind = TK_STRING, t.n = (size_t)(quoted_end(p, '\'') - p);
  else if (*p == '"' || *p == '`') t.kind = TK_NAME, t.n = (size_t)(quoted_end(p, *p) - p);
  else if (*p == '[') t.kind = TK_NAME, t.n = (size_t)(quoted_end(p, ']') - p);
  else if (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
    const char *q = p;
    while (isalnum((unsigned char)*q) || *q == '_' || *q == '$' || (unsigned char)*q >= 0x80) q++;
    t.kind = TK_WORD, t.n = (size_t)(q - p);
  }
  *pp = p + t.n;
  return t;
}

static bool is_word(tok t, const char *w) { return t.kind == TK_WORD && strlen(w) == t.n && !strncasecmp(t.s, w, t.n); }

/* A name token's text, unquoted. */
static const char *name_of(scc_pulled *p, tok t) {
  if (t.kind == TK_WORD) return scc_strndup(p->arena, t.s, t.n);
  if (t.kind != TK_NAME || t.n < 2) return NULL;
  char close = t.s[0] == '[' ? ']' : t.s[0];
  scc_buf b = {0};
  for (size_t i = 1; i + 1 < t.n; i++) {
    if (t.s[i] == close && t.s[i + 1] == close) i++;
    scc_buf_putc(&b, t.s[i]);
  }
  const char *r = scc_strndup(p->arena, b.data ? b.data : "", b.len);
  scc_buf_free(&b);
  return r;
}

/* After an opening parenthesis: the text up to its match; *pp after it. */
static const char *balanced(scc_pulled *p, const char **pp) {
  const char *start = *pp;
  int depth = 1;
  for (;;) {
    tok t = next(pp, NULL);
    if (t.kind == TK_END) return NULL;
    if (t.kind == TK_OPEN) depth++;
    if (t.kind == TK_CLOSE && --depth == 0) return scc_strndup(p->arena, start, (size_t)(t.s - start));
  }
}

static bool is_constraint_word(tok t) {
  static const char *const w[] = {"PRIMARY", "UNIQUE", "CHECK", "FOREIGN", NULL};
  for (size_t i = 0; w[i]; i++)
    if (is_word(t, w[i])) return true;
  return false;
}

/* One item, from its first token to the comma or ')' that ends it. */
static bool read_item(scc_pulled *p, const char **pp, tok first, scc_sql_item *it, tk_kind *end) {
  scc_sql_check checks[SCC_SQL_MAX_ITEM_CHECKS];
  uint32_t nchecks = 0;
  const char *cname = NULL;
  tok t = first;
  bool table_constraint = is_word(t, "CONSTRAINT") || is_constraint_word(t);
  if (!table_constraint) it->column = name_of(p, t);
  else {
    if (is_word(t, "CONSTRAINT")) {
      it->name = name_of(p, next(pp, NULL));
      t = next(pp, NULL);
    }
    it->kind = scc_strndup(p->arena, t.s, t.n);
  }
  bool want_first_col = table_constraint && !is_word(t, "CHECK");
  if (!is_word(t, "CHECK")) t = next(pp, NULL); /* a CHECK is read by the loop */
  for (;; t = next(pp, NULL)) {
    if (t.kind == TK_END) return false;
    if (t.kind == TK_COMMA || t.kind == TK_CLOSE) {
      *end = t.kind;
      break;
    }
    if (is_word(t, "CONSTRAINT")) {
      cname = name_of(p, next(pp, NULL));
      continue;
    }
    if (is_word(t, "AUTOINCREMENT")) it->autoincrement = true;
    if (is_word(t, "COLLATE")) it->collate = true;
    if (t.kind == TK_OPEN) {
      const char *body = balanced(p, pp);
      if (!body) return false;
      if (want_first_col) {
        const char *s = body;
        it->first_col = scc_pull_ident(p, &s);
        want_first_col = false;
      }
      continue;
    }
    if (is_word(t, "CHECK")) {
      const char *s = *pp;
      tok o = next(&s, NULL);
      if (o.kind != TK_OPEN) return false;
      *pp = s;
      const char *body = balanced(p, pp);
      if (!body) return false;
      if (nchecks < SCC_SQL_MAX_ITEM_CHECKS) checks[nchecks++] = (scc_sql_check){table_constraint ? it->name : cname, body};
      else return false;
      cname = NULL;
    }
  }
  it->checks = scc_alloc(p->arena, (nchecks ? nchecks : 1) * sizeof *it->checks);
  memcpy(it->checks, checks, nchecks * sizeof *checks);
  it->nchecks = nchecks;
  return true;
}

bool scc_sql_parse_table(scc_pulled *p, const char *sql, scc_sql_table *out) {
  memset(out, 0, sizeof *out);
  const char *s = sql;
  tok t;
  do t = next(&s, NULL);
  while (t.kind != TK_END && t.kind != TK_OPEN && !is_word(t, "AS"));
  if (t.kind != TK_OPEN) return false;
  scc_sql_item *items = scc_alloc(p->arena, 16 * sizeof *items);
  uint32_t n = 0, cap = 16;
  scc_buf doc = {0};
  bool ok = true;
  for (;;) {
    doc.len = 0;
    t = next(&s, &doc);
    if (t.kind == TK_END || n == SCC_SQL_MAX_ITEMS) {
      ok = false;
      break;
    }
    if (n == cap) {
      scc_sql_item *g = scc_alloc(p->arena, 2 * cap * sizeof *g);
      memcpy(g, items, cap * sizeof *g);
      items = g, cap *= 2;
    }
    scc_sql_item *it = &items[n++];
    memset(it, 0, sizeof *it);
    if (doc.len) it->doc = scc_strndup(p->arena, doc.data, doc.len);
    tk_kind end = TK_END;
    if (!read_item(p, &s, t, it, &end)) {
      ok = false;
      break;
    }
    if (end == TK_CLOSE) break;
  }
  scc_buf_free(&doc);
  out->items = items;
  out->nitems = n;
  const char *rest = skip_space(s, NULL);
  out->options = *rest ? scc_strdup(p->arena, rest) : NULL;
  return ok;
}

const char *scc_sql_index_where(scc_pulled *p, const char *sql) {
  const char *s = sql;
  int depth = 0;
  for (;;) {
    tok t = next(&s, NULL);
    if (t.kind == TK_END) return NULL;
    if (t.kind == TK_OPEN) depth++;
    if (t.kind == TK_CLOSE) depth--;
    if (depth == 0 && is_word(t, "WHERE")) {
      const char *w = skip_space(s, NULL);
      size_t n = strlen(w);
      while (n && (isspace((unsigned char)w[n - 1]) || w[n - 1] == ';')) n--;
      return scc_strndup(p->arena, w, n);
    }
  }
}

/* The key texts of a CREATE INDEX: the items of the first top-level
 * parenthesis (after ON "t"), split at top-level commas, blanks trimmed
 * and a trailing ASC / DESC dropped (the pragma says which). */
bool scc_sql_index_keys(scc_pulled *p, const char *sql, const char ***keys, uint32_t *n) {
  const char *s = sql;
  tok t;
  do t = next(&s, NULL);
  while (t.kind != TK_END && t.kind != TK_OPEN);
  if (t.kind != TK_END) {
    const char **out = NULL;
    uint32_t cnt = 0, cap = 0;
    int depth = 1;
    const char *start = s, *last_end = s;
    tok prev = {TK_OTHER, s, 0};
    for (;;) {
      t = next(&s, NULL);
      if (t.kind == TK_END) return false;
      if (t.kind == TK_OPEN) depth++;
      if (t.kind == TK_CLOSE) depth--;
      if (depth == 0 || (depth == 1 && t.kind == TK_COMMA)) {
        const char *e = last_end;
        if (prev.kind == TK_WORD && (is_word(prev, "DESC") || is_word(prev, "ASC"))) e = prev.s;
        while (e > start && isspace((unsigned char)e[-1])) e--;
        const char *b = skip_space(start, NULL);
        if (cnt == cap) {
          cap = cap ? cap * 2 : 8;
          const char **grown = scc_alloc(p->arena, cap * sizeof *grown);
          if (cnt) memcpy(grown, out, cnt * sizeof *grown);
          out = grown;
        }
        out[cnt++] = scc_strndup(p->arena, b, e > b ? (size_t)(e - b) : 0);
        if (depth == 0) {
          *keys = out;
          *n = cnt;
          return true;
        }
        start = s;
      }
      prev = t;
      last_end = t.s + t.n;
    }
  }
  return false;
}
