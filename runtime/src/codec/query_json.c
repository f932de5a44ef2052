/* JSON path conditions of the query builder (sc_query_where_json_path,
 * query.h): the value goes through sc_query_where like any condition's
 * (checked to be JSON), the path's steps are kept as the node's list of
 * text values and rendered as one array parameter (query_exec.c). */
#include "codec/codec.h"

#include <stdlib.h>
#include <string.h>

static void json_fail(sc_query *q, sc_status st, const char *msg)
{
	if (q->err == SC_OK) {
		q->err = st;
		q->errmsg = msg;
	}
}

void sc_query_where_json_path(sc_query *q, unsigned col, const char *const *path, size_t npath,
			      const char *value)
{
	if (!q || q->err != SC_OK)
		return;
	if (npath && !path) {
		json_fail(q, SC_INVALID_ARGUMENT, "JSON path: NULL path");
		return;
	}
	for (size_t i = 0; i < npath; i++)
		if (!path[i]) {
			json_fail(q, SC_INVALID_ARGUMENT, "JSON path: NULL step");
			return;
		}
	size_t before = q->n;
	sc_query_where(q, col, SC_OP_JSON_PATH_EQ, &value);
	if (q->err != SC_OK || q->n != before + 1 || npath == 0)
		return;
	sc_qnode *nd = &q->nodes[before];
	nd->in = calloc(npath, sizeof *nd->in);
	if (!nd->in) {
		json_fail(q, SC_NO_MEMORY, "out of memory building the query");
		return;
	}
	for (size_t i = 0; i < npath; i++) {
		sc_qval *v = &nd->in[i];
		v->type = SC_COL_TEXT;
		v->slen = strlen(path[i]);
		v->s = sc__strndup(path[i], v->slen);
		nd->nin = i + 1;
		if (!v->s) {
			json_fail(q, SC_NO_MEMORY, "out of memory building the query");
			return;
		}
	}
}
