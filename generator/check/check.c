/* Semantic checks, driver: collects declarations across files, builds the
 * model's entities and enums, and runs the attribute, reference and graph
 * checks. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "check/check_internal.h"

scc_diag *ck_error(checker *c, scc_loc at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  scc_diag *d = scc_verror(c->d, at, fmt, ap);
  va_end(ap);
  c->errors++;
  return d;
}

/* A name the generated C cannot use. */
static void check_c_name(checker *c, const char *name, scc_loc at, const char *what, const char *sql_name) {
  if (scc_is_c_keyword(name)) {
    scc_diag *g = ck_error(c, at, "%s name '%s' is a C keyword", what, name);
    if (strcmp(what, "field") == 0)
      scc_diag_help(g, "rename it; the column can keep its name with @column(\"%s\")", sql_name);
    else if (strcmp(what, "entity") == 0)
      scc_diag_help(g, "rename it; the table can keep its name with @@table(\"%s\")", sql_name);
    else
      scc_diag_help(g, "rename it; the generated C code uses this name as an identifier");
  } else if (strcmp(what, "field") == 0 && (scc_is_c_macro(name) || strncmp(name, "SC_", 3) == 0)) {
    /* Fields are struct members and parameters: a macro would be expanded
     * (SC_ is the runtime's macro namespace). */
    scc_diag *g = ck_error(c, at, "field name '%s' is a C macro%s", name,
                           scc_is_c_macro(name) ? "" : " name (SC_ belongs to the schemac runtime)");
    scc_diag_help(g, "rename it; the column can keep its name with @column(\"%s\")", sql_name);
  } else if (name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z'))) {
    ck_error(c, at, "%s name '%s' is reserved in C (it starts with '_' and a capital letter or '__')", what, name);
  }
}

/* SQL names from @@table / @column: at most SCC_MAX_IDENT_BYTES, and no
 * control characters (a newline or NUL in a name survives quoting, but not
 * line-based tools, server logs or the migration planner). */
static void check_identifier(checker *c, const char *name, scc_loc at, const char *what) {
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) {
      scc_diag *g = ck_error(c, at, "%s contains a control character (byte 0x%02x)", what, *p);
      scc_diag_help(g, "use printable characters only in SQL names");
      return;
    }
  }
  if (strlen(name) > SCC_MAX_IDENT_BYTES) {
    scc_diag *g = ck_error(c, at, "%s '%s' is longer than %d bytes", what, name, SCC_MAX_IDENT_BYTES);
    scc_diag_help(g, "PostgreSQL truncates identifiers to %d bytes; choose a shorter name", SCC_MAX_IDENT_BYTES);
  }
}

static void build_enum(checker *c, const scc_decl *d, scc_enum *en) {
  en->name = d->name;
  en->snake = scc_snake(c->a, d->name);
  en->doc = d->doc.text;
  en->loc = d->loc;
  check_c_name(c, d->name, d->loc, "enum", NULL);
  uint32_t n = 0;
  for (const scc_enum_value *v = d->values; v; v = v->next) n++;
  en->values = scc_alloc(c->a, (n ? n : 1) * sizeof *en->values);
  for (const scc_enum_value *v = d->values; v; v = v->next) {
    const char *upper = scc_upper(c->a, v->name);
    bool dup = false;
    for (uint32_t i = 0; i < en->nvalues; i++) {
      if (strcmp(en->values[i].name, v->name) == 0) {
        scc_diag *g = ck_error(c, v->loc, "duplicate value '%s' in enum '%s'", v->name, d->name);
        scc_diag_note(g, en->values[i].loc, "'%s' first defined here", v->name);
        dup = true;
        break;
      }
      if (strcmp(en->values[i].upper, upper) == 0) {
        scc_diag *g = ck_error(c, v->loc, "enum values '%s' and '%s' differ only in case", en->values[i].name, v->name);
        scc_diag_note(g, en->values[i].loc, "'%s' defined here", en->values[i].name);
        scc_diag_help(g, "both would be the C constant %s_%s", scc_upper(c->a, en->snake), upper);
        dup = true;
        break;
      }
    }
    if (dup) continue;
    scc_enum_value_m *m = &en->values[en->nvalues++];
    m->name = v->name;
    m->upper = upper;
    m->doc = v->doc.text;
    m->loc = v->loc;
  }
  if (n == 0 && !d->broken) ck_error(c, d->loc, "enum '%s' has no values", d->name);
}

