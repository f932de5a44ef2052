/* Every identifier the generated C declares, in one place (see emit_c.h):
 * the checker reports two declarations that would make the same one, and
 * the emitters name parameters so that they never clash with them. Keep in
 * step with templates/header.tmpl and templates/source.tmpl. */
#include <string.h>

#include "emit/emit_c.h"
#include "emit/view_model.h"
#include "base/names.h"
#include "base/strmap.h"

typedef struct each {
  scc_cgen *g;
  scc_c_name_fn fn;
  void *ud;
  const char *owner, *root;
  scc_loc loc;
} each;

static void put(each *x, const char *name) { x->fn(x->ud, name, x->owner, x->root, x->loc); }

static void putf(each *x, const char *a, const char *b) { put(x, scc_printf(x->g->a, "%s_%s", a, b)); }

static void enum_names(each *x, const scc_enum *en) {
  scc_cgen *g = x->g;
  const char *type = scc_c_enum_type(g, en);
  x->owner = x->root = scc_printf(g->a, "enum '%s'", en->name);
  x->loc = en->loc;
  put(x, type);
  static const char *const fns[] = {"to_string", "from_string", "names", "column", NULL};
  for (int i = 0; fns[i]; i++) putf(x, type, fns[i]);
  const char *utype = scc_c_upper(g, type);
  for (uint32_t i = 0; i < en->nvalues; i++) {
    x->owner = scc_printf(g->a, "value '%s' of enum '%s'", en->values[i].name, en->name);
    x->loc = en->values[i].loc;
    putf(x, utype, en->values[i].upper);
  }
}

static void entity_names(each *x, const scc_entity *e) {
  scc_cgen *g = x->g;
  const char *type = scc_c_type(g, e), *utype = scc_c_upper(g, type), *st = e->snake;
  x->owner = x->root = scc_printf(g->a, "entity '%s'", e->name);
  x->loc = e->loc;
  put(x, type);
  static const char *const fns[] = {"page", "col", "meta", "init", "free", "page_free", "insert", "insert_many",
                                    "get", "update", "update_fields", "delete", "delete_hard", "query_new",
                                    "order_by", "list", "list_each", "count", "exists", "update_where", "delete_where", "fake",
                                    "select", "get_cols", NULL};
  for (int i = 0; fns[i]; i++) putf(x, type, fns[i]);
  int nkeys;
  scc_c_upsert_keys(g, e, &nkeys);
  if (nkeys > 0) {
    putf(x, type, "key");
    putf(x, type, "upsert");
    putf(x, type, "upsert_many");
    if (!e->autoincrement) putf(x, utype, "KEY_PK");
  }
  if (e->soft_delete) putf(x, type, "restore");
  if (scc_c_has_get_many(e)) putf(x, type, "get_many");
  /* Static names of the source file: the entity's snake name, unprefixed. */
  static const char *const statics[] = {
      "columns", "pk", "uniques", "read_any", "read", "fetch_row", "prepare_insert", "missing", "bind_item",
      "insert_batch", "insert_sql", "insert_params", "get_sql", "update_sql", "delete_hard_sql", "bind_insert",
      "bind_pk", "bind_update", "bind_delete_hard", "each_ctx", "each_row", NULL};
  for (int i = 0; statics[i]; i++) putf(x, st, statics[i]);
  put(x, scc_printf(g->a, "%s_COLUMNS_SQL", scc_c_upper(g, st)));
  if (scc_c_has_get_many(e)) putf(x, st, "get_many_sql");
  if (e->autoincrement) {
    putf(x, st, "read_inserted");
    putf(x, st, "read_item");
    putf(x, st, "insert_returning");
  }
  if (e->version) {
    putf(x, st, "read_updated");
    putf(x, st, "pk_params");
    putf(x, st, "exists_sql");
  }
  if (nkeys > 0) {
    putf(x, st, "upsert_sql");
    putf(x, st, "upsert_returning");
  }
  if (e->soft_delete) {
    static const char *const soft[] = {"delete_sql", "restore_sql", "bind_delete", "bind_restore", NULL};
    for (int i = 0; soft[i]; i++) putf(x, st, soft[i]);
  }
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const scc_index *ix = &e->uniques[u];
    const char *suffix = scc_c_unique_suffix(g, ix);
    x->owner = scc_printf(g->a, "unique key (%s) of entity '%s'", suffix, e->name);
    x->loc = ix->loc;
    put(x, scc_printf(g->a, "%s_get_by_%s", type, suffix));
    put(x, scc_printf(g->a, "%s_KEY_%s", utype, scc_c_upper(g, suffix)));
    put(x, scc_printf(g->a, "%s_unique%u", st, u));
    put(x, scc_printf(g->a, "%s_get_by_%s_sql", st, suffix));
    put(x, scc_printf(g->a, "%s_bind_get_by_%s", st, suffix));
  }
  /* The metadata of unique indexes on columns (view_model.c). */
  for (uint32_t k = 0, n = 0; k < e->nindexes; k++) {
    const scc_index *ix = &e->indexes[k];
    if (!scc_c_unique_index_meta(ix)) continue;
    x->owner = scc_printf(g->a, "unique index %s of entity '%s'", ix->name, e->name);
    x->loc = ix->loc;
    put(x, scc_printf(g->a, "%s_unique_index%u", st, n++));
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    x->owner = scc_printf(g->a, "field '%s' of entity '%s'", f->name, e->name);
    x->loc = f->loc;
    put(x, scc_c_col_const(g, e, f));
    const char *ops[SCC_C_FIELD_OPS_MAX];
    int n;
    scc_c_field_ops(f, ops, &n);
    for (int k = 0; k < n; k++) put(x, scc_printf(g->a, "%s_where_%s_%s", type, f->name, ops[k]));
    if (scc_type_info_of(f->type.kind)->ops & SCC_OPS_JSON)
      put(x, scc_printf(g->a, "%s_where_%s_path_eq", type, f->name));
    if (f->ref) {
      put(x, scc_printf(g->a, "%s_list_by_%s", type, f->name));
      put(x, scc_printf(g->a, "%s_load_by_%ss", type, f->name));
      put(x, scc_printf(g->a, "%s_load_by_%s_sql", st, f->name));
    }
  }
}

