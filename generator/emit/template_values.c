/* Values of a template rendering: flat scc_vars (copied, malloc'd) and
 * view-model items (scc_view, in an arena). See template.h. */
#include "base/alloc.h"
#include "emit/template_values.h"

#include <stdarg.h>
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

bool scc_vars_lookup(const scc_vars *v, const char *name, size_t n, scc_tmpl_value *out) {
  for (size_t i = 0; v && i < v->n; i++) {
    if (!strncmp(v->names[i], name, n) && !v->names[i][n]) {
      *out = (scc_tmpl_value){v->values[i], v->lens[i], NULL};
      return true;
    }
  }
  return false;
}

/* ---- view items ---- */

typedef struct entry {
  const char *name;
  size_t nlen;
  const char *value; /* NULL for a list */
  size_t len;
  scc_view_items *list;
} entry;

struct scc_view {
  scc_arena *a;
  const scc_view *like; /* looked in after the item's own values */
  entry *e;
  size_t n, cap;
};

scc_view *scc_view_new(scc_arena *a) {
  scc_view *v = scc_alloc(a, sizeof *v);
  v->a = a;
  return v;
}

static entry *find(const scc_view *v, const char *name, size_t n) {
  for (size_t i = 0; i < v->n; i++)
    if (v->e[i].nlen == n && v->e[i].name[0] == name[0] && !memcmp(v->e[i].name, name, n)) return &v->e[i];
  return NULL;
}

/* The entry called name, added when new. */
static entry *slot(scc_view *v, const char *name) {
  entry *x = find(v, name, strlen(name));
  if (x) return x;
  if (v->n == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 16;
    entry *e = scc_alloc(v->a, sizeof *e * cap);
    if (v->n) memcpy(e, v->e, sizeof *e * v->n);
    v->e = e;
    v->cap = cap;
  }
  x = &v->e[v->n++];
  x->name = scc_strdup(v->a, name);
  x->nlen = strlen(name);
  return x;
}

void scc_view_set(scc_view *v, const char *name, const char *value) {
  entry *x = slot(v, name);
  if (x->list) scc_internal_error("view: '%s' is a list, not a value", name);
  x->value = value;
  x->len = strlen(value);
}

void scc_view_setf(scc_view *v, const char *name, const char *fmt, ...) {
  scc_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  scc_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  scc_view_set(v, name, scc_strndup(v->a, b.data ? b.data : "", b.len));
  scc_buf_free(&b);
}

void scc_view_flag(scc_view *v, const char *name, bool on) {
  scc_view_set(v, name, on ? "1" : "");
}

static scc_view_items *list_of(scc_view *v, const char *list) {
  entry *x = slot(v, list);
  if (x->value) scc_internal_error("view: '%s' is a value, not a list", list);
  if (!x->list) x->list = scc_alloc(v->a, sizeof *x->list);
  return x->list;
}

void scc_view_list(scc_view *v, const char *list) {
  list_of(v, list);
}

scc_view *scc_view_add(scc_view *v, const char *list) {
  scc_view_items *l = list_of(v, list);
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    scc_view **items = scc_alloc(v->a, sizeof *items * cap);
    if (l->n) memcpy(items, l->items, sizeof *items * l->n);
    l->items = items;
    l->cap = cap;
  }
  return l->items[l->n++] = scc_view_new(v->a);
}

scc_view *scc_view_add_like(scc_view *v, const char *list, const scc_view *like) {
  scc_view *item = scc_view_add(v, list);
  item->like = like;
  return item;
}

size_t scc_view_count(const scc_view *v, const char *list) {
  const entry *x = find(v, list, strlen(list));
  return x && x->list ? x->list->n : 0;
}

bool scc_view_lookup(const scc_view *v, const char *name, size_t n, scc_tmpl_value *out) {
  const entry *x = NULL;
  for (; v && !x; v = v->like) x = find(v, name, n);
  if (!x) return false;
  *out = (scc_tmpl_value){x->value, x->len, x->list};
  return true;
}
