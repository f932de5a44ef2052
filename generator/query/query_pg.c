/* Every query prepared on PostgreSQL (--check-db URL): in one transaction
 * that creates a throwaway schema, runs the schema's PostgreSQL DDL there
 * and is rolled back at the end, so nothing is left behind. Each body is
 * PQprepare'd and described inside a savepoint: parameter and result types
 * exactly as the server infers them. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "emit/emit_sql.h"
#include "query/query_internal.h"

typedef struct pgcheck {
  qcheck *c;
  PGconn *conn;
  scc_buf b;
} pgcheck;

static bool run(pgcheck *p, const char *sql, scc_buf *err) {
  PGresult *r = PQexec(p->conn, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok && err) scc_buf_puts(err, PQresultErrorMessage(r));
  PQclear(r);
  return ok;
}

/* One text value of `sql` with one text parameter; NULL on error. */
static const char *value1(pgcheck *p, const char *sql, const char *arg) {
  PGresult *r = PQexecParams(p->conn, sql, 1, NULL, &arg, NULL, NULL, 0);
  const char *v = NULL;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
    v = scc_strdup(p->c->a, PQgetvalue(r, 0, 0));
  PQclear(r);
  return v;
}

/* The server's name of a type OID (format_type). */
static const char *oid_name(pgcheck *p, Oid oid) {
  char buf[32];
  snprintf(buf, sizeof buf, "%u", (unsigned)oid);
  const char *v = value1(p, "SELECT format_type($1::oid, NULL)", buf);
  return v ? v : scc_strdup(p->c->a, buf);
}

/* The server's name of the type the DDL gives a model type ("T[]" for a list). */
static const char *model_type_name(pgcheck *p, const scc_type *t, bool list) {
  p->b.len = 0;
  scc_emit_column_type(&p->b, t, SC_DIALECT_POSTGRES);
  if (list) scc_buf_puts(&p->b, "[]");
  const char *v = value1(p, "SELECT format_type($1::regtype, NULL)", p->b.data);
  return v ? v : scc_strdup(p->c->a, p->b.data);
}

/* Types the generated C binds and reads alike compare equal: varchar is
 * text (PostgreSQL infers text for `varchar_column = $1`, and string(n),
 * string and text are all C strings). */
static const char *family(const char *name) {
  if (!strcmp(name, "character varying")) return "text";
  if (!strcmp(name, "character varying[]")) return "text[]";
  return name;
}

static const char *pg_type(void *ud, const scc_type *t) { return family(model_type_name(ud, t, false)); }

/* Byte offset of the 1-based character position `pos` in s. */
static long char_to_byte(const char *s, size_t n, long pos) {
  if (pos <= 0) return -1;
  long chars = 1;
  for (size_t i = 0; i < n; i++) {
    if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
    if (chars++ == pos) return (long)i;
  }
  return (long)n;
}

/* The name a PostgreSQL error is about: column "x" / relation "x". */
static const char *unknown_name(qcheck *c, const char *msg, bool *table) {
  const char *kinds[] = {"column \"", "relation \""};
  for (int i = 0; i < 2; i++) {
    const char *s = strstr(msg, kinds[i]);
    if (!s || !strstr(msg, "does not exist")) continue;
    s += strlen(kinds[i]);
    const char *e = strchr(s, '"');
    if (!e) continue;
    const char *w = scc_strndup(c->a, s, (size_t)(e - s));
    const char *dot = strrchr(w, '.');
    *table = i == 1;
    return dot ? dot + 1 : w;
  }
  return NULL;
}

static void check_params(pgcheck *p, const qtext *t, const PGresult *desc) {
  const scc_query *q = t->q;
  int n = PQnparams(desc);
  if ((uint32_t)n != q->nparams) {
    scc_diag *g = qc_error(p->c, qc_error_loc(t, -1, "$"), "query '%s' has %d parameters on PostgreSQL, %u declared",
                           q->name, n, q->nparams);
    scc_diag_help(g, "parameters are declared and written :name; a '$1' in the body is a parameter too");
    return;
  }
  for (uint32_t i = 0; i < q->nparams; i++) {
    const scc_query_param *m = &q->params[i];
    const char *got = oid_name(p, PQparamtype(desc, (int)i));
    const char *want = model_type_name(p, &m->type, m->list);
    if (!strcmp(family(got), family(want))) continue;
    char dsl[128];
    scc_diag *g = qc_error(p->c, m->loc, "parameter '%s' of query '%s' is declared %s%s but PostgreSQL reads it as %s",
                           m->name, q->name, scc_type_dsl(&m->type, dsl, sizeof dsl), m->list ? "[]" : "", got);
    scc_diag_help(g, "declare the type of the column it is compared with, or cast it in the body (:%s::%s)", m->name,
                  want);
  }
}

