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

/* Expands a section of sql.tmpl into an arena string. */
static const char *sqlt(scc_cgen *g, const char *section, const scc_vars *v) {
  scc_buf b = {0};
  scc_tmpl_emit_inline(&b, "sql.tmpl", section, v);
  return scc_c_take(g, &b);
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

static void param(scc_cgen *g, scc_c_params *p, const scc_mfield *f) {
  scc_c_params_add(g, p, f->index);
}

/* "<col> = $n" appended to a list joined by `sep`; records the parameter. */
static void eq(scc_cgen *g, scc_buf *b, const char *sep, const scc_mfield *f, scc_c_params *p) {
  scc_vars v = {0};
  if (b->len) scc_buf_puts(b, sep);
  scc_vars_set(&v, "column", col(g, f));
  scc_vars_setf(&v, "n", "%u", p->n + 1);
  scc_tmpl_emit_inline(b, "sql.tmpl", "eq", &v);
  scc_vars_free(&v);
  param(g, p, f);
}

static void cond(scc_cgen *g, scc_buf *b, const char *section, const scc_mfield *f) {
  scc_vars v = {0};
  if (b->len) scc_buf_puts(b, section[0] == 's' ? ", " : " AND ");
  scc_vars_set(&v, "column", col(g, f));
  scc_tmpl_emit_inline(b, "sql.tmpl", section, &v);
  scc_vars_free(&v);
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
static void tenant(scc_cgen *g, const scc_entity *e, int d, scc_buf *w, const scc_c_params *p) {
  if (!ops_at(d)->tenant_in_statements || !e->tenant) return;
  scc_vars v = {0};
  scc_buf_puts(w, " AND ");
  scc_vars_set(&v, "column", col(g, e->tenant));
  scc_vars_setf(&v, "n", "%u", p->n + 1);
  scc_tmpl_emit_inline(w, "sql.tmpl", "eq", &v);
  scc_vars_free(&v);
}

static bool is_special_insert_value(const scc_entity *e, const scc_mfield *f) {
  return f == e->autoincrement;
}

static void build_insert(scc_cgen *g, const scc_entity *e, scc_c_sql *o) {
  scc_buf cols = {0}, vals = {0};
  o->insert_params.n = 0;
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (is_special_insert_value(e, f)) continue;
    if (cols.len) {
      scc_buf_puts(&cols, ", ");
      scc_buf_puts(&vals, ", ");
    }
    scc_buf_puts(&cols, col(g, f));
    param(g, &o->insert_params, f);
    scc_buf_printf(&vals, "$%u", o->insert_params.n);
  }
  scc_vars v = {0};
  scc_vars_set(&v, "table", scc_c_ident(g, e->table));
  scc_vars_set(&v, "columns", scc_c_take(g, &cols));
  scc_vars_set(&v, "values", scc_c_take(g, &vals));
  scc_vars_set(&v, "returning", "");
  o->insert_returning = NULL;
  if (e->autoincrement) {
    scc_vars r = {0};
    scc_vars_set(&r, "columns", col(g, e->autoincrement));
    scc_vars_set(&v, "returning", sqlt(g, "returning", &r));
    scc_vars_free(&r);
    o->insert_returning = "1";
  }
  o->insert[PG] = o->insert[SQ] = sqlt(g, "insert", &v);

  /* Upserts share the insert's column list and parameters. */
  int nkeys;
  const int *keys = scc_c_upsert_keys(g, e, &nkeys);
  o->upsert[PG] = scc_alloc(g->a, sizeof(char *) * (size_t)(nkeys + 1));
  o->upsert[SQ] = scc_alloc(g->a, sizeof(char *) * (size_t)(nkeys + 1));
  scc_buf ret = {0};
  o->upsert_returning.n = 0;
  for (uint32_t k = 0; k < e->npk; k++) {
    if (ret.len) scc_buf_puts(&ret, ", ");
    scc_buf_puts(&ret, col(g, e->pk[k]));
    param(g, &o->upsert_returning, e->pk[k]);
  }
  const scc_mfield *extra[2] = {e->created_at, e->version};
  for (int k = 0; k < 2; k++) {
    if (!extra[k] || extra[k]->is_id) continue;
    scc_buf_puts(&ret, ", ");
    scc_buf_puts(&ret, col(g, extra[k]));
    param(g, &o->upsert_returning, extra[k]);
  }
  scc_vars_set(&v, "returning", scc_c_take(g, &ret));
  for (int k = 0; k < nkeys; k++) {
    const scc_index *u = keys[k] >= 0 ? &e->uniques[keys[k]] : NULL;
    scc_buf key = {0}, set = {0};
    const scc_mfield *first_key = NULL;
    if (u) {
      for (uint32_t i = 0; i < u->ncols; i++) {
        if (i) scc_buf_puts(&key, ", ");
        scc_buf_puts(&key, col(g, u->cols[i].field));
      }
      first_key = u->cols[0].field;
    } else {
      for (uint32_t i = 0; i < e->npk; i++) {
        if (i) scc_buf_puts(&key, ", ");
        scc_buf_puts(&key, col(g, e->pk[i]));
      }
      first_key = e->pk[0];
    }
    for (uint32_t i = 0; i < e->nfields; i++) {
      const scc_mfield *f = e->fields[i];
      bool in_key = f->is_id;
      for (uint32_t j = 0; u && j < u->ncols; j++) in_key |= u->cols[j].field == f;
      if (in_key || f == e->created_at || f == e->version || is_special_insert_value(e, f)) continue;
      scc_vars x = {0};
      if (set.len) scc_buf_puts(&set, ", ");
      scc_vars_set(&x, "column", col(g, f));
      scc_tmpl_emit_inline(&set, "sql.tmpl", "excluded", &x);
      scc_vars_free(&x);
    }
    if (e->version) {
      scc_vars x = {0};
      if (set.len) scc_buf_puts(&set, ", ");
      scc_vars_set(&x, "column", col(g, e->version));
      scc_vars_set(&x, "table", scc_c_ident(g, e->table));
      scc_tmpl_emit_inline(&set, "sql.tmpl", "bump_version", &x);
      scc_vars_free(&x);
    }
    if (!set.len) {
      /* Every column is part of the key: a no-op update still returns the row. */
      scc_vars x = {0};
      scc_vars_set(&x, "column", col(g, first_key));
      scc_tmpl_emit_inline(&set, "sql.tmpl", "excluded", &x);
      scc_vars_free(&x);
    }
    scc_vars_set(&v, "key", scc_c_take(g, &key));
    scc_vars_set(&v, "assignments", scc_c_take(g, &set));
    if (u && u->live_only && e->soft_delete) {
      scc_buf w = {0};
      scc_buf_puts(&w, " WHERE ");
      scc_vars x = {0};
      scc_vars_set(&x, "column", col(g, e->soft_delete));
      scc_tmpl_emit_inline(&w, "sql.tmpl", "is_null", &x);
      scc_vars_free(&x);
      scc_vars_set(&v, "key_where", scc_c_take(g, &w));
    } else {
      scc_vars_set(&v, "key_where", "");
    }
    scc_vars_set(&v, "update_where", "");
    o->upsert[PG][k] = sqlt(g, "upsert", &v);
    if (e->tenant) {
      /* The tenant takes the number after the insert's parameters. */
      scc_vars x = {0};
      scc_vars_set(&x, "table", scc_c_ident(g, e->table));
      scc_vars_set(&x, "column", col(g, e->tenant));
      scc_vars_setf(&x, "n", "%u", o->insert_params.n + 1);
      scc_vars_set(&v, "update_where", sqlt(g, "upsert_tenant", &x));
      scc_vars_free(&x);
    }
    o->upsert[SQ][k] = sqlt(g, "upsert", &v);
  }
  scc_vars_free(&v);
}

/* SELECT by key columns, for the four flag combinations. */
static void build_select(scc_cgen *g, const scc_entity *e, const scc_mfield *const *keycols, uint32_t nkey,
                         const char *out[2][4], scc_c_params *p) {
  for (int d = 0; d < 2; d++) {
    for (int flags = 0; flags < 4; flags++) {
      scc_buf w = {0};
      p->n = 0;
      for (uint32_t i = 0; i < nkey; i++) eq(g, &w, " AND ", keycols[i], p);
      if (e->soft_delete && !(flags & 2)) cond(g, &w, "is_null", e->soft_delete);
      tenant(g, e, d, &w, p);
      scc_vars v = {0};
      scc_vars_set(&v, "columns", scc_c_select_list(g, e));
      scc_vars_set(&v, "table", scc_c_ident(g, e->table));
      scc_vars_set(&v, "where", scc_c_take(g, &w));
      scc_vars_set(&v, "lock", (ops_at(d)->row_locks && (flags & 1)) ? sqlt(g, "for_update", &v) : "");
      out[d][flags] = sqlt(g, "select", &v);
      scc_vars_free(&v);
    }
  }
}

static void where_pk(scc_cgen *g, const scc_entity *e, scc_buf *w, scc_c_params *p) {
  for (uint32_t i = 0; i < e->npk; i++) eq(g, w, " AND ", e->pk[i], p);
}

static void build_writes(scc_cgen *g, const scc_entity *e, scc_c_sql *o) {
  const char *table = scc_c_ident(g, e->table);
  for (int d = 0; d < 2; d++) {
    /* update: every non-key column except creation time, version, soft
     * delete mark and tenant. */
    scc_buf set = {0}, w = {0};
    scc_c_params *p = &o->update_params;
    p->n = 0;
    for (uint32_t i = 0; i < e->nfields; i++) {
      const scc_mfield *f = e->fields[i];
      if (f->is_id || f == e->created_at || f == e->version || f == e->soft_delete || f == e->tenant) continue;
      eq(g, &set, ", ", f, p);
    }
    if (e->version) {
      scc_vars x = {0};
      if (set.len) scc_buf_puts(&set, ", ");
      scc_vars_set(&x, "column", col(g, e->version));
      scc_vars_set(&x, "table", table);
      scc_tmpl_emit_inline(&set, "sql.tmpl", "bump_version", &x);
      scc_vars_free(&x);
    }
    if (!set.len) {
      /* Nothing but key columns: a no-op assignment keeps the SQL valid. */
      scc_vars x = {0};
      scc_vars_set(&x, "column", col(g, e->pk[0]));
      scc_tmpl_emit_inline(&set, "sql.tmpl", "same", &x);
      scc_vars_free(&x);
    }
    where_pk(g, e, &w, p);
    if (e->version) eq(g, &w, " AND ", e->version, p);
    if (e->soft_delete) cond(g, &w, "is_null", e->soft_delete);
    tenant(g, e, d, &w, p);
    scc_vars v = {0};
    scc_vars_set(&v, "table", table);
    scc_vars_set(&v, "assignments", scc_c_take(g, &set));
    scc_vars_set(&v, "where", scc_c_take(g, &w));
    if (e->version) {
      scc_vars r = {0};
      scc_vars_set(&r, "columns", col(g, e->version));
      scc_vars_set(&v, "returning", sqlt(g, "returning", &r));
      scc_vars_free(&r);
    } else {
      scc_vars_set(&v, "returning", "");
    }
    o->update[d] = sqlt(g, "update", &v);
    scc_vars_free(&v);
    scc_buf_free(&set);

    /* exists: live rows, and any row */
    for (int any = 0; any < 2; any++) {
      scc_c_params pp = {0};
      scc_buf ew = {0};
      where_pk(g, e, &ew, &pp);
      if (e->soft_delete && !any) cond(g, &ew, "is_null", e->soft_delete);
      tenant(g, e, d, &ew, &pp);
      scc_vars x = {0};
      scc_vars_set(&x, "table", table);
      scc_vars_set(&x, "where", scc_c_take(g, &ew));
      o->exists[d][any] = sqlt(g, "exists", &x);
      scc_vars_free(&x);
    }

    /* hard delete */
    {
      scc_buf dw = {0};
      p = &o->delete_hard_params;
      p->n = 0;
      where_pk(g, e, &dw, p);
      if (e->version) eq(g, &dw, " AND ", e->version, p);
      tenant(g, e, d, &dw, p);
      scc_vars x = {0};
      scc_vars_set(&x, "table", table);
      scc_vars_set(&x, "where", scc_c_take(g, &dw));
      o->delete_hard[d] = sqlt(g, "delete", &x);
      scc_vars_free(&x);
    }

    if (!e->soft_delete) continue;
    /* soft delete */
    {
      scc_buf s2 = {0}, dw = {0};
      p = &o->delete_params;
      p->n = 0;
      eq(g, &s2, ", ", e->soft_delete, p);
      if (e->updated_at) eq(g, &s2, ", ", e->updated_at, p);
      if (e->version) {
        scc_vars x = {0};
        scc_buf_puts(&s2, ", ");
        scc_vars_set(&x, "column", col(g, e->version));
        scc_vars_set(&x, "table", table);
        scc_tmpl_emit_inline(&s2, "sql.tmpl", "bump_version", &x);
        scc_vars_free(&x);
      }
      where_pk(g, e, &dw, p);
      if (e->version) eq(g, &dw, " AND ", e->version, p);
      cond(g, &dw, "is_null", e->soft_delete);
      tenant(g, e, d, &dw, p);
      scc_vars x = {0};
      scc_vars_set(&x, "table", table);
      scc_vars_set(&x, "assignments", scc_c_take(g, &s2));
      scc_vars_set(&x, "where", scc_c_take(g, &dw));
      scc_vars_set(&x, "returning", "");
      o->delete_soft[d] = sqlt(g, "update", &x);
      scc_vars_free(&x);
    }
    /* restore */
    {
      scc_buf s2 = {0}, dw = {0};
      p = &o->restore_params;
      p->n = 0;
      cond(g, &s2, "set_null", e->soft_delete);
      if (e->updated_at) eq(g, &s2, ", ", e->updated_at, p);
      if (e->version) {
        scc_vars x = {0};
        scc_buf_puts(&s2, ", ");
        scc_vars_set(&x, "column", col(g, e->version));
        scc_vars_set(&x, "table", table);
        scc_tmpl_emit_inline(&s2, "sql.tmpl", "bump_version", &x);
        scc_vars_free(&x);
      }
      where_pk(g, e, &dw, p);
      cond(g, &dw, "is_not_null", e->soft_delete);
      tenant(g, e, d, &dw, p);
      scc_vars x = {0};
      scc_vars_set(&x, "table", table);
      scc_vars_set(&x, "assignments", scc_c_take(g, &s2));
      scc_vars_set(&x, "where", scc_c_take(g, &dw));
      scc_vars_set(&x, "returning", "");
      o->restore[d] = sqlt(g, "update", &x);
      scc_vars_free(&x);
    }
  }
}

static void build_loaders(scc_cgen *g, const scc_entity *e, scc_c_sql *o) {
  for (int d = 0; d < 2; d++) {
    o->load_by[d] = scc_alloc(g->a, sizeof(char *) * (e->nfields + 1));
    for (uint32_t i = 0; i < e->nfields; i++) {
      const scc_mfield *f = e->fields[i];
      if (!f->ref) continue;
      scc_vars v = {0};
      scc_vars_set(&v, "column", col(g, f));
      scc_vars_set(&v, "type", scc_c_pg_array_type(f));
      const char *match = sqlt(g, ops_at(d)->any_section, &v);
      scc_buf and_where = {0}, order = {0};
      scc_c_params p = {0};
      p.n = 1; /* $1 is the key array */
      if (e->soft_delete) {
        scc_buf_puts(&and_where, " AND ");
        scc_vars x = {0};
        scc_vars_set(&x, "column", col(g, e->soft_delete));
        scc_tmpl_emit_inline(&and_where, "sql.tmpl", "is_null", &x);
        scc_vars_free(&x);
      }
      tenant(g, e, d, &and_where, &p);
      scc_buf_puts(&order, col(g, f));
      for (uint32_t k = 0; k < e->npk; k++) {
        if (e->pk[k] == f) continue;
        scc_buf_puts(&order, ", ");
        scc_buf_puts(&order, col(g, e->pk[k]));
      }
      scc_vars_set(&v, "columns", scc_c_select_list(g, e));
      scc_vars_set(&v, "table", scc_c_ident(g, e->table));
      scc_vars_set(&v, "key_match", match);
      scc_vars_set(&v, "and_where", and_where.len ? scc_c_take(g, &and_where) : "");
      scc_vars_set(&v, "order", scc_c_take(g, &order));
      o->load_by[d][i] = sqlt(g, "load_by", &v);
      scc_vars_free(&v);
      scc_buf_free(&and_where);
    }
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
