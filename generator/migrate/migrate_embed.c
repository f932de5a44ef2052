/* Migrations embedded in C (see scc_emit_migrations_c in migrate_dir.h):
 * every file becomes a NUL-terminated char array. The layout is
 * templates/migrations.tmpl; this file computes the values, escaping every
 * schema-controlled text (the directory path, migration names, the header's
 * name) for the comment or string literal it lands in. */
#include <stdio.h>
#include <string.h>

#include "emit/emit_c.h"
#include "emit/template.h"
#include "migrate/migrate_dir.h"

#define TMPL "migrations.tmpl"

/* The bytes of s and its NUL, 16 a line: "  0x2d, 0x2d, ...,". */
static void byte_lines(scc_buf *b, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i <= n; i++) {
    if (i && i % 16 == 0) scc_buf_putc(b, '\n');
    scc_buf_printf(b, "%s 0x%02x,", i % 16 ? "" : " ", (unsigned char)s[i]);
  }
}

/* Sets `name` to s made safe for a C comment, or for the inside of a C
 * string literal. */
static void set_comment(scc_vars *v, const char *name, const char *s) {
  scc_buf b = {0};
  scc_c_comment_put(&b, s, strlen(s));
  scc_vars_set(v, name, b.data ? b.data : "");
  scc_buf_free(&b);
}

static void set_literal(scc_vars *v, const char *name, const char *s) {
  scc_buf b = {0};
  for (size_t i = 0; s[i]; i++) scc_c_literal_put(&b, s, i);
  scc_vars_set(v, name, b.data ? b.data : "");
  scc_buf_free(&b);
}

static void emit_file(scc_buf *src, scc_vars *v, const char *direction, const char *text) {
  scc_buf bytes = {0};
  byte_lines(&bytes, text);
  scc_vars_set(v, "direction", direction);
  scc_vars_set(v, "bytes", bytes.data);
  scc_tmpl_emit(src, TMPL, "file", v);
  scc_buf_free(&bytes);
}

void scc_emit_migrations_c(const scc_mig_dir *d, const char *prefix, sc_dialect dialect, const char *stem,
                           scc_buf *src, scc_buf *hdr) {
  const char *dn = scc_dialect_name(dialect);
  scc_vars v = {0};
  /* prefix is a validated C identifier (--prefix), dn a dialect name. */
  scc_vars_set(&v, "prefix", prefix);
  scc_vars_set(&v, "dialect", dn);
  scc_vars_set(&v, "schemac_version", SCHEMAC_VERSION);
  set_comment(&v, "path", d->path);
  scc_buf gb = {0};
  scc_buf_printf(&gb, "%s_MIGRATIONS_%s_H", prefix, dn);
  for (size_t q = 0; q < gb.len; q++)
    if (gb.data[q] >= 'a' && gb.data[q] <= 'z') gb.data[q] = (char)(gb.data[q] - 'a' + 'A');
  scc_vars_set(&v, "guard", gb.data);
  scc_buf_free(&gb);
  scc_tmpl_emit(hdr, TMPL, "header", &v);

  set_literal(&v, "stem", stem);
  scc_tmpl_emit(src, TMPL, "source_begin", &v);
  for (size_t i = 0; i < d->nfiles; i++) {
    const scc_mig_file *f = &d->files[i];
    scc_vars_setf(&v, "number", "%04lld", (long long)f->version);
    set_comment(&v, "name", f->name);
    emit_file(src, &v, "up", f->up);
    if (f->down) emit_file(src, &v, "down", f->down);
  }
  scc_tmpl_emit(src, TMPL, "list_begin", &v);
  for (size_t i = 0; i < d->nfiles; i++) {
    const scc_mig_file *f = &d->files[i];
    scc_vars_setf(&v, "id", "%lld", (long long)f->version);
    scc_vars_setf(&v, "number", "%04lld", (long long)f->version);
    set_literal(&v, "name_literal", f->name);
    if (f->down) scc_vars_setf(&v, "down", "m%04lld_down", (long long)f->version);
    else scc_vars_set(&v, "down", "NULL");
    scc_tmpl_emit(src, TMPL, "list_entry", &v);
  }
  if (!d->nfiles) scc_tmpl_emit(src, TMPL, "list_empty", &v);
  scc_vars_setf(&v, "count", "%zu", d->nfiles);
  scc_tmpl_emit(src, TMPL, "source_end", &v);
  scc_vars_free(&v);
}
