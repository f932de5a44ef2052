/* The SQLite reader of `schemac pull` (pull.h): sqlite_schema for the
 * tables and their text, pragma table_xinfo / foreign_key_list /
 * index_list / index_xinfo for columns, keys and indexes. SQLite stores
 * most types as INTEGER or TEXT plus a CHECK (dialect/dialect_sql.c), so
 * a column's language type comes from its declared type and the CHECK
 * schemac would have written for it; the check is then consumed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "base/alloc.h"
#include "base/names.h"
#include "dialect/dialect.h"
#include "model/model.h"
#include "pull/pull.h"
#include "pull/pull_sql_text.h"

#include <schemac/datetime.h>

static bool fail(sqlite3 *db, scc_buf *err) {
  scc_buf_printf(err, "%s", sqlite3_errmsg(db));
  return false;
}

static const char *col_text(scc_pulled *p, sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? scc_strdup(p->arena, (const char *)t) : NULL;
}

/* ---- column types ---- */

/* The declared type's first word, upper case, and its (n) or (p, s). */
typedef struct decl {
  char word[32];
  long a1, a2;
} decl;

static decl parse_decl(const char *t) {
  decl d = {"", -1, -1};
  size_t i = 0;
  while (t && *t && !isalpha((unsigned char)*t)) t++;
  while (t && (isalpha((unsigned char)*t) || *t == '_') && i + 1 < sizeof d.word) d.word[i++] = (char)toupper((unsigned char)*t++);
  d.word[i] = 0;
  const char *o = t ? strchr(t, '(') : NULL;
  if (o) {
    d.a1 = strtol(o + 1, NULL, 10);
    const char *c = strchr(o, ',');
    if (c) d.a2 = strtol(c + 1, NULL, 10);
  }
  return d;
}

static bool is(const decl *d, const char *w) { return !strcmp(d->word, w); }

/* What a check body says about column c, in schemac's own spellings. */
typedef enum { CK_OTHER, CK_BOOL, CK_LENGTH, CK_UUID, CK_DATE, CK_TIME, CK_JSON, CK_ENUM, CK_RANGE, CK_ARRAY } ck_kind;

typedef struct ck_info {
  ck_kind kind;
  const char *column;
  long length;
  const char **values;
  uint32_t nvalues;
  const char *lo, *hi;
  const char *array_type; /* CK_ARRAY: "text[]", "bigint[]", "uuid[]" (enum arrays: values) */
} ck_info;

/* A signed number, bare or in parentheses ((-300)); its text, or NULL. */
static const char *number_at(scc_pulled *p, const char **s) {
  while (**s == ' ') (*s)++;
  bool paren = **s == '(';
  const char *q = *s + paren;
  const char *start = q;
  if (*q == '-') q++;
  if (!isdigit((unsigned char)*q)) return NULL;
  while (isdigit((unsigned char)*q) || *q == '.') q++;
  const char *r = scc_strndup(p->arena, start, (size_t)(q - start));
  if (paren) {
    if (*q != ')') return NULL;
    q++;
  }
  *s = q;
  return r;
}

/* The CHECK (or default) schemac's SQLite DDL writes for a column of this
 * type: the dialect renders it, so pull reads exactly what sql writes. */
static scc_mfield fake(const char *column, scc_type_kind k, uint32_t length, bool nullable) {
  scc_mfield f;
  memset(&f, 0, sizeof f);
  f.column = column;
  f.name = column;
  f.type.kind = k;
  f.type.length = length;
  f.nullable = nullable;
  return f;
}

static bool renders_check(const char *body, scc_mfield f) {
  scc_buf b = {0};
  bool same = scc_dialect_ops_of(SC_DIALECT_SQLITE)->type_check(&b, &f) && !strcmp(b.data, body);
  scc_buf_free(&b);
  return same;
}

/* `<range operand> BETWEEN ` for a column of that type. */
static const char *range_prefix(scc_pulled *p, const char *column, scc_type_kind k) {
  scc_mfield f = fake(column, k, 0, false);
  scc_buf b = {0};
  scc_dialect_ops_of(SC_DIALECT_SQLITE)->range_operand(&b, &f);
  scc_buf_puts(&b, " BETWEEN ");
  const char *r = scc_strndup(p->arena, b.data, b.len);
  scc_buf_free(&b);
  return r;
}

/* An array's check (dialect_array.c): its element type from the check's
 * element test, an enum array's values from its quoted literals. */
