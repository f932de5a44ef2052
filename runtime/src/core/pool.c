/* The connection pool: FIFO waiters, on-demand connecting with backoff,
 * validation and replacement, lifetime/idle retirement, leak detection,
 * fork safety and graceful close. */
#include "core/core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct sc_waiter {
	pthread_cond_t cv;
	sc_conn *conn; /* handed over by a releaser */
	struct sc_waiter *next;
} sc_waiter;

struct sc_pool {
	sc_shared sh;
	pthread_mutex_t mu;
	pthread_condattr_t cattr;
	sc_conn *idle; /* most recently returned first */
	int n_idle;
	sc_conn *used;
	int n_used;
	int n_total;      /* every connection that exists or is being made */
	int n_connecting;
	int n_busy;       /* connections being validated/destroyed outside the lists */
	sc_waiter *wq_head, *wq_tail;
	int n_waiters;
	bool closed;
	bool free_on_last;
	pthread_t maint;
	bool maint_running, maint_stop;
	pthread_cond_t maint_cv;
	pthread_cond_t close_cv;
	int64_t tick_us;
	char last_err[512];
	int64_t last_fail_us;
	unsigned fork_gen;
	struct sc_pool *reg_prev, *reg_next;

	/* read replicas (on the primary): one pool each, tried round robin; a
	 * replica whose connecting failed is skipped until down_until, one
	 * whose last measured lag (lag_ms, -1: not measured) was over
	 * max_replica_lag_ms while lagging is set; lag is measured again at
	 * lag_next_check */
	sc_pool *replicas[SC_MAX_REPLICAS];
	int n_replicas;
	atomic_uint rr_next;
	atomic_int_fast64_t down_until[SC_MAX_REPLICAS];
	atomic_int_fast64_t lag_ms[SC_MAX_REPLICAS];
	atomic_int_fast64_t lag_next_check[SC_MAX_REPLICAS];
	atomic_bool lagging[SC_MAX_REPLICAS];
	atomic_uint_fast64_t lag_skips[SC_MAX_REPLICAS];
};

/* ---- fork safety -------------------------------------------------------- */

static pthread_mutex_t g_reg_mu = PTHREAD_MUTEX_INITIALIZER;
static sc_pool *g_pools;
static pthread_once_t g_pool_fork_once = PTHREAD_ONCE_INIT;

static void atfork_prepare(void)
{
	pthread_mutex_lock(&g_reg_mu);
	for (sc_pool *p = g_pools; p; p = p->reg_next)
		pthread_mutex_lock(&p->mu);
}

static void atfork_parent(void)
{
	for (sc_pool *p = g_pools; p; p = p->reg_next)
		pthread_mutex_unlock(&p->mu);
	pthread_mutex_unlock(&g_reg_mu);
}

/* The fork generation itself is counted by base/fork.c. */
static void atfork_child(void)
{
	for (sc_pool *p = g_pools; p; p = p->reg_next) {
		/* only this thread survives: no waiters, no maintenance thread */
		p->wq_head = p->wq_tail = NULL;
		p->n_waiters = 0;
		p->maint_running = false;
		pthread_cond_init(&p->maint_cv, &p->cattr);
		pthread_cond_init(&p->close_cv, &p->cattr);
		pthread_mutex_unlock(&p->mu);
	}
	pthread_mutex_unlock(&g_reg_mu);
}

