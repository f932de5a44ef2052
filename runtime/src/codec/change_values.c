/* Old and new values of a change for the change hook (sc_config.
 * change_values, hooks.h): the text form of each column of a row, @sensitive
 * columns masked, and the read of a row before and after a single-row write
 * that generated code brackets its write with (sc_row_audit_begin / _end). */
#include "codec/codec.h"
#include <schemac/datetime.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT(row, off) ((const unsigned char *)(row) + (off))

/* ---- text of a member: text_<TYPE>(b, c, p), p the member, not NULL ---- */

#define TEXT_FN(T) static void text_##T(sc_sbuf *b, const sc_column_meta *c, const unsigned char *p)
#define TEXT_INT(T, ctype)                                 \
	TEXT_FN(T)                                         \
	{                                                  \
		(void)c;                                   \
		ctype v;                                   \
		memcpy(&v, p, sizeof v);                   \
		sc__sb_printf(b, "%lld", (long long)v);    \
	}
#define TEXT_FORMATTED(T, ctype, format)       \
	TEXT_FN(T)                             \
	{                                      \
		(void)c;                       \
		ctype v;                       \
		char tmp[SC_DATETIME_BUFSZ];   \
		memcpy(&v, p, sizeof v);       \
		sc__sb_put(b, tmp, format(v, tmp)); \
	}

TEXT_FN(BOOL)
{
	(void)c;
	bool v;
	memcpy(&v, p, sizeof v);
	sc__sb_puts(b, v ? "true" : "false");
}

TEXT_INT(INT16, int16_t)
TEXT_INT(INT32, int32_t)
TEXT_INT(INT64, int64_t)

TEXT_FN(DOUBLE)
{
	(void)c;
	double v;
	memcpy(&v, p, sizeof v);
	sc__sb_printf(b, "%.17g", v);
}

TEXT_FN(TEXT)
{
	(void)c;
	const char *v;
	memcpy(&v, p, sizeof v);
	sc__sb_puts(b, v);
}

TEXT_FN(DECIMAL)
{
	text_TEXT(b, c, p);
}

TEXT_FN(JSON)
{
	text_TEXT(b, c, p);
}

TEXT_FN(BYTES)
{
	(void)c;
	static const char hex[] = "0123456789abcdef";
	sc_bytes v;
	memcpy(&v, p, sizeof v);
	sc__sb_puts(b, "\\x");
	for (size_t i = 0; i < v.len; i++) {
		char two[2] = {hex[v.data[i] >> 4], hex[v.data[i] & 15]};
		sc__sb_put(b, two, 2);
	}
}

TEXT_FN(UUID)
{
	(void)c;
	sc_uuid v;
	char tmp[SC_UUID_STRLEN + 1];
	memcpy(&v, p, sizeof v);
	sc_uuid_format(&v, tmp);
	sc__sb_put(b, tmp, SC_UUID_STRLEN);
}

TEXT_FORMATTED(TIMESTAMP, int64_t, sc_timestamp_format)
TEXT_FORMATTED(DATE, int32_t, sc_date_format)
TEXT_FORMATTED(TIME, int64_t, sc_time_format)

TEXT_FN(ENUM)
{
	int v;
	memcpy(&v, p, sizeof v);
	if (v >= 1 && (unsigned)v <= c->enum_count)
		sc__sb_puts(b, c->enum_names[v - 1]);
	else
		sc__sb_printf(b, "%d", v);
}

/* An array as a JSON array of its elements (the SQLite form, the same on
 * both databases); a NULL element (never stored) as the empty text. */
TEXT_FN(ARRAY)
{
	sc_array a;
	memcpy(&a, p, sizeof a);
	sc_column_meta e = *c;
	e.type = c->elem;
	sc_sbuf t = {0};
	if (sc__array_param_of(&t, SC_DIALECT_SQLITE, &e, a.items, a.n) == SC_OK)
		sc__sb_put(b, t.data ? t.data : "", t.len);
	else
		b->oom = b->oom || t.oom;
	free(t.data);
}

