/* The generated DDL of schema/leads.schema, embedded at build time
 * (leads_ddl.c is written by embed_ddl.cmake from leads.<dialect>.sql). */
#ifndef LEADS_DDL_H
#define LEADS_DDL_H

extern const char leads_ddl_postgres[];
extern const char leads_ddl_sqlite[];

#endif