static void array_check(scc_pulled *p, const char *body, const char *c, ck_info *r) {
  static const struct {
    scc_type_kind kind;
    const char *dsl;
  } elems[] = {{SCC_T_TEXT, "text[]"}, {SCC_T_BIGINT, "bigint[]"}, {SCC_T_UUID, "uuid[]"}};
  for (int nullable = 0; nullable < 2; nullable++) {
    for (size_t k = 0; k < sizeof elems / sizeof *elems; k++) {
      scc_mfield f = fake(c, elems[k].kind, 0, nullable);
      f.type.array = true;
      if (renders_check(body, f)) {
        r->kind = CK_ARRAY, r->array_type = elems[k].dsl;
        return;
      }
    }
    /* enum values: the '"v"' literals of the replace() chain */
    const char **v = scc_alloc(p->arena, (strlen(body) / 4 + 1) * sizeof *v);
    uint32_t n = 0;
    for (const char *q = strstr(body, "'\""); q; q = strstr(q, "'\"")) {
      const char *end = strstr(q + 2, "\"'");
      if (!end) break;
      v[n++] = scc_strndup(p->arena, q + 2, (size_t)(end - q - 2));
      q = end + 2;
    }
    if (!n) continue;
    scc_enum_value_m *vals = scc_alloc(p->arena, n * sizeof *vals);
    for (uint32_t i = 0; i < n; i++) vals[i].name = v[i];
    scc_enum en = {.name = "E", .values = vals, .nvalues = n};
    scc_mfield f = fake(c, SCC_T_ENUM, 0, nullable);
    f.type.array = true;
    f.type.enm = &en;
    if (renders_check(body, f)) {
      r->kind = CK_ARRAY, r->values = v, r->nvalues = n;
      return;
    }
  }
}

static ck_info classify(scc_pulled *p, const scc_pull_table *t, const char *body) {
  static const struct {
    scc_type_kind kind;
    ck_kind ck;
  } implied[] = {{SCC_T_BOOL, CK_BOOL}, {SCC_T_UUID, CK_UUID}, {SCC_T_DATE, CK_DATE}, {SCC_T_TIME, CK_TIME}};
  ck_info r = {CK_OTHER, NULL, 0, NULL, 0, NULL, NULL, NULL};
  for (uint32_t i = 0; i < t->ncols && r.kind == CK_OTHER; i++) {
    const char *c = t->cols[i].name;
    for (size_t k = 0; k < sizeof implied / sizeof *implied && r.kind == CK_OTHER; k++)
      if (renders_check(body, fake(c, implied[k].kind, 0, false))) r.kind = implied[k].ck;
    if (r.kind == CK_OTHER && (renders_check(body, fake(c, SCC_T_JSON, 0, true)) || renders_check(body, fake(c, SCC_T_JSON, 0, false))))
      r.kind = CK_JSON;
    if (r.kind == CK_OTHER) array_check(p, body, c, &r);
    /* string(n): the length is read, then the check rendered for it. */
    const char *le = strstr(body, ") <= ");
    if (r.kind == CK_OTHER && le) {
      char *end;
      long len = strtol(le + 5, &end, 10);
      if (!*end && len > 0 && len <= UINT32_MAX && renders_check(body, fake(c, SCC_T_STRING, (uint32_t)len, false)))
        r.kind = CK_LENGTH, r.length = len;
    }
    const char *pre[2] = {range_prefix(p, c, SCC_T_DECIMAL), range_prefix(p, c, SCC_T_INT)};
    for (int k = 0; k < 2 && r.kind == CK_OTHER; k++) {
      if (strncmp(body, pre[k], strlen(pre[k]))) continue;
      const char *s = body + strlen(pre[k]);
      const char *lo = number_at(p, &s);
      if (lo && !strncmp(s, " AND ", 5)) {
        s += 5;
        const char *hi = number_at(p, &s);
        if (hi && !*s) r.kind = CK_RANGE, r.lo = lo, r.hi = hi;
      }
    }
    if (r.kind != CK_OTHER) r.column = c;
  }
  if (r.kind != CK_OTHER) return r;
  const char *col;
  if (scc_pull_parse_in_list(p, body, &col, &r.values, &r.nvalues) && scc_pull_find_col((scc_pull_table *)t, col)) {
    r.kind = CK_ENUM;
    r.column = col;
  }
  return r;
}

/* ---- defaults ---- */

