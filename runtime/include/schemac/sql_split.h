/*
 * SQL scripts split into statements, the way the database's own shell
 * (psql, sqlite3) reads them: one splitter for the migration runner and
 * `schemac seed`.
 *
 * A statement ends at a ';' outside
 *   - '...' strings ('' doubled), PostgreSQL E'...' strings (backslash escapes),
 *   - "..." identifiers ("" doubled), SQLite `...` and [...] identifiers,
 *   - -- line comments and block comments; on PostgreSQL block comments
 *     nest (each inner opening needs its own closing, as psql reads them),
 *     on SQLite they do not,
 *   - PostgreSQL dollar quotes ($$...$$, $tag$...$tag$; $1 is a parameter),
 *   - the BEGIN ... END body of CREATE TRIGGER / FUNCTION / PROCEDURE
 *     (SQLite trigger bodies, PostgreSQL BEGIN ATOMIC), CASE ... END counted.
 * A statement's text excludes the ';' and the blanks and comments around it;
 * statements made only of blanks and comments are dropped.
 *
 * Refused (SC_INVALID_ARGUMENT, sc_error_last() names "file:line: ..."):
 * a NUL byte (the database would stop reading there while checksums cover
 * the whole file), an unterminated comment, string, quoted identifier,
 * dollar quote or BEGIN ... END body.
 *
 * Pure text processing, no database; safe from any thread.
 */
#ifndef SCHEMAC_SQL_SPLIT_H
#define SCHEMAC_SQL_SPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include "hooks.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_sql_statement {
	size_t offset; /**< first character, from the start of the script */
	size_t length; /**< up to the last character before its ';' */
	int line;      /**< 1-based line of its first character */
	/** Transaction control: BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK
	 *  (not ROLLBACK TO a savepoint), ABORT, PREPARE TRANSACTION. SAVEPOINT,
	 *  RELEASE and ROLLBACK TO are not: they nest inside a transaction. */
	bool transaction_control;
} sc_sql_statement;

/**
 * Split `len` bytes of `sql` for `dialect`. *out (malloc'd, free() it; NULL
 * when there is no statement) receives *n statements. `file` names the
 * script in errors (NULL: "script"). Returns SC_OK, SC_INVALID_ARGUMENT
 * (see above) or SC_NO_MEMORY; *out is NULL and *n 0 on error.
 */
sc_status sc_sql_split(const char *sql, size_t len, sc_dialect dialect, const char *file, sc_sql_statement **out,
		       size_t *n);

#ifdef __cplusplus
}
#endif

#endif
