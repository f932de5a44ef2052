/* Diagnostics: collected as {file, byte offset, length} and rendered late as
 * `file:line:col: error: message`, the source line and a caret underline. */
#ifndef SCC_DIAG_H
#define SCC_DIAG_H
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"

#define SCC_NO_FILE UINT32_MAX
#define SCC_MAX_ERRORS 50

typedef struct scc_loc {
  uint32_t file; /* index into the source table, SCC_NO_FILE for none */
  uint32_t off;  /* byte offset */
  uint32_t len;  /* bytes covered (0 is shown as one caret) */
} scc_loc;

typedef struct scc_source {
  const char *name;
  const char *text; /* NUL-terminated; may be shorter than len if it holds NUL */
  size_t len;
  bool valid_utf8;
} scc_source;

typedef enum { SCC_SEV_ERROR, SCC_SEV_WARNING } scc_severity;

typedef struct scc_diag scc_diag;
typedef struct scc_diags scc_diags;

scc_diags *scc_diags_new(void);
void scc_diags_free(scc_diags *d);

/* Registers a source; the text must outlive the diagnostics. Returns its index. */
uint32_t scc_diags_add_source(scc_diags *d, const char *name, const char *text, size_t len);
const scc_source *scc_diags_source(const scc_diags *d, uint32_t file);

/* Adds an error/warning. Returns a handle for help and notes, never NULL. */
scc_diag *scc_error(scc_diags *d, scc_loc at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* scc_error over a va_list, for wrappers that count their errors. */
scc_diag *scc_verror(scc_diags *d, scc_loc at, const char *fmt, va_list ap);
scc_diag *scc_warning(scc_diags *d, scc_loc at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void scc_diag_help(scc_diag *g, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void scc_diag_note(scc_diag *g, scc_loc at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

size_t scc_diags_errors(const scc_diags *d);
size_t scc_diags_warnings(const scc_diags *d);

/* Renders every diagnostic, sorted by file and position, capped at
 * SCC_MAX_ERRORS errors (a final line says how many were left out). */
void scc_diags_render(const scc_diags *d, scc_buf *out);

/* 1-based line and column (columns count characters, not bytes). */
void scc_loc_line_col(const scc_source *s, uint32_t off, unsigned *line, unsigned *col);

/* Decodes one UTF-8 sequence; returns its length, or 0 if invalid. */
size_t scc_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
#endif
