/* SQL texts of generated code, per entity and dialect, from the statement
 * shapes in templates/sql.tmpl. Parameters are numbered here; the tenant
 * condition (SQLite only, SPEC 4.6) always takes the number after the
 * statement's own parameters, where the runtime binds it. */
#include <string.h>

#include "emit/emit_c.h"

/* Per-dialect arrays of the statement set are indexed PG, SQ. */
#define PG 0
#define SQ 1

static const scc_dialect_ops *ops_at(int d) {
  return scc_dialect_ops_of(d == PG ? SC_DIALECT_POSTGRES : SC_DIALECT_SQLITE);
}

static const char *col(scc_cgen *g, const scc_mfield *f) {
  return scc_c_ident(g, f->column);
}

void scc_c_params_add(scc_cgen *g, scc_c_params *p, unsigned field_index) {
  if (p->n == p->cap) {
    unsigned cap = p->cap ? p->cap * 2 : 16;
    unsigned *idx = scc_alloc(g->a, sizeof(unsigned) * cap);
    if (p->n) memcpy(idx, p->idx, sizeof(unsigned) * p->n);
    p->idx = idx;
    p->cap = cap;
  }
  p->idx[p->n++] = field_index;
}

/* A statement of sql.tmpl rendered over its view, into the arena. */
static const char *render(scc_cgen *g, const char *section, const scc_view *v) {
  scc_buf b = {0};
  scc_tmpl_render_inline(&b, "sql.tmpl", section, v);
  return scc_c_take(g, &b);
}

/* The view of one statement on e's table. */
static scc_view *statement(scc_cgen *g, const scc_entity *e) {
  scc_view *v = scc_view_new(g->a);
  scc_view_set(v, "table", scc_c_ident(g, e->table));
  scc_view_set(v, "columns", scc_c_select_list(g, e));
  static const char *const lists[] = {"cols", "set", "where", "key", "key_where", "returning", "order", "tenant", NULL};
  for (int i = 0; lists[i]; i++) scc_view_list(v, lists[i]);
  scc_view_flag(v, "lock", false);
  scc_view_flag(v, "tenant_check", false);
  return v;
}

/* What a term does with its column (sql.tmpl `term`). */
typedef enum { PARAM, IS_NULL, IS_NOT_NULL, SET_NULL, EXCLUDED, BUMP, SAME, COLUMN } term_kind;

/* Appends a term on f to `list`. A PARAM takes the number after p's
 * parameters and is recorded in p (p NULL: numbered `n`, not recorded:
 * the tenant, which the runtime binds). */
static void term(scc_cgen *g, scc_view *v, const char *list, term_kind kind, const scc_mfield *f, scc_c_params *p,
                 unsigned n) {
  static const char *const kinds[] = {"param", "is_null", "is_not_null", "set_null", "excluded", "bump", "same"};
  scc_view *t = scc_view_add(v, list);
  scc_view_set(t, "column", col(g, f));
  for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++) scc_view_flag(t, kinds[i], (int)kind == i);
  if (kind != PARAM) return;
  scc_view_setf(t, "n", "%u", p ? p->n + 1 : n);
  if (p) scc_c_params_add(g, p, f->index);
}

const char *scc_c_select_list(scc_cgen *g, const scc_entity *e) {
  scc_buf b = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    if (i) scc_buf_puts(&b, ", ");
    scc_buf_puts(&b, col(g, e->fields[i]));
  }
  return scc_c_take(g, &b);
}

/* The tenant condition of SQLite statements, numbered after p's params. */
static void tenant(scc_cgen *g, const scc_entity *e, int d, scc_view *v, const scc_c_params *p) {
  if (ops_at(d)->tenant_in_statements && e->tenant) term(g, v, "where", PARAM, e->tenant, NULL, p->n + 1);
}

static void where_pk(scc_cgen *g, const scc_entity *e, scc_view *v, scc_c_params *p) {
  for (uint32_t i = 0; i < e->npk; i++) term(g, v, "where", PARAM, e->pk[i], p, 0);
}

/* The version column's "= table.version + 1" in a SET list. */
static void bump_version(scc_cgen *g, const scc_entity *e, scc_view *v) {
  if (e->version) term(g, v, "set", BUMP, e->version, NULL, 0);
}

