/* Step 3: the scoring job. Every lead of this run gets a LeadScore row
 * (four components of 0..25 each; the overall score is their sum) and its
 * tier and score are written back with update_fields. */
#include <stdio.h>
#include <string.h>

#include "app.h"

static int16_t completeness(const leads_lead *l)
{
	return (int16_t)(4 + (l->phone ? 8 : 0) + (l->address ? 8 : 0) + (l->attributes ? 5 : 0));
}

static int16_t engagement(leads_urgency u)
{
	switch (u) {
	case LEADS_URGENCY_CRITICAL: return 25;
	case LEADS_URGENCY_HIGH: return 20;
	case LEADS_URGENCY_NORMAL: return 12;
	default: return 5;
	}
}

static int16_t readiness(leads_timeline t)
{
	switch (t) {
	case LEADS_TIMELINE_IMMEDIATELY: return 25;
	case LEADS_TIMELINE_WITHIN_MONTH: return 20;
	case LEADS_TIMELINE_WITHIN_QUARTER: return 12;
	case LEADS_TIMELINE_LATER: return 6;
	default: return 3;
	}
}

/* The channel is the middle part of the external id, "<run>-REF-0002". */
static int16_t source_quality(const leads_lead *l)
{
	static const struct { const char *code; int16_t score; } channels[] = {
		{"-REF-", 25}, {"-WEB-", 18}, {"-PTL-", 15}, {"-SOC-", 10}, {"-ADS-", 6},
	};

	for (size_t i = 0; i < sizeof channels / sizeof channels[0]; i++)
		if (strstr(l->external_lead_id, channels[i].code))
			return channels[i].score;
	return 0;
}

static leads_tier tier_of(int32_t score)
{
	if (score >= 80)
		return LEADS_TIER_HOT;
	if (score >= 60)
		return LEADS_TIER_WARM;
	if (score >= 40)
		return LEADS_TIER_COOL;
	return LEADS_TIER_COLD;
}

static void score_lead(const leads_lead *l, leads_lead_score *s)
{
	leads_lead_score_init(s); /* model_version "v1"; calculated_at set by insert */
	s->lead_id = l->id;
	s->completeness_score = completeness(l);
	s->engagement_score = engagement(l->urgency);
	s->readiness_score = readiness(l->timeline);
	s->source_quality_score = source_quality(l);
	s->overall_score = s->completeness_score + s->engagement_score + s->readiness_score +
			   s->source_quality_score;
	s->tier = tier_of(s->overall_score);
}

/* Write tier and score of every lead in one transaction (one commit, not
 * one per lead). */
static sc_status write_back(app *a, leads_lead_page *leads, const leads_lead_score *scores)
{
	static const leads_lead_col cols[] = {LEADS_LEAD_TIER, LEADS_LEAD_SCORE};
	sc_status rc = sc_tx_begin(a->conn, NULL);

	if (rc != SC_OK)
		return app_fail(a->conn, rc, "BEGIN");
	for (size_t i = 0; i < leads->len; i++) {
		leads->rows[i].tier = scores[i].tier;
		leads->rows[i].score = scores[i].overall_score;
		rc = leads_lead_update_fields(a->conn, &leads->rows[i], cols, 2);
		if (rc != SC_OK) {
			app_fail(a->conn, rc, "leads_lead_update_fields(tier, score)");
			sc_tx_rollback(a->conn);
			return rc;
		}
	}
	if ((rc = sc_tx_commit(a->conn)) != SC_OK)
		return app_fail(a->conn, rc, "COMMIT");
	return SC_OK;
}

sc_status app_score(app *a)
{
	leads_lead_page leads = {0};
	leads_lead_score scores[64];
	size_t per_tier[5] = {0};
	sc_query *q = leads_lead_query_new();
	sc_status rc;

	printf("\n3. Scoring\n");
	leads_lead_where_external_lead_id_like(q, a->run_pattern);
	rc = leads_lead_list(a->conn, q, &leads);
	sc_query_free(q);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_list(this run)");
	if (leads.len == 0 || leads.len > sizeof scores / sizeof scores[0]) {
		fprintf(stderr, "error: expected 1..64 leads of run %s, found %zu\n", a->run, leads.len);
		leads_lead_page_free(&leads);
		return SC_ERROR;
	}
	for (size_t i = 0; i < leads.len; i++)
		score_lead(&leads.rows[i], &scores[i]);

	rc = leads_lead_score_insert_many(a->conn, scores, leads.len);
	if (rc != SC_OK) {
		leads_lead_page_free(&leads);
		return app_fail(a->conn, rc, "leads_lead_score_insert_many");
	}
	printf("   %zu LeadScore rows (model %s), ids %lld..%lld\n", leads.len,
	       scores[0].model_version, (long long)scores[0].id,
	       (long long)scores[leads.len - 1].id);

	rc = write_back(a, &leads, scores);
	if (rc == SC_OK) {
		for (size_t i = 0; i < leads.len; i++)
			per_tier[scores[i].tier]++;
		printf("   tiers: %zu hot, %zu warm, %zu cool, %zu cold (each lead now at version %d)\n",
		       per_tier[LEADS_TIER_HOT], per_tier[LEADS_TIER_WARM], per_tier[LEADS_TIER_COOL],
		       per_tier[LEADS_TIER_COLD], (int)leads.rows[0].version);
	}
	leads_lead_page_free(&leads);
	return rc;
}
