/* Exact comparison of decimal number texts (numcmp.h). A number is read as
 * its sign, its digits (integer and fraction parts, one sequence) and the
 * position of the decimal point; with the leading and trailing zeros of
 * the digits left out, two non-zero numbers of one sign compare by the
 * point's position, then digit by digit. */
#include "base/numcmp.h"

#include <stdint.h>
#include <string.h>

/* Exponents are kept within this bound (saturated): far beyond any digit
 * count, so a saturated exponent still orders correctly against text that
 * fits in memory. */
#define NUM_EXP_LIMIT ((int64_t)1 << 40)

typedef struct num {
	bool neg;
	const char *ip, *fp; /* integer and fraction digits */
	size_t in, fn;
	int64_t exp;
} num;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool parse(const char *s, size_t n, num *x)
{
	size_t i = 0;
	memset(x, 0, sizeof *x);
	if (i < n && (s[i] == '+' || s[i] == '-'))
		x->neg = s[i++] == '-';
	x->ip = s + i;
	while (i < n && is_digit(s[i]))
		i++, x->in++;
	if (i < n && s[i] == '.') {
		i++;
		x->fp = s + i;
		while (i < n && is_digit(s[i]))
			i++, x->fn++;
	}
	if (x->in + x->fn == 0)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = false;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		if (i == n || !is_digit(s[i]))
			return false;
		for (; i < n && is_digit(s[i]); i++)
			if (x->exp < NUM_EXP_LIMIT)
				x->exp = x->exp * 10 + (s[i] - '0');
		if (eneg)
			x->exp = -x->exp;
	}
	return i == n;
}

static char digit_at(const num *x, size_t k)
{
	return k < x->in ? x->ip[k] : x->fp[k - x->in];
}

/* The significant digits [*first, *last] (none: zero) and the point's
 * position relative to the first of them. */
static bool significant(const num *x, size_t *first, size_t *last, int64_t *point)
{
	size_t nd = x->in + x->fn, k = 0;
	while (k < nd && digit_at(x, k) == '0')
		k++;
	if (k == nd)
		return false;
	size_t l = nd - 1;
	while (digit_at(x, l) == '0')
		l--;
	*first = k;
	*last = l;
	*point = (int64_t)x->in + x->exp - (int64_t)k;
	return true;
}

/* Magnitudes of two non-zero numbers. */
static int cmp_abs(const num *a, size_t af, size_t al, int64_t ap, const num *b, size_t bf, size_t bl,
		   int64_t bp)
{
	if (ap != bp)
		return ap < bp ? -1 : 1;
	for (;; af++, bf++) {
		char da = digit_at(a, af), db = digit_at(b, bf);
		if (da != db)
			return da < db ? -1 : 1;
		if (af == al || bf == bl)
			return (af == al) == (bf == bl) ? 0 : af == al ? -1 : 1;
	}
}

bool sc__num_valid(const char *s, size_t n)
{
	num x;
	return parse(s, n, &x);
}

int sc__num_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	num x, y;
	bool xa = parse(a, an, &x), yb = parse(b, bn, &y);
	if (!xa || !yb) {
		if (xa != yb)
			return xa ? -1 : 1;
		int c = an && bn ? memcmp(a, b, an < bn ? an : bn) : 0;
		return c ? c : an == bn ? 0 : an < bn ? -1 : 1;
	}
	size_t xf = 0, xl = 0, yf = 0, yl = 0;
	int64_t xp = 0, yp = 0;
	bool xnz = significant(&x, &xf, &xl, &xp), ynz = significant(&y, &yf, &yl, &yp);
	int xs = xnz ? (x.neg ? -1 : 1) : 0, ys = ynz ? (y.neg ? -1 : 1) : 0;
	if (xs != ys)
		return xs < ys ? -1 : 1;
	if (xs == 0)
		return 0;
	int c = cmp_abs(&x, xf, xl, xp, &y, yf, yl, yp);
	return xs < 0 ? -c : c;
}
