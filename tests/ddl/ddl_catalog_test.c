/* DDL catalog test: compile a schema, apply its DDL to a real database,
 * read the database's catalogs back and compare them with the checked MODEL
 * (never with the DDL text), then probe that the constraints are real by
 * inserting rows that must be refused.
 *
 *   ddl_catalog_test --dialect sqlite   [--dir DIR]       FILES...
 *   ddl_catalog_test --dialect postgres --url-file FILE   FILES...
 *   ddl_catalog_test --dialect postgres --url URL         FILES...
 *
 * SQLite: a fresh database file in DIR (default: a new temp dir), removed at
 * the end. PostgreSQL: a fresh database ddl_<schema>_<pid> created on the
 * server and dropped at the end. Every mismatch prints one line starting with
 * "MISMATCH" and the exit status is 1; 0 when everything matched; 2 on usage
 * or setup errors. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "schemac.h"

#include <schemac/datetime.h>

/* ---------------------------------------------------------------- utils */

static int g_failures;
static const char *g_dialect = "?";

static void mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mismatch(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("MISMATCH [%s] ", g_dialect);
  vprintf(fmt, ap);
  putchar('\n');
  va_end(ap);
  g_failures++;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("ddl_catalog_test: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static char *xstrdup(const char *s) {
  char *d = strdup(s ? s : "");
  if (!d) die("out of memory");
  return d;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  char tmp[1];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(tmp, sizeof tmp, f, ap2);
  va_end(ap2);
  char *out = malloc((size_t)n + 1);
  if (!out) die("out of memory");
  vsnprintf(out, (size_t)n + 1, f, ap);
  va_end(ap);
  return out;
}

/* 'text' with quotes doubled. */
static void put_lit(scc_buf *b, const char *s) {
  scc_buf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '\'') scc_buf_putc(b, '\'');
    scc_buf_putc(b, *s);
  }
  scc_buf_putc(b, '\'');
}

static void put_ident(scc_buf *b, const char *s) {
  scc_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '"') scc_buf_putc(b, '"');
    scc_buf_putc(b, *s);
  }
  scc_buf_putc(b, '"');
}

static char *lit(const char *s) {
  scc_buf b = {0};
  put_lit(&b, s);
  return scc_buf_take(&b, NULL);
}

static char *qident(const char *s) {
  scc_buf b = {0};
  put_ident(&b, s);
  return scc_buf_take(&b, NULL);
}

static bool streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

/* ------------------------------------------------------ database layer */

typedef struct rows {
  char **cell; /* NULL for SQL NULL */
  int nrows, ncols;
} rows;

static const char *cell(const rows *r, int row, int col) {
  if (row >= r->nrows || col >= r->ncols) return NULL;
  return r->cell[row * r->ncols + col];
}

/* A cell for a message: SQL NULL shown as NULL. */
static const char *show_cell(const rows *r, int row, int col) {
  const char *s = cell(r, row, col);
  return s ? s : "NULL";
}

static void rows_free(rows *r) {
  for (int i = 0; i < r->nrows * r->ncols; i++) free(r->cell[i]);
  free(r->cell);
  memset(r, 0, sizeof *r);
}

typedef struct db {
  bool pg;
  sqlite3 *lite;
  PGconn *conn;
  char err[1024];       /* last error message */
  char sqlstate[8];     /* PostgreSQL */
  char constraint[256]; /* PostgreSQL: constraint named by the error */
} db;

/* Runs one or more statements; false (and db->err) on error. */
static bool db_exec(db *d, const char *sql) {
  d->err[0] = d->sqlstate[0] = d->constraint[0] = 0;
  if (d->pg) {
    PGresult *res = PQexec(d->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok) {
      snprintf(d->err, sizeof d->err, "%s", PQresultErrorMessage(res));
      size_t n = strlen(d->err);
      while (n && (d->err[n - 1] == '\n' || d->err[n - 1] == ' ')) d->err[--n] = 0;
      const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      const char *c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
      snprintf(d->sqlstate, sizeof d->sqlstate, "%s", s ? s : "");
      snprintf(d->constraint, sizeof d->constraint, "%s", c ? c : "");
    }
    PQclear(res);
    return ok;
  }
  char *msg = NULL;
  int rc = sqlite3_exec(d->lite, sql, NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    snprintf(d->err, sizeof d->err, "%s", msg ? msg : sqlite3_errmsg(d->lite));
    sqlite3_free(msg);
    return false;
  }
  return true;
}

/* One query; the result as text. Exits on error (catalog queries must work). */
static rows db_query(db *d, const char *sql) {
  rows r = {0};
  if (d->pg) {
    PGresult *res = PQexec(d->conn, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) die("query failed: %s\n%s", PQresultErrorMessage(res), sql);
    r.nrows = PQntuples(res);
    r.ncols = PQnfields(res);
    r.cell = calloc((size_t)(r.nrows * r.ncols) + 1, sizeof *r.cell);
    if (!r.cell) die("out of memory");
    for (int i = 0; i < r.nrows; i++)
      for (int j = 0; j < r.ncols; j++)
        r.cell[i * r.ncols + j] = PQgetisnull(res, i, j) ? NULL : xstrdup(PQgetvalue(res, i, j));
    PQclear(res);
    return r;
  }
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(d->lite, sql, -1, &st, NULL) != SQLITE_OK)
    die("query failed: %s\n%s", sqlite3_errmsg(d->lite), sql);
  r.ncols = sqlite3_column_count(st);
  int cap = 0, rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (r.nrows == cap) {
      cap = cap ? cap * 2 : 16;
      char **grown = realloc(r.cell, (size_t)(cap * r.ncols + 1) * sizeof *grown);
      if (!grown) die("out of memory");
      r.cell = grown;
    }
    for (int j = 0; j < r.ncols; j++) {
      const unsigned char *t = sqlite3_column_text(st, j);
      r.cell[r.nrows * r.ncols + j] = t ? xstrdup((const char *)t) : NULL;
    }
    r.nrows++;
  }
  if (rc != SQLITE_DONE) die("query failed: %s\n%s", sqlite3_errmsg(d->lite), sql);
  sqlite3_finalize(st);
  return r;
}

/* First cell of a one-row query, malloc'd; NULL for no row or SQL NULL. */
static char *db_scalar(db *d, const char *sql) {
  rows r = db_query(d, sql);
  char *v = r.nrows && cell(&r, 0, 0) ? xstrdup(cell(&r, 0, 0)) : NULL;
  rows_free(&r);
  return v;
}

/* -------------------------------------------------- model-side helpers */

static const char *pg_type_name(const scc_type *t, char *buf, size_t n) {
  switch (t->kind) {
  case SCC_T_BOOL: return "boolean";
  case SCC_T_SMALLINT: return "smallint";
  case SCC_T_INT: return "integer";
  case SCC_T_BIGINT: return "bigint";
  case SCC_T_FLOAT: return "double precision";
  case SCC_T_DECIMAL:
    if (!t->precision) return "numeric";
    snprintf(buf, n, "numeric(%u,%u)", t->precision, t->scale);
    return buf;
  case SCC_T_STRING:
    if (!t->length) return "text";
    snprintf(buf, n, "character varying(%u)", t->length);
    return buf;
  case SCC_T_TEXT: return "text";
  case SCC_T_BYTES: return "bytea";
  case SCC_T_UUID: return "uuid";
  case SCC_T_TIMESTAMP: return "timestamp with time zone";
  case SCC_T_DATE: return "date";
  case SCC_T_TIME: return "time without time zone";
  case SCC_T_JSON: return "jsonb";
  case SCC_T_ENUM: return "text";
  }
  return "?";
}

static const char *sqlite_type_name(const scc_type *t) {
  switch (t->kind) {
  case SCC_T_BOOL:
  case SCC_T_SMALLINT:
  case SCC_T_INT:
  case SCC_T_BIGINT:
  case SCC_T_TIMESTAMP:
  case SCC_T_TIME: return "INTEGER";
  case SCC_T_FLOAT: return "REAL";
  case SCC_T_BYTES: return "BLOB";
  default: return "TEXT";
  }
}

/* Does the model call for a column CHECK (named f->check_name) here? */
static bool wants_column_check(const scc_mfield *f, bool pg) {
  if (f->has_check || f->type.kind == SCC_T_ENUM) return true;
  if (pg) return false;
  switch (f->type.kind) {
  case SCC_T_BOOL:
  case SCC_T_JSON:
  case SCC_T_DATE:
  case SCC_T_TIME:
  case SCC_T_UUID: return true;
  case SCC_T_STRING: return f->type.length > 0;
  default: return false;
  }
}

