/* The writer of `schemac pull` (pull.h): a pulled database as .schema
 * text. SQL names become the language's names (entities PascalCase and
 * singular, fields snake_case) with @@table / @column where the default
 * would differ; names schemac would generate (keys, indexes, checks) are
 * left out, other names are kept with `name:` where the language has it and
 * noted where it does not. The text is laid out by `schemac fmt`. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/names.h"
#include "check/compiler.h"
#include "frontend/fmt.h"
#include "pull/pull.h"

typedef struct names {
  const char **entity;  /* per table; NULL when the table is left out */
  const char ***field;  /* per table, per column */
  const char **enm;     /* per enum */
} names;

static bool taken(const char *const *v, uint32_t n, const char *s) {
  for (uint32_t i = 0; i < n; i++)
    if (v[i] && !strcasecmp(v[i], s)) return true;
  return false;
}

static const char *unique_in(scc_arena *a, const char *const *v, uint32_t n, const char *base) {
  const char *s = base;
  for (unsigned k = 2; taken(v, n, s); k++) s = scc_printf(a, "%s%u", base, k);
  return s;
}

static bool field_name_ok(const char *s) {
  return !scc_is_c_keyword(s) && !scc_is_c_macro(s) && strncmp(s, "__", 2) && !(s[0] == '_' && isupper((unsigned char)s[1])) &&
         strncmp(s, "SC_", 3) && strncmp(s, "sc_", 3);
}

/* snake_case with runs of '_' made one, none at the ends; a name that
 * would start with a digit or the runtime's sc_ gets f_, a C keyword or
 * macro gets a trailing '_'. */
static const char *column_field(scc_arena *a, const char *column) {
  char *f = scc_pull_sanitize(a, scc_snake(a, column), "");
  char *o = f;
  for (const char *c = f; *c; c++) {
    if (*c == '_' && (o == f || o[-1] == '_')) continue;
    *o++ = (char)tolower((unsigned char)*c);
  }
  while (o > f && o[-1] == '_') o--;
  *o = 0;
  const char *r = f;
  if (!*r || isdigit((unsigned char)*r) || !strncmp(r, "sc_", 3)) r = scc_printf(a, "f_%s", r);
  if (!field_name_ok(r)) r = scc_printf(a, "%s_", r);
  return r;
}

static bool has_pk(const scc_pull_table *t) { return t->npk > 0; }

static void make_names(const scc_pulled *p, names *nm) {
  scc_arena *a = p->arena;
  uint32_t total = p->ntables + p->nenums;
  const char **all = scc_alloc(a, (total + 1) * sizeof *all);
  uint32_t nall = 0;
  nm->entity = scc_alloc(a, (p->ntables + 1) * sizeof *nm->entity);
  nm->field = scc_alloc(a, (p->ntables + 1) * sizeof *nm->field);
  nm->enm = scc_alloc(a, (p->nenums + 1) * sizeof *nm->enm);
  for (uint32_t i = 0; i < p->ntables; i++) {
    const scc_pull_table *t = &p->tables[i];
    if (!has_pk(t)) continue;
    nm->entity[i] = unique_in(a, all, nall, scc_pull_entity_name(a, t->name));
    all[nall++] = nm->entity[i];
    const char **f = scc_alloc(a, (t->ncols + 1) * sizeof *f);
    for (uint32_t k = 0; k < t->ncols; k++) f[k] = unique_in(a, f, k, column_field(a, t->cols[k].name));
    nm->field[i] = f;
  }
  for (uint32_t i = 0; i < p->nenums; i++) {
    const char *base = scc_pull_pascal(a, p->enums[i].name);
    nm->enm[i] = unique_in(a, all, nall, taken(all, nall, base) ? scc_printf(a, "%sKind", base) : base);
    all[nall++] = nm->enm[i];
  }
}

/* ---- output ---- */

static void doc(scc_buf *b, const char *d, const char *indent) {
  if (!d) return;
  const char *s = d;
  while (*s) {
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    scc_buf_printf(b, "%s///%s%.*s\n", indent, n ? " " : "", (int)n, s);
    s += n + (e != NULL);
  }
}

