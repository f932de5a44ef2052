/* An index key as the database prints it, read back into the language's
 * expression keys (check/check_index.c): a call whose arguments are
 * columns, strings, numbers and calls.
 *
 *   PostgreSQL   lower((email)::text)      -> lower(email)
 *                COALESCE(nickname, name)  -> coalesce(nickname, name)
 *                substr(code, 1, 3)        -> substr(code, 1, 3)
 *   SQLite       lower("email")            -> lower(email)
 *
 * Casts (`::text`) PostgreSQL adds to fit a function's argument types are
 * dropped: the language's DDL leaves them to PostgreSQL, which adds them
 * again. Anything else (operators, CASE, COLLATE) is not of the form, and
 * the caller keeps the index as a note. */
#include <ctype.h>
#include <string.h>

#include "base/alloc.h"
#include "pull/pull.h"

/* Nesting this deep is not an index key anyone writes; past it the key is
 * a note (and the recursion stays bounded). */
#define SCC_PULL_EXPR_MAX_DEPTH 32

typedef struct reader {
  scc_pulled *p;
  const scc_pull_table *t;
  const char *const *fields;
  const char *s;
  scc_buf dsl, name;
  unsigned ncols;
} reader;

static void blank(reader *r) {
  while (isspace((unsigned char)*r->s)) r->s++;
}

static void name_part(reader *r, const char *s, size_t n) {
  if (r->name.len) scc_buf_putc(&r->name, '_');
  for (size_t i = 0; i < n; i++) scc_buf_putc(&r->name, s[i] == '-' || s[i] == '.' ? '_' : s[i]);
}

/* `::type`, `::character varying(100)`, `::text[]`: dropped. */
static void casts(reader *r) {
  for (;;) {
    blank(r);
    if (r->s[0] != ':' || r->s[1] != ':') return;
    r->s += 2;
    for (;;) {
      blank(r);
      if (*r->s == '"') {
        const char *q = strchr(r->s + 1, '"');
        r->s = q ? q + 1 : r->s + strlen(r->s);
      } else if (isalnum((unsigned char)*r->s) || *r->s == '_') {
        while (isalnum((unsigned char)*r->s) || *r->s == '_') r->s++;
      } else if (*r->s == '(' || *r->s == '[') {
        const char *q = strchr(r->s, *r->s == '(' ? ')' : ']');
        r->s = q ? q + 1 : r->s + strlen(r->s);
      } else {
        break;
      }
    }
  }
}

static bool term(reader *r, unsigned depth);

static bool call(reader *r, const char *fn, unsigned depth) {
  char *lower = scc_strdup(r->p->arena, fn);
  for (char *c = lower; *c; c++) *c = (char)tolower((unsigned char)*c);
  scc_buf_printf(&r->dsl, "%s(", lower);
  name_part(r, lower, strlen(lower));
  r->s++; /* ( */
  blank(r);
  if (*r->s == ')') {
    r->s++;
    scc_buf_putc(&r->dsl, ')');
    return true;
  }
  for (bool first = true;; first = false) {
    if (!first) scc_buf_puts(&r->dsl, ", ");
    if (!term(r, depth + 1)) return false;
    blank(r);
    if (*r->s == ',') {
      r->s++;
      continue;
    }
    if (*r->s != ')') return false;
    r->s++;
    scc_buf_putc(&r->dsl, ')');
    return true;
  }
}

static bool term(reader *r, unsigned depth) {
  if (depth > SCC_PULL_EXPR_MAX_DEPTH) return false;
  blank(r);
  const char *at = r->s;
  if (*r->s == '(') {
    /* (email)::text: a parenthesised term */
    r->s++;
    if (!term(r, depth + 1)) return false;
    blank(r);
    if (*r->s != ')') return false;
    r->s++;
  } else if (*r->s == '\'') {
    const char *v = scc_pull_string(r->p, &r->s);
    if (!v) return false;
    scc_buf_puts(&r->dsl, scc_pull_dsl_string(r->p, v));
  } else if (isdigit((unsigned char)*r->s) || (*r->s == '-' && isdigit((unsigned char)r->s[1]))) {
    const char *q = r->s + 1;
    while (isdigit((unsigned char)*q) || (*q == '.' && isdigit((unsigned char)q[1]))) q++;
    scc_buf_put(&r->dsl, r->s, (size_t)(q - r->s));
    name_part(r, *r->s == '-' ? r->s + 1 : r->s, (size_t)(q - r->s) - (*r->s == '-'));
    r->s = q;
  } else {
    const char *id = scc_pull_ident(r->p, &r->s);
    if (!id) return false;
    blank(r);
    if (*r->s == '(' && *at != '"') {
      if (!call(r, id, depth)) return false;
    } else {
      int k = -1;
      for (uint32_t i = 0; i < r->t->ncols && k < 0; i++)
        if (!strcmp(r->t->cols[i].name, id)) k = (int)i;
      if (k < 0) return false;
      scc_buf_puts(&r->dsl, r->fields[k]);
      name_part(r, id, strlen(id));
      r->ncols++;
    }
  }
  casts(r);
  return true;
}

const char *scc_pull_expr_dsl(scc_pulled *p, const scc_pull_table *t, const char *const *fields, const char *sql,
                              const char **name_part_out) {
  reader r = {p, t, fields, sql, {0}, {0}, 0};
  const char *out = NULL;
  blank(&r);
  /* The top is a call (a bare column is a column key, not an expression). */
  const char *save = r.s;
  const char *id = scc_pull_ident(p, &r.s);
  blank(&r);
  if (id && *save != '"' && *r.s == '(' && call(&r, id, 0)) {
    casts(&r);
    blank(&r);
    if (!*r.s && r.ncols) {
      out = scc_strndup(p->arena, r.dsl.data, r.dsl.len);
      *name_part_out = scc_strndup(p->arena, r.name.data, r.name.len);
    }
  }
  scc_buf_free(&r.dsl);
  scc_buf_free(&r.name);
  return out;
}
