/* schemac: the command-line front of the schema compiler. Each command is a
 * small function over the compiler library (schemac.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_common.h"
#include "cli/cmd_pull.h"
#include "schemac.h"

static const char usage_main[] =
    "usage: schemac <command> [options] FILES...\n"
    "\n"
    "commands:\n"
    "  check FILES... [--check-db URL]        validate the schema and its queries; diagnostics only\n"
    "  fmt [--check] FILES...                 format schema files in place (--check: report, change nothing)\n"
    "  sql FILES... --dialect postgres|sqlite print the full DDL\n"
    "  generate FILES... --out DIR [--dialect postgres,sqlite] [--prefix P]\n"
    "                                         C header and source, DDL per dialect\n"
    "  erd FILES... --format mermaid|dot      print an ER diagram\n"
    "  migrate diff|up|down|status|check|verify|new|hash|baseline|squash ...\n"
    "                                         migrations (schemac migrate --help)\n"
    "  seed --db URL --dir DIR [--env NAME] [--dry-run]\n"
    "                                         load seed SQL files once each\n"
    "  pull --db URL [--out FILE]             read a live database into a .schema file\n"
    "\n"
    "options:\n"
    "  --help       help for a command (schemac <command> --help)\n"
    "  --version    print the version\n"
    "\n"
    "exit codes: 0 success, 1 schema errors or a refused change, 2 usage, 3 database error\n";

static const char usage_check[] =
    "usage: schemac check FILES... [--check-db URL]\n"
    "\n"
    "Reads the schema made of FILES (names resolve across them) and reports every\n"
    "error as file:line:col with the source line and a caret. Writes nothing.\n"
    "Typed queries are prepared against the schema's DDL in an in-memory SQLite\n"
    "database and, with --check-db URL (or SCHEMAC_CHECK_DB), on PostgreSQL in a\n"
    "throwaway schema (docs/queries.md).\n"
    "Exit 0 when the schema is valid, 1 when it has errors, 2 on bad usage,\n"
    "3 when the --check-db database cannot be used.\n";

static const char usage_fmt[] =
    "usage: schemac fmt [--check] FILES...\n"
    "\n"
    "Rewrites each file in the canonical layout, keeping every comment. A file\n"
    "whose layout is already canonical is not touched. With --check nothing is\n"
    "written: the files that would change are listed and the exit code is 1.\n"
    "Files with syntax errors are reported and left alone (exit 1).\n";

static const char usage_sql[] =
    "usage: schemac sql FILES... --dialect postgres|sqlite [--prefix P]\n"
    "\n"
    "Prints the DDL that creates the whole schema on the given database:\n"
    "tables in foreign-key order, keys, checks, indexes, and on PostgreSQL\n"
    "COMMENT ON from doc comments and row-level security for @tenant.\n";

static int cmd_check(int argc, char **argv) {
  scc_cli_args a = {0};
  const char *check_db = NULL;
  int rc = scc_cli_take_check_db(&argc, argv, &check_db, usage_check);
  if (rc) return rc;
  rc = scc_cli_parse_args(argc, argv, &a, usage_check, false, false);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  scc_compiler *c = scc_cli_load(&a);
  const scc_schema *s = scc_compiler_check(c, NULL);
  rc = s ? scc_cli_check_queries(c, s, check_db) : EXIT_SCHEMA;
  scc_cli_print_diags(c);
  if (rc == EXIT_OK) {
    printf("%s: %u entities, %u enums", s->name, s->nentities, s->nenums);
    if (s->nqueries) printf(", %u queries", s->nqueries);
    printf(": ok\n");
  }
  scc_compiler_free(c);
  free(a.files);
  return rc;
}

static int cmd_sql(int argc, char **argv) {
  scc_cli_args a = {0};
  int rc = scc_cli_parse_args(argc, argv, &a, usage_sql, true, false);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  sc_dialect d;
  if (!a.dialect) {
    free(a.files);
    return scc_cli_usage_error("%s--dialect is required (postgres or sqlite)", "", usage_sql);
  }
  if (!scc_dialect_parse(a.dialect, &d)) {
    free(a.files);
    return scc_cli_usage_error("unknown dialect '%s' (use postgres or sqlite)", a.dialect, usage_sql);
  }
  scc_compiler *c = scc_cli_load(&a);
  scc_check_options opt = {a.prefix};
  const scc_schema *s = scc_compiler_check(c, &opt);
  scc_cli_print_diags(c);
  if (s) {
    scc_buf out = {0};
    scc_emit_sql(s, d, &out);
    fwrite(out.data, 1, out.len, stdout);
    scc_buf_free(&out);
  }
  scc_compiler_free(c);
  free(a.files);
  return s ? EXIT_OK : EXIT_SCHEMA;
}

static int cmd_fmt(int argc, char **argv) {
  scc_cli_args a = {0};
  int rc = scc_cli_parse_args(argc, argv, &a, usage_fmt, false, true);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  scc_compiler *c = scc_cli_load(&a);
  bool ok = scc_compiler_parse(c);
  scc_cli_print_diags(c);
  int result = ok ? EXIT_OK : EXIT_SCHEMA;
  for (size_t i = 0; ok && i < scc_compiler_nfiles(c); i++) {
    scc_file *f = scc_compiler_file(c, i);
    scc_buf out = {0};
    scc_format_file(f, &out);
    bool same = out.len == f->len && memcmp(out.data, f->text, f->len) == 0;
    if (a.check) {
      if (!same) {
        printf("%s: not formatted\n", f->path);
        result = EXIT_SCHEMA;
      }
    } else if (!same) {
      bool changed;
      if (scc_write_file_atomic(f->path, out.data ? out.data : "", out.len, &changed) != 0) {
        fprintf(stderr, "schemac: cannot write '%s': %s\n", f->path, strerror(errno));
        result = EXIT_SCHEMA;
      } else {
        printf("formatted %s\n", f->path);
      }
    }
    scc_buf_free(&out);
  }
  scc_compiler_free(c);
  free(a.files);
  return result;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage_main, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
    printf("schemac %s\n", SCHEMAC_VERSION);
    return EXIT_OK;
  }
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    fputs(usage_main, stdout);
    return EXIT_OK;
  }
  static const struct {
    const char *name;
    int (*run)(int, char **);
  } commands[] = {
      {"check", cmd_check},         {"fmt", cmd_fmt},         {"sql", cmd_sql},
      {"generate", scc_cmd_generate}, {"erd", scc_cmd_erd},   {"seed", scc_cmd_seed},
      {"migrate", scc_cmd_migrate}, {"pull", scc_cmd_pull},
  };
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(cmd, commands[i].name)) return commands[i].run(argc - 2, argv + 2);
  fprintf(stderr, "schemac: unknown command '%s'\n\n%s", cmd, usage_main);
  return EXIT_USAGE;
}
