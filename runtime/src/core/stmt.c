/* Statement API: per-connection cache, binding,
 * stepping and typed column access (dispatching to the backend). */
#include "core/core.h"
#include <schemac/rowread.h>
#include <schemac/values.h>

#include <stdlib.h>
#include <string.h>


/* ---- cache -------------------------------------------------------------- */

static uint64_t hash_sql(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Slot of an SQL text's address in the by-address table. Generated SQL are
 * static constants, so the address finds the entry without hashing the text;
 * a strcmp still confirms it (a reused buffer may hold other text). */
static size_t addr_slot(const sc_stmt_cache *k, const char *sql)
{
	uintptr_t a = (uintptr_t)sql;
	return (size_t)((a >> 3) ^ (a >> 13)) & (k->nbuckets - 1);
}

static void lru_unlink(sc_stmt_cache *k, sc_cache_entry *e)
{
	if (e->lprev)
		e->lprev->lnext = e->lnext;
	else
		k->lru_head = e->lnext;
	if (e->lnext)
		e->lnext->lprev = e->lprev;
	else
		k->lru_tail = e->lprev;
	e->lprev = e->lnext = NULL;
}

static void lru_front(sc_stmt_cache *k, sc_cache_entry *e)
{
	e->lnext = k->lru_head;
	e->lprev = NULL;
	if (k->lru_head)
		k->lru_head->lprev = e;
	k->lru_head = e;
	if (!k->lru_tail)
		k->lru_tail = e;
}

static void stmt_release_mem(sc_stmt *st)
{
	free(st->sql);
	st->sql = NULL;
}

static void entry_destroy(sc_conn *c, sc_cache_entry *e)
{
	c->ops->stmt_free(&e->st);
	stmt_release_mem(&e->st);
	free(e);
}

static void cache_remove(sc_conn *c, sc_cache_entry *e)
{
	sc_stmt_cache *k = &c->cache;
	sc_cache_entry **pp = &k->buckets[e->hash & (k->nbuckets - 1)];
	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	if (e->addr && k->by_addr[addr_slot(k, e->addr)] == e)
		k->by_addr[addr_slot(k, e->addr)] = NULL;
	lru_unlink(k, e);
	k->count--;
}

void sc__stmt_cache_free(sc_conn *c)
{
	sc_stmt_cache *k = &c->cache;
	sc_cache_entry *e = k->lru_head;
	while (e) {
		sc_cache_entry *next = e->lnext;
		entry_destroy(c, e);
		e = next;
	}
	free(k->buckets);
	free(k->by_addr);
	memset(k, 0, sizeof(*k));
}

void sc__stmt_cache_reset(sc_conn *c)
{
	sc_stmt_cache *k = &c->cache;
	sc_cache_entry *e = k->lru_head;
	while (e) {
		sc_cache_entry *next = e->lnext;
		if (e->st.in_use) {
			/* held by the caller: prepared again on its next execution */
			if (c->ops->stmt_forget_prepared)
				c->ops->stmt_forget_prepared(&e->st);
		} else {
			cache_remove(c, e);
			entry_destroy(c, e);
		}
		e = next;
	}
}

static void cache_evict(sc_conn *c)
{
	sc_stmt_cache *k = &c->cache;
	sc_cache_entry *e = k->lru_tail;
	while (k->count > (size_t)c->sh->s.statement_cache_size && e) {
		sc_cache_entry *prev = e->lprev;
		if (!e->st.in_use) {
			cache_remove(c, e);
			entry_destroy(c, e);
		}
		e = prev;
	}
}

static sc_status stmt_init(sc_stmt *st, sc_conn *c, const char *sql)
{
	st->conn = c;
	st->sql = sc__strdup(sql);
	if (!st->sql)
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	int maxp = 0;
	char *scan = sc__sql_rewrite(sql, false, &maxp);
	if (!scan) {
		stmt_release_mem(st);
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	}
	free(scan);
	st->nparams = maxp;
	sc_status rc = c->ops->stmt_prepare(st);
	if (rc != SC_OK) {
		c->ops->stmt_free(st);
		stmt_release_mem(st);
	}
	return rc;
}

sc_status sc_stmt_prepare(sc_stmt **out, sc_conn *c, const char *sql)
{
	*out = NULL;
	if (!c || !sql)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_stmt_prepare: NULL argument");
	sc_status rc = sc__conn_check(c);
	if (rc == SC_OK) /* a stream holds the session (PostgreSQL could not run
			  * anything else): refused on both databases alike */
		rc = sc__conn_stream_busy(c);
	if (rc != SC_OK)
		return rc;
	sc_stmt_cache *k = &c->cache;
	if (!k->buckets) {
		k->nbuckets = 64;
		while (k->nbuckets < (size_t)c->sh->s.statement_cache_size * 2 && k->nbuckets < 65536)
			k->nbuckets *= 2;
		k->buckets = calloc(k->nbuckets, sizeof(*k->buckets));
		k->by_addr = calloc(k->nbuckets, sizeof(*k->by_addr));
		if (!k->buckets || !k->by_addr) {
			free(k->buckets);
			free(k->by_addr);
			k->buckets = k->by_addr = NULL;
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
		}
	}
	size_t as = addr_slot(k, sql);
	sc_cache_entry *e = k->by_addr[as];
	uint64_t h = 0;
	if (!e || e->addr != sql || strcmp(e->st.sql, sql) != 0) {
		h = hash_sql(sql);
		e = k->buckets[h & (k->nbuckets - 1)];
		while (e && (e->hash != h || strcmp(e->st.sql, sql) != 0))
			e = e->hnext;
		if (e) {
			if (e->addr && k->by_addr[addr_slot(k, e->addr)] == e)
				k->by_addr[addr_slot(k, e->addr)] = NULL;
			e->addr = sql;
			k->by_addr[as] = e;
		}
	}
	sc_stmt *st;
	if (e && !e->st.in_use) {
		lru_unlink(k, e);
		lru_front(k, e);
		st = &e->st;
	} else if (e) {
		/* same SQL already in use on this connection: a one-off statement */
		st = calloc(1, sizeof(*st));
		if (!st)
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
		if ((rc = stmt_init(st, c, sql)) != SC_OK) {
			free(st);
			return rc;
		}
	} else {
		e = calloc(1, sizeof(*e));
		if (!e)
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
		e->hash = h;
		e->st.entry = e;
		if ((rc = stmt_init(&e->st, c, sql)) != SC_OK) {
			free(e);
			return rc;
		}
		e->addr = sql;
		k->by_addr[as] = e;
		sc_cache_entry **b = &k->buckets[h & (k->nbuckets - 1)];
		e->hnext = *b;
		*b = e;
		lru_front(k, e);
		k->count++;
		st = &e->st;
		cache_evict(c);
	}
	st->in_use = true;
	st->executed = st->finished = st->on_row = st->hook_fired = false;
	st->rows = 0;
	c->stmts_out++;
	*out = st;
	return SC_OK;
}

void sc__stmt_complete(sc_stmt *st, sc_status rc)
{
	if (st->hook_fired || !st->executed)
		return;
	st->hook_fired = true;
	sc__query_done(st->conn, st->sql, st->t_start, st->rows, rc == SC_DONE || rc == SC_ROW ? SC_OK : rc);
}

static void stream_end(sc_stmt *st)
{
	if (st->conn->streaming == st)
		st->conn->streaming = NULL;
}

/* SC_OK, or the error the rest of a stream stopped early ended with. */
static sc_status stmt_reset_internal(sc_stmt *st)
{
	st->stop_status = SC_OK;
	st->conn->ops->reset(st); /* a stream stopped early is drained here */
	sc_status rc = st->stop_status;
	if (st->executed && !st->hook_fired)
		sc__stmt_complete(st, rc);
	stream_end(st);
	st->executed = st->finished = st->on_row = st->hook_fired = false;
	st->rows = 0;
	return rc;
}

void sc_stmt_finalize(sc_stmt *st)
{
	if (!st)
		return;
	sc_conn *c = st->conn;
	bool parent = c->fork_gen != sc__fork_gen();
	if (!parent) {
		stmt_reset_internal(st);
		c->ops->clear_bindings(st);
	}
	stream_end(st);
	st->streaming = false; /* the next borrower of a cached statement gets pages */
	st->binary = false;    /* ... and text results */
	c->stmts_out--;
	st->in_use = false;
	if (!st->entry) {
		if (!parent)
			c->ops->stmt_free(st);
		stmt_release_mem(st);
		free(st);
	}
}

int sc_stmt_param_count(const sc_stmt *st)
{
	return st->nparams;
}

const char *sc_stmt_sql(const sc_stmt *st)
{
	return st->sql;
}

static sc_status bind(sc_stmt *st, int idx, const sc_value *v)
{
	if (!st)
		return sc__tls_err(SC_INVALID_ARGUMENT, "NULL statement");
	if (idx < 1 || idx > st->nparams)
		return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT,
				     "parameter index %d out of range 1..%d", idx, st->nparams);
	if (st->executed)
		stmt_reset_internal(st);
	return st->conn->ops->bind(st, idx, v);
}

