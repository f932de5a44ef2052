/*
 * runtime/src/backend: the database drivers. Owns everything that touches
 * a libpq PGconn/PGresult or a sqlite3/sqlite3_stmt handle: pg.c, pg_batch.c
 * (pipeline mode), pg_copy.c (COPY FROM STDIN), sqlite.c, sqlite_fold.c,
 * sqlite_json.c and sqlite_decimal.c (functions and collation of the filters).
 * Core (and codec, for batches and COPY) reach them only through
 * sc_backend_ops (conn->ops), never by name; each backend keeps its session
 * in conn->be and its statement state in st->be.
 * This header also defines the connection and statement objects both core
 * and the backends read (core owns their lifecycle) and error recording on
 * a connection (errors.c).
 * May include: base/. Never core/, codec/ or migrate/. Not installed.
 */
#ifndef SC_BACKEND_BACKEND_H
#define SC_BACKEND_BACKEND_H

#include "base/base.h"

/* ---- statements --------------------------------------------------------- */


typedef struct sc_cache_entry sc_cache_entry; /* core/core.h */

struct sc_stmt {
	sc_conn *conn;
	sc_cache_entry *entry; /* NULL for a transient (uncached) statement */
	char *sql;             /* original SQL ($n placeholders) */
	int nparams;           /* highest $n found in the SQL */
	bool in_use;
	bool streaming;  /* rows one at a time (sc_stmt_set_streaming) until finalize */
	bool binary;     /* results in binary format where the backend has one
			  * (sc_stmt_prepare_binary) until finalize */

	/* execution state */
	bool executed;   /* sent / started since the last reset */
	bool finished;   /* SC_DONE or error reached */
	bool on_row;     /* the last step returned SC_ROW */
	bool hook_fired; /* query hook called for this execution */
	bool result_ready; /* set by a backend's step: the whole result arrived,
			    * so the execution is complete (core fires the hook) */
	int ncols;       /* column count of the current result (valid when on_row) */
	sc_status stop_status; /* set by a backend's reset: how the rest of a stream
				* stopped early ended (SC_OK, or its error, recorded
				* on the connection) */
	int64_t t_start;
	int64_t rows;    /* rows returned so far / affected */

	void *be; /* backend statement state, owned by conn->ops (stmt_prepare .. stmt_free) */
};

/* ---- backend interface ------------------------------------------------ */

/* Appends row i of a binary COPY to b (sc_backend_ops.copy_in_binary). */
typedef sc_status (*sc_copy_row_fn)(sc_conn *c, size_t i, sc_bytebuf *b, void *ud);

typedef struct sc_backend_ops {
	sc_dialect dialect;
	const char *name;
	/* Open the session; fills conn->be. deadline: monotonic us. */
	sc_status (*connect)(sc_conn *c, int64_t deadline_us);
	/* Close the session and free conn->be. */
	void (*close)(sc_conn *c);
	/* After fork(), in the child: free without touching the parent's session. */
	void (*abandon)(sc_conn *c);
	/* Cheap check of an idle connection (no round trip): false if broken. */
	bool (*check_idle)(sc_conn *c);
	/* Cancel the running statement; callable from any thread. */
	void (*cancel)(sc_conn *c);
	/* Simple statements, no parameters, results discarded. */
	sc_status (*exec)(sc_conn *c, const char *sql);
	/* Prepare st->sql (or defer) and set st->be; the stmt is reused across
	 * executions. */
	sc_status (*stmt_prepare)(sc_stmt *st);
	/* Free backend resources of st (eviction or transient finalize); st->be
	 * is NULL afterwards. Also called after a failed stmt_prepare. */
	void (*stmt_free)(sc_stmt *st);
	/* The server session was replaced while st was held: st must be
	 * prepared again before its next execution (NULL: nothing to do). */
	void (*stmt_forget_prepared)(sc_stmt *st);
	sc_status (*bind)(sc_stmt *st, int idx, const sc_value *v);
	void (*clear_bindings)(sc_stmt *st);
	/* Execute on first call, then advance; SC_ROW / SC_DONE / error. */
	sc_status (*step)(sc_stmt *st);
	/* Drop the result; keep bindings. */
	void (*reset)(sc_stmt *st);
	int (*column_count)(const sc_stmt *st);
	const char *(*column_name)(const sc_stmt *st, int col);
	bool (*column_is_null)(const sc_stmt *st, int col);
	/* Convert column col to `want`; SC_V_NULL in out->type for NULL. */
	sc_status (*column)(sc_stmt *st, int col, sc_vtype want, sc_value *out);
	/* The current row's values (an array of sc_raw_col, schemac/rowread.h)
	 * when the result is binary, else NULL (NULL op: never binary). */
	const void *(*raw_row)(sc_stmt *st);
	/* Outermost BEGIN with options / COMMIT or ROLLBACK. */
	sc_status (*begin)(sc_conn *c, const sc_tx_options *o);
	sc_status (*end)(sc_conn *c, bool commit);
	/* True when the server session is inside a transaction block. */
	bool (*in_tx)(sc_conn *c);
	/* Back to the state of a new session (outside a transaction): what a
	 * borrower set, created or took is gone; our statements stay. */
	sc_status (*reset_session)(sc_conn *c);
	const char *(*server_version)(sc_conn *c, char *buf, size_t n);
	void *(*native)(sc_conn *c);
	/* Batch execution of st (NULL: the portable loop in batch.c is used).
	 * On failure *fail_item is the index of the failing item; *rows gets
	 * the rows affected/returned by all items. The statement is left reset. */
	sc_status (*exec_batch)(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row,
				void *ud, size_t *fail_item, int64_t *rows);
	/* Bulk load (NULL: not supported): copy_sql (COPY ... FROM STDIN, text
	 * format) with n rows of ncols values; bind(st, i, ud) binds row i's
	 * values as parameters 1..ncols of a scratch statement (the usual
	 * sc_stmt_bind_* calls). Core's sc__conn_copy_in fires the hook. */
	sc_status (*copy_in)(sc_conn *c, const char *copy_sql, int ncols, size_t n, sc_batch_bind_fn bind,
			     void *ud);
	/* The same in PostgreSQL's binary COPY format (copy_sql ends in
	 * "WITH (FORMAT binary)"): the backend sends the header and trailer,
	 * row(c, i, b, ud) appends row i's tuple to b. */
	sc_status (*copy_in_binary)(sc_conn *c, const char *copy_sql, size_t n, sc_copy_row_fn row, void *ud);
} sc_backend_ops;

