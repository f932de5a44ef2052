/*
 * Support for generated repository code: entity metadata, the row codec
 * (bind, read, validate, cache encoding, factory), and the query builder
 * behind generated `list`, `count`, `exists`, `list_by_*` and loaders.
 *
 * Generated code describes each entity once in an sc_entity_meta (column
 * names, C types and member offsets). Every SQL statement of a fixed
 * operation is a constant in the generated source; the query builder
 * assembles list/count SQL from constant fragments only: column names come
 * from the metadata, never from caller text, and every value is a bound
 * parameter.
 *
 * Thread safety: metadata is immutable. An sc_query is used by one thread
 * at a time; the functions taking a connection follow the connection's rule.
 */
#ifndef SCHEMAC_QUERY_H
#define SCHEMAC_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "conn.h"
#include "hooks.h"
#include "stmt.h"
#include "status.h"
#include "uuid.h"
#include "arena.h"
#include "array.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes: data NULL is SQL NULL; data non-NULL with len 0 is empty. */
typedef struct sc_bytes {
	uint8_t *data;
	size_t len;
} sc_bytes;

/** Flags of generated get / get_by_* functions. */
#define SC_READ_LOCK 1u         /**< locking read (FOR UPDATE on PostgreSQL); needs a transaction */
#define SC_READ_WITH_DELETED 2u /**< also find soft-deleted rows */

/** Filter operator sets of a column type (sc_col_type_ops): eq/ne, the
 *  order comparisons lt/le/gt/ge, in, like/ilike. The generator's
 *  SCC_OPS_* are these bits. */
#define SC_COL_OPS_EQ 1u
#define SC_COL_OPS_ORDER 2u
#define SC_COL_OPS_IN 4u
#define SC_COL_OPS_LIKE 8u
/** JSON content: json_contains and path_eq (sc_query_where_json_path). */
#define SC_COL_OPS_JSON 64u

/** How a member of a column type is held in the row struct:
 *  VALUE  by value; nullable columns have a has_<name> flag;
 *  UUID   an sc_uuid by value (has_ flag when nullable);
 *  TEXT   char *, NULL is SQL NULL;
 *  BYTES  sc_bytes, data NULL is SQL NULL;
 *  ENUM   int, the generated enum (values 1..n, 0 unset), SQL text;
 *  ARRAY  an sc_array_* (schemac/array.h), items NULL is SQL NULL; the
 *         elements' type in sc_column_meta.elem. */
typedef enum sc_col_shape {
	SC_COL_SHAPE_VALUE,
	SC_COL_SHAPE_UUID,
	SC_COL_SHAPE_TEXT,
	SC_COL_SHAPE_BYTES,
	SC_COL_SHAPE_ENUM,
	SC_COL_SHAPE_ARRAY
} sc_col_shape;

/**
 * The column types, one row each, with the facts the runtime takes from
 * here instead of switching on the type (the generator's SCC_TYPE_MAP names
 * the row of each language type and is checked against this one):
 *   X(name, value, ctype, codec, shape, ops)
 *   name   SC_COL_<name>
 *   value  its enum value (stable: generated code holds them)
 *   ctype  the C member type
 *   codec  the sc_stmt_bind_<codec> / sc_stmt_column_<codec> pair that moves
 *          it (text: decimal and JSON bind as text; blob: bytes)
 *   shape  how the member is held (SC_COL_SHAPE_<shape>)
 *   ops    the filter operators the query builder accepts (SC_COL_OPS_*)
 * Adding a type: a row here, then the per-type functions each job of the
 * codec names after it (docs/architecture.md, "add a type").
 */
