/*
 * The SQL every implementation runs, written once. PostgreSQL placeholders
 * ($n); the SQLite implementations use the same text (sqlite3 accepts $n as
 * a named parameter numbered by first appearance, which matches here since
 * each $n appears in order). Column order is LEAD_COLS everywhere.
 */
#ifndef BENCH_SQL_H
#define BENCH_SQL_H

#define LEAD_COLS                                                                     \
	"\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"postcode\", " \
	"\"score\", \"status\", \"created_at\", \"updated_at\", \"version\""
#define LEAD_NCOLS 11
#define LEAD_INSERT_COLS                                                                   \
	"\"external_id\", \"first_name\", \"last_name\", \"email\", \"postcode\", \"score\", " \
	"\"status\", \"created_at\", \"updated_at\", \"version\""

#define SQL_INSERT                                                                  \
	"INSERT INTO \"leads\" (" LEAD_INSERT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, " \
	"$8, $9, $10) RETURNING \"id\""
#define SQL_COPY "COPY \"leads\" (" LEAD_INSERT_COLS ") FROM STDIN (FORMAT binary)"
#define SQL_GET "SELECT " LEAD_COLS " FROM \"leads\" WHERE \"id\" = $1"
#define SQL_KEYSET "SELECT " LEAD_COLS " FROM \"leads\" WHERE \"id\" > $1 ORDER BY \"id\" LIMIT 50"
#define SQL_OFFSET "SELECT " LEAD_COLS " FROM \"leads\" ORDER BY \"id\" LIMIT 50 OFFSET $1"
#define SQL_UPDATE                                                                       \
	"UPDATE \"leads\" SET \"score\" = $1, \"updated_at\" = $2, \"version\" = \"version\" + 1 " \
	"WHERE \"id\" = $3 AND \"version\" = $4 RETURNING \"version\""
#define SQL_LIST                                                                   \
	"SELECT " LEAD_COLS " FROM \"leads\" WHERE \"status\" = $1 AND \"score\" >= $2 " \
	"ORDER BY \"score\" DESC, \"id\" LIMIT 50"
#define NOTE_COLS "\"id\", \"lead_id\", \"body\", \"created_at\""
#define SQL_NOTES_BATCH_PG                                                             \
	"SELECT " NOTE_COLS " FROM \"notes\" WHERE \"lead_id\" = ANY($1::bigint[]) ORDER BY " \
	"\"lead_id\", \"id\""
/* SQLite has no arrays: the parent keys travel as one JSON array. */
#define SQL_NOTES_BATCH_SQLITE                                                             \
	"SELECT " NOTE_COLS " FROM \"notes\" WHERE \"lead_id\" IN (SELECT value FROM json_each($1)) " \
	"ORDER BY \"lead_id\", \"id\""
#define SQL_NOTES_ONE "SELECT " NOTE_COLS " FROM \"notes\" WHERE \"lead_id\" = $1 ORDER BY \"id\""
#define SQL_INSERT_NOTE \
	"INSERT INTO \"notes\" (\"lead_id\", \"body\", \"created_at\") VALUES ($1, $2, $3)"

#endif
