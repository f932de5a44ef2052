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
    uint32_t ours_n = t->q->nparams + t->nscoped; /* :name references, then the tenants */
    if (name && (uint32_t)i <= ours_n && !strcmp(name, ours)) continue;
    if (!name && (uint32_t)i <= ours_n) continue; /* a gap: ?2 without ?1 cannot happen, all are used */
    const char *what = name ? name : "?";
    scc_diag *g = qc_error(c, qc_error_loc(t, -1, what), "query '%s' uses the placeholder '%s'; parameters are "
                           "declared and written :name", t->q->name, what);
    scc_diag_help(g, "declare it, query %s(..., name type), and write :name in the body", t->q->name);
    return false;
  }
  return true;
}

/* @tenant tables on SQLite (docs/queries.md, "Tenancy"). The statement
 * checked is the one that runs, except that each scoping CTE reads the
 * check database's view QTEXT_SCOPE_VIEW<table> (over the whole table)
 * where the run reads main.<table> with the same tenant condition
 * (query_text.h), and that the check database has a TEMP copy of each
 * @tenant table (create_scope_views): the table an INSERT, UPDATE or
 * DELETE names unqualified resolves to it (temp comes first), while a
 * `main.notes` still reads the real one. SQLite's authorizer names, for
 * every column it reads, its database and the innermost view the read
 * comes from:
 *  - through the scope view: the tenant's rows;
 *  - the temp copy: the row being written (its WHERE, SET, RETURNING),
 *    kept to the tenant at run time by the guard triggers
 *    (sc_row_guard_tenant): allowed for a table the statement writes;
 *  - anything else reached the table around the scope (`main.notes`) and
 *    would see every tenant's rows.
 * A write is allowed when the generated code guards its table (the body
 * names it and qtext.writes holds), not as an upsert (PostgreSQL raises
 * for a conflicting row of another tenant, the guard would skip it) nor
 * with REPLACE (its delete of a conflicting row fires no trigger). Reads
 * from triggers do not occur: the schema's DDL has none. */
typedef struct tenant_use {
  qcheck *c;
  /* per entity of the schema (schema order): read outside its scope,
   * read as the written row (the temp copy), written, inserted into,
   * updated */
  bool *escaped, *target, *written, *inserted, *updated;
} tenant_use;

static int tenant_entity(const scc_schema *s, const char *table) {
  for (uint32_t k = 0; k < s->nentities; k++)
    if (s->entities[k]->tenant && !sqlite3_stricmp(s->entities[k]->table, table)) return (int)k;
  return -1;
}

static int note_tenant_use(void *ud, int action, const char *a1, const char *a2, const char *db, const char *view) {
  (void)a2;
  tenant_use *u = ud;
  bool read = action == SQLITE_READ;
  bool write = action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE;
  if (!(read || write) || !a1) return SQLITE_OK;
  int k = tenant_entity(u->c->s, a1);
  if (k < 0) return SQLITE_OK;
  if (write) {
    u->written[k] = true;
    u->inserted[k] |= action == SQLITE_INSERT;
    u->updated[k] |= action == SQLITE_UPDATE;
    return SQLITE_OK;
  }
  size_t n = strlen(QTEXT_SCOPE_VIEW);
  bool scoped = view && !strncmp(view, QTEXT_SCOPE_VIEW, n) && !sqlite3_stricmp(view + n, a1);
  bool target = !view && db && !sqlite3_stricmp(db, "temp");
  if (target) u->target[k] = true;
  else if (!scoped) u->escaped[k] = true;
  return SQLITE_OK;
}

static bool scoped_in(const qtext *t, const scc_entity *e) {
  for (uint32_t k = 0; k < t->nscoped; k++)
    if (t->scoped[k] == e) return true;
  return false;
}

