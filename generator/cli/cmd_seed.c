/* schemac seed: load seed SQL files into a database, each once.
 *
 * The .sql files of DIR/common, then of DIR/<env>, each directory in name order.
 * NAME.postgres.sql and NAME.sqlite.sql only run on that database. Each file
 * runs in a transaction of its own, statement by statement (the runtime's sc_sql_split),
 * so a failure names the file, line and statement, and the rollback leaves
 * nothing of that file behind. The table schemac_seeds records each applied
 * file (path relative to DIR, SHA-256 of its bytes, time), so a second run
 * applies only new files; a file that changed after it was applied is
 * reported and the run refused before anything is applied. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>


#include <schemac/schemac.h>

#include "base/alloc.h"
#include "cli/cli_common.h"

static const char usage_seed[] =
    "usage: schemac seed --db URL --dir DIR [--env NAME] [--dry-run]\n"
    "\n"
    "Loads DIR/common/*.sql, then DIR/<env>/*.sql, each directory in name\n"
    "order, each file once and in a transaction of its own. NAME.postgres.sql\n"
    "and NAME.sqlite.sql run only on that database. Applied files are recorded\n"
    "in the table schemac_seeds (path, SHA-256, time): a second run applies\n"
    "only new files; a file changed after it was applied is reported and the\n"
    "run refused (add a new file instead). A failing file is named with its\n"
    "line and statement and leaves nothing behind.\n"
    "\n"
    "  --db URL      postgresql://... or sqlite:path/to.db (default: $DATABASE_URL)\n"
    "  --dir DIR     the seeds directory\n"
    "  --env NAME    environment subdirectory (default: development)\n"
    "  --dry-run     list what would be applied; change nothing\n"
    "\n"
    "Exit 0 on success, 1 when an applied file changed or a file is refused,\n"
    "2 on bad usage, 3 on a database error (connection or a failing file).\n";

typedef struct seed_file {
  char *rel;  /* "common/0010_users.sql": the recorded name */
  char *path; /* DIR/common/0010_users.sql */
  char sha[65];
  char *text;
  size_t len;
} seed_file;

typedef struct seed_run {
  const char *url, *dir, *env;
  bool dry_run, env_given;
  sc_conn *conn;
  bool postgres;
  seed_file *files;
  size_t nfiles;
  /* Recorded rows: name, checksum, applied_at. */
  char **applied_name, **applied_sum, **applied_at;
  size_t napplied;
} seed_run;

static char *dupstr(const char *s) { return scc_xstrndup(s, strlen(s)); }

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Adds the .sql files of DIR/sub that run on this database, in name order. */
static int collect(seed_run *r, const char *sub) {
  char *d = scc_path_join(r->dir, sub);
  DIR *dh = opendir(d);
  if (!dh) {
    fprintf(stderr, "schemac: cannot read '%s': %s\n", d, strerror(errno));
    free(d);
    return EXIT_USAGE;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  const char *other = r->postgres ? ".sqlite.sql" : ".postgres.sql";
  for (struct dirent *de; (de = readdir(dh));) {
    if (de->d_name[0] == '.' || !ends_with(de->d_name, ".sql") || ends_with(de->d_name, other)) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) exit(EXIT_DB);
      names = nn;
    }
    names[n++] = dupstr(de->d_name);
  }
  closedir(dh);
  qsort(names, n, sizeof *names, by_name);
  seed_file *nf = realloc(r->files, (r->nfiles + n + 1) * sizeof *nf);
  if (!nf) exit(EXIT_DB);
  r->files = nf;
  int rc = EXIT_OK;
  for (size_t i = 0; i < n; i++) {
    seed_file *f = &r->files[r->nfiles];
    memset(f, 0, sizeof *f);
    f->rel = scc_path_join(sub, names[i]);
    f->path = scc_path_join(d, names[i]);
    free(names[i]);
    r->nfiles++;
    f->text = scc_read_file(f->path, &f->len);
    if (!f->text) {
      fprintf(stderr, "schemac: cannot read '%s': %s\n", f->path, strerror(errno));
      rc = EXIT_USAGE;
      continue;
    }
    if (sc_sha256_hex(f->text, f->len, f->sha) != SC_OK) {
      fprintf(stderr, "schemac: SHA-256 failed for '%s'\n", f->path);
      rc = EXIT_DB;
      continue;
    }
  }
  free(names);
  free(d);
  return rc;
}