/* The default schemac's SQLite DDL writes for now() or uuid() on a type. */
static bool dialect_default(const char *d, scc_default_kind dk, scc_type_kind k) {
  scc_mfield f = fake("x", k, 0, false);
  f.def.kind = dk;
  scc_buf b = {0};
  scc_dialect_ops_of(SC_DIALECT_SQLITE)->default_expr(&b, &f);
  /* SQLite's pragma shows a default expression without its parentheses. */
  size_t n = b.len;
  bool same = b.data && (!strcmp(d, b.data) || (n > 2 && b.data[0] == '(' && strlen(d) == n - 2 && !strncmp(d, b.data + 1, n - 2)));
  scc_buf_free(&b);
  return same;
}

static const char *time_text(scc_pulled *p, long long us) {
  long long s = us / 1000000, f = us % 1000000;
  const char *base = scc_printf(p->arena, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return f ? scc_printf(p->arena, "%s.%06lld", base, f) : base;
}

/* The default of column c (its type already decided) in DSL spelling; a
 * default the language cannot write is a note. */
static void read_default(scc_pulled *p, scc_pull_col *c, const char *d, const char *kind) {
  if (!d || !strcasecmp(d, "NULL")) return;
  const char *s = d;
  if (!strcmp(kind, "timestamp") && dialect_default(d, SCC_DEF_NOW, SCC_T_TIMESTAMP)) c->def = "now()";
  else if (!strcmp(kind, "date") && dialect_default(d, SCC_DEF_NOW, SCC_T_DATE)) c->def = "now()";
  else if (!strcmp(kind, "uuid") && dialect_default(d, SCC_DEF_UUID, SCC_T_UUID)) c->def = "uuid()";
  else if (*d == '\'') {
    const char *v = scc_pull_string(p, &s);
    if (v && !*s) {
      if (c->enum_of >= 0) c->def = v;
      else if (!strcmp(kind, "decimal") || !strncmp(kind, "decimal(", 8)) c->def = v;
      else c->def = scc_pull_dsl_string(p, v);
    }
  } else {
    const char *num = number_at(p, &s);
    if (num && !*s) {
      if (!strcmp(kind, "bool") && (!strcmp(num, "0") || !strcmp(num, "1"))) c->def = *num == '1' ? "true" : "false";
      else if (!strcmp(kind, "time") && !strchr(num, '.')) c->def = scc_pull_dsl_string(p, time_text(p, atoll(num)));
      else if (strcmp(kind, "bool") && strcmp(kind, "time")) c->def = num;
    }
  }
  if (!c->def) scc_pull_note(p, &c->notes, "default %s is not a default the language can write", d);
}

/* ---- one table ---- */

typedef struct col_raw {
  const char *decl, *dflt;
  int pk;
  int hidden;
} col_raw;

static bool read_table(scc_pulled *p, sqlite3 *db, const char *name, const char *sql, scc_buf *err) {
  scc_pull_table *t = scc_pull_add_table(p, name);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid",
                         -1, &st, NULL) != SQLITE_OK)
    return fail(db, err);
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  col_raw *raw = NULL;
  uint32_t nraw = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    scc_pull_col *c = scc_pull_add_col(p, t, (const char *)sqlite3_column_text(st, 0));
    c->nullable = !sqlite3_column_int(st, 2);
    raw = scc_xrealloc_array(raw, nraw + 1, sizeof *raw);
    raw[nraw++] = (col_raw){col_text(p, st, 1), col_text(p, st, 3), sqlite3_column_int(st, 4), sqlite3_column_int(st, 5)};
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) {
    free(raw);
    return fail(db, err);
  }
  /* Primary key, in key order. */
  int npk = 0;
  for (uint32_t i = 0; i < nraw; i++) npk += raw[i].pk > 0;
  t->pk = scc_alloc(p->arena, (size_t)(npk ? npk : 1) * sizeof *t->pk);
  for (int k = 1; k <= npk; k++)
    for (uint32_t i = 0; i < nraw; i++)
      if (raw[i].pk == k) t->pk[t->npk++] = t->cols[i].name;
  t->pk_name = scc_constraint_name(p->arena, name, NULL, "pkey");
  /* SQLite lets a key column hold NULL unless it says NOT NULL (but never
   * the INTEGER rowid key); the language's keys are NOT NULL. */
  for (uint32_t i = 0; i < nraw; i++)
    if (raw[i].pk && t->cols[i].nullable) {
      t->cols[i].nullable = false;
      if (npk != 1 || strcasecmp(raw[i].decl ? raw[i].decl : "", "INTEGER"))
        scc_pull_note(p, &t->cols[i].notes, "a key column without NOT NULL (SQLite allows NULL there); the language makes it NOT NULL");
    }

  scc_sql_table text;
  if (!scc_sql_parse_table(p, sql, &text)) {
    scc_pull_note(p, &t->notes, "the CREATE TABLE text could not be read: its checks and comments are missing here");
    text.nitems = 0;
  }
  if (text.options) scc_pull_note(p, &t->notes, "table options '%s' are not in the language", text.options);
  /* Checks: classify each; type checks decide the type and are consumed. */
  ck_info *kinds = scc_xcalloc(nraw + 1, sizeof *kinds);
  for (uint32_t i = 0; i < text.nitems; i++) {
    const scc_sql_item *it = &text.items[i];
    if (it->kind && !strcasecmp(it->kind, "PRIMARY") && it->name) t->pk_name = it->name;
    if (it->column) {
      scc_pull_col *c = scc_pull_find_col(t, it->column);
      if (c && it->doc) c->doc = it->doc;
      if (c && it->collate) scc_pull_note(p, &c->notes, "its COLLATE clause is not in the language");
    }
    for (uint32_t k = 0; k < it->nchecks; k++) {
      const scc_sql_check *ck = &it->checks[k];
      ck_info info = classify(p, t, ck->body);
      scc_pull_col *c = info.column ? scc_pull_find_col(t, info.column) : NULL;
      uint32_t ci = c ? (uint32_t)(c - t->cols) : 0;
      if (c && kinds[ci].kind == CK_OTHER) {
        kinds[ci] = info;
        const char *want = scc_constraint_name(p->arena, name, c->name, "check");
        if (ck->name && strcmp(ck->name, want))
          scc_pull_note(p, &c->notes, "its check is named %s; the language names it %s", ck->name, want);
        continue;
      }
      scc_pull_add_check(p, t, ck->name ? ck->name : "", ck->body);
    }
  }
  for (uint32_t i = 0; i < nraw; i++) {
    scc_pull_col *c = &t->cols[i];
    decl d = parse_decl(raw[i].decl);
    ck_info *k = &kinds[i];
    const char *type = NULL;
    if (raw[i].hidden) scc_pull_note(p, &c->notes, "a generated or hidden column (the language has none): written as a plain column");
    if (k->kind == CK_ENUM) {
      c->enum_of = scc_pull_column_enum(p, t->name, c->name, k->values, k->nvalues);
      if (c->enum_of >= 0) type = p->enums[c->enum_of].name;
      else {
        /* Values the language cannot name: a text column and the check. */
        scc_pull_in_check(p, t, c->name, k->values, k->nvalues);
        type = "text";
      }
    } else if (k->kind == CK_BOOL) type = "bool";
    else if (k->kind == CK_UUID) type = "uuid";
    else if (k->kind == CK_DATE) type = "date";
    else if (k->kind == CK_TIME) type = "time";
    else if (k->kind == CK_JSON) type = "json";
    /* A JSON array: its check gives the element type back (an integer
     * array's width is not held, as INTEGER holds none: bigint[]). */
    else if (k->kind == CK_ARRAY && k->array_type) type = k->array_type;
    else if (k->kind == CK_ARRAY) {
      c->enum_of = scc_pull_column_enum(p, t->name, c->name, k->values, k->nvalues);
      c->array = c->enum_of >= 0;
      type = c->enum_of >= 0 ? scc_printf(p->arena, "%s[]", p->enums[c->enum_of].name) : "text[]";
      if (c->enum_of < 0)
        scc_pull_note(p, &c->notes, "an enum array whose values the language cannot name: read as text[] (its check is lost)");
    }
    else if (k->kind == CK_LENGTH) type = scc_printf(p->arena, "string(%ld)", k->length);
    else if (k->kind == CK_RANGE) c->check_lo = k->lo, c->check_hi = k->hi;
    if (!type) {
      /* By the declared type, SQLite's affinity rules first. */
      bool now = raw[i].dflt && dialect_default(raw[i].dflt, SCC_DEF_NOW, SCC_T_TIMESTAMP);
      if (strstr(d.word, "INT")) {
        type = now ? "timestamp" : is(&d, "SMALLINT") || is(&d, "TINYINT") ? "smallint" : is(&d, "INT") || is(&d, "MEDIUMINT") ? "int" : "bigint";
      } else if (strstr(d.word, "CHAR") || strstr(d.word, "CLOB") || strstr(d.word, "TEXT")) {
        type = d.a1 > 0 && strstr(d.word, "CHAR") ? scc_printf(p->arena, "string(%ld)", d.a1) : "text";
      } else if (strstr(d.word, "BLOB") || !d.word[0]) {
        type = "bytes";
        if (!d.word[0]) scc_pull_note(p, &c->notes, "it has no declared type (any value): read as bytes");
      } else if (strstr(d.word, "REAL") || strstr(d.word, "FLOA") || strstr(d.word, "DOUB")) {
        type = "float";
      } else if (is(&d, "BOOLEAN") || is(&d, "BOOL")) {
        type = "bool";
      } else if (is(&d, "DATE")) {
        type = "date";
      } else if (is(&d, "NUMERIC") || is(&d, "DECIMAL")) {
        type = d.a1 > 0 ? scc_printf(p->arena, "decimal(%ld, %ld)", d.a1, d.a2 > 0 ? d.a2 : 0) : "decimal";
        scc_pull_note(p, &c->notes, "declared %s (numeric affinity, values stored as numbers); schemac keeps decimals as exact TEXT on SQLite", raw[i].decl);
      } else {
        type = "text";
        scc_pull_note(p, &c->notes, "declared type '%s' is not a type of the language: read as text (schemac keeps timestamps as INTEGER microseconds)", raw[i].decl);
      }
    }
    c->type = type;
    /* A single INTEGER key is SQLite's rowid: it numbers itself. */
    bool integer = !strcmp(type, "bigint") || !strcmp(type, "int") || !strcmp(type, "smallint");
    if (t->npk == 1 && !strcmp(t->pk[0], c->name) && !strcmp(d.word, "INTEGER") && integer && !raw[i].dflt)
      c->def = "autoincrement()";
    else read_default(p, c, raw[i].dflt, type);
  }
  free(kinds);
  free(raw);
  return true;
}

