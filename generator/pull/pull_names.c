/* SQL names to the language's names (pull.h): entities are the PascalCase
 * singular of their table, enums PascalCase. */
#include <ctype.h>
#include <string.h>

#include "base/names.h"
#include "pull/pull.h"

/* Letters, digits and '_' only; a leading digit gets a prefix. */
char *scc_pull_sanitize(scc_arena *a, const char *s, const char *digit_prefix) {
  scc_buf b = {0};
  if (isdigit((unsigned char)*s)) scc_buf_puts(&b, digit_prefix);
  for (; *s; s++) scc_buf_putc(&b, isalnum((unsigned char)*s) ? *s : '_');
  if (!b.len) scc_buf_puts(&b, "x");
  char *r = scc_strndup(a, b.data, b.len);
  scc_buf_free(&b);
  return r;
}

static char *pascal(scc_arena *a, const char *snake) {
  scc_buf b = {0};
  bool up = true;
  for (const char *c = snake; *c; c++) {
    if (*c == '_') {
      up = true;
      continue;
    }
    scc_buf_putc(&b, up ? (char)toupper((unsigned char)*c) : *c);
    up = false;
  }
  if (!b.len) scc_buf_puts(&b, "X");
  char *r = scc_strndup(a, b.data, b.len);
  scc_buf_free(&b);
  return r;
}

/* The singular whose plural (names.c's rules) is `plural`, or NULL. */
static const char *singular(scc_arena *a, const char *plural) {
  size_t n = strlen(plural);
  static const char *const irregular[][2] = {{"people", "person"}, {"children", "child"}, {"men", "man"},
                                             {"women", "woman"},   {"data", "datum"},     {"indexes", "index"}};
  const char *cands[8];
  int k = 0;
  for (size_t i = 0; i < sizeof irregular / sizeof *irregular; i++) {
    size_t m = strlen(irregular[i][0]);
    if (n >= m && !strcmp(plural + n - m, irregular[i][0]))
      cands[k++] = scc_printf(a, "%.*s%s", (int)(n - m), plural, irregular[i][1]);
  }
  if (n > 3 && !strcmp(plural + n - 3, "ies")) cands[k++] = scc_printf(a, "%.*sy", (int)(n - 3), plural);
  if (n > 2 && !strcmp(plural + n - 2, "es")) cands[k++] = scc_strndup(a, plural, n - 2);
  if (n > 1 && plural[n - 1] == 's') cands[k++] = scc_strndup(a, plural, n - 1);
  cands[k++] = plural; /* news, metadata, series */
  for (int i = 0; i < k; i++)
    if (!strcmp(scc_plural(a, cands[i]), plural)) return cands[i];
  return NULL;
}

const char *scc_pull_entity_name(scc_arena *a, const char *table) {
  char *snake = scc_pull_sanitize(a, scc_snake(a, table), "t_");
  for (char *c = snake; *c; c++) *c = (char)tolower((unsigned char)*c);
  const char *one = singular(a, snake);
  return pascal(a, one ? one : snake);
}


const char *scc_pull_pascal(scc_arena *a, const char *name) { return pascal(a, scc_pull_sanitize(a, name, "E")); }
