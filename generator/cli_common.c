#define _POSIX_C_SOURCE 200809L
#include "cli_common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *scc_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *p = malloc(cap + 1);
  for (;;) {
    if (!p) break;
    size_t r = fread(p + n, 1, cap - n, f);
    n += r;
    if (r == 0) break;
    if (n == cap) {
      char *q = realloc(p, cap * 2 + 1);
      if (!q) {
        free(p);
        p = NULL;
        break;
      }
      p = q;
      cap *= 2;
    }
  }
  int err = ferror(f);
  fclose(f);
  if (!p || err) {
    free(p);
    errno = err ? EIO : ENOMEM;
    return NULL;
  }
  p[n] = 0;
  *len = n;
  return p;
}

int scc_write_file_atomic(const char *path, const char *data, size_t len, bool *changed) {
  size_t old_len;
  char *old = scc_read_file(path, &old_len);
  if (old && old_len == len && memcmp(old, data, len) == 0) {
    free(old);
    if (changed) *changed = false;
    return 0;
  }
  free(old);
  size_t n = strlen(path);
  char *tmp = malloc(n + 16);
  if (!tmp) return -1;
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    return -1;
  }
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      unlink(tmp);
      free(tmp);
      errno = e;
      return -1;
    }
    off += (size_t)w;
  }
  /* Keep the usual permissions of a new file (mkstemp makes it 0600). */
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
  }
  free(tmp);
  if (changed) *changed = true;
  return 0;
}
