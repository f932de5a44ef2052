#include "base/alloc.h"
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(scc_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = scc_xrealloc(b->data, cap);
  b->data = p;
  b->cap = cap;
}

void scc_buf_put(scc_buf *b, const char *s, size_t n) {
  grow(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void scc_buf_puts(scc_buf *b, const char *s) { scc_buf_put(b, s, strlen(s)); }
void scc_buf_putc(scc_buf *b, char c) {
  if (b->len + 2 > b->cap) grow(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = 0;
}

void scc_buf_fill(scc_buf *b, char c, size_t n) {
  grow(b, n);
  memset(b->data + b->len, c, n);
  b->len += n;
  b->data[b->len] = 0;
}

void scc_buf_vprintf(scc_buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n > 0) {
    grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
  }
  va_end(again);
}

void scc_buf_printf(scc_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  scc_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *scc_xasprintf(const char *fmt, ...) {
  scc_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  scc_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return scc_buf_take(&b, NULL);
}

char *scc_buf_take(scc_buf *b, size_t *len) {
  if (!b->data) grow(b, 0), b->data[0] = 0;
  char *p = b->data;
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

void scc_buf_free(scc_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
