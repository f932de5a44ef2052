/* Keyset pagination of leads: every row exactly once, in order, for many
 * orderings (duplicate sort keys, NULLs, mixed directions, a filter) and
 * page sizes; rows inserted between pages after the cursor show up, rows
 * before it do not, nothing repeats; foreign or broken cursors are refused;
 * soft-deleted rows never appear. The expected order is computed in C. */
#include "repo_entity.h"

#include "leads.h"

enum { N = 61 };
static leads_lead rows[N];
static char ext[N + 40][24], phone[N][16];

typedef struct ord {
	leads_lead_col col;
	bool desc;
} ord;

/* Compare two rows on one column as both databases do (enums are stored
 * as their names; NULLs last ascending, first descending). */
static int cmp_col(const leads_lead *a, const leads_lead *b, ord o)
{
	int r = 0;
	switch (o.col) {
	case LEADS_LEAD_SCORE: r = (a->score > b->score) - (a->score < b->score); break;
	case LEADS_LEAD_TIER: r = strcmp(leads_tier_to_string(a->tier), leads_tier_to_string(b->tier)); break;
	case LEADS_LEAD_CREATED_AT: r = (a->created_at > b->created_at) - (a->created_at < b->created_at); break;
	case LEADS_LEAD_PHONE:
		if (!a->phone || !b->phone) /* NULL is larger: last asc, first desc */
			r = (a->phone == NULL) - (b->phone == NULL);
		else
			r = strcmp(a->phone, b->phone);
		break;
	default: REQUIRE(0);
	}
	r = r < 0 ? -1 : r > 0;
	return o.desc ? -r : r;
}

static int cmp_keys(const leads_lead *a, const leads_lead *b, const ord *o, int n)
{
	for (int i = 0; i < n; i++) {
		int r = cmp_col(a, b, o[i]);
		if (r)
			return r;
	}
	return 0;
}

static int find(const sc_uuid *id, const leads_lead *set, int n)
{
	for (int i = 0; i < n; i++)
		if (sc_uuid_equal(&set[i].id, id))
			return i;
	return -1;
}

static void insert_lead(leads_lead *l, int i, int score, int64_t created)
{
	sc_uuid id = l->id; /* nil: generated; else kept */
	leads_lead_init(l);
	l->id = id;
	snprintf(ext[i], sizeof ext[i], "keyset-%03d", i);
	l->external_lead_id = ext[i];
	l->first_name = "K";
	l->last_name = "S";
	l->email = "k@example.com";
	l->postcode = "pc";
	l->service_type = LEADS_SERVICE_TYPE_SALE;
	l->score = score;
	l->tier = (leads_tier)(1 + i % 4);
	l->created_at = created;
	CHECK_ST(leads_lead_insert(C, l), SC_OK);
}

static void seed(void)
{
	for (int i = 0; i < N; i++) {
		/* few distinct values per column: long runs of equal sort keys */
		memset(&rows[i], 0, sizeof rows[i]);
		insert_lead(&rows[i], i, 10 * (i % 3), INT64_C(1700000000000000) + (i % 5) * 1000);
		if (i % 4) {
			snprintf(phone[i], sizeof phone[i], "07%d", i % 3);
			rows[i].phone = phone[i];
			leads_lead_col pc = LEADS_LEAD_PHONE;
			CHECK_ST(leads_lead_update_fields(C, &rows[i], &pc, 1), SC_OK);
		}
	}
}

/* Walk every page; check each live row once, in order. */
static void walk(const ord *o, int no, int64_t page_size, bool filtered)
{
	sc_query *q = leads_lead_query_new();
	for (int i = 0; i < no; i++)
		leads_lead_order_by(q, o[i].col, o[i].desc);
	if (filtered)
		leads_lead_where_score_ge(q, 10);
	sc_query_limit(q, page_size);
	int want = 0;
	for (int i = 0; i < N; i++)
		want += !rows[i].has_deleted_at && (!filtered || rows[i].score >= 10);
	int seen[N] = {0}, got = 0, pages = 0;
	leads_lead prev = {0};
	bool have_prev = false;
	for (;;) {
		leads_lead_page p = {0};
		sc_status st = leads_lead_list(C, q, &p);
		CHECK_MSG(st == SC_OK, "list: %s (%s)", sc_status_name(st), sc_conn_error(C)->message);
		if (st != SC_OK)
			break;
		pages++;
		CHECK((int64_t)p.len <= page_size);
		for (size_t r = 0; r < p.len; r++) {
			int i = find(&p.rows[r].id, rows, N);
			CHECK_MSG(i >= 0, "unknown row on page %d", pages);
			if (i < 0)
				continue;
			CHECK_MSG(seen[i] == 0, "row %d seen twice (page size %lld, %d columns)", i,
				  (long long)page_size, no);
			seen[i]++;
			got++;
			CHECK(!rows[i].has_deleted_at && (!filtered || rows[i].score >= 10));
			if (have_prev)
				CHECK_MSG(cmp_keys(&prev, &rows[i], o, no) <= 0, "out of order at row %d (page size %lld)", i,
					  (long long)page_size);
			prev = rows[i];
			have_prev = true;
		}
		if (!p.next_cursor) {
			leads_lead_page_free(&p);
			break;
		}
		CHECK(p.len > 0);
		sc_query_after(q, p.next_cursor);
		leads_lead_page_free(&p);
		if (pages > N + 5)
			break;
	}
	CHECK_MSG(got == want, "visited %d of %d rows (page size %lld, %d columns)", got, want,
		  (long long)page_size, no);
	sc_query_free(q);
}

