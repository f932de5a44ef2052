/* Tenancy at scale (issue 14, item 5): two tenants, THREADS threads (half
 * serve each tenant), SCALE_OPS mixed operations of the generated code, each
 * in a transaction carrying the thread's tenant, many of them with keys of
 * the other tenant (guessed or known): get, get by unique key, list, list
 * by foreign keys of both tenants, count, update, delete and insert of rows
 * that belong to, or claim to belong to, the other tenant; inserts, reads
 * and updates of the tenant's own rows. Every returned row is checked to be
 * the thread's tenant's; every attempt on the other tenant's rows must be
 * SC_NOT_FOUND (reads, updates, deletes) or SC_PERMISSION_DENIED (rows
 * forged with the other tenant's key). The end state, read past the
 * tenant rules (PostgreSQL: as the owner; SQLite: plain SQL), holds exactly
 * each tenant's own writes. Operations come in requests: one tenant
 * transaction of OPS_PER_TX operations (sc_tx_run_on: retried as a whole
 * when SQLite is busy; a forged insert under a savepoint),
 * TX_PER_ACQUIRE requests per borrowed connection. Runs on SQLite, PostgreSQL, and PostgreSQL
 * through PgBouncer (codegen_tenancy_scale_{sqlite,pg,pgbouncer}). */
#include "repo.h"

#include "tenancy.h"

enum {
	THREADS = 8,
	SCALE_OPS = 100000,    /* operations in all, over all threads */
	USERS_PER_TENANT = 40, /* each thread updates its own share of them */
	OPS_PER_TX = 8,        /* a "request": one tenant transaction of this many operations */
	TX_PER_ACQUIRE = 4,    /* transactions per borrowed connection */
	MAX_LOGS = SCALE_OPS,  /* activity rows a tenant can insert at most */
};

typedef struct tenant_side {
	tenancy_tenant t;
	char tid[SC_UUID_STRLEN + 1]; /* the tenant key as text, for sc_tx_options */
	sc_uuid users[USERS_PER_TENANT];
	char emails[USERS_PER_TENANT][64];
	int64_t *logs; /* ids of activity rows inserted, in order */
	atomic_long nlogs, updates, inserted;
} tenant_side;

static tenant_side side[2];
static atomic_long violations, unexpected, ops_done;
static atomic_long max_log_id;

#define VIOLATION(...)                                                                \
	do {                                                                          \
		atomic_fetch_add(&violations, 1);                                     \
		fprintf(stderr, "tenant violation: " __VA_ARGS__);                    \
		fputc('\n', stderr);                                                  \
	} while (0)

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void unexpected_status(sc_conn *c, const char *op, sc_status got)
{
	atomic_fetch_add(&unexpected, 1);
	fprintf(stderr, "%s: unexpected %s (%s)\n", op, sc_status_name(got), sc_conn_error(c)->message);
}

static bool own_user(const tenancy_user *u, int me, const char *op)
{
	if (!sc_uuid_equal(&u->tenant_id, &side[me].t.id) || strcmp(u->first_name, side[me].t.slug) != 0) {
		VIOLATION("%s: tenant %s got a row of %s", op, side[me].t.slug, u->first_name);
		return false;
	}
	return true;
}

static bool own_log(const tenancy_activity_log *l, int me, const char *op)
{
	if (!sc_uuid_equal(&l->tenant_id, &side[me].t.id) || strcmp(l->action, side[me].t.slug) != 0) {
		VIOLATION("%s: tenant %s got an activity row of %s", op, side[me].t.slug, l->action);
		return false;
	}
	return true;
}

typedef struct worker {
	int idx, me, other;
	uint64_t rng;
	long pending_updates, pending_inserts; /* of the open transaction */
	int ops;                               /* in the current request */
	int64_t versions[USERS_PER_TENANT];    /* of the users this thread updates (committed) */
	int64_t attempt[USERS_PER_TENANT];     /* the same in the open transaction */
} worker;