static bool is_integer_kind(scc_type_kind k) {
  return k == SCC_T_SMALLINT || k == SCC_T_INT || k == SCC_T_BIGINT;
}

/* Columns of an index as "a,b DESC" (unit separator between columns). */
static char *expected_cols(const scc_index_col *cols, uint32_t n, bool with_desc) {
  scc_buf b = {0};
  for (uint32_t i = 0; i < n; i++) {
    if (i) scc_buf_putc(&b, '\x1f');
    scc_buf_puts(&b, cols[i].field->column);
    if (with_desc && cols[i].desc) scc_buf_puts(&b, " DESC");
  }
  if (!b.data) scc_buf_puts(&b, "");
  return scc_buf_take(&b, NULL);
}

static char *pk_cols(const scc_entity *e) {
  scc_buf b = {0};
  for (uint32_t i = 0; i < e->npk; i++) {
    if (i) scc_buf_putc(&b, '\x1f');
    scc_buf_puts(&b, e->pk[i]->column);
  }
  if (!b.data) scc_buf_puts(&b, "");
  return scc_buf_take(&b, NULL);
}

/* For messages: unit separators shown as ", ". */
static const char *show(const char *s, char *buf, size_t n) {
  if (!s) return "(none)";
  size_t j = 0;
  for (; *s && j + 3 < n; s++) {
    if (*s == '\x1f') {
      buf[j++] = ',';
      buf[j++] = ' ';
    } else {
      buf[j++] = *s;
    }
  }
  buf[j] = 0;
  return buf;
}

static const char *action_pg_char(scc_ref_action a) {
  switch (a) {
  case SCC_ACT_NO_ACTION: return "a";
  case SCC_ACT_RESTRICT: return "r";
  case SCC_ACT_CASCADE: return "c";
  case SCC_ACT_SET_NULL: return "n";
  case SCC_ACT_SET_DEFAULT: return "d";
  }
  return "?";
}

static const char *action_sqlite(scc_ref_action a) {
  switch (a) {
  case SCC_ACT_NO_ACTION: return "NO ACTION";
  case SCC_ACT_RESTRICT: return "RESTRICT";
  case SCC_ACT_CASCADE: return "CASCADE";
  case SCC_ACT_SET_NULL: return "SET NULL";
  case SCC_ACT_SET_DEFAULT: return "SET DEFAULT";
  }
  return "?";
}

/* ------------------------------------------------------ default values */

/* The value the model's literal default must evaluate to, as text; NULL
 * when the default is computed (now(), uuid()) or absent. */
static char *expected_default_text(const scc_mfield *f, bool pg) {
  const scc_default *def = &f->def;
  switch (def->kind) {
  case SCC_DEF_INT:
  case SCC_DEF_DECIMAL: return xstrdup(def->text);
  case SCC_DEF_BOOL: return xstrdup(pg ? (def->boolean ? "true" : "false") : (def->boolean ? "1" : "0"));
  case SCC_DEF_STRING:
  case SCC_DEF_ENUM: {
    int64_t us;
    /* A time of day is microseconds since midnight on SQLite. */
    if (!pg && f->type.kind == SCC_T_TIME && sc_time_parse(def->text, def->len, &us) == SC_OK) return fmt("%lld", (long long)us);
    char *s = malloc(def->len + 1);
    if (!s) die("out of memory");
    memcpy(s, def->text, def->len);
    s[def->len] = 0;
    return s;
  }
  default: return NULL;
  }
}

/* Checks the evaluated default `expr` of field f against the model. */
static void check_default_value(db *d, const scc_entity *e, const scc_mfield *f, const char *expr) {
  bool pg = d->pg;
  const scc_default *def = &f->def;
  char *want = expected_default_text(f, pg);
  char *got = NULL;
  char *q;
  if (pg && f->type.kind == SCC_T_JSON && want) {
    char *w = lit(want);
    q = fmt("SELECT ((%s)::jsonb = %s::jsonb)::text", expr, w);
    free(w);
    got = db_scalar(d, q);
    if (!streq(got, "true"))
      mismatch("%s.%s: default %s does not equal the declared JSON %s", e->table, f->column, expr, want);
    goto done;
  }
  if (pg && f->type.kind == SCC_T_DECIMAL && want) {
    char *w = lit(want);
    q = fmt("SELECT ((%s)::numeric = %s::numeric)::text", expr, w);
    free(w);
    got = db_scalar(d, q);
    if (!streq(got, "true")) mismatch("%s.%s: default %s is not %s", e->table, f->column, expr, want);
    goto done;
  }
  if (pg && f->type.kind == SCC_T_FLOAT && want) {
    char *w = lit(want);
    q = fmt("SELECT ((%s)::double precision = %s::double precision)::text", expr, w);
    free(w);
    got = db_scalar(d, q);
    if (!streq(got, "true")) mismatch("%s.%s: default %s is not %s", e->table, f->column, expr, want);
    goto done;
  }
  if (pg) q = fmt("SELECT (%s)::text", expr);
  else q = fmt("SELECT %s", expr);
  got = db_scalar(d, q);
  if (want) {
    bool same = f->type.kind == SCC_T_UUID ? (got && strcasecmp(got, want) == 0) : streq(got, want);
    if (!pg && f->type.kind == SCC_T_FLOAT && got && !same) same = strtod(got, NULL) == strtod(want, NULL);
    if (!same)
      mismatch("%s.%s: default evaluates to %s, the schema says %s", e->table, f->column, got ? got : "NULL", want);
  } else if (def->kind == SCC_DEF_NOW) {
    if (!got) {
      mismatch("%s.%s: default now() evaluates to NULL", e->table, f->column);
    } else if (f->type.kind == SCC_T_DATE) {
      if (strlen(got) != 10 || got[4] != '-' || got[7] != '-')
        mismatch("%s.%s: default now() of a date gives '%s', not YYYY-MM-DD", e->table, f->column, got);
    } else if (!pg) {
      long long us = strtoll(got, NULL, 10);
      long long now = (long long)time(NULL) * 1000000LL;
      if (llabs(us - now) > 86400LL * 1000000LL)
        mismatch("%s.%s: default now() gives %s, not microseconds since the epoch (~%lld)", e->table, f->column, got,
                 now);
    }
  } else if (def->kind == SCC_DEF_UUID) {
    bool ok = got && strlen(got) == 36 && got[8] == '-' && got[13] == '-' && got[18] == '-' && got[23] == '-';
    for (const char *p = got; ok && *p; p++)
      if (isupper((unsigned char)*p)) ok = false;
    if (!ok) mismatch("%s.%s: default uuid() gives '%s', not a canonical lowercase UUID", e->table, f->column,
                      got ? got : "NULL");
  }
done:
  free(q);
  free(got);
  free(want);
}

/* ------------------------------------------------------------ PostgreSQL */

