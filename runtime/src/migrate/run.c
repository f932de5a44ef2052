/*
 * The migration runner: history table, up, down, applied, verify (see
 * schemac/migrate.h).
 */
#include "base/base.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/migrate.h>
#include "migrate/migrate.h"

/* Session advisory lock key shared by every schemac runner ("schemac\0"). */
#define MIGRATE_LOCK_KEY "7234298496059974400"

void sc__mig_progress(const sc_migrate_options *o, const char *fmt, ...)
{
	if (!o || !o->progress)
		return;
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	o->progress(o->progress_ud, line);
}

static bool is_pg(sc_conn *c) { return sc_conn_dialect(c) == SC_DIALECT_POSTGRES; }

/* The dirty column came after the first release: older history tables get
 * it when a runner next writes (reads do without it). */
static sc_status has_dirty_column(sc_conn *c, bool *yes)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, is_pg(c)
		? "SELECT count(*) > 0 FROM pg_attribute WHERE attrelid = to_regclass('" SC__HISTORY "') "
		  "AND attname = 'dirty' AND NOT attisdropped"
		: "SELECT count(*) > 0 FROM pragma_table_info('" SC__HISTORY "') WHERE name = 'dirty'");
	if (rc != SC_OK)
		return rc;
	*yes = false;
	rc = sc_stmt_step(st);
	if (rc == SC_ROW)
		rc = sc_stmt_column_bool(st, 0, yes);
	sc_stmt_finalize(st);
	return rc < 0 ? rc : SC_OK;
}

sc_status sc__mig_ensure_history(sc_conn *c)
{
	sc_status rc = sc_conn_exec(c, is_pg(c)
		? "CREATE TABLE IF NOT EXISTS " SC__HISTORY " (\n"
		  "  version bigint PRIMARY KEY,\n"
		  "  name text NOT NULL,\n"
		  "  checksum text NOT NULL,\n"
		  "  applied_at timestamptz NOT NULL DEFAULT now(),\n"
		  "  duration_ms bigint NOT NULL,\n"
		  "  dirty boolean NOT NULL DEFAULT false)"
		: "CREATE TABLE IF NOT EXISTS " SC__HISTORY " (\n"
		  "  version INTEGER PRIMARY KEY,\n"
		  "  name TEXT NOT NULL,\n"
		  "  checksum TEXT NOT NULL,\n"
		  "  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),\n"
		  "  duration_ms INTEGER NOT NULL,\n"
		  "  dirty INTEGER NOT NULL DEFAULT 0)");
	bool dirty_col = false;
	if (rc == SC_OK)
		rc = has_dirty_column(c, &dirty_col);
	if (rc != SC_OK || dirty_col)
		return rc;
	rc = sc_conn_exec(c, is_pg(c) ? "ALTER TABLE " SC__HISTORY " ADD COLUMN IF NOT EXISTS dirty boolean NOT NULL DEFAULT false"
				      : "ALTER TABLE " SC__HISTORY " ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0");
	/* SQLite: another runner may have added it since we looked. */
	if (rc != SC_OK && has_dirty_column(c, &dirty_col) == SC_OK && dirty_col)
		rc = SC_OK;
	return rc;
}

static sc_status history_exists(sc_conn *c, bool *exists)
{
	sc_stmt *st;
	const char *sql = is_pg(c) ? "SELECT to_regclass('" SC__HISTORY "') IS NOT NULL"
				   : "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '" SC__HISTORY "'";
	sc_status rc = sc_stmt_prepare(&st, c, sql);
	if (rc != SC_OK)
		return rc;
	rc = sc_stmt_step(st);
	if (rc == SC_ROW)
		rc = sc_stmt_column_bool(st, 0, exists);
	sc_stmt_finalize(st);
	return rc < 0 ? rc : SC_OK;
}

