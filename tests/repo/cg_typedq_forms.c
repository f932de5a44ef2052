/* Generated code of typed queries (tests/repo/schemas/typedq.schema,
 * docs/queries.md): every parameter kind (each column type, an enum,
 * nullable NULL and not, lists of numbers, strings and enums including the
 * empty list, the same parameter twice), every result form (an entity row:
 * found, not found, too many; an optional row; a page; inline rows single,
 * optional and paged with NULL columns; exec's rows affected), per-dialect
 * bodies, hostile strings as values, and an aggregate over no rows. */
#include "repo.h"

#include "typedq.h"

/* Inserts an item through the typed exec query (a params struct). */
static sc_status add(const char *name, int32_t qty, typedq_tier tier)
{
	typedq_add_item_params p = {.name = name, .qty = qty, .small = 7, .big = INT64_C(9000000000), .ratio = 0.5,
				    .price = "12.30", .flag = true, .tier = tier};
	int64_t n = -1;
	sc_status rc = typedq_add_item(C, &p, &n);
	if (rc == SC_OK && n != 1)
		repo_fail("add %s: %lld rows affected", name, (long long)n);
	return rc;
}

/* Every column type bound and read back, all nullable ones set, then all NULL. */
static void test_every_type(void)
{
	sc_uuid u;
	CHECK(sc_uuid_v7(&u) == SC_OK);
	uint8_t bytes[] = {0, 1, 2, 0xff, 'x'};
	int64_t at = INT64_C(1700000000123456), tm = INT64_C(3723000001);
	int32_t day = 19000;
	typedq_add_item_params p = {.name = "full", .code = "C-1", .qty = -5, .small = -300, .big = INT64_MIN + 1,
				    .ratio = -2.25, .price = "-99999999.99", .flag = false, .tier = TYPEDQ_TIER_COLD,
				    .uid = &u, .blob = {bytes, sizeof bytes}, .at = &at, .day = &day, .tm = &tm,
				    .doc = "{\"k\": [1, 2]}"};
	int64_t n = 0;
	CHECK_ST(typedq_add_item(C, &p, &n), SC_OK);
	CHECK(n == 1);
	typedq_item_cols_row r;
	CHECK_ST(typedq_item_cols(C, "full", &r), SC_OK);
	CHECK(!strcmp(r.name, "full") && r.code && !strcmp(r.code, "C-1"));
	CHECK(r.qty == -5 && r.small == -300 && r.big == INT64_MIN + 1 && r.ratio == -2.25);
	CHECK(r.price && !strcmp(r.price, "-99999999.99"));
	CHECK(!r.flag && r.tier == TYPEDQ_TIER_COLD);
	CHECK(r.has_uid && sc_uuid_equal(&r.uid, &u));
	CHECK(r.blob.data && r.blob.len == sizeof bytes && !memcmp(r.blob.data, bytes, sizeof bytes));
	CHECK(r.has_at && r.at == at && r.has_day && r.day == day && r.has_tm && r.tm == tm);
	typedq_item_cols_row_free(&r);
	CHECK(r._mem == NULL);
	/* the same row as an entity */
	typedq_item e;
	CHECK_ST(typedq_item_by_name(C, "full", &e), SC_OK);
	CHECK(e.qty == -5 && e.doc && strstr(e.doc, "\"k\"") && e.has_uid && sc_uuid_equal(&e.uid, &u));
	typedq_item_free(&e);

	/* every nullable parameter NULL */
	typedq_add_item_params z = {.name = "nulls", .qty = 1, .price = "0.00", .tier = TYPEDQ_TIER_HOT};
	CHECK_ST(typedq_add_item(C, &z, &n), SC_OK);
	CHECK_ST(typedq_item_cols(C, "nulls", &r), SC_OK);
	CHECK(r.code == NULL && !r.has_uid && r.blob.data == NULL && !r.has_at && !r.has_day && !r.has_tm);
	CHECK(r.flag == false && r.tier == TYPEDQ_TIER_HOT);
	typedq_item_cols_row_free(&r);
	CHECK_ST(typedq_item_by_name(C, "nulls", &e), SC_OK);
	CHECK(e.doc == NULL && e.code == NULL);
	typedq_item_free(&e);
}

