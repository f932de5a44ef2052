/*
 * schemac runtime version.
 *
 * Generated code checks these at compile time, e.g.
 *
 *     #if SC_RUNTIME_VERSION < 0x000100 || SC_RUNTIME_VERSION_MAJOR != 0
 *     #error "generated for libschemac 0.1.x"
 *     #endif
 *
 * and may compare sc_runtime_version() with SC_RUNTIME_VERSION at run time to
 * catch a header/library mismatch.
 */
#ifndef SCHEMAC_VERSION_H
#define SCHEMAC_VERSION_H

#define SC_RUNTIME_VERSION_MAJOR 0
#define SC_RUNTIME_VERSION_MINOR 1
#define SC_RUNTIME_VERSION_PATCH 0

/** 0xMMmmpp: one byte each for major, minor and patch. */
#define SC_RUNTIME_VERSION \
	((SC_RUNTIME_VERSION_MAJOR << 16) | (SC_RUNTIME_VERSION_MINOR << 8) | SC_RUNTIME_VERSION_PATCH)

#define SC_RUNTIME_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The version of the library actually linked, in SC_RUNTIME_VERSION form.
 * Thread safety: safe from any thread.
 */
int sc_runtime_version(void);

#ifdef __cplusplus
}
#endif

#endif
