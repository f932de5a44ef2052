/* Raw SQL of the schema: @@check("...") and @@index(..., where: "...") go
 * into the DDL as written, so each must be exactly ONE SQL expression over
 * the entity's own columns, unable to close the parenthesis around it and
 * append statements.
 *
 * Two steps. A lexical scan on the ground both dialects share (quotes as
 * PostgreSQL and SQLite read them alike) refuses `;`, comments, a `)`
 * without its `(`, unclosed quotes or parentheses, `$` (parameters and
 * PostgreSQL dollar quotes), E'...' strings and backslashes in strings
 * (PostgreSQL reads backslash escapes there, in plain strings too when
 * standard_conforming_strings is off, so the quotes would pair
 * differently). Then SQLite
 * prepares the expression where the DDL puts it, in an in-memory database
 * holding the entity's columns: a CHECK of `CREATE TABLE`, the WHERE of
 * `CREATE INDEX`; SQLite resolves the column names and refuses subqueries
 * (and non-deterministic functions in index predicates) there. Expression
 * keys of indexes (written by check_index.c) are prepared the same way.
 *
 * SQLite's verdict is a floor: an expression it accepts may still use a
 * function PostgreSQL lacks (docs/language.md). */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "check/check_internal.h"
#include "dialect/dialect.h"

/* Source offset of byte `at` of the decoded text of string literal `lit`:
 * the literal's escapes (\x) are two source bytes for one. */
static scc_loc at_in_literal(checker *c, scc_loc lit, size_t at, size_t len) {
  const scc_source *src = scc_diags_source(c->d, lit.file);
  scc_loc r = lit;
  if (!src || lit.len < 2 || lit.off + lit.len > src->len) return r;
  const char *p = src->text + lit.off + 1, *end = src->text + lit.off + lit.len - 1;
  for (size_t i = 0; i < at && p < end; i++) p += (*p == '\\' && p + 1 < end) ? 2 : 1;
  const char *q = p;
  for (size_t i = 0; i < len && q < end; i++) q += (*q == '\\' && q + 1 < end) ? 2 : 1;
  r.off = (uint32_t)(p - src->text);
  r.len = (uint32_t)(q - p);
  return r;
}

