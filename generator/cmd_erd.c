/* schemac erd: ER diagram. */
#include <stdio.h>

#include "cli_common.h"

int scc_cmd_erd(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("schemac: 'erd' is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
