/* Prometheus text rendering of pool metrics. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) SC_PRINTF(2, 3);

static void sb_printf(sbuf *b, const char *fmt, ...)
{
	if (b->oom)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap * 2 + (size_t)n;
		char *np = realloc(b->p, cap);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
}

/* Label values escape backslash, quote and newline. */
static void escape_label(const char *in, char *out, size_t n)
{
	size_t o = 0;
	for (; *in && o + 3 < n; in++) {
		if (*in == '\\' || *in == '"') {
			out[o++] = '\\';
			out[o++] = *in;
		} else if (*in == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else {
			out[o++] = *in;
		}
	}
	out[o] = '\0';
}

char *sc_pool_metrics_prometheus(sc_pool *pool)
{
	sc_metrics m;
	sc_pool_metrics(pool, &m);
	char name[256];
	escape_label(sc_pool_name(pool), name, sizeof(name));
	sbuf b = {malloc(2048), 0, 2048, false};
	if (!b.p)
		return NULL;
	b.p[0] = '\0';
	struct {
		const char *metric, *type, *help, *labels;
		double value;
	} rows[] = {
		{"schemac_pool_connections", "gauge", "Open connections by state.", ",state=\"idle\"", m.conns_idle},
		{"schemac_pool_connections", NULL, NULL, ",state=\"in_use\"", m.conns_in_use},
		{"schemac_pool_connections_max", "gauge", "Configured maximum pool size.", "", m.conns_max},
		{"schemac_pool_waiters", "gauge", "Threads waiting to acquire a connection.", "", m.waiters},
		{"schemac_pool_acquires_total", "counter", "Successful acquires.", "", (double)m.acquires},
		{"schemac_pool_acquire_timeouts_total", "counter", "Acquires that timed out.", "", (double)m.acquire_timeouts},
		{"schemac_pool_acquire_wait_seconds_total", "counter", "Total time spent waiting in acquire.", "", (double)m.acquire_wait_us / 1e6},
		{"schemac_pool_connections_created_total", "counter", "Connections opened.", "", (double)m.conns_created},
		{"schemac_pool_connections_closed_total", "counter", "Connections closed.", "", (double)m.conns_closed},
		{"schemac_pool_connections_failed_total", "counter", "Failed connection attempts.", "", (double)m.conns_failed},
		{"schemac_pool_connections_broken_total", "counter", "Broken connections detected and replaced.", "", (double)m.conns_broken},
		{"schemac_pool_leaks_total", "counter", "Connections held past the leak threshold.", "", (double)m.leaks},
		{"schemac_queries_total", "counter", "Statements executed.", "", (double)m.queries},
		{"schemac_query_errors_total", "counter", "Statements that failed.", "", (double)m.query_errors},
		{"schemac_slow_queries_total", "counter", "Statements at or over the slow-query threshold.", "", (double)m.slow_queries},
		{"schemac_query_seconds_total", "counter", "Total statement execution time.", "", (double)m.query_time_us / 1e6},
		{"schemac_tx_commits_total", "counter", "Transactions committed.", "", (double)m.tx_commits},
		{"schemac_tx_rollbacks_total", "counter", "Transactions rolled back.", "", (double)m.tx_rollbacks},
		{"schemac_tx_retries_total", "counter", "Transaction callbacks re-run after a retryable failure.", "", (double)m.tx_retries},
	};
	for (size_t i = 0; i < SC_ARRAY_LEN(rows); i++) {
		if (rows[i].help) {
			sb_printf(&b, "# HELP %s %s\n", rows[i].metric, rows[i].help);
			sb_printf(&b, "# TYPE %s %s\n", rows[i].metric, rows[i].type);
		}
		sb_printf(&b, "%s{pool=\"%s\"%s} %.17g\n", rows[i].metric, name, rows[i].labels, rows[i].value);
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
