/*
 * Migrations: apply and revert numbered migrations against a database,
 * verify them, and check the live schema for drift.
 *
 * A migration is plain SQL text. Generated code (or the `schemac migrate`
 * CLI, which reads DIR/<dialect>/NNNN_name.up.sql / .down.sql) hands the
 * runner an array ordered by version:
 *
 *     static const sc_migration migrations[] = {
 *         {1, "init", init_up_sql, init_down_sql},
 *         {2, "add_phone", add_phone_up_sql, add_phone_down_sql},
 *     };
 *     sc_migrate_options o = SC_MIGRATE_OPTIONS_INIT;
 *     if (sc_migrate_up(conn, migrations, 2, -1, &o) != SC_OK)
 *         fprintf(stderr, "%s\n", sc_error_last()->message);
 *
 * History: the table schemac_migrations (version, name, checksum,
 * applied_at, duration_ms, dirty) records every applied migration; the checksum is
 * the SHA-256 of the up SQL, and a migration whose text changed after it was
 * applied is refused (SC_CONFLICT) by sc_migrate_up and sc_migrate_verify.
 *
 * Each migration runs in one transaction together with its history row: a
 * failing one leaves the database at the previous version, and the error
 * (sc_error_last) names the migration file, the statement number and line,
 * the statement and the database's message. On PostgreSQL the runner holds
 * a session advisory lock while it works (concurrent runners wait, then see
 * the migrations already applied) and sets lock_timeout in each migration's
 * transaction, so a migration fails instead of queueing forever behind
 * application locks. On SQLite a migration whose text holds the line
 *     -- schemac:foreign_keys=off
 * (table rebuilds) runs with foreign keys off around its transaction, and
 * PRAGMA foreign_key_check must come back empty before it commits.
 * On PostgreSQL a hand-written migration holding the line
 *     -- schemac:transaction=none
 * runs outside a transaction, statement by statement (for CREATE INDEX
 * CONCURRENTLY); if one of its statements fails, the ones before it stay.
 * Its history row is written DIRTY before its first statement and made
 * clean after its last one: a failure or a kill midway leaves the version
 * DIRTY, and up and down refuse to run (SC_CONFLICT) until
 * sc_migrate_resolve says what was done by hand.
 *
 * Scripts are split with sc_sql_split (schemac/sql_split.h). Before the
 * first migration runs, every script about to run is checked: a split error
 * or a transaction control statement (BEGIN, COMMIT, ROLLBACK, END, START
 * TRANSACTION, ...; the runner owns the transaction) refuses the whole run
 * with SC_INVALID_ARGUMENT naming file and line. SAVEPOINT, RELEASE and
 * ROLLBACK TO are allowed.
 *
 * Thread safety: as for the connection (one thread at a time). Several
 * processes may run migrations on one database at once.
 */
#ifndef SCHEMAC_MIGRATE_H
#define SCHEMAC_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "conn.h"
#include "sql_split.h"
#include "sha256.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_migration {
	int64_t version;      /**< > 0, strictly increasing along the array */
	const char *name;     /**< "add_phone": file names are NNNN_name.up.sql */
	const char *up_sql;   /**< statements separated by ';' */
	const char *down_sql; /**< NULL when the migration cannot be reverted */
} sc_migration;

/** Progress: one line per event ("applied 0002_add_phone (14 ms)"). */
typedef void (*sc_migrate_progress_fn)(void *ud, const char *line);

typedef struct sc_migrate_options {
	int64_t lock_timeout_ms;         /**< PostgreSQL lock_timeout (default 10000; 0: none) */
	sc_migrate_progress_fn progress; /**< NULL: silent */
	void *progress_ud;
} sc_migrate_options;

#define SC_MIGRATE_OPTIONS_INIT {10000, NULL, NULL}

/**
 * Apply, in order, every migration with version <= to (to < 0: all) that is
 * not applied yet. Refuses (SC_CONFLICT, nothing applied) when an applied
 * migration's text changed or an applied version is not in the array.
 * Returns SC_OK, or the first failure (that migration rolled back, the ones
 * before it kept). opts NULL: SC_MIGRATE_OPTIONS_INIT.
 */
sc_status sc_migrate_up(sc_conn *conn, const sc_migration *m, size_t n, int64_t to,
			const sc_migrate_options *opts);

/**
 * Revert, newest first, every applied migration with version > to
 * (to = 0: all of them), each with its down SQL in its own transaction.
 * opts NULL: SC_MIGRATE_OPTIONS_INIT.
 */
