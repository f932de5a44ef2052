/* JSON values with PostgreSQL jsonb's semantics (jsonb.c), for the SQLite
 * functions behind the JSON filters (backend/sqlite_json.c): a parsed
 * tree whose objects hold each key once (the last one written, as jsonb
 * keeps it), strings unescaped, numbers as their text compared by value.
 *   sc__jv_contains  jsonb's `a @> b`
 *   sc__jv_equal     jsonb's `a = b`
 *   sc__jv_path      jsonb's `a #> path` (NULL: no such element) */
#ifndef SC_BASE_JSONB_H
#define SC_BASE_JSONB_H

#include <stdbool.h>
#include <stddef.h>

#include <schemac/arena.h>

/* Deepest nesting parsed (as sc_json_valid, which checks every stored
 * JSON value); deeper text is refused like invalid JSON. */
#define SC_JSONB_MAX_DEPTH 512

typedef enum sc_jv_kind {
	SC_JV_NULL,
	SC_JV_BOOL,
	SC_JV_NUMBER,
	SC_JV_STRING,
	SC_JV_ARRAY,
	SC_JV_OBJECT
} sc_jv_kind;

typedef struct sc_jv sc_jv;
struct sc_jv {
	sc_jv_kind kind;
	bool b;          /* SC_JV_BOOL */
	const char *s;   /* number text, or unescaped string bytes */
	size_t n;
	sc_jv *items;    /* array elements; object: key, value, key, value... sorted by key */
	size_t nitems;   /* elements, or pairs of an object */
};

/* Parse text (len bytes) into a in a; NULL when it is not one JSON value
 * (or nests deeper than SC_JSONB_MAX_DEPTH, or a is out of memory: *oom). */
sc_jv *sc__jv_parse(sc_arena *a, const char *text, size_t len, bool *oom);

bool sc__jv_equal(const sc_jv *a, const sc_jv *b);
bool sc__jv_contains(const sc_jv *a, const sc_jv *b);
const sc_jv *sc__jv_path(const sc_jv *a, const char *const *seg, const size_t *seglen, size_t nseg);

#endif
