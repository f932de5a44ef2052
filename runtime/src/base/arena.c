/* Bump allocator in chained blocks (see arena.h). */
#include <schemac/arena.h>
#include "base/base.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SC_ARENA_BLOCK 4096
#define SC_ARENA_ALIGN 16
/* The first block lives in the arena's own allocation, sized so that the
 * whole fits malloc's per-thread cache (glibc: chunks up to 1,032 bytes):
 * a row read by get holds its strings without a second, larger malloc
 * (issue 16: the 4 KB block per get cost ~1,000 instructions in
 * malloc/free). */
#define SC_ARENA_FIRST 960

typedef struct sc_arena_block {
	struct sc_arena_block *next;
	size_t used, cap;
	_Alignas(SC_ARENA_ALIGN) unsigned char data[];
} sc_arena_block;

struct sc_arena {
	sc_arena_block *head;
};

#define FIRST_OFFSET ((sizeof(sc_arena) + SC_ARENA_ALIGN - 1) & ~(size_t)(SC_ARENA_ALIGN - 1))

static sc_arena_block *first_block(sc_arena *a)
{
	return (sc_arena_block *)(void *)((unsigned char *)a + FIRST_OFFSET);
}

sc_arena *sc_arena_new(void)
{
	sc_arena *a = malloc(FIRST_OFFSET + sizeof(sc_arena_block) + SC_ARENA_FIRST);
	if (!a)
		return NULL;
	sc_arena_block *b = first_block(a);
	b->next = NULL;
	b->used = 0;
	b->cap = SC_ARENA_FIRST;
	a->head = b;
	return a;
}

/* n bytes, not zeroed (for copies); static so that the copies inline it
 * (an exported function is not inlined in a shared library). */
static inline void *bump(sc_arena *a, size_t n)
{
	if (!a)
		return NULL;
	size_t need = (n + SC_ARENA_ALIGN - 1) & ~(size_t)(SC_ARENA_ALIGN - 1);
	if (need == 0)
		need = SC_ARENA_ALIGN;
	sc_arena_block *b = a->head;
	if (!b || b->cap - b->used < need) {
		size_t cap = need > SC_ARENA_BLOCK ? need : SC_ARENA_BLOCK;
		if (cap > SIZE_MAX - sizeof(sc_arena_block))
			return NULL;
		b = malloc(sizeof(sc_arena_block) + cap);
		if (!b)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	return p;
}

void *sc__arena_alloc_raw(sc_arena *a, size_t n)
{
	return bump(a, n);
}

void *sc_arena_alloc(sc_arena *a, size_t n)
{
	void *p = bump(a, n);
	if (p)
		memset(p, 0, n ? n : 1);
	return p;
}

char *sc_arena_strndup(sc_arena *a, const char *s, size_t n)
{
	if (!s || n == SIZE_MAX)
		return NULL;
	char *p = bump(a, n + 1);
	if (p) {
		if (n)
			memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *sc_arena_strdup(sc_arena *a, const char *s)
{
	return s ? sc_arena_strndup(a, s, strlen(s)) : NULL;
}

void *sc_arena_memdup(sc_arena *a, const void *p, size_t n)
{
	void *q = bump(a, n);
	if (q && n)
		memcpy(q, p, n);
	return q;
}

/* Free the blocks from b on, except the first (part of the arena). */
static void free_blocks(sc_arena *a, sc_arena_block *b)
{
	while (b) {
		sc_arena_block *next = b->next;
		if (b != first_block(a))
			free(b);
		b = next;
	}
}

void sc_arena_reset(sc_arena *a)
{
	if (!a)
		return;
	sc_arena_block *first = first_block(a);
	free_blocks(a, a->head->next);
	/* the most recent block stays in front; the first one after it */
	a->head->next = a->head != first ? first : NULL;
	first->next = NULL;
	first->used = 0;
	a->head->used = 0;
}

void sc_arena_free(sc_arena *a)
{
	if (!a)
		return;
	free_blocks(a, a->head);
	free(a);
}
