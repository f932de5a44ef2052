/* Value checks (values.h): UTF-8 length, canonical decimals, JSON syntax. */
#include <schemac/values.h>

#include <stdlib.h>
#include <string.h>

size_t sc_utf8_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80; /* count every byte but continuation bytes */
	return n;
}

bool sc_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		unsigned b = *p;
		if (b < 0x80) {
			p++;
			continue;
		}
		size_t n;
		unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
		if (b >= 0xC2 && b <= 0xDF)
			n = 2;
		else if (b >= 0xE0 && b <= 0xEF) {
			n = 3;
			if (b == 0xE0)
				lo = 0xA0; /* no overlong forms */
			else if (b == 0xED)
				hi = 0x9F; /* no surrogates */
		} else if (b >= 0xF0 && b <= 0xF4) {
			n = 4;
			if (b == 0xF0)
				lo = 0x90;
			else if (b == 0xF4)
				hi = 0x8F; /* nothing above U+10FFFF */
		} else {
			return false;
		}
		if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
			return false;
		for (size_t i = 2; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

sc_status sc_decimal_canonical(const char *text, uint32_t precision, uint32_t scale, char *out,
			       size_t outsz)
{
	const char *p = text;
	bool neg = false;
	if (!p)
		return SC_DATA_ERROR;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	const char *ip = p;
	while (is_digit(*p))
		p++;
	size_t ilen = (size_t)(p - ip);
	const char *fp = p;
	size_t flen = 0;
	if (*p == '.') {
		fp = ++p;
		while (is_digit(*p))
			p++;
		flen = (size_t)(p - fp);
	}
	if (*p || ilen + flen == 0)
		return SC_DATA_ERROR;
	while (ilen > 0 && *ip == '0') { /* leading zeros do not count */
		ip++;
		ilen--;
	}
	size_t fkeep = flen;
	if (precision == 0) { /* unconstrained: drop trailing zeros only */
		while (fkeep > 0 && fp[fkeep - 1] == '0')
			fkeep--;
	} else {
		if (flen > scale || ilen > (size_t)(precision - scale))
			return SC_DATA_ERROR;
		fkeep = scale;
	}
	bool zero = true;
	for (size_t i = 0; i < ilen; i++)
		zero &= ip[i] == '0';
	for (size_t i = 0; i < flen; i++)
		zero &= fp[i] == '0';
	size_t need = (neg && !zero) + (ilen ? ilen : 1) + (fkeep ? fkeep + 1 : 0) + 1;
	if (!out)
		return SC_OK; /* validation only */
	if (need > outsz)
		return SC_DATA_ERROR;
	char *o = out;
	if (neg && !zero)
		*o++ = '-';
	if (ilen) {
		memcpy(o, ip, ilen);
		o += ilen;
	} else {
		*o++ = '0';
	}
	if (fkeep) {
		*o++ = '.';
		for (size_t i = 0; i < fkeep; i++)
			*o++ = i < flen ? fp[i] : '0';
	}
	*o = '\0';
	return SC_OK;
}

/* ---- JSON (RFC 8259), recursive descent with a depth bound ------------ */

typedef struct jp {
	const char *p, *end;
	int depth;
} jp;

static void ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool lit(jp *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return false;
	j->p += n;
	return true;
}

static bool hex(char ch)
{
	return is_digit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static bool string(jp *j)
{
	j->p++; /* opening quote */
	while (j->p < j->end) {
		unsigned char ch = (unsigned char)*j->p++;
		if (ch == '"')
			return true;
		if (ch < 0x20)
			return false;
		if (ch == '\\') {
			if (j->p >= j->end)
				return false;
			char e = *j->p++;
			if (e == 'u') {
				for (int i = 0; i < 4; i++)
					if (j->p >= j->end || !hex(*j->p++))
						return false;
			} else if (!strchr("\"\\/bfnrt", e) || e == '\0') {
				return false;
			}
		}
	}
	return false;
}

static bool digits(jp *j)
{
	const char *s = j->p;
	while (j->p < j->end && is_digit(*j->p))
		j->p++;
	return j->p > s;
}

static bool number(jp *j)
{
	if (*j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!digits(j))
		return false;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (!digits(j))
			return false;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!digits(j))
			return false;
	}
	return true;
}

static bool value(jp *j);

static bool container(jp *j, char close, bool object)
{
	if (++j->depth > 512)
		return false;
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return true;
	}
	for (;;) {
		ws(j);
		if (object) {
			if (j->p >= j->end || *j->p != '"' || !string(j))
				return false;
			ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return false;
		}
		if (!value(j))
			return false;
		ws(j);
		if (j->p >= j->end)
			return false;
		char ch = *j->p++;
		if (ch == close)
			break;
		if (ch != ',')
			return false;
	}
	j->depth--;
	return true;
}

static bool value(jp *j)
{
	ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
		return container(j, '}', true);
	case '[':
		return container(j, ']', false);
	case '"':
		return string(j);
	case 't':
		return lit(j, "true");
	case 'f':
		return lit(j, "false");
	case 'n':
		return lit(j, "null");
	default:
		return (*j->p == '-' || is_digit(*j->p)) && number(j);
	}
}

bool sc_json_valid(const char *text, size_t len)
{
	if (!text)
		return false;
	jp j = {text, text + len, 0};
	if (!value(&j))
		return false;
	ws(&j);
	return j.p == j.end;
}
