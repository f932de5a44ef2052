/* schemac seed: load seed files. */
#include <stdio.h>

#include "cli_common.h"

int scc_cmd_seed(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("schemac: 'seed' is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
