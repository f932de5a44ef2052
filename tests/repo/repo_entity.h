/* One driver for every generated entity: each test program describes its
 * entities as repo_ops tables (void * wrappers made by the macros below)
 * and repo_entity_suite runs every operation on them, including the error
 * statuses, comparing rows field by field through the metadata. */
#ifndef REPO_ENTITY_H
#define REPO_ENTITY_H

#include "repo.h"
#include "repo_meta.h"

/* Every generated page has this layout. */
typedef struct repo_page {
	void *rows;
	size_t len;
	char *next_cursor;
	void *_mem;
} repo_page;

typedef sc_status (*repo_get_fn)(sc_conn *c, const void *key_row, unsigned flags, void *out);

typedef struct repo_ops {
	const sc_entity_meta *m;
	sc_status (*fake)(void *row, uint64_t seed);
	/* Make a fake row insertable: parents, tenant, @@check rules. */
	void (*fix)(void *row, uint64_t seed);
	/* After column col was set out of its @check range: restore entity
	 * @@check rules the change broke; returns the name of an entity check
	 * that cannot be kept (also accepted as the failing constraint) or NULL. */
	const char *(*refix)(void *row, unsigned col);
	sc_status (*insert)(sc_conn *c, void *row);
	sc_status (*insert_many)(sc_conn *c, void *rows, size_t n);
	sc_status (*upsert)(sc_conn *c, void *row, int key);           /* NULL: none */
	sc_status (*upsert_many)(sc_conn *c, void *rows, size_t n, int key);
	int nkeys;                                                      /* values of <entity>_key */
	repo_get_fn get;
	repo_get_fn get_by[4];                                          /* get_by_<unique>, by row */
	sc_status (*update)(sc_conn *c, void *row);
	sc_status (*update_fields)(sc_conn *c, void *row, const unsigned *cols, size_t n);
	sc_status (*del)(sc_conn *c, const void *row);                 /* passes the row's version */
	sc_status (*del_hard)(sc_conn *c, const void *row);
	sc_status (*restore)(sc_conn *c, const void *row);             /* NULL: no soft delete */
	sc_status (*list)(sc_conn *c, const sc_query *q, void *page);
	sc_status (*count)(sc_conn *c, const sc_query *q, int64_t *n);
	sc_status (*exists)(sc_conn *c, const sc_query *q, bool *out);
	sc_query *(*query_new)(void);
	void (*free)(void *row);
	void (*page_free)(void *page);
} repo_ops;

/* ---- wrapper makers ---------------------------------------------------- */

