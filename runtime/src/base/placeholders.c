/* $n placeholders in SQL text: scan and rewrite to SQLite's ?n. */
#include "base/base.h"

#include <stdlib.h>
#include <string.h>

/* ---- placeholder scan / rewrite ---------------------------------------- */

static bool ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || (unsigned char)ch >= 0x80;
}

char *sc__sql_rewrite(const char *sql, bool to_sqlite, int *max_param)
{
	size_t n = strlen(sql);
	char *out = malloc(n + 1); /* "$12" -> "?12": never longer */
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	int maxp = 0;
	while (i < n) {
		char ch = sql[i];
		if (ch == '\'' || ch == '"') {
			bool esc = ch == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
				   (i < 2 || !ident_char(sql[i - 2]));
			out[o++] = sql[i++];
			while (i < n) {
				if (esc && sql[i] == '\\' && i + 1 < n) {
					out[o++] = sql[i++];
					out[o++] = sql[i++];
					continue;
				}
				if (sql[i] == ch) {
					if (i + 1 < n && sql[i + 1] == ch) { /* doubled quote */
						out[o++] = sql[i++];
						out[o++] = sql[i++];
						continue;
					}
					out[o++] = sql[i++];
					break;
				}
				out[o++] = sql[i++];
			}
			continue;
		}
		if (ch == '-' && i + 1 < n && sql[i + 1] == '-') {
			while (i < n && sql[i] != '\n')
				out[o++] = sql[i++];
			continue;
		}
		if (ch == '/' && i + 1 < n && sql[i + 1] == '*') {
			int depth = 0;
			while (i < n) {
				if (sql[i] == '/' && i + 1 < n && sql[i + 1] == '*') {
					depth++;
					out[o++] = sql[i++];
					out[o++] = sql[i++];
				} else if (sql[i] == '*' && i + 1 < n && sql[i + 1] == '/') {
					depth--;
					out[o++] = sql[i++];
					out[o++] = sql[i++];
					if (depth == 0)
						break;
				} else {
					out[o++] = sql[i++];
				}
			}
			continue;
		}
		if (ch == '$' && (i == 0 || !ident_char(sql[i - 1]))) {
			if (i + 1 < n && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
				size_t j = i + 1;
				long v = 0;
				while (j < n && sql[j] >= '0' && sql[j] <= '9' && v < 100000)
					v = v * 10 + (sql[j++] - '0');
				if (v > maxp)
					maxp = (int)v;
				out[o++] = to_sqlite ? '?' : '$';
				memcpy(out + o, sql + i + 1, j - i - 1);
				o += j - i - 1;
				i = j;
				continue;
			}
			/* dollar quote $tag$ ... $tag$ */
			size_t j = i + 1;
			while (j < n && ident_char(sql[j]) && !(sql[j] >= '0' && sql[j] <= '9' && j == i + 1))
				j++;
			if (j < n && sql[j] == '$') {
				size_t taglen = j - i + 1;
				const char *tag = sql + i;
				const char *end = NULL;
				for (size_t k = j + 1; k + taglen <= n; k++)
					if (sql[k] == '$' && memcmp(sql + k, tag, taglen) == 0) {
						end = sql + k + taglen;
						break;
					}
				size_t stop = end ? (size_t)(end - sql) : n;
				memcpy(out + o, sql + i, stop - i);
				o += stop - i;
				i = stop;
				continue;
			}
		}
		out[o++] = sql[i++];
	}
	out[o] = '\0';
	*max_param = maxp;
	return out;
}
