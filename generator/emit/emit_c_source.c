/* <schema>.c: the implementation of a schema (templates/source.tmpl). SQL
 * texts are constants built here from templates/sql.tmpl. The hot
 * operations (insert, get, update, delete) bind and read through per-entity
 * static functions calling sc_stmt_bind_* / sc_stmt_column_* member by
 * member; what is generic (filters, pages, update_fields, cache encoding,
 * factory) goes through the entity metadata and the runtime's row codec. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit_c.h"

#define S "source.tmpl"

/* A SQL text as C string literals, one clause per line and long lists
 * wrapped, continued on lines starting with `indent`. */
const char *lit_wrapped(scc_cgen *g, const char *sql, const char *indent) {
  static const char *const clauses[] = {" VALUES ", " FROM ", " WHERE ", " ON CONFLICT ", " DO UPDATE SET ",
                                        " RETURNING ", " ORDER BY ", " SET ", NULL};
  scc_buf b = {0};
  size_t line = 0;
  const char *p = sql;
  if (strlen(sql) > SCC_C_LITERAL_PORTABLE_MAX) g->long_literals = true;
  size_t ncols = g->columns ? strlen(g->columns) : 0;
  /* Once per text, not per character: where an INSERT's column list starts. */
  const char *insert_list = !strncmp(sql, "INSERT INTO ", 12) ? strchr(sql, '(') : NULL;
  int depth = 0;
  while (*p) {
    /* Only the select list and an insert's full column list stand for the macro. */
    bool list_pos = (p - sql >= 7 && !strncmp(p - 7, "SELECT ", 7)) || (insert_list && p - 1 == insert_list);
    if (ncols && list_pos && !strncmp(p, g->columns, ncols) && (p[ncols] == ' ' || p[ncols] == ')')) {
      scc_buf_printf(&b, "\" %s \"", g->columns_macro);
      p += ncols;
      line += 40;
      continue;
    }
    bool brk = false;
    if (*p == ' ' && p != sql) /* every clause starts with a space */
      for (int i = 0; clauses[i]; i++)
        if (!strncmp(p, clauses[i], strlen(clauses[i]))) brk = true;
    if (brk && p - sql >= 10 && !strncmp(p - 10, " DO UPDATE", 10)) brk = false; /* keep "DO UPDATE SET" */
    if (depth > 0) brk = false; /* keep subqueries and lists on their line */
    if (!brk && line > 90 && p > sql + 1 && p[-2] == ',' && p[-1] == ' ') brk = true;
    if (brk) {
      /* `MACRO ""` before a line break: drop the empty literal */
      if (b.len >= 2 && b.data[b.len - 1] == '"' && b.data[b.len - 2] == ' ') b.len -= 2;
      else scc_buf_putc(&b, '"');
      scc_buf_printf(&b, "\n%s\"", indent);
      line = 0;
    }
    if (*p == '(') depth++;
    if (*p == ')') depth--;
    unsigned char ch = (unsigned char)*p;
    if (ch >= 0x20 && ch != 0x7f && ch != '"' && ch != '\\' && ch != '?') { /* the common case: no escape */
      scc_buf_putc(&b, (char)ch);
      line++;
    } else {
      size_t before = b.len;
      scc_c_literal_put(&b, sql, (size_t)(p - sql));
      line += b.len - before;
    }
    p++;
  }
  return scc_c_take(g, &b);
}



static bool any_field(const scc_schema *s, bool (*pred)(const scc_mfield *f, const void *arg), const void *arg);
static bool field_has_enum(const scc_mfield *f, const void *arg);

static void emit_enum(scc_cgen *g, scc_buf *out, const scc_enum *en) {
  scc_buf names = {0};
  for (uint32_t i = 0; i < en->nvalues; i++) {
    scc_vars v = {0};
    scc_vars_set(&v, "value", scc_c_literal(g, en->values[i].name));
    scc_tmpl_emit(&names, S, "enum_name", &v);
    scc_vars_free(&v);
  }
  scc_vars v = {0};
  scc_vars_set(&v, "name", scc_c_enum_type(g, en));
  scc_vars_set(&v, "values", scc_c_take(g, &names));
  scc_vars_setf(&v, "count", "%u", en->nvalues);
  scc_tmpl_emit(out, S, "enum", &v);
  if (any_field(g->s, field_has_enum, en)) scc_tmpl_emit(out, S, "enum_column", &v);
  scc_vars_free(&v);
}

static void sql_pair(scc_cgen *g, scc_buf *out, const char *name, const char *const sql[2]) {
  scc_vars v = {0};
  scc_vars_set(&v, "name", name);
  scc_vars_set(&v, "pg", lit_wrapped(g, sql[0], "\t"));
  scc_vars_set(&v, "sqlite", lit_wrapped(g, sql[1], "\t"));
  scc_tmpl_emit(out, S, "sql", &v);
  scc_vars_free(&v);
}

static void sql_flags(scc_cgen *g, scc_buf *out, const char *name, const char *const sql[2][4]) {
  scc_vars v = {0};
  scc_vars_set(&v, "name", name);
  for (int f = 0; f < 4; f++) {
    char k[8];
    snprintf(k, sizeof k, "pg%d", f);
    scc_vars_set(&v, k, lit_wrapped(g, sql[0][f], "\t  "));
    snprintf(k, sizeof k, "sq%d", f);
    scc_vars_set(&v, k, lit_wrapped(g, sql[1][f], "\t  "));
  }
  scc_tmpl_emit(out, S, "sql_flags", &v);
  scc_vars_free(&v);
}

static void params(scc_cgen *g, scc_buf *out, const char *name, const scc_c_params *p) {
  scc_buf cols = {0};
  for (unsigned i = 0; i < p->n; i++) scc_buf_printf(&cols, "%s%u", i ? ", " : "", p->idx[i]);
  scc_vars v = {0};
  scc_vars_set(&v, "name", name);
  scc_vars_set(&v, "cols", scc_c_take(g, &cols));
  scc_tmpl_emit(out, S, "params", &v);
  scc_vars_free(&v);
}

