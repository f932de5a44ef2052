/* Drives the re2c lexer and the lemon parser over one file, after checking
 * that the file is text we can read: valid UTF-8, no NUL byte, not huge. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "frontend/ast_build.h"
#include "grammar.h"
#include "base/names.h"
#include "frontend/parse.h"

/* Larger files are refused: a schema is hand-written text. */
#define MAX_FILE_BYTES (16u * 1024u * 1024u)

const char *scc_token_describe(int code) {
  switch (code) {
  case 0: return "end of file";
  case TK_SCHEMA: return "'schema'";
  case TK_ENUM: return "'enum'";
  case TK_ENTITY: return "'entity'";
  case TK_QUERY: return "'query'";
  case TK_TRUE: return "'true'";
  case TK_FALSE: return "'false'";
  case TK_IDENT: return "a name";
  case TK_INT: return "an integer";
  case TK_DECIMAL: return "a decimal number";
  case TK_STRING: return "a string";
  case TK_AT: return "'@'";
  case TK_ATAT: return "'@@'";
  case TK_LBRACE: return "'{'";
  case TK_RBRACE: return "'}'";
  case TK_LPAREN: return "'('";
  case TK_RPAREN: return "')'";
  case TK_COMMA: return "','";
  case TK_COLON: return "':'";
  case TK_DOT: return "'.'";
  case TK_DOTDOT: return "'..'";
  case TK_QUESTION: return "'?'";
  case TK_MINUS: return "'-'";
  case TK_LBRACKET: return "'['";
  case TK_RBRACKET: return "']'";
  case TK_ARROW: return "'->'";
  case TK_SQL: return "a query body";
  default: return "a token";
  }
}

/* Which words could the user have meant where a keyword was expected? */
static const char *keyword_hint(const char *word) {
  static const char *const kw[] = {"schema", "enum", "entity", "query", NULL};
  static const struct {
    const char *word, *kw;
  } synonyms[] = {{"model", "entity"}, {"table", "entity"}, {"struct", "entity"},
                  {"type", "entity"},  {"class", "entity"}, {"namespace", "schema"}};
  for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
    if (strcmp(word, synonyms[i].word) == 0) return synonyms[i].kw;
  return scc_suggest(word, kw);
}

/* "entity 'Lead'" for the block being parsed ("the body of query 'q'" for
 * a split query body). */
static void block_what(const scc_parse_ctx *ctx, scc_buf *b) {
  if (ctx->block_kw == TK_QUERY) {
    scc_buf_printf(b, "the body of query '%.*s'", (int)ctx->block_name.n, ctx->block_name.z);
    return;
  }
  scc_buf_printf(b, "%s '%.*s'", ctx->block_kw == TK_ENUM ? "enum" : "entity", (int)ctx->block_name.n,
                 ctx->block_name.z);
}

/* The note under a missing-brace error: where the unclosed block opens. */
static void note_block(const scc_parse_ctx *ctx, scc_diag *g) {
  scc_loc open = {ctx->file->file, ctx->block_open, 1};
  scc_buf what = {0};
  block_what(ctx, &what);
  scc_diag_note(g, open, "%s opens here", what.data);
  scc_buf_free(&what);
}

