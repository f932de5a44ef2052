/* Canonical formatting (`schemac fmt`). */
#ifndef SCC_FMT_H
#define SCC_FMT_H
#include "base/buf.h"
#include "frontend/ast.h"

/* Canonical formatting of one parsed file (must have parsed without error). */
void scc_format_file(const scc_file *f, scc_buf *out);
#endif
