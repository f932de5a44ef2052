/* Migration round trips on a real database.
 *
 *   migrate_test --dialect sqlite|postgres [--pg-state DIR] [--rows N]
 *                [--golden DIR [--update]] [--destructive yes|no] V1 V2 [V3 ...]
 *
 * Each Vi is a schema file (a version). Migration 1 is the full DDL of V1,
 * migration i+1 the diff Vi -> Vi+1 planned by the library (diff.h, plan.h).
 * On a fresh database (an SQLite file / a new PostgreSQL database) the test
 * applies the migrations one at a time through the runtime runner, and after
 * each step:
 *   - inserts N rows per table made from the model (NULL in half of the
 *     nullable columns);
 *   - checks that the catalog equals the one a fresh DDL of that version
 *     creates (sc_migrate_check, i.e. the drift check, must be empty);
 *   - checks that every value of every column that survives the step is
 *     unchanged.
 * Then it reverts one step at a time down to nothing with the same checks
 * against the older versions, and applies everything again.
 * With --golden and two versions the planned up/down files are compared
 * with DIR/<dialect>.up.sql and .down.sql (--update rewrites them).
 * --destructive checks the diff's classification. --expect-fail: the last
 * migration must fail on the rows and leave the previous version whole. Exit 0 ok, 1 failures. */
#define _GNU_SOURCE 1
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <schemac/migrate.h>
#include <schemac/schemac.h>

#include "emit/emit_sql.h"
#include "migrate/diff.h"
#include "migrate/plan.h"
#include "schemac.h"

static int failures;
static const char *dialect_name;

#define FAIL(...)                                            \
  do {                                                       \
    fprintf(stderr, "FAIL [%s] ", dialect_name);             \
    fprintf(stderr, __VA_ARGS__);                            \
    fputc('\n', stderr);                                     \
    failures++;                                              \
  } while (0)

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("migrate_test: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  scc_buf b = {0};
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) scc_buf_put(&b, tmp, n);
  fclose(f);
  size_t len;
  char *r = scc_buf_take(&b, &len);
  return r ? r : strdup("");
}

typedef struct version {
  scc_compiler *c;
  const scc_schema *s;
  char *ddl;
} version;

static void load(version *v, const char *path, const char *text, sc_dialect d) {
  v->c = scc_compiler_new();
  if (text) scc_compiler_add_source(v->c, path, text, strlen(text));
  else scc_compiler_add_file(v->c, path);
  v->s = scc_compiler_check(v->c, NULL);
  if (!v->s) {
    scc_buf out = {0};
    scc_diags_render(scc_compiler_diags(v->c), &out);
    die("%s does not compile:\n%s\n%s", path, out.data ? out.data : "", text ? text : "");
  }
  scc_buf b = {0};
  scc_emit_sql(v->s, d, &b);
  size_t n;
  v->ddl = scc_buf_take(&b, &n);
}

/* ---- changes as data: the summary is what the SQL applies ------------------- */

/* Does field pair fp look the same in d's DDL on both sides (definition
 * and check)? Then a type change of it needs no SQL there. */
static bool same_column_ddl(const scc_field_pair *fp, sc_dialect d) {
  scc_buf a = {0}, b = {0};
  scc_emit_column_def(&a, fp->old, d);
  scc_emit_column_check(&a, fp->old, fp->new_->column, d);
  scc_emit_column_def(&b, fp->new_, d);
  scc_emit_column_check(&b, fp->new_, fp->new_->column, d);
  bool same = a.len == b.len && (!a.len || !memcmp(a.data, b.data, a.len));
  scc_buf_free(&a);
  scc_buf_free(&b);
  return same;
}

/* Does a column kept by the diff (in a kept table) have enum type `name`?
 * Only such a column's check changes with the enum's values: a new table
 * is created with them, a dropped one goes. */
static bool enum_used(const scc_diff *df, const char *name) {
  for (uint32_t i = 0; i < df->ntables; i++)
    for (uint32_t k = 0; df->tables[i].old && df->tables[i].new_ && k < df->tables[i].nfields; k++) {
      const scc_field_pair *fp = &df->tables[i].fields[k];
      if (fp->old && fp->new_ && fp->new_->type.kind == SCC_T_ENUM && !strcmp(fp->new_->type.enm->name, name))
        return true;
    }
  return false;
}