static const char *col_flags(scc_cgen *g, const scc_entity *e, const scc_mfield *f) {
  scc_buf b = {0};
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
  for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++) {
    if (!fl[i].on) continue;
    if (b.len) scc_buf_puts(&b, " | ");
    scc_buf_puts(&b, fl[i].name);
  }
  if (!b.len) scc_buf_puts(&b, "0");
  return scc_c_take(g, &b);
}

/* Optional metadata lines of a column (templates/source.tmpl meta_*). */
static const char *col_extra(scc_cgen *g, const scc_mfield *f) {
  scc_buf b = {0};
  scc_vars v = {0};
  if (f->type.kind == SCC_T_ENUM) {
    scc_vars_set(&v, "enum", scc_c_enum_type(g, f->type.enm));
    scc_vars_setf(&v, "count", "%u", f->type.enm->nvalues);
    scc_tmpl_emit(&b, S, "meta_enum", &v);
  }
  if (f->type.length) {
    scc_vars_setf(&v, "max_len", "%u", f->type.length);
    scc_tmpl_emit(&b, S, "meta_max_len", &v);
  }
  if (scc_type_info_of(f->type.kind)->args == SCC_ARGS_PRECISION && f->type.precision) {
    scc_vars_setf(&v, "precision", "%u", f->type.precision);
    scc_vars_setf(&v, "scale", "%u", f->type.scale);
    scc_tmpl_emit(&b, S, "meta_decimal", &v);
  }
  if (f->has_check) {
    /* Double literals: "100" -> "100.0" (int64 bounds do not fit a double exactly). */
    const char *lo = strpbrk(f->check_lo, ".eE") ? "" : ".0", *hi = strpbrk(f->check_hi, ".eE") ? "" : ".0";
    scc_vars_setf(&v, "lo", "%s%s", f->check_lo, lo);
    scc_vars_setf(&v, "hi", "%s%s", f->check_hi, hi);
    scc_tmpl_emit(&b, S, "meta_check", &v);
  }
  scc_vars_free(&v);
  return scc_c_take(g, &b);
}

static int field_pos(const scc_mfield *f) {
  return f ? (int)f->index : -1;
}

static void emit_meta(scc_cgen *g, scc_buf *out, const scc_entity *e, const char *type, const char *ename,
                      const char *macro) {
  scc_buf cols = {0}, sel = {0}, pk = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    scc_vars v = {0};
    scc_vars_set(&v, "name", scc_c_literal(g, scc_c_ident(g, f->column)));
    scc_vars_set(&v, "field", f->name);
    scc_vars_set(&v, "type", type);
    scc_vars_set(&v, "coltype", scc_c_col_type(f));
    scc_vars_set(&v, "flags", col_flags(g, e, f));
    scc_vars_set(&v, "has_offset",
                 scc_c_has_flag(f) ? scc_printf(g->a, "offsetof(%s, has_%s)", type, f->name) : "SC_NO_HAS");
    scc_vars_set(&v, "extra", col_extra(g, f));
    scc_vars_set(&v, "pg_type", scc_c_pg_array_type(f));
    scc_tmpl_emit(&cols, S, "column_meta", &v);
    scc_vars_free(&v);
    if (i) scc_buf_puts(&sel, ", ");
    scc_buf_puts(&sel, scc_c_ident(g, f->column));
  }
  for (uint32_t i = 0; i < e->npk; i++) scc_buf_printf(&pk, "%s%u", i ? ", " : "", e->pk[i]->index);
  /* unique keys: the primary key first */
  scc_buf ucols = {0}, uniq = {0};
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const scc_index *ix = &e->uniques[u];
    scc_c_params p = {0};
    for (uint32_t i = 0; i < ix->ncols; i++) scc_c_params_add(g, &p, ix->cols[i].field->index);
    params(g, &ucols, scc_printf(g->a, "%s_unique%u", ename, u), &p);
  }
  scc_vars uv = {0};
  scc_vars_set(&uv, "e", ename);
  scc_vars_set(&uv, "name", scc_c_literal(g, e->pk_name));
  scc_vars_setf(&uv, "cols", "%s_pk", ename);
  scc_vars_setf(&uv, "ncols", "%u", e->npk);
  scc_tmpl_emit(&uniq, S, "unique_meta", &uv);
  for (uint32_t u = 0; u < e->nuniques; u++) {
    scc_vars_set(&uv, "name", scc_c_literal(g, e->uniques[u].name));
    scc_vars_setf(&uv, "cols", "%s_unique%u", ename, u);
    scc_vars_setf(&uv, "ncols", "%u", e->uniques[u].ncols);
    scc_tmpl_emit(&uniq, S, "unique_meta", &uv);
  }
  scc_vars_free(&uv);
  scc_vars v = {0};
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "e", ename);
  scc_vars_set(&v, "schema", g->s->name);
  scc_vars_set(&v, "table", scc_c_literal(g, e->table));
  scc_vars_set(&v, "table_sql", scc_c_literal(g, scc_c_ident(g, e->table)));
  scc_vars_set(&v, "select_list", scc_c_literal(g, scc_c_take(g, &sel)));
  scc_vars_set(&v, "columns_macro", macro);
  scc_vars_set(&v, "columns", scc_c_take(g, &cols));
  scc_vars_set(&v, "pk", scc_c_take(g, &pk));
  scc_vars_set(&v, "unique_cols", scc_c_take(g, &ucols));
  scc_vars_set(&v, "uniques", scc_c_take(g, &uniq));
  scc_vars_setf(&v, "nuniques", "%u", e->nuniques + 1);
  scc_vars_setf(&v, "ncols", "%u", e->nfields);
  scc_vars_setf(&v, "npk", "%u", e->npk);
  scc_vars_setf(&v, "soft_delete_col", "%d", field_pos(e->soft_delete));
  scc_vars_setf(&v, "tenant_col", "%d", field_pos(e->tenant));
  scc_vars_setf(&v, "version_col", "%d", field_pos(e->version));
  scc_vars_setf(&v, "updated_at_col", "%d", field_pos(e->updated_at));
  scc_tmpl_emit(out, S, "entity_meta", &v);
  scc_vars_free(&v);
}

