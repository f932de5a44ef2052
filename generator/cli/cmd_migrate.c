/* schemac migrate: dispatch, the migrations directory, and `migrate diff`
 * (schema.lock vs the current schema -> the next numbered up/down pair). */
#define _POSIX_C_SOURCE 200809L
#include "base/alloc.h"
#include "base/buf.h"
#include "cli/cmd_migrate.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <schemac/migrate.h>

#include "cli/cli_common.h"
#include "migrate/diff.h"
#include "migrate/plan.h"

const char scc_migrate_usage[] =
    "usage: schemac migrate diff FILES... --dir DIR --dialect postgres|sqlite --name NAME [--allow-destructive]\n"
    "       schemac migrate up     --dir DIR --db URL [--to V | --steps N] [--lock-timeout MS]\n"
    "       schemac migrate down   --dir DIR --db URL [--to V | --steps N] [--lock-timeout MS]\n"
    "       schemac migrate status --dir DIR --db URL [--to V | --steps N]\n"
    "       schemac migrate verify --dir DIR --db URL\n"
    "       schemac migrate check  --dir DIR --db URL [--to V]\n"
    "       schemac migrate resolve --dir DIR --db URL --version V --applied|--reverted\n"
    "       schemac migrate embed  --dir DIR --dialect D --prefix P --out OUTDIR\n"
    "       schemac migrate baseline --dir DIR --db URL [--to V]\n"
    "       schemac migrate new NAME --dir DIR --dialect D\n"
    "       schemac migrate hash   --dir DIR [--dialect D] [--db URL]\n"
    "       schemac migrate squash --dir DIR --to V [--dialect D] [--name NAME] [--check-db URL] [FILES...]\n"
    "\n"
    "diff compares DIR/<dialect>/schema.lock with the schema of FILES and writes\n"
    "the next NNNN_NAME.up.sql / .down.sql pair, the new schema.lock and\n"
    "migrations.sum. Renames need @renamed_from / @@renamed_from. Destructive\n"
    "changes (dropping a table or column, narrowing a type, NOT NULL without a\n"
    "default) are refused unless --allow-destructive.\n"
    "up/down apply and revert migrations (one transaction each; the dialect\n"
    "comes from the URL; PostgreSQL lock_timeout 10000 ms unless given, 0 = none);\n"
    "status lists them (--to/--steps: which ones that up would apply; DIRTY:\n"
    "partially applied outside a transaction); resolve clears a DIRTY mark once\n"
    "the migration was finished (--applied) or undone (--reverted) by hand;\n"
    "verify checks every file's name and statements, every file against\n"
    "migrations.sum and the applied ones against the database's history; check\n"
    "compares the live schema with the one of the latest applied migration;\n"
    "embed writes OUTDIR/P_migrations_<dialect>.c/.h holding the migrations, so\n"
    "an application migrates itself at start-up (P_migrate_<dialect>(conn)).\n"
    "baseline marks an existing database as migrated through V (default: the\n"
    "newest) without running anything, once its schema matches the one of V;\n"
    "new writes the next numbered pair, empty, for hand-written SQL (data\n"
    "migrations); hash rewrites migrations.sum after a deliberate edit and lists\n"
    "the files that changed (--db: refused when that database applied an edited file);\n"
    "squash replaces the files up to V by one pair holding the schema as of V\n"
    "(schema.lock, or FILES when V is not the newest), verified on scratch\n"
    "databases first (PostgreSQL: --check-db URL or SCHEMAC_CHECK_DB); databases\n"
    "that applied the old files are at the squashed version.\n"
    "See docs/migrations.md. Exit codes: 0 ok, 1 refused change, drift or\n"
    "tampered file, 2 usage, 3 database error.\n";

