/*
 * UUIDs as 16-byte values (RFC 9562), canonical text form
 * "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" in lowercase.
 */
#ifndef SCHEMAC_UUID_H
#define SCHEMAC_UUID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_uuid {
	uint8_t bytes[16];
} sc_uuid;

/** Length of the canonical text form, without the terminating NUL. */
#define SC_UUID_STRLEN 36

/**
 * A new UUIDv7: 48-bit Unix milliseconds, then random bits; strictly
 * increasing within a process (a counter breaks ties inside one millisecond).
 * Randomness comes from the OS (getrandom) / OpenSSL.
 * Returns SC_ERROR only if the OS random source fails.
 * Thread safety: safe from any thread.
 */
sc_status sc_uuid_v7(sc_uuid *out);

/**
 * Write the canonical lowercase form and a NUL into out, which must hold
 * SC_UUID_STRLEN + 1 bytes. Returns out. Safe from any thread.
 */
char *sc_uuid_format(const sc_uuid *u, char out[SC_UUID_STRLEN + 1]);

/**
 * Parse the canonical form (either case), also accepting "{...}" braces and
 * the 32-hex-digit form without hyphens. len may be (size_t)-1 for a
 * NUL-terminated string. Returns SC_OK or SC_INVALID_ARGUMENT.
 */
sc_status sc_uuid_parse(const char *text, size_t len, sc_uuid *out);

/** True when a and b hold the same 16 bytes. */
bool sc_uuid_equal(const sc_uuid *a, const sc_uuid *b);

/** True for the nil UUID (all zero). */
bool sc_uuid_is_nil(const sc_uuid *u);

#ifdef __cplusplus
}
#endif

#endif
