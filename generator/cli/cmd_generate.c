/* schemac generate: C header and source plus the DDL of each dialect. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "cli/cli_common.h"
#include "emit/emit_c.h"
#include "schemac.h"

static const char usage_generate[] =
    "usage: schemac generate FILES... --out DIR [--dialect postgres,sqlite] [--prefix P] [--check-db URL]\n"
    "\n"
    "Writes DIR/<schema>.h (typed structs and repository functions, with doc\n"
    "comments), DIR/<schema>.c, and DIR/<schema>.<dialect>.sql for each\n"
    "dialect (default: postgres and sqlite). Files are written atomically and\n"
    "only when their content changes. --prefix sets the C prefix (default: the\n"
    "schema name). Typed queries are checked as by `schemac check` (--check-db\n"
    "URL or SCHEMAC_CHECK_DB adds PostgreSQL). See docs/generated-api.md.\n"
    "Exit 0 on success, 1 on schema errors or a write failure, 2 on bad usage,\n"
    "3 when the --check-db database cannot be used.\n";

/* Splits "postgres,sqlite" into dialects; false on an unknown name. */
static bool parse_dialects(const char *list, bool want[2]) {
  want[0] = want[1] = false;
  char *buf = scc_xstrndup(list, strlen(list)); /* any length: no cut-off list */
  bool ok = true;
  for (char *tok = strtok(buf, ","); tok && ok; tok = strtok(NULL, ",")) {
    sc_dialect d;
    ok = scc_dialect_parse(tok, &d);
    if (ok) want[d == SC_DIALECT_SQLITE] = true;
  }
  free(buf);
  return ok && (want[0] || want[1]);
}

/* mkdir -p: creates dir and its missing parents (after a successful check,
 * so a schema error leaves nothing behind). */
static int mkdir_p(const char *dir) {
  size_t n = strlen(dir);
  if (n == 0) {
    errno = ENOENT;
    return -1;
  }
  char *path = scc_xstrndup(dir, n); /* the system says when it is too long */
  for (size_t i = 1; i <= n; i++) {
    if (path[i] != '/' && path[i] != 0) continue;
    char c = path[i];
    path[i] = 0;
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      int e = errno;
      free(path);
      errno = e;
      return -1;
    }
    path[i] = c;
  }
  free(path);
  struct stat st;
  if (stat(dir, &st) != 0) return -1;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  return 0;
}

static int write_out(const char *dir, const char *name, const char *ext, scc_buf *b) {
  char *path = scc_xasprintf("%s/%s%s", dir, name, ext);
  bool changed = false;
  int rc = EXIT_OK;
  if (scc_write_file_atomic(path, b->data ? b->data : "", b->len, &changed) != 0) {
    fprintf(stderr, "schemac: cannot write '%s': %s\n", path, strerror(errno));
    rc = EXIT_SCHEMA;
  } else if (changed) {
    printf("wrote %s\n", path);
  }
  free(path);
  return rc;
}

int scc_cmd_generate(int argc, char **argv) {
  /* Take --out here; the shared parser handles FILES, --dialect, --prefix. */
  const char *out_dir = NULL, *check_db = NULL;
  int bad = scc_cli_take_check_db(&argc, argv, &check_db, usage_generate);
  if (bad) return bad;
  char **rest = calloc((size_t)argc + 1, sizeof *rest);
  if (!rest) return EXIT_USAGE;
  int nrest = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--out") || !strcmp(argv[i], "-o")) {
      if (i + 1 >= argc) {
        free(rest);
        return scc_cli_usage_error("%s needs a value", argv[i], usage_generate);
      }
      out_dir = argv[++i];
    } else if (!strncmp(argv[i], "--out=", 6)) {
      out_dir = argv[i] + 6;
    } else {
      rest[nrest++] = argv[i];
    }
  }
  scc_cli_args a = {0};
  int rc = scc_cli_parse_args(nrest, rest, &a, usage_generate, true, false);
  free(rest);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  bool want[2] = {true, true};
  if (a.dialect && !parse_dialects(a.dialect, want)) {
    free(a.files);
    return scc_cli_usage_error("unknown dialect in '%s' (use postgres, sqlite or both)", a.dialect, usage_generate);
  }
  if (!out_dir) {
    free(a.files);
    return scc_cli_usage_error("%s--out DIR is required", "", usage_generate);
  }
  struct stat st;
  if (stat(out_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
    free(a.files);
    fprintf(stderr, "schemac: '%s' is not a directory\n", out_dir);
    return EXIT_USAGE;
  }
  scc_compiler *c = scc_cli_load(&a);
  scc_check_options opt = {a.prefix};
  const scc_schema *s = scc_compiler_check(c, &opt);
  int result = s ? scc_cli_check_queries(c, s, check_db) : EXIT_SCHEMA;
  scc_cli_print_diags(c);
  if (result == EXIT_OK) {
    /* Everything is generated before anything is written: no partial output. */
    scc_buf h = {0}, src = {0}, sql[2] = {{0}, {0}};
    scc_emit_c(s, SCHEMAC_VERSION, &h, &src);
    for (int d = 0; d < 2; d++)
      if (want[d]) scc_emit_sql(s, d ? SC_DIALECT_SQLITE : SC_DIALECT_POSTGRES, &sql[d]);
    const char *name = s->name;
    if (mkdir_p(out_dir) != 0) {
      fprintf(stderr, "schemac: cannot create output directory '%s': %s\n", out_dir, strerror(errno));
      result = EXIT_SCHEMA;
    }
    if (result == EXIT_OK) result = write_out(out_dir, name, ".h", &h);
    if (result == EXIT_OK) result = write_out(out_dir, name, ".c", &src);
    for (int d = 0; d < 2 && result == EXIT_OK; d++)
      if (want[d]) result = write_out(out_dir, name, d ? ".sqlite.sql" : ".postgres.sql", &sql[d]);
    scc_buf_free(&h);
    scc_buf_free(&src);
    scc_buf_free(&sql[0]);
    scc_buf_free(&sql[1]);
  }
  scc_compiler_free(c);
  free(a.files);
  return result;
}
