/*
 * Transactions.
 *
 * Transactions belong to a connection. sc_tx_begin on a connection already
 * in a transaction creates a savepoint; the matching commit releases it and
 * rollback rolls back to it, so nested code composes.
 *
 * On SQLite a read-write transaction starts with BEGIN IMMEDIATE (the write
 * lock is taken up front, so it cannot fail with "busy" half-way), a
 * read-only one with BEGIN DEFERRED plus PRAGMA query_only.
 *
 * Thread safety: as for the connection (one thread at a time).
 */
#ifndef SCHEMAC_TX_H
#define SCHEMAC_TX_H

#include <stdbool.h>
#include "conn.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_pool sc_pool;

typedef enum sc_isolation {
	SC_ISOLATION_DEFAULT = 0, /**< the server's default (READ COMMITTED on PostgreSQL) */
	SC_ISOLATION_READ_COMMITTED,
	SC_ISOLATION_REPEATABLE_READ,
	SC_ISOLATION_SERIALIZABLE
} sc_isolation;

typedef struct sc_tx_options {
	sc_isolation isolation; /**< PostgreSQL only (SQLite is always serializable) */
	bool read_only;         /**< writes fail with SC_READ_ONLY; sc_tx_run takes the
	                             connection from a read replica when the pool has
	                             them (sc_pool_acquire_read) */
	bool deferrable;        /**< PostgreSQL SERIALIZABLE READ ONLY DEFERRABLE */
	/** Tenant for row-level security: on PostgreSQL set with
	 *  set_config('schemac.tenant', tenant, true) right after BEGIN
	 *  (transaction-local). NULL: none. Copied. */
	const char *tenant;
} sc_tx_options;

/** Options initialiser: default isolation, read-write, no tenant. */
#define SC_TX_OPTIONS_INIT {SC_ISOLATION_DEFAULT, false, false, NULL}

/**
 * Begin a transaction (or, when one is open, a savepoint; options of a
 * nested begin are ignored). opts may be NULL for the defaults.
 */
sc_status sc_tx_begin(sc_conn *conn, const sc_tx_options *opts);

/**
 * Commit the innermost transaction level. For the outermost level, a lost
 * connection while COMMIT was in flight returns SC_AMBIGUOUS_COMMIT: the
 * transaction may or may not have been committed. A failed COMMIT
 * (e.g. serialization failure at commit) leaves no transaction open.
 */
sc_status sc_tx_commit(sc_conn *conn);

/** Roll back the innermost level (to its savepoint when nested). */
sc_status sc_tx_rollback(sc_conn *conn);

/**
 * Callback run by sc_tx_run inside a transaction. Return SC_OK to commit,
 * anything else to roll back (that status is returned by sc_tx_run, and
 * retried if retryable). The callback may run several times, so it must not
 * have effects outside the database that cannot be repeated.
 */
typedef sc_status (*sc_tx_fn)(sc_conn *conn, void *ud);

/**
 * Acquire a connection from pool, run fn in a transaction, commit, release.
 * The whole callback is retried, with exponential backoff and full jitter,
 * capped by the pool's retry_max_attempts and retry_max_time_ms, when it
 * fails with SC_SERIALIZATION_FAILURE, SC_DEADLOCK or SC_BUSY, and when
 * the connection was lost before anything of the transaction had been sent.
 * SC_AMBIGUOUS_COMMIT is never retried.
 * Returns SC_OK or the last failure.
 * Thread safety: safe from any thread (uses the pool).
 */
sc_status sc_tx_run(sc_pool *pool, const sc_tx_options *opts, sc_tx_fn fn, void *ud);

/**
 * Like sc_tx_run on a connection the caller holds. Outside a transaction it
 * retries like sc_tx_run (a connection lost before anything was sent is
 * reconnected in place by the next attempt).
 * Inside one it runs fn under a savepoint once, without retry (the
 * enclosing transaction must be retried as a whole).
 */
sc_status sc_tx_run_on(sc_conn *conn, const sc_tx_options *opts, sc_tx_fn fn, void *ud);

#ifdef __cplusplus
}
#endif

#endif
