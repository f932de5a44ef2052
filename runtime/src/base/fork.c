/* Fork generation: a connection opened in another generation belongs to
 * the parent process and is never used or closed in the child. (The pool
 * registers its own handlers for its locks, core/pool.c.) */
#include "base/base.h"

static atomic_uint g_fork_gen;
static pthread_once_t g_fork_once = PTHREAD_ONCE_INIT;

unsigned sc__fork_gen(void)
{
	return atomic_load_explicit(&g_fork_gen, memory_order_relaxed);
}

static void atfork_child(void)
{
	atomic_fetch_add(&g_fork_gen, 1);
}

static void fork_register(void)
{
	pthread_atfork(NULL, NULL, atfork_child);
}

void sc__fork_init(void)
{
	pthread_once(&g_fork_once, fork_register);
}
