/* PostgreSQL backend over libpq.
 *
 * Values travel in text format (results and parameters), except bytes
 * parameters, which go in binary format so no escaping is needed. The
 * session runs with TimeZone=UTC and DateStyle=ISO, so timestamps come back
 * as "YYYY-MM-DD HH:MM:SS.ffffff+00" and parse exactly; any other offset is
 * handled too. All waiting is done with poll() against a deadline, so no
 * call blocks past the statement timeout (plus a margin) or, while
 * connecting, past the connect deadline. */
#include "backend/pg.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libpq-fe.h>

#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23

typedef struct pg_be {
	PGconn *pg;
	PGcancel *cancel;
	bool fatal; /* a FATAL/PANIC message arrived asynchronously */
	bool user_prepared; /* the borrower ran PREPARE (or had the native handle) */
} pg_be;

static PGconn *PG(sc_conn *c)
{
	return ((pg_be *)c->be)->pg;
}

static void notice_receiver(void *arg, const PGresult *res)
{
	sc_conn *c = arg;
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
	if (sev && (!strcmp(sev, "FATAL") || !strcmp(sev, "PANIC")))
		((pg_be *)c->be)->fatal = true;
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	sc__log(c->sh, SC_LOG_DEBUG, "server %s: %s", sev ? sev : "NOTICE", msg ? msg : "");
}

/* ---- errors ------------------------------------------------------------ */

/* The message of an error, without anything that can echo row or
 * parameter values: only the primary message (never DETAIL, which reads
 * "Key (email)=(x) already exists" or "Failing row contains (...)"), and
 * for data exceptions (class 22: 'invalid input syntax for type integer:
 * "abc"') every double-quoted part replaced by "***". */
static void safe_message(char *out, size_t n, const char *msg, const char *state)
{
	char line[512];
	sc__strlcpy(line, msg, sizeof(line));
	/* a full error text ("ERROR:  ...\nDETAIL:  ...") keeps its first line */
	char *cut = strstr(line, "DETAIL:");
	if (cut)
		*cut = '\0';
	cut = strchr(line, '\n');
	if (cut)
		*cut = '\0';
	if (!state || strncmp(state, "22", 2) != 0) {
		sc__strlcpy(out, line, n);
		return;
	}
	sc__mask_quoted(out, n, line);
	/* encoding errors (22021, 22P05) print the offending bytes unquoted:
	 * "invalid byte sequence for encoding "UTF8": 0xff 0xfe" */
	for (char *p = out; (p = strstr(p, "0x")) != NULL;)
		for (p += 2; isxdigit((unsigned char)*p); p++)
			*p = '*';
}

static sc_status result_error(sc_conn *c, const PGresult *r, bool commit)
{
	PGconn *pg = PG(c);
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *prim = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!prim)
		prim = (r && *PQresultErrorMessage(r)) ? PQresultErrorMessage(r) : PQerrorMessage(pg);
	char msg[512];
	safe_message(msg, sizeof(msg), prim, state);
	prim = msg;
	sc_status st;
	if (PQstatus(pg) == CONNECTION_BAD || ((pg_be *)c->be)->fatal) {
		c->broken = true;
		st = SC_CONNECTION_LOST;
		if (!state)
			state = "08006";
	} else {
		st = sc_status_from_sqlstate(state);
		if (st == SC_CONNECTION_LOST)
			c->broken = true;
	}
	if (commit && st == SC_CONNECTION_LOST)
		st = SC_AMBIGUOUS_COMMIT;
	return sc__conn_err(c, st, state ? state : "", 0, prim,
			    r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL,
			    r ? PQresultErrorField(r, PG_DIAG_TABLE_NAME) : NULL,
			    r ? PQresultErrorField(r, PG_DIAG_COLUMN_NAME) : NULL);
}

static sc_status send_failed(sc_conn *c, bool commit)
{
	return result_error(c, NULL, commit);
}

sc_status sc__pg_result_error(sc_conn *c, const void *res, bool commit)
{
	return result_error(c, res, commit);
}

sc_status sc__pg_timed_out(sc_conn *c)
{
	char eb[256];
	PQcancel(((pg_be *)c->be)->cancel, eb, sizeof(eb));
	c->broken = true;
	return sc__conn_err(c, SC_STATEMENT_TIMEOUT, "57014", 0,
			    "no answer from the server within the statement timeout; connection abandoned", "",
			    "", "");
}

/* How long the client waits for a statement. A direct connection carries
 * statement_timeout as a startup option, so the server cancels at the
 * timeout and the client only gives up 5 s later (a server that does not
 * answer). In PgBouncer mode no startup options are sent and the server
 * would never cancel: the client deadline is the timeout itself, and
 * sc__pg_timed_out cancels the statement (PgBouncer forwards the cancel). */
static int64_t stmt_deadline(sc_conn *c)
{
	int64_t t = c->sh->s.statement_timeout_ms;
	if (t <= 0)
		return 0;
	return sc__mono_us() + (t + (c->sh->s.prepared_statements ? 5000 : 0)) * 1000;
}

