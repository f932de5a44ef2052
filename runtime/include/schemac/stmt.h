/*
 * Prepared statements: prepare, bind, step, read columns.
 *
 * SQL uses PostgreSQL placeholders $1..$n on both databases (the runtime
 * rewrites them to ?1..?n for SQLite, outside string literals, quoted
 * identifiers and comments). A statement is prepared once per connection
 * and cached by its SQL text; sc_stmt_prepare on a cached text costs a hash
 * lookup. With prepared_statements = false (PgBouncer transaction mode)
 * statements are sent unnamed instead.
 *
 * Lifecycle:  prepare -> bind* -> step (SC_ROW ... SC_DONE) -> reset ->
 *             bind* -> step ... -> finalize.
 * Binding copies the value, so the caller's buffer may be reused at once.
 * Parameter indexes are 1-based ($1 is index 1), column indexes 0-based.
 *
 * Value mapping (SPEC 1.3):
 *   type        bind/column   PostgreSQL          SQLite
 *   bool        bool          boolean             INTEGER 0/1
 *   int16/32/64 int*          smallint/int/bigint INTEGER
 *   double      double        double precision    REAL
 *   text        text          text/varchar/jsonb/ TEXT
 *                             numeric/enum text
 *   bytes       blob          bytea               BLOB
 *   uuid        uuid          uuid                TEXT lowercase canonical
 *   timestamp   timestamp     timestamptz         INTEGER microseconds
 *   date        date          date                TEXT 'YYYY-MM-DD'
 *   time        time          time                INTEGER microseconds
 *                                                 since midnight
 * On PostgreSQL values travel in text format with the session in UTC and ISO
 * date style (results of sc_stmt_prepare_binary in binary: rowread.h); conversions are exact (microseconds, int64 extremes, every
 * byte of text and bytea, doubles in shortest round-trip form).
 *
 * Thread safety: as for the owning connection (one thread at a time).
 * A statement must be finalized before its connection is released.
 */
#ifndef SCHEMAC_STMT_H
#define SCHEMAC_STMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "conn.h"
#include "status.h"
#include "uuid.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_stmt sc_stmt;

/**
 * Prepare `sql` on conn (from the per-connection cache when possible).
 * On success *out belongs to the caller until sc_stmt_finalize. On failure
 * *out is NULL; see sc_conn_error(conn). Errors in the SQL are reported
 * here when prepared statements are on, otherwise at the first step.
 */
sc_status sc_stmt_prepare(sc_stmt **out, sc_conn *conn, const char *sql);

/** Return the statement to the connection's cache. NULL is a no-op. */
void sc_stmt_finalize(sc_stmt *st);

/** Number of parameters ($n with the highest n), when known (-1 if not). */
int sc_stmt_param_count(const sc_stmt *st);

sc_status sc_stmt_bind_null(sc_stmt *st, int idx);
sc_status sc_stmt_bind_bool(sc_stmt *st, int idx, bool v);
sc_status sc_stmt_bind_int16(sc_stmt *st, int idx, int16_t v);
sc_status sc_stmt_bind_int32(sc_stmt *st, int idx, int32_t v);
sc_status sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t v);
sc_status sc_stmt_bind_double(sc_stmt *st, int idx, double v);
/** Text (UTF-8, no NUL bytes). len (size_t)-1: strlen(v). v NULL binds NULL.
 *  Also for json, decimal/numeric text and enum names. */
sc_status sc_stmt_bind_text(sc_stmt *st, int idx, const char *v, size_t len);
/** Bytes (any content). v may be NULL when len is 0 (an empty value). */
sc_status sc_stmt_bind_blob(sc_stmt *st, int idx, const void *v, size_t len);
/** uuid; NULL binds SQL NULL. */
sc_status sc_stmt_bind_uuid(sc_stmt *st, int idx, const sc_uuid *v);
/** Microseconds since the epoch, UTC. */
sc_status sc_stmt_bind_timestamp(sc_stmt *st, int idx, int64_t micros);
/** Days since the epoch. */
sc_status sc_stmt_bind_date(sc_stmt *st, int idx, int32_t days);
/** Microseconds since midnight (time of day, 0 .. SC_TIME_MAX). */
sc_status sc_stmt_bind_time(sc_stmt *st, int idx, int64_t micros);

/** Unbind every parameter (all become NULL). */
sc_status sc_stmt_clear_bindings(sc_stmt *st);

/**
 * Execute (on the first call after prepare/reset) and advance to the next
 * row. Returns SC_ROW when a row is available, SC_DONE when there are no
 * more rows (or the statement returns none), or an error (details in
 * sc_conn_error). On PostgreSQL the whole result is received by the first
 * step (unless the statement is streaming, below); on SQLite rows are
 * produced one by one.
 */
sc_status sc_stmt_step(sc_stmt *st);

