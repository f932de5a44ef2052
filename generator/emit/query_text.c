/* A body rewritten for one dialect, with the map back to the .schema file
 * (see query_text.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "emit/emit_sql.h"
#include "emit/query_text.h"
#include "dialect/dialect.h"

static void add_seg(qtext *t, uint32_t src_off, uint32_t len, int ref, size_t *cap) {
  if (t->nsegs == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    t->segs = scc_xrealloc_array(t->segs, *cap, sizeof *t->segs);
  }
  qseg *s = &t->segs[t->nsegs++];
  s->rw_off = (uint32_t)t->sql.len - len;
  s->len = len;
  s->src_off = src_off;
  s->ref = ref;
}

static void placeholder(qtext *t, uint32_t param) {
  const scc_query_param *p = &t->q->params[param];
  bool pg = t->dialect == SC_DIALECT_POSTGRES;
  if (!p->list) {
    scc_buf_printf(&t->sql, "%c%u", pg ? '$' : '?', param + 1);
  } else if (pg) {
    /* One array parameter; its elements as a subquery: `x IN :ids`. */
    scc_buf_printf(&t->sql, "(SELECT unnest($%u::", param + 1);
    scc_emit_column_type(&t->sql, &p->type, SC_DIALECT_POSTGRES);
    scc_buf_puts(&t->sql, "[]))");
  } else {
    /* A JSON array: the statement text never changes with the length. */
    scc_buf_printf(&t->sql, "(SELECT value FROM json_each(?%u))", param + 1);
  }
}

static bool word_char(char ch) {
  return ch == '_' || (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || (ch & 0x80);
}

/* The rewrite: `prefix` (generated SQL), then the body from byte `start`
 * with each :name replaced. */
static void make(qtext *t, const scc_query *q, sc_dialect d, const scc_buf *prefix, uint32_t start) {
  t->q = q;
  t->dialect = d;
  t->body = q->body[d];
  const scc_query_body *b = t->body;
  if (prefix && prefix->len) scc_buf_put(&t->sql, prefix->data, prefix->len);
  t->body_start = (uint32_t)t->sql.len;
  size_t cap = 0;
  uint32_t at = start;
  for (uint32_t i = 0; i <= b->nrefs; i++) {
    uint32_t until = i < b->nrefs ? b->refs[i].loc.off - b->loc.off : b->len;
    if (until > at) {
      scc_buf_put(&t->sql, b->sql + at, until - at);
      add_seg(t, at, until - at, -1, &cap);
    }
    if (i == b->nrefs) break;
    size_t before = t->sql.len;
    placeholder(t, b->refs[i].param);
    add_seg(t, 0, (uint32_t)(t->sql.len - before), (int)i, &cap);
    at = until + b->refs[i].loc.len;
  }
  if (!t->sql.data) scc_buf_puts(&t->sql, "");
}

void qtext_make(qtext *t, const scc_query *q, sc_dialect d) {
  memset(t, 0, sizeof *t);
  make(t, q, d, NULL, 0);
}

/* Byte i of s[0..n) past whitespace and comments. */
static size_t skip_blank(const char *s, size_t n, size_t i) {
  for (;;) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n' || s[i] == '\f')) i++;
    if (i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
      while (i < n && s[i] != '\n') i++;
    } else if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
      i += 2;
      while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/')) i++;
      i = i + 2 <= n ? i + 2 : n;
    } else {
      return i;
    }
  }
}

/* Whether s[0..n) holds `w` as a whole word at byte i (any case). */
static bool word_at(const char *s, size_t n, size_t i, const char *w) {
  size_t k = strlen(w);
  return i + k <= n && !strncasecmp(s + i, w, k) && (i == 0 || !word_char(s[i - 1])) &&
         (i + k == n || !word_char(s[i + k]));
}

/* Whether the body names `table` anywhere: in a string or a comment too,
 * which only scopes a table it does not read (harmless). */
static bool names_table(const scc_query_body *b, const char *table) {
  for (size_t i = 0; i < b->len; i++)
    if (word_at(b->sql, b->len, i, table)) return true;
  return false;
}

/* Whether the body holds a write keyword (see qtext.writes): outside
 * '...' strings, "..." or `...` or [...] names and comments, so that
 * `title = 'update'` is no write; `replace(` is the function. */