sc_status sc_migrate_down(sc_conn *conn, const sc_migration *m, size_t n, int64_t to,
			  const sc_migrate_options *opts);

/**
 * Clear the DIRTY mark of `version` once its statements were finished or
 * undone by hand: applied = true keeps it as applied, false removes it
 * from the history (it will run again on the next up). SC_NOT_FOUND when
 * the version is not marked DIRTY.
 */
sc_status sc_migrate_resolve(sc_conn *conn, int64_t version, bool applied);

typedef struct sc_applied_migration {
	int64_t version;
	char name[128];
	char checksum[65];
	char applied_at[40];  /**< ISO 8601, UTC */
	int64_t duration_ms;
	bool dirty;           /**< partially applied or reverted (outside a transaction) */
} sc_applied_migration;

/**
 * The history, oldest first. *out is malloc'd (free it); *n may be 0 (also
 * when the history table does not exist yet).
 */
sc_status sc_migrate_applied(sc_conn *conn, sc_applied_migration **out, size_t *n);

/**
 * Compare every applied migration's checksum with the array. SC_OK when all
 * match; SC_CONFLICT with *report (malloc'd, one line per problem) otherwise.
 * *report is NULL on SC_OK.
 */
sc_status sc_migrate_verify(sc_conn *conn, const sc_migration *m, size_t n, char **report);

/**
 * Drift check: read the live catalog (PostgreSQL pg_catalog of the current
 * schema; SQLite sqlite_master and pragmas) and compare it with the catalog
 * that `expected_sql` (the DDL of the expected schema, or the up migrations
 * concatenated) creates in a scratch space (a schema created and rolled back
 * in one transaction on PostgreSQL; an in-memory database on SQLite).
 * SC_OK with *report NULL when they match; SC_OK with *report (malloc'd, one
 * difference per line, in plain words) on drift; an error status when the
 * catalog could not be read.
 */
sc_status sc_migrate_check(sc_conn *conn, const char *expected_sql, char **report);

/**
 * Squashed migrations (`schemac migrate squash`): a migration whose up SQL
 * holds lines "-- schemac:replaces=VERSION:SHA256" replaces the migrations
 * with those versions and up checksums. A database that applied them is at
 * the squashed version: up, down and verify accept their history rows;
 * up refuses (SC_CONFLICT) a database that applied only some of them; down
 * reverts the squashed migration together with them, and only to a version
 * below the first one it replaces. True when m replaces `version` (with
 * `checksum`; NULL: any).
 */
bool sc_migration_replaces(const sc_migration *m, int64_t version, const char *checksum);

/**
 * Baseline: mark an existing database (made by hand, by another tool, or
 * before schemac) as migrated through version `to` without running
 * anything. Refused (SC_CONFLICT, nothing written) when the history is not
 * a consistent start (a DIRTY version, a changed checksum, an applied
 * version that is missing or past `to`) or when the live catalog differs
 * from what `expected_sql` (the DDL of the schema as of `to`) creates, as
 * in sc_migrate_check: then *report (malloc'd) lists the differences.
 * Otherwise every migration through `to` without a history row gets one
 * (checksum of its up SQL, duration 0), in one transaction.
 * SC_INVALID_ARGUMENT when no migration has version `to`. *report is NULL
 * unless the catalogs differ. opts NULL: SC_MIGRATE_OPTIONS_INIT (silent).
 */
sc_status sc_migrate_baseline(sc_conn *conn, const sc_migration *m, size_t n, int64_t to, const char *expected_sql,
			      char **report, const sc_migrate_options *opts);

/**
 * Two DDL scripts compared as sc_migrate_check compares a database with
 * one: each runs in a scratch space of its own (PostgreSQL: a schema
 * created and rolled back in one transaction on conn; SQLite, or conn
 * NULL: an in-memory database) and the catalogs are read and compared.
 * Nothing stays behind. SC_OK with *report NULL when they create the same
 * schema, else *report (malloc'd) lists the differences, "the schema" being
 * expected_sql and "the database" actual_sql; an error status when a
 * script fails (sc_error_last names the statement).
 */
sc_status sc_migrate_compare(sc_conn *conn, const char *expected_sql, const char *actual_sql, char **report);

/**
 * Run a migration script's statements one by one on conn, in the caller's
 * transaction. `file` names the script in errors. Used by the runner; also
 * handy for tests. Returns SC_OK or the failing statement's status, with
 * sc_error_last() naming file, statement and the database's message.
 */
sc_status sc_migrate_exec_script(sc_conn *conn, const char *sql, const char *file);

#ifdef __cplusplus
}
#endif

#endif
