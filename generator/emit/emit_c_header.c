/* <schema>.h: the public API of a schema (templates/header.tmpl). */
#include <string.h>

#include "emit/emit_c.h"

#define H "header.tmpl"

static void emit_enum(scc_cgen *g, scc_buf *out, const scc_enum *en) {
  const char *type = scc_c_enum_type(g, en);
  scc_buf vals = {0};
  for (uint32_t i = 0; i < en->nvalues; i++) {
    scc_vars v = {0};
    scc_vars_set(&v, "doc", scc_c_doc(g, en->values[i].doc, "\t"));
    scc_vars_setf(&v, "constant", "%s_%s", scc_c_upper(g, type), en->values[i].upper);
    scc_vars_setf(&v, "number", "%u", i + 1);
    scc_tmpl_emit(&vals, H, "enum_value", &v);
    scc_vars_free(&v);
  }
  scc_vars v = {0};
  scc_vars_set(&v, "doc", scc_c_doc(g, en->doc, ""));
  scc_vars_set(&v, "name", type);
  scc_vars_set(&v, "values", scc_c_take(g, &vals));
  scc_vars_set(&v, "first_value", en->nvalues ? en->values[0].name : "");
  scc_tmpl_emit(out, H, "enum", &v);
  scc_vars_free(&v);
}

static const char *pk_params(scc_cgen *g, const scc_entity *e) {
  return scc_c_key_params(g, (const scc_mfield *const *)e->pk, e->npk);
}

/* ", int32_t v" / "" for the value parameter of a where function. */
static const char *where_param(scc_cgen *g, const scc_mfield *f, const char *op) {
  if (!strcmp(op, "is_null") || !strcmp(op, "not_null")) return "";
  return scc_printf(g->a, ", %s", scc_c_key_param(g, f, "v"));
}

