/* 1,000,000 rows streamed in constant memory (issue 13 item 4): users are
 * made by the database itself (generate_series / a recursive CTE; keys in
 * ascending order, so every index grows at its end and seeding is quick), then
 * read twice, by leads_user_list_each and by the page form (keyset pages of
 * PAGE rows), with the same checksum over the rows in the same order; the
 * process's peak RSS after streaming must stay under RSS_LIMIT_KB.
 * SC_STREAM_ROWS overrides the row count (the ASan run uses fewer rows;
 * the RSS bound is not asserted under a sanitizer, whose shadow memory
 * counts as RSS). */
#include "repo.h"

#include "leads.h"

#include <sys/resource.h>

#define RSS_LIMIT_KB (20 * 1024)
#define PAGE 10000

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UNDER_SANITIZER 1
#endif
#endif
#ifndef UNDER_SANITIZER
#define UNDER_SANITIZER 0
#endif

typedef struct sum {
	uint64_t h;
	int64_t n;
} sum;

static void mix(sum *s, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		s->h ^= b[i];
		s->h *= 1099511628211ULL;
	}
}

/* Every column of the row, in order. */
static void add_row(sum *s, const leads_user *u)
{
	mix(s, u->id.bytes, sizeof u->id.bytes);
	mix(s, u->username, strlen(u->username) + 1);
	mix(s, u->email, strlen(u->email) + 1);
	mix(s, u->hashed_password, strlen(u->hashed_password) + 1);
	mix(s, &u->is_active, sizeof u->is_active);
	mix(s, &u->created_at, sizeof u->created_at);
	mix(s, &u->has_last_login_at, sizeof u->has_last_login_at);
	if (u->has_last_login_at)
		mix(s, &u->last_login_at, sizeof u->last_login_at);
	s->n++;
}

static int on_row(const leads_user *row, void *ud)
{
	add_row(ud, row);
	return 0;
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss; /* kilobytes on Linux */
}

static void seed(long rows)
{
	char sql[1024];
	if (env.pg)
		snprintf(sql, sizeof sql,
			 "INSERT INTO users (id, username, email, hashed_password, is_active, created_at, last_login_at) "
			 "SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, "
			 "'user' || lpad(i::text, 7, '0'), 'user' || lpad(i::text, 7, '0') || '@example.com', "
			 "md5(i::text), i %% 3 <> 0, "
			 "timestamptz '2026-01-01' + i * interval '1 second', "
			 "CASE WHEN i %% 2 = 0 THEN timestamptz '2026-06-01' + i * interval '1 ms' END "
			 "FROM generate_series(1, %ld) AS s(i)",
			 rows);
	else
		snprintf(sql, sizeof sql,
			 "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %ld) "
			 "INSERT INTO users (id, username, email, hashed_password, is_active, created_at, last_login_at) "
			 "SELECT printf('00000000-0000-4000-8000-%%012x', i), printf('user%%07d', i), "
			 "printf('user%%07d@example.com', i), hex(i * 7919), i %% 3 <> 0, "
			 "1767225600000000 + i * 1000000, CASE WHEN i %% 2 = 0 THEN 1780272000000000 + i * 1000 END "
			 "FROM s",
			 rows);
	CHECK_ST(sc_conn_exec(C, sql), SC_OK);
}

int main(int argc, char **argv)
{
	const char *e = getenv("SC_STREAM_ROWS");
	long rows = e && *e ? strtol(e, NULL, 10) : 1000000;
	repo_open(argc, argv, (repo_opts){0});
	int64_t t0 = t_now_ms();
	seed(rows);
	int64_t t1 = t_now_ms();
	long rss_before = peak_rss_kb();

	sum streamed = {1469598103934665603ULL, 0};
	CHECK_ST(leads_user_list_each(C, NULL, on_row, &streamed), SC_OK);
	int64_t t2 = t_now_ms();
	long rss_stream = peak_rss_kb();

	/* the page form over the same rows, PAGE at a time */
	sum paged = {1469598103934665603ULL, 0};
	sc_query *q = leads_user_query_new();
	sc_query_limit(q, PAGE);
	for (;;) {
		leads_user_page p;
		sc_status rc = leads_user_list(C, q, &p);
		CHECK_ST(rc, SC_OK);
		if (rc != SC_OK)
			break;
		for (size_t i = 0; i < p.len; i++)
			add_row(&paged, &p.rows[i]);
		bool more = p.next_cursor != NULL;
		if (more)
			sc_query_after(q, p.next_cursor);
		leads_user_page_free(&p);
		if (!more)
			break;
	}
	sc_query_free(q);
	int64_t t3 = t_now_ms();

	printf("%s: %ld rows: seed %lld ms, stream %lld ms, pages %lld ms; peak RSS %ld KB before "
	       "streaming, %ld KB after (limit %d KB%s)\n",
	       env.dialect, rows, (long long)(t1 - t0), (long long)(t2 - t1), (long long)(t3 - t2), rss_before,
	       rss_stream, RSS_LIMIT_KB, UNDER_SANITIZER ? ", not asserted under a sanitizer" : "");
	CHECK(streamed.n == rows);
	CHECK(paged.n == rows);
	CHECK_MSG(streamed.h == paged.h, "checksums differ: stream %016llx, pages %016llx",
		  (unsigned long long)streamed.h, (unsigned long long)paged.h);
	if (!UNDER_SANITIZER)
		CHECK_MSG(rss_stream < RSS_LIMIT_KB, "peak RSS %ld KB", rss_stream);
	repo_close();
	return repo_done(REPO_PROGRAM);
}
