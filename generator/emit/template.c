/* Expansion of embedded templates (see template.h). */
#include "base/alloc.h"
#include "emit/template.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void scc_vars_set(scc_vars *v, const char *name, const char *value) {
  size_t len = strlen(value);
  for (size_t i = 0; i < v->n; i++) {
    if (!strcmp(v->names[i], name)) {
      /* Emitters set the same variables over and over: reuse the copy. */
      if (len < v->caps[i]) {
        memmove(v->values[i], value, len + 1);
      } else {
        free(v->values[i]);
        v->values[i] = scc_xstrndup(value, len);
        v->caps[i] = len + 1;
      }
      v->lens[i] = len;
      return;
    }
  }
  if (v->n == SCC_VARS_MAX) {
    scc_internal_error("more than SCC_VARS_MAX (%d) template variables (%s)", SCC_VARS_MAX, name);
  }
  v->names[v->n] = scc_xstrndup(name, strlen(name));
  v->values[v->n] = scc_xstrndup(value, len);
  v->lens[v->n] = len;
  v->caps[v->n] = len + 1;
  v->n++;
}

void scc_vars_setf(scc_vars *v, const char *name, const char *fmt, ...) {
  scc_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  scc_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  scc_vars_set(v, name, b.data ? b.data : "");
  scc_buf_free(&b);
}

/* Index of a variable, or -1. */
static long var_index(const scc_vars *v, const char *name) {
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->names[i], name)) return (long)i;
  return -1;
}

const char *scc_vars_get(const scc_vars *v, const char *name) {
  long i = var_index(v, name);
  return i < 0 ? NULL : v->values[i];
}

void scc_vars_free(scc_vars *v) {
  for (size_t i = 0; i < v->n; i++) {
    free(v->names[i]);
    free(v->values[i]);
  }
  v->n = 0;
}

/* Section index of the embedded templates, built on first use: emitters
 * look sections up several times per entity, and scanning the template
 * text each time dominated large schemas. The templates never change, so
 * the index is built once per process and published atomically (separate
 * compilers may run in separate threads); it is never freed. */
typedef struct section_ref {
  const char *name; /* points into the template text: "@@ <name>\n" */
  size_t len;
  const char *start, *end;
} section_ref;

typedef struct template_index {
  const char *file, *text;
  section_ref *v;
  size_t n;
} template_index;

static _Atomic(template_index *) g_index;

static const char *line_end(const char *p) {
  const char *e = strchr(p, '\n');
  return e ? e : p + strlen(p);
}

/* Sections of one template: a line "@@ name" starts one, which runs to the
 * next line starting with "@@ " (the first of two same-named sections wins
 * at lookup, as the index keeps text order). */
static void index_file(template_index *ix, const scc_template_file *f) {
  ix->file = f->name;
  ix->text = f->text;
  size_t cap = 0;
  for (const char *p = f->text; *p;) {
    const char *eol = line_end(p);
    if (!strncmp(p, "@@ ", 3)) cap++;
    p = *eol ? eol + 1 : eol;
  }
  ix->v = scc_xmalloc(cap * sizeof *ix->v);
  ix->n = 0;
  section_ref *open = NULL;
  for (const char *p = f->text;;) {
    if (!*p || !strncmp(p, "@@ ", 3)) {
      if (open) open->end = p;
      if (!*p) break;
      const char *eol = line_end(p);
      open = &ix->v[ix->n++];
      open->name = p + 3;
      open->len = (size_t)(eol - (p + 3));
      open->start = *eol ? eol + 1 : eol;
      p = open->start;
      continue;
    }
    const char *eol = line_end(p);
    p = *eol ? eol + 1 : eol;
  }
}

static const template_index *get_index(void) {
  template_index *ix = atomic_load(&g_index);
  if (ix) return ix;
  size_t n = 0;
  while (scc_template_files[n].name) n++;
  ix = scc_xmalloc((n + 1) * sizeof *ix);
  for (size_t i = 0; i < n; i++) index_file(&ix[i], &scc_template_files[i]);
  ix[n].file = NULL;
  template_index *expected = NULL;
  if (atomic_compare_exchange_strong(&g_index, &expected, ix)) return ix;
  for (size_t i = 0; i < n; i++) free(ix[i].v); /* another thread won */
  free(ix);
  return expected;
}

