/* Drives the re2c lexer and the lemon parser over one file, after checking
 * that the file is text we can read: valid UTF-8, no NUL byte, not huge. */
#include <stdlib.h>
#include <string.h>

#include "ast_build.h"
#include "grammar.h"
#include "names.h"
#include "parse.h"

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
  default: return "a token";
  }
}

/* Which words could the user have meant where a keyword was expected? */
static const char *keyword_hint(const char *word) {
  static const char *const kw[] = {"schema", "enum", "entity", NULL};
  static const struct {
    const char *word, *kw;
  } synonyms[] = {{"model", "entity"}, {"table", "entity"}, {"struct", "entity"},
                  {"type", "entity"},  {"class", "entity"}, {"namespace", "schema"}};
  for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
    if (strcmp(word, synonyms[i].word) == 0) return synonyms[i].kw;
  return scc_suggest(word, kw);
}

void scc_report_syntax_error(scc_parse_ctx *ctx, int major, scc_token tok, const int *expected, int nexpected) {
  ctx->errors++;
  scc_loc at = scc_tok_loc(ctx, tok);
  scc_buf msg = {0};
  if (major == 0)
    scc_buf_puts(&msg, "unexpected end of file");
  else if (major == TK_IDENT || major == TK_INT || major == TK_DECIMAL)
    scc_buf_printf(&msg, "unexpected %s '%.*s'", scc_token_describe(major), (int)tok.n, tok.z);
  else if (major == TK_STRING)
    scc_buf_puts(&msg, "unexpected string");
  else
    scc_buf_printf(&msg, "unexpected %s", scc_token_describe(major));
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
  } else if (major == 0 && nexpected > 0) {
    for (int i = 0; i < nexpected; i++)
      if (expected[i] == TK_RBRACE) scc_diag_help(g, "a '}' is missing");
  }
}

/* Skips a `query` declaration, which is reserved for typed queries (SPEC
 * section 8): its body is SQL, which this lexer does not read. */
static void skip_query(scc_lexer *lx, scc_parse_ctx *ctx, scc_token kw) {
  scc_diag *g = scc_error(ctx->diags, scc_tok_loc(ctx, kw), "typed queries ('query') are not supported yet");
  scc_diag_help(g, "'query' is reserved for typed SQL queries; use the generated list and filter functions for now");
  ctx->errors++;
  const char *p = lx->cur;
  while (*p && *p != '{') p++;
  int depth = 0;
  while (*p) {
    if (*p == '{') depth++;
    if (*p == '}' && --depth == 0) {
      p++;
      break;
    }
    p++;
  }
  lx->cur = p;
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
  void *p = scc_parserAlloc(malloc, &ctx);
  if (!p) abort();
  scc_token tok;
  int code;
  do {
    code = scc_lex(&lx, &tok);
    if (code == TK_QUERY) {
      skip_query(&lx, &ctx, tok);
      continue;
    }
    scc_parser(p, code, tok);
    ctx.prev_end = tok.off + tok.n;
  } while (code != 0 && !ctx.overflow);
  scc_parserFree(p, free);
  scc_lexer_fini(&lx);
  f->ok = ctx.errors == 0 && lx.errors == 0;
  return f->ok;
}
