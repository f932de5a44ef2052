/* The template engine (generator/emit/template.c): each/if/unless/else,
 * lookup through parent items, @index/@number/@first/@last, partials,
 * lines holding only a tag, and the faults: unbalanced blocks reported with
 * file and line, a missing value aborting with file and line. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emit/template.h"

static int failures;
#define CHECK(cond, ...)                                    \
	do {                                                \
		if (!(cond)) {                              \
			fprintf(stderr, "FAIL: " __VA_ARGS__); \
			fputc('\n', stderr);                \
			failures++;                         \
		}                                           \
	} while (0)

static const char *const T = "## a comment {{never}}\n"
			     "@@ fn\n"
			     "void {{type}}_f(void)\n"
			     "{\n"
			     "\t{{#each fields}}\n"
			     "\tuse({{type}}, {{name}}, {{@index}}, {{@number}});\n"
			     "\t{{#if nullable}}\n"
			     "\thas_{{name}} = true;\n"
			     "\t{{else}}\n"
			     "\t/* {{name}} required */\n"
			     "\t{{/if}}\n"
			     "\t{{/each}}\n"
			     "{{body}}\n"
			     "}\n"
			     "@@ list\n"
			     "({{#each fields}}{{name}}{{#unless @last}}, {{/unless}}{{/each}}){{#if empty}} never{{/if}}\n"
			     "{{#unless fields}}\n"
			     "no fields\n"
			     "{{/unless}}\n"
			     "{{> tail}}\n"
			     "@@ tail\n"
			     "tail of {{type}}{{{x}}}\n";

static scc_view *model(scc_arena *a, int nfields)
{
	scc_view *v = scc_view_new(a);
	scc_view_set(v, "type", "t");
	scc_view_set(v, "body", "");
	scc_view_set(v, "x", "X");
	scc_view_flag(v, "empty", false);
	scc_view_list(v, "fields");
	static const char *const names[] = {"a", "b", "c"};
	for (int i = 0; i < nfields; i++) {
		scc_view *f = scc_view_add(v, "fields");
		scc_view_set(f, "name", names[i]);
		scc_view_flag(f, "nullable", i == 1);
	}
	return v;
}

static void test_render(void)
{
	scc_arena *a = scc_arena_new();
	scc_buf b = {0};
	scc_tmpl_render_text(&b, "t.tmpl", T, "fn", model(a, 3));
	const char *want = "void t_f(void)\n"
			   "{\n"
			   "\tuse(t, a, 0, 1);\n"
			   "\t/* a required */\n"
			   "\tuse(t, b, 1, 2);\n"
			   "\thas_b = true;\n"
			   "\tuse(t, c, 2, 3);\n"
			   "\t/* c required */\n"
			   "}\n";
	CHECK(b.data && !strcmp(b.data, want), "fn rendered:\n%s", b.data ? b.data : "(nothing)");
	b.len = 0;
	scc_tmpl_render_text(&b, "t.tmpl", T, "list", model(a, 2));
	scc_buf_putc(&b, '\0');
	CHECK(!strcmp(b.data, "(a, b)\ntail of t{X}\n"), "list rendered:\n%s", b.data);
	b.len = 0;
	scc_tmpl_render_text(&b, "t.tmpl", T, "list", model(a, 0));
	scc_buf_putc(&b, '\0');
	CHECK(!strcmp(b.data, "()\nno fields\ntail of t{X}\n"), "empty list rendered:\n%s", b.data);
	scc_buf_free(&b);
	scc_arena_free(a);
}

/* The check of a text: false, and "file:line: message" naming the line. */
static void expect_fault(const char *text, const char *where, const char *what)
{
	scc_buf err = {0};
	bool ok = scc_tmpl_check("bad.tmpl", text, &err);
	CHECK(!ok, "accepted: %s", text);
	CHECK(!ok && strstr(err.data, where) && strstr(err.data, what), "for %s: got '%s', want '%s' and '%s'", text,
	      err.data ? err.data : "", where, what);
	scc_buf_free(&err);
}

static void test_faults(void)
{
	expect_fault("@@ s\nx\n{{#each f}}\ny\n", "bad.tmpl:3:", "never closed");
	expect_fault("@@ s\n{{#if a}}\n{{/each}}\n", "bad.tmpl:3:", "closes {{#if}} (line 2)");
	expect_fault("@@ s\n\n{{/if}}\n", "bad.tmpl:3:", "without an open block");
	expect_fault("@@ s\n{{else}}\n", "bad.tmpl:2:", "{{else}} outside");
	expect_fault("@@ s\n{{#each a}}{{else}}{{/each}}\n", "bad.tmpl:2:", "{{else}} outside");
	expect_fault("@@ s\n{{#if a}}{{else}}{{else}}{{/if}}\n", "bad.tmpl:2:", "a second one");
	expect_fault("@@ a\n@@ s\n{{#while a}}{{/while}}\n", "bad.tmpl:3:", "unknown block");
	expect_fault("@@ s\nx {{name\n", "bad.tmpl:2:", "unclosed {{");
	scc_buf err = {0};
	CHECK(scc_tmpl_check("t.tmpl", T, &err), "good template refused: %s", err.data);
	for (const scc_template_file *f = scc_template_files; f->name; f++)
		CHECK(scc_tmpl_check(f->name, f->text, &err), "embedded %s refused: %s", f->name, err.data);
	scc_buf_free(&err);
}

/* Rendering `section` of `text` over a model without `type` must abort
 * with a message naming file and line. */
static void expect_abort(const char *text, const char *section, const char *want)
{
	int fds[2];
	if (pipe(fds) != 0) {
		CHECK(0, "pipe");
		return;
	}
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		scc_arena *a = scc_arena_new();
		scc_view *v = scc_view_new(a);
		scc_view_set(v, "other", "1");
		scc_buf b = {0};
		scc_tmpl_render_text(&b, "m.tmpl", text, section, v);
		_exit(0);
	}
	close(fds[1]);
	char msg[512];
	size_t len = 0;
	ssize_t n;
	while ((n = read(fds[0], msg + len, sizeof msg - 1 - len)) > 0)
		len += (size_t)n;
	msg[len] = '\0';
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "%s/%s did not abort", text, section);
	CHECK(strstr(msg, want) != NULL, "%s/%s: message '%s', want '%s'", text, section, msg, want);
}

static void test_aborts(void)
{
	expect_abort("@@ s\nline\n{{type}}_x\n", "s", "m.tmpl:3: 'type' unset");
	expect_abort("@@ s\n{{#each type}}{{/each}}\n", "s", "m.tmpl:2: 'type' unset");
	expect_abort("@@ s\n{{#each other}}{{/each}}\n", "s", "not a list");
	expect_abort("@@ s\n{{> nowhere}}\n", "s", "no section 'nowhere'");
	expect_abort("@@ s\n{{@index}}\n", "s", "outside {{#each}}");
	expect_abort("@@ s\n{{#if a}}\n", "s", "m.tmpl:2: {{#if a}} is never closed");
}

int main(void)
{
	test_render();
	test_faults();
	test_aborts();
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