/* Every statement of the plan applies a record of the diff (the change
 * summary), and every record is applied by a statement unless it needs
 * none on this dialect: a doc comment on SQLite or of an enum, an enum
 * declared, removed or changed that no kept column uses (its values live
 * in the checks of its columns), a
 * tenant key on SQLite (row-level security is PostgreSQL's), a GIN index
 * on SQLite (PostgreSQL's only), a type or
 * default change the dialect writes the same way. */
static void check_records(const scc_diff *df, const scc_plan *p, sc_dialect d, const char *what) {
  if (p->unattributed) FAIL("%s: %u statement(s) apply no change of the summary", what, p->unattributed);
  if (p->napplied != df->nchanges) FAIL("%s: the plan counts %u records, the diff has %u", what, p->napplied, df->nchanges);
  for (uint32_t i = 0; i < df->nchanges && i < p->napplied; i++) {
    const scc_change *c = &df->changes[i];
    if (p->applied[i]) continue;
    bool none = (c->kind == SCC_CH_DOC && (d == SC_DIALECT_SQLITE || !c->table)) ||
                (c->kind == SCC_CH_ENUM &&
                 (c->op != SCC_OP_CHANGE || !enum_used(df, c->new_enum->name))) ||
                (c->kind == SCC_CH_TENANT && d == SC_DIALECT_SQLITE) ||
                (c->kind == SCC_CH_INDEX && d == SC_DIALECT_SQLITE &&
                 ((c->old_index && c->old_index->method) || (c->new_index && c->new_index->method))) ||
                ((c->kind == SCC_CH_TYPE || c->kind == SCC_CH_DEFAULT) && same_column_ddl(c->field, d));
    if (!none) FAIL("%s: no statement applies \"%s\"", what, c->text);
  }
}

/* ---- rows made from the model ------------------------------------------------ */

static bool pg;

/* Rows of a table are numbered base + k (k in [0, rows)); the base is set
 * when the table gets its rows (the version that creates it) and follows
 * renames, so references always point at existing parent rows. */
typedef struct base_entry {
  char table[128];
  int64_t base;
  bool filling; /* rows not inserted yet: nullable references to it are NULL */
} base_entry;
static base_entry bases[256];
static int nbases;

static int64_t base_of(const char *table) {
  for (int i = 0; i < nbases; i++)
    if (!strcmp(bases[i].table, table)) return bases[i].base;
  return -1;
}

static void set_base(const char *table, int64_t base) {
  for (int i = 0; i < nbases; i++)
    if (!strcmp(bases[i].table, table)) {
      bases[i].base = base;
      return;
    }
  if (nbases < 256) {
    snprintf(bases[nbases].table, sizeof bases[nbases].table, "%s", table);
    bases[nbases].filling = false;
    bases[nbases++].base = base;
  }
}

static bool filling(const char *table) {
  for (int i = 0; i < nbases; i++)
    if (!strcmp(bases[i].table, table)) return bases[i].filling;
  return false;
}

static void set_filling(const char *table, bool on) {
  for (int i = 0; i < nbases; i++)
    if (!strcmp(bases[i].table, table)) bases[i].filling = on;
}

/* An array column's value: two elements, an array literal or a JSON array. */
static void array_value(scc_buf *b, const scc_mfield *f, int64_t i) {
  scc_buf_puts(b, pg ? "'{" : "'[");
  for (int64_t k = 0; k < 2; k++) {
    if (k) scc_buf_putc(b, ',');
    switch (f->type.kind) {
    case SCC_T_UUID: scc_buf_printf(b, "\"00000000-0000-7000-8000-%012" PRId64 "\"", i + k); break;
    case SCC_T_ENUM: scc_buf_printf(b, "\"%s\"", f->type.enm->values[(i + k) % f->type.enm->nvalues].name); break;
    case SCC_T_STRING:
    case SCC_T_TEXT: scc_buf_printf(b, "\"v%" PRId64 "\"", i + k); break;
    default: scc_buf_printf(b, "%" PRId64, i + k); break;
    }
  }
  scc_buf_puts(b, pg ? "}'" : "]'");
}

