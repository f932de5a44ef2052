/*
 * Array columns (`T[]` in a schema; docs/generated-api.md, "Arrays").
 *
 * A row holds an array as a pointer and a count. items NULL is SQL NULL;
 * items non-NULL with n 0 is the empty array. Rows the library fills own
 * their items (and every string in them) in the row's arena (`_mem`), like
 * strings; arrays the caller puts in a row are borrowed. Elements are never
 * NULL: a NULL string element is refused on write, a NULL element read from
 * the database is SC_DATA_ERROR. Every array type has the layout of
 * sc_array, so the runtime handles them all through it.
 */
#ifndef SCHEMAC_ARRAY_H
#define SCHEMAC_ARRAY_H

#include <stddef.h>
#include <stdint.h>

#include "uuid.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Any array member, as the runtime sees it. */
typedef struct sc_array {
	void *items;
	size_t n;
} sc_array;

/** string[] and text[] */
typedef struct sc_array_text {
	char **items;
	size_t n;
} sc_array_text;
/** smallint[] */
typedef struct sc_array_i16 {
	int16_t *items;
	size_t n;
} sc_array_i16;
/** int[] */
typedef struct sc_array_i32 {
	int32_t *items;
	size_t n;
} sc_array_i32;
/** bigint[] */
typedef struct sc_array_i64 {
	int64_t *items;
	size_t n;
} sc_array_i64;
/** uuid[] */
typedef struct sc_array_uuid {
	sc_uuid *items;
	size_t n;
} sc_array_uuid;
/** An enum's array: items are values of the generated enum (1..count). */
typedef struct sc_array_enum {
	int *items;
	size_t n;
} sc_array_enum;

#ifdef __cplusplus
}
#endif

#endif
