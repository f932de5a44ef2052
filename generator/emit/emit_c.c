/* The one driver of the C generator: <schema>.h (templates/header.tmpl)
 * and <schema>.c (templates/source.tmpl) are the same walk over the
 * schema, each enum and entity rendered from its view model
 * (view_model.c), each query from its view (view_query.c); each view is
 * computed once and rendered into both files. Sections of
 * both templates: "file", "enum" per enum, "entity" per entity, "query"
 * per typed query, "file_end". */
#include "emit/view_model.h"

/* Whether any entity has a field, or any query's result row a column, of
 * this shape (what the file's read helpers are for). */
static bool any_shape(const scc_schema *s, scc_c_shape shape) {
  for (uint32_t i = 0; i < s->nentities; i++)
    for (uint32_t k = 0; k < s->entities[i]->nfields; k++)
      if (scc_type_info_of(s->entities[i]->fields[k]->type.kind)->shape == shape) return true;
  for (uint32_t i = 0; i < s->nqueries; i++)
    for (uint32_t k = 0; k < s->queries[i]->ncols; k++)
      if (scc_type_info_of(s->queries[i]->cols[k].type.kind)->shape == shape) return true;
  return false;
}

/* The two files, in the one walk both share. */
typedef struct files {
  scc_buf *out[2], body[2];
} files;

static const char *const tmpl_of[2] = {"header.tmpl", "source.tmpl"};

/* One view, rendered into both files' bodies (its memory is dropped after). */
static void render_both(files *f, const char *section, const scc_view *v) {
  for (int k = 0; k < 2; k++) scc_tmpl_render(&f->body[k], tmpl_of[k], section, v);
}

void scc_emit_c(const scc_schema *s, const char *version, scc_buf *header, scc_buf *source) {
  scc_cgen g = {.s = s, .a = scc_arena_new(), .version = version};
  scc_c_names_init(&g);
  files f = {{header, source}, {{0}, {0}}};
  for (uint32_t i = 0; i < s->nenums; i++) {
    scc_arena_mark m = scc_arena_save(g.a);
    render_both(&f, "enum", scc_c_view_enum(&g, s->enums[i]));
    scc_arena_restore(g.a, m);
  }
  for (uint32_t i = 0; i < s->nentities; i++) {
    scc_arena_mark m = scc_arena_save(g.a);
    render_both(&f, "entity", scc_c_view_entity(&g, s->entities[i]));
    scc_arena_restore(g.a, m);
    g.columns = g.columns_macro = NULL;
  }
  for (uint32_t i = 0; i < s->nqueries; i++) {
    scc_arena_mark m = scc_arena_save(g.a);
    render_both(&f, "query", scc_c_view_query(&g, s->queries[i]));
    scc_arena_restore(g.a, m);
  }
  /* File-level: static helpers only when some entity uses them. */
  scc_view *v = scc_view_new(g.a);
  scc_view_set(v, "version", version);
  scc_view_set(v, "schema", s->name);
  scc_view_setf(v, "guard", "%s_H", scc_c_upper(&g, s->prefix));
  scc_view_flag(v, "long_literals", g.long_literals);
  scc_view_flag(v, "any_text", any_shape(s, SCC_SHAPE_TEXT));
  scc_view_flag(v, "any_bytes", any_shape(s, SCC_SHAPE_BYTES));
  bool cached = false;
  for (uint32_t i = 0; i < s->nentities; i++) cached |= s->entities[i]->tenant == NULL;
  scc_view_flag(v, "any_cached", cached);
  scc_view_flag(v, "any_queries", s->nqueries > 0);
  for (int k = 0; k < 2; k++) {
    scc_tmpl_render(f.out[k], tmpl_of[k], "file", v);
    if (f.body[k].len) scc_buf_put(f.out[k], f.body[k].data, f.body[k].len);
    scc_tmpl_render(f.out[k], tmpl_of[k], "file_end", v);
    scc_buf_free(&f.body[k]);
  }
  scc_arena_free(g.a);
}
