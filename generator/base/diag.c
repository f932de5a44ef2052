#include "base/alloc.h"
#include "base/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct note {
  scc_loc at;
  char *msg;
} note;

struct scc_diag {
  scc_severity sev;
  scc_loc at;
  size_t seq; /* insertion order, to keep the sort stable */
  char *msg;
  char *help;
  note *notes;
  size_t nnotes;
};

struct scc_diags {
  scc_source *src;
  size_t nsrc, capsrc;
  scc_diag **list;
  size_t n, cap;
  size_t errors, warnings;
};

static char *vfmt(const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *p = scc_xrealloc(NULL, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

scc_diags *scc_diags_new(void) {
  scc_diags *d = scc_xcalloc(1, sizeof *d);
  return d;
}

void scc_diags_free(scc_diags *d) {
  if (!d) return;
  for (size_t i = 0; i < d->n; i++) {
    scc_diag *g = d->list[i];
    for (size_t j = 0; j < g->nnotes; j++) free(g->notes[j].msg);
    free(g->notes);
    free(g->msg);
    free(g->help);
    free(g);
  }
  free(d->list);
  free(d->src);
  free(d);
}

uint32_t scc_diags_add_source(scc_diags *d, const char *name, const char *text, size_t len) {
  if (d->nsrc == d->capsrc) {
    d->capsrc = d->capsrc ? d->capsrc * 2 : 8;
    d->src = scc_xrealloc(d->src, d->capsrc * sizeof *d->src);
  }
  scc_source *s = &d->src[d->nsrc];
  s->name = name;
  s->text = text;
  s->len = len;
  s->valid_utf8 = true;
  return (uint32_t)d->nsrc++;
}

const scc_source *scc_diags_source(const scc_diags *d, uint32_t file) {
  return file < d->nsrc ? &d->src[file] : NULL;
}

static scc_diag *add(scc_diags *d, scc_severity sev, scc_loc at, const char *fmt, va_list ap) {
  scc_diag *g = scc_xcalloc(1, sizeof *g);
  g->sev = sev;
  g->at = at;
  g->seq = d->n;
  g->msg = vfmt(fmt, ap);
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->list = scc_xrealloc(d->list, d->cap * sizeof *d->list);
  }
  d->list[d->n++] = g;
  if (sev == SCC_SEV_ERROR)
    d->errors++;
  else
    d->warnings++;
  return g;
}

scc_diag *scc_verror(scc_diags *d, scc_loc at, const char *fmt, va_list ap) {
  return add(d, SCC_SEV_ERROR, at, fmt, ap);
}

scc_diag *scc_error(scc_diags *d, scc_loc at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  scc_diag *g = add(d, SCC_SEV_ERROR, at, fmt, ap);
  va_end(ap);
  return g;
}

scc_diag *scc_warning(scc_diags *d, scc_loc at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  scc_diag *g = add(d, SCC_SEV_WARNING, at, fmt, ap);
  va_end(ap);
  return g;
}

void scc_diag_help(scc_diag *g, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  free(g->help);
  g->help = vfmt(fmt, ap);
  va_end(ap);
}

void scc_diag_note(scc_diag *g, scc_loc at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g->notes = scc_xrealloc(g->notes, (g->nnotes + 1) * sizeof *g->notes);
  g->notes[g->nnotes].at = at;
  g->notes[g->nnotes].msg = vfmt(fmt, ap);
  g->nnotes++;
  va_end(ap);
}

size_t scc_diags_errors(const scc_diags *d) { return d->errors; }
size_t scc_diags_warnings(const scc_diags *d) { return d->warnings; }

size_t scc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  if (n == 0) return 0;
  unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  uint32_t v, min;
  if ((c & 0xE0) == 0xC0) {
    len = 2, v = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, v = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

/* Length of the character at p: a valid UTF-8 sequence, or one byte. */
static size_t char_len(const char *p, size_t n) {
  uint32_t cp;
  size_t k = scc_utf8_decode((const unsigned char *)p, n, &cp);
  return k ? k : 1;
}

static size_t line_start(const scc_source *s, uint32_t off) {
  size_t i = off > s->len ? s->len : off;
  while (i > 0 && s->text[i - 1] != '\n') i--;
  return i;
}

void scc_loc_line_col(const scc_source *s, uint32_t off, unsigned *line, unsigned *col) {
  if (off > s->len) off = (uint32_t)s->len;
  unsigned ln = 1;
  for (size_t i = 0; i < off; i++)
    if (s->text[i] == '\n') ln++;
  size_t ls = line_start(s, off);
  unsigned c = 1;
  for (size_t i = ls; i < off;) {
    i += char_len(s->text + i, off - i);
    c++;
  }
  *line = ln;
  *col = c;
}

/* Prints one source line, invalid bytes and control characters shown as '?'
 * and '\r' dropped, so the terminal shows what the columns count. */
static void put_line(scc_buf *out, const char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)p[i];
    if (c == '\t') {
      scc_buf_putc(out, '\t');
      i++;
    } else if (c == '\r') {
      i++;
    } else if (c < 0x20 || c == 0x7f) {
      scc_buf_putc(out, '?');
      i++;
    } else {
      uint32_t cp;
      size_t k = scc_utf8_decode((const unsigned char *)p + i, n - i, &cp);
      if (k == 0) {
        scc_buf_putc(out, '?');
        i++;
      } else {
        scc_buf_put(out, p + i, k);
        i += k;
      }
    }
  }
}

