/* Grammar of .schema files, for the lemon parser generator.
 *
 * Lemon owns the token codes (TK_*, in the generated grammar.h); the re2c
 * lexer returns them directly. Actions only build the syntax tree through
 * the helpers of ast_build.c; meaning is given later, by check.c. */
%name scc_parser
%token_prefix TK_
%token_type {scc_token}
%extra_context {scc_parse_ctx *ctx}
%stack_size 256
%start_symbol file

%include {
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/ast_build.h"
#include "frontend/parse.h"

struct yyParser;
static void scc_syntax_error(struct yyParser *p, int major, scc_token tok, scc_parse_ctx *ctx);
}

%syntax_error { scc_syntax_error(yypParser, yymajor, yyminor, ctx); }
%stack_overflow {
  if (!ctx->overflow) {
    scc_loc l = {ctx->file->file, ctx->prev_end, 0};
    scc_error(ctx->diags, l, "the schema is nested too deeply to parse");
    ctx->errors++;
  }
  ctx->overflow = true;
}

%token SCHEMA ENUM ENTITY QUERY TRUE FALSE IDENT INT DECIMAL STRING
       AT ATAT LBRACE RBRACE LPAREN RPAREN COMMA COLON DOT DOTDOT
       QUESTION MINUS LBRACKET RBRACKET ARROW SQL.

/* Keywords are names wherever a keyword cannot stand (a field called
 * `schema`, an enum value `entity`, an argument `query`): when the parser has
 * no action for the keyword, it retries it as IDENT. */
%fallback IDENT SCHEMA ENUM ENTITY QUERY.

file ::= decls.

decls ::= .
decls ::= decls decl.

decl ::= SCHEMA(K) IDENT(N).                                   { scc_add_schema(ctx, K, N); }
decl ::= ENUM(K) IDENT(N) LBRACE enum_values(V) RBRACE(E).      { scc_add_enum(ctx, K, N, V.head, E); }
decl ::= ENTITY(K) IDENT(N) LBRACE members(M) RBRACE(E).        { scc_add_entity(ctx, K, N, M.head, E); }
decl ::= QUERY(K) IDENT(N) LPAREN qparams(P) RPAREN ARROW qresult(R) qbody(B).
                                                               { scc_add_query(ctx, K, N, P.head, &R, &B); }
decl ::= error.

/* Typed queries (SPEC section 8). The lexer hands a body over as one SQL
 * token, `{` through its matching `}` (parse.c decides where a body starts);
 * a split body is `{ postgres <SQL> sqlite <SQL> }`. */
%type qparams {scc_qparam_list}
qparams(A) ::= .                                               { A.head = A.tail = NULL; }
qparams(A) ::= qparam_list(L).                                 { A = L; }
qparams(A) ::= qparam_list(L) COMMA.                           { A = L; }

%type qparam_list {scc_qparam_list}
qparam_list(A) ::= qparam(X).                                  { A.head = A.tail = NULL; scc_qparam_append(&A, X); }
qparam_list(A) ::= qparam_list(B) COMMA qparam(X).             { A = B; scc_qparam_append(&A, X); }

%type qparam {scc_qparam_ast *}
qparam(A) ::= IDENT(N) type(T) opt_list(L).                    { A = scc_mk_qparam(ctx, N, &T, L); }

%type opt_list {int}
opt_list(A) ::= .                                              { A = 0; }
opt_list(A) ::= LBRACKET RBRACKET.                             { A = 1; }

%type qresult {scc_qresult_ast}
qresult(A) ::= IDENT(N) qcard(C).                              { scc_mk_qresult(ctx, &A, &N, NULL, C); }
qresult(A) ::= LBRACE(O) qparams(P) RBRACE qcard(C).           { scc_mk_qresult(ctx, &A, &O, P.head, C); }

%type qcard {int}
qcard(A) ::= .                                                 { A = SCC_CARD_ONE; }
qcard(A) ::= QUESTION.                                         { A = SCC_CARD_OPT; }
qcard(A) ::= LBRACKET RBRACKET.                                { A = SCC_CARD_MANY; }