/* The backends (pg.c, sqlite.c). */
extern const sc_backend_ops sc__pg_ops;
extern const sc_backend_ops sc__sqlite_ops;

/* ---- connections ------------------------------------------------------ */

typedef struct sc_change_rec sc_change_rec;    /* core/core.h */

/* The per-connection statement cache (core/stmt.c). */
typedef struct sc_stmt_cache {
	sc_cache_entry **buckets;
	sc_cache_entry **by_addr; /* direct-mapped by SQL address (nbuckets slots) */
	size_t nbuckets;
	size_t count;
	sc_cache_entry *lru_head, *lru_tail;
	unsigned next_name;
} sc_stmt_cache;

struct sc_conn {
	const sc_backend_ops *ops;
	sc_shared *sh;
	sc_pool *pool;      /* NULL when standalone */
	void *be;           /* backend session */
	unsigned fork_gen;  /* sc__fork_gen() when opened */
	bool broken;
	bool closing;       /* being destroyed: skip per-statement cleanup SQL */

	/* transactions */
	int tx_depth;
	bool tx_read_only;
	bool tx_aborted;    /* SQLite: a statement failed in this transaction (tx.c) */
	int64_t tx_sent;    /* statements sent since the outermost BEGIN */
	char *tenant;
	size_t *sp_marks;   /* change-queue length at each savepoint */
	int sp_cap;
	sc_change_rec *changes;
	size_t nchanges, capchanges;

	/* the session may hold state a borrower left: PostgreSQL, any statement
	 * ran; SQLite, one the authorizer flagged (backend_sqlite.c) */
	bool session_used;
	bool native_used;   /* sc_conn_native was called since the last reset */

	sc_errbuf err;
	sc_stmt_cache cache;
	/* SQL texts codec made for this connection (update_fields per column
	 * set, codec/update_sql.c), freed by sql_texts_free on close */
	void *sql_texts;
	void (*sql_texts_free)(void *texts);
	/* the same for projected gets (codec/projection.c) */
	void *proj_texts;
	void (*proj_texts_free)(void *texts);
	/* and the texts of lists and bulk writes per filter shape
	 * (codec/query_texts.c), freed by query_texts_free */
	void *query_texts;
	void (*query_texts_free)(void *texts);
	int stmts_out;      /* statements handed out and not finalized */
	sc_stmt *streaming; /* a streaming execution holds the session: nothing
			     * else may run until it ends or is reset (stmt.c) */

	/* pool bookkeeping (protected by the pool mutex where noted) */
	int64_t created_us, expires_us, idle_since_us, acquired_us, last_ping_us;
	sc_site site;
	bool leak_reported;
	/* read-your-writes (pool.c): borrowed from the primary for reading
	 * (sc_pool_acquire_read's fallback); a statement ran since acquire */
	bool read_borrow;
	bool ran_sql;
	sc_conn *prev, *next; /* idle or in-use list (pool mutex) */

};


/* Record an error on the connection (and thread-locally), scrubbing the
 * connection's secrets out of the message (errors.c). */
sc_status sc__conn_err(sc_conn *c, sc_status st, const char *sqlstate, int sqlite_code,
		       const char *msg, const char *constraint, const char *table,
		       const char *column);
sc_status sc__conn_errf(sc_conn *c, sc_status st, const char *fmt, ...) SC_PRINTF(3, 4);

#endif
