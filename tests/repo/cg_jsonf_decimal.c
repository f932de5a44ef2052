/* Decimal order of tests/repo/schemas/jsonf.schema (docs/generated-api.md,
 * "Decimal order"): decimals are TEXT on SQLite, yet ordering, keyset pages
 * and the range filters lt/le/gt/ge follow the numbers there as on
 * PostgreSQL. Generated decimals (negative, up to 25 integer and 15
 * fraction digits, trailing zeros, "-0", one number spelled several ways)
 * are checked against an order computed here from their digits, and on
 * PostgreSQL against a SQLite twin holding the same rows. */
#include "jsonf_twin.h"

#include "jsonf.h"

#define ROWS 240
#define INT_DIGITS 25  /* decimal(40, 15) */
#define FRAC_DIGITS 15
#define KEY_LEN (1 + INT_DIGITS + FRAC_DIGITS)

typedef struct row {
	int64_t id;
	char amount[64];
	char price[32]; /* "" = NULL */
	char key[KEY_LEN + 1], pkey[KEY_LEN + 1];
} row;

static row rows[ROWS];

/* The number as a fixed-width text whose byte order is the numeric order:
 * a sign digit (1 for >= 0), then the digits padded to 25 + 15, and for
 * negative numbers every digit replaced by 9 minus it. Independent of the
 * runtime's comparison. */
static void order_key(const char *s, char *key)
{
	bool neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	const char *dot = strchr(s, '.');
	size_t ni = dot ? (size_t)(dot - s) : strlen(s);
	char digits[KEY_LEN];
	memset(digits, '0', sizeof digits);
	for (size_t i = 0; i < ni; i++)
		digits[1 + INT_DIGITS - ni + i] = s[i];
	for (size_t i = 0; dot && dot[1 + i] && i < FRAC_DIGITS; i++)
		digits[1 + INT_DIGITS + i] = dot[1 + i];
	bool zero = true;
	for (size_t i = 1; i < KEY_LEN; i++)
		zero &= digits[i] == '0';
	neg &= !zero;
	digits[0] = neg ? '0' : '1';
	for (size_t i = 1; neg && i < KEY_LEN; i++)
		digits[i] = (char)('9' - (digits[i] - '0'));
	memcpy(key, digits, KEY_LEN);
	key[KEY_LEN] = '\0';
}

static void random_decimal(char *out, size_t cap, int max_int, int max_frac)
{
	size_t n = 0;
	if (rnd(2))
		out[n++] = '-';
	int ni = (int)rnd((uint64_t)max_int + 1), nf = (int)rnd((uint64_t)max_frac + 1);
	if (rnd(4) == 0)
		ni = 0;
	if (ni == 0)
		out[n++] = '0';
	for (int i = 0; i < ni; i++)
		out[n++] = (char)('0' + (i == 0 ? 1 + rnd(9) : rnd(10)));
	if (nf) {
		out[n++] = '.';
		for (int i = 0; i < nf; i++)
			out[n++] = (char)('0' + (rnd(3) == 0 ? 0 : rnd(10))); /* trailing zeros now and then */
	}
	out[n] = '\0';
	(void)cap;
}

static void make_rows(void)
{
	static const char *const fixed[] = {"-0", "0", "-0.000", "1.5", "1.50", "1.500000000000000", "-1.5",
					    "10", "9.999999999999999", "-10", "2", "0.000000000000001",
					    "-0.000000000000001", "9999999999999999999999999.999999999999999",
					    "-9999999999999999999999999.999999999999999", "100.000"};
	size_t nfixed = sizeof fixed / sizeof fixed[0];
	for (int i = 0; i < ROWS; i++) {
		row *r = &rows[i];
		r->id = i + 1;
		if ((size_t)i < nfixed)
			snprintf(r->amount, sizeof r->amount, "%s", fixed[i]);
		else if (rnd(5) == 0) /* the same number as an earlier row: ties */
			snprintf(r->amount, sizeof r->amount, "%s", rows[rnd((uint64_t)i)].amount);
		else
			random_decimal(r->amount, sizeof r->amount, INT_DIGITS, FRAC_DIGITS);
		if (rnd(6))
			random_decimal(r->price, sizeof r->price, 10, 2);
		else
			r->price[0] = '\0';
		order_key(r->amount, r->key);
		order_key(r->price[0] ? r->price : "0", r->pkey);
	}
}

static void insert_rows(sc_conn *c)
{
	for (int i = 0; i < ROWS; i++) {
		jsonf_doc d;
		jsonf_doc_init(&d);
		d.id = rows[i].id;
		d.amount = rows[i].amount;
		d.price = rows[i].price[0] ? rows[i].price : NULL;
		d.label = "dec";
		sc_status st = jsonf_doc_insert(c, &d);
		if (st != SC_OK)
			repo_fail("insert %s: %s", rows[i].amount, sc_conn_error(c)->message);
	}
}

