#include "model/model.h"

#include <stdio.h>
#include <string.h>

#include "base/strmap.h"

#include <schemac/query.h>

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

static const scc_type_info type_infos[SCC_T_COUNT] = {
#define INFO(k, dsl, args, pg, pg_args, sqlite, ctype, col, shape, codec, ops, lit, now_c, now_pg, now_sqlite, sqlck, \
             comment)                                                                                          \
  [SCC_T_##k] = {dsl, SCC_ARGS_##args, pg, pg_args, sqlite, ctype, "SC_COL_" #col, SCC_SHAPE_##shape, codec, ops,  \
                 now_c, now_pg, now_sqlite, comment},
    SCC_TYPE_MAP(INFO)
#undef INFO
};

/* The generator's type table names the runtime's row of each type (its
 * `col`); the facts both hold must agree, checked here at compile time
 * (the codec and C type names, strings, by the type_tables_agree test). */
_Static_assert(SCC_OPS_EQ == SC_COL_OPS_EQ && SCC_OPS_ORDER == SC_COL_OPS_ORDER && SCC_OPS_IN == SC_COL_OPS_IN &&
                   SCC_OPS_LIKE == SC_COL_OPS_LIKE && SCC_OPS_JSON == SC_COL_OPS_JSON,
               "filter operator bits differ from the runtime's");
enum {
#define RT_FACTS(name, value, ctype, codec, shape, ops) RT_SHAPE_##name = (int)SC_COL_SHAPE_##shape, RT_OPS_##name = (ops),
  SC_COL_TYPE_MAP(RT_FACTS)
#undef RT_FACTS
};
#define AGREE(k, dsl, args, pg, pg_args, sqlite, ctype, col, shape, codec, ops, ...)                        \
  _Static_assert((int)RT_SHAPE_##col == (int)SC_COL_SHAPE_##shape, "SCC_T_" #k ": shape differs from SC_COL_" #col); \
  _Static_assert(((ops) & ~(unsigned)RT_OPS_##col) == 0,                                                  \
                 "SCC_T_" #k ": filter operators the runtime does not take for SC_COL_" #col);
SCC_TYPE_MAP(AGREE)
#undef AGREE

const scc_type_info *scc_type_info_of(scc_type_kind k) {
  return &type_infos[k];
}

const char *scc_type_dsl(const scc_type *t, char *buf, size_t n) {
  if (t->kind == SCC_T_ENUM) return t->enm ? t->enm->name : "enum";
  const scc_type_info *ti = scc_type_info_of(t->kind);
  if (ti->args == SCC_ARGS_LENGTH && t->length) snprintf(buf, n, "%s(%u)", ti->dsl, t->length);
  else if (ti->args == SCC_ARGS_PRECISION && t->precision) snprintf(buf, n, "%s(%u,%u)", ti->dsl, t->precision, t->scale);
  else return ti->dsl;
  return buf;
}

const char *scc_ref_action_sql(scc_ref_action a) {
  static const char *const s[] = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"};
  return s[a];
}

const char *scc_ref_action_dsl(scc_ref_action a) {
  static const char *const s[] = {"no_action", "restrict", "cascade", "set_null", "set_default"};
  return s[a];
}
