/* Property test: seeded random schemas and random edits, each diffed and
 * round-tripped on SQLite (up, down, up, catalog and values checked at every
 * step) by the machinery of migrate_test.c.
 *
 *   migrate_prop_test [--seed S] [--cases N] [--dialect D] [--pg-state DIR]
 *
 * Case k uses seed S + k, so a failure is reproduced with --seed S+k
 * --cases 1; the failing schemas are printed (PROP_DEBUG=1 also lists the
 * edits). Edits are the kinds the diff
 * knows (columns added, dropped, renamed, widened, made nullable or required
 * with a default, defaults, unique keys, indexes, checks, foreign keys,
 * tables added, dropped and renamed, enum values added). */
#define MIGRATE_TEST_NO_MAIN 1
#include "migrate_test.c"

static uint64_t rng;
static uint32_t rnd(uint32_t n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)(rng % n);
}

typedef struct pfield {
  char name[32], renamed_from[32];
  int type;   /* index into types[] */
  int len;    /* string(n) */
  bool nullable, unique, index, check, born_v1;
  bool touched; /* edited in the current step */
  int def;    /* 0 none, else a default value index */
  int ref;    /* -1, or entity index referenced (its id) */
} pfield;

typedef struct pentity {
  char name[32], renamed_from[32];
  bool alive, born_v1;
  pfield f[12];
  int nf;
  int serial; /* next field number */
} pentity;

typedef struct pschema {
  pentity e[6];
  int ne;
  int ncolors;
} pschema;

enum { T_INT, T_BIGINT, T_STRING, T_TEXT, T_BOOL, T_FLOAT, T_DATE, T_TIMESTAMP, T_JSON, T_UUID, T_ENUM, T_DECIMAL, NT };
static const char *const colors[] = {"red", "green", "blue", "cyan", "magenta", "yellow", "black", "white"};

static void type_text(scc_buf *b, const pfield *f) {
  switch (f->type) {
  case T_INT: scc_buf_puts(b, "int"); break;
  case T_BIGINT: scc_buf_puts(b, "bigint"); break;
  case T_STRING: scc_buf_printf(b, "string(%d)", f->len); break;
  case T_TEXT: scc_buf_puts(b, "text"); break;
  case T_BOOL: scc_buf_puts(b, "bool"); break;
  case T_FLOAT: scc_buf_puts(b, "float"); break;
  case T_DATE: scc_buf_puts(b, "date"); break;
  case T_TIMESTAMP: scc_buf_puts(b, "timestamp"); break;
  case T_JSON: scc_buf_puts(b, "json"); break;
  case T_UUID: scc_buf_puts(b, "uuid"); break;
  case T_ENUM: scc_buf_puts(b, "Color"); break;
  case T_DECIMAL: scc_buf_puts(b, "decimal(12,2)"); break;
  }
}

static void default_text(scc_buf *b, const pfield *f) {
  int k = f->def;
  switch (f->type) {
  case T_INT:
  case T_BIGINT: scc_buf_printf(b, " @default(%d)", k * 7); break;
  case T_STRING:
  case T_TEXT: scc_buf_printf(b, " @default(\"d%d\")", k); break;
  case T_BOOL: scc_buf_puts(b, k % 2 ? " @default(true)" : " @default(false)"); break;
  case T_FLOAT: scc_buf_printf(b, " @default(%d.5)", k); break;
  case T_DATE: scc_buf_printf(b, " @default(\"2020-01-%02d\")", k % 28 + 1); break;
  case T_TIMESTAMP: scc_buf_puts(b, " @default(now())"); break;
  case T_JSON: scc_buf_printf(b, " @default(\"{\\\"d\\\": %d}\")", k); break;
  case T_UUID: scc_buf_puts(b, " @default(uuid())"); break;
  case T_ENUM: scc_buf_printf(b, " @default(%s)", colors[k % 3]); break;
  case T_DECIMAL: scc_buf_printf(b, " @default(%d.25)", k); break;
  }
}