static bool word_char(char ch) {
  return ch == '_' || (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || (ch & 0x80);
}

/* The lexical scan; false after reporting the first problem. */
static bool scan(checker *c, const char *what, scc_loc lit, const char *t) {
  int depth = 0;
  size_t open_at = 0;
  const char *why = NULL, *help = NULL;
  size_t at = 0, n = strlen(t);
  for (size_t i = 0; i < n && !why; i++) {
    char ch = t[i];
    at = i;
    if (((unsigned char)ch < 0x20 && ch != '\t') || ch == 0x7f) {
      why = "control characters (newlines) are not allowed";
      help = "write the expression on one line; the migration planner reads DDL line by line";
    } else if (ch == '\'' || ch == '"') {
      bool e_prefix = ch == '\'' && i > 0 && (t[i - 1] | 0x20) == 'e' && !(i > 1 && word_char(t[i - 2]));
      if (e_prefix) {
        at = i - 1;
        why = "E'...' strings are PostgreSQL-only (backslash escapes)";
        help = "write a standard string: '...' with '' for a quote";
        break;
      }
      size_t j = i + 1;
      for (; j < n; j++) {
        if (t[j] == ch) {
          if (j + 1 < n && t[j + 1] == ch) j++; /* doubled: one quote */
          else break;
        } else if (t[j] == '\\' && ch == '\'') {
          break;
        }
      }
      if (j < n && t[j] == '\\') {
        at = j;
        why = "a backslash in a string";
        help = "PostgreSQL reads it as an escape when standard_conforming_strings is off, so the quotes "
               "would pair differently; write the character itself";
        break;
      }
      if (j >= n) {
        why = ch == '\'' ? "unterminated string" : "unterminated quoted identifier";
        break;
      }
      i = j;
    } else if (ch == ';') {
      why = "';' ends the statement";
    } else if ((ch == '-' && t[i + 1] == '-') || (ch == '/' && t[i + 1] == '*')) {
      why = "comments are not allowed";
    } else if (ch == '$') {
      why = "'$' is not allowed (parameters, dollar-quoted strings)";
    } else if (ch == '(') {
      if (depth++ == 0) open_at = i;
    } else if (ch == ')' && --depth < 0) {
      why = "')' closes a parenthesis the expression did not open";
    }
  }
  if (!why && depth > 0) {
    at = open_at;
    why = "'(' is never closed";
  }
  if (!why) return true;
  scc_diag *g = ck_error(c, at_in_literal(c, lit, at, 1), "%s must be one SQL expression: %s", what, why);
  scc_diag_help(g, "%s", help ? help : "the text is pasted into the DDL as written: give a single expression over the entity's columns");
  return false;
}

#define ident scc_dialect_ident

static void column_list(scc_buf *b, const scc_entity *e) {
  for (uint32_t i = 0; i < e->nfields; i++) {
    if (i) scc_buf_puts(b, ", ");
    ident(b, e->fields[i]->column);
  }
}

/* Prepares sql (never runs it); a failure is reported inside the literal:
 * SQLite's error offset counts from the start of sql, the expression from
 * `expr_at`. */
static void prepare(checker *c, sqlite3 *db, const char *what, scc_loc lit, const char *text, scc_buf *sql,
                    size_t expr_at) {
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  int rc = sqlite3_prepare_v2(db, sql->data, (int)sql->len, &st, &tail);
  sqlite3_finalize(st);
  if (rc == SQLITE_OK && tail && *tail == '\0') return;
  int off = rc == SQLITE_OK ? -1 : sqlite3_error_offset(db);
  size_t len = strlen(text);
  scc_loc at = lit;
  if (off >= 0 && (size_t)off >= expr_at && (size_t)off <= expr_at + len) {
    size_t i = (size_t)off - expr_at, n = 1; /* underline the word SQLite names */
    if (text[i] == '"')
      while (text[i + n] && text[i + n++] != '"') {}
    else
      while (word_char(text[i]) && word_char(text[i + n])) n++;
    at = at_in_literal(c, lit, i, n);
  }
  scc_diag *g = ck_error(c, at, "%s is not a valid SQL expression: %s", what,
                         rc == SQLITE_OK ? "more than one statement" : sqlite3_errmsg(db));
  scc_diag_help(g, "checked with SQLite against the entity's columns; the text goes into the DDL of both databases");
}

/* The expression keys of an index (check_index.c wrote their SQL), one at
 * a time: SQLite refuses unknown functions, wrong argument counts and
 * non-deterministic functions there. */
static bool prepare_keys(checker *c, sqlite3 *db, const scc_entity *e, const scc_index *ix, scc_buf *sql) {
  bool ok = true;
  for (uint32_t i = 0; i < ix->ncols; i++) {
    if (!ix->cols[i].expr) continue;
    sql->len = 0;
    scc_buf_puts(sql, "CREATE INDEX \"scc_probe\" ON ");
    ident(sql, e->table);
    scc_buf_printf(sql, " (%s)", ix->cols[i].expr);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql->data, (int)sql->len, &st, NULL);
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) continue;
    scc_diag *g = ck_error(c, ix->cols[i].expr_loc, "%s is not a valid index key: %s", ix->cols[i].expr, sqlite3_errmsg(db));
    scc_diag_help(g, "an index key is one deterministic expression over the entity's columns, checked with SQLite; "
                     "the function must exist on both databases");
    ok = false;
  }
  return ok;
}

/* The AST string of an entity attribute whose decoded text is `text`. */
static const scc_expr *literal_of(const ent_info *ei, const char *text) {
  for (const scc_attr *a = ei->decl->attrs; a; a = a->next)
    for (const scc_arg *g = a->args; g; g = g->next)
      if (g->value && g->value->kind == SCC_EXPR_STRING && g->value->text == text) return g->value;
  return NULL;
}