/* Wait until libpq can return a result without blocking. */
static sc_status wait_ready(sc_conn *c, int64_t deadline)
{
	PGconn *pg = PG(c);
	while (PQisBusy(pg)) {
		int timeout = -1;
		if (deadline) {
			int64_t rem = deadline - sc__mono_us();
			if (rem <= 0) /* the server did not answer in time: give the connection up */
				return sc__pg_timed_out(c);
			timeout = (int)((rem + 999) / 1000);
		}
		struct pollfd p = {PQsocket(pg), POLLIN, 0};
		int n = poll(&p, 1, timeout);
		if (n < 0 && errno != EINTR)
			return sc__conn_errf(c, SC_ERROR, "poll: %s", strerror(errno));
		if (n > 0 && !PQconsumeInput(pg))
			break; /* connection trouble: PQgetResult reports it */
	}
	return SC_OK;
}

/* Collect the results of the query just sent. Keeps the first error, else
 * the last result. *out is NULL only with an error status. */
static sc_status collect(sc_conn *c, PGresult **out, bool commit)
{
	PGconn *pg = PG(c);
	int64_t deadline = stmt_deadline(c);
	PGresult *keep = NULL;
	bool keep_err = false;
	for (;;) {
		sc_status rc = wait_ready(c, deadline);
		if (rc != SC_OK) {
			PQclear(keep);
			*out = NULL;
			return rc;
		}
		PGresult *r = PQgetResult(pg);
		if (!r)
			break;
		ExecStatusType es = PQresultStatus(r);
		bool err = es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK && es != PGRES_EMPTY_QUERY;
		if (es == PGRES_COMMAND_OK && !strcmp(PQcmdStatus(r), "PREPARE"))
			((pg_be *)c->be)->user_prepared = true;
		if (!keep || (err && !keep_err) || (!err && !keep_err)) {
			PQclear(keep);
			keep = r;
			keep_err = err;
		} else {
			PQclear(r);
		}
		if (PQstatus(pg) == CONNECTION_BAD)
			break;
	}
	if (!keep || keep_err || PQstatus(pg) == CONNECTION_BAD) {
		sc_status rc = result_error(c, keep, commit);
		PQclear(keep);
		*out = NULL;
		return rc;
	}
	*out = keep;
	return SC_OK;
}

/* ---- connect / close ---------------------------------------------------- */

static sc_status connect_error(sc_conn *c, PGconn *pg, const char *why)
{
	const char *msg = why ? why : (pg ? PQerrorMessage(pg) : "out of memory");
	sc_status st = SC_CONNECT_FAILED;
	if (strstr(msg, "password authentication failed") || strstr(msg, "authentication failed") ||
	    strstr(msg, "no password supplied") || strstr(msg, "no pg_hba.conf entry"))
		st = SC_AUTH_FAILED;
	char buf[512];
	if (c->sh->s.pg_opaque_errors && pg)
		/* libpq may have taken pieces of a password for host, port or
		 * database name and would print them: say what kind of failure only */
		snprintf(buf, sizeof(buf),
			 "could not connect to %s: %s (libpq's message withheld, it could echo part of the "
			 "password: percent-encode '@' and '/' in a URL password)",
			 c->sh->s.display_url, st == SC_AUTH_FAILED ? "authentication failed" : "connection failed");
	else
		snprintf(buf, sizeof(buf), "could not connect to %s: %s", c->sh->s.display_url, msg);
	/* libpq messages can span lines; keep it on one */
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return sc__conn_err(c, st, st == SC_AUTH_FAILED ? "28P01" : "08001", 0, buf, "", "", "");
}

/* The URL's own options may have overridden our DateStyle (at connect, and
 * again as the session default after RESET ALL): set it. */
static sc_status pin_datestyle(sc_conn *c)
{
	const char *ds = PQparameterStatus(PG(c), "DateStyle");
	if (c->sh->s.prepared_statements && ds && strncmp(ds, "ISO", 3) != 0)
		return c->ops->exec(c, "SET DateStyle = ISO, YMD");
	return SC_OK;
}

static sc_status pg_exec(sc_conn *c, const char *sql);

