/* `schemac pull`: a live database read back into a .schema file
 * (generator/pull/, docs/pull.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_common.h"
#include "cli/cmd_pull.h"
#include "pull/pull.h"
#include "schemac/config.h"

static const char usage_pull[] =
    "usage: schemac pull --db URL [--out FILE] [--schema NAME] [--pg-schema NSP]\n"
    "\n"
    "Reads the tables of a live database (a PostgreSQL schema through its\n"
    "catalog, or an SQLite file) and writes them as a .schema file that\n"
    "`schemac check` accepts: columns and types, nullability, defaults, keys,\n"
    "foreign keys, checks, indexes, enums and comments. What the language\n"
    "cannot express is kept as a `// pull:` comment and printed as a warning\n"
    "on stderr. schemac's own tables (schemac_*) are left out.\n"
    "\n"
    "  --db URL         postgresql://... or sqlite:FILE (as for migrate)\n"
    "  --out FILE       write there (atomically) instead of stdout\n"
    "  --schema NAME    a `schema NAME` line (the C prefix of generated code)\n"
    "  --pg-schema NSP  the PostgreSQL schema to read (default: public)\n"
    "\n"
    "Exit 0 on success, 2 on bad usage, 3 when the database cannot be read.\n";

static const char *sqlite_path(const char *url) {
  const char *p = url + strlen("sqlite:");
  if (!strncmp(p, "//", 2)) p += 2; /* sqlite:///abs -> /abs, as the runtime reads it */
  return p;
}

int scc_cmd_pull(int argc, char **argv) {
  const char *db = NULL, *out = NULL, *schema = NULL, *nsp = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = !strcmp(a, "--db") ? &db : !strcmp(a, "--out") ? &out : !strcmp(a, "--schema") ? &schema
                        : !strcmp(a, "--pg-schema") ? &nsp : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_pull, stdout);
      return EXIT_OK;
    }
    if (!slot) return scc_cli_usage_error("unknown argument '%s'", a, usage_pull);
    if (i + 1 >= argc) return scc_cli_usage_error("%s needs a value", a, usage_pull);
    *slot = argv[++i];
  }
  if (!db) return scc_cli_usage_error("%s--db is required", "", usage_pull);
  if (schema && scc_cli_check_prefix(schema)) return EXIT_USAGE;
  sc_dialect d = sc_url_dialect(db);
  if (!d) return scc_cli_usage_error("unsupported database URL '%s' (want postgresql://... or sqlite:FILE)", db, usage_pull);
  scc_pulled p;
  scc_buf err = {0};
  bool ok = d == SC_DIALECT_SQLITE ? scc_pull_sqlite(sqlite_path(db), &p, &err) : scc_pull_pg(db, nsp, &p, &err);
  if (!ok) {
    fprintf(stderr, "schemac: cannot read the database: %.*s\n", (int)err.len, err.data ? err.data : "");
    scc_buf_free(&err);
    scc_pulled_free(&p);
    return EXIT_DB;
  }
  scc_buf text = {0}, warnings = {0};
  scc_pull_write(&p, schema, &text, &warnings);
  fwrite(warnings.data ? warnings.data : "", 1, warnings.len, stderr);
  int rc = EXIT_OK;
  if (!out) {
    fwrite(text.data ? text.data : "", 1, text.len, stdout);
  } else {
    bool changed;
    if (scc_write_file_atomic(out, text.data ? text.data : "", text.len, &changed) != 0) {
      fprintf(stderr, "schemac: cannot write '%s': %s\n", out, strerror(errno));
      rc = EXIT_SCHEMA;
    }
  }
  scc_buf_free(&text);
  scc_buf_free(&warnings);
  scc_buf_free(&err);
  scc_pulled_free(&p);
  return rc;
}
