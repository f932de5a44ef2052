/* Configuration: defaults, environment, URL handling, settings copy. */
#include "base/base.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

void sc_config_init(sc_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->name = "default";
	cfg->min_conns = 0;
	cfg->max_conns = 10;
	cfg->acquire_timeout_ms = 30000;
	cfg->connect_timeout_ms = 10000;
	cfg->connect_retry_ms = 30000;
	cfg->statement_timeout_ms = 0;
	cfg->max_lifetime_ms = 1800000;
	cfg->idle_timeout_ms = 600000;
	cfg->validate_idle_ms = 5000;
	cfg->health_check_interval_ms = 30000;
	cfg->leak_threshold_ms = 0;
	cfg->slow_query_ms = 1000;
	cfg->close_timeout_ms = 10000;
	cfg->retry_max_attempts = 10;
	cfg->retry_base_delay_ms = 5;
	cfg->retry_max_delay_ms = 1000;
	cfg->retry_max_time_ms = 30000;
	cfg->prepared_statements = true;
	cfg->sqlite_create = true;
	cfg->reset_session = true;
	cfg->statement_cache_size = 256;
	cfg->sqlite_busy_timeout_ms = 5000;
	cfg->max_replica_lag_ms = 0;
	cfg->replica_lag_check_ms = 1000;
	cfg->read_your_writes_ms = 0;
	cfg->log_level = SC_LOG_WARN;
}

sc_status sc_parse_duration_ms(const char *text, int64_t *out_ms)
{
	if (!text)
		return SC_INVALID_ARGUMENT;
	while (isspace((unsigned char)*text))
		text++;
	if (!isdigit((unsigned char)*text))
		return SC_INVALID_ARGUMENT;
	errno = 0;
	char *end;
	long long v = strtoll(text, &end, 10);
	if (errno || v < 0)
		return SC_INVALID_ARGUMENT;
	int64_t mult = 1;
	if (strcmp(end, "") == 0 || strcmp(end, "ms") == 0)
		mult = 1;
	else if (strcmp(end, "s") == 0)
		mult = 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		mult = 60000;
	else if (strcmp(end, "h") == 0)
		mult = 3600000;
	else
		return SC_INVALID_ARGUMENT;
	if (v > INT64_MAX / mult)
		return SC_INVALID_ARGUMENT;
	*out_ms = (int64_t)v * mult;
	return SC_OK;
}

static sc_status env_int(const char *name, int *dst)
{
	const char *v = getenv(name);
	if (!v)
		return SC_OK;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0 || n > 1000000)
		return sc__tls_err(SC_INVALID_ARGUMENT, "%s: not a valid count: '%s'", name, v);
	*dst = (int)n;
	return SC_OK;
}

static sc_status env_dur(const char *name, int64_t *dst)
{
	const char *v = getenv(name);
	if (!v)
		return SC_OK;
	if (sc_parse_duration_ms(v, dst) != SC_OK)
		return sc__tls_err(SC_INVALID_ARGUMENT,
				   "%s: not a valid duration: '%s' (use e.g. 500ms, 30s, 5m)", name, v);
	return SC_OK;
}

