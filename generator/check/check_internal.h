/* Shared state of the semantic checks (check*.c). */
#ifndef SCC_CHECK_INTERNAL_H
#define SCC_CHECK_INTERNAL_H
#include "check/check.h"
#include "base/names.h"
#include "base/strmap.h"

/* Columns of one table: PostgreSQL's limit (SQLite's default is 2000).
 * An entity past it is an error, not a DDL that fails at migrate time. */
#define SCC_MAX_COLUMNS 1600

typedef struct ent_info {
  scc_entity *e;
  const scc_decl *decl;
  const scc_field **ast; /* AST field of each model field, same index */
  const scc_attr *id_attr;  /* @@id, if any */
  const scc_attr *table_attr;
  const scc_attr **ref_attrs; /* @ref of each model field, or NULL */
  uint32_t nid;              /* fields marked @id */
} ent_info;

typedef struct checker {
  scc_arena *a;
  scc_diags *d;
  scc_schema *s;
  ent_info *ents;
  uint32_t nents;
  const scc_decl **enum_decls;
  scc_strmap decls;         /* name -> accepted entity or enum declaration */
  scc_strmap *entity_by_name, *enum_by_name; /* the schema's indexes (arena) */
  unsigned errors;
  const scc_decl *schema_decl; /* the `schema` declaration, or NULL */
  uint32_t first_file;         /* source index of the first file */
} checker;

scc_diag *ck_error(checker *c, scc_loc at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* check_types.c */
bool ck_resolve_type(checker *c, const scc_typeref *t, scc_type *out);
void ck_default(checker *c, scc_mfield *f, const scc_attr *attr);
bool ck_is_integer(scc_type_kind k);
bool ck_is_numeric(scc_type_kind k);
const char *ck_type_name(const scc_type *t);

/* check_attrs.c */
void ck_field_attrs(checker *c, ent_info *ei, scc_mfield *f, const scc_field *ast);
void ck_entity_attrs(checker *c, ent_info *ei);
void ck_primary_key(checker *c, ent_info *ei);
const scc_expr *ck_single_arg(checker *c, const scc_attr *a, const char *what);
const char *ck_constraint_name(checker *c, const char *table, const char *cols, const char *suffix);

/* check_index.c: expression keys (lower(email)) and index types (gin) */
bool ck_index_expr(checker *c, const scc_entity *e, const scc_attr *a, const scc_expr *x, scc_index_col *out);
bool ck_index_method(checker *c, const scc_attr *a, const scc_expr *type, const scc_expr *ops, scc_index *ix);

/* check_graph.c */
void ck_refs(checker *c);
void ck_fk_indexes(checker *c);
void ck_cycles_and_order(checker *c);
void ck_global_names(checker *c);

/* check_sql.c: @@check and where: texts are one SQL expression each */
void ck_sql_exprs(checker *c);
/* check_query.c: typed queries, up to their SQL (checked by query/) */
void ck_queries(checker *c, const scc_decl *const *decls, uint32_t n);
/* check_cnames.c: collisions of generated C names (on a complete model) */
void ck_c_names(checker *c);

/* check_array.c: array fields (T[]) */
bool ck_array_elem_ok(scc_type_kind k);
const scc_field *ck_array_field(checker *c, scc_mfield *f, const scc_field *ast);
void ck_array_keys(checker *c);

/* json.c */
bool scc_json_valid(const char *s, size_t n);
#endif
