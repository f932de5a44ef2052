/* The DDL of array fields (`T[]`; docs/language.md, Arrays): a PostgreSQL
 * array of the element's type, or on SQLite a JSON array in a TEXT column.
 * The checks here are what the database can enforce cheaply: PostgreSQL
 * enum arrays hold only the enum's values; SQLite holds a JSON array (its
 * CHECK cannot read the elements: json_each would be a subquery). */
#include <string.h>

#include "dialect/dialect.h"

bool scc_dialect_array_check(scc_buf *b, const scc_mfield *f, sc_dialect d) {
  if (d == SC_DIALECT_POSTGRES) {
    if (f->type.kind != SCC_T_ENUM) return false;
    scc_dialect_ident(b, f->column);
    scc_buf_puts(b, " <@ ARRAY[");
    for (uint32_t i = 0; i < f->type.enm->nvalues; i++) {
      if (i) scc_buf_puts(b, ", ");
      scc_dialect_literal(b, f->type.enm->values[i].name, strlen(f->type.enm->values[i].name));
    }
    scc_buf_puts(b, "]::text[]");
    return true;
  }
  /* json_valid(NULL) is 0 before SQLite 3.45: let NULL through. */
  if (f->nullable) {
    scc_dialect_ident(b, f->column);
    scc_buf_puts(b, " IS NULL OR ");
  }
  scc_buf_puts(b, "(json_valid(");
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, ") AND json_type(");
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, ") = 'array')");
  return true;
}
