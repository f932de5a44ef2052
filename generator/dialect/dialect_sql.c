/* The DDL differences between PostgreSQL and SQLite (see dialect.h): one
 * scc_dialect_ops per database. Column types come from the type table. */
#include <string.h>

#include "dialect/dialect.h"

#include <schemac/datetime.h>

void scc_dialect_ident(scc_buf *b, const char *name) {
  scc_buf_putc(b, '"');
  for (const char *p = name; *p; p++) {
    if (*p == '"') scc_buf_putc(b, '"');
    scc_buf_putc(b, *p);
  }
  scc_buf_putc(b, '"');
}

void scc_dialect_literal(scc_buf *b, const char *s, size_t n) {
  scc_buf_putc(b, '\'');
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\'') scc_buf_putc(b, '\'');
    scc_buf_putc(b, s[i]);
  }
  scc_buf_putc(b, '\'');
}

/* ---- types ---- */

static void pg_type(scc_buf *b, const scc_type *t) {
  const scc_type_info *ti = scc_type_info_of(t->kind);
  if (ti->args == SCC_ARGS_LENGTH && t->length) scc_buf_printf(b, ti->pg_args, t->length);
  else if (ti->args == SCC_ARGS_PRECISION && t->precision) scc_buf_printf(b, ti->pg_args, t->precision, t->scale);
  else scc_buf_puts(b, ti->pg);
  if (t->array) scc_buf_puts(b, "[]");
}

static void sqlite_type(scc_buf *b, const scc_type *t) {
  scc_buf_puts(b, t->array ? "TEXT" : scc_type_info_of(t->kind)->sqlite);
}

/* ---- defaults ---- */

/* A version 4 UUID from randomblob: SQLite has no UUID function. */
#define SQLITE_UUID4                                                                                     \
  "(lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || " \
  "'-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || "      \
  "hex(randomblob(6))))"

static void number(scc_buf *b, const char *text) {
  if (text[0] == '-') scc_buf_printf(b, "(%s)", text);
  else scc_buf_puts(b, text);
}

/* SQLite keeps decimals as exact TEXT: a bare number literal would be
 * converted through a double (19.90 -> '19.9', long values rounded). */
static void sqlite_decimal_literal(scc_buf *b, const scc_default *d) {
  scc_dialect_literal(b, d->text, strlen(d->text));
}

/* Times are microseconds since midnight on SQLite (sorting as numbers). */
static void sqlite_time_literal(scc_buf *b, const scc_default *d) {
  int64_t us = 0;
  sc_time_parse(d->text, d->len, &us); /* checked */
  scc_buf_printf(b, "%lld", (long long)us);
}

/* How SQLite stores a type's literal default when not as PostgreSQL does
 * (by kind; NULL: as on PostgreSQL). A type's own function. */
typedef void (*literal_fn)(scc_buf *b, const scc_default *d);
static const literal_fn sqlite_literals[SCC_T_COUNT] = {
    [SCC_T_DECIMAL] = sqlite_decimal_literal,
    [SCC_T_TIME] = sqlite_time_literal,
};

static bool default_expr(scc_buf *b, const scc_mfield *f, bool pg) {
  const scc_default *def = &f->def;
  const scc_type_info *ti = scc_type_info_of(f->type.kind);
  literal_fn own = pg ? NULL : sqlite_literals[f->type.kind];
  switch (def->kind) {
  case SCC_DEF_NONE:
  case SCC_DEF_AUTOINCREMENT: return false;
  case SCC_DEF_INT:
  case SCC_DEF_DECIMAL:
  case SCC_DEF_STRING:
  case SCC_DEF_ENUM:
    if (own) own(b, def);
    else if (def->kind == SCC_DEF_INT || def->kind == SCC_DEF_DECIMAL) number(b, def->text);
    else scc_dialect_literal(b, def->text, def->len);
    return true;
  case SCC_DEF_BOOL:
    scc_buf_puts(b, pg ? (def->boolean ? "true" : "false") : (def->boolean ? "1" : "0"));
    return true;
  case SCC_DEF_NOW:
    scc_buf_puts(b, pg ? ti->now_pg : ti->now_sqlite);
    return true;
  case SCC_DEF_UUID:
    scc_buf_puts(b, pg ? "gen_random_uuid()" : SQLITE_UUID4);
    return true;
  }
  return false;
}

static bool pg_default(scc_buf *b, const scc_mfield *f) { return default_expr(b, f, true); }
static bool sqlite_default(scc_buf *b, const scc_mfield *f) { return default_expr(b, f, false); }

/* ---- checks a type implies ---- */

