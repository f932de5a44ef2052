/* @tenant on SQLite (SPEC 4.6): the one place that decides the rule.
 *
 * PostgreSQL enforces tenancy with forced row-level security on the tenant
 * key: USING (key = current tenant) hides other tenants' rows from reads,
 * updates and deletes, WITH CHECK (the same) refuses a written row that
 * carries another tenant's key (SQLSTATE 42501, SC_PERMISSION_DENIED). No
 * tenant set matches nothing. SQLite has no policies, so:
 *  - USING: generated statements and the query builder add
 *    `AND key = $n`, $n bound here (sc_row_bind_tenant), typed like the key
 *    and NULL without a tenant;
 *  - WITH CHECK: rows to insert or upsert are checked here before the
 *    statement runs (sc_row_check_tenant);
 *  - an upsert whose conflicting row is another tenant's: its DO UPDATE
 *    has the same `WHERE key = $n`, so it changes nothing and returns no
 *    row, which rowcodec.c reports like PostgreSQL (sc__tenant_conflict).
 * On PostgreSQL every function here does nothing: the policy decides. */
#include "codec/codec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sc__tenant_applies(sc_conn *conn, const sc_entity_meta *m)
{
	return m->tenant_col >= 0 && sc_conn_dialect(conn) == SC_DIALECT_SQLITE;
}

/* "5", " -5 " as an integer of the key's range (PostgreSQL's int input). */
static bool parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || errno)
		return false;
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

sc_status sc__tenant_value(sc_conn *conn, const sc_entity_meta *m, sc_qval *out)
{
	const sc_column_meta *c = &m->cols[m->tenant_col];
	const char *t = sc_conn_tenant(conn);
	memset(out, 0, sizeof *out);
	out->type = c->type;
	/* As on PostgreSQL (NULLIF(current_setting(...), '')): no tenant or ''
	 * is NULL, which equals nothing. */
	if (!t || !*t) {
		out->null = true;
		return SC_OK;
	}
	/* The keys the checker allows: uuid, the integers, text. */
	const sc_col_info *ti = sc__col(c->type);
	bool ok;
	if (ti->shape == SC_COL_SHAPE_UUID) {
		ok = sc_uuid_parse(t, strlen(t), &out->u) == SC_OK;
	} else if (ti->shape == SC_COL_SHAPE_VALUE && ti->min < ti->max) {
		ok = parse_int(t, ti->min, ti->max, &out->i);
	} else {
		out->type = SC_COL_TEXT;
		out->slen = strlen(t);
		out->s = sc__strndup(t, out->slen);
		return out->s ? SC_OK : SC_NO_MEMORY;
	}
	/* PostgreSQL fails the policy's cast the same way (SQLSTATE 22P02). */
	return ok ? SC_OK
		  : sc__conn_errf(conn, SC_DATA_ERROR, "%s: the tenant is not a valid value of %s's type",
				  m->c_name, c->field);
}

sc_status sc_row_bind_tenant(sc_conn *conn, const sc_entity_meta *m, sc_stmt *st, int idx)
{
	if (!sc__tenant_applies(conn, m))
		return SC_OK;
	sc_qval v;
	sc_status rc = sc__tenant_value(conn, m, &v);
	if (rc == SC_OK)
		rc = sc__qval_bind(st, idx, &v);
	sc__qval_free(&v);
	return rc;
}

/* The words of PostgreSQL's error (42501), so both databases read alike;
 * `item`: the failing item of a batch, (size_t)-1 for none. */
static sc_status denied(sc_conn *conn, const sc_entity_meta *m, const char *what, size_t item)
{
	char at[32] = "";
	if (item != (size_t)-1)
		snprintf(at, sizeof at, "item %zu: ", item);
	return sc__conn_errf(conn, SC_PERMISSION_DENIED,
			     "%s%s: new row violates row-level security policy%s for table \"%s\"", at, m->c_name,
			     what, m->table);
}

sc_status sc_row_check_tenant(sc_conn *conn, const sc_entity_meta *m, const void *row)
{
	if (!sc__tenant_applies(conn, m))
		return SC_OK;
	const sc_column_meta *c = &m->cols[m->tenant_col];
	sc_qval cur, val;
	sc_status rc = sc__tenant_value(conn, m, &cur);
	if (rc != SC_OK)
		return rc;
	rc = sc__qval_from_c(&val, c, (const unsigned char *)row + c->offset);
	bool same = false;
	if (rc == SC_OK && !cur.null && !val.null) {
		if (sc__col(c->type)->shape == SC_COL_SHAPE_UUID)
			same = sc_uuid_equal(&cur.u, &val.u);
		else if (cur.type == SC_COL_TEXT)
			same = cur.slen == val.slen && !memcmp(cur.s, val.s, cur.slen);
		else
			same = cur.i == val.i;
	}
	sc__qval_free(&cur);
	sc__qval_free(&val);
	if (rc != SC_OK)
		return rc;
	return same ? SC_OK : denied(conn, m, "", (size_t)-1);
}

sc_status sc__tenant_denied(sc_conn *conn, const sc_entity_meta *m)
{
	return denied(conn, m, "", (size_t)-1);
}

sc_status sc__tenant_conflict(sc_conn *conn, const sc_entity_meta *m, size_t item)
{
	return denied(conn, m, " (USING expression)", item);
}