/* A write of e's table the guard does not keep to the tenant. */
static void report_tenant_write(qcheck *c, const qtext *t, const tenant_use *u, uint32_t k) {
  const scc_entity *e = c->s->entities[k];
  scc_loc at;
  bool found;
  const char *why, *help;
  if (u->inserted[k] && u->updated[k]) {
    found = qtext_find_written(t, e->table, &at);
    why = "as an upsert (ON CONFLICT DO UPDATE): PostgreSQL refuses a conflicting row of another tenant, which "
          "SQLite's guard would skip";
    help = "write the INSERT and the UPDATE as two queries, or use the generated upsert";
  } else if ((found = qtext_find_replace(t, &at))) {
    why = "with REPLACE: on SQLite it deletes a conflicting row of any tenant";
    help = "write an INSERT or an UPDATE; a conflict is then an error (SC_UNIQUE_VIOLATION)";
  } else if (!t->writes || !scoped_in(t, e)) {
    found = qtext_find_written(t, e->table, &at);
    why = "in a way the generated code cannot tell";
    help = "write the statement's INSERT, UPDATE or DELETE as a keyword";
  } else {
    return;
  }
  if (!found) at = qc_error_loc(t, -1, NULL);
  scc_diag *g = qc_error(c, at,
                         "query '%s' writes table '%s', which is scoped to a tenant (@tenant on %s.%s), %s",
                         t->q->name, e->table, e->name, e->tenant->name, why);
  scc_diag_help(g, "%s (docs/queries.md, Tenancy)", help);
}

static void report_tenant_use(qcheck *c, const qtext *t, const tenant_use *u) {
  for (uint32_t k = 0; k < c->s->nentities; k++) {
    const scc_entity *e = c->s->entities[k];
    if (!e->tenant) continue;
    scc_loc at;
    unsigned before = c->errors;
    /* The check's own view, named in the body, would pass here and fail
     * at run time (it exists in the check database only). */
    const char *view = scc_printf(c->a, "%s%s", QTEXT_SCOPE_VIEW, e->table);
    if (qtext_find_from(t, qtext_body_start(t), view, &at)) {
      scc_diag *g = qc_error(c, at, "query '%s' names '%s', which schemac keeps for checking the tenant scope of "
                             "table '%s'", t->q->name, view, e->table);
      scc_diag_help(g, "write %s: on SQLite the generated code keeps it to the transaction's tenant", e->table);
      continue;
    }
    if (u->written[k]) report_tenant_write(c, t, u, k);
    /* (the temp copy read by a statement that does not write the table:
     * `temp.notes`, which does not exist at run time) */
    if (c->errors == before && (u->escaped[k] || (u->target[k] && !u->written[k]))) {
      if (!qtext_find_qualified(t, e->table, &at)) at = qc_error_loc(t, -1, NULL);
      scc_diag *g = qc_error(c, at,
                             "query '%s' reads table '%s' around its tenant scope (@tenant on %s.%s); on SQLite only "
                             "the unqualified name '%s' is kept to the transaction's tenant",
                             t->q->name, e->table, e->name, e->tenant->name, e->table);
      scc_diag_help(g, "write %s, not main.%s: the generated code scopes the name %s to the transaction's tenant "
                    "(docs/queries.md, Tenancy)", e->table, e->table, e->table);
    }
  }
}

/* A CTE of the body's own named like a @tenant table it scopes. */
static void scoped_cte_help(scc_diag *g, const qtext *t, const char *msg) {
  static const char dup[] = "duplicate WITH table name: ";
  if (strncmp(msg, dup, sizeof dup - 1)) return;
  for (uint32_t k = 0; k < t->nscoped; k++)
    if (!sqlite3_stricmp(t->scoped[k]->table, msg + sizeof dup - 1))
      scc_diag_help(g, "on SQLite the name %s is the table kept to the transaction's tenant (docs/queries.md, "
                    "Tenancy); name the CTE otherwise", t->scoped[k]->table);
}

