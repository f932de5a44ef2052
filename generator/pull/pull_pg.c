/* The PostgreSQL reader of `schemac pull` (pull.h): the catalog of one
 * schema (pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index,
 * pg_enum, pg_policy, pg_description), read through libpq. Types come from
 * format_type; schemac's enums are text with a CHECK listing the values,
 * its ranges a CHECK (col >= lo AND col <= hi) as PostgreSQL prints
 * BETWEEN; both are consumed. Expressions (checks, partial indexes) are
 * PostgreSQL's printout with its casts removed, so SQLite (which `check`
 * asks) reads them too. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "base/alloc.h"
#include "base/names.h"
#include "pull/pull.h"

typedef struct pg {
  PGconn *c;
  scc_pulled *p;
  scc_buf *err;
  const char *nsp;
} pg;

/* A query with text parameters; NULL (and err set) on failure. */
static PGresult *q(pg *g, const char *sql, int n, const char *const *params) {
  PGresult *r = PQexecParams(g->c, sql, n, NULL, params, NULL, NULL, 0);
  if (PQresultStatus(r) == PGRES_TUPLES_OK) return r;
  scc_buf_printf(g->err, "%s", PQerrorMessage(g->c));
  PQclear(r);
  return NULL;
}

static const char *val(pg *g, PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? NULL : scc_strdup(g->p->arena, PQgetvalue(r, row, col));
}

static bool is_true(PGresult *r, int row, int col) { return !strcmp(PQgetvalue(r, row, col), "t"); }

/* ---- expressions ---- */

static const char *const type_words[] = {"varying", "precision", "with", "without", "time", "zone", NULL};

static bool type_word(const char *s, size_t n) {
  for (size_t i = 0; type_words[i]; i++)
    if (strlen(type_words[i]) == n && !strncasecmp(s, type_words[i], n)) return true;
  return false;
}

/* PostgreSQL's printout without its casts ('a'::text -> 'a'). */
static const char *uncast(scc_pulled *p, const char *s) {
  scc_buf b = {0};
  /* x = ANY (ARRAY[a, b]) is how PostgreSQL prints x IN (a, b); SQLite
   * (and so `check`) reads only the latter. */
  static const struct { const char *from, *to; } in_forms[] = {{" = ANY (ARRAY[", " IN ("}, {" <> ALL (ARRAY[", " NOT IN ("}};
  unsigned in_array = 0;
  while (*s) {
    bool done = false;
    for (size_t k = 0; k < 2 && !done; k++)
      if (!strncmp(s, in_forms[k].from, strlen(in_forms[k].from))) {
        scc_buf_puts(&b, in_forms[k].to);
        s += strlen(in_forms[k].from);
        in_array++, done = true;
      }
    if (done) continue;
    if (in_array && s[0] == ']' && s[1] == ')') {
      scc_buf_putc(&b, ')');
      s += 2, in_array--;
      continue;
    }
    if (!strncmp(s, " ~~ ", 4) || !strncmp(s, " !~~ ", 5)) {
      scc_buf_puts(&b, s[1] == '!' ? " NOT LIKE " : " LIKE ");
      s += s[1] == '!' ? 5 : 4;
      continue;
    }
    if (*s == '\'' || *s == '"') {
      char qc = *s;
      scc_buf_putc(&b, *s++);
      while (*s && !(*s == qc && s[1] != qc)) {
        if (*s == qc) scc_buf_putc(&b, *s++);
        scc_buf_putc(&b, *s++);
      }
      if (*s) scc_buf_putc(&b, *s++);
    } else if (s[0] == ':' && s[1] == ':') {
      s += 2;
      for (bool first = true;; first = false) {
        const char *w = s;
        if (*w == '"') {
          w++;
          while (*w && *w != '"') w++;
          if (*w) w++;
        } else {
          while (isalnum((unsigned char)*w) || *w == '_' || *w == '.') w++;
        }
        if (!first && !type_word(s, (size_t)(w - s))) break;
        s = w;
        if (*s == '(') { /* varchar(10) */
          while (*s && *s != ')') s++;
          if (*s) s++;
        }
        if (s[0] == '[' && s[1] == ']') s += 2;
        const char *t = s;
        while (*t == ' ') t++;
        const char *e = t;
        while (isalpha((unsigned char)*e)) e++;
        if (t == s || !type_word(t, (size_t)(e - t))) break;
        s = t;
      }
    } else {
      scc_buf_putc(&b, *s++);
    }
  }
  const char *r = scc_strndup(p->arena, b.data ? b.data : "", b.len);
  scc_buf_free(&b);
  return r;
}