int scc_cmd_migrate(int argc, char **argv) {
  if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
    fputs(scc_migrate_usage, argc < 1 ? stderr : stdout);
    return argc < 1 ? EXIT_USAGE : EXIT_OK;
  }
  const char *sub = argv[0];
  if (!strcmp(sub, "diff")) return scc_cmd_migrate_diff(argc - 1, argv + 1);
  if (!strcmp(sub, "embed")) return scc_cmd_migrate_embed(argc - 1, argv + 1);
  if (!strcmp(sub, "new")) return scc_cmd_migrate_new(argc - 1, argv + 1);
  if (!strcmp(sub, "hash")) return scc_cmd_migrate_hash(argc - 1, argv + 1);
  if (!strcmp(sub, "squash")) return scc_cmd_migrate_squash(argc - 1, argv + 1);
  if (!strcmp(sub, "up") || !strcmp(sub, "down") || !strcmp(sub, "status") || !strcmp(sub, "verify") ||
      !strcmp(sub, "check") || !strcmp(sub, "resolve") || !strcmp(sub, "baseline"))
    return scc_cmd_migrate_run(sub, argc - 1, argv + 1);
  return scc_cli_usage_error("unknown migrate command '%s'", sub, scc_migrate_usage);
}

/* ---- the directory ------------------------------------------------------- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The files migrations.sum covers, sorted. */
static char **sum_files(const char *path, size_t *n) {
  *n = 0;
  char **v = NULL;
  DIR *d = opendir(path);
  if (!d) return NULL;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t len = strlen(de->d_name);
    bool sql = len > 4 && !strcmp(de->d_name + len - 4, ".sql");
    if (!sql && strcmp(de->d_name, "schema.lock")) continue;
    char **g = scc_xrealloc_array(v, *n + 1, sizeof *g);
    v = g;
    v[(*n)++] = strdup(de->d_name);
  }
  closedir(d);
  if (*n) qsort(v, *n, sizeof *v, cmp_str);
  return v;
}

static bool file_sum(const char *dir, const char *name, char out[65]) {
  char *p = scc_path_join(dir, name);
  size_t len;
  char *data = scc_read_file(p, &len);
  free(p);
  if (!data) return false;
  bool ok = sc_sha256_hex(data, len, out) == SC_OK;
  free(data);
  return ok;
}

bool scc_mig_sum_write(const char *path) {
  size_t n;
  char **files = sum_files(path, &n);
  scc_buf b = {0};
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    char sum[65];
    if (file_sum(path, files[i], sum)) scc_buf_printf(&b, "%s  %s\n", sum, files[i]);
    else ok = false;
    free(files[i]);
  }
  free(files);
  char *p = scc_path_join(path, "migrations.sum");
  if (ok && scc_write_file_atomic(p, b.data ? b.data : "", b.len, NULL) != 0) {
    fprintf(stderr, "schemac: cannot write '%s': %s\n", p, strerror(errno));
    ok = false;
  }
  free(p);
  scc_buf_free(&b);
  return ok;
}

int scc_mig_sum_verify(const char *path) {
  size_t n;
  char **files = sum_files(path, &n);
  char *p = scc_path_join(path, "migrations.sum");
  size_t len;
  char *sum = scc_read_file(p, &len);
  int problems = 0;
  if (!sum && n) {
    fprintf(stderr, "schemac: %s is missing\n", p);
    problems++;
  }
  /* Every listed file must match; every file must be listed. */
  char *copy = sum ? strdup(sum) : NULL;
  for (char *line = copy; line && *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    if (strlen(line) > 66) {
      char have[65];
      const char *name = line + 66;
      if (!file_sum(path, name, have)) {
        fprintf(stderr, "schemac: %s/%s is listed in migrations.sum but missing\n", path, name);
        problems++;
      } else if (strncmp(have, line, 64)) {
        fprintf(stderr, "schemac: %s/%s was changed: its checksum does not match migrations.sum\n", path, name);
        problems++;
      }
    }
    line = nl ? nl + 1 : line + strlen(line);
  }
  for (size_t i = 0; i < n; i++) {
    scc_buf needle = {0};
    scc_buf_printf(&needle, "  %s\n", files[i]);
    if (sum && !strstr(sum, needle.data)) {
      fprintf(stderr, "schemac: %s/%s is not listed in migrations.sum\n", path, files[i]);
      problems++;
    }
    scc_buf_free(&needle);
    free(files[i]);
  }
  free(files);
  free(copy);
  free(sum);
  free(p);
  return problems;
}

/* ---- diff ------------------------------------------------------------------- */

/* The checksum migrations.sum records for `name` in dir (false when the
 * file or the line is missing). */