/* Longest source line shown; longer lines are cut around the spot. */
#define MAX_SHOWN 160

static void render_snippet(const scc_diags *d, scc_loc at, scc_buf *out) {
  const scc_source *s = scc_diags_source(d, at.file);
  if (!s) return;
  uint32_t off = at.off > s->len ? (uint32_t)s->len : at.off;
  unsigned line, col;
  scc_loc_line_col(s, off, &line, &col);
  size_t ls = line_start(s, off);
  size_t le = off;
  while (le < s->len && s->text[le] != '\n') le++;
  /* Cut very long lines: start a little before the spot. */
  size_t show_from = ls;
  if (le - ls > MAX_SHOWN && off - ls > MAX_SHOWN / 2) {
    show_from = off - MAX_SHOWN / 2;
    while (show_from < off && ((unsigned char)s->text[show_from] & 0xC0) == 0x80) show_from++;
  }
  size_t show_to = le;
  if (show_to - show_from > MAX_SHOWN) {
    show_to = show_from + MAX_SHOWN;
    if (show_to < off + 1) show_to = off + 1;
    while (show_to < le && ((unsigned char)s->text[show_to] & 0xC0) == 0x80) show_to++;
  }
  char num[32];
  int w = snprintf(num, sizeof num, "%u", line);
  if (w < 5) w = 5;
  scc_buf_printf(out, "%*u | ", w, line);
  if (show_from > ls) scc_buf_puts(out, "...");
  put_line(out, s->text + show_from, show_to - show_from);
  if (show_to < le) scc_buf_puts(out, "...");
  scc_buf_putc(out, '\n');
  scc_buf_fill(out, ' ', (size_t)w + 1);
  scc_buf_puts(out, "| ");
  if (show_from > ls) scc_buf_puts(out, "   ");
  /* Pad with the same characters the source has (tabs stay tabs). */
  for (size_t i = show_from; i < off;) {
    scc_buf_putc(out, s->text[i] == '\t' ? '\t' : ' ');
    i += char_len(s->text + i, off - i);
  }
  scc_buf_putc(out, '^');
  size_t end = off + at.len;
  if (end > le) end = le;
  if (end > show_to) end = show_to;
  size_t first = off < end ? char_len(s->text + off, end - off) : 0;
  for (size_t i = off + first; i < end;) {
    scc_buf_putc(out, '~');
    i += char_len(s->text + i, end - i);
  }
  scc_buf_putc(out, '\n');
}

static void render_head(const scc_diags *d, scc_loc at, const char *kind, const char *msg, scc_buf *out) {
  const scc_source *s = scc_diags_source(d, at.file);
  if (s) {
    unsigned line, col;
    scc_loc_line_col(s, at.off, &line, &col);
    scc_buf_printf(out, "%s:%u:%u: %s: %s\n", s->name, line, col, kind, msg);
  } else {
    scc_buf_printf(out, "schemac: %s: %s\n", kind, msg);
  }
}

static int cmp_diag(const void *a, const void *b) {
  const scc_diag *x = *(scc_diag *const *)a, *y = *(scc_diag *const *)b;
  if (x->at.file != y->at.file) return x->at.file < y->at.file ? -1 : 1;
  if (x->at.off != y->at.off) return x->at.off < y->at.off ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void scc_diags_render(const scc_diags *d, scc_buf *out) {
  scc_diag **sorted = scc_xrealloc(NULL, (d->n ? d->n : 1) * sizeof *sorted);
  if (d->n) memcpy(sorted, d->list, d->n * sizeof *sorted);
  qsort(sorted, d->n, sizeof *sorted, cmp_diag);
  size_t shown = 0;
  for (size_t i = 0; i < d->n; i++) {
    const scc_diag *g = sorted[i];
    if (g->sev == SCC_SEV_ERROR && ++shown > SCC_MAX_ERRORS) continue;
    render_head(d, g->at, g->sev == SCC_SEV_ERROR ? "error" : "warning", g->msg, out);
    render_snippet(d, g->at, out);
    for (size_t j = 0; j < g->nnotes; j++) {
      render_head(d, g->notes[j].at, "note", g->notes[j].msg, out);
      render_snippet(d, g->notes[j].at, out);
    }
    if (g->help) scc_buf_printf(out, "help: %s\n", g->help);
  }
  if (d->errors > SCC_MAX_ERRORS)
    scc_buf_printf(out, "schemac: too many errors; %zu more not shown\n", d->errors - SCC_MAX_ERRORS);
  free(sorted);
}