#define SC_COL_TYPE_MAP(X)                                                                            \
	X(BOOL, 1, bool, bool, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_IN)                                  \
	X(INT16, 2, int16_t, int16, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN)          \
	X(INT32, 3, int32_t, int32, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN)          \
	X(INT64, 4, int64_t, int64, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN)          \
	X(DOUBLE, 5, double, double, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN)         \
	X(TEXT, 6, char *, text, TEXT,                                                                \
	  SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN | SC_COL_OPS_LIKE)                         \
	X(DECIMAL, 7, char *, text, TEXT, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN)           \
	X(JSON, 8, char *, text, TEXT, SC_COL_OPS_JSON)                                               \
	X(BYTES, 9, sc_bytes, blob, BYTES, SC_COL_OPS_EQ)                                             \
	X(UUID, 10, sc_uuid, uuid, UUID, SC_COL_OPS_EQ | SC_COL_OPS_IN)                               \
	X(TIMESTAMP, 11, int64_t, timestamp, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN) \
	X(DATE, 12, int32_t, date, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN)           \
	X(ENUM, 13, int, text, ENUM, SC_COL_OPS_EQ | SC_COL_OPS_IN)                                   \
	X(TIME, 14, int64_t, time, VALUE, SC_COL_OPS_EQ | SC_COL_OPS_ORDER | SC_COL_OPS_IN)          \
	X(ARRAY, 15, sc_array, array, ARRAY, 0u)

/** C representation of a column (the member's type): bool, int16_t,
 *  int32_t, int64_t, double, char * (string, text), char * exact decimal
 *  text, char * JSON text, sc_bytes, sc_uuid, int64_t microseconds since the
 *  epoch, int32_t days since the epoch, a generated C enum, int64_t
 *  microseconds since midnight (SC_COL_TYPE_MAP). */
typedef enum sc_col_type {
#define SC__COL_ENUM(name, value, ...) SC_COL_##name = value,
	SC_COL_TYPE_MAP(SC__COL_ENUM)
#undef SC__COL_ENUM
} sc_col_type;

/* sc_column_meta.flags */
#define SC_COLF_NULLABLE 0x01u
#define SC_COLF_PK 0x02u
#define SC_COLF_UNIQUE 0x04u    /**< single-column unique key */
#define SC_COLF_SENSITIVE 0x08u
#define SC_COLF_FK 0x10u
#define SC_COLF_AUTOINCREMENT 0x20u
#define SC_COLF_CHECK 0x40u     /**< check_lo..check_hi hold a range */

/** Marks "no has_<name> member" in sc_column_meta.has_offset. */
#define SC_NO_HAS ((size_t)-1)

/** Limits of one query: values bound (conditions, IN lists count one each,
 *  cursor keys, tenant, paging) and distinct sort keys (ordering plus the
 *  primary key). Past either, executing it fails with SC_INVALID_ARGUMENT
 *  ("query too large"). */
#define SC_QUERY_MAX_PARAMS 256
#define SC_QUERY_MAX_SORT_KEYS 32

typedef struct sc_column_meta {
	const char *name;        /**< quoted SQL identifier: "\"email\"" */
	const char *field;       /**< C member name (for messages) */
	sc_col_type type;
	unsigned flags;
	size_t offset;           /**< offsetof the member */
	size_t has_offset;       /**< offsetof has_<name>, or SC_NO_HAS */
	const char *const *enum_names; /**< SC_COL_ENUM: SQL names of values 1..n */
	unsigned enum_count;
	const char *pg_type;     /**< PostgreSQL type for array parameters: "uuid" */
	uint32_t max_len;        /**< string(n): n; 0 unbounded */
	uint32_t precision, scale; /**< decimal(p,s) */
	double check_lo, check_hi; /**< @check range (SC_COLF_CHECK) */
	sc_col_type elem;        /**< SC_COL_ARRAY: the elements' type (INT16, INT32,
				  *  INT64, TEXT, UUID, ENUM with enum_names) */
} sc_column_meta;

/** A unique key (or the primary key) and its constraint name. */
typedef struct sc_unique_meta {
	const char *name;        /**< constraint / index name: "leads_external_lead_id_key" */
	const unsigned *cols;
	unsigned ncols;
} sc_unique_meta;

