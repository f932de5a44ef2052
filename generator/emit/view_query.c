/* The view of a typed query (see view_model.h): its C function, the C
 * form of each parameter, the result it fills and its SQL constants, for
 * the "query" sections of templates/header.tmpl and source.tmpl. The SQL
 * is the body after the one `:name` rewrite (query_text.c), on SQLite
 * scoped to the transaction's tenant (qtext_make_scoped). */
#include <string.h>

#include "emit/query_text.h"
#include "emit/view_model.h"

const scc_mfield *scc_c_query_field(scc_cgen *g, const scc_query_param *p) {
  scc_mfield *f = scc_alloc(g->a, sizeof *f);
  memset(f, 0, sizeof *f);
  f->name = f->column = p->name;
  f->loc = p->loc;
  f->type = p->type;
  f->nullable = p->nullable;
  return f;
}

static scc_c_shape shape(const scc_mfield *f) {
  return scc_type_info_of(f->type.kind)->shape;
}

/* How a parameter is declared and bound. A value is passed by value, a
 * nullable value by pointer (NULL: SQL NULL); strings, uuids and lists by
 * pointer, a list with its count `n_<name>`. */
static scc_view *param_view(scc_cgen *g, scc_view *qv, const scc_query_param *p, const char *cname, const char *nname,
                       bool by_struct, unsigned list_index, const char **decl_out) {
  const scc_mfield *f = scc_c_query_field(g, p);
  scc_view *v = scc_view_add(qv, "params");
  scc_view_set(v, "name", p->name);
  scc_c_view_codec(v, f);
  scc_view_flag(v, "list", p->list);
  scc_view_flag(v, "nullable", p->nullable);
  bool en = f->type.kind == SCC_T_ENUM;
  scc_view_set(v, "enum_type", en ? scc_c_enum_type(g, f->type.enm) : "");
  scc_view_setf(v, "enum_count", "%u", en ? f->type.enm->nvalues : 0);
  scc_view_setf(v, "precision", "%u", f->type.precision);
  scc_view_setf(v, "scale", "%u", f->type.scale);
  scc_view_set(v, "coltype", scc_c_col_type(f));
  scc_view_set(v, "pg_type", scc_c_pg_array_type(f));
  scc_view_setf(v, "list_index", "%u", list_index);
  const char *arg = by_struct ? scc_printf(g->a, "params->%s", cname) : cname;
  scc_view_set(v, "arg", arg);
  scc_view_set(v, "arg_n", by_struct ? scc_printf(g->a, "params->%s", nname) : nname);
  scc_view_set(v, "n_name", nname);
  /* by pointer: a nullable value (scalars and enums), and what the member type
   * already makes a pointer (uuid: const sc_uuid *; strings: const char *) */
  bool value_ptr = p->nullable && (shape(f) == SCC_SHAPE_VALUE || shape(f) == SCC_SHAPE_ENUM) &&
                   scc_type_info_of(f->type.kind)->args != SCC_ARGS_PRECISION;
  bool null_test = !p->list && (value_ptr || (p->nullable && shape(f) != SCC_SHAPE_BYTES));
  scc_view_flag(v, "null_test", null_test);
  scc_view_set(v, "val", value_ptr ? scc_printf(g->a, "*%s", arg) : arg);
  const char *decl;
  if (p->list) decl = scc_c_array_param(g, f, cname);
  else if (value_ptr) decl = scc_printf(g->a, "const %s *%s", scc_c_member_type(g, f), cname);
  else decl = scc_c_key_param(g, f, cname); /* uuid and strings by pointer */
  scc_view_set(v, "decl", decl);
  *decl_out = decl;
  return v;
}

/* The columns of an inline result row, as the struct members and readers of
 * entity fields (items of `fields`). */
static void row_view(scc_cgen *g, scc_view *qv, const scc_query *q) {
  scc_view_list(qv, "fields");
  bool strings = false;
  for (uint32_t i = 0; i < q->ncols; i++) {
    const scc_mfield *f = scc_c_query_field(g, &q->cols[i]);
    scc_view *v = scc_view_add(qv, "fields");
    scc_c_view_member(g, v, f);
    bool en = f->type.kind == SCC_T_ENUM;
    scc_view_set(v, "enum_type", en ? scc_c_enum_type(g, f->type.enm) : "");
    strings |= shape(f) == SCC_SHAPE_TEXT || shape(f) == SCC_SHAPE_BYTES || f->type.array;
  }
  scc_view_flag(qv, "strings", strings);
  scc_view_flag(qv, "single", q->ncols == 1 && !scc_c_has_flag(scc_c_query_field(g, &q->cols[0])));
}