static char *render(const pschema *s) {
  scc_buf b = {0};
  scc_buf_puts(&b, "schema prop\n\nenum Color {");
  for (int i = 0; i < s->ncolors; i++) scc_buf_printf(&b, " %s", colors[i]);
  scc_buf_puts(&b, " }\n");
  for (int i = 0; i < s->ne; i++) {
    const pentity *e = &s->e[i];
    if (!e->alive) continue;
    scc_buf_printf(&b, "\nentity %s {\n  id bigint @id\n", e->name);
    for (int k = 0; k < e->nf; k++) {
      const pfield *f = &e->f[k];
      scc_buf_printf(&b, "  %s ", f->name);
      if (f->ref >= 0) scc_buf_puts(&b, "bigint");
      else type_text(&b, f);
      if (f->nullable) scc_buf_putc(&b, '?');
      if (f->ref >= 0)
        scc_buf_printf(&b, " @ref(%s.id, on_delete: %s)", s->e[f->ref].name, f->nullable ? "set_null" : "cascade");
      else if (f->def) default_text(&b, f);
      if (f->unique) scc_buf_puts(&b, " @unique");
      if (f->index) scc_buf_puts(&b, " @index");
      if (f->check) scc_buf_puts(&b, " @check(0..2000000000)");
      if (f->renamed_from[0]) scc_buf_printf(&b, " @renamed_from(%s)", f->renamed_from);
      scc_buf_putc(&b, '\n');
    }
    if (e->renamed_from[0]) scc_buf_printf(&b, "  @@renamed_from(%s)\n", e->renamed_from);
    scc_buf_puts(&b, "}\n");
  }
  size_t n;
  return scc_buf_take(&b, &n);
}

static bool uniqueable(int t) { return t == T_INT || t == T_BIGINT || t == T_STRING || t == T_TEXT || t == T_UUID; }

static void new_field(pschema *s, pentity *e, bool v1) {
  if (e->nf >= 12) return;
  pfield *f = &e->f[e->nf++];
  memset(f, 0, sizeof *f);
  snprintf(f->name, sizeof f->name, "f%d", e->serial++);
  f->type = (int)rnd(NT);
  f->len = 10 + (int)rnd(40);
  f->ref = -1;
  f->born_v1 = v1;
  f->nullable = rnd(2);
  /* Added to a table with rows: nullable or with a default. */
  if (!f->nullable && (!v1 || rnd(2))) f->def = 1 + (int)rnd(5);
  if (!v1 && !f->nullable && !f->def) f->nullable = true;
  if (v1 && uniqueable(f->type) && !rnd(4)) f->unique = true;
  if (!rnd(5)) f->index = true;
  if ((f->type == T_INT || f->type == T_BIGINT) && !rnd(4)) f->check = true;
  /* A reference to an earlier live entity. */
  int me = (int)(e - s->e);
  if (me > 0 && !rnd(3)) {
    int t = (int)rnd((uint32_t)me);
    if (s->e[t].alive) {
      f->ref = t;
      f->def = 0;
      f->unique = f->check = false;
      if (!v1) f->nullable = true;
    }
  }
}

static void new_entity(pschema *s, bool v1) {
  if (s->ne >= 6) return;
  int number = ++s->ne;
  pentity *e = &s->e[number - 1];
  memset(e, 0, sizeof *e);
  snprintf(e->name, sizeof e->name, "Ent%d", number);
  e->alive = true;
  e->born_v1 = v1;
  int n = 1 + (int)rnd(5);
  for (int i = 0; i < n; i++) new_field(s, e, v1);
}

static bool referenced(const pschema *s, int ei) {
  for (int i = 0; i < s->ne; i++)
    for (int k = 0; s->e[i].alive && k < s->e[i].nf; k++)
      if (s->e[i].f[k].ref == ei) return true;
  return false;
}

