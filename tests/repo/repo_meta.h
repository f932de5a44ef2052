/* Generic access to generated rows through their sc_entity_meta: NULL
 * tests, comparison, copying and changing of single members. Lets one
 * driver (repo_entity.h) test every entity of every schema. */
#ifndef REPO_META_H
#define REPO_META_H

/* Needs only t.h (REQUIRE) and the runtime: schemagen uses it without repo.h. */
#include "t.h"

#define REPO_MEMBER(row, c) ((unsigned char *)(row) + (c)->offset)
#define REPO_CMEMBER(row, c) ((const unsigned char *)(row) + (c)->offset)

static inline size_t repo_col_size(const sc_column_meta *c)
{
	switch (c->type) {
	case SC_COL_BOOL: return sizeof(bool);
	case SC_COL_INT16: return sizeof(int16_t);
	case SC_COL_INT32: return sizeof(int32_t);
	case SC_COL_INT64: return sizeof(int64_t);
	case SC_COL_DOUBLE: return sizeof(double);
	case SC_COL_TEXT:
	case SC_COL_DECIMAL:
	case SC_COL_JSON: return sizeof(char *);
	case SC_COL_BYTES: return sizeof(sc_bytes);
	case SC_COL_UUID: return sizeof(sc_uuid);
	case SC_COL_TIMESTAMP: return sizeof(int64_t);
	case SC_COL_DATE: return sizeof(int32_t);
	case SC_COL_TIME: return sizeof(int64_t);
	case SC_COL_ENUM: return sizeof(int); /* C enums with values 1..n */
	case SC_COL_ARRAY: return sizeof(sc_array); /* items NULL: SQL NULL */
	}
	return 0;
}

static inline bool repo_is_ptr_type(sc_col_type t)
{
	return t == SC_COL_TEXT || t == SC_COL_DECIMAL || t == SC_COL_JSON || t == SC_COL_BYTES || t == SC_COL_ARRAY;
}

static inline bool repo_is_null(const sc_column_meta *c, const void *row)
{
	const unsigned char *p = REPO_CMEMBER(row, c);
	if (c->type == SC_COL_BYTES) {
		sc_bytes b;
		memcpy(&b, p, sizeof b);
		return b.data == NULL;
	}
	if (repo_is_ptr_type(c->type)) {
		char *s;
		memcpy(&s, p, sizeof s);
		return s == NULL;
	}
	if (c->has_offset == SC_NO_HAS)
		return false;
	bool has;
	memcpy(&has, (const unsigned char *)row + c->has_offset, sizeof has);
	return !has;
}

/* Copy one member (and its has_ flag); strings are shared, not duplicated. */
static inline void repo_col_copy(const sc_column_meta *c, void *dst, const void *src)
{
	memcpy(REPO_MEMBER(dst, c), REPO_CMEMBER(src, c), repo_col_size(c));
	if (c->has_offset != SC_NO_HAS)
		memcpy((unsigned char *)dst + c->has_offset, (const unsigned char *)src + c->has_offset,
		       sizeof(bool));
}

static inline void repo_set_has(const sc_column_meta *c, void *row, bool has)
{
	if (c->has_offset != SC_NO_HAS)
		memcpy((unsigned char *)row + c->has_offset, &has, sizeof has);
}

static inline int64_t repo_get_int(const sc_column_meta *c, const void *row)
{
	const unsigned char *p = REPO_CMEMBER(row, c);
	switch (c->type) {
	case SC_COL_INT16: { int16_t v; memcpy(&v, p, sizeof v); return v; }
	case SC_COL_INT32:
	case SC_COL_DATE: { int32_t v; memcpy(&v, p, sizeof v); return v; }
	case SC_COL_ENUM: { int v; memcpy(&v, p, sizeof v); return v; }
	case SC_COL_BOOL: { bool v; memcpy(&v, p, sizeof v); return v; }
	default: { int64_t v; memcpy(&v, p, sizeof v); return v; }
	}
}

