/* schemac migrate new | hash: the files of a migrations directory by hand.
 * `new` adds an empty numbered pair for hand-written SQL; `hash` rewrites
 * migrations.sum after a deliberate edit, refusing when a database given
 * with --db already applied the edited file. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <schemac/migrate.h>
#include <schemac/schemac.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "cli/cli_common.h"
#include "cli/cmd_migrate.h"

int scc_mig_dialects(const char *dir, const char *only, sc_dialect out[2]) {
  static const sc_dialect all[] = {SC_DIALECT_POSTGRES, SC_DIALECT_SQLITE};
  int n = 0;
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
    if (only && strcmp(only, scc_dialect_name(all[i]))) continue;
    char *p = scc_path_join(dir, scc_dialect_name(all[i]));
    struct stat st;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) out[n++] = all[i];
    free(p);
  }
  return n;
}

/* ---- new ------------------------------------------------------------------- */

int scc_cmd_migrate_new(int argc, char **argv) {
  const char *dir = NULL, *dialect = NULL, *name = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help")) {
      fputs(scc_migrate_usage, stdout);
      return EXIT_OK;
    }
    const char **slot = !strcmp(a, "--dir") ? &dir : !strcmp(a, "--dialect") ? &dialect : NULL;
    if (slot && i + 1 < argc) *slot = argv[++i];
    else if (a[0] != '-' && !name) name = a;
    else return scc_cli_usage_error("unknown or incomplete argument '%s'", a, scc_migrate_usage);
  }
  if (!name || !dir || !dialect)
    return scc_cli_usage_error("%smigrate new needs NAME, --dir and --dialect", "", scc_migrate_usage);
  sc_dialect d;
  if (!scc_dialect_parse(dialect, &d))
    return scc_cli_usage_error("unknown dialect '%s' (use postgres or sqlite)", dialect, scc_migrate_usage);
  int bad = scc_mig_check_name(name, "NAME");
  if (bad) return bad;
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return scc_cli_usage_error("--dir '%s' is not a directory", dir, scc_migrate_usage);

  scc_mig_dir md;
  int result = EXIT_SCHEMA;
  char *title = NULL, *up_path = NULL, *down_path = NULL;
  scc_buf up = {0}, down = {0};
  if (!scc_mig_dir_load(dir, scc_dialect_name(d), &md)) goto done;
  /* Rewriting the sums over files that do not match them would bless an
   * edit nobody looked at. */
  if (scc_mig_sum_verify(md.path)) {
    fprintf(stderr, "schemac: refusing to add a migration: the files of %s do not match migrations.sum (restore "
            "them, or run `schemac migrate hash` if the edit was deliberate)\n", md.path);
    goto done;
  }
  int64_t version = md.nfiles ? md.files[md.nfiles - 1].version + 1 : 1;
  title = scc_xasprintf("%04" PRId64 "_%s", version, name);
  scc_buf_printf(&up,
                 "-- %s (up): written by hand (`schemac migrate new`) for %s.\n"
                 "-- It runs in one transaction together with its history row: no BEGIN or COMMIT; end each\n"
                 "-- statement with ';'. Schema changes belong in the .schema files and `migrate diff`.\n"
                 "-- After editing, update the checksums: schemac migrate hash --dir %s --dialect %s\n\n",
                 title, scc_dialect_name(d), dir, scc_dialect_name(d));
  scc_buf_printf(&down,
                 "-- %s (down): written by hand; undoes %s.up.sql (may stay empty).\n"
                 "-- After editing, update the checksums: schemac migrate hash --dir %s --dialect %s\n\n",
                 title, title, dir, scc_dialect_name(d));
  up_path = scc_xasprintf("%s/%s.up.sql", md.path, title);
  down_path = scc_xasprintf("%s/%s.down.sql", md.path, title);
  if (scc_mkdirs(md.path) != 0 || scc_write_file_atomic(up_path, up.data, up.len, NULL) ||
      scc_write_file_atomic(down_path, down.data, down.len, NULL)) {
    fprintf(stderr, "schemac: cannot write migration files in '%s': %s\n", md.path, strerror(errno));
    goto done;
  }
  if (!scc_mig_sum_write(md.path)) goto done;
  printf("Wrote %s and %s.down.sql (%s, empty): write the SQL, then `schemac migrate hash --dir %s --dialect %s`\n",
         up_path, title, scc_dialect_name(d), dir, scc_dialect_name(d));
  result = EXIT_OK;
done:
  scc_buf_free(&up);
  scc_buf_free(&down);
  free(title);
  free(up_path);
  free(down_path);
  scc_mig_dir_free(&md);
  return result;
}

/* ---- hash ------------------------------------------------------------------ */

/* migrations.sum as text ("" when missing); `name`'s recorded sum or NULL. */
static const char *sum_of(const char *sum, const char *name, char out[65]) {
  size_t nl = strlen(name);
  for (const char *line = sum; *line;) {
    const char *end = strchr(line, '\n');
    size_t ll = end ? (size_t)(end - line) : strlen(line);
    if (ll == 66 + nl && !memcmp(line + 64, "  ", 2) && !memcmp(line + 66, name, nl)) {
      memcpy(out, line, 64);
      out[64] = 0;
      return out;
    }
    line += ll + (end != NULL);
  }
  return NULL;
}

