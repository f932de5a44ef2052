/* 8 runners migrate one PostgreSQL database at the same time: each
 * migration must be applied exactly once (the advisory lock serialises the
 * runners; the latecomers find the work done), and every runner ends with
 * success. Then a migration blocked by an application's lock fails after
 * lock_timeout, naming its file and statement, and changes nothing; it
 * applies once the lock is gone.
 *
 *   migrate_concurrency_test PG_STATE_DIR */
#define _GNU_SOURCE 1
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <schemac/migrate.h>
#include <schemac/schemac.h>

#define RUNNERS 8
#define NMIG 6

static char url[2048];
static sc_migration migs[NMIG];
static pthread_barrier_t barrier;
static sc_status results[RUNNERS];

static void *runner(void *arg) {
  int id = (int)(intptr_t)arg;
  sc_config cfg;
  sc_config_init(&cfg);
  cfg.url = url;
  sc_conn *c;
  if (sc_conn_open(&c, &cfg) != SC_OK) {
    results[id] = SC_CONNECT_FAILED;
    pthread_barrier_wait(&barrier);
    return NULL;
  }
  pthread_barrier_wait(&barrier);
  sc_migrate_options o = SC_MIGRATE_OPTIONS_INIT;
  o.lock_timeout_ms = 30000;
  results[id] = sc_migrate_up(c, migs, NMIG, -1, &o);
  if (results[id] != SC_OK) fprintf(stderr, "runner %d: %s\n", id, sc_error_last()->message);
  sc_conn_close(c);
  return NULL;
}

static int64_t scalar(sc_conn *c, const char *sql) {
  sc_stmt *st;
  int64_t v = -1;
  if (sc_stmt_prepare(&st, c, sql) != SC_OK) return -1;
  if (sc_stmt_step(st) == SC_ROW) sc_stmt_column_int64(st, 0, &v);
  sc_stmt_finalize(st);
  return v;
}

int main(int argc, char **argv) {
  const char *state = argc > 1 ? argv[1] : getenv("SCHEMAC_PG_STATE");
  char path[1024], admin[1024];
  snprintf(path, sizeof path, "%s/url", state ? state : ".");
  FILE *f = fopen(path, "r");
  if (!f || !fgets(admin, sizeof admin, f)) {
    fprintf(stderr, "cannot read %s\n", path);
    return 2;
  }
  fclose(f);
  admin[strcspn(admin, "\r\n")] = 0;
  char db[64];
  snprintf(db, sizeof db, "migconc_%d", (int)getpid());
  char *qm = strchr(admin, '?'), *slash = strstr(admin, ":///");
  if (!qm || !slash) return 2;
  snprintf(url, sizeof url, "%.*s%s%s", (int)(slash + 4 - admin), admin, db, qm);
  sc_config cfg;
  sc_config_init(&cfg);
  cfg.url = admin;
  sc_conn *ac;
  if (sc_conn_open(&ac, &cfg) != SC_OK) return 2;
  char q[256];
  snprintf(q, sizeof q, "CREATE DATABASE %s", db);
  if (sc_conn_exec(ac, q) != SC_OK) return 2;

  /* Each migration logs itself once and takes a little while. */
  static char up[NMIG][256], down[NMIG][128], name[NMIG][16];
  for (int i = 0; i < NMIG; i++) {
    snprintf(name[i], sizeof name[i], "step%d", i + 1);
    snprintf(up[i], sizeof up[i],
             "%sCREATE TABLE t%d (id int);\nINSERT INTO applied_log (version) VALUES (%d);\nSELECT pg_sleep(0.05);\n",
             i == 0 ? "CREATE TABLE applied_log (version int NOT NULL);\n" : "", i + 1, i + 1);
    snprintf(down[i], sizeof down[i], "DROP TABLE t%d;", i + 1);
    migs[i] = (sc_migration){i + 1, name[i], up[i], down[i]};
  }
  pthread_barrier_init(&barrier, NULL, RUNNERS);
  pthread_t th[RUNNERS];
  for (int i = 0; i < RUNNERS; i++) pthread_create(&th[i], NULL, runner, (void *)(intptr_t)i);
  for (int i = 0; i < RUNNERS; i++) pthread_join(th[i], NULL);

  int failures = 0;
  for (int i = 0; i < RUNNERS; i++)
    if (results[i] != SC_OK) {
      fprintf(stderr, "FAIL: runner %d ended with %s\n", i, sc_status_name(results[i]));
      failures++;
    }
  cfg.url = url;
  sc_conn *c;
  if (sc_conn_open(&c, &cfg) != SC_OK) return 2;
  int64_t logged = scalar(c, "SELECT count(*) FROM applied_log");
  int64_t distinct = scalar(c, "SELECT count(DISTINCT version) FROM applied_log");
  int64_t history = scalar(c, "SELECT count(*) FROM schemac_migrations");
  if (logged != NMIG || distinct != NMIG) {
    fprintf(stderr, "FAIL: %" PRId64 " migration runs logged (%" PRId64 " distinct), expected %d\n", logged, distinct,
            NMIG);
    failures++;
  }
  if (history != NMIG) {
    fprintf(stderr, "FAIL: history has %" PRId64 " rows, expected %d\n", history, NMIG);
    failures++;
  }

  /* lock_timeout: a migration queued behind an application's lock fails
   * quickly instead of waiting, and changes nothing. */
  sc_conn *app;
  if (sc_conn_open(&app, &cfg) != SC_OK) return 2;
  sc_tx_begin(app, NULL);
  sc_conn_exec(app, "LOCK TABLE t1 IN ACCESS SHARE MODE");
  sc_migration more[NMIG + 1];
  memcpy(more, migs, sizeof migs);
  more[NMIG] = (sc_migration){NMIG + 1, "blocked", "ALTER TABLE t1 ADD COLUMN x int;", "ALTER TABLE t1 DROP COLUMN x;"};
  sc_migrate_options o = SC_MIGRATE_OPTIONS_INIT;
  o.lock_timeout_ms = 300;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  sc_status rc = sc_migrate_up(c, more, NMIG + 1, -1, &o);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  if (rc != SC_LOCK_TIMEOUT || secs > 5) {
    fprintf(stderr, "FAIL: blocked migration: %s after %.1f s (%s)\n", sc_status_name(rc), secs,
            sc_error_last()->message);
    failures++;
  } else if (!strstr(sc_error_last()->message, "0007_blocked.up.sql: statement 1")) {
    fprintf(stderr, "FAIL: the error does not name the file and statement: %s\n", sc_error_last()->message);
    failures++;
  }
  sc_tx_rollback(app);
  sc_conn_close(app);
  if (scalar(c, "SELECT count(*) FROM schemac_migrations") != NMIG) {
    fprintf(stderr, "FAIL: the blocked migration was recorded\n");
    failures++;
  }
  if (sc_migrate_up(c, more, NMIG + 1, -1, &o) != SC_OK) {
    fprintf(stderr, "FAIL: rerun after the lock went: %s\n", sc_error_last()->message);
    failures++;
  }
  sc_conn_close(c);
  snprintf(q, sizeof q, "DROP DATABASE %s WITH (FORCE)", db);
  sc_conn_exec(ac, q);
  sc_conn_close(ac);
  if (failures) return 1;
  printf("migrate_concurrency_test: %d runners, %d migrations, each applied once; lock_timeout ok\n", RUNNERS, NMIG);
  return 0;
}
