/*
 * Drift check: the live catalog against the catalog the expected DDL
 * creates in a scratch space, both read the same way and compared as sorted
 * lines "what: value" (see sc_migrate_check in schemac/migrate.h).
 * schemac's own bookkeeping tables (schemac_migrations, schemac_seeds, ...)
 * are not part of the schema and are skipped.
 */
#include "base/base.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/migrate.h>
#include "migrate/migrate.h"

typedef struct lines {
	char **v;
	size_t n, cap;
} lines;

static void add(lines *l, const char *fmt, ...) SC_PRINTF(2, 3);
static void add(lines *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		char **g = realloc(l->v, l->cap * sizeof(*g));
		if (!g) {
			free(s);
			return;
		}
		l->v = g;
	}
	l->v[l->n++] = s;
}

static void lines_free(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static const char *col(sc_stmt *st, int i)
{
	const char *s = NULL;
	sc_stmt_column_text(st, i, &s, NULL);
	return s ? s : "";
}

/* Runs sql with optional $1 and calls row() for each row. */
static sc_status each(sc_conn *c, const char *sql, const char *arg, void (*row)(sc_stmt *, lines *, const char *),
		      lines *out, const char *ctx)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, sql);
	if (rc != SC_OK)
		return rc;
	if (arg)
		sc_stmt_bind_text(st, 1, arg, (size_t)-1);
	while ((rc = sc_stmt_step(st)) == SC_ROW)
		row(st, out, ctx);
	sc_stmt_finalize(st);
	return rc < 0 ? rc : SC_OK;
}

/* ---- PostgreSQL ----------------------------------------------------------- */

static void pg_table(sc_stmt *st, lines *l, const char *ctx)
{
	(void)ctx;
	add(l, "table %s", col(st, 0));
	if (!strcmp(col(st, 1), "t") || !strcmp(col(st, 1), "true"))
		add(l, "table %s: row-level security %s", col(st, 0),
		    !strcmp(col(st, 2), "t") || !strcmp(col(st, 2), "true") ? "enabled and forced" : "enabled");
	if (!sc_stmt_column_is_null(st, 3))
		add(l, "comment on table %s: %s", col(st, 0), col(st, 3));
}

static void pg_column(sc_stmt *st, lines *l, const char *ctx)
{
	(void)ctx;
	const char *ident = col(st, 5);
	add(l, "column %s.%s: %s%s%s%s%s", col(st, 0), col(st, 1), col(st, 2),
	    !strcmp(col(st, 3), "t") || !strcmp(col(st, 3), "true") ? " not null" : " null",
	    sc_stmt_column_is_null(st, 4) ? "" : " default ", col(st, 4), *ident ? " identity" : "");
	if (!sc_stmt_column_is_null(st, 6))
		add(l, "comment on column %s.%s: %s", col(st, 0), col(st, 1), col(st, 6));
}

static void pg_named(sc_stmt *st, lines *l, const char *what)
{
	add(l, "%s %s.%s: %s", what, col(st, 0), col(st, 1), col(st, 2));
}

static sc_status pg_dump(sc_conn *c, const char *nsp, lines *l)
{
	sc_status rc = each(c,
		"SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, obj_description(c.oid, 'pg_class') "
		"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		"WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'schemac\\_%'",
		nsp, pg_table, l, NULL);
	if (rc == SC_OK)
		rc = each(c,
			"SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
			"pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, col_description(c.oid, a.attnum) "
			"FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
			"JOIN pg_namespace n ON n.oid = c.relnamespace "
			"LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
			"WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'schemac\\_%' "
			"AND a.attnum > 0 AND NOT a.attisdropped",
			nsp, pg_column, l, NULL);
	if (rc == SC_OK)
		rc = each(c,
			"SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) "
			"FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
			"JOIN pg_namespace n ON n.oid = c.relnamespace "
			"WHERE n.nspname = $1 AND c.relname NOT LIKE 'schemac\\_%'",
			nsp, pg_named, l, "constraint");
	if (rc == SC_OK)
		rc = each(c,
			"SELECT c.relname, i.relname, "
			"replace(pg_get_indexdef(i.oid), ' ON ' || quote_ident(n.nspname) || '.', ' ON ') "
			"FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid "
			"JOIN pg_namespace n ON n.oid = c.relnamespace "
			"WHERE n.nspname = $1 AND c.relname NOT LIKE 'schemac\\_%'",
			nsp, pg_named, l, "index");
	if (rc == SC_OK)
		rc = each(c,
			"SELECT tablename, policyname, coalesce(qual, '') || ' / ' || coalesce(with_check, '') "
			"FROM pg_policies WHERE schemaname = $1",
			nsp, pg_named, l, "policy");
	return rc;
}