static void build_entity(checker *c, ent_info *ei, const scc_decl *d, uint32_t order) {
  scc_entity *e = scc_alloc(c->a, sizeof *e);
  ei->e = e;
  ei->decl = d;
  e->name = d->name;
  e->snake = scc_snake(c->a, d->name);
  e->table = scc_plural(c->a, e->snake);
  e->doc = d->doc.text;
  e->loc = d->loc;
  e->decl_order = order;
  check_c_name(c, d->name, d->loc, "entity", e->table);
  uint32_t n = 0;
  for (const scc_field *f = d->fields; f; f = f->next) n++;
  e->fields = scc_alloc(c->a, (n ? n : 1) * sizeof *e->fields);
  ei->ast = scc_alloc(c->a, (n ? n : 1) * sizeof *ei->ast);
  ei->ref_attrs = scc_alloc(c->a, (n ? n : 1) * sizeof *ei->ref_attrs);
  for (const scc_field *f = d->fields; f; f = f->next) {
    bool dup = false;
    for (uint32_t i = 0; i < e->nfields; i++) {
      if (strcmp(e->fields[i]->name, f->name) == 0) {
        scc_diag *g = ck_error(c, f->loc, "duplicate field '%s' in entity '%s'", f->name, d->name);
        scc_diag_note(g, e->fields[i]->loc, "'%s' first defined here", f->name);
        dup = true;
        break;
      }
    }
    if (dup) continue;
    scc_mfield *m = scc_alloc(c->a, sizeof *m);
    m->name = f->name;
    m->column = f->name;
    m->doc = f->doc.text;
    m->loc = f->loc;
    m->index = e->nfields;
    m->nullable = f->type.nullable;
    check_c_name(c, f->name, f->loc, "field", f->name);
    if (!ck_resolve_type(c, &f->type, &m->type)) m->type.kind = SCC_T_TEXT; /* keep checking */
    ei->ast[e->nfields] = f;
    e->fields[e->nfields++] = m;
  }
  if (n == 0 && !d->broken) ck_error(c, d->loc, "entity '%s' has no fields", d->name);
  if (e->nfields > SCC_MAX_COLUMNS) {
    scc_diag *g = ck_error(c, e->fields[SCC_MAX_COLUMNS]->loc,
                           "entity '%s' has %u fields; a table has at most %d columns (PostgreSQL's limit)", d->name,
                           (unsigned)e->nfields, SCC_MAX_COLUMNS);
    scc_diag_help(g, "move some fields to another entity with a one-to-one reference");
  }
}

/* Name of the schema: the `schema` declaration, else the first file's
 * base name, made into an identifier. */
static const char *schema_name(checker *c, scc_file *const *files, size_t nfiles, const scc_decl *decl) {
  if (decl) {
    check_c_name(c, decl->name, decl->loc, "schema", NULL);
    return decl->name;
  }
  if (nfiles == 0) return "schema";
  const char *p = files[0]->path;
  const char *slash = strrchr(p, '/');
  if (slash) p = slash + 1;
  const char *dot = strchr(p, '.');
  size_t n = dot ? (size_t)(dot - p) : strlen(p);
  char *name = scc_strndup(c->a, p, n);
  for (char *q = name; *q; q++)
    if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_')) *q = '_';
  if (!name[0] || (name[0] >= '0' && name[0] <= '9') || scc_is_c_keyword(name)) {
    scc_loc at = {files[0]->file, 0, 0};
    scc_diag *g = ck_error(c, at, "cannot derive a schema name from the file name '%s'", files[0]->path);
    scc_diag_help(g, "declare one: schema my_app");
    return "schema";
  }
  return name;
}

