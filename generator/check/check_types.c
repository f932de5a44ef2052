/* Semantic checks: field types and default values. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check/check_internal.h"

#include <schemac/datetime.h>

/* The built-in type names, from the type table (enums are spelled by their
 * own names). */
static const char *const builtin_types[] = {
#define DSL(k, dsl, ...) dsl,
    SCC_TYPE_MAP(DSL)
#undef DSL
};
#define NBUILTIN (sizeof builtin_types / sizeof builtin_types[0])

bool ck_is_integer(scc_type_kind k) { return k == SCC_T_SMALLINT || k == SCC_T_INT || k == SCC_T_BIGINT; }
bool ck_is_numeric(scc_type_kind k) { return ck_is_integer(k) || k == SCC_T_FLOAT || k == SCC_T_DECIMAL; }

const char *ck_type_name(const scc_type *t) {
  if (t->kind == SCC_T_ENUM) return t->enm ? t->enm->name : "enum";
  return scc_type_info_of(t->kind)->dsl;
}

/* Reads a positive integer type argument. */
static bool int_arg(checker *c, const scc_arg *a, long lo, long hi, const char *what, long *out) {
  if (a->name || a->value->kind != SCC_EXPR_INT) {
    ck_error(c, a->value->loc, "%s must be an integer", what);
    return false;
  }
  errno = 0;
  long v = strtol(a->value->text, NULL, 10);
  if (errno || v < lo || v > hi) {
    ck_error(c, a->value->loc, "%s must be between %ld and %ld", what, lo, hi);
    return false;
  }
  *out = v;
  return true;
}

bool ck_resolve_type(checker *c, const scc_typeref *t, scc_type *out) {
  memset(out, 0, sizeof *out);
  for (size_t i = 0; i < NBUILTIN; i++) {
    if (!builtin_types[i] || strcmp(t->name, builtin_types[i]) != 0) continue;
    out->kind = (scc_type_kind)i;
    scc_type_args args = scc_type_info_of(out->kind)->args;
    if (args == SCC_ARGS_LENGTH && t->has_parens) {
      long n;
      if (t->nargs != 1) {
        ck_error(c, t->full, "%s(n) takes one argument, the maximum length", t->name);
        return false;
      }
      if (!int_arg(c, t->args, 1, 10485760, scc_printf(c->a, "the length of %s(n)", t->name), &n)) return false;
      out->length = (uint32_t)n;
    } else if (args == SCC_ARGS_PRECISION && t->has_parens) {
      long p, s = 0;
      if (t->nargs < 1 || t->nargs > 2) {
        ck_error(c, t->full, "%s takes a precision and a scale: %s(p, s)", t->name, t->name);
        return false;
      }
      if (!int_arg(c, t->args, 1, 1000, scc_printf(c->a, "the precision of %s(p, s)", t->name), &p)) return false;
      if (t->nargs == 2 && !int_arg(c, t->args->next, 0, p, scc_printf(c->a, "the scale of %s(p, s)", t->name), &s))
        return false;
      out->precision = (uint32_t)p;
      out->scale = (uint32_t)s;
    } else if (t->has_parens) {
      scc_diag *g = ck_error(c, t->full, "type '%s' takes no arguments", t->name);
      if (out->kind == SCC_T_TEXT) scc_diag_help(g, "for a length limit use string(n)");
      return false;
    }
    return true;
  }
  const scc_enum *en = scc_schema_enum(c->s, t->name);
  if (en) {
    out->kind = SCC_T_ENUM;
    out->enm = en;
    if (t->has_parens) {
      ck_error(c, t->full, "enum type '%s' takes no arguments", t->name);
      return false;
    }
    return true;
  }
  scc_diag *g = ck_error(c, t->loc, "unknown type '%s'", t->name);
  const scc_decl *decl = scc_strmap_get(&c->decls, t->name);
  if (decl && decl->kind == SCC_DECL_ENTITY) {
    scc_diag_help(g, "'%s' is an entity; to refer to it, use its key's type and @ref(%s.id)", t->name, t->name);
    return false;
  }
  /* Candidates: built-in types, then enums. */
  const char **cand = scc_alloc(c->a, (NBUILTIN + c->s->nenums + 8) * sizeof *cand);
  size_t k = 0;
  for (size_t i = 0; i < NBUILTIN; i++)
    if (builtin_types[i]) cand[k++] = builtin_types[i];
  for (uint32_t i = 0; i < c->s->nenums; i++) cand[k++] = c->s->enums[i]->name;
  cand[k] = NULL;
  const char *best = scc_suggest(t->name, cand);
  /* Names from other languages. */
  static const char *const alias[][2] = {{"integer", "int"},  {"int32", "int"},        {"int64", "bigint"},
                                         {"int16", "smallint"}, {"boolean", "bool"},   {"varchar", "string"},
                                         {"double", "float"}, {"real", "float"},       {"numeric", "decimal"},
                                         {"datetime", "timestamp"}, {"timestamptz", "timestamp"},
                                         {"jsonb", "json"},   {"blob", "bytes"},       {"bytea", "bytes"},
                                         {"String", "string"}, {"Int", "int"},         {"DateTime", "timestamp"},
                                         {"Boolean", "bool"}, {"char", "string"}};
  for (size_t i = 0; !best && i < sizeof alias / sizeof alias[0]; i++)
    if (strcmp(t->name, alias[i][0]) == 0) best = alias[i][1];
  if (best) scc_diag_help(g, "did you mean '%s'?", best);
  return false;
}

