/* UUID formatting, parsing and UUIDv7 generation. */
#include "base/base.h"

#include <string.h>
#include <sys/random.h>

#include <openssl/rand.h>

static pthread_mutex_t v7_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t v7_last_ms;
static uint64_t v7_seq; /* 12-bit rand_a counter + carry, RFC 9562 method 1 */

static int fill_random(void *buf, size_t n)
{
	unsigned char *p = buf;
	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);
		if (r < 0)
			return RAND_bytes(p, (int)n) == 1 ? 0 : -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

sc_status sc_uuid_v7(sc_uuid *out)
{
	uint8_t rnd[10];
	if (fill_random(rnd, sizeof(rnd)) != 0)
		return sc__tls_err(SC_ERROR, "no randomness available for UUIDv7");
	uint64_t ms = (uint64_t)(sc_now_micros() / 1000);
	uint64_t seq;
	pthread_mutex_lock(&v7_mu);
	if (ms > v7_last_ms) {
		v7_last_ms = ms;
		v7_seq = ((uint64_t)rnd[0] << 4 | (rnd[1] >> 4)) & 0x7ff; /* leave room to count */
	} else {
		/* same (or earlier: clock stepped back) millisecond: count up */
		v7_seq++;
		if (v7_seq > 0xfff) {
			v7_last_ms++;
			v7_seq = 0;
		}
		ms = v7_last_ms;
	}
	seq = v7_seq;
	pthread_mutex_unlock(&v7_mu);

	uint8_t *b = out->bytes;
	b[0] = (uint8_t)(ms >> 40);
	b[1] = (uint8_t)(ms >> 32);
	b[2] = (uint8_t)(ms >> 24);
	b[3] = (uint8_t)(ms >> 16);
	b[4] = (uint8_t)(ms >> 8);
	b[5] = (uint8_t)ms;
	b[6] = (uint8_t)(0x70 | ((seq >> 8) & 0x0f));
	b[7] = (uint8_t)seq;
	b[8] = (uint8_t)(0x80 | (rnd[2] & 0x3f));
	memcpy(b + 9, rnd + 3, 7);
	return SC_OK;
}

char *sc_uuid_format(const sc_uuid *u, char out[SC_UUID_STRLEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[u->bytes[i] >> 4];
		*p++ = hex[u->bytes[i] & 15];
	}
	*p = '\0';
	return out;
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

sc_status sc_uuid_parse(const char *text, size_t len, sc_uuid *out)
{
	if (!text)
		return SC_INVALID_ARGUMENT;
	if (len == (size_t)-1)
		len = strlen(text);
	if (len == 38 && text[0] == '{' && text[37] == '}') {
		text++;
		len -= 2;
	}
	bool hyphens;
	if (len == 36)
		hyphens = true;
	else if (len == 32)
		hyphens = false;
	else
		return SC_INVALID_ARGUMENT;
	size_t j = 0;
	for (int i = 0; i < 16; i++) {
		if (hyphens && (i == 4 || i == 6 || i == 8 || i == 10)) {
			if (text[j] != '-')
				return SC_INVALID_ARGUMENT;
			j++;
		}
		int hi = hexval(text[j]), lo = hexval(text[j + 1]);
		if (hi < 0 || lo < 0)
			return SC_INVALID_ARGUMENT;
		out->bytes[i] = (uint8_t)(hi << 4 | lo);
		j += 2;
	}
	return SC_OK;
}

bool sc_uuid_equal(const sc_uuid *a, const sc_uuid *b)
{
	return memcmp(a->bytes, b->bytes, 16) == 0;
}

bool sc_uuid_is_nil(const sc_uuid *u)
{
	static const sc_uuid nil;
	return sc_uuid_equal(u, &nil);
}
