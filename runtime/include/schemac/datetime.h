/*
 * Timestamps and dates as the generated code holds them (SPEC 1.3):
 *   timestamp: int64 microseconds since 1970-01-01T00:00:00Z (UTC)
 *   date:      int32 days since 1970-01-01
 *   time:      int64 microseconds since midnight, 0 .. SC_TIME_MAX (time of
 *              day, no date, no zone: PostgreSQL `time`)
 * and their text forms. All functions are pure and thread-safe.
 */
#ifndef SCHEMAC_DATETIME_H
#define SCHEMAC_DATETIME_H

#include <stddef.h>
#include <stdint.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Buffer size enough for any text produced below, NUL included. */
#define SC_DATETIME_BUFSZ 48

/** PostgreSQL's 'infinity' / '-infinity' timestamps map to these. */
#define SC_TIMESTAMP_INFINITY INT64_MAX
#define SC_TIMESTAMP_NEG_INFINITY INT64_MIN
#define SC_DATE_INFINITY INT32_MAX
#define SC_DATE_NEG_INFINITY INT32_MIN

/** Current time as microseconds since the epoch (CLOCK_REALTIME). */
int64_t sc_now_micros(void);

/**
 * Format as "YYYY-MM-DD HH:MM:SS.ffffff+00" (PostgreSQL ISO style, UTC,
 * fraction always six digits; " BC" suffix before year 1).
 * Returns the length written (without NUL).
 */
size_t sc_timestamp_format(int64_t micros, char out[SC_DATETIME_BUFSZ]);

/**
 * Parse ISO 8601 / PostgreSQL ISO output: "YYYY-MM-DD[ T]HH:MM[:SS[.f{1,6}]]"
 * followed by an optional zone ("Z", "+HH", "+HH:MM", "+HH:MM:SS", "+HHMM"),
 * an optional " BC", or "infinity"/"-infinity". No zone means UTC. Exact to
 * the microsecond. len may be (size_t)-1 for NUL-terminated text.
 * Returns SC_OK or SC_DATA_ERROR.
 */
sc_status sc_timestamp_parse(const char *text, size_t len, int64_t *out);

/** Format as "YYYY-MM-DD" (" BC" suffix before year 1). Returns length. */
size_t sc_date_format(int32_t days, char out[SC_DATETIME_BUFSZ]);

/** Parse "YYYY-MM-DD" [" BC"] or "infinity"/"-infinity". */
sc_status sc_date_parse(const char *text, size_t len, int32_t *out);

/** 24:00:00, the largest time of day (PostgreSQL accepts it). */
#define SC_TIME_MAX INT64_C(86400000000)

/** Format as "HH:MM:SS" plus ".ffffff" when the microseconds are not zero
 * (PostgreSQL's style, trailing zeros dropped). Returns the length; a value
 * outside 0..SC_TIME_MAX is formatted as "invalid". */
size_t sc_time_format(int64_t micros, char out[SC_DATETIME_BUFSZ]);

/** Parse "HH:MM[:SS[.f{1,6}]]", 00:00:00 to 24:00:00. */
sc_status sc_time_parse(const char *text, size_t len, int64_t *out);

/** Days since the epoch of a proleptic Gregorian civil date. */
int64_t sc_days_from_civil(int64_t y, unsigned m, unsigned d);

/** Civil date of a day count since the epoch. */
void sc_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

#ifdef __cplusplus
}
#endif

#endif
