/*
 * Squashed migrations: a migration whose up SQL holds lines
 *     -- schemac:replaces=VERSION:SHA256
 * stands for the migrations it replaced (their versions and the checksums
 * of their up files). A database that applied those files is at the
 * squashed version: its history rows stay valid, and reverting the squashed
 * migration removes them with it (see sc_migration_replaces).
 */
#include "base/base.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/migrate.h>
#include "migrate/migrate.h"

bool sc__mig_next_replaced(const char **cursor, int64_t *version, char sum[SC_SHA256_HEX_LEN + 1])
{
	static const char key[] = SC__REPLACES_DIRECTIVE;
	for (const char *p = *cursor; p && (p = strstr(p, key)) != NULL; p += sizeof(key) - 1) {
		if (p != *cursor && p[-1] != '\n')
			continue;
		const char *q = p + sizeof(key) - 1;
		int64_t v = 0;
		int digits = 0;
		for (; *q >= '0' && *q <= '9' && digits < 18; q++, digits++)
			v = v * 10 + (*q - '0');
		if (!digits || *q != ':')
			continue;
		q++;
		size_t h = strspn(q, "0123456789abcdef");
		if (h != SC_SHA256_HEX_LEN || (q[h] != '\n' && q[h] != '\r' && q[h] != '\0'))
			continue;
		*version = v;
		memcpy(sum, q, h);
		sum[h] = '\0';
		*cursor = q + h;
		return true;
	}
	*cursor = NULL;
	return false;
}

bool sc_migration_replaces(const sc_migration *m, int64_t version, const char *checksum)
{
	const char *cur = m->up_sql;
	int64_t v;
	char sum[SC_SHA256_HEX_LEN + 1];
	while (sc__mig_next_replaced(&cur, &v, sum))
		if (v == version && (!checksum || !strcmp(checksum, sum)))
			return true;
	return false;
}

const sc_migration *sc__mig_squash_of(const sc_migration *m, size_t n, int64_t version, const char *checksum)
{
	for (size_t i = 0; i < n; i++)
		if (sc_migration_replaces(&m[i], version, checksum))
			return &m[i];
	return NULL;
}

int64_t sc__mig_first_replaced(const sc_migration *m)
{
	const char *cur = m->up_sql;
	int64_t v, first = 0;
	char sum[SC_SHA256_HEX_LEN + 1];
	while (sc__mig_next_replaced(&cur, &v, sum))
		if (!first || v < first)
			first = v;
	return first;
}

sc_status sc__mig_refuse_partial_squash(const sc_migration *m, size_t n, const sc_applied_migration *a, size_t na)
{
	for (size_t i = 0; i < n; i++) {
		if (sc__mig_in_history(a, na, m[i].version))
			continue;
		for (size_t k = 0; k < na; k++)
			if (sc_migration_replaces(&m[i], a[k].version, NULL))
				return sc__tls_err(SC_CONFLICT,
						   "refusing to migrate: the database is at version %" PRId64 " (%s), inside the "
						   "versions squashed into %04" PRId64 "_%s, which would run whole; bring it to version "
						   "%" PRId64 " with the files from before the squash (from version control) first",
						   a[na - 1].version, a[na - 1].name, m[i].version, m[i].name ? m[i].name : "migration",
						   m[i].version);
	}
	return SC_OK;
}
