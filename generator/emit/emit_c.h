/* The C code generator (`schemac generate`): header and source of a schema
 * from the checked model, through the templates in templates/. Helpers
 * shared by emit_c_header.c, emit_c_source.c and emit_c_sql.c. */
#ifndef SCC_EMIT_C_H
#define SCC_EMIT_C_H
#include <stdbool.h>

#include "base/arena.h"
#include "base/buf.h"
#include "dialect/dialect.h"
#include "model/model.h"
#include "emit/template.h"

/* <schema>.h into header and <schema>.c into source (appended), from one
 * walk that computes each view once. `version` goes into the banners. */
void scc_emit_c(const scc_schema *s, const char *version, scc_buf *header, scc_buf *source);

/* ---- shared by the emitters ---- */

typedef struct scc_cgen {
  const scc_schema *s;
  scc_arena *a; /* temporaries of one run */
  const char *version;
  /* The current entity's column list and the macro standing for it in
   * SQL texts (view_sql.c). */
  const char *columns, *columns_macro;
  /* Every file-scope name of the output (scc_c_names_init). */
  const struct scc_strmap *names;
  /* A SQL text longer than SCC_C_LITERAL_PORTABLE_MAX was written: the
   * source then turns off -Woverlength-strings (emit_c.c). */
  bool long_literals;
} scc_cgen;

/* The longest string literal C11 guarantees (5.2.4.1: 4095 characters).
 * gcc and clang take any length but warn past it under -Wpedantic; a wide
 * entity's statements are longer, so past it the generated source turns
 * the warning off instead of refusing the schema. */
#define SCC_C_LITERAL_PORTABLE_MAX 4095

/* ---- generated names (emit_c_names.c) ---- */

/* Called with each file-scope identifier the generated header and source
 * declare, the declaration it comes from ("entity 'Lead'", "field 'email'
 * of entity 'Lead'", ...), the top-level declaration that one belongs to
 * ("entity 'Lead'"), and where the declaration is. */
typedef void (*scc_c_name_fn)(void *ud, const char *name, const char *owner, const char *root, scc_loc loc);
void scc_c_names_each(scc_cgen *g, scc_c_name_fn fn, void *ud);
/* The names of a typed query's generated code, its function
 * `<prefix>_<name>` first; scc_c_names_all: every name of the output,
 * entities' and queries'. */
void scc_c_query_names(scc_cgen *g, const scc_query *q, scc_c_name_fn fn, void *ud);
void scc_c_names_all(scc_cgen *g, scc_c_name_fn fn, void *ud);
/* Whether the generated function bodies use `name` themselves (locals,
 * fixed parameters, callees, types). */
bool scc_c_is_body_name(const char *name);
/* Fills g->names (in g->a: call before any arena mark). */
void scc_c_names_init(scc_cgen *g);
/* The parameter name for a key field: the field's name, or the name with
 * '_' appended until it clashes with nothing the function uses (locals,
 * other parameters: taken[0..ntaken), file-scope names, sc_ names). */
const char *scc_c_param_name(scc_cgen *g, const char *field, const char *const *taken, size_t ntaken);
/* Parameter names of a key's fields, in order. */
const char **scc_c_param_names(scc_cgen *g, const scc_mfield *const *cols, uint32_t n);
/* "const sc_uuid *id, const char *email": the key's parameters. */
const char *scc_c_key_params(scc_cgen *g, const scc_mfield *const *cols, uint32_t n);

/* leads_lead, LEADS_LEAD, leads_tier */
const char *scc_c_type(scc_cgen *g, const scc_entity *e);
const char *scc_c_upper(scc_cgen *g, const char *s);
const char *scc_c_enum_type(scc_cgen *g, const scc_enum *en);
/* LEADS_LEAD_EXTERNAL_LEAD_ID: the column-enum constant of a field. */
const char *scc_c_col_const(scc_cgen *g, const scc_entity *e, const scc_mfield *f);
/* Member type: "int32_t", "char *", "sc_bytes", "leads_tier", ... */
const char *scc_c_member_type(scc_cgen *g, const scc_mfield *f);
/* Whether the member has a has_<name> companion (nullable scalar). */
bool scc_c_has_flag(const scc_mfield *f);
/* Whether e gets <entity>_get_many: a single-column primary key that is not
 * bytes (array parameters carry bytes elements as text, which neither
 * database matches against a bytea/BLOB key). */
bool scc_c_has_get_many(const scc_entity *e);
/* Parameter declaration for a key value: "const sc_uuid *id", "int64_t id",
 * "const char *email". */
const char *scc_c_key_param(scc_cgen *g, const scc_mfield *f, const char *name);
/* Array parameter: "const sc_uuid *keys", "const char *const *keys". */
const char *scc_c_array_param(scc_cgen *g, const scc_mfield *f, const char *name);
/* "SC_COL_UUID", ... */
const char *scc_c_col_type(const scc_mfield *f);
/* emit_c_array.c: an array field's sc_array_* type and its elements'
 * runtime column type ("SC_COL_INT64"). */