/* A note: one comment line here, one warning line there. */
static void note(scc_buf *b, scc_buf *w, const char *indent, const char *where, const char *text) {
  scc_buf_printf(b, "%s// pull: ", indent);
  scc_buf_printf(w, "schemac pull: warning: %s%s", where ? where : "", where ? ": " : "");
  for (const char *c = text; *c; c++) {
    char ch = *c == '\n' || *c == '\r' || *c == '\t' ? ' ' : *c;
    scc_buf_putc(b, ch);
    scc_buf_putc(w, ch);
  }
  scc_buf_putc(b, '\n');
  scc_buf_putc(w, '\n');
}

static void notes(scc_buf *b, scc_buf *w, const char *indent, const char *where, const scc_pull_notes *n) {
  for (uint32_t i = 0; i < n->n; i++) note(b, w, indent, where, n->v[i]);
}

static void string_arg(scc_buf *b, const char *s) {
  scc_buf_putc(b, '"');
  for (const char *c = s; *c; c++) {
    if (*c == '"' || *c == '\\') scc_buf_printf(b, "\\%c", *c);
    else if (*c == '\n') scc_buf_puts(b, "\\n");
    else if (*c == '\t') scc_buf_puts(b, "\\t");
    else scc_buf_putc(b, *c);
  }
  scc_buf_putc(b, '"');
}

static int col_index(const scc_pull_table *t, const char *col) {
  for (uint32_t i = 0; i < t->ncols; i++)
    if (!strcmp(t->cols[i].name, col)) return (int)i;
  return -1;
}

static int table_index(const scc_pulled *p, const char *name) {
  for (uint32_t i = 0; i < p->ntables; i++)
    if (!strcmp(p->tables[i].name, name)) return (int)i;
  return -1;
}

/* The keys of an index as the language writes them: a column's field
 * name, or an expression key read back (pull_expr.c); ok is false when an
 * expression cannot be written. `part` is each key's part of the default
 * name (the column, or the expression's words). */
typedef struct ix_keys {
  const char **dsl, **part;
  bool ok, exprs;
} ix_keys;

static ix_keys read_keys(scc_pulled *p, const names *nm, uint32_t ti, const scc_pull_index *x) {
  const scc_pull_table *t = &p->tables[ti];
  ix_keys k = {scc_alloc(p->arena, (x->ncols + 1) * sizeof *k.dsl), scc_alloc(p->arena, (x->ncols + 1) * sizeof *k.part),
               true, false};
  for (uint32_t i = 0; i < x->ncols; i++) {
    if (x->cols[i]) {
      int c = col_index(t, x->cols[i]);
      k.dsl[i] = c >= 0 ? nm->field[ti][c] : x->cols[i];
      k.part[i] = x->cols[i];
      continue;
    }
    k.exprs = true;
    k.dsl[i] = x->exprs[i] ? scc_pull_expr_dsl(p, t, nm->field[ti], x->exprs[i], &k.part[i]) : NULL;
    if (!k.dsl[i]) k.ok = false;
  }
  return k;
}

static const char *cols_joined(scc_arena *a, const scc_pull_index *x, const ix_keys *k) {
  scc_buf b = {0};
  for (uint32_t i = 0; i < x->ncols; i++) scc_buf_printf(&b, "%s%s", i ? "_" : "", k->part[i] ? k->part[i] : "");
  char *r = scc_strndup(a, b.data ? b.data : "", b.len);
  scc_buf_free(&b);
  return r;
}

/* What becomes of each index: a field's @unique / @index, an entity's
 * @@unique / @@index, the automatic index of a foreign key (left out), or
 * a note. */
typedef enum { IX_FIELD, IX_ENTITY, IX_AUTO, IX_NOTE } ix_use;

/* Columns only, no sort order, no index type. */
static bool plain(const scc_pull_index *x) {
  for (uint32_t i = 0; i < x->ncols; i++)
    if (x->desc[i] || !x->cols[i]) return false;
  return !x->method;
}

static bool has_desc(const scc_pull_index *x) {
  for (uint32_t i = 0; i < x->ncols; i++)
    if (x->desc[i]) return true;
  return false;
}

static const scc_pull_fk *fk_of(const scc_pull_table *t, const char *col) {
  for (uint32_t i = 0; i < t->nfks; i++)
    if (!strcmp(t->fks[i].col, col)) return &t->fks[i];
  return NULL;
}