/* Finds the section's text: [*start, *end). */
static void find_section(const char *file, const char *section, const char **start, const char **end) {
  const template_index *text = NULL;
  for (const template_index *f = get_index(); f->file; f++)
    if (!strcmp(f->file, file)) text = f; /* the last of same-named files, as before */
  if (!text) {
    scc_internal_error("no template '%s'", file);
  }
  size_t slen = strlen(section);
  for (size_t i = 0; i < text->n; i++) {
    const section_ref *r = &text->v[i];
    if (r->len == slen && !memcmp(r->name, section, slen)) {
      *start = r->start;
      *end = r->end;
      return;
    }
  }
  scc_internal_error("no section '%s' in template '%s'", section, file);
}

static void expand(scc_buf *out, const char *file, const char *section, const scc_vars *v, bool trim) {
  const char *p, *end;
  find_section(file, section, &p, &end);
  if (trim && end > p && end[-1] == '\n') end--;
  bool line_start = true;
  while (p < end) {
    if (line_start && end - p >= 2 && p[0] == '#' && p[1] == '#') {
      const char *e = memchr(p, '\n', (size_t)(end - p));
      p = e ? e + 1 : end;
      continue;
    }
    /* A line holding only "{{var}}" stands for the value's own lines: an
     * empty value leaves no blank line. */
    if (line_start && end - p >= 4 && p[0] == '{' && p[1] == '{' && p[2] != '{') {
      const char *close = strstr(p + 2, "}}");
      if (close && close + 2 < end && close[2] == '\n' && !memchr(p, '\n', (size_t)(close - p))) {
        char name[SCC_TMPL_NAME_MAX + 1];
        size_t n = (size_t)(close - (p + 2));
        if (n < sizeof name) {
          memcpy(name, p + 2, n);
          name[n] = '\0';
          long vi = var_index(v, name);
          if (vi < 0) {
            scc_internal_error("variable '%s' unset in %s/%s", name, file, section);
          }
          const char *val = v->values[vi];
          size_t vl = v->lens[vi];
          scc_buf_put(out, val, vl);
          if (vl && val[vl - 1] != '\n') scc_buf_putc(out, '\n');
          p = close + 3;
          continue;
        }
      }
    }
    /* "{{{x}}}" is a literal brace around a placeholder. */
    if (end - p >= 3 && p[0] == '{' && p[1] == '{' && p[2] == '{') {
      scc_buf_putc(out, '{');
      p++;
      continue;
    }
    if (end - p >= 2 && p[0] == '{' && p[1] == '{') {
      const char *close = strstr(p + 2, "}}");
      if (!close || close > end) {
        scc_internal_error("unclosed {{ in %s/%s", file, section);
      }
      char name[SCC_TMPL_NAME_MAX + 1];
      size_t n = (size_t)(close - (p + 2));
      if (n >= sizeof name) {
        scc_internal_error("variable name longer than SCC_TMPL_NAME_MAX (%d) in %s/%s", SCC_TMPL_NAME_MAX, file,
                           section);
      }
      memcpy(name, p + 2, n);
      name[n] = '\0';
      long vi = var_index(v, name);
      if (vi < 0) {
        scc_internal_error("variable '%s' unset in %s/%s", name, file, section);
      }
      scc_buf_put(out, v->values[vi], v->lens[vi]);
      p = close + 2;
      line_start = false;
      continue;
    }
    if (*p == '\n' || *p == '{') {
      scc_buf_putc(out, *p);
      line_start = *p == '\n';
      p++;
      continue;
    }
    /* A run of plain text: no placeholder and no line start inside. */
    const char *run = p;
    while (p < end && *p != '\n' && *p != '{') p++;
    scc_buf_put(out, run, (size_t)(p - run));
    line_start = false;
  }
}

void scc_tmpl_emit(scc_buf *out, const char *file, const char *section, const scc_vars *v) {
  expand(out, file, section, v, false);
}

void scc_tmpl_emit_inline(scc_buf *out, const char *file, const char *section, const scc_vars *v) {
  expand(out, file, section, v, true);
}