/* Days since the epoch of "YYYY-MM-DD" (proleptic Gregorian). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

/* The C value of a literal default, per literal class of the type table
 * (`lit`): c_value_<lit>. The text is as checked (check/check_types.c). */
typedef const char *(*c_value_fn)(scc_cgen *g, const scc_mfield *f, const char *text);

static const char *c_value_plain(scc_cgen *g, const scc_mfield *f, const char *text) {
  (void)g, (void)f;
  return text;
}

static const char *c_value_string(scc_cgen *g, const scc_mfield *f, const char *text) {
  (void)f;
  return scc_printf(g->a, "\"%s\"", scc_c_literal(g, text));
}

static const char *c_value_int(scc_cgen *g, const scc_mfield *f, const char *text) {
  (void)g, (void)f;
  return !strcmp(text, "-9223372036854775808") ? "INT64_MIN" : text;
}

static const char *c_value_float(scc_cgen *g, const scc_mfield *f, const char *text) {
  (void)f;
  return strchr(text, '.') ? text : scc_printf(g->a, "%s.0", text);
}

static const char *c_value_decimal(scc_cgen *g, const scc_mfield *f, const char *text) {
  /* As the database returns it: decimal(10,4) default 0 reads back as "0.0000". */
  const char *dot = strchr(text, '.');
  size_t have = dot ? strlen(dot + 1) : 0;
  if (f->type.precision && f->type.scale > have) {
    scc_buf b = {0};
    scc_buf_printf(&b, "\"%s%s", text, dot ? "" : ".");
    scc_buf_fill(&b, '0', f->type.scale - have);
    scc_buf_putc(&b, '"');
    return scc_c_take(g, &b);
  }
  return scc_printf(g->a, "\"%s\"", text);
}

static const char *c_value_date(scc_cgen *g, const scc_mfield *f, const char *text) {
  (void)f;
  long y = 1970;
  unsigned m = 1, day = 1;
  sscanf(text, "%ld-%u-%u", &y, &m, &day);
  return scc_printf(g->a, "%ld", days_from_civil(y, m, day));
}

static const char *c_value_uuid(scc_cgen *g, const scc_mfield *f, const char *text) {
  (void)f;
  scc_buf b = {0};
  scc_buf_puts(&b, "(sc_uuid){{");
  int nb = 0;
  for (const char *p = text; *p && nb < 16; p++) {
    if (*p == '-') continue;
    unsigned byte;
    if (sscanf(p, "%2x", &byte) != 1) break;
    scc_buf_printf(&b, "%s0x%02x", nb ? ", " : "", byte);
    nb++;
    p++;
  }
  scc_buf_puts(&b, "}}");
  return scc_c_take(g, &b);
}

static const char *c_value_time(scc_cgen *g, const scc_mfield *f, const char *text) {
  (void)f;
  int64_t us = 0;
  scc_time_parse(text, strlen(text), &us); /* checked */
  return scc_printf(g->a, "%lld", (long long)us);
}

/* Classes whose literal is written as is, or made at run time. */
#define c_value_bool c_value_plain
#define c_value_bytes c_value_plain
#define c_value_timestamp c_value_plain
#define c_value_enum c_value_plain
#define c_value_json c_value_string

static const c_value_fn c_values[SCC_T_COUNT] = {
#define C_VALUE(k, dsl, args, pg, pg_args, sqlite, ctype, col, shape, codec, ops, lit, now_c, now_pg, now_sqlite, \
                sqlck, comment)                                                                                \
  [SCC_T_##k] = c_value_##lit,
    SCC_TYPE_MAP(C_VALUE)
#undef C_VALUE
};

/* C expression of a literal/enum/bool default, or NULL (none / runtime-made). */
static const char *default_value(scc_cgen *g, const scc_mfield *f) {
  const scc_default *d = &f->def;
  switch (d->kind) {
  case SCC_DEF_NONE:
  case SCC_DEF_NOW:
  case SCC_DEF_UUID:
  case SCC_DEF_AUTOINCREMENT: return NULL;
  case SCC_DEF_BOOL: return d->boolean ? "true" : "false";
  case SCC_DEF_ENUM:
    return scc_printf(g->a, "%s_%s", scc_c_upper(g, scc_c_enum_type(g, f->type.enm)), scc_c_upper(g, d->text));
  case SCC_DEF_INT:
  case SCC_DEF_DECIMAL:
  case SCC_DEF_STRING: return c_values[f->type.kind](g, f, scc_strndup(g->a, d->text, d->len));
  }
  return NULL;
}

static void emit_init(scc_cgen *g, scc_buf *out, const scc_entity *e, const char *type) {
  scc_buf defs = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    const char *val = default_value(g, f);
    if (!val) continue;
    scc_vars v = {0};
    scc_vars_set(&v, "field", f->name);
    scc_vars_set(&v, "value", val);
    scc_tmpl_emit(&defs, S, "default", &v);
    if (scc_c_has_flag(f)) scc_tmpl_emit(&defs, S, "default_has", &v);
    scc_vars_free(&v);
  }
  scc_vars v = {0};
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "defaults", scc_c_take(g, &defs));
  scc_tmpl_emit(out, S, "init", &v);
  scc_vars_free(&v);
}

/* now() as the field's C value, from `now` (the type table's now_c). */
static const char *now_expr(const scc_mfield *f) {
  const char *e = scc_type_info_of(f->type.kind)->now_c;
  return e ? e : "now";
}

