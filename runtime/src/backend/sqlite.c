/* SQLite backend.
 *
 * Each connection opens the database file in multi-thread mode
 * (SQLITE_OPEN_NOMUTEX: the pool guarantees one thread per connection),
 * with WAL journaling, synchronous=NORMAL, foreign keys on, case-sensitive
 * LIKE (as on PostgreSQL) and a busy timeout. Write transactions use BEGIN IMMEDIATE; read-only ones BEGIN
 * DEFERRED with PRAGMA query_only. The statement timeout is enforced with a
 * progress handler that interrupts the statement. */
#include "backend/backend.h"

#include <schemac/rowread.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

/* A statement failed: inside a transaction the transaction is now aborted
 * (PostgreSQL's rule, emulated; core/tx.c refuses statements until the
 * rollback). */
static void statement_failed(sc_conn *c)
{
	if (c->tx_depth > 0)
		c->tx_aborted = true;
}

typedef struct sq_be {
	sqlite3 *db;
	bool auth_hit; /* the authorizer saw a statement changing session state */
	int64_t deadline; /* of the running statement, for the progress handler (monotonic us) */
} sq_be;

/* A statement's SQLite state (st->be). */
typedef struct sq_stmt {
	sqlite3_stmt *h;
	bool session_effect; /* running it changes session state (PRAGMA, ATTACH, temp) */
	sc_raw_col *raw;     /* the current row for raw_row (rawcap values) */
	int rawcap;
} sq_stmt;

static sqlite3_stmt *SQ(const sc_stmt *st)
{
	return ((const sq_stmt *)st->be)->h;
}

static sqlite3 *DB(sc_conn *c)
{
	return ((sq_be *)c->be)->db;
}

/* "UNIQUE constraint failed: t.a, t.b" -> table t, column a;
 * "UNIQUE constraint failed: index 'i'" -> constraint i */
int sc__sqlite_register_fold(sqlite3 *db); /* sqlite_fold.c */
int sc__sqlite_register_json(sqlite3 *db);    /* sqlite_json.c */
int sc__sqlite_register_decimal(sqlite3 *db); /* sqlite_decimal.c */

static void split_constraint(const char *msg, char *table, size_t tn, char *column, size_t cn,
			     char *cons, size_t consn)
{
	table[0] = column[0] = cons[0] = '\0';
	const char *p = strstr(msg, "constraint failed: ");
	if (!p)
		return;
	p += strlen("constraint failed: ");
	if (!strncmp(msg, "CHECK", 5)) {
		sc__strlcpy(cons, p, consn);
		return;
	}
	/* A unique index on an expression: "index 'name'" (the index's own
	 * name, as PostgreSQL reports it) */
	if (!strncmp(p, "index '", 7)) {
		const char *q = strrchr(p + 7, '\'');
		size_t l = q ? (size_t)(q - p - 7) : strlen(p + 7);
		if (l > consn - 1)
			l = consn - 1;
		memcpy(cons, p + 7, l);
		cons[l] = '\0';
		return;
	}
	/* "table.column[, table.column...]": table names may hold spaces, so
	 * the list separator is ", " and the table ends at the last '.' */
	const char *end = strstr(p, ", ");
	if (!end)
		end = p + strlen(p);
	const char *dot = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '.')
			dot = q;
	if (dot && dot < end) {
		size_t l = (size_t)(dot - p) < tn - 1 ? (size_t)(dot - p) : tn - 1;
		memcpy(table, p, l);
		table[l] = '\0';
		l = (size_t)(end - dot - 1) < cn - 1 ? (size_t)(end - dot - 1) : cn - 1;
		memcpy(column, dot + 1, l);
		column[l] = '\0';
	}
}

static sc_status sq_err_msg(sc_conn *c, int code, const char *msg)
{
	sc_status st = sc_status_from_sqlite(code);
	char table[128], column[128], cons[128];
	split_constraint(msg ? msg : "", table, sizeof(table), column, sizeof(column), cons, sizeof(cons));
	if ((code & 0xff) == SQLITE_INTERRUPT)
		msg = "statement timeout: interrupted";
	return sc__conn_err(c, st, "", code, msg, cons, table, column);
}