static void pg_check_entity(db *d, const scc_schema *s, const scc_entity *e) {
  char buf[512], buf2[512], tb[128];
  char *tl = lit(e->table);
  char *q = fmt("SELECT c.oid::text, c.relrowsecurity::text, c.relforcerowsecurity::text, obj_description(c.oid, "
                "'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname = %s",
                tl);
  rows t = db_query(d, q);
  free(q);
  if (t.nrows != 1) {
    mismatch("table \"%s\" (entity %s) does not exist", e->table, e->name);
    rows_free(&t);
    free(tl);
    return;
  }
  const char *oid = cell(&t, 0, 0);

  /* Columns. */
  q = fmt("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, a.attidentity::text, "
          "pg_get_expr(ad.adbin, ad.adrelid), col_description(a.attrelid, a.attnum) FROM pg_attribute a "
          "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
          "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
          oid);
  rows cols = db_query(d, q);
  free(q);
  if ((uint32_t)cols.nrows != e->nfields)
    mismatch("%s: %d columns in the database, %u fields in the schema", e->table, cols.nrows, e->nfields);
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    int row = -1;
    for (int r = 0; r < cols.nrows; r++)
      if (streq(cell(&cols, r, 0), f->column)) row = r;
    if (row < 0) {
      mismatch("%s: column \"%s\" (field %s.%s) is missing", e->table, f->column, e->name, f->name);
      continue;
    }
    if (row != (int)i) mismatch("%s.%s: column is at position %d, field at %u", e->table, f->column, row + 1, i + 1);
    const char *want = pg_type_name(&f->type, tb, sizeof tb);
    if (!streq(cell(&cols, row, 1), want))
      mismatch("%s.%s: type is %s, the schema's %s needs %s", e->table, f->column, show_cell(&cols, row, 1),
               scc_type_dsl(&f->type, buf, sizeof buf), want);
    bool notnull = streq(cell(&cols, row, 2), "true");
    if (notnull != !f->nullable)
      mismatch("%s.%s: column is %s, the field is %s", e->table, f->column, notnull ? "NOT NULL" : "nullable",
               f->nullable ? "nullable" : "required");
    const char *identity = cell(&cols, row, 3);
    const char *expr = cell(&cols, row, 4);
    bool is_identity = identity && identity[0];
    if (f->def.kind == SCC_DEF_AUTOINCREMENT) {
      if (!streq(identity, "d") && !streq(identity, "a"))
        mismatch("%s.%s: autoincrement() field is not an identity column", e->table, f->column);
    } else if (is_identity) {
      mismatch("%s.%s: identity column without autoincrement()", e->table, f->column);
    }
    if (f->def.kind == SCC_DEF_NONE || f->def.kind == SCC_DEF_AUTOINCREMENT) {
      if (expr) mismatch("%s.%s: column has DEFAULT %s, the schema declares none", e->table, f->column, expr);
    } else if (!expr) {
      mismatch("%s.%s: the schema declares a default, the column has none", e->table, f->column);
    } else {
      check_default_value(d, e, f, expr);
    }
    const char *doc = cell(&cols, row, 5);
    if (f->doc && !streq(doc, f->doc))
      mismatch("%s.%s: COMMENT ON COLUMN is %s, the doc comment is '%s'", e->table, f->column, doc ? doc : "missing",
               f->doc);
    if (!f->doc && doc) mismatch("%s.%s: unexpected column comment '%s'", e->table, f->column, doc);
  }
  rows_free(&cols);

  /* Table comment. */
  const char *tdoc = cell(&t, 0, 3);
  if (e->doc && !streq(tdoc, e->doc))
    mismatch("%s: COMMENT ON TABLE is %s, the doc comment is '%s'", e->table, tdoc ? tdoc : "missing", e->doc);
  if (!e->doc && tdoc) mismatch("%s: unexpected table comment '%s'", e->table, tdoc);

  /* Constraints. */
  q = fmt("SELECT c.conname, c.contype::text, "
          "(SELECT string_agg(a.attname, chr(31) ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(n, ord) "
          "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n), "
          "(SELECT relname FROM pg_class WHERE oid = c.confrelid), "
          "(SELECT string_agg(a.attname, chr(31) ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(n, ord) "
          "  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n), "
          "c.confdeltype::text, c.confupdtype::text, c.convalidated::text "
          "FROM pg_constraint c WHERE c.conrelid = %s ORDER BY c.conname",
          oid);
  rows cons = db_query(d, q);
  free(q);
  int ncon_expected = 1;
  /* Primary key. */
  {
    char *want = pk_cols(e);
    int row = -1;
    for (int r = 0; r < cons.nrows; r++)
      if (streq(cell(&cons, r, 1), "p")) row = r;
    if (row < 0) {
      mismatch("%s: no primary key", e->table);
    } else {
      if (!streq(cell(&cons, row, 0), e->pk_name))
        mismatch("%s: primary key is named %s, expected %s", e->table, show_cell(&cons, row, 0), e->pk_name);
      if (!streq(cell(&cons, row, 2), want))
        mismatch("%s: primary key is (%s), the schema says (%s)", e->table, show(show_cell(&cons, row, 2), buf, sizeof buf),
                 show(want, buf2, sizeof buf2));
    }
    free(want);
  }
  /* Unique keys: constraints, or partial unique indexes on soft-delete entities. */
  for (uint32_t k = 0; k < e->nuniques; k++) {
    const scc_index *ix = &e->uniques[k];
    if (ix->live_only) continue; /* checked with the indexes below */
    ncon_expected++;
    char *want = expected_cols(ix->cols, ix->ncols, false);
    int row = -1;
    for (int r = 0; r < cons.nrows; r++)
      if (streq(cell(&cons, r, 0), ix->name)) row = r;
    if (row < 0) mismatch("%s: unique constraint %s is missing", e->table, ix->name);
    else if (!streq(cell(&cons, row, 1), "u"))
      mismatch("%s: constraint %s is of type %s, expected a unique constraint", e->table, ix->name, show_cell(&cons, row, 1));
    else if (!streq(cell(&cons, row, 2), want))
      mismatch("%s: unique constraint %s is on (%s), the schema says (%s)", e->table, ix->name,
               show(show_cell(&cons, row, 2), buf, sizeof buf), show(want, buf2, sizeof buf2));
    free(want);
  }
  /* Checks. */
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!wants_column_check(f, true)) continue;
    ncon_expected++;
    int row = -1;
    for (int r = 0; r < cons.nrows; r++)
      if (streq(cell(&cons, r, 0), f->check_name)) row = r;
    if (row < 0 || !streq(cell(&cons, row, 1), "c"))
      mismatch("%s.%s: check constraint %s (%s) is missing", e->table, f->column, f->check_name,
               f->has_check ? "@check range" : "enum values");
  }
  for (uint32_t i = 0; i < e->nchecks; i++) {
    ncon_expected++;
    int row = -1;
    for (int r = 0; r < cons.nrows; r++)
      if (streq(cell(&cons, r, 0), e->checks[i].name)) row = r;
    if (row < 0 || !streq(cell(&cons, row, 1), "c"))
      mismatch("%s: @@check constraint %s (%s) is missing", e->table, e->checks[i].name, e->checks[i].sql);
  }
  /* Foreign keys. */
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref) continue;
    ncon_expected++;
    int row = -1;
    for (int r = 0; r < cons.nrows; r++)
      if (streq(cell(&cons, r, 0), f->ref->name)) row = r;
    if (row < 0 || !streq(cell(&cons, row, 1), "f")) {
      mismatch("%s.%s: foreign key %s to %s.%s is missing", e->table, f->column, f->ref->name, f->ref->target->table,
               f->ref->target_field->column);
      continue;
    }
    if (!streq(cell(&cons, row, 2), f->column) || !streq(cell(&cons, row, 3), f->ref->target->table) ||
        !streq(cell(&cons, row, 4), f->ref->target_field->column))
      mismatch("%s: foreign key %s is (%s) -> %s(%s), the schema says (%s) -> %s(%s)", e->table, f->ref->name,
               show_cell(&cons, row, 2), show_cell(&cons, row, 3), show_cell(&cons, row, 4), f->column, f->ref->target->table,
               f->ref->target_field->column);
    if (!streq(cell(&cons, row, 5), action_pg_char(f->ref->on_delete)))
      mismatch("%s: foreign key %s has ON DELETE '%s', the schema says %s", e->table, f->ref->name,
               show_cell(&cons, row, 5), scc_ref_action_sql(f->ref->on_delete));
    if (!streq(cell(&cons, row, 6), action_pg_char(f->ref->on_update)))
      mismatch("%s: foreign key %s has ON UPDATE '%s', the schema says %s", e->table, f->ref->name,
               show_cell(&cons, row, 6), scc_ref_action_sql(f->ref->on_update));
  }
  if (cons.nrows != ncon_expected) {
    mismatch("%s: %d constraints in the database, the schema implies %d:", e->table, cons.nrows, ncon_expected);
    for (int r = 0; r < cons.nrows; r++) printf("    %s (%s)\n", show_cell(&cons, r, 0), show_cell(&cons, r, 1));
  }
  rows_free(&cons);

  /* Indexes. */
  q = fmt("SELECT ic.relname, i.indisunique::text, i.indisprimary::text, pg_get_expr(i.indpred, i.indrelid), "
          "(SELECT string_agg(a.attname || CASE WHEN (i.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END, "
          "  chr(31) ORDER BY k.ord) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, ord) "
          "  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n), "
          "(SELECT count(*) FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)::text "
          "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = %s ORDER BY ic.relname",
          oid);
  rows idx = db_query(d, q);
  free(q);
  int nidx_expected = 1; /* the primary key's */
  for (uint32_t k = 0; k < e->nuniques; k++) nidx_expected++;
  for (uint32_t k = 0; k < e->nindexes; k++) nidx_expected++;
  for (int pass = 0; pass < 2; pass++) {
    const scc_index *list = pass == 0 ? e->uniques : e->indexes;
    uint32_t n = pass == 0 ? e->nuniques : e->nindexes;
    for (uint32_t k = 0; k < n; k++) {
      const scc_index *ix = &list[k];
      if (pass == 0 && !ix->live_only) continue; /* constraint: checked above */
      int row = -1;
      for (int r = 0; r < idx.nrows; r++)
        if (streq(cell(&idx, r, 0), ix->name)) row = r;
      if (row < 0) {
        mismatch("%s: index %s is missing", e->table, ix->name);
        continue;
      }
      char *want = expected_cols(ix->cols, ix->ncols, true);
      if (!streq(cell(&idx, row, 4), want))
        mismatch("%s: index %s is on (%s), the schema says (%s)", e->table, ix->name,
                 show(show_cell(&idx, row, 4), buf, sizeof buf), show(want, buf2, sizeof buf2));
      free(want);
      bool uniq = streq(cell(&idx, row, 1), "true");
      if (uniq != (pass == 0))
        mismatch("%s: index %s is %sunique, expected %sunique", e->table, ix->name, uniq ? "" : "not ",
                 pass == 0 ? "" : "not ");
      const char *pred = cell(&idx, row, 3);
      if (ix->live_only) {
        char *w = fmt("(%s IS NULL)", e->soft_delete->column);
        char *wq = fmt("(\"%s\" IS NULL)", e->soft_delete->column);
        if (!streq(pred, w) && !streq(pred, wq))
          mismatch("%s: unique index %s of a @soft_delete entity has predicate %s, expected WHERE %s IS NULL",
                   e->table, ix->name, pred ? pred : "(none)", e->soft_delete->column);
        free(w);
        free(wq);
      } else if (ix->where && !pred) {
        mismatch("%s: index %s should be partial (WHERE %s) but has no predicate", e->table, ix->name, ix->where);
      } else if (!ix->where && pred) {
        mismatch("%s: index %s has predicate %s, the schema declares none", e->table, ix->name, pred);
      }
    }
  }
  if (idx.nrows != nidx_expected) {
    mismatch("%s: %d indexes in the database, the schema implies %d:", e->table, idx.nrows, nidx_expected);
    for (int r = 0; r < idx.nrows; r++) printf("    %s\n", show_cell(&idx, r, 0));
  }
  /* Every foreign key column leads some index (SPEC 1.4 @ref). */
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref) continue;
    bool covered = false;
    size_t n = strlen(f->column);
    for (int r = 0; r < idx.nrows; r++) {
      const char *c = cell(&idx, r, 4);
      if (c && strncmp(c, f->column, n) == 0 && (c[n] == 0 || c[n] == '\x1f' || c[n] == ' ')) covered = true;
    }
    if (!covered) mismatch("%s.%s: foreign key column leads no index", e->table, f->column);
  }
  rows_free(&idx);

  /* Row-level security. */
  bool rls = streq(cell(&t, 0, 1), "true"), force = streq(cell(&t, 0, 2), "true");
  q = fmt("SELECT policyname, qual, with_check, cmd FROM pg_policies WHERE schemaname = 'public' AND tablename = %s",
          tl);
  rows pol = db_query(d, q);
  free(q);
  if (e->tenant) {
    if (!rls) mismatch("%s: @tenant entity without ROW LEVEL SECURITY enabled", e->table);
    if (!force) mismatch("%s: @tenant entity without FORCE ROW LEVEL SECURITY", e->table);
    if (pol.nrows != 1) {
      mismatch("%s: @tenant entity has %d row-level policies, expected 1 (%s)", e->table, pol.nrows, e->tenant_policy);
    } else {
      if (!streq(cell(&pol, 0, 0), e->tenant_policy))
        mismatch("%s: policy is named %s, expected %s", e->table, show_cell(&pol, 0, 0), e->tenant_policy);
      const char *qual = cell(&pol, 0, 1), *wc = cell(&pol, 0, 2);
      if (!qual || !strstr(qual, e->tenant->column) || !strstr(qual, "schemac.tenant"))
        mismatch("%s: policy USING (%s) does not compare %s with the schemac.tenant setting", e->table,
                 qual ? qual : "", e->tenant->column);
      if (!wc || !strstr(wc, e->tenant->column))
        mismatch("%s: policy has no WITH CHECK on %s", e->table, e->tenant->column);
      if (!streq(cell(&pol, 0, 3), "ALL"))
        mismatch("%s: policy applies to %s, expected ALL commands", e->table, show_cell(&pol, 0, 3));
    }
  } else {
    if (rls || force) mismatch("%s: row level security is on, but the entity has no @tenant field", e->table);
    if (pol.nrows) mismatch("%s: unexpected row-level policy %s", e->table, show_cell(&pol, 0, 0));
  }
  rows_free(&pol);
  rows_free(&t);
  free(tl);
  (void)s;
}

