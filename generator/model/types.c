/* The type table's own functions (see types.h). */
#include "model/types.h"

static bool two_digits(const char *s, int *v) {
  if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return false;
  *v = (s[0] - '0') * 10 + (s[1] - '0');
  return true;
}

bool scc_time_parse(const char *s, size_t n, int64_t *us) {
  int h, m, sec = 0;
  int64_t frac = 0;
  if (n < 5 || !two_digits(s, &h) || s[2] != ':' || !two_digits(s + 3, &m)) return false;
  size_t i = 5;
  if (i < n) {
    if (n < 8 || s[5] != ':' || !two_digits(s + 6, &sec)) return false;
    i = 8;
    if (i < n) {
      if (s[i++] != '.' || i == n || n - i > 6) return false;
      int digits = 0;
      for (; i < n; i++, digits++) {
        if (s[i] < '0' || s[i] > '9') return false;
        frac = frac * 10 + (s[i] - '0');
      }
      for (; digits < 6; digits++) frac *= 10;
    }
  }
  if (m > 59 || sec > 59) return false;
  int64_t v = ((int64_t)(h * 60 + m) * 60 + sec) * 1000000 + frac;
  if (v > SCC_TIME_MAX) return false;
  *us = v;
  return true;
}
