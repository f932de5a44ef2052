/* String-keyed hash map in an arena, for name lookups that would otherwise
 * scan every entity or every name (large schemas: thousands of entities).
 * Keys are not copied: they must outlive the map (arena strings do). */
#ifndef SCC_STRMAP_H
#define SCC_STRMAP_H
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct scc_strmap_slot {
  const char *key; /* NULL: empty */
  void *value;
  uint32_t hash;
} scc_strmap_slot;

typedef struct scc_strmap {
  scc_arena *a;
  scc_strmap_slot *slots;
  size_t cap, n; /* cap: 0 or a power of two */
} scc_strmap;

/* An empty map allocating from `a`; `expect` sizes it (0 is fine). */
void scc_strmap_init(scc_strmap *m, scc_arena *a, size_t expect);
/* The value stored under `key`, or NULL. */
void *scc_strmap_get(const scc_strmap *m, const char *key);
/* Stores `value` (not NULL) under `key` unless the key is present: returns the value
 * already there (left unchanged), or NULL when it was added. */
void *scc_strmap_add(scc_strmap *m, const char *key, void *value);
/* Empties the map, keeping its table. */
void scc_strmap_clear(scc_strmap *m);
#endif
