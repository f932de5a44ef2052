/*
 * Migration scripts: splitting SQL text into statements (quotes, quoted
 * identifiers, comments and PostgreSQL dollar quotes respected) and running
 * them one by one so that an error names the statement. Also the checksum.
 */
#include "internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "schemac/migrate.h"
#include "migrate_internal.h"

void sc_migrate_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = '\0';
}

/* Length of a dollar-quote tag at p ("$tag$" or "$$"), 0 if none. */
static size_t dollar_tag(const char *p)
{
	size_t i = 1;
	while (isalnum((unsigned char)p[i]) || p[i] == '_')
		i++;
	return p[i] == '$' && !isdigit((unsigned char)p[1]) ? i + 1 : 0;
}

int sc__sql_split(const char *sql, sc__stmt_fn fn, void *ud)
{
	const char *p = sql, *start = sql;
	int line = 1, start_line = 1;
	bool content = false; /* anything but comments and blanks so far */
	while (*p) {
		char ch = *p;
		if (ch == '\n')
			line++;
		if (ch == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (ch == '/' && p[1] == '*') {
			p += 2;
			while (*p && !(*p == '*' && p[1] == '/')) {
				if (*p == '\n')
					line++;
				p++;
			}
			if (*p)
				p += 2;
			continue;
		}
		if (!content && !isspace((unsigned char)ch)) {
			content = true;
			start = p;
			start_line = line;
		}
		if (ch == '\'' || ch == '"') {
			p++;
			while (*p && !(*p == ch && p[1] != ch)) {
				if (*p == ch)
					p++;
				if (*p == '\n')
					line++;
				p++;
			}
			if (*p)
				p++;
			continue;
		}
		if (ch == '$') {
			size_t t = dollar_tag(p);
			if (t) {
				const char *q = p + t;
				while (*q && strncmp(q, p, t) != 0) {
					if (*q == '\n')
						line++;
					q++;
				}
				p = *q ? q + t : q;
				continue;
			}
		}
		if (ch == ';') {
			if (content) {
				int rc = fn(ud, start, (size_t)(p - start), start_line);
				if (rc)
					return rc;
			}
			content = false;
		}
		p++;
	}
	if (content) {
		size_t n = strlen(start);
		while (n && isspace((unsigned char)start[n - 1]))
			n--;
		return fn(ud, start, n, start_line);
	}
	return 0;
}

typedef struct exec_ctx {
	sc_conn *conn;
	const char *file;
	int count;
	sc_status rc;
} exec_ctx;

static int exec_one(void *ud, const char *stmt, size_t len, int line)
{
	exec_ctx *x = ud;
	x->count++;
	char *s = sc__strndup(stmt, len);
	if (!s) {
		x->rc = sc__tls_err(SC_NO_MEMORY, "out of memory");
		return 1;
	}
	sc_status rc = sc_conn_exec(x->conn, s);
	if (rc != SC_OK) {
		const sc_error *e = sc_conn_error(x->conn);
		char head[160];
		size_t n = strcspn(s, "\n");
		if (n > 120)
			n = 120;
		snprintf(head, sizeof(head), "%.*s%s", (int)n, s, s[n] ? " ..." : "");
		x->rc = sc__tls_err(rc, "%s: statement %d (line %d) failed: %s: %s", x->file, x->count, line,
				    head, e->message);
		free(s);
		return 1;
	}
	free(s);
	return 0;
}

sc_status sc_migrate_exec_script(sc_conn *conn, const char *sql, const char *file)
{
	exec_ctx x = {conn, file ? file : "migration", 0, SC_OK};
	sc__sql_split(sql, exec_one, &x);
	return x.rc;
}
