/* ER diagram of a checked schema, as Mermaid `erDiagram` or Graphviz DOT.
 *
 * Every entity with its fields (DSL type spelling, PK/FK/UK markers,
 * nullability) and one relation per foreign key, with crow's-foot
 * cardinality: the referenced side is "exactly one", or "zero or one" when
 * the foreign key is nullable; the referencing side is "zero or more", or
 * "zero or one" when the foreign key column is unique on its own (one to
 * one). Output is deterministic: entities in declaration order, relations
 * in field order. Like every emitter it returns text and writes no file. */
#ifndef SCC_EMIT_ERD_H
#define SCC_EMIT_ERD_H
#include <stdbool.h>

#include "base/buf.h"
#include "model/model.h"

typedef enum { SCC_ERD_MERMAID, SCC_ERD_DOT } scc_erd_format;

/* "mermaid" or "dot"; false if unknown. */
bool scc_erd_format_parse(const char *s, scc_erd_format *out);

/* Appends the diagram to `out` (the caller frees out->data). */
void scc_emit_erd(const scc_schema *s, scc_erd_format f, scc_buf *out);
#endif
