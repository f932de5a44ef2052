/* pull/: `schemac pull`, a live database read back into a .schema file.
 *
 *   reader (pull_sqlite.c, pull_pg.c) -> scc_pulled -> writer (pull_write.c)
 *
 * A reader knows its database's catalog and how schemac's own DDL looks on
 * it (dialect/), so it says what each table means in the language: column
 * types, defaults and ranges as the DSL spells them, keys, indexes, checks.
 * What it cannot say in the language goes into `notes` (kept as comments in
 * the output and printed as warnings), never dropped. The writer maps SQL
 * names to the language's names (@@table/@column where they differ) and
 * prints the file, laid out by `schemac fmt`.
 *
 * All memory belongs to the scc_pulled's arena. */
#ifndef SCC_PULL_H
#define SCC_PULL_H
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

/* Tables whose name starts with this are schemac's own bookkeeping
 * (schemac_migrations, schemac_seeds): not part of the schema. */
#define SCC_PULL_OWN_PREFIX "schemac_"

/* What the language cannot say, kept as a comment above the thing it is
 * about (and printed as a warning). */
typedef struct scc_pull_notes {
  const char **v;
  uint32_t n, cap;
} scc_pull_notes;

typedef struct scc_pull_col {
  const char *name;     /* SQL column name */
  const char *type;     /* DSL type: "string(64)", "bigint", or an enum's SQL name (see enum_of) */
  int enum_of;          /* index into scc_pulled.enums, or -1 */
  bool nullable;
  const char *def;      /* the @default argument as the DSL writes it, or NULL */
  const char *check_lo, *check_hi; /* @check(lo..hi), or NULL */
  const char *doc;
  bool soft_delete, tenant;
  scc_pull_notes notes;
  bool array;           /* with enum_of: an array of the enum (Color[]) */
} scc_pull_col;

typedef struct scc_pull_index {
  const char *name;
  bool unique;
  const char **cols;    /* SQL column names */
  bool *desc;
  uint32_t ncols;
  const char *where;    /* partial index predicate, or NULL */
  bool live_only;       /* the soft-delete predicate schemac adds itself */
  /* Expression keys: the key's text as the database prints it (cols[k] is
   * NULL then), else NULL; read back into the language by pull_expr.c. */
  const char **exprs;
  const char *method, *opclass; /* "gin" and a non-default operator class (PostgreSQL), or NULL */
  const char *live_where; /* live_only: the predicate ANDed to the soft-delete one, or NULL */
} scc_pull_index;

typedef struct scc_pull_fk {
  const char *name;
  const char *col;          /* single-column keys only (others are notes) */
  const char *ref_table, *ref_col;
  const char *on_delete, *on_update; /* DSL action names: cascade, set_null, ... */
} scc_pull_fk;

typedef struct scc_pull_check {
  const char *name;
  const char *sql;
} scc_pull_check;

typedef struct scc_pull_table {
  const char *name;
  const char *doc;
  scc_pull_col *cols;
  uint32_t ncols, capcols;
  const char **pk;      /* SQL column names in key order */
  uint32_t npk;
  const char *pk_name;
  scc_pull_index *idx;  /* unique keys and indexes, in catalog order */
  uint32_t nidx, capidx;
  scc_pull_fk *fks;
  uint32_t nfks, capfks;
  scc_pull_check *checks;
  uint32_t nchecks, capchecks;
  scc_pull_notes notes;
} scc_pull_table;

typedef struct scc_pull_enum {
  const char *name;     /* a name for it: the PostgreSQL type's, or made from a column's */
  const char **values;
  uint32_t nvalues;
  const char *doc;
} scc_pull_enum;

typedef struct scc_pulled {
  scc_arena *arena;
  const char *dialect;  /* "postgres" or "sqlite": for the header comment */
  scc_pull_table *tables;
  uint32_t ntables, captables;
  scc_pull_enum *enums;
  uint32_t nenums, capenums;
  scc_pull_notes notes; /* about the database as a whole */
} scc_pulled;

/* Readers. Return true on success; on failure *err holds the database's
 * message. `schema` is the PostgreSQL schema to read (NULL: public). */
bool scc_pull_sqlite(const char *path, scc_pulled *out, scc_buf *err);
bool scc_pull_pg(const char *conninfo, const char *schema, scc_pulled *out, scc_buf *err);
void scc_pulled_free(scc_pulled *p);