static void test_orderings(void)
{
	static const ord o1[] = {{LEADS_LEAD_SCORE, false}};
	static const ord o2[] = {{LEADS_LEAD_SCORE, true}};
	static const ord o3[] = {{LEADS_LEAD_TIER, false}, {LEADS_LEAD_CREATED_AT, true}};
	static const ord o4[] = {{LEADS_LEAD_PHONE, false}};
	static const ord o5[] = {{LEADS_LEAD_PHONE, true}, {LEADS_LEAD_SCORE, false}};
	static const ord o6[] = {{LEADS_LEAD_CREATED_AT, false}, {LEADS_LEAD_SCORE, true}, {LEADS_LEAD_PHONE, false}};
	static const struct { const ord *o; int n; } all[] = {{o1, 1}, {o2, 1}, {o3, 2}, {o4, 1}, {o5, 2}, {o6, 3}};
	static const int64_t sizes[] = {1, 2, 7, 60, 61, 100};
	for (size_t a = 0; a < sizeof all / sizeof all[0]; a++)
		for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
			walk(all[a].o, all[a].n, sizes[s], false);
	walk(o3, 2, 4, true);
	walk(o5, 2, 3, true);
	walk(NULL, 0, 5, false); /* primary key only */
}

/* Rows inserted between pages: after the cursor they appear, before it
 * they do not; nothing repeats. Ordering: score ascending. */
static void test_inserts_between_pages(void)
{
	sc_query *q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_SCORE, false);
	sc_query_limit(q, 5);
	leads_lead extra[6];
	memset(extra, 0, sizeof extra);
	int seen[N] = {0}, seen_extra[6] = {0}, got = 0, pages = 0;
	for (;;) {
		leads_lead_page p = {0};
		CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
		pages++;
		for (size_t r = 0; r < p.len; r++) {
			int i = find(&p.rows[r].id, rows, N);
			if (i >= 0) {
				CHECK_MSG(seen[i] == 0, "row %d repeated", i);
				seen[i]++;
				got++;
			} else {
				int e = pages > 2 ? find(&p.rows[r].id, extra, 6) : -1;
				CHECK_MSG(e >= 0, "unknown row");
				if (e >= 0) {
					CHECK_MSG(seen_extra[e] == 0, "new row %d repeated", e);
					seen_extra[e]++;
				}
			}
		}
		if (pages == 2) {
			/* the cursor is inside the run of score 0: rows with larger
			 * scores sort after it; rows of score 0 whose key is smaller
			 * than every existing (UUIDv7) key sort before it */
			int scores[6] = {5, 15, 99, 0, 0, 0};
			for (int e = 0; e < 6; e++) {
				if (e >= 3) {
					memset(&extra[e].id, 0, sizeof extra[e].id);
					extra[e].id.bytes[15] = (uint8_t)e;
				}
				sc_uuid keep = extra[e].id;
				insert_lead(&extra[e], N + e, scores[e], 1);
				if (e >= 3)
					CHECK(sc_uuid_equal(&keep, &extra[e].id));
			}
		}
		if (!p.next_cursor) {
			leads_lead_page_free(&p);
			break;
		}
		sc_query_after(q, p.next_cursor);
		leads_lead_page_free(&p);
		if (pages > N)
			break;
	}
	int live = 0;
	for (int i = 0; i < N; i++)
		live += !rows[i].has_deleted_at;
	CHECK_MSG(got == live, "old rows: %d of %d", got, live);
	for (int e = 0; e < 3; e++)
		CHECK_MSG(seen_extra[e] == 1, "new row %d after the cursor seen %d times", e, seen_extra[e]);
	for (int e = 3; e < 6; e++)
		CHECK(seen_extra[e] == 0);
	sc_query_free(q);
	for (int e = 0; e < 6; e++) /* back to the seeded set */
		CHECK_ST(leads_lead_delete_hard(C, &extra[e].id, extra[e].version), SC_OK);
}