void scc_c_query_names(scc_cgen *g, const scc_query *q, scc_c_name_fn fn, void *ud) {
  each x = {g, fn, ud, NULL, NULL, q->loc};
  x.owner = x.root = scc_printf(g->a, "query '%s'", q->name);
  const char *f = scc_printf(g->a, "%s_%s", g->s->prefix, q->name);
  put(&x, f); /* first: the name check_cnames.c reports a clash of */
  putf(&x, f, "sql");
  bool lists = false;
  for (uint32_t i = 0; i < q->nparams; i++) lists |= q->params[i].list;
  if (lists) putf(&x, f, "lists");
  if (q->nparams > SCC_C_QUERY_MAX_ARGS) putf(&x, f, "params");
  if (q->result != SCC_QRES_EXEC && q->card == SCC_QCARD_MANY) {
    static const char *const streaming[] = {"each", "each_ctx", "each_row", NULL};
    for (int i = 0; streaming[i]; i++) putf(&x, f, streaming[i]);
  }
  if (q->result != SCC_QRES_ROW) return;
  static const char *const row[] = {"row", "read", "read_any", "meta", NULL};
  for (int i = 0; row[i]; i++) putf(&x, f, row[i]);
  putf(&x, f, q->card == SCC_QCARD_MANY ? "page" : "row_free");
  if (q->card == SCC_QCARD_MANY) putf(&x, f, "page_free");
}

void scc_c_names_each(scc_cgen *g, scc_c_name_fn fn, void *ud) {
  each x = {g, fn, ud, NULL, NULL, {0}};
  x.owner = x.root = scc_printf(g->a, "schema '%s'", g->s->name);
  /* File-level names: the header guard and the source's static helpers. */
  put(&x, scc_printf(g->a, "%s_H", scc_c_upper(g, g->s->prefix)));
  static const char *const helpers[] = {"dialect_of", "read_text", "read_bytes", "cache_key", "cache_get",
                                        "cache_put", NULL};
  for (int i = 0; helpers[i]; i++) put(&x, helpers[i]);
  for (uint32_t i = 0; i < g->s->nenums; i++) enum_names(&x, g->s->enums[i]);
  for (uint32_t i = 0; i < g->s->nentities; i++) entity_names(&x, g->s->entities[i]);
}

void scc_c_names_all(scc_cgen *g, scc_c_name_fn fn, void *ud) {
  scc_c_names_each(g, fn, ud);
  for (uint32_t i = 0; i < g->s->nqueries; i++) scc_c_query_names(g, g->s->queries[i], fn, ud);
}

/* Names the generated function bodies and prototypes use besides the
 * schema's own (parameters, locals, functions and macros they call, types):
 * a key parameter must not take one of them. Sorted (strcmp order). */
static const char *const body_names[] = {
    "_mem", "affected", "buf", "cache", "cache_get", "cache_key", "cache_put", "ck", "col", "cols", "conn", "ctx", "d",
    "data", "desc", "dialect_of", "expected_version", "flags", "fn", "found", "free", "i", "int16_t", "int32_t",
    "int64_t", "key", "keys", "len", "m", "mem", "memcmp", "memset", "n", "ncols", "next", "next_cursor", "now",
    "offsetof", "on", "out", "page", "params", "q", "rc", "read_bytes", "read_text", "row", "rows", "s", "seed",
    "size_t", "snprintf", "st", "strlen", "t", "ud", "uint64_t", "v", "val", "with_deleted"};

bool scc_c_is_body_name(const char *name) {
  size_t lo = 0, hi = sizeof body_names / sizeof body_names[0];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(name, body_names[mid]);
    if (c == 0) return true;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return false;
}

static void add_name(void *ud, const char *name, const char *owner, const char *root, scc_loc loc) {
  (void)owner;
  (void)root;
  (void)loc;
  scc_strmap_add(ud, name, (void *)name);
}

void scc_c_names_init(scc_cgen *g) {
  scc_strmap *m = scc_alloc(g->a, sizeof *m);
  scc_strmap_init(m, g->a, 64);
  scc_c_names_all(g, add_name, m);
  g->names = m;
}

const char *scc_c_param_name(scc_cgen *g, const char *field, const char *const *taken, size_t ntaken) {
  /* The runtime's namespace cannot be left by appending '_': step out of it
   * first (a key field named sc_status becomes the parameter key_sc_status). */
  const char *name = strncmp(field, "sc_", 3) && strncmp(field, "SC_", 3) ? field : scc_printf(g->a, "key_%s", field);
  for (;;) {
    bool clash = scc_c_is_body_name(name) || scc_strmap_get(g->names, name);
    for (size_t i = 0; !clash && i < ntaken; i++) clash = !strcmp(name, taken[i]);
    if (!clash) return name;
    name = scc_printf(g->a, "%s_", name);
  }
}

bool scc_c_unique_index_meta(const scc_index *ix) {
  if (ix->kind != SCC_IDX_UNIQUE) return false;
  for (uint32_t i = 0; i < ix->ncols; i++)
    if (!ix->cols[i].field) return false;
  return true;
}
