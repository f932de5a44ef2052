#include "frontend/sql_body.h"

#include <stdbool.h>
#include <string.h>

static bool word_start(char c) { return c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
static bool word_char(char c) { return word_start(c) || (c >= '0' && c <= '9') || (c & 0x80); }

/* Past the quoted text opening at p (quote q); NULL at the end of text.
 * A doubled quote is one quote; `esc` reads backslash escapes (E'...'). */
static const char *skip_quoted(const char *p, char q, bool esc) {
  for (p++; *p; p++) {
    if (esc && *p == '\\' && p[1]) {
      p++;
    } else if (*p == q) {
      if (p[1] != q) return p + 1;
      p++;
    }
  }
  return NULL;
}

/* Past a block comment opening at p, nested as PostgreSQL reads them. */
static const char *skip_block(const char *p) {
  int depth = 0;
  while (*p) {
    if (p[0] == '/' && p[1] == '*') {
      depth++;
      p += 2;
    } else if (p[0] == '*' && p[1] == '/') {
      p += 2;
      if (--depth == 0) return p;
    } else {
      p++;
    }
  }
  return NULL;
}

/* A dollar quote's tag at p ("$$" or "$tag$"): its length, else 0. */
static size_t dollar_tag(const char *p) {
  size_t n = 1;
  if (word_start(p[1]))
    while (word_char(p[n])) n++;
  return p[n] == '$' ? n + 1 : 0;
}

const char *scc_sql_body_end(const char *p, scc_sql_ref_fn ref, void *ud) {
  int depth = 0;
  const char *start = p;
  while (p && *p) {
    char c = *p;
    if (c == '\'') {
      bool esc = p > start && (p[-1] | 0x20) == 'e' && !(p - 1 > start && word_char(p[-2]));
      p = skip_quoted(p, '\'', esc);
    } else if (c == '"') {
      p = skip_quoted(p, '"', false);
    } else if (c == '-' && p[1] == '-') {
      while (*p && *p != '\n') p++;
    } else if (c == '/' && p[1] == '*') {
      p = skip_block(p);
    } else if (c == '$' && !(p > start && word_char(p[-1])) && dollar_tag(p)) {
      size_t n = dollar_tag(p);
      const char *tag = p;
      p += n;
      while (*p && strncmp(p, tag, n) != 0) p++;
      p = *p ? p + n : NULL;
    } else if (c == ':' && p[1] == ':') {
      p += 2; /* a cast */
      while (*p == ':') p++;
    } else if (c == ':' && word_start(p[1])) {
      size_t n = 1;
      while (word_char(p[n]) && !(p[n] & 0x80)) n++;
      if (ref) ref(ud, p, n);
      p += n;
    } else if (c == '{') {
      depth++;
      p++;
    } else if (c == '}') {
      if (depth-- == 0) return p;
      p++;
    } else {
      p++;
    }
  }
  return NULL;
}
