/* Query hook and slow-query log, change events, memory cache. */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sc__query_done(sc_conn *c, const char *sql, int64_t t_start, int64_t rows, sc_status st)
{
	sc_shared *sh = c->sh;
	c->ran_sql = true;
	if (c->ops->dialect == SC_DIALECT_POSTGRES)
		c->session_used = true; /* any statement can change session state */
	int64_t dur = sc__mono_us() - t_start;
	if (dur < 0)
		dur = 0;
	SC_COUNT(&sh->m, queries, 1);
	SC_COUNT(&sh->m, query_time_us, dur);
	if (st < 0)
		SC_COUNT(&sh->m, query_errors, 1);
	int slow = sh->s.slow_query_ms > 0 && dur >= sh->s.slow_query_ms * 1000;
	if (slow) {
		SC_COUNT(&sh->m, slow_queries, 1);
		sc__log(sh, SC_LOG_WARN, "slow query: %.3f ms, %lld rows, %s: %.600s", (double)dur / 1000.0,
			(long long)rows, sc_status_name(st), sql);
	}
	if (sh->s.query_hook) {
		sc_query_event ev = {sh->s.name, c->ops->dialect, sql, dur, rows, st,
				     st < 0 ? c->err.sqlstate : "", slow};
		sh->s.query_hook(sh->s.query_hook_ud, &ev);
	}
}

const char *sc_change_op_name(sc_change_op op)
{
	switch (op) {
	case SC_CHANGE_INSERT: return "insert";
	case SC_CHANGE_UPDATE: return "update";
	case SC_CHANGE_DELETE: return "delete";
	case SC_CHANGE_SOFT_DELETE: return "soft_delete";
	case SC_CHANGE_RESTORE: return "restore";
	case SC_CHANGE_UPSERT: return "upsert";
	}
	return "unknown";
}

static void deliver(sc_conn *c, const sc_change_rec *r)
{
	sc_shared *sh = c->sh;
	if (sh->s.change_hook) {
		sc_change_event ev = {sh->s.name, r->table, r->op, r->key ? r->key : "",
				      r->values, r->nvalues, r->has_old, r->has_new};
		sh->s.change_hook(sh->s.change_hook_ud, &ev);
	}
	if (sh->s.cache && r->cache_key)
		sh->s.cache->invalidate(sh->s.cache->ud, r->cache_key);
}

static void rec_free(sc_change_rec *r)
{
	free(r->table);
	free(r->key);
	free(r->cache_key);
	free(r->values);
}

/* values and their strings copied into one block: the array, then the
 * texts (NULL for none). */
static sc_change_value *values_copy(const sc_change_value *v, size_t n)
{
	size_t sz = n * sizeof *v;
	for (size_t i = 0; i < n; i++) {
		const char *s[3] = {v[i].column, v[i].old_value, v[i].new_value};
		for (int k = 0; k < 3; k++)
			sz += s[k] ? strlen(s[k]) + 1 : 0;
	}
	sc_change_value *out = malloc(sz ? sz : 1);
	if (!out)
		return NULL;
	char *p = (char *)(out + n);
	for (size_t i = 0; i < n; i++) {
		const char *s[3] = {v[i].column, v[i].old_value, v[i].new_value};
		const char *d[3] = {NULL, NULL, NULL};
		for (int k = 0; k < 3; k++) {
			if (!s[k])
				continue;
			size_t l = strlen(s[k]) + 1;
			memcpy(p, s[k], l);
			d[k] = p;
			p += l;
		}
		out[i] = (sc_change_value){d[0], d[1], d[2], v[i].sensitive};
	}
	return out;
}

sc_status sc_conn_notify_change(sc_conn *c, const char *table, sc_change_op op, const char *key,
				const char *cache_key)
{
	return sc_conn_notify_change_values(c, table, op, key, cache_key, NULL, 0, false, false);
}

sc_status sc_conn_notify_change_values(sc_conn *c, const char *table, sc_change_op op, const char *key,
				       const char *cache_key, const sc_change_value *values, size_t nvalues,
				       bool has_old, bool has_new)
{
	if (!c || !table || (nvalues && !values))
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_conn_notify_change: NULL argument");
	if (!sc_conn_wants_changes(c))
		return SC_OK; /* nobody listens: nothing to queue or deliver */
	sc_change_rec r = {(char *)table, (char *)key, (char *)cache_key, op, (sc_change_value *)values,
			   nvalues, has_old, has_new};
	if (c->tx_depth == 0) {
		deliver(c, &r);
		return SC_OK;
	}
	if (c->nchanges == c->capchanges) {
		size_t cap = c->capchanges ? c->capchanges * 2 : 8;
		sc_change_rec *n = realloc(c->changes, cap * sizeof(*n));
		if (!n)
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory queueing a change event");
		c->changes = n;
		c->capchanges = cap;
	}
	sc_change_rec *q = &c->changes[c->nchanges];
	q->table = sc__strdup(table);
	q->key = key ? sc__strdup(key) : NULL;
	q->cache_key = cache_key ? sc__strdup(cache_key) : NULL;
	q->op = op;
	q->values = nvalues ? values_copy(values, nvalues) : NULL;
	q->nvalues = nvalues;
	q->has_old = has_old;
	q->has_new = has_new;
	if (!q->table || (key && !q->key) || (cache_key && !q->cache_key) || (nvalues && !q->values)) {
		rec_free(q);
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory queueing a change event");
	}
	c->nchanges++;
	return SC_OK;
}

void sc__changes_truncate(sc_conn *c, size_t keep)
{
	while (c->nchanges > keep)
		rec_free(&c->changes[--c->nchanges]);
}

