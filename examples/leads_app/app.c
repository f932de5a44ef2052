/* Helpers shared by the steps. */
#include <stdio.h>

#include "app.h"

sc_status app_fail(sc_conn *conn, sc_status st, const char *what)
{
	const sc_error *e = conn ? sc_conn_error(conn) : sc_error_last();
	const char *msg = e->message[0] ? e->message : sc_status_message(st);

	fprintf(stderr, "error: %s: %s: %s\n", what, sc_status_name(st), msg);
	if (e->constraint[0])
		fprintf(stderr, "       constraint: %s\n", e->constraint);
	return st;
}

sc_query *app_hot_query(const app *a)
{
	sc_query *q = leads_lead_query_new();

	if (!q)
		return NULL;
	leads_lead_where_external_lead_id_like(q, a->run_pattern);
	leads_lead_where_tier_eq(q, LEADS_TIER_HOT);
	return q;
}

const char *app_lead_name(const leads_lead *l, char *buf, size_t n)
{
	snprintf(buf, n, "%s %s", l->first_name, l->last_name);
	return buf;
}