/* Does a decimal literal fit decimal(p, s)? */
static bool fits_decimal(const char *text, uint32_t p, uint32_t s) {
  if (p == 0) return true; /* unconstrained */
  const char *q = text[0] == '-' ? text + 1 : text;
  while (*q == '0' && q[1] && q[1] != '.') q++;
  const char *dot = strchr(q, '.');
  size_t ints = dot ? (size_t)(dot - q) : strlen(q);
  size_t fracs = dot ? strlen(dot + 1) : 0;
  if (ints == 1 && q[0] == '0') ints = 0;
  while (fracs > 0 && dot[fracs] == '0') fracs--;
  return fracs <= s && ints <= p - s;
}

static bool valid_uuid_text(const char *s, size_t n) {
  if (n != 36) return false;
  for (size_t i = 0; i < 36; i++) {
    char ch = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (ch != '-') return false;
    } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
      return false;
    }
  }
  return true;
}

/* The runtime's parsers decide (the codec reads the same values back);
 * the language takes only their plain form: "YYYY-MM-DD", no era, no
 * infinity, no spaces around. */
static bool digits_at_ends(const char *s, size_t n) {
  return n && s[0] >= '0' && s[0] <= '9' && s[n - 1] >= '0' && s[n - 1] <= '9';
}

static bool valid_date_text(const char *s, size_t n) {
  int32_t days;
  return n == 10 && digits_at_ends(s, n) && sc_date_parse(s, n, &days) == SC_OK;
}

static bool valid_time_text(const char *s, size_t n, int64_t *us) {
  return digits_at_ends(s, n) && sc_time_parse(s, n, us) == SC_OK;
}

/* Integer literal in range for the type? */
static bool int_in_range(const char *text, scc_type_kind k) {
  errno = 0;
  long long v = strtoll(text, NULL, 10);
  if (errno) return false;
  if (k == SCC_T_SMALLINT) return v >= -32768 && v <= 32767;
  if (k == SCC_T_INT) return v >= -2147483648LL && v <= 2147483647LL;
  return true;
}

static size_t utf8_chars(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
  return k;
}

static const char *expr_what(const scc_expr *e) {
  switch (e->kind) {
  case SCC_EXPR_INT: return "an integer";
  case SCC_EXPR_DECIMAL: return "a decimal number";
  case SCC_EXPR_STRING: return "a string";
  case SCC_EXPR_BOOL: return "a boolean";
  case SCC_EXPR_CALL: return "a function call";
  case SCC_EXPR_RANGE: return "a range";
  default: return "a name";
  }
}

static void wrong_default(checker *c, scc_mfield *f, const scc_expr *e, const char *expected) {
  scc_diag *g = e->kind == SCC_EXPR_CALL
                    ? ck_error(c, e->loc, "default of field '%s' must be %s for type %s, found %s()", f->name,
                               expected, ck_type_name(&f->type), e->text)
                    : ck_error(c, e->loc, "default of field '%s' must be %s for type %s, found %s", f->name,
                               expected, ck_type_name(&f->type), expr_what(e));
  if (e->kind == SCC_EXPR_CALL && strcmp(e->text, "uuid") == 0)
    scc_diag_help(g, "uuid() is the default of uuid fields");
  else if (e->kind == SCC_EXPR_CALL && strcmp(e->text, "now") == 0)
    scc_diag_help(g, "now() is the default of timestamp and date fields");
  else if (e->kind == SCC_EXPR_CALL && strcmp(e->text, "autoincrement") == 0)
    scc_diag_help(g, "autoincrement() is the default of int and bigint primary keys");
  else if (f->type.kind == SCC_T_ENUM && e->kind == SCC_EXPR_STRING)
    scc_diag_help(g, "write the enum value without quotes: @default(%s)", e->text);
}

