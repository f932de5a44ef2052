/*
 * Connection pool, metrics and health.
 *
 * Thread safety: every sc_pool_* function is safe to call from any thread
 * concurrently, except sc_pool_close, which must be called once, after
 * which the pool pointer is invalid.
 */
#ifndef SCHEMAC_POOL_H
#define SCHEMAC_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "conn.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_pool sc_pool;

/**
 * Open a pool. The configuration is copied. When min_conns > 0, that many
 * connections are opened first; the first one is retried with exponential
 * backoff and jitter for up to cfg->connect_retry_ms, so a service that
 * starts before its database waits for it and then fails with
 * SC_CONNECT_FAILED / SC_AUTH_FAILED and a clear, password-free message
 * (sc_error_last). On success *out is the caller's, closed with sc_pool_close.
 */
sc_status sc_pool_open(sc_pool **out, const sc_config *cfg);

/**
 * Close the pool: new acquires fail with SC_CLOSED, waiters are woken with
 * SC_CLOSED, idle connections are closed, and connections in use are waited
 * for up to close_timeout_ms. Connections still borrowed after that have
 * their running statement canceled and are closed when released; the pool's
 * memory is freed when the last one comes back. Returns SC_OK, or
 * SC_POOL_TIMEOUT when connections were still borrowed. NULL is a no-op.
 */
sc_status sc_pool_close(sc_pool *pool);

/** Where a connection was acquired, for leak warnings. */
typedef struct sc_site {
	const char *file;
	int line;
	const char *func;
} sc_site;

#define SC_SITE_HERE ((sc_site){__FILE__, __LINE__, __func__})

/**
 * Borrow a connection. Waiters are served first come, first served. Waits
 * at most acquire_timeout_ms, then fails with SC_POOL_TIMEOUT (the message
 * includes the last connection error if connecting was failing). A
 * connection idle longer than validate_idle_ms is pinged first; broken ones
 * are replaced transparently. `site` is recorded for leak warnings.
 * On success *out is the caller's until sc_pool_release.
 */
sc_status sc_pool_acquire_at(sc_pool *pool, sc_conn **out, sc_site site);

/** Same with an explicit timeout (ms) instead of acquire_timeout_ms. */
sc_status sc_pool_acquire_timeout_at(sc_pool *pool, int64_t timeout_ms, sc_conn **out,
				     sc_site site);

#define sc_pool_acquire(pool, out) sc_pool_acquire_at((pool), (out), SC_SITE_HERE)
#define sc_pool_acquire_timeout(pool, ms, out) \
	sc_pool_acquire_timeout_at((pool), (ms), (out), SC_SITE_HERE)

/**
 * Borrow a connection for read-only work (lists, gets, counts, read-only
 * transactions; SPEC 4.5). With replica_urls configured, the replicas are
 * tried round robin; their sessions run with default_transaction_read_only
 * (SQLite: query_only), so a write through such a connection fails with
 * SC_READ_ONLY. A replica that cannot be connected to is skipped for
 * health_check_interval_ms (at least 1 s), then tried again; when none is
 * available the connection comes from the primary (the caller cannot tell,
 * except through sc_conn_is_replica). Without replicas this is
 * sc_pool_acquire. Reads from a replica may lag behind committed writes:
 * use sc_pool_acquire for read-your-writes. Release with sc_pool_release.
 * Thread-safe.
 */
sc_status sc_pool_acquire_read_at(sc_pool *pool, sc_conn **out, sc_site site);

#define sc_pool_acquire_read(pool, out) sc_pool_acquire_read_at((pool), (out), SC_SITE_HERE)

/** Number of configured replicas (0 when none). Thread-safe. */
int sc_pool_replica_count(const sc_pool *pool);

/** Replicas currently skipped because connecting to them failed. Thread-safe. */
int sc_pool_replicas_down(sc_pool *pool);

/** Replicas currently skipped because their last measured lag exceeded
 *  max_replica_lag_ms (0 when lag is not checked). Thread-safe. */
int sc_pool_replicas_lagging(sc_pool *pool);

/** Replica i's own pool (0 <= i < sc_pool_replica_count), or NULL: its
 *  metrics and health per server (sc_pool_metrics, sc_pool_health).
 *  Owned by pool; valid until sc_pool_close(pool). Thread-safe. */
sc_pool *sc_pool_replica(sc_pool *pool, int i);

/** How read routing sees replica i. */
typedef struct sc_replica_state {
	const char *name;   /**< the replica pool's name, "<name>-replica<i+1>" (owned by the pool) */
	bool down;          /**< skipped: connecting to it failed recently */
	bool lagging;       /**< skipped: last measured lag over max_replica_lag_ms */
	int64_t lag_ms;     /**< last measured lag; -1 when never measured */
	uint64_t reads;     /**< connections it gave to readers */
	uint64_t lag_skips; /**< reads sent elsewhere because it lagged */
} sc_replica_state;

