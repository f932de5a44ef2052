/* Generated code of schema/leads.schema: insert/get round trips, unique
 * keys, updates with optimistic locking, soft delete, upsert, batches,
 * error statuses, enums, locking reads and the cache. */
#include "repo.h"

#include "leads.h"


static void make_user(leads_user *u, const char *name)
{
	char email[64];
	leads_user_init(u);
	u->username = (char *)name;
	snprintf(email, sizeof email, "%s@example.com", name);
	u->email = strdup(email);
	u->hashed_password = "bcrypt$secret";
	CHECK_ST(leads_user_insert(C, u), SC_OK);
}

static void make_lead(leads_lead *l, const char *ext)
{
	leads_lead_init(l);
	l->external_lead_id = (char *)ext;
	l->first_name = "Ada";
	l->last_name = "O'Brien \"the\" \\ one; DROP TABLE leads; --";
	l->email = "ada@example.com";
	l->postcode = "SW1A 1AA";
	l->service_type = LEADS_SERVICE_TYPE_VALUATION;
}

static void test_round_trip(void)
{
	leads_user u;
	make_user(&u, "owner");
	CHECK(!sc_uuid_is_nil(&u.id));
	CHECK(u.is_active); /* @default(true) from init */

	leads_lead l;
	make_lead(&l, "ext-1");
	l.phone = "";                   /* empty, not NULL */
	l.address = "Zürich — 東京";   /* multi-byte UTF-8 */
	l.tier = LEADS_TIER_HOT;
	l.score = 100;
	l.status = LEADS_LEAD_STATUS_REACHED_OUT;
	l.assigned_user_id = u.id;
	l.has_assigned_user_id = true;
	l.reached_out_at = -1234567; /* before the epoch, microseconds */
	l.has_reached_out_at = true;
	l.attributes = "{\"a\": [1, 2, \"x\"]}";
	int64_t before = sc_now_micros();
	CHECK_ST(leads_lead_insert(C, &l), SC_OK);
	CHECK(!sc_uuid_is_nil(&l.id));
	CHECK(l.version == 1);
	CHECK(l.created_at >= before && l.updated_at == l.created_at);

	leads_lead got;
	CHECK_ST(leads_lead_get(C, &l.id, 0, &got), SC_OK);
	CHECK(sc_uuid_equal(&got.id, &l.id));
	CHECK(!strcmp(got.external_lead_id, "ext-1"));
	CHECK(!strcmp(got.last_name, l.last_name));
	CHECK(got.phone && got.phone[0] == '\0');
	CHECK(got.address && !strcmp(got.address, l.address));
	CHECK(got.resume_path == NULL);
	CHECK(got.tier == LEADS_TIER_HOT && got.score == 100);
	CHECK(got.status == LEADS_LEAD_STATUS_REACHED_OUT);
	CHECK(got.property_type == LEADS_PROPERTY_TYPE_OTHER);
	CHECK(got.timeline == LEADS_TIMELINE_UNKNOWN && got.urgency == LEADS_URGENCY_NORMAL);
	CHECK(got.has_assigned_user_id && sc_uuid_equal(&got.assigned_user_id, &u.id));
	CHECK(got.has_reached_out_at && got.reached_out_at == -1234567);
	CHECK(got.attributes != NULL && strstr(got.attributes, "\"x\"") != NULL);
	CHECK(got.created_at == l.created_at && got.updated_at == l.updated_at);
	CHECK(!got.has_deleted_at && got.version == 1);
	CHECK(got._mem != NULL);
	leads_lead_free(&got);
	CHECK(got._mem == NULL && got.external_lead_id == NULL);

	/* A zeroed nullable scalar is NULL. */
	leads_lead n;
	make_lead(&n, "ext-null");
	CHECK_ST(leads_lead_insert(C, &n), SC_OK);
	CHECK_ST(leads_lead_get(C, &n.id, 0, &got), SC_OK);
	CHECK(!got.has_assigned_user_id && !got.has_reached_out_at && got.phone == NULL && got.attributes == NULL);
	leads_lead_free(&got);

	/* get_by_<unique> */
	CHECK_ST(leads_lead_get_by_external_lead_id(C, "ext-1", 0, &got), SC_OK);
	CHECK(sc_uuid_equal(&got.id, &l.id));
	leads_lead_free(&got);
	CHECK_ST(leads_lead_get_by_external_lead_id(C, "nope", 0, &got), SC_NOT_FOUND);
	leads_user gu;
	CHECK_ST(leads_user_get_by_username(C, "owner", 0, &gu), SC_OK);
	CHECK(!strcmp(gu.hashed_password, "bcrypt$secret"));
	leads_user_free(&gu);

	/* autoincrement ids come back; decimal text round trips exactly */
	leads_lead_score s;
	leads_lead_score_init(&s);
	s.lead_id = l.id;
	s.overall_score = 40;
	s.completeness_score = 10;
	s.engagement_score = 10;
	s.readiness_score = 10;
	s.source_quality_score = 10;
	s.tier = LEADS_TIER_COOL;
	CHECK_ST(leads_lead_score_insert(C, &s), SC_OK);
	CHECK(s.id > 0);
	CHECK(s.calculated_at > 0); /* @default(now()) filled */
	leads_lead_score gs;
	CHECK_ST(leads_lead_score_get(C, s.id, 0, &gs), SC_OK);
	CHECK(gs.id == s.id && !strcmp(gs.model_version, "v1") && gs.source_quality_score == 10);
	leads_lead_score_free(&gs);

	leads_lead_source_attribution a;
	leads_lead_source_attribution_init(&a);
	a.lead_id = l.id;
	a.channel = "web";
	a.source = "google";
	a.cost = "12345678.90";
	CHECK_ST(leads_lead_source_attribution_insert(C, &a), SC_OK);
	leads_lead_source_attribution ga;
	CHECK_ST(leads_lead_source_attribution_get_by_lead_id_channel_source(C, &l.id, "web", "google", 0, &ga), SC_OK);
	CHECK(ga.id == a.id && ga.cost && !strcmp(ga.cost, "12345678.90"));
	leads_lead_source_attribution_free(&ga);
	free(u.email);
}

