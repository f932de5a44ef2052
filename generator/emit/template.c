/* Expansion of templates (see template.h): the section index of the
 * embedded files, the block checker, and the renderer. */
#include "base/alloc.h"
#include "emit/template_values.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tags ---- */

typedef enum tag_kind { TAG_VAR, TAG_OPEN, TAG_ELSE, TAG_CLOSE, TAG_PARTIAL } tag_kind;

/* One {{...}} of a section. [from, to) is the text it takes: the tag
 * itself, or its whole line when the tag stands alone on it. */
typedef struct tag {
  tag_kind kind;
  const char *at, *from, *to;
  const char *word, *arg; /* "each" and "fields" of {{#each fields}}; arg alone for a value */
  size_t wlen, alen;
  bool alone;
} tag;

/* Where a section is rendered from: for messages and line starts. */
typedef struct ctx {
  const char *file, *text; /* the whole file: line numbers */
  const char *sec;         /* the section's first byte */
  const struct template_index *ix;
} ctx;

static unsigned line_of(const ctx *c, const char *p) {
  unsigned line = 1;
  for (const char *q = c->text; q < p; q++) line += *q == '\n';
  return line;
}

#if defined(__GNUC__)
__attribute__((noreturn, format(printf, 3, 4)))
#endif
static void fail(const ctx *c, const char *at, const char *fmt, ...);

static bool at_line_start(const ctx *c, const char *p) {
  return p == c->sec || p[-1] == '\n';
}

static const char *skip_blanks(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  return p;
}

/* Parses the tag at p ("{{" not followed by a third brace) into t; false
 * when it is malformed, with a message in *why. */
static bool parse_tag(const ctx *c, const char *p, const char *end, tag *t, const char **why) {
  const char *close = p + 2;
  while (close + 1 < end && !(close[0] == '}' && close[1] == '}') && *close != '\n') close++;
  if (close + 1 >= end || *close == '\n') {
    *why = "unclosed {{";
    return false;
  }
  const char *in = p + 2;
  memset(t, 0, sizeof *t);
  t->at = p;
  t->kind = TAG_VAR;
  if (*in == '#' || *in == '/') {
    t->kind = *in == '#' ? TAG_OPEN : TAG_CLOSE;
    t->word = ++in;
    while (in < close && *in != ' ') in++;
    t->wlen = (size_t)(in - t->word);
    in = skip_blanks(in, close);
  } else if (*in == '>') {
    t->kind = TAG_PARTIAL;
    in = skip_blanks(in + 1, close);
  } else if ((size_t)(close - in) == 4 && !memcmp(in, "else", 4)) {
    t->kind = TAG_ELSE;
    in = close;
  }
  t->arg = in;
  t->alen = (size_t)(close - in);
  if (t->alen > SCC_TMPL_NAME_MAX) {
    *why = "name longer than SCC_TMPL_NAME_MAX";
    return false;
  }
  bool known = t->kind != TAG_OPEN && t->kind != TAG_CLOSE;
  static const char *const words[] = {"each", "if", "unless", NULL};
  for (int i = 0; !known && words[i]; i++) known = t->wlen == strlen(words[i]) && !memcmp(t->word, words[i], t->wlen);
  if (!known) {
    *why = "unknown block (#each, #if, #unless)";
    return false;
  }
  bool needs_arg = t->kind == TAG_VAR || t->kind == TAG_OPEN || t->kind == TAG_PARTIAL;
  if (needs_arg != (t->alen > 0) || memchr(t->arg, ' ', t->alen)) {
    *why = needs_arg ? "tag without a name" : "closing tag with a name";
    return false;
  }
  t->from = p;
  t->to = close + 2;
  /* Alone on its line: a block tag (indentation allowed) or a value (none). */
  const char *ls = p;
  while (ls > c->sec && (ls[-1] == ' ' || ls[-1] == '\t')) ls--;
  bool starts = t->kind == TAG_VAR ? at_line_start(c, p) : at_line_start(c, ls);
  if (starts && t->to < end && *t->to == '\n') {
    t->alone = true;
    t->from = t->kind == TAG_VAR ? p : ls;
    t->to++;
  } else if (starts && t->kind != TAG_VAR && t->to == end) {
    t->alone = true;
    t->from = ls;
  }
  return true;
}

