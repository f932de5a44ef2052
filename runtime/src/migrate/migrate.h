/*
 * runtime/src/migrate: the migration runner and its history table (run.c),
 * baseline (baseline.c), the drift check's catalogs (catalog.c), script
 * checks (script.c).
 * Uses the rest of the runtime through the public API only.
 * May include: base/ (core/ and codec/ are allowed but not needed). Not installed.
 */
#ifndef SC_MIGRATE_MIGRATE_H
#define SC_MIGRATE_MIGRATE_H

#include <stddef.h>

#include <schemac/hooks.h>
#include <schemac/migrate.h>

/* Splits a migration script (schemac/sql_split.h) and refuses transaction
 * control (BEGIN, COMMIT, ...): the runner owns the transaction. Nothing
 * runs. SC_OK or SC_INVALID_ARGUMENT naming file:line. */
sc_status sc__script_check(sc_dialect d, const char *sql, const char *file);

#define SC__FK_OFF_DIRECTIVE "-- schemac:foreign_keys=off"
/* PostgreSQL: run the script outside a transaction (CREATE INDEX CONCURRENTLY). */
#define SC__NO_TX_DIRECTIVE "-- schemac:transaction=none"
#define SC__HISTORY "schemac_migrations"
/* A squashed migration names each migration it replaced on a line of its
 * own: "-- schemac:replaces=VERSION:SHA256" (squash.c). */
#define SC__REPLACES_DIRECTIVE "-- schemac:replaces="

/* Shared by the runner (run.c) and baseline (baseline.c); SC_PRINTF comes
 * from base/base.h, which every file includes first. */
/* One progress line, when o asks for them. */
void sc__mig_progress(const sc_migrate_options *o, const char *fmt, ...) SC_PRINTF(2, 3);
/* PostgreSQL: the session advisory lock every runner takes (no-op on SQLite);
 * unlock keeps sc_error_last. */
sc_status sc__mig_lock(sc_conn *c);
void sc__mig_unlock(sc_conn *c);
/* Creates the history table (and its dirty column) when missing. */
sc_status sc__mig_ensure_history(sc_conn *c);
/* Versions increasing and positive, every migration with up SQL. */
sc_status sc__mig_check_order(const sc_migration *m, size_t n);
/* The history against the migrations: SC_CONFLICT with *report (one line
 * per problem: changed checksum, missing migration, DIRTY). */
sc_status sc__mig_verify_list(const sc_migration *m, size_t n, const sc_applied_migration *a, size_t na,
			      char **report);
/* SC_CONFLICT naming the first DIRTY version. */
sc_status sc__mig_refuse_dirty(const sc_applied_migration *a, size_t na);
bool sc__mig_in_history(const sc_applied_migration *a, size_t na, int64_t v);
sc_status sc__mig_is_applied(sc_conn *c, int64_t v, bool *yes);
/* Up: inserts the history row of m (checksum of its up SQL); down: deletes it. */
sc_status sc__mig_record(sc_conn *c, const sc_migration *m, bool up, int64_t ms, bool dirty);

/* squash.c. The next replaces line from *cursor (a position in an up SQL,
 * NULL at the end): false when there is none. */
bool sc__mig_next_replaced(const char **cursor, int64_t *version, char sum[SC_SHA256_HEX_LEN + 1]);
/* The migration of m that replaces `version` (with `checksum`, NULL: any). */
const sc_migration *sc__mig_squash_of(const sc_migration *m, size_t n, int64_t version, const char *checksum);
/* The lowest version a squashed migration replaces (0: not a squash). */
int64_t sc__mig_first_replaced(const sc_migration *m);
/* SC_CONFLICT when a squashed migration is pending while the history holds
 * some of the versions it replaced: it would run whole over them. */
sc_status sc__mig_refuse_partial_squash(const sc_migration *m, size_t n, const sc_applied_migration *a, size_t na);
#endif
