/* Generated JSON filters of tests/repo/schemas/jsonf.schema
 * (docs/generated-api.md, "JSON filters"): `json_contains` (jsonb @>) and
 * `path_eq` (jsonb #> path = value) on both databases.
 *   - hand cases with the answers jsonb gives (nested objects, arrays, the
 *     top-level array-contains-a-scalar rule, numbers by value: 1 = 1.0 =
 *     1e0, -0 = 0, escapes, a duplicated key (the last one counts), array
 *     indexes read as PostgreSQL reads them: "-1", " 2", "+2"), NULL under
 *     NOT, invalid values refused, the filters in update_where;
 *   - on PostgreSQL, a SQLite twin with the same rows: random documents and
 *     probes, the same matching rows on both databases, with and without
 *     NOT. */
#include "jsonf_twin.h"

#include "jsonf.h"

static void add_doc(sc_conn *c, int64_t id, const char *body)
{
	jsonf_doc d;
	jsonf_doc_init(&d);
	d.id = id;
	d.body = (char *)body;
	d.amount = "0";
	d.label = "doc";
	sc_status st = jsonf_doc_insert(c, &d);
	if (st != SC_OK)
		repo_fail("insert %s: %s", body ? body : "NULL", sc_conn_error(c)->message);
}

/* Ids matching q (in id order) as "1,2,3"; "!" + status name on failure. */
static void ids(sc_conn *c, const sc_query *q, char *out, size_t cap)
{
	jsonf_doc_page p;
	sc_status st = jsonf_doc_list(c, q, &p);
	if (st != SC_OK) {
		snprintf(out, cap, "!%s", sc_status_name(st));
		return;
	}
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < p.len; i++)
		n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%lld", i ? "," : "", (long long)p.rows[i].id);
	jsonf_doc_page_free(&p);
}

/* A query with one JSON condition, under NOT when `negate`. */
static sc_query *contains_q(const char *probe, bool negate)
{
	sc_query *q = jsonf_doc_query_new();
	if (negate)
		sc_query_not_begin(q);
	jsonf_doc_where_body_json_contains(q, probe);
	if (negate)
		sc_query_group_end(q);
	return q;
}

static sc_query *path_q(const char *const *path, size_t n, const char *value, bool negate)
{
	sc_query *q = jsonf_doc_query_new();
	if (negate)
		sc_query_not_begin(q);
	jsonf_doc_where_body_path_eq(q, path, n, value);
	if (negate)
		sc_query_group_end(q);
	return q;
}

static void expect(sc_query *q, const char *what, const char *want)
{
	char got[4096];
	ids(C, q, got, sizeof got);
	CHECK_MSG(!strcmp(got, want), "%s: rows %s, want %s", what, got, want);
	sc_query_free(q);
}

static const char *const hand_docs[] = {
	/* 1 */ "{\"a\": 1, \"b\": [1, 2, {\"c\": \"x\"}], \"d\": {\"e\": null, \"f\": true}}",
	/* 2 */ "[1, \"foo\", [2, 3], {\"k\": 1.0}]",
	/* 3 */ "\"foo\"",
	/* 4 */ "1.0",
	/* 5 */ "{\"a\": 1.50, \"a\": 2}",
	/* 6 */ "{\"n\": -0, \"big\": 12345678901234567890.5, \"s\": \"\\u00e9A\"}",
	/* 7 */ "[]",
	/* 8 */ "{}",
	/* 9 */ NULL,
	/* 10 */ "{\"a\": {\"b\": {\"c\": [10, 20, 30]}}}",
	/* 11 */ "[[1, 2], [3]]",
	/* 12 */ "{\"t\": \"1\"}",
	/* 13 */ "{\"0\": \"zero\"}",
};