static void test_update_and_versions(void)
{
	leads_lead l;
	make_lead(&l, "ext-upd");
	CHECK_ST(leads_lead_insert(C, &l), SC_OK);
	leads_lead a = l, b = l;
	a.score = 50;
	CHECK_ST(leads_lead_update(C, &a), SC_OK);
	CHECK(a.version == 2 && a.updated_at >= l.updated_at);
	b.score = 60;
	CHECK_ST(leads_lead_update(C, &b), SC_CONFLICT);
	CHECK(b.version == 1); /* unchanged on failure */
	CHECK(strstr(sc_conn_error(C)->message, "leads_lead") != NULL);

	/* update_fields: only the listed column changes */
	leads_lead c = a;
	c.score = 70;
	c.first_name = "Changed-in-memory-only";
	leads_lead_col cols[] = {LEADS_LEAD_SCORE};
	CHECK_ST(leads_lead_update_fields(C, &c, cols, 1), SC_OK);
	CHECK(c.version == 3);
	leads_lead got;
	CHECK_ST(leads_lead_get(C, &l.id, 0, &got), SC_OK);
	CHECK(got.score == 70 && !strcmp(got.first_name, "Ada") && got.version == 3);
	leads_lead_free(&got);
	CHECK_ST(leads_lead_update_fields(C, &a, cols, 1), SC_CONFLICT); /* a is at version 2 */
	leads_lead_col bad[] = {LEADS_LEAD_ID};
	CHECK_ST(leads_lead_update_fields(C, &c, bad, 1), SC_INVALID_ARGUMENT);

	leads_lead missing = c;
	CHECK(sc_uuid_v7(&missing.id) == SC_OK);
	CHECK_ST(leads_lead_update(C, &missing), SC_NOT_FOUND);
	CHECK_ST(leads_lead_delete(C, &missing.id, 1), SC_NOT_FOUND);
	CHECK_ST(leads_lead_delete(C, &l.id, 1), SC_CONFLICT);
}