static sc_status pg_connect(sc_conn *c, int64_t deadline)
{
	sc_settings *s = &c->sh->s;
	char opts[1024] = "";
	size_t ol = 0;
	if (s->prepared_statements) {
		/* direct connection: pin the session settings we rely on */
		ol += (size_t)snprintf(opts + ol, sizeof(opts) - ol,
				       "-c TimeZone=UTC -c DateStyle=ISO,YMD -c bytea_output=hex");
		if (s->statement_timeout_ms > 0)
			ol += (size_t)snprintf(opts + ol, sizeof(opts) - ol, " -c statement_timeout=%lld",
					       (long long)s->statement_timeout_ms);
		if (s->replica) /* writes never go to a replica, even one that would take them */
			ol += (size_t)snprintf(opts + ol, sizeof(opts) - ol, " -c default_transaction_read_only=on");
	}
	if (s->pg_user_options_val && ol < sizeof(opts))
		snprintf(opts + ol, sizeof(opts) - ol, "%s%s", ol ? " " : "", s->pg_user_options_val);
	char ct[24];
	snprintf(ct, sizeof(ct), "%lld", (long long)((s->connect_timeout_ms + 999) / 1000 < 2 ? 2 : (s->connect_timeout_ms + 999) / 1000));
	const char *kw[] = {"client_encoding", "fallback_application_name", "connect_timeout", "dbname", "options", NULL};
	const char *vals[] = {"UTF8", "schemac", ct, s->url, opts, NULL};
	if (!opts[0])
		kw[4] = NULL;

	PGconn *pg = PQconnectStartParams(kw, vals, 1);
	if (!pg)
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	if (PQstatus(pg) == CONNECTION_BAD) {
		sc_status rc = connect_error(c, pg, NULL);
		PQfinish(pg);
		return rc;
	}
	PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
	while (ps != PGRES_POLLING_OK) {
		if (ps == PGRES_POLLING_FAILED) {
			sc_status rc = connect_error(c, pg, NULL);
			PQfinish(pg);
			return rc;
		}
		int64_t rem = deadline - sc__mono_us();
		if (rem <= 0) {
			PQfinish(pg);
			return connect_error(c, NULL, "timeout expired while connecting");
		}
		struct pollfd p = {PQsocket(pg), ps == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0};
		int n = poll(&p, 1, (int)((rem + 999) / 1000));
		if (n < 0 && errno != EINTR) {
			PQfinish(pg);
			return connect_error(c, NULL, strerror(errno));
		}
		if (n > 0)
			ps = PQconnectPoll(pg);
	}
	pg_be *be = calloc(1, sizeof(*be));
	if (!be) {
		PQfinish(pg);
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	}
	be->pg = pg;
	be->cancel = PQgetCancel(pg);
	c->be = be;
	PQsetNoticeReceiver(pg, notice_receiver, c);

	sc_status rc = pin_datestyle(c);
	if (rc != SC_OK)
		c->ops->close(c);
	return rc;
}

/* Everything DISCARD ALL does but DEALLOCATE ALL, which would drop the
 * statements we cached: one round trip. Statements the borrower made with
 * PREPARE (seen by their command tag) go by name (ours are sc_<n>), in a
 * second one: the DO block costs ~0.1 ms, so only then. See docs/runtime.md. */
static const char reset_sql[] =
	"SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; UNLISTEN *; "
	"SELECT pg_advisory_unlock_all(); DISCARD TEMP; DISCARD SEQUENCES";
static const char deallocate_sql[] =
	"DO $sc$DECLARE r record; BEGIN FOR r IN SELECT name FROM pg_prepared_statements "
	"WHERE name !~ '^sc_[0-9]+$' LOOP EXECUTE format('DEALLOCATE %I', r.name); END LOOP; END$sc$";

static sc_status pg_reset_session(sc_conn *c)
{
	pg_be *be = c->be;
	sc_status rc = pg_exec(c, reset_sql);
	if (rc == SC_OK && (be->user_prepared || c->native_used))
		rc = pg_exec(c, deallocate_sql);
	be->user_prepared = false;
	return rc == SC_OK ? pin_datestyle(c) : rc;
}

static void pg_close(sc_conn *c)
{
	pg_be *be = c->be;
	if (!be)
		return;
	PQfreeCancel(be->cancel);
	PQfinish(be->pg);
	free(be);
	c->be = NULL;
}

static void pg_abandon(sc_conn *c)
{
	pg_be *be = c->be;
	if (!be)
		return;
	/* Point our copy of the socket at /dev/null so PQfinish's goodbye
	 * (and any TLS shutdown) cannot reach the parent's session. */
	int fd = PQsocket(be->pg);
	if (fd >= 0) {
		int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (nul >= 0) {
			dup2(nul, fd);
			close(nul);
		}
	}
	pg_close(c);
}

static bool pg_check_idle(sc_conn *c)
{
	pg_be *be = c->be;
	PGconn *pg = be->pg;
	for (int i = 0; i < 3; i++) {
		if (be->fatal || PQstatus(pg) != CONNECTION_OK)
			return false;
		struct pollfd p = {PQsocket(pg), POLLIN, 0};
		int n = poll(&p, 1, 0);
		if (n <= 0)
			break;
		/* unexpected input on an idle session: an error (terminated backend),
		 * EOF, or a notification */
		if (!PQconsumeInput(pg))
			return false;
		PGnotify *nt;
		while ((nt = PQnotifies(pg)) != NULL)
			PQfreemem(nt);
	}
	return !be->fatal && PQstatus(pg) == CONNECTION_OK && PQtransactionStatus(pg) == PQTRANS_IDLE;
}

static void pg_cancel(sc_conn *c)
{
	pg_be *be = c->be;
	char eb[256];
	if (be && be->cancel)
		PQcancel(be->cancel, eb, sizeof(eb));
}

