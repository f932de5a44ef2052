/* Every query prepared in an in-memory SQLite database holding the
 * schema's SQLite DDL (emit/emit_sql.h). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "emit/emit_sql.h"
#include "query/query_internal.h"

/* The name an SQLite error is about ("no such column: l.nme" -> "nme"),
 * and whether it is a table; NULL when the message names none. */
static const char *unknown_name(qcheck *c, const char *msg, bool *table) {
  static const char *const kinds[] = {"no such column: ", "no such table: "};
  for (int i = 0; i < 2; i++) {
    const char *p = strstr(msg, kinds[i]);
    if (!p) continue;
    p += strlen(kinds[i]);
    const char *dot = strrchr(p, '.');
    if (dot) p = dot + 1;
    *table = i == 1;
    return scc_strdup(c->a, p);
  }
  return NULL;
}

typedef struct sqlite_names {
  qcheck *c;
  scc_buf b;
} sqlite_names;

static const char *sqlite_type(void *ud, const scc_type *t) {
  sqlite_names *n = ud;
  n->b.len = 0;
  scc_emit_column_type(&n->b, t, SC_DIALECT_SQLITE);
  return scc_strdup(n->c->a, n->b.data);
}

/* Parameters the statement has beyond the ?N of the :name references
 * (a `?`, `$1` or `@x` written in the body). */
static bool check_params(qcheck *c, const qtext *t, sqlite3_stmt *st) {
  int n = sqlite3_bind_parameter_count(st);
  for (int i = 1; i <= n; i++) {
    const char *name = sqlite3_bind_parameter_name(st, i);
    char ours[32];
    snprintf(ours, sizeof ours, "?%d", i);
    if (name && (uint32_t)i <= t->q->nparams && !strcmp(name, ours)) continue;
    if (!name && (uint32_t)i <= t->q->nparams) continue; /* a gap: ?2 without ?1 cannot happen, all are used */
    const char *what = name ? name : "?";
    scc_diag *g = qc_error(c, qc_error_loc(t, -1, what), "query '%s' uses the placeholder '%s'; parameters are "
                           "declared and written :name", t->q->name, what);
    scc_diag_help(g, "declare it, query %s(..., name type), and write :name in the body", t->q->name);
    return false;
  }
  return true;
}

/* The tables a statement reads or writes itself (not through a trigger),
 * as SQLite's authorizer reports them while it prepares. */
typedef struct used_tables {
  qcheck *c;
  const char **names; /* malloc'd list; the names are in c's arena */
  size_t n;
} used_tables;

static int note_table(void *ud, int action, const char *a1, const char *a2, const char *db, const char *trigger) {
  (void)a2, (void)db;
  used_tables *u = ud;
  bool table_action = action == SQLITE_READ || action == SQLITE_INSERT || action == SQLITE_UPDATE ||
                      action == SQLITE_DELETE;
  if (!table_action || !a1 || trigger) return SQLITE_OK;
  for (size_t i = 0; i < u->n; i++)
    if (!strcmp(u->names[i], a1)) return SQLITE_OK;
  u->names = scc_xrealloc_array(u->names, u->n + 1, sizeof *u->names);
  u->names[u->n++] = scc_strdup(u->c->a, a1);
  return SQLITE_OK;
}

/* SQLite has no row-level security: generated CRUD code scopes every
 * statement on a @tenant table to the transaction's tenant, but a query's
 * own SQL cannot be scoped for it, and would see (or change) every
 * tenant's rows where PostgreSQL's forced policy shows one tenant's. Until
 * queries can be scoped, their SQLite bodies may not touch such tables. */
static void check_tenant_tables(qcheck *c, const qtext *t, const used_tables *u) {
  for (size_t i = 0; i < u->n; i++)
    for (uint32_t k = 0; k < c->s->nentities; k++) {
      const scc_entity *e = c->s->entities[k];
      if (!e->tenant || sqlite3_stricmp(e->table, u->names[i])) continue;
      scc_diag *g = qc_error(c, qc_error_loc(t, -1, u->names[i]),
                             "query '%s' uses table '%s', which is scoped to a tenant (@tenant on %s.%s); on SQLite "
                             "a query's SQL cannot be kept to the transaction's tenant",
                             t->q->name, e->table, e->name, e->tenant->name);
      scc_diag_help(g, "read and write %s through its generated functions, which are scoped on both "
                    "databases; typed queries over @tenant tables are not possible on SQLite yet (docs/queries.md)",
                    e->name);
    }
}

