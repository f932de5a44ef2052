/* insert_many on PostgreSQL through COPY (see sc_row_exec_many).
 *
 * Used when the generated INSERT is plain: "INSERT INTO <table> (<cols>)
 * VALUES ($1, ..., $n)", optionally "RETURNING <key>" where the key is an
 * integer column filled by a sequence (identity BY DEFAULT or serial). The
 * keys are then reserved first (nextval, one round trip) and sent with the
 * rows, and written back into the rows as RETURNING would have. The rows
 * go in binary COPY format when every column allows (rowcodec_copybin.c),
 * else in text format. Anything
 * else (upserts, other RETURNING columns, GENERATED ALWAYS keys, tables
 * with row-level security or rules, views) keeps the pipelined INSERTs. */
#include "codec/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* COPY writes into plain or partitioned tables only, and unlike INSERT it
 * ignores rules and refuses row-level security: such tables keep INSERTs. */
#define COPY_OK_SQL                                                                          \
	"EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = $1::text::regclass AND c.relkind IN ('r', 'p')" \
	" AND NOT c.relrowsecurity AND NOT c.relhasrules)"

/* The binary format, used when every column's PostgreSQL type is the one
 * of its C type (rowcodec_copybin.c); text otherwise. */
#define COPY_BINARY " WITH (FORMAT binary)"

/* One row when table $1 takes COPY. */
static const char probe_sql[] = "SELECT 1 WHERE " COPY_OK_SQL;

/* Reserves n keys of column $2 of table $1 when the table takes COPY and
 * the column is fed by a sequence that accepts explicit values; no rows
 * otherwise (nextval never runs). */
static const char reserve_sql[] =
	"SELECT nextval(q.s) FROM (SELECT pg_get_serial_sequence($1::text, $2::text) AS s) q,"
	" generate_series(1, $3::int)"
	" WHERE q.s IS NOT NULL AND COALESCE((SELECT a.attidentity::text FROM pg_attribute a"
	" WHERE a.attrelid = $1::text::regclass AND a.attname = $2::text), '') <> 'a' AND " COPY_OK_SQL;

/* Is sql exactly the plain INSERT described above? Sets *cols (start and
 * length of the column list inside sql). */
static bool plain_insert(const sc_entity_meta *m, const char *sql, size_t nparams, const unsigned *ret_cols,
			 size_t nret, const char **cols, size_t *ncols_len)
{
	size_t tl = strlen(m->table_sql);
	if (strncmp(sql, "INSERT INTO ", 12) != 0 || strncmp(sql + 12, m->table_sql, tl) != 0 ||
	    strncmp(sql + 12 + tl, " (", 2) != 0)
		return false;
	const char *list = sql + 12 + tl + 2;
	const char *v = strstr(list, ") VALUES (");
	if (!v || memchr(list, '(', (size_t)(v - list)))
		return false;
	const char *p = v + 10;
	for (size_t i = 1; i <= nparams; i++) {
		char want[24];
		int w = snprintf(want, sizeof want, i < nparams ? "$%zu, " : "$%zu)", i);
		if (strncmp(p, want, (size_t)w) != 0)
			return false;
		p += w;
	}
	if (nret == 0) {
		if (*p)
			return false;
	} else {
		const char *rname = m->cols[ret_cols[0]].name;
		if (strncmp(p, " RETURNING ", 11) != 0 || strcmp(p + 11, rname) != 0)
			return false;
	}
	*cols = list;
	*ncols_len = (size_t)(v - list);
	return true;
}

static sc_status copy_bind(sc_stmt *st, size_t i, void *ud)
{
	sc_copy_rows *x = ud;
	return sc_row_bind(st, x->m, x->rows + i * x->m->row_size, x->cols, x->ncols, 1);
}

/* Reserve n keys for column c into the rows. *none: the column is not fed
 * by a sequence that takes explicit values (use INSERTs; rows untouched). */
