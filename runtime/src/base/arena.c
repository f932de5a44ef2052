/* Bump allocator in chained blocks (see arena.h). */
#include <schemac/arena.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SC_ARENA_BLOCK 4096
#define SC_ARENA_ALIGN 16

typedef struct sc_arena_block {
	struct sc_arena_block *next;
	size_t used, cap;
	_Alignas(SC_ARENA_ALIGN) unsigned char data[];
} sc_arena_block;

struct sc_arena {
	sc_arena_block *head;
};

sc_arena *sc_arena_new(void)
{
	return calloc(1, sizeof(sc_arena));
}

void *sc_arena_alloc(sc_arena *a, size_t n)
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
	memset(p, 0, need);
	return p;
}

char *sc_arena_strndup(sc_arena *a, const char *s, size_t n)
{
	if (!s || n == SIZE_MAX)
		return NULL;
	char *p = sc_arena_alloc(a, n + 1);
	if (p && n)
		memcpy(p, s, n);
	return p;
}

char *sc_arena_strdup(sc_arena *a, const char *s)
{
	return s ? sc_arena_strndup(a, s, strlen(s)) : NULL;
}

void *sc_arena_memdup(sc_arena *a, const void *p, size_t n)
{
	void *q = sc_arena_alloc(a, n);
	if (q && n)
		memcpy(q, p, n);
	return q;
}

void sc_arena_reset(sc_arena *a)
{
	if (!a || !a->head)
		return;
	sc_arena_block *b = a->head->next;
	while (b) {
		sc_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head->next = NULL;
	a->head->used = 0;
}

void sc_arena_free(sc_arena *a)
{
	if (!a)
		return;
	sc_arena_block *b = a->head;
	while (b) {
		sc_arena_block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}