static bool is_null(const sc_column_meta *c, const void *row)
{
	if (sc__col_by_pointer(c->type)) {
		const void *d; /* char * or sc_bytes: both start with their data pointer */
		memcpy(&d, CAT(row, c->offset), sizeof d);
		return d == NULL;
	}
	if (c->has_offset == SC_NO_HAS)
		return false;
	bool h;
	memcpy(&h, CAT(row, c->has_offset), sizeof h);
	return !h;
}

/* Column c of row as text in a, NULL for SQL NULL; *oom set when out of
 * memory. The mask for @sensitive is applied by the caller. */
static const char *col_text(sc_arena *a, const sc_column_meta *c, const void *row, bool *oom)
{
	if (is_null(c, row))
		return NULL;
	sc_sbuf b = {0};
	const unsigned char *p = CAT(row, c->offset);
#define SC_COL_JOB(T) text_##T(&b, c, p)
	SC_COL_DISPATCH_DO(c->type)
#undef SC_COL_JOB
	char *s = b.oom ? NULL : sc_arena_strndup(a, b.data ? b.data : "", b.len);
	free(b.data);
	if (!s)
		*oom = true;
	return s;
}

static bool same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

sc_status sc__change_values(const sc_entity_meta *m, const void *old, const void *new_row, sc_arena *a,
			    sc_change_value **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sc_change_value *v = sc_arena_alloc(a, sizeof *v * (m->ncols ? m->ncols : 1));
	if (!v)
		return SC_NO_MEMORY;
	bool oom = false;
	size_t k = 0;
	for (unsigned i = 0; i < m->ncols && !oom; i++) {
		const sc_column_meta *c = &m->cols[i];
		const char *o = old ? col_text(a, c, old, &oom) : NULL;
		const char *w = new_row ? col_text(a, c, new_row, &oom) : NULL;
		if (old && new_row && same(o, w))
			continue; /* an update lists what changed */
		bool sensitive = (c->flags & SC_COLF_SENSITIVE) != 0;
		/* the column's name without its quotes (names never hold one) */
		size_t l = strlen(c->name);
		const char *name = sc_arena_strndup(a, c->name + 1, l > 2 ? l - 2 : 0);
		if (!name)
			oom = true;
		v[k++] = (sc_change_value){name, sensitive ? (old ? SC_CHANGE_MASKED : NULL) : o,
					   sensitive ? (new_row ? SC_CHANGE_MASKED : NULL) : w, sensitive};
	}
	if (oom)
		return SC_NO_MEMORY;
	*out = v;
	*n = k;
	return SC_OK;
}

sc_status sc__notify_values(sc_conn *conn, const sc_entity_meta *m, const void *old, const void *new_row,
			    sc_change_op op)
{
	const void *keyrow = new_row ? new_row : old;
	char *ck = sc_row_cache_key(m, keyrow);
	sc_arena *a = sc_arena_new();
	sc_change_value *v = NULL;
	size_t n = 0;
	sc_status rc = ck && a ? sc__change_values(m, old, new_row, a, &v, &n) : SC_NO_MEMORY;
	if (rc == SC_OK) {
		const char *key = ck + strlen(m->schema) + strlen(m->table) + 2;
		rc = sc_conn_notify_change_values(conn, m->table, op, key, op == SC_CHANGE_INSERT ? NULL : ck, v, n,
						  old != NULL, new_row != NULL);
	} else {
		rc = sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
	}
	free(ck);
	sc_arena_free(a);
	return rc;
}

