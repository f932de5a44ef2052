/* Shared by the migration planner's files: plan.c (the steps common to
 * both dialects and their order), plan_pg.c (PostgreSQL column changes,
 * comments, row-level security), plan_sqlite.c (ALTER TABLE or rebuild).
 * Not part of the compiler's API. */
#ifndef SCC_PLAN_INTERNAL_H
#define SCC_PLAN_INTERNAL_H
#include "migrate/migrate_ddl.h"
#include "migrate/plan.h"

/* One table of the diff: its old and new DDL taken apart. */
typedef struct tstate {
  const scc_table_pair *tp;
  scc_table_ddl o, n;   /* old and new DDL (when the table exists there) */
  scc_ddl_item *om;     /* old constraints with renamed identifiers */
  char **oidx;          /* old index texts, renamed */
  char **ocol;          /* old column definitions, renamed */
  bool rebuild;         /* SQLite: rebuilt */
  bool pg;              /* indexes can be renamed (not on SQLite) */
} tstate;

typedef struct planner {
  const scc_diff *d;
  sc_dialect dialect;
  bool pg;
  tstate *ts;
  scc_plan *out;
} planner;

void scc_plan_warn(planner *p, const char *f, ...) __attribute__((format(printf, 2, 3)));
scc_buf *scc_plan_buf(planner *p);
/* "ALTER TABLE "t" " */
void scc_plan_alter(planner *p, const char *table);
/* ";\n" */
void scc_plan_end(planner *p);
/* Column definitions: the old one with renames applied, the new one. */
const char *scc_plan_old_coldef(const tstate *t, const scc_mfield *of);
const char *scc_plan_new_coldef(const tstate *t, const scc_mfield *nf);

/* Steps shared by both dialects (plan.c). */
void scc_plan_renames(planner *p);
void scc_plan_drop_columns(planner *p);
void scc_plan_columns(planner *p);

/* SQLite (plan_sqlite.c). */
const scc_ddl_item *scc_plan_inline_check(const tstate *t, const scc_mfield *added);
bool scc_plan_sqlite_needs_rebuild(const tstate *t);
void scc_plan_sqlite_alters(planner *p);
void scc_plan_sqlite_rebuilds(planner *p);

/* PostgreSQL (plan_pg.c). */
void scc_plan_pg_alter_column(planner *p, tstate *t, const scc_mfield *of, const scc_mfield *nf);
void scc_plan_pg_comments(planner *p);
void scc_plan_pg_tenant(planner *p);
#endif
