/* C facts of array fields (`T[]`): the runtime's sc_array_* member type and
 * the runtime column type of the elements (schemac/array.h). */
#include "emit/emit_c.h"

const char *scc_c_array_type(const scc_mfield *f) {
  switch (f->type.kind) {
  case SCC_T_SMALLINT: return "sc_array_i16";
  case SCC_T_INT: return "sc_array_i32";
  case SCC_T_BIGINT: return "sc_array_i64";
  case SCC_T_UUID: return "sc_array_uuid";
  case SCC_T_ENUM: return "sc_array_enum";
  default: return "sc_array_text"; /* string, text: check allows no other */
  }
}

const char *scc_c_array_elem_col(const scc_mfield *f) {
  return scc_type_info_of(f->type.kind)->col;
}

/* The column metadata of an array field: `<entity>_columns[i]` in the
 * generated source (the codec reads the element type from it). */
const char *scc_c_array_col(scc_cgen *g, const scc_mfield *f) {
  for (uint32_t i = 0; i < g->s->nentities; i++) {
    const scc_entity *e = g->s->entities[i];
    if (f->index < e->nfields && e->fields[f->index] == f)
      return scc_printf(g->a, "&%s_columns[%u]", e->snake, f->index);
  }
  return "NULL";
}

/* The elements parameter of contains/overlaps: as an IN list of the
 * element type takes them. */
const char *scc_c_array_elems_param(scc_cgen *g, const scc_mfield *f, const char *name) {
  scc_mfield e = *f;
  e.type.array = false;
  return scc_c_array_param(g, &e, name);
}
