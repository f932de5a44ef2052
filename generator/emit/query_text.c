/* A body rewritten for one dialect, with the map back to the .schema file
 * (see query_text.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "emit/emit_sql.h"
#include "emit/query_text.h"

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

void qtext_make(qtext *t, const scc_query *q, sc_dialect d) {
  memset(t, 0, sizeof *t);
  t->q = q;
  t->dialect = d;
  t->body = q->body[d];
  const scc_query_body *b = t->body;
  size_t cap = 0;
  uint32_t at = 0;
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

void qtext_free(qtext *t) {
  scc_buf_free(&t->sql);
  free(t->segs);
  t->segs = NULL;
}

scc_loc qtext_loc(const qtext *t, size_t off, size_t len) {
  const scc_query_body *b = t->body;
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

static bool word_char(char ch) {
  return ch == '_' || (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || (ch & 0x80);
}

scc_loc qtext_word_loc(const qtext *t, size_t off) {
  const char *s = t->sql.data;
  size_t n = 1;
  if (off >= t->sql.len) return qtext_loc(t, off, 0);
  if (s[off] == '"') {
    while (off + n < t->sql.len && s[off + n] != '"') n++;
    if (off + n < t->sql.len) n++;
  } else if (word_char(s[off])) {
    while (off + n < t->sql.len && word_char(s[off + n])) n++;
  }
  return qtext_loc(t, off, n);
}

bool qtext_find_from(const qtext *t, size_t from, const char *word, scc_loc *out) {
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
      *out = qtext_loc(t, s->rw_off + k - quoted, n + 2 * quoted);
      return true;
    }
  }
  return false;
}