/* "CHECK (body)" -> body, and one pair of parentheses around it dropped
 * when they enclose all of it. */
static const char *unwrap(scc_pulled *p, const char *def) {
  const char *s = def;
  if (!strncmp(s, "CHECK ", 6)) s += 6;
  size_t n = strlen(s);
  while (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
    int depth = 0;
    bool whole = true;
    for (size_t i = 0; i < n && whole; i++) {
      if (s[i] == '\'') {
        for (i++; i < n && s[i] != '\''; i++) {}
        continue;
      }
      if (s[i] == '(') depth++;
      if (s[i] == ')' && --depth == 0 && i != n - 1) whole = false;
    }
    if (!whole) break;
    s++, n -= 2;
  }
  return scc_strndup(p->arena, s, n);
}

/* ((col >= lo) AND (col <= hi)): the range of @check. */
static bool range_of(scc_pulled *p, const char *body, const char **col, const char **lo, const char **hi) {
  const char *s = body;
  const char *names[2], *nums[2];
  for (int k = 0; k < 2; k++) {
    while (*s == '(' || *s == ' ') s++;
    names[k] = scc_pull_ident(p, &s);
    if (!names[k]) return false;
    while (*s == ' ') s++;
    if (strncmp(s, k ? "<=" : ">=", 2)) return false;
    s += 2;
    while (*s == ' ' || *s == '(' || *s == '\'') s++;
    const char *st = s;
    if (*s == '-') s++;
    if (!isdigit((unsigned char)*s)) return false;
    while (isdigit((unsigned char)*s) || *s == '.') s++;
    nums[k] = scc_strndup(p->arena, st, (size_t)(s - st));
    while (*s == ')' || *s == ' ' || *s == '\'') s++;
    if (k == 0) {
      if (strncmp(s, "AND ", 4)) return false;
      s += 4;
    }
  }
  if (*s || strcmp(names[0], names[1])) return false;
  *col = names[0], *lo = nums[0], *hi = nums[1];
  return true;
}

/* ---- types and defaults ---- */