/* One operation; returns its status (the transaction commits on >= 0). */
static sc_status one_op(sc_conn *c, worker *w, int kind)
{
	tenant_side *mine = &side[w->me], *theirs = &side[w->other];
	int u = (int)(next_rand(&w->rng) % USERS_PER_TENANT);
	sc_status st;
	switch (kind) {
	case 0: { /* get an own user */
		tenancy_user got;
		st = tenancy_user_get(c, &mine->users[u], 0, &got);
		if (st == SC_OK) {
			own_user(&got, w->me, "get own");
			tenancy_user_free(&got);
		} else {
			unexpected_status(c, "get own", st);
		}
		return st;
	}
	case 1: { /* get a user of the other tenant by its key */
		tenancy_user got;
		st = tenancy_user_get(c, &theirs->users[u], 0, &got);
		if (st == SC_OK) {
			own_user(&got, w->me, "get other");
			tenancy_user_free(&got);
		} else if (st != SC_NOT_FOUND) {
			unexpected_status(c, "get other", st);
		}
		return st == SC_NOT_FOUND ? SC_OK : st;
	}
	case 2: { /* by the unique key (tenant, email), naming the other tenant */
		tenancy_user got;
		st = tenancy_user_get_by_tenant_id_email(c, &theirs->t.id, theirs->emails[u], 0, &got);
		if (st == SC_OK) {
			own_user(&got, w->me, "get_by other");
			tenancy_user_free(&got);
		} else if (st != SC_NOT_FOUND) {
			unexpected_status(c, "get_by other", st);
		}
		return st == SC_NOT_FOUND ? SC_OK : st;
	}
	case 3: { /* list every user: the tenant's, all of them */
		tenancy_user_page p;
		st = tenancy_user_list(c, NULL, &p);
		if (st != SC_OK) {
			unexpected_status(c, "list", st);
			return st;
		}
		for (size_t i = 0; i < p.len; i++)
			own_user(&p.rows[i], w->me, "list");
		if (p.len != USERS_PER_TENANT)
			VIOLATION("list: %zu users, want %d", p.len, USERS_PER_TENANT);
		tenancy_user_page_free(&p);
		return st;
	}
	case 4: { /* count */
		int64_t n = -1;
		st = tenancy_user_count(c, NULL, &n);
		if (st != SC_OK)
			unexpected_status(c, "count", st);
		else if (n != USERS_PER_TENANT)
			VIOLATION("count: %lld users, want %d", (long long)n, USERS_PER_TENANT);
		return st;
	}
	case 5: { /* update an own user of this thread's share */
		int share = (USERS_PER_TENANT / (THREADS / 2));
		int k = (w->idx / 2) * share + u % share;
		tenancy_user row;
		tenancy_user_init(&row);
		row.id = mine->users[k];
		row.version = w->attempt[k];
		row.last_name = "updated";
		tenancy_user_col cols[] = {TENANCY_USER_LAST_NAME};
		st = tenancy_user_update_fields(c, &row, cols, 1);
		if (st == SC_OK) {
			w->attempt[k] = row.version;
			w->pending_updates++;
		} else {
			unexpected_status(c, "update own", st);
		}
		tenancy_user_free(&row);
		return st;
	}
	case 6: { /* update a user of the other tenant (its key, a likely version) */
		tenancy_user row;
		tenancy_user_init(&row);
		row.id = theirs->users[u];
		row.version = 1 + (int64_t)(next_rand(&w->rng) % 8);
		row.last_name = "mallory";
		tenancy_user_col cols[] = {TENANCY_USER_LAST_NAME};
		st = tenancy_user_update_fields(c, &row, cols, 1);
		tenancy_user_free(&row);
		if (st == SC_OK)
			VIOLATION("update other: tenant %s changed a user of %s", mine->t.slug, theirs->t.slug);
		else if (st != SC_NOT_FOUND)
			unexpected_status(c, "update other", st);
		return st == SC_OK ? SC_ERROR : SC_OK;
	}
	case 7: { /* delete a user of the other tenant */
		st = tenancy_user_delete_hard(c, &theirs->users[u], 1 + (int64_t)(next_rand(&w->rng) % 8));
		if (st == SC_OK)
			VIOLATION("delete other: tenant %s deleted a user of %s", mine->t.slug, theirs->t.slug);
		else if (st != SC_NOT_FOUND)
			unexpected_status(c, "delete other", st);
		return st == SC_OK ? SC_ERROR : SC_OK;
	}
	case 8: { /* insert a user claiming the other tenant (under a savepoint:
		   * the refused statement must not doom the request's transaction) */
		tenancy_user row;
		tenancy_user_init(&row);
		char email[64];
		snprintf(email, sizeof email, "forged-%d-%llu@x.test", w->idx, (unsigned long long)next_rand(&w->rng));
		row.tenant_id = theirs->t.id;
		row.email = email;
		row.password_hash = "h";
		row.first_name = (char *)mine->t.slug;
		row.last_name = "forged";
		sc_status sp = sc_tx_begin(c, NULL);
		if (sp != SC_OK) {
			unexpected_status(c, "savepoint", sp);
			return sp;
		}
		st = tenancy_user_insert(c, &row);
		tenancy_user_free(&row);
		if (st == SC_OK)
			VIOLATION("insert forged: tenant %s wrote a row of %s", mine->t.slug, theirs->t.slug);
		else if (st != SC_PERMISSION_DENIED)
			unexpected_status(c, "insert forged", st);
		sp = sc_tx_rollback(c);
		if (sp != SC_OK)
			unexpected_status(c, "rollback to savepoint", sp);
		return st == SC_OK || sp != SC_OK ? SC_ERROR : SC_OK;
	}
	case 9: { /* insert an own activity row */
		tenancy_activity_log row;
		tenancy_activity_log_init(&row);
		row.tenant_id = mine->t.id;
		row.user_id = mine->users[u];
		row.has_user_id = true;
		row.action = (char *)mine->t.slug;
		row.resource_type = "user";
		st = tenancy_activity_log_insert(c, &row);
		int64_t id = row.id;
		tenancy_activity_log_free(&row);
		if (st != SC_OK) {
			unexpected_status(c, "insert own", st);
			return st;
		}
		long i = atomic_fetch_add(&mine->nlogs, 1);
		if (i < MAX_LOGS)
			mine->logs[i] = id;
		w->pending_inserts++;
		for (long m = atomic_load(&max_log_id); id > m;)
			if (atomic_compare_exchange_weak(&max_log_id, &m, id))
				break;
		return st;
	}
	case 10: { /* get an activity row by a guessed id: either tenant's */
		int64_t id = 1 + (int64_t)(next_rand(&w->rng) % (uint64_t)(atomic_load(&max_log_id) + 10));
		tenancy_activity_log got;
		st = tenancy_activity_log_get(c, id, 0, &got);
		if (st == SC_OK) {
			own_log(&got, w->me, "get guessed");
			tenancy_activity_log_free(&got);
		} else if (st != SC_NOT_FOUND) {
			unexpected_status(c, "get guessed", st);
		}
		return st == SC_NOT_FOUND ? SC_OK : st;
	}
	case 11: { /* delete and update activity rows known to be the other tenant's */
		long n = atomic_load(&theirs->nlogs);
		if (n <= 0 || n > MAX_LOGS)
			return SC_OK;
		int64_t id = theirs->logs[next_rand(&w->rng) % (uint64_t)n];
		st = tenancy_activity_log_delete_hard(c, id);
		if (st == SC_OK)
			VIOLATION("delete other log: tenant %s deleted row %lld", mine->t.slug, (long long)id);
		else if (st != SC_NOT_FOUND)
			unexpected_status(c, "delete other log", st);
		tenancy_activity_log row;
		tenancy_activity_log_init(&row);
		row.id = id;
		row.action = (char *)mine->t.slug;
		tenancy_activity_log_col cols[] = {TENANCY_ACTIVITY_LOG_ACTION};
		sc_status st2 = tenancy_activity_log_update_fields(c, &row, cols, 1);
		tenancy_activity_log_free(&row);
		if (st2 == SC_OK)
			VIOLATION("update other log: tenant %s changed row %lld", mine->t.slug, (long long)id);
		else if (st2 != SC_NOT_FOUND)
			unexpected_status(c, "update other log", st2);
		return st == SC_OK || st2 == SC_OK ? SC_ERROR : SC_OK;
	}
	case 12: { /* list activity rows from a guessed id on */
		sc_query *q = tenancy_activity_log_query_new();
		int64_t from = (int64_t)(next_rand(&w->rng) % (uint64_t)(atomic_load(&max_log_id) + 1));
		tenancy_activity_log_where_id_ge(q, from);
		sc_query_limit(q, 20);
		tenancy_activity_log_page p;
		st = tenancy_activity_log_list(c, q, &p);
		sc_query_free(q);
		if (st != SC_OK) {
			unexpected_status(c, "list logs", st);
			return st;
		}
		for (size_t i = 0; i < p.len; i++)
			own_log(&p.rows[i], w->me, "list logs");
		tenancy_activity_log_page_free(&p);
		return st;
	}
	default: { /* load users by both tenants' keys: only the own ones come */
		sc_uuid keys[2] = {side[0].t.id, side[1].t.id};
		tenancy_user_page p;
		st = tenancy_user_load_by_tenant_ids(c, keys, 2, &p);
		if (st != SC_OK) {
			unexpected_status(c, "load by tenants", st);
			return st;
		}
		for (size_t i = 0; i < p.len; i++)
			own_user(&p.rows[i], w->me, "load by tenants");
		if (p.len != USERS_PER_TENANT)
			VIOLATION("load by tenants: %zu users, want %d", p.len, USERS_PER_TENANT);
		tenancy_user_page_free(&p);
		return st;
	}
	}
}

