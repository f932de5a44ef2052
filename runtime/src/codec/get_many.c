/* sc_row_get_many: rows by many primary keys in one statement (one array
 * parameter, as sc_row_load), put back into the order of the keys. The
 * statement returns each row once; keys are matched to rows through a
 * sorted index searched once per key. A key held by value (integers, uuid,
 * timestamps, ...) is compared by its C bytes; text, bytes and floating
 * keys by their primary key text (sc_row_key_text, slower: snprintf). */
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"

/* The widest key compared by its bytes (sc_uuid). */
#define RAW_KEY_MAX 16

typedef struct keyed {
	char *text; /* NULL: compared by raw */
	unsigned char raw[RAW_KEY_MAX];
	size_t row;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	return x->text ? strcmp(x->text, y->text) : memcmp(x->raw, y->raw, RAW_KEY_MAX);
}

/* k's key from row: its bytes, or its text (malloc'd; SC_NO_MEMORY). */
static sc_status key_of(const sc_entity_meta *m, const sc_column_meta *c, bool raw, const unsigned char *row,
			keyed *k)
{
	if (raw) {
		memcpy(k->raw, row + c->offset, sc__col_c_size(c->type));
		return SC_OK;
	}
	size_t len = sc_row_key_text(m, row, NULL, 0);
	if (!(k->text = malloc(len + 1)))
		return SC_NO_MEMORY;
	sc_row_key_text(m, row, k->text, len + 1);
	return SC_OK;
}

/* out[i] = the row of keys[i] (zeroed when absent, found[i] false). */
static sc_status arrange(const sc_entity_meta *m, const sc_column_meta *c, const void *keys, size_t n,
			 const unsigned char *got, size_t ngot, unsigned char *out, bool *found, size_t *missing)
{
	const sc_col_info *info = sc__col(c->type);
	bool raw = !info->by_pointer && !info->floating && info->size <= RAW_KEY_MAX;
	keyed *idx = calloc(ngot ? ngot : 1, sizeof *idx);
	unsigned char *probe = calloc(1, m->row_size);
	sc_status rc = idx && probe ? SC_OK : SC_NO_MEMORY;
	for (size_t i = 0; i < ngot && rc == SC_OK; i++) {
		idx[i].row = i;
		rc = key_of(m, c, raw, got + i * m->row_size, &idx[i]);
	}
	if (rc == SC_OK)
		qsort(idx, ngot, sizeof *idx, keyed_cmp);
	*missing = 0;
	for (size_t i = 0; i < n && rc == SC_OK; i++) {
		memcpy(probe + c->offset, (const unsigned char *)keys + i * info->size, info->size);
		keyed want = {0};
		if ((rc = key_of(m, c, raw, probe, &want)) != SC_OK)
			break;
		const keyed *hit = ngot ? bsearch(&want, idx, ngot, sizeof *idx, keyed_cmp) : NULL;
		free(want.text);
		unsigned char *dst = out + i * m->row_size;
		if (hit) {
			memcpy(dst, got + hit->row * m->row_size, m->row_size);
		} else {
			memset(dst, 0, m->row_size);
			++*missing;
		}
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