static void test_soft_delete(void)
{
	leads_lead l;
	make_lead(&l, "ext-del");
	CHECK_ST(leads_lead_insert(C, &l), SC_OK);
	CHECK_ST(leads_lead_delete(C, &l.id, l.version), SC_OK);
	leads_lead got;
	CHECK_ST(leads_lead_get(C, &l.id, 0, &got), SC_NOT_FOUND);
	CHECK_ST(leads_lead_get(C, &l.id, SC_READ_WITH_DELETED, &got), SC_OK);
	CHECK(got.has_deleted_at && got.version == 2);
	leads_lead_free(&got);
	CHECK_ST(leads_lead_get_by_external_lead_id(C, "ext-del", 0, &got), SC_NOT_FOUND);
	CHECK_ST(leads_lead_update(C, &l), SC_NOT_FOUND);

	/* the unique value of a deleted row can be used again */
	leads_lead again;
	make_lead(&again, "ext-del");
	CHECK_ST(leads_lead_insert(C, &again), SC_OK);
	CHECK_ST(leads_lead_delete_hard(C, &again.id, again.version), SC_OK);
	CHECK_ST(leads_lead_get(C, &again.id, SC_READ_WITH_DELETED, &got), SC_NOT_FOUND);

	CHECK_ST(leads_lead_restore(C, &l.id), SC_OK);
	CHECK_ST(leads_lead_restore(C, &l.id), SC_NOT_FOUND);
	CHECK_ST(leads_lead_get(C, &l.id, 0, &got), SC_OK);
	CHECK(!got.has_deleted_at && got.version == 3);
	leads_lead_free(&got);
}

static void test_upsert_and_batches(void)
{
	leads_lead l;
	make_lead(&l, "ext-ups");
	l.score = 10;
	CHECK_ST(leads_lead_upsert(C, &l, LEADS_LEAD_KEY_EXTERNAL_LEAD_ID), SC_OK);
	CHECK(l.version == 1);
	leads_lead l2;
	make_lead(&l2, "ext-ups");
	l2.score = 20;
	int64_t created = l.created_at;
	CHECK_ST(leads_lead_upsert(C, &l2, LEADS_LEAD_KEY_EXTERNAL_LEAD_ID), SC_OK);
	CHECK(sc_uuid_equal(&l2.id, &l.id)); /* the existing row's key comes back */
	CHECK(l2.version == 2 && l2.created_at == created);
	leads_lead got;
	CHECK_ST(leads_lead_get(C, &l.id, 0, &got), SC_OK);
	CHECK(got.score == 20);
	leads_lead_free(&got);
	l2.score = 30;
	CHECK_ST(leads_lead_upsert(C, &l2, LEADS_LEAD_KEY_PK), SC_OK);
	CHECK(l2.version == 3);

	enum { N = 40 };
	leads_lead rows[N];
	char ext[N][32];
	for (int i = 0; i < N; i++) {
		snprintf(ext[i], sizeof ext[i], "batch-%d", i);
		make_lead(&rows[i], ext[i]);
		rows[i].score = i;
	}
	long q0 = atomic_load(&repo_queries);
	CHECK_ST(leads_lead_insert_many(C, rows, N), SC_OK);
	CHECK(atomic_load(&repo_queries) > q0);
	for (int i = 0; i < N; i++)
		CHECK(!sc_uuid_is_nil(&rows[i].id) && rows[i].version == 1);
	CHECK_ST(leads_lead_get(C, &rows[N - 1].id, 0, &got), SC_OK);
	CHECK(got.score == N - 1);
	leads_lead_free(&got);

	/* all or nothing: a duplicate in the batch rolls the batch back */
	leads_lead dup[2];
	make_lead(&dup[0], "batch-new");
	make_lead(&dup[1], "batch-3");
	CHECK_ST(leads_lead_insert_many(C, dup, 2), SC_UNIQUE_VIOLATION);
	CHECK_ST(leads_lead_get_by_external_lead_id(C, "batch-new", 0, &got), SC_NOT_FOUND);

	/* autoincrement ids written back by a batch */
	leads_lead_score s[3];
	for (int i = 0; i < 3; i++) {
		leads_lead_score_init(&s[i]);
		s[i].lead_id = rows[0].id;
		s[i].tier = LEADS_TIER_COLD;
	}
	CHECK_ST(leads_lead_score_insert_many(C, s, 3), SC_OK);
	CHECK(s[0].id > 0 && s[1].id > s[0].id && s[2].id > s[1].id);

	/* upsert_many on the composite unique key */
	leads_lead_source_attribution at[2];
	for (int i = 0; i < 2; i++) {
		leads_lead_source_attribution_init(&at[i]);
		at[i].lead_id = rows[1].id;
		at[i].channel = "mail";
		at[i].source = i ? "b" : "a";
	}
	CHECK_ST(leads_lead_source_attribution_upsert_many(C, at, 2, LEADS_LEAD_SOURCE_ATTRIBUTION_KEY_LEAD_ID_CHANNEL_SOURCE), SC_OK);
	int64_t first = at[0].id;
	at[0].campaign = "spring";
	CHECK_ST(leads_lead_source_attribution_upsert(C, &at[0], LEADS_LEAD_SOURCE_ATTRIBUTION_KEY_LEAD_ID_CHANNEL_SOURCE), SC_OK);
	CHECK(at[0].id == first);
}