static bool read_fks(scc_pulled *p, sqlite3 *db, scc_pull_table *t, const scc_pulled *all, scc_buf *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                         -1, &st, NULL) != SQLITE_OK)
    return fail(db, err);
  sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
  int rc, last = -1;
  scc_pull_fk *cur = NULL;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int id = sqlite3_column_int(st, 0);
    const char *target = col_text(p, st, 2), *from = col_text(p, st, 3), *to = col_text(p, st, 4);
    if (id == last) {
      /* A composite key: the language's @ref has one column. */
      if (cur) {
        scc_pull_col *c = scc_pull_find_col(t, cur->col);
        scc_pull_note(p, c ? &c->notes : &t->notes, "its foreign key to %s is over several columns (%s, %s, ...): the language's @ref has one", target, cur->col, from);
        t->nfks--;
        cur = NULL;
      }
      continue;
    }
    last = id;
    if (!to) /* refers to the target's primary key */
      for (uint32_t i = 0; i < all->ntables; i++)
        if (!strcmp(all->tables[i].name, target) && all->tables[i].npk == 1) to = all->tables[i].pk[0];
    cur = scc_pull_add_fk(p, t);
    cur->col = from;
    cur->ref_table = target;
    cur->ref_col = to ? to : "";
    cur->on_update = scc_pull_action(col_text(p, st, 5));
    cur->on_delete = scc_pull_action(col_text(p, st, 6));
    cur->name = scc_constraint_name(p->arena, t->name, from, "fkey");
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || fail(db, err);
}

