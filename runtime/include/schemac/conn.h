/*
 * Connections.
 *
 * An sc_conn is one database session. Most code borrows one from a pool
 * (sc_pool_acquire / sc_pool_release); tools such as the migration runner
 * may open a standalone one with sc_conn_open.
 *
 * Thread safety: an sc_conn, and every sc_stmt made from it, is used by one
 * thread at a time (the one that acquired it); it may move between threads
 * with proper synchronisation (e.g. through the pool). Different
 * connections are independent.
 */
#ifndef SCHEMAC_CONN_H
#define SCHEMAC_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "hooks.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_conn sc_conn;

/**
 * Open a standalone connection (no pool) with cfg's URL and settings
 * (connect timeout, statement timeout, hooks, ...). Connecting is retried
 * with backoff for cfg->connect_retry_ms. On success *out is the caller's,
 * to be closed with sc_conn_close. On failure *out is NULL and
 * sc_error_last() has the (password-free) reason.
 */
sc_status sc_conn_open(sc_conn **out, const sc_config *cfg);

/**
 * Close a standalone connection (rolls back an open transaction first).
 * NULL is a no-op. Must not be used on a pooled connection (use
 * sc_pool_release). Finalize the connection's statements first.
 */
void sc_conn_close(sc_conn *conn);

/** The connection's dialect. */
sc_dialect sc_conn_dialect(const sc_conn *conn);

/**
 * Details of the last failed call on this connection; valid until the next
 * call on it. Never NULL.
 */
const sc_error *sc_conn_error(const sc_conn *conn);

/**
 * Run one or more SQL statements without parameters or results (DDL, SET,
 * ...). Multiple statements separated by ';' are allowed.
 */
sc_status sc_conn_exec(sc_conn *conn, const char *sql);

/** Round trip to the server ("SELECT 1"); SC_OK when the session works. */
sc_status sc_conn_ping(sc_conn *conn);

/** False once the server session is known to be lost. The call that hit
 *  the loss returned SC_CONNECTION_LOST; outside a transaction the next call
 *  reconnects in place, inside one calls return SC_TX_ABORTED until
 *  sc_tx_rollback (see docs/runtime.md). A pooled connection that is still
 *  broken when released is replaced. */
bool sc_conn_is_healthy(const sc_conn *conn);

/**
 * Server version as text ("15.5", "3.40.1"), into buf (size n, NUL-
 * terminated). Returns buf.
 */
const char *sc_conn_server_version(sc_conn *conn, char *buf, size_t n);

/** True for a connection to a read replica (see sc_pool_acquire_read). */
bool sc_conn_is_replica(const sc_conn *conn);

/** Depth of open transactions: 0 none, 1 a transaction, >1 savepoints. */
int sc_conn_tx_depth(const sc_conn *conn);

/** Tenant set for the current transaction (sc_tx_options.tenant), or NULL.
 *  Owned by the connection: valid until the transaction ends. */
const char *sc_conn_tenant(const sc_conn *conn);

/**
 * The backend handle (PGconn * or sqlite3 *) for what the runtime does not
 * wrap. Do not close it or change its transaction state behind the
 * runtime's back.
 */
void *sc_conn_native(sc_conn *conn);

#ifdef __cplusplus
}
#endif

#endif
