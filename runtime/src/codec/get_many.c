/* sc_row_get_many: rows by many primary keys in one statement (one array
 * parameter, as sc_row_load), put back into the order of the keys. The
 * statement returns each row once; the keys are matched to rows by their
 * primary key text (sc_row_key_text), sorted once and searched per key. */
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"

typedef struct keyed {
	char *text;
	size_t row;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->text, ((const keyed *)b)->text);
}

/* The key text of row (malloc'd), NULL when out of memory. */
static char *key_text(const sc_entity_meta *m, const void *row)
{
	size_t len = sc_row_key_text(m, row, NULL, 0);
	char *t = malloc(len + 1);
	if (t)
		sc_row_key_text(m, row, t, len + 1);
	return t;
}

/* out[i] = the row of keys[i] (zeroed when absent, found[i] false). */
static sc_status arrange(const sc_entity_meta *m, const sc_column_meta *c, const void *keys, size_t n,
			 const unsigned char *got, size_t ngot, unsigned char *out, bool *found, size_t *missing)
{
	size_t ksz = sc__col_c_size(c->type);
	keyed *idx = calloc(ngot ? ngot : 1, sizeof *idx);
	unsigned char *probe = calloc(1, m->row_size);
	sc_status rc = idx && probe ? SC_OK : SC_NO_MEMORY;
	for (size_t i = 0; i < ngot && rc == SC_OK; i++) {
		idx[i].row = i;
		if (!(idx[i].text = key_text(m, got + i * m->row_size)))
			rc = SC_NO_MEMORY;
	}
	if (rc == SC_OK)
		qsort(idx, ngot, sizeof *idx, keyed_cmp);
	*missing = 0;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		memcpy(probe + c->offset, (const unsigned char *)keys + i * ksz, ksz);
		keyed want = {key_text(m, probe), 0};
		if (!want.text) {
			rc = SC_NO_MEMORY;
			break;
		}
		const keyed *hit = ngot ? bsearch(&want, idx, ngot, sizeof *idx, keyed_cmp) : NULL;
		free(want.text);
		unsigned char *dst = out + i * m->row_size;
		if (hit)
			memcpy(dst, got + hit->row * m->row_size, m->row_size);
		else
			memset(dst, 0, m->row_size), ++*missing;
		if (found)
			found[i] = hit != NULL;
	}
	for (size_t i = 0; idx && i < ngot; i++)
		free(idx[i].text);
	free(idx);
	free(probe);
	return rc;
}

sc_status sc_row_get_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, unsigned col, const void *keys,
			  size_t n, unsigned flags, void **rows, size_t *len, void **mem, bool *found)
{
	*rows = NULL;
	*len = 0;
	*mem = NULL;
	if (n == 0)
		return SC_OK;
	void *got = NULL, *gmem = NULL;
	size_t ngot = 0;
	sc_status rc = sc_row_load(conn, m, sql, col, keys, n, flags, &got, &ngot, &gmem);
	if (rc != SC_OK)
		return rc;
	size_t missing = 0;
	unsigned char *out = sc_arena_alloc(gmem, n * m->row_size);
	rc = out ? arrange(m, &m->cols[col], keys, n, got, ngot, out, found, &missing) : SC_NO_MEMORY;
	if (rc == SC_OK && missing && !found)
		rc = sc_row_fail(conn, m, SC_NOT_FOUND, "get_many: a key has no row");
	if (rc != SC_OK) {
		sc_arena_free(gmem);
		return rc == SC_NO_MEMORY ? sc_row_fail(conn, m, rc, "get_many: out of memory") : rc;
	}
	*rows = out;
	*len = n;
	*mem = gmem;
	return SC_OK;
}