/** Fill *out for replica i; SC_INVALID_ARGUMENT when there is none.
 *  Thread-safe. */
sc_status sc_pool_replica_state(sc_pool *pool, int i, sc_replica_state *out);

/**
 * Give a connection back. An open transaction is rolled back first (if
 * that fails the connection is closed); a broken connection, or one past
 * its lifetime, is closed and replaced on demand. NULL is a no-op.
 */
void sc_pool_release(sc_conn *conn);

/** The pool a connection belongs to (NULL for a standalone connection; a
 *  replica's own pool for a connection from sc_pool_acquire_read). */
sc_pool *sc_conn_pool(const sc_conn *conn);

/** The pool's dialect. */
sc_dialect sc_pool_dialect(const sc_pool *pool);

/** The pool's name (from the configuration; owned by the pool). */
const char *sc_pool_name(const sc_pool *pool);

/** Counters and gauges (SPEC 4.4). A consistent snapshot. */
typedef struct sc_metrics {
	int conns_total;       /**< open connections (idle + in use) */
	int conns_idle;
	int conns_in_use;
	int conns_max;
	int waiters;           /**< threads waiting in acquire */
	uint64_t acquires;         /**< successful acquires */
	uint64_t acquire_timeouts;
	uint64_t acquire_wait_us;  /**< total time spent waiting in acquire */
	uint64_t conns_created;
	uint64_t conns_closed;
	uint64_t conns_failed;     /**< failed connection attempts */
	uint64_t conns_broken;     /**< connections found broken and replaced */
	uint64_t leaks;            /**< leak warnings issued */
	uint64_t queries;
	uint64_t query_errors;
	uint64_t slow_queries;
	uint64_t query_time_us;    /**< total query time */
	uint64_t tx_commits;
	uint64_t tx_rollbacks;
	uint64_t tx_retries;       /**< callback re-runs by sc_tx_run */
	/* read routing, on a pool with replicas (0 otherwise) */
	uint64_t read_fallbacks;   /**< reads served by the primary: no replica usable */
	uint64_t ryw_reads;        /**< reads kept on the primary by read_your_writes_ms */
	uint64_t lag_skips;        /**< times a replica was passed over for lagging */
} sc_metrics;

void sc_pool_metrics(sc_pool *pool, sc_metrics *out);

/**
 * Render the metrics in the Prometheus text exposition format (metric names
 * prefixed "schemac_", label pool="<name>"). Returns a malloc'd string the
 * caller frees, or NULL when out of memory.
 */
char *sc_pool_metrics_prometheus(sc_pool *pool);

typedef enum sc_health_state {
	SC_HEALTH_UP = 0,
	SC_HEALTH_DEGRADED = 1, /**< works, but slow, saturated or failing to connect */
	SC_HEALTH_DOWN = 2      /**< no working connection */
} sc_health_state;

const char *sc_health_state_name(sc_health_state s);

/** Bytes kept of a replica's name in sc_health (longer names are cut:
 *  the full name is in sc_replica_state and the metrics). */
#define SC_HEALTH_NAME_MAX 128

typedef struct sc_health {
	sc_health_state state;
	int64_t latency_us;      /**< round trip of the probe query (-1 if none) */
	char server_version[64]; /**< "15.5" / SQLite "3.40.1"; "" when down */
	char message[256];       /**< why degraded or down; "" when up */
	sc_metrics pool;         /**< pool state at the time of the check */
	int n_replicas;          /**< read routing's view of each replica */
	struct {
		char name[SC_HEALTH_NAME_MAX]; /**< replica pool name (cut to fit) */
		bool down, lagging;
		int64_t lag_ms;          /**< -1: not measured */
	} replicas[SC_MAX_REPLICAS];
} sc_health;

/**
 * Probe the database: acquire (waiting at most timeout_ms), run a trivial
 * query, release. DOWN when that fails; DEGRADED when it succeeded but the
 * latency exceeded the slow-query threshold, waiters are queued with the
 * pool at max, or recent connection attempts failed; otherwise UP.
 * Returns the state (also in out->state).
 */
sc_health_state sc_pool_health(sc_pool *pool, int64_t timeout_ms, sc_health *out);

/**
 * Render a health result as a JSON object (malloc'd, caller frees; NULL on
 * out of memory): {"status":"up","latency_us":..,"server_version":"..",...}.
 */
char *sc_health_json(const sc_health *h);

#ifdef __cplusplus
}
#endif

#endif
