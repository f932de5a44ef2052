/*
 * Observation and extension points: log sink, query hook, change hook
 * (audit) and the cache interface consulted by generated code.
 *
 * All callbacks are installed through sc_config before the pool or
 * connection is opened and never change afterwards. They are called on the
 * thread that runs the query, possibly on many threads at once, so they must
 * be thread-safe themselves. They must not call back into the runtime on the
 * same connection. Strings passed to callbacks are valid only during the
 * call. No callback ever receives a password or a bound parameter value.
 */
#ifndef SCHEMAC_HOOKS_H
#define SCHEMAC_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dialect.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_conn sc_conn;

typedef enum sc_log_level {
	SC_LOG_DEBUG = 0,
	SC_LOG_INFO = 1,
	SC_LOG_WARN = 2,
	SC_LOG_ERROR = 3,
	SC_LOG_OFF = 4
} sc_log_level;

/**
 * Log sink. `pool` is the pool name (or "conn" for a standalone connection),
 * `msg` one line without trailing newline, already scrubbed of passwords.
 * The default sink writes "schemac[name] LEVEL: msg" to stderr.
 */
typedef void (*sc_log_fn)(void *ud, sc_log_level level, const char *pool, const char *msg);

/** One finished statement, given to the query hook. */
typedef struct sc_query_event {
	const char *pool;     /**< pool name */
	sc_dialect dialect;
	const char *sql;      /**< SQL text as prepared (placeholders, never values) */
	int64_t duration_us;  /**< from execution start to completion */
	int64_t rows;         /**< rows returned (queries) or affected (writes) */
	sc_status status;     /**< SC_OK or the error */
	const char *sqlstate; /**< "" unless the server returned an error */
	int slow;             /**< 1 when duration >= the slow-query threshold */
} sc_query_event;

typedef void (*sc_query_hook)(void *ud, const sc_query_event *ev);

typedef enum sc_change_op {
	SC_CHANGE_INSERT = 1,
	SC_CHANGE_UPDATE = 2,
	SC_CHANGE_DELETE = 3,   /**< hard delete */
	SC_CHANGE_SOFT_DELETE = 4,
	SC_CHANGE_RESTORE = 5,
	SC_CHANGE_UPSERT = 6
} sc_change_op;

/** "insert", "update", ... ; "unknown" for other values. */
const char *sc_change_op_name(sc_change_op op);

/** Given instead of the value of an @sensitive column (both sides). */
#define SC_CHANGE_MASKED "[masked]"

/**
 * One column of a change event with values (sc_config.change_values): its
 * text form before and after the change. A value is NULL when it is SQL
 * NULL or when that side does not exist (the event's has_old / has_new).
 * Text forms: integers decimal, floats %.17g, bool "true"/"false", strings,
 * decimals and JSON as stored, bytes "\x" + lowercase hex, uuid canonical,
 * timestamps/dates/times ISO 8601 (sc_timestamp_format ...), enums by their
 * SQL name. An @sensitive column has SC_CHANGE_MASKED on each side that
 * exists, NULL or not, and sensitive set: no byte of its value is given.
 */
typedef struct sc_change_value {
	const char *column;    /**< SQL column name, unquoted */
	const char *old_value;
	const char *new_value;
	bool sensitive;
} sc_change_value;

/** One committed change, given to the change hook. */
typedef struct sc_change_event {
	const char *pool;
	const char *table;  /**< SQL table name */
	sc_change_op op;
	const char *key;    /**< primary key as text (uuid canonical, integers decimal) */
	/** With sc_config.change_values (else NULL / 0 / false): insert and
	 *  upsert of a new row: every column's new value; update, update_fields,
	 *  update_where, restore and upsert of an existing row: the columns whose value
	 *  changed, old and new; delete, soft delete and delete_where: every
	 *  column's old value. Owned by the runtime for the duration of the call. */
	const sc_change_value *values;
	size_t nvalues;
	bool has_old;       /**< values carry the row before the change */
	bool has_new;       /**< values carry the row after the change */
} sc_change_event;

typedef void (*sc_change_hook)(void *ud, const sc_change_event *ev);

/**
 * Cache interface consulted by generated `get` functions when installed.
 * Keys are NUL-terminated strings built by generated code
 * ("schema:table:pk"). Values are opaque byte strings.
 *
 *  get:        on a hit, *out receives a malloc'd copy of the value (the
 *              caller frees it with free()) and *out_len its length; return
 *              SC_OK. On a miss return SC_NOT_FOUND.
 *  put:        store a copy of the value; ttl_ms 0 means the cache's default.
 *  invalidate: drop the key (no error when absent).
 *
 * All three may be called from many threads at once. The runtime
 * invalidates keys of changed rows after the transaction that changed them
 * commits (see sc_conn_notify_change).
 */
typedef struct sc_cache {
	void *ud;
	sc_status (*get)(void *ud, const char *key, void **out, size_t *out_len);
	sc_status (*put)(void *ud, const char *key, const void *val, size_t len, int64_t ttl_ms);
	void (*invalidate)(void *ud, const char *key);
} sc_cache;

/**
 * A simple in-process LRU cache implementing sc_cache: at most `capacity`
 * entries, default TTL `default_ttl_ms` (0: no expiry). Thread-safe.
 * Returns NULL when out of memory. Free with sc_memory_cache_free (which
 * does not free the sc_cache pointer itself, the cache owns it).
 */
sc_cache *sc_memory_cache_new(size_t capacity, int64_t default_ttl_ms);
void sc_memory_cache_free(sc_cache *cache);

/**
 * Generated code calls this after each successful write.
 * Inside a transaction the event is queued and delivered (change hook, then
 * cache invalidation of `cache_key` when non-NULL) only when the outermost
 * transaction commits; it is dropped if the transaction (or the savepoint it
 * was made under) rolls back. Outside a transaction it is delivered at once.
 * `table` and `key` are copied. Returns SC_NO_MEMORY if queueing fails.
 * Thread safety: like every call on a connection, from the thread that holds it.
 */
sc_status sc_conn_notify_change(sc_conn *conn, const char *table, sc_change_op op,
				const char *key, const char *cache_key);

/**
 * sc_conn_notify_change with the change's values (sc_change_event.values):
 * values[0..nvalues) and their strings are copied. has_old / has_new as in
 * the event.
 */
sc_status sc_conn_notify_change_values(sc_conn *conn, const char *table, sc_change_op op, const char *key,
				       const char *cache_key, const sc_change_value *values, size_t nvalues,
				       bool has_old, bool has_new);

/**
 * True when a change hook is configured with sc_config.change_values:
 * generated writes then read the row before (and after) the change, in a
 * transaction (a savepoint inside the caller's), to give the hook its values.
 */
bool sc_conn_wants_change_values(const sc_conn *conn);

/**
 * True when a change hook or a cache is configured, i.e. when
 * sc_conn_notify_change would do anything. Generated code tests it before
 * formatting the key text of a change event, so writes pay nothing for
 * notifications nobody listens to. Cheap (two loads); false for NULL.
 */
bool sc_conn_wants_changes(const sc_conn *conn);

/**
 * The cache installed in the connection's configuration, or NULL.
 * Generated `get` code: if non-NULL, try cache->get first, on a miss read
 * the row and cache->put it (only outside transactions, or for rows the
 * transaction did not change).
 */
sc_cache *sc_conn_cache(sc_conn *conn);

#ifdef __cplusplus
}
#endif

#endif
