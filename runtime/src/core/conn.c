/* Connection objects: create, destroy, simple execution. */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sc_backend_ops *ops_for(sc_dialect d)
{
	return d == SC_DIALECT_SQLITE ? &sc__sqlite_ops : &sc__pg_ops;
}

sc_status sc__conn_create(sc_conn **out, sc_shared *sh, sc_pool *pool, int64_t deadline_us)
{
	*out = NULL;
	sc_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return sc__tls_err(SC_NO_MEMORY, "out of memory");
	c->ops = ops_for(sh->s.dialect);
	c->sh = sh;
	c->pool = pool;
	c->fork_gen = sc__fork_gen();
	sc__errbuf_init(&c->err);
	c->created_us = sc__mono_us();
	if (sh->s.max_lifetime_ms > 0) {
		int64_t life = sh->s.max_lifetime_ms * 1000;
		/* up to 10% jitter so connections made together do not expire together */
		c->expires_us = c->created_us + life - (int64_t)sc__rand_below((uint64_t)life / 10 + 1);
	} else {
		c->expires_us = INT64_MAX;
	}
	sc_status rc = c->ops->connect(c, deadline_us);
	if (rc == SC_OK && sh->s.on_connect_sql) {
		rc = c->ops->exec(c, sh->s.on_connect_sql);
		if (rc != SC_OK)
			c->ops->close(c);
	}
	if (rc != SC_OK) {
		SC_COUNT(&sh->m, conns_failed, 1);
		sc__stmt_cache_free(c);
		free(c);
		return rc;
	}
	SC_COUNT(&sh->m, conns_created, 1);
	c->session_used = false; /* what connect set up is the baseline */
	c->idle_since_us = sc__mono_us();
	*out = c;
	return SC_OK;
}

static void conn_free_common(sc_conn *c)
{
	sc__changes_truncate(c, 0);
	if (c->sql_texts_free)
		c->sql_texts_free(c->sql_texts);
	if (c->proj_texts_free)
		c->proj_texts_free(c->proj_texts);
	if (c->query_texts_free)
		c->query_texts_free(c->query_texts);
	free(c->changes);
	free(c->sp_marks);
	free(c->tenant);
	free(c);
}

sc_status sc__conn_reset_session(sc_conn *c)
{
	if (!c->session_used)
		return SC_OK;
	sc_status rc = c->ops->reset_session(c);
	/* the reset undid what on_connect_sql set: set it again */
	if (rc == SC_OK && c->sh->s.on_connect_sql)
		rc = c->ops->exec(c, c->sh->s.on_connect_sql);
	c->session_used = c->native_used = false;
	return rc;
}

void sc__conn_destroy(sc_conn *c)
{
	if (!c)
		return;
	c->closing = true;
	sc__stmt_cache_free(c);
	c->ops->close(c);
	SC_COUNT(&c->sh->m, conns_closed, 1);
	conn_free_common(c);
}

void sc__conn_abandon(sc_conn *c)
{
	if (!c)
		return;
	/* Statements belong to the parent's session too. PostgreSQL ones are
	 * plain memory here (freed, no DEALLOCATE sent); SQLite handles are left
	 * alone, as SQLite requires, and leak in the child. */
	c->closing = true;
	if (c->ops->dialect == SC_DIALECT_POSTGRES)
		sc__stmt_cache_free(c);
	c->ops->abandon(c);
	conn_free_common(c);
}

/* Replace the lost server session of c with a new one, in place (the
 * caller keeps its sc_conn and its statements). One attempt, bounded by
 * the connect timeout. */
static sc_status reconnect(sc_conn *c)
{
	sc_shared *sh = c->sh;
	char why[256];
	sc__strlcpy(why, c->err.message, sizeof(why));
	sc__stmt_cache_reset(c);
	if (c->be) { /* (none left after a failed reconnect) */
		c->ops->close(c);
		SC_COUNT(&sh->m, conns_broken, 1);
		SC_COUNT(&sh->m, conns_closed, 1);
	}
	sc_status rc = c->ops->connect(c, sc__mono_us() + sh->s.connect_timeout_ms * 1000);
	if (rc == SC_OK && sh->s.on_connect_sql && (rc = c->ops->exec(c, sh->s.on_connect_sql)) != SC_OK)
		c->ops->close(c);
	if (rc != SC_OK) {
		SC_COUNT(&sh->m, conns_failed, 1);
		char msg[400];
		sc__strlcpy(msg, c->err.message, sizeof(msg));
		return sc__conn_errf(c, SC_CONNECT_FAILED, "connection was lost earlier; reconnecting failed: %s", msg);
	}
	SC_COUNT(&sh->m, conns_created, 1);
	c->broken = false;
	sc__log(sh, SC_LOG_INFO, "connection lost while in use (%s); reconnected", why);
	return SC_OK;
}