static const struct {
	const char *probe, *want, *want_not;
} contains_cases[] = {
	{"{\"a\": 1}", "1", "2,3,4,5,6,7,8,10,11,12,13"},
	{"{\"a\": 1.0}", "1", NULL},
	{"{\"a\": 1e0}", "1", NULL},
	{"{\"a\": 2}", "5", NULL},
	{"{\"a\": 1.5}", "", NULL}, /* doc 5's a is its last value, 2 */
	{"{\"b\": [2]}", "1", NULL},
	{"{\"b\": [{\"c\": \"x\"}]}", "1", NULL},
	{"{\"b\": {\"c\": \"x\"}}", "", NULL},
	{"{\"b\": [2, 1, 2]}", "1", NULL},
	{"{\"d\": {}}", "1", NULL},
	{"{\"d\": {\"e\": null}}", "1", NULL},
	{"{\"d\": {\"e\": false}}", "", NULL},
	{"{}", "1,5,6,8,10,12,13", "2,3,4,7,11"},
	{"[]", "2,7,11", NULL},
	{"\"foo\"", "2,3", NULL},
	{"[\"foo\"]", "2", NULL},
	{"1", "2,4", NULL},
	{"[1]", "2", NULL},
	{"[[1]]", "11", NULL},
	{"[{\"k\": 1}]", "2", NULL},
	{"[[3], [1, 2]]", "11", NULL},
	{"{\"a\": {\"b\": {\"c\": [30]}}}", "10", NULL},
	{"{\"a\": {\"b\": {\"c\": 30}}}", "", NULL},
	{"{\"n\": 0}", "6", NULL},
	{"{\"big\": 12345678901234567890.50}", "6", NULL},
	{"{\"big\": 12345678901234567890}", "", NULL},
	{"{\"s\": \"\\u00e9\\u0041\"}", "6", NULL},
	{"{\"t\": 1}", "", NULL},
	{"  {\"0\" : \"zero\"}  ", "13", NULL},
};

#define P(...) ((const char *const[]){__VA_ARGS__}), sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *)
static const struct {
	const char *const *path;
	size_t n;
	const char *value, *want, *want_not;
} path_cases[] = {
	{NULL, 0, "\"foo\"", "3", NULL},
	{NULL, 0, "1", "4", NULL},
	{P("a"), "1", "1", "5,10"},
	{P("a"), "1.00", "1", NULL},
	{P("a"), "2", "5", NULL},
	{P("b", "2", "c"), "\"x\"", "1", NULL},
	{P("b", "-1", "c"), "\"x\"", "1", NULL},
	{P("b", " 2", "c"), "\"x\"", "1", NULL},
	{P("b", "+2", "c"), "\"x\"", "1", NULL},
	{P("b", "2 ", "c"), "\"x\"", "", NULL},
	{P("b", "02", "c"), "\"x\"", "1", NULL},
	{P("b", "3"), "null", "", NULL},
	{P("b", "-4"), "1", "", NULL},
	{P("0"), "1", "2", "11,13"},
	{P("-4"), "1", "2", NULL},
	{P("-5"), "1", "", NULL},
	{P("3", "k"), "1", "2", NULL},
	{P("a", "b", "c"), "[10, 20, 30]", "10", NULL},
	{P("a", "b", "c"), "[10.0, 20, 3e1]", "10", NULL},
	{P("a", "b", "c"), "[10, 30, 20]", "", NULL},
	{P("a", "b"), "{\"c\": [10, 20, 30]}", "10", NULL},
	{P("x"), "null", "", ""},
	{P("d", "e"), "null", "1", NULL},
	{P("d"), "{\"f\": true, \"e\": null}", "1", NULL},
	{P("0"), "\"zero\"", "13", NULL},
	{P("s"), "\"\\u00e9A\"", "6", NULL},
	{P("n"), "0", "6", NULL},
	{P("a", "x"), "1", "", NULL}, /* below a scalar: nothing */
};