/* Expected order: by the amount (or price, NULLs last ascending and first
 * descending), ties by id ascending. */
static bool by_price, sort_desc;

static int row_cmp(const void *x, const void *y)
{
	const row *a = x, *b = y;
	if (by_price && !a->price[0] != !b->price[0]) /* NULLs: last ascending, first descending */
		return (!a->price[0] ? 1 : -1) * (sort_desc ? -1 : 1);
	int c = strcmp(by_price ? a->pkey : a->key, by_price ? b->pkey : b->key);
	if (c && !(by_price && !a->price[0]))
		return sort_desc ? -c : c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void expected_ids(int64_t *out)
{
	static row sorted[ROWS];
	memcpy(sorted, rows, sizeof rows);
	qsort(sorted, ROWS, sizeof sorted[0], row_cmp);
	for (int i = 0; i < ROWS; i++)
		out[i] = sorted[i].id;
}

/* Every row in order, in pages of `limit` (0: one page) resumed by cursor. */
static size_t listed_ids(sc_conn *c, jsonf_doc_col col, bool desc, int64_t limit, int64_t *out)
{
	size_t n = 0;
	char *cursor = NULL;
	for (int pages = 0; pages <= ROWS; pages++) {
		sc_query *q = jsonf_doc_query_new();
		jsonf_doc_order_by(q, col, desc);
		sc_query_limit(q, limit);
		sc_query_after(q, cursor);
		free(cursor);
		cursor = NULL;
		jsonf_doc_page p;
		sc_status st = jsonf_doc_list(c, q, &p);
		sc_query_free(q);
		if (st != SC_OK) {
			repo_fail("list: %s", sc_conn_error(c)->message);
			return n;
		}
		for (size_t i = 0; i < p.len && n < ROWS; i++)
			out[n++] = p.rows[i].id;
		cursor = p.next_cursor ? strdup(p.next_cursor) : NULL;
		jsonf_doc_page_free(&p);
		if (!cursor)
			break;
	}
	free(cursor);
	return n;
}

static void check_order(sc_conn *c, const char *db)
{
	int64_t want[ROWS], got[ROWS];
	for (int k = 0; k < 4; k++) {
		by_price = k >= 2;
		sort_desc = k % 2;
		expected_ids(want);
		for (int paged = 0; paged < 2; paged++) {
			size_t n = listed_ids(c, by_price ? JSONF_DOC_PRICE : JSONF_DOC_AMOUNT, sort_desc, paged ? 7 : 0, got);
			size_t bad = n;
			for (size_t i = 0; i < n && bad == n; i++)
				if (got[i] != want[i])
					bad = i;
			CHECK_MSG(n == ROWS && bad == n, "%s: order by %s %s%s: %zu rows, first difference at %zu (id %lld, want %lld)",
				  db, by_price ? "price" : "amount", sort_desc ? "desc" : "asc", paged ? " in pages of 7" : "",
				  n, bad, bad < n ? (long long)got[bad] : -1LL, bad < n ? (long long)want[bad] : -1LL);
		}
	}
}

typedef void (*where_fn)(sc_query *, const char *);

static void check_ranges(sc_conn *c, const char *db)
{
	static const struct {
		const char *name;
		where_fn fn;
		int lo, hi; /* the key comparison results that match: c in [lo, hi] */
	} ops[] = {{"lt", jsonf_doc_where_amount_lt, -1, -1}, {"le", jsonf_doc_where_amount_le, -1, 0},
		   {"gt", jsonf_doc_where_amount_gt, 1, 1},   {"ge", jsonf_doc_where_amount_ge, 0, 1}};
	static const char *const odd[] = {"-0", "+1.5", ".5", "-.5", "1.50000", "0001.5", "-0.0",
					  "99999999999999999999999999999", "-1.5000000000000000000"};
	for (int t = 0; t < 60; t++) {
		char thr[64];
		size_t nodd = sizeof odd / sizeof odd[0];
		if (t < (int)nodd)
			snprintf(thr, sizeof thr, "%s", odd[t]);
		else if (t % 2)
			snprintf(thr, sizeof thr, "%s", rows[rnd(ROWS)].amount);
		else
			random_decimal(thr, sizeof thr, INT_DIGITS, FRAC_DIGITS);
		char tkey[KEY_LEN + 1];
		if (strcspn(thr, ".") > INT_DIGITS && thr[0] == '9') { /* beyond the column: above every row */
			memset(tkey, '9', KEY_LEN);
			tkey[0] = '2';
			tkey[KEY_LEN] = '\0';
		} else {
			order_key(thr, tkey); /* extra fraction digits of odd[] are zeros */
		}
		for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++) {
			int64_t want = 0, n = -1;
			for (int i = 0; i < ROWS; i++) {
				int cmp = strcmp(rows[i].key, tkey);
				cmp = cmp < 0 ? -1 : cmp > 0;
				want += cmp >= ops[o].lo && cmp <= ops[o].hi;
			}
			sc_query *q = jsonf_doc_query_new();
			ops[o].fn(q, thr);
			sc_status st = jsonf_doc_count(c, q, &n);
			sc_query_free(q);
			CHECK_MSG(st == SC_OK && n == want, "%s: amount %s %s: %s, %lld rows, want %lld", db, ops[o].name, thr,
				  sc_status_name(st), (long long)n, (long long)want);
		}
	}
	/* a range on a nullable column, ordered: NULLs are outside any range */
	sc_query *q = jsonf_doc_query_new();
	jsonf_doc_where_price_ge(q, "-100");
	jsonf_doc_where_price_lt(q, "100.5");
	int64_t n = -1, want = 0;
	char lo[KEY_LEN + 1], hi[KEY_LEN + 1];
	order_key("-100", lo);
	order_key("100.5", hi);
	for (int i = 0; i < ROWS; i++)
		want += rows[i].price[0] && strcmp(rows[i].pkey, lo) >= 0 && strcmp(rows[i].pkey, hi) < 0;
	CHECK_ST(jsonf_doc_count(c, q, &n), SC_OK);
	CHECK_MSG(n == want, "%s: price in [-100, 100.5): %lld rows, want %lld", db, (long long)n, (long long)want);
	sc_query_free(q);
	/* text that is no number is refused on both databases */
	q = jsonf_doc_query_new();
	jsonf_doc_where_amount_lt(q, "1e3");
	CHECK_MSG(jsonf_doc_count(c, q, &n) == SC_INVALID_ARGUMENT, "%s: amount lt 1e3 not refused", db);
	sc_query_free(q);
	q = jsonf_doc_query_new();
	jsonf_doc_where_amount_eq(q, "abc");
	CHECK_MSG(jsonf_doc_count(c, q, &n) == SC_INVALID_ARGUMENT, "%s: amount eq abc not refused", db);
	sc_query_free(q);
}