sc_status sc_migrate_applied(sc_conn *c, sc_applied_migration **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	bool exists = false;
	sc_status rc = history_exists(c, &exists);
	if (rc != SC_OK || !exists)
		return rc;
	bool dirty_col = false;
	if ((rc = has_dirty_column(c, &dirty_col)) != SC_OK)
		return rc;
	char sql[400];
	snprintf(sql, sizeof(sql), "SELECT version, name, checksum, %s, duration_ms, %s FROM " SC__HISTORY " ORDER BY version",
		 is_pg(c) ? "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')" : "applied_at",
		 dirty_col ? "dirty" : is_pg(c) ? "false" : "0");
	sc_stmt *st;
	rc = sc_stmt_prepare(&st, c, sql);
	if (rc != SC_OK)
		return rc;
	size_t cap = 0;
	while ((rc = sc_stmt_step(st)) == SC_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			sc_applied_migration *g = realloc(*out, cap * sizeof(*g));
			if (!g) {
				rc = SC_NO_MEMORY;
				break;
			}
			*out = g;
		}
		sc_applied_migration *a = &(*out)[(*n)++];
		memset(a, 0, sizeof(*a));
		const char *s;
		sc_stmt_column_int64(st, 0, &a->version);
		sc_stmt_column_text(st, 1, &s, NULL);
		sc__strlcpy(a->name, s ? s : "", sizeof(a->name));
		sc_stmt_column_text(st, 2, &s, NULL);
		sc__strlcpy(a->checksum, s ? s : "", sizeof(a->checksum));
		sc_stmt_column_text(st, 3, &s, NULL);
		sc__strlcpy(a->applied_at, s ? s : "", sizeof(a->applied_at));
		sc_stmt_column_int64(st, 4, &a->duration_ms);
		sc_stmt_column_bool(st, 5, &a->dirty);
	}
	sc_stmt_finalize(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return SC_OK;
}

static void file_name(char *buf, size_t n, const sc_migration *m, bool up)
{
	snprintf(buf, n, "%04" PRId64 "_%s.%s.sql", m->version, m->name ? m->name : "migration", up ? "up" : "down");
}

static void append(char **rep, size_t *len, const char *line)
{
	size_t l = strlen(line);
	char *g = realloc(*rep, *len + l + 2);
	if (!g)
		return;
	memcpy(g + *len, line, l);
	g[*len + l] = '\n';
	g[*len + l + 1] = '\0';
	*len += l + 1;
	*rep = g;
}

static const sc_migration *find(const sc_migration *m, size_t n, int64_t v)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].version == v)
			return &m[i];
	return NULL;
}

sc_status sc__mig_verify_list(const sc_migration *m, size_t n, const sc_applied_migration *a, size_t na,
			     char **report)
{
	size_t len = 0;
	*report = NULL;
	for (size_t i = 0; i < na; i++) {
		char line[512], fname[300], sum[SC_SHA256_HEX_LEN + 1];
		const sc_migration *mi = find(m, n, a[i].version);
		/* Applied from a file that was squashed since: valid as it is. */
		const sc_migration *sq = sc__mig_squash_of(m, n, a[i].version, a[i].checksum);
		if (sq) {
			if (a[i].dirty) {
				snprintf(line, sizeof(line), "version %" PRId64 " (%s, squashed into %04" PRId64 "_%s) is DIRTY",
					 a[i].version, a[i].name, sq->version, sq->name ? sq->name : "migration");
				append(report, &len, line);
			}
			continue;
		}
		if (!mi) {
			snprintf(line, sizeof(line), "version %" PRId64 " (%s) is applied but its migration is missing",
				 a[i].version, a[i].name);
			append(report, &len, line);
			continue;
		}
		file_name(fname, sizeof(fname), mi, true);
		if (a[i].dirty) {
			snprintf(line, sizeof(line), "%s is DIRTY: partially applied (it runs outside a transaction and "
				 "failed or was killed midway); see `migrate resolve`", fname);
			append(report, &len, line);
		}
		sc_status rc = sc_sha256_hex(mi->up_sql, strlen(mi->up_sql), sum);
		if (rc != SC_OK) {
			free(*report);
			*report = NULL;
			return rc;
		}
		if (strcmp(sum, a[i].checksum)) {
			snprintf(line, sizeof(line), "%s was changed after it was applied (checksum %.12s..., applied %.12s...)",
				 fname, sum, a[i].checksum);
			append(report, &len, line);
		}
	}
	return *report ? SC_CONFLICT : SC_OK;
}

sc_status sc_migrate_verify(sc_conn *c, const sc_migration *m, size_t n, char **report)
{
	*report = NULL;
	sc_applied_migration *a;
	size_t na;
	sc_status rc = sc_migrate_applied(c, &a, &na);
	if (rc != SC_OK)
		return rc;
	rc = sc__mig_verify_list(m, n, a, na, report);
	free(a);
	return rc;
}

/* Does the script hold `directive` as a line of its own (trailing blanks
 * allowed)? The same text inside a quoted name or after other text on its
 * line is not the directive. */
