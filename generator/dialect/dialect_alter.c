/* When a migration must rebuild a table instead of altering it: the one
 * place that knows which table changes ALTER TABLE can make on each
 * database (the capabilities in scc_dialect_ops). */
#include "dialect/dialect.h"

bool scc_dialect_needs_rebuild(const scc_dialect_ops *o, const scc_table_alter *a) {
  if (!o->alter_constraints && (a->constraint_dropped || a->constraint_added || a->added_named)) return true;
  if (!o->alter_columns && a->column_changed) return true;
  for (uint32_t i = 0; i < a->nadded; i++)
    if (!o->can_add_column(a->added[i])) return true;
  return false;
}
