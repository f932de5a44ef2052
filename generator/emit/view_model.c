/* The view model of an enum and of an entity (see view_model.h): names,
 * C types and per-field facts, each computed once, for both templates. */
#include <string.h>

#include "emit/view_model.h"

scc_view *scc_c_view_enum(scc_cgen *g, const scc_enum *en) {
  scc_view *v = scc_view_new(g->a);
  const char *type = scc_c_enum_type(g, en);
  scc_view_set(v, "name", type);
  scc_view_set(v, "doc", scc_c_doc(g, en->doc, ""));
  scc_view_set(v, "first_value", en->nvalues ? en->values[0].name : "");
  scc_view_setf(v, "count", "%u", en->nvalues);
  bool used = false; /* by a column: then it has a column reader */
  for (uint32_t i = 0; i < g->s->nentities; i++)
    for (uint32_t k = 0; k < g->s->entities[i]->nfields; k++) {
      const scc_mfield *f = g->s->entities[i]->fields[k];
      used |= f->type.kind == SCC_T_ENUM && !f->type.array && f->type.enm == en;
    }
  for (uint32_t i = 0; i < g->s->nqueries; i++) /* or an inline query result */
    for (uint32_t k = 0; k < g->s->queries[i]->ncols; k++)
      used |= g->s->queries[i]->cols[k].type.kind == SCC_T_ENUM && g->s->queries[i]->cols[k].type.enm == en;
  scc_view_flag(v, "used", used);
  scc_view_list(v, "values");
  const char *utype = scc_c_upper(g, type);
  for (uint32_t i = 0; i < en->nvalues; i++) {
    scc_view *x = scc_view_add(v, "values");
    scc_view_set(x, "doc", scc_c_doc(g, en->values[i].doc, "\t"));
    scc_view_setf(x, "constant", "%s_%s", utype, en->values[i].upper);
    scc_view_set(x, "sql_name", scc_c_literal(g, en->values[i].name));
  }
  return v;
}

static scc_c_shape shape(const scc_mfield *f) {
  return scc_type_info_of(f->type.kind)->shape;
}

/* The codec of a member: exactly one of bytes, decimal, text, uuid, enum,
 * scalar (with `kind`: sc_stmt_bind_<kind> / sc_stmt_column_<kind>). */
void scc_c_view_codec(scc_view *v, const scc_mfield *f) {
  const scc_type_info *t = scc_type_info_of(f->type.kind);
  bool decimal = t->args == SCC_ARGS_PRECISION;
  bool one = !f->type.array; /* arrays have a codec of their own */
  scc_view_flag(v, "bytes", one && shape(f) == SCC_SHAPE_BYTES);
  scc_view_flag(v, "decimal", one && decimal);
  scc_view_flag(v, "text", one && shape(f) == SCC_SHAPE_TEXT && !decimal);
  scc_view_flag(v, "uuid", one && shape(f) == SCC_SHAPE_UUID);
  scc_view_flag(v, "enum", one && shape(f) == SCC_SHAPE_ENUM);
  scc_view_flag(v, "scalar", one && shape(f) == SCC_SHAPE_VALUE && !decimal);
  scc_view_flag(v, "array", f->type.array);
  scc_view_flag(v, "array_enum", f->type.array && f->type.kind == SCC_T_ENUM);
  scc_view_set(v, "kind", t->codec ? t->codec : "");
}

void scc_c_view_member(scc_cgen *g, scc_view *v, const scc_mfield *f) {
  scc_view_set(v, "name", f->name);
  /* "char *name" reads better than "char * name". */
  const char *ct = scc_c_member_type(g, f);
  size_t ctl = strlen(ct);
  bool ptr = ct[ctl - 1] == '*';
  scc_view_set(v, "ctype_decl", ptr ? scc_strndup(g->a, ct, ctl - 2) : ct);
  scc_view_set(v, "member", ptr ? scc_printf(g->a, "*%s", f->name) : f->name);
  scc_view_set(v, "type_comment", f->type.array ? "" : scc_type_info_of(f->type.kind)->comment);
  scc_view_flag(v, "has_flag", scc_c_has_flag(f));
  scc_c_view_codec(v, f);
  scc_view_set(v, "array_col", f->type.array ? scc_c_array_col(g, f) : "");
}

