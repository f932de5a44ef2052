/* Timestamps (int64 us since epoch, UTC) and dates (int32 days) to/from text.
 * Civil-date arithmetic after Howard Hinnant's algorithms (proleptic
 * Gregorian, astronomical year numbering: year 0 is 1 BC). */
#include "base/base.h"

#include <stdio.h>
#include <string.h>

#define US_PER_DAY INT64_C(86400000000)

int64_t sc_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void sc_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static void put2(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

static size_t fmt_date(char *out, int64_t days, size_t *bc_pos)
{
	int64_t y;
	unsigned m, d;
	sc_civil_from_days(days, &y, &m, &d);
	if (y >= 1 && y <= 9999) { /* the usual case, without snprintf */
		put2(out, (unsigned)(y / 100));
		put2(out + 2, (unsigned)(y % 100));
		out[4] = '-';
		put2(out + 5, m);
		out[7] = '-';
		put2(out + 8, d);
		out[10] = '\0';
		*bc_pos = 0;
		return 10;
	}
	bool bc = y <= 0;
	if (bc)
		y = 1 - y;
	int n = snprintf(out, SC_DATETIME_BUFSZ, "%04lld-%02u-%02u", (long long)y, m, d);
	*bc_pos = bc ? 1 : 0;
	return (size_t)n;
}

size_t sc_timestamp_format(int64_t us, char out[SC_DATETIME_BUFSZ])
{
	if (us == SC_TIMESTAMP_INFINITY)
		return (size_t)snprintf(out, SC_DATETIME_BUFSZ, "infinity");
	if (us == SC_TIMESTAMP_NEG_INFINITY)
		return (size_t)snprintf(out, SC_DATETIME_BUFSZ, "-infinity");
	int64_t days = floordiv(us, US_PER_DAY);
	int64_t rem = us - days * US_PER_DAY;
	size_t bc;
	size_t n = fmt_date(out, days, &bc);
	int64_t secs = rem / 1000000, frac = rem % 1000000;
	if (!bc) { /* " HH:MM:SS.ffffff+00" without snprintf */
		char *o = out + n;
		o[0] = ' ';
		put2(o + 1, (unsigned)(secs / 3600));
		o[3] = ':';
		put2(o + 4, (unsigned)(secs / 60 % 60));
		o[6] = ':';
		put2(o + 7, (unsigned)(secs % 60));
		o[9] = '.';
		put2(o + 10, (unsigned)(frac / 10000));
		put2(o + 12, (unsigned)(frac / 100 % 100));
		put2(o + 14, (unsigned)(frac % 100));
		memcpy(o + 16, "+00", 4);
		return n + 19;
	}
	n += (size_t)snprintf(out + n, SC_DATETIME_BUFSZ - n, " %02d:%02d:%02d.%06d+00%s",
			      (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), (int)frac,
			      bc ? " BC" : "");
	return n;
}

size_t sc_date_format(int32_t days, char out[SC_DATETIME_BUFSZ])
{
	if (days == SC_DATE_INFINITY)
		return (size_t)snprintf(out, SC_DATETIME_BUFSZ, "infinity");
	if (days == SC_DATE_NEG_INFINITY)
		return (size_t)snprintf(out, SC_DATETIME_BUFSZ, "-infinity");
	size_t bc;
	size_t n = fmt_date(out, days, &bc);
	if (bc)
		n += (size_t)snprintf(out + n, SC_DATETIME_BUFSZ - n, " BC");
	return n;
}

typedef struct cursor {
	const char *p, *end;
} cursor;

static int digits(cursor *c, int min, int max, int64_t *out)
{
	int n = 0;
	int64_t v = 0;
	while (c->p < c->end && n < max && *c->p >= '0' && *c->p <= '9') {
		v = v * 10 + (*c->p - '0');
		c->p++;
		n++;
	}
	if (n < min)
		return -1;
	*out = v;
	return n;
}

static bool lit(cursor *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static bool word(cursor *c, const char *w)
{
	size_t l = strlen(w);
	if ((size_t)(c->end - c->p) >= l && strncasecmp(c->p, w, l) == 0) {
		c->p += l;
		return true;
	}
	return false;
}

static void trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* "YYYY-MM-DD" -> days (year as written; BC applied by the caller). */
static int parse_ymd(cursor *c, int64_t *y, int64_t *mo, int64_t *d)
{
	if (digits(c, 4, 7, y) < 0 || !lit(c, '-') || digits(c, 2, 2, mo) < 0 || !lit(c, '-') ||
	    digits(c, 2, 2, d) < 0)
		return -1;
	if (*mo < 1 || *mo > 12 || *d < 1 || *d > 31)
		return -1;
	return 0;
}

static bool valid_day(int64_t y, int64_t m, int64_t d)
{
	/* round-trip check catches Feb 30 and friends */
	int64_t days = sc_days_from_civil(y, (unsigned)m, (unsigned)d);
	int64_t yy;
	unsigned mm, dd;
	sc_civil_from_days(days, &yy, &mm, &dd);
	return yy == y && mm == m && dd == d;
}

static bool parse_bc(cursor *c)
{
	cursor save = *c;
	while (c->p < c->end && *c->p == ' ')
		c->p++;
	if (word(c, "BC"))
		return true;
	*c = save;
	return false;
}

static bool dig2(const char *s, int *v)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';
	if (a > 9 || b > 9)
		return false;
	*v = (int)(a * 10 + b);
	return true;
}

static int month_days(int y, int m)
{
	static const unsigned char dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return dm[m - 1];
}


sc_status sc_date_parse(const char *text, size_t len, int32_t *out)
{
	if (!text)
		return SC_INVALID_ARGUMENT;
	if (len == (size_t)-1)
		len = strlen(text);
	int y1, y2, fm, fd;
	if (len == 10 && text[4] == '-' && text[7] == '-' && dig2(text, &y1) && dig2(text + 2, &y2) &&
	    dig2(text + 5, &fm) && dig2(text + 8, &fd) && y1 * 100 + y2 >= 1 && fm >= 1 && fm <= 12 &&
	    fd >= 1 && fd <= month_days(y1 * 100 + y2, fm)) {
		*out = (int32_t)sc_days_from_civil(y1 * 100 + y2, (unsigned)fm, (unsigned)fd);
		return SC_OK; /* the usual "YYYY-MM-DD" */
	}
	trim(&text, &len);
	cursor c = {text, text + len};
	if (word(&c, "infinity") || word(&c, "+infinity")) {
		*out = SC_DATE_INFINITY;
		return c.p == c.end ? SC_OK : SC_DATA_ERROR;
	}
	if (word(&c, "-infinity")) {
		*out = SC_DATE_NEG_INFINITY;
		return c.p == c.end ? SC_OK : SC_DATA_ERROR;
	}
	int64_t y, m, d;
	if (parse_ymd(&c, &y, &m, &d) < 0)
		return SC_DATA_ERROR;
	if (parse_bc(&c))
		y = 1 - y;
	if (c.p != c.end || !valid_day(y, m, d))
		return SC_DATA_ERROR;
	int64_t days = sc_days_from_civil(y, (unsigned)m, (unsigned)d);
	if (days <= INT32_MIN || days >= INT32_MAX)
		return SC_DATA_ERROR;
	*out = (int32_t)days;
	return SC_OK;
}

/* Fast path for the exact text a UTC session sends back:
 * "YYYY-MM-DD HH:MM:SS[.f{1,6}]+00" (year 1..9999, no BC, no leap second).
 * Returns false for anything else (the general parser decides). */
static bool ts_fast(int64_t *out, const char *s, size_t len)
{
	int y1, y2, mo, d, hh, mi, ss;
	if (len < 22 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return false;
	if (!dig2(s, &y1) || !dig2(s + 2, &y2) || !dig2(s + 5, &mo) || !dig2(s + 8, &d) ||
	    !dig2(s + 11, &hh) || !dig2(s + 14, &mi) || !dig2(s + 17, &ss))
		return false;
	int y = y1 * 100 + y2;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || hh > 23 || mi > 59 || ss > 59)
		return false;
	size_t i = 19;
	int64_t frac = 0;
	if (s[i] == '.') {
		int n = 0;
		for (i++; i < len && n < 6 && (unsigned)(s[i] - '0') <= 9; i++, n++)
			frac = frac * 10 + (s[i] - '0');
		if (n == 0)
			return false;
		for (; n < 6; n++)
			frac *= 10;
	}
	if (len != i + 3 || s[i] != '+' || s[i + 1] != '0' || s[i + 2] != '0')
		return false;
	int64_t days = sc_days_from_civil(y, (unsigned)mo, (unsigned)d);
	*out = (days * 86400 + hh * 3600 + mi * 60 + ss) * INT64_C(1000000) + frac;
	return true;
}

sc_status sc_timestamp_parse(const char *text, size_t len, int64_t *out)
{
	if (!text)
		return SC_INVALID_ARGUMENT;
	if (len == (size_t)-1)
		len = strlen(text);
	if (ts_fast(out, text, len))
		return SC_OK;
	trim(&text, &len);
	cursor c = {text, text + len};
	if (word(&c, "infinity") || word(&c, "+infinity")) {
		*out = SC_TIMESTAMP_INFINITY;
		return c.p == c.end ? SC_OK : SC_DATA_ERROR;
	}
	if (word(&c, "-infinity")) {
		*out = SC_TIMESTAMP_NEG_INFINITY;
		return c.p == c.end ? SC_OK : SC_DATA_ERROR;
	}
	int64_t y, mo, d, hh = 0, mi = 0, ss = 0, frac = 0, off = 0;
	if (parse_ymd(&c, &y, &mo, &d) < 0)
		return SC_DATA_ERROR;
	if (lit(&c, ' ') || lit(&c, 'T') || lit(&c, 't')) {
		if (digits(&c, 2, 2, &hh) < 0 || !lit(&c, ':') || digits(&c, 2, 2, &mi) < 0)
			return SC_DATA_ERROR;
		if (lit(&c, ':')) {
			if (digits(&c, 2, 2, &ss) < 0)
				return SC_DATA_ERROR;
			if (lit(&c, '.') || lit(&c, ',')) {
				int n = digits(&c, 1, 6, &frac);
				if (n < 0)
					return SC_DATA_ERROR;
				for (; n < 6; n++)
					frac *= 10;
				if (c.p < c.end && *c.p >= '0' && *c.p <= '9')
					return SC_DATA_ERROR; /* finer than a microsecond */
			}
		}
		if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi || ss || frac)))
			return SC_DATA_ERROR;
		if (lit(&c, 'Z') || lit(&c, 'z')) {
			off = 0;
		} else if (c.p < c.end && (*c.p == '+' || *c.p == '-')) {
			int sign = *c.p == '-' ? -1 : 1;
			c.p++;
			int64_t oh = 0, om = 0, os = 0;
			if (digits(&c, 2, 2, &oh) < 0)
				return SC_DATA_ERROR;
			bool colon = lit(&c, ':');
			if (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
				if (digits(&c, 2, 2, &om) < 0)
					return SC_DATA_ERROR;
				if ((colon && lit(&c, ':')) || (!colon && c.p < c.end && *c.p >= '0' && *c.p <= '9'))
					if (digits(&c, 2, 2, &os) < 0)
						return SC_DATA_ERROR;
			} else if (colon) {
				return SC_DATA_ERROR;
			}
			if (oh > 15 || om > 59 || os > 59)
				return SC_DATA_ERROR;
			off = sign * (oh * 3600 + om * 60 + os);
		}
	}
	if (parse_bc(&c))
		y = 1 - y;
	if (c.p != c.end || !valid_day(y, mo, d))
		return SC_DATA_ERROR;
	int64_t days = sc_days_from_civil(y, (unsigned)mo, (unsigned)d);
	/* PostgreSQL's range is 4713 BC .. 294276 AD; int64 us since 1970
	 * ends in 294247 AD: the seconds are checked before they are scaled. */
	if (days < -200000000 || days > 200000000)
		return SC_DATA_ERROR;
	int64_t secs = days * 86400 + hh * 3600 + mi * 60 + ss - off;
	if (secs > INT64_MAX / 1000000 - 1 || secs < INT64_MIN / 1000000 + 1)
		return SC_DATA_ERROR;
	*out = secs * 1000000 + frac;
	return SC_OK;
}

