/* Names in the generated C: two declarations that would make the same C
 * identifier (Task's list function and entity TaskList's type, fields
 * `email` and `Email`, enum `Tier` and `TIER`, ...), two members of one row
 * struct (`x` and the `has_x` flag of a nullable `x`, `_mem`), and a
 * runtime prefix (`schema sc`) are errors, reported once per pair of
 * declarations at the later one. The names themselves come from
 * scc_c_names_each (emit_c_names.c), which the emitters follow. */
#include <string.h>

#include "check/check_internal.h"
#include "emit/emit_c.h"

typedef struct seen_name {
  const char *owner, *root;
  scc_loc loc;
} seen_name;

typedef struct clash_ctx {
  checker *c;
  scc_strmap names;   /* identifier -> seen_name */
  /* "a\nb" -> non-NULL: one error per pair of top-level declarations (two
   * entities that collide would otherwise repeat it for their fields), or
   * per pair of members of one declaration. */
  scc_strmap reported;
  const char *file_root; /* root of the file-level names (the schema) */
} clash_ctx;

static bool loc_before(scc_loc a, scc_loc b) {
  return a.file != b.file ? a.file < b.file : a.off < b.off;
}

static void on_name(void *ud, const char *name, const char *owner, const char *root, scc_loc loc) {
  clash_ctx *x = ud;
  checker *c = x->c;
  seen_name *n = scc_alloc(c->a, sizeof *n);
  n->owner = owner;
  n->root = root;
  n->loc = loc;
  if (!strncmp(name, "sc_", 3) || !strncmp(name, "SC_", 3)) {
    /* The runtime's namespace (static names are unprefixed: entity ScRow
     * would define sc_row_read). Once per declaration. */
    if (scc_strmap_add(&x->reported, owner, (void *)owner)) return;
    scc_diag *g = ck_error(c, loc, "%s makes '%s' in the generated C, a name of the schemac runtime's (sc_, SC_)",
                           owner, name);
    scc_diag_help(g, "rename it; an entity keeps its table with @@table(\"...\")");
    return;
  }
  if (!x->file_root) x->file_root = root; /* the file-level names come first: the helpers themselves */
  if (root != x->file_root && (scc_c_is_body_name(name) || scc_is_c_std_type(name) || scc_is_c_keyword(name))) {
    /* schema `cache` + entity Key makes the type cache_key, the name of a
     * helper; prefix `size` + entity T would redefine size_t. */
    if (scc_strmap_add(&x->reported, owner, (void *)owner)) return;
    scc_diag *g = ck_error(c, loc, "%s makes '%s' in the generated C, a name the C library or the generated code "
                           "already uses", owner, name);
    scc_diag_help(g, "rename it, or give the C code another prefix with --prefix");
    return;
  }
  seen_name *prev = scc_strmap_add(&x->names, name, n);
  if (!prev || !strcmp(prev->owner, owner)) return;
  const seen_name *first = loc_before(loc, prev->loc) ? n : prev, *later = first == n ? prev : n;
  bool same_root = !strcmp(first->root, later->root);
  const char *pair = same_root ? scc_printf(c->a, "%s\n%s", first->owner, later->owner)
                               : scc_printf(c->a, "%s\n%s", first->root, later->root);
  if (scc_strmap_add(&x->reported, pair, (void *)pair)) return;
  scc_diag *g = ck_error(c, later->loc, "%s collides with %s in the generated C: both make '%s'", later->owner,
                         first->owner, name);
  scc_diag_note(g, first->loc, "%s is declared here", first->owner);
  scc_diag_help(g, "rename one of them; an entity keeps its table with @@table(\"...\"), a field its column with "
                   "@column(\"...\")");
}

/* Members of the row struct: the fields, their has_ flags, _mem. */
static void check_members(checker *c, const scc_entity *e) {
  scc_strmap members;
  scc_strmap_init(&members, c->a, (size_t)e->nfields * 2 + 1);
  scc_strmap_add(&members, "_mem", (void *)"the library's '_mem'");
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    const char *what = scc_printf(c->a, "field '%s'", f->name);
    const char *prev = scc_strmap_add(&members, f->name, (void *)what);
    if (prev) {
      scc_diag *g = ck_error(c, f->loc, "field '%s' of entity '%s' collides with %s in the generated struct",
                             f->name, e->name, prev);
      scc_diag_help(g, "rename it; the column can keep its name with @column(\"%s\")", f->column);
    }
    if (!scc_c_has_flag(f)) continue;
    const char *flag = scc_printf(c->a, "has_%s", f->name);
    prev = scc_strmap_add(&members, flag, (void *)scc_printf(c->a, "the '%s' flag of field '%s'", flag, f->name));
    if (prev) {
      scc_diag *g = ck_error(c, f->loc, "the '%s' flag of nullable field '%s' collides with %s in the generated struct",
                             flag, f->name, prev);
      scc_diag_help(g, "rename one of them; columns can keep their names with @column");
    }
  }
}

/* A query's C function will be <prefix>_<name> (docs/queries.md), beside
 * its other names (scc_c_query_names): none may be a name the entities,
 * enums or earlier queries already make. One error per query. */
typedef struct query_clash {
  checker *c;
  clash_ctx *x;
  const scc_query *q;
  bool reported;
} query_clash;

static void on_query_name(void *ud, const char *name, const char *owner, const char *root, scc_loc loc) {
  query_clash *qc = ud;
  checker *c = qc->c;
  const seen_name *prev = scc_strmap_get(&qc->x->names, name);
  if (!prev) {
    seen_name *n = scc_alloc(c->a, sizeof *n);
    n->owner = owner;
    n->root = root;
    n->loc = loc;
    scc_strmap_add(&qc->x->names, name, n);
    return;
  }
  if (qc->reported) return;
  qc->reported = true;
  scc_diag *g = ck_error(c, qc->q->loc, "query '%s' collides with %s in the generated C: both make '%s'",
                         qc->q->name, prev->owner, name);
  scc_diag_note(g, prev->loc, "%s is declared here", prev->owner);
  scc_diag_help(g, "rename the query");
}

static void check_query_names(checker *c, clash_ctx *x, scc_cgen *g) {
  for (uint32_t i = 0; i < c->s->nqueries; i++) {
    query_clash qc = {c, x, c->s->queries[i], false};
    scc_c_query_names(g, c->s->queries[i], on_query_name, &qc);
  }
}

void ck_c_names(checker *c) {
  if (scc_is_reserved_prefix(c->s->prefix)) {
    const scc_decl *d = c->schema_decl;
    scc_loc at = d ? d->loc : (scc_loc){c->first_file, 0, 0};
    scc_diag *g = ck_error(c, at, "schema name '%s' is the prefix of the schemac runtime (sc_, SC_)", c->s->prefix);
    scc_diag_help(g, "rename the schema, or give the C code another prefix with --prefix");
    return;
  }
  for (uint32_t i = 0; i < c->s->nentities; i++) check_members(c, c->s->entities[i]);
  clash_ctx x = {c, {0}, {0}, NULL};
  scc_strmap_init(&x.names, c->a, (size_t)c->s->nentities * 64 + 64);
  scc_strmap_init(&x.reported, c->a, 16);
  scc_cgen g = {.s = c->s, .a = c->a};
  scc_c_names_each(&g, on_name, &x);
  check_query_names(c, &x, &g);
}
