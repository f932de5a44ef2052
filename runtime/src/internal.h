/*
 * Internal declarations shared by the runtime's source files.
 * Not installed; nothing here is part of the public API.
 */
#ifndef SCHEMAC_INTERNAL_H
#define SCHEMAC_INTERNAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schemac/schemac.h"

#define SC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SC_UNUSED(x) ((void)(x))

#if defined(__GNUC__) || defined(__clang__)
#define SC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SC_PRINTF(f, a)
#endif

/* ---- time, randomness, small helpers (util.c) ------------------------- */

/** CLOCK_MONOTONIC in microseconds. */
int64_t sc__mono_us(void);
/** Sleep for us microseconds (restarts on EINTR). */
void sc__sleep_us(int64_t us);
/** Uniform random in [0, bound) (bound > 0), per-thread generator. */
uint64_t sc__rand_below(uint64_t bound);
uint64_t sc__rand64(void);
/** Full-jitter exponential backoff for attempt n (1-based), microseconds. */
int64_t sc__backoff_us(int attempt, int64_t base_ms, int64_t max_ms);
char *sc__strdup(const char *s);
char *sc__strndup(const char *s, size_t n);
/** snprintf that never overflows and tolerates n == 0. */
void sc__strlcpy(char *dst, const char *src, size_t n);

/* ---- errors (status.c) ------------------------------------------------ */

typedef struct sc_errbuf {
	sc_error pub;
	char message[512];
	char sqlstate[6];
	char constraint[128];
	char table[128];
	char column[128];
} sc_errbuf;

void sc__errbuf_init(sc_errbuf *e);
/** Fill e (scrubbing `secret` out of the message) and copy it to the
 *  thread-local last error. Returns status. */
sc_status sc__err_set(sc_errbuf *e, const char *const *secrets, sc_status status,
		      const char *sqlstate, int sqlite_code, const char *message,
		      const char *constraint, const char *table, const char *column);
/** Thread-local error only (no connection at hand). */
sc_status sc__tls_err(sc_status status, const char *fmt, ...) SC_PRINTF(2, 3);
/** Replace every occurrence of each secret in buf (in place) with "***". */
void sc__scrub(char *buf, size_t cap, const char *const *secrets);

/* ---- secrets in connection strings (redact.c) ------------------------- */

/** Distinct secret strings kept per URL for scrubbing messages. */
#define SC_MAX_SECRETS 6
/** A libpq keyword whose value may be printed (host, port, user, ...). */
bool sc__conninfo_key_safe(const char *key, size_t len);
/** The URL's user-info reads differently to libpq (first '@' before a '/')
 *  and to sc_url_redact (last '@'): a password with unencoded delimiters. */
bool sc__url_ambiguous(const char *url);
/** The raw (percent-encoded) password of a URL, malloc'd, or NULL;
 *  libpq_view: up to the first '@' before a '/', else the last '@'. */
char *sc__url_password_raw(const char *url, bool libpq_view);
/** Copy in to out with every double-quoted part replaced by "***". */
void sc__mask_quoted(char *out, size_t n, const char *in);

/* ---- settings shared by a pool's connections (config.c) --------------- */

typedef struct sc_settings {
	sc_dialect dialect;
	char *url;          /* as given (contains the password; never printed) */
	char *display_url;  /* redacted */
	char *name;
	char *sqlite_path;  /* SQLite only */
	const char *secrets[SC_MAX_SECRETS + 1]; /* password forms to scrub; NULL-terminated */
	char *secret_store[SC_MAX_SECRETS];
	bool pg_opaque_errors; /* libpq's connect messages may echo a secret: withhold them */
	bool pg_user_options; /* the URL carries libpq "options" */
	char *pg_user_options_val;

	int min_conns, max_conns;
	int64_t acquire_timeout_ms, connect_timeout_ms, connect_retry_ms;
	int64_t statement_timeout_ms, max_lifetime_ms, idle_timeout_ms;
	int64_t validate_idle_ms, health_check_interval_ms, leak_threshold_ms;
	int64_t slow_query_ms, close_timeout_ms;
	int retry_max_attempts;
	int64_t retry_base_delay_ms, retry_max_delay_ms, retry_max_time_ms;
	bool prepared_statements;
	int statement_cache_size;
	int64_t sqlite_busy_timeout_ms;
	char *on_connect_sql;
	char *replica_urls[SC_MAX_REPLICAS];
	int n_replicas;
	bool replica;       /* a read replica's pool: sessions are read-only */

	sc_log_fn log_fn;
	void *log_ud;
	sc_log_level log_level;
	sc_query_hook query_hook;
	void *query_hook_ud;
	sc_change_hook change_hook;
	void *change_hook_ud;
	sc_cache *cache;
} sc_settings;