static void emit_entity(scc_cgen *g, scc_buf *out, const scc_entity *e) {
  const char *type = scc_c_type(g, e);
  scc_vars v = {0};
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "table", scc_c_comment(g, e->table));
  scc_vars_set(&v, "doc", scc_c_doc(g, e->doc, ""));

  scc_buf members = {0}, cols = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    scc_vars m = {0};
    const char *ct = scc_c_member_type(g, f);
    scc_vars_set(&m, "doc", scc_c_doc(g, f->doc, "\t"));
    /* "char *name" reads better than "char * name". */
    size_t ctl = strlen(ct);
    scc_vars_set(&m, "ctype", ct[ctl - 1] == '*' ? scc_strndup(g->a, ct, ctl - 2) : ct);
    scc_vars_set(&m, "name", ct[ctl - 1] == '*' ? scc_printf(g->a, "*%s", f->name) : f->name);
    scc_vars_set(&m, "comment", scc_type_info_of(f->type.kind)->comment);
    scc_tmpl_emit(&members, H, "member", &m);
    if (scc_c_has_flag(f)) scc_tmpl_emit(&members, H, "member_has", &m);
    scc_vars_free(&m);
    scc_vars c = {0};
    scc_vars_set(&c, "constant", scc_c_col_const(g, e, f));
    scc_tmpl_emit(&cols, H, "col_value", &c);
    scc_vars_free(&c);
  }
  scc_vars_set(&v, "members", scc_c_take(g, &members));
  scc_vars_set(&v, "cols", scc_c_take(g, &cols));

  /* upsert keys */
  int nkeys;
  const int *keys = scc_c_upsert_keys(g, e, &nkeys);
  const char *utype = scc_c_upper(g, type);
  if (nkeys) {
    scc_buf kv = {0};
    for (int k = 0; k < nkeys; k++) {
      scc_vars c = {0};
      scc_vars_setf(&c, "constant", "%s_KEY_%s", utype,
                    keys[k] < 0 ? "PK" : scc_c_upper(g, scc_c_unique_suffix(g, &e->uniques[keys[k]])));
      scc_tmpl_emit(&kv, H, "col_value", &c);
      scc_vars_free(&c);
    }
    scc_vars_set(&v, "values", scc_c_take(g, &kv));
    scc_buf kb = {0};
    scc_tmpl_emit(&kb, H, "keys", &v);
    scc_vars_set(&v, "keys", scc_c_take(g, &kb));
    scc_buf ub = {0};
    scc_vars_set(&v, "version_bump", e->version ? "; the version is incremented" : "");
    scc_vars_set(&v, "version_write", e->version ? " and the version" : "");
    scc_tmpl_emit(&ub, H, "upsert_decl", &v);
    scc_vars_set(&v, "upsert_decl", scc_c_take(g, &ub));
  } else {
    scc_vars_set(&v, "keys", "");
    scc_vars_set(&v, "upsert_decl", "");
  }

  /* insert write-backs */
  scc_buf wb = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    const char *what = NULL;
    if (f->def.kind == SCC_DEF_UUID) what = "generated UUIDv7 (when nil)";
    else if (f->def.kind == SCC_DEF_AUTOINCREMENT) what = "database-assigned";
    else if (f->created_at) what = "now (when 0)";
    else if (f->updated_at) what = "now";
    else if (f->version) what = "1";
    else if (f->def.kind == SCC_DEF_NOW) what = f->nullable ? "now (when unset)" : "now (when 0)";
    if (!what) continue;
    if (wb.len) scc_buf_puts(&wb, ", ");
    scc_buf_printf(&wb, "%s %s", f->name, what);
  }
  scc_vars_set(&v, "insert_writes", wb.len ? scc_c_take(g, &wb) : "nothing");
  scc_buf_free(&wb);

  const char *pkp = pk_params(g, e);
  scc_vars_set(&v, "pk_params", pkp);

  scc_buf gb = {0};
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const scc_index *ix = &e->uniques[u];
    scc_buf colsb = {0};
    const scc_mfield **kf = scc_alloc(g->a, sizeof *kf * ix->ncols);
    for (uint32_t i = 0; i < ix->ncols; i++) {
      if (i) scc_buf_puts(&colsb, ", ");
      scc_buf_puts(&colsb, ix->cols[i].field->name);
      kf[i] = ix->cols[i].field;
    }
    scc_vars_set(&v, "params", scc_c_key_params(g, kf, ix->ncols));
    scc_vars_set(&v, "columns", scc_c_take(g, &colsb));
    scc_vars_set(&v, "suffix", scc_c_unique_suffix(g, ix));
    scc_tmpl_emit(&gb, H, "get_by_decl", &v);
  }
  scc_vars_set(&v, "get_by_decls", gb.len ? scc_c_take(g, &gb) : "");
  scc_buf_free(&gb);

  scc_vars_set(&v, "update_doc",
               e->version ? scc_printf(g->a, " and whose %s still equals row->%s (else SC_CONFLICT); the new version%s is written back",
                                       e->version->name, e->version->name, e->updated_at ? " and update time" : "")
                          : (e->updated_at ? "; the update time is written back" : ""));
  scc_vars_set(&v, "live", e->soft_delete ? " live" : "");

  /* delete family */
  const char *params = e->version ? scc_printf(g->a, "%s, %s expected_version", pkp, scc_c_member_type(g, e->version)) : pkp;
  scc_vars_set(&v, "params", params);
  scc_vars_set(&v, "version_doc", e->version ? "; only when the version still equals expected_version (else SC_CONFLICT)" : "");
  scc_vars_set(&v, "version_doc2", e->version ? ", when its version equals expected_version (else SC_CONFLICT)" : "");
  scc_buf db = {0};
  if (e->soft_delete) {
    scc_vars_set(&v, "soft_col", e->soft_delete->name);
    scc_tmpl_emit(&db, H, "delete_soft_decl", &v);
  } else {
    scc_tmpl_emit(&db, H, "delete_hard_decl", &v);
  }
  scc_vars_set(&v, "delete_decls", scc_c_take(g, &db));

  /* typed filters */
  scc_buf wd = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    const char *ops[SCC_C_FIELD_OPS_MAX];
    int n;
    scc_c_field_ops(f, ops, &n);
    for (int k = 0; k < n; k++) {
      scc_vars w = {0};
      scc_vars_set(&w, "type", type);
      scc_vars_set(&w, "field", f->name);
      scc_vars_set(&w, "op", ops[k]);
      if (!strcmp(ops[k], "in")) scc_vars_setf(&w, "param", ", %s, size_t n", scc_c_array_param(g, f, "v"));
      else scc_vars_set(&w, "param", where_param(g, f, ops[k]));
      scc_tmpl_emit(&wd, H, "where_decl", &w);
      scc_vars_free(&w);
    }
  }
  scc_vars_set(&v, "where_decls", scc_c_take(g, &wd));

  scc_buf rb = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref) continue;
    scc_vars_set(&v, "field", f->name);
    scc_vars_set(&v, "param", scc_c_key_param(g, f, scc_c_param_name(g, f->name, NULL, 0)));
    scc_vars_set(&v, "array_param", scc_c_array_param(g, f, "keys"));
    scc_tmpl_emit(&rb, H, "ref_decl", &v);
  }
  scc_vars_set(&v, "ref_decls", rb.len ? scc_c_take(g, &rb) : "");
  scc_buf_free(&rb);

  scc_tmpl_emit(out, H, "entity", &v);
  scc_vars_free(&v);
}

void scc_emit_c_header(const scc_schema *s, const char *version, scc_buf *out) {
  scc_cgen g = {.s = s, .a = scc_arena_new(), .version = version};
  scc_c_names_init(&g);
  scc_buf body = {0};
  for (uint32_t i = 0; i < s->nenums; i++) emit_enum(&g, &body, s->enums[i]);
  for (uint32_t i = 0; i < s->nentities; i++) { /* per-entity scratch memory is dropped */
    scc_arena_mark m = scc_arena_save(g.a);
    emit_entity(&g, &body, s->entities[i]);
    scc_arena_restore(g.a, m);
    g.columns = g.columns_macro = NULL;
  }
  scc_vars v = {0};
  scc_vars_set(&v, "version", version);
  scc_vars_set(&v, "schema", s->name);
  scc_vars_setf(&v, "guard", "%s_H", scc_c_upper(&g, s->prefix));
  scc_tmpl_emit(out, H, "file", &v);
  if (body.len) scc_buf_put(out, body.data, body.len);
  scc_tmpl_emit(out, H, "file_end", &v);
  scc_vars_free(&v);
  scc_buf_free(&body);
  scc_arena_free(g.a);
}
