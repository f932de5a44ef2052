/*
 * runtime/src/core: the session machinery over the backends. Owns
 * connections (conn.c), statements and their per-connection cache
 * (stmt.c), the pool with fork safety and replicas (pool.c), transactions
 * (tx.c), the query and change hooks and the in-memory cache (hooks.c),
 * health (health.c) and metrics (metrics.c).
 * May include: backend/ and base/. Never codec/ or migrate/. Not installed.
 */
#ifndef SC_CORE_CORE_H
#define SC_CORE_CORE_H

#include "backend/backend.h"

struct sc_change_rec {
	char *table;
	char *key;
	char *cache_key;
	sc_change_op op;
	sc_change_value *values; /* one block with its strings (NULL: none) */
	size_t nvalues;
	bool has_old, has_new;
};

struct sc_cache_entry {
	sc_stmt st;           /* the reusable statement */
	uint64_t hash;
	const char *addr;      /* address of the SQL text last looked up for it */
	sc_cache_entry *hnext; /* hash chain */
	sc_cache_entry *lprev, *lnext; /* LRU list, most recent first */
};

/* Create a connection object and connect it (one attempt, until deadline). */
sc_status sc__conn_create(sc_conn **out, sc_shared *sh, sc_pool *pool, int64_t deadline_us);
/* Close and free. */
void sc__conn_destroy(sc_conn *c);
/* Undo session state a borrower left (pool release); see docs/runtime.md. */
sc_status sc__conn_reset_session(sc_conn *c);
/* After fork in the child. */
void sc__conn_abandon(sc_conn *c);
/* SC_OK if the connection may be used. A connection lost outside a
 * transaction is reconnected here (the loss was reported by the call that
 * hit it); inside one the call fails with SC_TX_ABORTED until rollback. */
sc_status sc__conn_check(sc_conn *c);
/* Query finished: metrics, slow-query log, query hook. */
void sc__query_done(sc_conn *c, const char *sql, int64_t t_start, int64_t rows, sc_status st);
/* Discard queued change events (rollback), down to `keep` entries. */
void sc__changes_truncate(sc_conn *c, size_t keep);
/* Deliver queued change events (commit of the outermost transaction). */
void sc__changes_deliver(sc_conn *c);
/* Bulk load through the backend's copy_in (which must be set; see
 * sc_backend_ops), then the query hook once. */
sc_status sc__conn_copy_in(sc_conn *c, const char *copy_sql, int ncols, size_t n, sc_batch_bind_fn bind,
			   void *ud);
/* The same through copy_in_binary (which must be set). */
sc_status sc__conn_copy_in_binary(sc_conn *c, const char *copy_sql, size_t n, sc_copy_row_fn row, void *ud);
/* Statement cache */
void sc__stmt_cache_free(sc_conn *c);
/* The server session was replaced: drop cached statements not in use and
 * mark the ones in use as not prepared. */
void sc__stmt_cache_reset(sc_conn *c);
/* Execution of st is complete (result received / SC_DONE / error): fire
 * the query hook once. */
void sc__stmt_complete(sc_stmt *st, sc_status rc);
/* Reset the transaction bookkeeping of a connection (no SQL sent). */
void sc__tx_forget(sc_conn *c);
/* sc__conn_check, and SC_TX_ABORTED after a failed statement in the
 * current transaction until it is rolled back (PostgreSQL's rule, which the
 * server enforces itself there and tx_aborted emulates on SQLite). For
 * every call that runs a statement; not for prepare (PostgreSQL does not
 * refuse a cached one either) nor for rollback. */
sc_status sc__conn_check_tx(sc_conn *c);
/* SC_MISUSE while a streaming statement holds the session (stmt.c sets
 * c->streaming); checked by sc__conn_check_tx and sc_stmt_prepare. */
sc_status sc__conn_stream_busy(sc_conn *c);

/* ---- pool internals used by tx.c, metrics.c, health.c ------------------ */
sc_shared *sc__pool_shared(sc_pool *p);
/* Last failed connection attempt: time (monotonic us, 0 if none) and
 * message (msg may be NULL). */
int64_t sc__pool_last_failure(sc_pool *p, char *msg, size_t n);
/* Replica pool i of a primary, or NULL. */
sc_pool *sc__pool_replica(sc_pool *p, int i);
/* A write may have committed through c (a primary connection borrowed for
 * writing): start this thread's read-your-writes window. */
void sc__pool_note_write(sc_conn *c);

#endif
