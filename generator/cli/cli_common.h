/* Helpers of the command-line tool. */
#ifndef SCC_CLI_COMMON_H
#define SCC_CLI_COMMON_H
#include <stdbool.h>
#include <stddef.h>

/* Exit codes (SPEC section 2). */
enum { EXIT_OK = 0, EXIT_SCHEMA = 1, EXIT_USAGE = 2, EXIT_DB = 3 };

/* Writes `data` to `path` through a temp file and rename(), so readers never
 * see a partial file; leaves the file alone when its content is already
 * `data` (builds stay incremental). Returns 0, or -1 with errno set. */
int scc_write_file_atomic(const char *path, const char *data, size_t len, bool *changed);

/* Reads a whole file; NULL on error (errno set). Free with free(). */
char *scc_read_file(const char *path, size_t *len);

typedef struct scc_compiler scc_compiler;
typedef struct scc_schema scc_schema;

/* Options shared by the commands that read a schema. */
typedef struct scc_cli_args {
  const char **files;
  int nfiles;
  const char *dialect;
  const char *prefix;
  bool check;
} scc_cli_args;

/* Prints "schemac: <fmt % arg>" and the usage to stderr; returns EXIT_USAGE. */
int scc_cli_usage_error(const char *fmt, const char *arg, const char *usage);
/* Renders the compiler's diagnostics to stderr with an error count. */
void scc_cli_print_diags(scc_compiler *c);
/* 0 when p can prefix the generated C names (an identifier, not the
 * runtime's own prefix); else prints why and returns EXIT_USAGE. */
int scc_cli_check_prefix(const char *p);
/* Parses FILES plus --dialect/--prefix (allow_dialect) and --check
 * (allow_check). Returns 0, -1 after printing --help (exit 0), or an exit
 * code. a->files is malloc'd in every case: free it. */
int scc_cli_parse_args(int argc, char **argv, scc_cli_args *a, const char *usage, bool allow_dialect,
                       bool allow_check);
/* A compiler with every file of `a` added (exits on out of memory). */
scc_compiler *scc_cli_load(const scc_cli_args *a);

/* Takes `--check-db URL` (or --check-db=URL) out of argv (shifting the
 * rest down, *argc updated); *url is it, else $SCHEMAC_CHECK_DB, else NULL.
 * Returns 0, or EXIT_USAGE after printing the usage when the value is
 * missing. */
int scc_cli_take_check_db(int *argc, char **argv, const char **url, const char *usage);
/* Checks the typed queries of s (docs/queries.md): against SQLite, and on
 * PostgreSQL when url is set. Diagnostics go to the compiler's; returns
 * EXIT_OK, EXIT_SCHEMA or EXIT_DB. */
int scc_cli_check_queries(scc_compiler *c, const scc_schema *s, const char *url);

/* The commands; each gets the arguments after its name and returns an exit
 * code. One file each: cmd_generate.c, cmd_erd.c, cmd_seed.c, cmd_migrate.c. */
int scc_cmd_generate(int argc, char **argv);
int scc_cmd_erd(int argc, char **argv);
int scc_cmd_seed(int argc, char **argv);
int scc_cmd_migrate(int argc, char **argv);
#endif
