/* Typed queries at generate time: the driver, and what both dialects
 * share (where an error points, did-you-mean, the declared result). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/names.h"
#include "query/query_internal.h"

scc_diag *qc_error(qcheck *c, scc_loc at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  scc_diag *g = scc_verror(c->d, at, fmt, ap);
  va_end(ap);
  c->errors++;
  return g;
}

void qc_suggest(qcheck *c, scc_diag *g, const char *word, bool tables) {
  size_t n = 0;
  for (uint32_t i = 0; i < c->s->nentities; i++) n += tables ? 1 : c->s->entities[i]->nfields;
  const char **names = scc_alloc(c->a, (n + 1) * sizeof *names);
  n = 0;
  for (uint32_t i = 0; i < c->s->nentities; i++) {
    const scc_entity *e = c->s->entities[i];
    if (tables) names[n++] = e->table;
    else
      for (uint32_t k = 0; k < e->nfields; k++) names[n++] = e->fields[k]->column;
  }
  names[n] = NULL;
  const char *s = scc_suggest(word, names);
  if (s && strcasecmp(s, word) != 0) scc_diag_help(g, "did you mean '%s'?", s);
}

/* The body's first word: where an error without a position points. */
static scc_loc first_word(const qtext *t) {
  size_t i = qtext_body_start(t);
  while (i < t->sql.len && strchr(" \t\r\n", t->sql.data[i])) i++;
  return qtext_word_loc(t, i);
}

scc_loc qc_error_loc(const qtext *t, long off, const char *word) {
  scc_loc at;
  if (off >= 0 && (size_t)off <= t->sql.len) {
    /* A qualified name (l.nme) is reported at its qualifier: point at the name. */
    if (word && qtext_find_from(t, (size_t)off, word, &at)) return at;
    return qtext_word_loc(t, (size_t)off);
  }
  if (word && qtext_find_from(t, 0, word, &at)) return at;
  return first_word(t);
}

static const char *card_text(const scc_query *q) {
  return q->card == SCC_QCARD_OPT ? "?" : q->card == SCC_QCARD_MANY ? "[]" : "";
}

static const char *type_dsl(qcheck *c, const scc_type *t) {
  char buf[128];
  return scc_strdup(c->a, scc_type_dsl(t, buf, sizeof buf));
}

void qc_check_result(qcheck *c, const qtext *t, const qshape *sh, const char *dialect_label, qtype_name_fn name,
                     void *ud) {
  const scc_query *q = t->q;
  if (q->result == SCC_QRES_EXEC) {
    if (sh->ncols == 0) return;
    scc_diag *g = qc_error(c, q->result_loc, "query '%s' is declared 'exec' but its statement returns %u column%s (%s)",
                           q->name, sh->ncols, sh->ncols == 1 ? "" : "s", dialect_label);
    scc_diag_help(g, "declare the rows it returns, -> { name type, ... }[], or drop the RETURNING clause");
    return;
  }
  if (sh->ncols == 0) {
    scc_diag *g = qc_error(c, q->result_loc, "query '%s' declares a result but its statement returns no rows (%s)",
                           q->name, dialect_label);
    scc_diag_help(g, "a statement that returns nothing is declared '-> exec'");
    return;
  }
  uint32_t want = q->result == SCC_QRES_ENTITY ? q->entity->nfields : q->ncols;
  if (sh->ncols != want) {
    scc_diag *g;
    if (q->result == SCC_QRES_ENTITY) {
      g = qc_error(c, q->result_loc, "query '%s' returns %s%s, whose %u columns it must select; its statement returns %u (%s)",
                   q->name, q->entity->name, card_text(q), want, sh->ncols, dialect_label);
      scc_diag_help(g, "select every column of '%s' in order (SELECT %s.* ...), or declare an inline row "
                       "-> { name type, ... }", q->entity->table, q->entity->table);
    } else {
      g = qc_error(c, q->result_loc, "the result row of query '%s' declares %u column%s; its statement returns %u (%s)",
                   q->name, want, want == 1 ? "" : "s", sh->ncols, dialect_label);
      scc_buf list = {0};
      for (uint32_t i = 0; i < sh->ncols; i++) scc_buf_printf(&list, "%s%s", i ? ", " : "", sh->names[i]);
      scc_diag_help(g, "the statement returns: %s", list.data ? list.data : "");
      scc_buf_free(&list);
    }
    return;
  }
  for (uint32_t i = 0; i < want; i++) {
    const char *decl_name;
    const scc_type *type;
    scc_loc at;
    if (q->result == SCC_QRES_ENTITY) {
      decl_name = q->entity->fields[i]->column;
      type = &q->entity->fields[i]->type;
      at = q->result_loc;
    } else {
      decl_name = q->cols[i].name;
      type = &q->cols[i].type;
      at = q->cols[i].loc;
    }
    if (strcmp(sh->names[i], decl_name) != 0) {
      scc_diag *g = qc_error(c, at, "column %u of query '%s' is '%s' in its statement, declared '%s' (%s)", i + 1,
                             q->name, sh->names[i], decl_name, dialect_label);
      if (q->result == SCC_QRES_ENTITY)
        scc_diag_help(g, "an entity result selects the columns of '%s' in order", q->entity->table);
      else
        scc_diag_help(g, "name it in the statement (... AS %s) or in the declaration", decl_name);
      return;
    }
    const char *expect = name(ud, type);
    if (sh->types[i] && expect && strcasecmp(sh->types[i], expect) != 0) {
      scc_diag *g = qc_error(c, at, "column '%s' of query '%s' is %s in its statement, declared %s (%s: %s)",
                             sh->names[i], q->name, sh->types[i], type_dsl(c, type), dialect_label, expect);
      scc_diag_help(g, "declare the type the statement returns, or cast it in the statement");
      return;
    }
  }
}

scc_query_check_status scc_query_check(const scc_schema *s, scc_arena *a, scc_diags *d,
                                       const scc_query_check_options *opt) {
  if (!s->nqueries) return SCC_QCHECK_OK;
  qcheck c = {s, a, d, 0, scc_alloc(a, s->nqueries * sizeof(bool))};
  qc_sqlite(&c);
  if (opt && opt->pg_url && *opt->pg_url) {
    scc_query_check_status st = qc_postgres(&c, opt->pg_url);
    if (st == SCC_QCHECK_DB) return st;
  }
  return c.errors ? SCC_QCHECK_ERRORS : SCC_QCHECK_OK;
}