typedef struct sc_entity_meta {
	const char *schema;      /**< schema name: "leads" */
	const char *c_name;      /**< C type name: "leads_lead" (for messages) */
	const char *table;       /**< SQL table name, unquoted */
	const char *table_sql;   /**< quoted table name */
	const char *select_list; /**< every column, quoted, in member order */
	const sc_column_meta *cols;
	unsigned ncols;
	const unsigned *pk;      /**< primary key columns (indexes into cols) */
	unsigned npk;
	int soft_delete_col;     /**< -1: none */
	int tenant_col;          /**< -1: none */
	int version_col;         /**< @version column, -1: none */
	int updated_at_col;      /**< @updated_at column, -1: none */
	/** Primary key, then unique keys: lets SQLite errors (which name only
	 *  columns) report the constraint name as PostgreSQL does. */
	const sc_unique_meta *uniques;
	unsigned nuniques;
	size_t row_size;         /**< sizeof the row struct */
	size_t mem_offset;       /**< offsetof the `_mem` member */
	/** The entity's own reader of a whole row (columns 0..ncols-1, member
	 *  order), used by sc_row_read for pages; NULL: the generic reader. */
	sc_status (*read_row)(sc_stmt *st, void *row, sc_arena *mem);
} sc_entity_meta;

/* ---- row codec ------------------------------------------------------- */

/**
 * Bind the members listed in cols (indexes into m->cols) as parameters
 * first, first+1, ... NULL strings/bytes and nullable scalars whose has_
 * flag is false bind SQL NULL.
 */
sc_status sc_row_bind(sc_stmt *st, const sc_entity_meta *m, const void *row,
		      const unsigned *cols, size_t ncols, int first);

/**
 * Read the current result row (every column, in member order, starting at
 * column `first`) into row. Strings and bytes are copied into `mem`.
 */
sc_status sc_row_read(sc_stmt *st, const sc_entity_meta *m, void *row, int first,
		      sc_arena *mem);

/**
 * Check what the database cannot be asked about without revealing values:
 * required strings set, enum members valid. SC_INVALID_ARGUMENT with a
 * message naming the field (on the connection).
 */
sc_status sc_row_check(sc_conn *conn, const sc_entity_meta *m, const void *row);

/** Primary key of row as text ("uuid", "42", a bool as "0"/"1", bytes in
 *  lowercase hex; a composite key joins its
 *  parts with '/', each part with '/' and '\\' escaped by a '\\', so that
 *  ("a/b", "c") is "a\\/b/c" and ("a", "b/c") is "a/b\\/c"),
 *  any length. Writes what fits in buf (n bytes, NUL-terminated when n > 0;
 *  buf may be NULL when n is 0) and returns the full length, as snprintf
 *  does: a result >= n means the text was cut. */
size_t sc_row_key_text(const sc_entity_meta *m, const void *row, char *buf, size_t n);

/** The row cache's key of row: "<schema>:<table>:<primary key text>"
 *  (':' and '\\' in the schema and table names escaped by a '\\'),
 *  malloc'd (free it), or NULL when out of memory (then skip the cache). */
char *sc_row_cache_key(const sc_entity_meta *m, const void *row);

/** After a write failed with `rc`, complete the connection error from the
 *  entity's metadata so both databases report the same fields: for a
 *  unique violation, SQLite names only the column(s) (the constraint comes
 *  from m->uniques) and PostgreSQL only the constraint (the column comes
 *  from the key's first column); for a check violation named
 *  `<table>_<column>_check` (a column's check, as the DDL names it) the
 *  column is set. Returns rc; other statuses are left alone. */
sc_status sc_row_name_violation(sc_conn *conn, const sc_entity_meta *m, sc_status rc);

/** Report SC_NOT_FOUND / SC_CONFLICT / ... on the connection:
 *  "<c_name>: <what>". Returns st. */
sc_status sc_row_fail(sc_conn *conn, const sc_entity_meta *m, sc_status st, const char *what);

/** Fire the change hook / cache invalidation for row (sc_conn_notify_change). */
sc_status sc_row_notify(sc_conn *conn, const sc_entity_meta *m, const void *row,
			sc_change_op op);

