/* `schemac pull` on real databases.
 *
 *   pull_test --dialect sqlite|postgres [--pg-state DIR] roundtrip FILE...
 *   pull_test --dialect sqlite|postgres [--pg-state DIR] handwritten FILE.sql [--show OUT] [--doc DOC.md]
 *
 * roundtrip: for each schema FILE, its DDL (`schemac sql`) goes into a fresh
 * database (an SQLite file, a new PostgreSQL database), the database is
 * pulled, and the pulled schema must check and be the same database as the
 * original: the migration diff (tables matched by table name, columns by
 * column name: scc_diff_schemas_by_sql) may only hold records that change
 * nothing this database holds, which are listed in `invisible()` below. A
 * schemac-made database must pull without a warning, and the text must be
 * in `schemac fmt`'s layout.
 *
 * handwritten: FILE.sql (plain SQL, not schemac's) goes into a fresh
 * database; the pull must check, and nothing may be dropped silently: every
 * table, column, index and constraint name of the database either comes
 * back (the pulled schema's DDL, applied to a second fresh database, has
 * it) or is named in a `// pull:` comment of the output, and every such
 * comment is also a warning. --show writes the pulled text; --doc requires
 * DOC.md (docs/pull.md) to show it verbatim, so the page shows what pull
 * prints now. Exit 0 ok, 1 failures. */
#define _GNU_SOURCE 1
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "emit/emit_sql.h"
#include "migrate/diff.h"
#include "pull/pull.h"
#include "schemac.h"

static int failures;
static const char *dialect_name;
static sc_dialect dialect;
static const char *pg_state;

#define FAIL(...)                                      \
  do {                                                 \
    fprintf(stderr, "FAIL [%s] ", dialect_name);       \
    fprintf(stderr, __VA_ARGS__);                      \
    fputc('\n', stderr);                               \
    failures++;                                        \
  } while (0)

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "pull_test: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  scc_buf b = {0};
  char tmp[4096];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) scc_buf_put(&b, tmp, n);
  fclose(f);
  scc_buf_putc(&b, 0);
  return b.data;
}

/* ---- a fresh database ---- */

typedef struct db {
  char path[256];     /* SQLite file */
  char dbname[64];    /* PostgreSQL database */
  char conninfo[2048];
  PGconn *admin;
} db;

static void db_fresh(db *d) {
  memset(d, 0, sizeof *d);
  static unsigned seq;
  seq++;
  if (dialect == SC_DIALECT_SQLITE) {
    snprintf(d->path, sizeof d->path, "/tmp/schemac-pull-%d-%u.db", (int)getpid(), seq);
    unlink(d->path);
    snprintf(d->conninfo, sizeof d->conninfo, "%s", d->path);
    return;
  }
  char p[1024];
  snprintf(p, sizeof p, "%s/url", pg_state ? pg_state : getenv("SCHEMAC_PG_STATE"));
  char *u = read_all(p);
  if (!u) die("cannot read %s", p);
  u[strcspn(u, "\r\n")] = 0;
  d->admin = PQconnectdb(u);
  if (PQstatus(d->admin) != CONNECTION_OK) die("connect %s: %s", u, PQerrorMessage(d->admin));
  snprintf(d->dbname, sizeof d->dbname, "pull_%d_%u", (int)getpid(), seq);
  char q[200];
  snprintf(q, sizeof q, "CREATE DATABASE %s", d->dbname);
  PGresult *r = PQexec(d->admin, q);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) die("%s: %s", q, PQerrorMessage(d->admin));
  PQclear(r);
  /* postgresql:///postgres?host=... -> postgresql:///<db>?host=... */
  char *slash = strstr(u, ":///"), *qm = strchr(u, '?');
  if (!slash || !qm) die("unexpected URL form %s", u);
  snprintf(d->conninfo, sizeof d->conninfo, "%.*s%s%s", (int)(slash + 4 - u), u, d->dbname, qm);
  free(u);
}

static void db_drop(db *d) {
  if (dialect == SC_DIALECT_SQLITE) {
    unlink(d->path);
    return;
  }
  char q[200];
  snprintf(q, sizeof q, "DROP DATABASE IF EXISTS %s", d->dbname);
  PQclear(PQexec(d->admin, q));
  PQfinish(d->admin);
}