static const char *map_type(pg *g, scc_pull_table *t, scc_pull_col *c, const char *fmt, const char *typtype,
                            const char *typname, const char *typoid) {
  scc_pulled *p = g->p;
  long a1 = -1, a2 = -1;
  const char *paren = strchr(fmt, '(');
  if (paren) {
    a1 = strtol(paren + 1, NULL, 10);
    const char *comma = strchr(paren, ',');
    if (comma) a2 = strtol(comma + 1, NULL, 10);
  }
  size_t base = paren ? (size_t)(paren - fmt) : strlen(fmt);
  char b[128];
  snprintf(b, sizeof b, "%.*s", (int)base, fmt);
  if (strstr(fmt, "[]")) {
    /* An array of a type arrays may hold: T[] (format_type writes one []
     * whatever the dimensions). */
    size_t n = strlen(fmt);
    const char *elem = n > 2 && !strcmp(fmt + n - 2, "[]") ? scc_strndup(p->arena, fmt, n - 2) : NULL;
    const char *et = elem && !strstr(elem, "[]") ? map_type(g, t, c, elem, "b", "", "") : NULL;
    if (et && scc_pull_array_elem_ok(et)) return scc_printf(p->arena, "%s[]", et);
    scc_pull_note(p, &c->notes, "type %s (an array) is not in the language: read as text", fmt);
    return "text";
  }
  if (!strcmp(b, "boolean")) return "bool";
  if (!strcmp(b, "smallint")) return "smallint";
  if (!strcmp(b, "integer")) return "int";
  if (!strcmp(b, "bigint")) return "bigint";
  if (!strcmp(b, "double precision")) return "float";
  if (!strcmp(b, "real")) {
    scc_pull_note(p, &c->notes, "type real (4 bytes) is read as float (double precision)");
    return "float";
  }
  if (!strcmp(b, "numeric")) return a1 > 0 ? scc_printf(p->arena, "decimal(%ld, %ld)", a1, a2 > 0 ? a2 : 0) : "decimal";
  if (!strcmp(b, "text")) return "text";
  if (!strcmp(b, "character varying")) return a1 > 0 ? scc_printf(p->arena, "string(%ld)", a1) : "string";
  if (!strcmp(b, "character")) {
    scc_pull_note(p, &c->notes, "type %s (blank-padded) is read as string(n) (varchar)", fmt);
    return scc_printf(p->arena, "string(%ld)", a1 > 0 ? a1 : 1);
  }
  if (!strcmp(b, "uuid")) return "uuid";
  if (!strcmp(b, "timestamp with time zone")) return "timestamp";
  if (!strcmp(b, "timestamp without time zone")) {
    scc_pull_note(p, &c->notes, "type timestamp without time zone is read as timestamp (timestamptz)");
    return "timestamp";
  }
  if (!strcmp(b, "date")) return "date";
  if (!strcmp(b, "time without time zone")) return "time";
  if (!strcmp(b, "jsonb")) return "json";
  if (!strcmp(b, "json")) {
    scc_pull_note(p, &c->notes, "type json is read as json (jsonb)");
    return "json";
  }
  if (!strcmp(b, "bytea")) return "bytes";
  if (!strcmp(typtype, "e")) {
    const char *params[1] = {typoid};
    PGresult *r = q(g, "SELECT enumlabel FROM pg_enum WHERE enumtypid = $1 ORDER BY enumsortorder", 1, params);
    if (r) {
      int n = PQntuples(r);
      const char **v = scc_alloc(p->arena, (size_t)(n ? n : 1) * sizeof *v);
      for (int i = 0; i < n; i++) v[i] = val(g, r, i, 0);
      bool names_ok = n > 0 && scc_pull_names_ok(v, (uint32_t)n);
      PQclear(r);
      if (names_ok) {
        c->enum_of = scc_pull_enum_for(p, typname, v, (uint32_t)n);
        scc_pull_note(p, &c->notes, "type %s is a PostgreSQL enum; schemac stores enums as text with a CHECK", typname);
        return p->enums[c->enum_of].name;
      }
      /* Values the language cannot name: text, and the values as a check. */
      const char *chk = scc_pull_in_check(p, t, c->name, v, (uint32_t)n);
      scc_pull_note(p, &c->notes, "enum type %s has values the language cannot name: read as text with a check: %s", typname, chk);
      return "text";
    }
    scc_pull_note(p, &c->notes, "enum type %s could not be read: read as text", typname);
    return "text";
  }
  scc_pull_note(p, &c->notes, "type %s is not in the language: read as text", fmt);
  return "text";
}

static bool number_text(const char *s) {
  if (*s == '-') s++;
  if (!isdigit((unsigned char)*s)) return false;
  while (isdigit((unsigned char)*s) || *s == '.') s++;
  return !*s;
}