/**
 * Streaming: from the next execution on, rows arrive one at a time, so a
 * result of any size is read in constant memory. On PostgreSQL the query
 * runs in libpq's single-row mode (libpq 15 has no chunked mode); SQLite
 * always steps row by row. Column values are valid until the next step, as
 * usual. The mode lasts until sc_stmt_finalize (a cached statement goes
 * back to whole results); setting it resets a started execution.
 * While a streaming execution is open (until sc_stmt_step returns SC_DONE
 * or an error, or sc_stmt_reset/finalize) it holds the session: preparing
 * or starting another statement on the connection fails with SC_MISUSE.
 * Stopping early (reset or finalize before SC_DONE) ends the execution on
 * PostgreSQL, leaving the connection, an open transaction and the statement
 * cache as they were: a SELECT outside a transaction block is cancelled;
 * anything else is read to its end and discarded (time grows with the rows
 * left), and if that rest fails, sc_stmt_reset returns the error (inside a
 * transaction, the transaction is then aborted). An error in the middle of the result (e.g. a division by
 * zero in row 1000) is returned by the step that meets it, after the rows
 * before it were delivered; the connection stays usable (inside a
 * transaction, the transaction is aborted as for any failed statement).
 * The query hook fires once, at the end, with the rows read.
 */
sc_status sc_stmt_set_streaming(sc_stmt *st, bool on);

/**
 * Run st (with its current bindings) streaming and call row(st, ud) for
 * each row, read with the column getters. row returns SC_OK to go on,
 * SC_DONE to stop early (sc_stmt_each then returns SC_OK), or an error
 * status, which stops and is returned. The statement is reset afterwards
 * (the rest of an early-stopped result drained) and keeps its bindings.
 * The callback must not use the connection (SC_MISUSE).
 */
typedef sc_status (*sc_stmt_row_fn)(sc_stmt *st, void *ud);
sc_status sc_stmt_each(sc_stmt *st, sc_stmt_row_fn row, void *ud);

/** Step until SC_DONE, discarding rows; returns SC_OK or the error. */
sc_status sc_stmt_exec(sc_stmt *st);

/** Forget the result so the statement can run again; bindings are kept.
 *  SC_OK, or the error the rest of a stream stopped early ended with. */
sc_status sc_stmt_reset(sc_stmt *st);

/**
 * Rows changed by the last INSERT/UPDATE/DELETE (after SC_DONE), or rows
 * returned so far for a query. */
int64_t sc_stmt_rows_affected(const sc_stmt *st);

/** The SQL text as given to sc_stmt_prepare (owned by the statement). */
const char *sc_stmt_sql(const sc_stmt *st);

/* Columns of the current row (valid after SC_ROW, until the next step,
 * reset or finalize). Pointers returned (text, blob) stay valid until then.
 * A getter on a NULL column stores 0 / NULL and returns SC_OK; test with
 * sc_stmt_column_is_null. A value that does not convert exactly to the
 * requested type returns SC_DATA_ERROR (e.g. 70000 into int16). */
int sc_stmt_column_count(const sc_stmt *st);
const char *sc_stmt_column_name(const sc_stmt *st, int col);
bool sc_stmt_column_is_null(const sc_stmt *st, int col);
sc_status sc_stmt_column_bool(sc_stmt *st, int col, bool *out);
sc_status sc_stmt_column_int16(sc_stmt *st, int col, int16_t *out);
sc_status sc_stmt_column_int32(sc_stmt *st, int col, int32_t *out);
sc_status sc_stmt_column_int64(sc_stmt *st, int col, int64_t *out);
sc_status sc_stmt_column_double(sc_stmt *st, int col, double *out);
/** Text, NUL-terminated, owned by the statement; *len (if non-NULL) gets the
 *  byte length. A NULL column yields NULL. bytea columns come as "\x..." hex. */
sc_status sc_stmt_column_text(sc_stmt *st, int col, const char **out, size_t *len);
/** Bytes, owned by the statement (bytea decoded on PostgreSQL). */
sc_status sc_stmt_column_blob(sc_stmt *st, int col, const void **out, size_t *len);
sc_status sc_stmt_column_uuid(sc_stmt *st, int col, sc_uuid *out);
sc_status sc_stmt_column_timestamp(sc_stmt *st, int col, int64_t *out);
sc_status sc_stmt_column_date(sc_stmt *st, int col, int32_t *out);
sc_status sc_stmt_column_time(sc_stmt *st, int col, int64_t *out);
/** malloc'd copy of a text column (caller frees); NULL column -> NULL, SC_OK. */
sc_status sc_stmt_column_text_dup(sc_stmt *st, int col, char **out);

/**
 * Batch execution: run `st` once per item i in [0, n), with the parameters
 * bound by bind(st, i, ud). Rows the statement returns (RETURNING) are given
 * to row(st, i, ud) in item order, read with the column getters (row may be
 * NULL). On PostgreSQL the executions are pipelined (libpq pipeline mode,
 * nonblocking, a Sync every 1000 items: a round trip per window instead of
 * per item); on SQLite the prepared statement is stepped and reset n times.
 * Outside a transaction the batch runs in its own transaction (all items or
 * none); inside the caller's, the caller commits or rolls back (after an
 * error on PostgreSQL the transaction is aborted).
 * Returns SC_OK, or the first error by item (from the database or a
 * callback), which stops the batch; sc_conn_error then names the failing
 * item in its message ("item 17: ...") and keeps the SQLSTATE, constraint,
 * table and column. The connection stays usable after a statement error.
 * The query hook sees the batch as one query (the statement's SQL, the
 * whole duration, the rows of all items, the batch's status).
 * The callbacks must not use the connection for anything else.
 * Thread safety: like every call on a connection.
 */
typedef sc_status (*sc_batch_bind_fn)(sc_stmt *st, size_t i, void *ud);
typedef sc_status (*sc_batch_row_fn)(sc_stmt *st, size_t i, void *ud);
sc_status sc_stmt_exec_batch(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row,
			     void *ud);

#ifdef __cplusplus
}
#endif

#endif
