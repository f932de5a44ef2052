/* What the template engine (template.c) reads from the values of one
 * rendering: flat scc_vars and scc_view items (template_values.c). Private
 * to the two files. */
#ifndef SCC_TEMPLATE_VALUES_H
#define SCC_TEMPLATE_VALUES_H
#include "emit/template.h"

typedef struct scc_view_items {
  scc_view **items;
  size_t n, cap;
} scc_view_items;

/* A value or a list found by name (exactly one of the two is set). */
typedef struct scc_tmpl_value {
  const char *str;
  size_t len;
  const scc_view_items *list;
} scc_tmpl_value;

/* Looks name[0, n) up in v / vars: false when absent. */
bool scc_view_lookup(const scc_view *v, const char *name, size_t n, scc_tmpl_value *out);
bool scc_vars_lookup(const scc_vars *v, const char *name, size_t n, scc_tmpl_value *out);
#endif