sc_status sc_stmt_bind_null(sc_stmt *st, int idx)
{
	sc_value v = {.type = SC_V_NULL};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_bool(sc_stmt *st, int idx, bool b)
{
	sc_value v = {.type = SC_V_BOOL, .v.b = b};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_int16(sc_stmt *st, int idx, int16_t i)
{
	sc_value v = {.type = SC_V_INT16, .v.i = i};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_int32(sc_stmt *st, int idx, int32_t i)
{
	sc_value v = {.type = SC_V_INT32, .v.i = i};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t i)
{
	sc_value v = {.type = SC_V_INT64, .v.i = i};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_double(sc_stmt *st, int idx, double d)
{
	sc_value v = {.type = SC_V_DOUBLE, .v.d = d};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_text(sc_stmt *st, int idx, const char *s, size_t len)
{
	if (!s)
		return sc_stmt_bind_null(st, idx);
	if (len == (size_t)-1)
		len = strlen(s);
	if (memchr(s, '\0', len))
		return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT,
				     "parameter $%d: text contains a NUL byte (bind it as bytes)", idx);
	/* PostgreSQL refuses invalid UTF-8, SQLite would store it: refuse it on
	 * both, naming the position only (never the bytes) */
	if (!sc_utf8_valid(s, len))
		return sc__conn_errf(st->conn, SC_DATA_ERROR, "parameter $%d: text is not valid UTF-8", idx);
	sc_value v = {.type = SC_V_TEXT};
	v.v.s.p = s;
	v.v.s.n = len;
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_blob(sc_stmt *st, int idx, const void *p, size_t len)
{
	if (!p && len > 0)
		return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT, "parameter $%d: NULL data", idx);
	sc_value v = {.type = SC_V_BLOB};
	v.v.s.p = p ? p : "";
	v.v.s.n = len;
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_uuid(sc_stmt *st, int idx, const sc_uuid *u)
{
	if (!u)
		return sc_stmt_bind_null(st, idx);
	sc_value v = {.type = SC_V_UUID, .v.u = *u};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_timestamp(sc_stmt *st, int idx, int64_t us)
{
	sc_value v = {.type = SC_V_TIMESTAMP, .v.i = us};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_date(sc_stmt *st, int idx, int32_t days)
{
	sc_value v = {.type = SC_V_DATE, .v.i = days};
	return bind(st, idx, &v);
}

sc_status sc_stmt_bind_time(sc_stmt *st, int idx, int64_t us)
{
	sc_value v = {.type = SC_V_TIME, .v.i = us};
	return bind(st, idx, &v);
}

sc_status sc_stmt_clear_bindings(sc_stmt *st)
{
	if (st->executed)
		stmt_reset_internal(st);
	st->conn->ops->clear_bindings(st);
	return SC_OK;
}

sc_status sc_stmt_step(sc_stmt *st)
{
	if (!st)
		return sc__tls_err(SC_INVALID_ARGUMENT, "NULL statement");
	sc_conn *c = st->conn;
	if (st->finished)
		return sc__conn_errf(c, SC_MISUSE, "statement already finished; call sc_stmt_reset");
	if (!st->executed) {
		sc_status rc = sc__conn_check_tx(c);
		if (rc != SC_OK) {
			st->finished = true;
			return rc;
		}
		st->t_start = sc__mono_us();
		st->rows = 0;
		if (st->streaming)
			c->streaming = st;
	}
	sc_status rc = c->ops->step(st);
	st->executed = true;
	if (st->result_ready) { /* PostgreSQL: the execution is complete on its first step */
		st->result_ready = false;
		sc__stmt_complete(st, SC_OK);
	}
	st->on_row = rc == SC_ROW;
	if (rc == SC_ROW)
		st->ncols = c->ops->column_count(st); /* once per row, not per column */
	if (rc != SC_ROW) {
		st->finished = true;
		stream_end(st);
		sc__stmt_complete(st, rc);
	}
	return rc;
}

sc_status sc_stmt_set_streaming(sc_stmt *st, bool on)
{
	if (!st)
		return sc__tls_err(SC_INVALID_ARGUMENT, "NULL statement");
	if (st->executed)
		stmt_reset_internal(st);
	st->streaming = on;
	return SC_OK;
}

sc_status sc_stmt_each(sc_stmt *st, sc_stmt_row_fn row, void *ud)
{
	if (!st || !row)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_stmt_each: NULL argument");
	bool was = st->streaming;
	sc_status rc = sc_stmt_set_streaming(st, true);
	while (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW)
		rc = row(st, ud);
	if (rc == SC_DONE) /* the end of the rows, or the callback's stop */
		rc = SC_OK;
	sc_status stop = stmt_reset_internal(st); /* stopped early: the rest is drained */
	st->streaming = was;
	return rc == SC_OK ? stop : rc;
}

sc_status sc_stmt_exec(sc_stmt *st)
{
	sc_status rc;
	while ((rc = sc_stmt_step(st)) == SC_ROW)
		;
	return rc == SC_DONE ? SC_OK : rc;
}

sc_status sc_stmt_reset(sc_stmt *st)
{
	if (!st)
		return SC_INVALID_ARGUMENT;
	return stmt_reset_internal(st);
}

int64_t sc_stmt_rows_affected(const sc_stmt *st)
{
	return st->rows;
}

int sc_stmt_column_count(const sc_stmt *st)
{
	return st->conn->ops->column_count(st);
}

const char *sc_stmt_column_name(const sc_stmt *st, int col)
{
	if (col < 0 || col >= sc_stmt_column_count(st))
		return NULL;
	return st->conn->ops->column_name(st, col);
}

static sc_status col_check(const sc_stmt *st, int col)
{
	if (!st->on_row)
		return sc__conn_errf(st->conn, SC_MISUSE, "no current row (step must return SC_ROW first)");
	if (col < 0 || col >= st->ncols)
		return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT, "column %d out of range", col);
	return SC_OK;
}

bool sc_stmt_column_is_null(const sc_stmt *st, int col)
{
	if (col_check(st, col) != SC_OK)
		return true;
	return st->conn->ops->column_is_null(st, col);
}

static sc_status col_get(sc_stmt *st, int col, sc_vtype want, sc_value *v)
{
	sc_status rc = col_check(st, col);
	if (rc != SC_OK)
		return rc;
	rc = st->conn->ops->column(st, col, want, v);
	if (rc != SC_OK && st->conn->err.pub.status != rc)
		sc__conn_errf(st->conn, rc, "column %d (%s): value does not convert to the requested type",
			      col, st->conn->ops->column_name(st, col));
	return rc;
}

sc_status sc_stmt_column_bool(sc_stmt *st, int col, bool *out)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_BOOL, &v);
	*out = rc == SC_OK && v.type != SC_V_NULL ? v.v.b : false;
	return rc;
}

static sc_status col_int(sc_stmt *st, int col, int64_t lo, int64_t hi, int64_t *out)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_INT64, &v);
	*out = 0;
	if (rc != SC_OK || v.type == SC_V_NULL)
		return rc;
	if (v.v.i < lo || v.v.i > hi)
		return sc__conn_errf(st->conn, SC_DATA_ERROR, "column %d (%s): value out of range for the requested type",
				     col, st->conn->ops->column_name(st, col)); /* never the value itself */
	*out = v.v.i;
	return SC_OK;
}

sc_status sc_stmt_column_int16(sc_stmt *st, int col, int16_t *out)
{
	int64_t v;
	sc_status rc = col_int(st, col, INT16_MIN, INT16_MAX, &v);
	*out = (int16_t)v;
	return rc;
}

sc_status sc_stmt_column_int32(sc_stmt *st, int col, int32_t *out)
{
	int64_t v;
	sc_status rc = col_int(st, col, INT32_MIN, INT32_MAX, &v);
	*out = (int32_t)v;
	return rc;
}

sc_status sc_stmt_column_int64(sc_stmt *st, int col, int64_t *out)
{
	return col_int(st, col, INT64_MIN, INT64_MAX, out);
}

sc_status sc_stmt_column_double(sc_stmt *st, int col, double *out)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_DOUBLE, &v);
	*out = rc == SC_OK && v.type != SC_V_NULL ? v.v.d : 0.0;
	return rc;
}