/* Runs a script; false (and a failure) when the database refuses it. */
static bool db_exec(db *d, const char *sql, const char *what) {
  if (dialect == SC_DIALECT_SQLITE) {
    sqlite3 *s;
    if (sqlite3_open(d->path, &s) != SQLITE_OK) die("open %s", d->path);
    char *err = NULL;
    bool ok = sqlite3_exec(s, sql, NULL, NULL, &err) == SQLITE_OK;
    if (!ok) FAIL("%s: %s", what, err);
    sqlite3_free(err);
    sqlite3_close(s);
    return ok;
  }
  PGconn *c = PQconnectdb(d->conninfo);
  if (PQstatus(c) != CONNECTION_OK) die("connect %s: %s", d->conninfo, PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) FAIL("%s: %s", what, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
  return ok;
}

/* Every object name of the database, one "kind table name" line each. */
static void db_names(db *d, scc_buf *out) {
  static const char *const sqlite_q =
      "SELECT 'table ' || name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
      "AND name NOT LIKE 'schemac\\_%' ESCAPE '\\' "
      "UNION ALL SELECT 'column ' || m.name || '.' || c.name FROM sqlite_schema m, pragma_table_xinfo(m.name) c "
      "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT LIKE 'schemac\\_%' ESCAPE '\\' "
      "UNION ALL SELECT type || ' ' || name FROM sqlite_schema WHERE type IN ('index', 'view', 'trigger') "
      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name NOT LIKE 'schemac\\_%' ESCAPE '\\' ORDER BY 1";
  static const char *const pg_q =
      "SELECT * FROM (SELECT 'table ' || relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm') "
      "UNION ALL SELECT 'column ' || c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
      "UNION ALL SELECT 'index ' || relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'i' "
      "UNION ALL SELECT 'constraint ' || conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
      "UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd') "
      "UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
      "WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal) n(l) WHERE l NOT LIKE '% schemac\\_%' ORDER BY 1";
  if (dialect == SC_DIALECT_SQLITE) {
    sqlite3 *s;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open(d->path, &s) != SQLITE_OK || sqlite3_prepare_v2(s, sqlite_q, -1, &st, NULL) != SQLITE_OK)
      die("names: %s", sqlite3_errmsg(s));
    while (sqlite3_step(st) == SQLITE_ROW) scc_buf_printf(out, "%s\n", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(s);
    return;
  }
  PGconn *c = PQconnectdb(d->conninfo);
  PGresult *r = PQexec(c, pg_q);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) die("names: %s", PQerrorMessage(c));
  for (int i = 0; i < PQntuples(r); i++) scc_buf_printf(out, "%s\n", PQgetvalue(r, i, 0));
  PQclear(r);
  PQfinish(c);
}

static bool pull(db *d, scc_buf *text, scc_buf *warnings) {
  scc_pulled p;
  scc_buf err = {0};
  bool ok = dialect == SC_DIALECT_SQLITE ? scc_pull_sqlite(d->path, &p, &err) : scc_pull_pg(d->conninfo, NULL, &p, &err);
  if (!ok) FAIL("pull: %.*s", (int)err.len, err.data);
  else scc_pull_write(&p, NULL, text, warnings);
  scc_pulled_free(&p);
  scc_buf_free(&err);
  return ok;
}

static void print_diags(scc_compiler *c) {
  scc_buf b = {0};
  scc_diags_render(scc_compiler_diags(c), &b);
  fprintf(stderr, "%.*s", (int)b.len, b.data ? b.data : "");
  scc_buf_free(&b);
}

/* ---- roundtrip ---- */

/* A field as this database holds it: type, implied check, default. */
static void rendered(const scc_mfield *f, scc_buf *b) {
  const scc_dialect_ops *o = scc_dialect_ops_of(dialect);
  scc_mfield g = *f;
  g.column = "c"; /* the same name on both sides */
  o->column_type(b, &g.type);
  scc_buf_puts(b, " | ");
  o->type_check(b, &g);
  scc_buf_puts(b, " | ");
  o->default_expr(b, &g);
  scc_buf_printf(b, " | %s", f->def.kind == SCC_DEF_AUTOINCREMENT ? o->identity : "");
}

static bool same_rendered(const scc_mfield *a, const scc_mfield *b) {
  scc_buf x = {0}, y = {0};
  rendered(a, &x);
  rendered(b, &y);
  bool same = x.len == y.len && !memcmp(x.data, y.data, x.len);
  scc_buf_free(&x);
  scc_buf_free(&y);
  return same;
}