static inline void repo_set_int(const sc_column_meta *c, void *row, int64_t v)
{
	unsigned char *p = REPO_MEMBER(row, c);
	switch (c->type) {
	case SC_COL_INT16: { int16_t x = (int16_t)v; memcpy(p, &x, sizeof x); break; }
	case SC_COL_INT32:
	case SC_COL_DATE: { int32_t x = (int32_t)v; memcpy(p, &x, sizeof x); break; }
	case SC_COL_ENUM: { int x = (int)v; memcpy(p, &x, sizeof x); break; }
	case SC_COL_DOUBLE: { double x = (double)v; memcpy(p, &x, sizeof x); break; }
	default: memcpy(p, &v, sizeof v); break;
	}
	repo_set_has(c, row, true);
}

/* JSON text without whitespace outside strings: PostgreSQL stores json
 * columns as jsonb, which re-spaces the text (key order of our values is
 * already canonical: one key or sorted). */
static inline void repo_json_squeeze(const char *s, char *out, size_t n)
{
	size_t j = 0;
	bool in_str = false;
	for (; *s && j + 1 < n; s++) {
		if (in_str) {
			out[j++] = *s;
			if (*s == '\\' && s[1] && j + 1 < n)
				out[j++] = *++s;
			else if (*s == '"')
				in_str = false;
		} else if (*s == '"') {
			in_str = true;
			out[j++] = *s;
		} else if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r') {
			out[j++] = *s;
		}
	}
	out[j] = '\0';
}

/* Compare one member of a and b; on a difference describe it in why. */
static inline bool repo_col_eq(const sc_column_meta *c, const void *a, const void *b, char *why,
			       size_t n)
{
	bool na = repo_is_null(c, a), nb = repo_is_null(c, b);
	if (na || nb) {
		if (na != nb)
			snprintf(why, n, "NULL vs not NULL (%s / %s)", na ? "NULL" : "set", nb ? "NULL" : "set");
		return na == nb;
	}
	const unsigned char *pa = REPO_CMEMBER(a, c), *pb = REPO_CMEMBER(b, c);
	switch (c->type) {
	case SC_COL_TEXT:
	case SC_COL_DECIMAL: {
		const char *sa, *sb;
		memcpy(&sa, pa, sizeof sa);
		memcpy(&sb, pb, sizeof sb);
		if (strcmp(sa, sb) != 0) {
			snprintf(why, n, "'%.80s' vs '%.80s'", sa, sb);
			return false;
		}
		return true;
	}
	case SC_COL_JSON: {
		const char *sa, *sb;
		memcpy(&sa, pa, sizeof sa);
		memcpy(&sb, pb, sizeof sb);
		char ja[2048], jb[2048];
		repo_json_squeeze(sa, ja, sizeof ja);
		repo_json_squeeze(sb, jb, sizeof jb);
		if (strcmp(ja, jb) != 0) {
			snprintf(why, n, "json '%.80s' vs '%.80s'", sa, sb);
			return false;
		}
		return true;
	}
	case SC_COL_BYTES: {
		sc_bytes ba, bb;
		memcpy(&ba, pa, sizeof ba);
		memcpy(&bb, pb, sizeof bb);
		if (ba.len != bb.len || (ba.len && memcmp(ba.data, bb.data, ba.len) != 0)) {
			snprintf(why, n, "bytes differ (len %zu vs %zu)", ba.len, bb.len);
			return false;
		}
		return true;
	}
	case SC_COL_UUID: {
		sc_uuid ua, ub;
		memcpy(&ua, pa, sizeof ua);
		memcpy(&ub, pb, sizeof ub);
		if (!sc_uuid_equal(&ua, &ub)) {
			char x[SC_UUID_STRLEN + 1], y[SC_UUID_STRLEN + 1];
			snprintf(why, n, "%s vs %s", sc_uuid_format(&ua, x), sc_uuid_format(&ub, y));
			return false;
		}
		return true;
	}
	case SC_COL_DOUBLE: {
		double da, db;
		memcpy(&da, pa, sizeof da);
		memcpy(&db, pb, sizeof db);
		if (da != db) {
			snprintf(why, n, "%.17g vs %.17g", da, db);
			return false;
		}
		return true;
	}
	default: {
		int64_t ia = repo_get_int(c, a), ib = repo_get_int(c, b);
		if (ia != ib) {
			snprintf(why, n, "%lld vs %lld", (long long)ia, (long long)ib);
			return false;
		}
		return true;
	}
	}
}

