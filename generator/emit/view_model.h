/* The view model of generated C (see template.h for the format): per
 * entity, computed once from the model, and rendered by templates/
 * header.tmpl and templates/source.tmpl through one driver (emit_c.c).
 * Every decision the generated code makes per field or entity (types,
 * flags, which operators, which write-backs) is a value or a list here;
 * the templates hold the code and the sentences. */
#ifndef SCC_VIEW_MODEL_H
#define SCC_VIEW_MODEL_H
#include "emit/emit_c.h"

scc_view *scc_c_view_enum(scc_cgen *g, const scc_enum *en);
scc_view *scc_c_view_entity(scc_cgen *g, const scc_entity *e);
/* The codec flags of a member or parameter: exactly one of bytes,
 * decimal, text, uuid, enum, scalar (with `kind`, as in sc_stmt_bind_<kind>). */
void scc_c_view_codec(scc_view *v, const scc_mfield *f);
/* How a member is declared and read, the same for entity fields and query
 * columns: name, ctype_decl and member ("char" and "*name"), type_comment,
 * has_flag and the codec flags. */
void scc_c_view_member(scc_cgen *g, scc_view *v, const scc_mfield *f);
/* A typed query's view (view_query.c): its function, parameters, result
 * and SQL constants, for the "query" sections of both templates. */
scc_view *scc_c_view_query(scc_cgen *g, const scc_query *q);
/* The number of parameters up to which a query's function takes them as
 * arguments; past it, one `const <prefix>_<name>_params *`. */
#define SCC_C_QUERY_MAX_ARGS 4
/* A query parameter or inline result column as a field of no entity: the
 * member type, codec and has_ flag rules of entity fields apply. */
const scc_mfield *scc_c_query_field(scc_cgen *g, const scc_query_param *p);
/* The SQL part of an entity's view (view_sql.c): statement constants,
 * parameter lists (items like `fields[i]`), binders, upsert keys; the
 * SQLite tenant parameter's number of each unique key's get_by. */
void scc_c_view_sql(scc_cgen *g, const scc_entity *e, scc_view *v, scc_view *const *fields, scc_view *const *uniques);
/* The SQL text as C string literals, wrapped (view_sql.c). */
const char *scc_c_sql_literal(scc_cgen *g, const char *sql, const char *indent);
#endif
