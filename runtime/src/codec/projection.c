/* Column projections (docs/generated-api.md, "Projections"): a list or a
 * get that reads only some columns. The SELECT keeps every column's place,
 * with NULL standing for a column not read ("id", NULL, "email", ...), so
 * the entity's own reader (sc_entity_meta.read_row, binary on PostgreSQL),
 * the keyset cursor (which reads sort keys by position) and the page code
 * are the same as for whole rows; a member not read is left zero. The
 * primary key is always read; a list also reads its sort keys. The text of
 * a projected get is made once per connection, flags and column set and
 * kept on the connection (so it is not formatted per call). */
#include "codec/codec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the column set ------------------------------------------------------ */

/* cols (the entity's generated column enum, int-sized) into in[m->ncols],
 * the primary key added. SC_INVALID_ARGUMENT for an unknown column or no
 * column at all. */
static sc_status column_set(const sc_entity_meta *m, const void *cols, size_t ncols, bool *in)
{
	if (!cols || ncols == 0)
		return SC_INVALID_ARGUMENT;
	memset(in, 0, m->ncols);
	for (size_t i = 0; i < ncols; i++) {
		int col;
		memcpy(&col, (const unsigned char *)cols + i * sizeof(int), sizeof col);
		if (col < 0 || (unsigned)col >= m->ncols)
			return SC_INVALID_ARGUMENT;
		in[col] = true;
	}
	for (unsigned k = 0; k < m->npk; k++)
		in[m->pk[k]] = true;
	return SC_OK;
}

void sc_query_select(sc_query *q, const void *cols, size_t ncols)
{
	if (!q || q->err != SC_OK)
		return;
	bool *in = q->sel ? q->sel : malloc(q->m->ncols ? q->m->ncols : 1);
	if (!in) {
		q->err = SC_NO_MEMORY;
		q->errmsg = "out of memory";
		return;
	}
	q->sel = in;
	if (column_set(q->m, cols, ncols, in) != SC_OK) {
		q->err = SC_INVALID_ARGUMENT;
		q->errmsg = "select: no column, or an unknown column";
	}
}

void sc__select_list(sc_sbuf *b, const sc_entity_meta *m, const bool *in)
{
	for (unsigned i = 0; i < m->ncols; i++) {
		if (i)
			sc__sb_puts(b, ", ");
		sc__sb_puts(b, in[i] ? m->cols[i].name : "NULL");
	}
}

/* ---- projected get: texts per connection ---------------------------------- */

/* Texts kept per connection; past it the cache starts over (the texts are
 * made again as they are used: slower, never wrong). */
#define SC_PROJ_TEXTS_MAX 256
#define PT_BUCKETS 64

typedef struct pt_entry {
	struct pt_entry *next;
	const sc_entity_meta *m;
	unsigned flags; /* SC_READ_* */
	bool *in;       /* m->ncols */
	char *sql;
} pt_entry;

typedef struct pt_cache {
	pt_entry *buckets[PT_BUCKETS];
	size_t n;
} pt_cache;

static void pt_clear(pt_cache *k)
{
	for (size_t b = 0; b < PT_BUCKETS; b++) {
		for (pt_entry *e = k->buckets[b], *next; e; e = next) {
			next = e->next;
			free(e->in);
			free(e->sql);
			free(e);
		}
		k->buckets[b] = NULL;
	}
	k->n = 0;
}

static void pt_free(void *p)
{
	if (!p)
		return;
	pt_clear(p);
	free(p);
}

static size_t pt_hash(const sc_entity_meta *m, unsigned flags, const bool *in)
{
	uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)m ^ flags;
	for (unsigned i = 0; i < m->ncols; i++)
		h = (h ^ (in[i] ? i + 1u : 0u)) * 1099511628211u;
	return (size_t)(h ^ h >> 29) % PT_BUCKETS;
}

/* SELECT <projection> FROM t WHERE <pk> [AND live] [AND tenant] [FOR UPDATE],
 * as the generated get's text for the same flags. */
static char *pt_text(sc_conn *conn, const sc_entity_meta *m, unsigned flags, const bool *in)
{
	sc_sbuf b = {0};
	sc__sb_puts(&b, "SELECT ");
	sc__select_list(&b, m, in);
	sc__sb_printf(&b, " FROM %s WHERE ", m->table_sql);
	for (unsigned k = 0; k < m->npk; k++)
		sc__sb_printf(&b, "%s%s = $%u", k ? " AND " : "", m->cols[m->pk[k]].name, k + 1);
	if (m->soft_delete_col >= 0 && !(flags & SC_READ_WITH_DELETED))
		sc__sb_printf(&b, " AND %s IS NULL", m->cols[m->soft_delete_col].name);
	if (sc__tenant_applies(conn, m))
		sc__sb_printf(&b, " AND %s = $%u", m->cols[m->tenant_col].name, m->npk + 1);
	if ((flags & SC_READ_LOCK) && sc_conn_dialect(conn) == SC_DIALECT_POSTGRES)
		sc__sb_puts(&b, " FOR UPDATE");
	if (b.oom) {
		free(b.data);
		return NULL;
	}
	return b.data;
}

/* The connection's text for (m, flags, in), made on a miss; NULL: out of
 * memory. A connection has one dialect, so it is not part of the key. */
static const char *pt_get(sc_conn *conn, const sc_entity_meta *m, unsigned flags, const bool *in)
{
	if (!conn->proj_texts) {
		if (!(conn->proj_texts = calloc(1, sizeof(pt_cache))))
			return NULL;
		conn->proj_texts_free = pt_free;
	}
	pt_cache *k = conn->proj_texts;
	size_t h = pt_hash(m, flags, in);
	for (pt_entry *e = k->buckets[h]; e; e = e->next)
		if (e->m == m && e->flags == flags && !memcmp(e->in, in, m->ncols))
			return e->sql;
	if (k->n == SC_PROJ_TEXTS_MAX)
		pt_clear(k);
	pt_entry *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->m = m;
	e->flags = flags;
	e->in = malloc(m->ncols ? m->ncols : 1);
	e->sql = e->in ? pt_text(conn, m, flags, in) : NULL;
	if (!e->sql) {
		free(e->in);
		free(e);
		return NULL;
	}
	memcpy(e->in, in, m->ncols);
	e->next = k->buckets[h];
	k->buckets[h] = e;
	k->n++;
	return e->sql;
}

sc_status sc_row_get_cols(sc_conn *conn, const sc_entity_meta *m, const void *key, unsigned flags,
			  const void *cols, size_t ncols, void *out)
{
	memset(out, 0, m->row_size);
	if (flags & ~(SC_READ_LOCK | SC_READ_WITH_DELETED))
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "unknown flags");
	/* scratch for m's columns on the stack when they are few */
	enum { STACK_COLS = 64 };
	bool in_s[STACK_COLS];
	bool *in = m->ncols > STACK_COLS ? malloc(m->ncols) : in_s;
	if (!in)
		return sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
	sc_status rc = column_set(m, cols, ncols, in);
	const char *sql = NULL;
	if (rc != SC_OK)
		rc = sc_row_fail(conn, m, rc, "get: no column, or an unknown column");
	else if (!(sql = pt_get(conn, m, flags, in)))
		rc = sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
	if (in != in_s)
		free(in);
	if (rc != SC_OK)
		return rc;
	/* never through the cache: a partial row is not the row */
	return sc_row_fetch(conn, m, sql, key, m->pk, m->npk, flags | SC_EXEC_TENANT, out);
}
