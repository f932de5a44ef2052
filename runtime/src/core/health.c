/* Health check of a pool. */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sc_health_state_name(sc_health_state s)
{
	switch (s) {
	case SC_HEALTH_UP: return "up";
	case SC_HEALTH_DEGRADED: return "degraded";
	case SC_HEALTH_DOWN: return "down";
	}
	return "unknown";
}

/* Failed connection attempts this recent degrade the state. */
#define RECENT_FAILURE_US (30 * INT64_C(1000000))

sc_health_state sc_pool_health(sc_pool *pool, int64_t timeout_ms, sc_health *out)
{
	memset(out, 0, sizeof(*out));
	out->latency_us = -1;
	sc_shared *sh = sc__pool_shared(pool);
	sc_conn *c;
	sc_status rc = sc_pool_acquire_timeout_at(pool, timeout_ms, &c, (sc_site){__FILE__, __LINE__, __func__});
	if (rc != SC_OK) {
		out->state = SC_HEALTH_DOWN;
		snprintf(out->message, sizeof(out->message), "%s", sc_error_last()->message);
		sc_pool_metrics(pool, &out->pool);
		return out->state;
	}
	int64_t t0 = sc__mono_us();
	rc = sc_conn_ping(c);
	out->latency_us = sc__mono_us() - t0;
	sc_conn_server_version(c, out->server_version, sizeof(out->server_version));
	if (rc != SC_OK)
		snprintf(out->message, sizeof(out->message), "%s", sc_conn_error(c)->message);
	sc_pool_release(c);
	sc_pool_metrics(pool, &out->pool);
	if (rc != SC_OK) {
		out->state = SC_HEALTH_DOWN;
		out->latency_us = -1;
		return out->state;
	}
	out->state = SC_HEALTH_UP;
	char err[256];
	int64_t last_fail = sc__pool_last_failure(pool, err, sizeof(err));
	if (sh->s.slow_query_ms > 0 && out->latency_us >= sh->s.slow_query_ms * 1000) {
		out->state = SC_HEALTH_DEGRADED;
		snprintf(out->message, sizeof(out->message), "slow: probe took %.1f ms", (double)out->latency_us / 1000.0);
	} else if (out->pool.waiters > 0 && out->pool.conns_in_use >= out->pool.conns_max) {
		out->state = SC_HEALTH_DEGRADED;
		snprintf(out->message, sizeof(out->message), "saturated: %d waiting with all %d connections in use",
			 out->pool.waiters, out->pool.conns_max);
	} else if (last_fail && sc__mono_us() - last_fail < RECENT_FAILURE_US) {
		out->state = SC_HEALTH_DEGRADED;
		snprintf(out->message, sizeof(out->message), "recent connection failure: %.200s", err);
	} else if (sc_pool_replicas_down(pool) > 0) {
		out->state = SC_HEALTH_DEGRADED;
		snprintf(out->message, sizeof(out->message), "%d of %d read replica(s) down; reads fall back",
			 sc_pool_replicas_down(pool), sc_pool_replica_count(pool));
	} else if (sc_pool_replicas_lagging(pool) > 0) {
		out->state = SC_HEALTH_DEGRADED;
		snprintf(out->message, sizeof(out->message),
			 "%d of %d read replica(s) lagging past max_replica_lag_ms; reads go elsewhere",
			 sc_pool_replicas_lagging(pool), sc_pool_replica_count(pool));
	}
	out->n_replicas = sc_pool_replica_count(pool);
	for (int i = 0; i < out->n_replicas; i++) {
		sc_replica_state rs;
		sc_pool_replica_state(pool, i, &rs);
		snprintf(out->replicas[i].name, sizeof(out->replicas[i].name), "%s", rs.name);
		out->replicas[i].down = rs.down;
		out->replicas[i].lagging = rs.lagging;
		out->replicas[i].lag_ms = rs.lag_ms;
	}
	return out->state;
}

static void json_str(char *out, size_t n, const char *s)
{
	size_t o = 0;
	if (n == 0)
		return;
	for (; *s && o + 7 < n; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\') {
			out[o++] = '\\';
			out[o++] = (char)ch;
		} else if (ch < 0x20) {
			o += (size_t)snprintf(out + o, n - o, "\\u%04x", ch);
		} else {
			out[o++] = (char)ch;
		}
	}
	out[o] = '\0';
}

char *sc_health_json(const sc_health *h)
{
	char ver[160], msg[1600];
	json_str(ver, sizeof(ver), h->server_version);
	json_str(msg, sizeof(msg), h->message);
	/* "replicas":[{"name":..,"up":..,"lagging":..,"lag_ms":..},...] */
	char reps[SC_MAX_REPLICAS * (2 * SC_HEALTH_NAME_MAX + 96) + 32];
	size_t ro = (size_t)snprintf(reps, sizeof(reps), ",\"replicas\":[");
	for (int i = 0; i < h->n_replicas && i < SC_MAX_REPLICAS; i++) {
		char nm[2 * SC_HEALTH_NAME_MAX + 8];
		json_str(nm, sizeof(nm), h->replicas[i].name);
		ro += (size_t)snprintf(reps + ro, sizeof(reps) - ro,
				       "%s{\"name\":\"%s\",\"up\":%s,\"lagging\":%s,\"lag_ms\":%lld}", i ? "," : "", nm,
				       h->replicas[i].down ? "false" : "true", h->replicas[i].lagging ? "true" : "false",
				       (long long)h->replicas[i].lag_ms);
	}
	snprintf(reps + ro, sizeof(reps) - ro, "]");
	size_t n = 2048 + strlen(msg) + strlen(reps);
	char *out = malloc(n);
	if (!out)
		return NULL;
	const sc_metrics *m = &h->pool;
	snprintf(out, n,
		 "{\"status\":\"%s\",\"latency_us\":%lld,\"server_version\":\"%s\",\"message\":\"%s\","
		 "\"pool\":{\"total\":%d,\"idle\":%d,\"in_use\":%d,\"max\":%d,\"waiters\":%d,"
		 "\"acquire_timeouts\":%llu,\"connections_failed\":%llu}%s}",
		 sc_health_state_name(h->state), (long long)h->latency_us, ver, msg, m->conns_total, m->conns_idle,
		 m->conns_in_use, m->conns_max, m->waiters, (unsigned long long)m->acquire_timeouts,
		 (unsigned long long)m->conns_failed, h->n_replicas > 0 ? reps : "");
	return out;
}
