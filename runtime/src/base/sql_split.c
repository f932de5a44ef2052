/*
 * The SQL script splitter shared by the migration runner and `schemac seed`
 * (see schemac/sql_split.h).
 */
#include "base/base.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/sql_split.h>

typedef struct splitter {
	const char *s;
	size_t len, i;
	int line;
	bool pg;
	const char *file;
} splitter;

static bool ident_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$'; }

static bool word_is(const char *w, size_t n, const char *kw)
{
	if (n != strlen(kw))
		return false;
	for (size_t i = 0; i < n; i++)
		if (toupper((unsigned char)w[i]) != kw[i])
			return false;
	return true;
}

static void advance(splitter *p, size_t n)
{
	for (size_t k = 0; k < n && p->i < p->len; k++)
		if (p->s[p->i++] == '\n')
			p->line++;
}

static bool at(const splitter *p, size_t off, char c) { return p->i + off < p->len && p->s[p->i + off] == c; }

static sc_status unterminated(const splitter *p, const char *what, int line)
{
	return sc__tls_err(SC_INVALID_ARGUMENT, "%s:%d: unterminated %s (it starts on this line and runs to the end "
						"of the file)", p->file, line, what);
}

/* A quoted run from the opening quote at p->i to its closing `q` (doubled:
 * escaped); `backslash` for E'...'. */
static sc_status skip_quoted(splitter *p, char q, bool backslash, const char *what)
{
	int line = p->line;
	advance(p, 1);
	while (p->i < p->len) {
		char c = p->s[p->i];
		if (backslash && c == '\\') {
			advance(p, 2);
		} else if (c == q) {
			advance(p, 1);
			if (!at(p, 0, q) || q == ']')
				return SC_OK;
			advance(p, 1);
		} else {
			advance(p, 1);
		}
	}
	return unterminated(p, what, line);
}

/* PostgreSQL nests block comments, SQLite ends one at the first close. */
static sc_status skip_block_comment(splitter *p)
{
	int line = p->line, depth = 0;
	while (p->i < p->len) {
		if (at(p, 0, '/') && at(p, 1, '*') && (depth == 0 || p->pg)) {
			depth++;
			advance(p, 2);
		} else if (at(p, 0, '*') && at(p, 1, '/')) {
			advance(p, 2);
			if (--depth == 0)
				return SC_OK;
		} else {
			advance(p, 1);
		}
	}
	return unterminated(p, "block comment", line);
}

/* Length of a dollar-quote tag ($$ or $name$) at p->i, 0 if none. */
static size_t dollar_tag(const splitter *p)
{
	size_t j = p->i + 1;
	if (j < p->len && isdigit((unsigned char)p->s[j]))
		return 0; /* $1: a parameter */
	while (j < p->len && (isalnum((unsigned char)p->s[j]) || p->s[j] == '_'))
		j++;
	return j < p->len && p->s[j] == '$' ? j + 1 - p->i : 0;
}

static sc_status skip_dollar(splitter *p, size_t taglen)
{
	const char *tag = p->s + p->i;
	int line = p->line;
	advance(p, taglen);
	while (p->i < p->len) {
		if (p->s[p->i] == '$' && p->len - p->i >= taglen && !memcmp(p->s + p->i, tag, taglen)) {
			advance(p, taglen);
			return SC_OK;
		}
		advance(p, 1);
	}
	return unterminated(p, "dollar quote", line);
}

/* The first words of a statement, for its classification. */
#define FIRST_WORDS 3

typedef struct stmt_state {
	bool open; /* a significant character was seen */
	size_t start, end;
	int line;
	unsigned nwords;
	const char *w[FIRST_WORDS];
	size_t wn[FIRST_WORDS];
	bool is_create, block; /* CREATE TRIGGER/FUNCTION/PROCEDURE: BEGIN ... END body */
	int depth;             /* BEGIN/CASE ... END nesting in a body */
} stmt_state;

static bool tx_control(const stmt_state *st)
{
	const char *w0 = st->w[0];
	size_t n0 = st->wn[0];
	if (!st->nwords)
		return false;
	if (word_is(w0, n0, "BEGIN") || word_is(w0, n0, "COMMIT") || word_is(w0, n0, "END") ||
	    word_is(w0, n0, "ABORT") || word_is(w0, n0, "START"))
		return true;
	if (word_is(w0, n0, "PREPARE"))
		return st->nwords > 1 && word_is(st->w[1], st->wn[1], "TRANSACTION");
	if (word_is(w0, n0, "ROLLBACK")) {
		/* ROLLBACK [TRANSACTION|WORK] TO [SAVEPOINT] x stays inside. */
		for (unsigned k = 1; k < st->nwords && k < FIRST_WORDS; k++)
			if (word_is(st->w[k], st->wn[k], "TO"))
				return false;
		return true;
	}
	return false;
}

