/* The runtime's per-type facts, from the one type table SC_COL_TYPE_MAP
 * (schemac/query.h), and the dispatch of the codec's per-type jobs.
 *
 * What only depends on how a member is held (its size, its shape: whether
 * NULL is a NULL pointer or a has_ flag, whether the cache stores it with a
 * length) is data: sc__col(t). What genuinely differs per type is a
 * function per job named after the type, `<job>_<TYPE>` (bind_TIME,
 * fake_TIME, ...), reached by SC_COL_DISPATCH, a switch made from the table:
 * a type added to the table without its function of some job does not
 * compile, and the compiler names the function that is missing. */
#ifndef SC_CODEC_COLTYPE_H
#define SC_CODEC_COLTYPE_H

#include <schemac/query.h>

typedef struct sc_col_info {
	size_t size;        /* sizeof the C member (0: not a column type) */
	sc_col_shape shape;
	unsigned ops;       /* SC_COL_OPS_* */
	bool floating;      /* a floating-point value (held in sc_qval.d, not .i) */
	bool by_pointer;    /* held behind a pointer (char *, sc_bytes) whose NULL
			     * is SQL NULL, not by value with a has_ flag */
	int64_t min, max;   /* the range of an integer member (bool, int16_t,
			     * int32_t, int64_t); 0, 0 for the others */
} sc_col_info;

/* Indexed by sc_col_type; entry 0 and the ones past SC_COL_TYPE_MAP's
 * values are zero (size 0: not a type). */
#define SC__COL_INFO_LEN 32
extern const sc_col_info sc__col_info[SC__COL_INFO_LEN];

static inline const sc_col_info *sc__col(sc_col_type t)
{
	return &sc__col_info[(unsigned)t < SC__COL_INFO_LEN ? (unsigned)t : 0];
}

static inline bool sc__col_by_pointer(sc_col_type t)
{
	return sc__col(t)->by_pointer;
}

/* `SC_COL_DISPATCH(t)` is `switch (t) { case SC_COL_X: return SC_COL_JOB(X); ... }`
 * over every row of the table; the caller defines SC_COL_JOB(T) (the call
 * of its job's function for type T) around it and handles an unknown t
 * after it. */
#define SC__COL_RETURN(name, ...) \
	case SC_COL_##name:       \
		return SC_COL_JOB(name);
#define SC_COL_DISPATCH(t)                      \
	switch (t) {                            \
		SC_COL_TYPE_MAP(SC__COL_RETURN) \
	}

/* The same as a statement: `case SC_COL_X: SC_COL_JOB(X); break;`. */
#define SC__COL_DO(name, ...)     \
	case SC_COL_##name:       \
		SC_COL_JOB(name); \
		break;
#define SC_COL_DISPATCH_DO(t)               \
	switch (t) {                        \
		SC_COL_TYPE_MAP(SC__COL_DO) \
	}

#endif