static bool has_directive(const char *sql, const char *directive)
{
	size_t n = strlen(directive);
	for (const char *p = sql; (p = strstr(p, directive)) != NULL; p += n) {
		if (p != sql && p[-1] != '\n')
			continue;
		const char *q = p + n;
		while (*q == ' ' || *q == '\t' || *q == '\r')
			q++;
		if (*q == '\n' || *q == '\0')
			return true;
	}
	return false;
}

static bool wants_fk_off(const char *sql) { return has_directive(sql, SC__FK_OFF_DIRECTIVE); }

/* SQLite: PRAGMA foreign_key_check must return nothing before commit. */
static sc_status fk_check(sc_conn *c, const char *file)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "PRAGMA foreign_key_check");
	if (rc != SC_OK)
		return rc;
	rc = sc_stmt_step(st);
	if (rc == SC_ROW) {
		const char *t = NULL;
		sc_stmt_column_text(st, 0, &t, NULL);
		char tb[128];
		sc__strlcpy(tb, t ? t : "?", sizeof(tb));
		sc_stmt_finalize(st);
		return sc__tls_err(SC_FOREIGN_KEY_VIOLATION,
				   "%s: PRAGMA foreign_key_check found rows of table %s without their parent row", file,
				   tb);
	}
	sc_stmt_finalize(st);
	return rc < 0 ? rc : SC_OK;
}

sc_status sc__mig_is_applied(sc_conn *c, int64_t v, bool *yes)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "SELECT count(*) FROM " SC__HISTORY " WHERE version = $1");
	if (rc != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, v);
	rc = sc_stmt_step(st);
	int64_t k = 0;
	if (rc == SC_ROW)
		sc_stmt_column_int64(st, 0, &k);
	sc_stmt_finalize(st);
	*yes = k > 0;
	return rc < 0 ? rc : SC_OK;
}

/* Up: the history row (dirty: written before a migration that runs
 * outside a transaction); down: its removal. */
sc_status sc__mig_record(sc_conn *c, const sc_migration *m, bool up, int64_t ms, bool dirty)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, up ? "INSERT INTO " SC__HISTORY
						    " (version, name, checksum, duration_ms, dirty) VALUES ($1, $2, $3, $4, $5)"
						  : "DELETE FROM " SC__HISTORY " WHERE version = $1");
	if (rc != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, m->version);
	if (up) {
		char sum[SC_SHA256_HEX_LEN + 1];
		if ((rc = sc_sha256_hex(m->up_sql, strlen(m->up_sql), sum)) != SC_OK) {
			sc_stmt_finalize(st);
			return rc;
		}
		sc_stmt_bind_text(st, 2, m->name ? m->name : "", (size_t)-1);
		sc_stmt_bind_text(st, 3, sum, (size_t)-1);
		sc_stmt_bind_int64(st, 4, ms);
		sc_stmt_bind_bool(st, 5, dirty);
	}
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	/* Reverting a squashed migration reverts the ones it replaced. */
	const char *cur = m->up_sql;
	int64_t v;
	char sum[SC_SHA256_HEX_LEN + 1];
	while (rc == SC_OK && !up && sc__mig_next_replaced(&cur, &v, sum)) {
		if ((rc = sc_stmt_prepare(&st, c, "DELETE FROM " SC__HISTORY " WHERE version = $1")) != SC_OK)
			break;
		sc_stmt_bind_int64(st, 1, v);
		rc = sc_stmt_exec(st);
		sc_stmt_finalize(st);
	}
	return rc;
}

/* The dirty mark of a migration running outside a transaction: set (the
 * row written if needed) before its first statement, cleared after its
 * last one. */
static sc_status mark_dirty(sc_conn *c, const sc_migration *m, bool dirty, int64_t ms)
{
	sc_stmt *st;
	sc_status rc = sc_stmt_prepare(&st, c, "UPDATE " SC__HISTORY " SET dirty = $2, duration_ms = $3 WHERE version = $1");
	if (rc != SC_OK)
		return rc;
	sc_stmt_bind_int64(st, 1, m->version);
	sc_stmt_bind_bool(st, 2, dirty);
	sc_stmt_bind_int64(st, 3, ms);
	rc = sc_stmt_exec(st);
	sc_stmt_finalize(st);
	return rc;
}

/* PostgreSQL, a script marked SC__NO_TX_DIRECTIVE (e.g. CREATE INDEX
 * CONCURRENTLY, which refuses to run in a transaction): statements run one
 * by one in autocommit. Its history row is written DIRTY before the first
 * statement (up: inserted; down: marked) and completed after the last one
 * (up: clean; down: deleted), so a failure or a kill midway leaves a mark
 * that status shows and up/down refuse to pass (see sc_migrate_resolve).
 * The advisory lock still keeps other runners out. */