/* ---------------------------------------------------------------- SQLite */

static void sqlite_check_entity(db *d, const scc_schema *s, const scc_entity *e) {
  char buf[512], buf2[512];
  char *tl = lit(e->table);
  char *q = fmt("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", tl);
  char *create_sql = db_scalar(d, q);
  free(q);
  if (!create_sql) {
    mismatch("table \"%s\" (entity %s) does not exist", e->table, e->name);
    free(tl);
    return;
  }
  if (strstr(create_sql, "WITHOUT ROWID") && e->autoincrement)
    mismatch("%s: WITHOUT ROWID table cannot make autoincrement ids", e->table);

  /* Columns. */
  q = fmt("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(%s) ORDER BY cid", tl);
  rows cols = db_query(d, q);
  free(q);
  if ((uint32_t)cols.nrows != e->nfields)
    mismatch("%s: %d columns in the database, %u fields in the schema", e->table, cols.nrows, e->nfields);
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    int row = -1;
    for (int r = 0; r < cols.nrows; r++)
      if (streq(cell(&cols, r, 0), f->column)) row = r;
    if (row < 0) {
      mismatch("%s: column \"%s\" (field %s.%s) is missing", e->table, f->column, e->name, f->name);
      continue;
    }
    if (row != (int)i) mismatch("%s.%s: column is at position %d, field at %u", e->table, f->column, row + 1, i + 1);
    const char *want = sqlite_type_name(&f->type);
    if (!streq(cell(&cols, row, 1), want))
      mismatch("%s.%s: declared type is %s, the schema's %s needs %s", e->table, f->column, show_cell(&cols, row, 1),
               scc_type_dsl(&f->type, buf, sizeof buf), want);
    bool notnull = streq(cell(&cols, row, 2), "1");
    if (notnull != !f->nullable)
      mismatch("%s.%s: column is %s, the field is %s", e->table, f->column, notnull ? "NOT NULL" : "nullable",
               f->nullable ? "nullable" : "required");
    const char *expr = cell(&cols, row, 3);
    if (f->def.kind == SCC_DEF_NONE || f->def.kind == SCC_DEF_AUTOINCREMENT) {
      if (expr) mismatch("%s.%s: column has DEFAULT %s, the schema declares none", e->table, f->column, expr);
    } else if (!expr) {
      mismatch("%s.%s: the schema declares a default, the column has none", e->table, f->column);
    } else {
      check_default_value(d, e, f, expr);
    }
    int pkpos = atoi(cell(&cols, row, 4) ? cell(&cols, row, 4) : "0");
    int want_pos = 0;
    for (uint32_t k = 0; k < e->npk; k++)
      if (e->pk[k] == f) want_pos = (int)k + 1;
    if (pkpos != want_pos)
      mismatch("%s.%s: primary key position %d, the schema says %d", e->table, f->column, pkpos, want_pos);
  }
  rows_free(&cols);
  if (e->autoincrement && (e->npk != 1 || e->pk[0] != e->autoincrement))
    mismatch("%s: autoincrement() field is not the whole primary key", e->table);

  /* Constraint names in the CREATE statement: pk, checks, fks. */
  char *pkc = fmt("CONSTRAINT \"%s\" PRIMARY KEY", e->pk_name);
  if (!strstr(create_sql, pkc)) mismatch("%s: primary key constraint %s is missing", e->table, e->pk_name);
  free(pkc);
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!wants_column_check(f, false)) continue;
    char *needle = fmt("CONSTRAINT \"%s\" CHECK", f->check_name);
    if (!strstr(create_sql, needle))
      mismatch("%s.%s: CHECK constraint %s is missing from the table's SQL", e->table, f->column, f->check_name);
    free(needle);
  }
  for (uint32_t i = 0; i < e->nchecks; i++) {
    char *needle = fmt("CONSTRAINT \"%s\" CHECK", e->checks[i].name);
    if (!strstr(create_sql, needle))
      mismatch("%s: @@check constraint %s (%s) is missing from the table's SQL", e->table, e->checks[i].name,
               e->checks[i].sql);
    free(needle);
  }
  free(create_sql);

  /* Indexes. */
  q = fmt("SELECT l.name, l.\"unique\", l.origin, l.partial, m.sql, "
          "(SELECT group_concat(x.name || CASE WHEN x.\"desc\" THEN ' DESC' ELSE '' END, char(31)) "
          "  FROM (SELECT * FROM pragma_index_xinfo(l.name) WHERE key ORDER BY seqno) x) "
          "FROM pragma_index_list(%s) l LEFT JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name "
          "WHERE l.origin = 'c' ORDER BY l.name",
          tl);
  rows idx = db_query(d, q);
  free(q);
  int nidx_expected = (int)(e->nuniques + e->nindexes);
  for (int pass = 0; pass < 2; pass++) {
    const scc_index *list = pass == 0 ? e->uniques : e->indexes;
    uint32_t n = pass == 0 ? e->nuniques : e->nindexes;
    for (uint32_t k = 0; k < n; k++) {
      const scc_index *ix = &list[k];
      int row = -1;
      for (int r = 0; r < idx.nrows; r++)
        if (streq(cell(&idx, r, 0), ix->name)) row = r;
      if (row < 0) {
        mismatch("%s: %s %s is missing", e->table, pass == 0 ? "unique index" : "index", ix->name);
        continue;
      }
      char *want = expected_cols(ix->cols, ix->ncols, pass == 1);
      if (!streq(cell(&idx, row, 5), want))
        mismatch("%s: index %s is on (%s), the schema says (%s)", e->table, ix->name,
                 show(show_cell(&idx, row, 5), buf, sizeof buf), show(want, buf2, sizeof buf2));
      free(want);
      bool uniq = streq(cell(&idx, row, 1), "1");
      if (uniq != (pass == 0))
        mismatch("%s: index %s is %sunique, expected %sunique", e->table, ix->name, uniq ? "" : "not ",
                 pass == 0 ? "" : "not ");
      bool partial = streq(cell(&idx, row, 3), "1");
      const char *sql = cell(&idx, row, 4);
      if (ix->live_only) {
        char *needle = fmt("WHERE \"%s\" IS NULL", e->soft_delete->column);
        if (!partial || !sql || !strstr(sql, needle))
          mismatch("%s: unique index %s of a @soft_delete entity is not partial WHERE %s IS NULL", e->table, ix->name,
                   e->soft_delete->column);
        free(needle);
      } else if (ix->where) {
        if (!partial || !sql || !strstr(sql, ix->where))
          mismatch("%s: index %s should be partial (WHERE %s)", e->table, ix->name, ix->where);
      } else if (partial) {
        mismatch("%s: index %s is partial, the schema declares no predicate", e->table, ix->name);
      }
    }
  }
  if (idx.nrows != nidx_expected) {
    mismatch("%s: %d indexes in the database, the schema implies %d:", e->table, idx.nrows, nidx_expected);
    for (int r = 0; r < idx.nrows; r++) printf("    %s\n", show_cell(&idx, r, 0));
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref) continue;
    bool covered = e->npk && e->pk[0] == f;
    size_t n = strlen(f->column);
    for (int r = 0; r < idx.nrows; r++) {
      const char *c = cell(&idx, r, 5);
      if (c && strncmp(c, f->column, n) == 0 && (c[n] == 0 || c[n] == '\x1f' || c[n] == ' ')) covered = true;
    }
    if (!covered) mismatch("%s.%s: foreign key column leads no index", e->table, f->column);
  }
  rows_free(&idx);

  /* Foreign keys. */
  q = fmt("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(%s) "
          "ORDER BY id, seq",
          tl);
  rows fks = db_query(d, q);
  free(q);
  int nfk = 0;
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref) continue;
    nfk++;
    int row = -1;
    for (int r = 0; r < fks.nrows; r++)
      if (streq(cell(&fks, r, 3), f->column)) row = r;
    if (row < 0) {
      mismatch("%s.%s: foreign key to %s.%s is missing", e->table, f->column, f->ref->target->table,
               f->ref->target_field->column);
      continue;
    }
    if (!streq(cell(&fks, row, 2), f->ref->target->table) || !streq(cell(&fks, row, 4), f->ref->target_field->column))
      mismatch("%s.%s: foreign key points at %s(%s), the schema says %s(%s)", e->table, f->column, show_cell(&fks, row, 2),
               show_cell(&fks, row, 4) ? show_cell(&fks, row, 4) : "its primary key", f->ref->target->table,
               f->ref->target_field->column);
    if (!streq(cell(&fks, row, 6), action_sqlite(f->ref->on_delete)))
      mismatch("%s.%s: foreign key has ON DELETE %s, the schema says %s", e->table, f->column, show_cell(&fks, row, 6),
               action_sqlite(f->ref->on_delete));
    if (!streq(cell(&fks, row, 5), action_sqlite(f->ref->on_update)))
      mismatch("%s.%s: foreign key has ON UPDATE %s, the schema says %s", e->table, f->column, show_cell(&fks, row, 5),
               action_sqlite(f->ref->on_update));
  }
  if (fks.nrows != nfk) mismatch("%s: %d foreign keys in the database, the schema has %d", e->table, fks.nrows, nfk);
  rows_free(&fks);
  free(tl);
  (void)s;
}