sc_status sc__settings_from_config(sc_settings *s, const sc_config *cfg);
void sc__settings_free(sc_settings *s);

/* ---- counters (metrics.c) ------------------------------------------- */

typedef struct sc_counters {
	atomic_uint_fast64_t acquires, acquire_timeouts, acquire_wait_us;
	atomic_uint_fast64_t conns_created, conns_closed, conns_failed, conns_broken;
	atomic_uint_fast64_t leaks, queries, query_errors, slow_queries, query_time_us;
	atomic_uint_fast64_t tx_commits, tx_rollbacks, tx_retries;
} sc_counters;

#define SC_COUNT(ctr, field, n) atomic_fetch_add_explicit(&(ctr)->field, (uint_fast64_t)(n), memory_order_relaxed)
#define SC_READ(ctr, field) ((uint64_t)atomic_load_explicit(&(ctr)->field, memory_order_relaxed))

/** What a pool (or a standalone connection) shares with its connections. */
typedef struct sc_shared {
	sc_settings s;
	sc_counters m;
} sc_shared;

void sc__log(const sc_shared *sh, sc_log_level level, const char *fmt, ...) SC_PRINTF(3, 4);

/* ---- values passed between the public API and the backends ----------- */

typedef enum sc_vtype {
	SC_V_NULL = 0,
	SC_V_BOOL,
	SC_V_INT16,
	SC_V_INT32,
	SC_V_INT64,
	SC_V_DOUBLE,
	SC_V_TEXT,
	SC_V_BLOB,
	SC_V_UUID,
	SC_V_TIMESTAMP,
	SC_V_DATE,
	SC_V_TIME
} sc_vtype;

typedef struct sc_value {
	sc_vtype type;
	union {
		bool b;
		int64_t i;
		double d;
		struct {
			const void *p;
			size_t n;
		} s;
		sc_uuid u;
	} v;
} sc_value;

/* ---- statements --------------------------------------------------------- */

typedef struct sc_pgparam {
	const char *val; /* value (text or binary); NULL for SQL NULL */
	int len;
	int format;      /* 0 text, 1 binary */
	char *heap;      /* grown buffer for long values */
	size_t cap;
	char inl[48];
} sc_pgparam;

typedef struct sc_cache_entry sc_cache_entry;

struct sc_stmt {
	sc_conn *conn;
	sc_cache_entry *entry; /* NULL for a transient (uncached) statement */
	char *sql;             /* original SQL ($n placeholders) */
	int nparams;           /* highest $n found in the SQL */
	bool in_use;

	/* execution state */
	bool executed;   /* sent / started since the last reset */
	bool finished;   /* SC_DONE or error reached */
	bool on_row;     /* the last step returned SC_ROW */
	bool hook_fired; /* query hook called for this execution */
	int ncols;       /* column count of the current result (valid when on_row) */
	int64_t t_start;
	int64_t rows;    /* rows returned so far / affected */

	/* PostgreSQL */
	char pg_name[24];  /* "" when unnamed */
	bool pg_prepared;
	sc_pgparam *pg_params;
	void *pg_res;      /* PGresult * */
	int pg_row, pg_nrows;
	unsigned char **colbuf; /* per-column decode buffers (bytea) */
	size_t *colcap;
	int ncolbuf;

	/* SQLite */
	void *sq;          /* sqlite3_stmt * */
	bool session_effect; /* running it changes session state (PRAGMA, ATTACH, temp) */
};

/* ---- backend interface ------------------------------------------------ */

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
	/* Prepare st->sql (or defer); the stmt is reused across executions. */
	sc_status (*stmt_prepare)(sc_stmt *st);
	/* Free backend resources of st (eviction or transient finalize). */
	void (*stmt_free)(sc_stmt *st);
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
} sc_backend_ops;

extern const sc_backend_ops sc__pg_ops;
extern const sc_backend_ops sc__sqlite_ops;

