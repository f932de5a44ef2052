/* A migrations directory (SPEC 5): DIR/<dialect>/NNNN_name.up.sql and
 * .down.sql, read into memory. Used by `schemac migrate` and by the
 * migrations embedding (migrate_embed.c). */
#ifndef SCC_MIGRATE_DIR_H
#define SCC_MIGRATE_DIR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "dialect/dialect.h"
#include "model/model.h"

typedef struct scc_mig_file {
  int64_t version;
  char *name;      /* "add_phone" */
  char *up, *down; /* file contents (NULL only when the load failed) */
} scc_mig_file;

typedef struct scc_mig_dir {
  char *path;      /* DIR/<dialect> */
  scc_mig_file *files;
  size_t nfiles;   /* sorted by version */
} scc_mig_dir;

/* Versions are int64; past this many digits a file name is refused (not
 * capped). 18 digits always fit, a timestamp version YYYYMMDDHHMMSS has 14. */
#define SCC_MIG_VERSION_MAX_DIGITS 18

/* Reads DIR/<dialect> (a missing directory is empty). Returns false with a
 * message on stderr (one per problem) when a file cannot be read, holds a
 * NUL byte, two share a version, a .sql file is not named
 * NNNN_name.up.sql / .down.sql, a version has more than
 * SCC_MIG_VERSION_MAX_DIGITS digits, or an up lacks its down (or the other
 * way round); free *out with scc_mig_dir_free in every case. */
bool scc_mig_dir_load(const char *dir, const char *dialect, scc_mig_dir *out);
void scc_mig_dir_free(scc_mig_dir *d);

/* C source embedding the migrations, so that an application migrates at
 * start-up with the runtime (schemac/migrate.h). Defines
 *   const sc_migration <prefix>_migrations_<dialect>[];
 *   const size_t <prefix>_migrations_<dialect>_count;
 *   sc_status <prefix>_migrate_<dialect>(sc_conn *conn);  // all pending, up
 * and `header` gets the matching declarations (include guard included).
 * `stem` names the header the source includes ("crm_migrations.h"). */
void scc_emit_migrations_c(const scc_mig_dir *d, const char *prefix, sc_dialect dialect, const char *stem,
                           scc_buf *source, scc_buf *header);
#endif