/* The diff records that change nothing this database holds. */
static const char *invisible(const scc_change *c) {
  const scc_dialect_ops *o = scc_dialect_ops_of(dialect);
  switch (c->kind) {
  case SCC_CH_ENUM:
    /* Enums exist only in the schema (text + CHECK): their names and
     * values are compared through the columns that use them. */
    return "enum names live in the schema only";
  case SCC_CH_DOC:
    if (!c->table) return "enum docs live in the schema only";
    if (!c->field && !o->catalog_comments) return "SQLite keeps no table comment";
    return NULL;
  case SCC_CH_TYPE:
  case SCC_CH_DEFAULT:
    return same_rendered(c->field->old, c->field->new_) ? "the same column in this database" : NULL;
  case SCC_CH_TENANT:
    return o->tenant_in_statements ? "SQLite has no row-level security: the tenant key is in the C only" : NULL;
  case SCC_CH_CHECK:
    /* PostgreSQL keeps an expression parsed and prints it its own way
     * (parentheses, casts): the text differs, the fixpoint below shows
     * the expression is the same. */
    return dialect == SC_DIALECT_POSTGRES && !c->field ? "an expression as PostgreSQL prints it" : NULL;
  case SCC_CH_INDEX:
    if (dialect == SC_DIALECT_SQLITE && ((c->old_index && c->old_index->method) || (c->new_index && c->new_index->method)))
      return "SQLite has no GIN index: type: gin is PostgreSQL's only";
    /* fall through */
  case SCC_CH_UNIQUE:
    return dialect == SC_DIALECT_POSTGRES && ((c->old_index && c->old_index->where) || (c->new_index && c->new_index->where))
               ? "a partial index's predicate as PostgreSQL prints it"
               : NULL;
  default: return NULL;
  }
}

static void roundtrip(const char *file) {
  scc_compiler *oc = scc_compiler_new();
  scc_compiler_add_file(oc, file);
  const scc_schema *orig = scc_compiler_check(oc, NULL);
  if (!orig) {
    print_diags(oc);
    FAIL("%s does not check", file);
    scc_compiler_free(oc);
    return;
  }
  scc_buf ddl = {0}, text = {0}, warnings = {0};
  scc_emit_sql(orig, dialect, &ddl);
  scc_buf_putc(&ddl, 0);
  db d;
  db_fresh(&d);
  if (db_exec(&d, ddl.data, file) && pull(&d, &text, &warnings)) {
    scc_compiler *pc = scc_compiler_new();
    scc_compiler_add_source(pc, "pulled.schema", text.data, text.len);
    const scc_schema *pulled = scc_compiler_check(pc, NULL);
    bool bad = false;
    if (!pulled) {
      print_diags(pc);
      FAIL("%s: the pulled schema does not check", file);
      bad = true;
    } else {
      /* The output is in fmt's layout already. */
      scc_buf again = {0};
      scc_format_file(scc_compiler_file(pc, 0), &again);
      if (again.len != text.len || memcmp(again.data, text.data, text.len)) {
        FAIL("%s: the pulled schema is not in fmt's layout", file);
        bad = true;
      }
      scc_buf_free(&again);
      scc_diff df;
      scc_diff_schemas_by_sql(orig, pulled, &df);
      for (uint32_t i = 0; i < df.nchanges; i++)
        if (!invisible(&df.changes[i])) {
          FAIL("%s: pulled schema differs: %s", file, df.changes[i].text);
          bad = true;
        }
      scc_diff_free(&df);
    }
    if (pulled && dialect == SC_DIALECT_POSTGRES) {
      /* The fixpoint: the pulled schema's own database pulls the same. */
      scc_buf ddl2 = {0}, text2 = {0}, w2 = {0};
      scc_emit_sql(pulled, dialect, &ddl2);
      scc_buf_putc(&ddl2, 0);
      db d2;
      db_fresh(&d2);
      if (db_exec(&d2, ddl2.data, "the pulled schema's DDL") && pull(&d2, &text2, &w2) &&
          (text2.len != text.len || memcmp(text.data, text2.data, text.len))) {
        FAIL("%s: the pulled schema's database pulls differently:\n%.*s", file, (int)text2.len, text2.data);
        bad = true;
      }
      db_drop(&d2);
      scc_buf_free(&ddl2);
      scc_buf_free(&text2);
      scc_buf_free(&w2);
    }
    if (warnings.len) {
      FAIL("%s: a schemac-made database pulled with warnings:\n%.*s", file, (int)warnings.len, warnings.data);
      bad = true;
    }
    if (bad) fprintf(stderr, "---- pulled from %s ----\n%.*s----\n", file, (int)text.len, text.data);
    else printf("ok [%s] %s\n", dialect_name, file);
    scc_compiler_free(pc);
  }
  db_drop(&d);
  scc_buf_free(&ddl);
  scc_buf_free(&text);
  scc_buf_free(&warnings);
  scc_compiler_free(oc);
}

/* ---- handwritten ---- */