static void emit_prepare_insert(scc_cgen *g, scc_buf *out, const scc_entity *e, const char *type, const char *ename) {
  scc_buf fills = {0};
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    scc_vars v = {0};
    scc_vars_set(&v, "field", f->name);
    scc_buf has = {0};
    if (scc_c_has_flag(f)) scc_tmpl_emit(&has, S, f->updated_at ? "fill_has_always" : "fill_has", &v);
    scc_vars_set(&v, "has", scc_c_take(g, &has));
    scc_vars_set(&v, "now", now_expr(f));
    scc_vars_set(&v, "unset", scc_c_has_flag(f) ? scc_printf(g->a, "!row->has_%s", f->name)
                                                 : scc_printf(g->a, "row->%s == 0", f->name));
    if (f->def.kind == SCC_DEF_UUID && !f->nullable) scc_tmpl_emit(&fills, S, "fill_uuid", &v);
    else if (f->updated_at) scc_tmpl_emit(&fills, S, "fill_now", &v);
    else if (f->created_at || f->def.kind == SCC_DEF_NOW) scc_tmpl_emit(&fills, S, "fill_now_if_unset", &v);
    else if (f->version) scc_tmpl_emit(&fills, S, "fill_version", &v);
    scc_vars_free(&v);
  }
  /* Parameters some entities have no use for. */
  scc_buf unused = {0};
  bool uses_now = fills.data && strstr(fills.data, "now") != NULL;
  const char *names[2] = {fills.len ? NULL : "row", uses_now ? NULL : "now"};
  for (int i = 0; i < 2; i++) {
    if (!names[i]) continue;
    scc_vars u = {0};
    scc_vars_set(&u, "name", names[i]);
    scc_tmpl_emit(&unused, S, "unused", &u);
    scc_vars_free(&u);
  }
  scc_vars v = {0};
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "e", ename);
  scc_vars_set(&v, "fills", scc_c_take(g, &fills));
  scc_vars_set(&v, "unused", scc_c_take(g, &unused));
  scc_tmpl_emit(out, S, "prepare_insert", &v);
  scc_vars_free(&v);
}

/* ---- per-entity row codec: bind and read member by member ---- */

/* The getter / binder suffix of a scalar member: "int32" for
 * sc_stmt_bind_int32 and sc_stmt_column_int32. NULL for text, bytes, enum. */
static const char *scalar_kind(const scc_mfield *f) {
  return scc_type_info_of(f->type.kind)->codec;
}

static scc_c_shape shape(const scc_mfield *f) {
  return scc_type_info_of(f->type.kind)->shape;
}

static bool is_text(const scc_mfield *f) {
  return shape(f) == SCC_SHAPE_TEXT;
}

/* A bind/read function body from its calls (templates/source.tmpl call_*). */
static const char *call_chain(scc_cgen *g, const char *const *calls, const char *const *pre, unsigned n) {
  scc_buf b = {0};
  scc_vars v = {0};
  for (unsigned i = 0; i < n; i++) {
    if (pre[i]) scc_buf_puts(&b, pre[i]);
    scc_vars_set(&v, "call", calls[i]);
    bool only = n == 1 && !pre[i];
    scc_tmpl_emit(&b, S, only ? "call_only" : i == 0 ? "call_first" : "call_next", &v);
    if (!only && i == n - 1) scc_tmpl_emit(&b, S, "call_end", &v);
  }
  scc_vars_free(&v);
  return scc_c_take(g, &b);
}

/* One expression of templates/source.tmpl section `section`. */
static const char *expr(scc_cgen *g, const char *section, const scc_vars *v) {
  scc_buf b = {0};
  scc_tmpl_emit_inline(&b, S, section, v);
  return scc_c_take(g, &b);
}

/* Expression binding member f of `row` as parameter idx. */
static const char *bind_expr(scc_cgen *g, const scc_mfield *f, unsigned idx) {
  scc_vars v = {0};
  scc_vars_set(&v, "field", f->name);
  scc_vars_setf(&v, "idx", "%u", idx);
  const char *section = "bind_scalar";
  if (shape(f) == SCC_SHAPE_BYTES) section = "bind_bytes";
  else if (scc_type_info_of(f->type.kind)->args == SCC_ARGS_PRECISION) {
    /* canonical text ("1.5" in decimal(10,2) is stored as "1.50") */
    section = "bind_decimal";
    scc_vars_setf(&v, "precision", "%u", f->type.precision);
    scc_vars_setf(&v, "scale", "%u", f->type.scale);
  } else if (is_text(f)) section = "bind_text";
  else if (shape(f) == SCC_SHAPE_UUID) section = "bind_uuid";
  else if (shape(f) == SCC_SHAPE_ENUM) {
    section = "bind_enum";
    scc_vars_set(&v, "enum", scc_c_enum_type(g, f->type.enm));
  } else {
    scc_vars_set(&v, "kind", scalar_kind(f));
  }
  const char *r = expr(g, section, &v);
  if (scc_c_has_flag(f)) {
    scc_vars_set(&v, "call", r);
    r = expr(g, "bind_nullable", &v);
  }
  scc_vars_free(&v);
  return r;
}

/* Expression reading column col into member f of `row` (strings into mem). */
static const char *read_expr(scc_cgen *g, const scc_mfield *f, unsigned col) {
  scc_vars v = {0};
  scc_vars_set(&v, "field", f->name);
  scc_vars_setf(&v, "col", "%u", col);
  const char *section = "read_scalar";
  if (shape(f) == SCC_SHAPE_BYTES) section = "read_bytes";
  else if (is_text(f)) section = "read_text";
  else if (shape(f) == SCC_SHAPE_ENUM) {
    section = "read_enum";
    scc_vars_set(&v, "enum", scc_c_enum_type(g, f->type.enm));
  } else {
    scc_vars_set(&v, "kind", scalar_kind(f));
  }
  const char *r = expr(g, section, &v);
  scc_vars_free(&v);
  return r;
}