/* ------------------------------------------------------ behaviour probes */

/* A valid SQL literal for field f; `k` picks one of several distinct values. */
static char *value_sql(const scc_mfield *f, bool pg, int k) {
  switch (f->type.kind) {
  case SCC_T_BOOL: return xstrdup(pg ? (k % 2 ? "true" : "false") : (k % 2 ? "1" : "0"));
  case SCC_T_SMALLINT:
  case SCC_T_INT:
  case SCC_T_BIGINT:
  case SCC_T_FLOAT:
    if (f->has_check) return fmt("(%lld)", strtoll(f->check_lo, NULL, 10) + k);
    return fmt("%d", 1 + k);
  case SCC_T_DECIMAL: return fmt("'%d.5'", 1 + k);
  case SCC_T_STRING:
  case SCC_T_TEXT: {
    /* Long enough for the usual length checks, within string(n). */
    uint32_t n = f->type.length && f->type.length < 60 ? f->type.length : 60;
    char *v = malloc(n + 3);
    if (!v) die("out of memory");
    v[0] = '\'';
    for (uint32_t i = 0; i < n; i++) v[1 + i] = (char)('a' + (k + (int)i) % 26);
    v[n + 1] = '\'';
    v[n + 2] = 0;
    return v;
  }
  case SCC_T_BYTES: return fmt(pg ? "'\\x%02x'::bytea" : "X'%02x'", k);
  case SCC_T_UUID: return fmt("'00000000-0000-4000-8000-%012d'", k + 1);
  /* Later fields get later times (expires_at > created_at). */
  case SCC_T_TIMESTAMP:
    return pg ? fmt("'2024-01-01 00:00:00+00'::timestamptz + interval '%u minutes %d seconds'", f->index, k)
              : fmt("%lld", 1704067200000000LL + (long long)f->index * 60000000LL + k);
  case SCC_T_DATE: return fmt("'2024-01-0%d'", 1 + k);
  /* 00:00:00.00000k on PostgreSQL, k microseconds since midnight on SQLite */
  case SCC_T_TIME: return pg ? fmt("'00:00:00.%06d'", k) : fmt("%d", k);
  case SCC_T_JSON: return fmt("'{\"k\": %d}'", k);
  case SCC_T_ENUM: return lit(f->type.enm->values[(uint32_t)k % f->type.enm->nvalues].name);
  }
  return xstrdup("NULL");
}

typedef struct probe_row {
  char **vals; /* per field; NULL: leave the column out */
} probe_row;

static char *insert_sql(const scc_entity *e, char **vals) {
  scc_buf b = {0};
  scc_buf_puts(&b, "INSERT INTO ");
  put_ident(&b, e->table);
  scc_buf_puts(&b, " (");
  bool first = true;
  for (uint32_t i = 0; i < e->nfields; i++) {
    if (!vals[i]) continue;
    if (!first) scc_buf_puts(&b, ", ");
    first = false;
    put_ident(&b, e->fields[i]->column);
  }
  scc_buf_puts(&b, ") VALUES (");
  first = true;
  for (uint32_t i = 0; i < e->nfields; i++) {
    if (!vals[i]) continue;
    if (!first) scc_buf_puts(&b, ", ");
    first = false;
    scc_buf_puts(&b, vals[i]);
  }
  scc_buf_puts(&b, ")");
  return scc_buf_take(&b, NULL);
}