static void value(scc_buf *b, const scc_entity *e, const scc_mfield *f, int64_t k, bool allow_null) {
  int64_t i = base_of(e->table) + k;
  /* A nullable reference to a table filled later (a cycle): NULL. */
  if (f->ref && f->nullable && f->ref->target != e && filling(f->ref->target->table)) {
    scc_buf_puts(b, "NULL");
    return;
  }
  bool keyish = f->is_id || f->unique || f->ref || f->soft_delete;
  if (f->soft_delete || (allow_null && f->nullable && !keyish && (i % 2))) {
    scc_buf_puts(b, "NULL");
    return;
  }
  if (f->ref) {
    value(b, f->ref->target, f->ref->target_field, k, false);
    return;
  }
  if (f->type.array) {
    array_value(b, f, i);
    return;
  }
  switch (f->type.kind) {
  case SCC_T_BOOL: scc_buf_puts(b, pg ? (i % 2 ? "true" : "false") : (i % 2 ? "1" : "0")); break;
  case SCC_T_SMALLINT:
  case SCC_T_INT:
  case SCC_T_BIGINT:
    if (f->has_check) {
      long long lo = atoll(f->check_lo), hi = atoll(f->check_hi);
      scc_buf_printf(b, "%lld", lo + (long long)(i % (hi - lo + 1)));
    } else {
      scc_buf_printf(b, "%" PRId64, i + 1);
    }
    break;
  case SCC_T_FLOAT: scc_buf_printf(b, "%" PRId64 ".5", i); break;
  case SCC_T_DECIMAL:
    if (f->has_check) scc_buf_printf(b, "'%s'", f->check_lo);
    else if (f->type.scale) scc_buf_printf(b, "'%" PRId64 ".25'", i % 1000);
    else scc_buf_printf(b, "'%" PRId64 "'", i % 1000);
    break;
  case SCC_T_STRING:
  case SCC_T_TEXT: {
    char s[64];
    snprintf(s, sizeof s, "v%" PRId64 "'q", i);
    if (f->type.length && strlen(s) > f->type.length) snprintf(s, sizeof s, "%" PRId64, i);
    scc_buf_putc(b, '\'');
    for (char *p = s; *p; p++) {
      if (*p == '\'') scc_buf_putc(b, '\'');
      scc_buf_putc(b, *p);
    }
    scc_buf_putc(b, '\'');
    break;
  }
  case SCC_T_BYTES: scc_buf_puts(b, pg ? "'\\x00ff27'::bytea" : "X'00FF27'"); break;
  case SCC_T_UUID: scc_buf_printf(b, "'00000000-0000-7000-8000-%012" PRId64 "'", i); break;
  case SCC_T_TIMESTAMP:
    if (pg) scc_buf_printf(b, "to_timestamp(%" PRId64 ")", (int64_t)1700000000 + i);
    else scc_buf_printf(b, "%" PRId64, (int64_t)1700000000000000 + i);
    break;
  case SCC_T_DATE: scc_buf_printf(b, "'2024-01-%02d'", (int)(i % 28) + 1); break;
  case SCC_T_TIME:
    if (pg) scc_buf_printf(b, "'%02d:%02d:00.%06d'", (int)(i % 24), (int)(i % 60), (int)(i % 1000000));
    else scc_buf_printf(b, "%" PRId64, ((i % 24) * 3600 + (i % 60) * 60) * 1000000 + i % 1000000);
    break;
  case SCC_T_JSON: scc_buf_printf(b, "'{\"k\": %" PRId64 "}'", i); break;
  case SCC_T_ENUM: scc_buf_printf(b, "'%s'", f->type.enm->values[i % f->type.enm->nvalues].name); break;
  }
}

static void ident(scc_buf *b, const char *s) {
  scc_buf_putc(b, '"');
  scc_buf_puts(b, s);
  scc_buf_putc(b, '"');
}

/* n rows, numbered from `from`, into every table that has none yet
 * (referenced rows come first by creation order; a reference to a later or
 * the same table points to the same row number: it exists at commit). */
