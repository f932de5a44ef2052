/* Templates of generated code (templates/ *.tmpl, embedded at build time).
 *
 * A template file holds named sections: a line "@@ name" starts a section
 * that runs to the next such line; lines starting with "##" are template
 * comments. In a section, {{var}} is replaced by the variable's value.
 * Templates hold no logic: the emitter decides which sections to emit and
 * in what order, and builds the variable values (loops live in C). */
#ifndef SCC_TEMPLATE_H
#define SCC_TEMPLATE_H
#include <stddef.h>

#include "base/buf.h"

typedef struct scc_template_file {
  const char *name; /* "header.tmpl" */
  const char *text;
} scc_template_file;

/* The embedded templates, terminated by {0, 0} (generated file). */
extern const scc_template_file scc_template_files[];

/* Limits set by the emitters' code and the templates, not by schemas:
 * variables of one expansion, length of a {{name}}. Past either the
 * generator stops with an internal error. */
#define SCC_VARS_MAX 48
#define SCC_TMPL_NAME_MAX 63

/* Variables for one expansion; values are copied. */
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
/* Like scc_tmpl_emit without the section's final newline (SQL fragments). */
void scc_tmpl_emit_inline(scc_buf *out, const char *file, const char *section, const scc_vars *v);
#endif