void scc_report_syntax_error(scc_parse_ctx *ctx, int major, scc_token tok, const int *expected, int nexpected) {
  ctx->errors++;
  if (ctx->quiet) return; /* follows from the lexical error already reported */
  scc_loc at = scc_tok_loc(ctx, tok);
  bool want_rbrace = false, want_sql = false;
  for (int i = 0; i < nexpected; i++) {
    if (expected[i] == TK_RBRACE) want_rbrace = true;
    if (expected[i] == TK_SQL) want_sql = true;
  }
  /* A '{' there is a query body, split or not: "expected a query body". */
  if (want_sql) {
    int *kept = scc_alloc(ctx->arena, ((size_t)nexpected + 1) * sizeof *kept);
    int n = 0;
    for (int i = 0; i < nexpected; i++)
      if (expected[i] != TK_LBRACE) kept[n++] = expected[i];
    expected = kept;
    nexpected = n;
  }
  scc_buf msg = {0};
  if (major == 0) {
    /* Point just past the last token, not at an empty last line. */
    at.off = ctx->prev_end;
    at.len = 0;
    scc_buf_puts(&msg, "unexpected end of file");
    if (want_rbrace && ctx->in_block) {
      scc_buf_puts(&msg, "; the '}' closing ");
      block_what(ctx, &msg);
      scc_buf_puts(&msg, " is missing");
      scc_diag *g = scc_error(ctx->diags, at, "%s", msg.data);
      note_block(ctx, g);
      scc_diag_help(g, "add '}' at the end of the declaration");
      scc_buf_free(&msg);
      return;
    }
  } else if (major == TK_IDENT) {
    scc_buf_printf(&msg, "unexpected name '%.*s'", (int)tok.n, tok.z);
  } else if (major == TK_INT || major == TK_DECIMAL) {
    scc_buf_printf(&msg, "unexpected number '%.*s'", (int)tok.n, tok.z);
  } else if (major == TK_STRING) {
    scc_buf_puts(&msg, "unexpected string");
  } else {
    scc_buf_printf(&msg, "unexpected %s", scc_token_describe(major));
  }
  bool want_keyword = false;
  if (nexpected > 0 && nexpected <= 6) {
    scc_buf_puts(&msg, "; expected ");
    for (int i = 0; i < nexpected; i++) {
      if (expected[i] == TK_ENTITY) want_keyword = true;
      if (i) scc_buf_puts(&msg, i == nexpected - 1 ? " or " : ", ");
      scc_buf_puts(&msg, scc_token_describe(expected[i]));
    }
  }
  scc_diag *g = scc_error(ctx->diags, at, "%s", msg.data);
  scc_buf_free(&msg);
  if (want_keyword && major == TK_IDENT) {
    char *w = scc_strndup(ctx->arena, tok.z, tok.n);
    const char *k = keyword_hint(w);
    if (k) scc_diag_help(g, "did you mean '%s'?", k);
  } else if (major == 0 && want_rbrace) {
    scc_diag_help(g, "a '}' is missing");
  } else if (nexpected >= 2 && (expected[0] == TK_INT || expected[0] == TK_DECIMAL) &&
             ctx->prev_end >= 2 && ctx->file->text[ctx->prev_end - 1] == '.' &&
             ctx->file->text[ctx->prev_end - 2] == '.') {
    scc_diag_help(g, "a range has both bounds: lo..hi, such as 0..100");
  }
}

/* `entity`/`enum`/`schema` where a member was expected: the block before it
 * was not closed. Reported once, here, and the block is closed for the
 * parser so the next declaration parses normally. */
static void missing_brace(scc_parse_ctx *ctx, scc_token kw, int code) {
  ctx->errors++;
  scc_buf msg = {0};
  scc_buf_printf(&msg, "unexpected %s; the '}' closing ", scc_token_describe(code));
  block_what(ctx, &msg);
  scc_buf_puts(&msg, " is missing");
  scc_diag *g = scc_error(ctx->diags, scc_tok_loc(ctx, kw), "%s", msg.data);
  scc_buf_free(&msg);
  note_block(ctx, g);
  scc_diag_help(g, "add '}' before this declaration");
}

/* p past blanks and comments. */
static const char *skip_blank(const char *p) {
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (p[0] == '/' && p[1] == '/') {
      while (*p && *p != '\n') p++;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *e = strstr(p + 2, "*/");
      if (!e) return p;
      p = e + 2;
    } else {
      return p;
    }
  }
}

/* Whether the text at p, after blanks and comments, is `<name> {`: the head
 * of a declaration, so a keyword before it is one (not a field name). */
static bool declaration_follows(const char *p) {
  p = skip_blank(p);
  if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_')) return false;
  while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') p++;
  return *skip_blank(p) == '{';
}

/* Whether the text at p is the rest of a query's head, `<name> ( ... ) ->`,
 * or a broken one (`<name> ( ... ->` with no ')' before the next brace). A
 * field called `query` (`query string(20)`) has no `->` after its ')'. */
static bool query_follows(const char *p) {
  p = skip_blank(p);
  if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_')) return false;
  while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') p++;
  p = skip_blank(p);
  if (*p != '(') return false;
  int depth = 0;
  bool arrow = false;
  for (; *p && *p != '{' && *p != '}'; p++) {
    if (p[0] == '-' && p[1] == '>') arrow = true;
    if (*p == '(') depth++;
    if (*p == ')' && --depth == 0) {
      p = skip_blank(p + 1);
      return p[0] == '-' && p[1] == '>';
    }
  }
  return arrow;
}

