#define _POSIX_C_SOURCE 200809L
#include "cli/cli_common.h"
#include "base/names.h"

#include "schemac.h"

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

int scc_cli_usage_error(const char *fmt, const char *arg, const char *usage) {
  fprintf(stderr, "schemac: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n\n%s", usage);
  return EXIT_USAGE;
}

void scc_cli_print_diags(scc_compiler *c) {
  scc_buf out = {0};
  scc_diags_render(scc_compiler_diags(c), &out);
  if (out.len) fwrite(out.data, 1, out.len, stderr);
  size_t e = scc_diags_errors(scc_compiler_diags(c));
  if (e) fprintf(stderr, "%zu error%s\n", e, e == 1 ? "" : "s");
  scc_buf_free(&out);
}

int scc_cli_check_prefix(const char *p) {
  bool ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_';
  for (const char *q = p; ok && *q; q++)
    ok = (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_';
  if (!ok)
    return scc_cli_usage_error("--prefix '%s' is not a C identifier (letters, digits and '_', not starting with a digit)",
                               p, "");
  if (p[0] == '_' && (p[1] == '_' || (p[1] >= 'A' && p[1] <= 'Z')))
    return scc_cli_usage_error("--prefix '%s' makes names reserved in C (starting with '__' or '_' and a capital)", p, "");
  if (scc_is_reserved_prefix(p))
    return scc_cli_usage_error("--prefix '%s' is the prefix of the schemac runtime (sc_, SC_); choose another", p, "");
  return 0;
}

/* Parses FILES and the options a command allows. */
int scc_cli_parse_args(int argc, char **argv, scc_cli_args *a, const char *usage, bool allow_dialect, bool allow_check) {
  a->files = calloc((size_t)argc + 1, sizeof *a->files);
  if (!a->files) return EXIT_USAGE;
  for (int i = 0; i < argc; i++) {
    const char *s = argv[i];
    if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
      fputs(usage, stdout);
      return -1;
    } else if (allow_dialect && (!strcmp(s, "--dialect") || !strcmp(s, "--prefix"))) {
      if (i + 1 >= argc) return scc_cli_usage_error("%s needs a value", s, usage);
      if (s[2] == 'd') {
        a->dialect = argv[++i];
      } else {
        a->prefix = argv[++i];
        int bad = scc_cli_check_prefix(a->prefix);
        if (bad) return bad;
      }
    } else if (allow_dialect && !strncmp(s, "--dialect=", 10)) {
      a->dialect = s + 10;
    } else if (allow_check && !strcmp(s, "--check")) {
      a->check = true;
    } else if (s[0] == '-' && s[1]) {
      return scc_cli_usage_error("unknown option '%s'", s, usage);
    } else {
      a->files[a->nfiles++] = s;
    }
  }
  if (a->nfiles == 0) return scc_cli_usage_error("%sno schema files given", "", usage);
  return 0;
}

scc_compiler *scc_cli_load(const scc_cli_args *a) {
  scc_compiler *c = scc_compiler_new();
  if (!c) {
    fputs("schemac: out of memory\n", stderr);
    exit(EXIT_SCHEMA);
  }
  for (int i = 0; i < a->nfiles; i++) scc_compiler_add_file(c, a->files[i]);
  return c;
}


int scc_cli_take_check_db(int *argc, char **argv, const char **url, const char *usage) {
  const char *env = getenv("SCHEMAC_CHECK_DB");
  *url = env && *env ? env : NULL;
  int n = 0;
  for (int i = 0; i < *argc; i++) {
    if (!strcmp(argv[i], "--check-db")) {
      if (i + 1 >= *argc) return scc_cli_usage_error("%s needs a value", argv[i], usage);
      *url = argv[++i];
    } else if (!strncmp(argv[i], "--check-db=", 11)) {
      *url = argv[i] + 11;
    } else {
      argv[n++] = argv[i];
    }
  }
  *argc = n;
  return 0;
}

int scc_cli_check_queries(scc_compiler *c, const scc_schema *s, const char *url) {
  scc_query_check_options opt = {url};
  switch (scc_query_check(s, scc_compiler_arena(c), scc_compiler_diags(c), &opt)) {
  case SCC_QCHECK_OK: return EXIT_OK;
  case SCC_QCHECK_ERRORS: return EXIT_SCHEMA;
  default: return EXIT_DB;
  }
}
