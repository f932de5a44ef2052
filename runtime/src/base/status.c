/* Status table, error classification and error records. */
#include "base/base.h"

#include <stdio.h>
#include <string.h>

const char *sc_status_name(sc_status st)
{
	switch (st) {
#define SC__NAME(name, value, msg) \
	case SC_##name:            \
		return "SC_" #name;
		SC_STATUS_MAP(SC__NAME)
#undef SC__NAME
	}
	return "SC_UNKNOWN";
}

const char *sc_status_message(sc_status st)
{
	switch (st) {
#define SC__MSG(name, value, msg) \
	case SC_##name:           \
		return msg;
		SC_STATUS_MAP(SC__MSG)
#undef SC__MSG
	}
	return "unknown status";
}

bool sc_status_is_retryable(sc_status st)
{
	return st == SC_SERIALIZATION_FAILURE || st == SC_DEADLOCK || st == SC_BUSY;
}

/* Exact SQLSTATEs first, then classes (first two characters). */
static const struct {
	const char *code;
	sc_status st;
} sqlstate_exact[] = {
	{"23505", SC_UNIQUE_VIOLATION},
	{"23503", SC_FOREIGN_KEY_VIOLATION},
	{"23001", SC_FOREIGN_KEY_VIOLATION}, /* restrict_violation */
	{"23514", SC_CHECK_VIOLATION},
	{"23502", SC_NOT_NULL_VIOLATION},
	{"23P01", SC_CONSTRAINT_VIOLATION}, /* exclusion_violation */
	{"40001", SC_SERIALIZATION_FAILURE},
	{"40P01", SC_DEADLOCK},
	{"40003", SC_AMBIGUOUS_COMMIT}, /* statement_completion_unknown */
	{"57014", SC_STATEMENT_TIMEOUT}, /* query_canceled */
	{"55P03", SC_LOCK_TIMEOUT},      /* lock_not_available */
	{"57P01", SC_CONNECTION_LOST},   /* admin_shutdown */
	{"57P02", SC_CONNECTION_LOST},   /* crash_shutdown */
	{"57P03", SC_CONNECT_FAILED},    /* cannot_connect_now */
	{"57P04", SC_CONNECTION_LOST},   /* database_dropped */
	{"53300", SC_CONNECT_FAILED},    /* too_many_connections */
	{"25006", SC_READ_ONLY},         /* read_only_sql_transaction */
	{"25P02", SC_TX_ABORTED},        /* in_failed_sql_transaction */
	{"25P03", SC_CONNECTION_LOST},   /* idle_in_transaction_session_timeout */
	{"3D000", SC_CONNECT_FAILED},    /* invalid_catalog_name */
	{"28P01", SC_AUTH_FAILED},
	{"28000", SC_AUTH_FAILED},
	{"42501", SC_PERMISSION_DENIED},
	{"0A000", SC_UNSUPPORTED},
	{"54000", SC_DATA_ERROR}, /* program_limit_exceeded */
	{"54001", SC_SQL_ERROR},  /* statement_too_complex */
	{"53100", SC_ERROR},      /* disk_full */
	{"53200", SC_NO_MEMORY},  /* out_of_memory */
	{"26000", SC_SQL_ERROR},  /* invalid_sql_statement_name */
	{"34000", SC_SQL_ERROR},  /* invalid_cursor_name */
	{"P0002", SC_NOT_FOUND},  /* no_data_found (PL/pgSQL) */
};

static const struct {
	const char *cls;
	sc_status st;
} sqlstate_class[] = {
	{"08", SC_CONNECTION_LOST}, /* connection exception */
	{"22", SC_DATA_ERROR},      /* data exception */
	{"23", SC_CONSTRAINT_VIOLATION},
	{"25", SC_ERROR},           /* invalid transaction state */
	{"28", SC_AUTH_FAILED},
	{"40", SC_SERIALIZATION_FAILURE}, /* transaction rollback */
	{"42", SC_SQL_ERROR},       /* syntax error or access rule violation */
	{"53", SC_ERROR},           /* insufficient resources */
	{"57", SC_ERROR},           /* operator intervention */
	{"0A", SC_UNSUPPORTED},
	{"P0", SC_ERROR},
	{"XX", SC_ERROR},
};

