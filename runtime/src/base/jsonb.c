/* JSON values with jsonb's semantics (jsonb.h). Containment and equality
 * follow PostgreSQL's JsonbDeepContains and compareJsonbContainers:
 *   - scalars are equal when of one kind and equal value (numbers by value,
 *     strings by their bytes after unescaping);
 *   - an object contains another when every key of the other is present
 *     with a contained value (a scalar against a container never matches);
 *   - an array contains another when every element of the other is equal to
 *     (scalars) or contained in (containers) some element of the first;
 *   - at the top level only, an array contains a scalar that is one of its
 *     elements (`'["a"]' @> '"a"'`), while a scalar never contains an array.
 * Path steps follow jsonb's `#>`: a key of an object, an index of an array
 * (read as strtol reads it, whole text, negative from the end), nothing
 * below a scalar. */
#include "base/jsonb.h"
#include "base/numcmp.h"
#include <schemac/values.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct jp {
	sc_arena *a;
	const char *p, *end;
	int depth;
	bool oom;
} jp;

static void ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex4(jp *j, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int h = j->p < j->end ? hexval(*j->p++) : -1;
		if (h < 0)
			return false;
		*v = *v << 4 | (unsigned)h;
	}
	return true;
}

static size_t utf8_put(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A string at j->p (the opening quote), unescaped into the arena. Escapes
 * never make text longer than they are, so the input length bounds it. */
static bool string(jp *j, sc_jv *v)
{
	const char *start = ++j->p;
	while (j->p < j->end && *j->p != '"')
		j->p += *j->p == '\\' && j->end - j->p > 1 ? 2 : 1;
	if (j->p >= j->end)
		return false;
	const char *stop = j->p++;
	char *o = sc_arena_alloc(j->a, (size_t)(stop - start) + 1);
	if (!o) {
		j->oom = true;
		return false;
	}
	jp in = {j->a, start, stop, 0, false};
	size_t n = 0;
	while (in.p < in.end) {
		unsigned char ch = (unsigned char)*in.p++;
		if (ch < 0x20)
			return false;
		if (ch != '\\') {
			o[n++] = (char)ch;
			continue;
		}
		char e = *in.p++;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			o[n++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
			continue;
		}
		unsigned cp, lo;
		if (e != 'u' || !hex4(&in, &cp))
			return false;
		/* A surrogate pair is one code point; a lone surrogate stays itself. */
		if (cp >= 0xD800 && cp < 0xDC00 && in.end - in.p >= 6 && in.p[0] == '\\' && in.p[1] == 'u') {
			jp peek = in;
			peek.p += 2;
			if (hex4(&peek, &lo) && lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				in.p = peek.p;
			}
		}
		n += utf8_put(cp, o + n);
	}
	v->kind = SC_JV_STRING;
	v->s = o;
	v->n = n;
	return true;
}

static bool number(jp *j, sc_jv *v)
{
	const char *s = j->p;
	while (j->p < j->end && strchr("+-.0123456789eE", *j->p) && *j->p)
		j->p++;
	if (!sc__num_valid(s, (size_t)(j->p - s)) || *s == '+' || *s == '.')
		return false;
	v->kind = SC_JV_NUMBER;
	v->s = s;
	v->n = (size_t)(j->p - s);
	return true;
}

static bool literal(jp *j, const char *word, sc_jv_kind kind, bool b, sc_jv *v)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
		return false;
	j->p += n;
	v->kind = kind;
	v->b = b;
	return true;
}

static bool value(jp *j, sc_jv *v);

/* Object pairs sorted by key, and by position among equal keys, so the
 * last of a duplicated key can be kept. */
typedef struct pair {
	sc_jv key, val;
	size_t pos;
} pair;

static int keycmp(const sc_jv *a, const sc_jv *b)
{
	int c = a->n && b->n ? memcmp(a->s, b->s, a->n < b->n ? a->n : b->n) : 0;
	return c ? c : a->n == b->n ? 0 : a->n < b->n ? -1 : 1;
}