/* E: found, not found, too many; E?: found, absent, too many. */
static void test_one_and_optional(void)
{
	CHECK_ST(add("one", 10, TYPEDQ_TIER_HOT), SC_OK);
	CHECK_ST(add("dup", 20, TYPEDQ_TIER_WARM), SC_OK);
	CHECK_ST(add("dup", 21, TYPEDQ_TIER_WARM), SC_OK);
	typedq_item e;
	CHECK_ST(typedq_item_by_name(C, "one", &e), SC_OK);
	CHECK(e.qty == 10 && !strcmp(e.name, "one"));
	typedq_item_free(&e);
	CHECK_ST(typedq_item_by_name(C, "none", &e), SC_NOT_FOUND);
	CHECK(e._mem == NULL);
	CHECK_ST(typedq_item_by_name(C, "dup", &e), SC_TOO_MANY_ROWS);
	CHECK(e._mem == NULL && e.name == NULL);
	CHECK(strstr(sc_conn_error(C)->message, "more than one row") != NULL);

	bool found = true;
	CHECK_ST(typedq_item_opt(C, "none", &e, &found), SC_OK);
	CHECK(!found && e._mem == NULL);
	CHECK_ST(typedq_item_opt(C, "one", &e, &found), SC_OK);
	CHECK(found && e.qty == 10);
	typedq_item_free(&e);
	CHECK_ST(typedq_item_opt(C, "dup", &e, &found), SC_TOO_MANY_ROWS);
	CHECK(!found);

	typedq_first_name_over_row o;
	CHECK_ST(typedq_first_name_over(C, 20, &o, &found), SC_OK);
	CHECK(found && !strcmp(o.name, "dup"));
	typedq_first_name_over_row_free(&o);
	CHECK_ST(typedq_first_name_over(C, 1000, &o, &found), SC_OK);
	CHECK(!found && o.name == NULL);
}

/* Lists of numbers, strings and enums, the empty list; exec's rows affected. */
static void test_lists(void)
{
	typedq_item_page all;
	const char *names[] = {"one", "dup", "no such"};
	CHECK_ST(typedq_items_by_names(C, names, 3, &all), SC_OK);
	CHECK(all.len == 3);
	int64_t ids[3];
	for (size_t i = 0; i < all.len && i < 3; i++)
		ids[i] = all.rows[i].id;
	CHECK(all.len == 3 && all.rows[0].id < all.rows[1].id && all.rows[1].id < all.rows[2].id);
	typedq_item_page_free(&all);
	CHECK(all.rows == NULL && all._mem == NULL);

	typedq_item_page pg;
	CHECK_ST(typedq_items_by_ids(C, ids, 2, &pg), SC_OK);
	CHECK(pg.len == 2 && pg.rows[0].id == ids[0] && pg.rows[1].id == ids[1]);
	typedq_item_page_free(&pg);
	CHECK_ST(typedq_items_by_ids(C, NULL, 0, &pg), SC_OK);
	CHECK(pg.len == 0);
	typedq_item_page_free(&pg);
	CHECK_ST(typedq_items_by_ids(C, NULL, 1, &pg), SC_INVALID_ARGUMENT);

	typedq_tier tiers[] = {TYPEDQ_TIER_WARM};
	CHECK_ST(typedq_items_by_tiers(C, tiers, 1, &pg), SC_OK);
	CHECK(pg.len == 2 && pg.rows[0].tier == TYPEDQ_TIER_WARM);
	typedq_item_page_free(&pg);
	const char *nul[] = {"one", NULL};
	CHECK_ST(typedq_items_by_names(C, nul, 2, &pg), SC_INVALID_ARGUMENT);
	/* a value outside the enum is refused, not bound as NULL */
	typedq_tier bad[] = {(typedq_tier)99};
	CHECK_ST(typedq_items_by_tiers(C, bad, 1, &pg), SC_INVALID_ARGUMENT);
	int64_t none = -1;
	CHECK_ST(typedq_drop_tier(C, (typedq_tier)99, &none), SC_INVALID_ARGUMENT);
	CHECK(none == 0);
	CHECK(strstr(sc_conn_error(C)->message, "tier") != NULL);

	int64_t n = -1;
	CHECK_ST(typedq_bump(C, ids, 3, 100, &n), SC_OK);
	CHECK(n == 3);
	CHECK_ST(typedq_bump(C, ids, 0, 100, &n), SC_OK);
	CHECK(n == 0);
	typedq_item e;
	CHECK_ST(typedq_item_by_name(C, "one", &e), SC_OK);
	CHECK(e.qty == 110);
	typedq_item_free(&e);
}

/* A nullable parameter NULL and not; an inline page; the same parameter twice;
 * per-dialect bodies; an aggregate over no rows. */
