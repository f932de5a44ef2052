/* The migrations directory of one dialect: NNNN_name.up.sql / .down.sql
 * read into memory, sorted by version (see migrate_dir.h). */
#define _POSIX_C_SOURCE 200809L
#include "base/alloc.h"
#include "migrate/migrate_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whole file, NUL-terminated, its length in *len; NULL (errno set) when
 * unreadable. */
static char *slurp(const char *path, size_t *len) {
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
  char *r = scc_buf_take(&b, len);
  if (!r) *len = 0;
  return r ? r : calloc(1, 1);
}

/* A migration file's text: readable, and no NUL byte (the runner gets C
 * strings: it would stop there while the checksums cover the whole file). */
static char *read_script(const char *path, bool *ok) {
  size_t len;
  char *text = slurp(path, &len);
  if (!text) {
    fprintf(stderr, "schemac: cannot read '%s': %s\n", path, strerror(errno));
    *ok = false;
    return NULL;
  }
  const char *nul = memchr(text, 0, len);
  if (nul) {
    unsigned line = 1;
    for (const char *q = text; q < nul; q++) line += *q == '\n';
    fprintf(stderr, "schemac: %s:%u: NUL byte in the file (the database would stop reading there; remove it)\n", path,
            line);
    *ok = false;
  }
  return text;
}

static int cmp_file(const void *a, const void *b) {
  const scc_mig_file *x = a, *y = b;
  return x->version < y->version ? -1 : x->version > y->version;
}

/* NNNN_name.up.sql / NNNN_name.down.sql: the version's digits, the name
 * (letters, digits, '_', '-') and the direction. False when `n` is not
 * shaped like that; *digits says how many digits the version has. */
static bool parse_name(const char *n, size_t *digits, const char **name, size_t *name_len, bool *up) {
  size_t len = strlen(n), d = 0;
  while (n[d] >= '0' && n[d] <= '9') d++;
  *digits = d;
  const char *suffix = len > 7 && !strcmp(n + len - 7, ".up.sql") ? n + len - 7
                       : len > 9 && !strcmp(n + len - 9, ".down.sql") ? n + len - 9
                                                                        : NULL;
  if (!d || n[d] != '_' || !suffix || suffix <= n + d + 1) return false;
  for (const char *c = n + d + 1; c < suffix; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
      return false;
  *name = n + d + 1;
  *name_len = (size_t)(suffix - *name);
  *up = suffix[1] == 'u';
  return true;
}

static scc_mig_file *find_or_add(scc_mig_dir *out, int64_t v, const char *name, size_t nl, const char *path, bool *ok) {
  for (size_t i = 0; i < out->nfiles; i++) {
    scc_mig_file *f = &out->files[i];
    if (f->version != v) continue;
    if (strlen(f->name) == nl && !memcmp(f->name, name, nl)) return f;
    fprintf(stderr, "schemac: %s: two migrations with version %lld in %s\n", path, (long long)v, out->path);
    *ok = false;
    return NULL;
  }
  scc_mig_file *g = scc_xrealloc_array(out->files, out->nfiles + 1, sizeof *g);
  out->files = g;
  scc_mig_file *f = &g[out->nfiles++];
  memset(f, 0, sizeof *f);
  f->version = v;
  f->name = scc_xmalloc(nl + 1);
  memcpy(f->name, name, nl);
  f->name[nl] = 0;
  return f;
}

bool scc_mig_dir_load(const char *dir, const char *dialect, scc_mig_dir *out) {
  memset(out, 0, sizeof *out);
  out->path = scc_path_join(dir, dialect);
  DIR *d = opendir(out->path);
  if (!d) return errno == ENOENT;
  struct dirent *de;
  bool ok = true;
  while ((de = readdir(d))) {
    const char *n = de->d_name;
    size_t len = strlen(n);
    if (len < 4 || strcmp(n + len - 4, ".sql")) continue; /* schema.lock, migrations.sum, a README */
    char *p = scc_path_join(out->path, n);
    size_t digits, nl;
    const char *name;
    bool up;
    if (!parse_name(n, &digits, &name, &nl, &up)) {
      fprintf(stderr, "schemac: %s: not a migration file name: want NNNN_name.up.sql or NNNN_name.down.sql "
              "(name: letters, digits, '_', '-'); rename or remove it\n", p);
      ok = false;
    } else if (digits > SCC_MIG_VERSION_MAX_DIGITS) {
      fprintf(stderr, "schemac: %s: the version has %zu digits; at most %d are allowed\n", p, digits,
              SCC_MIG_VERSION_MAX_DIGITS);
      ok = false;
    } else {
      scc_mig_file *f = find_or_add(out, strtoll(n, NULL, 10), name, nl, p, &ok);
      char **slot = f ? (up ? &f->up : &f->down) : NULL;
      if (slot && *slot) {
        fprintf(stderr, "schemac: %s: two migrations with version %lld in %s\n", p, (long long)f->version, out->path);
        ok = false;
      } else if (slot) {
        *slot = read_script(p, &ok);
      }
    }
    free(p);
  }
  closedir(d);
  if (out->nfiles) qsort(out->files, out->nfiles, sizeof *out->files, cmp_file);
  for (size_t i = 0; i < out->nfiles; i++) {
    const scc_mig_file *f = &out->files[i];
    if (!f->up || !f->down) {
      fprintf(stderr, "schemac: %s/%04lld_%s.%s.sql is missing: every migration is an up and a down file\n", out->path,
              (long long)f->version, f->name, f->up ? "down" : "up");
      ok = false;
    }
  }
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

