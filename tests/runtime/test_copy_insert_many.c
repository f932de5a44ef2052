/* insert_many through COPY on PostgreSQL (sc_row_exec_many): an exact round
 * trip of every type the runtime binds (text with tabs, newlines and
 * backslashes, every byte value, uuid, timestamptz incl. BC and infinity,
 * date, numeric, jsonb, bool, ints at their limits, float8 incl. NaN and
 * infinities, NULLs), identity keys reserved and written back, a failing
 * row (unique violation, constraint named, nothing inserted), the caller's
 * transaction respected, and the INSERT fallback for GENERATED ALWAYS keys,
 * row-level security and upserts. The query hook proves which path ran.
 * The round trip and its failures run twice: columns without their
 * PostgreSQL type (COPY text) and with it (COPY binary, rowcodec_copybin.c). */
#include "t.h"

#include <math.h>
#include <stddef.h>

#include <schemac/query.h>

static char last_sql[64], last_copy[2048];
static int copies, inserts;

static void qhook(void *ud, const sc_query_event *ev)
{
	(void)ud;
	if (!strncmp(ev->sql, "COPY ", 5)) {
		copies++;
		snprintf(last_copy, sizeof last_copy, "%s", ev->sql);
	}
	else if (!strncmp(ev->sql, "INSERT ", 7))
		inserts++;
	snprintf(last_sql, sizeof last_sql, "%s", ev->sql);
}

typedef struct row {
	int64_t id;
	char *t;
	sc_bytes b;
	sc_uuid u;
	int64_t ts;
	int32_t d;
	char *num;
	char *j;
	bool flag;
	int16_t i16;
	int32_t i32;
	int64_t i64;
	double f;
	int32_t opt;
	bool has_opt;
} row;

/* name, C type, member, has_ member, PostgreSQL type */
#define COLS(X)                                                      \
	X("id", SC_COL_INT64, id, SC_NO_HAS, "bigint")               \
	X("t", SC_COL_TEXT, t, SC_NO_HAS, "text")                    \
	X("b", SC_COL_BYTES, b, SC_NO_HAS, "bytea")                  \
	X("u", SC_COL_UUID, u, SC_NO_HAS, "uuid")                    \
	X("ts", SC_COL_TIMESTAMP, ts, SC_NO_HAS, "timestamptz")      \
	X("d", SC_COL_DATE, d, SC_NO_HAS, "date")                    \
	X("num", SC_COL_DECIMAL, num, SC_NO_HAS, "numeric")          \
	X("j", SC_COL_JSON, j, SC_NO_HAS, "jsonb")                   \
	X("flag", SC_COL_BOOL, flag, SC_NO_HAS, "boolean")           \
	X("i16", SC_COL_INT16, i16, SC_NO_HAS, "smallint")           \
	X("i32", SC_COL_INT32, i32, SC_NO_HAS, "integer")            \
	X("i64", SC_COL_INT64, i64, SC_NO_HAS, "bigint")             \
	X("f", SC_COL_DOUBLE, f, SC_NO_HAS, "double precision")      \
	X("opt", SC_COL_INT32, opt, offsetof(row, has_opt), "integer")
#define COL_TEXT(nm, ty, member, has, pg) \
	{"\"" nm "\"", nm, ty, 0, offsetof(row, member), has, NULL, 0, NULL, 0, 0, 0, 0, 0, 0},
#define COL_BIN(nm, ty, member, has, pg) \
	{"\"" nm "\"", nm, ty, 0, offsetof(row, member), has, NULL, 0, pg, 0, 0, 0, 0, 0, 0},
static const sc_column_meta cols[] = {COLS(COL_TEXT)};
static const sc_column_meta cols_bin[] = {COLS(COL_BIN)};
static const unsigned pk[] = {0};
static bool binary; /* metas with PostgreSQL types: COPY binary */

