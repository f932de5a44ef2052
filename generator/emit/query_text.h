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
} qtext;

void qtext_make(qtext *t, const scc_query *q, sc_dialect d);
void qtext_free(qtext *t);
/* The .schema location of `len` bytes at byte `off` of the rewritten text
 * (a placeholder maps to its :name). */
scc_loc qtext_loc(const qtext *t, size_t off, size_t len);
/* The source location of the first occurrence of `word` (case-insensitive,
 * as a whole word) in copied text at or after byte `from` of the rewritten
 * text; false when there is none. */
bool qtext_find_from(const qtext *t, size_t from, const char *word, scc_loc *out);
/* The location of byte `off`, underlining the SQL word there. */
scc_loc qtext_word_loc(const qtext *t, size_t off);

#endif