static int db_error(seed_run *r, const char *what) {
  const sc_error *e = r->conn ? sc_conn_error(r->conn) : sc_error_last();
  fprintf(stderr, "schemac: %s: %s", what, e->message[0] ? e->message : sc_status_message(e->status));
  if (e->sqlstate[0]) fprintf(stderr, " (SQLSTATE %s)", e->sqlstate);
  fputc('\n', stderr);
  return EXIT_DB;
}

/* Runs `sql` and, when it returns rows, calls row() for each. */
static sc_status query(seed_run *r, const char *sql, const char *param, void (*row)(seed_run *, sc_stmt *)) {
  sc_stmt *st;
  sc_status rc = sc_stmt_prepare(&st, r->conn, sql);
  if (rc != SC_OK) return rc;
  if (param) rc = sc_stmt_bind_text(st, 1, param, strlen(param));
  while (rc >= 0 && (rc = sc_stmt_step(st)) == SC_ROW)
    if (row) row(r, st);
  sc_stmt_finalize(st);
  return rc < 0 ? rc : SC_OK;
}

static char *column_dup(sc_stmt *st, int col) {
  const char *s = NULL;
  size_t n = 0;
  if (sc_stmt_column_text(st, col, &s, &n) != SC_OK || !s) return dupstr("");
  char *p = malloc(n + 1);
  if (!p) exit(EXIT_DB);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

static void add_applied(seed_run *r, sc_stmt *st) {
  size_t n = r->napplied + 1;
  char **a = realloc(r->applied_name, n * sizeof *a);
  if (a) r->applied_name = a;
  char **b = realloc(r->applied_sum, n * sizeof *b);
  if (b) r->applied_sum = b;
  char **c = realloc(r->applied_at, n * sizeof *c);
  if (c) r->applied_at = c;
  if (!a || !b || !c) exit(EXIT_DB);
  r->applied_name[r->napplied] = column_dup(st, 0);
  r->applied_sum[r->napplied] = column_dup(st, 1);
  r->applied_at[r->napplied] = column_dup(st, 2);
  r->napplied++;
}

static long find_applied(const seed_run *r, const char *rel) {
  for (size_t i = 0; i < r->napplied; i++)
    if (!strcmp(r->applied_name[i], rel)) return (long)i;
  return -1;
}

static bool table_exists;
static void note_exists(seed_run *r, sc_stmt *st) {
  (void)r;
  int64_t n = 0;
  table_exists = sc_stmt_column_int64(st, 0, &n) == SC_OK && n > 0;
}

/* Serialises concurrent seed runs on PostgreSQL (released at commit). */
static sc_status lock(seed_run *r) {
  return r->postgres ? query(r, "SELECT pg_advisory_xact_lock(8273100450617003)", NULL, NULL) : SC_OK;
}

static int load_applied(seed_run *r) {
  table_exists = false;
  const char *exists_sql = r->postgres ? "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = "
                                         "'schemac_seeds' AND schemaname = ANY (current_schemas(false))"
                                       : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                                         "'schemac_seeds'";
  if (query(r, exists_sql, NULL, note_exists) != SC_OK) return db_error(r, "cannot read the seed history");
  if (!table_exists) {
    if (r->dry_run) return EXIT_OK; /* nothing applied yet; create nothing */
    const char *ddl = r->postgres ? "CREATE TABLE IF NOT EXISTS schemac_seeds (name text PRIMARY KEY, checksum "
                                    "text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
                                  : "CREATE TABLE IF NOT EXISTS schemac_seeds (name TEXT PRIMARY KEY, checksum "
                                    "TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT "
                                    "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";
    if (sc_tx_begin(r->conn, NULL) != SC_OK || lock(r) != SC_OK || sc_conn_exec(r->conn, ddl) != SC_OK) {
      int rc = db_error(r, "cannot create the table schemac_seeds");
      sc_tx_rollback(r->conn);
      return rc;
    }
    if (sc_tx_commit(r->conn) != SC_OK) return db_error(r, "cannot create the table schemac_seeds");
  }
  if (query(r, "SELECT name, checksum, CAST(applied_at AS TEXT) FROM schemac_seeds ORDER BY name", NULL,
            add_applied) != SC_OK)
    return db_error(r, "cannot read the seed history");
  return EXIT_OK;
}

/* Prints a statement for an error message: at most 12 lines, indented. */
static void print_statement(const char *s, size_t n) {
  unsigned lines = 0;
  fputs("    ", stderr);
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\n') {
      if (++lines == 12) {
        fputs("\n    ...", stderr);
        break;
      }
      fputs("\n    ", stderr);
    } else {
      fputc(s[i], stderr);
    }
  }
  fputc('\n', stderr);
}