static bool sqlite_check_none(scc_buf *b, const scc_mfield *f) {
  (void)b, (void)f;
  return false;
}

static bool sqlite_check_bool(scc_buf *b, const scc_mfield *f) {
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, " IN (0, 1)");
  return true;
}

static bool sqlite_check_length(scc_buf *b, const scc_mfield *f) {
  if (!f->type.length) return false;
  scc_buf_puts(b, "length(");
  scc_dialect_ident(b, f->column);
  scc_buf_printf(b, ") <= %u", f->type.length);
  return true;
}

static bool sqlite_check_json(scc_buf *b, const scc_mfield *f) {
  /* json_valid(NULL) is 0 before SQLite 3.45: let NULL through. */
  if (f->nullable) {
    scc_dialect_ident(b, f->column);
    scc_buf_puts(b, " IS NULL OR ");
  }
  scc_buf_puts(b, "json_valid(");
  scc_dialect_ident(b, f->column);
  scc_buf_putc(b, ')');
  return true;
}

static bool sqlite_check_uuid(scc_buf *b, const scc_mfield *f) {
  /* Canonical form: 36 characters, lowercase. */
  scc_buf_puts(b, "length(");
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, ") = 36 AND ");
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, " = lower(");
  scc_dialect_ident(b, f->column);
  scc_buf_putc(b, ')');
  return true;
}

static bool sqlite_check_date(scc_buf *b, const scc_mfield *f) {
  scc_dialect_ident(b, f->column);
  /* The modifier makes date() normalise, so '2024-02-30' is refused. */
  scc_buf_puts(b, " IS date(");
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, ", '+0 days')");
  return true;
}

static bool sqlite_check_time(scc_buf *b, const scc_mfield *f) {
  scc_dialect_ident(b, f->column);
  scc_buf_printf(b, " BETWEEN 0 AND %lld", (long long)SC_TIME_MAX);
  return true;
}

typedef bool (*check_fn)(scc_buf *b, const scc_mfield *f);
static const check_fn sqlite_checks[SCC_T_COUNT] = {
#define CHECK_FN(k, dsl, args, pg, pg_args, sqlite, ctype, col, shape, codec, ops, lit, now_c, now_pg, now_sqlite, \
                 sqlck, comment)                                                                                \
  [SCC_T_##k] = sqlite_check_##sqlck,
    SCC_TYPE_MAP(CHECK_FN)
#undef CHECK_FN
};

static bool enum_check(scc_buf *b, const scc_mfield *f) {
  if (f->type.kind != SCC_T_ENUM) return false;
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, " IN (");
  for (uint32_t i = 0; i < f->type.enm->nvalues; i++) {
    if (i) scc_buf_puts(b, ", ");
    scc_dialect_literal(b, f->type.enm->values[i].name, strlen(f->type.enm->values[i].name));
  }
  scc_buf_putc(b, ')');
  return true;
}

/* PostgreSQL enforces every type itself; enums are text with a check. */
static bool pg_type_check(scc_buf *b, const scc_mfield *f) {
  if (f->type.array) return scc_dialect_array_check(b, f, SC_DIALECT_POSTGRES);
  return enum_check(b, f);
}
static bool sqlite_type_check(scc_buf *b, const scc_mfield *f) {
  if (f->type.array) return scc_dialect_array_check(b, f, SC_DIALECT_SQLITE);
  return enum_check(b, f) || sqlite_checks[f->type.kind](b, f);
}

static void pg_range_operand(scc_buf *b, const scc_mfield *f) { scc_dialect_ident(b, f->column); }

static void sqlite_range_operand(scc_buf *b, const scc_mfield *f) {
  if (f->type.kind != SCC_T_DECIMAL) {
    scc_dialect_ident(b, f->column);
    return;
  }
  /* Decimals are exact text on SQLite: compare them as numbers. */
  scc_buf_puts(b, "CAST(");
  scc_dialect_ident(b, f->column);
  scc_buf_puts(b, " AS NUMERIC)");
}

/* ---- documentation ---- */

static void sql_comment_lines(scc_buf *b, const char *doc, const char *indent) {
  if (!doc) return;
  const char *p = doc;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    scc_buf_printf(b, "%s--%s%.*s\n", indent, n ? " " : "", (int)n, p);
    p += n;
    if (*p) p++;
  }
}

static void no_doc_before(scc_buf *b, const char *doc, const char *indent) { (void)b, (void)doc, (void)indent; }
static void nothing_after(scc_buf *b, const scc_entity *e) { (void)b, (void)e; }

