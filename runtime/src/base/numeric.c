/* PostgreSQL numeric's binary form to its text (what numeric_out sends),
 * for binary results (docs/runtime.md, "Binary results"). */
#include "base/base.h"

#include <string.h>

/* The wire layout: int16 ndigits, int16 weight (of the first digit, in
 * base-10000 positions from the decimal point), uint16 sign, uint16 dscale
 * (digits shown after the point), then ndigits base-10000 digits. */
#define NUMERIC_POS 0x0000
#define NUMERIC_NEG 0x4000
#define NUMERIC_NAN 0xC000
#define NUMERIC_PINF 0xD000
#define NUMERIC_NINF 0xF000
#define NUMERIC_DSCALE_MAX 0x3FFF

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Appends to out when it fits; the length is counted either way. */
typedef struct num_out {
	char *buf;
	size_t cap, len;
} num_out;

static void put(num_out *o, char c)
{
	if (o->len < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void put_s(num_out *o, const char *s)
{
	while (*s)
		put(o, *s++);
}

/* Base-10000 digit d as four decimal digits (all of them, or without
 * leading zeros for the first digit of the integer part). */
static void put_digit(num_out *o, unsigned d, bool leading)
{
	char four[4] = {(char)('0' + d / 1000), (char)('0' + d / 100 % 10), (char)('0' + d / 10 % 10),
			(char)('0' + d % 10)};
	int i = 0;
	if (leading)
		while (i < 3 && four[i] == '0')
			i++;
	for (; i < 4; i++)
		put(o, four[i]);
}

sc_status sc__numeric_bin_text(const void *bin, size_t len, char *buf, size_t cap, size_t *need)
{
	const unsigned char *p = bin;
	num_out o = {buf, cap, 0};
	*need = 0;
	if (len < 8)
		return SC_DATA_ERROR;
	unsigned ndigits = be16(p), sign = be16(p + 4), dscale = be16(p + 6);
	int weight = (int16_t)be16(p + 2);
	if (len != 8 + 2 * (size_t)ndigits || dscale > NUMERIC_DSCALE_MAX)
		return SC_DATA_ERROR;
	const unsigned char *dig = p + 8;
	for (unsigned i = 0; i < ndigits; i++)
		if (be16(dig + 2 * i) > 9999)
			return SC_DATA_ERROR;
	switch (sign) {
	case NUMERIC_NAN:
		put_s(&o, "NaN");
		break;
	case NUMERIC_PINF:
		put_s(&o, "Infinity");
		break;
	case NUMERIC_NINF:
		put_s(&o, "-Infinity");
		break;
	case NUMERIC_POS:
	case NUMERIC_NEG: {
		if (sign == NUMERIC_NEG)
			put(&o, '-');
		/* the integer part: positions weight .. 0 */
		if (weight < 0) {
			put(&o, '0');
		} else {
			for (int w = 0; w <= weight; w++) {
				unsigned d = (unsigned)w < ndigits ? be16(dig + 2 * w) : 0;
				put_digit(&o, d, w == 0);
			}
		}
		/* dscale digits after the point: positions weight+1 .. */
		if (dscale > 0) {
			put(&o, '.');
			unsigned shown = 0;
			for (int w = weight + 1; shown < dscale; w++) {
				int i = w; /* index into dig */
				unsigned d = i >= 0 && (unsigned)i < ndigits ? be16(dig + 2 * i) : 0;
				char four[4] = {(char)('0' + d / 1000), (char)('0' + d / 100 % 10),
						(char)('0' + d / 10 % 10), (char)('0' + d % 10)};
				for (int k = 0; k < 4 && shown < dscale; k++, shown++)
					put(&o, four[k]);
			}
		}
		break;
	}
	default:
		return SC_DATA_ERROR;
	}
	*need = o.len;
	if (o.len < cap)
		buf[o.len] = '\0';
	return SC_OK;
}

/* ---- text to binary (binary COPY) -------------------------------------- */

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static bool word_ci(const char *s, const char *w)
{
	for (; *w; s++, w++)
		if ((*s | 0x20) != *w)
			return false;
	return *s == '\0';
}

size_t sc__numeric_bin_max(size_t text_len)
{
	return 8 + 2 * (text_len / 4 + 2);
}

sc_status sc__numeric_text_bin(const char *s, unsigned char *out, size_t cap, size_t *len)
{
	*len = 0;
	size_t tl = strlen(s);
	if (cap < sc__numeric_bin_max(tl))
		return SC_INVALID_ARGUMENT;
	unsigned sign = NUMERIC_POS;
	const char *p = s;
	if (*p == '-' || *p == '+')
		sign = *p++ == '-' ? NUMERIC_NEG : NUMERIC_POS;
	if (word_ci(s, "nan") || word_ci(p, "infinity")) {
		unsigned special = word_ci(s, "nan") ? NUMERIC_NAN : sign == NUMERIC_NEG ? NUMERIC_NINF : NUMERIC_PINF;
		put16(out, 0);
		put16(out + 2, 0);
		put16(out + 4, special);
		put16(out + 6, 0);
		*len = 8;
		return SC_OK;
	}
	const char *ip = p;
	while (*p >= '0' && *p <= '9')
		p++;
	size_t ni = (size_t)(p - ip);
	const char *fp = p;
	size_t nf = 0;
	if (*p == '.') {
		fp = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		nf = (size_t)(p - fp);
	}
	if (*p || ni + nf == 0 || nf > NUMERIC_DSCALE_MAX)
		return SC_DATA_ERROR; /* exponents and the like: not this encoder's */
	while (ni > 0 && *ip == '0') /* leading zeros of the integer part */
		ip++, ni--;
	/* Decimal digit k of the padded sequence: the integer part padded on the
	 * left to whole base-10000 digits, then the fraction padded on the right. */
	size_t lead = (4 - ni % 4) % 4, ngroups = (lead + ni + nf + 3) / 4;
	int weight = (int)((lead + ni) / 4) - 1;
	unsigned char *dig = out + 8;
	size_t nd = 0, first = 0;
	bool seen = false;
	for (size_t g = 0; g < ngroups; g++) {
		unsigned d = 0;
		for (size_t k = g * 4; k < g * 4 + 4; k++) {
			size_t at = k - lead; /* wraps below lead: a padding zero */
			unsigned c = k < lead ? 0 : at < ni ? (unsigned)(ip[at] - '0') : at - ni < nf ? (unsigned)(fp[at - ni] - '0') : 0;
			d = d * 10 + c;
		}
		if (!seen && d == 0) { /* leading zero digits move the weight */
			first++;
			continue;
		}
		seen = true;
		put16(dig + 2 * nd++, d);
	}
	while (nd > 0 && dig[2 * nd - 2] == 0 && dig[2 * nd - 1] == 0)
		nd--; /* trailing zero digits: dscale keeps them */
	weight -= (int)first;
	if (weight > INT16_MAX)
		return SC_DATA_ERROR; /* past numeric's range: the server says so */
	if (nd == 0) {
		weight = 0;
		sign = NUMERIC_POS; /* PostgreSQL has no negative zero */
	}
	put16(out, (unsigned)nd);
	put16(out + 2, (unsigned)(uint16_t)(int16_t)weight);
	put16(out + 4, sign);
	put16(out + 6, (unsigned)nf);
	*len = 8 + 2 * nd;
	return SC_OK;
}