/* A GIN index the language writes: on json columns (jsonb), with the
 * default operator class or jsonb_path_ops (check/check_index.c). */
static bool gin_ok(const scc_pull_table *t, const scc_pull_index *x) {
  if (!x->method) return true;
  if (x->opclass && strcmp(x->opclass, "jsonb_path_ops")) return false;
  for (uint32_t i = 0; i < x->ncols; i++) {
    int c = x->cols[i] ? col_index(t, x->cols[i]) : -1;
    if (c < 0 || strcmp(t->cols[c].type, "json")) return false;
  }
  return true;
}

static void classify_indexes(scc_arena *a, const scc_pull_table *t, bool soft, const ix_keys *keys, ix_use *use) {
  for (uint32_t i = 0; i < t->nidx; i++) {
    const scc_pull_index *x = &t->idx[i];
    /* A unique key with a predicate or an expression is @@unique(..., where:)
     * or @@unique(lower(x)); with a sort order it is not in the language. */
    bool own_where = x->live_only ? x->live_where != NULL : x->where != NULL;
    if (!keys[i].ok || (x->unique && has_desc(x)) || !gin_ok(t, x)) use[i] = IX_NOTE;
    else if (x->unique) use[i] = x->ncols == 1 && plain(x) && !own_where ? IX_FIELD : IX_ENTITY;
    else use[i] = x->ncols == 1 && plain(x) && !x->where ? IX_FIELD : IX_ENTITY;
  }
  /* The index the language makes by itself for a foreign key column that
   * nothing else covers (check/check_graph.c ck_fk_indexes). */
  for (uint32_t i = 0; i < t->nidx; i++) {
    const scc_pull_index *x = &t->idx[i];
    if (x->unique || x->ncols != 1 || !plain(x) || x->where || !fk_of(t, x->cols[0])) continue;
    if (strcmp(x->name, scc_constraint_name(a, t->name, x->cols[0], "idx"))) continue;
    bool covered = t->npk && !strcmp(t->pk[0], x->cols[0]);
    for (uint32_t j = 0; j < t->nidx && !covered; j++) {
      const scc_pull_index *o = &t->idx[j];
      if (j == i || use[j] == IX_NOTE || use[j] == IX_AUTO || o->method || !o->cols[0] || strcmp(o->cols[0], x->cols[0]))
        continue;
      covered = o->unique ? !soft : !o->where;
    }
    if (!covered) use[i] = IX_AUTO;
  }
}

static bool is_soft(const scc_pull_table *t) {
  for (uint32_t i = 0; i < t->ncols; i++)
    if (t->cols[i].soft_delete) return true;
  return false;
}

