/*
 * Is cmark-gfm safe on two threads, each with its own parser? Renders every file of LIST once on
 * one thread (the reference), then again on THREADS threads at once, ROUNDS times over, and counts
 * the renders whose HTML differs from the reference. Options and extensions as policysite's (see
 * cmark_floor.c). --lock says what a process-wide mutex is held around:
 *   none      nothing: parsers on different threads run fully in parallel
 *   finish    cmark_parser_finish only (where cmark-gfm parses inlines; see docs/architecture.md)
 *   all       parsing and rendering (what policysite did before)
 * Registration happens once, before any thread starts.
 *
 * Usage: cmark_threads [--lock none|finish|all] [--threads 2] [--rounds 3] LIST
 * Exit status 0 when every render matched, 1 when some differed.
 */
#define _POSIX_C_SOURCE 200809L
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const extension_names[] = {"table", "strikethrough", "autolink", "tasklist"};
#define EXTENSION_COUNT (sizeof extension_names / sizeof extension_names[0])
static cmark_syntax_extension *extensions[EXTENSION_COUNT];
static const int options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;

enum lock_mode { LOCK_NONE, LOCK_FINISH, LOCK_ALL };
static enum lock_mode mode = LOCK_NONE;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static char **texts;          /* the files' contents */
static char **references;     /* their HTML, rendered serially */
static size_t file_count;
static int rounds = 3;

static char *render(const char *text) {
    if (mode == LOCK_ALL) pthread_mutex_lock(&lock);
    cmark_parser *parser = cmark_parser_new(options);
    for (size_t i = 0; i < EXTENSION_COUNT; i++) cmark_parser_attach_syntax_extension(parser, extensions[i]);
    cmark_parser_feed(parser, text, strlen(text));
    if (mode == LOCK_FINISH) pthread_mutex_lock(&lock);
    cmark_node *document = cmark_parser_finish(parser);
    if (mode == LOCK_FINISH) pthread_mutex_unlock(&lock);
    char *html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser));
    cmark_node_free(document);
    cmark_parser_free(parser);
    if (mode == LOCK_ALL) pthread_mutex_unlock(&lock);
    return html;
}

static void *worker(void *counter) {
    unsigned long *differences = counter;
    for (int round = 0; round < rounds; round++) {
        for (size_t i = 0; i < file_count; i++) {
            char *html = render(texts[i]);
            if (strcmp(html, references[i]) != 0) ++*differences;
            free(html);
        }
    }
    return NULL;
}

static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(66); }
    fseek(file, 0, SEEK_END);
    long length = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *bytes = malloc((size_t)length + 1);
    if (fread(bytes, 1, (size_t)length, file) != (size_t)length) { perror(path); exit(66); }
    bytes[length] = '\0';
    fclose(file);
    return bytes;
}

int main(int argc, char **argv) {
    int thread_count = 2;
    const char *list_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--lock") == 0 && i + 1 < argc) {
            const char *m = argv[++i];
            mode = strcmp(m, "all") == 0 ? LOCK_ALL : strcmp(m, "finish") == 0 ? LOCK_FINISH : LOCK_NONE;
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) thread_count = atoi(argv[++i]);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = atoi(argv[++i]);
        else list_path = argv[i];
    }
    if (!list_path || thread_count < 1 || thread_count > 64 || rounds < 1) {
        fprintf(stderr, "usage: cmark_threads [--lock none|finish|all] [--threads 2] [--rounds 3] LIST\n");
        return 64;
    }
    cmark_gfm_core_extensions_ensure_registered();
    for (size_t i = 0; i < EXTENSION_COUNT; i++) extensions[i] = cmark_find_syntax_extension(extension_names[i]);

    FILE *list = fopen(list_path, "r");
    if (!list) { perror(list_path); return 66; }
    size_t capacity = 0;
    char *line = NULL;
    size_t line_capacity = 0;
    ssize_t n;
    while ((n = getline(&line, &line_capacity, list)) > 0) {
        if (line[n - 1] == '\n') line[--n] = '\0';
        if (n == 0) continue;
        if (file_count == capacity) {
            capacity = capacity ? capacity * 2 : 256;
            texts = realloc(texts, capacity * sizeof *texts);
        }
        texts[file_count++] = read_file(line);
    }
    references = malloc(file_count * sizeof *references);
    enum lock_mode chosen = mode;
    mode = LOCK_NONE; /* one thread: no lock needed for the reference */
    for (size_t i = 0; i < file_count; i++) references[i] = render(texts[i]);
    mode = chosen;

    pthread_t threads[64];
    unsigned long differences[64] = {0};
    for (int t = 0; t < thread_count; t++) pthread_create(&threads[t], NULL, worker, &differences[t]);
    unsigned long total = 0;
    for (int t = 0; t < thread_count; t++) { pthread_join(threads[t], NULL); total += differences[t]; }
    unsigned long renders = (unsigned long)thread_count * (unsigned long)rounds * file_count;
    printf("lock %s, %d threads: %lu of %lu parallel renders differ from the serial render\n",
           chosen == LOCK_ALL ? "all" : chosen == LOCK_FINISH ? "finish" : "none", thread_count, total, renders);
    return total ? 1 : 0;
}
