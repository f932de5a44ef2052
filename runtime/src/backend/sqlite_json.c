/* The SQLite side of the JSON filters (docs/generated-api.md, "JSON
 * filters"), registered on every connection the runtime opens:
 *   sc_json_contains(doc, probe)          jsonb's doc @> probe
 *   sc_json_path_eq(doc, path, value)     jsonb's doc #> path = value,
 *                                         path a JSON array of strings
 * with PostgreSQL's semantics (base/jsonb.c) and its NULLs: NULL when an
 * argument is NULL or the path leads nowhere, so NOT (...) keeps the row
 * out on both databases. Deterministic; the probe, path and value are bound
 * parameters, so each is parsed once per statement (SQLite's auxdata). */
#include "backend/backend.h"
#include "base/jsonb.h"

#include <sqlite3.h>
#include <stdlib.h>

/* A parsed argument kept with the statement. */
typedef struct parsed {
	sc_arena *a;
	const sc_jv *v;
} parsed;

static void parsed_free(void *p)
{
	parsed *x = p;
	sc_arena_free(x->a);
	free(x);
}

/* Argument i parsed (cached as auxdata when `keep`); NULL after reporting
 * an error on ctx. */
static const sc_jv *arg(sqlite3_context *ctx, sqlite3_value **argv, int i, bool keep, sc_arena **tmp)
{
	parsed *x = keep ? sqlite3_get_auxdata(ctx, i) : NULL;
	if (x)
		return x->v;
	const char *s = (const char *)sqlite3_value_text(argv[i]);
	size_t n = (size_t)sqlite3_value_bytes(argv[i]);
	sc_arena *a = sc_arena_new();
	bool oom = !s || !a;
	const sc_jv *v = oom ? NULL : sc__jv_parse(a, s, n, &oom);
	if (!v) {
		sc_arena_free(a);
		if (oom)
			sqlite3_result_error_nomem(ctx);
		else
			sqlite3_result_error(ctx, "sc_json: not valid JSON", -1);
		return NULL;
	}
	if (!keep) {
		*tmp = a;
		return v;
	}
	x = malloc(sizeof *x);
	if (!x) {
		sc_arena_free(a);
		sqlite3_result_error_nomem(ctx);
		return NULL;
	}
	x->a = a;
	x->v = v;
	sqlite3_set_auxdata(ctx, i, x, parsed_free); /* frees x at once when it cannot keep it */
	x = sqlite3_get_auxdata(ctx, i);
	if (x)
		return x->v;
	/* Not kept: parse again into a temporary arena. */
	return arg(ctx, argv, i, false, tmp);
}

static bool any_null(int argc, sqlite3_value **argv)
{
	for (int i = 0; i < argc; i++)
		if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
			return true;
	return false;
}

static void contains(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	if (any_null(argc, argv)) {
		sqlite3_result_null(ctx);
		return;
	}
	sc_arena *doc_mem = NULL, *probe_mem = NULL;
	const sc_jv *probe = arg(ctx, argv, 1, true, &probe_mem);
	const sc_jv *doc = probe ? arg(ctx, argv, 0, false, &doc_mem) : NULL;
	if (doc)
		sqlite3_result_int(ctx, sc__jv_contains(doc, probe));
	sc_arena_free(doc_mem);
	sc_arena_free(probe_mem);
}

static void path_eq(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	if (any_null(argc, argv)) {
		sqlite3_result_null(ctx);
		return;
	}
	sc_arena *doc_mem = NULL, *path_mem = NULL, *value_mem = NULL;
	const sc_jv *path = arg(ctx, argv, 1, true, &path_mem);
	const sc_jv *value = path ? arg(ctx, argv, 2, true, &value_mem) : NULL;
	const sc_jv *doc = value ? arg(ctx, argv, 0, false, &doc_mem) : NULL;
	if (doc && path->kind != SC_JV_ARRAY) {
		sqlite3_result_error(ctx, "sc_json_path_eq: the path is not a JSON array", -1);
		doc = NULL;
	}
	const char **seg = NULL;
	size_t *len = NULL;
	if (doc && path->nitems) {
		seg = malloc(path->nitems * sizeof *seg);
		len = malloc(path->nitems * sizeof *len);
		if (!seg || !len) {
			sqlite3_result_error_nomem(ctx);
			doc = NULL;
		}
	}
	for (size_t i = 0; doc && i < path->nitems; i++) {
		if (path->items[i].kind != SC_JV_STRING) {
			sqlite3_result_error(ctx, "sc_json_path_eq: a path step is not a string", -1);
			doc = NULL;
			break;
		}
		seg[i] = path->items[i].s;
		len[i] = path->items[i].n;
	}
	if (doc) {
		const sc_jv *at = sc__jv_path(doc, seg, len, path->nitems);
		if (at)
			sqlite3_result_int(ctx, sc__jv_equal(at, value));
		else
			sqlite3_result_null(ctx);
	}
	free(seg);
	free(len);
	sc_arena_free(doc_mem);
	sc_arena_free(path_mem);
	sc_arena_free(value_mem);
}

int sc__sqlite_register_json(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function(db, "sc_json_contains", 2, flags, NULL, contains, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "sc_json_path_eq", 3, flags, NULL, path_eq, NULL, NULL);
	return rc;
}