static void write_field(const scc_pulled *p, const names *nm, uint32_t ti, uint32_t ci, const ix_use *use, scc_buf *b,
                        scc_buf *w) {
  scc_arena *a = p->arena;
  const scc_pull_table *t = &p->tables[ti];
  const scc_pull_col *c = &t->cols[ci];
  const char *fname = nm->field[ti][ci];
  const char *where = scc_printf(a, "%s.%s", t->name, c->name);
  scc_buf attrs = {0};
  if (t->npk == 1 && !strcmp(t->pk[0], c->name)) scc_buf_puts(&attrs, " @id");
  if (c->def) scc_buf_printf(&attrs, " @default(%s)", c->def);
  for (uint32_t i = 0; i < t->nidx; i++) {
    const scc_pull_index *x = &t->idx[i];
    if (use[i] != IX_FIELD || strcmp(x->cols[0], c->name)) continue;
    const char *dflt = scc_constraint_name(a, t->name, c->name, x->unique ? "key" : "idx");
    scc_buf_puts(&attrs, x->unique ? " @unique" : " @index");
    if (strcmp(dflt, x->name)) {
      scc_buf_puts(&attrs, "(name: ");
      string_arg(&attrs, x->name);
      scc_buf_putc(&attrs, ')');
    }
  }
  if (c->check_lo) scc_buf_printf(&attrs, " @check(%s..%s)", c->check_lo, c->check_hi);
  const scc_pull_fk *fk = fk_of(t, c->name);
  scc_pull_notes extra = {0};
  if (fk) {
    int tt = table_index(p, fk->ref_table);
    int tc = tt >= 0 ? col_index(&p->tables[tt], fk->ref_col) : -1;
    if (tt < 0 || tc < 0 || !nm->entity[tt]) {
      scc_pull_note((scc_pulled *)p, &extra, "its foreign key to %s(%s) points at a table this file does not have", fk->ref_table,
                    fk->ref_col);
    } else {
      scc_buf_printf(&attrs, " @ref(%s.%s", nm->entity[tt], nm->field[tt][tc]);
      if (strcmp(fk->on_delete, "no_action")) scc_buf_printf(&attrs, ", on_delete: %s", fk->on_delete);
      if (strcmp(fk->on_update, "no_action")) scc_buf_printf(&attrs, ", on_update: %s", fk->on_update);
      scc_buf_putc(&attrs, ')');
      const char *want = scc_constraint_name(a, t->name, c->name, "fkey");
      if (strcmp(fk->name, want))
        scc_pull_note((scc_pulled *)p, &extra, "its foreign key is named %s; the language names it %s", fk->name, want);
    }
  }
  if (c->soft_delete) scc_buf_puts(&attrs, " @soft_delete");
  if (c->tenant) scc_buf_puts(&attrs, " @tenant");
  if (strcmp(fname, c->name)) {
    scc_buf_puts(&attrs, " @column(");
    string_arg(&attrs, c->name);
    scc_buf_putc(&attrs, ')');
  }
  notes(b, w, "  ", where, &c->notes);
  notes(b, w, "  ", where, &extra);
  doc(b, c->doc, "  ");
  const char *type = c->enum_of >= 0 ? nm->enm[c->enum_of] : c->type;
  const char *arr = c->enum_of >= 0 && c->array ? "[]" : "";
  scc_buf_printf(b, "  %s %s%s%s%.*s\n", fname, type, arr, c->nullable ? "?" : "", (int)attrs.len,
                 attrs.data ? attrs.data : "");
  scc_buf_free(&attrs);
}

static void field_list(scc_buf *b, const names *nm, uint32_t ti, const scc_pull_table *t, const char *const *cols, uint32_t n,
                       const bool *desc) {
  for (uint32_t i = 0; i < n; i++) {
    int k = col_index(t, cols[i]);
    scc_buf_printf(b, "%s%s%s", i ? ", " : "", k >= 0 ? nm->field[ti][k] : cols[i], desc && desc[i] ? " desc" : "");
  }
}

