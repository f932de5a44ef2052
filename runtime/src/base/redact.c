/*
 * Printing a database URL without its secrets (sc_url_redact), for any
 * input, including strings libpq would reject.
 *
 * Rules (docs/runtime.md, "Passwords"):
 * - URL form (`scheme://`): the user-info part runs from `//` to the LAST
 *   `@` of the whole string, since a password may hold unencoded `/`, `?`,
 *   `#` or `@`. It prints as `user:***@` when the text before the first `:`
 *   is a plain user name, else as `***@`. Query parameters print as `k=v`
 *   only for keys on the allow-list below; any other key (password, a typo
 *   such as `pasword`, sslpassword) prints as `k=***`, a part without `=` as
 *   `***`.
 * - Keyword form (`key=value ...`, libpq's conninfo syntax): the same
 *   allow-list decides which values are shown; a token without `=` or an
 *   unterminated quote turns the rest of the string into `***`.
 * - Anything else prints as `***` after its scheme.
 */
#include "base/base.h"

#include <string.h>

/* libpq keywords whose values are never secret. */
static const char *const safe_keys[] = {
	"host", "hostaddr", "port", "dbname", "user", "sslmode", "application_name",
	"fallback_application_name", "connect_timeout", "options", "target_session_attrs",
	"keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
	"tcp_user_timeout", "client_encoding", "gssencmode", "channel_binding",
	"sslrootcert", "sslcert", "sslkey", "sslcrl", "sslcompression", "load_balance_hosts",
	"service", "requiressl", NULL};

bool sc__conninfo_key_safe(const char *key, size_t len)
{
	for (const char *const *k = safe_keys; *k; k++)
		if (strlen(*k) == len && !memcmp(*k, key, len))
			return true;
	return false;
}

/* Append to a bounded buffer, counting the full length like snprintf. */
typedef struct rbuf {
	char *out;
	size_t n, len;
} rbuf;

static void rput(rbuf *b, const char *s, size_t l)
{
	for (size_t i = 0; i < l; i++) {
		if (b->len + 1 < b->n)
			b->out[b->len] = s[i];
		b->len++;
	}
}

static void rputs(rbuf *b, const char *s)
{
	rput(b, s, strlen(s));
}

/* A value that can itself be a connection string (dbname may be a URL). */
static bool value_nested(const char *v, size_t l)
{
	return memchr(v, '=', l) || memchr(v, '@', l) || (l >= 3 && strstr(v, "://") && strstr(v, "://") < v + l);
}

static void put_pair(rbuf *b, const char *k, size_t kl, const char *v, size_t vl)
{
	rput(b, k, kl);
	rputs(b, "=");
	if (sc__conninfo_key_safe(k, kl) && !value_nested(v, vl))
		rput(b, v, vl);
	else
		rputs(b, "***");
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* libpq's conninfo syntax: key = value, value quoted with '...' or bare,
 * backslash escapes in both. */
static void redact_keywords(rbuf *b, const char *p)
{
	bool first = true;
	for (;;) {
		while (is_space(*p))
			p++;
		if (!*p)
			return;
		const char *k = p;
		while (*p && *p != '=' && !is_space(*p))
			p++;
		size_t kl = (size_t)(p - k);
		while (is_space(*p))
			p++;
		if (!first)
			rputs(b, " ");
		first = false;
		if (*p != '=' || kl == 0) {
			rputs(b, "***"); /* not key=value: libpq refuses it; show none of it */
			return;
		}
		p++;
		while (is_space(*p))
			p++;
		const char *v = p;
		if (*p == '\'') {
			p++;
			while (*p && *p != '\'') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (!*p) {
				rput(b, k, kl);
				rputs(b, "=***");
				return;
			}
			p++;
		} else {
			while (*p && !is_space(*p)) {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
		}
		put_pair(b, k, kl, v, (size_t)(p - v));
	}
}

/* The query string of a URL: k=v pairs separated by '&'. */
static void redact_query(rbuf *b, const char *p)
{
	for (;;) {
		const char *end = p + strcspn(p, "&");
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (eq)
			put_pair(b, p, (size_t)(eq - p), eq + 1, (size_t)(end - eq - 1));
		else if (end > p)
			rputs(b, "***");
		if (!*end)
			return;
		rputs(b, "&");
		p = end + 1;
	}
}

static void redact_url(rbuf *b, const char *url, const char *auth)
{
	rput(b, url, (size_t)(auth - url));
	const char *at = strrchr(auth, '@');
	const char *host = auth;
	if (at) {
		size_t ul = strcspn(auth, ":/?#&=@");
		if (auth + ul == at) { /* a plain user name, no password */
			rput(b, auth, ul);
		} else if (auth[ul] == ':' && ul > 0) {
			rput(b, auth, ul);
			rputs(b, ":***");
		} else {
			rputs(b, "***");
		}
		rputs(b, "@");
		host = at + 1;
	}
	size_t hl = strcspn(host, "?");
	rput(b, host, hl);
	if (host[hl] == '?') {
		rputs(b, "?");
		redact_query(b, host + hl + 1);
	}
}

size_t sc_url_redact(const char *url, char *out, size_t n)
{
	rbuf b = {out, n, 0};
	if (!url)
		url = "";
	const char *scheme = strstr(url, "://");
	if (scheme && !memchr(url, '=', (size_t)(scheme - url)) && !memchr(url, ' ', (size_t)(scheme - url)))
		redact_url(&b, url, scheme + 3);
	else if (strchr(url, '='))
		redact_keywords(&b, url);
	else if (!strncmp(url, "sqlite:", 7))
		rputs(&b, url); /* a file name, no credentials */
	else if (*url)
		rputs(&b, "***");
	if (n > 0)
		out[b.len < n ? b.len : n - 1] = '\0';
	return b.len;
}

/* libpq reads the user-info of a URL up to the first '@' before any '/';
 * we read it up to the last '@'. When the two differ, the password holds an
 * unencoded delimiter and libpq takes pieces of it for host, port or
 * database name, which its messages then print. */
bool sc__url_ambiguous(const char *url)
{
	const char *scheme = strstr(url, "://");
	if (!scheme)
		return false;
	const char *auth = scheme + 3;
	const char *last = strrchr(auth, '@');
	if (!last)
		return false;
	const char *libpq = auth + strcspn(auth, "@/");
	return libpq != last;
}

char *sc__url_password_raw(const char *url, bool libpq_view)
{
	const char *scheme = strstr(url, "://");
	if (!scheme)
		return NULL;
	const char *auth = scheme + 3;
	const char *at = libpq_view ? auth + strcspn(auth, "@/") : strrchr(auth, '@');
	if (!at || *at != '@')
		return NULL;
	const char *colon = memchr(auth, ':', (size_t)(at - auth));
	if (!colon || colon + 1 == at)
		return NULL;
	return sc__strndup(colon + 1, (size_t)(at - colon - 1));
}

void sc__mask_quoted(char *out, size_t n, const char *in)
{
	if (!n)
		return;
	size_t o = 0;
	for (const char *p = in; *p && o + 6 < n;) {
		const char *end = *p == '"' ? strchr(p + 1, '"') : NULL;
		if (!end) {
			out[o++] = *p++;
			continue;
		}
		memcpy(out + o, "\"***\"", 5);
		o += 5;
		p = end + 1;
	}
	out[o] = '\0';
}