static void edit(pschema *s) {
  for (int i = 0; i < s->ne; i++) {
    s->e[i].renamed_from[0] = 0;
    for (int k = 0; k < s->e[i].nf; k++) {
      s->e[i].f[k].renamed_from[0] = 0;
      s->e[i].f[k].touched = false;
    }
  }
  int tries = 0;
  for (int done = 0; done < 1 + (int)rnd(3) && tries < 50; tries++) {
    int ei = (int)rnd((uint32_t)s->ne);
    pentity *e = &s->e[ei];
    if (!e->alive) continue;
    pfield *f = e->nf ? &e->f[rnd((uint32_t)e->nf)] : NULL;
    uint32_t op = rnd(13);
    if (getenv("PROP_DEBUG")) fprintf(stderr, "edit %u on %s.%s\n", op, e->name, f ? f->name : "-");
    if (f && op != 1) f->touched = true;
    switch (op) {
    case 0: new_field(s, e, false); break;
    case 1: /* drop a column (one the down migration can bring back) */
      if (!f || f->touched || f->unique || (!f->nullable && !f->def)) continue;
      *f = e->f[--e->nf];
      break;
    case 2: /* rename a column */
      if (!f) continue;
      if (!f->renamed_from[0]) memcpy(f->renamed_from, f->name, sizeof f->name);
      snprintf(f->name, sizeof f->name, "f%d", e->serial++);
      break;
    case 3: /* widen */
      if (!f || f->ref >= 0) continue;
      if (f->type == T_STRING) f->len *= 2;
      else if (f->type == T_INT) f->type = T_BIGINT;
      else continue;
      break;
    case 4: /* nullability */
      if (!f || f->ref >= 0) continue;
      if (!f->nullable) f->nullable = true;
      else if (!f->unique) { /* backfilled values repeat: not on unique keys */
        f->nullable = false;
        if (!f->def) f->def = 1 + (int)rnd(5);
      } else continue;
      break;
    case 5: /* default */
      if (!f || f->ref >= 0) continue;
      f->def = f->def ? (f->nullable ? 0 : f->def % 5 + 1) : 1 + (int)rnd(5);
      break;
    case 6: /* unique */
      if (!f || f->ref >= 0) continue;
      if (f->unique) f->unique = false;
      else if (f->born_v1 && uniqueable(f->type) && f->nullable) f->unique = true;
      else continue;
      break;
    case 7:
      if (!f) continue;
      f->index = !f->index;
      break;
    case 8:
      if (!f || (f->type != T_INT && f->type != T_BIGINT) || f->ref >= 0) continue;
      f->check = !f->check;
      break;
    case 9: new_entity(s, false); break;
    case 10: /* drop a table nobody references */
      if (referenced(s, ei)) continue;
      e->alive = false;
      break;
    case 11: /* rename a table */
      if (!e->renamed_from[0]) memcpy(e->renamed_from, e->name, sizeof e->name);
      snprintf(e->name, sizeof e->name, "Ent%dR%d", ei + 1, (int)rnd(1000));
      break;
    case 12:
      if (s->ncolors >= 8) continue;
      s->ncolors++;
      break;
    }
    done++;
  }
}

int main(int argc, char **argv) {
  uint64_t seed = 20261123;
  int cases = 500;
  mt_opts o = {"sqlite", NULL, NULL, NULL, 4, false, false, true};
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
    else if (!strcmp(argv[i], "--cases") && i + 1 < argc) cases = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--dialect") && i + 1 < argc) o.dialect = argv[++i];
    else if (!strcmp(argv[i], "--pg-state") && i + 1 < argc) o.pg_state = argv[++i];
  }
  int failed = 0;
  for (int k = 0; k < cases; k++) {
    rng = (seed + (uint64_t)k) * 0x9E3779B97F4A7C15ull | 1;
    pschema s;
    memset(&s, 0, sizeof s);
    s.ncolors = 3;
    int ne = 1 + (int)rnd(4);
    for (int i = 0; i < ne; i++) new_entity(&s, true);
    char *texts[3];
    texts[0] = render(&s);
    edit(&s);
    texts[1] = render(&s);
    edit(&s);
    texts[2] = render(&s);
    const char *names[3] = {"v1.schema", "v2.schema", "v3.schema"};
    /* An edit may cancel itself out (e.g. index toggled twice): skip
     * versions equal to the one before. */
    const char *chain[3] = {texts[0]};
    const char *cn[3] = {names[0]};
    int n = 1;
    for (int i = 1; i < 3; i++)
      if (strcmp(texts[i], chain[n - 1])) {
        chain[n] = texts[i];
        cn[n++] = names[i];
      }
    int f = mt_run(&o, cn, chain, n);
    if (f) {
      failed++;
      fprintf(stderr, "case %d (--seed %" PRIu64 " --cases 1) failed; versions:\n", k, seed + (uint64_t)k);
      for (int i = 0; i < n; i++) fprintf(stderr, "---- %s\n%s", cn[i], chain[i]);
    }
    for (int i = 0; i < 3; i++) free(texts[i]);
  }
  if (failed) {
    fprintf(stderr, "migrate_prop_test: %d of %d cases failed\n", failed, cases);
    return 1;
  }
  printf("migrate_prop_test [%s]: %d random cases round-tripped\n", o.dialect, cases);
  return 0;
}