/* PostgreSQL helpers shared by backend_pg.c and batch_pg.c (res is a
 * PGresult *). */
/* Record the error of res (NULL: the connection's error) on c; marks the
 * connection broken when it was lost. */
sc_status sc__pg_result_error(sc_conn *c, const void *res, bool commit);
/* Make res the statement's current result (column access through the
 * usual getters); st takes ownership. */
sc_status sc__pg_adopt_result(sc_stmt *st, void *res);
/* Prepare a named statement on the server if it is not yet. */
sc_status sc__pg_ensure_prepared(sc_stmt *st);
/* The server did not answer in time: cancel, mark broken, record the error. */
sc_status sc__pg_timed_out(sc_conn *c);
/* COPY copy_sql (... FROM STDIN, text format) with n rows of ncols values:
 * bind(st, i, ud) binds row i's values as parameters 1..ncols of a scratch
 * statement (the usual sc_stmt_bind_* calls), which are sent as COPY text.
 * Fires the query hook once. (copy_pg.c) */
sc_status sc__pg_copy_in(sc_conn *c, const char *copy_sql, int ncols, size_t n, sc_batch_bind_fn bind,
			 void *ud);
sc_status sc__pg_batch(sc_stmt *st, size_t n, sc_batch_bind_fn bind, sc_batch_row_fn row, void *ud,
		       size_t *fail_item, int64_t *rows);

/* ---- connections ------------------------------------------------------ */

typedef struct sc_change_rec {
	char *table;
	char *key;
	char *cache_key;
	sc_change_op op;
} sc_change_rec;

struct sc_cache_entry {
	sc_stmt st;           /* the reusable statement */
	uint64_t hash;
	const char *addr;      /* address of the SQL text last looked up for it */
	sc_cache_entry *hnext; /* hash chain */
	sc_cache_entry *lprev, *lnext; /* LRU list, most recent first */
};

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
	int stmts_out;      /* statements handed out and not finalized */

	/* pool bookkeeping (protected by the pool mutex where noted) */
	int64_t created_us, expires_us, idle_since_us, acquired_us, last_ping_us;
	sc_site site;
	bool leak_reported;
	sc_conn *prev, *next; /* idle or in-use list (pool mutex) */

	/* SQLite statement deadline for the progress handler (monotonic us) */
	int64_t sq_deadline;
};

unsigned sc__fork_gen(void);
/* Register the fork handlers (once per process). */
void sc__fork_init(void);

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
/* Record an error on the connection (and thread-locally). */
sc_status sc__conn_err(sc_conn *c, sc_status st, const char *sqlstate, int sqlite_code,
		       const char *msg, const char *constraint, const char *table,
		       const char *column);
sc_status sc__conn_errf(sc_conn *c, sc_status st, const char *fmt, ...) SC_PRINTF(3, 4);
/* Query finished: metrics, slow-query log, query hook. */
void sc__query_done(sc_conn *c, const char *sql, int64_t t_start, int64_t rows, sc_status st);
/* Discard queued change events (rollback), down to `keep` entries. */
void sc__changes_truncate(sc_conn *c, size_t keep);
/* Deliver queued change events (commit of the outermost transaction). */
void sc__changes_deliver(sc_conn *c);
/* Statement cache */
void sc__stmt_cache_free(sc_conn *c);
/* The server session was replaced: drop cached statements not in use and
 * mark the ones in use as not prepared. */
void sc__stmt_cache_reset(sc_conn *c);
/* Rewrite $n placeholders to ?n (SQLite); returns malloc'd text. Also
 * reports the highest placeholder number. */
char *sc__sql_rewrite(const char *sql, bool to_sqlite, int *max_param);
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
/* A statement failed: inside a transaction on SQLite, the transaction is
 * now aborted. */
void sc__tx_statement_failed(sc_conn *c);

/* ---- pool internals used by tx.c, metrics.c, health.c ------------------ */
sc_shared *sc__pool_shared(sc_pool *p);
/* Last failed connection attempt: time (monotonic us, 0 if none) and
 * message (msg may be NULL). */
int64_t sc__pool_last_failure(sc_pool *p, char *msg, size_t n);
/* Replica pool i of a primary, or NULL. */
sc_pool *sc__pool_replica(sc_pool *p, int i);

#endif