sc_status sc_status_from_sqlstate(const char *s)
{
	if (!s || strlen(s) != 5)
		return SC_ERROR;
	if (strcmp(s, "00000") == 0)
		return SC_OK;
	for (size_t i = 0; i < SC_ARRAY_LEN(sqlstate_exact); i++)
		if (memcmp(s, sqlstate_exact[i].code, 5) == 0)
			return sqlstate_exact[i].st;
	for (size_t i = 0; i < SC_ARRAY_LEN(sqlstate_class); i++)
		if (memcmp(s, sqlstate_class[i].cls, 2) == 0)
			return sqlstate_class[i].st;
	return SC_ERROR;
}

/* SQLite result codes, kept here as numbers so this file needs no sqlite3.h
 * (values are part of SQLite's stable ABI). */
sc_status sc_status_from_sqlite(int code)
{
	switch (code) {
	case 0: return SC_OK;
	case 100: return SC_ROW;
	case 101: return SC_DONE;
	/* extended constraint codes */
	case 2067: /* SQLITE_CONSTRAINT_UNIQUE */
	case 1555: /* SQLITE_CONSTRAINT_PRIMARYKEY */
	case 2579: /* SQLITE_CONSTRAINT_ROWID */
		return SC_UNIQUE_VIOLATION;
	case 787: return SC_FOREIGN_KEY_VIOLATION; /* SQLITE_CONSTRAINT_FOREIGNKEY */
	case 275: return SC_CHECK_VIOLATION;       /* SQLITE_CONSTRAINT_CHECK */
	case 1299: return SC_NOT_NULL_VIOLATION;   /* SQLITE_CONSTRAINT_NOTNULL */
	case 3091: return SC_DATA_ERROR;           /* SQLITE_CONSTRAINT_DATATYPE */
	case 1043: return SC_CONSTRAINT_VIOLATION; /* SQLITE_CONSTRAINT_FUNCTION */
	case 1811: return SC_CONSTRAINT_VIOLATION; /* SQLITE_CONSTRAINT_TRIGGER */
	case 2323: return SC_CONSTRAINT_VIOLATION; /* SQLITE_CONSTRAINT_VTAB */
	case 3851: return SC_CONSTRAINT_VIOLATION; /* SQLITE_CONSTRAINT_PINNED */
	case 264: /* SQLITE_READONLY_RECOVERY */
	case 520: /* SQLITE_READONLY_CANTLOCK */
	case 776: /* SQLITE_READONLY_ROLLBACK */
	case 1032: /* SQLITE_READONLY_DBMOVED */
		return SC_READ_ONLY;
	default: break;
	}
	switch (code & 0xff) {
	case 1: return SC_SQL_ERROR;        /* SQLITE_ERROR */
	case 2: return SC_ERROR;            /* SQLITE_INTERNAL */
	case 3: return SC_PERMISSION_DENIED; /* SQLITE_PERM */
	case 4: return SC_STATEMENT_TIMEOUT; /* SQLITE_ABORT */
	case 5: return SC_BUSY;             /* SQLITE_BUSY (+_RECOVERY, _SNAPSHOT, _TIMEOUT) */
	case 6: return SC_BUSY;             /* SQLITE_LOCKED */
	case 7: return SC_NO_MEMORY;        /* SQLITE_NOMEM */
	case 8: return SC_READ_ONLY;        /* SQLITE_READONLY */
	case 9: return SC_STATEMENT_TIMEOUT; /* SQLITE_INTERRUPT */
	case 10: return SC_ERROR;           /* SQLITE_IOERR */
	case 11: return SC_ERROR;           /* SQLITE_CORRUPT */
	case 12: return SC_NOT_FOUND;       /* SQLITE_NOTFOUND */
	case 13: return SC_ERROR;           /* SQLITE_FULL */
	case 14: return SC_CONNECT_FAILED;  /* SQLITE_CANTOPEN */
	case 15: return SC_ERROR;           /* SQLITE_PROTOCOL */
	case 17: return SC_ERROR;           /* SQLITE_SCHEMA */
	case 18: return SC_DATA_ERROR;      /* SQLITE_TOOBIG */
	case 19: return SC_CONSTRAINT_VIOLATION; /* SQLITE_CONSTRAINT */
	case 20: return SC_DATA_ERROR;      /* SQLITE_MISMATCH */
	case 21: return SC_MISUSE;          /* SQLITE_MISUSE */
	case 22: return SC_UNSUPPORTED;     /* SQLITE_NOLFS */
	case 23: return SC_AUTH_FAILED;     /* SQLITE_AUTH */
	case 25: return SC_INVALID_ARGUMENT; /* SQLITE_RANGE */
	case 26: return SC_CONNECT_FAILED;  /* SQLITE_NOTADB */
	case 100: return SC_ROW;
	case 101: return SC_DONE;
	default: return SC_ERROR;
	}
}

