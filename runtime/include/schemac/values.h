/*
 * Value checks shared by generated code and the runtime, so that a value a
 * column cannot hold fails the same way (SC_DATA_ERROR) on both databases:
 * PostgreSQL enforces varchar(n), numeric(p,s) and jsonb itself, SQLite
 * stores TEXT and only has the CHECKs of the DDL.
 *
 * All functions are pure and thread-safe.
 */
#ifndef SCHEMAC_VALUES_H
#define SCHEMAC_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"
#include "stmt.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Characters (code points) of NUL-terminated UTF-8 text; what
 *  PostgreSQL's varchar(n) and SQLite's length() count. */
size_t sc_utf8_length(const char *s);

/** True when `s` (len bytes) is well-formed UTF-8 as PostgreSQL accepts it:
 *  shortest forms only, no surrogates, nothing above U+10FFFF. Every text
 *  parameter (sc_stmt_bind_text and what binds through it) is checked with
 *  it on both databases; invalid text is SC_DATA_ERROR. */
bool sc_utf8_valid(const char *s, size_t len);

/**
 * The canonical text of a decimal(precision, scale) value: optional '-',
 * no leading zeros, exactly `scale` digits after the point ("1.5" in
 * decimal(10,2) is "1.50"; "-0" is "0"). Accepts [+-]digits[.digits] or
 * [+-].digits. Returns SC_DATA_ERROR for text that is not such a number,
 * for more than precision - scale digits before the point, and for more
 * than `scale` digits after it (refused rather than rounded: decimals are
 * exact). `out` gets the canonical text when it fits in `outsz` (else
 * SC_DATA_ERROR); precision 0 means unconstrained (scale ignored, the
 * number is only normalised). Sizing: strlen(text) + scale + 3 suffices;
 * out NULL only validates.
 */
sc_status sc_decimal_canonical(const char *text, uint32_t precision, uint32_t scale, char *out,
			       size_t outsz);

/**
 * Bind a decimal(precision, scale) value in canonical form (see above), so
 * both databases store the same text ("1.5" is stored as "1.50" on SQLite
 * too). NULL binds NULL. Text that is not a valid value is bound as given,
 * for the database to refuse (generated writes check values first).
 */
sc_status sc_stmt_bind_decimal(sc_stmt *st, int idx, const char *text, uint32_t precision,
			       uint32_t scale);

/** True when `text` (len bytes) is one valid JSON value (RFC 8259). */
bool sc_json_valid(const char *text, size_t len);

#ifdef __cplusplus
}
#endif

#endif
