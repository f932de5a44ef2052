#include "base/names.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

size_t scc_edit_distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > 64 || m > 64) return (size_t)-1;
  size_t d[65][65];
  for (size_t i = 0; i <= n; i++) d[i][0] = i;
  for (size_t j = 0; j <= m; j++) d[0][j] = j;
  for (size_t i = 1; i <= n; i++) {
    for (size_t j = 1; j <= m; j++) {
      size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
      size_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
          tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  }
  return d[n][m];
}

const char *scc_suggest(const char *word, const char *const *candidates) {
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  size_t len = strlen(word);
  /* Allow about one edit per three characters, at least one. */
  size_t limit = len / 3 > 0 ? len / 3 : 1;
  if (limit > 3) limit = 3;
  for (size_t i = 0; candidates[i]; i++) {
    size_t dist = scc_edit_distance(word, candidates[i]);
    if (dist < best_d) {
      best_d = dist;
      best = candidates[i];
    }
  }
  if (best_d <= limit) return best;
  /* An abbreviation: "uniq" for "unique", "auto" for "autoincrement". */
  if (len >= 3)
    for (size_t i = 0; candidates[i]; i++)
      if (strncmp(candidates[i], word, len) == 0) return candidates[i];
  return NULL;
}

char *scc_snake(scc_arena *a, const char *name) {
  size_t n = strlen(name);
  char *out = scc_alloc(a, n * 2 + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (isupper(c)) {
      bool prev_lower = i > 0 && (islower((unsigned char)name[i - 1]) || isdigit((unsigned char)name[i - 1]));
      bool next_lower = i + 1 < n && islower((unsigned char)name[i + 1]);
      bool prev_upper = i > 0 && isupper((unsigned char)name[i - 1]);
      if (k > 0 && out[k - 1] != '_' && (prev_lower || (prev_upper && next_lower))) out[k++] = '_';
      out[k++] = (char)tolower(c);
    } else {
      out[k++] = (char)c;
    }
  }
  out[k] = 0;
  return out;
}

char *scc_upper(scc_arena *a, const char *name) {
  char *s = scc_strdup(a, name);
  for (char *p = s; *p; p++) *p = (char)toupper((unsigned char)*p);
  return s;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

char *scc_plural(scc_arena *a, const char *s) {
  size_t n = strlen(s);
  if (n == 0) return scc_strdup(a, s);
  /* A few irregular words common in schemas. */
  static const char *const irregular[][2] = {{"person", "people"}, {"child", "children"}, {"man", "men"},
                                             {"woman", "women"}, {"datum", "data"},       {"index", "indexes"},
                                             {"status", "statuses"}, {"news", "news"},    {"info", "info"},
                                             {"metadata", "metadata"}, {"series", "series"}};
  for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++) {
    const char *w = irregular[i][0];
    size_t wl = strlen(w);
    if (ends_with(s, w) && (n == wl || s[n - wl - 1] == '_'))
      return scc_printf(a, "%.*s%s", (int)(n - wl), s, irregular[i][1]);
  }
  if (ends_with(s, "s") || ends_with(s, "x") || ends_with(s, "z") || ends_with(s, "ch") || ends_with(s, "sh"))
    return scc_printf(a, "%ses", s);
  if (n >= 2 && s[n - 1] == 'y' && !strchr("aeiou", s[n - 2])) return scc_printf(a, "%.*sies", (int)(n - 1), s);
  return scc_printf(a, "%ss", s);
}

bool scc_is_c_keyword(const char *name) {
  static const char *const kw[] = {
      "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
      "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
      "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
      "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
      "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
      /* C23 keywords and standard macros the generated code relies on. */
      "alignas", "alignof", "bool", "constexpr", "false", "nullptr", "static_assert", "thread_local",
      "true", "typeof", "typeof_unqual", "NULL", "errno", "assert", "offsetof", NULL};
  for (size_t i = 0; kw[i]; i++)
    if (strcmp(name, kw[i]) == 0) return true;
  return false;
}

size_t scc_utf8_prefix(const char *s, size_t max) {
  size_t n = strlen(s);
  if (n <= max) return n;
  n = max;
  /* s[n] is the first byte cut off: back up while it continues a character. */
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  return n;
}

/* FNV-1a, for shortening long generated names deterministically. */
static uint32_t fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

const char *scc_constraint_name(scc_arena *a, const char *table, const char *cols, const char *suffix) {
  const char *full = cols ? scc_printf(a, "%s_%s_%s", table, cols, suffix) : scc_printf(a, "%s_%s", table, suffix);
  if (strlen(full) <= SCC_MAX_IDENT_BYTES) return full;
  /* <head>_<8 hex digits>_<suffix>; long suffixes become "x". The head keeps
   * at most 50 bytes (the names of earlier versions, where they fit). */
  const char *sfx = strlen(suffix) <= 4 ? suffix : "x";
  size_t room = SCC_MAX_IDENT_BYTES - (1 + 8 + 1 + strlen(sfx));
  if (room > 50) room = 50;
  size_t keep = scc_utf8_prefix(full, room);
  return scc_printf(a, "%.*s_%08x_%s", (int)keep, full, (unsigned)fnv1a(full), sfx);
}

