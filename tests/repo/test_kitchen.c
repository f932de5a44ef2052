/* The other entities of tests/ddl/schemas/kitchen_sink.schema through the
 * generic suite: a composite key of uuid + bigint with every referential
 * action, an int self reference, a reference cycle, a soft-deleted tenant
 * entity and a tenant given as a string (all run in tenant transactions). */
#include "repo_entity.h"

#include "kitchen_sink.h"

static sc_uuid tenants[3], authors[2], books[2];
static int64_t things[2];
static int32_t cats[2];
static char tenant_text[SC_UUID_STRLEN + 1];

static int64_t new_thing(uint64_t seed)
{
	kitchen_sink_everything e;
	CHECK(kitchen_sink_everything_fake(&e, 50000000 + seed) == SC_OK);
	sc_status st = RUN(kitchen_sink_everything_insert(C, &e));
	CHECK_MSG(st == SC_OK, "parent thing: %s", repo_err()->message);
	int64_t id = e.id;
	kitchen_sink_everything_free(&e);
	return id;
}

static void fix_membership(void *r, uint64_t seed)
{
	kitchen_sink_membership *m = r;
	m->tenant_id = tenants[seed % 3];
	m->thing_id = new_thing(seed);
	m->owner_id = tenants[(seed + 1) % 3];
	m->has_owner_id = true;
	m->fallback = things[0];
	m->plain_ref = things[seed % 2];
	m->has_plain_ref = true;
}
static void fix_category(void *r, uint64_t seed)
{
	kitchen_sink_category *c = r;
	c->parent_id = cats[seed % 2];
	c->has_parent_id = true;
}
static void fix_author(void *r, uint64_t seed)
{
	kitchen_sink_author *a = r;
	a->favorite_book = books[seed % 2];
	a->has_favorite_book = true;
}
static void fix_book(void *r, uint64_t seed)
{
	kitchen_sink_book *b = r;
	b->author_id = authors[seed % 2];
	b->has_author_id = true;
}
static void fix_user(void *r, uint64_t seed)
{
	(void)seed;
	((kitchen_sink_user *)r)->tenant_id = tenants[0];
}
static void fix_event(void *r, uint64_t seed)
{
	(void)seed;
	((kitchen_sink_event *)r)->org = tenant_text;
}

REPO_COMMON(kitchen_sink_tenant)
REPO_GET_UUID(kitchen_sink_tenant, id)
REPO_DEL_UUID(kitchen_sink_tenant, id)
REPO_UPSERT(kitchen_sink_tenant)
static sc_status tenant_by_name(sc_conn *c, const void *k, unsigned f, void *o)
{
	return kitchen_sink_tenant_get_by_name(c, ((const kitchen_sink_tenant *)k)->name, f, o);
}
static const repo_ops tenant_ops = {REPO_OPS_INIT(kitchen_sink_tenant), REPO_UPSERT_INIT(kitchen_sink_tenant, 2),
				    .get_by = {tenant_by_name}};

typedef kitchen_sink_membership ms;
REPO_COMMON(kitchen_sink_membership)
REPO_UPSERT(kitchen_sink_membership)
REPO_LOADER(kitchen_sink_membership, tenant_id)
REPO_LOADER(kitchen_sink_membership, owner_id)
static sc_status kitchen_sink_membership_w_get(sc_conn *c, const void *k, unsigned f, void *o)
{
	return kitchen_sink_membership_get(c, &((const ms *)k)->tenant_id, ((const ms *)k)->thing_id, f, o);
}
static sc_status kitchen_sink_membership_w_del(sc_conn *c, const void *k)
{
	return kitchen_sink_membership_delete(c, &((const ms *)k)->tenant_id, ((const ms *)k)->thing_id);
}
static sc_status kitchen_sink_membership_w_del_hard(sc_conn *c, const void *k)
{
	return kitchen_sink_membership_delete_hard(c, &((const ms *)k)->tenant_id, ((const ms *)k)->thing_id);
}
static const repo_ops membership_ops = {REPO_OPS_INIT(kitchen_sink_membership),
					REPO_UPSERT_INIT(kitchen_sink_membership, 1), .fix = fix_membership};

REPO_COMMON(kitchen_sink_category)
REPO_GET_INT(kitchen_sink_category, id)
REPO_DEL_INT(kitchen_sink_category, id)
REPO_UPSERT(kitchen_sink_category)
static sc_status category_by_name(sc_conn *c, const void *k, unsigned f, void *o)
{
	const kitchen_sink_category *x = k;
	return kitchen_sink_category_get_by_parent_id_name(c, x->parent_id, x->name, f, o);
}
static const repo_ops category_ops = {REPO_OPS_INIT(kitchen_sink_category), REPO_UPSERT_INIT(kitchen_sink_category, 1),
				      .fix = fix_category, .get_by = {category_by_name}};

REPO_COMMON(kitchen_sink_author)
REPO_GET_UUID(kitchen_sink_author, id)
REPO_DEL_UUID(kitchen_sink_author, id)
REPO_UPSERT(kitchen_sink_author)
REPO_LOADER(kitchen_sink_author, favorite_book)
static const repo_ops author_ops = {REPO_OPS_INIT(kitchen_sink_author), REPO_UPSERT_INIT(kitchen_sink_author, 1),
				    .fix = fix_author};