/* Metadata of the column (sc_column_meta). */
static void column_meta(scc_cgen *g, scc_view *v, const scc_entity *e, const scc_mfield *f) {
  scc_view_set(v, "column", scc_c_literal(g, scc_c_ident(g, f->column)));
  scc_view_set(v, "coltype", scc_c_col_type(f));
  scc_view_set(v, "elem_coltype", f->type.array ? scc_c_array_elem_col(f) : "");
  scc_view_set(v, "pg_type", scc_c_pg_array_type(f));
  struct {
    bool on;
    const char *name;
  } fl[] = {
      {f->nullable, "SC_COLF_NULLABLE"},
      {f->is_id, "SC_COLF_PK"},
      {f->unique, "SC_COLF_UNIQUE"},
      {f->sensitive, "SC_COLF_SENSITIVE"},
      {f->ref != NULL, "SC_COLF_FK"},
      {f == e->autoincrement, "SC_COLF_AUTOINCREMENT"},
      {f->has_check, "SC_COLF_CHECK"},
  };
  scc_view_list(v, "colflags");
  for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
    if (fl[i].on) scc_view_set(scc_view_add(v, "colflags"), "flag", fl[i].name);
  scc_view_set(v, "max_len", f->type.length ? scc_printf(g->a, "%u", f->type.length) : "");
  bool precision = scc_type_info_of(f->type.kind)->args == SCC_ARGS_PRECISION && f->type.precision;
  scc_view_flag(v, "precision_set", precision);
  scc_view_setf(v, "precision", "%u", f->type.precision);
  scc_view_setf(v, "scale", "%u", f->type.scale);
  scc_view_flag(v, "check", f->has_check);
  if (f->has_check) {
    /* Double literals: "100" -> "100.0" (int64 bounds do not fit a double exactly). */
    scc_view_setf(v, "check_lo", "%s%s", f->check_lo, strpbrk(f->check_lo, ".eE") ? "" : ".0");
    scc_view_setf(v, "check_hi", "%s%s", f->check_hi, strpbrk(f->check_hi, ".eE") ? "" : ".0");
  }
}

/* What insert does with a field (insert_fill's answer). */
enum { FILLS = 1, FILLS_NOW = 2, WRITES_BACK = 4 };

/* What insert fills in (prepare_insert: exactly one of the fill_* flags,
 * or none) and writes back (the header's sentence: one of the wb_* flags,
 * or none). */
static unsigned insert_fill(scc_view *v, const scc_mfield *f) {
  bool uuid = f->def.kind == SCC_DEF_UUID && !f->nullable, now_default = f->def.kind == SCC_DEF_NOW;
  bool now = !uuid && f->updated_at, now_if_unset = !uuid && !f->updated_at && (f->created_at || now_default);
  bool version = !uuid && !now && !now_if_unset && f->version;
  scc_view_flag(v, "fill_uuid", uuid);
  scc_view_flag(v, "fill_now", now);
  scc_view_flag(v, "fill_now_if_unset", now_if_unset);
  scc_view_flag(v, "fill_version", version);
  const char *now_c = scc_type_info_of(f->type.kind)->now_c;
  scc_view_set(v, "now", now_c ? now_c : "now");
  const struct {
    const char *name;
    bool on;
  } wb[] = {{"wb_uuid", f->def.kind == SCC_DEF_UUID}, {"wb_db", f->def.kind == SCC_DEF_AUTOINCREMENT},
            {"wb_created", f->created_at},           {"wb_updated", f->updated_at},
            {"wb_version", f->version},              {"wb_now", now_default}};
  bool written = false;
  for (size_t i = 0; i < sizeof wb / sizeof wb[0]; i++) { /* the first that holds */
    scc_view_flag(v, wb[i].name, !written && wb[i].on);
    written |= wb[i].on;
  }
  return (uuid || now || now_if_unset || version ? FILLS : 0) | (now || now_if_unset ? FILLS_NOW : 0) |
         (written ? WRITES_BACK : 0);
}

