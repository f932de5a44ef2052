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
  SCC_EXPR_CALL,   /* uuid(), f(args)                text   args     */
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

typedef enum { SCC_DECL_SCHEMA, SCC_DECL_ENUM, SCC_DECL_ENTITY } scc_decl_kind;

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
