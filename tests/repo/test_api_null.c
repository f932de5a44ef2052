/* API convention (docs/architecture.md): every public function that
 * releases something is a no-op on NULL, so cleanup paths need no checks.
 * Calls each one of the runtime and of generated code with NULL; under
 * ASan/UBSan a dereference fails the test. No database is involved. */
#include "t.h"

#include "leads.h"

int main(void)
{
	/* runtime (runtime/include/schemac/) */
	sc_arena_free(NULL);
	sc_conn_close(NULL);
	sc_memory_cache_free(NULL);
	CHECK(sc_pool_close(NULL) == SC_OK);
	sc_pool_release(NULL);
	sc_query_free(NULL);
	sc_stmt_finalize(NULL);
	/* generated code, every entity of schema/leads.schema */
	leads_user_free(NULL);
	leads_user_page_free(NULL);
	leads_lead_free(NULL);
	leads_lead_page_free(NULL);
	leads_lead_score_free(NULL);
	leads_lead_score_page_free(NULL);
	leads_lead_source_attribution_free(NULL);
	leads_lead_source_attribution_page_free(NULL);
	CHECK(true);
	return t_done("api_null_free");
}
