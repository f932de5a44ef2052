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

sc_status sc_row_fake(const sc_entity_meta *m, void *row, uint64_t seed)
{
	sc_arena *mem = sc_arena_new();
	if (!mem)
		return SC_NO_MEMORY;
	unsigned char *r = row;
	memset(r, 0, m->row_size);
	/* 2024-01-01T00:00:00Z */
	const int64_t base_us = 1704067200000000LL;
	for (unsigned i = 0; i < m->ncols; i++) {
		const sc_column_meta *c = &m->cols[i];
		uint64_t x = mix(seed * 1000003u + i);
		unsigned char *p = r + c->offset;
		/* Keys the caller or the database provides, and the soft-delete
		 * mark (a fake row is live). */
		bool skip = (c->flags & (SC_COLF_FK | SC_COLF_AUTOINCREMENT)) != 0 ||
			    (int)i == m->soft_delete_col;
		if (skip)
			continue;
		bool ok = true;
		switch (c->type) {
		case SC_COL_BOOL: {
			bool v = x & 1;
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_INT16: {
			int16_t v = (int16_t)in_range(c, x, 0, 1000);
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_INT32: {
			int32_t v = (int32_t)in_range(c, x, 0, 100000);
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_INT64: {
			/* A unique column takes the seed (unique per seed), kept
			 * within its @check range when it has one. */
			int64_t v = !(c->flags & SC_COLF_UNIQUE) ? in_range(c, x, 0, 1000000)
				    : (c->flags & SC_COLF_CHECK) ? in_range(c, seed, 0, 0)
								  : (int64_t)(seed & INT64_MAX);
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_DOUBLE: {
			double lo = 0, hi = 1000;
			if (c->flags & SC_COLF_CHECK) {
				lo = c->check_lo;
				hi = c->check_hi;
			}
			double v = lo + (hi - lo) * (double)(x % 1001) / 1000.0;
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_TEXT: {
			char *v = fake_text(mem, c, seed);
			ok = v != NULL;
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_DECIMAL: {
			char *v = fake_decimal(mem, c, x);
			ok = v != NULL;
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_JSON: {
			char *v = sc_arena_strdup(mem, "{}");
			ok = v != NULL;
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_BYTES: {
			sc_bytes v = {sc_arena_alloc(mem, 16), 16};
			ok = v.data != NULL;
			if (ok) {
				uint64_t y = mix(x);
				memcpy(v.data, &seed, 8);
				memcpy(v.data + 8, &y, 8);
			}
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_UUID: {
			sc_uuid v;
			uint64_t y = mix(x);
			memcpy(v.bytes, &x, 8);
			memcpy(v.bytes + 8, &y, 8);
			if (c->flags & SC_COLF_UNIQUE)
				memcpy(v.bytes, &seed, 8);
			v.bytes[6] = (uint8_t)((v.bytes[6] & 0x0f) | 0x40);
			v.bytes[8] = (uint8_t)((v.bytes[8] & 0x3f) | 0x80);
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_TIMESTAMP: {
			int64_t v = base_us + (int64_t)(x % (365ull * 86400)) * 1000000 +
				    (int64_t)(x % 1000000);
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_DATE: {
			int32_t v = (int32_t)(base_us / 86400000000LL) + (int32_t)(x % 365);
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_TIME: {
			int64_t v = (int64_t)(x % (uint64_t)SC_TIME_MAX);
			memcpy(p, &v, sizeof v);
			break;
		}
		case SC_COL_ENUM: {
			int v = c->enum_count ? (int)(x % c->enum_count) + 1 : 0;
			memcpy(p, &v, sizeof v);
			break;
		}
		}
		if (!ok) {
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
