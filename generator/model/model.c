#include "model/model.h"

#include <stdio.h>
#include <string.h>

#include "base/strmap.h"

const scc_entity *scc_schema_entity(const scc_schema *s, const char *name) {
  if (s->entity_index) return scc_strmap_get(s->entity_index, name);
  for (uint32_t i = 0; i < s->nentities; i++)
    if (strcmp(s->entities[i]->name, name) == 0) return s->entities[i];
  return NULL;
}

const scc_enum *scc_schema_enum(const scc_schema *s, const char *name) {
  if (s->enum_index) return scc_strmap_get(s->enum_index, name);
  for (uint32_t i = 0; i < s->nenums; i++)
    if (strcmp(s->enums[i]->name, name) == 0) return s->enums[i];
  return NULL;
}

const scc_mfield *scc_entity_field(const scc_entity *e, const char *name) {
  for (uint32_t i = 0; i < e->nfields; i++)
    if (strcmp(e->fields[i]->name, name) == 0) return e->fields[i];
  return NULL;
}

const char *scc_type_dsl(const scc_type *t, char *buf, size_t n) {
  switch (t->kind) {
  case SCC_T_BOOL: return "bool";
  case SCC_T_SMALLINT: return "smallint";
  case SCC_T_INT: return "int";
  case SCC_T_BIGINT: return "bigint";
  case SCC_T_FLOAT: return "float";
  case SCC_T_DECIMAL:
    if (!t->precision) return "decimal";
    snprintf(buf, n, "decimal(%u,%u)", t->precision, t->scale);
    return buf;
  case SCC_T_STRING:
    if (!t->length) return "string";
    snprintf(buf, n, "string(%u)", t->length);
    return buf;
  case SCC_T_TEXT: return "text";
  case SCC_T_BYTES: return "bytes";
  case SCC_T_UUID: return "uuid";
  case SCC_T_TIMESTAMP: return "timestamp";
  case SCC_T_DATE: return "date";
  case SCC_T_JSON: return "json";
  case SCC_T_ENUM: return t->enm ? t->enm->name : "enum";
  }
  return "?";
}

const char *scc_ref_action_sql(scc_ref_action a) {
  static const char *const s[] = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"};
  return s[a];
}

const char *scc_ref_action_dsl(scc_ref_action a) {
  static const char *const s[] = {"no_action", "restrict", "cascade", "set_null", "set_default"};
  return s[a];
}
