/* Time, randomness and string helpers. */
#include "base/base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

int64_t sc__mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t sc_now_micros(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void sc__sleep_us(int64_t us)
{
	if (us <= 0)
		return;
	struct timespec ts = {(time_t)(us / 1000000), (long)(us % 1000000) * 1000};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* xoshiro256** per thread, seeded from getrandom (or the clock). */
static _Thread_local uint64_t rng_s[4];
static _Thread_local bool rng_seeded;

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t sc__rand64(void)
{
	if (!rng_seeded) {
		if (getrandom(rng_s, sizeof(rng_s), 0) != (ssize_t)sizeof(rng_s)) {
			uint64_t t = (uint64_t)sc__mono_us() ^ (uint64_t)(uintptr_t)&rng_s;
			for (int i = 0; i < 4; i++) {
				t += 0x9e3779b97f4a7c15ULL;
				uint64_t z = t;
				z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
				z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
				rng_s[i] = z ^ (z >> 31);
			}
		}
		rng_seeded = true;
	}
	uint64_t *s = rng_s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t sc__rand_below(uint64_t bound)
{
	if (bound <= 1)
		return 0;
	return sc__rand64() % bound;
}

int64_t sc__backoff_us(int attempt, int64_t base_ms, int64_t max_ms)
{
	if (base_ms <= 0)
		base_ms = 1;
	if (max_ms < base_ms)
		max_ms = base_ms;
	int64_t cap = base_ms * 1000;
	for (int i = 1; i < attempt && cap < max_ms * 1000; i++)
		cap *= 2;
	if (cap > max_ms * 1000)
		cap = max_ms * 1000;
	return (int64_t)sc__rand_below((uint64_t)cap + 1);
}

char *sc__strdup(const char *s)
{
	return s ? sc__strndup(s, strlen(s)) : NULL;
}

char *sc__strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sc__strlcpy(char *dst, const char *src, size_t n)
{
	if (n == 0)
		return;
	if (!src)
		src = "";
	size_t l = strlen(src);
	if (l >= n)
		l = n - 1;
	memcpy(dst, src, l);
	dst[l] = '\0';
}

int sc_runtime_version(void)
{
	return SC_RUNTIME_VERSION;
}

bool sc__bytebuf_reserve(sc_bytebuf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more)
		cap *= 2;
	unsigned char *np = realloc(b->p, cap);
	if (!np)
		return false;
	b->p = np;
	b->cap = cap;
	return true;
}
