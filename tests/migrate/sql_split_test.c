/* The SQL script splitter shared by the migration runner and `schemac seed`
 * (runtime/src/base/sql_split.c), table-driven: where statements end on each
 * dialect, their lines, transaction control, and the refused scripts
 * (unterminated quotes and comments, NUL bytes) with file:line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/schemac.h>

#define MAX_STMTS 6

typedef struct split_case {
	int src_line;        /* of this case, for the failure message */
	sc_dialect dialect;
	const char *sql;
	const char *want[MAX_STMTS]; /* the statements, NULL-terminated */
	int lines[MAX_STMTS];        /* their first lines (0: not checked) */
	const char *tx;              /* "10": per statement, transaction control or not (NULL: all '0') */
} split_case;

#define PG SC_DIALECT_POSTGRES
#define LITE SC_DIALECT_SQLITE

static const split_case cases[] = {
	{__LINE__, LITE, "SELECT 1; SELECT 2", {"SELECT 1", "SELECT 2"}, {1, 1}, NULL},
	{__LINE__, LITE, "-- leading comment\n\nINSERT INTO t VALUES ('a;b');\n/* ; */\n  SELECT ';' -- ; trailing\n;",
	 {"INSERT INTO t VALUES ('a;b')", "SELECT ';'"}, {3, 5}, NULL},
	{__LINE__, LITE, "INSERT INTO t VALUES ('it''s; ok');", {"INSERT INTO t VALUES ('it''s; ok')"}, {1}, NULL},
	{__LINE__, PG, "INSERT INTO t VALUES ('it''s; ok');", {"INSERT INTO t VALUES ('it''s; ok')"}, {1}, NULL},
	{__LINE__, LITE, "SELECT \"a;\"\"b\" FROM `c;d` JOIN [e;f];", {"SELECT \"a;\"\"b\" FROM `c;d` JOIN [e;f]"}, {1}, NULL},
	{__LINE__, PG, "SELECT \"a;\"\"b\", x[1];SELECT 2", {"SELECT \"a;\"\"b\", x[1]", "SELECT 2"}, {1, 1}, NULL},
	/* PostgreSQL escape strings: \' does not end them; a plain '...\' does. */
	{__LINE__, PG, "SELECT E'it\\'s; x'; SELECT e'\\\\'; SELECT 'a\\'; SELECT 2",
	 {"SELECT E'it\\'s; x'", "SELECT e'\\\\'", "SELECT 'a\\'", "SELECT 2"}, {1, 1, 1, 1}, NULL},
	{__LINE__, PG, "SELECT 'E'';' AS x; SELECT 1", {"SELECT 'E'';' AS x", "SELECT 1"}, {1, 1}, NULL},
	/* Dollar quotes on PostgreSQL; $1 is a parameter, a$b$ an identifier. */
	{__LINE__, PG, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT $1;",
	 {"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT $1"}, {1, 1}, NULL},
	{__LINE__, PG, "DO $body$ BEGIN PERFORM 1; COMMIT; END $body$;\nSELECT 2",
	 {"DO $body$ BEGIN PERFORM 1; COMMIT; END $body$", "SELECT 2"}, {1, 2}, "00"},
	{__LINE__, PG, "DO $a$ $b$ ; $b$ $a$; SELECT a$b$x;", {"DO $a$ $b$ ; $b$ $a$", "SELECT a$b$x"}, {1, 1}, NULL},
	/* Block comments nest on PostgreSQL and not on SQLite. */
	{__LINE__, PG, "/* disabled, see /* ticket 42 */ DROP TABLE \"items\"; -- */\nSELECT 1;", {"SELECT 1"}, {2}, NULL},
	{__LINE__, PG, "/* a /* b /* c */ */ ; */ SELECT 1;", {"SELECT 1"}, {1}, NULL},
	{__LINE__, LITE, "/* disabled, see /* ticket 42 */ DROP TABLE \"items\"; -- */\nSELECT 1;",
	 {"DROP TABLE \"items\"", "SELECT 1"}, {1, 2}, NULL},
	{__LINE__, PG, "SELECT 1 -- /* not a comment opener\n; SELECT 2", {"SELECT 1", "SELECT 2"}, {1, 2}, NULL},
	/* SQLite trigger bodies keep their semicolons, CASE ... END included. */
	{__LINE__, LITE,
	 "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = CASE WHEN 1 THEN 2 END;\n  SELECT 1;\nEND;\n"
	 "INSERT INTO t VALUES (1);",
	 {"CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = CASE WHEN 1 THEN 2 END;\n  SELECT 1;\nEND",
	  "INSERT INTO t VALUES (1)"},
	 {1, 5}, "00"},
	{__LINE__, LITE, "CREATE TEMP TRIGGER IF NOT EXISTS tr BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no;'); END; END;",
	 {"CREATE TEMP TRIGGER IF NOT EXISTS tr BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no;'); END", "END"}, {1, 1},
	 "01"},
	/* PostgreSQL BEGIN ATOMIC bodies. */
	{__LINE__, PG, "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3",
	 {"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END", "SELECT 3"}, {1, 1}, "00"},
	/* Transaction control, not savepoints. */
	{__LINE__, PG, "BEGIN; start transaction; COMMIT; END; ROLLBACK; ABORT; ",
	 {"BEGIN", "start transaction", "COMMIT", "END", "ROLLBACK", "ABORT"}, {1, 1, 1, 1, 1, 1}, "111111"},
	{__LINE__, LITE, "SAVEPOINT a; ROLLBACK TO a; ROLLBACK TRANSACTION TO SAVEPOINT a; RELEASE a; COMMIT TRANSACTION",
	 {"SAVEPOINT a", "ROLLBACK TO a", "ROLLBACK TRANSACTION TO SAVEPOINT a", "RELEASE a", "COMMIT TRANSACTION"},
	 {1, 1, 1, 1, 1}, "00001"},
	{__LINE__, PG, "PREPARE TRANSACTION 'x'; PREPARE q AS SELECT 1; begin_tx();",
	 {"PREPARE TRANSACTION 'x'", "PREPARE q AS SELECT 1", "begin_tx()"}, {1, 1, 1}, "100"},
	/* Only blanks and comments: no statement. */
	{__LINE__, PG, "  -- nothing\n/* here */ ;; \n", {NULL}, {0}, NULL},
};

