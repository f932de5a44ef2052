/* DDL of a schema for one dialect. */
#ifndef SCC_EMIT_SQL_H
#define SCC_EMIT_SQL_H
#include "base/buf.h"
#include "dialect/dialect.h"
#include "model/model.h"

/* Full DDL of the schema for one dialect. The caller frees out->data. */
void scc_emit_sql(const scc_schema *s, sc_dialect d, scc_buf *out);
/* The DDL of one table of `s`, exactly as scc_emit_sql writes it (foreign
 * keys that close a cycle excluded on PostgreSQL). Used by migrations. */
void scc_emit_table_sql(const scc_schema *s, const scc_entity *e, sc_dialect d, scc_buf *out);
#endif