/* Key columns of one index; SQLite's own limit is 2000 (SQLITE_MAX_COLUMN):
 * a wider index is a note. */
#define SCC_PULL_MAX_INDEX_COLS 2000

static bool read_indexes(scc_pulled *p, sqlite3 *db, scc_pull_table *t, scc_buf *err) {
  sqlite3_stmt *st, *xs;
  /* Creation order: schemac writes an entity's indexes in declaration order. */
  if (sqlite3_prepare_v2(db,
                         "SELECT l.name, l.\"unique\", l.origin, s.sql FROM pragma_index_list(?1) l "
                         "LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name "
                         "WHERE l.origin <> 'pk' ORDER BY s.rowid, l.seq DESC",
                         -1, &st, NULL) != SQLITE_OK)
    return fail(db, err);
  if (sqlite3_prepare_v2(db, "SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(?1) WHERE key ORDER BY seqno", -1, &xs,
                         NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return fail(db, err);
  }
  sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *iname = col_text(p, st, 0), *sql = col_text(p, st, 3);
    bool unique = sqlite3_column_int(st, 1);
    sqlite3_reset(xs);
    sqlite3_bind_text(xs, 1, iname, -1, SQLITE_TRANSIENT);
    static const char *cols[SCC_PULL_MAX_INDEX_COLS], *exprs[SCC_PULL_MAX_INDEX_COLS];
    static bool desc[SCC_PULL_MAX_INDEX_COLS];
    bool expr = false, coll = false, wide = false;
    uint32_t n = 0, nkeys = 0;
    const char **keys = NULL;
    /* Expression keys (cid -2) are read from the index's text. */
    bool have_keys = sql && scc_sql_index_keys(p, sql, &keys, &nkeys);
    int xrc;
    while ((xrc = sqlite3_step(xs)) == SQLITE_ROW) {
      if (n == SCC_PULL_MAX_INDEX_COLS) {
        wide = true;
      } else if (sqlite3_column_int(xs, 0) < 0) {
        if (!have_keys || n >= nkeys) expr = true;
        cols[n] = NULL;
        exprs[n] = have_keys && n < nkeys ? keys[n] : NULL;
        desc[n++] = sqlite3_column_int(xs, 2);
      } else {
        cols[n] = col_text(p, xs, 1);
        exprs[n] = NULL;
        desc[n++] = sqlite3_column_int(xs, 2);
      }
      const char *cl = (const char *)sqlite3_column_text(xs, 3);
      if (cl && strcasecmp(cl, "BINARY")) coll = true;
    }
    if (xrc != SQLITE_DONE) {
      sqlite3_finalize(xs);
      sqlite3_finalize(st);
      return fail(db, err);
    }
    if (expr || coll || wide) {
      scc_pull_note(p, &t->notes, "index %s is not in the language (%s): %s", iname,
                    expr ? "an expression index" : wide ? "more than 2000 columns" : "a column with a COLLATE",
                    sql ? sql : "(UNIQUE constraint)");
      continue;
    }
    /* An unnamed UNIQUE inside CREATE TABLE gets an automatic name:
     * the language's default name stands in for it. */
    if (!sql) {
      scc_buf b = {0};
      for (uint32_t i = 0; i < n; i++) scc_buf_printf(&b, "%s%s", i ? "_" : "", cols[i]);
      scc_buf_putc(&b, 0);
      iname = scc_constraint_name(p->arena, t->name, b.data, "key");
      scc_buf_free(&b);
    }
    scc_pull_index *x = scc_pull_add_index(p, t, iname, n);
    x->unique = unique;
    x->ncols = n;
    memcpy(x->cols, cols, n * sizeof *cols);
    memcpy(x->desc, desc, n * sizeof *desc);
    memcpy(x->exprs, exprs, n * sizeof *exprs);
    x->where = sql ? scc_sql_index_where(p, sql) : NULL;
  }
  sqlite3_finalize(xs);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || fail(db, err);
}