static void check_query(qcheck *c, sqlite3 *db, const scc_query *q, uint32_t index) {
  unsigned before = c->errors;
  qtext t;
  qtext_make(&t, q, SC_DIALECT_SQLITE);
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  used_tables used = {.c = c};
  sqlite3_set_authorizer(db, note_table, &used);
  int rc = sqlite3_prepare_v2(db, t.sql.data, (int)t.sql.len, &st, &tail);
  sqlite3_set_authorizer(db, NULL, NULL);
  if (rc != SQLITE_OK) {
    const char *msg = sqlite3_errmsg(db);
    bool table = false;
    const char *word = unknown_name(c, msg, &table);
    scc_diag *g = qc_error(c, qc_error_loc(&t, sqlite3_error_offset(db), word), "query '%s': %s (SQLite)", q->name, msg);
    if (word) qc_suggest(c, g, word, table);
    goto out;
  }
  if (!st) {
    scc_diag *g = qc_error(c, qtext_loc(&t, 0, 0), "the body of query '%s' holds no SQL statement", q->name);
    scc_diag_help(g, "write the statement between the braces");
    goto out;
  }
  if (tail && *tail) {
    sqlite3_stmt *more = NULL;
    size_t at = (size_t)(tail - t.sql.data);
    if (sqlite3_prepare_v2(db, tail, -1, &more, NULL) != SQLITE_OK || more) {
      while (at < t.sql.len && strchr(" \t\r\n", t.sql.data[at])) at++;
      scc_diag *g = qc_error(c, qtext_word_loc(&t, at), "the body of query '%s' holds more than one statement", q->name);
      scc_diag_help(g, "a query is one statement; declare another query for the next one");
    }
    sqlite3_finalize(more);
    if (c->errors != before) goto out;
  }
  if (!check_params(c, &t, st)) goto out;
  check_tenant_tables(c, &t, &used);
  if (c->errors != before) goto out;
  qshape sh = {0};
  sh.ncols = (uint32_t)sqlite3_column_count(st);
  sh.names = scc_alloc(c->a, (sh.ncols + 1) * sizeof *sh.names);
  sh.types = scc_alloc(c->a, (sh.ncols + 1) * sizeof *sh.types);
  for (uint32_t i = 0; i < sh.ncols; i++) {
    const char *name = sqlite3_column_name(st, (int)i);
    const char *type = sqlite3_column_decltype(st, (int)i);
    sh.names[i] = scc_strdup(c->a, name ? name : "");
    sh.types[i] = type ? scc_strdup(c->a, type) : NULL; /* an expression: no declared type */
  }
  sqlite_names names = {c, {0}};
  qc_check_result(c, &t, &sh, "SQLite", sqlite_type, &names);
  scc_buf_free(&names.b);
out:
  free(used.names);
  sqlite3_finalize(st);
  qtext_free(&t);
  if (c->errors != before) c->failed[index] = true;
}

void qc_sqlite(qcheck *c) {
  sqlite3 *db = NULL;
  scc_loc none = {SCC_NO_FILE, 0, 0};
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    sqlite3_close(db);
    qc_error(c, none, "cannot open an in-memory SQLite database to check the queries");
    return;
  }
  /* "name" is an identifier, never a string (as on PostgreSQL). */
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
  scc_buf ddl = {0};
  scc_emit_sql(c->s, SC_DIALECT_SQLITE, &ddl);
  char *err = NULL;
  if (sqlite3_exec(db, ddl.data ? ddl.data : "", NULL, NULL, &err) != SQLITE_OK) {
    qc_error(c, none, "the schema's SQLite DDL does not run in SQLite %s: %s", sqlite3_libversion(),
             err ? err : "unknown error");
  } else {
    for (uint32_t i = 0; i < c->s->nqueries; i++) check_query(c, db, c->s->queries[i], i);
  }
  sqlite3_free(err);
  scc_buf_free(&ddl);
  sqlite3_close(db);
}
