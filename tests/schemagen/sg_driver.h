/* Round trip of one factory row per entity, for the schemas made by
 * schemagen.py: the per-schema main.c it writes lists the entities (meta,
 * wrappers of the generated functions, foreign keys) and calls
 * sg_run(argv[1]) with a database URL whose tables exist. Parents come
 * before children: a foreign key gets its parent row's key. Rows are
 * compared field by field through the metadata (tests/repo/repo_meta.h). */
#ifndef SG_DRIVER_H
#define SG_DRIVER_H

#include "repo_meta.h"

#define SG_MAX_FK 16

typedef struct sg_fk {
	unsigned col;    /* the child's foreign-key column */
	int parent;      /* index into the entity list */
	unsigned parent_col;
} sg_fk;

typedef struct sg_entity {
	const sc_entity_meta *m;
	const char *table;    /* expected table name; NULL: derived by schemac */
	unsigned ncols;       /* expected number of columns */
	sc_status (*fake)(void *row, uint64_t seed);
	sc_status (*insert)(sc_conn *c, void *row);
	sc_status (*get)(sc_conn *c, const void *key_row, void *out);
	void (*free_row)(void *row);
	sg_fk fks[SG_MAX_FK];
	unsigned nfk;
} sg_entity;

/* The tenant value of a row as text, as sc_tx_options.tenant wants it. */
static inline void sg_tenant_text(const sc_column_meta *c, const void *row, char *out, size_t n)
{
	const unsigned char *p = REPO_CMEMBER(row, c);
	if (c->type == SC_COL_UUID) {
		sc_uuid u;
		char text[SC_UUID_STRLEN + 1];
		memcpy(&u, p, sizeof u);
		snprintf(out, n, "%s", sc_uuid_format(&u, text));
	} else if (c->type == SC_COL_TEXT) {
		const char *s;
		memcpy(&s, p, sizeof s);
		snprintf(out, n, "%s", s);
	} else {
		snprintf(out, n, "%lld", (long long)repo_get_int(c, row));
	}
}

static inline int sg_fail(const sg_entity *e, const char *what, sc_conn *c, sc_status st)
{
	fprintf(stderr, "FAIL %s: %s: %s (%s)\n", e->m->c_name, what, sc_status_name(st),
		sc_conn_error(c)->message);
	return 1;
}

/* Insert, read back and compare one row of entity i; rows[] holds the
 * parents' rows. */
static inline int sg_roundtrip(sc_conn *c, const sg_entity *ents, void **rows, unsigned i)
{
	const sg_entity *e = &ents[i];
	const sc_entity_meta *m = e->m;
	if (m->ncols != e->ncols || (e->table && strcmp(m->table, e->table) != 0)) {
		fprintf(stderr, "FAIL entity %u: meta %s (table %s, %u columns) is not the one expected "
			"(table %s, %u columns)\n", i, m->c_name, m->table, m->ncols,
			e->table ? e->table : "(derived)", e->ncols);
		return 1;
	}
	void *row = calloc(1, m->row_size), *got = calloc(1, m->row_size);
	REQUIRE(row != NULL && got != NULL);
	rows[i] = row;
	sc_status st = e->fake(row, 1000 + i);
	if (st != SC_OK) {
		free(got);
		return sg_fail(e, "fake", c, st);
	}
	for (unsigned k = 0; k < e->nfk; k++) {
		const sg_fk *fk = &e->fks[k];
		const sc_column_meta *pc = &ents[fk->parent].m->cols[fk->parent_col];
		const sc_column_meta *cc = &m->cols[fk->col];
		memcpy(REPO_MEMBER(row, cc), REPO_CMEMBER(rows[fk->parent], pc), repo_col_size(cc));
		repo_set_has(cc, row, true);
	}
	char tenant[256] = "";
	sc_tx_options o = SC_TX_OPTIONS_INIT;
	if (m->tenant_col >= 0) {
		sg_tenant_text(&m->cols[m->tenant_col], row, tenant, sizeof tenant);
		o.tenant = tenant;
	}
	int bad = 0;
	if (o.tenant && (st = sc_tx_begin(c, &o)) != SC_OK) {
		free(got);
		return sg_fail(e, "begin", c, st);
	}
	if ((st = e->insert(c, row)) != SC_OK)
		bad = sg_fail(e, "insert", c, st);
	else if ((st = e->get(c, row, got)) != SC_OK)
		bad = sg_fail(e, "get", c, st);
	else if (repo_row_diff(m, row, got, 0, "read back") != 0)
		bad = 1;
	if (o.tenant) {
		st = bad ? sc_tx_rollback(c) : sc_tx_commit(c);
		if (st != SC_OK && !bad)
			bad = sg_fail(e, "commit", c, st);
	}
	e->free_row(got);
	free(got);
	return bad;
}

static inline int sg_run(const char *url, const sg_entity *ents, unsigned n)
{
	sc_config cfg;
	sc_config_init(&cfg);
	cfg.url = url;
	sc_conn *c = NULL;
	sc_status st = sc_conn_open(&c, &cfg);
	if (st != SC_OK) {
		fprintf(stderr, "FAIL connect %s: %s\n", url, sc_status_name(st));
		return 1;
	}
	void **rows = calloc(n ? n : 1, sizeof *rows);
	REQUIRE(rows != NULL);
	int bad = 0;
	for (unsigned i = 0; i < n && !bad; i++)
		bad = sg_roundtrip(c, ents, rows, i);
	for (unsigned i = 0; i < n; i++)
		if (rows[i]) {
			ents[i].free_row(rows[i]);
			free(rows[i]);
		}
	free(rows);
	sc_conn_close(c);
	CHECK(bad == 0);
	return t_failures != 0;
}

#endif
