/* Open addressing with linear probing; the table doubles at half full. */
#include "base/strmap.h"

#include <string.h>

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void alloc_table(scc_strmap *m, size_t cap) {
  m->slots = scc_alloc(m->a, cap * sizeof *m->slots);
  m->cap = cap;
}

void scc_strmap_init(scc_strmap *m, scc_arena *a, size_t expect) {
  m->a = a;
  m->n = 0;
  size_t cap = 16;
  while (cap < expect * 2) cap *= 2;
  alloc_table(m, cap);
}

static scc_strmap_slot *find(const scc_strmap *m, const char *key, uint32_t h) {
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    scc_strmap_slot *s = &m->slots[i];
    if (!s->key || (s->hash == h && strcmp(s->key, key) == 0)) return s;
  }
}

void *scc_strmap_get(const scc_strmap *m, const char *key) {
  if (!m->cap) return NULL;
  scc_strmap_slot *s = find(m, key, hash_str(key));
  return s->key ? s->value : NULL;
}

void *scc_strmap_add(scc_strmap *m, const char *key, void *value) {
  if ((m->n + 1) * 2 > m->cap) {
    scc_strmap_slot *old = m->slots;
    size_t ocap = m->cap;
    alloc_table(m, ocap ? ocap * 2 : 16);
    for (size_t i = 0; i < ocap; i++)
      if (old[i].key) *find(m, old[i].key, old[i].hash) = old[i];
  }
  uint32_t h = hash_str(key);
  scc_strmap_slot *s = find(m, key, h);
  if (s->key) return s->value;
  s->key = key;
  s->value = value;
  s->hash = h;
  m->n++;
  return NULL;
}

void scc_strmap_clear(scc_strmap *m) {
  if (m->cap) memset(m->slots, 0, m->cap * sizeof *m->slots);
  m->n = 0;
}