/* The .schema text for a pulled database, formatted as `schemac fmt`
 * would. Every note becomes a comment in the text and one line
 * "table.column: note" appended to warnings. `schema_name` names the
 * schema (`schema NAME`), NULL for none. */
void scc_pull_write(const scc_pulled *p, const char *schema_name, scc_buf *out, scc_buf *warnings);

/* ---- for the readers (pull_model.c) ---- */
/* Arrays (pull_model.c): may a DSL type be an array's element; the column
 * and values of `col <@ ARRAY['a', 'b']` (an enum array's CHECK). */
bool scc_pull_array_elem_ok(const char *dsl);
bool scc_pull_parse_array_in(scc_pulled *p, const char *sql, const char **col, const char ***values, uint32_t *n);
void scc_pull_init(scc_pulled *p, const char *dialect);
scc_pull_table *scc_pull_add_table(scc_pulled *p, const char *name);
scc_pull_col *scc_pull_add_col(scc_pulled *p, scc_pull_table *t, const char *name);
scc_pull_index *scc_pull_add_index(scc_pulled *p, scc_pull_table *t, const char *name, uint32_t ncols);
scc_pull_fk *scc_pull_add_fk(scc_pulled *p, scc_pull_table *t);
void scc_pull_add_check(scc_pulled *p, scc_pull_table *t, const char *name, const char *sql);
/* An enum for these values: an existing one with the same values, else a
 * new one named `name` (made unique). Returns its index. */
int scc_pull_enum_for(scc_pulled *p, const char *name, const char **values, uint32_t n);
/* Names (pull_names.c): letters, digits and '_' only (a leading digit gets
 * digit_prefix); an entity's name for a table (order_items -> OrderItem,
 * the singular whose plural is the table, as language.md section 11
 * plurals); PascalCase of a name (sales_channel -> SalesChannel). */
char *scc_pull_sanitize(scc_arena *a, const char *s, const char *digit_prefix);
const char *scc_pull_entity_name(scc_arena *a, const char *table);
const char *scc_pull_pascal(scc_arena *a, const char *name);

/* Every value is a name the language can write as an enum value. */
bool scc_pull_names_ok(const char *const *values, uint32_t n);
/* The enum of a column's CHECK list, named after the column (status ->
 * Status), or after table and column when another enum has that name
 * (agent_tasks.status -> AgentTaskStatus); -1 when a value is not a name. */
int scc_pull_column_enum(scc_pulled *p, const char *table, const char *column, const char **values, uint32_t n);
/* Adds the table check `"column" IN ('v1', ...)` (for values an enum
 * cannot hold) and returns its text. */
const char *scc_pull_in_check(scc_pulled *p, scc_pull_table *t, const char *column, const char *const *values, uint32_t n);
void scc_pull_note(scc_pulled *p, scc_pull_notes *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
scc_pull_col *scc_pull_find_col(scc_pull_table *t, const char *name);

/* An index key as the database prints it (`lower((email)::text)`,
 * `lower("email")`) -> the language's call with field names (`lower(email)`;
 * `fields` holds the field name of each of t's columns) and the key's part
 * of the default index name (`lower_email`, as check/check_index.c makes
 * it); NULL when the language cannot write it (pull_expr.c). */
const char *scc_pull_expr_dsl(scc_pulled *p, const scc_pull_table *t, const char *const *fields, const char *sql,
                              const char **name_part);

/* Shared SQL reading: a CHECK body that is `"col" IN ('a', 'b', ...)`
 * (also `col = ANY (ARRAY['a'::text, ...])` as PostgreSQL prints it) ->
 * the column name and values (arena); false if it is not of that form. */
bool scc_pull_parse_in_list(scc_pulled *p, const char *sql, const char **col, const char ***values, uint32_t *n);
/* A quoted or bare identifier at *s; advances past it; NULL if none. */
const char *scc_pull_ident(scc_pulled *p, const char **s);
/* `'text'` at *s (quotes doubled inside); advances; NULL if none. */
const char *scc_pull_string(scc_pulled *p, const char **s);
/* The DSL spelling of a string default: "..." with \" \\ \n \t escapes. */
const char *scc_pull_dsl_string(scc_pulled *p, const char *v);
/* An SQL referential action ("CASCADE", "SET NULL", ...) -> DSL name. */
const char *scc_pull_action(const char *sql);
#endif