/* Is name (the last word of a "kind ... name" line) in a `// pull:` line? */
static bool in_notes(const char *text, const char *name) {
  for (const char *l = text; l && *l;) {
    const char *e = strchr(l, '\n');
    size_t n = e ? (size_t)(e - l) : strlen(l);
    const char *c = memmem(l, n, "// pull: ", 9);
    if (c && memmem(c, n - (size_t)(c - l), name, strlen(name))) return true;
    l = e ? e + 1 : NULL;
  }
  return false;
}

static void handwritten(const char *file, const char *show, const char *docpath) {
  char *sql = read_all(file);
  if (!sql) die("cannot read %s", file);
  db d, again;
  db_fresh(&d);
  scc_buf text = {0}, warnings = {0};
  if (db_exec(&d, sql, file) && pull(&d, &text, &warnings)) {
    if (show) {
      FILE *f = fopen(show, "w");
      if (!f) die("cannot write %s", show);
      fwrite(text.data, 1, text.len, f);
      fclose(f);
    }
    if (docpath) {
      char *page = read_all(docpath);
      scc_buf want = {0};
      scc_buf_printf(&want, "```\n%.*s```\n", (int)text.len, text.data);
      if (!page || !strstr(page, want.data))
        FAIL("%s does not show what pull prints now for %s (write it with --show)", docpath, file);
      free(page);
      scc_buf_free(&want);
    }
    scc_compiler *pc = scc_compiler_new();
    scc_compiler_add_source(pc, "pulled.schema", text.data, text.len);
    const scc_schema *pulled = scc_compiler_check(pc, NULL);
    if (!pulled) {
      print_diags(pc);
      FAIL("%s: the pulled schema does not check:\n%.*s", file, (int)text.len, text.data);
    } else {
      scc_buf ddl = {0}, before = {0}, after = {0};
      scc_emit_sql(pulled, dialect, &ddl);
      scc_buf_putc(&ddl, 0);
      db_fresh(&again);
      if (db_exec(&again, ddl.data, "the pulled schema's DDL")) {
        db_names(&d, &before);
        db_names(&again, &after);
        scc_buf_putc(&after, 0);
        scc_buf_putc(&before, 0);
        /* Each name of the hand-written database: back, or in a note. */
        for (char *l = before.data; l && *l;) {
          char *e = strchr(l, '\n');
          *e = 0;
          char line[1024];
          snprintf(line, sizeof line, "\n%s\n", l);
          bool back = strstr(after.data, line + 1) == after.data || strstr(after.data, line);
          const char *name = strrchr(l, ' ') + 1;
          const char *dot = strchr(name, '.');
          if (!back && !in_notes(text.data, dot ? dot + 1 : name))
            FAIL("%s: '%s' is neither in the pulled schema nor in a // pull: note (dropped silently)", file, l);
          l = e + 1;
        }
      }
      db_drop(&again);
      scc_buf_free(&ddl);
      scc_buf_free(&before);
      scc_buf_free(&after);
    }
    /* Every note is a warning too. */
    unsigned notes = 0, warns = 0;
    for (const char *s = text.data; (s = strstr(s, "// pull: ")); s++) notes++;
    for (const char *s = warnings.data; s && (s = strstr(s, "warning: ")); s++) warns++;
    if (notes != warns) FAIL("%s: %u // pull: notes but %u warnings", file, notes, warns);
    if (!notes) FAIL("%s: expected notes for what the language cannot say", file);
    if (!failures) printf("ok [%s] %s: %u notes\n", dialect_name, file, notes);
    scc_compiler_free(pc);
  }
  db_drop(&d);
  scc_buf_free(&text);
  scc_buf_free(&warnings);
  free(sql);
}

int main(int argc, char **argv) {
  int i = 1;
  for (; i + 1 < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2) {
    if (!strcmp(argv[i], "--dialect")) dialect_name = argv[i + 1];
    else if (!strcmp(argv[i], "--pg-state")) pg_state = argv[i + 1];
    else die("unknown option %s", argv[i]);
  }
  if (!dialect_name || !scc_dialect_parse(dialect_name, &dialect) || i >= argc) die("usage: see the comment at the top");
  const char *mode = argv[i++];
  if (!strcmp(mode, "roundtrip")) {
    for (; i < argc; i++) roundtrip(argv[i]);
  } else if (!strcmp(mode, "handwritten") && i < argc) {
    const char *show = NULL, *docpath = NULL;
    for (int k = i + 1; k + 1 < argc; k += 2) {
      if (!strcmp(argv[k], "--show")) show = argv[k + 1];
      else if (!strcmp(argv[k], "--doc")) docpath = argv[k + 1];
      else die("unknown option %s", argv[k]);
    }
    handwritten(argv[i], show, docpath);
  } else {
    die("unknown mode %s", mode);
  }
  if (failures) fprintf(stderr, "%d failures\n", failures);
  return failures ? 1 : 0;
}