static sc_status run_outside_tx(sc_conn *c, const sc_migration *m, bool up, const sc_migrate_options *o,
				bool *skipped, const char *fname, const char *sql)
{
	int64_t t0 = sc__mono_us();
	bool applied = false;
	sc_status rc = sc__mig_is_applied(c, m->version, &applied);
	if (rc != SC_OK)
		return rc;
	if (applied == up) {
		*skipped = true;
		return SC_OK;
	}
	rc = up ? sc__mig_record(c, m, true, 0, true) : mark_dirty(c, m, true, 0);
	if (rc == SC_OK && o && o->lock_timeout_ms > 0) {
		char set[80];
		snprintf(set, sizeof(set), "SET lock_timeout = '%" PRId64 "ms'", o->lock_timeout_ms);
		rc = sc_conn_exec(c, set);
	}
	if (rc == SC_OK)
		rc = sc_migrate_exec_script(c, sql, fname);
	if (rc != SC_OK) {
		char msg[400];
		sc__strlcpy(msg, sc_error_last()->message, sizeof(msg));
		sc_conn_exec(c, "RESET lock_timeout");
		return sc__tls_err(rc, "%s (this migration runs outside a transaction: the statements before the "
				       "failing one stay applied, and version %" PRId64 " is marked DIRTY; see "
				       "`migrate status` and docs/migrations.md to recover)", msg, m->version);
	}
	sc_conn_exec(c, "RESET lock_timeout");
	int64_t ms = (sc__mono_us() - t0) / 1000;
	rc = up ? mark_dirty(c, m, false, ms) : sc__mig_record(c, m, false, ms, false);
	if (rc == SC_OK)
		sc__mig_progress(o, "%s %s (%" PRId64 " ms, outside a transaction)", up ? "applied" : "reverted", fname, ms);
	return rc;
}

/* One migration, one transaction (foreign keys switched off around it on
 * SQLite when the script asks). *skipped when another runner did it. */
static sc_status run_one(sc_conn *c, const sc_migration *m, bool up, const sc_migrate_options *o, bool *skipped)
{
	char fname[300];
	file_name(fname, sizeof(fname), m, up);
	const char *sql = up ? m->up_sql : m->down_sql;
	*skipped = false;
	if (!sql)
		return sc__tls_err(SC_INVALID_ARGUMENT, "%s: no down migration", fname);
	bool pg = is_pg(c);
	bool fk_off = !pg && wants_fk_off(sql);
	int64_t t0 = sc__mono_us();
	sc_status rc = SC_OK;
	if (pg && has_directive(sql, SC__NO_TX_DIRECTIVE))
		return run_outside_tx(c, m, up, o, skipped, fname, sql);
	if (fk_off && (rc = sc_conn_exec(c, "PRAGMA foreign_keys = OFF")) != SC_OK)
		return rc;
	rc = sc_tx_begin(c, NULL);
	if (rc == SC_OK && pg && o && o->lock_timeout_ms > 0) {
		char set[80];
		snprintf(set, sizeof(set), "SET LOCAL lock_timeout = '%" PRId64 "ms'", o->lock_timeout_ms);
		rc = sc_conn_exec(c, set);
	}
	bool applied = false;
	if (rc == SC_OK)
		rc = sc__mig_is_applied(c, m->version, &applied);
	if (rc == SC_OK && applied == up) {
		*skipped = true;
		sc_tx_rollback(c);
		goto out;
	}
	if (rc == SC_OK)
		rc = sc_migrate_exec_script(c, sql, fname);
	if (rc == SC_OK && fk_off)
		rc = fk_check(c, fname);
	if (rc == SC_OK)
		rc = sc__mig_record(c, m, up, (sc__mono_us() - t0) / 1000, false);
	if (rc == SC_OK) {
		rc = sc_tx_commit(c);
	} else if (sc_conn_tx_depth(c) > 0) {
		sc_error saved = *sc_error_last();
		char msg[512];
		sc__strlcpy(msg, saved.message, sizeof(msg));
		sc_tx_rollback(c);
		sc__tls_err(rc, "%s", msg);
	}
out:
	if (fk_off) {
		char msg[512];
		sc__strlcpy(msg, sc_error_last()->message, sizeof(msg));
		sc_conn_exec(c, "PRAGMA foreign_keys = ON");
		if (rc != SC_OK)
			sc__tls_err(rc, "%s", msg);
	}
	if (rc == SC_OK && !*skipped)
		sc__mig_progress(o, "%s %s (%" PRId64 " ms)", up ? "applied" : "reverted", fname, (sc__mono_us() - t0) / 1000);
	return rc;
}