const char *scc_c_array_type(const scc_mfield *f);
const char *scc_c_array_elem_col(const scc_mfield *f);
const char *scc_c_array_col(scc_cgen *g, const scc_mfield *f);
const char *scc_c_array_elems_param(scc_cgen *g, const scc_mfield *f, const char *name);
/* PostgreSQL element type for array parameters: "uuid", "text", ... */
const char *scc_c_pg_array_type(const scc_mfield *f);
/* The text of b copied into the generator's arena; b is freed. */
char *scc_c_take(scc_cgen *g, scc_buf *b);
/* "\"email\"" as SQL: the quoted identifier. */
const char *scc_c_ident(scc_cgen *g, const char *name);
/* Text as the inside of a C string literal (quotes, backslashes, "??" and
 * control characters escaped).
 * When nothing needs escaping, returns `text` itself (no copy): use the
 * result while `text` lives. */
const char *scc_c_literal(scc_cgen *g, const char *text);
/* The escaped form of text[i] in a C string literal, appended to b (needs
 * text[i - 1]: "??" is written "?\?"). */
void scc_c_literal_put(scc_buf *b, const char *text, size_t i);
/* Text for the inside of a C block comment, on one line: comment
 * delimiters, trigraphs, control characters and a final backslash are
 * neutralised. Every schema text that reaches a comment goes through this
 * (or scc_c_doc); every one that reaches a string literal through
 * scc_c_literal. */
const char *scc_c_comment(scc_cgen *g, const char *text);
/* The same for text[0, n), appended to b. */
void scc_c_comment_put(scc_buf *b, const char *text, size_t n);
/* A doc comment block for `doc` (NULL: ""), indented by `indent`. */
const char *scc_c_doc(scc_cgen *g, const char *doc, const char *indent);
/* Only its body lines (" * text"), to open a comment that goes on. */
const char *scc_c_doc_lines(scc_cgen *g, const char *doc, const char *indent);
/* Unique keys usable by upsert: index into e->uniques, or -1 for the
 * primary key. Returns an arena array of *n entries (no cap: one per key). */
const int *scc_c_upsert_keys(scc_cgen *g, const scc_entity *e, int *n);
/* Suffix of get_by_<suffix> and the key constant: "external_lead_id",
 * "lead_id_channel_source". */
const char *scc_c_unique_suffix(scc_cgen *g, const scc_index *u);
/* A unique index on columns that is not a key (a @@unique with where:): no
 * get_by, but in the entity's metadata (sc_unique_meta) after the keys, so
 * SQLite's violations, which name columns, name the index. */
bool scc_c_unique_index_meta(const scc_index *ix);
/* Every column, quoted, in field order: "\"id\", \"email\"". */
const char *scc_c_select_list(scc_cgen *g, const scc_entity *e);
/* The where operators a field's type allows (SPEC 3.3), in a fixed order:
 * "eq", ..., "in", "like", "ilike", "is_null", "not_null": a fixed list of
 * 11, so ops[] needs SCC_C_FIELD_OPS_MAX entries whatever the schema. */
#define SCC_C_FIELD_OPS_MAX 16
void scc_c_field_ops(const scc_mfield *f, const char **ops, int *n);
/* C expression of a field's literal, enum or bool default, or NULL (none,
 * or made at run time) (view_values.c). */
const char *scc_c_default_value(scc_cgen *g, const scc_mfield *f);
/* Index of a field in its entity. */
unsigned scc_c_field_index(const scc_mfield *f);

/* Per-entity SQL texts (emit_c_sql.c); raw SQL, not yet C-escaped.
 * Parameter lists are indexes of fields, in an arena array that grows with
 * scc_c_params_add: no cap, an entity of any width binds every column
 * (a fixed array once repeated its last slot past 256 columns). {0} is an
 * empty list; setting n to 0 empties it and keeps the storage. */
typedef struct scc_c_params {
  unsigned *idx;
  unsigned n, cap;
} scc_c_params;

void scc_c_params_add(scc_cgen *g, scc_c_params *p, unsigned field_index);

typedef struct scc_c_sql {
  const char *insert[2];
  scc_c_params insert_params;
  const char *insert_returning; /* NULL when nothing is returned */
  const char **upsert[2];       /* per upsert key */
  scc_c_params upsert_returning;
  const char *get[2][4];
  const char **get_by[2][4];    /* per unique: get_by[d][flags][u] */
  scc_c_params *get_by_params;
  const char *update[2];
  scc_c_params update_params;
  const char *exists[2][2];     /* [dialect][with_deleted] */
  const char *delete_soft[2];
  scc_c_params delete_params;
  const char *delete_hard[2];
  scc_c_params delete_hard_params;
  const char *restore[2];
  scc_c_params restore_params;
  const char **load_by[2];      /* per field with @ref (NULL for others) */
  const char *get_many[2];      /* NULL without get_many (scc_c_has_get_many) */
} scc_c_sql;

void scc_c_sql_build(scc_cgen *g, const scc_entity *e, scc_c_sql *out);
#endif