static sc_status sq_err(sc_conn *c, int code)
{
	sqlite3 *db = DB(c);
	int ext = sqlite3_extended_errcode(db);
	if ((ext & 0xff) != (code & 0xff))
		ext = code;
	return sq_err_msg(c, ext, sqlite3_errmsg(db));
}

static int progress(void *arg)
{
	sc_conn *c = arg;
	int64_t d = ((sq_be *)c->be)->deadline;
	return d && sc__mono_us() > d;
}

static void arm_deadline(sc_conn *c)
{
	int64_t t = c->sh->s.statement_timeout_ms;
	((sq_be *)c->be)->deadline = t > 0 ? sc__mono_us() + t * 1000 : 0;
}

/* Session state a pool release must undo (PRAGMA, ATTACH, temp objects) is
 * seen exactly, at prepare time, by an authorizer: such statements mark
 * the connection when they run (sq_exec, sq_step). */
static int authorizer(void *ud, int action, const char *a, const char *b, const char *d, const char *t)
{
	SC_UNUSED(a), SC_UNUSED(b), SC_UNUSED(d), SC_UNUSED(t);
	switch (action) {
	case SQLITE_PRAGMA:
	case SQLITE_ATTACH:
	case SQLITE_DETACH:
	case SQLITE_CREATE_TEMP_TABLE:
	case SQLITE_CREATE_TEMP_VIEW:
	case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_CREATE_TEMP_TRIGGER:
		((sq_be *)ud)->auth_hit = true;
		break;
	default:
		break;
	}
	return SQLITE_OK;
}

static sc_status sq_exec(sc_conn *c, const char *sql)
{
	char *err = NULL;
	arm_deadline(c);
	if (c->tx_depth > 0)
		c->tx_sent++;
	sq_be *be = c->be;
	be->auth_hit = false;
	int rc = sqlite3_exec(DB(c), sql, NULL, NULL, &err);
	if (be->auth_hit)
		c->session_used = true;
	be->deadline = 0;
	if (rc == SQLITE_OK)
		return SC_OK;
	statement_failed(c);
	int ext = sqlite3_extended_errcode(DB(c));
	if ((ext & 0xff) != (rc & 0xff))
		ext = rc;
	sc_status st = sq_err_msg(c, ext, err ? err : sqlite3_errstr(rc));
	sqlite3_free(err);
	return st;
}

/* The pragma baseline of every connection, set at open and again when a
 * pool connection is released (docs/runtime.md lists it). LIKE is
 * case-sensitive as on PostgreSQL; generated `ilike` is
 * sc_fold(x) LIKE sc_fold(pattern) (Unicode lower-casing, sqlite_fold.c). */
static int read_text(void *ud, int n, char **vals, char **names)
{
	SC_UNUSED(names);
	if (n >= 1 && vals[0])
		sc__strlcpy(ud, vals[0], 16);
	return 0;
}

