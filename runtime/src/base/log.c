/* Logging through the settings' callback (or stderr), secrets scrubbed. */
#include "base/base.h"

#include <stdio.h>

static const char *level_name(sc_log_level l)
{
	switch (l) {
	case SC_LOG_DEBUG: return "DEBUG";
	case SC_LOG_INFO: return "INFO";
	case SC_LOG_WARN: return "WARN";
	case SC_LOG_ERROR: return "ERROR";
	default: return "OFF";
	}
}

void sc__log(const sc_shared *sh, sc_log_level level, const char *fmt, ...)
{
	if (level < sh->s.log_level || level >= SC_LOG_OFF)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sc__scrub(buf, sizeof(buf), sh->s.secrets);
	if (sh->s.log_fn)
		sh->s.log_fn(sh->s.log_ud, level, sh->s.name, buf);
	else
		fprintf(stderr, "schemac[%s] %s: %s\n", sh->s.name, level_name(level), buf);
}