#define REPO_COMMON(E)                                                                             \
	static sc_status E##_w_fake(void *r, uint64_t s) { return E##_fake(r, s); }                \
	static sc_status E##_w_insert(sc_conn *c, void *r) { return E##_insert(c, r); }            \
	static sc_status E##_w_insert_many(sc_conn *c, void *r, size_t n) { return E##_insert_many(c, r, n); } \
	static sc_status E##_w_update(sc_conn *c, void *r) { return E##_update(c, r); }            \
	static sc_status E##_w_update_fields(sc_conn *c, void *r, const unsigned *cols, size_t n) \
	{                                                                                          \
		E##_col *tmp = malloc(sizeof *tmp * (n ? n : 1));                                  \
		if (!tmp)                                                                          \
			return SC_NO_MEMORY;                                                       \
		for (size_t i = 0; i < n; i++)                                                     \
			tmp[i] = (E##_col)cols[i];                                                 \
		sc_status rc_ = E##_update_fields(c, r, tmp, n);                                   \
		free(tmp);                                                                         \
		return rc_;                                                                        \
	}                                                                                          \
	static sc_status E##_w_list(sc_conn *c, const sc_query *q, void *p) { return E##_list(c, q, p); } \
	static sc_status E##_w_count(sc_conn *c, const sc_query *q, int64_t *n) { return E##_count(c, q, n); } \
	static sc_status E##_w_exists(sc_conn *c, const sc_query *q, bool *o) { return E##_exists(c, q, o); } \
	static void E##_w_free(void *r) { E##_free(r); }                                           \
	static void E##_w_page_free(void *p) { E##_page_free(p); }

#define REPO_OPS_INIT(E)                                                                         \
	.m = &E##_meta, .fake = E##_w_fake, .insert = E##_w_insert,                              \
	.insert_many = E##_w_insert_many, .get = E##_w_get, .update = E##_w_update,              \
	.update_fields = E##_w_update_fields, .del = E##_w_del, .del_hard = E##_w_del_hard,      \
	.list = E##_w_list, .count = E##_w_count, .exists = E##_w_exists,                        \
	.query_new = E##_query_new, .free = E##_w_free, .page_free = E##_w_page_free

#define REPO_UPSERT(E)                                                                             \
	static sc_status E##_w_upsert(sc_conn *c, void *r, int k) { return E##_upsert(c, r, (E##_key)k); } \
	static sc_status E##_w_upsert_many(sc_conn *c, void *r, size_t n, int k)                   \
	{                                                                                          \
		return E##_upsert_many(c, r, n, (E##_key)k);                                       \
	}
#define REPO_UPSERT_INIT(E, n) .upsert = E##_w_upsert, .upsert_many = E##_w_upsert_many, .nkeys = (n)

#define REPO_GET_UUID(E, f)                                                                        \
	static sc_status E##_w_get(sc_conn *c, const void *k, unsigned fl, void *o)                \
	{                                                                                          \
		return E##_get(c, &((const E *)k)->f, fl, o);                                      \
	}
#define REPO_GET_INT(E, f)                                                                         \
	static sc_status E##_w_get(sc_conn *c, const void *k, unsigned fl, void *o)                \
	{                                                                                          \
		return E##_get(c, ((const E *)k)->f, fl, o);                                       \
	}
#define REPO_GET_UUID2(E, a, b)                                                                    \
	static sc_status E##_w_get(sc_conn *c, const void *k, unsigned fl, void *o)                \
	{                                                                                          \
		return E##_get(c, &((const E *)k)->a, &((const E *)k)->b, fl, o);                  \
	}

#define REPO_DEL_UUID(E, f)                                                                        \
	static sc_status E##_w_del(sc_conn *c, const void *k) { return E##_delete(c, &((const E *)k)->f); } \
	static sc_status E##_w_del_hard(sc_conn *c, const void *k) { return E##_delete_hard(c, &((const E *)k)->f); }
#define REPO_DEL_UUID_V(E, f, v)                                                                   \
	static sc_status E##_w_del(sc_conn *c, const void *k)                                      \
	{                                                                                          \
		return E##_delete(c, &((const E *)k)->f, ((const E *)k)->v);                       \
	}                                                                                          \
	static sc_status E##_w_del_hard(sc_conn *c, const void *k)                                 \
	{                                                                                          \
		return E##_delete_hard(c, &((const E *)k)->f, ((const E *)k)->v);                  \
	}
#define REPO_DEL_INT(E, f)                                                                         \
	static sc_status E##_w_del(sc_conn *c, const void *k) { return E##_delete(c, ((const E *)k)->f); } \
	static sc_status E##_w_del_hard(sc_conn *c, const void *k) { return E##_delete_hard(c, ((const E *)k)->f); }
#define REPO_DEL_UUID2(E, a, b)                                                                    \
	static sc_status E##_w_del(sc_conn *c, const void *k)                                      \
	{                                                                                          \
		return E##_delete(c, &((const E *)k)->a, &((const E *)k)->b);                      \
	}                                                                                          \
	static sc_status E##_w_del_hard(sc_conn *c, const void *k)                                 \
	{                                                                                          \
		return E##_delete_hard(c, &((const E *)k)->a, &((const E *)k)->b);                 \
	}
#define REPO_RESTORE_UUID(E, f)                                                                    \
	static sc_status E##_w_restore(sc_conn *c, const void *k) { return E##_restore(c, &((const E *)k)->f); }

/* Batch loader and list_by of a uuid foreign key. */
typedef struct repo_loader {
	const repo_ops *child;
	const char *fk;   /* C member name of the foreign key */
	sc_status (*load)(sc_conn *c, const sc_uuid *keys, size_t n, void *page);
	sc_status (*list_by)(sc_conn *c, const sc_uuid *key, const sc_query *q, void *page);
} repo_loader;

#define REPO_LOADER(E, fk)                                                                         \
	static sc_status E##_w_load_##fk(sc_conn *c, const sc_uuid *k, size_t n, void *p)          \
	{                                                                                          \
		return E##_load_by_##fk##s(c, k, n, p);                                            \
	}                                                                                          \
	static sc_status E##_w_list_by_##fk(sc_conn *c, const sc_uuid *k, const sc_query *q, void *p) \
	{                                                                                          \
		return E##_list_by_##fk(c, k, q, p);                                               \
	}
#define REPO_LOADER_INIT(ops, E, fk) {&(ops), #fk, E##_w_load_##fk, E##_w_list_by_##fk}

/* ---- helpers ----------------------------------------------------------- */

static inline void *repo_row_new(const repo_ops *o, uint64_t seed)
{
	void *r = calloc(1, o->m->row_size);
	REQUIRE(r != NULL);
	sc_status st = o->fake(r, seed);
	CHECK_MSG(st == SC_OK, "%s_fake: %s", o->m->c_name, sc_status_name(st));
	if (o->fix)
		o->fix(r, seed);
	return r;
}

static inline void repo_row_free(const repo_ops *o, void *r)
{
	if (!r)
		return;
	o->free(r);
	free(r);
}

/* A query matching the row's primary key. */
static inline sc_query *repo_pk_query(const repo_ops *o, const void *row)
{
	sc_query *q = o->query_new();
	REQUIRE(q != NULL);
	for (unsigned i = 0; i < o->m->npk; i++) {
		const sc_column_meta *c = &o->m->cols[o->m->pk[i]];
		sc_query_where(q, o->m->pk[i], SC_OP_EQ, REPO_CMEMBER(row, c));
	}
	return q;
}

/* get the row back and compare it with `want` (all columns but skip). */
static inline void repo_expect_row_at(const repo_ops *o, const void *want, uint64_t skip,
				      const char *what, int line)
{
	void *g = calloc(1, o->m->row_size);
	REQUIRE(g != NULL);
	sc_status st = RUN(o->get(C, want, 0, g));
	CHECK_MSG(st == SC_OK, "line %d: %s: %s_get: %s (%s)", line, what, o->m->c_name,
		  sc_status_name(st), repo_err()->message);
	if (st == SC_OK)
		CHECK_MSG(repo_row_diff_at(o->m, want, g, skip, what, line) == 0, "line %d: %s: %s differs",
			  line, what, o->m->c_name);
	repo_row_free(o, g);
}
#define repo_expect_row(o, want, skip, what) repo_expect_row_at((o), (want), (skip), (what), __LINE__)

static inline void repo_expect_absent_at(const repo_ops *o, const void *key, unsigned flags, int line)
{
	void *g = calloc(1, o->m->row_size);
	REQUIRE(g != NULL);
	sc_status st = RUN(o->get(C, key, flags, g));
	CHECK_MSG(st == SC_NOT_FOUND, "line %d: %s_get(flags %u): got %s, want SC_NOT_FOUND", line,
		  o->m->c_name, flags, sc_status_name(st));
	repo_row_free(o, g);
}
#define repo_expect_absent(o, key, flags) repo_expect_absent_at((o), (key), (flags), __LINE__)

static inline int64_t repo_count_pk(const repo_ops *o, const void *row, bool with_deleted)
{
	sc_query *q = repo_pk_query(o, row);
	sc_query_with_deleted(q, with_deleted);
	int64_t n = -1;
	sc_status st = RUN(o->count(C, q, &n)); /* no CHECK here: called inside CHECK() */
	if (st != SC_OK) {
		fprintf(stderr, "%s_count: %s (%s)\n", o->m->c_name, sc_status_name(st), repo_err()->message);
		n = -1000 + st;
	}
	sc_query_free(q);
	return n;
}

static inline uint64_t repo_bit(int col)
{
	return col < 0 ? 0 : UINT64_C(1) << col;
}

/* Columns update/update_fields leave alone or set themselves. */
static inline uint64_t repo_fixed_cols(const sc_entity_meta *m)
{
	uint64_t s = repo_bit(m->tenant_col) | repo_bit(m->version_col) | repo_bit(m->soft_delete_col) |
		     repo_bit(m->updated_at_col);
	for (unsigned i = 0; i < m->npk; i++)
		s |= repo_bit((int)m->pk[i]);
	return s;
}

static inline bool repo_pk_autoinc(const sc_entity_meta *m)
{
	return m->npk == 1 && (m->cols[m->pk[0]].flags & SC_COLF_AUTOINCREMENT);
}

/* ---- the suite ---------------------------------------------------------- */

static inline void repo_suite_errors(const repo_ops *o, const void *live, uint64_t seed)
{
	const sc_entity_meta *m = o->m;
	char tab[128];
	snprintf(tab, sizeof tab, "%s", m->table);

	/* unique keys (the primary key too, unless the database makes it) */
	for (unsigned k = 0; k < m->nuniques; k++) {
		const sc_unique_meta *u = &m->uniques[k];
		if (u->ncols == 1 && repo_is_pk(m, u->cols[0]) && repo_pk_autoinc(m))
			continue;
		void *r = repo_row_new(o, seed + 100 + k);
		for (unsigned j = 0; j < u->ncols; j++)
			repo_col_copy(&m->cols[u->cols[j]], r, live);
		sc_status st = RUN(o->insert(C, r));
		CHECK_MSG(st == SC_UNIQUE_VIOLATION, "%s duplicate %s: got %s (%s)", m->c_name, u->name,
			  sc_status_name(st), repo_err()->message);
		CHECK_MSG(!strcmp(repo_err()->constraint, u->name), "%s: constraint '%s', want '%s'",
			  m->c_name, repo_err()->constraint, u->name);
		char ucol[128]; /* both databases name the key's (first) column */
		repo_unquote(m->cols[u->cols[0]].name, ucol, sizeof ucol);
		CHECK_MSG(!strcmp(repo_err()->column, ucol), "%s %s: column '%s', want '%s'", m->c_name, u->name,
			  repo_err()->column, ucol);
		repo_row_free(o, r);
	}

	for (unsigned i = 0; i < m->ncols; i++) {
		const sc_column_meta *c = &m->cols[i];
		char col[128], want[300];
		repo_unquote(c->name, col, sizeof col);

		/* foreign keys (not the tenant: RLS checks it before the key) */
		if ((c->flags & SC_COLF_FK) && (int)i != m->tenant_col) {
			void *r = repo_row_new(o, seed + 200 + i);
			if (c->type == SC_COL_UUID) {
				sc_uuid d;
				REQUIRE(sc_uuid_v7(&d) == SC_OK);
				memcpy(REPO_MEMBER(r, c), &d, sizeof d);
				repo_set_has(c, r, true);
			} else {
				repo_set_int(c, r, 987654321);
			}
			sc_status st = RUN(o->insert(C, r));
			CHECK_MSG(st == SC_FOREIGN_KEY_VIOLATION, "%s.%s dangling: got %s (%s)", m->c_name,
				  c->field, sc_status_name(st), repo_err()->message);
			snprintf(want, sizeof want, "%s_%s_fkey", tab, col);
			if (env.pg) /* SQLite does not name the failing foreign key */
				CHECK_MSG(!strcmp(repo_err()->constraint, want), "%s.%s: constraint '%s', want '%s'",
					  m->c_name, c->field, repo_err()->constraint, want);
			repo_row_free(o, r);
		}

		/* @check ranges: one below the low end (or above the high end) */
		if (c->flags & SC_COLF_CHECK) {
			void *r = repo_row_new(o, seed + 300 + i);
			if (c->type == SC_COL_DOUBLE) {
				double v = c->check_lo - 1.0;
				memcpy(REPO_MEMBER(r, c), &v, sizeof v);
				repo_set_has(c, r, true);
			} else if (c->type == SC_COL_DECIMAL) {
				*(const char **)(void *)REPO_MEMBER(r, c) = "-1";
			} else {
				repo_set_int(c, r, (int64_t)c->check_lo - 1);
			}
			const char *also = o->refix ? o->refix(r, i) : NULL;
			sc_status st = RUN(o->insert(C, r));
			CHECK_MSG(st == SC_CHECK_VIOLATION, "%s.%s below range: got %s (%s)", m->c_name, c->field,
				  sc_status_name(st), repo_err()->message);
			snprintf(want, sizeof want, "%s_%s_check", tab, col);
			CHECK_MSG(!strcmp(repo_err()->constraint, want) || (also && !strcmp(repo_err()->constraint, also)),
				  "%s.%s: constraint '%s', want '%s'", m->c_name, c->field, repo_err()->constraint, want);
			if (!strcmp(repo_err()->constraint, want)) /* the column is named too, on both */
				CHECK_MSG(!strcmp(repo_err()->column, col), "%s.%s: column '%s', want '%s'", m->c_name,
					  c->field, repo_err()->column, col);
			repo_row_free(o, r);
		}

		/* required strings/bytes: NULL is refused, the field named */
		if (repo_is_ptr_type(c->type) && !(c->flags & SC_COLF_NULLABLE)) {
			void *r = repo_row_new(o, seed + 400 + i);
			memset(REPO_MEMBER(r, c), 0, repo_col_size(c));
			sc_status st = RUN(o->insert(C, r));
			snprintf(want, sizeof want, "%s.%s", m->c_name, c->field);
			if (c->type == SC_COL_BYTES && st == SC_NOT_NULL_VIOLATION)
				CHECK_MSG(!strcmp(repo_err()->column, col), "%s: column '%s'", want,
					  repo_err()->column);
			else
				CHECK_MSG(st == SC_INVALID_ARGUMENT && strstr(repo_err()->message, want),
					  "%s = NULL: got %s (%s)", want, sc_status_name(st), repo_err()->message);
			repo_row_free(o, r);
		}
		/* enum members out of range are refused before the database */
		if (c->type == SC_COL_ENUM) {
			void *r = repo_row_new(o, seed + 500 + i);
			repo_set_int(c, r, (int64_t)c->enum_count + 1);
			sc_status st = RUN(o->insert(C, r));
			CHECK_MSG(st == SC_INVALID_ARGUMENT && strstr(repo_err()->message, c->field),
				  "%s.%s = %u: got %s (%s)", m->c_name, c->field, c->enum_count + 1,
				  sc_status_name(st), repo_err()->message);
			repo_row_free(o, r);
		}
	}
}

/* Rows of a fresh key are absent for every keyed operation. */
static inline void repo_suite_not_found(const repo_ops *o, const void *live, uint64_t seed)
{
	void *n = calloc(1, o->m->row_size);
	REQUIRE(n != NULL);
	memcpy(n, live, o->m->row_size);
	memset((unsigned char *)n + o->m->mem_offset, 0, sizeof(void *)); /* shares live's strings */
	repo_fresh_key(o->m, n, seed);
	repo_expect_absent(o, n, 0);
	repo_expect_absent(o, n, SC_READ_WITH_DELETED);
	CHECK_RUN(o->update(C, n), SC_NOT_FOUND);
	unsigned col = 0;
	uint64_t fixed = repo_fixed_cols(o->m);
	while (col < o->m->ncols && (fixed & repo_bit((int)col)))
		col++;
	CHECK_RUN(o->update_fields(C, n, &col, 1), SC_NOT_FOUND);
	CHECK_RUN(o->del(C, n), SC_NOT_FOUND);
	CHECK_RUN(o->del_hard(C, n), SC_NOT_FOUND);
	if (o->restore)
		CHECK_RUN(o->restore(C, n), SC_NOT_FOUND);
	free(n);
}

static inline void repo_suite_delete(const repo_ops *o, void *live, uint64_t seed)
{
	const sc_entity_meta *m = o->m;
	if (o->restore) {
		int64_t v0 = repo_version(m, live);
		CHECK_RUN(o->del(C, live), SC_OK);
		repo_expect_absent(o, live, 0);
		for (int k = 0; k < 4 && o->get_by[k]; k++) {
			void *g = calloc(1, m->row_size);
			CHECK_RUN(o->get_by[k](C, live, 0, g), SC_NOT_FOUND);
			CHECK_RUN(o->get_by[k](C, live, SC_READ_WITH_DELETED, g), SC_OK);
			repo_row_free(o, g);
		}
		void *g = calloc(1, m->row_size);
		CHECK_RUN(o->get(C, live, SC_READ_WITH_DELETED, g), SC_OK);
		CHECK(!repo_is_null(&m->cols[m->soft_delete_col], g));
		if (m->version_col >= 0)
			CHECK(repo_version(m, g) == v0 + 1);
		CHECK(repo_count_pk(o, live, false) == 0);
		CHECK(repo_count_pk(o, live, true) == 1);
		sc_query *q = repo_pk_query(o, live);
		bool ex = true;
		CHECK_RUN(o->exists(C, q, &ex), SC_OK);
		CHECK(!ex);
		repo_page p = {0};
		CHECK_RUN(o->list(C, q, &p), SC_OK);
		CHECK(p.len == 0);
		o->page_free(&p);
		sc_query_free(q);
		CHECK_RUN(o->update(C, live), SC_NOT_FOUND); /* live rows only */
		CHECK_RUN(o->del(C, g), SC_NOT_FOUND);        /* already deleted */

		/* unique values of the deleted row can be taken by a new row */
		for (unsigned k = 0; k < m->nuniques; k++) {
			const sc_unique_meta *u = &m->uniques[k];
			if (u->ncols == 1 && repo_is_pk(m, u->cols[0]))
				continue;
			void *r = repo_row_new(o, seed + 600 + k);
			for (unsigned j = 0; j < u->ncols; j++)
				repo_col_copy(&m->cols[u->cols[j]], r, live);
			CHECK_RUN(o->insert(C, r), SC_OK);
			/* restoring the old row now collides with it */
			sc_status st = RUN(o->restore(C, live));
			CHECK_MSG(st == SC_UNIQUE_VIOLATION, "%s restore over reused %s: %s", m->c_name, u->name,
				  sc_status_name(st));
			CHECK_RUN(o->del_hard(C, r), SC_OK);
			repo_row_free(o, r);
		}

		CHECK_RUN(o->restore(C, live), SC_OK);
		CHECK_RUN(o->restore(C, live), SC_NOT_FOUND);
		repo_row_free(o, g);
		g = calloc(1, m->row_size);
		CHECK_RUN(o->get(C, live, 0, g), SC_OK);
		CHECK(repo_is_null(&m->cols[m->soft_delete_col], g));
		CHECK(repo_count_pk(o, live, false) == 1);
		/* a hard delete removes live and deleted rows; it takes the current version */
		CHECK_RUN(o->del(C, g), SC_OK);
		if (m->version_col >= 0)
			repo_set_int(&m->cols[m->version_col], g, repo_version(m, g) + 1);
		CHECK_RUN(o->del_hard(C, g), SC_OK);
		repo_expect_absent(o, live, SC_READ_WITH_DELETED);
		CHECK(repo_count_pk(o, live, true) == 0);
		repo_row_free(o, g);
	} else {
		CHECK_RUN(o->del(C, live), SC_OK);
		repo_expect_absent(o, live, 0);
		repo_expect_absent(o, live, SC_READ_WITH_DELETED);
		CHECK(repo_count_pk(o, live, false) == 0);
		CHECK_RUN(o->del(C, live), SC_NOT_FOUND);
		void *r = repo_row_new(o, seed + 700);
		CHECK_RUN(o->insert(C, r), SC_OK);
		CHECK_RUN(o->del_hard(C, r), SC_OK);
		repo_expect_absent(o, r, 0);
		CHECK_RUN(o->del_hard(C, r), SC_NOT_FOUND);
		repo_row_free(o, r);
	}
}

static inline void repo_suite_upsert(const repo_ops *o, uint64_t seed)
{
	const sc_entity_meta *m = o->m;
	unsigned first = repo_pk_autoinc(m) ? 1 : 0; /* no _KEY_PK for database-made keys */
	for (int k = 0; k < o->nkeys; k++) {
		const sc_unique_meta *u = &m->uniques[first + (unsigned)k];
		void *a = repo_row_new(o, seed + 800 + (uint64_t)k);
		CHECK_RUN(o->upsert(C, a, k), SC_OK); /* inserts */
		if (m->version_col >= 0)
			CHECK(repo_version(m, a) == 1);
		repo_expect_row(o, a, repo_bit(m->updated_at_col), "upsert insert");
		void *b = repo_row_new(o, seed + 900 + (uint64_t)k);
		for (unsigned j = 0; j < u->ncols; j++)
			repo_col_copy(&m->cols[u->cols[j]], b, a);
		if (m->tenant_col >= 0)
			repo_col_copy(&m->cols[m->tenant_col], b, a);
		CHECK_RUN(o->upsert(C, b, k), SC_OK); /* updates a's row */
		CHECK_MSG(repo_pk_cmp(m, a, b) == 0, "%s upsert on %s: key of the existing row not written back",
			  m->c_name, u->name);
		if (m->version_col >= 0)
			CHECK(repo_version(m, b) == 2);
		repo_expect_row(o, b, repo_bit(m->updated_at_col), "upsert update");
		repo_row_free(o, a);
		repo_row_free(o, b);
	}
	if (o->nkeys > 0) {
		char *rows = calloc(2, m->row_size);
		for (int i = 0; i < 2; i++) {
			void *r = repo_row_new(o, seed + 950 + (uint64_t)i);
			memcpy(rows + (size_t)i * m->row_size, r, m->row_size);
			free(r);
		}
		CHECK_RUN(o->upsert_many(C, rows, 2, 0), SC_OK);
		for (int i = 0; i < 2; i++) {
			repo_expect_row(o, rows + (size_t)i * m->row_size, repo_bit(m->updated_at_col), "upsert_many");
			o->free(rows + (size_t)i * m->row_size);
		}
		free(rows);
	}
}

/* Every operation of one entity. */
static inline void repo_entity_suite(const repo_ops *o, uint64_t seed)
{
	const sc_entity_meta *m = o->m;
	printf("  entity %s\n", m->c_name);
	uint64_t fixed = repo_fixed_cols(m);

	/* insert, get, get_by_*, compare every field */
	void *a = repo_row_new(o, seed);
	CHECK_RUN(o->insert(C, a), SC_OK);
	if (m->version_col >= 0)
		CHECK(repo_version(m, a) == 1);
	if (repo_pk_autoinc(m))
		CHECK(repo_get_int(&m->cols[m->pk[0]], a) > 0);
	repo_expect_row(o, a, 0, "insert");
	for (int k = 0; k < 4 && o->get_by[k]; k++) {
		void *g = calloc(1, m->row_size);
		CHECK_RUN(o->get_by[k](C, a, 0, g), SC_OK);
		CHECK(repo_row_diff(m, a, g, 0, "get_by") == 0);
		repo_row_free(o, g);
	}

	/* locking reads: inside a transaction only */
	if (!env.tenant) {
		void *g = calloc(1, m->row_size);
		CHECK_ST(o->get(C, a, SC_READ_LOCK, g), SC_MISUSE);
		free(g);
	}
	{
		sc_tx_options to = SC_TX_OPTIONS_INIT;
		to.tenant = env.tenant;
		CHECK_ST(sc_tx_begin(C, &to), SC_OK);
		void *g = calloc(1, m->row_size);
		CHECK_ST(o->get(C, a, SC_READ_LOCK, g), SC_OK);
		CHECK(repo_row_diff(m, a, g, 0, "locking get") == 0);
		o->free(g);
		for (int k = 0; k < 4 && o->get_by[k]; k++) {
			CHECK_ST(o->get_by[k](C, a, SC_READ_LOCK | SC_READ_WITH_DELETED, g), SC_OK);
			CHECK(repo_row_diff(m, a, g, 0, "locking get_by") == 0);
			o->free(g);
		}
		free(g);
		CHECK_ST(sc_tx_commit(C), SC_OK);
	}

	/* count / exists / list by key */
	CHECK(repo_count_pk(o, a, false) == 1);
	sc_query *q = repo_pk_query(o, a);
	bool ex = false;
	CHECK_RUN(o->exists(C, q, &ex), SC_OK);
	CHECK(ex);
	repo_page p = {0};
	CHECK_RUN(o->list(C, q, &p), SC_OK);
	CHECK(p.len == 1);
	if (p.len == 1)
		CHECK(repo_row_diff(m, a, p.rows, 0, "list") == 0);
	o->page_free(&p);
	CHECK(p.rows == NULL && p.len == 0);
	sc_query_free(q);

	/* update_fields with every column that may change */
	void *b = repo_row_new(o, seed + 1);
	for (unsigned i = 0; i < m->ncols; i++)
		if (fixed & repo_bit((int)i))
			repo_col_copy(&m->cols[i], b, a);
	unsigned cols[64];
	size_t ncols = 0;
	for (unsigned i = 0; i < m->ncols; i++)
		if (!(fixed & repo_bit((int)i)))
			cols[ncols++] = i;
	CHECK_RUN(o->update_fields(C, b, cols, ncols), SC_OK);
	if (m->version_col >= 0)
		CHECK(repo_version(m, b) == 2);
	repo_expect_row(o, b, 0, "update_fields");
	/* key and version columns are refused */
	unsigned bad = m->pk[0];
	CHECK_RUN(o->update_fields(C, b, &bad, 1), SC_INVALID_ARGUMENT);
	if (m->version_col >= 0) {
		bad = (unsigned)m->version_col;
		CHECK_RUN(o->update_fields(C, b, &bad, 1), SC_INVALID_ARGUMENT);
		/* a's version is stale now */
		CHECK_RUN(o->update(C, a), SC_CONFLICT);
		CHECK_RUN(o->update_fields(C, a, cols, 1), SC_CONFLICT);
		CHECK(repo_version(m, a) == 1); /* unchanged on failure */
		CHECK_RUN(o->del(C, a), SC_CONFLICT);
		CHECK_RUN(o->del_hard(C, a), SC_CONFLICT);
	}

	/* update of the whole row (created_at stays) */
	void *c = repo_row_new(o, seed + 2);
	int created = repo_col_index(m, "created_at");
	for (unsigned i = 0; i < m->ncols; i++)
		if ((fixed & repo_bit((int)i)) || (int)i == created)
			repo_col_copy(&m->cols[i], c, b);
	CHECK_RUN(o->update(C, c), SC_OK);
	if (m->version_col >= 0)
		CHECK(repo_version(m, c) == 3);
	repo_expect_row(o, c, 0, "update");

	repo_suite_not_found(o, c, seed + 3);
	repo_suite_errors(o, c, seed + 5000);
	repo_expect_row(o, c, 0, "after failed writes");

	/* insert_many: all rows written back and readable */
	char *many = calloc(3, m->row_size);
	REQUIRE(many != NULL);
	for (int i = 0; i < 3; i++) {
		void *r = repo_row_new(o, seed + 10 + (uint64_t)i);
		memcpy(many + (size_t)i * m->row_size, r, m->row_size);
		free(r);
	}
	CHECK_RUN(o->insert_many(C, many, 3), SC_OK);
	for (int i = 0; i < 3; i++)
		repo_expect_row(o, many + (size_t)i * m->row_size, 0, "insert_many");
	/* all or nothing: a duplicate of row 0 after a new row */
	unsigned uk = repo_pk_autoinc(m) ? 1 : 0;
	if (uk < m->nuniques) {
		const sc_unique_meta *u = &m->uniques[uk];
		char *two = calloc(2, m->row_size);
		void *r0 = repo_row_new(o, seed + 20), *r1 = repo_row_new(o, seed + 21);
		for (unsigned j = 0; j < u->ncols; j++)
			repo_col_copy(&m->cols[u->cols[j]], r1, many);
		memcpy(two, r0, m->row_size);
		memcpy(two + m->row_size, r1, m->row_size);
		CHECK_RUN(o->insert_many(C, two, 2), SC_UNIQUE_VIOLATION);
		if (!repo_pk_autoinc(m))
			repo_expect_absent(o, r0, SC_READ_WITH_DELETED);
		repo_row_free(o, r0);
		repo_row_free(o, r1);
		free(two);
	}
	for (int i = 0; i < 3; i++)
		o->free(many + (size_t)i * m->row_size);
	free(many);

	if (o->upsert)
		repo_suite_upsert(o, seed + 30);

	repo_suite_delete(o, c, seed + 40);

	repo_row_free(o, a);
	repo_row_free(o, b);
	repo_row_free(o, c);
}

/* ---- batch loaders ---------------------------------------------------- */

/* Loads the children of every other parent (the parents being the distinct
 * keys of the live children, plus a key nobody uses) in one query and
 * checks the exact set and order; list_by_<fk> for each parent. */
static inline void repo_loader_check(const repo_loader *l)
{
	const sc_entity_meta *m = l->child->m;
	int fk = repo_col_index(m, l->fk);
	REQUIRE(fk >= 0);
	const sc_column_meta *fc = &m->cols[fk];
	printf("  loader %s by %s\n", m->c_name, l->fk);

	/* every live child, to compute the expectation in C */
	repo_page all = {0};
	CHECK_RUN(l->child->list(C, NULL, &all), SC_OK);
	sc_uuid parents[12];
	size_t nparents = 0;
	REQUIRE(sc_uuid_v7(&parents[nparents++]) == SC_OK);
	for (size_t r = 0; r < all.len && nparents < 12; r++) {
		const void *row = (const char *)all.rows + r * m->row_size;
		if (repo_is_null(fc, row))
			continue;
		bool seen = false;
		for (size_t k = 0; k < nparents; k++)
			seen |= !memcmp(REPO_CMEMBER(row, fc), &parents[k], sizeof(sc_uuid));
		if (!seen)
			memcpy(&parents[nparents++], REPO_CMEMBER(row, fc), sizeof(sc_uuid));
	}
	CHECK_MSG(nparents >= 2, "%s: the test needs children", m->c_name);

	sc_uuid keys[16];
	size_t nkeys = 0;
	/* the unused key and every other parent (all of them when only one) */
	keys[nkeys++] = parents[0];
	for (size_t i = 1; i < nparents && nkeys < 16; i += 2)
		keys[nkeys++] = parents[i];
	size_t want = 0;
	for (size_t r = 0; r < all.len; r++) {
		const void *row = (const char *)all.rows + r * m->row_size;
		if (repo_is_null(fc, row))
			continue;
		for (size_t k = 0; k < nkeys; k++)
			if (!memcmp(REPO_CMEMBER(row, fc), &keys[k], sizeof(sc_uuid)))
				want++;
	}
	CHECK_MSG(want > 0, "%s: the test needs children of the loaded parents", m->c_name);

	repo_page p = {0};
	repo_begin();
	long q0 = atomic_load(&repo_queries);
	sc_status st = l->load(C, keys, nkeys, &p);
	long used = atomic_load(&repo_queries) - q0;
	repo_end(st);
	CHECK_MSG(st == SC_OK, "%s load_by_%ss: %s (%s)", m->c_name, l->fk, sc_status_name(st), repo_err()->message);
	CHECK_MSG(used == 1, "%s load_by_%ss used %ld queries", m->c_name, l->fk, used);
	CHECK_MSG(p.len == want, "%s load_by_%ss: %zu rows, want %zu", m->c_name, l->fk, p.len, want);
	for (size_t r = 0; r < p.len; r++) {
		const void *row = (const char *)p.rows + r * m->row_size;
		bool ok = false;
		for (size_t k = 0; k < nkeys; k++)
			ok |= !memcmp(REPO_CMEMBER(row, fc), &keys[k], sizeof(sc_uuid));
		CHECK_MSG(ok, "%s load_by_%ss returned a row of another parent", m->c_name, l->fk);
		if (r > 0) { /* ordered by the key, then the primary key */
			const void *prev = (const char *)p.rows + (r - 1) * m->row_size;
			int c1 = repo_col_cmp(fc, prev, row);
			CHECK_MSG(c1 < 0 || (c1 == 0 && repo_pk_cmp(m, prev, row) < 0),
				  "%s load_by_%ss: row %zu out of order", m->c_name, l->fk, r);
		}
		/* and each row is the stored one */
		for (size_t a = 0; a < all.len; a++) {
			const void *x = (const char *)all.rows + a * m->row_size;
			if (repo_pk_cmp(m, x, row) == 0)
				CHECK(repo_row_diff(m, x, row, 0, "loaded row") == 0);
		}
	}
	l->child->page_free(&p);

	/* no keys: no rows, still fine */
	CHECK_RUN(l->load(C, keys, 0, &p), SC_OK);
	CHECK(p.len == 0);
	l->child->page_free(&p);

	/* list_by_<fk> per parent */
	for (size_t k = 0; k < nparents; k++) {
		size_t w = 0;
		for (size_t r = 0; r < all.len; r++) {
			const void *row = (const char *)all.rows + r * m->row_size;
			if (!repo_is_null(fc, row) && !memcmp(REPO_CMEMBER(row, fc), &parents[k], sizeof(sc_uuid)))
				w++;
		}
		CHECK_RUN(l->list_by(C, &parents[k], NULL, &p), SC_OK);
		CHECK_MSG(p.len == w, "%s list_by_%s: %zu rows, want %zu", m->c_name, l->fk, p.len, w);
		for (size_t r = 0; r < p.len; r++)
			CHECK(!memcmp(REPO_CMEMBER((const char *)p.rows + r * m->row_size, fc), &parents[k],
				      sizeof(sc_uuid)));
		l->child->page_free(&p);
	}
	l->child->page_free(&all);
}

#endif