static void write_entity(const scc_pulled *p, const names *nm, uint32_t ti, scc_buf *b, scc_buf *w) {
  scc_arena *a = p->arena;
  const scc_pull_table *t = &p->tables[ti];
  const char *ename = nm->entity[ti];
  notes(b, w, "", t->name, &t->notes);
  doc(b, t->doc, "");
  scc_buf_printf(b, "entity %s {\n", ename);
  ix_use *use = scc_alloc(a, (t->nidx + 1) * sizeof *use);
  ix_keys *keys = scc_alloc(a, (t->nidx + 1) * sizeof *keys);
  for (uint32_t i = 0; i < t->nidx; i++) keys[i] = read_keys((scc_pulled *)p, nm, ti, &t->idx[i]);
  classify_indexes(a, t, is_soft(t), keys, use);
  for (uint32_t i = 0; i < t->ncols; i++) write_field(p, nm, ti, i, use, b, w);
  scc_buf_putc(b, '\n');
  if (strcmp(t->pk_name, scc_constraint_name(a, t->name, NULL, "pkey")))
    note(b, w, "  ", t->name, scc_printf(a, "its primary key is named %s; the language names it %s_pkey", t->pk_name, t->name));
  if (t->npk > 1) {
    scc_buf_puts(b, "  @@id(");
    field_list(b, nm, ti, t, t->pk, t->npk, NULL);
    scc_buf_puts(b, ")\n");
  }
  for (uint32_t i = 0; i < t->nidx; i++) {
    const scc_pull_index *x = &t->idx[i];
    if (use[i] == IX_NOTE) {
      scc_buf s = {0};
      scc_buf_printf(&s, "%sindex %s on (", x->unique ? "unique " : "", x->name);
      for (uint32_t k = 0; k < x->ncols; k++)
        scc_buf_printf(&s, "%s%s%s", k ? ", " : "", x->cols[k] ? x->cols[k] : x->exprs[k] ? x->exprs[k] : "?",
                       x->desc[k] ? " DESC" : "");
      scc_buf_printf(&s, ")%s%s is not in the language (%s)", x->where ? " WHERE " : "", x->where ? x->where : "",
                     !keys[i].ok  ? "an expression key other than a function call over columns"
                     : x->method ? "a GIN index other than on json columns with jsonb_ops or jsonb_path_ops"
                                 : "a unique key with a sort order");
      scc_buf_putc(&s, 0);
      note(b, w, "  ", t->name, s.data);
      scc_buf_free(&s);
      continue;
    }
    if (use[i] != IX_ENTITY) continue;
    const char *dflt = scc_constraint_name(a, t->name, cols_joined(a, x, &keys[i]), x->unique ? "key" : "idx");
    scc_buf_printf(b, "  @@%s(", x->unique ? "unique" : "index");
    for (uint32_t k = 0; k < x->ncols; k++) scc_buf_printf(b, "%s%s%s", k ? ", " : "", keys[i].dsl[k], x->desc[k] ? " desc" : "");
    if (strcmp(dflt, x->name)) {
      scc_buf_puts(b, ", name: ");
      string_arg(b, x->name);
    }
    const char *own_where = x->live_only ? x->live_where : x->where;
    if (own_where) {
      scc_buf_puts(b, ", where: ");
      string_arg(b, own_where);
    }
    if (x->method) scc_buf_printf(b, ", type: %s", x->method);
    if (x->opclass) scc_buf_printf(b, ", ops: %s", x->opclass);
    scc_buf_puts(b, ")\n");
  }
  uint32_t k = 0;
  for (uint32_t i = 0; i < t->nchecks; i++) {
    const scc_pull_check *c = &t->checks[i];
    if (strchr(c->sql, '\n')) {
      note(b, w, "  ", t->name, scc_printf(a, "check %s spans several lines, which @@check does not take: %s", c->name, c->sql));
      continue;
    }
    const char *want = k == 0 ? scc_constraint_name(a, t->name, NULL, "check")
                              : scc_constraint_name(a, t->name, scc_printf(a, "%u", k + 1), "check");
    k++;
    if (c->name[0] && strcmp(c->name, want))
      note(b, w, "  ", t->name, scc_printf(a, "check %s will be named %s", c->name, want));
    scc_buf_puts(b, "  @@check(");
    string_arg(b, c->sql);
    scc_buf_puts(b, ")\n");
  }
  if (strcmp(scc_plural(a, scc_snake(a, ename)), t->name)) {
    scc_buf_puts(b, "  @@table(");
    string_arg(b, t->name);
    scc_buf_puts(b, ")\n");
  }
  scc_buf_puts(b, "}\n\n");
}

/* A table the language cannot hold (no primary key): every column as a
 * comment, so nothing is lost from view. */
static void write_commented(const scc_pulled *p, const scc_pull_table *t, scc_buf *b, scc_buf *w) {
  scc_buf s = {0};
  scc_buf_printf(&s, "table %s has no primary key, which every entity needs: left out; its columns:", t->name);
  for (uint32_t i = 0; i < t->ncols; i++)
    scc_buf_printf(&s, "%s %s %s%s", i ? "," : "", t->cols[i].name, t->cols[i].type, t->cols[i].nullable ? "?" : "");
  scc_buf_putc(&s, 0);
  note(b, w, "", t->name, s.data);
  scc_buf_free(&s);
  notes(b, w, "", t->name, &t->notes);
  for (uint32_t i = 0; i < t->ncols; i++) notes(b, w, "", scc_printf(p->arena, "%s.%s", t->name, t->cols[i].name), &t->cols[i].notes);
  scc_buf_putc(b, '\n');
}

/* The text inside one pair of parentheses around all of s, or s. */
static const char *unwrap_once(scc_arena *a, const char *s) {
  size_t n = strlen(s);
  if (n < 2 || s[0] != '(' || s[n - 1] != ')') return s;
  int depth = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\'' || s[i] == '"') {
      char q = s[i];
      for (i++; i < n && s[i] != q; i++) {}
      continue;
    }
    if (s[i] == '(') depth++;
    if (s[i] == ')' && --depth == 0 && i != n - 1) return s;
  }
  return scc_strndup(a, s + 1, n - 2);
}

