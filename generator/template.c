/* Expansion of embedded templates (see template.h). */
#include "template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup(const char *s) {
  size_t n = strlen(s);
  char *p = malloc(n + 1);
  if (!p) {
    fputs("schemac: out of memory\n", stderr);
    exit(1);
  }
  memcpy(p, s, n + 1);
  return p;
}

void scc_vars_set(scc_vars *v, const char *name, const char *value) {
  for (size_t i = 0; i < v->n; i++) {
    if (!strcmp(v->names[i], name)) {
      free(v->values[i]);
      v->values[i] = dup(value);
      return;
    }
  }
  if (v->n == sizeof v->names / sizeof v->names[0]) {
    fprintf(stderr, "schemac: internal error: too many template variables (%s)\n", name);
    abort();
  }
  v->names[v->n] = dup(name);
  v->values[v->n] = dup(value);
  v->n++;
}

void scc_vars_setf(scc_vars *v, const char *name, const char *fmt, ...) {
  scc_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  char tmp[1024];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof tmp) {
    fprintf(stderr, "schemac: internal error: template value too long (%s)\n", name);
    abort();
  }
  scc_vars_set(v, name, tmp);
  scc_buf_free(&b);
}

const char *scc_vars_get(const scc_vars *v, const char *name) {
  for (size_t i = 0; i < v->n; i++)
    if (!strcmp(v->names[i], name)) return v->values[i];
  return NULL;
}

void scc_vars_free(scc_vars *v) {
  for (size_t i = 0; i < v->n; i++) {
    free(v->names[i]);
    free(v->values[i]);
  }
  v->n = 0;
}

/* Finds the section's text: [*start, *end). */
static void find_section(const char *file, const char *section, const char **start, const char **end) {
  const char *text = NULL;
  for (const scc_template_file *f = scc_template_files; f->name; f++)
    if (!strcmp(f->name, file)) text = f->text;
  if (!text) {
    fprintf(stderr, "schemac: internal error: no template '%s'\n", file);
    abort();
  }
  size_t slen = strlen(section);
  const char *p = text;
  while (*p) {
    const char *eol = strchr(p, '\n');
    const char *next = eol ? eol + 1 : p + strlen(p);
    if (!strncmp(p, "@@ ", 3) && (size_t)((eol ? eol : next) - (p + 3)) == slen && !strncmp(p + 3, section, slen)) {
      const char *q = next;
      while (*q && strncmp(q, "@@ ", 3)) {
        const char *e = strchr(q, '\n');
        q = e ? e + 1 : q + strlen(q);
      }
      *start = next;
      *end = q;
      return;
    }
    p = next;
  }
  fprintf(stderr, "schemac: internal error: no section '%s' in template '%s'\n", section, file);
  abort();
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
        char name[64];
        size_t n = (size_t)(close - (p + 2));
        if (n < sizeof name) {
          memcpy(name, p + 2, n);
          name[n] = '\0';
          const char *val = scc_vars_get(v, name);
          if (!val) {
            fprintf(stderr, "schemac: internal error: variable '%s' unset in %s/%s\n", name, file, section);
            abort();
          }
          scc_buf_puts(out, val);
          size_t vl = strlen(val);
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
        fprintf(stderr, "schemac: internal error: unclosed {{ in %s/%s\n", file, section);
        abort();
      }
      char name[64];
      size_t n = (size_t)(close - (p + 2));
      if (n >= sizeof name) n = sizeof name - 1;
      memcpy(name, p + 2, n);
      name[n] = '\0';
      const char *val = scc_vars_get(v, name);
      if (!val) {
        fprintf(stderr, "schemac: internal error: variable '%s' unset in %s/%s\n", name, file, section);
        abort();
      }
      scc_buf_puts(out, val);
      p = close + 2;
      line_start = false;
      continue;
    }
    scc_buf_putc(out, *p);
    line_start = *p == '\n';
    p++;
  }
}

void scc_tmpl_emit(scc_buf *out, const char *file, const char *section, const scc_vars *v) {
  expand(out, file, section, v, false);
}

void scc_tmpl_emit_inline(scc_buf *out, const char *file, const char *section, const scc_vars *v) {
  expand(out, file, section, v, true);
}