static void test_errors(void)
{
	leads_lead l;
	make_lead(&l, "ext-err");
	CHECK_ST(leads_lead_insert(C, &l), SC_OK);
	leads_lead d;
	make_lead(&d, "ext-err");
	CHECK_ST(leads_lead_insert(C, &d), SC_UNIQUE_VIOLATION);
	CHECK_MSG(!strcmp(sc_conn_error(C)->constraint, "leads_external_lead_id_key"), "constraint '%s'",
		  sc_conn_error(C)->constraint);

	make_lead(&d, "ext-check");
	d.score = 101;
	CHECK_ST(leads_lead_insert(C, &d), SC_CHECK_VIOLATION);
	CHECK_MSG(!strcmp(sc_conn_error(C)->constraint, "leads_score_check"), "constraint '%s'",
		  sc_conn_error(C)->constraint);

	leads_lead_score s;
	leads_lead_score_init(&s);
	s.tier = LEADS_TIER_COLD;
	CHECK(sc_uuid_v7(&s.lead_id) == SC_OK);
	CHECK_ST(leads_lead_score_insert(C, &s), SC_FOREIGN_KEY_VIOLATION);
	if (env.pg) /* SQLite does not name the failing foreign key */
		CHECK_MSG(!strcmp(sc_conn_error(C)->constraint, "lead_scores_lead_id_fkey"), "constraint '%s'",
			  sc_conn_error(C)->constraint);

	/* NULL for a required string: refused before the database, field named */
	make_lead(&d, "ext-null-name");
	d.first_name = NULL;
	CHECK_ST(leads_lead_insert(C, &d), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_conn_error(C)->message, "leads_lead.first_name") != NULL);
	/* unset enum */
	make_lead(&d, "ext-enum");
	d.service_type = 0;
	CHECK_ST(leads_lead_insert(C, &d), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_conn_error(C)->message, "service_type") != NULL);
	/* @sensitive values never appear in messages */
	leads_user u;
	leads_user_init(&u);
	u.username = "owner"; /* duplicate */
	u.email = "other@example.com";
	u.hashed_password = "TOPSECRET-HASH";
	CHECK_ST(leads_user_insert(C, &u), SC_UNIQUE_VIOLATION);
	CHECK(strstr(sc_conn_error(C)->message, "TOPSECRET") == NULL);
	/* NOT NULL from the database itself: raw SQL through the runtime */
	CHECK_ST(sc_conn_exec(C, "INSERT INTO \"users\" (\"id\", \"username\") VALUES ('0190a0a0-0000-7000-8000-000000000001', 'x')"),
		 SC_NOT_NULL_VIOLATION);

	/* locking reads need a transaction */
	leads_lead got;
	CHECK_ST(leads_lead_get(C, &l.id, SC_READ_LOCK, &got), SC_MISUSE);
	CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	CHECK_ST(leads_lead_get(C, &l.id, SC_READ_LOCK, &got), SC_OK);
	leads_lead_free(&got);
	CHECK_ST(leads_lead_get_by_external_lead_id(C, "ext-err", SC_READ_LOCK | SC_READ_WITH_DELETED, &got), SC_OK);
	leads_lead_free(&got);
	CHECK_ST(sc_tx_commit(C), SC_OK);
}

