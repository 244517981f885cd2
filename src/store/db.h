/* The storage adapter: one SQLite file (WAL, foreign keys on, busy
 * timeout), forward-only numbered migrations applied on open, and every SQL
 * statement the program runs, named in one table (store/sql.h) and prepared
 * once per connection. Nothing outside src/store/ sees SQL or sqlite3.
 * A struct db is used by one thread at a time. */
#ifndef MZ_DB_H
#define MZ_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;

/* Opens (creating if needed) the database at path and migrates it to the
 * current schema. On failure *out is NULL and err says why. The caller
 * frees with db_close. */
int db_open(const char *path, struct db **out, struct mz_err *err);

/* Bounds the page caches of every connection of the process together to
 * about `bytes` (SQLite's soft heap limit): past it, the least recently
 * used pages are given back first. Each connection alone may cache up to
 * 64 MiB, which suits one command; a server holds one connection per busy
 * thread and sets this. */
void db_memory_limit(int64_t bytes);
/* The memory the database engine holds now, in bytes (all connections). */
int64_t db_memory_used(void);
void db_close(struct db *db);

/* The schema version after migration (number of applied migrations). */
int db_schema_version(struct db *db);

/* Transactions. db_begin starts an IMMEDIATE transaction (the writer lock
 * is taken at once, so a concurrent writer waits up to the busy timeout
 * instead of failing later). db_rollback is safe to call when no
 * transaction is open. */
int db_begin(struct db *db, struct mz_err *err);
int db_commit(struct db *db, struct mz_err *err);
void db_rollback(struct db *db);

/* A read transaction: every query until db_read_end sees one snapshot and
 * the file locks are taken once instead of per statement. Not for use
 * inside another transaction; db_read_end is safe to call after a failed
 * db_read_begin. */
int db_read_begin(struct db *db, struct mz_err *err);
void db_read_end(struct db *db);

/* Savepoints, for a unit of work inside a transaction that may be undone
 * alone (one imported row). */
int db_savepoint(struct db *db, struct mz_err *err);
int db_release(struct db *db, struct mz_err *err);
void db_rollback_savepoint(struct db *db);

/* Path of the database file given to db_open (borrowed). */
const char *db_path(const struct db *db);

/* Whether a transaction (ours or a savepoint) is open on the connection. */
bool db_in_transaction(const struct db *db);
/* Whether that transaction may have written (BEGIN IMMEDIATE, or a write
 * since): what it reads may yet be rolled back. */
bool db_writing(const struct db *db);

/* Whether each of the n code prefixes names a county or narrower (6
 * characters or more): records of such a scope are best found from its
 * households through the division index; a wider scope is read in one
 * scan of the city's (the statements named *_NARROW and their others). */
bool db_scope_narrow(const char (*prefixes)[13], int n);

/* Runs PRAGMA integrity_check and foreign_key_check; 0 if both are clean. */
int db_check(struct db *db, struct mz_err *err);

/* Whether err is a failure of the database itself (db_error, disk_full,
 * db_readonly, db_corrupt) rather than of the record being written: a
 * batch stops on these instead of rejecting the row. */
bool db_failed(const struct mz_err *err);

/* Copies the database file src, as one consistent snapshot, into dest with
 * SQLite's online backup: src is opened read-only and its readers and
 * writers go on meanwhile (WAL). If create, dest must not exist and is
 * created with mode 0600; otherwise dest is an existing database whose
 * whole content is replaced at once (its other connections see the copy at
 * their next transaction). Fails if a writer keeps dest locked. */
int db_copy(const char *src, const char *dest, bool create, struct mz_err *err);

/* Rows in table (a table of the schema); -1 if there is none such. */
int db_count_rows(struct db *db, const char *table, int64_t *n, struct mz_err *err);

#endif
