/* schemac: the command-line front of the schema compiler. Each command is a
 * small function over the compiler library (schemac.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "schemac.h"

static const char usage_main[] =
    "usage: schemac <command> [options] FILES...\n"
    "\n"
    "commands:\n"
    "  check FILES...                         validate the schema; diagnostics only\n"
    "  fmt [--check] FILES...                 format schema files in place (--check: report, change nothing)\n"
    "  sql FILES... --dialect postgres|sqlite print the full DDL\n"
    "\n"
    "options:\n"
    "  --help       help for a command (schemac <command> --help)\n"
    "  --version    print the version\n"
    "\n"
    "exit codes: 0 success, 1 schema errors or a refused change, 2 usage, 3 database error\n";

static const char usage_check[] =
    "usage: schemac check FILES...\n"
    "\n"
    "Reads the schema made of FILES (names resolve across them) and reports every\n"
    "error as file:line:col with the source line and a caret. Writes nothing.\n"
    "Exit 0 when the schema is valid, 1 when it has errors, 2 on bad usage.\n";

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

static int usage_error(const char *fmt, const char *arg, const char *usage) {
  fprintf(stderr, "schemac: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n\n%s", usage);
  return EXIT_USAGE;
}

static void print_diags(scc_compiler *c) {
  scc_buf out = {0};
  scc_diags_render(scc_compiler_diags(c), &out);
  if (out.len) fwrite(out.data, 1, out.len, stderr);
  size_t e = scc_diags_errors(scc_compiler_diags(c));
  if (e) fprintf(stderr, "%zu error%s\n", e, e == 1 ? "" : "s");
  scc_buf_free(&out);
}

typedef struct args {
  const char **files;
  int nfiles;
  const char *dialect;
  const char *prefix;
  bool check;
} args;

/* Parses FILES and the options a command allows. */
static int parse_args(int argc, char **argv, args *a, const char *usage, bool allow_dialect, bool allow_check) {
  a->files = calloc((size_t)argc + 1, sizeof *a->files);
  if (!a->files) return EXIT_USAGE;
  for (int i = 0; i < argc; i++) {
    const char *s = argv[i];
    if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
      fputs(usage, stdout);
      return -1;
    } else if (allow_dialect && (!strcmp(s, "--dialect") || !strcmp(s, "--prefix"))) {
      if (i + 1 >= argc) return usage_error("%s needs a value", s, usage);
      if (s[2] == 'd') a->dialect = argv[++i];
      else a->prefix = argv[++i];
    } else if (allow_dialect && !strncmp(s, "--dialect=", 10)) {
      a->dialect = s + 10;
    } else if (allow_check && !strcmp(s, "--check")) {
      a->check = true;
    } else if (s[0] == '-' && s[1]) {
      return usage_error("unknown option '%s'", s, usage);
    } else {
      a->files[a->nfiles++] = s;
    }
  }
  if (a->nfiles == 0) return usage_error("%sno schema files given", "", usage);
  return 0;
}

static scc_compiler *load(const args *a) {
  scc_compiler *c = scc_compiler_new();
  if (!c) {
    fputs("schemac: out of memory\n", stderr);
    exit(EXIT_SCHEMA);
  }
  for (int i = 0; i < a->nfiles; i++) scc_compiler_add_file(c, a->files[i]);
  return c;
}

static int cmd_check(int argc, char **argv) {
  args a = {0};
  int rc = parse_args(argc, argv, &a, usage_check, false, false);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  scc_compiler *c = load(&a);
  const scc_schema *s = scc_compiler_check(c, NULL);
  print_diags(c);
  if (s) printf("%s: %u entities, %u enums: ok\n", s->name, s->nentities, s->nenums);
  scc_compiler_free(c);
  free(a.files);
  return s ? EXIT_OK : EXIT_SCHEMA;
}

static int cmd_sql(int argc, char **argv) {
  args a = {0};
  int rc = parse_args(argc, argv, &a, usage_sql, true, false);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  scc_dialect d;
  if (!a.dialect) {
    free(a.files);
    return usage_error("%s--dialect is required (postgres or sqlite)", "", usage_sql);
  }
  if (!scc_dialect_parse(a.dialect, &d)) {
    free(a.files);
    return usage_error("unknown dialect '%s' (use postgres or sqlite)", a.dialect, usage_sql);
  }
  scc_compiler *c = load(&a);
  scc_check_options opt = {a.prefix};
  const scc_schema *s = scc_compiler_check(c, &opt);
  print_diags(c);
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
  args a = {0};
  int rc = parse_args(argc, argv, &a, usage_fmt, false, true);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  scc_compiler *c = load(&a);
  bool ok = scc_compiler_parse(c);
  print_diags(c);
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
  if (!strcmp(cmd, "check")) return cmd_check(argc - 2, argv + 2);
  if (!strcmp(cmd, "fmt")) return cmd_fmt(argc - 2, argv + 2);
  if (!strcmp(cmd, "sql")) return cmd_sql(argc - 2, argv + 2);
  fprintf(stderr, "schemac: unknown command '%s'\n\n%s", cmd, usage_main);
  return EXIT_USAGE;
}
