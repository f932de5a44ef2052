/*
 * Status codes. Every runtime function that can fail returns an sc_status.
 *
 * SC_OK is 0, SC_ROW and SC_DONE (results of sc_stmt_step) are positive,
 * every failure is negative, so `if (rc < 0)` tests for an error.
 * The codes come from one table (SC_STATUS_MAP) that also yields the names
 * and the default messages.
 */
#ifndef SCHEMAC_STATUS_H
#define SCHEMAC_STATUS_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* XX(NAME, value, "default message") */
#define SC_STATUS_MAP(XX)                                                              \
	XX(OK, 0, "success")                                                           \
	XX(ROW, 1, "a row is available")                                               \
	XX(DONE, 2, "statement finished")                                              \
	XX(ERROR, -1, "database error")                                                \
	XX(NOT_FOUND, -2, "not found")                                                 \
	XX(CONFLICT, -3, "conflict: the row was changed concurrently")                 \
	XX(UNIQUE_VIOLATION, -4, "unique constraint violated")                         \
	XX(FOREIGN_KEY_VIOLATION, -5, "foreign key constraint violated")               \
	XX(CHECK_VIOLATION, -6, "check constraint violated")                           \
	XX(NOT_NULL_VIOLATION, -7, "not-null constraint violated")                     \
	XX(CONSTRAINT_VIOLATION, -8, "constraint violated")                            \
	XX(SERIALIZATION_FAILURE, -9, "serialization failure")                         \
	XX(DEADLOCK, -10, "deadlock detected")                                         \
	XX(POOL_TIMEOUT, -11, "timed out waiting for a pooled connection")             \
	XX(STATEMENT_TIMEOUT, -12, "statement timed out or was canceled")              \
	XX(LOCK_TIMEOUT, -13, "lock not available")                                    \
	XX(BUSY, -14, "database is busy (locked)")                                     \
	XX(CONNECTION_LOST, -15, "connection to the database lost")                    \
	XX(CONNECT_FAILED, -16, "could not connect to the database")                   \
	XX(AUTH_FAILED, -17, "authentication failed")                                  \
	XX(AMBIGUOUS_COMMIT, -18, "commit outcome unknown: connection lost during COMMIT") \
	XX(TX_ABORTED, -19, "transaction is aborted; roll it back")                    \
	XX(READ_ONLY, -20, "write attempted in a read-only transaction or database")   \
	XX(SQL_ERROR, -21, "SQL error (syntax, unknown table or column)")              \
	XX(DATA_ERROR, -22, "invalid data (bad value, out of range, too long)")        \
	XX(PERMISSION_DENIED, -23, "permission denied")                                \
	XX(INVALID_ARGUMENT, -24, "invalid argument")                                  \
	XX(NO_MEMORY, -25, "out of memory")                                            \
	XX(MISUSE, -26, "runtime API misused")                                         \
	XX(UNSUPPORTED, -27, "not supported by this database")                        \
	XX(CLOSED, -28, "pool or connection is closed")                                \
	XX(TOO_MANY_ROWS, -29, "more than one row where at most one was expected")

typedef enum sc_status {
#define SC__STATUS_ENUM(name, value, msg) SC_##name = value,
	SC_STATUS_MAP(SC__STATUS_ENUM)
#undef SC__STATUS_ENUM
} sc_status;

/**
 * "SC_UNIQUE_VIOLATION" for SC_UNIQUE_VIOLATION; "SC_UNKNOWN" for a value
 * not in the table. Static storage; safe from any thread.
 */
const char *sc_status_name(sc_status st);

/** Default human-readable message. Static storage; safe from any thread. */
const char *sc_status_message(sc_status st);

/**
 * True for the statuses sc_tx_run retries by default: serialization
 * failure, deadlock, busy. Safe from any thread.
 */
bool sc_status_is_retryable(sc_status st);

/**
 * Map a PostgreSQL SQLSTATE (5 characters) to a status. NULL or an unknown
 * class maps to SC_ERROR. Safe from any thread.
 */
sc_status sc_status_from_sqlstate(const char *sqlstate);

/**
 * Map a SQLite result code (primary or extended) to a status. SQLITE_OK,
 * SQLITE_ROW and SQLITE_DONE map to SC_OK, SC_ROW and SC_DONE.
 * Safe from any thread.
 */
sc_status sc_status_from_sqlite(int code);

/**
 * Error detail. Filled by every failing call on a connection (see
 * sc_conn_error) and, per thread, by every failing runtime call
 * (see sc_error_last). Strings are never NULL (empty when unknown).
 * Messages never contain a password or a value: server messages are passed
 * on as the server wrote them, primary message only (never the DETAIL line
 * that echoes row values), with the double-quoted parts of data-exception
 * messages (SQLSTATE class 22, which quote the offending input) replaced by
 * "***".
 */
typedef struct sc_error {
	sc_status status;
	const char *message;    /**< human-readable, one line */
	const char *sqlstate;   /**< PostgreSQL SQLSTATE, "" on SQLite */
	int sqlite_code;        /**< SQLite extended result code, 0 on PostgreSQL */
	const char *constraint; /**< constraint name, when the server gives it */
	const char *table;      /**< table name, when the server gives it */
	const char *column;     /**< column name, when the server gives it */
} sc_error;

/**
 * The last error raised by a runtime call on this thread. The pointer stays
 * valid until the next failing runtime call on the same thread.
 * Thread safety: thread-local.
 */
const sc_error *sc_error_last(void);

/** Reset this thread's last error to SC_OK. */
void sc_error_clear(void);

#ifdef __cplusplus
}
#endif

#endif