static sc_status scalar_text(sc_conn *c, const char *sql, char *buf, size_t n)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, sql);
	if (rc != SC_OK)
		return rc;
	rc = sc_stmt_step(st);
	if (rc == SC_ROW)
		sc__strlcpy(buf, col(st, 0), n);
	sc_stmt_finalize(st);
	return rc < 0 ? rc : SC_OK;
}

static sc_status pg_expected(sc_conn *c, const char *sql, lines *l)
{
	char nsp[64], set[160];
	snprintf(nsp, sizeof(nsp), "schemac_expected_%08" PRIx64, sc__rand64() & 0xffffffffu);
	sc_status rc = sc_tx_begin(c, NULL);
	if (rc != SC_OK)
		return rc;
	snprintf(set, sizeof(set), "CREATE SCHEMA %s", nsp);
	rc = sc_conn_exec(c, set);
	if (rc == SC_OK) {
		snprintf(set, sizeof(set), "SET LOCAL search_path TO %s", nsp);
		rc = sc_conn_exec(c, set);
	}
	if (rc == SC_OK)
		rc = sc_migrate_exec_script(c, sql, "expected schema");
	if (rc == SC_OK)
		rc = pg_dump(c, nsp, l);
	char msg[512];
	sc__strlcpy(msg, sc_error_last()->message, sizeof(msg));
	sc_tx_rollback(c);
	if (rc != SC_OK)
		sc__tls_err(rc, "%s", msg);
	return rc;
}

/* ---- SQLite ------------------------------------------------------------- */

static void sq_column(sc_stmt *st, lines *l, const char *t)
{
	add(l, "column %s.%s: %s%s%s%s pk %s", t, col(st, 0), col(st, 1), !strcmp(col(st, 2), "1") ? " not null" : " null",
	    sc_stmt_column_is_null(st, 3) ? "" : " default ", col(st, 3), col(st, 4));
}

static void sq_fk(sc_stmt *st, lines *l, const char *t)
{
	add(l, "foreign key %s(%s): references %s(%s) on update %s on delete %s", t, col(st, 0), col(st, 1),
	    col(st, 2), col(st, 3), col(st, 4));
}

static void sq_index(sc_stmt *st, lines *l, const char *ctx)
{
	(void)ctx;
	add(l, "index %s.%s: %s", col(st, 1), col(st, 0), col(st, 2));
}

/* The named constraints of a CREATE TABLE text: CONSTRAINT "name" ... up to
 * the next top-level ',' or the closing ')'. */
static void sq_constraints(const char *sql, const char *t, lines *l)
{
	int depth = 0;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			for (p++; *p && !(*p == q && p[1] != q); p++)
				if (*p == q)
					p++;
			if (!*p)
				break;
			continue;
		}
		if (*p == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			if (!*p)
				break;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		if (depth == 1 && !strncasecmp(p, "CONSTRAINT ", 11) && (p == sql || !isalnum((unsigned char)p[-1]))) {
			const char *s = p + 11;
			int d = 0;
			const char *e = s;
			for (; *e; e++) {
				if (*e == '\'' || *e == '"') {
					char q = *e;
					for (e++; *e && !(*e == q && e[1] != q); e++)
						if (*e == q)
							e++;
					if (!*e)
						break;
					continue;
				}
				if (*e == '(')
					d++;
				else if (*e == ')' && d-- == 0)
					break;
				else if (*e == ',' && d == 0)
					break;
			}
			size_t n = (size_t)(e - s);
			while (n && isspace((unsigned char)s[n - 1]))
				n--;
			add(l, "constraint %s: %.*s", t, (int)n, s);
			p = e - 1;
		}
	}
}