/* ---- time of day ---------------------------------------------------------- */

size_t sc_time_format(int64_t us, char out[SC_DATETIME_BUFSZ])
{
	if (us < 0 || us > SC_TIME_MAX)
		return (size_t)snprintf(out, SC_DATETIME_BUFSZ, "invalid");
	int64_t secs = us / 1000000, frac = us % 1000000;
	int n = snprintf(out, SC_DATETIME_BUFSZ, "%02d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60));
	if (frac) {
		n += snprintf(out + n, SC_DATETIME_BUFSZ - (size_t)n, ".%06d", (int)frac);
		while (out[n - 1] == '0')
			out[--n] = '\0';
	}
	return (size_t)n;
}

sc_status sc_time_parse(const char *text, size_t len, int64_t *out)
{
	if (!text)
		return SC_INVALID_ARGUMENT;
	if (len == (size_t)-1)
		len = strlen(text);
	trim(&text, &len);
	cursor c = {text, text + len};
	int64_t h, mi, s = 0, frac = 0;
	if (digits(&c, 2, 2, &h) < 0 || !lit(&c, ':') || digits(&c, 2, 2, &mi) < 0)
		return SC_DATA_ERROR;
	if (lit(&c, ':')) {
		if (digits(&c, 2, 2, &s) < 0)
			return SC_DATA_ERROR;
		if (lit(&c, '.')) {
			int n = digits(&c, 1, 6, &frac);
			if (n < 0)
				return SC_DATA_ERROR;
			for (; n < 6; n++)
				frac *= 10;
		}
	}
	if (c.p != c.end || mi > 59 || s > 59)
		return SC_DATA_ERROR;
	int64_t us = ((h * 60 + mi) * 60 + s) * 1000000 + frac;
	if (us > SC_TIME_MAX)
		return SC_DATA_ERROR;
	*out = us;
	return SC_OK;
}
