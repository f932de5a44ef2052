/*
 * The database dialects, shared by the runtime and the schema compiler
 * (which includes this header without linking the runtime).
 */
#ifndef SCHEMAC_DIALECT_H
#define SCHEMAC_DIALECT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_dialect {
	SC_DIALECT_POSTGRES = 1,
	SC_DIALECT_SQLITE = 2
} sc_dialect;

#ifdef __cplusplus
}
#endif
#endif