sc_status sc_stmt_column_text(sc_stmt *st, int col, const char **out, size_t *len)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_TEXT, &v);
	bool ok = rc == SC_OK && v.type != SC_V_NULL;
	*out = ok ? v.v.s.p : NULL;
	if (len)
		*len = ok ? v.v.s.n : 0;
	return rc;
}

sc_status sc_stmt_column_blob(sc_stmt *st, int col, const void **out, size_t *len)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_BLOB, &v);
	bool ok = rc == SC_OK && v.type != SC_V_NULL;
	*out = ok ? v.v.s.p : NULL;
	if (len)
		*len = ok ? v.v.s.n : 0;
	return rc;
}

sc_status sc_stmt_column_uuid(sc_stmt *st, int col, sc_uuid *out)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_UUID, &v);
	if (rc == SC_OK && v.type != SC_V_NULL)
		*out = v.v.u;
	else
		memset(out, 0, sizeof(*out));
	return rc;
}

sc_status sc_stmt_column_timestamp(sc_stmt *st, int col, int64_t *out)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_TIMESTAMP, &v);
	*out = rc == SC_OK && v.type != SC_V_NULL ? v.v.i : 0;
	return rc;
}

sc_status sc_stmt_column_date(sc_stmt *st, int col, int32_t *out)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_DATE, &v);
	*out = rc == SC_OK && v.type != SC_V_NULL ? (int32_t)v.v.i : 0;
	return rc;
}