static void check_query(qcheck *c, sqlite3 *db, const scc_query *q, uint32_t index) {
  unsigned before = c->errors;
  qtext t;
  qtext_make_scoped(&t, q, SC_DIALECT_SQLITE, c->s, true);
  sqlite3_stmt *st = NULL;
  const char *tail = NULL;
  size_t flags = (c->s->nentities + 1) * sizeof(bool);
  tenant_use used = {c, scc_alloc(c->a, flags), scc_alloc(c->a, flags), scc_alloc(c->a, flags),
                     scc_alloc(c->a, flags), scc_alloc(c->a, flags)};
  memset(used.escaped, 0, flags);
  memset(used.target, 0, flags);
  memset(used.written, 0, flags);
  memset(used.inserted, 0, flags);
  memset(used.updated, 0, flags);
  sqlite3_set_authorizer(db, note_tenant_use, &used);
  int rc = sqlite3_prepare_v2(db, t.sql.data, (int)t.sql.len, &st, &tail);
  sqlite3_set_authorizer(db, NULL, NULL);
  if (rc != SQLITE_OK) {
    const char *msg = sqlite3_errmsg(db);
    bool table = false;
    const char *word = unknown_name(c, msg, &table);
    scc_diag *g = qc_error(c, qc_error_loc(&t, sqlite3_error_offset(db), word), "query '%s': %s (SQLite)", q->name, msg);
    if (word) qc_suggest(c, g, word, table);
    scoped_cte_help(g, &t, msg);
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
  report_tenant_use(c, &t, &used);
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
  sqlite3_finalize(st);
  qtext_free(&t);
  if (c->errors != before) c->failed[index] = true;
}

/* The TEMP copy of a @tenant table (see above): its CREATE TABLE from the
 * schema (normalized by SQLite to start "CREATE TABLE "), made TEMP, so
 * that the written table's columns have their declared types. */
static int copy_table(void *ud, int n, char **vals, char **names) {
  (void)names;
  static const char create[] = "CREATE TABLE ";
  if (n == 1 && vals[0] && !strncmp(vals[0], create, sizeof create - 1))
    scc_buf_printf(ud, "CREATE TEMP TABLE %s;\n", vals[0] + sizeof create - 1);
  return 0;
}

/* The views the scoping CTEs of the checked statements read and the
 * tables they write (see above). */
static bool create_scope_views(qcheck *c, sqlite3 *db) {
  scc_buf sql = {0}, name = {0}, get = {0};
  for (uint32_t k = 0; k < c->s->nentities; k++) {
    const scc_entity *e = c->s->entities[k];
    if (!e->tenant) continue;
    get.len = 0;
    scc_buf_puts(&get, "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = '");
    for (const char *p = e->table; *p; p++) scc_buf_printf(&get, *p == '\'' ? "''" : "%c", *p);
    scc_buf_puts(&get, "'");
    sqlite3_exec(db, get.data, copy_table, &sql, NULL);
    name.len = 0;
    scc_buf_printf(&name, "%s%s", QTEXT_SCOPE_VIEW, e->table);
    scc_buf_puts(&sql, "CREATE TEMP VIEW ");
    scc_dialect_ident(&sql, name.data);
    scc_buf_puts(&sql, " AS SELECT * FROM main.");
    scc_dialect_ident(&sql, e->table);
    scc_buf_puts(&sql, ";\n");
  }
  char *err = NULL;
  bool ok = sqlite3_exec(db, sql.data ? sql.data : "", NULL, NULL, &err) == SQLITE_OK;
  if (!ok) qc_error(c, (scc_loc){SCC_NO_FILE, 0, 0}, "cannot create the tenant scope views of the query check: %s",
                    err ? err : "unknown error");
  sqlite3_free(err);
  scc_buf_free(&sql);
  scc_buf_free(&name);
  scc_buf_free(&get);
  return ok;
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
  } else if (create_scope_views(c, db)) {
    for (uint32_t i = 0; i < c->s->nqueries; i++) check_query(c, db, c->s->queries[i], i);
  }
  sqlite3_free(err);
  scc_buf_free(&ddl);
  sqlite3_close(db);
}