static void check_query(pgcheck *p, const scc_query *q) {
  qtext t;
  qtext_make(&t, q, SC_DIALECT_POSTGRES);
  run(p, "SAVEPOINT scc_query", NULL);
  PGresult *r = PQprepare(p->conn, "", t.sql.data, 0, NULL);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
    if (!msg) msg = PQresultErrorMessage(r);
    long off = pos ? char_to_byte(t.sql.data, t.sql.len, atol(pos)) : -1;
    bool table = false;
    const char *word = unknown_name(p->c, msg, &table);
    scc_diag *g = qc_error(p->c, qc_error_loc(&t, off, word), "query '%s': %s (PostgreSQL)", q->name, msg);
    if (word) qc_suggest(p->c, g, word, table);
    PQclear(r);
    run(p, "ROLLBACK TO SAVEPOINT scc_query", NULL);
    qtext_free(&t);
    return;
  }
  PQclear(r);
  PGresult *desc = PQdescribePrepared(p->conn, "");
  if (PQresultStatus(desc) == PGRES_COMMAND_OK) {
    unsigned before = p->c->errors;
    check_params(p, &t, desc);
    if (p->c->errors == before) {
      qshape sh = {0};
      sh.ncols = (uint32_t)PQnfields(desc);
      sh.names = scc_alloc(p->c->a, (sh.ncols + 1) * sizeof *sh.names);
      sh.types = scc_alloc(p->c->a, (sh.ncols + 1) * sizeof *sh.types);
      for (uint32_t i = 0; i < sh.ncols; i++) {
        sh.names[i] = scc_strdup(p->c->a, PQfname(desc, (int)i));
        sh.types[i] = family(oid_name(p, PQftype(desc, (int)i)));
      }
      qc_check_result(p->c, &t, &sh, "PostgreSQL", pg_type, p);
    }
  }
  PQclear(desc);
  run(p, "DEALLOCATE ALL", NULL);
  run(p, "RELEASE SAVEPOINT scc_query", NULL);
  qtext_free(&t);
}

scc_query_check_status qc_postgres(qcheck *c, const char *url) {
  scc_loc none = {SCC_NO_FILE, 0, 0};
  pgcheck p = {c, PQconnectdb(url), {0}};
  if (PQstatus(p.conn) != CONNECTION_OK) {
    /* The message, not the URL: it may hold a password. */
    scc_error(c->d, none, "cannot connect to the query-check database (--check-db): %s", PQerrorMessage(p.conn));
    PQfinish(p.conn);
    return SCC_QCHECK_DB;
  }
  scc_query_check_status st = SCC_QCHECK_OK;
  scc_buf err = {0}, sql = {0};
  /* A name no real schema has; the transaction is rolled back anyway. */
  scc_buf_printf(&sql, "BEGIN; SET LOCAL client_min_messages = warning; CREATE SCHEMA \"schemac_check_%ld_%ld\"; "
                       "SET LOCAL search_path TO \"schemac_check_%ld_%ld\";",
                 (long)getpid(), (long)time(NULL), (long)getpid(), (long)time(NULL));
  if (!run(&p, sql.data, &err)) {
    scc_error(c->d, none, "cannot create a throwaway schema in the query-check database: %s", err.data);
    st = SCC_QCHECK_DB;
  } else {
    sql.len = 0;
    scc_emit_sql(c->s, SC_DIALECT_POSTGRES, &sql);
    if (!run(&p, sql.data, &err)) {
      qc_error(c, none, "the schema's PostgreSQL DDL does not run on the query-check database: %s", err.data);
    } else {
      for (uint32_t i = 0; i < c->s->nqueries; i++) {
        const scc_query *q = c->s->queries[i];
        if (!(c->failed[i] && !q->split)) check_query(&p, q);
      }
    }
  }
  run(&p, "ROLLBACK", NULL);
  scc_buf_free(&err);
  scc_buf_free(&sql);
  scc_buf_free(&p.b);
  PQfinish(p.conn);
  return st;
}