static int paircmp(const void *x, const void *y)
{
	const pair *a = x, *b = y;
	int c = keycmp(&a->key, &b->key);
	return c ? c : a->pos < b->pos ? -1 : 1;
}

/* Elements (or pairs) collected while parsing, then moved to the arena. */
typedef struct vec {
	void *data;
	size_t n, cap, size;
} vec;

static void *vec_push(jp *j, vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void *d = realloc(v->data, cap * v->size);
		if (!d) {
			j->oom = true;
			return NULL;
		}
		v->data = d;
		v->cap = cap;
	}
	return (char *)v->data + v->size * v->n++;
}

static bool finish_object(jp *j, vec *pairs, sc_jv *v)
{
	pair *p = pairs->data;
	if (pairs->n)
		qsort(p, pairs->n, sizeof *p, paircmp);
	size_t kept = 0;
	for (size_t i = 0; i < pairs->n; i++) /* the last of equal keys */
		if (i + 1 == pairs->n || keycmp(&p[i].key, &p[i + 1].key))
			p[kept++] = p[i];
	v->kind = SC_JV_OBJECT;
	v->nitems = kept;
	v->items = sc_arena_alloc(j->a, (kept ? kept : 1) * 2 * sizeof *v->items);
	if (!v->items) {
		j->oom = true;
		return false;
	}
	for (size_t i = 0; i < kept; i++) {
		v->items[2 * i] = p[i].key;
		v->items[2 * i + 1] = p[i].val;
	}
	return true;
}

static bool container(jp *j, bool object, sc_jv *v)
{
	if (++j->depth > SC_JSONB_MAX_DEPTH)
		return false;
	char close = object ? '}' : ']';
	vec items = {NULL, 0, 0, object ? sizeof(pair) : sizeof(sc_jv)};
	bool ok = false;
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		ok = true;
		goto done;
	}
	for (;;) {
		ws(j);
		void *slot = vec_push(j, &items);
		if (!slot)
			goto done;
		sc_jv *val = slot;
		if (object) {
			pair *p = slot;
			memset(p, 0, sizeof *p);
			p->pos = items.n;
			if (j->p >= j->end || *j->p != '"' || !string(j, &p->key))
				goto done;
			ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				goto done;
			val = &p->val;
		} else {
			memset(val, 0, sizeof *val);
		}
		if (!value(j, val))
			goto done;
		ws(j);
		if (j->p >= j->end)
			goto done;
		char ch = *j->p++;
		if (ch == close)
			break;
		if (ch != ',')
			goto done;
	}
	ok = true;
done:
	if (ok && object) {
		ok = finish_object(j, &items, v);
	} else if (ok) {
		v->kind = SC_JV_ARRAY;
		v->nitems = items.n;
		v->items = sc_arena_memdup(j->a, items.n ? items.data : (void *)"", items.n * sizeof(sc_jv));
		if (!v->items)
			ok = false, j->oom = true;
	}
	free(items.data);
	j->depth--;
	return ok;
}

static bool value(jp *j, sc_jv *v)
{
	ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
		return container(j, true, v);
	case '[':
		return container(j, false, v);
	case '"':
		return string(j, v);
	case 't':
		return literal(j, "true", SC_JV_BOOL, true, v);
	case 'f':
		return literal(j, "false", SC_JV_BOOL, false, v);
	case 'n':
		return literal(j, "null", SC_JV_NULL, false, v);
	default:
		return number(j, v);
	}
}

sc_jv *sc__jv_parse(sc_arena *a, const char *text, size_t len, bool *oom)
{
	*oom = false;
	if (!sc_json_valid(text, len)) /* exactly what a json column accepts */
		return NULL;
	jp j = {a, text, text + len, 0, false};
	sc_jv *v = sc_arena_alloc(a, sizeof *v);
	*oom = !v;
	if (!v)
		return NULL;
	memset(v, 0, sizeof *v);
	bool ok = value(&j, v);
	ws(&j);
	*oom = j.oom;
	return ok && j.p == j.end ? v : NULL;
}

static bool is_container(const sc_jv *v)
{
	return v->kind == SC_JV_ARRAY || v->kind == SC_JV_OBJECT;
}

