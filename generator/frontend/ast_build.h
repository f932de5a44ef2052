/* Syntax-tree construction, called from the grammar actions. */
#ifndef SCC_AST_BUILD_H
#define SCC_AST_BUILD_H
#include "frontend/parse.h"

typedef struct { scc_enum_value *head, *tail; } scc_value_list;
typedef struct { scc_member *head, *tail; } scc_member_list;
typedef struct { scc_attr *head, *tail; } scc_attr_list;
typedef struct { scc_qparam_ast *head, *tail; } scc_qparam_list;
typedef struct {
  scc_sql_body *head, *tail;
  scc_token open; /* the body's '{' */
} scc_body_list;
typedef struct {
  scc_arg *head, *tail;
  unsigned n;
  bool has_parens;
} scc_arg_list;

void scc_add_schema(scc_parse_ctx *ctx, scc_token kw, scc_token name);
void scc_add_enum(scc_parse_ctx *ctx, scc_token kw, scc_token name, scc_enum_value *values, scc_token rbrace);
void scc_add_entity(scc_parse_ctx *ctx, scc_token kw, scc_token name, scc_member *members, scc_token rbrace);

void scc_add_query(scc_parse_ctx *ctx, scc_token kw, scc_token name, scc_qparam_ast *params,
                   const scc_qresult_ast *result, const scc_body_list *bodies);
scc_qparam_ast *scc_mk_qparam(scc_parse_ctx *ctx, scc_token name, const scc_typeref *type, int list);
void scc_qparam_append(scc_qparam_list *l, scc_qparam_ast *p);
/* `name` is the result's name, or the '{' of an inline row (cols set). */
void scc_mk_qresult(scc_parse_ctx *ctx, scc_qresult_ast *out, const scc_token *name, scc_qparam_ast *cols, int card);
/* Appends the body in SQL token `sql` ('{' through '}'), of dialect `dialect` (or shared). */
void scc_body_append(scc_parse_ctx *ctx, scc_body_list *l, const scc_token *dialect, scc_token sql);

scc_enum_value *scc_mk_value(scc_parse_ctx *ctx, scc_token name);
void scc_value_append(scc_value_list *l, scc_enum_value *v);

scc_field *scc_mk_field(scc_parse_ctx *ctx, scc_token name, const scc_typeref *type, scc_attr *attrs);
void scc_member_append(scc_parse_ctx *ctx, scc_member_list *l, scc_field *f, scc_attr *a);
void scc_mk_type(scc_parse_ctx *ctx, scc_typeref *out, scc_token name, const scc_arg_list *args, int nullable);

scc_attr *scc_mk_attr(scc_parse_ctx *ctx, scc_token at, scc_token name, const scc_arg_list *args);
void scc_attr_append(scc_attr_list *l, scc_attr *a);

scc_arg *scc_mk_arg(scc_parse_ctx *ctx, const scc_token *name, scc_expr *value);
void scc_arg_append(scc_arg_list *l, scc_arg *a);

scc_expr *scc_mk_word(scc_parse_ctx *ctx, scc_expr_kind kind, scc_token a, const scc_token *b);
scc_expr *scc_mk_call(scc_parse_ctx *ctx, scc_token name, const scc_arg_list *args);
scc_expr *scc_mk_sorted_call(scc_parse_ctx *ctx, scc_token name, const scc_arg_list *args, scc_token rparen,
                             scc_token order);
scc_expr *scc_mk_string(scc_parse_ctx *ctx, scc_token s);
scc_expr *scc_mk_bool(scc_parse_ctx *ctx, scc_token t, bool v);
scc_expr *scc_mk_number(scc_parse_ctx *ctx, scc_expr_kind kind, const scc_token *minus, scc_token digits);
scc_expr *scc_mk_range(scc_parse_ctx *ctx, scc_expr *lo, scc_expr *hi);

/* Reports a syntax error at `tok`, given the tokens the parser would accept. */
void scc_report_syntax_error(scc_parse_ctx *ctx, int major, scc_token tok, const int *expected, int nexpected);
#endif