static sc_status pg_exec(sc_conn *c, const char *sql)
{
	PGconn *pg = PG(c);
	if (!PQsendQuery(pg, sql))
		return send_failed(c, false);
	if (c->tx_depth > 0)
		c->tx_sent++;
	PGresult *r;
	sc_status rc = collect(c, &r, false);
	PQclear(r);
	return rc;
}

/* ---- statements ------------------------------------------------------- */

static sc_status do_prepare(sc_stmt *st)
{
	sc_conn *c = st->conn;
	if (!PQsendPrepare(PG(c), sc__pgs(st)->name, st->sql, st->nparams, NULL))
		return send_failed(c, false);
	if (c->tx_depth > 0)
		c->tx_sent++;
	PGresult *r;
	sc_status rc = collect(c, &r, false);
	PQclear(r);
	if (rc == SC_OK)
		sc__pgs(st)->prepared = true;
	return rc;
}

sc_status sc__pg_ensure_prepared(sc_stmt *st)
{
	if (!sc__pgs(st)->name[0] || sc__pgs(st)->prepared)
		return SC_OK;
	return do_prepare(st);
}

static sc_status pg_stmt_prepare(sc_stmt *st)
{
	sc_conn *c = st->conn;
	if (st->nparams > 65535)
		return sc__conn_errf(c, SC_INVALID_ARGUMENT, "too many parameters (%d)", st->nparams);
	if (!(st->be = calloc(1, sizeof(sc_pg_stmt))))
		return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	if (st->nparams > 0) {
		sc__pgs(st)->params = calloc((size_t)st->nparams, sizeof(*sc__pgs(st)->params));
		if (!sc__pgs(st)->params)
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
	}
	sc__pgs(st)->row = -1;
	if (!c->sh->s.prepared_statements || !st->entry) {
		sc__pgs(st)->name[0] = '\0';
		return SC_OK;
	}
	snprintf(sc__pgs(st)->name, sizeof(sc__pgs(st)->name), "sc_%u", c->cache.next_name++);
	return do_prepare(st);
}

static void stream_drain(sc_stmt *st);

static void pg_reset(sc_stmt *st)
{
	if (!st->be)
		return;
	if (sc__pgs(st)->active)
		stream_drain(st);
	PQclear(sc__pgs(st)->res);
	sc__pgs(st)->res = NULL;
	sc__pgs(st)->raw_res = NULL;
	sc__pgs(st)->row = -1;
	sc__pgs(st)->nrows = 0;
}

static void pg_stmt_free(sc_stmt *st)
{
	sc_conn *c = st->conn;
	sc_pg_stmt *ps = st->be;
	if (!ps)
		return;
	pg_reset(st);
	for (int i = 0; i < st->nparams && ps->params; i++)
		free(ps->params[i].heap);
	free(ps->params);
	for (int i = 0; i < ps->ncolbuf; i++)
		free(ps->colbuf[i]);
	free(ps->colbuf);
	free(ps->colcap);
	free(ps->raw);
	if (ps->prepared && ps->name[0] && !c->closing && !c->broken && c->be &&
	    c->fork_gen == sc__fork_gen() && PQtransactionStatus(PG(c)) == PQTRANS_IDLE) {
		char sql[64];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", ps->name);
		pg_exec(c, sql);
	}
	free(ps);
	st->be = NULL;
}

/* The server session was replaced: prepare again on the next execution. */
static void pg_stmt_forget_prepared(sc_stmt *st)
{
	if (st->be)
		sc__pgs(st)->prepared = false;
}

/* Decimal text of v (no snprintf: this is on every integer bind). */
static size_t fmt_i64(char *out, int64_t v)
{
	char tmp[24];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	while (n)
		out[o++] = tmp[--n];
	out[o] = '\0';
	return o;
}