REPO_COMMON(kitchen_sink_book)
REPO_GET_UUID(kitchen_sink_book, id)
REPO_DEL_UUID(kitchen_sink_book, id)
REPO_UPSERT(kitchen_sink_book)
REPO_LOADER(kitchen_sink_book, author_id)
static const repo_ops book_ops = {REPO_OPS_INIT(kitchen_sink_book), REPO_UPSERT_INIT(kitchen_sink_book, 1),
				  .fix = fix_book};

REPO_COMMON(kitchen_sink_user)
REPO_GET_UUID(kitchen_sink_user, id)
REPO_DEL_UUID(kitchen_sink_user, id)
REPO_RESTORE_UUID(kitchen_sink_user, id)
REPO_UPSERT(kitchen_sink_user)
REPO_LOADER(kitchen_sink_user, tenant_id)
static sc_status user_by_email(sc_conn *c, const void *k, unsigned f, void *o)
{
	return kitchen_sink_user_get_by_email(c, ((const kitchen_sink_user *)k)->email, f, o);
}
static sc_status user_by_handle(sc_conn *c, const void *k, unsigned f, void *o)
{
	const kitchen_sink_user *u = k;
	return kitchen_sink_user_get_by_tenant_id_handle(c, &u->tenant_id, u->handle, f, o);
}
static const repo_ops user_ops = {REPO_OPS_INIT(kitchen_sink_user), REPO_UPSERT_INIT(kitchen_sink_user, 3),
				  .fix = fix_user, .restore = kitchen_sink_user_w_restore,
				  .get_by = {user_by_email, user_by_handle}};

REPO_COMMON(kitchen_sink_event)
REPO_GET_INT(kitchen_sink_event, id)
REPO_DEL_INT(kitchen_sink_event, id)
static const repo_ops event_ops = {REPO_OPS_INIT(kitchen_sink_event), .fix = fix_event};

static void make_parents(void)
{
	for (int i = 0; i < 3; i++) {
		void *t = repo_row_new(&tenant_ops, 9000000 + (uint64_t)i);
		CHECK_RUN(kitchen_sink_tenant_insert(C, t), SC_OK);
		tenants[i] = ((kitchen_sink_tenant *)t)->id;
		repo_row_free(&tenant_ops, t);
	}
	sc_uuid_format(&tenants[0], tenant_text);
	env.tenant = tenant_text;
	for (int i = 0; i < 2; i++)
		things[i] = new_thing(100 + (uint64_t)i);
	for (int i = 0; i < 2; i++) {
		kitchen_sink_category c;
		CHECK(kitchen_sink_category_fake(&c, 9100000 + (uint64_t)i) == SC_OK);
		CHECK_RUN(kitchen_sink_category_insert(C, &c), SC_OK);
		cats[i] = c.id;
		kitchen_sink_category_free(&c);
	}
	for (int i = 0; i < 2; i++) {
		kitchen_sink_author a;
		CHECK(kitchen_sink_author_fake(&a, 9200000 + (uint64_t)i) == SC_OK);
		a.has_favorite_book = false;
		CHECK_RUN(kitchen_sink_author_insert(C, &a), SC_OK);
		authors[i] = a.id;
		kitchen_sink_author_free(&a);
	}
	for (int i = 0; i < 2; i++) {
		void *b = repo_row_new(&book_ops, 9300000 + (uint64_t)i);
		CHECK_RUN(kitchen_sink_book_insert(C, b), SC_OK);
		books[i] = ((kitchen_sink_book *)b)->id;
		repo_row_free(&book_ops, b);
	}
}

static void make_children(const repo_ops *o, uint64_t seed, int n)
{
	for (int i = 0; i < n; i++) {
		void *r = repo_row_new(o, seed + (uint64_t)i);
		CHECK_RUN(o->insert(C, r), SC_OK);
		repo_row_free(o, r);
	}
}

int main(int argc, char **argv)
{
	repo_open(argc, argv, (repo_opts){.max_conns = 2});
	make_parents();
	const repo_ops *all[] = {&tenant_ops, &membership_ops, &category_ops, &author_ops, &book_ops,
				 &user_ops, &event_ops};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		repo_entity_suite(all[i], 1000000 * (i + 1));
	for (size_t i = 1; i < sizeof all / sizeof all[0]; i++)
		make_children(all[i], 1000000 * (i + 1) + 500000, 5);
	static const repo_loader loaders[] = {
		REPO_LOADER_INIT(membership_ops, kitchen_sink_membership, tenant_id),
		REPO_LOADER_INIT(membership_ops, kitchen_sink_membership, owner_id),
		REPO_LOADER_INIT(author_ops, kitchen_sink_author, favorite_book),
		REPO_LOADER_INIT(book_ops, kitchen_sink_book, author_id),
		REPO_LOADER_INIT(user_ops, kitchen_sink_user, tenant_id),
	};
	for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++)
		repo_loader_check(&loaders[i]);
	env.tenant = NULL;
	repo_close();
	return repo_done("repo kitchen");
}