sc_status sc__mig_lock(sc_conn *c)
{
	if (!is_pg(c))
		return SC_OK;
	return sc_conn_exec(c, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")");
}

void sc__mig_unlock(sc_conn *c)
{
	if (!is_pg(c))
		return;
	char msg[512];
	sc__strlcpy(msg, sc_error_last()->message, sizeof(msg));
	sc_status st = sc_error_last()->status;
	sc_conn_exec(c, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")");
	if (st != SC_OK)
		sc__tls_err(st, "%s", msg);
}

sc_status sc__mig_check_order(const sc_migration *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].version <= 0 || (i && m[i].version <= m[i - 1].version) || !m[i].up_sql)
			return sc__tls_err(SC_INVALID_ARGUMENT,
					   "migrations must have increasing positive versions and up SQL (at index %zu)", i);
	return SC_OK;
}

/* A version left DIRTY by a migration that ran outside a transaction stops
 * up and down until someone looks at it (sc_migrate_resolve). */
sc_status sc__mig_refuse_dirty(const sc_applied_migration *a, size_t na)
{
	for (size_t i = 0; i < na; i++)
		if (a[i].dirty)
			return sc__tls_err(SC_CONFLICT,
					   "refusing to migrate: version %" PRId64 " (%s) is DIRTY: partially applied (it runs "
					   "outside a transaction and failed or was killed midway). Finish or undo its "
					   "statements by hand, then mark it with `schemac migrate resolve --version %" PRId64
					   " --applied` (or `--reverted`); see docs/migrations.md",
					   a[i].version, a[i].name, a[i].version);
	return SC_OK;
}

/* Every script about to run, checked before the first one runs. */
static sc_status check_scripts(sc_conn *c, const sc_migration *const *pending, size_t n, bool up)
{
	sc_status rc = SC_OK;
	for (size_t i = 0; rc == SC_OK && i < n; i++) {
		char fname[300];
		file_name(fname, sizeof(fname), pending[i], up);
		const char *sql = up ? pending[i]->up_sql : pending[i]->down_sql;
		if (!sql)
			return sc__tls_err(SC_INVALID_ARGUMENT, "%s: no down migration", fname);
		rc = sc__script_check(sc_conn_dialect(c), sql, fname);
	}
	return rc;
}

bool sc__mig_in_history(const sc_applied_migration *a, size_t na, int64_t v)
{
	for (size_t k = 0; k < na; k++)
		if (a[k].version == v)
			return true;
	return false;
}

/* The pending migrations in order (up or down), their scripts checked
 * first; `none` is reported when nothing ran. */
static sc_status run_all(sc_conn *c, const sc_migration **pending, size_t npending, bool up,
			 const sc_migrate_options *o, const char *none)
{
	sc_status rc = check_scripts(c, pending, npending, up);
	int ran = 0;
	for (size_t i = 0; rc == SC_OK && i < npending; i++) {
		bool skipped;
		rc = run_one(c, pending[i], up, o, &skipped);
		if (rc == SC_OK && !skipped)
			ran++;
	}
	if (rc == SC_OK && ran == 0)
		sc__mig_progress(o, "%s", none);
	return rc;
}

sc_status sc_migrate_up(sc_conn *c, const sc_migration *m, size_t n, int64_t to, const sc_migrate_options *o)
{
	const sc_migrate_options defaults = SC_MIGRATE_OPTIONS_INIT; /* NULL: the defaults */
	if (!o)
		o = &defaults;
	sc_status rc = sc__mig_check_order(m, n);
	if (rc != SC_OK)
		return rc;
	const sc_migration **pending = calloc(n + 1, sizeof(*pending));
	if (!pending)
		return sc__tls_err(SC_NO_MEMORY, "out of memory");
	if ((rc = sc__mig_lock(c)) != SC_OK) {
		free(pending);
		return rc;
	}
	sc_applied_migration *a = NULL;
	size_t na = 0, npending = 0;
	rc = sc__mig_ensure_history(c);
	if (rc == SC_OK)
		rc = sc_migrate_applied(c, &a, &na);
	if (rc == SC_OK)
		rc = sc__mig_refuse_dirty(a, na);
	if (rc == SC_OK) {
		char *report = NULL;
		if (sc__mig_verify_list(m, n, a, na, &report) != SC_OK) {
			report[strcspn(report, "\n")] = '\0';
			rc = sc__tls_err(SC_CONFLICT, "refusing to migrate: %s", report);
		}
		free(report);
	}
	if (rc == SC_OK)
		rc = sc__mig_refuse_partial_squash(m, n, a, na);
	for (size_t i = 0; rc == SC_OK && i < n && (to < 0 || m[i].version <= to); i++)
		if (!sc__mig_in_history(a, na, m[i].version))
			pending[npending++] = &m[i];
	if (rc == SC_OK)
		rc = run_all(c, pending, npending, true, o, "already up to date");
	free(a);
	free(pending);
	sc__mig_unlock(c);
	return rc;
}

