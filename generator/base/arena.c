#include "base/alloc.h"
#include "base/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct block {
  struct block *next;
  size_t used, cap;
  max_align_t data[];
} block;

struct scc_arena {
  block *head;
};

scc_arena *scc_arena_new(void) { return calloc(1, sizeof(scc_arena)); }

void scc_arena_free(scc_arena *a) {
  if (!a) return;
  block *b = a->head;
  while (b) {
    block *n = b->next;
    free(b);
    b = n;
  }
  free(a);
}

void *scc_alloc(scc_arena *a, size_t n) {
  const size_t align = sizeof(max_align_t);
  n = (n + align - 1) / align * align;
  if (n == 0) n = align;
  block *b = a->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > 64 * 1024 ? n : 64 * 1024;
    b = scc_xmalloc(sizeof(block) + cap);
    b->used = 0;
    b->cap = cap;
    b->next = a->head;
    a->head = b;
  }
  void *p = (char *)b->data + b->used;
  b->used += n;
  memset(p, 0, n);
  return p;
}

scc_arena_mark scc_arena_save(scc_arena *a) {
  scc_arena_mark m = {a->head, a->head ? a->head->used : 0};
  return m;
}

void scc_arena_restore(scc_arena *a, scc_arena_mark m) {
  while (a->head && a->head != m.block) {
    block *n = a->head->next;
    free(a->head);
    a->head = n;
  }
  if (a->head) a->head->used = m.used;
}

char *scc_strndup(scc_arena *a, const char *s, size_t n) {
  char *p = scc_alloc(a, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *scc_strdup(scc_arena *a, const char *s) { return scc_strndup(a, s, strlen(s)); }

char *scc_printf(scc_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = scc_alloc(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