sc_status sc__conn_check(sc_conn *c)
{
	if (c->fork_gen != sc__fork_gen())
		return sc__conn_errf(c, SC_CONNECTION_LOST,
				     "connection belongs to the parent process (opened before fork())");
	if (!c->broken)
		return SC_OK;
	if (c->tx_depth > 0)
		return sc__conn_errf(c, SC_TX_ABORTED,
				     "the connection was lost during this transaction; roll it back");
	if (c->ops->dialect != SC_DIALECT_POSTGRES)
		return sc__conn_errf(c, SC_CONNECTION_LOST, "connection is broken: %s",
				     c->err.message[0] ? c->err.message : "lost");
	return reconnect(c);
}

sc_status sc_conn_open(sc_conn **out, const sc_config *cfg)
{
	*out = NULL;
	sc__fork_init();
	sc_shared *sh = calloc(1, sizeof(*sh));
	if (!sh)
		return sc__tls_err(SC_NO_MEMORY, "out of memory");
	sc_status rc = sc__settings_from_config(&sh->s, cfg);
	if (rc != SC_OK) {
		free(sh);
		return rc;
	}
	int64_t start = sc__mono_us();
	int64_t give_up = start + sh->s.connect_retry_ms * 1000;
	for (int attempt = 1;; attempt++) {
		int64_t now = sc__mono_us();
		rc = sc__conn_create(out, sh, NULL, now + sh->s.connect_timeout_ms * 1000);
		if (rc == SC_OK)
			return SC_OK;
		if (rc == SC_AUTH_FAILED || rc == SC_INVALID_ARGUMENT || rc == SC_NO_MEMORY)
			break;
		int64_t delay = 100000 + sc__backoff_us(attempt, 100, 5000);
		if (sc__mono_us() + delay >= give_up)
			break;
		sc__log(sh, SC_LOG_WARN, "connect to %s failed (attempt %d), retrying: %s",
			sh->s.display_url, attempt, sc_error_last()->message);
		sc__sleep_us(delay);
	}
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", sc_error_last()->message);
	sc__tls_err(rc, "%s", msg); /* already names the redacted URL */
	sc__settings_free(&sh->s);
	free(sh);
	return rc;
}

void sc_conn_close(sc_conn *c)
{
	if (!c)
		return;
	if (c->pool) {
		sc__log(c->sh, SC_LOG_ERROR, "sc_conn_close on a pooled connection; use sc_pool_release");
		return;
	}
	sc_shared *sh = c->sh;
	if (c->fork_gen != sc__fork_gen()) {
		sc__conn_abandon(c);
	} else {
		if (!c->broken && (c->tx_depth > 0 || c->ops->in_tx(c)))
			c->ops->end(c, false);
		sc__conn_destroy(c);
	}
	sc__settings_free(&sh->s);
	free(sh);
}

sc_dialect sc_conn_dialect(const sc_conn *c)
{
	return c->ops->dialect;
}

const sc_error *sc_conn_error(const sc_conn *c)
{
	return &c->err.pub;
}

sc_status sc_conn_exec(sc_conn *c, const char *sql)
{
	if (!c || !sql)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_conn_exec: NULL argument");
	sc_status rc = sc__conn_check_tx(c);
	if (rc != SC_OK)
		return rc;
	int64_t t0 = sc__mono_us();
	rc = c->ops->exec(c, sql);
	sc__query_done(c, sql, t0, 0, rc);
	return rc;
}

sc_status sc_conn_ping(sc_conn *c)
{
	sc_status rc = sc__conn_check_tx(c);
	if (rc != SC_OK)
		return rc;
	rc = c->ops->exec(c, "SELECT 1");
	return rc;
}

bool sc_conn_is_healthy(const sc_conn *c)
{
	return c && !c->broken && c->fork_gen == sc__fork_gen();
}

const char *sc_conn_server_version(sc_conn *c, char *buf, size_t n)
{
	return c->ops->server_version(c, buf, n);
}

bool sc_conn_is_replica(const sc_conn *c)
{
	return c && c->sh->s.replica;
}

int sc_conn_tx_depth(const sc_conn *c)
{
	return c->tx_depth;
}

const char *sc_conn_tenant(const sc_conn *c)
{
	return c->tenant;
}

void *sc_conn_native(sc_conn *c)
{
	if (c)
		c->session_used = c->native_used = true; /* the caller may change anything through it */
	return c->ops->native(c);
}

sc_pool *sc_conn_pool(const sc_conn *c)
{
	return c->pool;
}

sc_status sc__conn_copy_in_binary(sc_conn *c, const char *copy_sql, size_t n, sc_copy_row_fn row, void *ud)
{
	int64_t t0 = sc__mono_us();
	sc_status rc = c->ops->copy_in_binary(c, copy_sql, n, row, ud);
	sc__query_done(c, copy_sql, t0, rc == SC_OK ? (int64_t)n : 0, rc);
	return rc;
}

sc_status sc__conn_copy_in(sc_conn *c, const char *copy_sql, int ncols, size_t n, sc_batch_bind_fn bind,
			   void *ud)
{
	int64_t t0 = sc__mono_us();
	sc_status rc = c->ops->copy_in(c, copy_sql, ncols, n, bind, ud);
	sc__query_done(c, copy_sql, t0, rc == SC_OK ? (int64_t)n : 0, rc);
	return rc;
}