static bool body_writes(const scc_query_body *b) {
  const char *s = b->sql;
  size_t n = b->len;
  for (size_t i = skip_blank(s, n, 0); i < n; i = skip_blank(s, n, i)) {
    char close = s[i] == '\'' ? '\'' : s[i] == '"' ? '"' : s[i] == '`' ? '`' : s[i] == '[' ? ']' : 0;
    if (close) {
      for (i++; i < n && s[i] != close; i++) {}
      i++;
      continue;
    }
    if (!word_char(s[i])) {
      i++;
      continue;
    }
    size_t end = i;
    while (end < n && word_char(s[end])) end++;
    if (word_at(s, n, i, "insert") || word_at(s, n, i, "update") || word_at(s, n, i, "delete") ||
        (word_at(s, n, i, "replace") && word_at(s, n, skip_blank(s, n, end), "into")))
      return true;
    i = end;
  }
  return false;
}

void qtext_make_scoped(qtext *t, const scc_query *q, sc_dialect d, const scc_schema *s, bool check) {
  memset(t, 0, sizeof *t);
  const scc_query_body *b = q->body[d];
  /* (a body of comments only holds no statement to scope) */
  if (d == SC_DIALECT_SQLITE && skip_blank(b->sql, b->len, 0) < b->len)
    for (uint32_t i = 0; i < s->nentities; i++) {
      const scc_entity *e = s->entities[i];
      if (!e->tenant || !names_table(b, e->table)) continue;
      t->scoped = scc_xrealloc_array(t->scoped, t->nscoped + 1, sizeof *t->scoped);
      t->scoped[t->nscoped++] = e;
    }
  if (!t->nscoped) {
    make(t, q, d, NULL, 0);
    return;
  }
  t->writes = body_writes(b);
  /* A body with a WITH of its own: ours become its first CTEs. */
  size_t at = skip_blank(b->sql, b->len, 0), start = 0;
  bool with = word_at(b->sql, b->len, at, "with"), recursive = false;
  if (with) {
    at = skip_blank(b->sql, b->len, at + 4);
    recursive = word_at(b->sql, b->len, at, "recursive");
    start = recursive ? skip_blank(b->sql, b->len, at + 9) : at;
  }
  scc_buf pre = {0}, view = {0};
  scc_buf_puts(&pre, recursive ? "WITH RECURSIVE " : "WITH ");
  for (uint32_t k = 0; k < t->nscoped; k++) {
    const scc_entity *e = t->scoped[k];
    if (k) scc_buf_puts(&pre, ", ");
    scc_dialect_ident(&pre, e->table);
    scc_buf_puts(&pre, " AS NOT MATERIALIZED (SELECT * FROM ");
    view.len = 0;
    scc_buf_printf(&view, "%s%s", check ? QTEXT_SCOPE_VIEW : "", e->table);
    scc_buf_puts(&pre, check ? "temp." : "main.");
    scc_dialect_ident(&pre, view.data);
    scc_buf_puts(&pre, " WHERE ");
    scc_dialect_ident(&pre, e->tenant->column);
    scc_buf_printf(&pre, " = ?%u)", q->nparams + 1 + k);
  }
  scc_buf_puts(&pre, with ? ", " : " ");
  make(t, q, d, &pre, (uint32_t)start);
  scc_buf_free(&pre);
  scc_buf_free(&view);
}

size_t qtext_body_start(const qtext *t) {
  return t->body_start;
}

void qtext_free(qtext *t) {
  scc_buf_free(&t->sql);
  free(t->segs);
  t->segs = NULL;
  free(t->scoped);
  t->scoped = NULL;
}

scc_loc qtext_loc(const qtext *t, size_t off, size_t len) {
  const scc_query_body *b = t->body;
  if (off < t->body_start) off = t->body_start, len = 0; /* in the scoping WITH: the body's start */
  for (uint32_t i = 0; i < t->nsegs; i++) {
    const qseg *s = &t->segs[i];
    if (off >= s->rw_off + s->len && !(i + 1 == t->nsegs && off == s->rw_off + s->len)) continue;
    if (s->ref >= 0) return b->refs[s->ref].loc;
    size_t in = off - s->rw_off;
    if (len > s->len - in) len = s->len - in;
    scc_loc l = {b->loc.file, b->loc.off + s->src_off + (uint32_t)in, (uint32_t)len};
    return l;
  }
  scc_loc l = {b->loc.file, b->loc.off + b->len, 0};
  return l;
}