static void word(stmt_state *st, const char *w, size_t n)
{
	if (st->nwords < FIRST_WORDS) {
		st->w[st->nwords] = w;
		st->wn[st->nwords] = n;
	}
	if (st->nwords == 0)
		st->is_create = word_is(w, n, "CREATE");
	else if (st->is_create && st->nwords < 6 &&
		 (word_is(w, n, "TRIGGER") || word_is(w, n, "FUNCTION") || word_is(w, n, "PROCEDURE")))
		st->block = true;
	st->nwords++;
	if (st->block) {
		if (word_is(w, n, "BEGIN") || word_is(w, n, "CASE"))
			st->depth++;
		else if (word_is(w, n, "END"))
			st->depth--;
	}
}

typedef struct stmt_vec {
	sc_sql_statement *v;
	size_t n, cap;
} stmt_vec;

static sc_status push(stmt_vec *out, const stmt_state *st)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		sc_sql_statement *g = realloc(out->v, cap * sizeof(*g));
		if (!g)
			return sc__tls_err(SC_NO_MEMORY, "out of memory");
		out->v = g;
		out->cap = cap;
	}
	out->v[out->n++] = (sc_sql_statement){st->start, st->end - st->start, st->line, tx_control(st)};
	return SC_OK;
}

/* One token of a statement at p->i (not blank, not a comment, not ';'). */
static sc_status token(splitter *p, stmt_state *st)
{
	const char *s = p->s;
	char c = s[p->i];
	bool word_boundary = p->i == 0 || !ident_char(s[p->i - 1]);
	if (c == '\'') {
		bool e = p->pg && p->i > 0 && (s[p->i - 1] == 'E' || s[p->i - 1] == 'e') &&
			 (p->i < 2 || !ident_char(s[p->i - 2]));
		return skip_quoted(p, '\'', e, "string");
	}
	if (c == '"')
		return skip_quoted(p, '"', false, "quoted identifier");
	if (!p->pg && c == '`')
		return skip_quoted(p, '`', false, "quoted identifier");
	if (!p->pg && c == '[')
		return skip_quoted(p, ']', false, "quoted identifier");
	if (c == '$' && p->pg && word_boundary && dollar_tag(p))
		return skip_dollar(p, dollar_tag(p));
	if (ident_start(c) && word_boundary) {
		size_t w = p->i;
		while (p->i < p->len && ident_char(s[p->i]))
			advance(p, 1);
		word(st, s + w, p->i - w);
		return SC_OK;
	}
	advance(p, 1);
	return SC_OK;
}

static sc_status split(splitter *p, stmt_vec *out)
{
	stmt_state st = {0};
	const char *s = p->s;
	for (;;) {
		bool end = p->i >= p->len;
		char c = end ? ';' : s[p->i];
		sc_status rc = SC_OK;
		if (!end && isspace((unsigned char)c)) {
			advance(p, 1);
			continue;
		}
		if (!end && c == '-' && at(p, 1, '-')) {
			while (p->i < p->len && s[p->i] != '\n')
				advance(p, 1);
			continue;
		}
		if (!end && c == '/' && at(p, 1, '*')) {
			if ((rc = skip_block_comment(p)) != SC_OK)
				return rc;
			continue;
		}
		if (c == ';' && (end || st.depth <= 0)) {
			if (end && st.depth > 0)
				return unterminated(p, "BEGIN ... END body of the statement", st.line);
			if (st.open && (rc = push(out, &st)) != SC_OK)
				return rc;
			if (end)
				return SC_OK;
			memset(&st, 0, sizeof(st));
			advance(p, 1);
			continue;
		}
		if (!st.open) {
			st.open = true;
			st.start = p->i;
			st.line = p->line;
		}
		if ((rc = token(p, &st)) != SC_OK)
			return rc;
		st.end = p->i;
	}
}

sc_status sc_sql_split(const char *sql, size_t len, sc_dialect dialect, const char *file, sc_sql_statement **out,
		       size_t *n)
{
	*out = NULL;
	*n = 0;
	splitter p = {sql, len, 0, 1, dialect == SC_DIALECT_POSTGRES, file ? file : "script"};
	const char *nul = memchr(sql, '\0', len);
	if (nul) {
		int line = 1;
		for (const char *q = sql; q < nul; q++)
			line += *q == '\n';
		return sc__tls_err(SC_INVALID_ARGUMENT, "%s:%d: NUL byte in the file (the database would stop reading "
							"there; remove it)", p.file, line);
	}
	stmt_vec v = {0};
	sc_status rc = split(&p, &v);
	if (rc != SC_OK) {
		free(v.v);
		return rc;
	}
	*out = v.v;
	*n = v.n;
	return SC_OK;
}