static void test_change_hook(void)
{
	leads_lead l;
	make_lead(&l, "ext-hook");
	long c0 = atomic_load(&repo_changes);
	CHECK_ST(leads_lead_insert(C, &l), SC_OK);
	char id[SC_UUID_STRLEN + 1], want[128];
	sc_uuid_format(&l.id, id);
	snprintf(want, sizeof want, "leads insert %s", id);
	CHECK_MSG(!strcmp(repo_last_change, want), "last change '%s'", repo_last_change);
	CHECK_ST(leads_lead_delete(C, &l.id, l.version), SC_OK);
	snprintf(want, sizeof want, "leads soft_delete %s", id);
	CHECK_MSG(!strcmp(repo_last_change, want), "last change '%s'", repo_last_change);
	CHECK(atomic_load(&repo_changes) == c0 + 2);

	/* inside a transaction: delivered at commit, dropped on rollback */
	CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	CHECK_ST(leads_lead_restore(C, &l.id), SC_OK);
	CHECK(atomic_load(&repo_changes) == c0 + 2);
	CHECK_ST(sc_tx_rollback(C), SC_OK);
	CHECK(atomic_load(&repo_changes) == c0 + 2);
	CHECK_ST(sc_tx_begin(C, NULL), SC_OK);
	CHECK_ST(leads_lead_restore(C, &l.id), SC_OK);
	CHECK_ST(sc_tx_commit(C), SC_OK);
	CHECK(atomic_load(&repo_changes) == c0 + 3);
	snprintf(want, sizeof want, "leads restore %s", id);
	CHECK_MSG(!strcmp(repo_last_change, want), "last change '%s'", repo_last_change);
}

static void test_enums(void)
{
	CHECK(!strcmp(leads_tier_to_string(LEADS_TIER_WARM), "warm"));
	CHECK(leads_tier_to_string((leads_tier)0) == NULL);
	CHECK(leads_tier_to_string((leads_tier)5) == NULL);
	leads_tier t = 0;
	CHECK(leads_tier_from_string("cool", (size_t)-1, &t) == SC_OK && t == LEADS_TIER_COOL);
	CHECK(leads_tier_from_string("coolx", 4, &t) == SC_OK && t == LEADS_TIER_COOL);
	CHECK(leads_tier_from_string("tepid", (size_t)-1, &t) == SC_INVALID_ARGUMENT);
	leads_lead_status s;
	CHECK(leads_lead_status_from_string("reached_out", (size_t)-1, &s) == SC_OK && s == LEADS_LEAD_STATUS_REACHED_OUT);
}

static void test_cache_and_fake(void)
{
	leads_lead l;
	CHECK_ST(leads_lead_fake(&l, 7), SC_OK);
	l.has_reached_out_at = false; /* @@check: only leads that left 'pending' have it */
	CHECK_ST(leads_lead_insert(C, &l), SC_OK);
	leads_lead f2;
	CHECK_ST(leads_lead_fake(&f2, 7), SC_OK);
	CHECK(!strcmp(f2.external_lead_id, l.external_lead_id) && f2.score == l.score); /* deterministic */
	leads_lead_free(&f2);
	CHECK_ST(leads_lead_fake(&f2, 8), SC_OK);
	CHECK(strcmp(f2.external_lead_id, l.external_lead_id) != 0); /* unique per seed */
	CHECK(f2.score >= 0 && f2.score <= 100 && f2.phone && strlen(f2.phone) <= 32);
	leads_lead_free(&f2);

	leads_lead a, b;
	CHECK_ST(leads_lead_get(C, &l.id, 0, &a), SC_OK); /* miss: read and put */
	long q0 = atomic_load(&repo_queries);
	CHECK_ST(leads_lead_get(C, &l.id, 0, &b), SC_OK); /* hit */
	CHECK(atomic_load(&repo_queries) == q0);
	CHECK(!strcmp(a.external_lead_id, b.external_lead_id) && a.score == b.score && a.version == b.version);
	CHECK(b.has_assigned_user_id == a.has_assigned_user_id && !strcmp(b.attributes, a.attributes));
	leads_lead_free(&b);
	a.score = (a.score + 1) % 100;
	CHECK_ST(leads_lead_update(C, &a), SC_OK); /* invalidates */
	CHECK_ST(leads_lead_get(C, &l.id, 0, &b), SC_OK);
	CHECK(atomic_load(&repo_queries) > q0 && b.score == a.score);
	leads_lead_free(&b);
	/* plain pointers set by the caller are untouched by _free of a fresh row */
	leads_lead_free(&a);
	leads_lead_free(&l);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1, .cache = true});
	test_round_trip();
	test_update_and_versions();
	test_soft_delete();
	test_upsert_and_batches();
	test_errors();
	test_change_hook();
	test_enums();
	test_cache_and_fake();
	repo_close();
	return repo_done("codegen leads crud");
}
