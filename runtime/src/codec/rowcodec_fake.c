/* Factory rows (SPEC 6): a valid value for every column, derived from the
 * seed and the column's metadata only, so the same seed always gives the
 * same row. */
#include "codec/codec.h"
#include <schemac/query.h>
#include <schemac/datetime.h>

#include <stdio.h>
#include <string.h>

/* splitmix64: a well-mixed 64-bit value per (seed, column). */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static int64_t in_range(const sc_column_meta *c, uint64_t r, int64_t lo, int64_t hi)
{
	if (c->flags & SC_COLF_CHECK) {
		/* Clamp: 2^63 as a double does not convert to int64_t. */
		lo = c->check_lo <= -9.2e18 ? INT64_MIN : (int64_t)c->check_lo;
		hi = c->check_hi >= 9.2e18 ? INT64_MAX : (int64_t)c->check_hi;
	}
	if (hi < lo)
		return lo;
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	if (span == UINT64_MAX)
		return (int64_t)r;
	return (int64_t)((uint64_t)lo + r % (span + 1));
}

/* "<field>-<seed>" cut to the column's length; unique columns keep the
 * seed digits (they are what makes the value unique). */
static char *fake_text(sc_arena *mem, const sc_column_meta *c, uint64_t seed)
{
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%s-%016llx", c->field, (unsigned long long)seed);
	const char *s = buf;
	size_t len = (size_t)n;
	if (c->max_len && len > c->max_len) {
		if (c->flags & SC_COLF_UNIQUE)
			s = buf + len - c->max_len;
		len = c->max_len;
	}
	return sc_arena_strndup(mem, s, len);
}

static char *fake_decimal(sc_arena *mem, const sc_column_meta *c, uint64_t r)
{
	char buf[64];
	unsigned scale = c->scale;
	unsigned whole_digits = c->precision ? c->precision - scale : 6;
	uint64_t cap = 1;
	for (unsigned i = 0; i < whole_digits && i < 6; i++)
		cap *= 10;
	uint64_t whole = r % cap;
	if (c->flags & SC_COLF_CHECK)
		whole = (uint64_t)in_range(c, r, 0, 0);
	if (scale)
		snprintf(buf, sizeof buf, "%llu.%0*u", (unsigned long long)whole, (int)scale, 0u);
	else
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)whole);
	return sc_arena_strdup(mem, buf);
}

/* 2024-01-01T00:00:00Z */
#define FAKE_BASE_US 1704067200000000LL

/* ---- a valid value per type: fake_<TYPE>(c, p, mem, x, seed) ----------
 * Writes the member at p from x (mixed from seed and the column); false
 * when out of memory. */
#define FAKE_FN(T) \
	static bool fake_##T(const sc_column_meta *c, unsigned char *p, sc_arena *mem, uint64_t x, uint64_t seed)
#define FAKE_PUT(ctype, expr)              \
	do {                               \
		ctype v_ = (expr);         \
		memcpy(p, &v_, sizeof v_); \
	} while (0)

FAKE_FN(BOOL)
{
	(void)c, (void)mem, (void)seed;
	FAKE_PUT(bool, x & 1);
	return true;
}

FAKE_FN(INT16)
{
	(void)mem, (void)seed;
	FAKE_PUT(int16_t, (int16_t)in_range(c, x, 0, 1000));
	return true;
}

FAKE_FN(INT32)
{
	(void)mem, (void)seed;
	FAKE_PUT(int32_t, (int32_t)in_range(c, x, 0, 100000));
	return true;
}

FAKE_FN(INT64)
{
	(void)mem;
	/* A unique column takes the seed (unique per seed), kept within its
	 * @check range when it has one. */
	FAKE_PUT(int64_t, !(c->flags & SC_COLF_UNIQUE)   ? in_range(c, x, 0, 1000000)
			  : (c->flags & SC_COLF_CHECK) ? in_range(c, seed, 0, 0)
						       : (int64_t)(seed & INT64_MAX));
	return true;
}

FAKE_FN(DOUBLE)
{
	(void)mem, (void)seed;
	double lo = 0, hi = 1000;
	if (c->flags & SC_COLF_CHECK) {
		lo = c->check_lo;
		hi = c->check_hi;
	}
	FAKE_PUT(double, lo + (hi - lo) * (double)(x % 1001) / 1000.0);
	return true;
}

