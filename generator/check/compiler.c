#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/arena.h"
#include "frontend/parse.h"
#include "check/compiler.h"

struct scc_compiler {
  scc_arena *arena;
  scc_diags *diags;
  scc_file **files;
  size_t nfiles, cap;
  bool parsed, parse_ok;
  const scc_schema *schema;
};

scc_compiler *scc_compiler_new(void) {
  scc_compiler *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->arena = scc_arena_new();
  c->diags = scc_diags_new();
  if (!c->arena || !c->diags) {
    scc_compiler_free(c);
    return NULL;
  }
  return c;
}

void scc_compiler_free(scc_compiler *c) {
  if (!c) return;
  scc_diags_free(c->diags);
  scc_arena_free(c->arena);
  free(c->files);
  free(c);
}

void scc_compiler_add_source(scc_compiler *c, const char *name, const char *text, size_t len) {
  if (c->nfiles == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 8;
    scc_file **grown = scc_xrealloc_array(c->files, c->cap, sizeof *grown);
    c->files = grown;
  }
  scc_file *f = scc_alloc(c->arena, sizeof *f);
  f->path = scc_strdup(c->arena, name);
  f->text = scc_strndup(c->arena, text, len);
  f->len = (uint32_t)len;
  f->file = scc_diags_add_source(c->diags, f->path, f->text, len);
  c->files[c->nfiles++] = f;
  c->parsed = false;
}

bool scc_compiler_add_file(scc_compiler *c, const char *path) {
  FILE *fp = fopen(path, "rb");
  scc_loc none = {SCC_NO_FILE, 0, 0};
  if (!fp) {
    scc_error(c->diags, none, "cannot read '%s': %s", path, strerror(errno));
    return false;
  }
  scc_buf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
    scc_buf_put(&b, chunk, n);
    if (b.len > 64u * 1024 * 1024) break; /* parse.c reports the size */
  }
  bool err = ferror(fp);
  fclose(fp);
  if (err) {
    scc_error(c->diags, none, "cannot read '%s'", path);
    scc_buf_free(&b);
    return false;
  }
  scc_compiler_add_source(c, path, b.data ? b.data : "", b.len);
  scc_buf_free(&b);
  return true;
}

bool scc_compiler_parse(scc_compiler *c) {
  if (c->parsed) return c->parse_ok;
  bool ok = true;
  for (size_t i = 0; i < c->nfiles; i++)
    if (!scc_parse_file(c->arena, c->diags, c->files[i])) ok = false;
  c->parsed = true;
  c->parse_ok = ok;
  return ok;
}

const scc_schema *scc_compiler_check(scc_compiler *c, const scc_check_options *opt) {
  scc_compiler_parse(c);
  /* Check even after syntax errors, over what did parse, so that one run
   * reports every mistake; the schema is usable only without errors. */
  scc_schema *s = scc_check(c->arena, c->diags, c->files, c->nfiles, opt);
  if (scc_diags_errors(c->diags)) return NULL;
  c->schema = s;
  return s;
}

scc_diags *scc_compiler_diags(scc_compiler *c) { return c->diags; }
size_t scc_compiler_nfiles(const scc_compiler *c) { return c->nfiles; }
scc_file *scc_compiler_file(scc_compiler *c, size_t i) { return i < c->nfiles ? c->files[i] : NULL; }
scc_arena *scc_compiler_arena(scc_compiler *c) { return c->arena; }
