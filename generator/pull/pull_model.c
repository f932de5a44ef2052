/* The pulled database as data (pull.h): building it, and the small SQL
 * readers both catalogs need (quoted names, string literals, IN lists). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "pull/pull.h"

/* Room for one more element of an arena array (doubling). */
static void *grow(scc_arena *a, void *v, uint32_t n, uint32_t *cap, size_t size) {
  if (n < *cap) return v;
  uint32_t c = *cap ? *cap * 2 : 8;
  void *g = scc_alloc(a, (size_t)c * size);
  if (n) memcpy(g, v, (size_t)n * size);
  *cap = c;
  return g;
}

void scc_pull_init(scc_pulled *p, const char *dialect) {
  memset(p, 0, sizeof *p);
  p->arena = scc_arena_new();
  p->dialect = dialect;
}

void scc_pulled_free(scc_pulled *p) {
  scc_arena_free(p->arena);
  memset(p, 0, sizeof *p);
}

scc_pull_table *scc_pull_add_table(scc_pulled *p, const char *name) {
  p->tables = grow(p->arena, p->tables, p->ntables, &p->captables, sizeof *p->tables);
  scc_pull_table *t = &p->tables[p->ntables++];
  memset(t, 0, sizeof *t);
  t->name = scc_strdup(p->arena, name);
  return t;
}

scc_pull_col *scc_pull_add_col(scc_pulled *p, scc_pull_table *t, const char *name) {
  t->cols = grow(p->arena, t->cols, t->ncols, &t->capcols, sizeof *t->cols);
  scc_pull_col *c = &t->cols[t->ncols++];
  memset(c, 0, sizeof *c);
  c->name = scc_strdup(p->arena, name);
  c->enum_of = -1;
  return c;
}

scc_pull_index *scc_pull_add_index(scc_pulled *p, scc_pull_table *t, const char *name, uint32_t ncols) {
  t->idx = grow(p->arena, t->idx, t->nidx, &t->capidx, sizeof *t->idx);
  scc_pull_index *x = &t->idx[t->nidx++];
  memset(x, 0, sizeof *x);
  x->name = scc_strdup(p->arena, name);
  x->cols = scc_alloc(p->arena, (ncols ? ncols : 1) * sizeof *x->cols);
  x->desc = scc_alloc(p->arena, (ncols ? ncols : 1) * sizeof *x->desc);
  x->exprs = scc_alloc(p->arena, (ncols ? ncols : 1) * sizeof *x->exprs);
  return x;
}

scc_pull_fk *scc_pull_add_fk(scc_pulled *p, scc_pull_table *t) {
  t->fks = grow(p->arena, t->fks, t->nfks, &t->capfks, sizeof *t->fks);
  scc_pull_fk *f = &t->fks[t->nfks++];
  memset(f, 0, sizeof *f);
  return f;
}

void scc_pull_add_check(scc_pulled *p, scc_pull_table *t, const char *name, const char *sql) {
  t->checks = grow(p->arena, t->checks, t->nchecks, &t->capchecks, sizeof *t->checks);
  t->checks[t->nchecks++] = (scc_pull_check){scc_strdup(p->arena, name), scc_strdup(p->arena, sql)};
}

static bool same_values(const scc_pull_enum *e, const char **v, uint32_t n) {
  if (e->nvalues != n) return false;
  for (uint32_t i = 0; i < n; i++)
    if (strcmp(e->values[i], v[i])) return false;
  return true;
}

int scc_pull_enum_for(scc_pulled *p, const char *name, const char **values, uint32_t n) {
  for (uint32_t i = 0; i < p->nenums; i++)
    if (same_values(&p->enums[i], values, n)) return (int)i;
  const char *nm = name;
  for (unsigned k = 2;; k++) {
    bool used = false;
    for (uint32_t i = 0; i < p->nenums && !used; i++) used = !strcmp(p->enums[i].name, nm);
    if (!used) break;
    nm = scc_printf(p->arena, "%s%u", name, k);
  }
  p->enums = grow(p->arena, p->enums, p->nenums, &p->capenums, sizeof *p->enums);
  scc_pull_enum *e = &p->enums[p->nenums];
  memset(e, 0, sizeof *e);
  e->name = scc_strdup(p->arena, nm);
  e->values = scc_alloc(p->arena, (n ? n : 1) * sizeof *e->values);
  for (uint32_t i = 0; i < n; i++) e->values[i] = scc_strdup(p->arena, values[i]);
  e->nvalues = n;
  return (int)p->nenums++;
}

