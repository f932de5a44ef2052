/*
 * Pool and connection settings.
 *
 *     sc_config cfg;
 *     sc_config_init(&cfg);                 // defaults below
 *     cfg.url = "postgresql://app@db/app";   // or sqlite:data/app.db
 *     cfg.max_conns = 20;
 *     // or: sc_config_from_env(&cfg);      // DATABASE_URL, DATABASE_POOL_MAX...
 *     sc_pool *pool;
 *     if (sc_pool_open(&pool, &cfg) != SC_OK) ...
 *
 * sc_config holds borrowed pointers; sc_pool_open / sc_conn_open copy
 * everything they need, so the config (and the strings it points to) can be
 * discarded afterwards. Durations are in milliseconds; 0 disables a timeout
 * or feature unless stated otherwise.
 */
#ifndef SCHEMAC_CONFIG_H
#define SCHEMAC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "hooks.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Replica URLs a pool takes; more (n_replicas, DATABASE_REPLICA_URLS) is
 *  SC_INVALID_ARGUMENT. */
#define SC_MAX_REPLICAS 8

typedef struct sc_config {
	/** postgresql://... or postgres://... (given to libpq as is, so every
	 *  libpq parameter works; a libpq "key=value" string is accepted too),
	 *  sqlite:path/to.db, sqlite:///abs/path.db, sqlite::memory:. Required. */
	const char *url;
	/** Name used in logs, metrics labels and hooks. Default "default". */
	const char *name;

	int min_conns;                /**< kept open (default 0) */
	int max_conns;                /**< upper bound (default 10; 1 for sqlite::memory:) */
	int64_t acquire_timeout_ms;   /**< wait for a connection (default 30000) */
	int64_t connect_timeout_ms;   /**< one connection attempt (default 10000) */
	int64_t connect_retry_ms;     /**< total time sc_pool_open keeps retrying the
	                                   first connection with backoff (default 30000;
	                                   0: one attempt) */
	int64_t statement_timeout_ms; /**< per statement, server-side on PostgreSQL,
	                                   interrupt on SQLite (default 0: none) */
	int64_t max_lifetime_ms;      /**< close connections older than this when idle,
	                                   minus up to 10% jitter (default 1800000) */
	int64_t idle_timeout_ms;      /**< close idle connections above min_conns after
	                                   this (default 600000) */
	int64_t validate_idle_ms;     /**< ping a connection on acquire when it has been
	                                   idle longer than this (default 5000) */
	int64_t health_check_interval_ms; /**< background ping of idle connections
	                                   (default 30000) */
	int64_t leak_threshold_ms;    /**< warn (with the acquire site) about a
	                                   connection held longer (default 0: off) */
	int64_t slow_query_ms;        /**< log and count queries at least this slow
	                                   (default 1000; 0: off) */
	int64_t close_timeout_ms;     /**< sc_pool_close waits this long for borrowed
	                                   connections (default 10000) */

	/* Retry policy of sc_tx_run: exponential backoff with full jitter,
	 * sleep = random(0, min(retry_max_delay_ms, retry_base_delay_ms * 2^n)). */
	int retry_max_attempts;       /**< attempts in total (default 10) */
	int64_t retry_base_delay_ms;  /**< default 5 */
	int64_t retry_max_delay_ms;   /**< default 1000 */
	int64_t retry_max_time_ms;    /**< no new attempt after this (default 30000) */

	/** Named server-side prepared statements, cached per connection
	 *  (default true). Set false behind PgBouncer in transaction mode: every
	 *  statement is then sent as an unnamed statement (one round trip). */
	bool prepared_statements;
	int statement_cache_size;     /**< per connection (default 256) */

	int64_t sqlite_busy_timeout_ms; /**< default 5000 */
	/** Opening a SQLite file that does not exist creates it (default
	 *  true). false: the open fails with SC_CONNECT_FAILED, "database file
	 *  ... does not exist", and creates nothing (tools that only read). */
	bool sqlite_create;
	/** SQL run on every new connection, e.g. "SET search_path TO app", and
	 *  again after each session reset on release (the reset undoes it). */
	const char *on_connect_sql;
	/** Reset the session on release (default true): what a borrower set,
	 *  created or took (settings, temp tables, advisory locks, LISTEN,
	 *  cursors, its own prepared statements) is gone before the next one
	 *  gets the connection. On PostgreSQL that is a round trip of seven
	 *  statements per borrow that ran SQL, about half the server's work on
	 *  a short borrow (bench/README.md, W10). false: nothing is reset; only
	 *  for code that leaves the session as it found it (docs/runtime.md). */
	bool reset_session;

	/** Read replicas for sc_pool_acquire_read and read-only sc_tx_run
	 *  (same URL forms as url; see docs/runtime.md). */
	const char *replica_urls[SC_MAX_REPLICAS];
	int n_replicas;
	/** A replica whose replay lags more than this behind its primary is
	 *  skipped by reads until it catches up (default 0: lag not checked).
	 *  PostgreSQL only; see docs/scaling.md for how lag is measured. */
	int64_t max_replica_lag_ms;
	/** Lag of each replica is measured at most this often (default 1000);
	 *  between measurements the last one decides. */
	int64_t replica_lag_check_ms;
	/** Read-your-writes window: after a thread released a primary
	 *  connection it wrote through (sc_pool_acquire, read-write sc_tx_run),
	 *  that thread's reads (sc_pool_acquire_read, read-only sc_tx_run) go to
	 *  the primary for this long (default 0: off). */
	int64_t read_your_writes_ms;

	/* Hooks, see hooks.h. */
	sc_log_fn log_fn;             /**< NULL: stderr */
	void *log_ud;
	sc_log_level log_level;       /**< minimum level logged (default SC_LOG_WARN) */
	sc_query_hook query_hook;
	void *query_hook_ud;
	sc_change_hook change_hook;
	void *change_hook_ud;
	sc_cache *cache;              /**< borrowed; must outlive the pool */
	/** Give the change hook the old and new values of each change
	 *  (sc_change_event.values; default false). Costs a read of the row
	 *  before an update or delete (SELECT ... FOR UPDATE) and after an
	 *  update, in a transaction (hooks.h). */
	bool change_values;
} sc_config;