scc_schema *scc_check(scc_arena *a, scc_diags *d, scc_file *const *files, size_t nfiles,
                      const scc_check_options *opt) {
  checker c = {0};
  c.a = a;
  c.d = d;
  c.s = scc_alloc(a, sizeof *c.s);

  /* Pass 1: collect declarations, reject duplicate names. */
  uint32_t nent = 0, nenum = 0, nquery = 0;
  const scc_decl *schema_decl = NULL;
  for (size_t i = 0; i < nfiles; i++)
    for (const scc_decl *x = files[i]->decls; x; x = x->next) {
      if (x->kind == SCC_DECL_ENTITY) nent++;
      if (x->kind == SCC_DECL_ENUM) nenum++;
      if (x->kind == SCC_DECL_QUERY) nquery++;
    }
  scc_strmap_init(&c.decls, a, nent + nenum);
  c.ents = scc_alloc(a, (nent + 1) * sizeof *c.ents);
  c.enum_decls = scc_alloc(a, (nenum + 1) * sizeof *c.enum_decls);
  const scc_decl **query_decls = scc_alloc(a, (nquery + 1) * sizeof *query_decls);
  nquery = 0;
  for (size_t i = 0; i < nfiles; i++) {
    for (const scc_decl *x = files[i]->decls; x; x = x->next) {
      if (x->kind == SCC_DECL_SCHEMA) {
        if (schema_decl) {
          scc_diag *g = ck_error(&c, x->kw, "more than one 'schema' declaration");
          scc_diag_note(g, schema_decl->kw, "first declared here");
        } else {
          schema_decl = x;
        }
        continue;
      }
      if (x->kind == SCC_DECL_QUERY) { /* queries have their own namespace */
        query_decls[nquery++] = x;
        continue;
      }
      const scc_decl *prev = scc_strmap_add(&c.decls, x->name, (void *)x);
      if (prev) {
        const char *what = x->kind == SCC_DECL_ENTITY ? "entity" : "enum";
        const char *pwhat = prev->kind == SCC_DECL_ENTITY ? "an entity" : "an enum";
        scc_diag *g = x->kind == prev->kind
                          ? ck_error(&c, x->loc, "duplicate %s '%s'", what, x->name)
                          : ck_error(&c, x->loc, "%s '%s' has the same name as %s", what, x->name, pwhat);
        scc_diag_note(g, prev->loc, "'%s' first defined here", x->name);
        continue;
      }
      if (x->kind == SCC_DECL_ENUM) c.enum_decls[c.s->nenums++] = x;
      else c.ents[c.nents++].decl = x;
    }
  }
  c.schema_decl = schema_decl;
  c.first_file = nfiles ? files[0]->file : SCC_NO_FILE;
  c.s->name = schema_name(&c, files, nfiles, schema_decl);
  c.s->prefix = opt && opt->prefix ? opt->prefix : c.s->name;

  /* Pass 2: enums first (field types refer to them), then entities. */
  c.s->enums = scc_alloc(a, (c.s->nenums + 1) * sizeof *c.s->enums);
  c.enum_by_name = scc_alloc(a, sizeof *c.enum_by_name);
  scc_strmap_init(c.enum_by_name, a, c.s->nenums);
  for (uint32_t i = 0; i < c.s->nenums; i++) {
    c.s->enums[i] = scc_alloc(a, sizeof(scc_enum));
    build_enum(&c, c.enum_decls[i], c.s->enums[i]);
    scc_strmap_add(c.enum_by_name, c.s->enums[i]->name, c.s->enums[i]);
  }
  c.s->enum_index = c.enum_by_name;
  c.s->entities = scc_alloc(a, (c.nents + 1) * sizeof *c.s->entities);
  c.entity_by_name = scc_alloc(a, sizeof *c.entity_by_name);
  scc_strmap_init(c.entity_by_name, a, c.nents);
  for (uint32_t i = 0; i < c.nents; i++) {
    build_entity(&c, &c.ents[i], c.ents[i].decl, i);
    c.s->entities[i] = c.ents[i].e;
    scc_strmap_add(c.entity_by_name, c.ents[i].e->name, c.ents[i].e);
  }
  c.s->nentities = c.nents;
  c.s->entity_index = c.entity_by_name;

  /* Pass 3: attributes, keys, references, indexes, order. */
  for (uint32_t i = 0; i < c.nents; i++) {
    ent_info *ei = &c.ents[i];
    for (uint32_t k = 0; k < ei->e->nfields; k++)
      ck_field_attrs(&c, ei, ei->e->fields[k], ck_array_field(&c, ei->e->fields[k], ei->ast[k]));
    ck_entity_attrs(&c, ei);
    ck_primary_key(&c, ei);
    check_identifier(&c, ei->e->table, ei->table_attr ? ei->table_attr->loc : ei->e->loc, "table name");
    for (uint32_t k = 0; k < ei->e->nfields; k++)
      check_identifier(&c, ei->e->fields[k]->column, ei->e->fields[k]->loc, "column name");
  }
  ck_refs(&c);
  ck_array_keys(&c);
  ck_fk_indexes(&c);
  ck_global_names(&c);
  ck_cycles_and_order(&c);
  ck_sql_exprs(&c);
  ck_queries(&c, query_decls, nquery);
  if (!c.errors && !scc_diags_errors(d)) ck_c_names(&c);
  return c.errors || scc_diags_errors(d) ? NULL : c.s;
}
