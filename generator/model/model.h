/* The checked schema: plain data that every emitter (SQL, C, ERD, migration
 * diff) reads. Built by check.c from the syntax trees; every name is
 * resolved, every attribute interpreted, every default filled in. All memory
 * belongs to the compilation's arena. Arrays keep declaration order. */
#ifndef SCC_MODEL_H
#define SCC_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/names.h"
#include "model/types.h"

typedef struct scc_enum scc_enum;
typedef struct scc_entity scc_entity;
typedef struct scc_mfield scc_mfield; /* a model field; scc_field is the AST node */


typedef struct scc_type {
  scc_type_kind kind;
  uint32_t length;            /* string(n): n; else 0 */
  uint32_t precision, scale;  /* decimal(p,s) */
  const scc_enum *enm;        /* SCC_T_ENUM */
  bool array;                 /* T[]: an array of kind (a field; see
                               * docs/language.md, Arrays) */
} scc_type;

typedef enum {
  SCC_DEF_NONE,
  SCC_DEF_INT,      /* text: decimal digits with optional '-' */
  SCC_DEF_DECIMAL,  /* text: number as written (decimal and float fields) */
  SCC_DEF_STRING,   /* text: the value (string, text, json, date, uuid fields) */
  SCC_DEF_BOOL,     /* boolean */
  SCC_DEF_ENUM,     /* text: the enum value */
  SCC_DEF_NOW,      /* now(): timestamp or date */
  SCC_DEF_UUID,     /* uuid(): UUIDv7 made client-side */
  SCC_DEF_AUTOINCREMENT,
} scc_default_kind;

typedef struct scc_default {
  scc_default_kind kind;
  const char *text;
  size_t len;
  bool boolean;
  scc_loc loc;
} scc_default;

typedef enum {
  SCC_ACT_NO_ACTION,
  SCC_ACT_RESTRICT,
  SCC_ACT_CASCADE,
  SCC_ACT_SET_NULL,
  SCC_ACT_SET_DEFAULT,
} scc_ref_action;

typedef struct scc_ref {
  const scc_entity *target;
  const scc_mfield *target_field;
  scc_ref_action on_delete, on_update;
  const char *name; /* constraint name, <table>_<column>_fkey */
  scc_loc loc;
} scc_ref;

struct scc_mfield {
  const char *name;   /* as declared: the C member name */
  const char *column; /* SQL column name (@column or the name) */
  const char *doc;    /* NULL when none */
  scc_loc loc;
  uint32_t index;     /* position in the entity */
  scc_type type;
  bool nullable;
  bool is_id;         /* part of the primary key */
  bool unique;        /* @unique (single-column) */
  bool indexed;       /* @index */
  bool created_at, updated_at, soft_delete, version, sensitive, tenant;
  scc_default def;
  bool has_check;     /* @check(lo..hi) */
  const char *check_lo, *check_hi;
  const char *check_name; /* <table>_<column>_check: the range check, or the
                           * check a type implies (enum values; on SQLite also
                           * bool, string(n) length, json, date, uuid) */
  scc_ref *ref;       /* @ref, or NULL */
  const char *renamed_from;
};

typedef struct scc_index_col {
  const scc_mfield *field; /* NULL for an expression key */
  bool desc;
  /* An expression key (`lower(email)` in @@index/@@unique): its SQL text,
   * made by the checker with quoted column names (`lower("email")`), and
   * the part it gives the index's default name (`lower_email`). */
  const char *expr, *expr_name;
  scc_loc expr_loc; /* where the expression is written */
} scc_index_col;

typedef enum {
  SCC_IDX_PLAIN,     /* @index, @@index; in `indexes` also a unique index
                      * that is not a key (kind SCC_IDX_UNIQUE there):
                      * @@unique with an expression or a `where:` */
  SCC_IDX_UNIQUE,    /* @unique, @@unique */
  SCC_IDX_FOREIGN,   /* made for a foreign key column */
} scc_index_kind;

typedef struct scc_index {
  const char *name;
  scc_index_kind kind;
  scc_index_col *cols;
  uint32_t ncols;
  const char *where;  /* user's partial-index predicate (SQL), or NULL */
  /* Unique keys of soft-delete entities hold among live rows only: emitted
   * as partial unique indexes `WHERE deleted_at IS NULL`. */
  bool live_only;
  scc_loc loc;
  /* `type: gin` (PostgreSQL's inverted index; none on SQLite) and its
   * operator class (`ops:`), else NULL. */
  const char *method, *opclass;
} scc_index;

typedef struct scc_check_constraint {
  const char *name;
  const char *sql; /* @@check("...") text, as written */
  scc_loc loc;
} scc_check_constraint;