static char **baseline(const scc_entity *e, bool pg, int k) {
  char **v = calloc(e->nfields + 1, sizeof *v);
  if (!v) die("out of memory");
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    /* Leave autoincrement ids to the database: that proves they work. */
    if (f->def.kind == SCC_DEF_AUTOINCREMENT) v[i] = NULL;
    else if (f->nullable) v[i] = xstrdup("NULL"); /* also: a live row */
    else v[i] = value_sql(f, pg, k);
  }
  return v;
}

static void free_vals(const scc_entity *e, char **v) {
  for (uint32_t i = 0; i < e->nfields; i++) free(v[i]);
  free(v);
}

static void set_val(char **v, uint32_t i, char *nv) {
  free(v[i]);
  v[i] = nv;
}

/* Inserts inside a savepoint that is always rolled back. */
static bool try_insert(db *d, const scc_entity *e, char **vals) {
  char *sql = insert_sql(e, vals);
  db_exec(d, "SAVEPOINT probe");
  bool ok = db_exec(d, sql);
  char err[1024], st[8], con[256];
  memcpy(err, d->err, sizeof err);
  memcpy(st, d->sqlstate, sizeof st);
  memcpy(con, d->constraint, sizeof con);
  db_exec(d, "ROLLBACK TO SAVEPOINT probe");
  db_exec(d, "RELEASE SAVEPOINT probe");
  memcpy(d->err, err, sizeof err);
  memcpy(d->sqlstate, st, sizeof st);
  memcpy(d->constraint, con, sizeof con);
  free(sql);
  return ok;
}

/* Was the last error raised by one of the entity's own @@check? Such a
 * probe is inconclusive rather than wrong. */
static const char *user_check(const db *d, const scc_entity *e) {
  for (uint32_t i = 0; i < e->nchecks; i++) {
    const char *n = e->checks[i].name;
    if (d->pg) {
      if (streq(d->constraint, n)) return n;
    } else {
      const char *p = strstr(d->err, "CHECK constraint failed: ");
      if (p && streq(p + strlen("CHECK constraint failed: "), n)) return n;
    }
  }
  return NULL;
}

/* Expects the insert to fail, and (when `name` is given) the error to name
 * that constraint. */
static void expect_refused(db *d, const scc_entity *e, char **vals, const char *what, const char *name) {
  if (try_insert(d, e, vals)) {
    char *sql = insert_sql(e, vals);
    mismatch("%s: accepted %s\n    %s", e->table, what, sql);
    free(sql);
    return;
  }
  if (name && user_check(d, e)) {
    printf("note: %s: %s: inconclusive, refused by %s\n", e->table, what, user_check(d, e));
  } else if (name) {
    bool named = d->pg ? streq(d->constraint, name) : strstr(d->err, name) != NULL;
    if (!named) mismatch("%s: %s was refused, but not by %s: %s", e->table, what, name, d->err);
  }
}

static void expect_accepted(db *d, const scc_entity *e, char **vals, const char *what) {
  if (!try_insert(d, e, vals)) {
    if (user_check(d, e)) {
      printf("note: %s: %s: inconclusive, refused by %s\n", e->table, what, user_check(d, e));
      return;
    }
    char *sql = insert_sql(e, vals);
    mismatch("%s: refused %s: %s\n    %s", e->table, what, d->err, sql);
    free(sql);
  }
}

static void probe_entity(db *d, const scc_entity *e) {
  bool pg = d->pg;
  char what[512];
  char **v = baseline(e, pg, 0);
  /* Baseline row (foreign keys not enforced here). */
  if (!try_insert(d, e, v)) {
    if (e->nchecks) {
      printf("note: %s: skipping behaviour probes, a plain row violates one of its @@check: %s\n", e->table, d->err);
    } else {
      char *sql = insert_sql(e, v);
      mismatch("%s: a valid row was refused: %s\n    %s", e->table, d->err, sql);
      free(sql);
    }
    free_vals(e, v);
    return;
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    char *orig = v[i] ? xstrdup(v[i]) : NULL;
    /* NOT NULL. */
    /* SQLite turns NULL in an INTEGER PRIMARY KEY (rowid alias) into a new
     * id, by design: not a missing NOT NULL. */
    bool rowid_alias = !pg && e->npk == 1 && e->pk[0] == f && is_integer_kind(f->type.kind);
    if (f->def.kind != SCC_DEF_AUTOINCREMENT && !rowid_alias) {
      set_val(v, i, xstrdup("NULL"));
      snprintf(what, sizeof what, "NULL in %s", f->column);
      if (f->nullable) expect_accepted(d, e, v, what);
      else expect_refused(d, e, v, what, NULL);
    }
    /* Range checks: both bounds in, both neighbours out. */
    if (f->has_check && is_integer_kind(f->type.kind)) {
      long long lo = strtoll(f->check_lo, NULL, 10), hi = strtoll(f->check_hi, NULL, 10);
      set_val(v, i, fmt("(%lld)", lo));
      snprintf(what, sizeof what, "%s = %lld (lower bound of @check)", f->column, lo);
      expect_accepted(d, e, v, what);
      set_val(v, i, fmt("(%lld)", hi));
      snprintf(what, sizeof what, "%s = %lld (upper bound of @check)", f->column, hi);
      expect_accepted(d, e, v, what);
      if (lo > INT64_MIN) {
        set_val(v, i, fmt("(%lld)", lo - 1));
        snprintf(what, sizeof what, "%s = %lld, below @check(%s..%s)", f->column, lo - 1, f->check_lo, f->check_hi);
        expect_refused(d, e, v, what, f->check_name);
      }
      if (hi < INT64_MAX) {
        set_val(v, i, fmt("(%lld)", hi + 1));
        snprintf(what, sizeof what, "%s = %lld, above @check(%s..%s)", f->column, hi + 1, f->check_lo, f->check_hi);
        expect_refused(d, e, v, what, f->check_name);
      }
    }
    switch (f->type.kind) {
    case SCC_T_ENUM:
      set_val(v, i, xstrdup("'no such value'"));
      snprintf(what, sizeof what, "'no such value' in enum column %s", f->column);
      expect_refused(d, e, v, what, f->check_name);
      for (uint32_t k = 0; k < f->type.enm->nvalues; k++) {
        set_val(v, i, lit(f->type.enm->values[k].name));
        snprintf(what, sizeof what, "enum value '%s' in %s", f->type.enm->values[k].name, f->column);
        expect_accepted(d, e, v, what);
      }
      break;
    case SCC_T_STRING:
      if (f->type.length && f->type.length < 100000) {
        /* Multi-byte characters: the limit counts characters, not bytes. */
        scc_buf b = {0};
        scc_buf_putc(&b, '\'');
        for (uint32_t k = 0; k < f->type.length; k++) scc_buf_puts(&b, k % 2 ? "x" : "\xc3\xa9");
        scc_buf_putc(&b, '\'');
        char *exact = scc_buf_take(&b, NULL);
        char *longer = fmt("'y%s", exact + 1);
        set_val(v, i, exact);
        snprintf(what, sizeof what, "%u characters in %s string(%u)", f->type.length, f->column, f->type.length);
        expect_accepted(d, e, v, what);
        set_val(v, i, longer);
        snprintf(what, sizeof what, "%u characters in %s string(%u)", f->type.length + 1, f->column, f->type.length);
        expect_refused(d, e, v, what, pg ? NULL : f->check_name);
      }
      break;
    case SCC_T_JSON:
      set_val(v, i, xstrdup("'{not json'"));
      snprintf(what, sizeof what, "invalid JSON in %s", f->column);
      expect_refused(d, e, v, what, pg ? NULL : f->check_name);
      break;
    case SCC_T_BOOL:
      if (!pg) {
        set_val(v, i, xstrdup("2"));
        snprintf(what, sizeof what, "2 in bool column %s", f->column);
        expect_refused(d, e, v, what, f->check_name);
      }
      break;
    case SCC_T_DATE:
      set_val(v, i, xstrdup("'2024-02-30'"));
      snprintf(what, sizeof what, "'2024-02-30' in date column %s", f->column);
      expect_refused(d, e, v, what, pg ? NULL : f->check_name);
      break;
    case SCC_T_UUID:
      set_val(v, i, xstrdup("'00000000-0000-4000-8000-00000000000A'"));
      snprintf(what, sizeof what, "an uppercase UUID in %s", f->column);
      if (pg) expect_accepted(d, e, v, what); /* PostgreSQL normalises */
      else expect_refused(d, e, v, what, f->check_name);
      break;
    default: break;
    }
    set_val(v, i, orig);
  }

  free_vals(e, v);

  /* Unique keys and the primary key: a second row equal on the key only. */
  for (uint32_t k = 0; k <= e->nuniques; k++) {
    const scc_index *ix = k < e->nuniques ? &e->uniques[k] : NULL;
    const char *name = ix ? ix->name : e->pk_name;
    char **r1 = baseline(e, pg, 0), **r2 = baseline(e, pg, 1);
    bool can = true;
    for (uint32_t i = 0; i < e->nfields; i++) {
      const scc_mfield *f = e->fields[i];
      bool in_key = false;
      if (ix) {
        for (uint32_t c = 0; c < ix->ncols; c++)
          if (ix->cols[c].field == f) in_key = true;
      } else {
        for (uint32_t c = 0; c < e->npk; c++)
          if (e->pk[c] == f) in_key = true;
      }
      if (in_key) {
        if (f->def.kind == SCC_DEF_AUTOINCREMENT) can = false; /* value made by the database */
        set_val(r1, i, value_sql(f, pg, 0));
        set_val(r2, i, value_sql(f, pg, 0));
      } else if (f->has_check && !strcmp(f->check_lo, f->check_hi)) {
        can = false;
      }
    }
    if (!can) {
      free_vals(e, r1);
      free_vals(e, r2);
      continue;
    }
    db_exec(d, "SAVEPOINT uq");
    char *sql1 = insert_sql(e, r1);
    if (!db_exec(d, sql1)) {
      if (user_check(d, e)) printf("note: %s: key probe for %s: inconclusive, refused by %s\n", e->table, name,
                                   user_check(d, e));
      else mismatch("%s: a valid row was refused: %s\n    %s", e->table, d->err, sql1);
    } else {
      snprintf(what, sizeof what, "a second row with the same %s", name);
      if (pg) {
        expect_refused(d, e, r2, what, name);
      } else if (try_insert(d, e, r2)) {
        char *sql = insert_sql(e, r2);
        mismatch("%s: accepted %s\n    %s", e->table, what, sql);
        free(sql);
      } else if (user_check(d, e)) {
        printf("note: %s: %s: inconclusive, refused by %s\n", e->table, what, user_check(d, e));
      } else {
        /* SQLite names the columns, not the index. */
        uint32_t nk = ix ? ix->ncols : e->npk;
        for (uint32_t c = 0; c < nk; c++) {
          char *needle = fmt("%s.%s", e->table, ix ? ix->cols[c].field->column : e->pk[c]->column);
          if (!strstr(d->err, "UNIQUE constraint failed") || !strstr(d->err, needle))
            mismatch("%s: %s was refused, but not by that key: %s", e->table, what, d->err);
          free(needle);
        }
      }
      if (ix && ix->live_only) {
        /* A soft-deleted row no longer holds the key. */
        scc_buf b = {0};
        scc_buf_puts(&b, "UPDATE ");
        put_ident(&b, e->table);
        scc_buf_puts(&b, " SET ");
        put_ident(&b, e->soft_delete->column);
        scc_buf_puts(&b, pg ? " = now()" : " = 1");
        char *upd = scc_buf_take(&b, NULL);
        if (!db_exec(d, upd)) mismatch("%s: cannot soft-delete: %s", e->table, d->err);
        snprintf(what, sizeof what, "a row with the same %s as a soft-deleted row", name);
        expect_accepted(d, e, r2, what);
        free(upd);
      }
    }
    free(sql1);
    db_exec(d, "ROLLBACK TO SAVEPOINT uq");
    db_exec(d, "RELEASE SAVEPOINT uq");
    free_vals(e, r1);
    free_vals(e, r2);
  }
}

