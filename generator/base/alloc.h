/* The one allocation policy of the generator: out of memory ends the
 * process with a message (a compiler run holds no user data that could be
 * lost), so callers never check. Internal errors (a template or a table
 * that does not match its emitter) end it the same way. */
#ifndef SCC_ALLOC_H
#define SCC_ALLOC_H
#include <stddef.h>

void *scc_xmalloc(size_t n);
void *scc_xcalloc(size_t count, size_t size);
void *scc_xrealloc(void *p, size_t n);
/* realloc to `count` elements of `size` bytes, the product checked. */
void *scc_xrealloc_array(void *p, size_t count, size_t size);
/* A NUL-terminated copy of s[0, n). */
char *scc_xstrndup(const char *s, size_t n);
/* a + "/" + b, malloc'd. */
char *scc_path_join(const char *a, const char *b);

#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, format(printf, 1, 2)))
#endif
void scc_internal_error(const char *fmt, ...);
#endif
