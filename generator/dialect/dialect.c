/* Dialect names. */
#include <string.h>

#include "dialect/dialect.h"

bool scc_dialect_parse(const char *s, sc_dialect *out) {
  if (!strcmp(s, "postgres") || !strcmp(s, "postgresql") || !strcmp(s, "pg")) {
    *out = SC_DIALECT_POSTGRES;
    return true;
  }
  if (!strcmp(s, "sqlite") || !strcmp(s, "sqlite3")) {
    *out = SC_DIALECT_SQLITE;
    return true;
  }
  return false;
}

const char *scc_dialect_name(sc_dialect d) { return d == SC_DIALECT_POSTGRES ? "postgres" : "sqlite"; }
