/* schemac erd: print an ER diagram of the schema (Mermaid or Graphviz DOT). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_common.h"
#include "emit/emit_erd.h"
#include "schemac.h"

static const char usage_erd[] =
    "usage: schemac erd FILES... --format mermaid|dot\n"
    "\n"
    "Prints an ER diagram of the schema made of FILES to stdout: every entity\n"
    "with its fields (DSL types, '?' or \"nullable\" when nullable), PK/FK/UK\n"
    "markers, and one relation per foreign key in crow's-foot notation\n"
    "(nullable key: zero or one parent; unique key: one to one).\n"
    "\n"
    "  --format mermaid   a Mermaid erDiagram (renders on GitHub in ```mermaid blocks)\n"
    "  --format dot       Graphviz DOT: schemac erd ... --format dot | dot -Tsvg > erd.svg\n"
    "\n"
    "Exit 0 on success, 1 when the schema has errors, 2 on bad usage.\n";

int scc_cmd_erd(int argc, char **argv) {
  /* Take --format out; the shared parser handles FILES and --help. */
  const char *format = NULL;
  char **rest = calloc((size_t)argc + 1, sizeof *rest);
  if (!rest) return EXIT_USAGE;
  int nrest = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--format")) {
      if (i + 1 >= argc) {
        free(rest);
        return scc_cli_usage_error("%s needs a value", "--format", usage_erd);
      }
      format = argv[++i];
    } else if (!strncmp(argv[i], "--format=", 9)) {
      format = argv[i] + 9;
    } else {
      rest[nrest++] = argv[i];
    }
  }
  scc_cli_args a = {0};
  int rc = scc_cli_parse_args(nrest, rest, &a, usage_erd, false, false);
  free(rest);
  if (rc) {
    free(a.files);
    return rc < 0 ? EXIT_OK : rc;
  }
  scc_erd_format f;
  if (!format) {
    free(a.files);
    return scc_cli_usage_error("%s--format is required (mermaid or dot)", "", usage_erd);
  }
  if (!scc_erd_format_parse(format, &f)) {
    free(a.files);
    return scc_cli_usage_error("unknown format '%s' (use mermaid or dot)", format, usage_erd);
  }
  scc_compiler *c = scc_cli_load(&a);
  const scc_schema *s = scc_compiler_check(c, NULL);
  scc_cli_print_diags(c);
  if (s) {
    scc_buf out = {0};
    scc_emit_erd(s, f, &out);
    fwrite(out.data, 1, out.len, stdout);
    scc_buf_free(&out);
  }
  scc_compiler_free(c);
  free(a.files);
  return s ? EXIT_OK : EXIT_SCHEMA;
}
