/* Binding and reading for the generated functions of typed queries
 * (schema `query` declarations, docs/queries.md): a list parameter as one
 * array value, and a statement's rows into one row or a page. */
#include <stdlib.h>
#include <string.h>

#include "codec/codec.h"

sc_status sc_stmt_bind_list(sc_conn *conn, sc_stmt *st, int idx, const sc_column_meta *c,
			    const void *values, size_t n)
{
	if (n && !values)
		return sc__conn_errf(conn, SC_INVALID_ARGUMENT, "list parameter %s: NULL values", c->field);
	sc_sbuf arr = {0};
	sc_status rc = sc__array_param_of(&arr, sc_conn_dialect(conn), c, values, n);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, idx, arr.data, arr.len);
	else if (rc == SC_INVALID_ARGUMENT)
		rc = sc__conn_errf(conn, rc, "list parameter %s: a NULL or invalid element", c->field);
	free(arr.data);
	return rc;
}

sc_status sc_stmt_bind_enum(sc_conn *conn, sc_stmt *st, int idx, const char *name, const char *param)
{
	if (!name)
		return sc__conn_errf(conn, SC_INVALID_ARGUMENT, "parameter %s: not a value of its enum", param);
	return sc_stmt_bind_text(st, idx, name, (size_t)-1);
}

sc_status sc_stmt_read_one(sc_conn *conn, sc_stmt *st, const sc_entity_meta *m, void *row, bool *found)
{
	memset(row, 0, m->row_size);
	if (found)
		*found = false;
	sc_status rc = sc_stmt_step(st);
	if (rc == SC_DONE)
		return found ? SC_OK : sc_row_fail(conn, m, SC_NOT_FOUND, "not found");
	if (rc != SC_ROW)
		return rc;
	sc_arena *mem = sc_arena_new();
	rc = mem ? sc_row_read(st, m, row, 0, mem) : SC_NO_MEMORY;
	if (rc == SC_OK) {
		rc = sc_stmt_step(st);
		if (rc == SC_ROW)
			rc = sc_row_fail(conn, m, SC_TOO_MANY_ROWS, "the query returned more than one row");
		else if (rc == SC_DONE)
			rc = SC_OK;
	}
	if (rc != SC_OK) {
		sc_arena_free(mem);
		memset(row, 0, m->row_size);
		return rc;
	}
	memcpy((unsigned char *)row + m->mem_offset, &mem, sizeof mem);
	if (found)
		*found = true;
	return SC_OK;
}

sc_status sc__row_read_append(sc_stmt *st, const sc_entity_meta *m, sc_arena *mem, unsigned char **rows, size_t *n,
			       size_t *cap)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		unsigned char *t = realloc(*rows, ncap * m->row_size);
		if (!t)
			return SC_NO_MEMORY;
		*rows = t;
		*cap = ncap;
	}
	unsigned char *row = *rows + *n * m->row_size;
	memset(row, 0, m->row_size);
	++*n; /* counted even when the read fails: the caller frees what it holds */
	return sc_row_read(st, m, row, 0, mem);
}

sc_status sc_stmt_read_all(sc_stmt *st, const sc_entity_meta *m, void **rows, size_t *len, void **mem_out)
{
	*rows = NULL;
	*len = 0;
	*mem_out = NULL;
	sc_arena *mem = sc_arena_new();
	unsigned char *tmp = NULL;
	size_t n = 0, cap = 0;
	sc_status rc = mem ? SC_OK : SC_NO_MEMORY;
	while (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW) {
		rc = sc__row_read_append(st, m, mem, &tmp, &n, &cap);
	}
	if (rc == SC_DONE)
		rc = SC_OK;
	void *out = NULL;
	if (rc == SC_OK && !(out = sc_arena_memdup(mem, tmp ? tmp : (unsigned char *)"", n * m->row_size)))
		rc = SC_NO_MEMORY;
	free(tmp);
	if (rc != SC_OK) {
		sc_arena_free(mem);
		return rc;
	}
	*rows = out;
	*len = n;
	*mem_out = mem;
	return SC_OK;
}

/* Read the result streaming: one row buffer and one arena, both reused
 * (the arena reset per row), so memory does not grow with the rows. At most
 * limit rows (<= 0: all). Shared by sc_query_each and sc_stmt_read_each. */
sc_status sc__stmt_stream(sc_stmt *st, const sc_entity_meta *m, int64_t limit, sc_query_row_fn fn, void *ud)
{
	sc_arena *mem = sc_arena_new();
	void *row = malloc(m->row_size);
	sc_status rc = mem && row ? sc_stmt_set_streaming(st, true) : SC_NO_MEMORY;
	for (int64_t n = 0; rc == SC_OK && (limit <= 0 || n < limit); n++) {
		rc = sc_stmt_step(st);
		if (rc != SC_ROW)
			break;
		sc_arena_reset(mem);
		memset(row, 0, m->row_size);
		rc = sc_row_read(st, m, row, 0, mem);
		if (rc == SC_OK && fn(row, ud) != 0)
			break; /* the caller stopped: the reset below drains the rest */
	}
	free(row);
	sc_arena_free(mem);
	if (rc == SC_DONE)
		rc = SC_OK;
	sc_status stop = sc_stmt_reset(st); /* stopped early: how the rest ended */
	return rc == SC_OK ? stop : rc;
}

sc_status sc_stmt_read_each(sc_stmt *st, const sc_entity_meta *m, sc_query_row_fn fn, void *ud)
{
	if (!st)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_stmt_read_each: NULL statement");
	if (!fn)
		return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT, "sc_stmt_read_each (%s rows): NULL callback",
				     m->c_name);
	return sc__stmt_stream(st, m, 0, fn, ud);
}