/**
 * A single-row write with the change's values for the change hook
 * (sc_config.change_values, runtime/src/codec/change_values.c). Generated
 * update, update_fields, upsert, delete, soft delete and restore call
 * sc_row_audit_begin before the write and sc_row_audit_end (instead of
 * sc_row_notify) after it. Without change values wanted
 * (sc_conn_wants_change_values) begin does nothing and end is
 * sc_row_notify when rc is SC_OK. Otherwise begin opens a transaction (a
 * savepoint inside the caller's) and reads the row by key `key` of key_row
 * (-1: the primary key; else an upsert key, the entity's `_key` enum),
 * locked on PostgreSQL (FOR UPDATE); end, when rc is SC_OK, reads the row
 * again by the same key from `row` (not for deletes), gives the hook the
 * values (hooks.h: sc_change_event.values) and commits, else rolls back and
 * returns rc. A failing begin has cleaned up: return its status.
 */
typedef struct sc_row_audit {
	bool on;       /* values wanted: a transaction is open */
	bool found;    /* old holds the row before the write */
	unsigned unique; /* index into the entity's uniques */
	void *old;
} sc_row_audit;

sc_status sc_row_audit_begin(sc_conn *conn, const sc_entity_meta *m, const void *key_row, int key,
			     sc_row_audit *au);
sc_status sc_row_audit_end(sc_conn *conn, const sc_entity_meta *m, sc_row_audit *au, sc_status rc,
			   const void *row, sc_change_op op);

/* sc_row_exec / sc_row_fetch flags */
#define SC_EXEC_TENANT 0x100u /**< SQLite: append the tenant as the last parameter */
#define SC_EXEC_CACHE 0x200u  /**< fetch: consult the cache (get by primary key) */
/** exec of an upsert: the tenant is bound as with SC_EXEC_TENANT, and no
 *  returned row (SQLite: the conflicting row is another tenant's, so the
 *  DO UPDATE's tenant condition skipped it) is SC_PERMISSION_DENIED, as
 *  PostgreSQL's row-level security reports it. */
#define SC_EXEC_UPSERT 0x400u

/**
 * @tenant on SQLite, decided in one place (runtime/src/codec/tenant.c) with the
 * rules of PostgreSQL's forced row-level security (SPEC 4.6). Both do
 * nothing (SC_OK) on PostgreSQL, where the policy decides, and for
 * entities without @tenant.
 *
 * sc_row_bind_tenant: bind the transaction's tenant (sc_tx_options.tenant)
 * as parameter idx, typed like m's tenant key; NULL without a tenant (or
 * with ""), which matches no row. SC_DATA_ERROR when the tenant is not a
 * value of the key's type.
 *
 * sc_row_check_tenant: a row about to be inserted or upserted must carry
 * the transaction's tenant: SC_PERMISSION_DENIED otherwise, and always
 * without a tenant (PostgreSQL's WITH CHECK).
 */
sc_status sc_row_bind_tenant(sc_conn *conn, const sc_entity_meta *m, sc_stmt *st, int idx);
sc_status sc_row_check_tenant(sc_conn *conn, const sc_entity_meta *m, const void *row);

/**
 * Around a typed query that writes m's table on SQLite (generated code,
 * runtime/src/codec/tenant_guard.c): while guarded, an UPDATE or DELETE of
 * the connection skips rows of another tenant (none without a tenant) and
 * an INSERT or UPDATE writing another tenant's key (or any key without a
 * tenant) fails with SC_PERMISSION_DENIED, as PostgreSQL's policy does.
 * sc_row_unguard_tenant ends the guard and returns rc (a refusal mapped to
 * SC_PERMISSION_DENIED); call it whatever sc_row_guard_tenant returned.
 * Both do nothing on PostgreSQL and for entities without @tenant.
 */
sc_status sc_row_guard_tenant(sc_conn *conn, const sc_entity_meta *m);
sc_status sc_row_unguard_tenant(sc_conn *conn, const sc_entity_meta *m, sc_status rc);

/**
 * Run one write (or probe) statement: parameters from row's members
 * `params`, plus the tenant on SQLite with SC_EXEC_TENANT. Columns the
 * statement returns (RETURNING) are read into `ret` members `ret_cols`
 * (scalars only). *count receives the rows affected (or returned).
 */