static void insert_rows(sc_conn *c, const scc_schema *s, int64_t from, int64_t n) {
  if (sc_tx_begin(c, NULL) != SC_OK) die("begin: %s", sc_error_last()->message);
  if (!pg) sc_conn_exec(c, "PRAGMA defer_foreign_keys = ON");
  else sc_conn_exec(c, "SET CONSTRAINTS ALL DEFERRED");
  bool fresh[1024] = {false};
  for (uint32_t t = 0; t < s->nentities && t < 1024; t++) {
    fresh[t] = base_of(s->create_order[t]->table) < 0;
    if (fresh[t]) {
      set_base(s->create_order[t]->table, from);
      set_filling(s->create_order[t]->table, true);
    }
  }
  for (uint32_t t = 0; t < s->nentities && t < 1024; t++) {
    const scc_entity *e = s->create_order[t];
    if (!fresh[t]) continue;
    for (int64_t i = 0; i < n; i++) {
      scc_buf b = {0};
      scc_buf_puts(&b, "INSERT INTO ");
      ident(&b, e->table);
      scc_buf_puts(&b, " (");
      for (uint32_t k = 0; k < e->nfields; k++) {
        if (k) scc_buf_puts(&b, ", ");
        ident(&b, e->fields[k]->column);
      }
      scc_buf_puts(&b, ") VALUES (");
      for (uint32_t k = 0; k < e->nfields; k++) {
        if (k) scc_buf_puts(&b, ", ");
        value(&b, e, e->fields[k], i, true);
      }
      scc_buf_puts(&b, ")");
      if (sc_conn_exec(c, b.data) != SC_OK) die("insert failed: %s\n  %s", sc_conn_error(c)->message, b.data);
      scc_buf_free(&b);
    }
    set_filling(e->table, false);
  }
  if (sc_tx_commit(c) != SC_OK) die("commit rows: %s", sc_error_last()->message);
}

/* ---- snapshots of surviving columns --------------------------------------------- */

/* The text of every row of the given columns, ordered by primary key. */
static char *snapshot(sc_conn *c, const char *table, const char **cols, uint32_t ncols, const char **pk, uint32_t npk) {
  scc_buf q = {0}, out = {0};
  scc_buf_puts(&q, "SELECT ");
  for (uint32_t k = 0; k < ncols; k++) {
    if (k) scc_buf_puts(&q, " || '|' || ");
    scc_buf_puts(&q, pg ? "coalesce(" : "coalesce(quote(");
    ident(&q, cols[k]);
    scc_buf_puts(&q, pg ? "::text, 'NULL')" : "), 'NULL')");
  }
  if (!ncols) scc_buf_puts(&q, "'-'");
  scc_buf_puts(&q, " FROM ");
  ident(&q, table);
  scc_buf_puts(&q, " ORDER BY ");
  for (uint32_t k = 0; k < npk; k++) {
    if (k) scc_buf_puts(&q, ", ");
    ident(&q, pk[k]);
  }
  sc_stmt *st;
  if (sc_stmt_prepare(&st, c, q.data) != SC_OK) die("snapshot: %s\n  %s", sc_conn_error(c)->message, q.data);
  sc_status rc;
  while ((rc = sc_stmt_step(st)) == SC_ROW) {
    const char *v;
    sc_stmt_column_text(st, 0, &v, NULL);
    scc_buf_puts(&out, v ? v : "?");
    scc_buf_putc(&out, '\n');
  }
  if (rc < 0) die("snapshot: %s", sc_conn_error(c)->message);
  sc_stmt_finalize(st);
  scc_buf_free(&q);
  size_t n;
  char *r = scc_buf_take(&out, &n);
  return r ? r : strdup("");
}

/* Values must survive: for each table of both versions, the matched columns
 * whose values are meant to be kept as they are. */
typedef struct snap {
  char **text;
  uint32_t n;
} snap;

static bool comparable(const scc_mfield *a, const scc_mfield *b) {
  /* NULLs are backfilled when a column becomes NOT NULL; a changed type may
   * print differently. */
  if (a->nullable && !b->nullable) return false;
  char x[128], y[128];
  bool as = a->type.kind == SCC_T_STRING || a->type.kind == SCC_T_TEXT;
  bool bs = b->type.kind == SCC_T_STRING || b->type.kind == SCC_T_TEXT;
  bool ai = a->type.kind == SCC_T_SMALLINT || a->type.kind == SCC_T_INT || a->type.kind == SCC_T_BIGINT;
  bool bi = b->type.kind == SCC_T_SMALLINT || b->type.kind == SCC_T_INT || b->type.kind == SCC_T_BIGINT;
  return !strcmp(scc_type_dsl(&a->type, x, sizeof x), scc_type_dsl(&b->type, y, sizeof y)) || (as && bs) ||
         (ai && bi);
}

