/* dialect/: every difference between PostgreSQL and SQLite that the
 * generator knows, behind one interface. The dialect enum is the runtime's
 * (schemac/dialect.h), so generated code, the CLI and libschemac agree.
 * May include: base/, model/. */
#ifndef SCC_DIALECT_H
#define SCC_DIALECT_H
#include <stdbool.h>

#include "schemac/dialect.h"

/* "postgres"/"postgresql"/"pg" and "sqlite"/"sqlite3"; false if unknown. */
bool scc_dialect_parse(const char *s, sc_dialect *out);
/* "postgres" or "sqlite": the name of migration subdirectories and of
 * --dialect values. */
const char *scc_dialect_name(sc_dialect d);
#endif