sc_status sc_row_exec(sc_conn *conn, const sc_entity_meta *m, const char *sql, const void *row,
		      const unsigned *params, size_t nparams, unsigned flags, void *ret,
		      const unsigned *ret_cols, size_t nret, int64_t *count);

/**
 * sc_row_exec for n rows (rows[i] at row + i * m->row_size) in one
 * transaction (a savepoint when one is open) through sc_stmt_exec_batch.
 */
sc_status sc_row_exec_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, void *rows,
			   size_t n, const unsigned *params, size_t nparams,
			   const unsigned *ret_cols, size_t nret);

/**
 * sc_row_exec_many for an upsert (flags of SC_EXEC_UPSERT for every row):
 * the tenant bound after `nparams` on SQLite, and SC_PERMISSION_DENIED,
 * nothing written, when a row returns nothing.
 */
sc_status sc_row_upsert_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, void *rows,
			     size_t n, const unsigned *params, size_t nparams,
			     const unsigned *ret_cols, size_t nret);

/**
 * Read one row: parameters from key's members `params` (+ tenant), result
 * into out with a new arena in out's `_mem`. flags: SC_READ_* and
 * SC_EXEC_*. SC_NOT_FOUND when there is no row; SC_MISUSE for SC_READ_LOCK
 * outside a transaction. With SC_EXEC_CACHE and no other flag, outside any
 * transaction, the connection's cache is consulted first (key
 * "<schema>:<table>:<primary key text>") and filled on a miss.
 */
sc_status sc_row_fetch(sc_conn *conn, const sc_entity_meta *m, const char *sql, const void *key,
		       const unsigned *params, size_t nparams, unsigned flags, void *out);

/**
 * Children of many parents in one query: `sql` takes the keys as one array
 * parameter $1 (PostgreSQL `= ANY($1::type[])`, SQLite `IN (SELECT value
 * FROM json_each($1))`), plus the tenant with SC_EXEC_TENANT. keys is a C
 * array of column `col`'s type. Rows go to a page (see sc_query_list).
 */
sc_status sc_row_load(sc_conn *conn, const sc_entity_meta *m, const char *sql, unsigned col,
		      const void *keys, size_t n, unsigned flags, void **rows, size_t *len,
		      void **mem);

/**
 * Rows by many single-column primary keys in ONE statement (get_many.c):
 * `sql` and `flags` as for sc_row_load (its ORDER BY does not matter), keys
 * a C array of column `col`'s type. *rows gets n rows in the order of the
 * keys (a duplicated key gets the row again), in *mem (the page's storage);
 * a key without a row gets a zeroed row and found[i] false. found NULL:
 * any missing key is SC_NOT_FOUND (nothing returned). n == 0: SC_OK
 * without a round trip.
 */
sc_status sc_row_get_many(sc_conn *conn, const sc_entity_meta *m, const char *sql, unsigned col, const void *keys,
			  size_t n, unsigned flags, void **rows, size_t *len, void **mem, bool *found);

/**
 * A generated `get_cols`: the row of key's primary key, as `get` finds it
 * (flags SC_READ_*: live rows unless SC_READ_WITH_DELETED, the tenant, a
 * locking read with SC_READ_LOCK), reading only the columns `cols` (as
 * sc_query_select) and the primary key; other members zero. Never through
 * the row cache. The SELECT text is made once per connection, flags and
 * column set (runtime/src/codec/projection.c). SC_NOT_FOUND, SC_MISUSE as
 * sc_row_fetch; SC_INVALID_ARGUMENT for no column or an unknown one.
 */
sc_status sc_row_get_cols(sc_conn *conn, const sc_entity_meta *m, const void *key, unsigned flags,
			  const void *cols, size_t ncols, void *out);

/* ---- typed queries (query_read.c) ------------------------------------
 * What the generated function of a schema `query` calls after preparing
 * its statement (docs/queries.md). `m` describes the result row: an
 * entity's meta, or the generated meta of an inline row (read_row, row_size,
 * mem_offset and c_name are all that is used). */

