/* @tenant on SQLite for typed queries that write (docs/queries.md,
 * "Tenancy"): the query's own INSERT, UPDATE or DELETE names the real
 * table, so the rule of PostgreSQL's forced row-level security is kept by
 * per-connection TEMP triggers on the table instead of a condition in the
 * statement:
 *  - BEFORE UPDATE / DELETE of another tenant's row (or any row with no
 *    tenant set): RAISE(IGNORE), the row is skipped and not counted
 *    (the policy's USING);
 *  - BEFORE INSERT / UPDATE of a row whose new key is not the tenant:
 *    RAISE(ABORT), reported as SC_PERMISSION_DENIED with the words of
 *    sc_row_check_tenant (WITH CHECK).
 * The triggers act only while a guard row for their table is in
 * temp.sc_tenant_guard: sc_row_guard_tenant writes it (the tenant bound
 * by sc_row_bind_tenant, so the same value and the same errors as every
 * other statement) and sc_row_unguard_tenant deletes it after the query,
 * so other statements of the connection (CRUD, sc_stmt, migrations) are
 * not affected. The objects are created with IF NOT EXISTS on every guard:
 * a rolled-back transaction or a pool release (sqlite.c drops temp tables
 * and triggers) may have dropped them. */
#include "codec/codec.h"

#include <stdlib.h>
#include <string.h>

#define GUARD_TABLE "temp.\"sc_tenant_guard\""
/* The RAISE(ABORT) message, followed by the table name. */
#define GUARD_MARK "sc_tenant_guard: "

/* s with each `q` doubled (inside a quoted identifier or a string). */
static void put_quoted(sc_sbuf *b, const char *s, char q)
{
	for (; *s; s++) {
		if (*s == q)
			sc__sb_put(b, s, 1);
		sc__sb_put(b, s, 1);
	}
}

/* `EXISTS (guard row of the table [whose tenant IS NOT <row>.<col>])` */
static void put_guarded(sc_sbuf *b, const sc_entity_meta *m, const char *row)
{
	sc__sb_puts(b, "EXISTS (SELECT 1 FROM " GUARD_TABLE " WHERE \"tbl\" = '");
	put_quoted(b, m->table, '\'');
	sc__sb_puts(b, "'");
	if (row) {
		sc__sb_puts(b, " AND \"tenant\" IS NOT ");
		sc__sb_puts(b, row);
		sc__sb_puts(b, m->cols[m->tenant_col].name);
	}
	sc__sb_puts(b, ")");
}

static void put_trigger(sc_sbuf *b, const sc_entity_meta *m, const char *kind, const char *event)
{
	sc__sb_puts(b, "CREATE TEMP TRIGGER IF NOT EXISTS \"sc_tenant_guard_");
	sc__sb_puts(b, kind);
	sc__sb_puts(b, "_");
	put_quoted(b, m->table, '"');
	sc__sb_puts(b, "\" BEFORE ");
	sc__sb_puts(b, event);
	sc__sb_puts(b, " ON main.");
	sc__sb_puts(b, m->table_sql);
	sc__sb_puts(b, " WHEN ");
}

static void put_abort(sc_sbuf *b, const sc_entity_meta *m)
{
	sc__sb_puts(b, "SELECT RAISE(ABORT, '" GUARD_MARK);
	put_quoted(b, m->table, '\'');
	sc__sb_puts(b, "')");
}

/* The guard table and m's three triggers. UPDATE: the old row decides
 * first (another tenant's row is skipped, as the policy's USING hides it),
 * then the new key (WITH CHECK). */
static void guard_ddl(sc_sbuf *b, const sc_entity_meta *m)
{
	sc__sb_puts(b, "CREATE TEMP TABLE IF NOT EXISTS \"sc_tenant_guard\" (\"tbl\" TEXT PRIMARY KEY, \"tenant\");\n");
	put_trigger(b, m, "u", "UPDATE");
	put_guarded(b, m, NULL);
	sc__sb_puts(b, " BEGIN SELECT RAISE(IGNORE) WHERE ");
	put_guarded(b, m, "old.");
	sc__sb_puts(b, "; ");
	put_abort(b, m);
	sc__sb_puts(b, " WHERE ");
	put_guarded(b, m, "new.");
	sc__sb_puts(b, "; END;\n");
	put_trigger(b, m, "d", "DELETE");
	put_guarded(b, m, "old.");
	sc__sb_puts(b, " BEGIN SELECT RAISE(IGNORE); END;\n");
	put_trigger(b, m, "i", "INSERT");
	put_guarded(b, m, "new.");
	sc__sb_puts(b, " BEGIN ");
	put_abort(b, m);
	sc__sb_puts(b, "; END;\n");
}

sc_status sc_row_guard_tenant(sc_conn *conn, const sc_entity_meta *m)
{
	if (!sc__tenant_applies(conn, m))
		return SC_OK;
	sc_sbuf b = {0};
	guard_ddl(&b, m);
	sc_status rc = b.oom ? sc__conn_errf(conn, SC_NO_MEMORY, "out of memory") : sc_conn_exec(conn, b.data);
	free(b.data);
	sc_stmt *st = NULL;
	if (rc == SC_OK)
		rc = sc_stmt_prepare(&st, conn, "INSERT OR REPLACE INTO " GUARD_TABLE " (\"tbl\", \"tenant\") VALUES (?1, ?2)");
	if (rc == SC_OK)
		rc = sc_stmt_bind_text(st, 1, m->table, (size_t)-1);
	if (rc == SC_OK)
		rc = sc_row_bind_tenant(conn, m, st, 2);
	if (rc == SC_OK)
		rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	return rc;
}

/* Whether the failure on conn is m's RAISE(ABORT). */
static bool guard_refused(sc_conn *conn, const sc_entity_meta *m)
{
	const char *msg = sc_conn_error(conn)->message;
	const char *at = msg ? strstr(msg, GUARD_MARK) : NULL;
	if (!at)
		return false;
	at += strlen(GUARD_MARK);
	size_t n = strlen(m->table);
	return !strncmp(at, m->table, n) && (at[n] == '\0' || at[n] == ' ' || at[n] == '(');
}

sc_status sc_row_unguard_tenant(sc_conn *conn, const sc_entity_meta *m, sc_status rc)
{
	if (!sc__tenant_applies(conn, m))
		return rc;
	if (rc != SC_OK && guard_refused(conn, m))
		rc = sc__tenant_denied(conn, m);
	sc_stmt *st = NULL;
	sc_status del = sc_stmt_prepare(&st, conn, "DELETE FROM " GUARD_TABLE " WHERE \"tbl\" = ?1");
	if (del == SC_OK)
		del = sc_stmt_bind_text(st, 1, m->table, (size_t)-1);
	if (del == SC_OK)
		del = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	return rc != SC_OK ? rc : del;
}
