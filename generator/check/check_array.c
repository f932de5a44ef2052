/* Semantic checks: array fields (`T[]`, `T[]?`; docs/language.md, Arrays).
 * An array holds scalars or enum values the runtime can carry as text on
 * both databases (a PostgreSQL array literal, a SQLite JSON array); it is a
 * plain column, never a key or a reference. */
#include <string.h>

#include "check/check_internal.h"

/* Element kinds an array may hold. */
bool ck_array_elem_ok(scc_type_kind k) {
  switch (k) {
  case SCC_T_SMALLINT: case SCC_T_INT: case SCC_T_BIGINT: case SCC_T_STRING: case SCC_T_TEXT: case SCC_T_UUID:
  case SCC_T_ENUM: return true;
  default: return false;
  }
}

/* Attributes an array field takes; the others are refused here, before
 * ck_field_attrs reads them as if the field held one element. */
static const char *const array_attrs[] = {"column", "renamed_from", "sensitive", "index", NULL};

static bool allowed(const char *name) {
  for (size_t i = 0; array_attrs[i]; i++)
    if (strcmp(array_attrs[i], name) == 0) return true;
  return false;
}

static const char *why_not(const char *attr) {
  if (!strcmp(attr, "id")) return "an array cannot be (part of) a primary key";
  if (!strcmp(attr, "unique")) return "an array cannot be a unique key; put the values in a table of their own";
  if (!strcmp(attr, "ref")) return "an array cannot be a foreign key; use a join entity with one @ref per row";
  if (!strcmp(attr, "default"))
    return "set the array in the row (an empty array is `{items, 0}` with items non-NULL; docs/generated-api.md)";
  if (!strcmp(attr, "check")) return "@check(lo..hi) holds for one value; use @@check with an SQL expression";
  return "arrays take only @column, @renamed_from, @sensitive and @index";
}

const scc_field *ck_array_field(checker *c, scc_mfield *f, const scc_field *ast) {
  if (!ast->type.array) return ast;
  f->type.array = true;
  if (!ck_array_elem_ok(f->type.kind)) {
    scc_diag *g = ck_error(c, ast->type.full, "field '%s': arrays of %s are not supported", f->name,
                           ck_type_name(&f->type));
    scc_diag_help(g, "an array holds smallint, int, bigint, string, text, uuid or enum values; "
                     "keep other values in a table of their own, or in a json field");
  }
  /* ck_field_attrs reads the allowed attributes from a copy of the field. */
  scc_field *copy = scc_alloc(c->a, sizeof *copy);
  *copy = *ast;
  copy->attrs = NULL;
  scc_attr **tail = &copy->attrs;
  for (const scc_attr *a = ast->attrs; a; a = a->next) {
    if (!allowed(a->name)) {
      scc_diag *g = ck_error(c, a->loc, "@%s is not allowed on array field '%s'", a->name, f->name);
      scc_diag_help(g, "%s", why_not(a->name));
      continue;
    }
    scc_attr *x = scc_alloc(c->a, sizeof *x);
    *x = *a;
    x->next = NULL;
    *tail = x;
    tail = &x->next;
  }
  return copy;
}

/* Entity-level keys (@@id, @@unique) and references to an array field. */
void ck_array_keys(checker *c) {
  for (uint32_t i = 0; i < c->nents; i++) {
    const scc_entity *e = c->ents[i].e;
    for (uint32_t k = 0; k < e->npk; k++)
      if (e->pk[k]->type.array && c->ents[i].id_attr)
        ck_error(c, c->ents[i].id_attr->loc, "array field '%s' cannot be part of the primary key", e->pk[k]->name);
    for (uint32_t u = 0; u < e->nuniques; u++)
      for (uint32_t k = 0; k < e->uniques[u].ncols; k++)
        if (e->uniques[u].cols[k].field->type.array && e->uniques[u].ncols > 1)
          ck_error(c, e->uniques[u].loc, "array field '%s' cannot be part of a unique key",
                   e->uniques[u].cols[k].field->name);
    for (uint32_t k = 0; k < e->nfields; k++) {
      const scc_mfield *f = e->fields[k];
      if (f->ref && f->ref->target_field && f->ref->target_field->type.array)
        ck_error(c, f->ref->loc, "field '%s' refers to array field '%s.%s'; a reference needs a single value",
                 f->name, f->ref->target->name, f->ref->target_field->name);
    }
  }
}