/* `col IS NULL`, or `col IS NULL AND (rest)` (a unique key's own predicate
 * on a soft-delete entity, emit_sql.c), however parenthesised (PostgreSQL
 * prints `((deleted_at IS NULL) AND (...))`): the column, with the rest
 * kept in x->live_where; NULL when the predicate is not of that form. */
static scc_pull_col *live_predicate(scc_pulled *p, scc_pull_table *t, scc_pull_index *x) {
  const char *s = unwrap_once(p->arena, x->where);
  unsigned par = 0;
  while (*s == '(') s++, par++;
  const char *col = scc_pull_ident(p, &s);
  while (*s == ' ') s++;
  if (!col || strncmp(s, "IS NULL", 7)) return NULL;
  s += 7;
  while (par && *s == ')') s++, par--;
  if (par) return NULL;
  x->live_where = NULL;
  if (*s) {
    if (strncmp(s, " AND ", 5)) return NULL;
    x->live_where = unwrap_once(p->arena, s + 5);
  }
  return scc_pull_find_col(t, col);
}

/* The soft-delete column: every unique key of the table is partial on
 * `col IS NULL` for one nullable timestamp column (what schemac writes for
 * a @soft_delete entity, language.md section 9). */
static void find_soft_delete(scc_pulled *p) {
  for (uint32_t i = 0; i < p->ntables; i++) {
    scc_pull_table *t = &p->tables[i];
    scc_pull_col *soft = NULL;
    bool all = true;
    uint32_t nu = 0;
    for (uint32_t k = 0; k < t->nidx && all; k++) {
      scc_pull_index *x = &t->idx[k];
      if (!x->unique) continue;
      nu++;
      scc_pull_col *c = NULL;
      if (x->where) c = live_predicate(p, t, x);
      /* On SQLite a timestamp is an INTEGER like a bigint. */
      bool ts = c && (!strcmp(c->type, "timestamp") || (!strcmp(c->type, "bigint") && !strcmp(p->dialect, "sqlite")));
      if (!c || !c->nullable || !ts || (soft && soft != c)) all = false;
      else soft = c;
    }
    if (!nu || !all || !soft) continue;
    soft->soft_delete = true;
    soft->type = "timestamp";
    for (uint32_t k = 0; k < t->nidx; k++)
      if (t->idx[k].unique) t->idx[k].live_only = true;
  }
}

void scc_pull_write(const scc_pulled *cp, const char *schema_name, scc_buf *out, scc_buf *w) {
  scc_pulled *p = (scc_pulled *)cp; /* the arena gives names room */
  find_soft_delete(p);
  names nm;
  make_names(p, &nm);
  scc_buf b = {0};
  scc_buf_printf(&b, "// Pulled from a %s database by schemac pull.\n", p->dialect);
  if (schema_name) scc_buf_printf(&b, "schema %s\n", schema_name);
  scc_buf_putc(&b, '\n');
  if (p->notes.n) {
    notes(&b, w, "", NULL, &p->notes);
    scc_buf_putc(&b, '\n');
  }
  for (uint32_t i = 0; i < p->nenums; i++) {
    const scc_pull_enum *e = &p->enums[i];
    doc(&b, e->doc, "");
    scc_buf_printf(&b, "enum %s {", nm.enm[i]);
    for (uint32_t k = 0; k < e->nvalues; k++) scc_buf_printf(&b, " %s", e->values[k]);
    scc_buf_puts(&b, " }\n\n");
  }
  for (uint32_t i = 0; i < p->ntables; i++) {
    if (nm.entity[i]) write_entity(p, &nm, i, &b, w);
    else write_commented(p, &p->tables[i], &b, w);
  }
  while (b.len && b.data[b.len - 1] == '\n') b.len--;
  scc_buf_putc(&b, '\n');
  /* The canonical layout, when the text parses (it always should; if not,
   * the raw text still shows what was pulled and check will say why). */
  scc_compiler *c = scc_compiler_new();
  scc_compiler_add_source(c, "pulled.schema", b.data, b.len);
  if (scc_compiler_parse(c) && scc_compiler_nfiles(c) == 1) scc_format_file(scc_compiler_file(c, 0), out);
  else scc_buf_put(out, b.data, b.len);
  scc_compiler_free(c);
  scc_buf_free(&b);
}
