/* Store-internal: the named, cached prepared statements of store/sql.h.
 * Only files in src/store/ include this. */
#ifndef MZ_STMT_H
#define MZ_STMT_H

#include <sqlite3.h>
#include <stdbool.h>
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

/* The prepared statement for id, reset and with bindings cleared; NULL on
 * failure (err filled). Borrowed: valid until db_close. */
sqlite3_stmt *db_stmt(struct db *db, enum sql_id id, struct mz_err *err);

/* The connection, for statements built from the store's own fixed names
 * (prepared and finalized by the caller). */
sqlite3 *db_conn(struct db *db);

/* Steps a statement that returns no rows (or ignores them) and resets it. */
int db_exec_stmt(struct db *db, sqlite3_stmt *st, struct mz_err *err);

/* Steps a statement returning one integer into *n (untouched if it
 * returns no row) and resets it: 1, 0 without a row, -1 (`what` names the
 * operation in the message). */
int db_one_int(struct db *db, sqlite3_stmt *st, int64_t *n, const char *what,
               struct mz_err *err);

/* Steps an INSERT … RETURNING id, stores the id and resets the statement;
 * `what` names the operation in the error message. */
int db_insert_id(struct db *db, sqlite3_stmt *st, int64_t *id, const char *what,
                 struct mz_err *err);

/* Steps a statement whose first column is an id and collects the ids into
 * a new array (*ids, *n; the caller frees *ids with mz_free); resets the
 * statement. On failure *ids is NULL and *n 0. */
int db_collect_ids(struct db *db, sqlite3_stmt *st, int64_t **ids, size_t *n, const char *what,
                   struct mz_err *err);

/* Fills err with the connection's last error, prefixed by what; returns -1. */
int db_error(struct db *db, struct mz_err *err, const char *what);

/* Binds text, or NULL if s is NULL. */
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Binds n registry ids as a JSON array at i (for `json_each(?i)`). */
int db_bind_ids(sqlite3_stmt *st, int i, const int64_t *ids, size_t n, struct mz_err *err);
/* At most this many prefixes make a list (the widest scope, AUTH_SCOPE_MAX). */
#define DB_PREFIX_MAX 64
/* Binds n division code prefixes (digits) as a JSON array at i, for
 * `json_each(?i)` scope filters; fails if one is not digits or too many. */
int db_bind_prefix_list(sqlite3_stmt *st, int i, const char (*prefixes)[13], int n,
                        struct mz_err *err);

/* Column text or "" if NULL (borrowed until the next step). */
const char *db_col_text(sqlite3_stmt *st, int i);

/* Current UTC time as ISO-8601 text with microseconds (out >= 32 bytes),
 * strictly increasing within a process so that recorded_at orders writes. */
void db_now(char *out);

#endif