/* Body of a function reading `fields` (result columns 0..n-1) into row. */
static const char *read_body(scc_cgen *g, const scc_mfield *const *fields, unsigned n) {
  const char **calls = scc_alloc(g->a, sizeof(char *) * (n ? n : 1));
  const char **pre = scc_alloc(g->a, sizeof(char *) * (n ? n : 1));
  for (unsigned i = 0; i < n; i++) {
    const scc_mfield *f = fields[i];
    pre[i] = NULL;
    if (scc_c_has_flag(f)) {
      scc_vars v = {0};
      scc_vars_set(&v, "field", f->name);
      scc_vars_setf(&v, "col", "%u", i);
      scc_buf b = {0};
      scc_tmpl_emit(&b, S, "read_has", &v);
      pre[i] = scc_c_take(g, &b);
      scc_vars_free(&v);
    }
    calls[i] = read_expr(g, f, i);
  }
  return call_chain(g, calls, pre, n);
}

/* `<e>_bind_<name>`: parameters $1..$n from the members `p` lists. */
static void emit_binder(scc_cgen *g, scc_buf *out, const scc_entity *e, const char *type, const char *name,
                        const char *what, const scc_c_params *p) {
  const char **calls = scc_alloc(g->a, sizeof(char *) * (p->n ? p->n : 1));
  const char **pre = scc_alloc(g->a, sizeof(char *) * (p->n ? p->n : 1));
  for (unsigned i = 0; i < p->n; i++) {
    calls[i] = bind_expr(g, e->fields[p->idx[i]], i + 1);
    pre[i] = NULL;
  }
  scc_vars v = {0};
  scc_vars_set(&v, "e", e->snake);
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "name", name);
  scc_vars_set(&v, "what", what);
  scc_vars_setf(&v, "n", "%u", p->n);
  scc_vars_set(&v, "params_doc", expr(g, p->n == 1 ? "params_one" : "params_many", &v));
  scc_vars_set(&v, "binds", call_chain(g, calls, pre, p->n));
  scc_tmpl_emit(out, S, "bind", &v);
  scc_vars_free(&v);
}

/* `<e>_read_<name>`: the columns a write returns (scalars: no arena). */
static void emit_returning_reader(scc_cgen *g, scc_buf *out, const scc_entity *e, const char *type,
                                  const char *name, const char *what, const scc_mfield *f) {
  scc_vars v = {0};
  scc_vars_set(&v, "e", e->snake);
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "name", name);
  scc_vars_set(&v, "what", what);
  scc_vars_set(&v, "reads", read_body(g, &f, 1));
  scc_tmpl_emit(out, S, "read_returning", &v);
  scc_vars_free(&v);
}

static void emit_codec(scc_cgen *g, scc_buf *out, const scc_entity *e, const char *type, const scc_c_sql *q) {
  scc_vars v = {0};
  scc_vars_set(&v, "e", e->snake);
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "reads", read_body(g, (const scc_mfield *const *)e->fields, e->nfields));
  bool strings = false;
  for (uint32_t i = 0; i < e->nfields; i++) strings |= is_text(e->fields[i]) || shape(e->fields[i]) == SCC_SHAPE_BYTES;
  scc_buf unused = {0};
  if (!strings) {
    scc_vars u = {0};
    scc_vars_set(&u, "name", "mem");
    scc_tmpl_emit(&unused, S, "unused", &u);
    scc_vars_free(&u);
  }
  scc_vars_set(&v, "unused", scc_c_take(g, &unused));
  scc_tmpl_emit(out, S, "read", &v);
  scc_tmpl_emit(out, S, "fetch_row", &v);
  scc_vars_free(&v);
  if (e->autoincrement) emit_returning_reader(g, out, e, type, "inserted", "insert", e->autoincrement);
  if (e->version) emit_returning_reader(g, out, e, type, "updated", "whole-row update", e->version);
  emit_binder(g, out, e, type, "insert", "insert and insert_many", &q->insert_params);
  scc_c_params pk = {0};
  for (uint32_t i = 0; i < e->npk; i++) scc_c_params_add(g, &pk, e->pk[i]->index);
  emit_binder(g, out, e, type, "pk", "get", &pk);
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const char *suffix = scc_c_unique_suffix(g, &e->uniques[u]);
    emit_binder(g, out, e, type, scc_printf(g->a, "get_by_%s", suffix), scc_printf(g->a, "get_by_%s", suffix),
                &q->get_by_params[u]);
  }
  emit_binder(g, out, e, type, "update", "update", &q->update_params);
  emit_binder(g, out, e, type, "delete_hard", "delete_hard", &q->delete_hard_params);
  if (e->soft_delete) {
    emit_binder(g, out, e, type, "delete", "delete (soft)", &q->delete_params);
    emit_binder(g, out, e, type, "restore", "restore", &q->restore_params);
  }
}

/* SQLite binding of the tenant after `nparams` parameters ("" without @tenant). */
static const char *tenant_bind(scc_cgen *g, const scc_entity *e, const char *type, unsigned nparams) {
  if (!e->tenant) return "";
  scc_buf b = {0};
  scc_vars v = {0};
  scc_vars_set(&v, "type", type);
  scc_vars_setf(&v, "idx", "%u", nparams + 1);
  scc_tmpl_emit(&b, S, "bind_tenant", &v);
  scc_vars_free(&v);
  return scc_c_take(g, &b);
}

/* Stepping a write: to its end, reading `<e>_read_<name>` per returned row. */
static const char *run_write(scc_cgen *g, const scc_entity *e, const char *returning) {
  scc_buf b = {0};
  scc_vars v = {0};
  scc_vars_set(&v, "e", e->snake);
  scc_vars_set(&v, "name", returning ? returning : "");
  scc_tmpl_emit(&b, S, returning ? "run_returning" : "run_plain", &v);
  scc_vars_free(&v);
  return scc_c_take(g, &b);
}