static bool is_call(const scc_expr *e, const char *name) {
  return e->kind == SCC_EXPR_CALL && strcmp(e->text, name) == 0;
}

/* The @default literal of each literal class of the type table (`lit`):
 * default_<lit> checks e against field f and sets f->def; it returns true
 * when the default's text is e's text as written. */
typedef bool (*default_fn)(checker *c, scc_mfield *f, const scc_expr *e);

static bool default_bool(checker *c, scc_mfield *f, const scc_expr *e) {
  if (e->kind != SCC_EXPR_BOOL) { wrong_default(c, f, e, "true or false"); return false; }
  f->def.kind = SCC_DEF_BOOL;
  f->def.boolean = e->bval;
  return false;
}

static bool default_int(checker *c, scc_mfield *f, const scc_expr *e) {
  scc_type_kind k = f->type.kind;
  if (is_call(e, "autoincrement")) {
    if (k == SCC_T_SMALLINT) {
      ck_error(c, e->loc, "autoincrement() needs an int or bigint field");
      return false;
    }
    f->def.kind = SCC_DEF_AUTOINCREMENT;
    return false;
  }
  if (e->kind != SCC_EXPR_INT) { wrong_default(c, f, e, "an integer"); return false; }
  if (!int_in_range(e->text, k)) {
    ck_error(c, e->loc, "default %s is out of range for %s", e->text, ck_type_name(&f->type));
    return false;
  }
  f->def.kind = SCC_DEF_INT;
  return true;
}

static bool default_float(checker *c, scc_mfield *f, const scc_expr *e) {
  if (e->kind != SCC_EXPR_INT && e->kind != SCC_EXPR_DECIMAL) { wrong_default(c, f, e, "a number"); return false; }
  f->def.kind = SCC_DEF_DECIMAL;
  return true;
}

static bool default_decimal(checker *c, scc_mfield *f, const scc_expr *e) {
  if (e->kind != SCC_EXPR_INT && e->kind != SCC_EXPR_DECIMAL) { wrong_default(c, f, e, "a number"); return false; }
  if (!fits_decimal(e->text, f->type.precision, f->type.scale)) {
    ck_error(c, e->loc, "default %s does not fit decimal(%u, %u)", e->text, f->type.precision, f->type.scale);
    return false;
  }
  f->def.kind = SCC_DEF_DECIMAL;
  return true;
}

static bool default_string(checker *c, scc_mfield *f, const scc_expr *e) {
  if (e->kind != SCC_EXPR_STRING) { wrong_default(c, f, e, "a string"); return false; }
  if (f->type.length && utf8_chars(e->text, e->len) > f->type.length) {
    ck_error(c, e->loc, "default is longer than string(%u)", f->type.length);
    return false;
  }
  f->def.kind = SCC_DEF_STRING;
  return true;
}

static bool default_bytes(checker *c, scc_mfield *f, const scc_expr *e) {
  (void)f;
  ck_error(c, e->loc, "bytes fields cannot have a default");
  return false;
}

static bool default_uuid(checker *c, scc_mfield *f, const scc_expr *e) {
  scc_default *d = &f->def;
  if (is_call(e, "uuid")) {
    d->kind = SCC_DEF_UUID;
    return false;
  }
  if (e->kind != SCC_EXPR_STRING) { wrong_default(c, f, e, "uuid() or a UUID string"); return false; }
  if (!valid_uuid_text(e->text, e->len)) {
    ck_error(c, e->loc, "\"%s\" is not a UUID (expected 8-4-4-4-12 hex digits)", e->text);
    return false;
  }
  d->kind = SCC_DEF_STRING;
  d->text = scc_strdup(c->a, e->text);
  for (char *p = (char *)d->text; *p; p++)
    if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');
  d->len = e->len;
  return false;
}