static void hand_cases(void)
{
	for (size_t i = 0; i < sizeof hand_docs / sizeof hand_docs[0]; i++)
		add_doc(C, (int64_t)i + 1, hand_docs[i]);
	char what[256];
	for (size_t i = 0; i < sizeof contains_cases / sizeof contains_cases[0]; i++) {
		snprintf(what, sizeof what, "json_contains %s", contains_cases[i].probe);
		expect(contains_q(contains_cases[i].probe, false), what, contains_cases[i].want);
		if (contains_cases[i].want_not) {
			snprintf(what, sizeof what, "NOT json_contains %s", contains_cases[i].probe);
			expect(contains_q(contains_cases[i].probe, true), what, contains_cases[i].want_not);
		}
	}
	for (size_t i = 0; i < sizeof path_cases / sizeof path_cases[0]; i++) {
		int n = snprintf(what, sizeof what, "path_eq [");
		for (size_t k = 0; k < path_cases[i].n; k++)
			n += snprintf(what + n, sizeof what - (size_t)n, "%s'%s'", k ? "," : "", path_cases[i].path[k]);
		snprintf(what + n, sizeof what - (size_t)n, "] = %s", path_cases[i].value);
		expect(path_q(path_cases[i].path, path_cases[i].n, path_cases[i].value, false), what, path_cases[i].want);
		if (path_cases[i].want_not) {
			char nwhat[300];
			snprintf(nwhat, sizeof nwhat, "NOT %s", what);
			expect(path_q(path_cases[i].path, path_cases[i].n, path_cases[i].value, true), nwhat,
			       path_cases[i].want_not);
		}
	}
	/* two conditions: ANDed */
	sc_query *q = contains_q("{\"b\": [1]}", false);
	jsonf_doc_where_body_path_eq(q, P("d", "f"), "true");
	expect(q, "contains and path_eq", "1");

	/* refused before the database: not JSON, NULL steps */
	char got[64];
	q = contains_q("{\"a\": ", false);
	ids(C, q, got, sizeof got);
	CHECK_MSG(!strcmp(got, "!SC_INVALID_ARGUMENT"), "invalid probe: %s", got);
	sc_query_free(q);
	q = path_q(P("a", NULL), "1", false);
	ids(C, q, got, sizeof got);
	CHECK_MSG(!strcmp(got, "!SC_INVALID_ARGUMENT"), "NULL step: %s", got);
	sc_query_free(q);
	q = path_q(P("a"), "nope", false);
	ids(C, q, got, sizeof got);
	CHECK_MSG(!strcmp(got, "!SC_INVALID_ARGUMENT"), "invalid value: %s", got);
	sc_query_free(q);

	/* the same filters select the rows of a bulk write */
	jsonf_doc set;
	jsonf_doc_init(&set);
	set.label = "hit";
	const jsonf_doc_col cols[] = {JSONF_DOC_LABEL};
	int64_t changed = -1;
	q = contains_q("[1]", false);
	CHECK_ST(jsonf_doc_update_where(C, q, &set, cols, 1, &changed), SC_OK);
	CHECK_MSG(changed == 1, "update_where json_contains [1]: %lld rows", (long long)changed);
	sc_query_free(q);
	q = path_q(P("a"), "2", false);
	CHECK_ST(jsonf_doc_delete_where(C, q, &changed), SC_OK);
	CHECK_MSG(changed == 1, "delete_where path a = 2: %lld rows", (long long)changed);
	sc_query_free(q);
	q = jsonf_doc_query_new();
	sc_query_all(q);
	CHECK_ST(jsonf_doc_delete_where(C, q, &changed), SC_OK);
	sc_query_free(q);
}

/* ---- random documents and probes, PostgreSQL against its SQLite twin ---- */

static const char *const keys[] = {"a", "b", "c", "0", "1"};
/* equal numbers in several spellings, and ones a double would confuse */
static const char *const numbers[] = {"0",   "-0",  "1",   "1.0", "1e0",  "10e-1", "2",
				      "2.50", "2.5", "-1", "100", "1E2", "0.1e-0", "1.0000000000000000001",
				      "12345678901234567890", "12345678901234567890.0", "12345678901234567891"};
static const char *const strings[] = {"\"x\"", "\"y\"", "\"\"", "\"1\"", "\"\\u0078\""};

typedef struct sbuf {
	char s[4096];
	size_t n;
} sbuf;

static void put(sbuf *b, const char *s)
{
	size_t k = strlen(s);
	if (b->n + k < sizeof b->s) {
		memcpy(b->s + b->n, s, k + 1);
		b->n += k;
	}
}

