/*
 * runtime/src/base: the bottom layer of libschemac. Owns small helpers
 * (time, randomness, strings), error records and the thread-local last
 * error, secret redaction, the parsed settings a pool's connections share
 * (config.c) and logging through them (log.c), the fork generation
 * (fork.c), SQL text helpers (sql_split.c, placeholders.c), arena,
 * date/time, UUID and value checks, SHA-256.
 * May include: only the public headers (schemac/...) and the C/POSIX
 * library; never another runtime folder. Not installed.
 */
#ifndef SC_BASE_BASE_H
#define SC_BASE_BASE_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <schemac/schemac.h>

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
/** Like sc_arena_alloc (arena.c) without zeroing: for memory the caller
 *  writes whole (a page of rows, each zeroed as it is read). */
struct sc_arena;
void *sc__arena_alloc_raw(struct sc_arena *a, size_t n);

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
	bool sqlite_create;
	bool reset_session; /* on release (sc_config.reset_session) */
	int statement_cache_size;
	int64_t sqlite_busy_timeout_ms;
	char *on_connect_sql;
	char *replica_urls[SC_MAX_REPLICAS];
	int n_replicas;
	int64_t max_replica_lag_ms, replica_lag_check_ms, read_your_writes_ms;
	bool replica;       /* a read replica's pool: sessions are read-only */

	sc_log_fn log_fn;
	void *log_ud;
	sc_log_level log_level;
	sc_query_hook query_hook;
	void *query_hook_ud;
	sc_change_hook change_hook;
	void *change_hook_ud;
	sc_cache *cache;
	bool change_values;
} sc_settings;

sc_status sc__settings_from_config(sc_settings *s, const sc_config *cfg);
void sc__settings_free(sc_settings *s);

/* ---- counters (metrics.c) ------------------------------------------- */

typedef struct sc_counters {
	atomic_uint_fast64_t acquires, acquire_timeouts, acquire_wait_us;
	atomic_uint_fast64_t conns_created, conns_closed, conns_failed, conns_broken;
	atomic_uint_fast64_t leaks, queries, query_errors, slow_queries, query_time_us;
	atomic_uint_fast64_t tx_commits, tx_rollbacks, tx_retries;
	/* read routing (on a primary with replicas) */
	atomic_uint_fast64_t read_fallbacks, ryw_reads, lag_skips;
} sc_counters;

#define SC_COUNT(ctr, field, n) atomic_fetch_add_explicit(&(ctr)->field, (uint_fast64_t)(n), memory_order_relaxed)
#define SC_READ(ctr, field) ((uint64_t)atomic_load_explicit(&(ctr)->field, memory_order_relaxed))

/** What a pool (or a standalone connection) shares with its connections. */
typedef struct sc_shared {
	sc_settings s;
	sc_counters m;
} sc_shared;

/* Send a formatted message to the configured log callback (scrubbed of
 * secrets) when level is at or above the configured level (log.c). */
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

/* ---- a growable byte buffer (util.c) ----------------------------------- */

typedef struct sc_bytebuf {
	unsigned char *p;
	size_t len, cap;
} sc_bytebuf;

/* Room for `more` bytes past len; false when out of memory. */
bool sc__bytebuf_reserve(sc_bytebuf *b, size_t more);

/* ---- numeric's binary form (numeric.c) --------------------------------- */

/* The text PostgreSQL sends for a numeric whose binary form is bin (len
 * bytes): written to buf (NUL-terminated when it fits in cap), its length
 * in *need. SC_DATA_ERROR for a malformed value. */
sc_status sc__numeric_bin_text(const void *bin, size_t len, char *buf, size_t cap, size_t *need);
/* Bytes the binary form of a decimal text of text_len characters can take. */
size_t sc__numeric_bin_max(size_t text_len);
/* Decimal text s ([+-]digits[.digits], NaN, [+-]Infinity) in numeric's
 * binary form, into out (cap >= sc__numeric_bin_max(strlen(s))); dscale is
 * the number of digits written after the point. SC_DATA_ERROR for other
 * text (exponents: the caller sends such text as text). */
sc_status sc__numeric_text_bin(const char *s, unsigned char *out, size_t cap, size_t *len);

/* ---- SQL text (placeholders.c) ----------------------------------------- */

/* Rewrite $n placeholders to ?n (SQLite); returns malloc'd text. Also
 * reports the highest placeholder number. */
char *sc__sql_rewrite(const char *sql, bool to_sqlite, int *max_param);

/* ---- fork safety (fork.c) ---------------------------------------------- */

/* Generation of this process: 0 at start, +1 in the child of every fork().
 * A connection opened under another generation belongs to the parent. */
unsigned sc__fork_gen(void);
/* Register the handler that counts forks (once per process). */
void sc__fork_init(void);

#endif
