/* Growable byte buffer for building output text. */
#ifndef SCC_BUF_H
#define SCC_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct scc_buf {
  char *data; /* always NUL-terminated when len > 0 */
  size_t len, cap;
} scc_buf;

void scc_buf_put(scc_buf *b, const char *s, size_t n);
void scc_buf_puts(scc_buf *b, const char *s);
void scc_buf_putc(scc_buf *b, char c);
void scc_buf_printf(scc_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void scc_buf_vprintf(scc_buf *b, const char *fmt, va_list ap);
/* A formatted string of any length, malloc'd (free()): for paths and
 * messages built from user text, which no fixed buffer may cut. */
char *scc_xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Appends `n` copies of c. */
void scc_buf_fill(scc_buf *b, char c, size_t n);
/* Hands the bytes to the caller (free()); the buffer is left empty. */
char *scc_buf_take(scc_buf *b, size_t *len);
void scc_buf_free(scc_buf *b);
#endif
