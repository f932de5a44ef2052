/* Migrations embedded in C (`schemac migrate embed`) applied at start-up:
 * a fresh database reaches the last version through evo_migrate_<dialect>,
 * its catalog equals the fresh DDL of the last schema, and a second start
 * applies nothing.
 *
 *   migrate_embed_test sqlite|postgres GEN_DIR [PG_STATE_DIR] */
#define _GNU_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <schemac/migrate.h>
#include <schemac/schemac.h>

#include "evo_migrations_postgres.h"
#include "evo_migrations_sqlite.h"

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = calloc((size_t)n + 1, 1);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
    free(p);
    p = NULL;
  }
  fclose(f);
  return p;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  bool pg = !strcmp(argv[1], "postgres");
  char path[1024], url[2048], admin[1024] = "", db[64] = "";
  snprintf(path, sizeof path, "%s/expected_%s.sql", argv[2], argv[1]);
  char *expected = slurp(path);
  if (!expected) return 2;
  sc_config cfg;
  sc_config_init(&cfg);
  sc_conn *ac = NULL;
  char tmp[] = "/tmp/schemac-embed-XXXXXX";
  if (pg) {
    snprintf(path, sizeof path, "%s/url", argc > 3 ? argv[3] : ".");
    char *u = slurp(path);
    if (!u) return 2;
    u[strcspn(u, "\r\n")] = 0;
    snprintf(admin, sizeof admin, "%s", u);
    free(u);
    cfg.url = admin;
    if (sc_conn_open(&ac, &cfg) != SC_OK) return 2;
    snprintf(db, sizeof db, "migembed_%d", (int)getpid());
    char q[128];
    snprintf(q, sizeof q, "CREATE DATABASE %s", db);
    if (sc_conn_exec(ac, q) != SC_OK) return 2;
    char *qm = strchr(admin, '?'), *sl = strstr(admin, ":///");
    snprintf(url, sizeof url, "%.*s%s%s", (int)(sl + 4 - admin), admin, db, qm);
  } else {
    if (!mkdtemp(tmp)) return 2;
    snprintf(url, sizeof url, "sqlite:%s/app.db", tmp);
  }
  int failures = 0;
  size_t want = pg ? evo_migrations_postgres_count : evo_migrations_sqlite_count;
  for (int start = 0; start < 2; start++) {
    cfg.url = url;
    sc_conn *c;
    if (sc_conn_open(&c, &cfg) != SC_OK) return 2;
    sc_status rc = pg ? evo_migrate_postgres(c) : evo_migrate_sqlite(c);
    if (rc != SC_OK) {
      fprintf(stderr, "FAIL: start %d: %s\n", start + 1, sc_error_last()->message);
      failures++;
    }
    sc_applied_migration *a;
    size_t n;
    if (sc_migrate_applied(c, &a, &n) != SC_OK || n != want) {
      fprintf(stderr, "FAIL: start %d: %zu migrations applied, expected %zu\n", start + 1, n, want);
      failures++;
    }
    free(a);
    char *report = NULL;
    if (sc_migrate_check(c, expected, &report) != SC_OK || report) {
      fprintf(stderr, "FAIL: start %d: catalog differs:\n%s\n", start + 1, report ? report : sc_error_last()->message);
      failures++;
    }
    free(report);
    sc_conn_close(c);
  }
  if (pg) {
    char q[128];
    snprintf(q, sizeof q, "DROP DATABASE %s WITH (FORCE)", db);
    sc_conn_exec(ac, q);
    sc_conn_close(ac);
  } else {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0) return 2;
  }
  free(expected);
  if (failures) return 1;
  printf("migrate_embed_test [%s]: %zu embedded migrations applied at start-up\n", argv[1], want);
  return 0;
}
