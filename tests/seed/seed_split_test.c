/* The seed statement splitter (generator/seed_split.c): where statements
 * end, what counts as inside a quote or comment, and the reported lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seed_split.h"

static int failures;

/* Splits `sql` and compares with the expected statements (NULL-terminated)
 * and their lines. */
static void expect(int line, const char *sql, bool pg, const char *const *want, const unsigned *lines) {
  scc_sql_split_options opt = {pg};
  scc_sql_stmt *v;
  long n = scc_sql_split(sql, strlen(sql), &opt, &v);
  long nwant = 0;
  while (want[nwant]) nwant++;
  if (n != nwant) {
    fprintf(stderr, "%s:%d: %ld statements, want %ld\n", __FILE__, line, n, nwant);
    for (long i = 0; i < n; i++) fprintf(stderr, "  [%.*s]\n", (int)v[i].len, sql + v[i].off);
    failures++;
  } else {
    for (long i = 0; i < n; i++) {
      if (v[i].len != strlen(want[i]) || memcmp(sql + v[i].off, want[i], v[i].len)) {
        fprintf(stderr, "%s:%d: statement %ld is [%.*s], want [%s]\n", __FILE__, line, i + 1, (int)v[i].len,
                sql + v[i].off, want[i]);
        failures++;
      }
      if (lines && v[i].line != lines[i]) {
        fprintf(stderr, "%s:%d: statement %ld on line %u, want %u\n", __FILE__, line, i + 1, v[i].line, lines[i]);
        failures++;
      }
    }
  }
  free(v);
}

#define EXPECT(sql, pg, lines, ...) expect(__LINE__, sql, pg, (const char *const[]){__VA_ARGS__, NULL}, lines)

int main(void) {
  EXPECT("SELECT 1; SELECT 2", false, ((const unsigned[]){1, 1}), "SELECT 1", "SELECT 2");
  EXPECT("-- leading comment\n\nINSERT INTO t VALUES ('a;b');\n/* ; */\n  SELECT ';' -- ; trailing\n;", false,
         ((const unsigned[]){3, 5}), "INSERT INTO t VALUES ('a;b')", "SELECT ';'");
  EXPECT("INSERT INTO t VALUES ('it''s; ok');", false, NULL, "INSERT INTO t VALUES ('it''s; ok')");
  EXPECT("SELECT \"a;b\" FROM `c;d`;", false, NULL, "SELECT \"a;b\" FROM `c;d`");
  EXPECT("SELECT E'it\\'s; x'; SELECT 'a\\'; SELECT 2", false, NULL, "SELECT E'it\\'s; x'", "SELECT 'a\\'",
         "SELECT 2");
  /* Dollar quotes on PostgreSQL only; $1 is not one. */
  EXPECT("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT $1;", true, NULL,
         "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT $1");
  EXPECT("DO $body$ BEGIN PERFORM 1; END $body$; SELECT 2", true, NULL, "DO $body$ BEGIN PERFORM 1; END $body$",
         "SELECT 2");
  /* Nested block comments on PostgreSQL, flat ones on SQLite. */
  EXPECT("/* a /* b */ ; */ SELECT 1;", true, NULL, "SELECT 1");
  EXPECT("/* a /* b */ SELECT 1;", false, NULL, "SELECT 1");
  /* Trigger bodies keep their semicolons, CASE ... END included. */
  EXPECT("CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = CASE WHEN 1 THEN 2 END;\n  SELECT 1;\nEND;\n"
         "INSERT INTO t VALUES (1);",
         false, ((const unsigned[]){1, 5}),
         "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = CASE WHEN 1 THEN 2 END;\n  SELECT 1;\nEND",
         "INSERT INTO t VALUES (1)");
  /* Only whitespace and comments: no statement. Empty statements vanish. */
  {
    scc_sql_stmt *v;
    const char *sql = "  -- nothing\n/* here */ ;; \n";
    long n = scc_sql_split(sql, strlen(sql), NULL, &v);
    if (n != 0 || v != NULL) {
      fprintf(stderr, "%s:%d: %ld statements in a comment-only file\n", __FILE__, __LINE__, n);
      failures++;
    }
    free(v);
  }
  /* An unterminated string runs to the end (the database reports it). */
  EXPECT("SELECT 1; SELECT 'oops;", false, NULL, "SELECT 1", "SELECT 'oops;");
  {
    char w[16];
    const char *kw = scc_sql_first_word("begin transaction", 17, w, sizeof w);
    if (strcmp(kw, "BEGIN")) {
      fprintf(stderr, "%s:%d: first word '%s'\n", __FILE__, __LINE__, kw);
      failures++;
    }
  }
  if (failures) fprintf(stderr, "%d failure(s)\n", failures);
  else printf("seed_split: ok\n");
  return failures ? 1 : 0;
}
