/* Query texts per connection and filter shape: a list, count, exists or
 * bulk write whose filter has the same shape (which conditions, in which
 * groups, with which operators; the ordering; paging on or off; a keyset
 * cursor and which of its values are NULL; the set columns of a bulk
 * update) renders the same SQL, so its text is made once and kept on the
 * connection. Later calls collect their parameters without writing any
 * text and hand the kept text to the statement cache, which finds the
 * prepared statement by its address (docs/runtime.md, "Constant SQL").
 * An IN list is one array parameter, so its length is not part of the
 * shape. */
#include "codec/codec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define QT_BUCKETS 64

typedef struct qt_entry {
	struct qt_entry *next;
	const sc_entity_meta *m;
	size_t n;
	uint32_t *w;
	char *sql;
} qt_entry;

typedef struct qt_cache {
	qt_entry *buckets[QT_BUCKETS];
	size_t n;
} qt_cache;

void sc__qshape_init(sc_qshape *s)
{
	s->w = s->stack;
	s->n = 0;
	s->cap = sizeof s->stack / sizeof s->stack[0];
	s->oom = false;
}

void sc__qshape_add(sc_qshape *s, uint32_t w)
{
	if (s->oom)
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap * 2;
		uint32_t *nw = s->w == s->stack ? malloc(cap * sizeof *nw) : realloc(s->w, cap * sizeof *nw);
		if (!nw) {
			s->oom = true;
			return;
		}
		if (s->w == s->stack)
			memcpy(nw, s->stack, sizeof s->stack);
		s->w = nw;
		s->cap = cap;
	}
	s->w[s->n++] = w;
}

void sc__qshape_free(sc_qshape *s)
{
	if (s->w != s->stack)
		free(s->w);
	s->w = s->stack;
}

static void qt_clear(qt_cache *k)
{
	for (size_t b = 0; b < QT_BUCKETS; b++) {
		for (qt_entry *e = k->buckets[b], *next; e; e = next) {
			next = e->next;
			free(e->w);
			free(e->sql);
			free(e);
		}
		k->buckets[b] = NULL;
	}
	k->n = 0;
}

static void qt_free(void *p)
{
	if (!p)
		return;
	qt_clear(p);
	free(p);
}

static size_t qt_hash(const sc_entity_meta *m, const sc_qshape *s)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)m;
	for (size_t i = 0; i < s->n; i++)
		h = (h ^ s->w[i]) * 1099511628211u;
	return (size_t)(h ^ h >> 29) % QT_BUCKETS;
}

const char *sc__query_text_find(sc_conn *conn, const sc_entity_meta *m, const sc_qshape *s)
{
	qt_cache *k = conn->query_texts;
	if (!k || s->oom)
		return NULL;
	for (qt_entry *e = k->buckets[qt_hash(m, s)]; e; e = e->next)
		if (e->m == m && e->n == s->n && !memcmp(e->w, s->w, s->n * sizeof *s->w))
			return e->sql;
	return NULL;
}

bool sc__query_text_keep(sc_conn *conn, const sc_entity_meta *m, const sc_qshape *s, char *sql)
{
	if (s->oom)
		return false;
	if (!conn->query_texts) {
		if (!(conn->query_texts = calloc(1, sizeof(qt_cache))))
			return false;
		conn->query_texts_free = qt_free;
	}
	qt_cache *k = conn->query_texts;
	qt_entry *e = calloc(1, sizeof *e);
	uint32_t *w = malloc((s->n ? s->n : 1) * sizeof *w);
	if (!e || !w) {
		free(e);
		free(w);
		return false;
	}
	if (k->n == SC_QUERY_TEXTS_MAX)
		qt_clear(k);
	memcpy(w, s->w, s->n * sizeof *w);
	e->m = m;
	e->n = s->n;
	e->w = w;
	e->sql = sql;
	size_t h = qt_hash(m, s);
	e->next = k->buckets[h];
	k->buckets[h] = e;
	k->n++;
	return true;
}