/* The filter functions of the field: one per operator its type allows
 * (scc_c_field_ops: the same list the name check uses). */
static void where_ops(scc_cgen *g, scc_view *v, const scc_mfield *f) {
  const char *ops[SCC_C_FIELD_OPS_MAX];
  int n;
  scc_c_field_ops(f, ops, &n);
  scc_view_list(v, "ops");
  for (int k = 0; k < n; k++) {
    scc_view *o = scc_view_add(v, "ops");
    scc_view_set(o, "op", ops[k]);
    scc_view_set(o, "OP", scc_c_upper(g, ops[k]));
    scc_view_flag(o, "in", !strcmp(ops[k], "in"));
    scc_view_flag(o, "array_op", !strcmp(ops[k], "contains") || !strcmp(ops[k], "overlaps"));
    scc_view_flag(o, "null_test", !strcmp(ops[k], "is_null") || !strcmp(ops[k], "not_null"));
  }
  scc_view_set(v, "value_param", scc_c_key_param(g, f, "v"));
  scc_view_set(v, "array_v", f->type.array ? scc_c_array_elems_param(g, f, "v") : scc_c_array_param(g, f, "v"));
  scc_view_set(v, "where_arg", shape(f) == SCC_SHAPE_UUID ? "v" : "&v");
  scc_view_flag(v, "json_path", (scc_type_info_of(f->type.kind)->ops & SCC_OPS_JSON) != 0);
}

static scc_view *field_view(scc_cgen *g, scc_view *ev, const scc_entity *e, const scc_mfield *f) {
  scc_view *v = scc_view_add(ev, "fields");
  scc_c_view_member(g, v, f);
  scc_view_setf(v, "index", "%u", f->index);
  scc_view_set(v, "doc", scc_c_doc(g, f->doc, "\t"));
  scc_view_set(v, "col_const", scc_c_col_const(g, e, f));
  scc_view_flag(v, "nullable", f->nullable);
  scc_view_flag(v, "updated_at", f->updated_at);
  bool en = f->type.kind == SCC_T_ENUM;
  scc_view_set(v, "enum_type", en ? scc_c_enum_type(g, f->type.enm) : "");
  scc_view_setf(v, "enum_count", "%u", en ? f->type.enm->nvalues : 0);
  column_meta(g, v, e, f);
  const char *def = scc_c_default_value(g, f);
  scc_view_set(v, "default", def ? def : "");
  if (def) scc_view_add_like(ev, "defaults", v);
  where_ops(g, v, f);
  if (f->ref) {
    const char *pname = scc_c_param_name(g, f->name, NULL, 0);
    scc_view_set(v, "ref_param", scc_c_key_param(g, f, pname));
    scc_view_set(v, "ref_arg", shape(f) == SCC_SHAPE_UUID ? pname : scc_printf(g->a, "&%s", pname));
    scc_view_set(v, "keys_param", scc_c_array_param(g, f, "keys"));
  }
  return v;
}

/* Key columns as items of `list`: the field's values plus the parameter
 * (`param`) and how it is assigned into a key row. */