/* The next tag at or after *pp before end, skipping "##" comment lines and
 * the first brace of "{{{". A malformed tag: false with *why set (and
 * t->at where it is); no tag: false with *why NULL. */
static bool scan_tag(const ctx *c, const char **pp, const char *end, tag *t, const char **why) {
  const char *p = *pp;
  *why = NULL;
  while (p < end) {
    if (at_line_start(c, p) && end - p >= 2 && p[0] == '#' && p[1] == '#') {
      const char *e = memchr(p, '\n', (size_t)(end - p));
      p = e ? e + 1 : end;
      continue;
    }
    if (p[0] == '{' && end - p >= 2 && p[1] == '{' && !(end - p >= 3 && p[2] == '{')) {
      if (!parse_tag(c, p, end, t, why)) {
        t->at = p;
        return false;
      }
      *pp = t->to;
      return true;
    }
    p++;
  }
  *pp = end;
  return false;
}

/* scan_tag for rendering: the templates were checked, a fault is a bug. */
static bool next_tag(const ctx *c, const char **pp, const char *end, tag *t) {
  const char *why;
  if (scan_tag(c, pp, end, t, &why)) return true;
  if (why) fail(c, t->at, "%s", why);
  return false;
}

/* ---- section index ---- */

/* Section index of the embedded templates, built on first use: emitters
 * look sections up many times per entity. The templates never change, so
 * the index is built (and every block checked) once per process and
 * published atomically (separate compilers may run in separate threads);
 * it is never freed. */
typedef struct section_ref {
  const char *name; /* points into the template text: "@@ <name>\n" */
  size_t len;
  const char *start, *end;
} section_ref;

/* A block's {{else}} and close, found when the file is checked: rendering
 * a block inside a loop then does not scan for its end again. */
typedef struct block_ref {
  const char *at; /* the opening tag */
  tag els, close;
  bool has_else;
} block_ref;

typedef struct template_index {
  const char *file, *text;
  section_ref *v;
  size_t n;
  block_ref *blocks; /* in text order */
  size_t nblocks, capblocks;
} template_index;

static _Atomic(template_index *) g_index;

static const char *line_end(const char *p) {
  const char *e = strchr(p, '\n');
  return e ? e : p + strlen(p);
}

/* Sections of one template: a line "@@ name" starts one, which runs to the
 * next line starting with "@@ " (the first of two same-named sections wins
 * at lookup, as the index keeps text order). */