/* With foreign keys enforced, a row whose references point nowhere fails. */
static void probe_foreign_keys(db *d, const scc_entity *e) {
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref) continue;
    /* Dangling value in this field; nullable references elsewhere NULL, so
     * only this one and required ones can be the reason. */
    char **v = baseline(e, d->pg, 0);
    int nonnull = 0;
    for (uint32_t j = 0; j < e->nfields; j++) {
      const scc_mfield *g = e->fields[j];
      if (!g->ref) continue;
      if (g->nullable && j != i) set_val(v, j, xstrdup("NULL"));
      else nonnull++;
    }
    if (!v[i]) { /* autoincrement id that is also a reference: skip */
      free_vals(e, v);
      continue;
    }
    set_val(v, i, value_sql(f, d->pg, 7)); /* not the row's own key (self references) */
    char what[256];
    snprintf(what, sizeof what, "%s pointing at no %s row", f->column, f->ref->target->table);
    if (try_insert(d, e, v)) {
      char *sql = insert_sql(e, v);
      mismatch("%s: accepted %s (foreign key %s not enforced)\n    %s", e->table, what, f->ref->name, sql);
      free(sql);
    } else if (user_check(d, e)) {
      printf("note: %s: %s: inconclusive, refused by %s\n", e->table, what, user_check(d, e));
    } else if (d->pg ? (nonnull == 1 && !streq(d->constraint, f->ref->name)) || strcmp(d->sqlstate, "23503")
                     : !strstr(d->err, "FOREIGN KEY constraint failed")) {
      mismatch("%s: %s was refused, but not by foreign key %s: %s", e->table, what, f->ref->name, d->err);
    }
    free_vals(e, v);
  }
}

/* Row-level security as seen by an ordinary role (superusers bypass it). */
static void probe_tenant(db *d, const scc_entity *e, const char *role) {
  const scc_mfield *t = e->tenant;
  char **v = baseline(e, true, 0);
  uint32_t ti = t->index;
  char *tab = qident(e->table);
  char *a = value_sql(t, true, 0), *b = value_sql(t, true, 1);
  char *sql = fmt("SAVEPOINT rls; SET LOCAL session_replication_role = replica; SET LOCAL ROLE %s; "
                  "SELECT set_config('schemac.tenant', %s, true);",
                  role, a);
  if (!db_exec(d, sql)) die("tenant probe setup: %s", d->err);
  free(sql);
  /* a and b may be quoted literals; set_config needs text. */
  set_val(v, ti, xstrdup(a));
  if (!try_insert(d, e, v)) {
    if (user_check(d, e)) printf("note: %s: tenant probe inconclusive, refused by %s\n", e->table, user_check(d, e));
    else mismatch("%s: refused a row of the current tenant: %s", e->table, d->err);
    db_exec(d, "ROLLBACK TO SAVEPOINT rls; RELEASE SAVEPOINT rls");
    free(a);
    free(b);
    free(tab);
    free_vals(e, v);
    return;
  }
  char *ins = insert_sql(e, v);
  if (!db_exec(d, ins)) mismatch("%s: cannot insert a row of the current tenant: %s", e->table, d->err);
  free(ins);
  char *cnt = fmt("SELECT count(*)::text FROM %s", tab);
  char *n = db_scalar(d, cnt);
  if (!streq(n, "1")) mismatch("%s: the current tenant sees %s rows of its own, expected 1", e->table, n);
  free(n);
  set_val(v, ti, xstrdup(b));
  expect_refused(d, e, v, "a row of another tenant (policy WITH CHECK)", NULL);
  sql = fmt("SELECT set_config('schemac.tenant', %s, true)", b);
  db_exec(d, sql);
  free(sql);
  n = db_scalar(d, cnt);
  if (!streq(n, "0")) mismatch("%s: another tenant sees %s rows, expected 0", e->table, n);
  free(n);
  db_exec(d, "SELECT set_config('schemac.tenant', '', true)");
  n = db_scalar(d, cnt);
  if (!streq(n, "0")) mismatch("%s: with no tenant set, %s rows are visible, expected 0", e->table, n);
  free(n);
  db_exec(d, "ROLLBACK TO SAVEPOINT rls; RELEASE SAVEPOINT rls");
  free(cnt);
  free(a);
  free(b);
  free(tab);
  free_vals(e, v);
}

/* ------------------------------------------------------------------ main */

static void usage(void) {
  fputs("usage: ddl_catalog_test --dialect sqlite|postgres [--dir DIR] [--url URL | --url-file FILE] FILES...\n",
        stderr);
  exit(2);
}