/* A row inserted before the cursor (smaller sort key) is not returned. */
static void test_insert_before_cursor(void)
{
	sc_query *q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_SCORE, true); /* 20s first */
	sc_query_limit(q, 4);
	leads_lead_page p = {0};
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	REQUIRE(p.next_cursor != NULL);
	sc_query_after(q, p.next_cursor);
	leads_lead_page_free(&p);
	leads_lead before = {0}, after = {0};
	insert_lead(&before, N + 10, 100, 1); /* sorts before the cursor (desc) */
	insert_lead(&after, N + 11, 1, 1);    /* sorts after */
	int hits_before = 0, hits_after = 0, pages = 0;
	for (;;) {
		CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
		for (size_t r = 0; r < p.len; r++) {
			hits_before += sc_uuid_equal(&p.rows[r].id, &before.id);
			hits_after += sc_uuid_equal(&p.rows[r].id, &after.id);
		}
		bool more = p.next_cursor != NULL && ++pages < N;
		if (more)
			sc_query_after(q, p.next_cursor);
		leads_lead_page_free(&p);
		if (!more)
			break;
	}
	CHECK(hits_before == 0 && hits_after == 1);
	sc_query_free(q);
	CHECK_ST(leads_lead_delete_hard(C, &before.id, before.version), SC_OK);
	CHECK_ST(leads_lead_delete_hard(C, &after.id, after.version), SC_OK);
}

/* Offset pagination visits every live row once too (no concurrent writes). */
static void test_offset(void)
{
	int seen[N] = {0}, got = 0;
	for (int64_t off = 0; off < N + 7; off += 7) {
		sc_query *q = leads_lead_query_new();
		leads_lead_order_by(q, LEADS_LEAD_TIER, false);
		leads_lead_order_by(q, LEADS_LEAD_SCORE, true);
		sc_query_limit(q, 7);
		sc_query_offset(q, off);
		leads_lead_page p = {0};
		CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
		for (size_t r = 0; r < p.len; r++) {
			int i = find(&p.rows[r].id, rows, N);
			CHECK(i >= 0);
			if (i >= 0) {
				CHECK_MSG(seen[i] == 0, "offset %lld: row %d again", (long long)off, i);
				seen[i]++;
				got++;
			}
		}
		leads_lead_page_free(&p);
		sc_query_free(q);
	}
	int live = 0;
	for (int i = 0; i < N; i++)
		live += !rows[i].has_deleted_at;
	CHECK_MSG(got == live, "offset pages: %d of %d rows", got, live);
}

static void test_bad_cursors(void)
{
	sc_query *q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_SCORE, false);
	sc_query_limit(q, 3);
	leads_lead_page p = {0};
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	REQUIRE(p.next_cursor != NULL);
	char *cursor = strdup(p.next_cursor);
	leads_lead_page_free(&p);
	sc_query_free(q);

	/* another ordering */
	q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_SCORE, true);
	sc_query_limit(q, 3);
	sc_query_after(q, cursor);
	CHECK_ST(leads_lead_list(C, q, &p), SC_INVALID_ARGUMENT);
	sc_query_free(q);
	/* another entity */
	sc_query *uq = leads_user_query_new();
	leads_user_order_by(uq, LEADS_USER_CREATED_AT, false);
	sc_query_limit(uq, 3);
	sc_query_after(uq, cursor);
	leads_user_page up = {0};
	CHECK_ST(leads_user_list(C, uq, &up), SC_INVALID_ARGUMENT);
	sc_query_free(uq);
	/* garbage and a flipped character */
	q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_SCORE, false);
	sc_query_limit(q, 3);
	sc_query_after(q, "not-a-cursor!!");
	CHECK_ST(leads_lead_list(C, q, &p), SC_INVALID_ARGUMENT);
	sc_query_free(q);
	size_t n = strlen(cursor);
	cursor[n / 2] = cursor[n / 2] == 'A' ? 'B' : 'A';
	q = leads_lead_query_new();
	leads_lead_order_by(q, LEADS_LEAD_SCORE, false);
	sc_query_limit(q, 3);
	sc_query_after(q, cursor);
	sc_status st = leads_lead_list(C, q, &p);
	CHECK_MSG(st == SC_INVALID_ARGUMENT || st == SC_OK, "tampered cursor: %s", sc_status_name(st));
	if (st == SC_OK)
		leads_lead_page_free(&p);
	sc_query_free(q);
	free(cursor);
}