/**
 * Bind a list parameter: `values` is a C array of n values of column
 * `c`'s type (as the entity `where_<field>_in` functions take), bound as
 * one parameter `idx`: a PostgreSQL array literal (the statement reads it
 * as `$N::type[]`) or, on SQLite, a JSON array (read with json_each).
 * SC_INVALID_ARGUMENT for NULL values with n > 0, or a NULL string or
 * unknown enum value among them.
 */
sc_status sc_stmt_bind_list(sc_conn *conn, sc_stmt *st, int idx, const sc_column_meta *c,
			    const void *values, size_t n);

/**
 * Bind an array member (`arr`, an sc_array_* of column `c`, type
 * SC_COL_ARRAY) as one parameter: a PostgreSQL array literal or a SQLite
 * JSON array; items NULL binds SQL NULL. SC_INVALID_ARGUMENT (message on
 * the connection) for NULL items with n > 0, a NULL string element or an
 * element outside its enum.
 */
sc_status sc_stmt_bind_array(sc_stmt *st, int idx, const sc_column_meta *c, const void *arr);

/**
 * Bind an enum parameter by its SQL name (`<enum>_to_string` of the value):
 * NULL, a value outside the enum, is SC_INVALID_ARGUMENT naming `param`
 * rather than SQL NULL (a nullable parameter tests its pointer first).
 */
sc_status sc_stmt_bind_enum(sc_conn *conn, sc_stmt *st, int idx, const char *name, const char *param);

/**
 * Step st and read its only row into row (strings in a new arena in its
 * `_mem`). No row: with found NULL, SC_NOT_FOUND; else *found = false and
 * SC_OK. A second row: SC_TOO_MANY_ROWS, row left empty.
 */
sc_status sc_stmt_read_one(sc_conn *conn, sc_stmt *st, const sc_entity_meta *m, void *row, bool *found);

/**
 * Step st to the end, every row into an array of m->row_size rows; rows
 * and their strings in one new arena *mem (a page's `_mem`).
 */
sc_status sc_stmt_read_all(sc_stmt *st, const sc_entity_meta *m, void **rows, size_t *len, void **mem);

/**
 * UPDATE of the columns `cols` (an array of the entity's generated column
 * enum) of the row found by row's primary key (live rows only; tenant on
 * SQLite), plus @updated_at from row and `version = version + 1` with the
 * check `version = row's version`; the new version is written to row.
 * Primary key, tenant and version columns are refused (SC_INVALID_ARGUMENT).
 * *count: rows changed (0: not found or version conflict).
 */
sc_status sc_row_update_fields(sc_conn *conn, const sc_entity_meta *m, void *row, const void *cols,
			       size_t ncols, int64_t *count);

/** Encode / decode a row as an opaque byte string (cache values).
 *  encode: *out malloc'd. decode: strings into a new arena in `_mem`. */
sc_status sc_row_encode(const sc_entity_meta *m, const void *row, void **out, size_t *len);
sc_status sc_row_decode(const sc_entity_meta *m, const void *data, size_t len, void *row);

/**
 * Factory: fill row with a valid value for every column from seed,
 * deterministically (lengths, @check ranges, enum values, unique columns
 * unique per seed, nullable columns set). Primary keys made by the database
 * (autoincrement) stay 0; foreign keys stay NULL/nil. Strings live in a new
 * arena in `_mem`. Entity-level @@check expressions are not considered.
 */
sc_status sc_row_fake(const sc_entity_meta *m, void *row, uint64_t seed);

/* ---- query builder ---------------------------------------------------- */

typedef enum sc_op {
	SC_OP_EQ = 1,
	SC_OP_NE,
	SC_OP_LT,
	SC_OP_LE,
	SC_OP_GT,
	SC_OP_GE,
	SC_OP_IN,
	SC_OP_LIKE,     /**< case-sensitive on both databases */
	SC_OP_ILIKE,    /**< case-insensitive on both databases */
	SC_OP_IS_NULL,
	SC_OP_NOT_NULL,
	SC_OP_CONTAINS, /**< array column holds every given element (sc_query_where_array) */
	SC_OP_OVERLAPS, /**< array column holds at least one given element */
	SC_OP_JSON_CONTAINS, /**< json: the column contains the JSON value (jsonb `@>`) */
	SC_OP_JSON_PATH_EQ   /**< json: sc_query_where_json_path */
} sc_op;