/* Order of two non-NULL members as the databases order them (uuids by
 * bytes, numbers numerically). */
static inline int repo_col_cmp(const sc_column_meta *c, const void *a, const void *b)
{
	if (c->type == SC_COL_UUID)
		return memcmp(REPO_CMEMBER(a, c), REPO_CMEMBER(b, c), sizeof(sc_uuid));
	if (c->type == SC_COL_TEXT) {
		const char *sa, *sb;
		memcpy(&sa, REPO_CMEMBER(a, c), sizeof sa);
		memcpy(&sb, REPO_CMEMBER(b, c), sizeof sb);
		return strcmp(sa, sb);
	}
	int64_t ia = repo_get_int(c, a), ib = repo_get_int(c, b);
	return ia < ib ? -1 : ia > ib;
}

static inline int repo_pk_cmp(const sc_entity_meta *m, const void *a, const void *b)
{
	for (unsigned i = 0; i < m->npk; i++) {
		int r = repo_col_cmp(&m->cols[m->pk[i]], a, b);
		if (r)
			return r;
	}
	return 0;
}

/* Number of differing columns (except those in skip, a bit per column
 * index: only the first 64 columns can be skipped; wider entities, as in
 * test_wide.c, compare every column), each reported with `what` and the
 * caller's line. */
static inline int repo_row_diff_at(const sc_entity_meta *m, const void *a, const void *b,
				   uint64_t skip, const char *what, int line)
{
	int bad = 0;
	for (unsigned i = 0; i < m->ncols; i++) {
		if (i < 64 && (skip & (UINT64_C(1) << i)))
			continue;
		char why[256] = "";
		if (!repo_col_eq(&m->cols[i], a, b, why, sizeof why)) {
			fprintf(stderr, "line %d: %s: %s.%s differs: %s\n", line, what, m->c_name,
				m->cols[i].field, why);
			bad++;
		}
	}
	return bad;
}
#define repo_row_diff(m, a, b, skip, what) repo_row_diff_at((m), (a), (b), (skip), (what), __LINE__)

static inline int repo_col_index(const sc_entity_meta *m, const char *field)
{
	for (unsigned i = 0; i < m->ncols; i++)
		if (!strcmp(m->cols[i].field, field))
			return (int)i;
	return -1;
}

static inline bool repo_is_pk(const sc_entity_meta *m, unsigned col)
{
	return (m->cols[col].flags & SC_COLF_PK) != 0;
}

/* SQL column name without the quotes. */
static inline void repo_unquote(const char *q, char *out, size_t n)
{
	size_t len = strlen(q);
	if (len >= 2 && q[0] == '"')
		snprintf(out, n, "%.*s", (int)(len - 2), q + 1);
	else
		snprintf(out, n, "%s", q);
}

/* Give the row a primary key nobody has. */
static inline void repo_fresh_key(const sc_entity_meta *m, void *row, uint64_t salt)
{
	for (unsigned i = 0; i < m->npk; i++) {
		const sc_column_meta *c = &m->cols[m->pk[i]];
		if (c->type == SC_COL_UUID) {
			sc_uuid u;
			REQUIRE(sc_uuid_v7(&u) == SC_OK);
			memcpy(REPO_MEMBER(row, c), &u, sizeof u);
		} else {
			repo_set_int(c, row, 900000000 + (int64_t)(salt % 1000000));
		}
	}
}

static inline int64_t repo_version(const sc_entity_meta *m, const void *row)
{
	return m->version_col < 0 ? 0 : repo_get_int(&m->cols[m->version_col], row);
}

#endif