/* The SQLite unique-key naming step of a write (templates/source.tmpl unique_name). */
static const char *unique_name(scc_cgen *g, const char *type) {
  scc_buf b = {0};
  scc_vars v = {0};
  scc_vars_set(&v, "type", type);
  scc_tmpl_emit(&b, S, "unique_name", &v);
  scc_vars_free(&v);
  return scc_c_take(g, &b);
}

/* Assignments of key parameters into `key`. */
static const char *key_assigns(scc_cgen *g, const char *type, const scc_mfield *const *cols, uint32_t n) {
  const char **names = scc_c_param_names(g, cols, n);
  scc_buf b = {0};
  for (uint32_t i = 0; i < n; i++) {
    scc_vars v = {0};
    scc_vars_set(&v, "type", type);
    scc_vars_set(&v, "field", cols[i]->name);
    scc_vars_set(&v, "param", names[i]);
    scc_tmpl_emit(&b, S, scc_c_key_assign(cols[i]), &v);
    if (scc_c_has_flag(cols[i])) scc_tmpl_emit(&b, S, "assign_has", &v);
    scc_vars_free(&v);
  }
  return scc_c_take(g, &b);
}

static const char *where_arg(const scc_mfield *f) {
  return shape(f) == SCC_SHAPE_UUID ? "v" : "&v";
}

/* One filter function per operator the field's type allows
 * (scc_c_field_ops: the same list the header and the name check use). */
static void emit_where(scc_cgen *g, scc_buf *out, const scc_entity *e, const char *type) {
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    const char *ops[SCC_C_FIELD_OPS_MAX];
    int nops;
    scc_c_field_ops(f, ops, &nops);
    const char *value_param = scc_printf(g->a, ", %s", scc_c_key_param(g, f, "v"));
    scc_vars v = {0};
    scc_vars_set(&v, "type", type);
    scc_vars_set(&v, "field", f->name);
    scc_vars_set(&v, "col", scc_c_col_const(g, e, f));
    for (int k = 0; k < nops; k++) {
      bool in = !strcmp(ops[k], "in");
      bool null_test = !strcmp(ops[k], "is_null") || !strcmp(ops[k], "not_null");
      scc_vars_set(&v, "param", in ? scc_c_array_param(g, f, "v") : null_test ? "" : value_param);
      scc_vars_set(&v, "arg", null_test ? "NULL" : where_arg(f));
      scc_vars_set(&v, "op", ops[k]);
      scc_vars_set(&v, "OP", scc_c_upper(g, ops[k]));
      scc_tmpl_emit(out, S, in ? "where_in" : "where", &v);
    }
    scc_vars_free(&v);
  }
}

static void emit_entity(scc_cgen *g, scc_buf *out, const scc_entity *e) {
  const char *type = scc_c_type(g, e);
  const char *ename = e->snake;
  scc_c_sql q;
  scc_c_sql_build(g, e, &q);
  const char *macro = scc_printf(g->a, "%s_COLUMNS_SQL", scc_c_upper(g, ename));
  g->columns = NULL;
  emit_meta(g, out, e, type, ename, macro);
  g->columns = scc_c_select_list(g, e);
  g->columns_macro = macro;

  /* SQL texts and their parameter lists */
#define NAME(suffix) scc_printf(g->a, "%s_%s", ename, suffix)
  sql_pair(g, out, NAME("insert_sql"), q.insert);
  params(g, out, NAME("insert_params"), &q.insert_params);
  scc_c_params pk = {0};
  for (uint32_t i = 0; i < e->npk; i++) scc_c_params_add(g, &pk, e->pk[i]->index);
  if (e->version) params(g, out, NAME("pk_params"), &pk); /* the conflict probe's */
  if (e->autoincrement) {
    scc_c_params r = {0};
    scc_c_params_add(g, &r, e->autoincrement->index);
    params(g, out, NAME("insert_returning"), &r);
  }
  int nkeys;
  scc_c_upsert_keys(g, e, &nkeys);
  if (nkeys) {
    scc_buf rows = {0};
    for (int k = 0; k < nkeys; k++) {
      scc_vars v = {0};
      scc_vars_set(&v, "pg", lit_wrapped(g, q.upsert[0][k], "\t  "));
      scc_vars_set(&v, "sqlite", lit_wrapped(g, q.upsert[1][k], "\t  "));
      scc_tmpl_emit(&rows, S, "upsert_sql_row", &v);
      scc_vars_free(&v);
    }
    scc_vars v = {0};
    scc_vars_set(&v, "type", type);
    scc_vars_set(&v, "e", ename);
    scc_vars_setf(&v, "nkeys", "%d", nkeys);
    scc_vars_set(&v, "rows", scc_c_take(g, &rows));
    scc_tmpl_emit(out, S, "upsert_sql", &v);
    scc_vars_free(&v);
    params(g, out, NAME("upsert_returning"), &q.upsert_returning);
  }
  sql_flags(g, out, NAME("get_sql"), (const char *const(*)[4])q.get);
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const char *suffix = scc_c_unique_suffix(g, &e->uniques[u]);
    const char *t[2][4];
    for (int d = 0; d < 2; d++)
      for (int f = 0; f < 4; f++) t[d][f] = q.get_by[d][f][u];
    sql_flags(g, out, scc_printf(g->a, "%s_get_by_%s_sql", ename, suffix), (const char *const(*)[4])t);
  }
  sql_pair(g, out, NAME("update_sql"), q.update);
  if (e->version) {
    scc_vars v = {0};
    scc_vars_set(&v, "name", NAME("exists_sql"));
    scc_vars_set(&v, "pg0", lit_wrapped(g, q.exists[0][0], "\t  "));
    scc_vars_set(&v, "pg1", lit_wrapped(g, q.exists[0][1], "\t  "));
    scc_vars_set(&v, "sq0", lit_wrapped(g, q.exists[1][0], "\t  "));
    scc_vars_set(&v, "sq1", lit_wrapped(g, q.exists[1][1], "\t  "));
    scc_tmpl_emit(out, S, "exists_sql", &v);
    scc_vars_free(&v);
  }
  sql_pair(g, out, NAME("delete_hard_sql"), q.delete_hard);
  if (e->soft_delete) {
    sql_pair(g, out, NAME("delete_sql"), q.delete_soft);
    sql_pair(g, out, NAME("restore_sql"), q.restore);
  }
  for (uint32_t i = 0; i < e->nfields; i++) {
    if (!e->fields[i]->ref) continue;
    const char *t[2] = {q.load_by[0][i], q.load_by[1][i]};
    sql_pair(g, out, scc_printf(g->a, "%s_load_by_%s_sql", ename, e->fields[i]->name), t);
  }