struct scc_entity {
  const char *name;    /* LeadScore */
  const char *snake;   /* lead_score: C names (prefix_lead_score_insert) */
  const char *table;   /* lead_scores */
  const char *doc;
  scc_loc loc;
  scc_mfield **fields;
  uint32_t nfields;
  scc_mfield **pk;     /* primary key fields, in key order */
  uint32_t npk;
  const char *pk_name; /* <table>_pkey */
  scc_index *uniques;  /* @unique and @@unique, declaration order */
  uint32_t nuniques;
  scc_index *indexes;  /* @index, @@index, then automatic FK indexes */
  uint32_t nindexes;
  scc_check_constraint *checks;   /* @@check */
  uint32_t nchecks;
  const char *renamed_from;
  const char *tenant_policy; /* <table>_tenant_isolation, when @tenant */
  /* Special fields, or NULL. */
  const scc_mfield *soft_delete, *version, *created_at, *updated_at, *tenant, *autoincrement;
  uint32_t decl_order;
};

typedef struct scc_enum_value_m {
  const char *name;  /* as written: the SQL value */
  const char *upper; /* C constant suffix: HOT */
  const char *doc;
  scc_loc loc;
} scc_enum_value_m;

struct scc_enum {
  const char *name;  /* Tier */
  const char *snake; /* tier */
  const char *doc;
  scc_loc loc;
  scc_enum_value_m *values;
  uint32_t nvalues;
};

/* ---- typed queries (SPEC section 8, docs/queries.md) ---- */

/* A parameter of a query, or a column of an inline result row. */
typedef struct scc_query_param {
  const char *name;
  scc_loc loc;
  scc_type type;
  bool nullable; /* T? */
  bool list;     /* T[] (parameters only) */
} scc_query_param;

/* A `:name` in a body: which parameter, and where (the ':' through the name). */
typedef struct scc_query_ref {
  uint32_t param;
  scc_loc loc;
} scc_query_ref;

/* One SQL text of a query, byte-exact as written between its braces. */
typedef struct scc_query_body {
  const char *sql;
  uint32_t len;
  scc_loc loc;          /* of the text in the .schema file */
  scc_query_ref *refs;  /* source order */
  uint32_t nrefs;
} scc_query_body;

typedef enum {
  SCC_QRES_EXEC,   /* exec: rows affected */
  SCC_QRES_ENTITY, /* E, E?, E[]: the entity's columns */
  SCC_QRES_ROW,    /* { name type, ... }, ?, []: an inline row */
} scc_query_result_kind;

typedef enum { SCC_QCARD_ONE, SCC_QCARD_OPT, SCC_QCARD_MANY } scc_query_card;

typedef struct scc_query {
  const char *name;
  const char *doc;
  scc_loc loc;              /* the name */
  scc_query_param *params;
  uint32_t nparams;
  scc_query_result_kind result;
  scc_query_card card;
  const scc_entity *entity; /* SCC_QRES_ENTITY */
  scc_query_param *cols;    /* SCC_QRES_ROW, in order */
  uint32_t ncols;
  scc_loc result_loc;
  /* The body per dialect, indexed by sc_dialect: one shared body is
   * both entries (the same pointer). */
  const scc_query_body *body[3];
  bool split;               /* written per dialect */
} scc_query;

typedef struct scc_schema {
  const char *name;   /* schema name: prefix and file names */
  const char *prefix; /* C prefix without the trailing '_' (--prefix or name) */
  scc_enum **enums;
  uint32_t nenums;
  scc_entity **entities; /* declaration order (files in command-line order) */
  uint32_t nentities;
  /* Creation order: every table after the tables its foreign keys need,
   * ties broken by declaration order. Foreign keys that close a cycle (all
   * nullable, or the schema would have been refused) are listed in
   * `deferred_refs` and, on PostgreSQL, added after all tables exist. */
  scc_entity **create_order;
  const scc_mfield **deferred_refs;
  const scc_entity **deferred_ref_owner;
  uint32_t ndeferred;
  /* Name -> entity and name -> enum indexes, built by the checker (NULL in
   * a schema built otherwise: the lookups below then scan the arrays). */
  const struct scc_strmap *entity_index, *enum_index;
  scc_query **queries; /* declaration order */
  uint32_t nqueries;
} scc_schema;

/* Lookups by name; NULL when absent. Entity and enum lookups are O(1). */
const scc_entity *scc_schema_entity(const scc_schema *s, const char *name);
const scc_enum *scc_schema_enum(const scc_schema *s, const char *name);
const scc_mfield *scc_entity_field(const scc_entity *e, const char *name);

/* The DSL spelling of a type: "string(64)", "decimal(10,2)", "Tier". buf
 * (SCC_TYPE_DSL_MAX bytes) holds a spelling with arguments, the longest
 * being "decimal(4294967295,4294967295)"; names are returned as they are. */
#define SCC_TYPE_DSL_MAX 32
/* A spelling, nullable mark included, whichever it is. */
#define SCC_TYPE_DSL_ANY_MAX (SCC_MAX_IDENT_BYTES + SCC_TYPE_DSL_MAX + 2)
const char *scc_type_dsl(const scc_type *t, char *buf, size_t n);
const char *scc_ref_action_sql(scc_ref_action a); /* "CASCADE", ... */
const char *scc_ref_action_dsl(scc_ref_action a); /* "cascade", ... */
#endif