void scc_pull_note(scc_pulled *p, scc_pull_notes *n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  scc_buf b = {0};
  scc_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  n->v = grow(p->arena, n->v, n->n, &n->cap, sizeof *n->v);
  n->v[n->n++] = scc_strndup(p->arena, b.data ? b.data : "", b.len);
  scc_buf_free(&b);
}

scc_pull_col *scc_pull_find_col(scc_pull_table *t, const char *name) {
  for (uint32_t i = 0; i < t->ncols; i++)
    if (!strcmp(t->cols[i].name, name)) return &t->cols[i];
  return NULL;
}

static void skip_ws(const char **s) {
  while (isspace((unsigned char)**s)) (*s)++;
}

const char *scc_pull_ident(scc_pulled *p, const char **s) {
  skip_ws(s);
  const char *q = *s;
  if (*q == '"') {
    scc_buf b = {0};
    for (q++; *q; q++) {
      if (*q == '"' && q[1] == '"') q++;
      else if (*q == '"') break;
      scc_buf_putc(&b, *q);
    }
    if (*q != '"') {
      scc_buf_free(&b);
      return NULL;
    }
    *s = q + 1;
    const char *r = scc_strndup(p->arena, b.data ? b.data : "", b.len);
    scc_buf_free(&b);
    return r;
  }
  if (!(isalpha((unsigned char)*q) || *q == '_')) return NULL;
  while (isalnum((unsigned char)*q) || *q == '_' || *q == '$') q++;
  const char *r = scc_strndup(p->arena, *s, (size_t)(q - *s));
  *s = q;
  return r;
}

const char *scc_pull_string(scc_pulled *p, const char **s) {
  skip_ws(s);
  const char *q = *s;
  if (*q != '\'') return NULL;
  scc_buf b = {0};
  for (q++; *q; q++) {
    if (*q == '\'' && q[1] == '\'') q++;
    else if (*q == '\'') break;
    scc_buf_putc(&b, *q);
  }
  if (*q != '\'') {
    scc_buf_free(&b);
    return NULL;
  }
  *s = q + 1;
  const char *r = scc_strndup(p->arena, b.data ? b.data : "", b.len);
  scc_buf_free(&b);
  return r;
}

static bool take(const char **s, const char *word) {
  skip_ws(s);
  size_t n = strlen(word);
  if (strncasecmp(*s, word, n)) return false;
  *s += n;
  return true;
}

/* PostgreSQL prints the literals of a text check with a cast: 'a'::text. */
static void skip_cast(const char **s) {
  skip_ws(s);
  if ((*s)[0] != ':' || (*s)[1] != ':') return;
  *s += 2;
  while (isalnum((unsigned char)**s) || **s == '_' || **s == ' ' || **s == '"') {
    if (**s == ' ' && !(isalpha((unsigned char)(*s)[1]))) break;
    if (**s == ' ' && (!strncasecmp(*s + 1, "AND", 3) || !strncasecmp(*s + 1, "OR", 2))) break;
    (*s)++;
  }
  skip_ws(s);
  if (**s == '[' && (*s)[1] == ']') *s += 2;
}

#define SCC_PULL_MAX_ENUM_VALUES 4096 /* a longer IN list stays a check */

bool scc_pull_parse_in_list(scc_pulled *p, const char *sql, const char **col, const char ***values, uint32_t *n) {
  const char *s = sql;
  unsigned parens = 0;
  while (take(&s, "(")) parens++;
  const char *c = scc_pull_ident(p, &s);
  if (!c) return false;
  skip_cast(&s);
  bool any = false;
  if (take(&s, "IN")) {
    if (!take(&s, "(")) return false;
  } else if (take(&s, "=") && take(&s, "ANY") && take(&s, "(") && take(&s, "ARRAY") && take(&s, "[")) {
    any = true;
  } else {
    return false;
  }
  const char **v = scc_alloc(p->arena, SCC_PULL_MAX_ENUM_VALUES * sizeof *v);
  uint32_t k = 0;
  for (;;) {
    const char *lit = scc_pull_string(p, &s);
    if (!lit || k == SCC_PULL_MAX_ENUM_VALUES) return false;
    v[k++] = lit;
    skip_cast(&s);
    if (take(&s, ",")) continue;
    break;
  }
  if (any) {
    if (!take(&s, "]")) return false;
    skip_cast(&s);
  }
  if (!take(&s, ")")) return false;
  while (parens && take(&s, ")")) parens--;
  skip_ws(&s);
  if (parens || *s) return false;
  *col = c;
  *values = v;
  *n = k;
  return true;
}

