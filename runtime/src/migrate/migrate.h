/*
 * runtime/src/migrate: the migration runner (run.c), the history table and
 * the catalog of applied migrations (catalog.c), script checks (script.c).
 * Uses the rest of the runtime through the public API only.
 * May include: base/ (core/ and codec/ are allowed but not needed). Not installed.
 */
#ifndef SC_MIGRATE_MIGRATE_H
#define SC_MIGRATE_MIGRATE_H

#include <stddef.h>

#include <schemac/hooks.h>

/* Splits a migration script (schemac/sql_split.h) and refuses transaction
 * control (BEGIN, COMMIT, ...): the runner owns the transaction. Nothing
 * runs. SC_OK or SC_INVALID_ARGUMENT naming file:line. */
sc_status sc__script_check(sc_dialect d, const char *sql, const char *file);

#define SC__FK_OFF_DIRECTIVE "-- schemac:foreign_keys=off"
/* PostgreSQL: run the script outside a transaction (CREATE INDEX CONCURRENTLY). */
#define SC__NO_TX_DIRECTIVE "-- schemac:transaction=none"
#define SC__HISTORY "schemac_migrations"
#endif
