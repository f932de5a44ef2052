/* A query body rewritten for one dialect (query_text.c): the one rewriter
 * of `:name` references, used by the checks in generator/query/ (which map
 * errors back to the .schema file through it) and by the C emitter (the
 * SQL constants of a query's generated function). */
#ifndef SCC_QUERY_TEXT_H
#define SCC_QUERY_TEXT_H
#include "base/buf.h"
#include "dialect/dialect.h"
#include "model/model.h"

/* A piece of the rewritten SQL: copied from the body, or the placeholder
 * of a :name reference (ref >= 0). */
typedef struct qseg {
  uint32_t rw_off, len; /* in the rewritten text */
  uint32_t src_off;     /* copied text: offset in the body */
  int ref;              /* placeholder: index into body->refs, else -1 */
} qseg;

/* A body rewritten for one dialect: :name -> ?N (SQLite) or $N
 * (PostgreSQL), N the parameter's position; a list parameter -> a
 * subquery over its elements, so that `x IN :ids` works on both. */
typedef struct qtext {
  const scc_query *q;
  const scc_query_body *body;
  sc_dialect dialect;
  scc_buf sql;
  qseg *segs;
  uint32_t nsegs;
  /* SQLite, a body over @tenant tables: the tables scoped by the WITH put
   * in front of it (see qtext_make_scoped), in schema order; scoped[k]'s
   * tenant is parameter ?(q->nparams + 1 + k). */
  const scc_entity **scoped;
  uint32_t nscoped;
  uint32_t body_start; /* bytes of that WITH */
  /* SQLite, scoped: the body may write (it holds INSERT, UPDATE, DELETE
   * or REPLACE INTO as a keyword, outside strings and comments); the
   * generated code then guards each scoped table around the statement
   * (sc_row_guard_tenant), and the check proves that every @tenant table
   * the statement writes is one of them. */
  bool writes;
} qtext;

void qtext_make(qtext *t, const scc_query *q, sc_dialect d);

/* SQLite has no row-level security, so a body over @tenant tables is kept
 * to the transaction's tenant by a WITH in front of it (docs/queries.md,
 * "Tenancy"): each @tenant table of schema `s` the body names becomes a
 * common table expression of the same name,
 *   WITH "notes" AS NOT MATERIALIZED
 *     (SELECT * FROM main."notes" WHERE "tenant_id" = ?K) <body>
 * so that every unqualified use of the name reads the scoped rows (a body
 * that starts with its own WITH gets them as its first CTEs). ?K is bound
 * from the transaction by the generated code (sc_row_bind_tenant), never
 * by the caller. `check` reads QTEXT_SCOPE_VIEW<table> (a view over the
 * table in the check database) instead of main."notes": the SQLite check
 * proves through the authorizer that every read of a @tenant table comes
 * from that view (query_sqlite.c). Any other dialect: qtext_make. */
#define QTEXT_SCOPE_VIEW "sc_tenant_scope_"
void qtext_make_scoped(qtext *t, const scc_query *q, sc_dialect d, const scc_schema *s, bool check);
void qtext_free(qtext *t);
/* The .schema location of `len` bytes at byte `off` of the rewritten text
 * (a placeholder maps to its :name). */
scc_loc qtext_loc(const qtext *t, size_t off, size_t len);
/* The source location of the first occurrence of `word` (case-insensitive,
 * as a whole word) in copied text at or after byte `from` of the rewritten
 * text; false when there is none. */
bool qtext_find_from(const qtext *t, size_t from, const char *word, scc_loc *out);
/* The same, for `word` qualified (`main.word`, `x."word"`), else its first
 * occurrence. */
bool qtext_find_qualified(const qtext *t, const char *word, scc_loc *out);
/* The same, for `word` as the table a statement writes (after UPDATE,
 * INTO, DELETE FROM), else its first occurrence. */
bool qtext_find_written(const qtext *t, const char *word, scc_loc *out);
/* The first REPLACE of the body used as a conflict clause (`OR REPLACE`,
 * `REPLACE INTO`, in strings and comments too); false when none. */
bool qtext_find_replace(const qtext *t, scc_loc *out);
/* The byte of the rewritten text where the body itself starts (after the
 * scoping WITH, if any). */
size_t qtext_body_start(const qtext *t);
/* The location of byte `off`, underlining the SQL word there. */
scc_loc qtext_word_loc(const qtext *t, size_t off);

#endif
