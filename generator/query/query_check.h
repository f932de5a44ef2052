/* Typed queries checked against the schema's own DDL (docs/queries.md).
 *
 * Every body is prepared, never run: in an in-memory SQLite database
 * holding the SQLite DDL (always), and on PostgreSQL inside a transaction
 * that creates a throwaway schema, runs the PostgreSQL DDL there and is
 * rolled back (when a URL is given). Checked: the SQL itself, the
 * parameters it uses, and the columns it returns against the declared
 * result. Errors are diagnostics in the .schema file. */
#ifndef SCC_QUERY_CHECK_H
#define SCC_QUERY_CHECK_H
#include "base/arena.h"
#include "base/diag.h"
#include "model/model.h"

typedef struct scc_query_check_options {
  const char *pg_url; /* --check-db / SCHEMAC_CHECK_DB, or NULL: SQLite only */
} scc_query_check_options;

typedef enum {
  SCC_QCHECK_OK,
  SCC_QCHECK_ERRORS, /* diagnostics in the schema (reported to d) */
  SCC_QCHECK_DB,     /* the check database could not be used (reported to d) */
} scc_query_check_status;

scc_query_check_status scc_query_check(const scc_schema *s, scc_arena *a, scc_diags *d,
                                       const scc_query_check_options *opt);
#endif
