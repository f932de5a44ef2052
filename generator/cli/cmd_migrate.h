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

/* The name of a migration (`diff --name`, `new NAME`): lowercase letters,
 * digits and '_', at most SCC_MIGRATION_NAME_MAX characters. EXIT_OK, or
 * EXIT_USAGE after printing why (`what` names the argument). */
int scc_mig_check_name(const char *name, const char *what);
/* mkdir -p; 0 or -1 with errno set. */
int scc_mkdirs(const char *path);
/* The dialect directories that exist under dir (postgres, then sqlite), or
 * only `only` when it is not NULL; returns how many were put in out[]. */
int scc_mig_dialects(const char *dir, const char *only, sc_dialect out[2]);

extern const char scc_migrate_usage[];
int scc_cmd_migrate_diff(int argc, char **argv);
int scc_cmd_migrate_embed(int argc, char **argv);
int scc_cmd_migrate_run(const char *sub, int argc, char **argv);
int scc_cmd_migrate_new(int argc, char **argv);   /* cmd_migrate_files.c */
int scc_cmd_migrate_hash(int argc, char **argv);  /* cmd_migrate_files.c */
int scc_cmd_migrate_squash(int argc, char **argv); /* cmd_migrate_squash.c */
#endif