%type qbody {scc_body_list}
qbody(A) ::= SQL(S).                                           { A.head = A.tail = NULL; A.open = S; scc_body_append(ctx, &A, NULL, S); }
qbody(A) ::= LBRACE(O) qsplit(L) RBRACE.                       { A = L; A.open = O; }

%type qsplit {scc_body_list}
qsplit(A) ::= IDENT(D) SQL(S).                                 { A.head = A.tail = NULL; scc_body_append(ctx, &A, &D, S); }
qsplit(A) ::= qsplit(B) IDENT(D) SQL(S).                       { A = B; scc_body_append(ctx, &A, &D, S); }

%type enum_values {scc_value_list}
enum_values(A) ::= .                                           { A.head = A.tail = NULL; }
enum_values(A) ::= enum_values(B) enum_value(V).               { A = B; scc_value_append(&A, V); }
enum_values(A) ::= enum_values(B) error.                       { A = B; ctx->broken = true; }

%type enum_value {scc_enum_value *}
enum_value(A) ::= IDENT(N).                                    { A = scc_mk_value(ctx, N); }
enum_value(A) ::= IDENT(N) COMMA.                              { A = scc_mk_value(ctx, N); }

%type members {scc_member_list}
members(A) ::= .                                               { A.head = A.tail = NULL; }
members(A) ::= members(B) field(F).                            { A = B; scc_member_append(ctx, &A, F, NULL); }
members(A) ::= members(B) entity_attr(T).                      { A = B; scc_member_append(ctx, &A, NULL, T); }
members(A) ::= members(B) error.                               { A = B; ctx->broken = true; }

%type field {scc_field *}
field(A) ::= IDENT(N) type(T) attrs(L).                        { A = scc_mk_field(ctx, N, &T, L.head); }
/* An array column, `T[]` or `T[]?` (docs/language.md, Arrays). */
field(A) ::= IDENT(N) array_type(T) attrs(L).                  { A = scc_mk_field(ctx, N, &T, L.head); }

%type array_type {scc_typeref}
array_type(A) ::= IDENT(N) type_args(G) LBRACKET RBRACKET opt_null(Q).
                                                               { scc_mk_type(ctx, &A, N, &G, Q); A.array = true; }

%type type {scc_typeref}
type(A) ::= IDENT(N) type_args(G) opt_null(Q).                 { scc_mk_type(ctx, &A, N, &G, Q); }

%type type_args {scc_arg_list}
type_args(A) ::= .                                             { memset(&A, 0, sizeof A); }
type_args(A) ::= LPAREN arg_list(L) RPAREN.                    { A = L; A.has_parens = true; }

%type opt_null {int}
opt_null(A) ::= .                                              { A = 0; }
opt_null(A) ::= QUESTION.                                      { A = 1; }

%type attrs {scc_attr_list}
attrs(A) ::= .                                                 { A.head = A.tail = NULL; }
attrs(A) ::= attrs(B) attr(C).                                 { A = B; scc_attr_append(&A, C); }

%type attr {scc_attr *}
attr(A) ::= AT(K) IDENT(N) attr_args(G).                       { A = scc_mk_attr(ctx, K, N, &G); }

%type entity_attr {scc_attr *}
entity_attr(A) ::= ATAT(K) IDENT(N) attr_args(G).              { A = scc_mk_attr(ctx, K, N, &G); }

%type attr_args {scc_arg_list}
attr_args(A) ::= .                                             { memset(&A, 0, sizeof A); }
attr_args(A) ::= LPAREN RPAREN.                                { memset(&A, 0, sizeof A); A.has_parens = true; }
attr_args(A) ::= LPAREN arg_list(L) RPAREN.                    { A = L; A.has_parens = true; }

%type arg_list {scc_arg_list}
arg_list(A) ::= arg(X).                                        { memset(&A, 0, sizeof A); scc_arg_append(&A, X); }
arg_list(A) ::= arg_list(B) COMMA arg(X).                      { A = B; scc_arg_append(&A, X); }

