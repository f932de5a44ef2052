/* What an existing table's change asks of ALTER TABLE (scc_table_alter),
 * found by comparing the table's parts rendered for the old schema (under
 * the diff's renames) and the new one. Whether that needs a rebuild is the
 * dialect's rule (scc_dialect_needs_rebuild). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "migrate/plan_internal.h"

static bool ident_in(const char *text, const char *name) {
  scc_buf b = {0};
  scc_dialect_ident(&b, name);
  bool r = strstr(text, b.data) != NULL;
  scc_buf_free(&b);
  return r;
}

/* An added column's own CHECK, which ADD COLUMN can carry where the
 * dialect allows (ALTER TABLE ADD COLUMN "c" ... CONSTRAINT "t_c_check"
 * CHECK (...)): the constraint, or NULL. */
const scc_ddl_item *scc_plan_inline_check(const tstate *t, const scc_mfield *added) {
  if (!added->check_name) return NULL;
  const scc_ddl_item *c = scc_ddl_find(t->n.cons, t->n.ncons, added->check_name);
  return c && !strncmp(c->text, "CHECK", 5) ? c : NULL;
}

static bool is_inline_check(const tstate *t, const scc_ddl_item *c) {
  if (!t->ops->add_column_check) return false;
  for (uint32_t i = 0; i < t->tp->nfields; i++) {
    const scc_field_pair *fp = &t->tp->fields[i];
    if (!fp->old && fp->new_ && scc_plan_inline_check(t, fp->new_) == c) return true;
  }
  return false;
}

void scc_plan_table_alter(const tstate *t, scc_table_alter *a) {
  memset(a, 0, sizeof *a);
  for (uint32_t i = 0; i < t->o.ncons; i++) {
    const scc_ddl_item *n = scc_ddl_find(t->n.cons, t->n.ncons, t->o.cons[i].name);
    if (!n || strcmp(n->text, t->o.cons[i].text)) a->constraint_dropped = true;
  }
  for (uint32_t i = 0; i < t->n.ncons; i++)
    if (!is_inline_check(t, &t->n.cons[i]) && !scc_ddl_find(t->o.cons, t->o.ncons, t->n.cons[i].name))
      a->constraint_added = true;
  a->added = scc_xcalloc(t->tp->nfields + 1, sizeof *a->added);
  for (uint32_t i = 0; i < t->tp->nfields; i++) {
    const scc_field_pair *fp = &t->tp->fields[i];
    if (fp->old && fp->new_) {
      if (strcmp(scc_plan_old_coldef(t, fp->old), scc_plan_new_coldef(t, fp->new_))) a->column_changed = true;
    } else if (fp->new_) {
      a->added[a->nadded++] = fp->new_;
      const scc_ddl_item *own = t->ops->add_column_check ? scc_plan_inline_check(t, fp->new_) : NULL;
      for (uint32_t k = 0; k < t->n.ncons; k++)
        if (&t->n.cons[k] != own && ident_in(t->n.cons[k].text, fp->new_->column)) a->added_named = true;
    }
  }
}