scc_view *scc_c_view_query(scc_cgen *g, const scc_query *q) {
  scc_view *v = scc_view_new(g->a);
  const char *fn = scc_printf(g->a, "%s_%s", g->s->prefix, q->name);
  scc_view_set(v, "fn", fn);
  scc_view_set(v, "qname", q->name);
  scc_view_set(v, "schema", g->s->name);
  scc_view_set(v, "doc_lines", scc_c_doc_lines(g, q->doc, ""));
  /* SQL per dialect, after the :name rewrite */
  scc_view_list(v, "sql");
  scc_view *s = scc_view_add(v, "sql");
  scc_view_set(s, "name", scc_printf(g->a, "%s_sql", fn));
  for (int d = 0; d < 2; d++) {
    qtext t;
    qtext_make_scoped(&t, q, d == 0 ? SC_DIALECT_POSTGRES : SC_DIALECT_SQLITE, g->s, false);
    scc_view_set(s, d == 0 ? "pg" : "sqlite", scc_c_sql_literal(g, t.sql.data, "\t"));
    /* SQLite over @tenant tables: the tenant of each scoped table, bound
     * from the transaction after the parameters (query_text.h) */
    if (d == 1) {
      scc_view_list(v, "tenants");
      scc_view_list(v, "guards");
      for (uint32_t k = 0; k < t.nscoped; k++) {
        scc_view *tv = scc_view_add(v, "tenants");
        scc_view_set(tv, "meta", scc_printf(g->a, "%s_meta", scc_c_type(g, t.scoped[k])));
        scc_view_setf(tv, "number", "%u", q->nparams + 1 + k);
        /* a body that may write: each scoped table guarded around it */
        if (t.writes) scc_view_add_like(v, "guards", tv);
      }
      scc_view_flag(v, "guarded", t.writes && t.nscoped);
    }
    qtext_free(&t);
  }
  /* parameters */
  bool by_struct = q->nparams > SCC_C_QUERY_MAX_ARGS;
  scc_view_flag(v, "by_struct", by_struct);
  scc_view_list(v, "params");
  scc_view_list(v, "lists");
  const char **taken = scc_alloc(g->a, sizeof *taken * (2 * q->nparams + 1));
  const char **params_decl = scc_alloc(g->a, sizeof *params_decl * (q->nparams + 1));
  const char **params_n = scc_alloc(g->a, sizeof *params_n * (q->nparams + 1));
  size_t ntaken = 0;
  unsigned nlists = 0;
  for (uint32_t i = 0; i < q->nparams; i++) {
    const scc_query_param *p = &q->params[i];
    const char *cname = scc_c_param_name(g, p->name, taken, ntaken);
    taken[ntaken++] = cname;
    const char *nname = "";
    if (p->list) {
      nname = scc_c_param_name(g, scc_printf(g->a, "n_%s", p->name), taken, ntaken);
      taken[ntaken++] = nname;
    }
    scc_view *pv = param_view(g, v, p, cname, nname, by_struct, p->list ? nlists : 0, &params_decl[i]);
    params_n[i] = nname;
    if (p->list) {
      scc_view_add_like(v, "lists", pv);
      nlists++;
    }
  }
  /* the function's parameters after the connection, as scc_c_key_params
   * makes a key's: one list for the prototype and the definition */
  scc_buf args = {0};
  if (by_struct) scc_buf_printf(&args, "const %s_params *params, ", fn);
  for (uint32_t i = 0; i < q->nparams && !by_struct; i++) {
    scc_buf_printf(&args, "%s, ", params_decl[i]);
    if (q->params[i].list) scc_buf_printf(&args, "size_t %s, ", params_n[i]);
  }
  scc_view_set(v, "args", args.len ? scc_c_take(g, &args) : "");
  /* result */
  bool exec = q->result == SCC_QRES_EXEC, row = q->result == SCC_QRES_ROW;
  scc_view_flag(v, "exec", exec);
  scc_view_flag(v, "row", row);
  scc_view_flag(v, "entity", q->result == SCC_QRES_ENTITY);
  scc_view_flag(v, "one", !exec && q->card == SCC_QCARD_ONE);
  scc_view_flag(v, "opt", !exec && q->card == SCC_QCARD_OPT);
  scc_view_flag(v, "many", !exec && q->card == SCC_QCARD_MANY);
  const char *rtype = row ? scc_printf(g->a, "%s_row", fn) : q->entity ? scc_c_type(g, q->entity) : "";
  scc_view_set(v, "rtype", rtype);
  scc_view_set(v, "ptype", row ? scc_printf(g->a, "%s_page", fn) : scc_printf(g->a, "%s_page", rtype));
  scc_view_set(v, "meta", row ? scc_printf(g->a, "%s_meta", fn) : scc_printf(g->a, "%s_meta", rtype));
  const char *outp = exec                       ? "int64_t *affected"
                     : q->card == SCC_QCARD_MANY ? scc_printf(g->a, "%s_page *out", row ? fn : rtype)
                     : q->card == SCC_QCARD_OPT  ? scc_printf(g->a, "%s *out, bool *found", rtype)
                                                 : scc_printf(g->a, "%s *out", rtype);
  scc_view_set(v, "out_params", outp);
  scc_view_set(v, "each_fn", fn); /* the statics of <fn>_each (source.tmpl each_trampoline) */
  scc_view_set(v, "each_type", rtype);
  if (row) row_view(g, v, q);
  return v;
}