static char *read_sum(const char *path) {
  char *p = scc_path_join(path, "migrations.sum");
  size_t len;
  char *s = scc_read_file(p, &len);
  free(p);
  return s ? s : scc_xstrndup("", 0);
}

/* Prints what differs between two migrations.sum texts; returns how many
 * lines differ. */
static int report_changes(const char *path, const char *old, const char *now) {
  int n = 0;
  char a[65], b[65];
  for (int pass = 0; pass < 2; pass++) {
    const char *text = pass ? old : now;
    for (const char *line = text; *line;) {
      const char *end = strchr(line, '\n');
      size_t ll = end ? (size_t)(end - line) : strlen(line);
      if (ll > 66) {
        char *name = scc_xstrndup(line + 66, ll - 66);
        const char *was = sum_of(old, name, a), *is = sum_of(now, name, b);
        const char *what = pass ? (is ? NULL : "removed") : !was ? "added" : strcmp(was, is) ? "changed" : NULL;
        if (what) {
          printf("  %-8s %s/%s\n", what, path, name);
          n++;
        }
        free(name);
      }
      line += ll + (end != NULL);
    }
  }
  return n;
}

/* --db: every applied migration's up file must still have the checksum the
 * history recorded (up and verify would refuse it otherwise). Returns an
 * exit code. */
static int refuse_applied_edits(const char *url, const scc_mig_dir *md) {
  sc_config cfg;
  sc_config_init(&cfg);
  cfg.url = url;
  cfg.sqlite_create = false;
  cfg.connect_retry_ms = 0;
  cfg.max_conns = 1;
  sc_conn *c;
  sc_status orc = sc_conn_open(&c, &cfg);
  if (orc == SC_INVALID_ARGUMENT) return scc_cli_usage_error("%s", sc_error_last()->message, scc_migrate_usage);
  if (orc != SC_OK) {
    fprintf(stderr, "schemac: cannot connect: %s\n", sc_error_last()->message);
    return EXIT_DB;
  }
  sc_migration *m = calloc(md->nfiles + 1, sizeof *m);
  for (size_t i = 0; i < md->nfiles; i++)
    m[i] = (sc_migration){md->files[i].version, md->files[i].name, md->files[i].up, md->files[i].down};
  char *report = NULL;
  sc_status rc = sc_migrate_verify(c, m, md->nfiles, &report);
  int result = EXIT_OK;
  if (rc == SC_CONFLICT) {
    fprintf(stderr, "schemac: refusing to rewrite %s/migrations.sum: the database %s says:\n%s"
            "An applied migration must not change (up and verify refuse it whatever migrations.sum says): "
            "restore the file from version control and put the change in a new migration "
            "(`schemac migrate new NAME`)\n", md->path, url, report);
    result = EXIT_SCHEMA;
  } else if (rc != SC_OK) {
    fprintf(stderr, "schemac: cannot read the history: %s\n", sc_error_last()->message);
    result = EXIT_DB;
  }
  free(report);
  free(m);
  sc_conn_close(c);
  return result;
}

int scc_cmd_migrate_hash(int argc, char **argv) {
  const char *dir = NULL, *dialect = NULL, *db = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help")) {
      fputs(scc_migrate_usage, stdout);
      return EXIT_OK;
    }
    const char **slot = !strcmp(a, "--dir") ? &dir : !strcmp(a, "--dialect") ? &dialect : !strcmp(a, "--db") ? &db : NULL;
    if (!slot || i + 1 >= argc) return scc_cli_usage_error("unknown or incomplete option '%s'", a, scc_migrate_usage);
    *slot = argv[++i];
  }
  if (!dir) return scc_cli_usage_error("%smigrate hash needs --dir", "", scc_migrate_usage);
  sc_dialect only = 0;
  if (dialect && !scc_dialect_parse(dialect, &only))
    return scc_cli_usage_error("unknown dialect '%s' (use postgres or sqlite)", dialect, scc_migrate_usage);
  if (db) {
    sc_dialect u = sc_url_dialect(db);
    if (!u) return scc_cli_usage_error("cannot tell the database from the URL '%s'", db, scc_migrate_usage);
    if (dialect && u != only)
      return scc_cli_usage_error("--db '%s' is not a database of --dialect", db, scc_migrate_usage);
    only = u;
  }
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return scc_cli_usage_error("--dir '%s' is not a directory", dir, scc_migrate_usage);
  sc_dialect ds[2];
  int nd = scc_mig_dialects(dir, only ? scc_dialect_name(only) : NULL, ds);
  if (!nd) return scc_cli_usage_error("no migrations directory (postgres/ or sqlite/) in '%s'", dir, scc_migrate_usage);
  int result = EXIT_OK;
  for (int k = 0; k < nd && result == EXIT_OK; k++) {
    scc_mig_dir md;
    if (!scc_mig_dir_load(dir, scc_dialect_name(ds[k]), &md)) result = EXIT_SCHEMA;
    else if (db) result = refuse_applied_edits(db, &md);
    if (result == EXIT_OK) {
      char *old = read_sum(md.path);
      if (!scc_mig_sum_write(md.path)) {
        result = EXIT_SCHEMA;
      } else {
        char *now = read_sum(md.path);
        printf("%s/migrations.sum:\n", md.path);
        if (!report_changes(md.path, old, now)) printf("  up to date: no file changed\n");
        free(now);
      }
      free(old);
    }
    scc_mig_dir_free(&md);
  }
  return result;
}