static sc_status pg_bind(sc_stmt *st, int idx, const sc_value *v)
{
	sc_pgparam *p = &sc__pgs(st)->params[idx - 1];
	char tmp[SC_DATETIME_BUFSZ + 16];
	const char *src = tmp;
	size_t n = 0;
	int fmt = 0;
	switch (v->type) {
	case SC_V_NULL:
		p->val = NULL;
		p->len = 0;
		p->format = 0;
		return SC_OK;
	case SC_V_BOOL:
		src = v->v.b ? "t" : "f";
		n = 1;
		break;
	case SC_V_INT16:
	case SC_V_INT32:
	case SC_V_INT64:
		n = fmt_i64(tmp, v->v.i);
		break;
	case SC_V_DOUBLE:
		if (isnan(v->v.d))
			src = "NaN";
		else if (isinf(v->v.d))
			src = v->v.d > 0 ? "Infinity" : "-Infinity";
		else
			snprintf(tmp, sizeof(tmp), "%.17g", v->v.d);
		n = strlen(src);
		break;
	case SC_V_TEXT:
		src = v->v.s.p;
		n = v->v.s.n;
		break;
	case SC_V_BLOB:
		src = v->v.s.p;
		n = v->v.s.n;
		fmt = 1;
		break;
	case SC_V_UUID:
		sc_uuid_format(&v->v.u, tmp);
		n = SC_UUID_STRLEN;
		break;
	case SC_V_TIMESTAMP:
		n = sc_timestamp_format(v->v.i, tmp);
		break;
	case SC_V_DATE:
		n = sc_date_format((int32_t)v->v.i, tmp);
		break;
	case SC_V_TIME:
		if (v->v.i < 0 || v->v.i > SC_TIME_MAX)
			return sc__conn_errf(st->conn, SC_INVALID_ARGUMENT,
					     "parameter $%d: time of day out of range", idx);
		n = sc_time_format(v->v.i, tmp);
		break;
	}
	if (n > (size_t)INT32_MAX - 1)
		return sc__conn_errf(st->conn, SC_DATA_ERROR, "parameter $%d too large", idx);
	char *dst;
	if (n + 1 <= sizeof(p->inl)) {
		dst = p->inl;
	} else {
		if (p->cap < n + 1) {
			char *h = realloc(p->heap, n + 1);
			if (!h)
				return sc__conn_errf(st->conn, SC_NO_MEMORY, "out of memory");
			p->heap = h;
			p->cap = n + 1;
		}
		dst = p->heap;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	p->val = dst;
	p->len = (int)n;
	p->format = fmt;
	return SC_OK;
}

static void pg_clear_bindings(sc_stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		sc__pgs(st)->params[i].val = NULL;
}

/* Per-column decode buffers for nf columns. */
static sc_status ensure_colbuf(sc_stmt *st, int nf)
{
	if (nf <= sc__pgs(st)->ncolbuf)
		return SC_OK;
	unsigned char **cb = realloc(sc__pgs(st)->colbuf, (size_t)nf * sizeof(*cb));
	if (cb)
		sc__pgs(st)->colbuf = cb;
	size_t *cc = cb ? realloc(sc__pgs(st)->colcap, (size_t)nf * sizeof(*cc)) : NULL;
	if (cc)
		sc__pgs(st)->colcap = cc;
	if (!cb || !cc)
		return sc__conn_errf(st->conn, SC_NO_MEMORY, "out of memory");
	for (int i = sc__pgs(st)->ncolbuf; i < nf; i++) {
		sc__pgs(st)->colbuf[i] = NULL;
		sc__pgs(st)->colcap[i] = 0;
	}
	sc__pgs(st)->ncolbuf = nf;
	return SC_OK;
}

sc_status sc__pg_adopt_result(sc_stmt *st, void *res)
{
	PGresult *r = res;
	sc__pgs(st)->res = r;
	sc__pgs(st)->raw_res = NULL;
	sc__pgs(st)->nrows = PQntuples(r);
	sc__pgs(st)->row = -1;
	/* rows returned are the rows the command counts (SELECT, RETURNING):
	 * parsing its tag costs ~200 instructions a get */
	const char *ct = PQresultStatus(r) == PGRES_TUPLES_OK ? NULL : PQcmdTuples(r);
	st->rows = (ct && *ct) ? strtoll(ct, NULL, 10) : sc__pgs(st)->nrows;
	return ensure_colbuf(st, PQnfields(r));
}

/* ---- streaming (single-row mode) ---------------------------------------- */

/* The next result of a streaming execution: SC_ROW with the row as the
 * statement's current result, SC_DONE at the end, or the first error (the
 * results after it are read to the end, so the session is ready again). */
static sc_status stream_next(sc_stmt *st)
{
	sc_conn *c = st->conn;
	sc_pg_stmt *ps = sc__pgs(st);
	PGconn *pg = PG(c);
	PQclear(ps->res);
	ps->res = NULL;
	ps->raw_res = NULL;
	ps->row = -1;
	ps->nrows = 0;
	int64_t deadline = stmt_deadline(c);
	sc_status rc = SC_DONE;
	while (ps->active) {
		sc_status w = wait_ready(c, deadline);
		if (w != SC_OK) { /* timed out: the connection was given up */
			ps->active = false;
			return rc == SC_DONE ? w : rc;
		}
		PGresult *r = PQgetResult(pg);
		if (!r) {
			ps->active = false;
			break;
		}
		ExecStatusType es = PQresultStatus(r);
		if (es == PGRES_SINGLE_TUPLE && rc == SC_DONE) {
			ps->res = r;
			ps->row = 0;
			ps->nrows = 1;
			st->rows++;
			return ensure_colbuf(st, PQnfields(r)) == SC_OK ? SC_ROW : SC_NO_MEMORY;
		}
		if (es == PGRES_COMMAND_OK) { /* INSERT/UPDATE/DELETE without RETURNING */
			const char *ct = PQcmdTuples(r);
			if (ct && *ct)
				st->rows = strtoll(ct, NULL, 10);
		} else if (es != PGRES_TUPLES_OK && es != PGRES_EMPTY_QUERY && es != PGRES_SINGLE_TUPLE &&
			   rc == SC_DONE) {
			rc = result_error(c, r, false);
		}
		PQclear(r);
		if (PQstatus(pg) == CONNECTION_BAD) {
			ps->active = false;
			if (rc == SC_DONE)
				rc = result_error(c, NULL, false);
		}
	}
	return rc;
}

/* A plain SELECT (no WITH: a data-modifying CTE could hide there): what a
 * cancel may stop without undoing anything the caller asked for. */
static bool is_select(const char *sql)
{
	while (isspace((unsigned char)*sql) || *sql == '(')
		sql++;
	return !strncasecmp(sql, "select", 6) && !isalnum((unsigned char)sql[6]) && sql[6] != '_';
}

/* Stop a streaming execution early: what is left is read and discarded.
 * A SELECT outside a transaction block is cancelled first, so a huge result
 * is not read to its end (the cancel's error is ours, not reported);
 * inside a block a cancel would abort the caller's transaction, so the rest
 * is read. An error in the rest (the statement failed after all: inside a
 * block, the transaction is aborted) goes to st->stop_status. */
static void stream_drain(sc_stmt *st)
{
	sc_conn *c = st->conn;
	sc_pg_stmt *ps = sc__pgs(st);
	ps->active = false;
	if (c->closing || c->broken || c->fork_gen != sc__fork_gen())
		return;
	PGconn *pg = PG(c);
	if (ps->cancellable)
		pg_cancel(c);
	int64_t deadline = stmt_deadline(c);
	PGresult *r;
	sc_status w = SC_OK;
	while (PQstatus(pg) != CONNECTION_BAD && (w = wait_ready(c, deadline)) == SC_OK && (r = PQgetResult(pg))) {
		ExecStatusType es = PQresultStatus(r);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		bool ours = ps->cancellable && state && !strcmp(state, "57014");
		if (es == PGRES_FATAL_ERROR && !ours && st->stop_status == SC_OK)
			st->stop_status = result_error(c, r, false);
		PQclear(r);
	}
	if (w != SC_OK) /* timed out: the connection was given up */
		st->stop_status = w;
	else if (PQstatus(pg) == CONNECTION_BAD && !c->broken)
		st->stop_status = result_error(c, NULL, false);
}

static sc_status execute(sc_stmt *st)
{
	sc_conn *c = st->conn;
	PGconn *pg = PG(c);
	int n = st->nparams;
	const char *vals_s[16];
	int lens_s[16], fmts_s[16];
	const char **vals = vals_s;
	int *lens = lens_s, *fmts = fmts_s;
	if (n > 16) {
		vals = malloc((size_t)n * sizeof(*vals));
		lens = malloc((size_t)n * sizeof(*lens));
		fmts = malloc((size_t)n * sizeof(*fmts));
		if (!vals || !lens || !fmts) {
			free(vals);
			free(lens);
			free(fmts);
			return sc__conn_errf(c, SC_NO_MEMORY, "out of memory");
		}
	}
	for (int i = 0; i < n; i++) {
		vals[i] = sc__pgs(st)->params[i].val;
		lens[i] = sc__pgs(st)->params[i].len;
		fmts[i] = sc__pgs(st)->params[i].format;
	}
	bool named = sc__pgs(st)->name[0] != '\0';
	bool may_retry = true;
	sc_status rc;
	PGresult *r = NULL;
again:
	if (named && !sc__pgs(st)->prepared && (rc = do_prepare(st)) != SC_OK)
		goto out;
	/* sampled before sending: afterwards the status is "active" */
	bool outside_block = PQtransactionStatus(pg) == PQTRANS_IDLE;
	int rf = st->binary ? 1 : 0; /* result format */
	int ok = named ? PQsendQueryPrepared(pg, sc__pgs(st)->name, n, vals, lens, fmts, rf)
		       : PQsendQueryParams(pg, st->sql, n, NULL, vals, lens, fmts, rf);
	if (!ok) {
		rc = send_failed(c, false);
		goto out;
	}
	if (c->tx_depth > 0)
		c->tx_sent++;
	if (st->streaming) {
		/* cannot fail right after a successful send */
		PQsetSingleRowMode(pg);
		sc__pgs(st)->cancellable = outside_block && c->tx_depth == 0 && is_select(st->sql);
		sc__pgs(st)->active = true;
		st->executed = true;
		rc = stream_next(st);
	} else {
		rc = collect(c, &r, false);
	}
	if (rc != SC_OK && rc != SC_ROW && rc != SC_DONE) {
		/* Statement gone (DISCARD ALL, a pooler) or its plan invalidated by a
		 * schema change: prepare again, once, when no transaction is open. */
		const char *ss = c->err.sqlstate;
		if (named && may_retry && c->tx_depth == 0 && !c->broken &&
		    (!strcmp(ss, "26000") || (!strcmp(ss, "0A000") && strstr(c->err.message, "cached plan")))) {
			may_retry = false;
			sc__pgs(st)->prepared = false;
			goto again;
		}
		goto out;
	}
	if (st->streaming)
		goto out; /* rc: the first row, or SC_DONE */
	rc = sc__pg_adopt_result(st, r);
	st->executed = true;
	st->result_ready = true; /* the whole result is here: core fires the hook */
out:
	if (n > 16) {
		free(vals);
		free(lens);
		free(fmts);
	}
	return rc;
}

static sc_status pg_step(sc_stmt *st)
{
	if (st->streaming) /* one row per result: execute, then the next result */
		return st->executed ? stream_next(st) : execute(st);
	if (!sc__pgs(st)->res) {
		sc_status rc = execute(st);
		if (rc != SC_OK)
			return rc;
	}
	sc__pgs(st)->row++;
	return sc__pgs(st)->row < sc__pgs(st)->nrows ? SC_ROW : SC_DONE;
}

static int pg_column_count(const sc_stmt *st)
{
	return sc__pgs(st)->res ? PQnfields(sc__pgs(st)->res) : 0;
}

static const char *pg_column_name(const sc_stmt *st, int col)
{
	return sc__pgs(st)->res ? PQfname(sc__pgs(st)->res, col) : "";
}

static bool pg_column_is_null(const sc_stmt *st, int col)
{
	return PQgetisnull(sc__pgs(st)->res, sc__pgs(st)->row, col) != 0;
}

static bool parse_i64(const char *s, int64_t *out)
{
	if (!*s)
		return false;
	/* fast path: up to 18 digits, optional '-', nothing else (cannot overflow) */
	const char *p = s + (*s == '-');
	uint64_t v = 0;
	int n = 0;
	while (n < 18 && (unsigned)(p[n] - '0') <= 9) {
		v = v * 10 + (uint64_t)(p[n] - '0');
		n++;
	}
	if (n > 0 && p[n] == '\0') {
		*out = *s == '-' ? -(int64_t)v : (int64_t)v;
		return true;
	}
	errno = 0;
	char *end;
	long long lv = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = lv;
	return true;
}

static int hexv(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static sc_status pg_column(sc_stmt *st, int col, sc_vtype want, sc_value *out)
{
	PGresult *r = sc__pgs(st)->res;
	size_t n = (size_t)PQgetlength(r, sc__pgs(st)->row, col);
	/* a non-empty value is never NULL: one libpq call saved per column */
	if (n == 0 && PQgetisnull(r, sc__pgs(st)->row, col)) {
		out->type = SC_V_NULL;
		return SC_OK;
	}
	if (st->binary) /* every column of the result: libpq asks for one format */
		return sc__pg_column_binary(st, col, want, out);
	const char *s = PQgetvalue(r, sc__pgs(st)->row, col);
	Oid t = want == SC_V_TEXT || want == SC_V_UUID || want == SC_V_DOUBLE || want == SC_V_BOOL
			? 0 : PQftype(r, col);
	out->type = want;
	switch (want) {
	case SC_V_BOOL:
		if (!strcmp(s, "t") || !strcmp(s, "true") || !strcmp(s, "1"))
			out->v.b = true;
		else if (!strcmp(s, "f") || !strcmp(s, "false") || !strcmp(s, "0"))
			out->v.b = false;
		else
			return SC_DATA_ERROR;
		return SC_OK;
	case SC_V_INT16:
	case SC_V_INT32:
	case SC_V_INT64:
		out->type = SC_V_INT64;
		if (t == OID_BOOL) {
			out->v.i = s[0] == 't';
			return SC_OK;
		}
		return parse_i64(s, &out->v.i) ? SC_OK : SC_DATA_ERROR;
	case SC_V_DOUBLE: {
		errno = 0;
		char *end;
		out->v.d = strtod(s, &end);
		return (*s && !*end) ? SC_OK : SC_DATA_ERROR;
	}
	case SC_V_TEXT:
		out->v.s.p = s;
		out->v.s.n = n;
		return SC_OK;
	case SC_V_BLOB:
		if (t != OID_BYTEA) {
			out->v.s.p = s;
			out->v.s.n = n;
			return SC_OK;
		}
		if (n < 2 || s[0] != '\\' || s[1] != 'x' || (n - 2) % 2)
			return SC_DATA_ERROR; /* only bytea_output = hex is supported */
		{
			size_t bn = (n - 2) / 2;
			if (sc__pgs(st)->colcap[col] < bn + 1) {
				unsigned char *b = realloc(sc__pgs(st)->colbuf[col], bn + 1);
				if (!b)
					return SC_NO_MEMORY;
				sc__pgs(st)->colbuf[col] = b;
				sc__pgs(st)->colcap[col] = bn + 1;
			}
			unsigned char *b = sc__pgs(st)->colbuf[col];
			for (size_t i = 0; i < bn; i++) {
				int hi = hexv(s[2 + 2 * i]), lo = hexv(s[3 + 2 * i]);
				if (hi < 0 || lo < 0)
					return SC_DATA_ERROR;
				b[i] = (unsigned char)(hi << 4 | lo);
			}
			b[bn] = 0;
			out->v.s.p = b;
			out->v.s.n = bn;
		}
		return SC_OK;
	case SC_V_UUID:
		return sc_uuid_parse(s, n, &out->v.u) == SC_OK ? SC_OK : SC_DATA_ERROR;
	case SC_V_TIMESTAMP:
		if (t == OID_INT8 || t == OID_INT4 || t == OID_INT2)
			return parse_i64(s, &out->v.i) ? SC_OK : SC_DATA_ERROR;
		return sc_timestamp_parse(s, n, &out->v.i);
	case SC_V_DATE: {
		int32_t d;
		if (t == OID_INT8 || t == OID_INT4 || t == OID_INT2) {
			if (!parse_i64(s, &out->v.i) || out->v.i < INT32_MIN || out->v.i > INT32_MAX)
				return SC_DATA_ERROR;
			return SC_OK;
		}
		sc_status rc = sc_date_parse(s, n, &d);
		out->v.i = d;
		return rc;
	}
	case SC_V_TIME:
		return sc_time_parse(s, n, &out->v.i);
	case SC_V_NULL:
		break;
	}
	return SC_INVALID_ARGUMENT;
}

/* ---- transactions -------------------------------------------------------- */

static sc_status pg_begin(sc_conn *c, const sc_tx_options *o)
{
	char sql[160] = "BEGIN";
	static const char *const iso[] = {"", " ISOLATION LEVEL READ COMMITTED",
					  " ISOLATION LEVEL REPEATABLE READ", " ISOLATION LEVEL SERIALIZABLE"};
	if (o) {
		if (o->isolation > SC_ISOLATION_DEFAULT && o->isolation <= SC_ISOLATION_SERIALIZABLE)
			strcat(sql, iso[o->isolation]);
		strcat(sql, o->read_only ? " READ ONLY" : " READ WRITE");
		if (o->deferrable)
			strcat(sql, " DEFERRABLE");
	}
	sc_status rc = pg_exec(c, sql);
	if (rc != SC_OK || !o || !o->tenant)
		return rc;
	PGconn *pg = PG(c);
	const char *vals[1] = {o->tenant};
	if (!PQsendQueryParams(pg, "SELECT set_config('schemac.tenant', $1, true)", 1, NULL, vals, NULL,
			       NULL, 0))
		return send_failed(c, false);
	PGresult *r;
	rc = collect(c, &r, false);
	PQclear(r);
	if (rc != SC_OK) {
		PGresult *rb = PQexec(pg, "ROLLBACK");
		PQclear(rb);
	}
	return rc;
}

static sc_status pg_end(sc_conn *c, bool commit)
{
	if (c->broken) /* the loss was reported by the call that hit it */
		return commit ? sc__conn_errf(c, SC_TX_ABORTED,
					      "the connection was lost during this transaction; nothing was committed")
			      : SC_OK;
	PGconn *pg = PG(c);
	if (!PQsendQuery(pg, commit ? "COMMIT" : "ROLLBACK")) {
		sc_status rc = send_failed(c, commit);
		return commit ? rc : SC_OK;
	}
	PGresult *r;
	sc_status rc = collect(c, &r, commit);
	if (rc != SC_OK)
		return commit ? rc : (c->broken ? SC_OK : rc);
	if (commit && !strcmp(PQcmdStatus(r), "ROLLBACK")) {
		PQclear(r);
		return sc__conn_err(c, SC_TX_ABORTED, "25P02", 0,
				    "transaction was aborted by an earlier error; COMMIT rolled it back", "",
				    "", "");
	}
	PQclear(r);
	return SC_OK;
}

static bool pg_in_tx(sc_conn *c)
{
	if (!c->be)
		return false;
	PGTransactionStatusType ts = PQtransactionStatus(PG(c));
	return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR || ts == PQTRANS_ACTIVE;
}

static const char *pg_server_version(sc_conn *c, char *buf, size_t n)
{
	const char *v = c->be ? PQparameterStatus(PG(c), "server_version") : NULL;
	sc__strlcpy(buf, v ? v : "", n);
	char *sp = strchr(buf, ' ');
	if (sp)
		*sp = '\0';
	return buf;
}

static void *pg_native(sc_conn *c)
{
	return c->be ? PG(c) : NULL;
}

const sc_backend_ops sc__pg_ops = {
	.dialect = SC_DIALECT_POSTGRES,
	.name = "postgres",
	.connect = pg_connect,
	.close = pg_close,
	.abandon = pg_abandon,
	.check_idle = pg_check_idle,
	.cancel = pg_cancel,
	.exec = pg_exec,
	.stmt_prepare = pg_stmt_prepare,
	.stmt_free = pg_stmt_free,
	.bind = pg_bind,
	.clear_bindings = pg_clear_bindings,
	.step = pg_step,
	.reset = pg_reset,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.column_is_null = pg_column_is_null,
	.column = pg_column,
	.raw_row = sc__pg_raw_row,
	.begin = pg_begin,
	.end = pg_end,
	.in_tx = pg_in_tx,
	.reset_session = pg_reset_session,
	.server_version = pg_server_version,
	.native = pg_native,
	.stmt_forget_prepared = pg_stmt_forget_prepared,
	.exec_batch = sc__pg_batch,
	.copy_in = sc__pg_copy_in,
	.copy_in_binary = sc__pg_copy_in_binary,
};
