/* sc_row_update_fields: the UPDATE of a set of columns, its text made once
 * per connection and column set and kept on the connection (so the
 * statement cache finds its prepared statement by address), instead of
 * being formatted on every call (docs/runtime.md, "Constant SQL"). */
#include "codec/codec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Texts kept per connection; past it the cache starts over (the texts are
 * made again as they are used: slower, never wrong). */
#define SC_UPDATE_TEXTS_MAX 256
#define UT_BUCKETS 64

typedef struct ut_entry {
	struct ut_entry *next;
	const sc_entity_meta *m;
	bool tenant;    /* the tenant condition is part of the text */
	size_t nset;    /* columns set by the caller, in member order: key[] */
	size_t np;      /* parameters $1..$np: params[] */
	unsigned *key;
	unsigned *params;
	char *sql;
} ut_entry;

typedef struct ut_cache {
	ut_entry *buckets[UT_BUCKETS];
	size_t n;
} ut_cache;

static void ut_clear(ut_cache *k)
{
	for (size_t b = 0; b < UT_BUCKETS; b++) {
		for (ut_entry *e = k->buckets[b], *next; e; e = next) {
			next = e->next;
			free(e->key);
			free(e->params);
			free(e->sql);
			free(e);
		}
		k->buckets[b] = NULL;
	}
	k->n = 0;
}

static void ut_free(void *p)
{
	if (!p)
		return;
	ut_clear(p);
	free(p);
}

static size_t ut_hash(const sc_entity_meta *m, bool tenant, const unsigned *key, size_t n)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)m ^ (tenant ? 0x9e37u : 0);
	for (size_t i = 0; i < n; i++)
		h = (h ^ key[i]) * 1099511628211u;
	return (size_t)(h ^ h >> 29) % UT_BUCKETS;
}

/* The UPDATE text of the columns key[0..nset) for m, and its parameters. */
static ut_entry *ut_make(const sc_entity_meta *m, bool tenant, const unsigned *key, size_t nset)
{
	ut_entry *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->m = m;
	e->tenant = tenant;
	e->nset = nset;
	e->key = malloc(sizeof(unsigned) * (nset ? nset : 1));
	/* each column once, updated_at, the key, the version */
	e->params = malloc(sizeof(unsigned) * (m->ncols + 2));
	if (!e->key || !e->params) {
		free(e->key);
		free(e->params);
		free(e);
		return NULL;
	}
	memcpy(e->key, key, sizeof(unsigned) * nset);
	size_t np = 0;
	sc_sbuf b = {0};
	sc__sb_printf(&b, "UPDATE %s SET ", m->table_sql);
	for (size_t i = 0; i < nset; i++) {
		sc__sb_printf(&b, "%s%s = $%zu", np ? ", " : "", m->cols[key[i]].name, np + 1);
		e->params[np++] = key[i];
	}
	if (m->updated_at_col >= 0) {
		sc__sb_printf(&b, "%s%s = $%zu", np ? ", " : "", m->cols[m->updated_at_col].name, np + 1);
		e->params[np++] = (unsigned)m->updated_at_col;
	}
	if (m->version_col >= 0) {
		const char *v = m->cols[m->version_col].name;
		sc__sb_printf(&b, "%s%s = %s.%s + 1", np ? ", " : "", v, m->table_sql, v);
	}
	sc__sb_puts(&b, " WHERE ");
	for (unsigned k = 0; k < m->npk; k++) {
		sc__sb_printf(&b, "%s%s = $%zu", k ? " AND " : "", m->cols[m->pk[k]].name, np + 1);
		e->params[np++] = m->pk[k];
	}
	if (m->version_col >= 0) {
		sc__sb_printf(&b, " AND %s = $%zu", m->cols[m->version_col].name, np + 1);
		e->params[np++] = (unsigned)m->version_col;
	}
	if (m->soft_delete_col >= 0)
		sc__sb_printf(&b, " AND %s IS NULL", m->cols[m->soft_delete_col].name);
	if (tenant)
		sc__sb_printf(&b, " AND %s = $%zu", m->cols[m->tenant_col].name, np + 1);
	if (m->version_col >= 0)
		sc__sb_printf(&b, " RETURNING %s", m->cols[m->version_col].name);
	e->np = np;
	e->sql = b.data;
	if (b.oom || !b.data) {
		free(b.data);
		free(e->key);
		free(e->params);
		free(e);
		return NULL;
	}
	return e;
}

