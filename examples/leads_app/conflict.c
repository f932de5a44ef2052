/* Step 5: two writers on two connections load the same lead. Writer A
 * (an attorney logging a call) saves first; writer B (a manager assigning
 * the lead) saves a stale version and gets SC_CONFLICT instead of silently
 * overwriting A's change. B reloads, re-applies its change and saves. */
#include <stdio.h>

#include "app.h"

static sc_status log_call(sc_conn *conn, leads_lead *l)
{
	static const leads_lead_col cols[] = {LEADS_LEAD_STATUS, LEADS_LEAD_REACHED_OUT_AT};

	l->status = LEADS_LEAD_STATUS_REACHED_OUT;
	l->reached_out_at = sc_now_micros();
	l->has_reached_out_at = true;
	return leads_lead_update_fields(conn, l, cols, 2);
}

static sc_status assign(sc_conn *conn, leads_lead *l, const sc_uuid *attorney)
{
	static const leads_lead_col cols[] = {LEADS_LEAD_ASSIGNED_USER_ID};

	l->assigned_user_id = *attorney;
	l->has_assigned_user_id = true;
	return leads_lead_update_fields(conn, l, cols, 1);
}

/* B saves its stale copy: the database refuses it (SC_CONFLICT), B reloads,
 * re-applies its change and saves again. */
static sc_status assign_after_conflict(sc_conn *conn, leads_lead *b, const sc_uuid *attorney)
{
	sc_uuid id = b->id;
	int stale = (int)b->version;
	sc_status rc = assign(conn, b, attorney);

	if (rc == SC_OK) {
		fprintf(stderr, "error: writer B overwrote writer A's change (no SC_CONFLICT)\n");
		return SC_ERROR;
	}
	if (rc != SC_CONFLICT)
		return app_fail(conn, rc, "leads_lead_update_fields(assigned_user_id)");
	printf("   writer B assigns an attorney with version %d: %s (%s)\n", stale,
	       sc_status_name(rc), sc_conn_error(conn)->message);
	leads_lead_free(b);
	rc = leads_lead_get(conn, &id, 0, b);
	if (rc != SC_OK)
		return app_fail(conn, rc, "leads_lead_get(reload)");
	printf("   writer B reloads: version %d, status %s\n", (int)b->version,
	       leads_lead_status_to_string(b->status));
	rc = assign(conn, b, attorney);
	if (rc != SC_OK)
		return app_fail(conn, rc, "leads_lead_update_fields(assigned_user_id)");
	printf("   writer B retries: ok, version %d\n", (int)b->version);
	return SC_OK;
}

sc_status app_conflict(app *a)
{
	sc_conn *ca = NULL, *cb = NULL;
	leads_lead la, lb;
	char name[256];
	sc_status rc;

	leads_lead_init(&la);
	leads_lead_init(&lb);
	printf("\n5. Two writers, one lead (optimistic locking)\n");
	if ((rc = sc_pool_acquire(a->pool, &ca)) != SC_OK ||
	    (rc = sc_pool_acquire(a->pool, &cb)) != SC_OK) {
		app_fail(NULL, rc, "sc_pool_acquire");
		goto out;
	}
	if ((rc = leads_lead_get(ca, &a->hottest, 0, &la)) != SC_OK) {
		app_fail(ca, rc, "leads_lead_get(writer A)");
		goto out;
	}
	if ((rc = leads_lead_get(cb, &a->hottest, 0, &lb)) != SC_OK) {
		app_fail(cb, rc, "leads_lead_get(writer B)");
		goto out;
	}
	printf("   writers A and B load %s: both see version %d\n",
	       app_lead_name(&la, name, sizeof name), (int)la.version);

	if ((rc = log_call(ca, &la)) != SC_OK) {
		app_fail(ca, rc, "leads_lead_update_fields(status, reached_out_at)");
		goto out;
	}
	printf("   writer A logs a call (status reached_out): ok, version %d\n", (int)la.version);

	rc = assign_after_conflict(cb, &lb, &a->attorneys[1]);
	if (rc == SC_OK && (lb.status != LEADS_LEAD_STATUS_REACHED_OUT || !lb.has_assigned_user_id)) {
		fprintf(stderr, "error: the lead lost a writer's change\n");
		rc = SC_ERROR;
	}
	if (rc == SC_OK)
		printf("   the lead keeps both changes: status %s, assigned to bokafor\n",
		       leads_lead_status_to_string(lb.status));
out:
	leads_lead_free(&la);
	leads_lead_free(&lb);
	sc_pool_release(ca);
	sc_pool_release(cb);
	return rc;
}