static sc_entity_meta meta(const char *table, const char *table_sql)
{
	sc_entity_meta m;
	memset(&m, 0, sizeof m);
	m.schema = "copytest";
	m.c_name = "row";
	m.table = table;
	m.table_sql = table_sql;
	m.select_list = "";
	m.cols = binary ? cols_bin : cols;
	m.ncols = sizeof cols / sizeof cols[0];
	m.pk = pk;
	m.npk = 1;
	m.soft_delete_col = m.tenant_col = m.version_col = m.updated_at_col = -1;
	m.row_size = sizeof(row);
	m.mem_offset = SC_NO_HAS;
	return m;
}

#define INSERT_COLS "\"t\", \"b\", \"u\", \"ts\", \"d\", \"num\", \"j\", \"flag\", \"i16\", \"i32\", \"i64\", \"f\", \"opt\""
#define INSERT_VALS " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
static const unsigned params[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
static const unsigned ret[] = {0};

#define N 600
static char texts[N][64];
static unsigned char bytes[N][256];

static void fill(row *r, int i)
{
	memset(r, 0, sizeof *r);
	static const char *const tricky[] = {"tab\there", "new\nline", "cr\rret", "back\\slash\\N", "\\N", "",
					     "unicode: \xc3\xa9\xe2\x82\xac \xf0\x9f\x98\x80", "quote ' \" ,;|"};
	snprintf(texts[i], sizeof texts[i], "%s #%d", tricky[i % 8], i);
	r->t = i == 5 ? (char *)"" : texts[i]; /* one empty string */
	for (int k = 0; k < 256; k++)
		bytes[i][k] = (unsigned char)(k + i);
	r->b.data = bytes[i];
	r->b.len = (size_t)(i % 5 == 0 ? 0 : i % 257);
	for (int k = 0; k < 16; k++)
		r->u.bytes[k] = (uint8_t)(i * 7 + k);
	static const int64_t ts[] = {0, -1, 1, INT64_C(1732370000123456), -INT64_C(62167219200000000) - 86400000000,
				     SC_TIMESTAMP_INFINITY, SC_TIMESTAMP_NEG_INFINITY, INT64_C(253402300799999999)};
	r->ts = ts[i % 8] + (i % 8 < 5 ? i : 0);
	static const int32_t ds[] = {0, -1, 20000, -800000, SC_DATE_INFINITY, SC_DATE_NEG_INFINITY, 2932896};
	r->d = ds[i % 7];
	static const char *const nums[] = {"0", "-1.5", "12345678901234567890.123456789", "NaN", "0.00000000000000000001",
					   "Infinity", "-Infinity", "1.25", "10000", "0.0001", "-99990000.0001",
					   "123456789012345678901234567890123456789012345678901234567890.0000000000000000000000000001",
					   "-0.000000000000000000000000000000000000000012345"};
	r->num = (char *)nums[i % 13];
	static const char *const js[] = {"{\"a\": \"b\\n\\t\\\\\"}", "[1, 2.5, null, true]", "\"x\""};
	r->j = (char *)js[i % 3];
	r->flag = i % 2;
	r->i16 = i % 3 == 0 ? INT16_MIN : i % 3 == 1 ? INT16_MAX : (int16_t)i;
	r->i32 = i % 3 == 0 ? INT32_MIN : i % 3 == 1 ? INT32_MAX : -i;
	r->i64 = i % 3 == 0 ? INT64_MIN : i % 3 == 1 ? INT64_MAX : (int64_t)i * 1000003;
	static const double fs[] = {0.1, -1e308, 5e-324, 1.0 / 3.0, 0, -0.0};
	r->f = i % 9 == 6 ? NAN : i % 9 == 7 ? INFINITY : i % 9 == 8 ? -INFINITY : fs[i % 9];
	r->has_opt = i % 4 != 0;
	r->opt = r->has_opt ? i : 0;
}

/* Read every row of table back (ordered by id) and compare with rows. */
static void verify(sc_conn *c, const char *table, const row *rows, size_t n)
{
	char sql[256];
	snprintf(sql, sizeof sql,
		 "SELECT id, t, b, u, ts, d, num::text, j::text, flag, i16, i32, i64, f, opt FROM %s ORDER BY id",
		 table);
	sc_stmt *st;
	REQUIRE(sc_stmt_prepare(&st, c, sql) == SC_OK);
	size_t k = 0, bad = 0;
	sc_status rc;
	while ((rc = sc_stmt_step(st)) == SC_ROW && k < n) {
		const row *r = &rows[k++];
		int64_t id, ts, i64;
		int32_t d, i32, opt;
		int16_t i16;
		bool flag;
		double f;
		const char *t, *num, *j;
		const void *b;
		size_t tl, bl;
		sc_uuid u;
		int fails = 0;
		fails += sc_stmt_column_int64(st, 0, &id) != SC_OK || id != r->id;
		fails += sc_stmt_column_text(st, 1, &t, &tl) != SC_OK || tl != strlen(r->t) || memcmp(t, r->t, tl);
		fails += sc_stmt_column_blob(st, 2, &b, &bl) != SC_OK || bl != r->b.len || (bl && memcmp(b, r->b.data, bl));
		fails += sc_stmt_column_uuid(st, 3, &u) != SC_OK || memcmp(&u, &r->u, sizeof u);
		fails += sc_stmt_column_timestamp(st, 4, &ts) != SC_OK || ts != r->ts;
		fails += sc_stmt_column_date(st, 5, &d) != SC_OK || d != r->d;
		fails += sc_stmt_column_text(st, 6, &num, NULL) != SC_OK || strcmp(num, r->num) != 0;
		fails += sc_stmt_column_text(st, 7, &j, NULL) != SC_OK || strcmp(j, r->j) != 0;
		fails += sc_stmt_column_bool(st, 8, &flag) != SC_OK || flag != r->flag;
		fails += sc_stmt_column_int16(st, 9, &i16) != SC_OK || i16 != r->i16;
		fails += sc_stmt_column_int32(st, 10, &i32) != SC_OK || i32 != r->i32;
		fails += sc_stmt_column_int64(st, 11, &i64) != SC_OK || i64 != r->i64;
		fails += sc_stmt_column_double(st, 12, &f) != SC_OK ||
			 !(isnan(r->f) ? isnan(f) : f == r->f && signbit(f) == signbit(r->f));
		fails += sc_stmt_column_is_null(st, 13) == r->has_opt;
		fails += r->has_opt && (sc_stmt_column_int32(st, 13, &opt) != SC_OK || opt != r->opt);
		if (fails && bad++ < 5)
			fprintf(stderr, "row %zu (id %lld) differs in %d column(s)\n", k - 1, (long long)r->id, fails);
	}
	CHECK_MSG(rc == SC_DONE, "%s", sc_status_name(rc));
	CHECK_MSG(k == n, "%zu rows read, %zu written", k, n);
	CHECK(bad == 0);
	sc_stmt_finalize(st);
}

/* The COPY that ran was in the format the metas ask for. */
static bool format_ok(void)
{
	return (strstr(last_copy, "FORMAT binary") != NULL) == binary;
}

static void test_copy(sc_conn *c)
{
	/* the same test on table ct (text) and cb (binary) */
	const char *ct = binary ? "cb" : "ct";
	char ddl[512], table_sql[8], sql[256], count[64], key[16];
	snprintf(ddl, sizeof ddl,
		 "CREATE TABLE %s (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, t text NOT NULL UNIQUE,"
		 " b bytea, u uuid, ts timestamptz, d date, num numeric, j jsonb, flag bool, i16 smallint,"
		 " i32 integer, i64 bigint, f float8, opt integer)",
		 ct);
	t_exec(c, ddl);
	snprintf(table_sql, sizeof table_sql, "\"%s\"", ct);
	snprintf(sql, sizeof sql, "INSERT INTO \"%s\" (" INSERT_COLS ")" INSERT_VALS " RETURNING \"id\"", ct);
	snprintf(count, sizeof count, "SELECT count(*) FROM %s", ct);
	snprintf(key, sizeof key, "%s_t_key", ct);
	sc_entity_meta m = meta(ct, table_sql);
	static row rows[N];
	for (int i = 0; i < N; i++)
		fill(&rows[i], i);

	/* 1. the round trip, ids written back */
	copies = inserts = 0;
	sc_status rc = sc_row_exec_many(c, &m, sql, rows, N, params, 13, ret, 1);
	CHECK_MSG(rc == SC_OK, "%s: %s", sc_status_name(rc), sc_conn_error(c)->message);
	CHECK_MSG(copies == 1 && inserts == 0, "copies %d inserts %d (%s)", copies, inserts, last_sql);
	CHECK_MSG(format_ok(), "binary %d: %s", binary, last_copy);
	bool ids_ok = true;
	for (int i = 1; i < N; i++)
		ids_ok = ids_ok && rows[i].id > rows[i - 1].id && rows[0].id > 0;
	CHECK(ids_ok);
	verify(c, ct, rows, N);
	/* the sequence moved past the reserved keys: a plain insert still works */
	char q[128];
	snprintf(q, sizeof q, "INSERT INTO %s (t) VALUES ('after')", ct);
	t_exec(c, q);
	snprintf(q, sizeof q, "SELECT max(id) FROM %s", ct);
	CHECK(t_scalar(c, q) > rows[N - 1].id);
	snprintf(q, sizeof q, "DELETE FROM %s WHERE t = 'after'", ct);
	t_exec(c, q);

	/* 2. a failing row: unique violation named, nothing inserted */
	static row more[50];
	for (int i = 0; i < 50; i++) {
		fill(&more[i], i);
		static char tx[50][32];
		snprintf(tx[i], sizeof tx[i], "more %d", i);
		more[i].t = tx[i];
	}
	more[37].t = rows[3].t; /* already there */
	rc = sc_row_exec_many(c, &m, sql, more, 50, params, 13, ret, 1);
	CHECK_MSG(rc == SC_UNIQUE_VIOLATION, "%s", sc_status_name(rc));
	const sc_error *e = sc_conn_error(c);
	CHECK_MSG(e->constraint && !strcmp(e->constraint, key), "constraint %s", e->constraint);
	CHECK(t_scalar(c, count) == N);
	CHECK(sc_conn_tx_depth(c) == 0);
	CHECK(t_scalar(c, "SELECT 7") == 7); /* connection usable */

	/* 3. inside the caller's transaction: rolled back with it */
	more[37].t = (char *)"more 37";
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	copies = 0;
	CHECK_RC(sc_row_exec_many(c, &m, sql, more, 50, params, 13, ret, 1), SC_OK);
	CHECK(copies == 1 && format_ok());
	CHECK(t_scalar(c, count) == N + 50);
	CHECK_RC(sc_tx_rollback(c), SC_OK);
	CHECK(t_scalar(c, count) == N);
	/* ... and kept with its commit */
	CHECK_RC(sc_tx_begin(c, NULL), SC_OK);
	CHECK_RC(sc_row_exec_many(c, &m, sql, more, 50, params, 13, ret, 1), SC_OK);
	CHECK_RC(sc_tx_commit(c), SC_OK);
	CHECK(t_scalar(c, count) == N + 50);
}

static void test_fallbacks(sc_conn *c)
{
	/* GENERATED ALWAYS keys take no explicit values: INSERTs, ids returned */
	t_exec(c, "CREATE TABLE ca (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t text NOT NULL,"
		" b bytea, u uuid, ts timestamptz, d date, num numeric, j jsonb, flag bool, i16 smallint,"
		" i32 integer, i64 bigint, f float8, opt integer)");
	sc_entity_meta m = meta("ca", "\"ca\"");
	static row rows[40];
	for (int i = 0; i < 40; i++)
		fill(&rows[i], i);
	copies = inserts = 0;
	const char *sql = "INSERT INTO \"ca\" (" INSERT_COLS ")" INSERT_VALS " RETURNING \"id\"";
	CHECK_RC(sc_row_exec_many(c, &m, sql, rows, 40, params, 13, ret, 1), SC_OK);
	CHECK_MSG(copies == 0 && inserts == 1, "copies %d inserts %d", copies, inserts);
	verify(c, "ca", rows, 40);

	/* no RETURNING, key made by the client: COPY without reservation */
	t_exec(c, "CREATE TABLE cn (id bigint PRIMARY KEY, t text NOT NULL,"
		" b bytea, u uuid, ts timestamptz, d date, num numeric, j jsonb, flag bool, i16 smallint,"
		" i32 integer, i64 bigint, f float8, opt integer)");
	m = meta("cn", "\"cn\"");
	for (int i = 0; i < 40; i++)
		rows[i].id = 1000 + i;
	static const unsigned all[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
	copies = inserts = 0;
	sql = "INSERT INTO \"cn\" (\"id\", " INSERT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	      "$13, $14)";
	CHECK_RC(sc_row_exec_many(c, &m, sql, rows, 40, all, 14, NULL, 0), SC_OK);
	CHECK_MSG(copies == 1 && inserts == 0, "copies %d inserts %d", copies, inserts);
	verify(c, "cn", rows, 40);

	/* row-level security (COPY refuses it for affected roles): INSERTs */
	t_exec(c, "CREATE TABLE cr (LIKE cn INCLUDING ALL)");
	t_exec(c, "ALTER TABLE cr ENABLE ROW LEVEL SECURITY");
	t_exec(c, "CREATE POLICY cr_all ON cr USING (true) WITH CHECK (true)");
	m = meta("cr", "\"cr\"");
	copies = inserts = 0;
	sql = "INSERT INTO \"cr\" (\"id\", " INSERT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	      "$13, $14)";
	CHECK_RC(sc_row_exec_many(c, &m, sql, rows, 40, all, 14, NULL, 0), SC_OK);
	CHECK_MSG(copies == 0 && inserts == 1, "copies %d inserts %d", copies, inserts);
	verify(c, "cr", rows, 40);
	m = meta("cn", "\"cn\"");

	/* an upsert is not a plain INSERT: pipelined INSERTs */
	copies = inserts = 0;
	rows[0].t = (char *)"upserted";
	sql = "INSERT INTO \"cn\" (\"id\", " INSERT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
	      "$13, $14) ON CONFLICT (\"id\") DO UPDATE SET \"t\" = EXCLUDED.\"t\"";
	CHECK_RC(sc_row_exec_many(c, &m, sql, rows, 40, all, 14, NULL, 0), SC_OK);
	CHECK_MSG(copies == 0 && inserts == 1, "copies %d inserts %d", copies, inserts);
	CHECK(t_scalar(c, "SELECT count(*) FROM cn WHERE t = 'upserted'") == 1);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	char *base = t_pg_file(argc, argv, "url");
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = base;
	cfg.prepared_statements = !t_pg_bouncer(argc, argv);
	sc_conn *admin;
	REQUIRE(sc_conn_open(&admin, &cfg) == SC_OK);
	char *u = t_pg_own_db(admin, base, "sc_rt_copy");
	sc_config_init(&cfg);
	cfg.url = u;
	cfg.prepared_statements = !t_pg_bouncer(argc, argv);
	cfg.query_hook = qhook;
	sc_conn *c;
	REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	test_copy(c);
	binary = true;
	test_copy(c);
	test_fallbacks(c); /* with the PostgreSQL types: the same rules */
	sc_conn_close(c);
	sc_conn_close(admin);
	free(u);
	free(base);
	return t_done("runtime_copy_insert_many");
}
