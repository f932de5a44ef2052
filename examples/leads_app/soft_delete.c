/* Step 6: the prospect withdraws. The lead is soft-deleted (deleted_at
 * set): get, list and count no longer see it, but the row is kept and
 * restore brings it back. */
#include <stdio.h>

#include "app.h"

/* This run's hot leads, counted and listed (to check the deleted one is
 * absent or present). */
static sc_status hot_view(app *a, int64_t *count, bool *listed)
{
	leads_lead_page page = {0};
	sc_query *q = app_hot_query(a);
	sc_status rc = leads_lead_count(a->conn, q, count);

	if (rc == SC_OK)
		rc = leads_lead_list(a->conn, q, &page);
	sc_query_free(q);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "counting and listing hot leads");
	*listed = false;
	for (size_t i = 0; i < page.len; i++)
		if (sc_uuid_equal(&page.rows[i].id, &a->hottest))
			*listed = true;
	leads_lead_page_free(&page);
	return SC_OK;
}

static sc_status expect_view(app *a, int64_t want_count, bool want_listed, const char *when)
{
	int64_t count = 0;
	bool listed = false;
	sc_status rc = hot_view(a, &count, &listed);

	if (rc != SC_OK)
		return rc;
	printf("   %s: %lld hot leads, %s the list\n", when, (long long)count,
	       listed ? "in" : "not in");
	if (count != want_count || listed != want_listed) {
		fprintf(stderr, "error: %s: expected %lld hot leads, lead %s the list\n", when,
			(long long)want_count, want_listed ? "in" : "not in");
		return SC_ERROR;
	}
	return SC_OK;
}

sc_status app_soft_delete(app *a)
{
	leads_lead l;
	char name[256], when[SC_DATETIME_BUFSZ];
	sc_status rc;

	printf("\n6. Soft delete and restore\n");
	leads_lead_init(&l);
	if ((rc = leads_lead_get(a->conn, &a->hottest, 0, &l)) != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_get");
	printf("   %s withdraws: soft-deleting the lead (version %d)\n",
	       app_lead_name(&l, name, sizeof name), (int)l.version);
	rc = leads_lead_delete(a->conn, &l.id, l.version);
	leads_lead_free(&l);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_delete");
	if ((rc = expect_view(a, a->hot_count - 1, false, "after delete")) != SC_OK)
		return rc;

	rc = leads_lead_get(a->conn, &a->hottest, 0, &l);
	if (rc == SC_OK) {
		leads_lead_free(&l);
		fprintf(stderr, "error: get found the deleted lead\n");
		return SC_ERROR;
	}
	if (rc != SC_NOT_FOUND)
		return app_fail(a->conn, rc, "leads_lead_get(deleted)");
	printf("   get: %s\n", sc_status_name(rc));
	rc = leads_lead_get(a->conn, &a->hottest, SC_READ_WITH_DELETED, &l);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_get(SC_READ_WITH_DELETED)");
	sc_timestamp_format(l.deleted_at, when);
	printf("   get with SC_READ_WITH_DELETED: still stored, deleted_at %s\n", when);
	leads_lead_free(&l);

	if ((rc = leads_lead_restore(a->conn, &a->hottest)) != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_restore");
	printf("   restored\n");
	if ((rc = expect_view(a, a->hot_count, true, "after restore")) != SC_OK)
		return rc;
	if ((rc = leads_lead_get(a->conn, &a->hottest, 0, &l)) != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_get(restored)");
	printf("   get: %s, version %d\n", app_lead_name(&l, name, sizeof name), (int)l.version);
	leads_lead_free(&l);
	return SC_OK;
}
