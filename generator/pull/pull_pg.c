#include "pull/pull.h"
bool scc_pull_pg(const char *conninfo, const char *schema, scc_pulled *out, scc_buf *err) {
  (void)conninfo, (void)schema;
  scc_pull_init(out, "postgres");
  scc_buf_puts(err, "not yet");
  return false;
}
