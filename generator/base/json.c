/* A strict JSON (RFC 8259) validator, for json defaults: PostgreSQL refuses
 * a DDL whose jsonb default does not parse, so we refuse it first. */

/* Nesting past this is refused (the check's "not valid JSON" error) rather
 * than recursed into: a default is a literal, not a data set. */
#define SCC_JSON_MAX_DEPTH 256
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct {
  const char *p, *end;
  int depth;
} jp;

static void ws(jp *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static bool lit(jp *j, const char *w) {
  size_t n = strlen(w);
  if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0) return false;
  j->p += n;
  return true;
}

static bool digits(jp *j) {
  const char *s = j->p;
  while (j->p < j->end && *j->p >= '0' && *j->p <= '9') j->p++;
  return j->p > s;
}

static bool number(jp *j) {
  if (j->p < j->end && *j->p == '-') j->p++;
  if (j->p < j->end && *j->p == '0') j->p++;
  else if (!digits(j)) return false;
  if (j->p < j->end && *j->p == '.') {
    j->p++;
    if (!digits(j)) return false;
  }
  if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
    j->p++;
    if (j->p < j->end && (*j->p == '+' || *j->p == '-')) j->p++;
    if (!digits(j)) return false;
  }
  return true;
}

static bool string(jp *j) {
  j->p++; /* opening quote */
  while (j->p < j->end) {
    unsigned char c = (unsigned char)*j->p++;
    if (c == '"') return true;
    if (c < 0x20) return false;
    if (c == '\\') {
      if (j->p >= j->end) return false;
      char e = *j->p++;
      if (e == 'u') {
        for (int i = 0; i < 4; i++) {
          if (j->p >= j->end) return false;
          char h = *j->p++;
          if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) return false;
        }
      } else if (!strchr("\"\\/bfnrt", e) || e == 0) {
        return false;
      }
    }
  }
  return false;
}

static bool value(jp *j) {
  if (++j->depth > SCC_JSON_MAX_DEPTH) return false; /* reported as not valid JSON */
  ws(j);
  if (j->p >= j->end) return false;
  bool ok;
  char c = *j->p;
  if (c == '{') {
    j->p++;
    ws(j);
    ok = true;
    if (j->p < j->end && *j->p == '}') {
      j->p++;
    } else {
      for (;;) {
        ws(j);
        if (j->p >= j->end || *j->p != '"' || !string(j)) { ok = false; break; }
        ws(j);
        if (j->p >= j->end || *j->p != ':') { ok = false; break; }
        j->p++;
        if (!value(j)) { ok = false; break; }
        ws(j);
        if (j->p < j->end && *j->p == ',') { j->p++; continue; }
        if (j->p < j->end && *j->p == '}') { j->p++; break; }
        ok = false;
        break;
      }
    }
  } else if (c == '[') {
    j->p++;
    ws(j);
    ok = true;
    if (j->p < j->end && *j->p == ']') {
      j->p++;
    } else {
      for (;;) {
        if (!value(j)) { ok = false; break; }
        ws(j);
        if (j->p < j->end && *j->p == ',') { j->p++; continue; }
        if (j->p < j->end && *j->p == ']') { j->p++; break; }
        ok = false;
        break;
      }
    }
  } else if (c == '"') {
    ok = string(j);
  } else if (c == 't') {
    ok = lit(j, "true");
  } else if (c == 'f') {
    ok = lit(j, "false");
  } else if (c == 'n') {
    ok = lit(j, "null");
  } else {
    ok = number(j);
  }
  j->depth--;
  return ok;
}

bool scc_json_valid(const char *s, size_t n) {
  jp j = {s, s + n, 0};
  if (!value(&j)) return false;
  ws(&j);
  return j.p == j.end;
}
