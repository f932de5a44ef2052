/* Arena allocator: one per compilation, freed in one go. */
#ifndef SCC_ARENA_H
#define SCC_ARENA_H
#include <stddef.h>

typedef struct scc_arena scc_arena;

/* Returns NULL when out of memory. */
scc_arena *scc_arena_new(void);
void scc_arena_free(scc_arena *a);

/* Zeroed memory aligned for any type; aborts on out-of-memory (a compiler
 * has nothing useful to do without memory). */
void *scc_alloc(scc_arena *a, size_t n);
char *scc_strndup(scc_arena *a, const char *s, size_t n);
char *scc_strdup(scc_arena *a, const char *s);
/* A point to roll the arena back to: everything allocated after
 * scc_arena_save() is released by scc_arena_restore() (for per-item
 * temporaries of long runs, e.g. one entity of a large schema). */
typedef struct scc_arena_mark {
  void *block;
  size_t used;
} scc_arena_mark;
scc_arena_mark scc_arena_save(scc_arena *a);
void scc_arena_restore(scc_arena *a, scc_arena_mark m);
char *scc_printf(scc_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
#endif