static void pg_comment(scc_buf *b, const char *what, const scc_entity *e, const scc_mfield *f, const char *doc) {
  scc_buf_printf(b, "COMMENT ON %s ", what);
  scc_dialect_ident(b, e->table);
  if (f) {
    scc_buf_putc(b, '.');
    scc_dialect_ident(b, f->column);
  }
  scc_buf_puts(b, " IS ");
  scc_dialect_literal(b, doc, strlen(doc));
  scc_buf_puts(b, ";\n");
}

static void pg_comments(scc_buf *b, const scc_entity *e) {
  if (e->doc) pg_comment(b, "TABLE", e, NULL, e->doc);
  for (uint32_t i = 0; i < e->nfields; i++)
    if (e->fields[i]->doc) pg_comment(b, "COLUMN", e, e->fields[i], e->fields[i]->doc);
}

/* ---- tenants ---- */

/* Row-level security on the tenant key (SPEC 4.6). The runtime sets
 * schemac.tenant per transaction; unset, it is NULL (or '' once a session
 * has set it before), which matches no row. */
static void pg_tenant_policy(scc_buf *b, const scc_entity *e) {
  const scc_mfield *t = e->tenant;
  if (!t) return;
  const char *cast = scc_type_info_of(t->type.kind)->pg;
  scc_buf_puts(b, "ALTER TABLE ");
  scc_dialect_ident(b, e->table);
  scc_buf_puts(b, " ENABLE ROW LEVEL SECURITY;\nALTER TABLE ");
  scc_dialect_ident(b, e->table);
  scc_buf_puts(b, " FORCE ROW LEVEL SECURITY;\nCREATE POLICY ");
  scc_dialect_ident(b, e->tenant_policy);
  scc_buf_puts(b, " ON ");
  scc_dialect_ident(b, e->table);
  for (int i = 0; i < 2; i++) {
    scc_buf_puts(b, i == 0 ? "\n  USING (" : "\n  WITH CHECK (");
    scc_dialect_ident(b, t->column);
    scc_buf_printf(b, " = NULLIF(current_setting('schemac.tenant', true), '')::%s)", cast);
  }
  scc_buf_puts(b, ";\n");
}

/* ---- migrations ---- */

static bool any_column(const scc_mfield *f) {
  (void)f;
  return true;
}

/* SQLite's ALTER TABLE ADD COLUMN: no key, no expression default (one in
 * parentheses), and NOT NULL only with a default. */
static bool sqlite_can_add_column(const scc_mfield *f) {
  scc_buf b = {0};
  bool def = sqlite_default(&b, f);
  bool ok = !f->is_id && !(def && b.data[0] == '(') && (f->nullable || def);
  scc_buf_free(&b);
  return ok;
}

static const scc_dialect_ops postgres_ops = {
    .dialect = SC_DIALECT_POSTGRES,
    .column_type = pg_type,
    .identity = " GENERATED BY DEFAULT AS IDENTITY",
    .default_expr = pg_default,
    .type_check = pg_type_check,
    .range_operand = pg_range_operand,
    .unique_constraints = true,
    .defer_cycle_refs = true,
    .doc_before = no_doc_before,
    .doc_after = pg_comments,
    .tenant_policy = pg_tenant_policy,
    .tenant_in_statements = false,
    .row_locks = true,
    .any_section = "any_postgres",
    .alter_constraints = true,
    .alter_columns = true,
    .rename_indexes = true,
    .can_add_column = any_column,
    .add_column_check = false,
    .drop_tables_at_once = true,
    .fk_off_to_rebuild = false,
    .lock_warnings = true,
    .catalog_comments = true,
};

static const scc_dialect_ops sqlite_ops = {
    .dialect = SC_DIALECT_SQLITE,
    .column_type = sqlite_type,
    .identity = "",
    .default_expr = sqlite_default,
    .type_check = sqlite_type_check,
    .range_operand = sqlite_range_operand,
    .unique_constraints = false,
    .defer_cycle_refs = false,
    .doc_before = sql_comment_lines,
    .doc_after = nothing_after,
    .tenant_policy = nothing_after,
    .tenant_in_statements = true,
    .row_locks = false,
    .any_section = "any_sqlite",
    .alter_constraints = false,
    .alter_columns = false,
    .rename_indexes = false,
    .can_add_column = sqlite_can_add_column,
    .add_column_check = true,
    .drop_tables_at_once = false,
    .fk_off_to_rebuild = true,
    .lock_warnings = false,
    .catalog_comments = false,
};

const scc_dialect_ops *scc_dialect_ops_of(sc_dialect d) {
  return d == SC_DIALECT_POSTGRES ? &postgres_ops : &sqlite_ops;
}