static void read_default(pg *g, scc_pull_col *c, const char *d, bool is_pk) {
  scc_pulled *p = g->p;
  if (!d) return;
  const char *t = c->type;
  if (!strncmp(d, "nextval(", 8)) {
    if (is_pk && (!strcmp(t, "int") || !strcmp(t, "bigint"))) {
      c->def = "autoincrement()";
      scc_pull_note(p, &c->notes, "a serial column (%s); schemac writes an identity column", d);
    } else {
      scc_pull_note(p, &c->notes, "default %s (a sequence) is not a default the language can write", d);
    }
    return;
  }
  if ((!strcmp(d, "now()") || !strcmp(d, "CURRENT_TIMESTAMP")) && !strcmp(t, "timestamp")) c->def = "now()";
  else if (!strcmp(d, "CURRENT_DATE") && !strcmp(t, "date")) c->def = "now()";
  else if (!strcmp(d, "gen_random_uuid()") && !strcmp(t, "uuid")) c->def = "uuid()";
  else if ((!strcmp(d, "true") || !strcmp(d, "false")) && !strcmp(t, "bool")) c->def = d;
  else {
    const char *u = unwrap(p, uncast(p, d));
    const char *s = u;
    const char *lit = *u == '\'' ? scc_pull_string(p, &s) : NULL;
    bool numeric = !strcmp(t, "int") || !strcmp(t, "bigint") || !strcmp(t, "smallint") || !strcmp(t, "float") ||
                   !strncmp(t, "decimal", 7);
    if (lit && *s) lit = NULL;
    if (numeric) {
      const char *num = lit ? lit : u;
      if (number_text(num)) c->def = scc_strdup(p->arena, num);
    } else if (lit) {
      c->def = c->enum_of >= 0 ? lit : scc_pull_dsl_string(p, lit);
    }
  }
  if (!c->def) scc_pull_note(p, &c->notes, "default %s is not a default the language can write", d);
}

/* ---- one table ---- */

