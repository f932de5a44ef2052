/*
 * SHA-256 as lowercase hex: the one implementation the runtime (migration
 * checksums) and the schemac tool (migration sums, seed checksums) use.
 * Pure computation (OpenSSL's libcrypto); safe from any thread.
 */
#ifndef SCHEMAC_SHA256_H
#define SCHEMAC_SHA256_H

#include <stddef.h>
#include "status.h"

/** Length of a hex SHA-256 digest, without the terminating NUL. */
#define SC_SHA256_HEX_LEN 64

/**
 * Write the lowercase hex SHA-256 of len bytes at data (data may be NULL
 * when len is 0) to out, NUL-terminated. SC_OK, or SC_ERROR with out ""
 * and sc_error_last() set when libcrypto fails.
 */
sc_status sc_sha256_hex(const void *data, size_t len, char out[SC_SHA256_HEX_LEN + 1]);

#endif
