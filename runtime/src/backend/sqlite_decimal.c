/* The collation sc_decimal: decimal columns are TEXT on SQLite (exact), so
 * generated SQL orders and range-compares them with `COLLATE sc_decimal`,
 * which compares the texts as numbers, exactly ("-1.5" < "-0.25" < "0" =
 * "-0" < "2" < "10.00"); text that is not a number sorts after every
 * number. Registered on every connection the runtime opens; the DDL does
 * not name it, so other tools can still open and write the file
 * (docs/design.md, "Decimal order on SQLite"). */
#include "backend/backend.h"
#include "base/numcmp.h"

#include <sqlite3.h>

static int decimal_cmp(void *ud, int an, const void *a, int bn, const void *b)
{
	(void)ud;
	return sc__num_cmp(a, (size_t)an, b, (size_t)bn);
}

int sc__sqlite_register_decimal(sqlite3 *db)
{
	return sqlite3_create_collation_v2(db, "sc_decimal", SQLITE_UTF8, NULL, decimal_cmp, NULL);
}