static double elapsed_ms(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static bool already_recorded;
static void note_recorded(seed_run *r, sc_stmt *st) {
  (void)r;
  (void)st;
  already_recorded = true;
}

/* Applies one file in a transaction. Returns an exit code. */
static int apply(seed_run *r, const seed_file *f, bool *skipped) {
  sc_sql_statement *stmts;
  size_t n;
  sc_status split = sc_sql_split(f->text, f->len, r->postgres ? SC_DIALECT_POSTGRES : SC_DIALECT_SQLITE, f->path, &stmts, &n);
  if (split == SC_NO_MEMORY) {
    fputs("schemac: out of memory\n", stderr);
    return EXIT_DB;
  }
  if (split != SC_OK) {
    fprintf(stderr, "schemac: %s\n", sc_error_last()->message);
    return EXIT_SCHEMA;
  }
  /* The file runs in our transaction: its own BEGIN/COMMIT would end it. */
  for (size_t i = 0; i < n; i++) {
    if (stmts[i].transaction_control) {
      const char *kw = f->text + stmts[i].offset;
      fprintf(stderr, "schemac: %s:%d: %.*s: each seed file already runs in a transaction of its own; remove it\n",
              f->path, stmts[i].line, (int)strcspn(kw, " \t\r\n;"), kw);
      free(stmts);
      return EXIT_SCHEMA;
    }
  }
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  *skipped = false;
  if (sc_tx_begin(r->conn, NULL) != SC_OK || lock(r) != SC_OK) {
    free(stmts);
    sc_tx_rollback(r->conn);
    return db_error(r, "cannot begin a transaction");
  }
  /* Another runner may have applied it since we looked. */
  already_recorded = false;
  if (query(r, "SELECT checksum FROM schemac_seeds WHERE name = $1", f->rel, note_recorded) != SC_OK) {
    free(stmts);
    sc_tx_rollback(r->conn);
    return db_error(r, "cannot read the seed history");
  }
  if (already_recorded) {
    free(stmts);
    sc_tx_rollback(r->conn);
    *skipped = true;
    return EXIT_OK;
  }
  for (size_t i = 0; i < n; i++) {
    char *sql = malloc(stmts[i].length + 1);
    if (!sql) exit(EXIT_DB);
    memcpy(sql, f->text + stmts[i].offset, stmts[i].length);
    sql[stmts[i].length] = 0;
    sc_status rc = sc_conn_exec(r->conn, sql);
    free(sql);
    if (rc != SC_OK) {
      const sc_error *e = sc_conn_error(r->conn);
      fprintf(stderr, "schemac: %s:%d: statement %zu of the file failed:\n", f->path, stmts[i].line, i + 1);
      print_statement(f->text + stmts[i].offset, stmts[i].length);
      fprintf(stderr, "error: %s", e->message[0] ? e->message : sc_status_message(e->status));
      if (e->sqlstate[0]) fprintf(stderr, " (SQLSTATE %s)", e->sqlstate);
      if (e->constraint[0]) fprintf(stderr, " [constraint %s]", e->constraint);
      fprintf(stderr, "\nrolled back: nothing of %s was applied\n", f->rel);
      sc_tx_rollback(r->conn);
      free(stmts);
      return EXIT_DB;
    }
  }
  free(stmts);
  sc_stmt *st;
  sc_status rc = sc_stmt_prepare(&st, r->conn, "INSERT INTO schemac_seeds (name, checksum) VALUES ($1, $2)");
  if (rc == SC_OK) {
    rc = sc_stmt_bind_text(st, 1, f->rel, strlen(f->rel));
    if (rc == SC_OK) rc = sc_stmt_bind_text(st, 2, f->sha, strlen(f->sha));
    if (rc == SC_OK) rc = sc_stmt_exec(st);
    sc_stmt_finalize(st);
  }
  if (rc < 0) {
    int ec = db_error(r, "cannot record the applied file");
    sc_tx_rollback(r->conn);
    return ec;
  }
  if (sc_tx_commit(r->conn) != SC_OK) return db_error(r, "commit failed");
  printf("  applied  %s  (%ld statement%s, %.0f ms)\n", f->rel, n, n == 1 ? "" : "s", elapsed_ms(&t0));
  return EXIT_OK;
}

static int run(seed_run *r) {
  sc_config cfg;
  sc_config_init(&cfg);
  cfg.url = r->url;
  cfg.name = "schemac-seed";
  cfg.connect_retry_ms = 3000;
  cfg.slow_query_ms = 0;
  cfg.max_conns = 1;
  cfg.log_level = SC_LOG_ERROR; /* the final error says it all */
  if (sc_conn_open(&r->conn, &cfg) != SC_OK) {
    r->conn = NULL;
    return db_error(r, "cannot connect to the database");
  }
  r->postgres = sc_conn_dialect(r->conn) == SC_DIALECT_POSTGRES;
  /* common/ is optional; so is the default environment's directory, but a
   * named --env must exist (a typo must not silently seed nothing). */
  int rc = EXIT_OK;
  char *common = scc_path_join(r->dir, "common"), *envdir = scc_path_join(r->dir, r->env);
  bool have_common = is_dir(common), have_env = is_dir(envdir);
  free(common);
  if (!have_env && r->env_given) {
    fprintf(stderr, "schemac: no directory '%s' for environment '%s'\n", envdir, r->env);
    rc = EXIT_USAGE;
  }
  free(envdir);
  if (rc == EXIT_OK && have_common) rc = collect(r, "common");
  if (rc == EXIT_OK && have_env) rc = collect(r, r->env);
  if (rc != EXIT_OK) return rc;
  if ((rc = load_applied(r)) != EXIT_OK) return rc;

  /* Refuse the whole run when an applied file changed. */
  size_t changed = 0, pending = 0;
  for (size_t i = 0; i < r->nfiles; i++) {
    long a = find_applied(r, r->files[i].rel);
    if (a < 0) {
      pending++;
    } else if (strcmp(r->applied_sum[a], r->files[i].sha)) {
      fprintf(stderr,
              "schemac: %s changed after it was applied (at %s; recorded sha256 %.12s, now %.12s): seed files are "
              "applied once, so put the change in a new file\n",
              r->files[i].path, r->applied_at[a], r->applied_sum[a], r->files[i].sha);
      changed++;
    }
  }
  if (changed) {
    fprintf(stderr, "schemac: %zu changed seed file%s; nothing applied\n", changed, changed == 1 ? "" : "s");
    return EXIT_SCHEMA;
  }
  printf("%s %s from %s (env %s): %zu file%s, %zu to apply\n", r->dry_run ? "dry run: seeding" : "seeding",
         r->postgres ? "postgres" : "sqlite", r->dir, r->env, r->nfiles, r->nfiles == 1 ? "" : "s", pending);
  size_t applied = 0;
  for (size_t i = 0; i < r->nfiles; i++) {
    const seed_file *f = &r->files[i];
    if (find_applied(r, f->rel) >= 0) {
      printf("  done     %s  (already applied)\n", f->rel);
      continue;
    }
    if (r->dry_run) {
      printf("  pending  %s  (would apply)\n", f->rel);
      continue;
    }
    bool skipped;
    if ((rc = apply(r, f, &skipped)) != EXIT_OK) {
      if (applied)
        fprintf(stderr, "schemac: the %zu file%s applied before it stay%s applied\n", applied,
                applied == 1 ? "" : "s", applied == 1 ? "s" : "");
      return rc;
    }
    if (skipped) printf("  done     %s  (applied by a concurrent run)\n", f->rel);
    else applied++;
  }
  if (r->dry_run) printf("dry run: %zu file%s would be applied\n", pending, pending == 1 ? "" : "s");
  else printf("%zu file%s applied, %zu already applied\n", applied, applied == 1 ? "" : "s", r->nfiles - applied);
  return EXIT_OK;
}

static void run_free(seed_run *r) {
  for (size_t i = 0; i < r->nfiles; i++) {
    free(r->files[i].rel);
    free(r->files[i].path);
    free(r->files[i].text);
  }
  free(r->files);
  for (size_t i = 0; i < r->napplied; i++) {
    free(r->applied_name[i]);
    free(r->applied_sum[i]);
    free(r->applied_at[i]);
  }
  free(r->applied_name);
  free(r->applied_sum);
  free(r->applied_at);
  sc_conn_close(r->conn);
}

int scc_cmd_seed(int argc, char **argv) {
  seed_run r = {0};
  setvbuf(stdout, NULL, _IOLBF, 0); /* progress lines show as they happen */
  r.env = "development";
  for (int i = 0; i < argc; i++) {
    const char *s = argv[i];
    const char **slot = !strcmp(s, "--db") ? &r.url : !strcmp(s, "--dir") ? &r.dir : !strcmp(s, "--env") ? &r.env : NULL;
    if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
      fputs(usage_seed, stdout);
      return EXIT_OK;
    } else if (slot) {
      if (i + 1 >= argc) return scc_cli_usage_error("%s needs a value", s, usage_seed);
      *slot = argv[++i];
      if (slot == &r.env) r.env_given = true;
    } else if (!strcmp(s, "--dry-run")) {
      r.dry_run = true;
    } else if (s[0] == '-') {
      return scc_cli_usage_error("unknown option '%s'", s, usage_seed);
    } else {
      return scc_cli_usage_error("unexpected argument '%s'", s, usage_seed);
    }
  }
  if (!r.url) r.url = getenv("DATABASE_URL");
  if (!r.url || !*r.url) return scc_cli_usage_error("%s--db is required (or set DATABASE_URL)", "", usage_seed);
  if (!r.dir) return scc_cli_usage_error("%s--dir is required", "", usage_seed);
  /* Print DIR/common/x.sql, not DIR//common/x.sql (recorded names are relative to DIR). */
  for (size_t n = strlen(r.dir); n > 1 && r.dir[n - 1] == '/'; n--) ((char *)r.dir)[n - 1] = 0;
  if (!*r.env || strchr(r.env, '/') || !strcmp(r.env, "common") || r.env[0] == '.')
    return scc_cli_usage_error("bad environment name '%s'", r.env, usage_seed);
  if (!is_dir(r.dir)) {
    fprintf(stderr, "schemac: '%s' is not a directory\n", r.dir);
    return EXIT_USAGE;
  }
  int rc = run(&r);
  run_free(&r);
  return rc;
}
