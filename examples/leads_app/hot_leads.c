/* Step 4: this run's hot leads, best first, APP_PAGE_SIZE per page, with
 * keyset pagination: each page resumes after the previous page's last row
 * (the opaque cursor), so every page costs the same however deep. The
 * walk is checked against count. */
#include <stdio.h>

#include "app.h"

static void print_row(const leads_lead *l)
{
	char name[256];

	printf("     %3d  %-20s %-9s %-13s %-14s %s\n", (int)l->score, app_lead_name(l, name, sizeof name),
	       l->postcode, leads_service_type_to_string(l->service_type),
	       leads_timeline_to_string(l->timeline), l->external_lead_id);
}

/* Walk the pages. *rows and *pages count what was seen; the hottest lead
 * is remembered for the next steps. */
static sc_status walk(app *a, sc_query *q, int64_t *rows, int *pages)
{
	leads_lead_page page = {0};
	sc_status rc;

	for (;;) {
		rc = leads_lead_list(a->conn, q, &page);
		if (rc != SC_OK)
			return app_fail(a->conn, rc, "leads_lead_list(hot)");
		if (page.len == 0)
			break;
		if (*rows == 0)
			a->hottest = page.rows[0].id;
		++*pages;
		printf("   page %d\n", *pages);
		for (size_t i = 0; i < page.len; i++)
			print_row(&page.rows[i]);
		*rows += (int64_t)page.len;
		if (!page.next_cursor)
			break;
		printf("     next cursor: %s\n", page.next_cursor);
		sc_query_after(q, page.next_cursor); /* copies the cursor */
		leads_lead_page_free(&page);
	}
	leads_lead_page_free(&page);
	return SC_OK;
}

sc_status app_list_hot(app *a)
{
	sc_query *q = app_hot_query(a);
	int64_t rows = 0, count = 0;
	int pages = 0;
	sc_status rc;

	printf("\n4. Hot leads, %d per page (keyset pagination)\n", APP_PAGE_SIZE);
	printf("     score name                 postcode  service       timeline       external id\n");
	leads_lead_order_by(q, LEADS_LEAD_SCORE, true);
	leads_lead_order_by(q, LEADS_LEAD_LAST_NAME, false);
	sc_query_limit(q, APP_PAGE_SIZE);
	rc = walk(a, q, &rows, &pages);
	if (rc == SC_OK && (rc = leads_lead_count(a->conn, q, &count)) != SC_OK)
		app_fail(a->conn, rc, "leads_lead_count(hot)");
	sc_query_free(q);
	if (rc != SC_OK)
		return rc;
	printf("   %lld hot leads in %d pages (count: %lld)\n", (long long)rows, pages,
	       (long long)count);
	if (rows != count || rows == 0) {
		fprintf(stderr, "error: the pages held %lld hot leads, count says %lld\n",
			(long long)rows, (long long)count);
		return SC_ERROR;
	}
	a->hot_count = count;
	return SC_OK;
}