typedef struct keyed {
	char *key; /* the primary key's text */
	const void *row;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

sc_status sc__notify_values_many(sc_conn *conn, const sc_entity_meta *m, sc_change_op op, const void *old,
				 size_t nold, const void *rows, size_t n)
{
	const unsigned char *o = old, *r = rows;
	if (op == SC_CHANGE_DELETE) { /* a DELETE returned the rows as they were */
		sc_status rc = SC_OK;
		for (size_t i = 0; rc == SC_OK && i < n; i++)
			rc = sc__notify_values(conn, m, r + i * m->row_size, NULL, op);
		return rc;
	}
	/* the old rows sorted by key text, found for each returned row */
	keyed *k = calloc(nold ? nold : 1, sizeof *k);
	sc_status rc = k ? SC_OK : SC_NO_MEMORY;
	for (size_t i = 0; rc == SC_OK && i < nold; i++) {
		const void *row = o + i * m->row_size;
		size_t len = sc_row_key_text(m, row, NULL, 0);
		k[i].row = row;
		if ((k[i].key = malloc(len + 1)) != NULL)
			sc_row_key_text(m, row, k[i].key, len + 1);
		else
			rc = SC_NO_MEMORY;
	}
	if (rc == SC_OK)
		qsort(k, nold, sizeof *k, keyed_cmp);
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		const void *row = r + i * m->row_size;
		size_t len = sc_row_key_text(m, row, NULL, 0);
		keyed want = {malloc(len + 1), NULL};
		if (!want.key) {
			rc = SC_NO_MEMORY;
			break;
		}
		sc_row_key_text(m, row, want.key, len + 1);
		const keyed *hit = nold ? bsearch(&want, k, nold, sizeof *k, keyed_cmp) : NULL;
		free(want.key);
		/* a soft delete gives the row as it was; an update what changed */
		rc = op == SC_CHANGE_SOFT_DELETE && hit ? sc__notify_values(conn, m, hit->row, NULL, op)
						    : sc__notify_values(conn, m, hit ? hit->row : NULL, row, op);
	}
	for (size_t i = 0; k && i < nold; i++)
		free(k[i].key);
	free(k);
	return rc == SC_NO_MEMORY ? sc_row_fail(conn, m, rc, "out of memory") : rc;
}

/* ---- the row before and after a single-row write --------------------------
 * "SELECT <every column> FROM t WHERE <key columns> = $1.. [AND tenant = $n]
 * [FOR UPDATE]", one text per entity, key and dialect, made once per process
 * and kept (their number is bounded by the program's metadata), so the
 * statement cache finds the prepared statement by its address. */

typedef struct key_text {
	struct key_text *next;
	const sc_entity_meta *m;
	unsigned unique;
	sc_dialect d;
	char *sql;
} key_text;

static pthread_mutex_t texts_lock = PTHREAD_MUTEX_INITIALIZER;
static key_text *texts;

static char *make_text(sc_conn *conn, const sc_entity_meta *m, const sc_unique_meta *u)
{
	sc_sbuf b = {0};
	sc__sb_printf(&b, "SELECT %s FROM %s WHERE ", m->select_list, m->table_sql);
	for (unsigned k = 0; k < u->ncols; k++)
		sc__sb_printf(&b, "%s%s = $%u", k ? " AND " : "", m->cols[u->cols[k]].name, k + 1);
	if (sc__tenant_applies(conn, m))
		sc__sb_printf(&b, " AND %s = $%u", m->cols[m->tenant_col].name, u->ncols + 1);
	if (sc_conn_dialect(conn) == SC_DIALECT_POSTGRES)
		sc__sb_puts(&b, " FOR UPDATE");
	if (b.oom) {
		free(b.data);
		return NULL;
	}
	return b.data;
}

static const char *key_sql(sc_conn *conn, const sc_entity_meta *m, unsigned unique)
{
	sc_dialect d = sc_conn_dialect(conn);
	pthread_mutex_lock(&texts_lock);
	key_text *t = texts;
	while (t && !(t->m == m && t->unique == unique && t->d == d))
		t = t->next;
	if (!t && (t = calloc(1, sizeof *t)) != NULL) {
		*t = (key_text){texts, m, unique, d, make_text(conn, m, &m->uniques[unique])};
		if (t->sql) {
			texts = t;
		} else {
			free(t);
			t = NULL;
		}
	}
	pthread_mutex_unlock(&texts_lock);
	return t ? t->sql : NULL;
}