static bool columns(pg *g, scc_pull_table *t, const char *oid) {
  scc_pulled *p = g->p;
  const char *params[1] = {oid};
  PGresult *r = q(g,
                  "SELECT a.attname, format_type(a.atttypid, a.atttypmod), t.typtype, t.typname, a.attnotnull, "
                  "pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum), a.attidentity, a.attgenerated, "
                  "a.attcollation <> t.typcollation, "
                  "EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = a.attrelid AND x.indisprimary AND x.indnkeyatts = 1 "
                  "AND x.indkey[0] = a.attnum), a.atttypid "
                  "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                  "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                  "WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                  1, params);
  if (!r) return false;
  for (int i = 0; i < PQntuples(r); i++) {
    scc_pull_col *c = scc_pull_add_col(p, t, PQgetvalue(r, i, 0));
    const char *typtype = PQgetvalue(r, i, 2);
    if (!strcmp(typtype, "d")) scc_pull_note(p, &c->notes, "its type is the domain %s: its base type is used", PQgetvalue(r, i, 3));
    c->type = map_type(g, t, c, PQgetvalue(r, i, 1), typtype, PQgetvalue(r, i, 3), PQgetvalue(r, i, 11));
    c->nullable = !is_true(r, i, 4);
    c->doc = val(g, r, i, 6);
    const char *ident = PQgetvalue(r, i, 7), *gen = PQgetvalue(r, i, 8);
    if (is_true(r, i, 9)) scc_pull_note(p, &c->notes, "its COLLATE is not in the language");
    if (*gen) scc_pull_note(p, &c->notes, "a generated column (%s): the language has none, written as a plain column",
                            PQgetisnull(r, i, 5) ? "" : PQgetvalue(r, i, 5));
    else if (*ident) {
      c->def = "autoincrement()";
      if (*ident == 'a') scc_pull_note(p, &c->notes, "GENERATED ALWAYS AS IDENTITY; schemac writes GENERATED BY DEFAULT");
      if (!is_true(r, i, 10)) scc_pull_note(p, &c->notes, "an identity column that is not the primary key");
    } else {
      read_default(g, c, val(g, r, i, 5), is_true(r, i, 10));
    }
  }
  PQclear(r);
  return true;
}

static const char *action(char a) {
  return a == 'c' ? "cascade" : a == 'n' ? "set_null" : a == 'd' ? "set_default" : a == 'r' ? "restrict" : "no_action";
}

static bool constraints(pg *g, scc_pull_table *t, const char *oid) {
  scc_pulled *p = g->p;
  const char *params[2] = {oid, g->nsp};
  PGresult *r = q(g,
                  "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid), "
                  "(SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) "
                  " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n), "
                  "cardinality(c.conkey), (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = c.conkey[1]), "
                  "tc.relname, (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attnum = c.confkey[1]), "
                  "c.confdeltype, c.confupdtype, c.condeferrable, c.convalidated, tn.nspname = $2 "
                  "FROM pg_constraint c LEFT JOIN pg_class tc ON tc.oid = c.confrelid "
                  "LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace "
                  "WHERE c.conrelid = $1 ORDER BY c.oid",
                  2, params);
  if (!r) return false;
  for (int i = 0; i < PQntuples(r); i++) {
    const char *name = val(g, r, i, 0), *type = PQgetvalue(r, i, 1), *def = val(g, r, i, 2);
    if (!is_true(r, i, 11)) scc_pull_note(p, &t->notes, "constraint %s is NOT VALID (not checked for existing rows)", name);
    if (*type == 'p') {
      t->pk_name = name;
      continue;
    }
    if (*type == 'u') continue; /* read with the indexes */
    if (*type == 'f') {
      if (strcmp(PQgetvalue(r, i, 4), "1") || !is_true(r, i, 12)) {
        scc_pull_note(p, &t->notes, "foreign key %s is not in the language (%s): %s", name,
                      is_true(r, i, 12) ? "over several columns" : "to another schema", def);
        continue;
      }
      scc_pull_fk *f = scc_pull_add_fk(p, t);
      f->name = name;
      f->col = val(g, r, i, 5);
      f->ref_table = val(g, r, i, 6);
      f->ref_col = val(g, r, i, 7);
      f->on_delete = action(PQgetvalue(r, i, 8)[0]);
      f->on_update = action(PQgetvalue(r, i, 9)[0]);
      if (is_true(r, i, 10)) {
        scc_pull_col *c = scc_pull_find_col(t, f->col);
        scc_pull_note(p, c ? &c->notes : &t->notes, "its foreign key %s is DEFERRABLE, which the language does not say", name);
      }
      continue;
    }
    if (*type != 'c') {
      scc_pull_note(p, &t->notes, "constraint %s is not in the language: %s", name, def);
      continue;
    }
    const char *body = unwrap(p, def);
    const char *col, *lo, *hi, **values;
    uint32_t n;
    scc_pull_col *c = NULL;
    if (scc_pull_parse_in_list(p, body, &col, &values, &n) && (c = scc_pull_find_col(t, col)) &&
        (!strcmp(c->type, "text") || !strncmp(c->type, "string", 6)) && c->enum_of < 0 &&
        (c->enum_of = scc_pull_column_enum(p, t->name, c->name, values, n)) >= 0) {
      /* A default written as 'v' is the value v. */
      if (c->def && c->def[0] == '"') c->def = scc_strndup(p->arena, c->def + 1, strlen(c->def) - 2);
      c->type = p->enums[c->enum_of].name;
    } else if (scc_pull_parse_array_in(p, body, &col, &values, &n) && (c = scc_pull_find_col(t, col)) &&
               !strcmp(c->type, "text[]") && c->enum_of < 0 &&
               (c->enum_of = scc_pull_column_enum(p, t->name, c->name, values, n)) >= 0) {
      c->array = true; /* an enum array: Color[] */
      c->type = scc_printf(p->arena, "%s[]", p->enums[c->enum_of].name);
    } else if (range_of(p, uncast(p, body), &col, &lo, &hi) && (c = scc_pull_find_col(t, col)) && !c->check_lo) {
      c->check_lo = lo, c->check_hi = hi;
    } else {
      c = NULL;
    }
    if (c) {
      const char *want = scc_constraint_name(p->arena, t->name, c->name, "check");
      if (strcmp(name, want)) scc_pull_note(p, &c->notes, "its check is named %s; the language names it %s", name, want);
      continue;
    }
    scc_pull_add_check(p, t, name, uncast(p, body));
  }
  PQclear(r);
  return true;
}

static bool indexes(pg *g, scc_pull_table *t, const char *oid) {
  scc_pulled *p = g->p;
  const char *params[1] = {oid};
  PGresult *r = q(g,
                  "SELECT i.relname, x.indisunique, pg_get_expr(x.indpred, x.indrelid), am.amname, pg_get_indexdef(x.indexrelid), "
                  "x.indnatts > x.indnkeyatts, "
                  "(SELECT string_agg(coalesce(a.attname, ''), chr(1) ORDER BY k.i) FROM unnest(x.indkey) WITH ORDINALITY k(n, i) "
                  " LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n WHERE k.i <= x.indnkeyatts), "
                  "(SELECT string_agg(((x.indoption[k.i - 1] & 1) = 1)::text, ',' ORDER BY k.i) "
                  " FROM generate_series(1, x.indnkeyatts) k(i)), "
                  "x.indexprs IS NOT NULL, x.indnkeyatts, "
                  "(SELECT string_agg(pg_get_indexdef(x.indexrelid, k.i::int, true), chr(1) ORDER BY k.i) "
                  " FROM generate_series(1, x.indnkeyatts) k(i)), "
                  "(SELECT string_agg(CASE WHEN o.opcdefault THEN '' ELSE o.opcname END, ',' ORDER BY k.i) "
                  " FROM unnest(x.indclass) WITH ORDINALITY k(c, i) JOIN pg_opclass o ON o.oid = k.c) "
                  "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam "
                  "WHERE x.indrelid = $1 AND NOT x.indisprimary ORDER BY i.oid",
                  1, params);
  if (!r) return false;
  for (int i = 0; i < PQntuples(r); i++) {
    const char *name = val(g, r, i, 0), *def = val(g, r, i, 4), *am = PQgetvalue(r, i, 3);
    bool gin = !strcmp(am, "gin");
    if ((strcmp(am, "btree") && !gin) || is_true(r, i, 5) || (gin && is_true(r, i, 8))) {
      scc_pull_note(p, &t->notes, "index %s is not in the language (%s): %s", name,
                    is_true(r, i, 5) ? "INCLUDE columns" : gin ? "a GIN index on an expression" : "not a btree or GIN index",
                    def);
      continue;
    }
    uint32_t n = (uint32_t)atoi(PQgetvalue(r, i, 9));
    scc_pull_index *x = scc_pull_add_index(p, t, name, n);
    x->unique = is_true(r, i, 1);
    const char *cols = PQgetvalue(r, i, 6), *desc = PQgetvalue(r, i, 7), *keys = PQgetvalue(r, i, 10);
    const char *ops = PQgetvalue(r, i, 11);
    for (uint32_t k = 0; k < n; k++) {
      const char *e = strchr(cols, 1), *ke = strchr(keys, 1), *oe = strchr(ops, ',');
      x->cols[k] = scc_strndup(p->arena, cols, e ? (size_t)(e - cols) : strlen(cols));
      cols = e ? e + 1 : cols + strlen(cols);
      if (!x->cols[k][0]) { /* an expression: pg_get_indexdef prints it (pull_expr.c reads it) */
        x->cols[k] = NULL;
        x->exprs[k] = scc_strndup(p->arena, keys, ke ? (size_t)(ke - keys) : strlen(keys));
      }
      keys = ke ? ke + 1 : keys + strlen(keys);
      if (gin && (oe ? oe > ops : *ops)) x->opclass = scc_strndup(p->arena, ops, oe ? (size_t)(oe - ops) : strlen(ops));
      ops = oe ? oe + 1 : ops + strlen(ops);
      x->desc[k] = !strncmp(desc, "true", 4);
      desc = strchr(desc, ',') ? strchr(desc, ',') + 1 : "";
    }
    x->ncols = n;
    if (gin) x->method = "gin";
    const char *w = val(g, r, i, 2);
    x->where = w ? unwrap(p, uncast(p, w)) : NULL;
  }
  PQclear(r);
  return true;
}

/* schemac's tenant policy (dialect_sql.c pg_tenant_policy): `<table>_tenant_isolation`
 * on `col = NULLIF(current_setting('schemac.tenant', true), '')::type`. */
static bool policies(pg *g, scc_pull_table *t, const char *oid, bool rls, bool forced) {
  scc_pulled *p = g->p;
  const char *params[1] = {oid};
  PGresult *r = q(g, "SELECT polname, pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) FROM pg_policy "
                     "WHERE polrelid = $1 ORDER BY oid", 1, params);
  if (!r) return false;
  bool tenant = false;
  for (int i = 0; i < PQntuples(r); i++) {
    const char *name = PQgetvalue(r, i, 0), *qual = PQgetisnull(r, i, 1) ? "" : PQgetvalue(r, i, 1);
    const char *want = scc_constraint_name(p->arena, t->name, NULL, "tenant_isolation");
    const char *s = qual;
    while (*s == '(') s++;
    const char *col = scc_pull_ident(p, &s);
    scc_pull_col *c = col ? scc_pull_find_col(t, col) : NULL;
    if (!strcmp(name, want) && c && strstr(qual, "current_setting('schemac.tenant'") && rls && forced) {
      c->tenant = true;
      tenant = true;
    } else {
      scc_pull_note(p, &t->notes, "row-level security policy %s is not in the language: USING %s", name, qual);
    }
  }
  if (rls && !tenant && !PQntuples(r)) scc_pull_note(p, &t->notes, "row-level security is enabled without a policy");
  PQclear(r);
  return true;
}

static bool others(pg *g) {
  scc_pulled *p = g->p;
  const char *params[1] = {g->nsp};
  PGresult *r = q(g,
                  "SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' "
                  "ELSE 'sequence' END || ' ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = $1 AND (c.relkind IN ('v', 'm', 'f') OR (c.relkind = 'S' AND NOT EXISTS "
                  "(SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))) "
                  "UNION ALL SELECT 'trigger ' || t.tgname || ' on ' || c.relname FROM pg_trigger t "
                  "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = $1 AND NOT t.tgisinternal "
                  "UNION ALL SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                  "WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') "
                  "ORDER BY 1",
                  1, params);
  if (!r) return false;
  for (int i = 0; i < PQntuples(r); i++) scc_pull_note(p, &p->notes, "%s is not in the language", PQgetvalue(r, i, 0));
  PQclear(r);
  return true;
}

bool scc_pull_pg(const char *conninfo, const char *schema, scc_pulled *out, scc_buf *err) {
  scc_pull_init(out, "postgres");
  pg g = {PQconnectdb(conninfo), out, err, schema ? schema : "public"};
  if (PQstatus(g.c) != CONNECTION_OK) {
    scc_buf_printf(err, "%s", PQerrorMessage(g.c));
    PQfinish(g.c);
    return false;
  }
  const char *params[1] = {g.nsp};
  PGresult *r = q(&g,
                  "SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class'), c.relrowsecurity, c.relforcerowsecurity, c.relkind "
                  "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                  "AND c.relname NOT LIKE '" SCC_PULL_OWN_PREFIX "%' ORDER BY c.oid",
                  1, params);
  bool ok = r != NULL;
  for (int i = 0; ok && i < PQntuples(r); i++) {
    scc_pull_table *t = scc_pull_add_table(out, PQgetvalue(r, i, 1));
    const char *oid = PQgetvalue(r, i, 0);
    t->doc = val(&g, r, i, 2);
    t->pk_name = "";
    if (PQgetvalue(r, i, 5)[0] == 'p') scc_pull_note(out, &t->notes, "a partitioned table: its partitioning is not in the language");
    ok = columns(&g, t, oid) && constraints(&g, t, oid) && indexes(&g, t, oid) &&
         policies(&g, t, oid, is_true(r, i, 3), is_true(r, i, 4));
    if (!ok) break;
    /* The key, in key order. */
    const char *kp[1] = {oid};
    PGresult *k = q(&g,
                    "SELECT a.attname FROM pg_index x CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(n, i) "
                    "JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n "
                    "WHERE x.indrelid = $1 AND x.indisprimary ORDER BY k.i",
                    1, kp);
    if (!k) {
      ok = false;
      break;
    }
    t->npk = (uint32_t)PQntuples(k);
    t->pk = scc_alloc(out->arena, (t->npk + 1) * sizeof *t->pk);
    for (uint32_t j = 0; j < t->npk; j++) t->pk[j] = val(&g, k, (int)j, 0);
    PQclear(k);
  }
  if (r) PQclear(r);
  if (ok) ok = others(&g);
  PQfinish(g.c);
  return ok;
}