#undef NAME

  /* functions */
  emit_init(g, out, e, type);
  emit_prepare_insert(g, out, e, type, ename);

  scc_vars v = {0};
  scc_vars_set(&v, "type", type);
  scc_vars_set(&v, "e", ename);
  scc_vars_setf(&v, "npk", "%u", e->npk);
  scc_tmpl_emit(out, S, e->version ? "missing_versioned" : "missing_plain", &v);

  emit_codec(g, out, e, type, &q);

  scc_vars_setf(&v, "ninsert", "%u", q.insert_params.n);
  scc_vars_set(&v, "insert_returning", e->autoincrement ? scc_printf(g->a, "%s_insert_returning, 1", ename) : "NULL, 0");
  scc_vars_set(&v, "run", run_write(g, e, e->autoincrement ? "inserted" : NULL));
  scc_vars_set(&v, "unique_name",
               unique_name(g, type));
  {
    scc_buf b = {0};
    if (e->autoincrement) scc_tmpl_emit(&b, S, "read_item", &v);
    scc_vars_set(&v, "read_item", scc_c_take(g, &b));
    scc_tmpl_emit(&b, S, "unique_name_many", &v);
    scc_vars_set(&v, "unique_name_many", scc_c_take(g, &b));
  }
  scc_vars_set(&v, "read_item_fn", e->autoincrement ? scc_printf(g->a, "%s_read_item", ename) : "NULL");
  scc_vars_set(&v, "returned_doc", e->autoincrement ? ", and the id the database made for it" : "");
  {
    /* SQLite's WITH CHECK of @tenant rows (runtime/src/codec/tenant.c). */
    scc_buf b = {0}, bm = {0};
    if (e->tenant) {
      scc_tmpl_emit(&b, S, "check_tenant", &v);
      scc_tmpl_emit(&bm, S, "check_tenant_many", &v);
    }
    scc_vars_set(&v, "tenant_check", scc_c_take(g, &b));
    scc_vars_set(&v, "tenant_check_many", scc_c_take(g, &bm));
  }
  scc_tmpl_emit(out, S, "insert", &v);
  if (nkeys) {
    scc_vars_setf(&v, "nkeys", "%d", nkeys);
    scc_vars_setf(&v, "nupsert_returning", "%u", q.upsert_returning.n);
    scc_tmpl_emit(out, S, "upsert", &v);
  }

  const scc_mfield *const *pkf = (const scc_mfield *const *)e->pk;
  const char *pk_params = scc_c_key_params(g, pkf, e->npk);
  const char *pk_assign = key_assigns(g, type, pkf, e->npk);
  scc_vars_set(&v, "params", pk_params);
  scc_vars_set(&v, "assign", pk_assign);
  scc_vars_set(&v, "tenant", tenant_bind(g, e, type, e->npk));
  {
    /* Not for tenant tables: the cache key does not say whose view the row is. */
    scc_buf lookup = {0}, fill = {0};
    if (!e->tenant) {
      scc_tmpl_emit(&lookup, S, "cache_lookup", &v);
      scc_tmpl_emit(&fill, S, "cache_fill", &v);
    }
    scc_vars_set(&v, "cache_lookup", scc_c_take(g, &lookup));
    scc_vars_set(&v, "cache_fill", scc_c_take(g, &fill));
  }
  scc_tmpl_emit(out, S, "get", &v);
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const scc_index *ix = &e->uniques[u];
    const scc_mfield **cols = scc_alloc(g->a, sizeof(*cols) * ix->ncols);
    for (uint32_t i = 0; i < ix->ncols; i++) cols[i] = ix->cols[i].field;
    scc_vars_set(&v, "suffix", scc_c_unique_suffix(g, ix));
    scc_vars_set(&v, "params", scc_c_key_params(g, cols, ix->ncols));
    scc_vars_set(&v, "assign", key_assigns(g, type, cols, ix->ncols));
    scc_vars_setf(&v, "nparams", "%u", ix->ncols);
    scc_vars_set(&v, "tenant", tenant_bind(g, e, type, q.get_by_params[u].n));
    scc_tmpl_emit(out, S, "get_by", &v);
  }

  /* update: @updated_at is set to now in the copy that is written */
  scc_buf fills = {0};
  if (e->updated_at) {
    scc_vars f = {0};
    scc_vars_set(&f, "field", e->updated_at->name);
    scc_buf has = {0};
    if (scc_c_has_flag(e->updated_at)) scc_tmpl_emit(&has, S, "fill_update_has", &f);
    scc_vars_set(&f, "has", scc_c_take(g, &has));
    scc_tmpl_emit(&fills, S, "fill_update_now", &f);
    scc_vars_free(&f);
  }
  scc_vars_set(&v, "fills", scc_c_take(g, &fills));
  scc_vars_set(&v, "tenant_update", tenant_bind(g, e, type, q.update_params.n));
  scc_vars_set(&v, "run_update", run_write(g, e, e->version ? "updated" : NULL));
  scc_vars_set(&v, "update_unique_name",
               unique_name(g, type));
  scc_tmpl_emit(out, S, "update", &v);

  /* delete family */
  scc_buf dparams = {0}, args = {0};
  scc_buf_puts(&dparams, pk_params);
  const char **pk_names = scc_c_param_names(g, pkf, e->npk);
  for (uint32_t i = 0; i < e->npk; i++) scc_buf_printf(&args, "%s%s", i ? ", " : "", pk_names[i]);
  scc_buf assign = {0};
  scc_buf_puts(&assign, pk_assign);
  if (e->version) {
    scc_buf_printf(&dparams, ", %s expected_version", scc_c_member_type(g, e->version));
    scc_buf_puts(&args, ", expected_version");
    scc_vars f = {0};
    scc_vars_set(&f, "field", e->version->name);
    scc_tmpl_emit(&assign, S, "assign_version", &f);
    scc_vars_free(&f);
  }
  scc_vars_set(&v, "params", scc_c_take(g, &dparams));
  scc_vars_set(&v, "args", scc_c_take(g, &args));
  scc_vars_set(&v, "assign", scc_c_take(g, &assign));
  scc_vars_set(&v, "pk_params", pk_params);
  scc_vars_set(&v, "pk_assign", pk_assign);
  scc_vars_setf(&v, "ndelete_hard", "%u", q.delete_hard_params.n);
  scc_vars_set(&v, "tenant_delete_hard", tenant_bind(g, e, type, q.delete_hard_params.n));
  if (e->soft_delete) {
    scc_buf touch = {0};
    if (e->updated_at) {
      scc_vars f = {0};
      scc_vars_set(&f, "field", e->updated_at->name);
      scc_buf has = {0};
      if (scc_c_has_flag(e->updated_at)) scc_tmpl_emit(&has, S, "touch_has", &f);
      scc_vars_set(&f, "has", scc_c_take(g, &has));
      scc_tmpl_emit(&touch, S, "touch", &f);
      scc_vars_free(&f);
    }
    scc_vars_set(&v, "touch", scc_c_take(g, &touch));
    scc_vars_set(&v, "soft_col", e->soft_delete->name);
    scc_vars_setf(&v, "ndelete", "%u", q.delete_params.n);
    scc_vars_set(&v, "tenant_delete", tenant_bind(g, e, type, q.delete_params.n));
    scc_vars_set(&v, "tenant_restore", tenant_bind(g, e, type, q.restore_params.n));
    scc_vars_set(&v, "restore_unique_name",
                 unique_name(g, type));
    scc_tmpl_emit(out, S, "delete_soft", &v);
  } else {
    scc_tmpl_emit(out, S, "delete_hard", &v);
  }

  scc_tmpl_emit(out, S, "query", &v);
  emit_where(g, out, e, type);
  for (uint32_t i = 0; i < e->nfields; i++) {
    const scc_mfield *f = e->fields[i];
    if (!f->ref) continue;
    scc_vars_set(&v, "field", f->name);
    scc_vars_set(&v, "col", scc_c_col_const(g, e, f));
    const char *pname = scc_c_param_name(g, f->name, NULL, 0);
    scc_vars_set(&v, "param", scc_c_key_param(g, f, pname));
    scc_vars_set(&v, "arg", shape(f) == SCC_SHAPE_UUID ? pname : scc_printf(g->a, "&%s", pname));
    scc_vars_set(&v, "array_param", scc_c_array_param(g, f, "keys"));
    scc_tmpl_emit(out, S, "ref", &v);
  }
  scc_vars_free(&v);
}