/* Spellings raw SQL may store on SQLite ("1.5" and "01.50" in a
 * decimal(40, 15)): equal to 1.5 in ranges, and keyset pages of one row
 * still give every one of them (the cursor's equality is numeric too). */
static void raw_spellings(sc_conn *c, const char *db)
{
	CHECK_MSG(sc_conn_exec(c, "INSERT INTO docs (id, amount, label) VALUES (10001, '1.5', 'raw'), "
				  "(10002, '01.50', 'raw'), (10003, '1.5000', 'raw')") == SC_OK,
		  "%s: raw insert: %s", db, sc_conn_error(c)->message);
	char key15[KEY_LEN + 1];
	order_key("1.5", key15);
	int64_t want = 3, n = -1, paged = 0;
	for (int i = 0; i < ROWS; i++)
		want += !strcmp(rows[i].key, key15);
	sc_query *q = jsonf_doc_query_new();
	jsonf_doc_where_amount_ge(q, "1.5");
	jsonf_doc_where_amount_le(q, "1.5");
	CHECK_MSG(jsonf_doc_count(c, q, &n) == SC_OK && n == want, "%s: amount = 1.5 by range: %lld rows, want %lld", db,
		  (long long)n, (long long)want);
	jsonf_doc_order_by(q, JSONF_DOC_AMOUNT, false);
	sc_query_limit(q, 1);
	for (int pages = 0; pages <= want; pages++) {
		jsonf_doc_page p;
		if (jsonf_doc_list(c, q, &p) != SC_OK) {
			repo_fail("%s: list: %s", db, sc_conn_error(c)->message);
			break;
		}
		paged += (int64_t)p.len;
		sc_query_after(q, p.next_cursor);
		bool more = p.next_cursor != NULL;
		jsonf_doc_page_free(&p);
		if (!more)
			break;
	}
	CHECK_MSG(paged == want, "%s: pages of one row over amount = 1.5: %lld rows, want %lld", db, (long long)paged,
		  (long long)want);
	sc_query_free(q);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	twin_open();
	rnd_seed(7);
	make_rows();
	insert_rows(C);
	uint64_t thresholds = rnd_state; /* the same thresholds on the twin */
	check_order(C, env.dialect);
	check_ranges(C, env.dialect);
	if (twin) {
		insert_rows(twin);
		check_order(twin, "sqlite twin");
		rnd_state = thresholds;
		check_ranges(twin, "sqlite twin");
		raw_spellings(twin, "sqlite twin");
	}
	raw_spellings(C, env.dialect);
	twin_close();
	repo_close();
	return repo_done("codegen jsonf decimal");
}
