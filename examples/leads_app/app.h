/*
 * leads_app: a walk through the code schemac generates for
 * schema/leads.schema. Each step of the story lives in its own file; they
 * share the state below and report failures through app_fail.
 */
#ifndef LEADS_APP_H
#define LEADS_APP_H

#include <stddef.h>

#include "leads.h"

/* Hot leads are listed this many per page. */
#define APP_PAGE_SIZE 5

typedef struct app {
	sc_pool *pool;
	sc_conn *conn;       /* held for the whole run; writers 2 and 3 borrow their own */
	/* Tag of this run. Every lead captured by the run has an external id
	 * "<run>-<channel>-<nnnn>", so runs against one database never collide
	 * and each run looks only at its own leads. */
	char run[16];
	char run_pattern[24]; /* "<run>-%", for LIKE */
	sc_uuid attorneys[3];
	size_t nattorneys;
	sc_uuid hottest;     /* the lead steps 5 and 6 work on */
	int64_t hot_count;   /* hot leads of this run, after scoring */
} app;

/* Step 1 (schema.c): create the tables unless they exist. */
sc_status app_create_schema(app *a);
/* Step 2 (capture.c): attorneys (upsert) and this run's leads (insert,
 * insert_many). */
sc_status app_capture(app *a);
/* Step 3 (scoring.c): one LeadScore per lead; tier and score written back. */
sc_status app_score(app *a);
/* Step 4 (hot_leads.c): hot leads, page by page (keyset pagination). */
sc_status app_list_hot(app *a);
/* Step 5 (conflict.c): two writers, one lead: optimistic locking. */
sc_status app_conflict(app *a);
/* Step 6 (soft_delete.c): soft delete and restore. */
sc_status app_soft_delete(app *a);
/* Step 7 (report.c): reports through typed queries (a join, a list
 * parameter). */
sc_status app_report(app *a);

/* A query on this run's hot leads (NULL when out of memory). */
sc_query *app_hot_query(const app *a);

/* Print "error: <what>: SC_NAME: <message>" to stderr, the message taken
 * from conn (or from the thread's last error when conn is NULL), and return
 * st. */
sc_status app_fail(sc_conn *conn, sc_status st, const char *what);

/* "Amelia Hart" into buf. */
const char *app_lead_name(const leads_lead *l, char *buf, size_t n);

#endif