/**
 * A filter, ordering and page request for one entity. Built with the
 * functions below (generated code wraps them in typed functions); errors
 * while building (out of memory, a wrong column) are recorded and reported
 * by the executing call. Conditions at the top level are ANDed.
 */
typedef struct sc_query sc_query;

/** New query (NULL when out of memory; executors treat NULL as "all rows"). */
sc_query *sc_query_new(const sc_entity_meta *m);
void sc_query_free(sc_query *q);

/** Groups: conditions inside are joined by AND / OR; NOT negates the AND
 *  of its conditions. Close each with sc_query_group_end. */
void sc_query_and_begin(sc_query *q);
void sc_query_or_begin(sc_query *q);
void sc_query_not_begin(sc_query *q);
void sc_query_group_end(sc_query *q);

/**
 * Condition on column `col`. `value` points to a C value of the column's
 * type (int32_t *, const char ** for strings, const sc_uuid *, sc_bytes *,
 * an enum *); unused (NULL) for SC_OP_IS_NULL / SC_OP_NOT_NULL.
 */
void sc_query_where(sc_query *q, unsigned col, sc_op op, const void *value);
/** `col IN (values)`: values is a C array of n values of the column's type. */
void sc_query_where_in(sc_query *q, unsigned col, const void *values, size_t n);
/** On an array column (SC_COL_ARRAY): SC_OP_CONTAINS (every one of the n
 *  values is an element; PostgreSQL `@>`) or SC_OP_OVERLAPS (at least one
 *  is; `&&`). values is a C array of n elements of the column's element
 *  type, bound as one parameter (an array literal, or a JSON array read
 *  with json_each on SQLite). Contains of no values matches every non-NULL
 *  array, overlaps of none matches nothing; a NULL array matches neither. */
void sc_query_where_array(sc_query *q, unsigned col, sc_op op, const void *values, size_t n);

/**
 * JSON condition `col #> path = value` (jsonb): the element of column
 * `col` (a json column) reached by the path equals the JSON value `value`,
 * as PostgreSQL's jsonb compares (numbers by value, objects whatever their
 * key order). Each of the npath steps is an object key, or an array index
 * ("0", "-1" from the end) when the element is an array; npath 0 is the
 * whole document. A path that leads nowhere matches no row (NULL, also
 * under NOT). Path steps and value are bound as parameters. NULL path with
 * npath > 0, a NULL step or a value that is not JSON: SC_INVALID_ARGUMENT
 * when executed.
 */
void sc_query_where_json_path(sc_query *q, unsigned col, const char *const *path, size_t npath,
			      const char *value);

/** Append an ordering column; the primary key always ends the ordering. */
void sc_query_order_by(sc_query *q, unsigned col, bool desc);
/** Page size (0: no limit). */
void sc_query_limit(sc_query *q, int64_t limit);
void sc_query_offset(sc_query *q, int64_t offset);
/** Resume after the cursor of a previous page (copied). NULL: from the start. */
void sc_query_after(sc_query *q, const char *cursor);
/** Include soft-deleted rows. */
void sc_query_with_deleted(sc_query *q, bool on);
/**
 * Projection: list (and list_each, list_by) reads only the columns `cols`
 * (n values of the entity's generated column enum), plus the primary key
 * and the ordering's columns, which are always read; every other member of
 * the rows is left zero (NULL strings and bytes, has_ flags false, nil
 * uuid, enum 0). Called again, it replaces the set. An unknown column or
 * n == 0 is recorded (SC_INVALID_ARGUMENT from the executing call). count,
 * exists and the bulk writes ignore it.
 */
