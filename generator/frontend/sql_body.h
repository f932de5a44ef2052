/* The lexical shape of a query body: where it ends and where its `:name`
 * parameters are. SQL text is otherwise not read: strings '...' (E'...'
 * with backslash escapes), quoted names "...", dollar-quoted strings
 * $tag$...$tag$, comments (-- and nested block comments, as PostgreSQL
 * reads them), `::` casts and `$1` are passed through, and braces inside
 * them do not count. */
#ifndef SCC_SQL_BODY_H
#define SCC_SQL_BODY_H
#include <stddef.h>

/* Called for each `:name` with the ':' and the name's length. */
typedef void (*scc_sql_ref_fn)(void *ud, const char *at, size_t n);

/* Scans from p (just past the body's '{', in NUL-terminated text) to the
 * '}' that closes it; returns that '}', or NULL when the text ends first.
 * `ref` may be NULL. */
const char *scc_sql_body_end(const char *p, scc_sql_ref_fn ref, void *ud);
#endif
