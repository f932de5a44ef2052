/* C values of schema literals: the defaults <entity>_init sets (see
 * emit_c.h scc_c_default_value). */
#include <stdio.h>
#include <string.h>

#include "emit/emit_c.h"

#include <schemac/datetime.h>

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
  int32_t days = 0;
  sc_date_parse(text, strlen(text), &days); /* checked */
  return scc_printf(g->a, "%ld", (long)days);
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
  sc_time_parse(text, strlen(text), &us); /* checked */
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

const char *scc_c_default_value(scc_cgen *g, const scc_mfield *f) {
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