/* Rejects what is not text: NUL bytes, invalid UTF-8, absurd sizes. */
static bool check_text(scc_diags *d, scc_file *f) {
  scc_loc at = {f->file, 0, 1};
  if (f->len > MAX_FILE_BYTES) {
    scc_error(d, at, "file is too large (%u bytes; the limit is %u)", (unsigned)f->len, MAX_FILE_BYTES);
    return false;
  }
  const unsigned char *s = (const unsigned char *)f->text;
  for (uint32_t i = 0; i < f->len;) {
    if (s[i] == 0) {
      at.off = i;
      scc_diag *g = scc_error(d, at, "file contains a NUL byte");
      scc_diag_help(g, "schema files are UTF-8 text");
      return false;
    }
    uint32_t cp;
    size_t k = scc_utf8_decode(s + i, f->len - i, &cp);
    if (k == 0) {
      at.off = i;
      scc_diag *g = scc_error(d, at, "file is not valid UTF-8 (byte 0x%02X)", s[i]);
      scc_diag_help(g, "save the file as UTF-8");
      return false;
    }
    i += (uint32_t)k;
  }
  return true;
}

bool scc_parse_file(scc_arena *a, scc_diags *d, scc_file *f) {
  f->ok = false;
  if (!check_text(d, f)) return false;
  scc_parse_ctx ctx = {0};
  ctx.arena = a;
  ctx.diags = d;
  ctx.file = f;
  scc_lexer lx;
  scc_lexer_init(&lx, a, d, f);
  void *p = scc_parserAlloc(scc_xmalloc, &ctx);
  scc_token tok;
  int code;
  int prev_code = 0;
  scc_token prev = {0};
  bool prev_lex_failed = false;
  do {
    unsigned lex_before = lx.errors;
    code = scc_lex(&lx, &tok);
    bool lex_failed = lx.errors != lex_before;
    /* Keywords where a name can stand are names (the grammar's %fallback),
     * except `entity X {` / `enum X {` inside a block: the block's '}' is
     * missing. */
    bool decl_head = ((code == TK_ENTITY || code == TK_ENUM) && declaration_follows(lx.cur)) ||
                     (code == TK_QUERY && query_follows(lx.cur));
    bool keyword = code == TK_SCHEMA || code == TK_ENTITY || code == TK_ENUM || code == TK_QUERY;
    if (keyword && !decl_head && scc_parser_accepts(p, TK_IDENT)) code = TK_IDENT;
    if (code == TK_SCHEMA || code == TK_ENTITY || code == TK_ENUM || code == TK_QUERY) ctx.in_query = code == TK_QUERY;
    /* A '{' where a query body may start is SQL up to its matching '}',
     * unless `<dialect> {` follows: a split body. In a query broken before
     * its body, a '{' that cannot start the inline row is its body too, so
     * the SQL is not read as schema text. */
    bool split_open = false;
    if (code == TK_LBRACE && ctx.in_query) {
      bool body = scc_parser_accepts(p, TK_SQL);
      bool lbrace = scc_parser_accepts(p, TK_LBRACE);
      if ((body && !(lbrace && declaration_follows(lx.cur))) || (!body && !lbrace))
        code = scc_lex_sql_body(&lx, &tok);
      else split_open = body;
    }
    if ((code == TK_ENTITY || code == TK_ENUM || code == TK_SCHEMA || code == TK_QUERY) && ctx.in_block &&
        scc_parser_accepts(p, TK_RBRACE)) {
      missing_brace(&ctx, tok, code);
      scc_token rb = tok;
      rb.n = 0;
      rb.doc.text = NULL;
      scc_parser(p, TK_RBRACE, rb);
      ctx.in_block = false;
    }
    if (code == TK_LBRACE && !ctx.in_block && prev_code == TK_IDENT && !ctx.in_query) {
      ctx.in_block = true;
      ctx.block_open = tok.off;
      ctx.block_name = prev;
    } else if (split_open) {
      ctx.in_block = true;
      ctx.block_open = tok.off;
      ctx.block_kw = TK_QUERY;
    } else if (code == TK_IDENT && prev_code == TK_QUERY) {
      ctx.block_name = tok; /* the query's name, for a split body's missing '}' */
    } else if (code == TK_RBRACE) {
      ctx.in_block = false;
    } else if (code == TK_ENTITY || code == TK_ENUM) {
      ctx.block_kw = code;
    }
    ctx.quiet = lex_failed || prev_lex_failed;
    scc_parser(p, code, tok);
    ctx.prev_end = tok.off + tok.n;
    prev_code = code;
    prev = tok;
    prev_lex_failed = lex_failed;
  } while (code != 0 && !ctx.overflow);
  scc_parserFree(p, free);
  scc_lexer_fini(&lx);
  f->ok = ctx.errors == 0 && lx.errors == 0;
  return f->ok;
}
