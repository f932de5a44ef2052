/* schemac generate: C code and DDL from a schema. */
#include <stdio.h>

#include "cli_common.h"

int scc_cmd_generate(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("schemac: 'generate' is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
