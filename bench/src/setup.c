/* Data set: tables from the schema's DDL, leads 1..rows, notes per lead. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "workloads.h"

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		bench_die("cannot read %s", path);
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (cap - n < 4096 && !(buf = realloc(buf, cap = cap * 2 + 8192)))
			bench_die("out of memory");
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

void bench_load(const bench_db *db, const char *ddl_path, int64_t rows, bool notes)
{
	bench_admin_exec(db, "DROP TABLE IF EXISTS \"notes\"; DROP TABLE IF EXISTS \"leads\"");
	char *ddl = read_all(ddl_path);
	bench_admin_exec(db, ddl);
	free(ddl);

	/* Leads through the fastest hand-written path. */
	const bench_impl *im = db->dialect == BENCH_PG ? &bench_hand_pg : &bench_hand_sqlite;
	void *s = im->open(db);
	if (!s)
		bench_die("load: cannot connect");
	const int chunk = 50000;
	for (int64_t i = 1; i <= rows; i += chunk) {
		int n = rows - i + 1 < chunk ? (int)(rows - i + 1) : chunk;
		int rc = im->insert_copy ? im->insert_copy(s, i, n) : im->insert_many(s, i, n);
		if (rc != 0)
			bench_die("load: inserting leads failed");
	}
	im->close(s);

	char sql[512];
	for (int k = 0; notes && k < BENCH_NOTES_PER_LEAD; k++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO \"notes\" (\"lead_id\", \"body\", \"created_at\") "
			 "SELECT \"id\", '%s', %s FROM \"leads\" ORDER BY \"id\"",
			 bench_note_body(k),
			 db->dialect == BENCH_PG
				 ? "now()"
				 : "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)");
		bench_admin_exec(db, sql);
	}
	bench_admin_exec(db, db->dialect == BENCH_PG ? "VACUUM ANALYZE" : "ANALYZE");
}
