/*
 * Arenas: bump allocators that own the strings and bytes of rows read from
 * the database. Generated rows keep theirs in the `_mem` member; freeing the
 * arena frees everything allocated from it at once.
 *
 * Thread safety: an arena is used by one thread at a time.
 */
#ifndef SCHEMAC_ARENA_H
#define SCHEMAC_ARENA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_arena sc_arena;

/** A new empty arena, or NULL when out of memory. */
sc_arena *sc_arena_new(void);

/** n bytes aligned for any type (zeroed); NULL when out of memory.
 *  n == 0 returns a valid, non-NULL pointer. */
void *sc_arena_alloc(sc_arena *a, size_t n);

/** NUL-terminated copy of s (NULL gives NULL). */
char *sc_arena_strdup(sc_arena *a, const char *s);

/** Copy of n bytes of s plus a NUL. */
char *sc_arena_strndup(sc_arena *a, const char *s, size_t n);

/** Copy of n bytes (non-NULL even when n == 0). */
void *sc_arena_memdup(sc_arena *a, const void *p, size_t n);

/** Free everything allocated from the arena but keep its most recent block
 *  for reuse: a loop reading one row at a time stays in constant memory. */
void sc_arena_reset(sc_arena *a);

/** Free the arena and everything allocated from it. NULL is a no-op. */
void sc_arena_free(sc_arena *a);

#ifdef __cplusplus
}
#endif

#endif
