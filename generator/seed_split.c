/* SQL statement splitter for seed files; see seed_split.h. */
#include "seed_split.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool ident_start(char c) {
  return isalpha((unsigned char)c) || c == '_';
}

static bool ident_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '$';
}

static bool word_is(const char *w, size_t n, const char *kw) {
  size_t k = strlen(kw);
  if (n != k) return false;
  for (size_t i = 0; i < n; i++)
    if (toupper((unsigned char)w[i]) != kw[i]) return false;
  return true;
}

typedef struct splitter {
  const char *s;
  size_t len, i;
  uint32_t line;
  const scc_sql_split_options *opt;
} splitter;

static void advance(splitter *p, size_t n) {
  for (size_t k = 0; k < n && p->i < p->len; k++)
    if (p->s[p->i++] == '\n') p->line++;
}

/* Skips a quoted run starting at p->i (the opening quote). `backslash`:
 * backslash escapes the next character (E'...'). */
static void skip_quoted(splitter *p, char q, bool backslash) {
  advance(p, 1);
  while (p->i < p->len) {
    char c = p->s[p->i];
    if (backslash && c == '\\') {
      advance(p, 2);
    } else if (c == q) {
      advance(p, 1);
      if (p->i < p->len && p->s[p->i] == q) advance(p, 1); /* doubled: escaped */
      else return;
    } else {
      advance(p, 1);
    }
  }
}

static void skip_block_comment(splitter *p) {
  int depth = 0;
  while (p->i < p->len) {
    if (p->s[p->i] == '/' && p->i + 1 < p->len && p->s[p->i + 1] == '*') {
      if (depth == 0 || p->opt->postgres) depth++;
      advance(p, 2);
    } else if (p->s[p->i] == '*' && p->i + 1 < p->len && p->s[p->i + 1] == '/') {
      advance(p, 2);
      if (--depth == 0) return;
    } else {
      advance(p, 1);
    }
  }
}

/* Length of a dollar-quote tag ($$ or $name$) at p->i, 0 if none. */
static size_t dollar_tag(const splitter *p) {
  size_t j = p->i + 1;
  if (j < p->len && isdigit((unsigned char)p->s[j])) return 0; /* $1: a parameter */
  while (j < p->len && (isalnum((unsigned char)p->s[j]) || p->s[j] == '_')) j++;
  return j < p->len && p->s[j] == '$' ? j + 1 - p->i : 0;
}

static void skip_dollar(splitter *p, size_t taglen) {
  const char *tag = p->s + p->i;
  advance(p, taglen);
  while (p->i < p->len) {
    if (p->s[p->i] == '$' && p->len - p->i >= taglen && !memcmp(p->s + p->i, tag, taglen)) {
      advance(p, taglen);
      return;
    }
    advance(p, 1);
  }
}

long scc_sql_split(const char *sql, size_t len, const scc_sql_split_options *opt, scc_sql_stmt **out) {
  static const scc_sql_split_options defaults = {false};
  splitter p = {sql, len, 0, 1, opt ? opt : &defaults};
  scc_sql_stmt *v = NULL;
  size_t n = 0, cap = 0;
  bool in_stmt = false;  /* a significant character was seen */
  size_t start = 0, end = 0;
  uint32_t start_line = 0;
  unsigned nwords = 0;   /* words seen at the top level of this statement */
  bool block_mode = false, is_create = false;
  int depth = 0;         /* BEGIN/CASE ... END nesting in block mode */
  *out = NULL;
  for (;;) {
    bool at_end = p.i >= p.len;
    char c = at_end ? ';' : sql[p.i];
    if (!at_end && isspace((unsigned char)c)) {
      advance(&p, 1);
      continue;
    }
    if (!at_end && c == '-' && p.i + 1 < len && sql[p.i + 1] == '-') {
      while (p.i < len && sql[p.i] != '\n') advance(&p, 1);
      continue;
    }
    if (!at_end && c == '/' && p.i + 1 < len && sql[p.i + 1] == '*') {
      skip_block_comment(&p);
      continue;
    }
    if (c == ';' && (at_end || depth <= 0)) {
      if (in_stmt) {
        if (n == cap) {
          size_t ncap = cap ? cap * 2 : 16;
          scc_sql_stmt *nv = realloc(v, ncap * sizeof *nv);
          if (!nv) {
            free(v);
            return -1;
          }
          v = nv;
          cap = ncap;
        }
        v[n++] = (scc_sql_stmt){start, end - start, start_line};
      }
      in_stmt = false;
      nwords = 0;
      block_mode = is_create = false;
      depth = 0;
      if (at_end) break;
      advance(&p, 1);
      continue;
    }
    if (!in_stmt) {
      in_stmt = true;
      start = p.i;
      start_line = p.line;
    }
    if (c == '\'') {
      bool e = p.i > 0 && (sql[p.i - 1] == 'E' || sql[p.i - 1] == 'e') && (p.i < 2 || !ident_char(sql[p.i - 2]));
      skip_quoted(&p, '\'', e);
    } else if (c == '"' || c == '`') {
      skip_quoted(&p, c, false);
    } else if (c == '$' && p.opt->postgres && (p.i == 0 || !ident_char(sql[p.i - 1])) && dollar_tag(&p)) {
      skip_dollar(&p, dollar_tag(&p));
    } else if (ident_start(c) && (p.i == 0 || !ident_char(sql[p.i - 1]))) {
      size_t w = p.i;
      while (p.i < len && ident_char(sql[p.i])) advance(&p, 1);
      const char *word = sql + w;
      size_t wn = p.i - w;
      if (nwords == 0) is_create = word_is(word, wn, "CREATE");
      else if (is_create && nwords < 5 &&
               (word_is(word, wn, "TRIGGER") || word_is(word, wn, "FUNCTION") || word_is(word, wn, "PROCEDURE")))
        block_mode = true;
      nwords++;
      if (block_mode) {
        if (word_is(word, wn, "BEGIN") || word_is(word, wn, "CASE")) depth++;
        else if (word_is(word, wn, "END")) depth--;
      }
    } else {
      advance(&p, 1);
    }
    end = p.i;
  }
  *out = v;
  return (long)n;
}

const char *scc_sql_first_word(const char *stmt, size_t len, char *buf, size_t n) {
  size_t k = 0;
  while (k < len && k + 1 < n && ident_char(stmt[k])) {
    buf[k] = (char)toupper((unsigned char)stmt[k]);
    k++;
  }
  buf[k] = 0;
  return buf;
}
