/* Helpers of the command-line tool. */
#ifndef SCC_CLI_COMMON_H
#define SCC_CLI_COMMON_H
#include <stdbool.h>
#include <stddef.h>

/* Exit codes (SPEC section 2). */
enum { EXIT_OK = 0, EXIT_SCHEMA = 1, EXIT_USAGE = 2, EXIT_DB = 3 };

/* Writes `data` to `path` through a temp file and rename(), so readers never
 * see a partial file; leaves the file alone when its content is already
 * `data` (builds stay incremental). Returns 0, or -1 with errno set. */
int scc_write_file_atomic(const char *path, const char *data, size_t len, bool *changed);

/* Reads a whole file; NULL on error (errno set). Free with free(). */
char *scc_read_file(const char *path, size_t *len);
#endif