static bool default_timestamp(checker *c, scc_mfield *f, const scc_expr *e) {
  wrong_default(c, f, e, "now()"); /* now() was taken before */
  return false;
}

static bool default_date(checker *c, scc_mfield *f, const scc_expr *e) {
  if (e->kind != SCC_EXPR_STRING) { wrong_default(c, f, e, "now() or a \"YYYY-MM-DD\" string"); return false; }
  if (!valid_date_text(e->text, e->len)) {
    ck_error(c, e->loc, "\"%s\" is not a date (expected \"YYYY-MM-DD\")", e->text);
    return false;
  }
  f->def.kind = SCC_DEF_STRING;
  return true;
}

static bool default_time(checker *c, scc_mfield *f, const scc_expr *e) {
  int64_t us;
  if (e->kind != SCC_EXPR_STRING) { wrong_default(c, f, e, "a \"HH:MM:SS\" string"); return false; }
  if (!valid_time_text(e->text, e->len, &us)) {
    scc_diag *g = ck_error(c, e->loc, "\"%s\" is not a time of day (expected \"HH:MM[:SS[.ffffff]]\")", e->text);
    scc_diag_help(g, "from \"00:00:00\" to \"24:00:00\", at most six fraction digits");
    return false;
  }
  f->def.kind = SCC_DEF_STRING;
  return true;
}

static bool default_json(checker *c, scc_mfield *f, const scc_expr *e) {
  if (e->kind != SCC_EXPR_STRING) { wrong_default(c, f, e, "a string holding JSON"); return false; }
  if (!scc_json_valid(e->text, e->len)) {
    ck_error(c, e->loc, "default of json field '%s' is not valid JSON", f->name);
    return false;
  }
  f->def.kind = SCC_DEF_STRING;
  return true;
}

static bool default_enum(checker *c, scc_mfield *f, const scc_expr *e) {
  if (e->kind != SCC_EXPR_IDENT) { wrong_default(c, f, e, "a value of the enum"); return false; }
  const scc_enum *en = f->type.enm;
  for (uint32_t i = 0; i < en->nvalues; i++) {
    if (strcmp(en->values[i].name, e->text) == 0) {
      f->def.kind = SCC_DEF_ENUM;
      f->def.text = en->values[i].name;
      f->def.len = strlen(f->def.text);
      return false;
    }
  }
  scc_diag *g = ck_error(c, e->loc, "'%s' is not a value of enum '%s'", e->text, en->name);
  const char **cand = scc_alloc(c->a, (en->nvalues + 1) * sizeof *cand);
  for (uint32_t i = 0; i < en->nvalues; i++) cand[i] = en->values[i].name;
  const char *best = scc_suggest(e->text, cand);
  if (best) scc_diag_help(g, "did you mean '%s'?", best);
  return false;
}

static const default_fn default_checks[SCC_T_COUNT] = {
#define DEFAULT_FN(k, dsl, args, pg, pg_args, sqlite, ctype, col, shape, codec, ops, lit, now_c, now_pg, now_sqlite, \
                   sqlck, comment)                                                                                \
  [SCC_T_##k] = default_##lit,
    SCC_TYPE_MAP(DEFAULT_FN)
#undef DEFAULT_FN
};

void ck_default(checker *c, scc_mfield *f, const scc_attr *attr) {
  const scc_expr *e = ck_single_arg(c, attr, "@default");
  if (!e) return;
  scc_default *d = &f->def;
  d->loc = e->loc;
  if (e->kind == SCC_EXPR_CALL) {
    static const char *const fns[] = {"now", "uuid", "autoincrement", NULL};
    if (!is_call(e, "now") && !is_call(e, "uuid") && !is_call(e, "autoincrement")) {
      scc_diag *g = ck_error(c, e->loc, "unknown default function '%s()'", e->text);
      const char *best = scc_suggest(e->text, fns);
      if (best) scc_diag_help(g, "did you mean '%s()'?", best);
      else scc_diag_help(g, "the default functions are now(), uuid() and autoincrement()");
      return;
    }
    if (e->args) {
      ck_error(c, e->loc, "%s() takes no arguments", e->text);
      return;
    }
  }
  if (is_call(e, "now") && scc_type_info_of(f->type.kind)->now_c) {
    d->kind = SCC_DEF_NOW;
    return;
  }
  if (!default_checks[f->type.kind](c, f, e)) return;
  if (!d->text) {
    d->text = e->text;
    d->len = e->len;
  }
}