%type arg {scc_arg *}
arg(A) ::= expr(E).                                            { A = scc_mk_arg(ctx, NULL, E); }
arg(A) ::= IDENT(N) COLON expr(E).                             { A = scc_mk_arg(ctx, &N, E); }

%type expr {scc_expr *}
expr(A) ::= IDENT(N).                                          { A = scc_mk_word(ctx, SCC_EXPR_IDENT, N, NULL); }
expr(A) ::= IDENT(N) DOT IDENT(F).                             { A = scc_mk_word(ctx, SCC_EXPR_PATH, N, &F); }
expr(A) ::= IDENT(N) IDENT(M).                                 { A = scc_mk_word(ctx, SCC_EXPR_SORTED, N, &M); }
expr(A) ::= IDENT(N) LPAREN RPAREN.                            { A = scc_mk_call(ctx, N, NULL); }
expr(A) ::= IDENT(N) LPAREN arg_list(L) RPAREN.                { A = scc_mk_call(ctx, N, &L); }
expr(A) ::= IDENT(N) LPAREN arg_list(L) RPAREN(R) IDENT(M).  { A = scc_mk_sorted_call(ctx, N, &L, R, M); }
expr(A) ::= STRING(S).                                         { A = scc_mk_string(ctx, S); }
expr(A) ::= TRUE(T).                                           { A = scc_mk_bool(ctx, T, true); }
expr(A) ::= FALSE(T).                                          { A = scc_mk_bool(ctx, T, false); }
expr(A) ::= num(N).                                            { A = N; }
expr(A) ::= num(L) DOTDOT num(H).                              { A = scc_mk_range(ctx, L, H); }

%type num {scc_expr *}
num(A) ::= INT(I).                                             { A = scc_mk_number(ctx, SCC_EXPR_INT, NULL, I); }
num(A) ::= DECIMAL(I).                                         { A = scc_mk_number(ctx, SCC_EXPR_DECIMAL, NULL, I); }
num(A) ::= MINUS(M) INT(I).                                    { A = scc_mk_number(ctx, SCC_EXPR_INT, &M, I); }
num(A) ::= MINUS(M) DECIMAL(I).                                { A = scc_mk_number(ctx, SCC_EXPR_DECIMAL, &M, I); }

%code {
/* Would the parser, in its current state, accept token `tok`? Runs the
 * reductions lemon would run, on a copy of the state stack. */
static int scc_accepts(const yyParser *p, int tok) {
  YYACTIONTYPE st[YYSTACKDEPTH + 2];
  int top = (int)(p->yytos - p->yystack);
  for (int i = 0; i <= top; i++) st[i] = p->yystack[i].stateno;
  for (int guard = 0; guard < 10000; guard++) {
    YYACTIONTYPE act = yy_find_shift_action((YYCODETYPE)tok, st[top]);
    if (act <= YY_MAX_SHIFTREDUCE || act == YY_ACCEPT_ACTION) return 1;
    if (act < YY_MIN_REDUCE) return 0;
    unsigned rule = act - YY_MIN_REDUCE;
    int base = top + yyRuleInfoNRhs[rule];
    if (base < 0 || base + 1 > YYSTACKDEPTH) return 0;
    st[base + 1] = yy_find_reduce_action(st[base], yyRuleInfoLhs[rule]);
    top = base + 1;
  }
  return 0;
}

int scc_parser_accepts(void *p, int tok) { return scc_accepts((const yyParser *)p, tok); }

static void scc_syntax_error(struct yyParser *p, int major, scc_token tok, scc_parse_ctx *ctx) {
  int expected[YYNTOKEN];
  int n = 0;
  for (int t = 1; t < YYNTOKEN; t++) {
    if (t == YYERRORSYMBOL) continue;
    if (!scc_accepts(p, t)) continue;
    /* A keyword accepted only as a name is covered by "a name". */
    if (yyFallback[t] && scc_accepts(p, yyFallback[t])) continue;
    expected[n++] = t;
  }
  scc_report_syntax_error(ctx, major, tok, expected, n);
}
}
