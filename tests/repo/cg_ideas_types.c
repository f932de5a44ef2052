/* Generated code of schema/ideas.schema: dates, decimals, doubles with a
 * range check, a composite unique key with an enum and a smallint, text
 * defaults with tabs and newlines, and factory rows of every entity. */
#include "repo.h"

#include "ideas.h"


int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});

	ideas_user u;
	CHECK_ST(ideas_user_fake(&u, 1), SC_OK);
	CHECK_ST(ideas_user_insert(C, &u), SC_OK);

	ideas_business_idea bi;
	CHECK_ST(ideas_business_idea_fake(&bi, 1), SC_OK);
	bi.user_id = u.id;
	static char desc[80];
	memset(desc, 'd', 60);
	bi.description = desc; /* @@check: 50 to 5000 characters */
	bi.target_launch_date = -165; /* 1969-07-20 */
	bi.has_target_launch_date = true;
	bi.budget_usd = "123456789012.34";
	CHECK_ST(ideas_business_idea_insert(C, &bi), SC_OK);
	ideas_business_idea gb;
	CHECK_ST(ideas_business_idea_get(C, &bi.id, 0, &gb), SC_OK);
	CHECK(gb.has_target_launch_date && gb.target_launch_date == -165);
	CHECK(gb.budget_usd && !strcmp(gb.budget_usd, "123456789012.34"));
	ideas_business_idea_free(&gb);
	ideas_business_idea_init(&gb);
	CHECK(gb.status == IDEAS_IDEA_STATUS_DRAFT && !strcmp(gb.budget_usd, "0.00"));

	ideas_evaluation ev;
	ideas_evaluation_init(&ev);
	ev.business_idea_id = bi.id;
	ev.overall_score = 99.999999;
	ev.has_overall_score = true;
	CHECK_ST(ideas_evaluation_insert(C, &ev), SC_OK);
	CHECK(ev.due_on > 19000); /* @default(now()) on a date: today */
	ideas_evaluation ge;
	CHECK_ST(ideas_evaluation_get(C, &ev.id, 0, &ge), SC_OK);
	CHECK(ge.has_overall_score && ge.overall_score == 99.999999 && ge.due_on == ev.due_on);
	CHECK(ge.priority == IDEAS_PRIORITY_NORMAL && !ge.has_started_at);
	ideas_evaluation_free(&ge);
	ev.overall_score = 100.5;
	CHECK_ST(ideas_evaluation_update(C, &ev), SC_CHECK_VIOLATION);

	sc_query *q = ideas_evaluation_query_new();
	ideas_evaluation_where_overall_score_ge(q, 99.5);
	ideas_evaluation_where_due_on_le(q, ev.due_on);
	int64_t n = -1;
	CHECK_ST(ideas_evaluation_count(C, q, &n), SC_OK);
	CHECK(n == 1);
	sc_query_free(q);

	ideas_agent_result ar;
	ideas_agent_result_init(&ar);
	CHECK(!strcmp(ar.prompt_template, "Role:\tanalyst\nTask:\tevaluate the idea"));
	CHECK(ar.attempt == 1 && ar.weight == 1.0 && !strcmp(ar.cost_usd, "0.0000"));
	ar.evaluation_id = ev.id;
	ar.agent_type = IDEAS_AGENT_TYPE_RISK_ASSESSMENT;
	ar.tokens_used = INT64_MAX;
	CHECK_ST(ideas_agent_result_insert(C, &ar), SC_OK);
	ideas_agent_result ga;
	CHECK_ST(ideas_agent_result_get_by_evaluation_id_agent_type_attempt(C, &ev.id, IDEAS_AGENT_TYPE_RISK_ASSESSMENT, 1, 0, &ga), SC_OK);
	CHECK(sc_uuid_equal(&ga.id, &ar.id) && ga.tokens_used == INT64_MAX);
	CHECK(!strcmp(ga.prompt_template, ar.prompt_template) && !strcmp(ga.cost_usd, "0.0000"));
	ideas_agent_result_free(&ga);
	CHECK_ST(ideas_agent_result_get_by_evaluation_id_agent_type_attempt(C, &ev.id, IDEAS_AGENT_TYPE_RISK_ASSESSMENT, 2, 0, &ga), SC_NOT_FOUND);
	ar.attempt = 11;
	CHECK_ST(ideas_agent_result_update(C, &ar), SC_CHECK_VIOLATION);

	/* IN over every kind of value: one array parameter */
	struct {
		const char *what;
		sc_query *q;
		int64_t want;
	} ins[7];
	int k = 0;
	ins[k].what = "date";
	ins[k].q = ideas_business_idea_query_new();
	ideas_business_idea_where_target_launch_date_in(ins[k].q, (int32_t[]){-165, 5}, 2);
	ins[k++].want = 1;
	ins[k].what = "enum";
	ins[k].q = ideas_evaluation_query_new();
	ideas_evaluation_where_status_in(ins[k].q, (ideas_evaluation_status[]){IDEAS_EVALUATION_STATUS_FAILED, IDEAS_EVALUATION_STATUS_PENDING}, 2);
	ins[k++].want = 1;
	ins[k].what = "int64";
	ins[k].q = ideas_agent_result_query_new();
	ideas_agent_result_where_tokens_used_in(ins[k].q, (int64_t[]){INT64_MAX, 0}, 2);
	ins[k++].want = 1;
	ins[k].what = "timestamp";
	ins[k].q = ideas_agent_result_query_new();
	ideas_agent_result_where_created_at_in(ins[k].q, (int64_t[]){ar.created_at}, 1);
	ins[k++].want = 1;
	ins[k].what = "double";
	ins[k].q = ideas_agent_result_query_new();
	ideas_agent_result_where_weight_in(ins[k].q, (double[]){0.5, 1.0}, 2);
	ins[k++].want = 1;
	ins[k].what = "decimal";
	ins[k].q = ideas_agent_result_query_new();
	ideas_agent_result_where_cost_usd_in(ins[k].q, (const char *const[]){"0.0000", "1.5000"}, 2);
	ins[k++].want = 1;
	ins[k].what = "string with quotes";
	ins[k].q = ideas_user_query_new();
	ideas_user_where_email_in(ins[k].q, (const char *const[]){"x\"y'z,{}@q", u.email}, 2);
	ins[k++].want = 1;
	for (int i = 0; i < k; i++) {
		int64_t got = -1;
		sc_status rc = sc_query_count(C, i == 0 ? &ideas_business_idea_meta
						 : i == 1 ? &ideas_evaluation_meta
						 : i == 6 ? &ideas_user_meta : &ideas_agent_result_meta,
					      ins[i].q, &got);
		CHECK_MSG(rc == SC_OK && got == ins[i].want, "IN %s: %s, %lld rows (%s)", ins[i].what,
			  sc_status_name(rc), (long long)got, sc_conn_error(C)->message);
		sc_query_free(ins[i].q);
	}

	/* factory rows of every entity insert once their parents are set */
	for (uint64_t seed = 10; seed < 15; seed++) {
		ideas_user fu;
		CHECK_ST(ideas_user_fake(&fu, seed), SC_OK);
		CHECK_ST(ideas_user_insert(C, &fu), SC_OK);
		ideas_evaluation fe;
		CHECK_ST(ideas_evaluation_fake(&fe, seed), SC_OK);
		fe.business_idea_id = bi.id;
		fe.has_completed_at = false; /* @@check: completed only after started */
		CHECK_ST(ideas_evaluation_insert(C, &fe), SC_OK);
		ideas_agent_result fa;
		CHECK_ST(ideas_agent_result_fake(&fa, seed), SC_OK);
		fa.evaluation_id = fe.id;
		CHECK_ST(ideas_agent_result_insert(C, &fa), SC_OK);
		ideas_user_free(&fu);
		ideas_evaluation_free(&fe);
		ideas_agent_result_free(&fa);
	}
	ideas_user_free(&u);
	ideas_business_idea_free(&bi);
	repo_close();
	return repo_done("codegen ideas types");
}
