/* Step 7: reports through typed queries (the `query` declarations at the
 * end of schema/leads.schema, checked against the schema when it is
 * generated). A three-table join: the hot leads of the attorney who took
 * over this run's hottest lead in step 5, with their latest scores; and a
 * list parameter: leads by id, one of them unknown. */
#include <stdio.h>

#include "app.h"

/* The attorney of step 5 (attorneys[1], upserted in capture.c). */
#define REPORT_ATTORNEY "bokafor"

static sc_status attorney_report(app *a)
{
	leads_attorney_hot_leads_page page = {0};
	char when[SC_DATETIME_BUFSZ];
	bool hottest_seen = false;
	sc_status rc = leads_attorney_hot_leads(a->conn, REPORT_ATTORNEY, 80, &page);

	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_attorney_hot_leads");
	printf("   attorney %s: %zu hot lead%s (all runs), best first\n", REPORT_ATTORNEY, page.len,
	       page.len == 1 ? "" : "s");
	for (size_t i = 0; i < page.len; i++) {
		const leads_attorney_hot_leads_row *r = &page.rows[i];
		if (sc_uuid_equal(&r->lead_id, &a->hottest))
			hottest_seen = true;
		if (i < 3) {
			sc_timestamp_format(r->calculated_at, when);
			printf("     %3d  %s %s, %s (model %s, scored %s)\n", (int)r->score, r->first_name,
			       r->last_name, r->postcode, r->model_version, when);
		}
	}
	leads_attorney_hot_leads_page_free(&page);
	printf("   this run's hottest lead is in the report: %s\n", hottest_seen ? "yes" : "no");
	if (!hottest_seen) {
		fprintf(stderr, "error: the attorney report misses the lead assigned in step 5\n");
		return SC_ERROR;
	}
	return SC_OK;
}

static sc_status by_ids(app *a)
{
	sc_uuid ids[2] = {a->hottest};
	leads_lead_page page = {0};
	sc_status rc = sc_uuid_v7(&ids[1]); /* a lead that does not exist */

	if (rc == SC_OK)
		rc = leads_leads_by_ids(a->conn, ids, 2, &page);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_leads_by_ids");
	printf("   leads_by_ids with 2 ids (one unknown): %zu row%s\n", page.len, page.len == 1 ? "" : "s");
	bool ok = page.len == 1 && sc_uuid_equal(&page.rows[0].id, &a->hottest);
	leads_lead_page_free(&page);
	if (!ok) {
		fprintf(stderr, "error: leads_by_ids did not return exactly the hottest lead\n");
		return SC_ERROR;
	}
	return SC_OK;
}

sc_status app_report(app *a)
{
	printf("\n7. Reports (typed queries)\n");
	sc_status rc = attorney_report(a);
	return rc == SC_OK ? by_ids(a) : rc;
}
