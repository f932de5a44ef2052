/* Allocation that cannot fail (see alloc.h). */
#include "base/alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *check(void *p) {
  if (!p) {
    fputs("schemac: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *scc_xmalloc(size_t n) { return check(malloc(n ? n : 1)); }
void *scc_xcalloc(size_t count, size_t size) { return check(calloc(count ? count : 1, size ? size : 1)); }
void *scc_xrealloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }

void *scc_xrealloc_array(void *p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) check(NULL);
  return scc_xrealloc(p, count * size);
}

char *scc_xstrndup(const char *s, size_t n) {
  char *d = scc_xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *scc_path_join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *p = scc_xmalloc(n);
  snprintf(p, n, "%s/%s", a, b);
  return p;
}

void scc_internal_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("schemac: internal error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  abort();
}
