/* Prometheus text rendering of pool metrics. */
#include "core/core.h"

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

/* Label values escape backslash, quote and newline; as long as the name
 * (a cut name could label two pools alike). malloc'd, NULL when out of
 * memory. */
static char *escape_label(const char *in)
{
	char *out = malloc(2 * strlen(in) + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (; *in; in++) {
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
	return out;
}

/* Per-replica gauges of read routing, labelled with each replica's name. */
static void render_replicas(sbuf *b, sc_pool *pool, char *const *names)
{
	int n = sc_pool_replica_count(pool);
	if (n == 0)
		return;
	sc_replica_state st[SC_MAX_REPLICAS];
	for (int i = 0; i < n; i++)
		sc_pool_replica_state(pool, i, &st[i]);
	sb_printf(b, "# HELP schemac_replica_up Replica usable for reads (not skipped as down).\n");
	sb_printf(b, "# TYPE schemac_replica_up gauge\n");
	for (int i = 0; i < n; i++)
		sb_printf(b, "schemac_replica_up{pool=\"%s\"} %d\n", names[i], st[i].down ? 0 : 1);
	sb_printf(b, "# HELP schemac_replica_lagging Replica skipped for lagging past max_replica_lag_ms.\n");
	sb_printf(b, "# TYPE schemac_replica_lagging gauge\n");
	for (int i = 0; i < n; i++)
		sb_printf(b, "schemac_replica_lagging{pool=\"%s\"} %d\n", names[i], st[i].lagging ? 1 : 0);
	sb_printf(b, "# HELP schemac_replica_lag_seconds Last measured replay lag (-1: not measured).\n");
	sb_printf(b, "# TYPE schemac_replica_lag_seconds gauge\n");
	for (int i = 0; i < n; i++)
		sb_printf(b, "schemac_replica_lag_seconds{pool=\"%s\"} %.17g\n", names[i],
			  st[i].lag_ms < 0 ? -1.0 : (double)st[i].lag_ms / 1000.0);
}

char *sc_pool_metrics_prometheus(sc_pool *pool)
{
	/* the pool, then its replicas (each labelled with its own name) */
	sc_pool *pools[1 + SC_MAX_REPLICAS];
	int np = 0;
	pools[np++] = pool;
	for (int i = 0; i < sc_pool_replica_count(pool); i++)
		pools[np++] = sc__pool_replica(pool, i);
	sc_metrics ms[1 + SC_MAX_REPLICAS];
	char *names[1 + SC_MAX_REPLICAS] = {0};
	sbuf b = {malloc(2048), 0, 2048, false};
	for (int k = 0; k < np; k++) {
		sc_pool_metrics(pools[k], &ms[k]);
		if (!(names[k] = escape_label(sc_pool_name(pools[k]))))
			b.oom = true;
	}
	if (!b.p || b.oom) {
		free(b.p);
		for (int k = 0; k < np; k++)
			free(names[k]);
		return NULL;
	}
	b.p[0] = '\0';
	struct {
		const char *metric, *type, *help, *labels;
	} rows[] = {
		{"schemac_pool_connections", "gauge", "Open connections by state.", ",state=\"idle\""},
		{"schemac_pool_connections", NULL, NULL, ",state=\"in_use\""},
		{"schemac_pool_connections_max", "gauge", "Configured maximum pool size.", ""},
		{"schemac_pool_waiters", "gauge", "Threads waiting to acquire a connection.", ""},
		{"schemac_pool_acquires_total", "counter", "Successful acquires.", ""},
		{"schemac_pool_acquire_timeouts_total", "counter", "Acquires that timed out.", ""},
		{"schemac_pool_acquire_wait_seconds_total", "counter", "Total time spent waiting in acquire.", ""},
		{"schemac_pool_connections_created_total", "counter", "Connections opened.", ""},
		{"schemac_pool_connections_closed_total", "counter", "Connections closed.", ""},
		{"schemac_pool_connections_failed_total", "counter", "Failed connection attempts.", ""},
		{"schemac_pool_connections_broken_total", "counter", "Broken connections detected and replaced.", ""},
		{"schemac_pool_leaks_total", "counter", "Connections held past the leak threshold.", ""},
		{"schemac_queries_total", "counter", "Statements executed.", ""},
		{"schemac_query_errors_total", "counter", "Statements that failed.", ""},
		{"schemac_slow_queries_total", "counter", "Statements at or over the slow-query threshold.", ""},
		{"schemac_query_seconds_total", "counter", "Total statement execution time.", ""},
		{"schemac_tx_commits_total", "counter", "Transactions committed.", ""},
		{"schemac_tx_rollbacks_total", "counter", "Transactions rolled back.", ""},
		{"schemac_tx_retries_total", "counter", "Transaction callbacks re-run after a retryable failure.", ""},
		{"schemac_read_fallbacks_total", "counter", "Reads served by the primary because no replica was usable.", ""},
		{"schemac_read_your_writes_total", "counter", "Reads kept on the primary by the read-your-writes window.", ""},
		{"schemac_replica_lag_skips_total", "counter", "Times a replica was passed over because it lagged.", ""},
	};
	for (size_t i = 0; i < SC_ARRAY_LEN(rows); i++) {
		if (rows[i].help) {
			sb_printf(&b, "# HELP %s %s\n", rows[i].metric, rows[i].help);
			sb_printf(&b, "# TYPE %s %s\n", rows[i].metric, rows[i].type);
		}
		for (int k = 0; k < np; k++) {
			const sc_metrics *m = &ms[k];
			double v[] = {m->conns_idle, m->conns_in_use, m->conns_max, m->waiters, (double)m->acquires,
				      (double)m->acquire_timeouts, (double)m->acquire_wait_us / 1e6,
				      (double)m->conns_created, (double)m->conns_closed, (double)m->conns_failed,
				      (double)m->conns_broken, (double)m->leaks, (double)m->queries,
				      (double)m->query_errors, (double)m->slow_queries, (double)m->query_time_us / 1e6,
				      (double)m->tx_commits, (double)m->tx_rollbacks, (double)m->tx_retries,
				      (double)m->read_fallbacks, (double)m->ryw_reads, (double)m->lag_skips};
			_Static_assert(SC_ARRAY_LEN(v) == SC_ARRAY_LEN(rows), "one value per row");
			sb_printf(&b, "%s{pool=\"%s\"%s} %.17g\n", rows[i].metric, names[k], rows[i].labels, v[i]);
		}
	}
	render_replicas(&b, pool, names + 1);
	for (int k = 0; k < np; k++)
		free(names[k]);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
