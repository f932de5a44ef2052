/* The migrations directory of one dialect: NNNN_name.up.sql / .down.sql
 * read into memory, sorted by version (see migrate_dir.h). */
#define _POSIX_C_SOURCE 200809L
#include "migrate_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whole file, NUL-terminated; NULL (errno set) when unreadable. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  scc_buf b = {0};
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) scc_buf_put(&b, tmp, n);
  bool err = ferror(f);
  fclose(f);
  if (err) {
    scc_buf_free(&b);
    errno = EIO;
    return NULL;
  }
  size_t len;
  char *r = scc_buf_take(&b, &len);
  return r ? r : calloc(1, 1);
}

static char *path_join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *p = malloc(n);
  if (!p) abort();
  snprintf(p, n, "%s/%s", a, b);
  return p;
}

static int cmp_file(const void *a, const void *b) {
  const scc_mig_file *x = a, *y = b;
  return x->version < y->version ? -1 : x->version > y->version;
}

bool scc_mig_dir_load(const char *dir, const char *dialect, scc_mig_dir *out) {
  memset(out, 0, sizeof *out);
  out->path = path_join(dir, dialect);
  DIR *d = opendir(out->path);
  if (!d) return errno == ENOENT;
  struct dirent *de;
  bool ok = true;
  while ((de = readdir(d))) {
    const char *n = de->d_name;
    size_t len = strlen(n);
    char *end;
    long long v = strtoll(n, &end, 10);
    if (end == n || *end != '_' || len < 8 || strcmp(n + len - 7, ".up.sql")) continue;
    for (size_t i = 0; i < out->nfiles; i++)
      if (out->files[i].version == v) {
        fprintf(stderr, "schemac: two migrations with version %lld in %s\n", v, out->path);
        ok = false;
      }
    scc_mig_file *g = realloc(out->files, (out->nfiles + 1) * sizeof *g);
    if (!g) abort();
    out->files = g;
    scc_mig_file *f = &g[out->nfiles++];
    memset(f, 0, sizeof *f);
    f->version = v;
    size_t nl = len - 7 - (size_t)(end + 1 - n);
    f->name = malloc(nl + 1);
    if (!f->name) abort();
    memcpy(f->name, end + 1, nl);
    f->name[nl] = 0;
    char *p = path_join(out->path, n);
    char *grown = realloc(p, strlen(p) + 3); /* room for ".down.sql" */
    if (!grown) abort();
    p = grown;
    f->up = slurp(p);
    if (!f->up) {
      fprintf(stderr, "schemac: cannot read '%s': %s\n", p, strerror(errno));
      ok = false;
    }
    strcpy(p + strlen(p) - 7, ".down.sql");
    f->down = slurp(p);
    free(p);
  }
  closedir(d);
  if (out->nfiles) qsort(out->files, out->nfiles, sizeof *out->files, cmp_file);
  return ok;
}

void scc_mig_dir_free(scc_mig_dir *d) {
  for (size_t i = 0; i < d->nfiles; i++) {
    free(d->files[i].name);
    free(d->files[i].up);
    free(d->files[i].down);
  }
  free(d->files);
  free(d->path);
  memset(d, 0, sizeof *d);
}