/* ---- error records ---------------------------------------------------- */

static _Thread_local sc_errbuf tls_err;
static _Thread_local bool tls_err_init;

static void point(sc_errbuf *e)
{
	e->pub.message = e->message;
	e->pub.sqlstate = e->sqlstate;
	e->pub.constraint = e->constraint;
	e->pub.table = e->table;
	e->pub.column = e->column;
}

void sc__errbuf_init(sc_errbuf *e)
{
	memset(e, 0, sizeof(*e));
	e->pub.status = SC_OK;
	point(e);
}

static sc_errbuf *tls(void)
{
	if (!tls_err_init) {
		sc__errbuf_init(&tls_err);
		tls_err_init = true;
	}
	return &tls_err;
}

const sc_error *sc_error_last(void)
{
	return &tls()->pub;
}

void sc_error_clear(void)
{
	sc__errbuf_init(tls());
}

void sc__scrub(char *buf, size_t cap, const char *const *secrets)
{
	if (!secrets || !buf)
		return;
	for (; *secrets; secrets++) {
		const char *sec = *secrets;
		size_t sl = strlen(sec);
		if (sl < 3)
			continue;
		char *p;
		while ((p = strstr(buf, sec)) != NULL) {
			size_t rest = strlen(p + sl);
			/* "***" is never longer than a secret of 3+ characters */
			memcpy(p, "***", 3);
			memmove(p + 3, p + sl, rest + 1);
		}
	}
	SC_UNUSED(cap);
}

sc_status sc__err_set(sc_errbuf *e, const char *const *secrets, sc_status status,
		      const char *sqlstate, int sqlite_code, const char *message,
		      const char *constraint, const char *table, const char *column)
{
	e->pub.status = status;
	e->pub.sqlite_code = sqlite_code;
	sc__strlcpy(e->message, message && *message ? message : sc_status_message(status),
		    sizeof(e->message));
	/* one line: cut at the first newline, trim trailing spaces */
	char *nl = strchr(e->message, '\n');
	if (nl)
		*nl = '\0';
	size_t l = strlen(e->message);
	while (l > 0 && (e->message[l - 1] == ' ' || e->message[l - 1] == '\r'))
		e->message[--l] = '\0';
	sc__scrub(e->message, sizeof(e->message), secrets);
	sc__strlcpy(e->sqlstate, sqlstate, sizeof(e->sqlstate));
	sc__strlcpy(e->constraint, constraint, sizeof(e->constraint));
	sc__strlcpy(e->table, table, sizeof(e->table));
	sc__strlcpy(e->column, column, sizeof(e->column));
	point(e);
	sc_errbuf *t = tls();
	if (t != e) {
		*t = *e;
		point(t);
	}
	return status;
}

sc_status sc__tls_err(sc_status status, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return sc__err_set(tls(), NULL, status, "", 0, buf, "", "", "");
}
