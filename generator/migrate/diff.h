/* The migration diff: which tables and columns of the old schema (the lock)
 * become which of the new one, and the list of changes as data. Renames are
 * recognised only through @@renamed_from / @renamed_from; anything else that
 * disappears is a drop. One algorithm for both dialects: plan.c turns a diff
 * into SQL per dialect, and the down migration is the plan of the reversed
 * diff (scc_diff_reverse). */
#ifndef SCC_DIFF_H
#define SCC_DIFF_H
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "dialect/dialect.h"
#include "model/model.h"

typedef enum {
  SCC_CH_ADD_TABLE,
  SCC_CH_DROP_TABLE,
  SCC_CH_RENAME_TABLE,
  SCC_CH_ADD_COLUMN,
  SCC_CH_DROP_COLUMN,
  SCC_CH_RENAME_COLUMN,
  SCC_CH_TYPE,
  SCC_CH_NULLABILITY,
  SCC_CH_DEFAULT,
  SCC_CH_PRIMARY_KEY,
  SCC_CH_UNIQUE,
  SCC_CH_INDEX,
  SCC_CH_CHECK,
  SCC_CH_FOREIGN_KEY,
  SCC_CH_ENUM,
  SCC_CH_DOC,
  SCC_CH_TENANT,
} scc_change_kind;

typedef enum { SCC_OP_ADD, SCC_OP_DROP, SCC_OP_RENAME, SCC_OP_CHANGE } scc_change_op;

typedef struct scc_field_pair {
  const scc_mfield *old, *new_; /* one of them NULL for a drop / an add */
} scc_field_pair;

typedef struct scc_table_pair {
  const scc_entity *old, *new_; /* one of them NULL for a drop / an add */
  scc_field_pair *fields;       /* matched tables: every column of both */
  uint32_t nfields;
} scc_table_pair;

/* One change, as data: what it is about (pointers into the diff and the
 * two schemas), its summary line, and whether it is destructive. The
 * planners turn these records into SQL and attribute every statement to
 * the record it applies (scc_plan.applied), so the summary `migrate diff`
 * prints, the --allow-destructive refusal and the SQL are one list. */
typedef struct scc_change {
  scc_change_kind kind;
  scc_change_op op;
  const scc_table_pair *table;  /* NULL for enum changes */
  const scc_field_pair *field;  /* column changes (kinds ADD/DROP/RENAME_COLUMN .. FOREIGN_KEY, DOC) */
  const scc_index *old_index, *new_index;               /* UNIQUE, INDEX */
  const scc_check_constraint *old_check, *new_check;    /* CHECK of the table */
  const scc_enum *old_enum, *new_enum;                  /* ENUM, DOC of an enum */
  char *text;        /* one line for the summary: "add column leads.phone string(32)?" */
  bool destructive;  /* refused without --allow-destructive */
  char *why;         /* explanation when destructive, else NULL */
} scc_change;

typedef struct scc_diff {
  const scc_schema *old, *new_; /* old NULL: the first migration */
  scc_table_pair *tables;
  uint32_t ntables;
  scc_change *changes;
  uint32_t nchanges;
  /* Private: capacities, and the old table name -> table index that makes
   * scc_diff_table_by_old O(1) (planning asks it for every identifier). */
  uint32_t tables_cap, changes_cap;
  struct scc_arena *arena;
  struct scc_strmap *by_old;
} scc_diff;

/* Compares two checked schemas (old may be NULL). Free with scc_diff_free. */
void scc_diff_schemas(const scc_schema *old, const scc_schema *new_, scc_diff *out);
/* The same with tables matched by table name and columns by column name
 * instead of entity and field names (and renames): what the database sees,
 * whatever the schema calls things (a schema pulled from a database against
 * the one that made it: tests/pull). */
void scc_diff_schemas_by_sql(const scc_schema *old, const scc_schema *new_, scc_diff *out);
/* The same correspondence seen from the new schema back to the old one (for
 * the down migration); changes are recomputed in that direction. */
void scc_diff_reverse(const scc_diff *d, scc_diff *out);
void scc_diff_free(scc_diff *d);
bool scc_diff_destructive(const scc_diff *d);

/* Lookups through the correspondence. */
const scc_table_pair *scc_diff_table_by_old(const scc_diff *d, const char *old_table);
const scc_mfield *scc_diff_new_field(const scc_table_pair *t, const scc_mfield *old);
const scc_mfield *scc_diff_old_field(const scc_table_pair *t, const scc_mfield *new_);
/* A user's SQL text of the old table (@@check, where:) with its quoted
 * column names renamed as the diff renames them (string literals left
 * alone); malloc'd. Same: equal after the renames. */
char *scc_diff_rename_sql(const scc_table_pair *tp, const char *sql);
bool scc_diff_same_sql(const scc_table_pair *tp, const char *old_sql, const char *new_sql);
#endif