void sc__changes_deliver(sc_conn *c)
{
	for (size_t i = 0; i < c->nchanges; i++)
		deliver(c, &c->changes[i]);
	sc__changes_truncate(c, 0);
}

bool sc_conn_wants_changes(const sc_conn *c)
{
	return c && (c->sh->s.change_hook || c->sh->s.cache);
}

bool sc_conn_wants_change_values(const sc_conn *c)
{
	return c && c->sh->s.change_hook && c->sh->s.change_values;
}

sc_cache *sc_conn_cache(sc_conn *c)
{
	return c ? c->sh->s.cache : NULL;
}

/* ---- in-process LRU cache ---------------------------------------------- */

typedef struct mc_entry {
	char *key;
	void *val;
	size_t len;
	int64_t expires_us; /* 0: never */
	uint64_t hash;
	struct mc_entry *hnext, *prev, *next;
} mc_entry;

typedef struct memcache {
	sc_cache iface; /* first: sc_cache * <-> memcache * */
	pthread_mutex_t mu;
	mc_entry **buckets;
	size_t nbuckets, count, capacity;
	int64_t ttl_ms;
	mc_entry *head, *tail; /* most recent first */
} memcache;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static mc_entry **mc_slot(memcache *m, const char *key, uint64_t h)
{
	mc_entry **pp = &m->buckets[h % m->nbuckets];
	while (*pp && ((*pp)->hash != h || strcmp((*pp)->key, key) != 0))
		pp = &(*pp)->hnext;
	return pp;
}

static void mc_unlink(memcache *m, mc_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		m->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		m->tail = e->prev;
	e->prev = e->next = NULL;
}

static void mc_push_front(memcache *m, mc_entry *e)
{
	e->prev = NULL;
	e->next = m->head;
	if (m->head)
		m->head->prev = e;
	m->head = e;
	if (!m->tail)
		m->tail = e;
}

static void mc_remove(memcache *m, mc_entry **slot)
{
	mc_entry *e = *slot;
	*slot = e->hnext;
	mc_unlink(m, e);
	free(e->key);
	free(e->val);
	free(e);
	m->count--;
}

static sc_status mc_get(void *ud, const char *key, void **out, size_t *out_len)
{
	memcache *m = ud;
	uint64_t h = fnv1a(key);
	sc_status rc = SC_NOT_FOUND;
	pthread_mutex_lock(&m->mu);
	mc_entry **slot = mc_slot(m, key, h);
	if (*slot) {
		mc_entry *e = *slot;
		if (e->expires_us && sc__mono_us() >= e->expires_us) {
			mc_remove(m, slot);
		} else {
			void *copy = malloc(e->len ? e->len : 1);
			if (!copy) {
				rc = SC_NO_MEMORY;
			} else {
				memcpy(copy, e->val, e->len);
				*out = copy;
				*out_len = e->len;
				mc_unlink(m, e);
				mc_push_front(m, e);
				rc = SC_OK;
			}
		}
	}
	pthread_mutex_unlock(&m->mu);
	return rc;
}

static sc_status mc_put(void *ud, const char *key, const void *val, size_t len, int64_t ttl_ms)
{
	memcache *m = ud;
	uint64_t h = fnv1a(key);
	mc_entry *e = calloc(1, sizeof(*e));
	if (!e)
		return SC_NO_MEMORY;
	e->key = sc__strdup(key);
	e->val = malloc(len ? len : 1);
	if (!e->key || !e->val) {
		free(e->key);
		free(e->val);
		free(e);
		return SC_NO_MEMORY;
	}
	memcpy(e->val, val, len);
	e->len = len;
	e->hash = h;
	if (!ttl_ms)
		ttl_ms = m->ttl_ms;
	e->expires_us = ttl_ms > 0 ? sc__mono_us() + ttl_ms * 1000 : 0;
	pthread_mutex_lock(&m->mu);
	mc_entry **slot = mc_slot(m, key, h);
	if (*slot)
		mc_remove(m, slot);
	slot = &m->buckets[h % m->nbuckets];
	e->hnext = *slot;
	*slot = e;
	mc_push_front(m, e);
	m->count++;
	while (m->count > m->capacity && m->tail) {
		mc_entry *victim = m->tail;
		mc_remove(m, mc_slot(m, victim->key, victim->hash));
	}
	pthread_mutex_unlock(&m->mu);
	return SC_OK;
}

static void mc_invalidate(void *ud, const char *key)
{
	memcache *m = ud;
	uint64_t h = fnv1a(key);
	pthread_mutex_lock(&m->mu);
	mc_entry **slot = mc_slot(m, key, h);
	if (*slot)
		mc_remove(m, slot);
	pthread_mutex_unlock(&m->mu);
}

sc_cache *sc_memory_cache_new(size_t capacity, int64_t default_ttl_ms)
{
	memcache *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->capacity = capacity ? capacity : 1;
	m->nbuckets = 64;
	while (m->nbuckets < m->capacity && m->nbuckets < (1u << 20))
		m->nbuckets *= 2;
	m->buckets = calloc(m->nbuckets, sizeof(*m->buckets));
	if (!m->buckets) {
		free(m);
		return NULL;
	}
	m->ttl_ms = default_ttl_ms;
	pthread_mutex_init(&m->mu, NULL);
	m->iface.ud = m;
	m->iface.get = mc_get;
	m->iface.put = mc_put;
	m->iface.invalidate = mc_invalidate;
	return &m->iface;
}

void sc_memory_cache_free(sc_cache *cache)
{
	if (!cache)
		return;
	memcache *m = (memcache *)cache;
	while (m->head)
		mc_remove(m, mc_slot(m, m->head->key, m->head->hash));
	pthread_mutex_destroy(&m->mu);
	free(m->buckets);
	free(m);
}
