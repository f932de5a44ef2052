/* The column types of the language, in one table (SCC_TYPE_MAP), with every
 * per-type fact the later stages need. The checker, both DDL dialects, the
 * C emitter and the factories read their facts from here instead of
 * switching on the kind: adding a type is a row here plus that type's own
 * functions (its default check in check/check_types.c, its C literal in
 * emit/view_values.c, its SQLite CHECK in dialect/dialect_sql.c, its runtime
 * codec).
 *
 * Columns of X(kind, dsl, args, pg, pg_args, sqlite, ctype, col, shape, codec,
 *              ops, lit, now_c, now_pg, now_sqlite, sqlite_check, comment):
 *   kind        SCC_T_<kind>
 *   dsl         the schema spelling; NULL for enums (spelled by their name)
 *   args        what it takes in parentheses: NONE, LENGTH (string(n)),
 *               PRECISION (decimal(p, s))
 *   pg          PostgreSQL type without arguments: DDL, `= ANY($n::pg[])`,
 *               the tenant policy's cast
 *   pg_args     PostgreSQL DDL with the arguments (printf), or NULL
 *   sqlite      SQLite column type (affinity)
 *   ctype       C member type; NULL for enums (the generated enum type)
 *   col         the runtime's column type, SC_COL_<col>: its row of the
 *               runtime's table (SC_COL_TYPE_MAP, schemac/query.h) holds the
 *               same shape, ctype and codec and at least these ops
 *               (checked: model.c at compile time, test type_tables_agree)
 *   shape       how the C member is held (scc_c_shape): by VALUE (a has_
 *               flag when nullable), UUID (by value, keys by pointer), TEXT
 *               (char *), BYTES (sc_bytes), ENUM
 *   codec       sc_stmt_bind_<codec> / sc_stmt_column_<codec>, or NULL
 *   ops         filter operators (SCC_OPS_*)
 *   lit         the class of its @default literal: check/ validates it with
 *               default_<lit>, emit/ writes its C value with c_value_<lit>,
 *               dialect/ its SQL literal with sql_literal_<lit>
 *   now_c       C expression of now() from `now` (µs since the epoch), or
 *               NULL when now() is not a default of the type
 *   now_pg, now_sqlite   the DDL default for now()
 *   sqlite_check what SQLite needs checked that its type does not enforce
 *               (dialect/ sqlite_check_<name>)
 *   comment     Doxygen comment after the C member, or "" */
#ifndef SCC_TYPES_H
#define SCC_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SQLite has no clock of its own in a DEFAULT: microseconds since the epoch
 * from julianday('now'). */
#define SCC_SQLITE_NOW_MICROS "(CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER))"

/* Filter operator sets: eq/ne, lt/le/gt/ge, in, like/ilike. */
#define SCC_OPS_EQ 1u
#define SCC_OPS_ORDER 2u
#define SCC_OPS_IN 4u
#define SCC_OPS_LIKE 8u
#define SCC_OPS_JSON 64u /* json_contains, path_eq */
#define SCC_OPS_SORTABLE (SCC_OPS_EQ | SCC_OPS_ORDER | SCC_OPS_IN)