static void check_entity(checker *c, sqlite3 *db, const ent_info *ei) {
  const scc_entity *e = ei->e;
  if (e->nfields == 0) return;
  scc_buf sql = {0};
  /* CHECK: prepared as part of the entity's CREATE TABLE. */
  for (uint32_t k = 0; k < e->nchecks; k++) {
    const scc_expr *lit = literal_of(ei, e->checks[k].sql);
    if (!lit || !scan(c, "@@check", lit->loc, lit->text)) continue;
    sql.len = 0;
    scc_buf_puts(&sql, "CREATE TABLE ");
    ident(&sql, e->table);
    scc_buf_puts(&sql, " (");
    column_list(&sql, e);
    scc_buf_puts(&sql, ", CHECK (");
    size_t at = sql.len;
    scc_buf_puts(&sql, lit->text);
    scc_buf_puts(&sql, "))");
    prepare(c, db, "@@check", lit->loc, lit->text, &sql, at);
  }
  /* Expression keys and WHERE: prepared as an index on the table. */
  bool made = false;
  for (uint32_t k = 0; k < e->nindexes; k++) {
    const scc_index *ix = &e->indexes[k];
    bool exprs = false;
    for (uint32_t i = 0; i < ix->ncols; i++) exprs = exprs || ix->cols[i].expr;
    if ((!ix->where && !exprs) || ix->ncols == 0) continue;
    const char *what = ix->kind == SCC_IDX_UNIQUE ? "@@unique where:" : "@@index where:";
    const scc_expr *lit = ix->where ? literal_of(ei, ix->where) : NULL;
    if (ix->where && (!lit || !scan(c, what, lit->loc, lit->text))) continue;
    if (!made) {
      sql.len = 0;
      scc_buf_puts(&sql, "CREATE TABLE ");
      ident(&sql, e->table);
      scc_buf_puts(&sql, " (");
      column_list(&sql, e);
      scc_buf_puts(&sql, ")");
      if (sqlite3_exec(db, sql.data, NULL, NULL, NULL) != SQLITE_OK) break; /* a name clash, reported elsewhere */
      made = true;
    }
    if (exprs && !prepare_keys(c, db, e, ix, &sql)) continue;
    if (!ix->where) continue;
    sql.len = 0;
    scc_buf_puts(&sql, "CREATE INDEX \"scc_probe\" ON ");
    ident(&sql, e->table);
    scc_buf_puts(&sql, " (");
    if (ix->cols[0].field) ident(&sql, ix->cols[0].field->column);
    else scc_buf_puts(&sql, ix->cols[0].expr);
    scc_buf_puts(&sql, ") WHERE ");
    size_t at = sql.len;
    scc_buf_puts(&sql, lit->text);
    prepare(c, db, what, lit->loc, lit->text, &sql, at);
  }
  if (made) {
    sql.len = 0;
    scc_buf_puts(&sql, "DROP TABLE ");
    ident(&sql, e->table);
    sqlite3_exec(db, sql.data, NULL, NULL, NULL);
  }
  scc_buf_free(&sql);
}

void ck_sql_exprs(checker *c) {
  bool any = false;
  for (uint32_t i = 0; i < c->nents && !any; i++) {
    const scc_entity *e = c->ents[i].e;
    any = e->nchecks > 0;
    for (uint32_t k = 0; k < e->nindexes && !any; k++) {
      any = e->indexes[k].where != NULL;
      for (uint32_t j = 0; j < e->indexes[k].ncols && !any; j++) any = e->indexes[k].cols[j].expr != NULL;
    }
  }
  if (!any) return;
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    sqlite3_close(db);
    scc_error(c->d, (scc_loc){SCC_NO_FILE, 0, 0}, "cannot open an in-memory SQLite database to check SQL expressions");
    c->errors++;
    return;
  }
  /* "name" is an identifier, never a string: SQLite would otherwise take
   * an unknown quoted column for a string, and PostgreSQL would refuse it. */
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
  for (uint32_t i = 0; i < c->nents; i++)
    if (!c->ents[i].decl->broken) check_entity(c, db, &c->ents[i]);
  sqlite3_close(db);
}
