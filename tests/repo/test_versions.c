/* Optimistic locking under contention: 8 threads, each with its own pooled
 * connection, update one lead repeatedly. In every round all threads read
 * the row, meet at a barrier, then update with the version they read: each
 * update either succeeds with a fresh version or returns SC_CONFLICT,
 * exactly one per round wins, and the final version is successes + 1.
 *
 * SQLite decision: the calls run in autocommit mode (no explicit
 * transaction), as an application using optimistic locking does; writers
 * then wait for the file lock in SQLite's busy handler
 * (sqlite_busy_timeout_ms, default 5 s) instead of failing, so SC_BUSY is
 * not an accepted outcome here: any status other than SC_OK/SC_CONFLICT
 * fails the test. The same holds on PostgreSQL, where the losers wait for
 * the winner's row lock and then find the version changed. */
#include "repo_entity.h"

#include "leads.h"

enum { THREADS = 8, ROUNDS = 30 };

static sc_uuid target;
static pthread_barrier_t read_done, round_done;
static atomic_int successes, conflicts, others;
static atomic_int wins_in_round[ROUNDS];
static atomic_int version_seen[ROUNDS + 2]; /* how often each new version was handed out */

static void *writer(void *arg)
{
	int me = (int)(intptr_t)arg;
	sc_conn *c = NULL;
	sc_status st = sc_pool_acquire(env.pool, &c);
	if (st != SC_OK) {
		repo_fail("thread %d: acquire: %s", me, sc_status_name(st));
		return NULL;
	}
	for (int r = 0; r < ROUNDS; r++) {
		leads_lead row;
		st = leads_lead_get(c, &target, 0, &row);
		if (st != SC_OK)
			repo_fail("thread %d: get: %s (%s)", me, sc_status_name(st), sc_conn_error(c)->message);
		pthread_barrier_wait(&read_done);
		if (st == SC_OK) {
			int32_t before = row.version;
			row.score = (me * 7 + r) % 101;
			st = leads_lead_update(c, &row);
			if (st == SC_OK) {
				atomic_fetch_add(&successes, 1);
				atomic_fetch_add(&wins_in_round[r], 1);
				if (row.version != before + 1 || row.version < 2 || row.version > ROUNDS + 1)
					repo_fail("thread %d: version %d after %d", me, row.version, before);
				else
					atomic_fetch_add(&version_seen[row.version], 1);
			} else if (st == SC_CONFLICT) {
				atomic_fetch_add(&conflicts, 1);
				if (row.version != before)
					repo_fail("thread %d: version changed on conflict", me);
			} else {
				atomic_fetch_add(&others, 1);
				repo_fail("thread %d: update: %s (%s)", me, sc_status_name(st),
					  sc_conn_error(c)->message);
			}
			leads_lead_free(&row);
		}
		pthread_barrier_wait(&round_done);
	}
	sc_pool_release(c);
	return NULL;
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = THREADS + 2});
	leads_lead l;
	CHECK(leads_lead_fake(&l, 1) == SC_OK);
	l.has_reached_out_at = false; /* @@check */
	l.has_assigned_user_id = false;
	CHECK_ST(leads_lead_insert(C, &l), SC_OK);
	CHECK(l.version == 1);
	target = l.id;
	leads_lead_free(&l);

	pthread_barrier_init(&read_done, NULL, THREADS);
	pthread_barrier_init(&round_done, NULL, THREADS);
	pthread_t th[THREADS];
	for (int i = 0; i < THREADS; i++)
		REQUIRE(pthread_create(&th[i], NULL, writer, (void *)(intptr_t)i) == 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&read_done);
	pthread_barrier_destroy(&round_done);

	int s = atomic_load(&successes), k = atomic_load(&conflicts);
	printf("successes %d, conflicts %d, other %d\n", s, k, atomic_load(&others));
	CHECK(s + k == THREADS * ROUNDS);
	CHECK(atomic_load(&others) == 0);
	for (int r = 0; r < ROUNDS; r++)
		CHECK_MSG(atomic_load(&wins_in_round[r]) == 1, "round %d: %d winners", r, atomic_load(&wins_in_round[r]));
	for (int v = 2; v <= s + 1 && v <= ROUNDS + 1; v++)
		CHECK_MSG(atomic_load(&version_seen[v]) == 1, "version %d handed out %d times", v,
			  atomic_load(&version_seen[v]));
	leads_lead g;
	CHECK_ST(leads_lead_get(C, &target, 0, &g), SC_OK);
	CHECK_MSG(g.version == s + 1, "final version %d, successes %d", g.version, s);
	leads_lead_free(&g);
	repo_close();
	return repo_done("repo versions");
}
