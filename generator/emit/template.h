/* Templates of generated code (templates/ *.tmpl, embedded at build time).
 *
 * A template file holds named sections: a line "@@ name" starts a section
 * that runs to the next such line; lines starting with "##" are template
 * comments. In a section:
 *   {{name}}                      a value, looked up in the current item,
 *                                 then its parents (a line holding only
 *                                 {{name}} stands for the value's lines)
 *   {{#each list}}..{{/each}}     the body once per item of a list
 *   {{#if name}}..{{else}}..{{/if}}  a branch: a value is true when not
 *                                 empty, a list when it has items
 *   {{#unless name}}..{{/unless}} the reverse
 *   {{> section}}                 another section of the same file, here
 *                                 (inside a line: without the last newline
 *                                 of what it renders)
 *   {{@index}} {{@number}}        the item's position in its list, from 0
 *                                 / from 1; @first and @last for #if
 * A line holding only a block tag ({{#..}}, {{else}}, {{/..}}, {{> ..}},
 * indentation allowed) leaves no line of its own. Decisions that depend on
 * the model are computed into the view (emit/view_model.c); templates only
 * loop and branch over it. Every block is checked when the templates are
 * first read; a missing section, variable or list, or an unbalanced block,
 * is an emitter bug: it aborts with the template file and line. */
#ifndef SCC_TEMPLATE_H
#define SCC_TEMPLATE_H
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

typedef struct scc_template_file {
  const char *name; /* "header.tmpl" */
  const char *text;
} scc_template_file;

/* The embedded templates, terminated by {0, 0} (generated file). */
extern const scc_template_file scc_template_files[];

/* Limits set by the emitters' code and the templates, not by schemas:
 * variables of one flat expansion, length of a {{name}}, nesting of blocks
 * in one section. Past any the generator stops with an internal error. */
#define SCC_VARS_MAX 48
#define SCC_TMPL_NAME_MAX 63
#define SCC_TMPL_DEPTH_MAX 32

/* Variables for one flat expansion; values are copied. */
typedef struct scc_vars {
  char *names[SCC_VARS_MAX];
  char *values[SCC_VARS_MAX];
  size_t lens[SCC_VARS_MAX], caps[SCC_VARS_MAX]; /* strlen of each value; bytes allocated */
  size_t n;
} scc_vars;

void scc_vars_set(scc_vars *v, const char *name, const char *value);
void scc_vars_setf(scc_vars *v, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Value of a variable, or NULL. */
const char *scc_vars_get(const scc_vars *v, const char *name);
void scc_vars_free(scc_vars *v);

/* Appends section `section` of template `file` with vars substituted.
 * A missing template, section or variable is a bug in the emitter: it
 * aborts with a message. */
void scc_tmpl_emit(scc_buf *out, const char *file, const char *section, const scc_vars *v);
/* Like scc_tmpl_emit without the final newline of the result (SQL fragments). */
void scc_tmpl_emit_inline(scc_buf *out, const char *file, const char *section, const scc_vars *v);

/* ---- view models: values and lists of items, for loops and branches ---- */

/* An item of a view model: named values and named lists of child items.
 * Everything lives in the arena; values are borrowed (they must live as
 * long as the view, e.g. strings of the same arena). */
typedef struct scc_view scc_view;

scc_view *scc_view_new(scc_arena *a);
/* Sets (or replaces) a value. */
void scc_view_set(scc_view *v, const char *name, const char *value);
void scc_view_setf(scc_view *v, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A flag for {{#if}}: "1" when on, "" when off. */
void scc_view_flag(scc_view *v, const char *name, bool on);
/* Appends a new item to list `list` (created on first use). */
scc_view *scc_view_add(scc_view *v, const char *list);
/* Appends an item that has the values of `like` besides its own (a key
 * column: the field's values plus the parameter name). */
scc_view *scc_view_add_like(scc_view *v, const char *list, const scc_view *like);
/* Makes sure list `list` exists (an empty list is still a list). */
void scc_view_list(scc_view *v, const char *list);
/* Number of items of a list of v itself (0 when it has none). */
size_t scc_view_count(const scc_view *v, const char *list);

/* Appends section `section` of template `file` rendered over view v. */
void scc_tmpl_render(scc_buf *out, const char *file, const char *section, const scc_view *v);
/* Like scc_tmpl_render without the final newline of the result (SQL fragments). */
void scc_tmpl_render_inline(scc_buf *out, const char *file, const char *section, const scc_view *v);

/* ---- for tests of the engine ---- */

/* Checks a template text (blocks balanced and well formed); on a fault
 * appends "file:line: message" to err and returns false. */
bool scc_tmpl_check(const char *file, const char *text, scc_buf *err);
/* Renders section `section` of a template text given here (checked first:
 * a fault aborts as for the embedded templates). */
void scc_tmpl_render_text(scc_buf *out, const char *file, const char *text, const char *section,
                          const scc_view *v);
#endif
