/*
 * Baseline: mark an existing database as migrated through a version
 * without running anything, after a drift check (see sc_migrate_baseline
 * in schemac/migrate.h).
 */
#include "base/base.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/migrate.h>
#include "migrate/migrate.h"

/* The history must be a consistent start: nothing DIRTY, every row a
 * migration of the array with its checksum, nothing past `to`. */
static sc_status history_fits(const sc_migration *m, size_t n, int64_t to, const sc_applied_migration *a, size_t na)
{
	sc_status rc = sc__mig_refuse_dirty(a, na);
	if (rc != SC_OK)
		return rc;
	char *report = NULL;
	if (sc__mig_verify_list(m, n, a, na, &report) != SC_OK) {
		report[strcspn(report, "\n")] = '\0';
		rc = sc__tls_err(SC_CONFLICT, "refusing to baseline: the history does not match the migrations: %s", report);
		free(report);
		return rc;
	}
	for (size_t i = 0; i < na; i++)
		if (a[i].version > to)
			return sc__tls_err(SC_CONFLICT,
					   "refusing to baseline to version %" PRId64 ": the database is already at version %" PRId64
					   " (%s); baseline only marks versions that are not applied yet",
					   to, a[na - 1].version, a[na - 1].name);
	return SC_OK;
}

/* The history rows of every migration through `to` that has none, in one
 * transaction (re-checked inside it: another runner may have been first). */
static sc_status mark(sc_conn *c, const sc_migration *m, size_t n, int64_t to, const sc_migrate_options *o)
{
	bool *marked = calloc(n + 1, sizeof(*marked));
	if (!marked)
		return sc__tls_err(SC_NO_MEMORY, "out of memory");
	sc_status rc = sc__mig_ensure_history(c);
	if (rc == SC_OK)
		rc = sc_tx_begin(c, NULL);
	size_t nmarked = 0;
	for (size_t i = 0; rc == SC_OK && i < n && m[i].version <= to; i++) {
		bool applied = false;
		rc = sc__mig_is_applied(c, m[i].version, &applied);
		if (rc == SC_OK && !applied) {
			rc = sc__mig_record(c, &m[i], true, 0, false);
			marked[i] = true;
			nmarked++;
		}
	}
	if (rc == SC_OK)
		rc = sc_tx_commit(c);
	if (rc != SC_OK) {
		char msg[512];
		sc__strlcpy(msg, sc_error_last()->message, sizeof(msg));
		if (sc_conn_tx_depth(c) > 0)
			sc_tx_rollback(c);
		free(marked);
		return sc__tls_err(rc, "%s", msg);
	}
	for (size_t i = 0; i < n; i++)
		if (marked[i])
			sc__mig_progress(o, "marked %04" PRId64 "_%s as applied (baseline: nothing ran)", m[i].version,
					 m[i].name ? m[i].name : "migration");
	if (!nmarked)
		sc__mig_progress(o, "already at version %" PRId64 ": nothing to mark", to);
	free(marked);
	return SC_OK;
}

sc_status sc_migrate_baseline(sc_conn *c, const sc_migration *m, size_t n, int64_t to, const char *expected_sql,
			      char **report, const sc_migrate_options *o)
{
	*report = NULL;
	sc_status rc = sc__mig_check_order(m, n);
	if (rc != SC_OK)
		return rc;
	bool known = false;
	for (size_t i = 0; i < n; i++)
		known |= m[i].version == to;
	if (!known)
		return sc__tls_err(SC_INVALID_ARGUMENT, "baseline: no migration has version %" PRId64, to);
	if ((rc = sc__mig_lock(c)) != SC_OK)
		return rc;
	sc_applied_migration *a = NULL;
	size_t na = 0;
	rc = sc_migrate_applied(c, &a, &na);
	if (rc == SC_OK)
		rc = history_fits(m, n, to, a, na);
	if (rc == SC_OK)
		rc = sc_migrate_check(c, expected_sql, report);
	if (rc == SC_OK && *report)
		rc = sc__tls_err(SC_CONFLICT, "refusing to baseline: the database differs from the schema as of version %" PRId64,
				 to);
	if (rc == SC_OK)
		rc = mark(c, m, n, to, o);
	free(a);
	sc__mig_unlock(c);
	return rc;
}
