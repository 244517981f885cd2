/* Store-internal: the named, cached prepared statements of store/sql.h
 * and the backend-neutral statement interface every store file uses
 * (bind, step, read columns). Only files in src/store/ include this; only
 * the SQLite adapter (db.c, sqlite.c) includes sqlite3.h. */
#ifndef MZ_STMT_H
#define MZ_STMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/sql.h"

enum sql_id {
#define X(name, sql) SQL_##name,
    SQL_STATEMENTS(X)
#undef X
        SQL_COUNT
};

/* State the store may keep between statements while this connection holds
 * the write lock (inside db_begin … db_commit), when no other writer can
 * change it: the head of the audit chain. NULL outside such a
 * transaction. Rolling back (to a savepoint or entirely) forgets it. */
struct db_cache {
    bool valid;
    bool audit_known;
    int64_t audit_seq;
    unsigned char audit_mac[32];
};
struct db_cache *db_tx_cache(struct db *db);

/* A prepared statement (the adapter's; opaque here). Parameters are
 * numbered from 1 as ?1 … in the statement text, columns from 0. */
struct dbst;

/* What db_step returns: a row is ready, the statement is done, a UNIQUE
 * constraint failed, or another failure (db_error says which). DB_NOMEM
 * is never returned by db_step: the stores use it to mark an allocation
 * that failed while they read rows. */
enum { DB_ERROR = 1, DB_NOMEM = 7, DB_ROW = 100, DB_DONE = 101, DB_UNIQUE = 2067 };
/* What db_col_type returns. */
enum { DB_INTEGER = 1, DB_FLOAT = 2, DB_TEXT = 3, DB_BLOB = 4, DB_NULL = 5 };

/* The prepared statement for id, reset and with bindings cleared; NULL on
 * failure (err filled). Borrowed: valid until db_close. */
struct dbst *db_stmt(struct db *db, enum sql_id id, struct mz_err *err);

/* Prepares sql, a statement built by the store from its own fixed names
 * (never from input); the caller finalizes it. NULL on failure (err
 * filled, `what` names the operation). */
struct dbst *db_prepare(struct db *db, const char *sql, const char *what, struct mz_err *err);
void db_finalize(struct dbst *st);

/* Parameters. Text and blobs are copied unless named _static: then the
 * bytes must stay as they are until the statement is stepped and reset. */
void db_bind_int(struct dbst *st, int i, int v);
void db_bind_int64(struct dbst *st, int i, int64_t v);
void db_bind_double(struct dbst *st, int i, double v);
void db_bind_null(struct dbst *st, int i);
/* Binds text, or NULL if s is NULL. */
void db_bind_text(struct dbst *st, int i, const char *s);
/* Binds the first n bytes of s as text. */
void db_bind_text_n(struct dbst *st, int i, const char *s, size_t n);
void db_bind_blob(struct dbst *st, int i, const void *p, size_t n);
void db_bind_blob_static(struct dbst *st, int i, const void *p, size_t n);
/* Clears every parameter to NULL. */
void db_clear_bindings(struct dbst *st);

/* Runs the statement to its next row: DB_ROW, DB_DONE, DB_UNIQUE or
 * DB_ERROR. */
int db_step(struct dbst *st);
/* Makes the statement ready to run again (bindings kept). */
void db_reset(struct dbst *st);

/* Columns of the current row. Text and blobs are borrowed until the next
 * step or reset. */
int db_col_int(struct dbst *st, int i);
int64_t db_col_int64(struct dbst *st, int i);
double db_col_double(struct dbst *st, int i);
/* Column text or "" if NULL. */
const char *db_col_text(struct dbst *st, int i);
const void *db_col_blob(struct dbst *st, int i);
int db_col_bytes(struct dbst *st, int i);
int db_col_type(struct dbst *st, int i);
int db_col_count(struct dbst *st);

/* Rows inserted, updated or deleted by the last statement done on the
 * connection. */
int64_t db_changes(struct db *db);

/* Steps a statement that returns no rows (or ignores them) and resets it. */
int db_exec_stmt(struct db *db, struct dbst *st, struct mz_err *err);

/* Steps a statement returning one integer into *n (untouched if it
 * returns no row) and resets it: 1, 0 without a row, -1 (`what` names the
 * operation in the message). */
int db_one_int(struct db *db, struct dbst *st, int64_t *n, const char *what,
               struct mz_err *err);

/* Steps an INSERT … RETURNING id, stores the id and resets the statement;
 * `what` names the operation in the error message. */
int db_insert_id(struct db *db, struct dbst *st, int64_t *id, const char *what,
                 struct mz_err *err);

/* Steps a statement whose first column is an id and collects the ids into
 * a new array (*ids, *n; the caller frees *ids with mz_free); resets the
 * statement. On failure *ids is NULL and *n 0. */
int db_collect_ids(struct db *db, struct dbst *st, int64_t **ids, size_t *n, const char *what,
                   struct mz_err *err);

/* Fills err with the connection's last error, prefixed by what; returns -1. */
int db_error(struct db *db, struct mz_err *err, const char *what);

/* Binds n registry ids as a JSON array at i (for `json_each(?i)`). */
int db_bind_ids(struct dbst *st, int i, const int64_t *ids, size_t n, struct mz_err *err);
/* At most this many prefixes make a list (the widest scope, AUTH_SCOPE_MAX). */
#define DB_PREFIX_MAX 64
/* Binds n division code prefixes (digits) as a JSON array at i, for
 * `json_each(?i)` scope filters; fails if one is not digits or too many. */
int db_bind_prefix_list(struct dbst *st, int i, const char (*prefixes)[13], int n,
                        struct mz_err *err);

/* Current UTC time as ISO-8601 text with microseconds (out >= 32 bytes),
 * strictly increasing within a process so that recorded_at orders writes. */
void db_now(char *out);

#endif