static bool sum_recorded(const char *dir, const char *name, char out[65]) {
  char *p = scc_path_join(dir, "migrations.sum");
  size_t len;
  char *sum = scc_read_file(p, &len);
  free(p);
  bool found = false;
  size_t nl = strlen(name);
  for (char *line = sum; line && *line && !found;) {
    char *end = strchr(line, '\n');
    size_t ll = end ? (size_t)(end - line) : strlen(line);
    if (ll == 66 + nl && !memcmp(line + 64, "  ", 2) && !memcmp(line + 66, name, nl)) {
      memcpy(out, line, 64);
      out[64] = 0;
      found = true;
    }
    line = end ? end + 1 : line + ll;
  }
  free(sum);
  return found;
}

/* Longest --name of `migrate diff`: the runtime's history rows keep 127
 * bytes of a name (sc_applied_migration.name), so longer ones would read
 * back cut. */
#define SCC_MIGRATION_NAME_MAX 100
#define STR_(x) #x
#define STR(x) STR_(x)

static bool valid_name(const char *s) {
  if (!*s) return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
  return true;
}

int scc_mig_check_name(const char *name, const char *what) {
  if (!valid_name(name)) {
    fprintf(stderr, "schemac: %s '%s' must be lowercase letters, digits and '_'\n\n%s", what, name, scc_migrate_usage);
    return EXIT_USAGE;
  }
  if (strlen(name) > SCC_MIGRATION_NAME_MAX) {
    fprintf(stderr, "schemac: %s '%s' is longer than " STR(SCC_MIGRATION_NAME_MAX) " characters\n\n%s", what, name,
            scc_migrate_usage);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

int scc_mkdirs(const char *path) {
  char *p = strdup(path);
  for (char *s = p + 1; *s; s++)
    if (*s == '/') {
      *s = 0;
      mkdir(p, 0777);
      *s = '/';
    }
  int rc = mkdir(p, 0777);
  free(p);
  return rc == 0 || errno == EEXIST ? 0 : -1;
}

/* Canonical schema text: every file through the formatter, with a schema
 * declaration so the lock names the same schema. */
static void lock_text(scc_compiler *c, const scc_schema *s, const char *title, scc_buf *out) {
  scc_buf_printf(out, "// schema.lock: the schema as of migration %s.\n", title);
  scc_buf_puts(out, "// Written by `schemac migrate diff`; do not edit.\n");
  bool has_schema = false;
  for (size_t i = 0; i < scc_compiler_nfiles(c); i++)
    for (const scc_decl *d = scc_compiler_file(c, i)->decls; d; d = d->next)
      if (d->kind == SCC_DECL_SCHEMA) has_schema = true;
  if (!has_schema) scc_buf_printf(out, "schema %s\n", s->name);
  for (size_t i = 0; i < scc_compiler_nfiles(c); i++) {
    scc_buf_printf(out, "\n// ---- %s\n", scc_compiler_file(c, i)->path);
    scc_format_file(scc_compiler_file(c, i), out);
  }
}

int scc_cmd_migrate_diff(int argc, char **argv) {
  const char *dir = NULL, *dialect = NULL, *name = NULL;
  bool allow = false;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nfiles = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = !strcmp(a, "--dir") ? &dir : !strcmp(a, "--dialect") ? &dialect : !strcmp(a, "--name") ? &name : NULL;
    if (slot) {
      if (i + 1 >= argc) {
        free(files);
        return scc_cli_usage_error("%s needs a value", a, scc_migrate_usage);
      }
      *slot = argv[++i];
    } else if (!strcmp(a, "--allow-destructive")) {
      allow = true;
    } else if (!strcmp(a, "--help")) {
      free(files);
      fputs(scc_migrate_usage, stdout);
      return EXIT_OK;
    } else if (a[0] == '-') {
      free(files);
      return scc_cli_usage_error("unknown option '%s'", a, scc_migrate_usage);
    } else {
      files[nfiles++] = a;
    }
  }
  sc_dialect d;
  const char *missing = !nfiles ? "schema FILES" : !dir ? "--dir" : !dialect ? "--dialect" : !name ? "--name" : NULL;
  if (missing) {
    free(files);
    return scc_cli_usage_error("migrate diff needs %s", missing, scc_migrate_usage);
  }
  if (!scc_dialect_parse(dialect, &d)) {
    free(files);
    return scc_cli_usage_error("unknown dialect '%s' (use postgres or sqlite)", dialect, scc_migrate_usage);
  }
  int bad_name = scc_mig_check_name(name, "--name");
  if (bad_name) {
    free(files);
    return bad_name;
  }
  scc_cli_args args = {files, nfiles, NULL, NULL, false};
  scc_compiler *cn = scc_cli_load(&args);
  const scc_schema *sn = scc_compiler_check(cn, NULL);
  scc_cli_print_diags(cn);
  free(files);
  int result = EXIT_SCHEMA;
  scc_compiler *co = NULL;
  const scc_schema *so = NULL;
  scc_mig_dir md = {0};
  scc_diff diff = {0}, rev = {0};
  scc_buf up = {0}, down = {0}, lock = {0};
  char *lock_path = NULL, *title = NULL, *upname = NULL, *downname = NULL;
  if (!sn) goto done;
  if (!scc_mig_dir_load(dir, scc_dialect_name(d), &md)) goto done;
  lock_path = scc_path_join(md.path, "schema.lock");
  size_t lock_len;
  char *old_lock = scc_read_file(lock_path, &lock_len);
  char recorded[65], have[65];
  if (old_lock && sum_recorded(md.path, "schema.lock", recorded)) {
    if (sc_sha256_hex(old_lock, lock_len, have) != SC_OK || strcmp(have, recorded)) {
      fprintf(stderr,
              "schemac: %s does not match its checksum in migrations.sum: it was truncated or edited, and a diff "
              "against it would write a wrong migration. Restore it from version control (`git checkout -- %s`) "
              "and diff again\n",
              lock_path, lock_path);
      free(old_lock);
      goto done;
    }
  }
  if (old_lock) {
    co = scc_compiler_new();
    scc_compiler_add_source(co, lock_path, old_lock, lock_len);
    free(old_lock);
    so = scc_compiler_check(co, NULL);
    if (!so) {
      scc_cli_print_diags(co);
      fprintf(stderr, "schemac: %s is not a valid schema (it must not be edited by hand)\n", lock_path);
      goto done;
    }
  } else if (md.nfiles) {
    fprintf(stderr, "schemac: %s has migrations but no schema.lock\n", md.path);
    goto done;
  }
  scc_diff_schemas(so, sn, &diff);
  if (!diff.nchanges) {
    printf("No changes: the schema matches %s.\n", lock_path);
    result = EXIT_OK;
    goto done;
  }
  if (scc_diff_destructive(&diff) && !allow) {
    fprintf(stderr, "schemac: refusing destructive changes (rerun with --allow-destructive to accept them):\n");
    for (uint32_t i = 0; i < diff.nchanges; i++)
      if (diff.changes[i].destructive) fprintf(stderr, "  - %s\n", diff.changes[i].why);
    goto done;
  }
  int64_t version = md.nfiles ? md.files[md.nfiles - 1].version + 1 : 1;
  title = scc_xasprintf("%04" PRId64 "_%s", version, name);
  scc_plan pu = {0}, pd = {0};
  scc_diff_reverse(&diff, &rev);
  if (!so) {
    scc_buf_printf(&up, "-- %s (up): the whole schema, as `schemac sql` writes it.\n", title);
    scc_emit_sql(sn, d, &up);
  } else {
    scc_plan_build(&diff, d, &pu);
    char *label = scc_xasprintf("%s (up)", title);
    scc_plan_file(&pu, label, d, &up);
    free(label);
  }
  scc_plan_build(&rev, d, &pd);
  char *label = scc_xasprintf("%s (down)", title);
  scc_plan_file(&pd, label, d, &down);
  free(label);
  lock_text(cn, sn, title, &lock);
  if (scc_mkdirs(md.path) != 0) {
    fprintf(stderr, "schemac: cannot create '%s': %s\n", md.path, strerror(errno));
    goto plans;
  }
  upname = scc_xasprintf("%s/%s.up.sql", md.path, title);
  downname = scc_xasprintf("%s/%s.down.sql", md.path, title);
  if (scc_write_file_atomic(upname, up.data, up.len, NULL) || scc_write_file_atomic(downname, down.data, down.len, NULL) ||
      scc_write_file_atomic(lock_path, lock.data, lock.len, NULL)) {
    fprintf(stderr, "schemac: cannot write migration files in '%s': %s\n", md.path, strerror(errno));
    goto plans;
  }
  if (!scc_mig_sum_write(md.path)) goto plans;
  printf("Wrote %s and %s.down.sql (%s)\n", upname, title, scc_dialect_name(d));
  for (uint32_t i = 0; i < diff.nchanges; i++) printf("  %s %s\n", diff.changes[i].destructive ? "!" : "-", diff.changes[i].text);
  for (uint32_t i = 0; i < pu.nwarnings; i++) printf("  warning: %s\n", pu.warnings[i]);
  if (pd.fk_off || pu.fk_off) printf("  note: SQLite table rebuild(s): foreign keys are switched off around the migration\n");
  result = EXIT_OK;
plans:
  scc_plan_free(&pu);
  scc_plan_free(&pd);
done:
  free(title);
  free(upname);
  free(downname);
  scc_diff_free(&diff);
  scc_diff_free(&rev);
  scc_buf_free(&up);
  scc_buf_free(&down);
  scc_buf_free(&lock);
  free(lock_path);
  scc_mig_dir_free(&md);
  scc_compiler_free(co);
  scc_compiler_free(cn);
  return result;
}

/* ---- embed ------------------------------------------------------------------ */

int scc_cmd_migrate_embed(int argc, char **argv) {
  const char *dir = NULL, *dialect = NULL, *prefix = NULL, *out = NULL;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = !strcmp(a, "--dir")       ? &dir
                        : !strcmp(a, "--dialect") ? &dialect
                        : !strcmp(a, "--prefix")  ? &prefix
                        : !strcmp(a, "--out")     ? &out
                                                  : NULL;
    if (!strcmp(a, "--help")) {
      fputs(scc_migrate_usage, stdout);
      return EXIT_OK;
    }
    if (!slot || i + 1 >= argc) return scc_cli_usage_error("unknown or incomplete option '%s'", a, scc_migrate_usage);
    *slot = argv[++i];
  }
  sc_dialect d;
  if (!dir || !dialect || !prefix || !out)
    return scc_cli_usage_error("%smigrate embed needs --dir, --dialect, --prefix and --out", "", scc_migrate_usage);
  if (!scc_dialect_parse(dialect, &d))
    return scc_cli_usage_error("unknown dialect '%s' (use postgres or sqlite)", dialect, scc_migrate_usage);
  for (const char *p = prefix; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return scc_cli_usage_error("--prefix '%s' must be lowercase letters, digits and '_'", prefix, scc_migrate_usage);
  scc_mig_dir md;
  int result = EXIT_SCHEMA;
  if (!scc_mig_dir_load(dir, scc_dialect_name(d), &md)) goto done;
  if (scc_mig_sum_verify(md.path)) {
    fprintf(stderr, "schemac: refusing to embed: the migration files do not match migrations.sum\n");
    goto done;
  }
  /* Paths of any length (a fixed buffer would write to a cut-off path). */
  char *stem = scc_xasprintf("%s_migrations_%s", prefix, scc_dialect_name(d));
  char *cpath = scc_xasprintf("%s/%s.c", out, stem), *hpath = scc_xasprintf("%s/%s.h", out, stem);
  char *hname = scc_xasprintf("%s.h", stem);
  scc_buf src = {0}, hdr = {0};
  scc_emit_migrations_c(&md, prefix, d, hname, &src, &hdr);
  if (scc_mkdirs(out) != 0 || scc_write_file_atomic(hpath, hdr.data, hdr.len, NULL) ||
      scc_write_file_atomic(cpath, src.data, src.len, NULL)) {
    fprintf(stderr, "schemac: cannot write '%s': %s\n", cpath, strerror(errno));
  } else {
    printf("Wrote %s and %s (%zu migrations)\n", cpath, hpath, md.nfiles);
    result = EXIT_OK;
  }
  scc_buf_free(&src);
  scc_buf_free(&hdr);
  free(stem);
  free(cpath);
  free(hpath);
  free(hname);
done:
  scc_mig_dir_free(&md);
  return result;
}
