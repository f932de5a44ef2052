/* The DDL of array fields (`T[]`; docs/language.md, Arrays): a PostgreSQL
 * array of the element's type, or on SQLite a JSON array in a TEXT column.
 * The checks here are what the database can enforce cheaply: PostgreSQL
 * enum arrays hold only the enum's values. SQLite's CHECK cannot read the
 * elements one by one (json_each would be a subquery), so it looks at the
 * JSON text: an integer array has nothing but digits, '-', ',', ' ' and
 * brackets; a uuid array nothing but lowercase hex, '-' and '"' besides;
 * an enum array nothing left once every quoted value is removed. Text
 * elements are checked by the runtime only. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

#include "dialect/dialect.h"

/* `trim(x, chars) = ''`: x holds only those characters. */
static void only(scc_buf *b, const scc_mfield *f, const char *chars) {
  scc_buf_puts(b, " AND trim(");
  scc_dialect_ident(b, f->column);
  scc_buf_printf(b, ", '%s') = ''", chars);
}

static void sqlite_elements(scc_buf *b, const scc_mfield *f) {
  switch (f->type.kind) {
  case SCC_T_SMALLINT:
  case SCC_T_INT:
  case SCC_T_BIGINT: only(b, f, "[], -0123456789"); break;
  case SCC_T_UUID: only(b, f, "[], \"-0123456789abcdef"); break;
  case SCC_T_ENUM: {
    scc_buf_puts(b, " AND trim(");
    for (uint32_t i = 0; i < f->type.enm->nvalues; i++) scc_buf_puts(b, "replace(");
    scc_dialect_ident(b, f->column);
    for (uint32_t i = 0; i < f->type.enm->nvalues; i++) {
      const char *v = f->type.enm->values[i].name;
      scc_buf_puts(b, ", ");
      char *q = scc_xcalloc(strlen(v) + 3, 1);
      q[0] = '"';
      memcpy(q + 1, v, strlen(v));
      q[strlen(v) + 1] = '"';
      scc_dialect_literal(b, q, strlen(q));
      free(q);
      scc_buf_puts(b, ", '')");
    }
    scc_buf_puts(b, ", '[], ') = ''");
    break;
  }
  default: break; /* text: the runtime checks */
  }
}

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
  scc_buf_puts(b, ") = 'array'");
  sqlite_elements(b, f);
  scc_buf_putc(b, ')');
  return true;
}
