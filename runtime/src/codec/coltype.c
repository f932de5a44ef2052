/* The per-type facts of SC_COL_TYPE_MAP as data (see coltype.h). */
#include "codec/coltype.h"

#include <stdbool.h>
#include <stdint.h>

#define SC__COL_FLOATING(ctype) _Generic((ctype *)0, double *: true, float *: true, default: false)
#define SC__COL_MIN(ctype) \
	_Generic((ctype *)0, bool *: 0, int16_t *: INT16_MIN, int32_t *: INT32_MIN, int64_t *: INT64_MIN, default: 0)
#define SC__COL_MAX(ctype) \
	_Generic((ctype *)0, bool *: 1, int16_t *: INT16_MAX, int32_t *: INT32_MAX, int64_t *: INT64_MAX, default: 0)
#define SC__COL_INFO(name, value, ctype, codec, shape, ops)                                                 \
	[value] = {sizeof(ctype), SC_COL_SHAPE_##shape, (ops), SC__COL_FLOATING(ctype),                     \
		   SC_COL_SHAPE_##shape == SC_COL_SHAPE_TEXT || SC_COL_SHAPE_##shape == SC_COL_SHAPE_BYTES || \
			   SC_COL_SHAPE_##shape == SC_COL_SHAPE_ARRAY,                                             \
		   SC__COL_MIN(ctype),                                                                      \
		   SC__COL_MAX(ctype)},
const sc_col_info sc__col_info[SC__COL_INFO_LEN] = {SC_COL_TYPE_MAP(SC__COL_INFO)};
#undef SC__COL_INFO

/* Every value fits the array. */
#define SC__COL_FITS(name, value, ...) _Static_assert((value) > 0 && (value) < SC__COL_INFO_LEN, \
						       "SC_COL_" #name " outside sc__col_info");
SC_COL_TYPE_MAP(SC__COL_FITS)
#undef SC__COL_FITS