static void build_insert(scc_cgen *g, const scc_entity *e, scc_c_sql *o) {
  scc_view *v = statement(g, e);
  o->insert_params.n = 0;
  for (uint32_t i = 0; i < e->nfields; i++)
    if (e->fields[i] != e->autoincrement) term(g, v, "cols", PARAM, e->fields[i], &o->insert_params, 0);
  o->insert_returning = NULL;
  if (e->autoincrement) {
    term(g, v, "returning", COLUMN, e->autoincrement, NULL, 0);
    o->insert_returning = "1";
  }
  o->insert[PG] = o->insert[SQ] = render(g, "insert", v);

  /* Upserts share the insert's column list and parameters. */
  int nkeys;
  const int *keys = scc_c_upsert_keys(g, e, &nkeys);
  o->upsert[PG] = scc_alloc(g->a, sizeof(char *) * (size_t)(nkeys + 1));
  o->upsert[SQ] = scc_alloc(g->a, sizeof(char *) * (size_t)(nkeys + 1));
  /* Returned: the primary key, the creation time and the version. */
  const scc_mfield *extra[2] = {e->created_at, e->version};
  o->upsert_returning.n = 0;
  for (uint32_t k = 0; k < e->npk; k++) scc_c_params_add(g, &o->upsert_returning, e->pk[k]->index);
  for (int k = 0; k < 2; k++)
    if (extra[k] && !extra[k]->is_id) scc_c_params_add(g, &o->upsert_returning, extra[k]->index);
  for (int k = 0; k < nkeys; k++) {
    const scc_index *u = keys[k] >= 0 ? &e->uniques[keys[k]] : NULL;
    scc_view *x = statement(g, e);
    scc_c_params none = {0};
    for (uint32_t i = 0; i < e->nfields; i++)
      if (e->fields[i] != e->autoincrement) term(g, x, "cols", PARAM, e->fields[i], &none, 0);
    for (unsigned i = 0; i < o->upsert_returning.n; i++)
      term(g, x, "returning", COLUMN, e->fields[o->upsert_returning.idx[i]], NULL, 0);
    const scc_mfield *first_key = u ? u->cols[0].field : e->pk[0];
    if (u)
      for (uint32_t i = 0; i < u->ncols; i++) term(g, x, "key", COLUMN, u->cols[i].field, NULL, 0);
    else
      for (uint32_t i = 0; i < e->npk; i++) term(g, x, "key", COLUMN, e->pk[i], NULL, 0);
    bool any = false;
    for (uint32_t i = 0; i < e->nfields; i++) {
      const scc_mfield *f = e->fields[i];
      bool in_key = f->is_id;
      for (uint32_t j = 0; u && j < u->ncols; j++) in_key |= u->cols[j].field == f;
      if (in_key || f == e->created_at || f == e->version || f == e->autoincrement) continue;
      term(g, x, "set", EXCLUDED, f, NULL, 0);
      any = true;
    }
    bump_version(g, e, x);
    /* Every column is part of the key: a no-op update still returns the row. */
    if (!any && !e->version) term(g, x, "set", EXCLUDED, first_key, NULL, 0);
    if (u && u->live_only && e->soft_delete) term(g, x, "key_where", IS_NULL, e->soft_delete, NULL, 0);
    o->upsert[PG][k] = render(g, "upsert", x);
    /* SQLite: the conflicting row must be the tenant's own (PostgreSQL's
     * policy raises an error instead; tenant.c reports the missing row
     * alike). The tenant takes the number after the insert's parameters. */
    if (e->tenant) {
      term(g, x, "tenant", PARAM, e->tenant, NULL, o->insert_params.n + 1);
      scc_view_flag(x, "tenant_check", true);
    }
    o->upsert[SQ][k] = render(g, "upsert", x);
  }
}

/* SELECT by key columns, for the four flag combinations. */
static void build_select(scc_cgen *g, const scc_entity *e, const scc_mfield *const *keycols, uint32_t nkey,
                         const char *out[2][4], scc_c_params *p) {
  for (int d = 0; d < 2; d++) {
    for (int flags = 0; flags < 4; flags++) {
      scc_view *v = statement(g, e);
      p->n = 0;
      for (uint32_t i = 0; i < nkey; i++) term(g, v, "where", PARAM, keycols[i], p, 0);
      if (e->soft_delete && !(flags & 2)) term(g, v, "where", IS_NULL, e->soft_delete, NULL, 0);
      tenant(g, e, d, v, p);
      scc_view_flag(v, "lock", ops_at(d)->row_locks && (flags & 1));
      out[d][flags] = render(g, "select", v);
    }
  }
}