bool scc_pull_sqlite(const char *path, scc_pulled *out, scc_buf *err) {
  scc_pull_init(out, "sqlite");
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    bool r = fail(db, err);
    sqlite3_close(db);
    return r;
  }
  sqlite3_stmt *st;
  bool ok = sqlite3_prepare_v2(db,
                               "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                               "AND name NOT LIKE '" SCC_PULL_OWN_PREFIX "%' ORDER BY rowid",
                               -1, &st, NULL) == SQLITE_OK;
  if (!ok) fail(db, err);
  int rc = SQLITE_DONE;
  while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0), *sql = (const char *)sqlite3_column_text(st, 1);
    if (sql && !strncasecmp(sql, "CREATE VIRTUAL", 14)) {
      scc_pull_note(out, &out->notes, "virtual table %s is not in the language: %s", name, sql);
      continue;
    }
    ok = read_table(out, db, name, sql ? sql : "", err);
  }
  if (ok && rc != SQLITE_DONE) ok = fail(db, err);
  sqlite3_finalize(st);
  for (uint32_t i = 0; ok && i < out->ntables; i++) ok = read_fks(out, db, &out->tables[i], out, err) && read_indexes(out, db, &out->tables[i], err);
  /* Views and triggers: kept as notes with their SQL. */
  if (ok && sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY rowid", -1, &st, NULL) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW)
      scc_pull_note(out, &out->notes, "%s %s is not in the language: %s", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
                    sqlite3_column_text(st, 2));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return ok;
}