static void take(sc_conn *c, const scc_diff *d, bool use_new, snap *s) {
  s->n = d->ntables;
  s->text = calloc(d->ntables + 1, sizeof *s->text);
  for (uint32_t t = 0; t < d->ntables; t++) {
    const scc_table_pair *tp = &d->tables[t];
    if (!tp->old || !tp->new_) continue;
    const scc_entity *e = use_new ? tp->new_ : tp->old;
    const char *cols[256], *pk[16];
    uint32_t nc = 0, np = 0;
    for (uint32_t k = 0; k < tp->nfields && nc < 256; k++) {
      const scc_field_pair *fp = &tp->fields[k];
      if (!fp->old || !fp->new_ || !comparable(fp->old, fp->new_) || !comparable(fp->new_, fp->old)) continue;
      cols[nc++] = use_new ? fp->new_->column : fp->old->column;
    }
    for (uint32_t k = 0; k < e->npk && np < 16; k++) pk[np++] = e->pk[k]->column;
    s->text[t] = snapshot(c, e->table, cols, nc, pk, np);
  }
}

static void compare(const snap *a, const snap *b, const scc_diff *d, const char *when, bool need_rows) {
  for (uint32_t t = 0; t < a->n; t++) {
    if (!a->text[t] || !b->text[t]) continue;
    if (strcmp(a->text[t], b->text[t]))
      FAIL("%s: values of table %s changed:\n--- before\n%.2000s--- after\n%.2000s", when,
           d->tables[t].new_->table, a->text[t], b->text[t]);
    if (need_rows && !*a->text[t]) FAIL("%s: table %s held no rows to compare", when, d->tables[t].new_->table);
  }
}

static void snap_free(snap *s) {
  for (uint32_t t = 0; t < s->n; t++) free(s->text[t]);
  free(s->text);
}

static void check_catalog(sc_conn *c, const char *ddl, const char *when) {
  char *report = NULL;
  if (sc_migrate_check(c, ddl, &report) != SC_OK) FAIL("%s: catalog check failed: %s", when, sc_error_last()->message);
  else if (report) FAIL("%s: the catalog differs from a fresh DDL:\n%s", when, report);
  free(report);
}

/* Row numbering follows a step: renamed tables keep theirs, dropped and
 * created tables forget theirs (a table that comes back is empty). */
static void follow(const scc_diff *d) {
  int64_t keep[256];
  for (uint32_t t = 0; t < d->ntables && t < 256; t++)
    keep[t] = d->tables[t].old ? base_of(d->tables[t].old->table) : -1;
  nbases = 0;
  for (uint32_t t = 0; t < d->ntables && t < 256; t++)
    if (d->tables[t].old && d->tables[t].new_ && keep[t] >= 0) set_base(d->tables[t].new_->table, keep[t]);
}

/* ---- main ----------------------------------------------------------------------- */

static void golden(const char *dir, const char *kind, const char *text, bool update) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.%s.sql", dir, dialect_name, kind);
  if (update) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, strlen(text), f) != strlen(text)) die("cannot write %s", path);
    fclose(f);
    return;
  }
  char *want = read_all(path);
  if (!want) FAIL("golden file %s is missing (run with --update)", path);
  else if (strcmp(want, text)) FAIL("%s differs from the planned SQL:\n%s", path, text);
  free(want);
}

typedef struct mt_opts {
  const char *dialect, *pg_state, *golden_dir, *destructive;
  int64_t rows;
  bool update, expect_fail, quiet;
} mt_opts;

/* One chain of versions (files, or texts named by files); returns the
 * number of failures. */
