/* Shared by the files of `schemac migrate` (cmd_migrate*.c): the migrations
 * directory (numbered files, schema.lock, migrations.sum). */
#ifndef SCC_CMD_MIGRATE_H
#define SCC_CMD_MIGRATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "migrate/migrate_dir.h"
#include "schemac.h"

/* Writes migrations.sum for every *.sql file and schema.lock of the dialect
 * directory ("<sha256>  <file>" lines, sorted). */
bool scc_mig_sum_write(const char *path);
/* Compares migrations.sum with the files; prints problems to stderr and
 * returns their count (0 when all match; a missing sum file is a problem
 * only when there are migration files). */
int scc_mig_sum_verify(const char *path);

extern const char scc_migrate_usage[];
int scc_cmd_migrate_diff(int argc, char **argv);
int scc_cmd_migrate_embed(int argc, char **argv);
int scc_cmd_migrate_run(const char *sub, int argc, char **argv);
#endif
