/* `schemac pull --db URL [--out FILE]` (cmd_pull.c). */
#ifndef SCC_CMD_PULL_H
#define SCC_CMD_PULL_H
int scc_cmd_pull(int argc, char **argv);
#endif