/* Cursor text <-> bytes (base64url without padding, as the runtime writes). */
static const char b64u[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static size_t cur_decode(const char *s, unsigned char *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;
	for (; *s; s++) {
		acc = (acc << 6) | (uint32_t)(strchr(b64u, *s) - b64u);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n;
}

static void cur_encode(const unsigned char *p, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		size_t k = i + 2 < n ? 4 : i + 1 < n ? 3 : 2;
		for (size_t j = 0; j < k; j++)
			out[o++] = b64u[(v >> (18 - 6 * j)) & 63];
	}
	out[o] = '\0';
}

/* A cursor well-formed but carrying a value its column cannot hold (made
 * by hand): SC_INVALID_ARGUMENT on both databases, not the server's data
 * error. Layout: version, order signature (4), then per key a not-null
 * flag and the value (8-byte integers, length-prefixed text). */
static void tampered_list(unsigned col, void (*patch)(unsigned char *raw), const char *what)
{
	sc_query *q = leads_lead_query_new();
	leads_lead_order_by(q, col, false);
	sc_query_limit(q, 3);
	leads_lead_page p = {0};
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	REQUIRE(p.next_cursor != NULL);
	unsigned char raw[512];
	char forged[1024];
	REQUIRE(strlen(p.next_cursor) < 600);
	size_t n = cur_decode(p.next_cursor, raw);
	patch(raw);
	cur_encode(raw, n, forged);
	leads_lead_page_free(&p);
	sc_query_after(q, forged);
	sc_status st = leads_lead_list(C, q, &p);
	CHECK_MSG(st == SC_INVALID_ARGUMENT, "%s: %s (%s)", what, sc_status_name(st), sc_conn_error(C)->message);
	if (st == SC_OK)
		leads_lead_page_free(&p);
	sc_query_free(q);
}

static void score_too_big(unsigned char *raw)
{
	raw[6 + 5] = 1; /* score (int) = 2^40 */
}

static void tier_unknown(unsigned char *raw)
{
	/* tier text: flag at 5, length at 6..13, then the label: same length */
	for (size_t i = 0; i < raw[6]; i++)
		raw[14 + i] = 'z';
}

static void tier_bad_utf8(unsigned char *raw)
{
	raw[14] = 0xff;
}

static void test_tampered_cursors(void)
{
	tampered_list(LEADS_LEAD_SCORE, score_too_big, "int out of range");
	tampered_list(LEADS_LEAD_TIER, tier_unknown, "unknown enum label");
	tampered_list(LEADS_LEAD_TIER, tier_bad_utf8, "invalid UTF-8");
}

/* Past SC_QUERY_MAX_PARAMS values a query is refused as too large, with
 * SC_INVALID_ARGUMENT, not SC_NO_MEMORY. */
static void test_query_too_large(void)
{
	sc_query *q = leads_lead_query_new();
	for (int i = 0; i < SC_QUERY_MAX_PARAMS + 10; i++)
		leads_lead_where_score_ne(q, 1000 + i);
	leads_lead_page p = {0};
	CHECK_ST(leads_lead_list(C, q, &p), SC_INVALID_ARGUMENT);
	CHECK(strstr(sc_conn_error(C)->message, "SC_QUERY_MAX_PARAMS") != NULL);
	sc_query_free(q);
	/* at the limit it runs */
	q = leads_lead_query_new();
	for (int i = 0; i < SC_QUERY_MAX_PARAMS - 2; i++)
		leads_lead_where_score_ne(q, 1000 + i);
	CHECK_ST(leads_lead_list(C, q, &p), SC_OK);
	leads_lead_page_free(&p);
	sc_query_free(q);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 2});
	seed();
	test_orderings();
	/* soft-deleted rows drop out of every walk */
	for (int i = 0; i < N; i += 6) {
		CHECK_ST(leads_lead_delete(C, &rows[i].id, rows[i].version), SC_OK);
		rows[i].has_deleted_at = true;
	}
	test_orderings();
	test_inserts_between_pages();
	test_insert_before_cursor();
	test_offset();
	test_bad_cursors();
	test_tampered_cursors();
	test_query_too_large();
	repo_close();
	return repo_done("repo keyset");
}