static sc_status reserve_keys(sc_conn *conn, const sc_entity_meta *m, const sc_column_meta *c,
			      unsigned char *rows, size_t n, bool *none)
{
	*none = false;
	char name[256];
	size_t nl = strlen(c->name);
	if (nl < 2 || nl - 2 >= sizeof name || c->name[0] != '"' || memchr(c->name + 1, '"', nl - 2))
	{
		*none = true; /* quoted simple names only */
		return SC_OK;
	}
	memcpy(name, c->name + 1, nl - 2);
	name[nl - 2] = '\0';
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, conn, reserve_sql);
	if (rc != SC_OK)
		return rc;
	rc = sc_stmt_bind_text(st, 1, m->table_sql, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 2, name, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_bind_int64(st, 3, (int64_t)n);
	size_t got = 0;
	while (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW) {
		int64_t id;
		rc = got < n ? sc_stmt_column_int64(st, 0, &id) : SC_ERROR;
		if (rc != SC_OK)
			break;
		unsigned char *row = rows + got * m->row_size;
		if (c->type == SC_COL_INT32) {
			int32_t v = (int32_t)id;
			memcpy(row + c->offset, &v, sizeof v);
		} else {
			memcpy(row + c->offset, &id, sizeof id);
		}
		if (c->has_offset != SC_NO_HAS) {
			bool t = true;
			memcpy(row + c->has_offset, &t, sizeof t);
		}
		got++;
	}
	sc_stmt_finalize(st);
	if (rc == SC_DONE) {
		*none = got == 0;
		rc = got == n || got == 0 ? SC_OK : sc_row_fail(conn, m, SC_ERROR, "key reservation returned too few keys");
	}
	return rc;
}

/* *none: the table does not take COPY. */
static sc_status probe(sc_conn *conn, const sc_entity_meta *m, bool *none)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, conn, probe_sql);
	if (rc != SC_OK)
		return rc;
	rc = sc_stmt_bind_text(st, 1, m->table_sql, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_stmt_step(st);
	*none = rc == SC_DONE;
	if (rc == SC_ROW || rc == SC_DONE)
		rc = SC_OK;
	sc_stmt_finalize(st);
	return rc;
}

sc_status sc__row_copy_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, void *rows, size_t n,
			    const unsigned *params, size_t nparams, const unsigned *ret_cols, size_t nret,
			    bool *used)
{
	const char *list;
	size_t list_len;
	*used = false;
	if (!conn->ops->copy_in || n < 2 || nret > 1 || nparams == 0 ||
	    !plain_insert(m, sql, nparams, ret_cols, nret, &list, &list_len))
		return SC_OK;
	/* Arrays go through the INSERTs: COPY's text escaping of an array
	 * literal is not written (docs/generated-api.md, Arrays). */
	for (size_t i = 0; i < nparams; i++)
		if (m->cols[params[i]].type == SC_COL_ARRAY)
			return SC_OK;
	const sc_column_meta *key = nret ? &m->cols[ret_cols[0]] : NULL;
	if (key && key->type != SC_COL_INT64 && key->type != SC_COL_INT32)
		return SC_OK;
	for (size_t i = 0; key && i < nparams; i++)
		if (params[i] == ret_cols[0])
			return SC_OK;
	unsigned *cols = malloc((nparams + 1) * sizeof *cols);
	char *copy = malloc(list_len + strlen(m->table_sql) + (key ? strlen(key->name) : 0) + sizeof COPY_BINARY + 40);
	if (!cols || !copy) {
		free(cols);
		free(copy);
		return sc_row_fail(conn, m, SC_NO_MEMORY, "out of memory");
	}
	memcpy(cols, params, nparams * sizeof *cols);
	size_t ncols = nparams;
	int w = sprintf(copy, "COPY %s (%.*s", m->table_sql, (int)list_len, list);
	if (key) {
		cols[ncols++] = ret_cols[0];
		w += sprintf(copy + w, ", %s", key->name);
	}
	bool binary = conn->ops->copy_in_binary && sc__row_copy_binary_ok(m, cols, ncols, rows, n);
	strcpy(copy + w, binary ? ") FROM STDIN" COPY_BINARY : ") FROM STDIN");
	bool none = false;
	sc_status rc = key ? reserve_keys(conn, m, key, rows, n, &none) : probe(conn, m, &none);
	if (rc == SC_OK && !none) {
		*used = true;
		sc_copy_rows x = {m, rows, cols, ncols};
		rc = binary ? sc__conn_copy_in_binary(conn, copy, n, sc__row_copy_binary_row, &x)
			    : sc__conn_copy_in(conn, copy, (int)ncols, n, copy_bind, &x);
	}
	free(cols);
	free(copy);
	return rc;
}
