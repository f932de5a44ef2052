/* Name helpers: suggestions for misspellings, case conversion, plurals,
 * reserved words. */
#ifndef SCC_NAMES_H
#define SCC_NAMES_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* The candidate closest to `word` (NULL-terminated list), or NULL when none
 * is close enough to be a likely misspelling. */
const char *scc_suggest(const char *word, const char *const *candidates);
/* Edit distance (Damerau: a swap of two neighbours counts 1), case-insensitive. */
size_t scc_edit_distance(const char *a, const char *b);

/* LeadScore -> lead_score, HTTPLog -> http_log, already_snake -> already_snake */
char *scc_snake(scc_arena *a, const char *name);
/* lead_score -> LEAD_SCORE */
char *scc_upper(scc_arena *a, const char *name);
/* lead_score -> lead_scores, company -> companies, address -> addresses */
char *scc_plural(scc_arena *a, const char *snake);

/* PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes: longer names
 * are truncated by the server, so table and column names past it are check
 * errors and generated constraint names are shortened to fit. */
#define SCC_MAX_IDENT_BYTES 63

/* Length of the longest prefix of s no longer than max bytes that does not
 * end inside a UTF-8 character. */
size_t scc_utf8_prefix(const char *s, size_t max);

/* A generated constraint or index name: <table>_<cols>_<suffix> (or
 * <table>_<suffix> when cols is NULL). Past SCC_MAX_IDENT_BYTES it is cut on
 * a character boundary and given a hash of the full name, so it stays
 * unique, deterministic and at most SCC_MAX_IDENT_BYTES long. */
const char *scc_constraint_name(scc_arena *a, const char *table, const char *cols, const char *suffix);

/* C keywords (C11 and C23) and names the generated code cannot use. */
bool scc_is_c_keyword(const char *name);
/* Standard and common predefined C macros a name in generated code would
 * be expanded as (EOF, SIZE_MAX, errno, linux, ...). */
bool scc_is_c_macro(const char *name);
/* Type names of the standard headers generated code includes (size_t,
 * int64_t, ...): a generated type or function with one of these names
 * would redefine it. */
bool scc_is_c_std_type(const char *name);
/* The runtime's prefix (sc, SC, sc_..., SC_...): not a schema's C prefix. */
bool scc_is_reserved_prefix(const char *p);
#endif