enum { OP_KINDS = 14 };

/* One request (sc_tx_run_on: run again from the start when SQLite is busy
 * or PostgreSQL reports a serialization failure): w->ops operations. */
static sc_status request(sc_conn *c, void *ud)
{
	worker *w = ud;
	w->pending_updates = w->pending_inserts = 0;
	memcpy(w->attempt, w->versions, sizeof w->attempt);
	for (int j = 0; j < w->ops; j++) {
		sc_status st = one_op(c, w, (int)(next_rand(&w->rng) % OP_KINDS));
		if (st < 0)
			return st;
	}
	return SC_OK;
}

static void *work(void *arg)
{
	worker *w = arg;
	int n = SCALE_OPS / THREADS + (w->idx < SCALE_OPS % THREADS);
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.tenant = side[w->me].tid;
	sc_conn *c = NULL;
	for (int i = 0, tx = 0; i < n; tx++) {
		if (tx % TX_PER_ACQUIRE == 0) {
			sc_pool_release(c);
			c = NULL;
			sc_status st = sc_pool_acquire(env.pool, &c);
			if (st != SC_OK) {
				fprintf(stderr, "acquire: %s\n", sc_status_name(st));
				atomic_fetch_add(&unexpected, 1);
				return NULL;
			}
		}
		w->ops = n - i < OPS_PER_TX ? n - i : OPS_PER_TX;
		sc_status st = sc_tx_run_on(c, &o, request, w);
		if (st == SC_OK) { /* what the request wrote is in */
			memcpy(w->versions, w->attempt, sizeof w->versions);
			atomic_fetch_add(&side[w->me].updates, w->pending_updates);
			atomic_fetch_add(&side[w->me].inserted, w->pending_inserts);
		} else {
			unexpected_status(c, "request", st);
		}
		i += w->ops;
		atomic_fetch_add(&ops_done, w->ops);
	}
	sc_pool_release(c);
	return NULL;
}

