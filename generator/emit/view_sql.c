/* The SQL part of an entity's view model: the statements emit_c_sql.c
 * builds, as C string literals, the parameter lists that bind them, and
 * the binder functions (templates/source.tmpl shows them). */
#include <string.h>

#include "emit/view_model.h"

/* A SQL text as C string literals, one clause per line and long lists
 * wrapped, continued on lines starting with `indent`. */
const char *scc_c_sql_literal(scc_cgen *g, const char *sql, const char *indent) {
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

/* A list of the fields p names, in order (their number is {{@number}}). */
static void param_list(scc_view *v, const char *list, const scc_c_params *p, scc_view *const *fields) {
  scc_view_list(v, list);
  for (unsigned i = 0; i < p->n; i++) scc_view_add_like(v, list, fields[p->idx[i]]);
}

/* One statement constant: {name, pg, sqlite}, as an item of `list`. */
static void statement(scc_cgen *g, scc_view *v, const char *list, const char *name, const char *const sql[2]) {
  scc_view *s = scc_view_add(v, list);
  scc_view_set(s, "name", name);
  scc_view_set(s, "pg", scc_c_sql_literal(g, sql[0], "\t"));
  scc_view_set(s, "sqlite", scc_c_sql_literal(g, sql[1], "\t"));
}

/* A SELECT by key in its four flag variants, as an item of `selects`. */
static void select_flags(scc_cgen *g, scc_view *v, const char *name, const char *const sql[2][4]) {
  scc_view *s = scc_view_add(v, "selects");
  scc_view_set(s, "name", name);
  for (int f = 0; f < 4; f++) {
    scc_view_set(s, scc_printf(g->a, "pg%d", f), scc_c_sql_literal(g, sql[0][f], "\t  "));
    scc_view_set(s, scc_printf(g->a, "sq%d", f), scc_c_sql_literal(g, sql[1][f], "\t  "));
  }
}

/* `<e>_bind_<name>`: parameters $1..$n from the members `p` lists. */
static void binder(scc_view *v, const char *name, const char *what, const scc_c_params *p, scc_view *const *fields) {
  scc_view *b = scc_view_add(v, "binders");
  scc_view_set(b, "name", name);
  scc_view_set(b, "what", what);
  scc_view_flag(b, "single", p->n == 1);
  scc_view_setf(b, "nparams", "%u", p->n);
  param_list(b, "params", p, fields);
}

void scc_c_view_sql(scc_cgen *g, const scc_entity *e, scc_view *v, scc_view *const *fields, scc_view *const *uniques) {
  scc_c_sql q;
  scc_c_sql_build(g, e, &q);
  const char *ename = e->snake;
  g->columns = scc_c_select_list(g, e);
  g->columns_macro = scc_printf(g->a, "%s_COLUMNS_SQL", scc_c_upper(g, ename));
#define NAME(suffix) scc_printf(g->a, "%s_%s", ename, suffix)
  statement(g, v, "insert_sql", NAME("insert_sql"), q.insert);
  param_list(v, "insert_params", &q.insert_params, fields);
  scc_view_setf(v, "ninsert", "%u", q.insert_params.n);

  int nkeys;
  const int *keys = scc_c_upsert_keys(g, e, &nkeys);
  const char *utype = scc_c_upper(g, scc_c_type(g, e));
  scc_view_list(v, "keys");
  for (int k = 0; k < nkeys; k++) {
    scc_view *kv = scc_view_add(v, "keys");
    scc_view_setf(kv, "constant", "%s_KEY_%s", utype,
                  keys[k] < 0 ? "PK" : scc_c_upper(g, scc_c_unique_suffix(g, &e->uniques[keys[k]])));
    scc_view_set(kv, "pg", scc_c_sql_literal(g, q.upsert[0][k], "\t  "));
    scc_view_set(kv, "sqlite", scc_c_sql_literal(g, q.upsert[1][k], "\t  "));
  }
  scc_view_setf(v, "nkeys", "%d", nkeys);
  param_list(v, "upsert_returning", &q.upsert_returning, fields);
  scc_view_setf(v, "nupsert_returning", "%u", q.upsert_returning.n);

  select_flags(g, v, NAME("get_sql"), (const char *const(*)[4])q.get);
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const char *t[2][4];
    for (int d = 0; d < 2; d++)
      for (int f = 0; f < 4; f++) t[d][f] = q.get_by[d][f][u];
    select_flags(g, v, scc_printf(g->a, "%s_get_by_%s_sql", ename, scc_c_unique_suffix(g, &e->uniques[u])),
                 (const char *const(*)[4])t);
  }
  statement(g, v, "update_sql", NAME("update_sql"), q.update);
  if (e->version) /* the conflict probe of a write that matched no row */
    for (int d = 0; d < 2; d++)
      for (int any = 0; any < 2; any++)
        scc_view_set(v, scc_printf(g->a, "exists_%s%d", d ? "sq" : "pg", any),
                     scc_c_sql_literal(g, q.exists[d][any], "\t  "));
  statement(g, v, "delete_hard_sql", NAME("delete_hard_sql"), q.delete_hard);
  scc_view_list(v, "soft_sql");
  if (e->soft_delete) {
    statement(g, v, "soft_sql", NAME("delete_sql"), q.delete_soft);
    statement(g, v, "soft_sql", NAME("restore_sql"), q.restore);
  }
  scc_view_list(v, "load_sql");
  for (uint32_t i = 0; i < e->nfields; i++) {
    if (!e->fields[i]->ref) continue;
    const char *t[2] = {q.load_by[0][i], q.load_by[1][i]};
    statement(g, v, "load_sql", scc_printf(g->a, "%s_load_by_%s_sql", ename, e->fields[i]->name), t);
  }
  if (q.get_many[0]) statement(g, v, "load_sql", scc_printf(g->a, "%s_get_many_sql", ename), q.get_many);

  /* binders, and where the SQLite tenant parameter goes in each statement */
  binder(v, "insert", "insert and insert_many", &q.insert_params, fields);
  scc_c_params pk = {0};
  for (uint32_t i = 0; i < e->npk; i++) scc_c_params_add(g, &pk, e->pk[i]->index);
  binder(v, "pk", "get", &pk, fields);
  for (uint32_t u = 0; u < e->nuniques; u++) {
    const char *name = scc_printf(g->a, "get_by_%s", scc_c_unique_suffix(g, &e->uniques[u]));
    binder(v, name, name, &q.get_by_params[u], fields);
    scc_view_setf(uniques[u], "tenant_idx", "%u", q.get_by_params[u].n + 1);
  }
  binder(v, "update", "update", &q.update_params, fields);
  binder(v, "delete_hard", "delete_hard", &q.delete_hard_params, fields);
  if (e->soft_delete) {
    binder(v, "delete", "delete (soft)", &q.delete_params, fields);
    binder(v, "restore", "restore", &q.restore_params, fields);
  }
  scc_view_setf(v, "tenant_pk", "%u", e->npk + 1);
  scc_view_setf(v, "tenant_update", "%u", q.update_params.n + 1);
  scc_view_setf(v, "tenant_delete_hard", "%u", q.delete_hard_params.n + 1);
  scc_view_setf(v, "tenant_delete", "%u", q.delete_params.n + 1);
  scc_view_setf(v, "tenant_restore", "%u", q.restore_params.n + 1);
#undef NAME
}