static void test_inline_rows(void)
{
	typedq_names_by_qty_page p;
	int32_t hi = 120;
	CHECK_ST(typedq_names_by_qty(C, 110, &hi, &p), SC_OK);
	CHECK(p.len == 2 && !strcmp(p.rows[0].name, "dup") && !strcmp(p.rows[1].name, "one"));
	typedq_names_by_qty_page_free(&p);
	CHECK_ST(typedq_names_by_qty(C, 110, NULL, &p), SC_OK);
	CHECK(p.len == 3);
	typedq_names_by_qty_page_free(&p);

	typedq_twice_row t;
	CHECK_ST(typedq_twice(C, 21, &t), SC_OK);
	CHECK(t.a == 21 && t.b == 42);
	typedq_twice_row_free(&t); /* every row filled owns a _mem, strings or not */

	typedq_dialect_name_row d;
	CHECK_ST(typedq_dialect_name(C, &d), SC_OK);
	CHECK(!strcmp(d.d, env.pg ? "postgres" : "sqlite"));
	typedq_dialect_name_row_free(&d);

	typedq_qty_stats_row s;
	CHECK_ST(typedq_qty_stats(C, TYPEDQ_TIER_WARM, &s), SC_OK);
	CHECK(s.has_total && s.total == 241 && s.n == 2);
	typedq_qty_stats_row_free(&s);
	int64_t n = -1;
	CHECK_ST(typedq_drop_tier(C, TYPEDQ_TIER_WARM, &n), SC_OK);
	CHECK(n == 2);
	CHECK_ST(typedq_qty_stats(C, TYPEDQ_TIER_WARM, &s), SC_OK);
	CHECK(!s.has_total && s.n == 0);
	typedq_qty_stats_row_free(&s);
}

/* Strings that look like SQL, placeholders or quoting are values. */
static void test_hostile_strings(void)
{
	static const char *const hostile[] = {
	    "it's", "\"quoted\"", "'); DROP TABLE items; --", ":name", "$1", "?1", "back\\slash",
	    "tab\tnew\nline", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "/* not a comment */", "%s%n", "}{",
	};
	size_t n = sizeof hostile / sizeof hostile[0];
	for (size_t i = 0; i < n; i++)
		CHECK_ST(add(hostile[i], (int32_t)i, TYPEDQ_TIER_COLD), SC_OK);
	for (size_t i = 0; i < n; i++) {
		typedq_item e;
		CHECK_ST(typedq_item_by_name(C, hostile[i], &e), SC_OK);
		CHECK(e.name && !strcmp(e.name, hostile[i]) && e.qty == (int32_t)i);
		typedq_item_free(&e);
	}
	typedq_item_page pg;
	CHECK_ST(typedq_items_by_names(C, (const char *const *)hostile, n, &pg), SC_OK);
	CHECK(pg.len == n);
	for (size_t i = 0; i < pg.len && i < n; i++)
		CHECK(!strcmp(pg.rows[i].name, hostile[i]));
	typedq_item_page_free(&pg);
}

/* One call, one statement through the query hook; on PostgreSQL the text
 * is prepared once per connection (the statement cache), however often the
 * query runs. */
static void test_hook_and_cache(void)
{
	long before = atomic_load(&repo_queries);
	typedq_twice_row t;
	for (int i = 0; i < 3; i++) {
		CHECK_ST(typedq_twice(C, i, &t), SC_OK);
		typedq_twice_row_free(&t);
	}
	CHECK(atomic_load(&repo_queries) == before + 3);
	if (!env.pg)
		return;
	sc_stmt *st = NULL;
	int64_t n = -1;
	CHECK_ST(sc_stmt_prepare(&st, C,
				 "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%$1 * 2 AS b%' "
				 "AND statement NOT LIKE '%pg_prepared_statements%'"),
		 SC_OK);
	CHECK_ST(sc_stmt_step(st), SC_ROW);
	CHECK_ST(sc_stmt_column_int64(st, 0, &n), SC_OK);
	sc_stmt_finalize(st);
	/* PgBouncer mode prepares nothing (any server connection: none) */
	CHECK_MSG(n == (env.bouncer ? 0 : 1), "typed query prepared %lld times", (long long)n);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	test_every_type();
	test_one_and_optional();
	test_lists();
	test_inline_rows();
	test_hostile_strings();
	test_hook_and_cache();
	repo_close();
	return repo_done("codegen typed queries");
}