/* The row of key_row's values of key `unique` into out (malloc'd row with
 * its arena); *found false when there is none. */
static sc_status read_by_key(sc_conn *conn, const sc_entity_meta *m, unsigned unique, const void *key_row,
			     void *out, bool *found)
{
	*found = false;
	const char *sql = key_sql(conn, m, unique);
	if (!sql)
		return sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
	const sc_unique_meta *u = &m->uniques[unique];
	sc_status rc = sc_row_fetch(conn, m, sql, key_row, u->cols, u->ncols, SC_READ_LOCK | SC_EXEC_TENANT, out);
	if (rc == SC_NOT_FOUND)
		return SC_OK;
	*found = rc == SC_OK;
	return rc;
}

static void row_free(const sc_entity_meta *m, void *row)
{
	if (!row)
		return;
	sc_arena *mem;
	memcpy(&mem, (unsigned char *)row + m->mem_offset, sizeof mem);
	sc_arena_free(mem);
	free(row);
}

sc_status sc_row_audit_begin(sc_conn *conn, const sc_entity_meta *m, const void *key_row, int key,
			     sc_row_audit *au)
{
	memset(au, 0, sizeof *au);
	if (!sc_conn_wants_change_values(conn))
		return SC_OK;
	/* upsert keys count the primary key unless the database makes it */
	unsigned unique = key < 0 ? 0u : (unsigned)key;
	if (key >= 0 && m->npk && (m->cols[m->pk[0]].flags & SC_COLF_AUTOINCREMENT))
		unique++;
	if (unique >= m->nuniques)
		return sc_row_fail(conn, m, SC_INVALID_ARGUMENT, "unknown key");
	au->old = calloc(1, m->row_size);
	if (!au->old)
		return sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
	sc_status rc = sc_tx_begin(conn, NULL);
	if (rc != SC_OK) {
		free(au->old);
		au->old = NULL;
		return rc;
	}
	au->on = true;
	au->unique = unique;
	rc = read_by_key(conn, m, unique, key_row, au->old, &au->found);
	if (rc != SC_OK)
		sc_row_audit_end(conn, m, au, rc, NULL, SC_CHANGE_UPDATE);
	return rc;
}

sc_status sc_row_audit_end(sc_conn *conn, const sc_entity_meta *m, sc_row_audit *au, sc_status rc,
			   const void *row, sc_change_op op)
{
	if (!au->on)
		return rc == SC_OK ? sc_row_notify(conn, m, row, op) : rc;
	au->on = false;
	void *now = NULL;
	bool deleted = op == SC_CHANGE_DELETE || op == SC_CHANGE_SOFT_DELETE;
	if (rc == SC_OK && !deleted) {
		/* the row as written, by the key it was found by (a write keeps it) */
		bool found = false;
		now = calloc(1, m->row_size);
		rc = now ? read_by_key(conn, m, au->unique, row, now, &found)
			 : sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
		if (rc == SC_OK && !found)
			rc = sc_row_fail(conn, m, SC_NOT_FOUND, "not found after the write");
	}
	if (rc == SC_OK && !au->found && !now) {
		rc = sc_row_notify(conn, m, row, op); /* neither row was seen: the key only */
	} else if (rc == SC_OK) {
		const void *old = au->found ? au->old : NULL;
		/* an upsert that inserted has no old row; a delete, no new one */
		rc = deleted ? sc__notify_values(conn, m, old, NULL, op)
			     : sc__notify_values(conn, m, old, now, op);
	}
	row_free(m, now);
	row_free(m, au->old);
	au->old = NULL;
	if (rc == SC_OK)
		return sc_tx_commit(conn);
	sc_tx_rollback(conn); /* rc stays the write's error */
	return rc;
}