bool scc_pull_array_elem_ok(const char *dsl) {
  return !strcmp(dsl, "smallint") || !strcmp(dsl, "int") || !strcmp(dsl, "bigint") || !strcmp(dsl, "text") ||
         !strncmp(dsl, "string", 6) || !strcmp(dsl, "uuid");
}

bool scc_pull_parse_array_in(scc_pulled *p, const char *sql, const char **col, const char ***values, uint32_t *n) {
  const char *s = sql;
  unsigned parens = 0;
  while (take(&s, "(")) parens++;
  const char *c = scc_pull_ident(p, &s);
  if (!c) return false;
  skip_cast(&s);
  if (!take(&s, "<@") || !take(&s, "ARRAY") || !take(&s, "[")) return false;
  const char **v = scc_alloc(p->arena, SCC_PULL_MAX_ENUM_VALUES * sizeof *v);
  uint32_t k = 0;
  for (;;) {
    const char *lit = scc_pull_string(p, &s);
    if (!lit || k == SCC_PULL_MAX_ENUM_VALUES) return false;
    v[k++] = lit;
    skip_cast(&s);
    if (take(&s, ",")) continue;
    break;
  }
  if (!take(&s, "]")) return false;
  skip_cast(&s);
  while (parens && take(&s, ")")) parens--;
  skip_ws(&s);
  if (parens || *s) return false;
  *col = c;
  *values = v;
  *n = k;
  return true;
}

const char *scc_pull_dsl_string(scc_pulled *p, const char *v) {
  scc_buf b = {0};
  scc_buf_putc(&b, '"');
  for (const char *c = v; *c; c++) {
    if (*c == '"' || *c == '\\') scc_buf_printf(&b, "\\%c", *c);
    else if (*c == '\n') scc_buf_puts(&b, "\\n");
    else if (*c == '\t') scc_buf_puts(&b, "\\t");
    else scc_buf_putc(&b, *c);
  }
  scc_buf_putc(&b, '"');
  const char *r = scc_strndup(p->arena, b.data, b.len);
  scc_buf_free(&b);
  return r;
}

const char *scc_pull_action(const char *sql) {
  if (!sql) return "no_action";
  if (!strcasecmp(sql, "CASCADE")) return "cascade";
  if (!strcasecmp(sql, "SET NULL")) return "set_null";
  if (!strcasecmp(sql, "SET DEFAULT")) return "set_default";
  if (!strcasecmp(sql, "RESTRICT")) return "restrict";
  return "no_action";
}

bool scc_pull_names_ok(const char *const *values, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    const char *s = values[i];
    if (!(isalpha((unsigned char)*s) || *s == '_')) return false;
    for (; *s; s++)
      if (!(isalnum((unsigned char)*s) || *s == '_')) return false;
  }
  return true;
}

int scc_pull_column_enum(scc_pulled *p, const char *table, const char *column, const char **values, uint32_t n) {
  if (!scc_pull_names_ok(values, n)) return -1;
  const char *name = scc_pull_pascal(p->arena, column);
  for (uint32_t i = 0; i < p->nenums; i++)
    if (!strcmp(p->enums[i].name, name) && !same_values(&p->enums[i], values, n))
      name = scc_printf(p->arena, "%s%s", scc_pull_entity_name(p->arena, table), name);
  return scc_pull_enum_for(p, name, values, n);
}

const char *scc_pull_in_check(scc_pulled *p, scc_pull_table *t, const char *column, const char *const *values, uint32_t n) {
  scc_buf b = {0};
  scc_buf_putc(&b, '"');
  for (const char *s = column; *s; s++) scc_buf_puts(&b, *s == '"' ? "\"\"" : (char[2]){*s, 0});
  scc_buf_puts(&b, "\" IN (");
  for (uint32_t i = 0; i < n; i++) {
    scc_buf_puts(&b, i ? ", '" : "'");
    for (const char *s = values[i]; *s; s++) scc_buf_puts(&b, *s == '\'' ? "''" : (char[2]){*s, 0});
    scc_buf_putc(&b, '\'');
  }
  scc_buf_putc(&b, ')');
  const char *r = scc_strndup(p->arena, b.data, b.len);
  scc_buf_free(&b);
  scc_pull_add_check(p, t, "", r);
  return r;
}
