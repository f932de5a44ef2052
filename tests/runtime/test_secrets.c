/* Passwords never in clear, for any input: a table of hostile URLs and
 * conninfo strings (passwords with unencoded '/', '?', '#', '@', keyword
 * typos, tokens without '=', unterminated quotes, unknown query parameters)
 * against the live server. The secret pieces must not appear in
 * sc_url_redact's output, the error of sc_pool_open / sc_conn_open, nor any
 * log line (retries included). */
#include "t.h"

static t_log logs = {PTHREAD_MUTEX_INITIALIZER, "", 0};

/* Every piece of every secret below starts with one of these markers. */
static const char *const markers[] = {"Qz1", "Qz2", "Qz3", "Qz4", NULL};

static bool leaks(const char *text)
{
	for (const char *const *m = markers; *m; m++)
		if (strstr(text, *m))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	char *tcp = t_pg_file(argc, argv, "tcp_url"); /* postgresql://postgres@127.0.0.1:PORT/postgres */
	const char *hp = strchr(tcp, '@');
	REQUIRE(hp);
	char host[128];
	snprintf(host, sizeof(host), "%.*s", (int)strcspn(hp + 1, "/"), hp + 1); /* 127.0.0.1:PORT */
	const char *port = strchr(host, ':') + 1;

	const char *url_forms[] = {
		"postgresql://secret_user:Qz1a/Qz2b@%s/postgres",
		"postgresql://secret_user:Qz1a?Qz2b@%s/postgres",
		"postgresql://secret_user:Qz1a#Qz2b@%s/postgres",
		"postgresql://secret_user:Qz1a@Qz2b@%s/postgres",
		"postgresql://secret_user:Qz1a/Qz2b?Qz3c#Qz4d@%s/postgres",
		"postgresql://secret_user:12345/Qz1a@%s/postgres",
		"postgresql://%s/postgres?user=secret_user&pasword=Qz1a",
		"postgresql://%s/postgres?user=secret_user&sslpassword=Qz1a&password=Qz2b",
		"postgresql://%s/postgres?user=secret_user&Qz1a",
		"postgres://app:Qz2b/Qz3c@%s/postgres?password=Qz4d",
	};
	const char *kw_forms[] = {
		"host=%s port=%s user=secret_user pasword=Qz1a",
		"host=%s port=%s user=secret_user passwd=Qz1a",
		"host=%s port=%s user=secret_user Qz1a",
		"host=%s port=%s user=secret_user password='Qz1a Qz2b",
		"host=%s port=%s user=secret_user password = 'Qz1a\\' Qz2b'",
		"host=%s port=%s user=secret_user dbname='postgresql://u:Qz1a@x/y'",
		"host=%s port=%s user=secret_user sslpassword=Qz1a password=Qz2b",
		"host=%s port=%s user=secret_user pass word=Qz1a",
	};
	char hostonly[64];
	snprintf(hostonly, sizeof(hostonly), "%.*s", (int)(port - 1 - host), host);
	size_t nu = (sizeof(url_forms) / sizeof(url_forms[0])), nk = sizeof(kw_forms) / sizeof(kw_forms[0]);
	for (size_t i = 0; i < nu + nk; i++) {
		char u[512];
		if (i < nu)
			snprintf(u, sizeof(u), url_forms[i], host);
		else
			snprintf(u, sizeof(u), kw_forms[i - nu], hostonly, port);
		char red[512];
		sc_url_redact(u, red, sizeof(red));
		CHECK_MSG(!leaks(red), "sc_url_redact(%s) = %s", u, red);

		sc_config cfg;
		sc_config_init(&cfg);
		cfg.url = u;
		cfg.name = "secrets";
		cfg.connect_retry_ms = 300;
		cfg.connect_timeout_ms = 2000;
		cfg.log_fn = t_log_fn;
		cfg.log_ud = &logs;
		cfg.log_level = SC_LOG_DEBUG;
		sc_pool *p = NULL;
		sc_status rc = sc_pool_open(&p, &cfg);
		CHECK_MSG(rc != SC_OK, "%s connected", u);
		CHECK_MSG(!leaks(sc_error_last()->message), "%s: pool error %s", u, sc_error_last()->message);
		sc_pool_close(p);
		sc_conn *c = NULL;
		rc = sc_conn_open(&c, &cfg);
		CHECK_MSG(rc != SC_OK, "%s connected", u);
		CHECK_MSG(!leaks(sc_error_last()->message), "%s: conn error %s", u, sc_error_last()->message);
		sc_conn_close(c);
		if (getenv("SC_TEST_VERBOSE"))
			fprintf(stderr, "%s\n  -> %s\n  -> %s\n", u, red, sc_error_last()->message);
	}
	CHECK(logs.len > 0);
	CHECK_MSG(!leaks(logs.buf), "log output leaks:\n%s", logs.buf);
	free(tcp);
	return t_done("runtime_secrets");
}