static sc_status sq_baseline(sc_conn *c)
{
	sc_settings *s = &c->sh->s;
	sqlite3_busy_timeout(DB(c), (int)(s->sqlite_busy_timeout_ms > INT32_MAX ? INT32_MAX : s->sqlite_busy_timeout_ms));
	sc_status st = sq_exec(c, "PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON; "
				  "PRAGMA ignore_check_constraints = OFF; PRAGMA recursive_triggers = OFF; "
				  "PRAGMA reverse_unordered_selects = OFF; PRAGMA defer_foreign_keys = OFF; "
				  "PRAGMA legacy_alter_table = OFF; PRAGMA automatic_index = ON; "
				  "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000");
	if (st == SC_OK)
		st = sq_exec(c, s->replica ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
	char mode[16] = "";
	if (st == SC_OK && strcmp(s->sqlite_path, ":memory:") != 0) {
		/* setting WAL again is not free (it may wait for a lock): only when changed */
		sqlite3_exec(DB(c), "PRAGMA journal_mode", read_text, mode, NULL);
		if (strcmp(mode, "wal") != 0)
			st = sq_exec(c, "PRAGMA journal_mode = WAL");
		if (st == SC_OK)
			st = sq_exec(c, "PRAGMA synchronous = NORMAL");
	}
	return st;
}

/* Collect "DROP ..." / "DETACH ..." statements from a query's rows. */
typedef struct sq_script {
	char *sql;
	size_t len, cap;
	bool oom;
} sq_script;

static void script_add(sq_script *b, const char *verb, const char *name)
{
	size_t need = b->len + strlen(verb) + 2 * strlen(name) + 8;
	if (need > b->cap) {
		size_t cap = need * 2;
		char *n = realloc(b->sql, cap);
		if (!n) {
			b->oom = true;
			return;
		}
		b->sql = n;
		b->cap = cap;
	}
	b->len += (size_t)sprintf(b->sql + b->len, "%s \"", verb);
	for (const char *p = name; *p; p++) { /* a quoted identifier: double the quotes */
		if (*p == '"')
			b->sql[b->len++] = '"';
		b->sql[b->len++] = *p;
	}
	b->len += (size_t)sprintf(b->sql + b->len, "\";");
}

static int collect_temp(void *ud, int n, char **vals, char **names)
{
	SC_UNUSED(names);
	if (n == 2 && vals[0] && vals[1])
		script_add(ud, !strcmp(vals[0], "view")	     ? "DROP VIEW IF EXISTS temp."
			       : !strcmp(vals[0], "trigger") ? "DROP TRIGGER IF EXISTS temp."
							     : "DROP TABLE IF EXISTS temp.",
			   vals[1]);
	return 0;
}

static int collect_attached(void *ud, int n, char **vals, char **names)
{
	SC_UNUSED(names);
	if (n >= 2 && vals[1] && strcmp(vals[1], "main") != 0 && strcmp(vals[1], "temp") != 0)
		script_add(ud, "DETACH DATABASE", vals[1]);
	return 0;
}

/* Pool release: temp tables, views and triggers dropped (the triggers
 * first: a temp trigger may read a temp table, as codec/tenant_guard.c's
 * do), attached databases detached, the pragma baseline set again. */
static sc_status sq_reset_session(sc_conn *c)
{
	sq_script b = {0};
	sqlite3_exec(DB(c), "SELECT type, name FROM temp.sqlite_master WHERE type IN ('table', 'view', 'trigger') "
			    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type = 'trigger' DESC", collect_temp, &b, NULL);
	sqlite3_exec(DB(c), "PRAGMA database_list", collect_attached, &b, NULL);
	sc_status st = SC_OK;
	if (b.oom)
		st = sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	else if (b.len)
		st = sq_exec(c, b.sql);
	free(b.sql);
	return st == SC_OK ? sq_baseline(c) : st;
}

static sc_status sq_connect(sc_conn *c, int64_t deadline)
{
	SC_UNUSED(deadline);
	sc_settings *s = &c->sh->s;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (s->sqlite_create ? SQLITE_OPEN_CREATE : 0);
	if (!strncmp(s->sqlite_path, "file:", 5))
		flags |= SQLITE_OPEN_URI;
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(s->sqlite_path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		char buf[512];
		if (!s->sqlite_create && (rc & 0xff) == SQLITE_CANTOPEN && access(s->sqlite_path, F_OK) != 0)
			snprintf(buf, sizeof(buf), "database file %s does not exist", s->sqlite_path);
		else
			snprintf(buf, sizeof(buf), "could not open %s: %s", s->display_url,
				 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return sc__conn_err(c, SC_CONNECT_FAILED, "", rc, buf, "", "", "");
	}
	sq_be *be = calloc(1, sizeof(*be));
	if (!be) {
		sqlite3_close(db);
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	}
	be->db = db;
	c->be = be;
	sqlite3_extended_result_codes(db, 1);
	sqlite3_set_authorizer(db, authorizer, be);
	if (s->statement_timeout_ms > 0)
		sqlite3_progress_handler(db, 1000, progress, c);
	sc_status st = sq_baseline(c);
	if (st == SC_OK && sc__sqlite_register_fold(db) != SQLITE_OK)
		st = sq_err(c, sqlite3_errcode(db));
	if (st == SC_OK && (sc__sqlite_register_json(db) != SQLITE_OK || sc__sqlite_register_decimal(db) != SQLITE_OK))
		st = sq_err(c, sqlite3_errcode(db));
	if (st != SC_OK) {
		char buf[512];
		snprintf(buf, sizeof(buf), "could not set up %.200s: %.280s", s->display_url, c->err.message);
		sc__conn_err(c, st == SC_BUSY ? SC_BUSY : SC_CONNECT_FAILED, "", c->err.pub.sqlite_code, buf, "", "", "");
		st = c->err.pub.status;
		sqlite3_close(db);
		free(be);
		c->be = NULL;
	}
	return st;
}

static void sq_close(sc_conn *c)
{
	sq_be *be = c->be;
	if (!be)
		return;
	sqlite3_close_v2(be->db);
	free(be);
	c->be = NULL;
}

static void sq_abandon(sc_conn *c)
{
	/* SQLite: never use a connection inherited across fork(); leave it. */
	free(c->be);
	c->be = NULL;
}

static bool sq_check_idle(sc_conn *c)
{
	return c->be != NULL && sqlite3_get_autocommit(DB(c));
}

static void sq_cancel(sc_conn *c)
{
	if (c->be)
		sqlite3_interrupt(DB(c));
}

static sc_status sq_stmt_prepare(sc_stmt *st)
{
	sc_conn *c = st->conn;
	int maxp = 0;
	char *sql = sc__sql_rewrite(st->sql, true, &maxp);
	if (!sql)
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	sqlite3_stmt *s = NULL;
	const char *tail = NULL;
	((sq_be *)c->be)->auth_hit = false;
	int rc = sqlite3_prepare_v3(DB(c), sql, -1, st->entry ? SQLITE_PREPARE_PERSISTENT : 0, &s, &tail);
	if (rc != SQLITE_OK) {
		free(sql);
		statement_failed(c);
		return sq_err(c, rc);
	}
	bool extra = false;
	for (const char *p = tail; p && *p; p++)
		if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';')
			extra = true;
	free(sql);
	if (!s || extra) {
		sqlite3_finalize(s);
		return sc__conn_errf(c, SC_INVALID_ARGUMENT,
				     s ? "one SQL statement per sc_stmt (use sc_conn_exec for scripts)"
				       : "empty SQL statement");
	}
	sq_stmt *ss = calloc(1, sizeof *ss);
	if (!ss) {
		sqlite3_finalize(s);
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	}
	ss->h = s;
	ss->session_effect = ((sq_be *)c->be)->auth_hit;
	st->be = ss;
	int n = sqlite3_bind_parameter_count(s);
	if (n > st->nparams)
		st->nparams = n;
	return SC_OK;
}

static void sq_stmt_free(sc_stmt *st)
{
	if (!st->be)
		return;
	sqlite3_finalize(SQ(st));
	free(((sq_stmt *)st->be)->raw);
	free(st->be);
	st->be = NULL;
}

static sc_status sq_bind(sc_stmt *st, int idx, const sc_value *v)
{
	sqlite3_stmt *s = SQ(st);
	char tmp[SC_DATETIME_BUFSZ];
	int rc = SQLITE_OK;
	switch (v->type) {
	case SC_V_NULL:
		rc = sqlite3_bind_null(s, idx);
		break;
	case SC_V_BOOL:
		rc = sqlite3_bind_int(s, idx, v->v.b ? 1 : 0);
		break;
	case SC_V_INT16:
	case SC_V_INT32:
	case SC_V_INT64:
	case SC_V_TIMESTAMP:
		rc = sqlite3_bind_int64(s, idx, v->v.i);
		break;
	case SC_V_DOUBLE:
		rc = sqlite3_bind_double(s, idx, v->v.d);
		break;
	case SC_V_TEXT:
		rc = sqlite3_bind_text64(s, idx, v->v.s.p, v->v.s.n, SQLITE_TRANSIENT, SQLITE_UTF8);
		break;
	case SC_V_BLOB:
		rc = sqlite3_bind_blob64(s, idx, v->v.s.p, v->v.s.n, SQLITE_TRANSIENT);
		break;
	case SC_V_UUID:
		sc_uuid_format(&v->v.u, tmp);
		rc = sqlite3_bind_text(s, idx, tmp, SC_UUID_STRLEN, SQLITE_TRANSIENT);
		break;
	case SC_V_DATE: {
		size_t n = sc_date_format((int32_t)v->v.i, tmp);
		rc = sqlite3_bind_text(s, idx, tmp, (int)n, SQLITE_TRANSIENT);
		break;
	}
	case SC_V_TIME:
		/* Microseconds since midnight: sorts and compares as numbers. */
		if (v->v.i < 0 || v->v.i > SC_TIME_MAX)
			return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT,
					     "parameter ?%d: time of day out of range", idx);
		rc = sqlite3_bind_int64(s, idx, v->v.i);
		break;
	}
	return rc == SQLITE_OK ? SC_OK : sq_err(st->conn, rc);
}

static void sq_clear_bindings(sc_stmt *st)
{
	sqlite3_clear_bindings(SQ(st));
}

static sc_status sq_step(sc_stmt *st)
{
	sc_conn *c = st->conn;
	if (!st->executed) {
		arm_deadline(c);
		if (c->tx_depth > 0)
			c->tx_sent++;
		st->executed = true;
		if (((sq_stmt *)st->be)->session_effect)
			c->session_used = true;
	}
	int rc = sqlite3_step(SQ(st));
	if (rc == SQLITE_ROW) {
		st->rows++;
		return SC_ROW;
	}
	((sq_be *)c->be)->deadline = 0;
	if (rc == SQLITE_DONE) {
		if (sqlite3_column_count(SQ(st)) == 0)
			st->rows = sqlite3_changes64(DB(c));
		return SC_DONE;
	}
	sc_status err = sq_err(c, rc);
	sqlite3_reset(SQ(st));
	statement_failed(c);
	return err;
}

static void sq_reset(sc_stmt *st)
{
	if (st->be)
		sqlite3_reset(SQ(st));
	if (st->conn->be)
		((sq_be *)st->conn->be)->deadline = 0;
}

static int sq_column_count(const sc_stmt *st)
{
	return sqlite3_column_count(SQ(st));
}

static const char *sq_column_name(const sc_stmt *st, int col)
{
	const char *n = sqlite3_column_name(SQ(st), col);
	return n ? n : "";
}

static bool sq_column_is_null(const sc_stmt *st, int col)
{
	return sqlite3_column_type(SQ(st), col) == SQLITE_NULL;
}

static bool text_i64(const char *s, int64_t *out)
{
	if (!s || !*s)
		return false;
	errno = 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static sc_status sq_column(sc_stmt *st, int col, sc_vtype want, sc_value *out)
{
	sqlite3_stmt *s = SQ(st);
	if (want == SC_V_TEXT) { /* the common case, with one sqlite3 call fewer */
		const unsigned char *x = sqlite3_column_text(s, col);
		if (!x) { /* NULL, out of memory, or a zero-length blob */
			int t = sqlite3_column_type(s, col);
			out->type = t == SQLITE_NULL ? SC_V_NULL : SC_V_TEXT;
			if (t != SQLITE_NULL && sqlite3_errcode(DB(st->conn)) == SQLITE_NOMEM)
				return SC_NO_MEMORY;
			out->v.s.p = "";
			out->v.s.n = 0;
			return SC_OK;
		}
		out->type = SC_V_TEXT;
		out->v.s.p = x;
		out->v.s.n = (size_t)sqlite3_column_bytes(s, col);
		return SC_OK;
	}
	int t = sqlite3_column_type(s, col);
	if (t == SQLITE_NULL) {
		out->type = SC_V_NULL;
		return SC_OK;
	}
	out->type = want;
	switch (want) {
	case SC_V_BOOL:
		if (t == SQLITE_INTEGER) {
			out->v.b = sqlite3_column_int64(s, col) != 0;
			return SC_OK;
		}
		if (t == SQLITE_TEXT) {
			const char *x = (const char *)sqlite3_column_text(s, col);
			if (!strcmp(x, "t") || !strcmp(x, "true") || !strcmp(x, "1")) {
				out->v.b = true;
				return SC_OK;
			}
			if (!strcmp(x, "f") || !strcmp(x, "false") || !strcmp(x, "0")) {
				out->v.b = false;
				return SC_OK;
			}
		}
		return SC_DATA_ERROR;
	case SC_V_INT16:
	case SC_V_INT32:
	case SC_V_INT64:
		out->type = SC_V_INT64;
		if (t == SQLITE_INTEGER) {
			out->v.i = sqlite3_column_int64(s, col);
			return SC_OK;
		}
		if (t == SQLITE_FLOAT) {
			double d = sqlite3_column_double(s, col);
			if (d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == (double)(int64_t)d) {
				out->v.i = (int64_t)d;
				return SC_OK;
			}
			return SC_DATA_ERROR;
		}
		return text_i64((const char *)sqlite3_column_text(s, col), &out->v.i) ? SC_OK : SC_DATA_ERROR;
	case SC_V_DOUBLE:
		if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
			out->v.d = sqlite3_column_double(s, col);
			return SC_OK;
		} else {
			const char *x = (const char *)sqlite3_column_text(s, col);
			char *end;
			out->v.d = strtod(x, &end);
			return (*x && !*end) ? SC_OK : SC_DATA_ERROR;
		}
	case SC_V_TEXT: {
		const unsigned char *x = sqlite3_column_text(s, col);
		if (!x)
			return SC_NO_MEMORY;
		out->v.s.p = x;
		out->v.s.n = (size_t)sqlite3_column_bytes(s, col);
		return SC_OK;
	}
	case SC_V_BLOB: {
		const void *x = sqlite3_column_blob(s, col);
		size_t n = (size_t)sqlite3_column_bytes(s, col);
		out->v.s.p = x ? x : "";
		out->v.s.n = x ? n : 0;
		return SC_OK;
	}
	case SC_V_UUID:
		if (t == SQLITE_BLOB && sqlite3_column_bytes(s, col) == 16) {
			memcpy(out->v.u.bytes, sqlite3_column_blob(s, col), 16);
			return SC_OK;
		}
		return sc_uuid_parse((const char *)sqlite3_column_text(s, col),
				     (size_t)sqlite3_column_bytes(s, col), &out->v.u) == SC_OK
			       ? SC_OK
			       : SC_DATA_ERROR;
	case SC_V_TIMESTAMP:
		if (t == SQLITE_INTEGER) {
			out->v.i = sqlite3_column_int64(s, col);
			return SC_OK;
		}
		return sc_timestamp_parse((const char *)sqlite3_column_text(s, col),
					  (size_t)sqlite3_column_bytes(s, col), &out->v.i);
	case SC_V_DATE: {
		if (t == SQLITE_INTEGER) {
			int64_t d = sqlite3_column_int64(s, col);
			if (d < INT32_MIN || d > INT32_MAX)
				return SC_DATA_ERROR;
			out->v.i = d;
			return SC_OK;
		}
		int32_t d;
		sc_status rc = sc_date_parse((const char *)sqlite3_column_text(s, col),
					     (size_t)sqlite3_column_bytes(s, col), &d);
		out->v.i = d;
		return rc;
	}
	case SC_V_TIME:
		if (t == SQLITE_INTEGER) {
			out->v.i = sqlite3_column_int64(s, col);
			return out->v.i >= 0 && out->v.i <= SC_TIME_MAX ? SC_OK : SC_DATA_ERROR;
		}
		return sc_time_parse((const char *)sqlite3_column_text(s, col),
				     (size_t)sqlite3_column_bytes(s, col), &out->v.i);
	case SC_V_NULL:
		break;
	}
	return SC_INVALID_ARGUMENT;
}

/* The current row as sc_raw_col values: each column read once by its
 * storage class (schemac/rowread.h decodes them inline). */
static const void *sq_raw_row(sc_stmt *st)
{
	sq_stmt *q = st->be;
	sqlite3_stmt *s = q->h;
	int nf = st->ncols;
	if (nf > q->rawcap) {
		sc_raw_col *v = realloc(q->raw, (size_t)nf * sizeof *v);
		if (!v)
			return NULL; /* the getters still work */
		q->raw = v;
		q->rawcap = nf;
	}
	sc_raw_col *v = q->raw;
	for (int i = 0; i < nf; i++) {
		/* one sqlite3_column_* call per column: the value, then its parts
		 * (no per-call mutex to take: connections are SQLITE_OPEN_NOMUTEX) */
		sqlite3_value *x = sqlite3_column_value(s, i);
		v[i].p = NULL;
		v[i].len = 0;
		switch (sqlite3_value_type(x)) {
		case SQLITE_INTEGER:
			v[i].oid = SC_RAW_SQLITE_INTEGER;
			v[i].i = sqlite3_value_int64(x);
			break;
		case SQLITE_FLOAT:
			v[i].oid = SC_RAW_SQLITE_FLOAT;
			v[i].d = sqlite3_value_double(x);
			break;
		case SQLITE_TEXT:
			v[i].p = (const char *)sqlite3_value_text(x);
			v[i].len = sqlite3_value_bytes(x);
			/* out of memory: left to the getter, which reports it */
			v[i].oid = v[i].p ? SC_RAW_SQLITE_TEXT : 0;
			break;
		case SQLITE_BLOB:
			v[i].p = sqlite3_value_blob(x);
			v[i].len = sqlite3_value_bytes(x);
			v[i].oid = SC_RAW_SQLITE_BLOB;
			break;
		default:
			v[i].oid = 0;
			v[i].len = -1;
			break;
		}
	}
	return v;
}

static sc_status sq_begin(sc_conn *c, const sc_tx_options *o)
{
	if (o && o->read_only) {
		sc_status rc = sq_exec(c, "BEGIN DEFERRED");
		if (rc != SC_OK)
			return rc;
		rc = sq_exec(c, "PRAGMA query_only = 1");
		if (rc != SC_OK)
			sq_exec(c, "ROLLBACK");
		return rc;
	}
	return sq_exec(c, "BEGIN IMMEDIATE");
}

static sc_status sq_end(sc_conn *c, bool commit)
{
	sc_status rc = sq_exec(c, commit ? "COMMIT" : "ROLLBACK");
	if (rc != SC_OK && !sqlite3_get_autocommit(DB(c))) {
		/* a failed COMMIT (e.g. busy) leaves the transaction open: end it */
		sc_errbuf save = c->err;
		sqlite3_exec(DB(c), "ROLLBACK", NULL, NULL, NULL);
		c->err = save;
		c->err.pub.message = c->err.message;
		c->err.pub.sqlstate = c->err.sqlstate;
		c->err.pub.constraint = c->err.constraint;
		c->err.pub.table = c->err.table;
		c->err.pub.column = c->err.column;
	}
	if (c->tx_read_only && !c->sh->s.replica)
		sqlite3_exec(DB(c), "PRAGMA query_only = 0", NULL, NULL, NULL);
	return rc;
}

static bool sq_in_tx(sc_conn *c)
{
	return c->be && !sqlite3_get_autocommit(DB(c));
}

static const char *sq_server_version(sc_conn *c, char *buf, size_t n)
{
	SC_UNUSED(c);
	sc__strlcpy(buf, sqlite3_libversion(), n);
	return buf;
}

static void *sq_native(sc_conn *c)
{
	return c->be ? DB(c) : NULL;
}

const sc_backend_ops sc__sqlite_ops = {
	.dialect = SC_DIALECT_SQLITE,
	.name = "sqlite",
	.connect = sq_connect,
	.close = sq_close,
	.abandon = sq_abandon,
	.check_idle = sq_check_idle,
	.cancel = sq_cancel,
	.exec = sq_exec,
	.stmt_prepare = sq_stmt_prepare,
	.stmt_free = sq_stmt_free,
	.bind = sq_bind,
	.clear_bindings = sq_clear_bindings,
	.step = sq_step,
	.reset = sq_reset,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.column_is_null = sq_column_is_null,
	.column = sq_column,
	.raw_row = sq_raw_row,
	.begin = sq_begin,
	.end = sq_end,
	.in_tx = sq_in_tx,
	.reset_session = sq_reset_session,
	.server_version = sq_server_version,
	.native = sq_native,
};