/* The connection's entry for (m, tenant, key), made on a miss; NULL: out
 * of memory. */
static ut_entry *ut_get(sc_conn *conn, const sc_entity_meta *m, bool tenant, const unsigned *key, size_t nset)
{
	if (!conn->sql_texts) {
		if (!(conn->sql_texts = calloc(1, sizeof(ut_cache))))
			return NULL;
		conn->sql_texts_free = ut_free;
	}
	ut_cache *k = conn->sql_texts;
	size_t h = ut_hash(m, tenant, key, nset);
	for (ut_entry *e = k->buckets[h]; e; e = e->next)
		if (e->m == m && e->tenant == tenant && e->nset == nset && !memcmp(e->key, key, sizeof(unsigned) * nset))
			return e;
	if (k->n == SC_UPDATE_TEXTS_MAX)
		ut_clear(k);
	ut_entry *e = ut_make(m, tenant, key, nset);
	if (e) {
		e->next = k->buckets[h];
		k->buckets[h] = e;
		k->n++;
	}
	return e;
}

/* The columns to set: cols validated (in the caller's order, as the
 * errors come), duplicates and updated_at dropped, in member order into
 * key (*nset of them). */
sc_status sc__update_set_columns(sc_conn *conn, const sc_entity_meta *m, const void *row, const void *cols,
				 size_t ncols, bool *in, unsigned *key, size_t *nset)
{
	memset(in, 0, m->ncols);
	for (size_t i = 0; i < ncols; i++) {
		int col;
		memcpy(&col, (const unsigned char *)cols + i * sizeof(int), sizeof col);
		if (col < 0 || (unsigned)col >= m->ncols)
			return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "update_fields: unknown column");
		const sc_column_meta *c = &m->cols[col];
		if ((c->flags & SC_COLF_PK) || col == m->tenant_col || col == m->version_col)
			return sc__conn_errf(conn, SC_INVALID_ARGUMENT, "%s: update_fields cannot set %s", m->c_name,
					     c->field);
		if (col == m->updated_at_col || in[col])
			continue;
		sc_status rc = sc__row_check_col(conn, m, row, (unsigned)col);
		if (rc != SC_OK)
			return rc;
		in[col] = true;
	}
	size_t n = 0;
	for (unsigned c = 0; c < m->ncols; c++)
		if (in[c])
			key[n++] = c;
	*nset = n;
	return SC_OK;
}

sc_status sc_row_update_fields(sc_conn *conn, const sc_entity_meta *m, void *row, const void *cols,
			       size_t ncols, int64_t *count)
{
	*count = 0;
	if (ncols == 0 || !cols)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "update_fields: no columns");
	/* No cap on the column count: scratch for m's columns on the stack
	 * when they are few, else on the heap. */
	enum { STACK_COLS = 64 };
	bool in_s[STACK_COLS];
	unsigned key_s[STACK_COLS];
	bool *in = in_s;
	unsigned *key = key_s;
	if (m->ncols > STACK_COLS) {
		in = malloc(m->ncols);
		key = malloc(sizeof(unsigned) * m->ncols);
		if (!in || !key) {
			free(in);
			free(key);
			return sc_row_fail(conn, m, SC_NO_MEMORY, "update_fields: out of memory");
		}
	}
	size_t nset = 0;
	sc_status rc = sc__update_set_columns(conn, m, row, cols, ncols, in, key, &nset);
	ut_entry *e = NULL;
	if (rc == SC_OK && !(e = ut_get(conn, m, sc__tenant_applies(conn, m), key, nset)))
		rc = sc_row_fail(conn, m, SC_NO_MEMORY, "update_fields: out of memory");
	if (in != in_s) {
		free(in);
		free(key);
	}
	if (rc != SC_OK)
		return rc;
	unsigned ret = m->version_col >= 0 ? (unsigned)m->version_col : 0;
	return sc_row_exec(conn, m, e->sql, row, e->params, e->np, SC_EXEC_TENANT, row, &ret,
			   m->version_col >= 0 ? 1 : 0, count);
}