static void index_text(template_index *ix, const char *file, const char *text) {
  ix->file = file;
  ix->text = text;
  size_t cap = 0;
  for (const char *p = text; *p;) {
    const char *eol = line_end(p);
    if (!strncmp(p, "@@ ", 3)) cap++;
    p = *eol ? eol + 1 : eol;
  }
  ix->v = scc_xmalloc((cap ? cap : 1) * sizeof *ix->v);
  ix->n = 0;
  ix->blocks = NULL;
  ix->nblocks = ix->capblocks = 0;
  section_ref *open = NULL;
  for (const char *p = text;;) {
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

/* ---- checking blocks ---- */

typedef struct check_error {
  const char *at;
  char msg[160];
} check_error;

/* Checks one section's blocks: every #x closed by /x, else only inside
 * #if/#unless and once. */
static void add_block(template_index *ix, const tag *open, const tag *els, const tag *close) {
  if (ix->nblocks == ix->capblocks) {
    ix->capblocks = ix->capblocks ? ix->capblocks * 2 : 64;
    ix->blocks = scc_xrealloc_array(ix->blocks, ix->capblocks, sizeof *ix->blocks);
  }
  block_ref *b = &ix->blocks[ix->nblocks++];
  b->at = open->at;
  b->has_else = els != NULL;
  if (els) b->els = *els;
  b->close = *close;
}

static int block_order(const void *a, const void *b) {
  const char *x = ((const block_ref *)a)->at, *y = ((const block_ref *)b)->at;
  return x < y ? -1 : x > y;
}

static bool check_section(const ctx *c, const char *end, check_error *err, template_index *ix) {
  tag stack[SCC_TMPL_DEPTH_MAX], elses[SCC_TMPL_DEPTH_MAX];
  bool has_else[SCC_TMPL_DEPTH_MAX];
  size_t depth = 0;
  const char *p = c->sec;
  tag t;
  const char *why;
  while (scan_tag(c, &p, end, &t, &why)) {
    if (t.kind == TAG_OPEN) {
      if (depth == SCC_TMPL_DEPTH_MAX) {
        err->at = t.at;
        snprintf(err->msg, sizeof err->msg, "blocks nested deeper than SCC_TMPL_DEPTH_MAX (%d)", SCC_TMPL_DEPTH_MAX);
        return false;
      }
      has_else[depth] = false;
      stack[depth++] = t;
    } else if (t.kind == TAG_ELSE) {
      if (!depth || stack[depth - 1].word[0] == 'e' || has_else[depth - 1]) {
        err->at = t.at;
        snprintf(err->msg, sizeof err->msg, "{{else}} outside {{#if}}/{{#unless}}, or a second one");
        return false;
      }
      has_else[depth - 1] = true;
      elses[depth - 1] = t;
    } else if (t.kind == TAG_CLOSE) {
      if (!depth || stack[depth - 1].wlen != t.wlen || memcmp(stack[depth - 1].word, t.word, t.wlen)) {
        err->at = t.at;
        if (depth)
          snprintf(err->msg, sizeof err->msg, "{{/%.*s}} closes {{#%.*s}} (line %u)", (int)t.wlen, t.word,
                   (int)stack[depth - 1].wlen, stack[depth - 1].word, line_of(c, stack[depth - 1].at));
        else snprintf(err->msg, sizeof err->msg, "{{/%.*s}} without an open block", (int)t.wlen, t.word);
        return false;
      }
      depth--;
      add_block(ix, &stack[depth], has_else[depth] ? &elses[depth] : NULL, &t);
    }
  }
  if (why) {
    err->at = t.at;
    snprintf(err->msg, sizeof err->msg, "%s", why);
    return false;
  }
  if (depth) {
    err->at = stack[depth - 1].at;
    snprintf(err->msg, sizeof err->msg, "{{#%.*s %.*s}} is never closed", (int)stack[depth - 1].wlen,
             stack[depth - 1].word, (int)stack[depth - 1].alen, stack[depth - 1].arg);
    return false;
  }
  return true;
}

static bool check_index(template_index *ix, scc_buf *errbuf) {
  for (size_t i = 0; i < ix->n; i++) {
    ctx c = {ix->file, ix->text, ix->v[i].start, ix};
    check_error err;
    if (!check_section(&c, ix->v[i].end, &err, ix)) {
      scc_buf_printf(errbuf, "%s:%u: %s", ix->file, line_of(&c, err.at), err.msg);
      return false;
    }
  }
  if (ix->nblocks) qsort(ix->blocks, ix->nblocks, sizeof *ix->blocks, block_order);
  return true;
}

static void free_index(template_index *ix) {
  free(ix->v);
  free(ix->blocks);
}

/* Indexes and checks a template text; a fault aborts. */
static void index_checked(template_index *ix, const char *file, const char *text) {
  index_text(ix, file, text);
  scc_buf err = {0};
  if (!check_index(ix, &err)) scc_internal_error("template %s", err.data);
}

bool scc_tmpl_check(const char *file, const char *text, scc_buf *err) {
  template_index ix;
  index_text(&ix, file, text);
  bool ok = check_index(&ix, err);
  free_index(&ix);
  return ok;
}

static const template_index *get_index(void) {
  template_index *ix = atomic_load(&g_index);
  if (ix) return ix;
  size_t n = 0;
  while (scc_template_files[n].name) n++;
  ix = scc_xmalloc((n + 1) * sizeof *ix);
  for (size_t i = 0; i < n; i++) index_checked(&ix[i], scc_template_files[i].name, scc_template_files[i].text);
  ix[n].file = NULL;
  template_index *expected = NULL;
  if (atomic_compare_exchange_strong(&g_index, &expected, ix)) return ix;
  for (size_t i = 0; i < n; i++) free_index(&ix[i]); /* another thread won */
  free(ix);
  return expected;
}

static const template_index *find_file(const char *file) {
  const template_index *text = NULL;
  for (const template_index *f = get_index(); f->file; f++)
    if (!strcmp(f->file, file)) text = f; /* the last of same-named files, as before */
  if (!text) scc_internal_error("no template '%s'", file);
  return text;
}

static const section_ref *find_section(const template_index *ix, const char *section, size_t slen) {
  for (size_t i = 0; i < ix->n; i++) {
    const section_ref *r = &ix->v[i];
    if (r->len == slen && !memcmp(r->name, section, slen)) return r;
  }
  scc_internal_error("no section '%.*s' in template '%s'", (int)slen, section, ix->file);
}

/* ---- rendering ---- */

/* The values in reach: the current item, then its parents. */
typedef struct scope {
  const scc_view *view;
  const scc_vars *vars;
  size_t index, count; /* position in the list being looped over (count 0: not an item) */
  const struct scope *parent;
} scope;

static void fail(const ctx *c, const char *at, const char *fmt, ...) {
  scc_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  scc_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  scc_internal_error("%s:%u: %s", c->file, line_of(c, at), b.data ? b.data : "");
}

/* Value or list `name`; @index, @number, @first, @last, @count of the nearest
 * item. Absent: the emitter did not set it, which is a bug. */
static scc_tmpl_value lookup(const ctx *c, const scope *s, const tag *t, char num[24]) {
  scc_tmpl_value v = {0};
  if (t->arg[0] == '@') {
    const scope *item = s;
    while (item && !item->count) item = item->parent;
    if (!item) fail(c, t->at, "{{%.*s}} outside {{#each}}", (int)t->alen, t->arg);
    const char *a = t->arg + 1;
    size_t n = t->alen - 1;
    if (n == 5 && !memcmp(a, "index", 5)) snprintf(num, 24, "%zu", item->index);
    else if (n == 6 && !memcmp(a, "number", 6)) snprintf(num, 24, "%zu", item->index + 1);
    else if (n == 5 && !memcmp(a, "first", 5)) snprintf(num, 24, "%s", item->index == 0 ? "1" : "");
    else if (n == 4 && !memcmp(a, "last", 4)) snprintf(num, 24, "%s", item->index + 1 == item->count ? "1" : "");
    else if (n == 5 && !memcmp(a, "count", 5)) snprintf(num, 24, "%zu", item->count);
    else fail(c, t->at, "unknown {{%.*s}}", (int)t->alen, t->arg);
    v.str = num;
    v.len = strlen(num);
    return v;
  }
  for (; s; s = s->parent) {
    if (s->view && scc_view_lookup(s->view, t->arg, t->alen, &v)) return v;
    if (s->vars && scc_vars_lookup(s->vars, t->arg, t->alen, &v)) return v;
  }
  fail(c, t->at, "'%.*s' unset", (int)t->alen, t->arg);
}

/* Copies template text, leaving out "##" comment lines. */
static void put_plain(scc_buf *out, const ctx *c, const char *p, const char *end) {
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    const char *next = eol ? eol + 1 : end;
    if (!(at_line_start(c, p) && end - p >= 2 && p[0] == '#' && p[1] == '#')) scc_buf_put(out, p, (size_t)(next - p));
    p = next;
  }
}

static void render(scc_buf *out, const ctx *c, const char *p, const char *end, const scope *s);

/* Renders the section called t->arg of the same file; inside a line,
 * without the final newline of what it renders (an expression, which the
 * section may pick among lines with blocks). */
static void render_partial(scc_buf *out, const ctx *c, const tag *t, const scope *s) {
  const section_ref *r = find_section(c->ix, t->arg, t->alen);
  ctx sub = *c;
  sub.sec = r->start;
  size_t before = out->len;
  render(out, &sub, r->start, r->end, s);
  if (!t->alone && out->len > before && out->data[out->len - 1] == '\n') out->data[--out->len] = '\0';
}

/* A block opened by `open`: finds its {{else}} (optional) and its close,
 * then renders the chosen part(s). Returns where the text continues. */
static const char *render_block(scc_buf *out, const ctx *c, const tag *open, const char *end, const scope *s) {
  (void)end;
  const block_ref *b = NULL;
  size_t lo = 0, hi = c->ix->nblocks;
  while (lo < hi && !b) {
    size_t mid = (lo + hi) / 2;
    const block_ref *m = &c->ix->blocks[mid];
    if (m->at == open->at) b = m;
    else if (m->at < open->at) lo = mid + 1;
    else hi = mid;
  }
  if (!b) fail(c, open->at, "{{#%.*s}} is never closed", (int)open->wlen, open->word); /* checked at load */
  const tag els = b->els, close = b->close;
  bool has_else = b->has_else;
  const char *body_end = has_else ? els.from : close.from;
  char num[24];
  scc_tmpl_value v = lookup(c, s, open, num);
  if (open->word[0] == 'e') {
    if (!v.list) fail(c, open->at, "{{#each %.*s}}: not a list", (int)open->alen, open->arg);
    for (size_t i = 0; i < v.list->n; i++) {
      scope item = {v.list->items[i], NULL, i, v.list->n, s};
      render(out, c, open->to, body_end, &item);
    }
    return close.to;
  }
  bool truth = v.list ? v.list->n > 0 : v.len > 0;
  if (open->word[0] == 'u') truth = !truth;
  if (truth) render(out, c, open->to, body_end, s);
  else if (has_else) render(out, c, els.to, close.from, s);
  return close.to;
}

static void render(scc_buf *out, const ctx *c, const char *p, const char *end, const scope *s) {
  const char *q = p;
  tag t;
  while (next_tag(c, &q, end, &t)) {
    put_plain(out, c, p, t.from);
    if (t.kind == TAG_VAR) {
      char num[24];
      scc_tmpl_value v = lookup(c, s, &t, num);
      if (v.list) fail(c, t.at, "'%.*s' is a list: use {{#each}}", (int)t.alen, t.arg);
      scc_buf_put(out, v.str, v.len);
      /* A line holding only a value stands for the value's own lines: an
       * empty value leaves no blank line. */
      if (t.alone && v.len && v.str[v.len - 1] != '\n') scc_buf_putc(out, '\n');
      q = t.to;
    } else if (t.kind == TAG_PARTIAL) {
      render_partial(out, c, &t, s);
      q = t.to;
    } else if (t.kind == TAG_OPEN) {
      q = render_block(out, c, &t, end, s);
    } else {
      if (t.kind == TAG_ELSE) fail(c, t.at, "unexpected {{else}}");
      fail(c, t.at, "unexpected {{/%.*s}}", (int)t.wlen, t.word);
    }
    p = q;
  }
  put_plain(out, c, p, end);
}

static void expand(scc_buf *out, const template_index *ix, const char *section, const scope *s, bool trim) {
  const section_ref *r = find_section(ix, section, strlen(section));
  ctx c = {ix->file, ix->text, r->start, ix};
  size_t before = out->len;
  render(out, &c, r->start, r->end, s);
  /* An inline expansion (a SQL fragment, an expression) is what the section
   * renders without its final newline. */
  if (trim && out->len > before && out->data[out->len - 1] == '\n') out->data[--out->len] = '\0';
}

void scc_tmpl_emit(scc_buf *out, const char *file, const char *section, const scc_vars *v) {
  scope s = {NULL, v, 0, 0, NULL};
  expand(out, find_file(file), section, &s, false);
}

void scc_tmpl_emit_inline(scc_buf *out, const char *file, const char *section, const scc_vars *v) {
  scope s = {NULL, v, 0, 0, NULL};
  expand(out, find_file(file), section, &s, true);
}

void scc_tmpl_render(scc_buf *out, const char *file, const char *section, const scc_view *v) {
  scope s = {v, NULL, 0, 0, NULL};
  expand(out, find_file(file), section, &s, false);
}

void scc_tmpl_render_inline(scc_buf *out, const char *file, const char *section, const scc_view *v) {
  scope s = {v, NULL, 0, 0, NULL};
  expand(out, find_file(file), section, &s, true);
}

void scc_tmpl_render_text(scc_buf *out, const char *file, const char *text, const char *section,
                          const scc_view *v) {
  template_index ix;
  index_checked(&ix, file, text);
  scope s = {v, NULL, 0, 0, NULL};
  expand(out, &ix, section, &s, false);
  free_index(&ix);
}