bool scc_is_reserved_prefix(const char *p) {
  return !strcmp(p, "sc") || !strcmp(p, "SC") || !strncmp(p, "sc_", 3) || !strncmp(p, "SC_", 3);
}

static bool in_sorted_list(const char *name, const char *const *list, size_t n) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(name, list[mid]);
    if (c == 0) return true;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return false;
}

bool scc_is_c_macro(const char *name) {
  /* Macros of the headers generated code includes (<stdbool.h>, <stddef.h>,
   * <stdint.h>, <stdio.h>, <stdlib.h>, <string.h>, <limits.h>, <errno.h>,
   * <assert.h>) and common predefined ones: a member or parameter with one
   * of these names would be macro-expanded. Sorted (strcmp order). */
  static const char *const macros[] = {
      "BUFSIZ", "CHAR_BIT", "CHAR_MAX", "CHAR_MIN", "E2BIG", "EACCES", "EAGAIN", "EBADF", "EBUSY", "EDOM",
      "EEXIST", "EFAULT", "EILSEQ", "EINTR", "EINVAL", "EIO", "EISDIR", "ENOENT", "ENOMEM", "ENOSPC", "EOF",
      "EPERM", "ERANGE", "EXIT_FAILURE", "EXIT_SUCCESS", "FILENAME_MAX", "FOPEN_MAX", "INT16_C", "INT16_MAX",
      "INT16_MIN", "INT32_C", "INT32_MAX", "INT32_MIN", "INT64_C", "INT64_MAX", "INT64_MIN", "INT8_C", "INT8_MAX",
      "INT8_MIN", "INTMAX_C", "INTMAX_MAX", "INTMAX_MIN", "INTPTR_MAX", "INTPTR_MIN", "INT_FAST16_MAX",
      "INT_FAST16_MIN", "INT_FAST32_MAX", "INT_FAST32_MIN", "INT_FAST64_MAX", "INT_FAST64_MIN", "INT_FAST8_MAX",
      "INT_FAST8_MIN", "INT_LEAST16_MAX", "INT_LEAST16_MIN", "INT_LEAST32_MAX", "INT_LEAST32_MIN",
      "INT_LEAST64_MAX", "INT_LEAST64_MIN", "INT_LEAST8_MAX", "INT_LEAST8_MIN", "INT_MAX", "INT_MIN", "LLONG_MAX",
      "LLONG_MIN", "LONG_MAX", "LONG_MIN", "L_tmpnam", "MB_CUR_MAX", "MB_LEN_MAX", "NDEBUG", "NULL", "PTRDIFF_MAX",
      "PTRDIFF_MIN", "RAND_MAX", "SCHAR_MAX", "SCHAR_MIN", "SEEK_CUR", "SEEK_END", "SEEK_SET", "SHRT_MAX",
      "SHRT_MIN", "SIG_ATOMIC_MAX", "SIG_ATOMIC_MIN", "SIZE_MAX", "TMP_MAX", "UCHAR_MAX", "UINT16_C",
      "UINT16_MAX", "UINT32_C", "UINT32_MAX", "UINT64_C", "UINT64_MAX", "UINT8_C", "UINT8_MAX", "UINTMAX_C",
      "UINTMAX_MAX", "UINTPTR_MAX", "UINT_FAST16_MAX", "UINT_FAST32_MAX", "UINT_FAST64_MAX", "UINT_FAST8_MAX",
      "UINT_LEAST16_MAX", "UINT_LEAST32_MAX", "UINT_LEAST64_MAX", "UINT_LEAST8_MAX", "UINT_MAX", "ULLONG_MAX",
      "ULONG_MAX", "USHRT_MAX", "WCHAR_MAX", "WCHAR_MIN", "WINT_MAX", "WINT_MIN", "_IOFBF", "_IOLBF", "_IONBF",
      "__bool_true_false_are_defined", "assert", "bool", "errno", "false", "i386", "linux", "offsetof", "static_assert",
      "stderr", "stdin", "stdout", "true", "unix"};
  return in_sorted_list(name, macros, sizeof macros / sizeof macros[0]);
}

bool scc_is_c_std_type(const char *name) {
  static const char *const types[] = {"div_t", "fpos_t", "intmax_t", "intptr_t", "ldiv_t", "lldiv_t", "max_align_t",
                                      "ptrdiff_t", "size_t", "uintmax_t", "uintptr_t", "wchar_t", NULL};
  for (size_t i = 0; types[i]; i++)
    if (!strcmp(name, types[i])) return true;
  /* [u]int<N>_t, [u]int_least<N>_t, [u]int_fast<N>_t */
  const char *p = name;
  if (*p == 'u') p++;
  if (strncmp(p, "int", 3)) return false;
  p += 3;
  if (!strncmp(p, "_least", 6)) p += 6;
  else if (!strncmp(p, "_fast", 5)) p += 5;
  return !strcmp(p, "8_t") || !strcmp(p, "16_t") || !strcmp(p, "32_t") || !strcmp(p, "64_t");
}