sc_status sc_stmt_column_time(sc_stmt *st, int col, int64_t *out)
{
	sc_value v;
	sc_status rc = col_get(st, col, SC_V_TIME, &v);
	*out = rc == SC_OK && v.type != SC_V_NULL ? v.v.i : 0;
	return rc;
}

sc_status sc_stmt_column_text_dup(sc_stmt *st, int col, char **out)
{
	const char *p;
	size_t n;
	*out = NULL;
	sc_status rc = sc_stmt_column_text(st, col, &p, &n);
	if (rc != SC_OK || !p)
		return rc;
	if (!(*out = sc__strndup(p, n)))
		return sc__conn_errf(st->conn, SC_NO_MEMORY, "out of memory");
	return SC_OK;
}

/* Canonical decimal text when it parses (values.h), else the text as given. */
sc_status sc_stmt_bind_decimal(sc_stmt *st, int idx, const char *text, uint32_t precision,
			       uint32_t scale)
{
	if (!text)
		return sc_stmt_bind_null(st, idx);
	char small[128];
	size_t need = strlen(text) + scale + 3;
	char *buf = need <= sizeof small ? small : malloc(need);
	if (!buf)
		return SC_NO_MEMORY;
	sc_status rc;
	if (sc_decimal_canonical(text, precision, scale, buf, need) == SC_OK)
		rc = sc_stmt_bind_text(st, idx, buf, (size_t)-1);
	else
		rc = sc_stmt_bind_text(st, idx, text, (size_t)-1);
	if (buf != small)
		free(buf);
	return rc;
}