static void key_list(scc_cgen *g, scc_view *v, const char *list, const scc_mfield *const *cols, uint32_t n,
                     scc_view *const *fields) {
  const char **names = scc_c_param_names(g, cols, n);
  scc_view_list(v, list);
  for (uint32_t i = 0; i < n; i++) {
    scc_view *k = scc_view_add_like(v, list, fields[cols[i]->index]);
    scc_view_set(k, "param", names[i]);
    /* as scc_c_key_param declares it: uuid and strings by pointer */
    scc_view_flag(k, "by_pointer", shape(cols[i]) == SCC_SHAPE_UUID);
    scc_view_flag(k, "by_string", shape(cols[i]) == SCC_SHAPE_TEXT);
    scc_view_flag(k, "by_value", shape(cols[i]) != SCC_SHAPE_UUID && shape(cols[i]) != SCC_SHAPE_TEXT);
  }
}

/* A special column of the entity (@version, @soft_delete, ...): a flag,
 * and the field's name and member type when set. */
static void special(scc_cgen *g, scc_view *v, const char *what, const scc_mfield *f) {
  scc_view_flag(v, what, f != NULL);
  scc_view_set(v, scc_printf(g->a, "%s_name", what), f ? f->name : "");
  scc_view_set(v, scc_printf(g->a, "%s_ctype", what), f ? scc_c_member_type(g, f) : "");
  scc_view_flag(v, scc_printf(g->a, "%s_has_flag", what), f && scc_c_has_flag(f));
  scc_view_setf(v, scc_printf(g->a, "%s_col", what), "%d", f ? (int)f->index : -1);
}

