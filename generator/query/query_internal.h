/* Shared parts of the query checks (query_*.c). */
#ifndef SCC_QUERY_INTERNAL_H
#define SCC_QUERY_INTERNAL_H
#include "base/buf.h"
#include "dialect/dialect.h"
#include "query/query_check.h"
#include "emit/query_text.h"

typedef struct qcheck {
  const scc_schema *s;
  scc_arena *a;
  scc_diags *d;
  unsigned errors;
  /* Per query (schema order): failed on SQLite. A shared body that did is
   * not prepared again on PostgreSQL: one error per mistake. */
  bool *failed;
} qcheck;

scc_diag *qc_error(qcheck *c, scc_loc at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "did you mean" over the schema's table (tables) or column names for the
 * unknown name `word`; adds the help when one is close. */
void qc_suggest(qcheck *c, scc_diag *g, const char *word, bool tables);
/* Where a statement error points: byte `off` of the rewritten text when
 * known (>= 0), else the unknown name quoted in the message, else the
 * body's first word. */
scc_loc qc_error_loc(const qtext *t, long off, const char *word);

/* What a prepared statement returns, as the dialect describes it. */
typedef struct qshape {
  uint32_t ncols;
  const char **names;
  const char **types;    /* the dialect's type name, or NULL when unknown */
} qshape;

/* Compares the statement's columns with the declared result; `expect`
 * gives the dialect's name of a model type (PostgreSQL: format_type;
 * SQLite: the DDL type). */
typedef const char *(*qtype_name_fn)(void *ud, const scc_type *t);
void qc_check_result(qcheck *c, const qtext *t, const qshape *sh, const char *dialect_label, qtype_name_fn name,
                     void *ud);

/* query_sqlite.c, query_pg.c */
void qc_sqlite(qcheck *c);
scc_query_check_status qc_postgres(qcheck *c, const char *url);
#endif