/* ---- binary results (schemac/rowread.h) -------------------------------- */

sc_status sc_stmt_prepare_binary(sc_stmt **out, sc_conn *c, const char *sql)
{
	sc_status rc = sc_stmt_prepare(out, c, sql);
	if (rc == SC_OK)
		(*out)->binary = c->ops->raw_row != NULL;
	return rc;
}

const sc_raw_col *sc_stmt_raw_row(sc_stmt *st, int ncols)
{
	if (!st->binary || !st->on_row || st->ncols < ncols)
		return NULL;
	return st->conn->ops->raw_row(st);
}

sc_status sc_read_decimal(sc_stmt *st, const sc_raw_col *v, int col, sc_arena *mem, char **out)
{
	*out = NULL;
	if (v && v[col].oid == SC_OID_NUMERIC && v[col].len >= 0) {
		size_t need;
		if (sc__numeric_bin_text(v[col].p, (size_t)v[col].len, NULL, 0, &need) != SC_OK)
			return sc__conn_errf(st->conn, SC_DATA_ERROR, "column %d: malformed numeric value", col);
		char *t = sc_arena_alloc(mem, need + 1);
		if (!t)
			return SC_NO_MEMORY;
		sc__numeric_bin_text(v[col].p, (size_t)v[col].len, t, need + 1, &need);
		*out = t;
		return SC_OK;
	}
	return sc_read_text(st, v, col, mem, out);
}
