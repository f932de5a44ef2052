/* Errors recorded on a connection (and thread-locally), secrets scrubbed. */
#include "backend/backend.h"

#include <stdio.h>

sc_status sc__conn_err(sc_conn *c, sc_status st, const char *sqlstate, int sqlite_code,
		       const char *msg, const char *constraint, const char *table,
		       const char *column)
{
	return sc__err_set(&c->err, c->sh->s.secrets, st, sqlstate, sqlite_code, msg, constraint,
			   table, column);
}

sc_status sc__conn_errf(sc_conn *c, sc_status st, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return sc__conn_err(c, st, "", 0, buf, "", "", "");
}
