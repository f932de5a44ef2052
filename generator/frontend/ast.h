/* Syntax tree of one schema file, as written. Every node lives in the
 * compilation's arena; names are NUL-terminated copies. Attributes are kept
 * generic (name + arguments) and given meaning by the checks (check.c). */
#ifndef SCC_AST_H
#define SCC_AST_H
#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"

typedef enum {
  SCC_EXPR_IDENT,  /* tier, cascade, now            text            */
  SCC_EXPR_PATH,   /* Lead.id                        text . text2    */
  SCC_EXPR_SORTED, /* created_at desc                text   text2    */
  SCC_EXPR_INT,    /* -12  (text keeps the sign)                     */
  SCC_EXPR_DECIMAL,/* 1.50                                            */
  SCC_EXPR_STRING, /* "x" (text is the decoded value, len its bytes)  */
  SCC_EXPR_BOOL,   /* true / false                                    */
  SCC_EXPR_CALL,   /* uuid(), f(args), f(x) desc     text   args  text2 (sort order, or NULL) */
  SCC_EXPR_RANGE,  /* 0..100                         lo     hi       */
} scc_expr_kind;

typedef struct scc_arg scc_arg;

typedef struct scc_expr {
  scc_expr_kind kind;
  scc_loc loc;  /* whole expression */
  const char *text;
  uint32_t len;
  const char *text2;
  scc_loc loc2; /* of text2 */
  bool bval;
  struct scc_expr *lo, *hi;
  scc_arg *args;
} scc_expr;

struct scc_arg {
  const char *name; /* NULL for a positional argument */
  scc_loc name_loc;
  scc_expr *value;
  scc_arg *next;
};

typedef struct scc_attr {
  const char *name;  /* without the @ or @@ */
  scc_loc loc;       /* the @name */
  scc_loc full;      /* through the closing parenthesis */
  bool has_parens;
  scc_arg *args;
  unsigned nargs;
  struct scc_attr *next;
} scc_attr;

typedef struct scc_typeref {
  const char *name;
  scc_loc loc;       /* the type name */
  scc_loc full;      /* through the ? */
  bool has_parens;
  scc_arg *args;
  unsigned nargs;
  bool nullable;
  bool array;        /* T[] (a field; query parameters keep their own flag) */
} scc_typeref;

/* A doc comment: the `///` lines directly above a declaration, joined by
 * '\n' with the leading `///` and one space stripped. */
typedef struct scc_doc {
  const char *text;
  scc_loc loc; /* first line */
} scc_doc;

typedef struct scc_field {
  const char *name;
  scc_loc loc;
  scc_doc doc;
  scc_typeref type;
  scc_attr *attrs;
  uint32_t start, end; /* byte span of the whole field */
  struct scc_field *next;
} scc_field;

typedef struct scc_enum_value {
  const char *name;
  scc_loc loc;
  scc_doc doc;
  uint32_t start, end;
  struct scc_enum_value *next;
} scc_enum_value;

typedef enum { SCC_DECL_SCHEMA, SCC_DECL_ENUM, SCC_DECL_ENTITY, SCC_DECL_QUERY } scc_decl_kind;

/* A `:name` in a query body: offset and length (the ':' included) inside
 * the file. */
typedef struct scc_sql_ref {
  const char *name;
  scc_loc loc;
  struct scc_sql_ref *next;
} scc_sql_ref;

/* The SQL text of a query, byte-exact: between the braces of the body, or
 * of one dialect's part of a split body (`postgres { ... }`). */
typedef struct scc_sql_body {
  const char *dialect; /* NULL for a shared body, else the word before '{' */
  scc_loc dialect_loc;
  scc_loc loc;         /* the text, without the braces */
  const char *text;    /* NUL-terminated copy of it */
  scc_sql_ref *refs;   /* the :name references, in order */
  struct scc_sql_body *next;
} scc_sql_body;

/* A query parameter `name type`, `name type?`, `name type[]`. */
typedef struct scc_qparam_ast {
  const char *name;
  scc_loc loc;
  scc_typeref type;
  bool list;
  scc_loc full;  /* name through the type's end */
  struct scc_qparam_ast *next;
} scc_qparam_ast;

/* Cardinality suffix of a query result: `E`, `E?`, `E[]`. */
typedef enum { SCC_CARD_ONE, SCC_CARD_OPT, SCC_CARD_MANY } scc_card;

/* The result of a query: a name (an entity, or `exec`) or an inline row. */
typedef struct scc_qresult_ast {
  const char *name;      /* NULL for an inline row */
  scc_loc loc;           /* the name, or the row's '{' */
  scc_qparam_ast *cols;  /* inline row columns (list is false) */
  scc_card card;
  scc_loc full;
} scc_qresult_ast;

/* An entity member in source order, for the formatter. */
typedef struct scc_member {
  scc_field *field; /* exactly one of field/attr is set */
  scc_attr *attr;
  uint32_t start, end;
  struct scc_member *next;
} scc_member;

typedef struct scc_decl {
  scc_decl_kind kind;
  const char *name;
  scc_loc loc;         /* the name */
  scc_loc kw;          /* the keyword */
  scc_doc doc;
  scc_field *fields;   /* entity */
  scc_attr *attrs;     /* entity @@ attributes */
  scc_member *members; /* entity, source order */
  scc_enum_value *values; /* enum */
  scc_qparam_ast *params;  /* query */
  scc_qresult_ast result;  /* query */
  scc_sql_body *bodies;    /* query: one shared, or one per dialect */
  scc_loc body_open;       /* query: the body's '{' */
  uint32_t start, end; /* byte span, keyword through closing brace */
  uint32_t body_end;   /* offset of the closing brace */
  bool broken;         /* had a syntax error inside: checks stay quiet about what may be missing */
  struct scc_decl *next;
} scc_decl;

/* A plain comment (// or block), kept for the formatter. */
typedef struct scc_comment {
  uint32_t start, end;
  struct scc_comment *next;
} scc_comment;

typedef struct scc_file {
  uint32_t file; /* source index */
  const char *path;
  const char *text;
  uint32_t len;
  scc_decl *decls;
  scc_comment *comments;
  bool ok; /* lexed and parsed with no error */
} scc_file;

#endif