sc_status sc_migrate_down(sc_conn *c, const sc_migration *m, size_t n, int64_t to, const sc_migrate_options *o)
{
	const sc_migrate_options defaults = SC_MIGRATE_OPTIONS_INIT; /* NULL: the defaults */
	if (!o)
		o = &defaults;
	sc_status rc = sc__mig_check_order(m, n);
	if (rc != SC_OK)
		return rc;
	if ((rc = sc__mig_lock(c)) != SC_OK)
		return rc;
	sc_applied_migration *a = NULL;
	size_t na = 0, npending = 0;
	const sc_migration **pending = NULL;
	rc = sc__mig_ensure_history(c);
	if (rc == SC_OK)
		rc = sc_migrate_applied(c, &a, &na);
	if (rc == SC_OK)
		rc = sc__mig_refuse_dirty(a, na);
	if (rc == SC_OK)
		rc = sc__mig_refuse_partial_squash(m, n, a, na);
	if (rc == SC_OK && !(pending = calloc(na + 1, sizeof(*pending))))
		rc = sc__tls_err(SC_NO_MEMORY, "out of memory");
	for (size_t i = na; rc == SC_OK && i-- > 0 && a[i].version > to;) {
		const sc_migration *mi = find(m, n, a[i].version);
		const sc_migration *sq = sc__mig_squash_of(m, n, a[i].version, a[i].checksum);
		if (sq && sq != mi)
			continue; /* reverted with the squashed migration, which comes first */
		if (!mi) {
			rc = sc__tls_err(SC_NOT_FOUND, "version %" PRId64 " (%s) is applied but its migration is missing",
					 a[i].version, a[i].name);
			break;
		}
		int64_t first = sc__mig_first_replaced(mi);
		if (first && to >= first)
			rc = sc__tls_err(SC_CONFLICT,
					 "cannot revert to version %" PRId64 ": versions %" PRId64 " to %" PRId64 " were squashed "
					 "into %04" PRId64 "_%s, whose down reverts them together; revert to version %" PRId64
					 " or below",
					 to, first, mi->version, mi->version, mi->name ? mi->name : "migration", first - 1);
		pending[npending++] = mi;
	}
	if (rc == SC_OK)
		rc = run_all(c, pending, npending, false, o, "nothing to revert");
	free(a);
	free(pending);
	sc__mig_unlock(c);
	return rc;
}

sc_status sc_migrate_resolve(sc_conn *c, int64_t version, bool applied)
{
	sc_status rc = sc__mig_lock(c);
	if (rc != SC_OK)
		return rc;
	sc_applied_migration *a = NULL;
	size_t na = 0;
	rc = sc_migrate_applied(c, &a, &na);
	const sc_applied_migration *x = NULL;
	for (size_t i = 0; rc == SC_OK && i < na; i++)
		if (a[i].version == version)
			x = &a[i];
	if (rc == SC_OK && (!x || !x->dirty))
		rc = sc__tls_err(SC_NOT_FOUND, "version %" PRId64 " is not marked DIRTY in the history; nothing to resolve",
				 version);
	if (rc == SC_OK) {
		sc_stmt *st;
		rc = sc_stmt_prepare(&st, c, applied ? "UPDATE " SC__HISTORY " SET dirty = $2 WHERE version = $1"
						     : "DELETE FROM " SC__HISTORY " WHERE version = $1 AND dirty = $2");
		if (rc == SC_OK) {
			sc_stmt_bind_int64(st, 1, version);
			sc_stmt_bind_bool(st, 2, !applied);
			rc = sc_stmt_exec(st);
			sc_stmt_finalize(st);
		}
	}
	free(a);
	sc__mig_unlock(c);
	return rc;
}