static void setup_tenant(int i, const char *slug)
{
	tenant_side *s = &side[i];
	tenancy_tenant_init(&s->t);
	s->t.slug = (char *)slug;
	s->t.name = (char *)slug;
	CHECK_ST(tenancy_tenant_insert(C, &s->t), SC_OK);
	sc_uuid_format(&s->t.id, s->tid);
	s->logs = calloc(MAX_LOGS, sizeof *s->logs);
	REQUIRE(s->logs != NULL);
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	o.tenant = s->tid;
	CHECK_ST(sc_tx_begin(C, &o), SC_OK);
	for (int u = 0; u < USERS_PER_TENANT; u++) {
		tenancy_user row;
		tenancy_user_init(&row);
		snprintf(s->emails[u], sizeof s->emails[u], "user%d@%s.test", u, slug);
		row.tenant_id = s->t.id;
		row.email = s->emails[u];
		row.password_hash = "h";
		row.first_name = (char *)slug;
		row.last_name = "L";
		CHECK_ST(tenancy_user_insert(C, &row), SC_OK);
		s->users[u] = row.id;
		tenancy_user_free(&row);
	}
	CHECK_ST(sc_tx_commit(C), SC_OK);
}

/* A count over the whole database, past the tenant rules (an error is -1,
 * which no check below accepts; t_scalar prints it). */
#define scalar_all t_scalar