/* clang-format off */
#define SCC_TYPE_MAP(X)                                                                                            \
  X(BOOL, "bool", NONE, "boolean", NULL, "INTEGER", "bool", BOOL, VALUE, "bool",                                   \
    SCC_OPS_EQ, bool, NULL, NULL, NULL, bool, "")                                                                  \
  X(SMALLINT, "smallint", NONE, "smallint", NULL, "INTEGER", "int16_t", INT16, VALUE, "int16",                     \
    SCC_OPS_SORTABLE, int, NULL, NULL, NULL, none, "")                                                             \
  X(INT, "int", NONE, "integer", NULL, "INTEGER", "int32_t", INT32, VALUE, "int32",                                \
    SCC_OPS_SORTABLE, int, NULL, NULL, NULL, none, "")                                                             \
  X(BIGINT, "bigint", NONE, "bigint", NULL, "INTEGER", "int64_t", INT64, VALUE, "int64",                           \
    SCC_OPS_SORTABLE, int, NULL, NULL, NULL, none, "")                                                             \
  X(FLOAT, "float", NONE, "double precision", NULL, "REAL", "double", DOUBLE, VALUE, "double",                     \
    SCC_OPS_SORTABLE, float, NULL, NULL, NULL, none, "")                                                           \
  X(DECIMAL, "decimal", PRECISION, "numeric", "numeric(%u,%u)", "TEXT", "char *", DECIMAL, TEXT, NULL,             \
    SCC_OPS_SORTABLE, decimal, NULL, NULL, NULL, none, " /**< exact decimal text */")                       \
  X(STRING, "string", LENGTH, "text", "varchar(%u)", "TEXT", "char *", TEXT, TEXT, NULL,                           \
    SCC_OPS_SORTABLE | SCC_OPS_LIKE, string, NULL, NULL, NULL, length, "")                                         \
  X(TEXT, "text", NONE, "text", NULL, "TEXT", "char *", TEXT, TEXT, NULL,                                          \
    SCC_OPS_SORTABLE | SCC_OPS_LIKE, string, NULL, NULL, NULL, none, "")                                           \
  X(BYTES, "bytes", NONE, "bytea", NULL, "BLOB", "sc_bytes", BYTES, BYTES, NULL,                                   \
    SCC_OPS_EQ, bytes, NULL, NULL, NULL, none, "")                                                                 \
  X(UUID, "uuid", NONE, "uuid", NULL, "TEXT", "sc_uuid", UUID, UUID, "uuid",                                       \
    SCC_OPS_EQ | SCC_OPS_IN, uuid, NULL, NULL, NULL, uuid, "")                                                     \
  X(TIMESTAMP, "timestamp", NONE, "timestamptz", NULL, "INTEGER", "int64_t", TIMESTAMP, VALUE, "timestamp",        \
    SCC_OPS_SORTABLE, timestamp, "now", "now()", SCC_SQLITE_NOW_MICROS, none,                                           \
    " /**< microseconds since 1970-01-01 UTC */")                                                                  \
  X(DATE, "date", NONE, "date", NULL, "TEXT", "int32_t", DATE, VALUE, "date",                                      \
    SCC_OPS_SORTABLE, date, "(int32_t)(now / 86400000000)", "CURRENT_DATE", "(date('now'))", date,                 \
    " /**< days since 1970-01-01 */")                                                                              \
  X(JSON, "json", NONE, "jsonb", NULL, "TEXT", "char *", JSON, TEXT, NULL,                                         \
    SCC_OPS_JSON, json, NULL, NULL, NULL, json, " /**< JSON text */")                                                         \
  X(ENUM, NULL, NONE, "text", NULL, "TEXT", NULL, ENUM, ENUM, NULL,                                                \
    SCC_OPS_EQ | SCC_OPS_IN, enum, NULL, NULL, NULL, none, "")                                                     \
  X(TIME, "time", NONE, "time", NULL, "INTEGER", "int64_t", TIME, VALUE, "time",                                   \
    SCC_OPS_SORTABLE, time, NULL, NULL, NULL, time, " /**< microseconds since midnight */")
/* clang-format on */

typedef enum {
#define SCC_TYPE_KIND(k, ...) SCC_T_##k,
  SCC_TYPE_MAP(SCC_TYPE_KIND)
#undef SCC_TYPE_KIND
} scc_type_kind;

/* The number of kinds (not in the enum, so switches need no case for it). */
#define SCC_TYPE_ONE(...) +1
enum { SCC_T_COUNT = 0 SCC_TYPE_MAP(SCC_TYPE_ONE) };
#undef SCC_TYPE_ONE

typedef enum { SCC_ARGS_NONE, SCC_ARGS_LENGTH, SCC_ARGS_PRECISION } scc_type_args;
typedef enum { SCC_SHAPE_VALUE, SCC_SHAPE_UUID, SCC_SHAPE_TEXT, SCC_SHAPE_BYTES, SCC_SHAPE_ENUM } scc_c_shape;

/* The facts of one type as data (the columns above that are not names of
 * functions). */
typedef struct scc_type_info {
  const char *dsl;
  scc_type_args args;
  const char *pg, *pg_args, *sqlite;
  const char *ctype;
  const char *col; /* "SC_COL_INT32" */
  scc_c_shape shape;
  const char *codec;
  unsigned ops;
  const char *now_c, *now_pg, *now_sqlite;
  const char *comment;
} scc_type_info;

const scc_type_info *scc_type_info_of(scc_type_kind k);

/* Date and time literals (@default("2024-01-31"), @default("12:30:00"))
 * are parsed by the runtime's own functions (schemac/datetime.h:
 * sc_date_parse, sc_time_parse, SC_TIME_MAX), so the generator and the
 * codec agree on every value. */
#endif