static char *read_url_file(const char *path) {
  FILE *fp = fopen(path, "r");
  if (!fp) die("cannot read %s: %s (is the pg fixture running?)", path, strerror(errno));
  char line[4096];
  if (!fgets(line, sizeof line, fp)) die("%s is empty", path);
  fclose(fp);
  line[strcspn(line, "\r\n")] = 0;
  return xstrdup(line);
}

static PGconn *pg_connect(const char *url, const char *dbname) {
  const char *keys[] = {"dbname", dbname ? "dbname" : NULL, NULL};
  const char *vals[] = {url, dbname, NULL};
  PGconn *c = PQconnectdbParams(keys, vals, 1);
  if (PQstatus(c) != CONNECTION_OK) die("cannot connect to %s%s%s: %s", url, dbname ? " db " : "", dbname ? dbname : "",
                                        PQerrorMessage(c));
  PQsetNoticeProcessor(c, NULL, NULL);
  return c;
}

static void quiet_notices(void *arg, const char *msg) {
  (void)arg;
  (void)msg;
}

int main(int argc, char **argv) {
  const char *dialect = NULL, *dir = NULL, *url = NULL, *url_file = NULL;
  int first_file = -1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--dialect") && i + 1 < argc) dialect = argv[++i];
    else if (!strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else if (!strcmp(argv[i], "--url") && i + 1 < argc) url = argv[++i];
    else if (!strcmp(argv[i], "--url-file") && i + 1 < argc) url_file = argv[++i];
    else if (argv[i][0] == '-' && argv[i][1] == '-') usage();
    else {
      first_file = i;
      break;
    }
  }
  sc_dialect dl = SC_DIALECT_SQLITE;
  if (!dialect || !scc_dialect_parse(dialect, &dl) || first_file < 0) usage();
  bool pg = dl == SC_DIALECT_POSTGRES;
  g_dialect = pg ? "postgres" : "sqlite";

  scc_compiler *c = scc_compiler_new();
  for (int i = first_file; i < argc; i++) scc_compiler_add_file(c, argv[i]);
  const scc_schema *s = scc_compiler_check(c, NULL);
  if (!s) {
    scc_buf out = {0};
    scc_diags_render(scc_compiler_diags(c), &out);
    fprintf(stderr, "%s", out.data ? out.data : "");
    scc_buf_free(&out);
    scc_compiler_free(c);
    fprintf(stderr, "ddl_catalog_test: the schema has errors\n");
    return 1;
  }
  scc_buf ddl = {0};
  scc_emit_sql(s, dl, &ddl);

  db d = {0};
  d.pg = pg;
  char *owned_url = NULL, *dbname = NULL, *tmpdir = NULL, *dbpath = NULL;
  PGconn *admin = NULL;
  char role[96] = {0};
  if (pg) {
    if (url_file) owned_url = read_url_file(url_file);
    else if (url) owned_url = xstrdup(url);
    else usage();
    admin = pg_connect(owned_url, NULL);
    PQsetNoticeProcessor(admin, quiet_notices, NULL);
    scc_buf nb = {0};
    scc_buf_puts(&nb, "ddl_");
    for (const char *p = s->name; *p && nb.len < 40; p++)
      scc_buf_putc(&nb, isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_');
    scc_buf_printf(&nb, "_%ld", (long)getpid());
    dbname = scc_buf_take(&nb, NULL);
    snprintf(role, sizeof role, "ddl_probe_%ld", (long)getpid());
    char *sql = fmt("DROP DATABASE IF EXISTS \"%s\"", dbname);
    PQclear(PQexec(admin, sql));
    free(sql);
    sql = fmt("CREATE DATABASE \"%s\"", dbname);
    PGresult *r = PQexec(admin, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) die("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    free(sql);
    d.conn = pg_connect(owned_url, dbname);
    PQsetNoticeProcessor(d.conn, quiet_notices, NULL);
  } else {
    if (dir) {
      tmpdir = xstrdup(dir);
    } else {
      const char *base = getenv("TMPDIR");
      tmpdir = fmt("%s/ddl_test.XXXXXX", base && *base ? base : "/tmp");
      if (!mkdtemp(tmpdir)) die("mkdtemp: %s", strerror(errno));
    }
    dbpath = fmt("%s/%s_%ld.db", tmpdir, s->name, (long)getpid());
    unlink(dbpath);
    if (sqlite3_open(dbpath, &d.lite) != SQLITE_OK) die("cannot open %s", dbpath);
  }

  printf("schema %s: %u entities, %u enums; applying %zu bytes of %s DDL\n", s->name, s->nentities, s->nenums, ddl.len,
         g_dialect);
  if (!db_exec(&d, ddl.data)) {
    mismatch("the DDL was refused: %s", d.err);
    printf("---- DDL ----\n%s-------------\n", ddl.data);
  } else {
    /* No stray tables either. */
    rows t = db_query(&d, pg ? "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY relname"
                             : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY name");
    if ((uint32_t)t.nrows != s->nentities)
      mismatch("%d tables in the database, %u entities in the schema", t.nrows, s->nentities);
    rows_free(&t);
    if (!pg) {
      /* Foreign keys whose parent key is not unique only fail at run time
       * ("foreign key mismatch"): foreign_key_check finds them now. */
      db_exec(&d, "PRAGMA foreign_keys = ON");
      if (!db_exec(&d, "PRAGMA foreign_key_check")) mismatch("foreign key check: %s", d.err);
    }
    for (uint32_t i = 0; i < s->nentities; i++) {
      if (pg) pg_check_entity(&d, s, s->entities[i]);
      else sqlite_check_entity(&d, s, s->entities[i]);
    }
    /* Behaviour probes, in one transaction rolled back at the end. */
    db_exec(&d, "BEGIN");
    if (pg) {
      db_exec(&d, "SET LOCAL session_replication_role = replica"); /* FKs off */
    } else {
      db_exec(&d, "COMMIT");
      db_exec(&d, "PRAGMA foreign_keys = OFF");
      db_exec(&d, "BEGIN");
    }
    for (uint32_t i = 0; i < s->nentities; i++) probe_entity(&d, s->entities[i]);
    db_exec(&d, "ROLLBACK");
    if (!pg) db_exec(&d, "PRAGMA foreign_keys = ON");
    db_exec(&d, "BEGIN");
    for (uint32_t i = 0; i < s->nentities; i++) probe_foreign_keys(&d, s->entities[i]);
    db_exec(&d, "ROLLBACK");
    if (pg) {
      bool any_tenant = false;
      for (uint32_t i = 0; i < s->nentities; i++)
        if (s->entities[i]->tenant) any_tenant = true;
      if (any_tenant) {
        char *sql = fmt("DROP ROLE IF EXISTS %s; CREATE ROLE %s NOSUPERUSER NOBYPASSRLS; "
                        "GRANT USAGE ON SCHEMA public TO %s; GRANT ALL ON ALL TABLES IN SCHEMA public TO %s",
                        role, role, role, role);
        if (!db_exec(&d, sql)) die("cannot create probe role: %s", d.err);
        free(sql);
        db_exec(&d, "BEGIN");
        for (uint32_t i = 0; i < s->nentities; i++)
          if (s->entities[i]->tenant) probe_tenant(&d, s->entities[i], role);
        db_exec(&d, "ROLLBACK");
        sql = fmt("DROP OWNED BY %s; DROP ROLE %s", role, role);
        db_exec(&d, sql);
        free(sql);
      }
    }
  }

  if (pg) {
    PQfinish(d.conn);
    char *sql = fmt("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", dbname);
    PGresult *r = PQexec(admin, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) fprintf(stderr, "warning: %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    free(sql);
    if (role[0]) {
      sql = fmt("DROP ROLE IF EXISTS %s", role);
      PQclear(PQexec(admin, sql));
      free(sql);
    }
    PQfinish(admin);
  } else {
    sqlite3_close(d.lite);
    unlink(dbpath);
    if (!dir) rmdir(tmpdir);
  }
  free(owned_url);
  free(dbname);
  free(tmpdir);
  free(dbpath);
  scc_buf_free(&ddl);
  scc_compiler_free(c);
  if (g_failures) {
    printf("FAIL: %d mismatch%s between the schema and the %s database\n", g_failures, g_failures == 1 ? "" : "es",
           g_dialect);
    return 1;
  }
  printf("ok: the %s catalogs match the schema\n", g_dialect);
  return 0;
}