/** Fill cfg with the defaults documented above. Thread-safe. */
void sc_config_init(sc_config *cfg);

/**
 * Override settings from the environment (variables that are unset are left
 * alone):
 *   DATABASE_URL, DATABASE_POOL_NAME, DATABASE_POOL_MIN, DATABASE_POOL_MAX,
 *   DATABASE_ACQUIRE_TIMEOUT, DATABASE_CONNECT_TIMEOUT,
 *   DATABASE_CONNECT_RETRY, DATABASE_STATEMENT_TIMEOUT,
 *   DATABASE_MAX_LIFETIME, DATABASE_IDLE_TIMEOUT, DATABASE_VALIDATE_IDLE,
 *   DATABASE_HEALTH_CHECK_INTERVAL, DATABASE_LEAK_THRESHOLD,
 *   DATABASE_SLOW_QUERY, DATABASE_CLOSE_TIMEOUT,
 *   DATABASE_RETRY_MAX_ATTEMPTS, DATABASE_RETRY_BASE_DELAY,
 *   DATABASE_RETRY_MAX_DELAY, DATABASE_RETRY_MAX_TIME,
 *   DATABASE_PREPARED_STATEMENTS (true/false/1/0),
 *   DATABASE_STATEMENT_CACHE_SIZE, DATABASE_SQLITE_BUSY_TIMEOUT,
 *   DATABASE_RESET_SESSION (true/false/1/0),
 *   DATABASE_REPLICA_URLS (comma-separated), DATABASE_MAX_REPLICA_LAG,
 *   DATABASE_REPLICA_LAG_CHECK, DATABASE_READ_YOUR_WRITES, DATABASE_LOG_LEVEL
 *   (debug/info/warn/error/off).
 * Durations accept a unit: "250ms", "30s", "5m", "1h"; a bare number is
 * milliseconds. String settings point into the environment (getenv), so
 * open the pool before changing the environment.
 * Returns SC_INVALID_ARGUMENT (naming the variable, see sc_error_last) on a
 * malformed value; settings read before it stay applied.
 * Thread safety: reads the environment; do not call concurrently with setenv.
 */
sc_status sc_config_from_env(sc_config *cfg);

/**
 * Parse a duration ("250ms", "30s", "5m", "1h", "1500") into milliseconds.
 * Returns SC_OK or SC_INVALID_ARGUMENT. Thread-safe.
 */
sc_status sc_parse_duration_ms(const char *text, int64_t *out_ms);

/**
 * Copy url into out (size n, always NUL-terminated when n > 0) with any
 * password replaced by "***": in the userinfo of a URL, in a
 * password= query parameter, and in a "password=..." key/value string.
 * Returns the length of the full redacted text (like snprintf).
 * Thread-safe.
 */
size_t sc_url_redact(const char *url, char *out, size_t n);

/** The dialect a URL selects, or 0 when the scheme is not recognised. */
sc_dialect sc_url_dialect(const char *url);

#ifdef __cplusplus
}
#endif

#endif