static void check_end_state(void)
{
	sc_conn *c = C;
	char *owner_url = NULL;
	if (env.pg) { /* the table owner: row-level security does not apply to it */
		owner_url = strdup(env.url);
		REQUIRE(owner_url != NULL);
		char *u = strstr(owner_url, env.role);
		REQUIRE(u != NULL);
		memmove(u + strlen("postgres"), u + strlen(env.role), strlen(u + strlen(env.role)) + 1);
		memcpy(u, "postgres", strlen("postgres"));
		sc_config cfg;
		sc_config_init(&cfg);
		cfg.url = owner_url;
		cfg.prepared_statements = !env.bouncer;
		REQUIRE(sc_conn_open(&c, &cfg) == SC_OK);
	}
	/* computed before CHECK: t.h's lock is not recursive */
	int64_t foreign_users = scalar_all(c, "SELECT count(*) FROM users u JOIN tenants t ON t.id = u.tenant_id "
					      "WHERE u.first_name <> t.slug OR u.last_name NOT IN ('L', 'updated')");
	int64_t foreign_logs = scalar_all(c, "SELECT count(*) FROM activity_logs a JOIN tenants t ON t.id = a.tenant_id "
					     "WHERE a.action <> t.slug");
	int64_t users = scalar_all(c, "SELECT count(*) FROM users");
	CHECK(foreign_users == 0);
	CHECK(foreign_logs == 0);
	CHECK(users == 2 * USERS_PER_TENANT);
	for (int i = 0; i < 2; i++) {
		char sql[256];
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.slug = '%s'",
			 side[i].t.slug);
		int64_t own = scalar_all(c, sql);
		CHECK(own == USERS_PER_TENANT);
		snprintf(sql, sizeof sql,
			 "SELECT coalesce(sum(u.version), 0) FROM users u JOIN tenants t ON t.id = u.tenant_id "
			 "WHERE t.slug = '%s'",
			 side[i].t.slug);
		int64_t versions = scalar_all(c, sql);
		CHECK_MSG(versions == USERS_PER_TENANT + atomic_load(&side[i].updates),
			  "%s: versions sum %lld, want %ld", side[i].t.slug, (long long)versions,
			  USERS_PER_TENANT + atomic_load(&side[i].updates));
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM activity_logs a JOIN tenants t ON t.id = a.tenant_id "
			 "WHERE t.slug = '%s'",
			 side[i].t.slug);
		int64_t logs = scalar_all(c, sql);
		CHECK_MSG(logs == atomic_load(&side[i].inserted), "%s: %lld activity rows, want %ld",
			  side[i].t.slug, (long long)logs, atomic_load(&side[i].inserted));
	}
	if (c != C)
		sc_conn_close(c);
	free(owner_url);
}

int main(int argc, char **argv)
{
	t_watchdog("codegen_tenancy_scale", 290);
	repo_open(argc, argv, (repo_opts){.max_conns = THREADS + 1});
	setup_tenant(0, "ta");
	setup_tenant(1, "tb");

	worker w[THREADS];
	pthread_t th[THREADS];
	int64_t t0 = t_now_ms();
	for (int i = 0; i < THREADS; i++) {
		w[i] = (worker){.idx = i, .me = i % 2, .other = 1 - i % 2, .rng = 0x9E3779B97F4A7C15ull * (uint64_t)(i + 1)};
		for (int k = 0; k < USERS_PER_TENANT; k++)
			w[i].versions[k] = 1;
		REQUIRE(pthread_create(&th[i], NULL, work, &w[i]) == 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	int64_t ms = t_now_ms() - t0;
	printf("%ld operations by %d threads in %lld ms (%.0f/s): %ld + %ld activity rows, %ld + %ld updates\n",
	       atomic_load(&ops_done), THREADS, (long long)ms, ms ? 1000.0 * (double)atomic_load(&ops_done) / (double)ms : 0.0,
	       atomic_load(&side[0].inserted), atomic_load(&side[1].inserted), atomic_load(&side[0].updates),
	       atomic_load(&side[1].updates));

	CHECK(atomic_load(&ops_done) == SCALE_OPS);
	CHECK_MSG(atomic_load(&violations) == 0, "%ld tenant violations", atomic_load(&violations));
	CHECK_MSG(atomic_load(&unexpected) == 0, "%ld unexpected statuses", atomic_load(&unexpected));
	check_end_state();
	for (int i = 0; i < 2; i++) {
		free(side[i].logs);
		tenancy_tenant_free(&side[i].t);
	}
	repo_close();
	return repo_done("codegen tenancy at scale");
}
