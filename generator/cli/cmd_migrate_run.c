/* schemac migrate up|down|status|verify|check: the CLI over the runtime's
 * runner (schemac/migrate.h) and the migrations directory. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <schemac/schemac.h>
#include <schemac/migrate.h>

#include "base/buf.h"
#include "cli/cli_common.h"
#include "cli/cmd_migrate.h"

typedef struct run_args {
  const char *dir, *db;
  int64_t to;
  int64_t steps;
  int64_t lock_timeout_ms; /* -1: the runtime's default */
  int64_t version;         /* resolve */
  int resolve_as;          /* resolve: 1 --applied, 0 --reverted, -1 not given */
} run_args;

static bool is(const char *sub, const char *a, const char *b, const char *c) {
  return !strcmp(sub, a) || (b && !strcmp(sub, b)) || (c && !strcmp(sub, c));
}

static int parse_num(const char *s, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < 0) return -1;
  *out = v;
  return 0;
}

/* Returns -1 when the arguments are fine, else the exit code. */
static int parse_args(const char *sub, int argc, char **argv, run_args *a) {
  for (int i = 0; i < argc; i++) {
    const char *s = argv[i];
    if (!strcmp(s, "--help")) {
      fputs(scc_migrate_usage, stdout);
      return EXIT_OK;
    }
    if (is(sub, "resolve", NULL, NULL) && (!strcmp(s, "--applied") || !strcmp(s, "--reverted"))) {
      if (a->resolve_as >= 0) return scc_cli_usage_error("%sgive --applied or --reverted, once", "", scc_migrate_usage);
      a->resolve_as = s[2] == 'a';
      continue;
    }
    if (i + 1 >= argc) return scc_cli_usage_error("unknown or incomplete option '%s'", s, scc_migrate_usage);
    const char *v = argv[++i];
    if (!strcmp(s, "--dir")) a->dir = v;
    else if (!strcmp(s, "--db")) a->db = v;
    else if (!strcmp(s, "--to") && (is(sub, "up", "down", "status") || is(sub, "check", "baseline", NULL))) {
      if (parse_num(v, &a->to)) return scc_cli_usage_error("--to needs a version number, not '%s'", v, scc_migrate_usage);
    } else if (!strcmp(s, "--steps") && is(sub, "up", "down", "status")) {
      if (parse_num(v, &a->steps) || a->steps < 1)
        return scc_cli_usage_error("--steps needs a positive number, not '%s'", v, scc_migrate_usage);
    } else if (!strcmp(s, "--lock-timeout") && is(sub, "up", "down", NULL)) {
      if (parse_num(v, &a->lock_timeout_ms))
        return scc_cli_usage_error("--lock-timeout needs milliseconds, not '%s'", v, scc_migrate_usage);
    } else if (!strcmp(s, "--version") && is(sub, "resolve", NULL, NULL)) {
      if (parse_num(v, &a->version) || a->version < 1)
        return scc_cli_usage_error("--version needs a version number, not '%s'", v, scc_migrate_usage);
    } else {
      return scc_cli_usage_error("unknown option '%s'", s, scc_migrate_usage);
    }
  }
  if (!a->dir || !a->db) return scc_cli_usage_error("migrate %s needs --dir and --db", sub, scc_migrate_usage);
  if (a->to >= 0 && a->steps >= 0) return scc_cli_usage_error("%sgive --steps or --to, not both", "", scc_migrate_usage);
  if (is(sub, "resolve", NULL, NULL) && (a->version < 1 || a->resolve_as < 0))
    return scc_cli_usage_error("%smigrate resolve needs --version V and --applied or --reverted", "", scc_migrate_usage);
  struct stat st;
  if (stat(a->dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return scc_cli_usage_error("--dir '%s' is not a directory", a->dir, scc_migrate_usage);
  return -1;
}

static void print_line(void *ud, const char *line) {
  (void)ud;
  printf("%s\n", line);
  fflush(stdout);
}


static int db_error(const char *what) {
  fprintf(stderr, "schemac: %s: %s\n", what, sc_error_last()->message);
  return EXIT_DB;
}

/* The database's history against the directory: the expected schema of
 * the latest applied version. At the head: the DDL of schema.lock; before
 * it (or without a lock, for hand-written migrations): the up migrations
 * through that version, replayed. */
static char *expected_sql(const scc_mig_dir *md, int64_t at, sc_dialect d, bool *ok) {
  *ok = true;
  scc_buf b = {0};
  bool head = md->nfiles && md->files[md->nfiles - 1].version == at;
  size_t len;
  char *lock_path = malloc(strlen(md->path) + 16);
  sprintf(lock_path, "%s/schema.lock", md->path);
  char *text = head ? scc_read_file(lock_path, &len) : NULL;
  if (text) {
    scc_compiler *c = scc_compiler_new();
    scc_compiler_add_source(c, lock_path, text, len);
    const scc_schema *s = scc_compiler_check(c, NULL);
    if (s) {
      scc_emit_sql(s, d, &b);
    } else {
      scc_cli_print_diags(c);
      *ok = false;
    }
    scc_compiler_free(c);
    free(text);
  } else {
    for (size_t i = 0; i < md->nfiles && md->files[i].version <= at; i++) {
      scc_buf_puts(&b, md->files[i].up);
      scc_buf_puts(&b, "\n;\n");
    }
  }
  free(lock_path);
  scc_buf_putc(&b, '\n');
  size_t n;
  return scc_buf_take(&b, &n);
}

/* --steps N or --to V for up and status: the version `up` stops at. */
static int64_t up_target(const run_args *a, const scc_mig_dir *md, const sc_applied_migration *ap, size_t na) {
  if (a->steps < 0) return a->to;
  int64_t left = a->steps, to = -1;
  for (size_t i = 0; i < md->nfiles && left > 0; i++) {
    bool done = false;
    for (size_t k = 0; k < na; k++) done |= ap[k].version == md->files[i].version;
    if (!done) {
      to = md->files[i].version;
      left--;
    }
  }
  return to < 0 ? 0 : to;
}

static void print_status(const run_args *a, const scc_mig_dir *md, const sc_applied_migration *ap, size_t na) {
  int64_t to = a->to >= 0 || a->steps >= 0 ? up_target(a, md, ap, na) : -1;
  for (size_t i = 0; i < md->nfiles; i++) {
    const scc_mig_file *f = &md->files[i];
    const sc_applied_migration *x = NULL;
    for (size_t k = 0; k < na; k++)
      if (ap[k].version == f->version) x = &ap[k];
    if (x && x->dirty)
      printf("DIRTY    %04" PRId64 "_%s  partially applied (outside a transaction, failed or killed midway, at %s): "
             "finish or undo it by hand, then `schemac migrate resolve --version %" PRId64 " --applied|--reverted`\n",
             x->version, f->name, x->applied_at, x->version);
    else if (x) printf("applied  %04" PRId64 "_%s  at %s (%" PRId64 " ms)\n", x->version, f->name, x->applied_at, x->duration_ms);
    else if (to >= 0 && f->version > to) printf("pending  %04" PRId64 "_%s  (not part of this up)\n", f->version, f->name);
    else printf("pending  %04" PRId64 "_%s\n", f->version, f->name);
  }
  for (size_t k = 0; k < na; k++) {
    bool known = false;
    const scc_mig_file *squash = NULL;
    for (size_t i = 0; i < md->nfiles; i++) {
      const scc_mig_file *f = &md->files[i];
      sc_migration mi = {f->version, f->name, f->up, f->down};
      known |= f->version == ap[k].version;
      if (!squash && sc_migration_replaces(&mi, ap[k].version, ap[k].checksum)) squash = f;
    }
    if (!known && squash)
      printf("%s  %04" PRId64 "_%s  squashed into %04" PRId64 "_%s\n", ap[k].dirty ? "DIRTY   " : "applied ", ap[k].version,
             ap[k].name, squash->version, squash->name);
    else if (!known) printf("%s  %04" PRId64 "_%s  but its file is missing\n", ap[k].dirty ? "DIRTY   " : "applied ", ap[k].version, ap[k].name);
  }
  printf("database version: %" PRId64 "\n", na ? ap[na - 1].version : 0);
}

/* verify: every script splits and holds no transaction control (what up
 * and down would refuse), before any database is involved. */
static int lint_scripts(const scc_mig_dir *md, sc_dialect d) {
  int problems = 0;
  for (size_t i = 0; i < md->nfiles; i++)
    for (int k = 0; k < 2; k++) {
      const char *text = k ? md->files[i].down : md->files[i].up;
      char *path = scc_xasprintf("%s/%04" PRId64 "_%s.%s.sql", md->path, md->files[i].version, md->files[i].name,
                                 k ? "down" : "up");
      sc_sql_statement *v;
      size_t n;
      if (sc_sql_split(text, strlen(text), d, path, &v, &n) != SC_OK) {
        fprintf(stderr, "schemac: %s\n", sc_error_last()->message);
        problems++;
        free(path);
        continue;
      }
      for (size_t j = 0; j < n; j++)
        if (v[j].transaction_control) {
          fprintf(stderr, "schemac: %s:%d: %.*s: transaction control is not allowed in a migration (each runs in "
                  "a transaction of its own)\n", path, v[j].line, (int)strcspn(text + v[j].offset, " \t\r\n;"),
                  text + v[j].offset);
          problems++;
        }
      free(v);
      free(path);
    }
  return problems;
}

static int run_status(sc_status rc, const char *what) {
  if (rc == SC_CONFLICT || rc == SC_INVALID_ARGUMENT || rc == SC_NOT_FOUND) {
    fprintf(stderr, "schemac: %s\n", sc_error_last()->message);
    return EXIT_SCHEMA;
  }
  return rc == SC_OK ? EXIT_OK : db_error(what);
}

/* baseline --to V: a version of the directory (default: the newest).
 * Returns -1 when fine, else the exit code. */
static int baseline_target(run_args *a, const scc_mig_dir *md) {
  if (!md->nfiles) return scc_cli_usage_error("no migrations in %s: nothing to baseline to", md->path, scc_migrate_usage);
  if (a->to < 0) a->to = md->files[md->nfiles - 1].version;
  for (size_t i = 0; i < md->nfiles; i++)
    if (md->files[i].version == a->to) return -1;
  char v[32];
  snprintf(v, sizeof v, "%" PRId64, a->to);
  return scc_cli_usage_error("--to %s: no migration has that version", v, scc_migrate_usage);
}

/* Marks the database as at version `to` once its catalog matches the
 * schema as of `to` (the drift check of `check`). */
static int run_baseline(sc_conn *c, const scc_mig_dir *md, const sc_migration *m, int64_t to, sc_dialect d,
                        const sc_migrate_options *o) {
  bool ok;
  char *want = expected_sql(md, to, d, &ok);
  char *report = NULL;
  int result = EXIT_SCHEMA;
  if (ok) {
    sc_status rc = sc_migrate_baseline(c, m, md->nfiles, to, want, &report, o);
    if (rc == SC_CONFLICT && report)
      fprintf(stderr, "schemac: %s; nothing was marked. The differences:\n%s", sc_error_last()->message, report);
    else if (rc == SC_CONFLICT)
      fprintf(stderr, "schemac: %s; nothing was marked\n", sc_error_last()->message);
    else
      result = run_status(rc, "cannot baseline");
    if (result == EXIT_OK) printf("database version: %" PRId64 " (baseline)\n", to);
  }
  free(report);
  free(want);
  return result;
}

int scc_cmd_migrate_run(const char *sub, int argc, char **argv) {
  run_args a = {NULL, NULL, -1, -1, -1, -1, -1};
  int bad = parse_args(sub, argc, argv, &a);
  if (bad >= 0) return bad;
  sc_dialect sd = sc_url_dialect(a.db);
  if (!sd) return scc_cli_usage_error("cannot tell the database from the URL '%s'", a.db, scc_migrate_usage);
  sc_dialect d = sd == SC_DIALECT_POSTGRES ? SC_DIALECT_POSTGRES : SC_DIALECT_SQLITE;

  scc_mig_dir md;
  if (!scc_mig_dir_load(a.dir, scc_dialect_name(d), &md)) {
    scc_mig_dir_free(&md);
    return EXIT_SCHEMA;
  }
  struct stat dst;
  if (stat(md.path, &dst) != 0 || !S_ISDIR(dst.st_mode)) {
    fprintf(stderr, "schemac: no %s directory: no migrations for %s here (`schemac migrate diff` writes them)\n\n%s",
            md.path, scc_dialect_name(d), scc_migrate_usage);
    scc_mig_dir_free(&md);
    return EXIT_USAGE;
  }
  if (!md.nfiles) fprintf(stderr, "schemac: note: no migrations in %s\n", md.path);
  if (!strcmp(sub, "baseline")) {
    int bad_to = baseline_target(&a, &md);
    if (bad_to >= 0) {
      scc_mig_dir_free(&md);
      return bad_to;
    }
  }
  sc_migration *m = calloc(md.nfiles + 1, sizeof *m);
  for (size_t i = 0; i < md.nfiles; i++)
    m[i] = (sc_migration){md.files[i].version, md.files[i].name, md.files[i].up, md.files[i].down};

  int result = EXIT_OK;
  bool writes = is(sub, "up", "down", "verify") || is(sub, "resolve", "baseline", NULL);
  if (writes && scc_mig_sum_verify(md.path)) {
    fprintf(stderr, "schemac: refusing to %s: the migration files do not match migrations.sum\n", sub);
    result = EXIT_SCHEMA;
    goto out_nodb;
  }
  if (is(sub, "verify", NULL, NULL) && lint_scripts(&md, sd)) {
    result = EXIT_SCHEMA;
    goto out_nodb;
  }
  /* Only `up` may create the SQLite file: the others read it or undo what
   * up did, and an empty database made by a typo would say "nothing
   * applied". */
  sc_config cfg;
  sc_config_init(&cfg);
  cfg.url = a.db;
  cfg.sqlite_create = !strcmp(sub, "up");
  cfg.connect_retry_ms = 0;
  cfg.max_conns = 1;
  sc_conn *c;
  sc_status orc = sc_conn_open(&c, &cfg);
  if (orc == SC_INVALID_ARGUMENT) { /* a URL that cannot work, e.g. sqlite: without a path */
    result = scc_cli_usage_error("%s", sc_error_last()->message, scc_migrate_usage);
    goto out_nodb;
  }
  if (orc != SC_OK) {
    result = db_error("cannot connect");
    goto out_nodb;
  }
  sc_migrate_options o = SC_MIGRATE_OPTIONS_INIT;
  o.progress = print_line;
  if (a.lock_timeout_ms >= 0) o.lock_timeout_ms = a.lock_timeout_ms;
  sc_applied_migration *ap = NULL;
  size_t na = 0;
  if (!is(sub, "resolve", NULL, NULL) && sc_migrate_applied(c, &ap, &na) != SC_OK) {
    result = db_error("cannot read the history");
    goto out;
  }
  if (!strcmp(sub, "up")) {
    result = run_status(sc_migrate_up(c, m, md.nfiles, up_target(&a, &md, ap, na), &o),
                        "migration failed, the database stays at the previous version");
  } else if (!strcmp(sub, "down")) {
    int64_t to = a.to >= 0 ? a.to : 0;
    if (a.to < 0) {
      int64_t steps = a.steps >= 0 ? a.steps : 1;
      to = (size_t)steps >= na ? 0 : ap[na - (size_t)steps - 1].version;
    }
    result = run_status(sc_migrate_down(c, m, md.nfiles, to, &o), "revert failed, the database stays at the version before it");
  } else if (!strcmp(sub, "resolve")) {
    result = run_status(sc_migrate_resolve(c, a.version, a.resolve_as == 1), "cannot resolve");
    if (result == EXIT_OK)
      printf("version %" PRId64 " resolved: %s\n", a.version,
             a.resolve_as == 1 ? "marked applied" : "removed from the history (up will run it again)");
  } else if (!strcmp(sub, "baseline")) {
    result = run_baseline(c, &md, m, a.to, d, &o);
  } else if (!strcmp(sub, "status")) {
    print_status(&a, &md, ap, na);
  } else if (!strcmp(sub, "verify")) {
    char *report = NULL;
    sc_status rc = sc_migrate_verify(c, m, md.nfiles, &report);
    if (rc == SC_CONFLICT) {
      fprintf(stderr, "%s", report);
      result = EXIT_SCHEMA;
    } else if (rc != SC_OK) {
      result = db_error("cannot verify");
    } else {
      printf("ok: %zu migration files match migrations.sum and %zu applied migrations match the history\n", md.nfiles, na);
    }
    free(report);
  } else {
    int64_t at = a.to >= 0 ? a.to : na ? ap[na - 1].version : 0;
    bool ok;
    char *want = expected_sql(&md, at, d, &ok);
    char *report = NULL;
    if (!ok) {
      result = EXIT_SCHEMA;
    } else if (sc_migrate_check(c, want, &report) != SC_OK) {
      result = db_error("cannot read the catalog");
    } else if (report) {
      printf("drift: the database differs from the schema as of version %" PRId64 ":\n%s", at, report);
      result = EXIT_SCHEMA;
    } else {
      printf("no drift: the database matches the schema as of version %" PRId64 "\n", at);
    }
    free(report);
    free(want);
  }
out:
  free(ap);
  sc_conn_close(c);
out_nodb:
  free(m);
  scc_mig_dir_free(&md);
  return result;
}