static int mt_run(const mt_opts *opt, const char *const *files, const char *const *texts, int nfiles) {
  const char *pg_state = opt->pg_state, *golden_dir = opt->golden_dir, *destructive = opt->destructive;
  int64_t rows = opt->rows;
  bool update = opt->update, expect_fail = opt->expect_fail;
  failures = 0;
  nbases = 0;
  sc_dialect d;
  if (!opt->dialect || !scc_dialect_parse(opt->dialect, &d) || nfiles < 1) die("usage: see the comment at the top");
  dialect_name = scc_dialect_name(d);
  pg = d == SC_DIALECT_POSTGRES;

  version *v = calloc((size_t)nfiles, sizeof *v);
  for (int i = 0; i < nfiles; i++) load(&v[i], files[i], texts ? texts[i] : NULL, d);
  int nm = nfiles;
  sc_migration *m = calloc((size_t)nm, sizeof *m);
  scc_diff *diffs = calloc((size_t)nm, sizeof *diffs);
  char **names = calloc((size_t)nm, sizeof *names);
  for (int i = 0; i < nm; i++) {
    if (asprintf(&names[i], "v%d", i + 1) < 0) die("oom");
    m[i].version = i + 1;
    m[i].name = names[i];
    scc_diff_schemas(i ? v[i - 1].s : NULL, v[i].s, &diffs[i]);
    scc_diff rev;
    scc_diff_reverse(&diffs[i], &rev);
    scc_plan pu, pd;
    scc_buf up = {0}, down = {0};
    char title[64];
    if (i == 0) {
      scc_buf_puts(&up, v[0].ddl);
    } else {
      scc_plan_build(&diffs[i], d, &pu);
      check_records(&diffs[i], &pu, d, "up");
      snprintf(title, sizeof title, "%04d_%s (up)", i + 1, names[i]);
      scc_plan_file(&pu, title, d, &up);
      scc_plan_free(&pu);
    }
    scc_plan_build(&rev, d, &pd);
    if (i) check_records(&rev, &pd, d, "down");
    snprintf(title, sizeof title, "%04d_%s (down)", i + 1, names[i]);
    scc_plan_file(&pd, title, d, &down);
    scc_plan_free(&pd);
    scc_diff_free(&rev);
    size_t n;
    m[i].up_sql = scc_buf_take(&up, &n);
    m[i].down_sql = scc_buf_take(&down, &n);
    if (i == 1 && golden_dir) {
      golden(golden_dir, "up", m[i].up_sql, update);
      golden(golden_dir, "down", m[i].down_sql, update);
    }
    if (i >= 1 && destructive) {
      bool want = !strcmp(destructive, "yes");
      if (scc_diff_destructive(&diffs[i]) != want)
        FAIL("diff %d -> %d: destructive is %d, expected %d", i, i + 1, !want, want);
    }
    if (i >= 1 && !diffs[i].nchanges && !opt->quiet) FAIL("diff %d -> %d found no change", i, i + 1);
  }

  /* A fresh database. */
  char url[2048], dbname[64], admin[1024] = "";
  char tmpdir[] = "/tmp/schemac-mig-XXXXXX";
  snprintf(dbname, sizeof dbname, "mig_%d_%ld", (int)getpid(), (long)rand());
  sc_conn *admin_conn = NULL;
  if (pg) {
    char p[1024];
    snprintf(p, sizeof p, "%s/url", pg_state ? pg_state : getenv("SCHEMAC_PG_STATE"));
    char *u = read_all(p);
    if (!u) die("cannot read %s", p);
    u[strcspn(u, "\r\n")] = 0;
    snprintf(admin, sizeof admin, "%s", u);
    sc_config cfg;
    sc_config_init(&cfg);
    cfg.url = admin;
    if (sc_conn_open(&admin_conn, &cfg) != SC_OK) die("connect: %s", sc_error_last()->message);
    char q[200];
    snprintf(q, sizeof q, "CREATE DATABASE %s", dbname);
    if (sc_conn_exec(admin_conn, q) != SC_OK) die("%s: %s", q, sc_conn_error(admin_conn)->message);
    /* postgresql:///postgres?host=... -> postgresql:///<db>?host=... */
    char *slash = strstr(u, ":///");
    char *qm = strchr(u, '?');
    if (!slash || !qm) die("unexpected URL form %s", u);
    snprintf(url, sizeof url, "%.*s%s%s", (int)(slash + 4 - u), u, dbname, qm);
    free(u);
  } else {
    if (!mkdtemp(tmpdir)) die("mkdtemp");
    snprintf(url, sizeof url, "sqlite:%s/db.sqlite", tmpdir);
  }
  sc_config cfg;
  sc_config_init(&cfg);
  cfg.url = url;
  sc_conn *c;
  if (sc_conn_open(&c, &cfg) != SC_OK) die("connect %s: %s", url, sc_error_last()->message);
  sc_migrate_options o = SC_MIGRATE_OPTIONS_INIT;

  for (int round = 0; round < 2; round++) {
    /* Up one at a time. */
    for (int i = 0; i < nm; i++) {
      char when[64];
      snprintf(when, sizeof when, "round %d up to v%d", round + 1, i + 1);
      snap before = {0}, after = {0};
      if (i) take(c, &diffs[i], false, &before);
      sc_status rc = sc_migrate_up(c, m, (size_t)nm, i + 1, &o);
      if (expect_fail && i == nm - 1) {
        /* The last migration must fail and leave the previous version whole. */
        if (rc == SC_OK) FAIL("%s: the migration succeeded but was expected to fail", when);
        else printf("expected failure: %s\n", sc_error_last()->message);
        check_catalog(c, v[i - 1].ddl, when);
        snap again = {0};
        take(c, &diffs[i], false, &again);
        compare(&before, &again, &diffs[i], when, true);
        snap_free(&again);
        snap_free(&before);
        sc_applied_migration *ap;
        size_t na;
        if (sc_migrate_applied(c, &ap, &na) != SC_OK || na != (size_t)i) FAIL("%s: history is not at v%d", when, i);
        free(ap);
        goto done;
      }
      if (rc != SC_OK) {
        FAIL("%s: %s", when, sc_error_last()->message);
        goto done;
      }
      check_catalog(c, v[i].ddl, when);
      if (i) {
        take(c, &diffs[i], true, &after);
        compare(&before, &after, &diffs[i], when, true);
      }
      snap_free(&before);
      snap_free(&after);
      follow(&diffs[i]);
      insert_rows(c, v[i].s, ((int64_t)round * 64 + i) * 100000, rows);
    }
    /* Down one at a time. */
    for (int i = nm - 1; i >= 0; i--) {
      char when[64];
      snprintf(when, sizeof when, "round %d down from v%d", round + 1, i + 1);
      scc_diff rev;
      scc_diff_reverse(&diffs[i], &rev);
      snap before = {0}, after = {0};
      if (i) take(c, &rev, false, &before);
      if (sc_migrate_down(c, m, (size_t)nm, i, &o) != SC_OK) {
        FAIL("%s: %s", when, sc_error_last()->message);
        scc_diff_free(&rev);
        goto done;
      }
      check_catalog(c, i ? v[i - 1].ddl : "", when);
      follow(&rev);
      if (i) {
        take(c, &rev, true, &after);
        compare(&before, &after, &rev, when, false);
      }
      snap_free(&before);
      snap_free(&after);
      scc_diff_free(&rev);
    }
  }
  /* And up all at once. */
  if (sc_migrate_up(c, m, (size_t)nm, -1, &o) != SC_OK) FAIL("final up: %s", sc_error_last()->message);
  else check_catalog(c, v[nm - 1].ddl, "final up");

done:
  sc_conn_close(c);
  if (pg) {
    char q[200];
    snprintf(q, sizeof q, "DROP DATABASE %s WITH (FORCE)", dbname);
    sc_conn_exec(admin_conn, q);
    sc_conn_close(admin_conn);
  } else {
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "warning: cannot remove %s\n", tmpdir);
  }
  for (int i = 0; i < nm; i++) {
    free((char *)m[i].up_sql);
    free((char *)m[i].down_sql);
    free(names[i]);
    scc_diff_free(&diffs[i]);
    free(v[i].ddl);
    scc_compiler_free(v[i].c);
  }
  free(m);
  free(diffs);
  free(names);
  free(v);
  if (failures) {
    fprintf(stderr, "migrate_test [%s]: %d failure(s)\n", dialect_name, failures);
    return failures;
  }
  if (!opt->quiet) printf("migrate_test [%s]: %d versions up, down, up: ok\n", dialect_name, nfiles);
  return 0;
}

#ifndef MIGRATE_TEST_NO_MAIN
int main(int argc, char **argv) {
  mt_opts o = {NULL, NULL, NULL, NULL, 20, false, false, false};
  const char *files[64];
  int nfiles = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--dialect") && i + 1 < argc) o.dialect = argv[++i];
    else if (!strcmp(argv[i], "--pg-state") && i + 1 < argc) o.pg_state = argv[++i];
    else if (!strcmp(argv[i], "--rows") && i + 1 < argc) o.rows = atoll(argv[++i]);
    else if (!strcmp(argv[i], "--golden") && i + 1 < argc) o.golden_dir = argv[++i];
    else if (!strcmp(argv[i], "--destructive") && i + 1 < argc) o.destructive = argv[++i];
    else if (!strcmp(argv[i], "--update")) o.update = true;
    else if (!strcmp(argv[i], "--expect-fail")) o.expect_fail = true;
    else if (nfiles < 64) files[nfiles++] = argv[i];
  }
  return mt_run(&o, files, NULL, nfiles) ? 1 : 0;
}
#endif