static void fork_register(void)
{
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static void pool_fork_init(void)
{
	sc__fork_init();
	pthread_once(&g_pool_fork_once, fork_register);
}

/* In a child after fork(): forget every inherited connection without
 * touching its session. Connections borrowed at fork time are abandoned
 * when released. Pool mutex held. */
static void fork_detach_locked(sc_pool *p)
{
	if (p->fork_gen == sc__fork_gen())
		return;
	p->fork_gen = sc__fork_gen();
	sc_conn *c = p->idle;
	while (c) {
		sc_conn *next = c->next;
		sc__conn_abandon(c);
		c = next;
	}
	p->idle = p->used = NULL;
	p->n_idle = p->n_used = p->n_total = p->n_connecting = 0;
	p->maint_running = false;
}

/* ---- lists and hand-off ------------------------------------------------- */

static void list_push(sc_conn **head, sc_conn *c)
{
	c->prev = NULL;
	c->next = *head;
	if (*head)
		(*head)->prev = c;
	*head = c;
}

static void list_remove(sc_conn **head, sc_conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else if (*head == c)
		*head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

/* Give c to the first waiter, or make it idle. Mutex held. */
static void handoff_locked(sc_pool *p, sc_conn *c)
{
	sc_waiter *w = p->wq_head;
	if (w) {
		p->wq_head = w->next;
		if (!p->wq_head)
			p->wq_tail = NULL;
		p->n_waiters--;
		w->next = NULL;
		w->conn = c;
		pthread_cond_signal(&w->cv);
		return;
	}
	c->idle_since_us = sc__mono_us();
	list_push(&p->idle, c);
	p->n_idle++;
}

/* A connection went away: let the first waiter make a new one. */
static void slot_freed_locked(sc_pool *p)
{
	if (p->wq_head)
		pthread_cond_signal(&p->wq_head->cv);
	if (p->closed)
		pthread_cond_broadcast(&p->close_cv);
}

static void waiter_remove_locked(sc_pool *p, sc_waiter *w)
{
	sc_waiter **pp = &p->wq_head, *prev = NULL;
	while (*pp && *pp != w) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (!*pp)
		return;
	*pp = w->next;
	if (p->wq_tail == w)
		p->wq_tail = prev;
	p->n_waiters--;
}

static void abs_deadline(struct timespec *ts, int64_t mono_us)
{
	ts->tv_sec = (time_t)(mono_us / 1000000);
	ts->tv_nsec = (long)(mono_us % 1000000) * 1000;
}

static int timed_wait(pthread_cond_t *cv, pthread_mutex_t *mu, int64_t deadline_us)
{
	struct timespec ts;
	abs_deadline(&ts, deadline_us);
	return pthread_cond_timedwait(cv, mu, &ts);
}

static void record_failure_locked(sc_pool *p, const char *msg)
{
	sc__strlcpy(p->last_err, msg, sizeof(p->last_err));
	p->last_fail_us = sc__mono_us();
}

/* ---- maintenance thread -------------------------------------------------- */

#define MAX_LEAK_MSGS 8

static void maint_tick(sc_pool *p)
{
	const sc_settings *s = &p->sh.s;
	int64_t now = sc__mono_us();
	sc_conn *retire = NULL, *check = NULL;
	char leaks[MAX_LEAK_MSGS][256];
	int nleaks = 0;

	/* retire idle connections past their lifetime or idle too long */
	for (sc_conn *c = p->idle, *next; c; c = next) {
		next = c->next;
		bool expired = now >= c->expires_us;
		bool idle_long = s->idle_timeout_ms > 0 && now - c->idle_since_us > s->idle_timeout_ms * 1000 &&
				 p->n_total > s->min_conns;
		if (expired || idle_long) {
			list_remove(&p->idle, c);
			p->n_idle--;
			p->n_total--;
			list_push(&retire, c);
		} else if (s->health_check_interval_ms > 0) {
			int64_t last = c->idle_since_us > c->last_ping_us ? c->idle_since_us : c->last_ping_us;
			if (now - last > s->health_check_interval_ms * 1000) {
				list_remove(&p->idle, c);
				p->n_idle--;
				list_push(&check, c);
			}
		}
	}
	/* leak detection */
	if (s->leak_threshold_ms > 0) {
		for (sc_conn *c = p->used; c; c = c->next) {
			if (c->leak_reported || now - c->acquired_us <= s->leak_threshold_ms * 1000)
				continue;
			c->leak_reported = true;
			SC_COUNT(&p->sh.m, leaks, 1);
			if (nleaks < MAX_LEAK_MSGS)
				snprintf(leaks[nleaks++], sizeof(leaks[0]),
					 "possible connection leak: held for %.1f s, acquired at %s:%d (%s)",
					 (double)(now - c->acquired_us) / 1e6, c->site.file ? c->site.file : "?",
					 c->site.line, c->site.func ? c->site.func : "?");
		}
	}
	/* top up to min_conns (not while connecting is failing) */
	bool make = p->n_total < s->min_conns && !p->closed &&
		    (p->last_fail_us == 0 || now - p->last_fail_us > 1000000);
	if (make) {
		p->n_total++;
		p->n_connecting++;
	}
	pthread_mutex_unlock(&p->mu);

	for (int i = 0; i < nleaks; i++)
		sc__log(&p->sh, SC_LOG_WARN, "%s", leaks[i]);
	int nretired = 0;
	while (retire) {
		sc_conn *c = retire;
		retire = c->next;
		sc__conn_destroy(c);
		nretired++;
	}
	sc_conn *back = NULL;
	int nbroken = 0;
	while (check) {
		sc_conn *c = check;
		check = c->next;
		c->last_ping_us = sc__mono_us();
		if (c->ops->check_idle(c) && sc_conn_ping(c) == SC_OK) {
			list_push(&back, c);
		} else {
			SC_COUNT(&p->sh.m, conns_broken, 1);
			sc__log(&p->sh, SC_LOG_INFO, "idle connection failed its health check; replaced");
			sc__conn_destroy(c);
			nbroken++;
		}
	}
	sc_conn *made = NULL;
	char err[512] = "";
	if (make) {
		if (sc__conn_create(&made, &p->sh, p, sc__mono_us() + s->connect_timeout_ms * 1000) != SC_OK)
			sc__strlcpy(err, sc_error_last()->message, sizeof(err));
	}

	pthread_mutex_lock(&p->mu);
	while (back) {
		sc_conn *c = back;
		back = c->next;
		if (p->closed) {
			p->n_total--;
			pthread_mutex_unlock(&p->mu);
			sc__conn_destroy(c);
			pthread_mutex_lock(&p->mu);
		} else {
			/* keep its idle age: hand back without resetting idle_since */
			int64_t since = c->idle_since_us;
			handoff_locked(p, c);
			c->idle_since_us = since;
		}
	}
	for (int i = 0; i < nbroken + nretired; i++) {
		if (i < nbroken)
			p->n_total--;
		slot_freed_locked(p);
	}
	if (make) {
		p->n_connecting--;
		if (made && !p->closed) {
			handoff_locked(p, made);
		} else {
			p->n_total--;
			if (!made)
				record_failure_locked(p, err);
			if (made) {
				pthread_mutex_unlock(&p->mu);
				sc__conn_destroy(made);
				pthread_mutex_lock(&p->mu);
			}
			slot_freed_locked(p);
		}
	}
}

static void *maint_main(void *arg)
{
	sc_pool *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->maint_stop && p->fork_gen == sc__fork_gen()) {
		maint_tick(p);
		if (p->maint_stop)
			break;
		timed_wait(&p->maint_cv, &p->mu, sc__mono_us() + p->tick_us);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void start_maint_locked(sc_pool *p)
{
	if (p->maint_running || p->closed)
		return;
	p->maint_stop = false;
	if (pthread_create(&p->maint, NULL, maint_main, p) == 0)
		p->maint_running = true;
	else
		sc__log(&p->sh, SC_LOG_ERROR, "could not start the pool maintenance thread");
}

/* ---- open / close -------------------------------------------------------- */

static int64_t clamp_tick(const sc_settings *s)
{
	int64_t t = 1000;
	int64_t cand[] = {s->idle_timeout_ms, s->max_lifetime_ms, s->health_check_interval_ms,
			  s->leak_threshold_ms};
	for (size_t i = 0; i < SC_ARRAY_LEN(cand); i++)
		if (cand[i] > 0 && cand[i] / 4 < t)
			t = cand[i] / 4;
	if (t < 10)
		t = 10;
	return t * 1000;
}

static void pool_free(sc_pool *p)
{
	pthread_mutex_lock(&g_reg_mu);
	if (p->reg_prev)
		p->reg_prev->reg_next = p->reg_next;
	else if (g_pools == p)
		g_pools = p->reg_next;
	if (p->reg_next)
		p->reg_next->reg_prev = p->reg_prev;
	pthread_mutex_unlock(&g_reg_mu);
	pthread_cond_destroy(&p->maint_cv);
	pthread_cond_destroy(&p->close_cv);
	pthread_condattr_destroy(&p->cattr);
	pthread_mutex_destroy(&p->mu);
	sc__settings_free(&p->sh.s);
	free(p);
}

/* A pool object with its settings, not connected, not registered. */
static sc_status pool_create(sc_pool **out, const sc_config *cfg)
{
	*out = NULL;
	sc_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return sc__tls_err(SC_NO_MEMORY, "out of memory");
	sc_status rc = sc__settings_from_config(&p->sh.s, cfg);
	if (rc != SC_OK) {
		free(p);
		return rc;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_condattr_init(&p->cattr);
	pthread_condattr_setclock(&p->cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->maint_cv, &p->cattr);
	pthread_cond_init(&p->close_cv, &p->cattr);
	p->tick_us = clamp_tick(&p->sh.s);
	p->fork_gen = sc__fork_gen();
	*out = p;
	return SC_OK;
}

static void pool_destroy_unregistered(sc_pool *p)
{
	pthread_cond_destroy(&p->maint_cv);
	pthread_cond_destroy(&p->close_cv);
	pthread_condattr_destroy(&p->cattr);
	pthread_mutex_destroy(&p->mu);
	sc__settings_free(&p->sh.s);
	free(p);
}

static void pool_register(sc_pool *p)
{
	pthread_mutex_lock(&g_reg_mu);
	p->reg_next = g_pools;
	if (g_pools)
		g_pools->reg_prev = p;
	g_pools = p;
	pthread_mutex_unlock(&g_reg_mu);
}

/* The replica pools of p: same settings, the replica's URL, read-only
 * sessions, no connection required now (a replica that is down must not
 * keep the service from starting). */
static sc_status open_replicas(sc_pool *p, const sc_config *cfg)
{
	for (int i = 0; i < cfg->n_replicas; i++) {
		sc_config rc = *cfg;
		/* "<name>-replica<i>", as long as the pool's name: a cut name
		 * would give two replicas one name in the metrics. */
		size_t n = strlen(p->sh.s.name) + sizeof("-replica") + 12;
		char *name = malloc(n);
		if (!name)
			return sc__tls_err(SC_NO_MEMORY, "out of memory");
		snprintf(name, n, "%s-replica%d", p->sh.s.name, i + 1);
		rc.url = cfg->replica_urls[i];
		rc.name = name;
		rc.n_replicas = 0;
		sc_pool *r;
		sc_status st = pool_create(&r, &rc); /* copies the name */
		free(name);
		if (st != SC_OK)
			return sc__tls_err(st, "replica %d: %s", i + 1, sc_error_last()->message);
		r->sh.s.replica = true;
		atomic_store(&p->lag_ms[p->n_replicas], -1);
		pool_register(r);
		pthread_mutex_lock(&r->mu);
		start_maint_locked(r);
		pthread_mutex_unlock(&r->mu);
		p->replicas[p->n_replicas++] = r;
	}
	return SC_OK;
}

sc_status sc_pool_open(sc_pool **out, const sc_config *cfg)
{
	*out = NULL;
	pool_fork_init();
	sc_pool *p;
	sc_status rc = pool_create(&p, cfg);
	if (rc != SC_OK)
		return rc;

	/* First connection: proves the settings work, waiting for the database
	 * within connect_retry_ms. */
	const sc_settings *s = &p->sh.s;
	int64_t start = sc__mono_us();
	sc_conn *first = NULL;
	int attempt;
	for (attempt = 1;; attempt++) {
		rc = sc__conn_create(&first, &p->sh, p, sc__mono_us() + s->connect_timeout_ms * 1000);
		if (rc == SC_OK)
			break;
		if (rc == SC_AUTH_FAILED || rc == SC_INVALID_ARGUMENT || rc == SC_NO_MEMORY)
			break;
		int64_t delay = 50000 + sc__backoff_us(attempt, 100, 5000);
		if (sc__mono_us() + delay - start >= s->connect_retry_ms * 1000)
			break;
		sc__log(&p->sh, SC_LOG_WARN, "database not reachable yet (attempt %d), retrying in %lld ms: %s",
			attempt, (long long)(delay / 1000), sc_error_last()->message);
		sc__sleep_us(delay);
	}
	if (rc != SC_OK) {
		char msg[512];
		sc__strlcpy(msg, sc_error_last()->message, sizeof(msg));
		sc__tls_err(rc, "pool '%s': giving up after %d attempt(s) over %.1f s: %s", s->name, attempt,
			    (double)(sc__mono_us() - start) / 1e6, msg);
		pool_destroy_unregistered(p);
		return rc;
	}
	pool_register(p);
	pthread_mutex_lock(&p->mu);
	p->n_total = 1;
	handoff_locked(p, first);
	start_maint_locked(p);
	pthread_mutex_unlock(&p->mu);
	if ((rc = open_replicas(p, cfg)) != SC_OK) {
		char msg[512];
		sc__strlcpy(msg, sc_error_last()->message, sizeof(msg));
		sc_pool_close(p);
		return sc__tls_err(rc, "%s", msg);
	}
	*out = p;
	return SC_OK;
}

sc_status sc_pool_close(sc_pool *p)
{
	if (!p)
		return SC_OK;
	sc_status worst = SC_OK;
	for (int i = 0; i < p->n_replicas; i++)
		if (sc_pool_close(p->replicas[i]) != SC_OK)
			worst = SC_POOL_TIMEOUT;
	p->n_replicas = 0;
	pthread_mutex_lock(&p->mu);
	fork_detach_locked(p);
	p->closed = true;
	for (sc_waiter *w = p->wq_head; w; w = w->next)
		pthread_cond_signal(&w->cv);
	p->maint_stop = true;
	pthread_cond_broadcast(&p->maint_cv);
	bool join = p->maint_running;
	pthread_t t = p->maint;
	pthread_mutex_unlock(&p->mu);
	if (join)
		pthread_join(t, NULL);

	pthread_mutex_lock(&p->mu);
	p->maint_running = false;
	sc_conn *idle = p->idle;
	p->idle = NULL;
	p->n_total -= p->n_idle;
	p->n_idle = 0;
	pthread_mutex_unlock(&p->mu);
	while (idle) {
		sc_conn *c = idle;
		idle = c->next;
		sc__conn_destroy(c);
	}

	pthread_mutex_lock(&p->mu);
	int64_t deadline = sc__mono_us() + p->sh.s.close_timeout_ms * 1000;
	while (p->n_waiters > 0 || p->n_connecting > 0 || p->n_busy > 0 ||
	       (p->n_used > 0 && sc__mono_us() < deadline))
		timed_wait(&p->close_cv, &p->mu, p->n_used > 0 ? deadline : sc__mono_us() + 100000);
	if (p->n_used > 0) {
		for (sc_conn *c = p->used; c; c = c->next) {
			sc__log(&p->sh, SC_LOG_WARN,
				"pool closed while a connection is still in use (acquired at %s:%d); canceling its statement",
				c->site.file ? c->site.file : "?", c->site.line);
			c->ops->cancel(c);
		}
		p->free_on_last = true;
		pthread_mutex_unlock(&p->mu);
		return sc__tls_err(SC_POOL_TIMEOUT, "pool closed with connections still in use");
	}
	pthread_mutex_unlock(&p->mu);
	pool_free(p);
	return worst == SC_OK ? SC_OK : sc__tls_err(worst, "pool closed with replica connections still in use");
}

/* ---- acquire / release --------------------------------------------------- */

static bool validate(sc_pool *p, sc_conn *c)
{
	if (c->broken || !c->ops->check_idle(c))
		return false;
	int64_t v = p->sh.s.validate_idle_ms;
	if (v > 0 && sc__mono_us() - c->idle_since_us > v * 1000) {
		c->last_ping_us = sc__mono_us();
		return sc_conn_ping(c) == SC_OK;
	}
	return true;
}

/* Wait in line for a connection, making one when the pool has room.
 * Mutex held on entry and exit. */
static sc_status wait_for_conn_locked(sc_pool *p, int64_t deadline, bool fail_fast, sc_conn **out)
{
	const sc_settings *s = &p->sh.s;
	sc_waiter w;
	memset(&w, 0, sizeof(w));
	pthread_cond_init(&w.cv, &p->cattr);
	if (p->wq_tail)
		p->wq_tail->next = &w;
	else
		p->wq_head = &w;
	p->wq_tail = &w;
	p->n_waiters++;

	sc_status rc = SC_OK;
	int attempt = 0;
	int64_t fail_since = 0;
	while (!w.conn) {
		if (p->closed) {
			rc = SC_CLOSED;
			break;
		}
		int64_t now = sc__mono_us();
		if (p->n_total < s->max_conns && p->n_connecting < p->n_waiters) {
			p->n_total++;
			p->n_connecting++;
			pthread_mutex_unlock(&p->mu);
			int64_t cd = now + s->connect_timeout_ms * 1000;
			if (cd > deadline)
				cd = deadline;
			sc_conn *nc = NULL;
			sc_status crc = sc__conn_create(&nc, &p->sh, p, cd);
			char err[512] = "";
			if (crc != SC_OK)
				sc__strlcpy(err, sc_error_last()->message, sizeof(err));
			pthread_mutex_lock(&p->mu);
			p->n_connecting--;
			if (crc == SC_OK) {
				if (p->closed) {
					p->n_total--;
					p->n_busy++;
					pthread_mutex_unlock(&p->mu);
					sc__conn_destroy(nc);
					pthread_mutex_lock(&p->mu);
					p->n_busy--;
					slot_freed_locked(p);
				} else {
					handoff_locked(p, nc);
				}
				continue;
			}
			p->n_total--;
			record_failure_locked(p, err);
			if (!fail_since)
				fail_since = now;
			slot_freed_locked(p);
			if (fail_fast) {
				rc = crc;
				break;
			}
			/* back off before trying again; a released connection wakes us */
			now = sc__mono_us();
			int64_t until = now + 50000 + sc__backoff_us(++attempt, 100, 2000);
			if (until > deadline)
				until = deadline;
			while (!w.conn && !p->closed && sc__mono_us() < until)
				timed_wait(&w.cv, &p->mu, until);
			if (!w.conn && sc__mono_us() >= deadline) {
				rc = SC_POOL_TIMEOUT;
				break;
			}
			continue;
		}
		if (now >= deadline) {
			rc = SC_POOL_TIMEOUT;
			break;
		}
		int e = timed_wait(&w.cv, &p->mu, deadline);
		if (e == ETIMEDOUT && !w.conn) {
			rc = SC_POOL_TIMEOUT;
			break;
		}
	}
	if (w.conn) {
		rc = SC_OK; /* handed over just as we gave up: take it */
		if (p->closed) {
			p->n_total--;
			p->n_busy++;
			sc_conn *c = w.conn;
			pthread_mutex_unlock(&p->mu);
			sc__conn_destroy(c);
			pthread_mutex_lock(&p->mu);
			p->n_busy--;
			w.conn = NULL;
			rc = SC_CLOSED;
		}
	} else {
		waiter_remove_locked(p, &w);
	}
	pthread_cond_destroy(&w.cv);
	if (p->closed)
		pthread_cond_broadcast(&p->close_cv);
	if (rc == SC_POOL_TIMEOUT && fail_since)
		rc = SC_POOL_TIMEOUT; /* message below names the connect failure */
	*out = w.conn;
	return rc;
}

static sc_status acquire(sc_pool *p, sc_conn **out, int64_t timeout_ms, sc_site site, bool fail_fast)
{
	*out = NULL;
	if (!p)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_pool_acquire: NULL pool");
	int64_t t0 = sc__mono_us();
	int64_t deadline = t0 + (timeout_ms > 0 ? timeout_ms : 0) * 1000;
	sc_conn *c = NULL;
	sc_status rc = SC_OK;
	pthread_mutex_lock(&p->mu);
	fork_detach_locked(p);
	if (p->closed) {
		char name[128];
		sc__strlcpy(name, p->sh.s.name, sizeof(name));
		pthread_mutex_unlock(&p->mu);
		return sc__tls_err(SC_CLOSED, "pool '%s' is closed", name);
	}
	if (!p->maint_running)
		start_maint_locked(p);
	for (;;) {
		if (!p->wq_head && p->idle) {
			c = p->idle;
			list_remove(&p->idle, c);
			p->n_idle--;
		} else {
			rc = wait_for_conn_locked(p, deadline, fail_fast, &c);
			if (rc != SC_OK)
				break;
		}
		p->n_busy++;
		pthread_mutex_unlock(&p->mu);
		bool ok = validate(p, c);
		pthread_mutex_lock(&p->mu);
		if (ok) {
			p->n_busy--;
			/* leak bookkeeping is read by the maintenance thread: set it
			 * under the mutex, before the connection is listed as used */
			c->acquired_us = sc__mono_us();
			c->site = site;
			c->leak_reported = false;
			list_push(&p->used, c);
			p->n_used++;
			break;
		}
		/* broken while idle (server restart, terminated backend): replace */
		p->n_total--;
		SC_COUNT(&p->sh.m, conns_broken, 1);
		slot_freed_locked(p);
		pthread_mutex_unlock(&p->mu);
		sc__conn_destroy(c);
		c = NULL;
		pthread_mutex_lock(&p->mu);
		p->n_busy--;
		if (p->closed) {
			pthread_cond_broadcast(&p->close_cv);
			rc = SC_CLOSED;
			break;
		}
	}
	/* Once the mutex is released a closing pool may be freed by
	 * sc_pool_close: take everything needed for the result now. */
	int used = p->n_used, waiting = p->n_waiters, max = p->sh.s.max_conns;
	int64_t last_fail = p->last_fail_us;
	char last_err[512], name[128];
	sc__strlcpy(last_err, p->last_err, sizeof(last_err));
	sc__strlcpy(name, p->sh.s.name, sizeof(name));
	int64_t now = sc__mono_us();
	SC_COUNT(&p->sh.m, acquire_wait_us, now - t0);
	if (rc == SC_POOL_TIMEOUT)
		SC_COUNT(&p->sh.m, acquire_timeouts, 1);
	pthread_mutex_unlock(&p->mu);

	if (rc != SC_OK) {
		if (rc == SC_POOL_TIMEOUT) {
			if (last_fail >= t0)
				return sc__tls_err(rc, "pool '%s': no connection within %lld ms; connecting fails: %s",
						   name, (long long)timeout_ms, last_err);
			return sc__tls_err(rc, "pool '%s': no connection within %lld ms (%d/%d in use, %d waiting)",
					   name, (long long)timeout_ms, used, max, waiting);
		}
		if (rc == SC_CLOSED)
			return sc__tls_err(rc, "pool '%s' is closed", name);
		return sc__tls_err(rc, "pool '%s': %s", name, last_err);
	}
	SC_COUNT(&p->sh.m, acquires, 1);
	sc__errbuf_init(&c->err);
	c->read_borrow = c->ran_sql = false;
	*out = c;
	return SC_OK;
}

sc_status sc_pool_acquire_timeout_at(sc_pool *p, int64_t timeout_ms, sc_conn **out, sc_site site)
{
	return acquire(p, out, timeout_ms, site, false);
}

/* ---- read routing: replicas, lag, read-your-writes ----------------------- */

/* When this thread last gave back a primary connection it may have written
 * through (monotonic us; 0: never). One value for every pool: a thread that
 * wrote through any pool reads from the primary of each pool with a
 * read-your-writes window. Conservative, never stale, no table to cap. */
static _Thread_local int64_t tls_last_write_us;

void sc__pool_note_write(sc_conn *c)
{
	if (c->pool && !c->sh->s.replica && !c->read_borrow && c->ran_sql)
		tls_last_write_us = sc__mono_us();
}

/* Replay lag measured on the replica itself: 0 while everything it has
 * received is replayed (or it is not in recovery), otherwise the age of the
 * last transaction it replayed, so a paused or slow replay shows as growing
 * lag even when the primary is idle. */
static const char lag_sql[] =
	"SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
	"THEN 0 ELSE COALESCE((extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) "
	"* 1000)::bigint, 0) END";

/* Lag of the replica c belongs to in ms, or -1 when the query failed. */
static int64_t measure_lag(sc_conn *c)
{
	sc_stmt *st;
	int64_t v = -1;
	if (sc_stmt_prepare(&st, c, lag_sql) != SC_OK)
		return -1;
	if (sc_stmt_step(st) != SC_ROW || sc_stmt_column_int64(st, 0, &v) != SC_OK)
		v = -1;
	sc_stmt_finalize(st);
	return v;
}

/* True when this caller is the one to measure replica i's lag now (at most
 * one measurement per replica_lag_check_ms, whoever comes first). */
static bool lag_check_due(sc_pool *p, int i, int64_t now)
{
	int64_t next = atomic_load(&p->lag_next_check[i]);
	if (now < next)
		return false;
	int64_t every = p->sh.s.replica_lag_check_ms > 0 ? p->sh.s.replica_lag_check_ms : 0;
	return atomic_compare_exchange_strong(&p->lag_next_check[i], &next, now + every * 1000);
}

/* Measure replica i's lag on c (a connection of it) and record the
 * verdict. Returns true when the replica may serve reads. */
static bool lag_ok(sc_pool *p, int i, sc_conn *c)
{
	const sc_settings *s = &p->sh.s;
	int64_t lag = measure_lag(c);
	if (lag < 0)
		return false; /* the connection failed; the caller releases it */
	atomic_store(&p->lag_ms[i], lag);
	bool lagging = lag > s->max_replica_lag_ms;
	bool was = atomic_exchange(&p->lagging[i], lagging);
	if (lagging != was)
		sc__log(&p->sh, SC_LOG_WARN, lagging ? "replica %s lags %lld ms (bound %lld ms): skipped by reads"
						      : "replica %s caught up (lag %lld ms, bound %lld ms): reads return",
			p->replicas[i]->sh.s.display_url, (long long)lag, (long long)s->max_replica_lag_ms);
	return !lagging;
}

/* Borrow a connection from replica i for reading (SC_OK), or say why not:
 * SC_NOT_FOUND when it is skipped (down or lagging) or busy. */
static sc_status try_replica(sc_pool *p, int i, int64_t deadline, sc_conn **out, sc_site site)
{
	const sc_settings *s = &p->sh.s;
	int64_t now = sc__mono_us();
	if (now < atomic_load(&p->down_until[i]))
		return SC_NOT_FOUND;
	bool check = s->max_replica_lag_ms > 0 && lag_check_due(p, i, now);
	if (s->max_replica_lag_ms > 0 && !check && atomic_load(&p->lagging[i])) {
		SC_COUNT(&p->sh.m, lag_skips, 1);
		atomic_fetch_add(&p->lag_skips[i], 1);
		return SC_NOT_FOUND;
	}
	int64_t timeout = (deadline - now) / 1000;
	if (timeout > s->connect_timeout_ms)
		timeout = s->connect_timeout_ms;
	if (timeout <= 0)
		return SC_POOL_TIMEOUT;
	sc_pool *r = p->replicas[i];
	sc_status rc = acquire(r, out, timeout, site, true);
	if (rc == SC_OK) {
		if (!check || lag_ok(p, i, *out))
			return SC_OK;
		sc_pool_release(*out);
		*out = NULL;
		if (atomic_load(&p->lagging[i])) {
			SC_COUNT(&p->sh.m, lag_skips, 1);
			atomic_fetch_add(&p->lag_skips[i], 1);
			return SC_NOT_FOUND;
		}
		/* the lag query failed on the connection: measure again next time */
		atomic_store(&p->lag_next_check[i], 0);
		return SC_NOT_FOUND;
	}
	if (rc == SC_POOL_TIMEOUT && sc__pool_last_failure(r, NULL, 0) < now)
		return SC_NOT_FOUND; /* busy, not down: try the next one */
	/* connecting fails: skip it for a while, reads go elsewhere */
	int64_t skip_ms = s->health_check_interval_ms > 1000 ? s->health_check_interval_ms : 1000;
	atomic_store(&p->down_until[i], sc__mono_us() + skip_ms * 1000);
	sc__log(&p->sh, SC_LOG_WARN, "replica %s is down, skipped for %lld ms: %s", r->sh.s.display_url,
		(long long)skip_ms, sc_error_last()->message);
	return SC_NOT_FOUND;
}

sc_status sc_pool_acquire_read_at(sc_pool *p, sc_conn **out, sc_site site)
{
	if (!p || p->n_replicas == 0)
		return sc_pool_acquire_at(p, out, site);
	const sc_settings *s = &p->sh.s;
	/* the whole call, fallback included, stays within the acquire timeout */
	int64_t deadline = sc__mono_us() + s->acquire_timeout_ms * 1000;
	bool ryw = s->read_your_writes_ms > 0 && tls_last_write_us > 0 &&
		   sc__mono_us() - tls_last_write_us < s->read_your_writes_ms * 1000;
	if (ryw) {
		SC_COUNT(&p->sh.m, ryw_reads, 1);
	} else {
		unsigned start = atomic_fetch_add(&p->rr_next, 1);
		for (int k = 0; k < p->n_replicas; k++) {
			int i = (int)((start + (unsigned)k) % (unsigned)p->n_replicas);
			sc_status rc = try_replica(p, i, deadline, out, site);
			if (rc == SC_OK)
				return SC_OK;
			if (rc == SC_POOL_TIMEOUT)
				break;
		}
		SC_COUNT(&p->sh.m, read_fallbacks, 1);
	}
	int64_t left = (deadline - sc__mono_us()) / 1000;
	sc_status rc = sc_pool_acquire_timeout_at(p, left > 0 ? left : 0, out, site);
	if (rc == SC_OK)
		(*out)->read_borrow = true;
	return rc;
}

int sc_pool_replica_count(const sc_pool *p)
{
	return p ? p->n_replicas : 0;
}

int sc_pool_replicas_lagging(sc_pool *p)
{
	int n = 0;
	for (int i = 0; p && p->sh.s.max_replica_lag_ms > 0 && i < p->n_replicas; i++)
		if (atomic_load(&p->lagging[i]))
			n++;
	return n;
}

sc_pool *sc_pool_replica(sc_pool *p, int i)
{
	return p && i >= 0 && i < p->n_replicas ? p->replicas[i] : NULL;
}

sc_status sc_pool_replica_state(sc_pool *p, int i, sc_replica_state *out)
{
	memset(out, 0, sizeof(*out));
	if (!p || i < 0 || i >= p->n_replicas)
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_pool_replica_state: no replica %d", i);
	sc_pool *r = p->replicas[i];
	out->name = r->sh.s.name;
	out->down = sc__mono_us() < atomic_load(&p->down_until[i]);
	out->lagging = p->sh.s.max_replica_lag_ms > 0 && atomic_load(&p->lagging[i]);
	out->lag_ms = atomic_load(&p->lag_ms[i]);
	out->reads = SC_READ(&r->sh.m, acquires);
	out->lag_skips = (uint64_t)atomic_load(&p->lag_skips[i]);
	return SC_OK;
}

int sc_pool_replicas_down(sc_pool *p)
{
	int down = 0;
	int64_t now = sc__mono_us();
	for (int i = 0; p && i < p->n_replicas; i++)
		if (now < atomic_load(&p->down_until[i]))
			down++;
	return down;
}

sc_pool *sc__pool_replica(sc_pool *p, int i)
{
	return i >= 0 && i < p->n_replicas ? p->replicas[i] : NULL;
}

sc_status sc_pool_acquire_at(sc_pool *p, sc_conn **out, sc_site site)
{
	if (!p) {
		*out = NULL;
		return sc__tls_err(SC_INVALID_ARGUMENT, "sc_pool_acquire: NULL pool");
	}
	return sc_pool_acquire_timeout_at(p, p->sh.s.acquire_timeout_ms, out, site);
}

void sc_pool_release(sc_conn *c)
{
	if (!c)
		return;
	sc_pool *p = c->pool;
	if (!p) {
		sc__log(c->sh, SC_LOG_ERROR, "sc_pool_release on a standalone connection; use sc_conn_close");
		return;
	}
	if (c->fork_gen != sc__fork_gen()) {
		/* borrowed before fork(): the parent's session, never touch it */
		pthread_mutex_lock(&p->mu);
		fork_detach_locked(p);
		pthread_mutex_unlock(&p->mu);
		sc__conn_abandon(c);
		return;
	}
	const sc_settings *s = &p->sh.s;
	if (c->stmts_out > 0)
		sc__log(&p->sh, SC_LOG_WARN, "connection released with %d statement(s) not finalized (acquired at %s:%d)",
			c->stmts_out, c->site.file ? c->site.file : "?", c->site.line);
	if (!c->broken && (c->tx_depth > 0 || c->ops->in_tx(c))) {
		sc__log(&p->sh, SC_LOG_WARN, "connection released with an open transaction (acquired at %s:%d); rolling back",
			c->site.file ? c->site.file : "?", c->site.line);
		if (c->ops->end(c, false) != SC_OK || c->ops->in_tx(c))
			c->broken = true;
		SC_COUNT(&p->sh.m, tx_rollbacks, 1);
	}
	sc__tx_forget(c);
	sc__pool_note_write(c);
	if (!c->broken && s->reset_session && sc__conn_reset_session(c) != SC_OK) {
		sc__log(&p->sh, SC_LOG_WARN, "could not reset the session on release: %s; closing the connection",
			c->err.message);
		c->broken = true;
	}
	int64_t now = sc__mono_us();
	bool retire = c->broken || now >= c->expires_us || c->stmts_out > 0;
	if (s->leak_threshold_ms > 0) {
		/* the connection still counts as in use, so the pool is alive */
		pthread_mutex_lock(&p->mu);
		bool was_leak = c->leak_reported;
		pthread_mutex_unlock(&p->mu);
		if (was_leak)
			sc__log(&p->sh, SC_LOG_WARN,
				"connection reported as leaked returned after %.1f s (acquired at %s:%d)",
				(double)(now - c->acquired_us) / 1e6, c->site.file ? c->site.file : "?", c->site.line);
	}

	pthread_mutex_lock(&p->mu);
	list_remove(&p->used, c);
	bool destroy = retire || p->closed;
	if (destroy) {
		/* stays counted in n_used until destroyed: sc_pool_close waits for it */
		p->n_total--;
		if (c->broken)
			SC_COUNT(&p->sh.m, conns_broken, 1);
		slot_freed_locked(p);
		pthread_mutex_unlock(&p->mu);
		sc__conn_destroy(c);
		pthread_mutex_lock(&p->mu);
		p->n_used--;
	} else {
		p->n_used--;
		handoff_locked(p, c);
	}
	bool free_now = p->free_on_last && p->n_used == 0;
	if (p->closed)
		pthread_cond_broadcast(&p->close_cv);
	pthread_mutex_unlock(&p->mu);
	if (free_now)
		pool_free(p);
}

/* ---- accessors ------------------------------------------------------------ */

sc_shared *sc__pool_shared(sc_pool *p)
{
	return &p->sh;
}

int64_t sc__pool_last_failure(sc_pool *p, char *msg, size_t n)
{
	pthread_mutex_lock(&p->mu);
	int64_t t = p->last_fail_us;
	if (msg)
		sc__strlcpy(msg, p->last_err, n);
	pthread_mutex_unlock(&p->mu);
	return t;
}

sc_dialect sc_pool_dialect(const sc_pool *p)
{
	return p->sh.s.dialect;
}

const char *sc_pool_name(const sc_pool *p)
{
	return p->sh.s.name;
}

void sc_pool_metrics(sc_pool *p, sc_metrics *m)
{
	memset(m, 0, sizeof(*m));
	pthread_mutex_lock(&p->mu);
	m->conns_total = p->n_idle + p->n_used;
	m->conns_idle = p->n_idle;
	m->conns_in_use = p->n_used;
	m->conns_max = p->sh.s.max_conns;
	m->waiters = p->n_waiters;
	pthread_mutex_unlock(&p->mu);
	const sc_counters *k = &p->sh.m;
	m->acquires = SC_READ(k, acquires);
	m->acquire_timeouts = SC_READ(k, acquire_timeouts);
	m->acquire_wait_us = SC_READ(k, acquire_wait_us);
	m->conns_created = SC_READ(k, conns_created);
	m->conns_closed = SC_READ(k, conns_closed);
	m->conns_failed = SC_READ(k, conns_failed);
	m->conns_broken = SC_READ(k, conns_broken);
	m->leaks = SC_READ(k, leaks);
	m->queries = SC_READ(k, queries);
	m->query_errors = SC_READ(k, query_errors);
	m->slow_queries = SC_READ(k, slow_queries);
	m->query_time_us = SC_READ(k, query_time_us);
	m->tx_commits = SC_READ(k, tx_commits);
	m->tx_rollbacks = SC_READ(k, tx_rollbacks);
	m->tx_retries = SC_READ(k, tx_retries);
	m->read_fallbacks = SC_READ(k, read_fallbacks);
	m->ryw_reads = SC_READ(k, ryw_reads);
	m->lag_skips = SC_READ(k, lag_skips);
}
