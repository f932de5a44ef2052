/* Migration planning: a diff (diff.h) becomes the SQL of one migration for
 * one dialect. PostgreSQL uses ALTER TABLE throughout; SQLite uses ALTER
 * TABLE where it can and otherwise rebuilds the table (create new, copy,
 * drop, rename, recreate indexes) with foreign keys off, which the runner
 * arranges when it sees the directive line SCC_FK_OFF_DIRECTIVE. */
#ifndef SCC_PLAN_H
#define SCC_PLAN_H
#include <stdbool.h>

#include "migrate/diff.h"

#define SCC_FK_OFF_DIRECTIVE "-- schemac:foreign_keys=off"

typedef struct scc_plan {
  scc_buf sql;       /* the statements, each ending with ";\n" */
  char **warnings;   /* locks, rewrites, ... (one line each) */
  uint32_t nwarnings;
  bool fk_off;       /* SQLite: run with foreign keys off (rebuild or drop) */
  /* Which change record each statement applies: applied[i] counts the
   * statements of diff record i (a table rebuild applies every record of
   * its table); unattributed counts statements no record asked for (a
   * planner bug: tests require 0). */
  uint32_t *applied;
  uint32_t napplied, unattributed;
  /* The diff it was built from (not owned): scc_plan_file lists its
   * records at the top of the file. */
  const scc_diff *diff;
} scc_plan;

void scc_plan_build(const scc_diff *d, sc_dialect dialect, scc_plan *out);
void scc_plan_free(scc_plan *p);

/* A whole migration file: header comment, directive, warnings, SQL.
 * `title` is e.g. "0002_add_phone (up)". Caller frees out. */
void scc_plan_file(const scc_plan *p, const char *title, sc_dialect dialect, scc_buf *out);
#endif