FAKE_FN(TEXT)
{
	(void)x;
	char *v = fake_text(mem, c, seed);
	memcpy(p, &v, sizeof v);
	return v != NULL;
}

/* The empty array: valid for every element type. */
FAKE_FN(ARRAY)
{
	(void)c, (void)x, (void)seed;
	sc_array a = {sc_arena_alloc(mem, 0), 0};
	memcpy(p, &a, sizeof a);
	return a.items != NULL;
}

FAKE_FN(DECIMAL)
{
	(void)seed;
	char *v = fake_decimal(mem, c, x);
	memcpy(p, &v, sizeof v);
	return v != NULL;
}

FAKE_FN(JSON)
{
	(void)c, (void)x, (void)seed;
	char *v = sc_arena_strdup(mem, "{}");
	memcpy(p, &v, sizeof v);
	return v != NULL;
}

FAKE_FN(BYTES)
{
	(void)c;
	sc_bytes v = {sc_arena_alloc(mem, 16), 16};
	if (v.data) {
		uint64_t y = mix(x);
		memcpy(v.data, &seed, 8);
		memcpy(v.data + 8, &y, 8);
	}
	memcpy(p, &v, sizeof v);
	return v.data != NULL;
}

FAKE_FN(UUID)
{
	(void)mem;
	sc_uuid v;
	uint64_t y = mix(x);
	memcpy(v.bytes, &x, 8);
	memcpy(v.bytes + 8, &y, 8);
	if (c->flags & SC_COLF_UNIQUE)
		memcpy(v.bytes, &seed, 8);
	v.bytes[6] = (uint8_t)((v.bytes[6] & 0x0f) | 0x40);
	v.bytes[8] = (uint8_t)((v.bytes[8] & 0x3f) | 0x80);
	memcpy(p, &v, sizeof v);
	return true;
}

FAKE_FN(TIMESTAMP)
{
	(void)c, (void)mem, (void)seed;
	FAKE_PUT(int64_t, FAKE_BASE_US + (int64_t)(x % (365ull * 86400)) * 1000000 + (int64_t)(x % 1000000));
	return true;
}

FAKE_FN(DATE)
{
	(void)c, (void)mem, (void)seed;
	FAKE_PUT(int32_t, (int32_t)(FAKE_BASE_US / 86400000000LL) + (int32_t)(x % 365));
	return true;
}

FAKE_FN(TIME)
{
	(void)c, (void)mem, (void)seed;
	FAKE_PUT(int64_t, (int64_t)(x % (uint64_t)SC_TIME_MAX));
	return true;
}

FAKE_FN(ENUM)
{
	(void)mem, (void)seed;
	FAKE_PUT(int, c->enum_count ? (int)(x % c->enum_count) + 1 : 0);
	return true;
}

static bool fake_member(const sc_column_meta *c, unsigned char *p, sc_arena *mem, uint64_t x, uint64_t seed)
{
#define SC_COL_JOB(T) fake_##T(c, p, mem, x, seed)
	SC_COL_DISPATCH(c->type)
#undef SC_COL_JOB
	return true;
}

sc_status sc_row_fake(const sc_entity_meta *m, void *row, uint64_t seed)
{
	sc_arena *mem = sc_arena_new();
	if (!mem)
		return SC_NO_MEMORY;
	unsigned char *r = row;
	memset(r, 0, m->row_size);
	for (unsigned i = 0; i < m->ncols; i++) {
		const sc_column_meta *c = &m->cols[i];
		uint64_t x = mix(seed * 1000003u + i);
		/* Keys the caller or the database provides, and the soft-delete
		 * mark (a fake row is live). */
		bool skip = (c->flags & (SC_COLF_FK | SC_COLF_AUTOINCREMENT)) != 0 ||
			    (int)i == m->soft_delete_col;
		if (skip)
			continue;
		if (!fake_member(c, r + c->offset, mem, x, seed)) {
			sc_arena_free(mem);
			memset(r, 0, m->row_size);
			return SC_NO_MEMORY;
		}
		if (c->has_offset != SC_NO_HAS) {
			bool h = true;
			memcpy(r + c->has_offset, &h, sizeof h);
		}
	}
	memcpy(r + m->mem_offset, &mem, sizeof mem);
	return SC_OK;
}