void sc_query_select(sc_query *q, const void *cols, size_t n);
/** Say that q, even without conditions, is meant to match every row:
 *  sc_query_update_where / sc_query_delete_where refuse an empty filter
 *  otherwise (lists, counts and exists ignore it). */
void sc_query_all(sc_query *q);

/**
 * Run q (NULL: all live rows) and read the rows: *rows is an array of *len
 * rows (m->row_size each) allocated in the new arena *mem, with their
 * strings; *next_cursor (in the same arena) is set when a limit was given
 * and more rows follow, else NULL. On error everything is freed and zeroed.
 */
sc_status sc_query_list(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, void **rows,
			size_t *len, char **next_cursor, void **mem);

/**
 * Streaming form of sc_query_list: the same statement (filter, order, limit,
 * offset, cursor; tenant scope, hooks), with rows read one at a time
 * (sc_stmt_set_streaming: libpq single-row mode, sqlite3_step) and given to
 * fn(row, ud) in order, in constant memory whatever the number of rows.
 * row (m->row_size bytes, its `_mem` NULL) and its strings are reused for
 * the next row: valid during the call only (copy what you keep). fn returns
 * 0 to go on, non-zero to stop early (the rest of the result is cancelled
 * or discarded, see sc_stmt_set_streaming; SC_OK). No next cursor is made. fn must not use conn
 * (SC_MISUSE). Returns SC_OK or the first error (rows before it were given).
 */
typedef int (*sc_query_row_fn)(const void *row, void *ud);
sc_status sc_query_each(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, sc_query_row_fn fn,
			void *ud);

/**
 * Streaming form of sc_stmt_read_all (a typed query's `_each` function): st
 * (bound, not started) runs streaming and each row is read into one reused
 * row (m->row_size bytes, `_mem` NULL; strings in one arena reset per row)
 * and given to fn(row, ud), valid during the call only. fn returns 0 to go
 * on, non-zero to stop early (SC_OK). st is reset afterwards. Returns SC_OK
 * or the first error (rows before it were given); fn NULL:
 * SC_INVALID_ARGUMENT.
 */
sc_status sc_stmt_read_each(sc_stmt *st, const sc_entity_meta *m, sc_query_row_fn fn, void *ud);

/** Like sc_query_list with the extra condition `col = *value` (list_by_<fk>). */
sc_status sc_query_list_by(sc_conn *conn, const sc_entity_meta *m, const sc_query *q,
			   unsigned col, const void *value, void **rows, size_t *len,
			   char **next_cursor, void **mem);

/** Rows matching q's filter (ordering, limit, offset and cursor ignored). */
sc_status sc_query_count(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, int64_t *n);
sc_status sc_query_exists(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, bool *out);

/**
 * Bulk update: set the columns `cols` (the entity's column enum, as for
 * sc_row_update_fields: key, tenant and version refused) to row's values,
 * plus @updated_at from row and `version = version + 1`, on every row
 * matching q's filter (ordering, limit, offset, cursor ignored): live rows
 * only unless sc_query_with_deleted; the tenant's rows only (PostgreSQL: RLS,
 * SQLite: the tenant condition). q NULL, or without conditions and without
 * sc_query_all: SC_INVALID_ARGUMENT, nothing changed. Each changed row fires
 * the change hook (SC_CHANGE_UPDATE) and leaves the row cache.
 * *affected: rows changed.
 */
sc_status sc_query_update_where(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, const void *row,
				const void *cols, size_t ncols, int64_t *affected);

/**
 * Bulk delete of the rows matching q's filter, as sc_query_update_where
 * selects them. @soft_delete entities: soft delete of live rows only (also
 * with sc_query_with_deleted), setting the deletion time and @updated_at
 * from `stamp` (a row) and bumping @version (SC_CHANGE_SOFT_DELETE);
 * otherwise a hard DELETE (SC_CHANGE_DELETE; stamp unused, may be NULL).
 */
sc_status sc_query_delete_where(sc_conn *conn, const sc_entity_meta *m, const sc_query *q, const void *stamp,
				int64_t *affected);

#ifdef __cplusplus
}
#endif

#endif