typedef struct refused_case {
	int src_line;
	sc_dialect dialect;
	const char *sql;
	size_t len; /* 0: strlen */
	const char *want; /* in the message */
} refused_case;

static const refused_case refused[] = {
	{__LINE__, PG, "SELECT 1;\n/* a /* b */ DROP TABLE t;", 0, "f.sql:2: unterminated block comment"},
	{__LINE__, LITE, "SELECT 1;\n\nSELECT 'oops;", 0, "f.sql:3: unterminated string"},
	{__LINE__, PG, "SELECT E'it\\';", 0, "f.sql:1: unterminated string"},
	{__LINE__, LITE, "SELECT \"x;", 0, "f.sql:1: unterminated quoted identifier"},
	{__LINE__, PG, "SELECT 1;\nDO $x$ BEGIN END $y$;", 0, "f.sql:2: unterminated dollar quote"},
	{__LINE__, LITE, "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;", 0, "f.sql:1: unterminated BEGIN ... END"},
	{__LINE__, PG, "SELECT 1;\nSELECT 2;\0DROP TABLE t;", 23, "f.sql:2: NUL byte"},
};

static int failures;

static void check_case(const split_case *c)
{
	sc_sql_statement *v;
	size_t n;
	sc_status rc = sc_sql_split(c->sql, strlen(c->sql), c->dialect, "f.sql", &v, &n);
	size_t nwant = 0;
	while (nwant < MAX_STMTS && c->want[nwant])
		nwant++;
	if (rc != SC_OK) {
		fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, c->src_line, sc_status_name(rc), sc_error_last()->message);
		failures++;
		return;
	}
	if (n != nwant) {
		fprintf(stderr, "%s:%d: %zu statements, want %zu\n", __FILE__, c->src_line, n, nwant);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  [%.*s]\n", (int)v[i].length, c->sql + v[i].offset);
		failures++;
		free(v);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *s = c->sql + v[i].offset;
		if (v[i].length != strlen(c->want[i]) || memcmp(s, c->want[i], v[i].length)) {
			fprintf(stderr, "%s:%d: statement %zu is [%.*s], want [%s]\n", __FILE__, c->src_line, i + 1,
				(int)v[i].length, s, c->want[i]);
			failures++;
		}
		if (c->lines[i] && v[i].line != c->lines[i]) {
			fprintf(stderr, "%s:%d: statement %zu on line %d, want %d\n", __FILE__, c->src_line, i + 1, v[i].line,
				c->lines[i]);
			failures++;
		}
		bool tx = c->tx && c->tx[i] == '1';
		if (v[i].transaction_control != tx) {
			fprintf(stderr, "%s:%d: statement %zu: transaction_control %d, want %d\n", __FILE__, c->src_line, i + 1,
				v[i].transaction_control, tx);
			failures++;
		}
	}
	free(v);
}

static void check_refused(const refused_case *c)
{
	sc_sql_statement *v = NULL;
	size_t n = 0;
	sc_status rc = sc_sql_split(c->sql, c->len ? c->len : strlen(c->sql), c->dialect, "f.sql", &v, &n);
	if (rc != SC_INVALID_ARGUMENT || v || n || !strstr(sc_error_last()->message, c->want)) {
		fprintf(stderr, "%s:%d: %s (%zu statements) '%s', want SC_INVALID_ARGUMENT '%s'\n", __FILE__, c->src_line,
			sc_status_name(rc), n, sc_error_last()->message, c->want);
		failures++;
	}
	free(v);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		check_refused(&refused[i]);
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	else
		printf("sql_split: %zu cases ok\n", sizeof(cases) / sizeof(cases[0]) + sizeof(refused) / sizeof(refused[0]));
	return failures ? 1 : 0;
}