static void gen(sbuf *b, int depth, int width)
{
	uint64_t kind = rnd(depth > 0 ? 8 : 5);
	switch (kind) {
	case 0: put(b, numbers[rnd(sizeof numbers / sizeof numbers[0])]); break;
	case 1: put(b, strings[rnd(sizeof strings / sizeof strings[0])]); break;
	case 2: put(b, rnd(2) ? "true" : "false"); break;
	case 3: put(b, "null"); break;
	case 4: put(b, numbers[rnd(4)]); break;
	case 5:
	case 6: { /* object, keys may repeat */
		uint64_t n = rnd((uint64_t)width + 1);
		put(b, "{");
		for (uint64_t i = 0; i < n; i++) {
			put(b, i ? ", \"" : "\"");
			put(b, keys[rnd(sizeof keys / sizeof keys[0])]);
			put(b, "\": ");
			gen(b, depth - 1, width);
		}
		put(b, "}");
		break;
	}
	default: {
		uint64_t n = rnd((uint64_t)width + 1);
		put(b, "[");
		for (uint64_t i = 0; i < n; i++) {
			if (i)
				put(b, ", ");
			gen(b, depth - 1, width);
		}
		put(b, "]");
	}
	}
}

#define RANDOM_DOCS 300
#define RANDOM_PROBES 400

static void compare(sc_query *q, const char *what, long *hits, long *misses)
{
	static char a[RANDOM_DOCS * 8 + 64], b[RANDOM_DOCS * 8 + 64];
	ids(C, q, a, sizeof a);
	ids(twin, q, b, sizeof b);
	CHECK_MSG(!strcmp(a, b), "%s: PostgreSQL rows %s, SQLite rows %s", what, a, b);
	*hits += a[0] && a[0] != '!';
	*misses += !a[0];
	sc_query_free(q);
}

static void random_parity(void)
{
	static char docs[RANDOM_DOCS][4096];
	for (int i = 0; i < RANDOM_DOCS; i++) {
		sbuf b = {{0}, 0};
		gen(&b, 1 + (int)rnd(3), 3);
		snprintf(docs[i], sizeof docs[i], "%s", b.s);
		const char *body = rnd(20) ? docs[i] : NULL;
		add_doc(C, 1000 + i, body);
		add_doc(twin, 1000 + i, body);
	}
	long hits = 0, misses = 0;
	char what[8192];
	for (int i = 0; i < RANDOM_PROBES; i++) {
		sbuf p = {{0}, 0};
		if (rnd(4) == 0)
			put(&p, docs[rnd(RANDOM_DOCS)]); /* a document contains itself */
		else
			gen(&p, (int)rnd(3), 2);
		bool negate = rnd(4) == 0;
		snprintf(what, sizeof what, "%sjson_contains %s", negate ? "NOT " : "", p.s);
		compare(contains_q(p.s, negate), what, &hits, &misses);

		const char *path[3];
		size_t n = (size_t)rnd(4);
		static const char *const steps[] = {"a", "b", "c", "0", "1", "-1", "2", " 1", "+0", "x"};
		for (size_t k = 0; k < n; k++)
			path[k] = steps[rnd(sizeof steps / sizeof steps[0])];
		sbuf v = {{0}, 0};
		gen(&v, (int)rnd(2), 2);
		negate = rnd(4) == 0;
		snprintf(what, sizeof what, "%spath_eq (%zu steps: %s %s %s) = %s", negate ? "NOT " : "", n,
			 n > 0 ? path[0] : "", n > 1 ? path[1] : "", n > 2 ? path[2] : "", v.s);
		compare(path_q(path, n, v.s, negate), what, &hits, &misses);
	}
	printf("random parity: %d documents, %d probes of each kind, %ld with rows, %ld without\n", RANDOM_DOCS,
	       RANDOM_PROBES, hits, misses);
	CHECK_MSG(hits > RANDOM_PROBES / 4 && misses > RANDOM_PROBES / 4, "probes too one-sided: %ld hits, %ld misses",
		  hits, misses);
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 1});
	twin_open();
	hand_cases();
	if (twin) {
		rnd_seed(20261203);
		random_parity();
	}
	twin_close();
	repo_close();
	return repo_done("codegen jsonf json");
}