scc_view *scc_c_view_entity(scc_cgen *g, const scc_entity *e) {
  scc_view *v = scc_view_new(g->a);
  const char *type = scc_c_type(g, e);
  scc_view_set(v, "type", type);
  scc_view_set(v, "e", e->snake);
  scc_view_set(v, "each_fn", e->snake); /* the statics of list_each (source.tmpl each_trampoline) */
  scc_view_set(v, "each_type", type);
  scc_view_set(v, "schema", g->s->name);
  scc_view_set(v, "doc", scc_c_doc(g, e->doc, ""));
  scc_view_set(v, "table_comment", scc_c_comment(g, e->table));
  scc_view_set(v, "table", scc_c_literal(g, e->table));
  scc_view_set(v, "table_sql", scc_c_literal(g, scc_c_ident(g, e->table)));
  scc_view_set(v, "select_list", scc_c_literal(g, scc_c_select_list(g, e)));
  scc_view_set(v, "columns_macro", scc_printf(g->a, "%s_COLUMNS_SQL", scc_c_upper(g, e->snake)));
  scc_view_setf(v, "ncols", "%u", e->nfields);
  scc_view_setf(v, "npk", "%u", e->npk);
  scc_view_set(v, "pk_name", scc_c_literal(g, e->pk_name));
  special(g, v, "version", e->version);
  special(g, v, "soft_delete", e->soft_delete);
  special(g, v, "updated_at", e->updated_at);
  special(g, v, "tenant", e->tenant);
  special(g, v, "autoincrement", e->autoincrement);
  /* Not for tenant tables: the cache key does not say whose view the row is. */
  scc_view_flag(v, "cached", !e->tenant);

  scc_view **fields = scc_alloc(g->a, sizeof *fields * (e->nfields + 1));
  scc_view_list(v, "defaults"); /* the fields <entity>_init sets (field_view) */
  bool strings = false;
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    fields[i] = field_view(g, v, e, f);
    strings |= shape(f) == SCC_SHAPE_TEXT || shape(f) == SCC_SHAPE_BYTES || f->type.array;
  }
  scc_view_flag(v, "strings", strings);
  /* the fields written back by insert, and prepare_insert's use of its parameters */
  scc_view_list(v, "insert_writes");
  scc_view_list(v, "fills");
  bool uses_now = false;
  for (uint32_t i = 0; i < e->nfields; i++) {
    unsigned fill = insert_fill(fields[i], e->fields[i]);
    if (fill & WRITES_BACK) scc_view_add_like(v, "insert_writes", fields[i]);
    if (fill & FILLS) scc_view_add_like(v, "fills", fields[i]);
    uses_now |= (fill & FILLS_NOW) != 0;
  }
  scc_view_flag(v, "uses_now", uses_now);

  const scc_mfield *const *pkf = (const scc_mfield *const *)e->pk;
  key_list(g, v, "pk", pkf, e->npk, fields);
  const char *pk_params = scc_c_key_params(g, pkf, e->npk);
  scc_view_set(v, "pk_params", pk_params);
  /* get_many: single-column primary keys, not bytes (docs/generated-api.md) */
  scc_view_flag(v, "get_many", scc_c_has_get_many(e));
  if (scc_c_has_get_many(e)) {
    scc_view_set(v, "pk_keys_param", scc_c_array_param(g, pkf[0], "keys"));
    scc_view_set(v, "pk_col_const", scc_c_col_const(g, e, pkf[0]));
  }
  scc_view_set(v, "delete_params", e->version ? scc_printf(g->a, "%s, %s expected_version", pk_params,
                                                             scc_c_member_type(g, e->version))
                                              : pk_params);
  /* readers: the whole row, and the columns a write returns */
  scc_view_flag(v, "single", e->nfields == 1 && !scc_c_has_flag(e->fields[0]));
  scc_view_list(v, "returning");
  const struct {
    const scc_mfield *f;
    const char *name, *what;
  } ret[] = {{e->autoincrement, "inserted", "insert"}, {e->version, "updated", "whole-row update"}};
  for (int i = 0; i < 2; i++) {
    if (!ret[i].f) continue;
    scc_view *r = scc_view_add(v, "returning");
    scc_view_set(r, "name", ret[i].name);
    scc_view_set(r, "what", ret[i].what);
    scc_view_flag(r, "single", !scc_c_has_flag(ret[i].f));
    scc_view_add_like(r, "fields", fields[ret[i].f->index]);
  }
  scc_view **uniques = scc_alloc(g->a, sizeof *uniques * (e->nuniques + 1));
  scc_view_list(v, "uniques");
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const scc_index *ix = &e->uniques[u];
    scc_view *x = uniques[u] = scc_view_add(v, "uniques");
    const scc_mfield **cols = scc_alloc(g->a, sizeof *cols * ix->ncols);
    for (uint32_t i = 0; i < ix->ncols; i++) cols[i] = ix->cols[i].field;
    key_list(g, x, "cols", cols, ix->ncols, fields);
    scc_view_set(x, "suffix", scc_c_unique_suffix(g, ix));
    scc_view_set(x, "name", scc_c_literal(g, ix->name));
    scc_view_setf(x, "ncols", "%u", ix->ncols);
    scc_view_set(x, "params", scc_c_key_params(g, cols, ix->ncols));
  }
  /* scc_c_unique_index_meta; expression ones are named by SQLite itself
   * (runtime/src/backend/sqlite.c). */
  scc_view_list(v, "unique_indexes");
  uint32_t nui = 0;
  for (uint32_t k = 0; k < e->nindexes; k++) {
    const scc_index *ix = &e->indexes[k];
    if (!scc_c_unique_index_meta(ix)) continue;
    scc_view *x = scc_view_add(v, "unique_indexes");
    const scc_mfield **cols = scc_alloc(g->a, sizeof *cols * ix->ncols);
    for (uint32_t i = 0; i < ix->ncols; i++) cols[i] = ix->cols[i].field;
    key_list(g, x, "cols", cols, ix->ncols, fields);
    scc_view_set(x, "name", scc_c_literal(g, ix->name));
    scc_view_setf(x, "ncols", "%u", ix->ncols);
    nui++;
  }
  scc_view_setf(v, "nuniques", "%u", e->nuniques + 1 + nui);
  scc_view_list(v, "refs");
  for (uint32_t i = 0; i < e->nfields; i++)
    if (e->fields[i]->ref) scc_view_add_like(v, "refs", fields[i]);
  scc_c_view_sql(g, e, v, fields, uniques);
  return v;
}
