/* Exact comparison of numbers written in decimal text (numcmp.c): the
 * SQLite collation sc_decimal (decimal columns ordered as numbers) and the
 * JSON number equality of the SQLite JSON filters (jsonb compares numbers
 * as numeric: 1 = 1.0 = 1e0). No floating point: any number of digits. */
#ifndef SC_BASE_NUMCMP_H
#define SC_BASE_NUMCMP_H

#include <stdbool.h>
#include <stddef.h>

/* Whether s (n bytes) is a number: [+-]?(digits[.digits?] | .digits)
 * followed by an optional exponent [eE][+-]?digits. (JSON numbers and
 * sc_decimal_canonical's input are such numbers.) */
bool sc__num_valid(const char *s, size_t n);

/* <0, 0, >0 as a is less than, equal to, greater than b, by value ("1.50"
 * equals "1.5", "-0" equals "0"). Text that is not a number sorts after
 * every number, and such texts among themselves by their bytes, so the
 * order is total (a collation must be). */
int sc__num_cmp(const char *a, size_t an, const char *b, size_t bn);

#endif
