/* Reading the text of a CREATE TABLE statement (SQLite keeps it verbatim
 * in sqlite_schema): its items (columns and table constraints), each with
 * the `--` comment lines just above it, and the constraints inside them.
 * The catalog pragmas give types, keys and references; the text gives what
 * they do not: constraint names, CHECK bodies, column doc comments. */
#ifndef SCC_PULL_SQL_TEXT_H
#define SCC_PULL_SQL_TEXT_H
#include <stdbool.h>
#include <stdint.h>

#include "pull/pull.h"

typedef struct scc_sql_check {
  const char *name; /* CONSTRAINT name, or NULL */
  const char *body; /* the text between CHECK's parentheses */
} scc_sql_check;

typedef struct scc_sql_item {
  const char *column;   /* a column definition's name; NULL for a table constraint */
  const char *doc;      /* `--` lines above it, joined with '\n'; NULL if none */
  const char *name;     /* table constraint: its CONSTRAINT name, or NULL */
  const char *kind;     /* table constraint: "PRIMARY", "UNIQUE", "CHECK", "FOREIGN" */
  const char *first_col;/* table constraint: the first column it lists */
  scc_sql_check *checks;/* CHECKs of this item */
  uint32_t nchecks;
  bool autoincrement, collate;
} scc_sql_item;

typedef struct scc_sql_table {
  scc_sql_item *items;
  uint32_t nitems;
  const char *options; /* text after the closing ')': WITHOUT ROWID, STRICT */
} scc_sql_table;

/* false when the text is not a CREATE TABLE with a column list. */
bool scc_sql_parse_table(scc_pulled *p, const char *sql, scc_sql_table *out);
/* The text after the top-level WHERE of a CREATE INDEX, or NULL. */
const char *scc_sql_index_where(scc_pulled *p, const char *sql);
/* The keys of a CREATE INDEX as written (`lower("email")`, `"org_id"`),
 * without ASC / DESC; false when the text has no key list. */
bool scc_sql_index_keys(scc_pulled *p, const char *sql, const char ***keys, uint32_t *n);
#endif