static sc_status sq_dump(sc_conn *c, lines *l)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c,
		"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
		"AND name NOT LIKE 'schemac\\_%' ESCAPE '\\' ORDER BY name");
	if (rc != SC_OK)
		return rc;
	lines tables = {0};
	while ((rc = sc_stmt_step(st)) == SC_ROW) {
		add(&tables, "%s", col(st, 0));
		add(l, "table %s", col(st, 0));
		sq_constraints(col(st, 1), col(st, 0), l);
	}
	sc_stmt_finalize(st);
	for (size_t i = 0; rc >= 0 && i < tables.n; i++) {
		rc = each(c, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info($1)", tables.v[i],
			  sq_column, l, tables.v[i]);
		if (rc == SC_OK)
			rc = each(c,
				  "SELECT \"from\", \"table\", \"to\", on_update, on_delete FROM pragma_foreign_key_list($1)",
				  tables.v[i], sq_fk, l, tables.v[i]);
	}
	lines_free(&tables);
	if (rc >= 0)
		rc = each(c, "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
			  "AND tbl_name NOT LIKE 'schemac\\_%' ESCAPE '\\'", NULL,
			  sq_index, l, NULL);
	return rc < 0 ? rc : SC_OK;
}

static sc_status sq_expected(const char *sql, lines *l)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = "sqlite::memory:";
	cfg.connect_retry_ms = 0;
	sc_conn *mem;
	sc_status rc = sc_conn_open(&mem, &cfg);
	if (rc != SC_OK)
		return rc;
	rc = sc_migrate_exec_script(mem, sql, "expected schema");
	if (rc == SC_OK)
		rc = sq_dump(mem, l);
	sc_conn_close(mem);
	return rc;
}

/* ---- comparison ----------------------------------------------------------- */

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* "column t.c: ..." -> length of "column t.c" */
static size_t key_len(const char *s)
{
	const char *c = strstr(s, ": ");
	return c ? (size_t)(c - s) : strlen(s);
}

static void report_diff(lines *want, lines *have, char **report)
{
	if (want->n)
		qsort(want->v, want->n, sizeof(char *), cmp);
	if (have->n)
		qsort(have->v, have->n, sizeof(char *), cmp);
	lines out = {0};
	size_t i = 0, j = 0;
	while (i < want->n || j < have->n) {
		int c = i >= want->n ? 1 : j >= have->n ? -1 : strcmp(want->v[i], have->v[j]);
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		if (i < want->n && j < have->n) {
			size_t ki = key_len(want->v[i]), kj = key_len(have->v[j]);
			if (ki == kj && !strncmp(want->v[i], have->v[j], ki) && want->v[i][ki] && have->v[j][kj]) {
				add(&out, "%.*s differs: the schema has%s, the database has%s", (int)ki, want->v[i],
				    want->v[i] + ki + 1, have->v[j] + kj + 1);
				i++;
				j++;
				continue;
			}
		}
		if (c < 0)
			add(&out, "missing from the database: %s", want->v[i++]);
		else
			add(&out, "not in the schema: %s", have->v[j++]);
	}
	size_t len = 0;
	*report = NULL;
	for (size_t k = 0; k < out.n; k++)
		len += strlen(out.v[k]) + 1;
	if (out.n && (*report = malloc(len + 1))) {
		char *p = *report;
		for (size_t k = 0; k < out.n; k++) {
			size_t n = strlen(out.v[k]);
			memcpy(p, out.v[k], n);
			p[n] = '\n';
			p += n + 1;
		}
		*p = '\0';
	}
	lines_free(&out);
}

sc_status sc_migrate_check(sc_conn *c, const char *expected_sql, char **report)
{
	*report = NULL;
	lines want = {0}, have = {0};
	sc_status rc;
	if (sc_conn_dialect(c) == SC_DIALECT_POSTGRES) {
		char nsp[128] = "";
		rc = scalar_text(c, "SELECT current_schema()", nsp, sizeof(nsp));
		if (rc == SC_OK)
			rc = pg_dump(c, nsp, &have);
		if (rc == SC_OK)
			rc = pg_expected(c, expected_sql, &want);
	} else {
		rc = sq_dump(c, &have);
		if (rc == SC_OK)
			rc = sq_expected(expected_sql, &want);
	}
	if (rc == SC_OK)
		report_diff(&want, &have, report);
	lines_free(&want);
	lines_free(&have);
	return rc;
}

sc_status sc_migrate_compare(sc_conn *c, const char *expected_sql, const char *actual_sql, char **report)
{
	*report = NULL;
	lines want = {0}, have = {0};
	bool pg = c && sc_conn_dialect(c) == SC_DIALECT_POSTGRES;
	sc_status rc = pg ? pg_expected(c, expected_sql, &want) : sq_expected(expected_sql, &want);
	if (rc == SC_OK)
		rc = pg ? pg_expected(c, actual_sql, &have) : sq_expected(actual_sql, &have);
	if (rc == SC_OK)
		report_diff(&want, &have, report);
	lines_free(&want);
	lines_free(&have);
	return rc;
}
