/* Shared helpers: synthetic data, clocks, random numbers, timestamps. */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

const char *const bench_status_names[BENCH_STATUS_COUNT] = {"pending", "reached_out", "converted",
							     "closed"};

static const char *const first_names[] = {"Ada", "Grace", "Alan", "Edsger", "Barbara",
					  "Donald", "Frances", "Ken", "Dennis", "Margaret"};
static const char *const last_names[] = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov",
					 "Knuth", "Allen", "Thompson", "Ritchie", "Hamilton"};

void bench_lead_fill(bench_lead_src *s, int64_t i)
{
	uint64_t h = (uint64_t)i * 0x9E3779B97F4A7C15u;
	snprintf(s->external_id, sizeof s->external_id, "ext-%012lld", (long long)i);
	snprintf(s->first_name, sizeof s->first_name, "%s", first_names[h % 10]);
	snprintf(s->last_name, sizeof s->last_name, "%s", last_names[(h >> 8) % 10]);
	snprintf(s->email, sizeof s->email, "lead%lld@example.com", (long long)i);
	snprintf(s->postcode, sizeof s->postcode, "SW%02u %uAB", (unsigned)((h >> 16) % 20),
		 (unsigned)((h >> 24) % 10));
	s->score = (int32_t)((h >> 32) % 101);
	s->status = (int)((h >> 40) % BENCH_STATUS_COUNT);
}

const char *bench_note_body(int64_t j)
{
	static const char *const bodies[] = {
		"Called, left a voicemail.",
		"Asked for a valuation next week; prefers mornings.",
		"Sent the brochure by email.",
	};
	return bodies[j % 3];
}

void bench_row_clear(bench_row *r)
{
	free(r->external_id);
	free(r->first_name);
	free(r->last_name);
	free(r->email);
	free(r->postcode);
	memset(r, 0, sizeof *r);
}

int bench_status_from_name(const char *s, size_t len)
{
	for (int i = 0; i < BENCH_STATUS_COUNT; i++)
		if (strlen(bench_status_names[i]) == len && memcmp(bench_status_names[i], s, len) == 0)
			return i;
	return -1;
}

int64_t bench_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t bench_cpu_ns(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ((int64_t)ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000 +
	       ((int64_t)ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000;
}

int64_t bench_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void bench_die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

uint64_t bench_rand(bench_rng *r)
{
	uint64_t x = r->s ? r->s : 0x2545F4914F6CDD1Du;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545F4914F6CDD1Du;
}

int64_t bench_rand_range(bench_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(bench_rand(r) % (uint64_t)(hi - lo + 1));
}

/* "YYYY-MM-DD HH:MM:SS.ffffff+00", as PostgreSQL prints timestamptz in UTC. */
void bench_ts_text(int64_t us, char out[64])
{
	time_t secs = (time_t)(us / 1000000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	snprintf(out, 64, "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(us % 1000000));
}

/* Days from civil (proleptic Gregorian), H. Hinnant's algorithm. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int digits(const char **p, int n)
{
	int v = 0;
	for (int k = 0; k < n; k++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	return v;
}

/* Parses the text form PostgreSQL sends for timestamptz with TimeZone UTC
 * ("2024-06-01 12:34:56.123456+00"), by hand as a speed-minded client does. */
int bench_ts_parse(const char *s, int64_t *us)
{
	const char *p = s;
	int y = digits(&p, 4), mo = (*p++ == '-') ? digits(&p, 2) : -1;
	int d = (*p++ == '-') ? digits(&p, 2) : -1;
	int h = (*p++ == ' ') ? digits(&p, 2) : -1;
	int mi = (*p++ == ':') ? digits(&p, 2) : -1;
	int sec = (*p++ == ':') ? digits(&p, 2) : -1;
	if (y < 0 || mo < 1 || d < 1 || h < 0 || mi < 0 || sec < 0)
		return -1;
	int64_t frac = 0;
	if (*p == '.') {
		int n = 0;
		for (p++; *p >= '0' && *p <= '9'; p++, n++)
			frac = frac * 10 + (*p - '0');
		for (; n < 6; n++)
			frac *= 10;
	}
	if (strcmp(p, "+00") != 0)
		return -1;
	*us = ((days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400) + h * 3600 + mi * 60 + sec) *
		      1000000 +
	      frac;
	return 0;
}