scc_loc qtext_word_loc(const qtext *t, size_t off) {
  const char *s = t->sql.data;
  size_t n = 1;
  if (off < t->body_start) off = t->body_start;
  if (off >= t->sql.len) return qtext_loc(t, off, 0);
  if (s[off] == '"') {
    while (off + n < t->sql.len && s[off + n] != '"') n++;
    if (off + n < t->sql.len) n++;
  } else if (word_char(s[off])) {
    while (off + n < t->sql.len && word_char(s[off + n])) n++;
  }
  return qtext_loc(t, off, n);
}

/* The word of the rewritten text that ends before byte `end` (blanks
 * skipped): its start; its length in *len (0: none). */
static size_t prev_word(const qtext *t, size_t end, size_t *len) {
  const char *p = t->sql.data;
  while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\t' || p[end - 1] == '\r' || p[end - 1] == '\n')) end--;
  size_t start = end;
  while (start > 0 && word_char(p[start - 1])) start--;
  *len = end - start;
  return start;
}

static bool is_word(const qtext *t, size_t at, size_t len, const char *w) {
  return len == strlen(w) && !strncasecmp(t->sql.data + at, w, len);
}

/* Where a name at byte `at` is: qualified (`main.word`), or the table a
 * statement writes (after UPDATE, INTO, DELETE FROM). */
typedef enum { FIND_ANY, FIND_QUALIFIED, FIND_WRITTEN, FIND_REPLACE } find_mode;

static bool placed(const qtext *t, size_t at, find_mode mode) {
  if (mode == FIND_ANY) return true;
  if (mode == FIND_QUALIFIED) return at > 0 && t->sql.data[at - 1] == '.';
  size_t n1, n2;
  size_t w1 = prev_word(t, at, &n1);
  if (mode == FIND_REPLACE) /* OR REPLACE, REPLACE INTO: a conflict clause */
    return is_word(t, w1, n1, "or") ||
           word_at(t->sql.data, t->sql.len, skip_blank(t->sql.data, t->sql.len, at + 7), "into");
  if (is_word(t, w1, n1, "update") || is_word(t, w1, n1, "into")) return true;
  size_t w2 = prev_word(t, w1, &n2);
  return is_word(t, w1, n1, "from") && is_word(t, w2, n2, "delete");
}

/* The first whole-word `word` in copied text at or after byte `from`
 * placed as `mode` asks. */
static bool find(const qtext *t, size_t from, const char *word, find_mode mode, scc_loc *out) {
  size_t n = strlen(word);
  if (!n) return false;
  for (uint32_t i = 0; i < t->nsegs; i++) {
    const qseg *s = &t->segs[i];
    if (s->ref >= 0) continue;
    const char *p = t->sql.data + s->rw_off;
    for (size_t k = 0; k + n <= s->len; k++) {
      if (s->rw_off + k < from) continue;
      if (strncasecmp(p + k, word, n) != 0) continue;
      if (k > 0 && word_char(p[k - 1])) continue;
      if (k + n < s->len && word_char(p[k + n])) continue;
      /* Quoted, the name is the word with its quotes. */
      bool quoted = k > 0 && p[k - 1] == '"' && k + n < s->len && p[k + n] == '"';
      if (!placed(t, s->rw_off + k - quoted, mode)) continue;
      *out = qtext_loc(t, s->rw_off + k - quoted, n + 2 * quoted);
      return true;
    }
  }
  return false;
}

bool qtext_find_from(const qtext *t, size_t from, const char *word, scc_loc *out) {
  return find(t, from, word, FIND_ANY, out);
}

bool qtext_find_qualified(const qtext *t, const char *word, scc_loc *out) {
  return find(t, 0, word, FIND_QUALIFIED, out) || find(t, 0, word, FIND_ANY, out);
}

bool qtext_find_written(const qtext *t, const char *word, scc_loc *out) {
  return find(t, 0, word, FIND_WRITTEN, out) || find(t, 0, word, FIND_ANY, out);
}

bool qtext_find_replace(const qtext *t, scc_loc *out) {
  return find(t, qtext_body_start(t), "replace", FIND_REPLACE, out);
}