static void build_writes(scc_cgen *g, const scc_entity *e, scc_c_sql *o) {
  for (int d = 0; d < 2; d++) {
    /* update: every non-key column except creation time, version, soft
     * delete mark and tenant. */
    scc_view *v = statement(g, e);
    scc_c_params *p = &o->update_params;
    p->n = 0;
    bool any = e->version != NULL;
    for (uint32_t i = 0; i < e->nfields; i++) {
      const scc_mfield *f = e->fields[i];
      if (f->is_id || f == e->created_at || f == e->version || f == e->soft_delete || f == e->tenant) continue;
      term(g, v, "set", PARAM, f, p, 0);
      any = true;
    }
    bump_version(g, e, v);
    /* Nothing but key columns: a no-op assignment keeps the SQL valid. */
    if (!any) term(g, v, "set", SAME, e->pk[0], NULL, 0);
    where_pk(g, e, v, p);
    if (e->version) term(g, v, "where", PARAM, e->version, p, 0);
    if (e->soft_delete) term(g, v, "where", IS_NULL, e->soft_delete, NULL, 0);
    tenant(g, e, d, v, p);
    if (e->version) term(g, v, "returning", COLUMN, e->version, NULL, 0);
    o->update[d] = render(g, "update", v);

    /* exists: live rows, and any row */
    for (int all = 0; all < 2; all++) {
      scc_c_params pp = {0};
      scc_view *x = statement(g, e);
      where_pk(g, e, x, &pp);
      if (e->soft_delete && !all) term(g, x, "where", IS_NULL, e->soft_delete, NULL, 0);
      tenant(g, e, d, x, &pp);
      o->exists[d][all] = render(g, "exists", x);
    }

    /* hard delete */
    scc_view *x = statement(g, e);
    p = &o->delete_hard_params;
    p->n = 0;
    where_pk(g, e, x, p);
    if (e->version) term(g, x, "where", PARAM, e->version, p, 0);
    tenant(g, e, d, x, p);
    o->delete_hard[d] = render(g, "delete", x);

    if (!e->soft_delete) continue;
    /* soft delete */
    x = statement(g, e);
    p = &o->delete_params;
    p->n = 0;
    term(g, x, "set", PARAM, e->soft_delete, p, 0);
    if (e->updated_at) term(g, x, "set", PARAM, e->updated_at, p, 0);
    bump_version(g, e, x);
    where_pk(g, e, x, p);
    if (e->version) term(g, x, "where", PARAM, e->version, p, 0);
    term(g, x, "where", IS_NULL, e->soft_delete, NULL, 0);
    tenant(g, e, d, x, p);
    o->delete_soft[d] = render(g, "update", x);
    /* restore */
    x = statement(g, e);
    p = &o->restore_params;
    p->n = 0;
    term(g, x, "set", SET_NULL, e->soft_delete, NULL, 0);
    if (e->updated_at) term(g, x, "set", PARAM, e->updated_at, p, 0);
    bump_version(g, e, x);
    where_pk(g, e, x, p);
    term(g, x, "where", IS_NOT_NULL, e->soft_delete, NULL, 0);
    tenant(g, e, d, x, p);
    o->restore[d] = render(g, "update", x);
  }
}

/* Rows whose column f is one of the keys bound as the array $1: a loader's
 * statement (f a reference) and get_many's (f the primary key). */
static const char *keys_match(scc_cgen *g, const scc_entity *e, int d, const scc_mfield *f) {
  scc_view *v = statement(g, e);
  scc_view_set(v, "column", col(g, f));
  scc_view_set(v, "type", scc_c_pg_array_type(f));
  scc_view_set(v, "key_match", render(g, ops_at(d)->any_section, v));
  scc_c_params p = {0};
  p.n = 1; /* $1 is the key array */
  if (e->soft_delete) term(g, v, "where", IS_NULL, e->soft_delete, NULL, 0);
  tenant(g, e, d, v, &p);
  term(g, v, "order", COLUMN, f, NULL, 0);
  for (uint32_t k = 0; k < e->npk; k++)
    if (e->pk[k] != f) term(g, v, "order", COLUMN, e->pk[k], NULL, 0);
  return render(g, "load_by", v);
}

static void build_loaders(scc_cgen *g, const scc_entity *e, scc_c_sql *o) {
  for (int d = 0; d < 2; d++) {
    o->load_by[d] = scc_alloc(g->a, sizeof(char *) * (e->nfields + 1));
    for (uint32_t i = 0; i < e->nfields; i++)
      if (e->fields[i]->ref) o->load_by[d][i] = keys_match(g, e, d, e->fields[i]);
    if (scc_c_has_get_many(e)) o->get_many[d] = keys_match(g, e, d, e->pk[0]);
  }
}

void scc_c_sql_build(scc_cgen *g, const scc_entity *e, scc_c_sql *o) {
  memset(o, 0, sizeof *o);
  build_insert(g, e, o);
  scc_c_params pkp = {0};
  build_select(g, e, (const scc_mfield *const *)e->pk, e->npk, o->get, &pkp);
  o->get_by_params = scc_alloc(g->a, sizeof(scc_c_params) * (e->nuniques + 1));
  for (int d = 0; d < 2; d++)
    for (int fl = 0; fl < 4; fl++) o->get_by[d][fl] = scc_alloc(g->a, sizeof(char *) * (e->nuniques + 1));
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const scc_index *ix = &e->uniques[u];
    const scc_mfield **cols = scc_alloc(g->a, sizeof(*cols) * ix->ncols);
    for (uint32_t i = 0; i < ix->ncols; i++) cols[i] = ix->cols[i].field;
    const char *tmp[2][4];
    build_select(g, e, cols, ix->ncols, tmp, &o->get_by_params[u]);
    for (int d = 0; d < 2; d++)
      for (int fl = 0; fl < 4; fl++) o->get_by[d][fl][u] = tmp[d][fl];
  }
  build_writes(g, e, o);
  build_loaders(g, e, o);
}
