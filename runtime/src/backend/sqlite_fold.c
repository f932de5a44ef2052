/* sc_fold(text): Unicode simple lower-casing for SQLite, so generated
 * `ilike` (sc_fold(col) LIKE sc_fold(pattern)) ignores case beyond ASCII,
 * as PostgreSQL's ILIKE does. SQLite's own lower() folds ASCII only.
 * Uses towlower_l in the C.UTF-8 locale (built into glibc); where that
 * locale is missing, only ASCII is folded. Invalid UTF-8 bytes are kept. */
#define _GNU_SOURCE 1
#include "backend/backend.h"

#include <locale.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

static locale_t utf8_locale;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void utf8_init(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* Decode one UTF-8 sequence at s (n bytes left); returns its length, or 0
 * when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!len || len > n || s[0] > 0xF4)
		return 0;
	unsigned v = s[0] & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

static size_t utf8_encode(unsigned cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

static void fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	const unsigned char *s = sqlite3_value_text(argv[0]);
	size_t n = (size_t)sqlite3_value_bytes(argv[0]);
	if (!s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	/* Lower-casing never needs more than 4 bytes per input byte. */
	unsigned char *out = malloc(n * 4 + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	pthread_once(&utf8_once, utf8_init);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			out[o++] = s[i++];
			continue;
		}
		if (cp < 0x80)
			cp = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
		else if (utf8_locale)
			cp = (unsigned)towlower_l((wint_t)cp, utf8_locale);
		o += utf8_encode(cp, out + o);
		i += len;
	}
	sqlite3_result_text(ctx, (const char *)out, (int)o, free);
}

int sc__sqlite_register_fold(sqlite3 *db)
{
	return sqlite3_create_function(db, "sc_fold", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, fold,
				       NULL, NULL);
}
