/* Row encoding for cache values: a header (magic, column count, row size)
 * so a value written by a different build of the schema is rejected, then
 * per column a presence byte and the value in host byte order. Values are
 * meant for caches shared by processes of one build, not for storage. */
#include "codec/codec.h"
#include <schemac/query.h>

#include <stdlib.h>
#include <string.h>

#define SC_ROWCODEC_MAGIC 0x53435231u /* "SCR1" */

typedef struct wbuf {
	unsigned char *data;
	size_t len, cap;
	bool oom;
} wbuf;

static void put(wbuf *b, const void *p, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *d = realloc(b->data, cap);
		if (!d) {
			b->oom = true;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

/* Held behind a pointer: stored as a length and the bytes. */
static bool is_varlen(sc_col_type t)
{
	return sc__col_by_pointer(t);
}

static bool is_bytes(sc_col_type t)
{
	return sc__col(t)->shape == SC_COL_SHAPE_BYTES;
}

/* An array: presence, count, then each element (its bytes, a string as a
 * length and its bytes). */
static void put_array(wbuf *b, const sc_column_meta *c, const unsigned char *p)
{
	sc_array a;
	memcpy(&a, p, sizeof a);
	unsigned char present = a.items != NULL;
	put(b, &present, 1);
	if (!present)
		return;
	uint64_t n = a.n;
	put(b, &n, sizeof n);
	size_t size = sc__col(c->elem)->size;
	for (size_t i = 0; i < a.n; i++) {
		const unsigned char *x = (const unsigned char *)a.items + i * size;
		if (c->elem != SC_COL_TEXT) {
			put(b, x, size);
			continue;
		}
		const char *s;
		memcpy(&s, x, sizeof s);
		uint64_t len = s ? strlen(s) : 0;
		put(b, &len, sizeof len);
		put(b, s, (size_t)len);
	}
}

static bool get_array(const sc_column_meta *c, const unsigned char **pp, const unsigned char *end, bool present,
		      sc_arena *mem, unsigned char *out)
{
	sc_array a = {NULL, 0};
	const unsigned char *p = *pp;
	uint64_t n;
	size_t size = sc__col(c->elem)->size;
	if (present) {
		if ((size_t)(end - p) < sizeof n)
			return false;
		memcpy(&n, p, sizeof n);
		p += sizeof n;
		if (!size || n > (uint64_t)(end - p))
			return false;
		a.items = sc_arena_alloc(mem, (size_t)n * size);
		a.n = (size_t)n;
		for (size_t i = 0; a.items && i < a.n; i++) {
			unsigned char *x = (unsigned char *)a.items + i * size;
			if (c->elem != SC_COL_TEXT) {
				if ((size_t)(end - p) < size)
					return false;
				memcpy(x, p, size);
				p += size;
				continue;
			}
			uint64_t len;
			if ((size_t)(end - p) < sizeof len)
				return false;
			memcpy(&len, p, sizeof len);
			p += sizeof len;
			if ((uint64_t)(end - p) < len)
				return false;
			char *s = sc_arena_strndup(mem, (const char *)p, (size_t)len);
			if (!s)
				return false;
			memcpy(x, &s, sizeof s);
			p += len;
		}
		if (!a.items)
			return false;
	}
	memcpy(out, &a, sizeof a);
	*pp = p;
	return true;
}

sc_status sc_row_encode(const sc_entity_meta *m, const void *row, void **out, size_t *len)
{
	wbuf b = {0};
	uint32_t hdr[3] = {SC_ROWCODEC_MAGIC, m->ncols, (uint32_t)m->row_size};
	put(&b, hdr, sizeof hdr);
	const unsigned char *r = row;
	for (unsigned i = 0; i < m->ncols; i++) {
		const sc_column_meta *c = &m->cols[i];
		unsigned char present = 1;
		if (c->type == SC_COL_ARRAY) {
			put_array(&b, c, r + c->offset);
		} else if (is_varlen(c->type)) {
			const void *p;
			uint64_t n;
			if (is_bytes(c->type)) {
				sc_bytes v;
				memcpy(&v, r + c->offset, sizeof v);
				p = v.data;
				n = v.len;
			} else {
				const char *s;
				memcpy(&s, r + c->offset, sizeof s);
				p = s;
				n = s ? strlen(s) : 0;
			}
			present = p != NULL;
			put(&b, &present, 1);
			if (present) {
				put(&b, &n, sizeof n);
				put(&b, p, (size_t)n);
			}
		} else {
			if (c->has_offset != SC_NO_HAS) {
				bool h;
				memcpy(&h, r + c->has_offset, sizeof h);
				present = h;
			}
			put(&b, &present, 1);
			put(&b, r + c->offset, sc__col(c->type)->size);
		}
	}
	if (b.oom) {
		free(b.data);
		return SC_NO_MEMORY;
	}
	*out = b.data;
	*len = b.len;
	return SC_OK;
}

sc_status sc_row_decode(const sc_entity_meta *m, const void *data, size_t len, void *row)
{
	const unsigned char *p = data, *end = p + len;
	uint32_t hdr[3];
	if (len < sizeof hdr)
		return SC_DATA_ERROR;
	memcpy(hdr, p, sizeof hdr);
	p += sizeof hdr;
	if (hdr[0] != SC_ROWCODEC_MAGIC || hdr[1] != m->ncols || hdr[2] != (uint32_t)m->row_size)
		return SC_DATA_ERROR;
	sc_arena *mem = sc_arena_new();
	if (!mem)
		return SC_NO_MEMORY;
	unsigned char *r = row;
	memset(r, 0, m->row_size);
	for (unsigned i = 0; i < m->ncols; i++) {
		const sc_column_meta *c = &m->cols[i];
		if (p >= end)
			goto bad;
		bool present = *p++ != 0;
		if (c->type == SC_COL_ARRAY) {
			if (!get_array(c, &p, end, present, mem, r + c->offset))
				goto bad;
		} else if (is_varlen(c->type)) {
			void *v = NULL;
			uint64_t n = 0;
			if (present) {
				if ((size_t)(end - p) < sizeof n)
					goto bad;
				memcpy(&n, p, sizeof n);
				p += sizeof n;
				if ((uint64_t)(end - p) < n)
					goto bad;
				v = is_bytes(c->type) ? sc_arena_memdup(mem, p, (size_t)n)
							    : (void *)sc_arena_strndup(mem, (const char *)p, (size_t)n);
				if (!v) {
					sc_arena_free(mem);
					return SC_NO_MEMORY;
				}
				p += n;
			}
			if (is_bytes(c->type)) {
				sc_bytes b = {v, (size_t)n};
				memcpy(r + c->offset, &b, sizeof b);
			} else {
				memcpy(r + c->offset, &v, sizeof v);
			}
		} else {
			size_t n = sc__col(c->type)->size;
			if ((size_t)(end - p) < n)
				goto bad;
			memcpy(r + c->offset, p, n);
			p += n;
			if (c->has_offset != SC_NO_HAS)
				memcpy(r + c->has_offset, &present, sizeof present);
		}
	}
	if (p != end)
		goto bad;
	memcpy(r + m->mem_offset, &mem, sizeof mem);
	return SC_OK;
bad:
	sc_arena_free(mem);
	memset(r, 0, m->row_size);
	return SC_DATA_ERROR;
}