static bool scalar_equal(const sc_jv *a, const sc_jv *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case SC_JV_NULL: return true;
	case SC_JV_BOOL: return a->b == b->b;
	case SC_JV_NUMBER: return sc__num_cmp(a->s, a->n, b->s, b->n) == 0;
	case SC_JV_STRING: return keycmp(a, b) == 0;
	case SC_JV_ARRAY:
	case SC_JV_OBJECT: break;
	}
	return false;
}

bool sc__jv_equal(const sc_jv *a, const sc_jv *b)
{
	if (!is_container(a) || !is_container(b))
		return scalar_equal(a, b);
	if (a->kind != b->kind || a->nitems != b->nitems)
		return false;
	size_t n = a->kind == SC_JV_OBJECT ? 2 * a->nitems : a->nitems;
	for (size_t i = 0; i < n; i++)
		if (!sc__jv_equal(&a->items[i], &b->items[i]))
			return false;
	return true;
}

/* The value of key k in object o, or NULL (binary search: keys sorted). */
static const sc_jv *member(const sc_jv *o, const char *k, size_t kn)
{
	sc_jv key = {SC_JV_STRING, false, k, kn, NULL, 0};
	size_t lo = 0, hi = o->nitems;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = keycmp(&o->items[2 * mid], &key);
		if (c == 0)
			return &o->items[2 * mid + 1];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* JsonbDeepContains: a and b containers. */
static bool deep(const sc_jv *a, const sc_jv *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == SC_JV_OBJECT) {
		for (size_t i = 0; i < b->nitems; i++) {
			const sc_jv *k = &b->items[2 * i], *bv = &b->items[2 * i + 1];
			const sc_jv *av = member(a, k->s, k->n);
			if (!av || is_container(av) != is_container(bv))
				return false;
			if (is_container(bv) ? !deep(av, bv) : !scalar_equal(av, bv))
				return false;
		}
		return true;
	}
	for (size_t i = 0; i < b->nitems; i++) {
		const sc_jv *be = &b->items[i];
		bool found = false;
		for (size_t k = 0; k < a->nitems && !found; k++) {
			const sc_jv *ae = &a->items[k];
			found = is_container(be) ? is_container(ae) && deep(ae, be) : scalar_equal(ae, be);
		}
		if (!found)
			return false;
	}
	return true;
}

bool sc__jv_contains(const sc_jv *a, const sc_jv *b)
{
	if (!is_container(b)) { /* jsonb holds a top-level scalar as a one-element array */
		if (!is_container(a))
			return scalar_equal(a, b);
		if (a->kind != SC_JV_ARRAY)
			return false;
		for (size_t k = 0; k < a->nitems; k++)
			if (scalar_equal(&a->items[k], b))
				return true;
		return false;
	}
	return is_container(a) && deep(a, b);
}

const sc_jv *sc__jv_path(const sc_jv *a, const char *const *seg, const size_t *seglen, size_t nseg)
{
	for (size_t i = 0; i < nseg && a; i++) {
		if (a->kind == SC_JV_OBJECT) {
			a = member(a, seg[i], seglen[i]);
			continue;
		}
		if (a->kind != SC_JV_ARRAY || memchr(seg[i], '\0', seglen[i]))
			return NULL;
		/* PostgreSQL reads the index with strtoint: strtol's syntax, whole
		 * text, within int. */
		char small[64], *buf = seglen[i] < sizeof small ? small : malloc(seglen[i] + 1);
		if (!buf)
			return NULL;
		memcpy(buf, seg[i], seglen[i]);
		buf[seglen[i]] = '\0';
		char *end;
		errno = 0;
		long l = strtol(buf, &end, 10);
		bool bad = end == buf || *end || errno || l > INT_MAX || l < INT_MIN;
		if (buf != small)
			free(buf);
		if (bad)
			return NULL;
		if (l < 0) {
			if (l == INT_MIN || (size_t)-l > a->nitems)
				return NULL;
			l += (long)a->nitems;
		}
		a = (size_t)l < a->nitems ? &a->items[l] : NULL;
	}
	return a;
}
