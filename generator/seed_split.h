/* Splitting a seed file into SQL statements, so `schemac seed` can run them
 * one by one and name the statement that failed (file:line).
 *
 * A statement ends at a ';' that is outside string literals ('...', with ''
 * and, after E, backslash escapes), quoted identifiers ("..." and `...`),
 * comments (-- lines and C-style blocks, nested on PostgreSQL), dollar quotes
 * ($$...$$, $tag$...$tag$) and, for CREATE TRIGGER / FUNCTION / PROCEDURE,
 * BEGIN ... END blocks (CASE ... END counted too). Leading and trailing
 * whitespace and comments are not part of a statement; statements that are
 * only whitespace and comments are dropped. Pure text processing: no
 * database involved. */
#ifndef SCC_SEED_SPLIT_H
#define SCC_SEED_SPLIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct scc_sql_stmt {
  size_t off, len; /* the statement's text, without the ';' */
  uint32_t line;   /* 1-based line of its first character */
} scc_sql_stmt;

typedef struct scc_sql_split_options {
  bool postgres; /* dollar quotes and nested block comments */
} scc_sql_split_options;

/* Splits `sql` (len bytes). *out is malloc'd (free() it; NULL when there
 * are no statements). Returns the number of statements, or -1 when out of
 * memory. An unterminated quote or comment runs to the end of the text (the
 * database then reports it). */
long scc_sql_split(const char *sql, size_t len, const scc_sql_split_options *opt, scc_sql_stmt **out);

/* The first keyword of a statement, upper-cased into buf ("INSERT"); "" if
 * the statement does not start with a word. */
const char *scc_sql_first_word(const char *stmt, size_t len, char *buf, size_t n);
#endif
