/* schemac migrate: migrations. */
#include <stdio.h>

#include "cli_common.h"

int scc_cmd_migrate(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fputs("schemac: 'migrate' is not implemented yet\n", stderr);
  return EXIT_USAGE;
}