/* Whether any entity has a field the predicate holds for. */
static bool any_field(const scc_schema *s, bool (*pred)(const scc_mfield *f, const void *arg), const void *arg) {
  for (uint32_t i = 0; i < s->nentities; i++)
    for (uint32_t k = 0; k < s->entities[i]->nfields; k++)
      if (pred(s->entities[i]->fields[k], arg)) return true;
  return false;
}

static bool field_is_text(const scc_mfield *f, const void *arg) {
  (void)arg;
  return is_text(f);
}

static bool field_is_bytes(const scc_mfield *f, const void *arg) {
  (void)arg;
  return shape(f) == SCC_SHAPE_BYTES;
}

static bool field_has_enum(const scc_mfield *f, const void *arg) {
  return f->type.kind == SCC_T_ENUM && f->type.enm == arg;
}

/* File-level static helpers, each only when some entity uses it. */
static const char *file_helpers(scc_cgen *g) {
  const scc_schema *s = g->s;
  scc_buf b = {0};
  scc_vars v = {0};
  if (g->long_literals) scc_tmpl_emit(&b, S, "long_literals", &v);
  if (any_field(s, field_is_text, NULL)) scc_tmpl_emit(&b, S, "read_text_helper", &v);
  if (any_field(s, field_is_bytes, NULL)) scc_tmpl_emit(&b, S, "read_bytes_helper", &v);
  bool cached = false;
  for (uint32_t i = 0; i < s->nentities; i++) cached |= s->entities[i]->tenant == NULL;
  if (cached) scc_tmpl_emit(&b, S, "cache_helpers", &v);
  scc_vars_free(&v);
  return scc_c_take(g, &b);
}

void scc_emit_c_source_old(const scc_schema *s, const char *version, scc_buf *out) {
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
  scc_vars_set(&v, "helpers", file_helpers(&g));
  scc_vars_set(&v, "version", version);
  scc_vars_set(&v, "schema", s->name);
  scc_tmpl_emit(out, S, "file", &v);
  if (body.len) scc_buf_put(out, body.data, body.len);
  scc_vars_free(&v);
  scc_buf_free(&body);
  scc_arena_free(g.a);
}
