/*
 * The floor: cmark-gfm's library rendering Markdown files in one process, on one thread, writing
 * nothing. Each file gets a fresh parser with the options and extensions policysite uses
 * (Sources/PolicySiteMarkdown/CmarkGFM.swift and MarkdownRenderer.swift): CMARK_OPT_DEFAULT |
 * CMARK_OPT_FOOTNOTES (safe mode), and the table, strikethrough, autolink and tasklist extensions.
 * policysite does not attach tagfilter: safe mode already leaves raw HTML out, so it would change
 * nothing. A version file's front matter (a first line `---` up to the next `---` line) is skipped,
 * as policysite renders only the body.
 *
 * The HTML lengths are summed and printed, so that the compiler cannot drop the work.
 *
 * Usage: cmark_floor [--phases] LIST   (LIST: a file naming one Markdown file per line; - for stdin)
 *   --phases  also prints the CPU time spent in parsing blocks (cmark_parser_feed), parsing inlines
 *             (cmark_parser_finish) and rendering HTML (cmark_render_html), to stderr.
 */
#define _POSIX_C_SOURCE 200809L
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const extension_names[] = {"table", "strikethrough", "autolink", "tasklist"};
#define EXTENSION_COUNT (sizeof extension_names / sizeof extension_names[0])

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The whole file, or NULL (with a message). */
static char *read_file(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); return NULL; }
    size_t capacity = 1 << 16, used = 0;
    char *bytes = malloc(capacity);
    size_t got;
    while (bytes && (got = fread(bytes + used, 1, capacity - used, file)) > 0) {
        used += got;
        if (used == capacity) bytes = realloc(bytes, capacity *= 2);
    }
    if (!bytes || ferror(file)) { perror(path); free(bytes); fclose(file); return NULL; }
    fclose(file);
    *length = used;
    return bytes;
}

/* Where the body starts: after the front matter's closing `---` line, if the file opens with one. */
static size_t body_offset(const char *text, size_t length) {
    if (length < 4 || strncmp(text, "---\n", 4) != 0) return 0;
    for (size_t i = 4; i + 3 <= length; i++) {
        if ((i == 4 || text[i - 1] == '\n') && strncmp(text + i, "---", 3) == 0 &&
            (i + 3 == length || text[i + 3] == '\n'))
            return i + 3 == length ? length : i + 4;
    }
    return 0;
}

int main(int argc, char **argv) {
    int phases = 0;
    int arg = 1;
    if (arg < argc && strcmp(argv[arg], "--phases") == 0) { phases = 1; arg++; }
    if (arg != argc - 1) {
        fprintf(stderr, "usage: cmark_floor [--phases] LIST (one Markdown file per line; - for stdin)\n");
        return 64;
    }
    FILE *list = strcmp(argv[arg], "-") == 0 ? stdin : fopen(argv[arg], "r");
    if (!list) { perror(argv[arg]); return 66; }

    cmark_gfm_core_extensions_ensure_registered();
    cmark_syntax_extension *extensions[EXTENSION_COUNT];
    for (size_t i = 0; i < EXTENSION_COUNT; i++) {
        extensions[i] = cmark_find_syntax_extension(extension_names[i]);
        if (!extensions[i]) { fprintf(stderr, "cmark_floor: no '%s' extension\n", extension_names[i]); return 69; }
    }
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;

    unsigned long long files = 0, html_bytes = 0;
    double feed_time = 0, finish_time = 0, render_time = 0, t0 = 0, t1 = 0;
    char *line = NULL;
    size_t line_capacity = 0;
    ssize_t line_length;
    while ((line_length = getline(&line, &line_capacity, list)) > 0) {
        if (line[line_length - 1] == '\n') line[--line_length] = '\0';
        if (line_length == 0) continue;
        size_t length;
        char *text = read_file(line, &length);
        if (!text) return 66;
        size_t start = body_offset(text, length);

        cmark_parser *parser = cmark_parser_new(options);
        if (!parser) { fprintf(stderr, "cmark_floor: no parser\n"); return 70; }
        for (size_t i = 0; i < EXTENSION_COUNT; i++) cmark_parser_attach_syntax_extension(parser, extensions[i]);
        if (phases) t0 = now();
        cmark_parser_feed(parser, text + start, length - start);
        if (phases) t1 = now(), feed_time += t1 - t0, t0 = t1;
        cmark_node *document = cmark_parser_finish(parser);
        if (phases) t1 = now(), finish_time += t1 - t0, t0 = t1;
        char *html = document ? cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) : NULL;
        if (phases) t1 = now(), render_time += t1 - t0;
        if (!html) { fprintf(stderr, "%s: cmark-gfm gave no HTML\n", line); return 70; }
        html_bytes += strlen(html);
        files++;
        free(html);
        cmark_node_free(document);
        cmark_parser_free(parser);
        free(text);
    }
    free(line);
    printf("%llu files, %llu bytes of HTML\n", files, html_bytes);
    if (phases)
        fprintf(stderr, "feed (blocks) %.3f s, finish (inlines) %.3f s, render_html %.3f s\n",
                feed_time, finish_time, render_time);
    return 0;
}