static sc_status env_bool(const char *name, bool *dst)
{
	const char *v = getenv(name);
	if (!v)
		return SC_OK;
	if (!strcasecmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on"))
		*dst = true;
	else if (!strcasecmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off"))
		*dst = false;
	else
		return sc__tls_err(SC_INVALID_ARGUMENT, "%s: not a boolean: '%s'", name, v);
	return SC_OK;
}

/* Replica URLs are split into a static per-thread buffer: the config only
 * borrows pointers, so keep them alive for the thread. */
static _Thread_local char replica_buf[4096];

sc_status sc_config_from_env(sc_config *cfg)
{
	sc_status rc;
	const char *v;
	if ((v = getenv("DATABASE_URL")) != NULL)
		cfg->url = v;
	if ((v = getenv("DATABASE_POOL_NAME")) != NULL)
		cfg->name = v;
#define TRY(x)                  \
	do {                    \
		rc = (x);       \
		if (rc != SC_OK) \
			return rc; \
	} while (0)
	TRY(env_int("DATABASE_POOL_MIN", &cfg->min_conns));
	TRY(env_int("DATABASE_POOL_MAX", &cfg->max_conns));
	TRY(env_dur("DATABASE_ACQUIRE_TIMEOUT", &cfg->acquire_timeout_ms));
	TRY(env_dur("DATABASE_CONNECT_TIMEOUT", &cfg->connect_timeout_ms));
	TRY(env_dur("DATABASE_CONNECT_RETRY", &cfg->connect_retry_ms));
	TRY(env_dur("DATABASE_STATEMENT_TIMEOUT", &cfg->statement_timeout_ms));
	TRY(env_dur("DATABASE_MAX_LIFETIME", &cfg->max_lifetime_ms));
	TRY(env_dur("DATABASE_IDLE_TIMEOUT", &cfg->idle_timeout_ms));
	TRY(env_dur("DATABASE_VALIDATE_IDLE", &cfg->validate_idle_ms));
	TRY(env_dur("DATABASE_HEALTH_CHECK_INTERVAL", &cfg->health_check_interval_ms));
	TRY(env_dur("DATABASE_LEAK_THRESHOLD", &cfg->leak_threshold_ms));
	TRY(env_dur("DATABASE_SLOW_QUERY", &cfg->slow_query_ms));
	TRY(env_dur("DATABASE_CLOSE_TIMEOUT", &cfg->close_timeout_ms));
	TRY(env_int("DATABASE_RETRY_MAX_ATTEMPTS", &cfg->retry_max_attempts));
	TRY(env_dur("DATABASE_RETRY_BASE_DELAY", &cfg->retry_base_delay_ms));
	TRY(env_dur("DATABASE_RETRY_MAX_DELAY", &cfg->retry_max_delay_ms));
	TRY(env_dur("DATABASE_RETRY_MAX_TIME", &cfg->retry_max_time_ms));
	TRY(env_bool("DATABASE_PREPARED_STATEMENTS", &cfg->prepared_statements));
	TRY(env_int("DATABASE_STATEMENT_CACHE_SIZE", &cfg->statement_cache_size));
	TRY(env_bool("DATABASE_RESET_SESSION", &cfg->reset_session));
	TRY(env_dur("DATABASE_SQLITE_BUSY_TIMEOUT", &cfg->sqlite_busy_timeout_ms));
	TRY(env_dur("DATABASE_MAX_REPLICA_LAG", &cfg->max_replica_lag_ms));
	TRY(env_dur("DATABASE_REPLICA_LAG_CHECK", &cfg->replica_lag_check_ms));
	TRY(env_dur("DATABASE_READ_YOUR_WRITES", &cfg->read_your_writes_ms));
#undef TRY
	if ((v = getenv("DATABASE_LOG_LEVEL")) != NULL) {
		static const char *const names[] = {"debug", "info", "warn", "error", "off"};
		size_t i;
		for (i = 0; i < SC_ARRAY_LEN(names); i++)
			if (!strcasecmp(v, names[i]))
				break;
		if (i == SC_ARRAY_LEN(names))
			return sc__tls_err(SC_INVALID_ARGUMENT, "DATABASE_LOG_LEVEL: unknown level '%s'", v);
		cfg->log_level = (sc_log_level)i;
	}
	if ((v = getenv("DATABASE_REPLICA_URLS")) != NULL) {
		if (strlen(v) >= sizeof(replica_buf))
			return sc__tls_err(SC_INVALID_ARGUMENT, "DATABASE_REPLICA_URLS: longer than %zu bytes",
					   sizeof(replica_buf) - 1);
		sc__strlcpy(replica_buf, v, sizeof(replica_buf));
		cfg->n_replicas = 0;
		char *save = NULL;
		for (char *tok = strtok_r(replica_buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			while (*tok == ' ')
				tok++;
			if (!*tok)
				continue;
			if (cfg->n_replicas == SC_MAX_REPLICAS) {
				cfg->n_replicas = 0;
				return sc__tls_err(SC_INVALID_ARGUMENT,
						   "DATABASE_REPLICA_URLS: more than SC_MAX_REPLICAS (%d) URLs",
						   SC_MAX_REPLICAS);
			}
			cfg->replica_urls[cfg->n_replicas++] = tok;
		}
	}
	return SC_OK;
}

sc_dialect sc_url_dialect(const char *url)
{
	if (!url)
		return 0;
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return SC_DIALECT_POSTGRES;
	if (!strncmp(url, "sqlite:", 7))
		return SC_DIALECT_SQLITE;
	if (strchr(url, '=') && !strstr(url, "://"))
		return SC_DIALECT_POSTGRES; /* libpq key=value string */
	return 0;
}

/* ---- settings ---------------------------------------------------------- */

/* Keep secret v (owned) for scrubbing; false when there is no room left
 * (the caller then withholds libpq's messages altogether). NULL is fine. */
static bool add_secret(sc_settings *s, int *ns, char *v)
{
	if (!v)
		return true;
	for (int i = 0; i < *ns; i++)
		if (!strcmp(s->secret_store[i], v)) {
			free(v);
			return true;
		}
	if (*ns >= SC_MAX_SECRETS) {
		free(v);
		return false;
	}
	s->secret_store[(*ns)++] = v;
	return true;
}

void sc__settings_free(sc_settings *s)
{
	free(s->url);
	free(s->display_url);
	free(s->name);
	free(s->sqlite_path);
	for (size_t i = 0; i < SC_ARRAY_LEN(s->secret_store); i++)
		free(s->secret_store[i]);
	free(s->pg_user_options_val);
	free(s->on_connect_sql);
	for (int i = 0; i < s->n_replicas; i++)
		free(s->replica_urls[i]);
	memset(s, 0, sizeof(*s));
}

static char *sqlite_path_of(const char *url)
{
	const char *p = url + 7; /* after "sqlite:" */
	if (!strcmp(p, ":memory:") || !strcmp(p, "//:memory:"))
		return sc__strdup(":memory:");
	if (!strncmp(p, "//", 2))
		p += 2; /* sqlite:///abs/path -> /abs/path, sqlite://rel -> rel */
	size_t l = strcspn(p, "?");
	return sc__strndup(p, l);
}

sc_status sc__settings_from_config(sc_settings *s, const sc_config *cfg)
{
	memset(s, 0, sizeof(*s));
	if (!cfg || !cfg->url || !*cfg->url)
		return sc__tls_err(SC_INVALID_ARGUMENT, "no database URL configured (set DATABASE_URL)");
	s->dialect = sc_url_dialect(cfg->url);
	if (!s->dialect)
		return sc__tls_err(SC_INVALID_ARGUMENT,
				   "unsupported database URL scheme (want postgresql://, postgres:// or sqlite:)");
	if (cfg->max_conns < 1 || cfg->min_conns < 0 || cfg->min_conns > cfg->max_conns)
		return sc__tls_err(SC_INVALID_ARGUMENT, "pool size: need 0 <= min_conns <= max_conns, max_conns >= 1");
	if (cfg->n_replicas < 0 || cfg->n_replicas > SC_MAX_REPLICAS)
		return sc__tls_err(SC_INVALID_ARGUMENT, "n_replicas: %d out of range 0..SC_MAX_REPLICAS (%d)",
				   cfg->n_replicas, SC_MAX_REPLICAS);
	if (cfg->max_replica_lag_ms < 0 || cfg->replica_lag_check_ms < 0 || cfg->read_your_writes_ms < 0)
		return sc__tls_err(SC_INVALID_ARGUMENT,
				   "max_replica_lag_ms, replica_lag_check_ms and read_your_writes_ms must be >= 0");

	size_t dl = sc_url_redact(cfg->url, NULL, 0);
	s->url = sc__strdup(cfg->url);
	s->display_url = malloc(dl + 1);
	s->name = sc__strdup(cfg->name && *cfg->name ? cfg->name : "default");
	s->on_connect_sql = cfg->on_connect_sql ? sc__strdup(cfg->on_connect_sql) : NULL;
	if (!s->url || !s->display_url || !s->name || (cfg->on_connect_sql && !s->on_connect_sql))
		goto oom;
	sc_url_redact(cfg->url, s->display_url, dl + 1);

	int ns = 0;
	if (s->dialect == SC_DIALECT_SQLITE) {
		if (!(s->sqlite_path = sqlite_path_of(cfg->url)))
			goto oom;
		if (!*s->sqlite_path) { /* SQLite would open a temporary database */
			sc__settings_free(s);
			return sc__tls_err(SC_INVALID_ARGUMENT, "sqlite: URL without a path (want sqlite:FILE, "
								"sqlite:///ABS/PATH or sqlite::memory:)");
		}
	} else {
		char *err = NULL;
		PQconninfoOption *opts = PQconninfoParse(cfg->url, &err);
		if (!opts) {
			sc_status rc = SC_NO_MEMORY;
			if (err) {
				/* libpq's message quotes the part it could not parse, which can
				 * be (part of) a password: mask every quoted part. */
				char masked[256];
				sc__mask_quoted(masked, sizeof(masked), err);
				masked[strcspn(masked, "\n")] = '\0';
				rc = sc__tls_err(SC_INVALID_ARGUMENT, "invalid database URL %s: %s", s->display_url, masked);
				PQfreemem(err);
			}
			sc__settings_free(s);
			return rc;
		}
		/* every value not on the allow-list is a secret (password,
		 * sslpassword, ...) */
		for (PQconninfoOption *o = opts; o->keyword; o++) {
			if (!o->val)
				continue;
			if (!sc__conninfo_key_safe(o->keyword, strlen(o->keyword)) && *o->val &&
			    !add_secret(s, &ns, sc__strdup(o->val)))
				s->pg_opaque_errors = true;
			if (!strcmp(o->keyword, "options") && *o->val) {
				s->pg_user_options = true;
				s->pg_user_options_val = sc__strdup(o->val);
			}
		}
		PQconninfoFree(opts);
		/* the password as written in the URL (percent-encoded), as libpq
		 * reads the user-info and as sc_url_redact does */
		for (int view = 0; view < 2; view++)
			if (!add_secret(s, &ns, sc__url_password_raw(cfg->url, view == 0)))
				s->pg_opaque_errors = true;
		if (sc__url_ambiguous(cfg->url))
			s->pg_opaque_errors = true;
	}
	for (int i = 0; i < ns; i++)
		s->secrets[i] = s->secret_store[i];
	s->secrets[ns] = NULL;

	s->min_conns = cfg->min_conns;
	s->max_conns = cfg->max_conns;
	if (s->dialect == SC_DIALECT_SQLITE && !strcmp(s->sqlite_path, ":memory:")) {
		/* every :memory: connection is a separate database */
		s->max_conns = 1;
		if (s->min_conns > 1)
			s->min_conns = 1;
	}
	s->acquire_timeout_ms = cfg->acquire_timeout_ms;
	s->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000;
	s->connect_retry_ms = cfg->connect_retry_ms;
	s->statement_timeout_ms = cfg->statement_timeout_ms;
	s->max_lifetime_ms = cfg->max_lifetime_ms;
	s->idle_timeout_ms = cfg->idle_timeout_ms;
	s->validate_idle_ms = cfg->validate_idle_ms;
	s->health_check_interval_ms = cfg->health_check_interval_ms;
	s->leak_threshold_ms = cfg->leak_threshold_ms;
	s->slow_query_ms = cfg->slow_query_ms;
	s->close_timeout_ms = cfg->close_timeout_ms;
	s->retry_max_attempts = cfg->retry_max_attempts > 0 ? cfg->retry_max_attempts : 1;
	s->retry_base_delay_ms = cfg->retry_base_delay_ms;
	s->retry_max_delay_ms = cfg->retry_max_delay_ms;
	s->retry_max_time_ms = cfg->retry_max_time_ms;
	s->prepared_statements = cfg->prepared_statements;
	s->sqlite_create = cfg->sqlite_create;
	s->reset_session = cfg->reset_session;
	s->statement_cache_size = cfg->statement_cache_size > 0 ? cfg->statement_cache_size : 1;
	s->sqlite_busy_timeout_ms = cfg->sqlite_busy_timeout_ms;
	s->n_replicas = cfg->n_replicas;
	s->max_replica_lag_ms = cfg->max_replica_lag_ms;
	s->replica_lag_check_ms = cfg->replica_lag_check_ms;
	s->read_your_writes_ms = cfg->read_your_writes_ms;
	for (int i = 0; i < cfg->n_replicas; i++)
		if (!(s->replica_urls[i] = sc__strdup(cfg->replica_urls[i])))
			goto oom;
	s->log_fn = cfg->log_fn;
	s->log_ud = cfg->log_ud;
	s->log_level = cfg->log_level;
	s->query_hook = cfg->query_hook;
	s->query_hook_ud = cfg->query_hook_ud;
	s->change_hook = cfg->change_hook;
	s->change_hook_ud = cfg->change_hook_ud;
	s->change_values = cfg->change_values;
	s->cache = cfg->cache;
	return SC_OK;
oom:
	sc__settings_free(s);
	return sc__tls_err(SC_NO_MEMORY, "out of memory");
}
