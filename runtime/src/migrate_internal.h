/* Shared by the migration runner's files (migrate_*.c). Not installed. */
#ifndef SCHEMAC_MIGRATE_INTERNAL_H
#define SCHEMAC_MIGRATE_INTERNAL_H

#include <stddef.h>

/* Called per statement (text without the ';', line where it starts);
 * a non-zero return stops the split and is returned. */
typedef int (*sc__stmt_fn)(void *ud, const char *stmt, size_t len, int line);
int sc__sql_split(const char *sql, sc__stmt_fn fn, void *ud);

#define SC__FK_OFF_DIRECTIVE "-- schemac:foreign_keys=off"
/* PostgreSQL: run the script outside a transaction (CREATE INDEX CONCURRENTLY). */
#define SC__NO_TX_DIRECTIVE "-- schemac:transaction=none"
#define SC__HISTORY "schemac_migrations"
#endif
