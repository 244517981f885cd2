/* The SQLite implementation of the statement interface of stmt.h: a
 * struct dbst is an sqlite3_stmt, and each function is the SQLite call of
 * the same name. The result and type codes are SQLite's own, so nothing
 * is translated on the way. Lists bound for json_each are SQLite's too. */
#include "store/sqlite.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"

_Static_assert(DB_ROW == SQLITE_ROW && DB_DONE == SQLITE_DONE && DB_ERROR == SQLITE_ERROR &&
                   DB_NOMEM == SQLITE_NOMEM && DB_UNIQUE == SQLITE_CONSTRAINT_UNIQUE,
               "db_step returns SQLite's result codes");
_Static_assert(DB_INTEGER == SQLITE_INTEGER && DB_FLOAT == SQLITE_FLOAT &&
                   DB_TEXT == SQLITE_TEXT && DB_BLOB == SQLITE_BLOB && DB_NULL == SQLITE_NULL,
               "db_col_type returns SQLite's type codes");

static inline sqlite3_stmt *S(struct dbst *st)
{
    return (sqlite3_stmt *)st;
}

struct dbst *db_prepare(struct db *db, const char *sql, const char *what, struct mz_err *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_conn(db), sql, -1, &st, NULL) != SQLITE_OK) {
        db_error(db, err, what);
        return NULL;
    }
    return (struct dbst *)st;
}

void db_finalize(struct dbst *st)
{
    sqlite3_finalize(S(st));
}

void db_bind_int(struct dbst *st, int i, int v)
{
    sqlite3_bind_int(S(st), i, v);
}

void db_bind_int64(struct dbst *st, int i, int64_t v)
{
    sqlite3_bind_int64(S(st), i, v);
}

void db_bind_double(struct dbst *st, int i, double v)
{
    sqlite3_bind_double(S(st), i, v);
}

void db_bind_null(struct dbst *st, int i)
{
    sqlite3_bind_null(S(st), i);
}

void db_bind_text(struct dbst *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(S(st), i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(S(st), i);
}

void db_bind_text_n(struct dbst *st, int i, const char *s, size_t n)
{
    sqlite3_bind_text64(S(st), i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void db_bind_blob(struct dbst *st, int i, const void *p, size_t n)
{
    sqlite3_bind_blob64(S(st), i, p, n, SQLITE_TRANSIENT);
}

void db_bind_blob_static(struct dbst *st, int i, const void *p, size_t n)
{
    sqlite3_bind_blob64(S(st), i, p, n, SQLITE_STATIC);
}

void db_clear_bindings(struct dbst *st)
{
    sqlite3_clear_bindings(S(st));
}

int db_step(struct dbst *st)
{
    int rc = sqlite3_step(S(st));
    return rc == SQLITE_ROW || rc == SQLITE_DONE || rc == SQLITE_CONSTRAINT_UNIQUE ? rc
                                                                                   : DB_ERROR;
}

void db_reset(struct dbst *st)
{
    sqlite3_reset(S(st));
}

int db_col_int(struct dbst *st, int i)
{
    return sqlite3_column_int(S(st), i);
}

int64_t db_col_int64(struct dbst *st, int i)
{
    return sqlite3_column_int64(S(st), i);
}

double db_col_double(struct dbst *st, int i)
{
    return sqlite3_column_double(S(st), i);
}

const char *db_col_text(struct dbst *st, int i)
{
    const unsigned char *t = sqlite3_column_text(S(st), i);
    return t ? (const char *)t : "";
}

const void *db_col_blob(struct dbst *st, int i)
{
    return sqlite3_column_blob(S(st), i);
}

int db_col_bytes(struct dbst *st, int i)
{
    return sqlite3_column_bytes(S(st), i);
}

int db_col_type(struct dbst *st, int i)
{
    return sqlite3_column_type(S(st), i);
}

int db_col_count(struct dbst *st)
{
    return sqlite3_column_count(S(st));
}

int64_t db_changes(struct db *db)
{
    return sqlite3_changes64(db_conn(db));
}

int db_bind_ids(struct dbst *st, int i, const int64_t *ids, size_t n, struct mz_err *err)
{
    size_t cap = n * 21 + 3, len = 0;
    char *text = mz_malloc(cap);
    if (!text)
        return mz_fail(err, "out_of_memory", "内存不足");
    text[len++] = '[';
    for (size_t k = 0; k < n; k++)
        len += (size_t)snprintf(text + len, cap - len, "%s%lld", k ? "," : "", (long long)ids[k]);
    text[len++] = ']';
    sqlite3_bind_text(S(st), i, text, (int)len, mz_free);
    return 0;
}

int db_bind_prefix_list(struct dbst *st, int i, const char (*prefixes)[13], int n,
                        struct mz_err *err)
{
    char list[DB_PREFIX_MAX * 16 + 2] = "[";
    size_t len = 1;
    for (int k = 0; k < n; k++) {
        const char *code = prefixes[k];
        if (strspn(code, "0123456789") != strlen(code) || len + strlen(code) + 4 > sizeof list)
            return mz_fail(err, "invalid_scope", "管辖区划前缀“%s”无效或过多", code);
        len += (size_t)snprintf(list + len, sizeof list - len, "%s\"%s\"", k ? "," : "", code);
    }
    snprintf(list + len, sizeof list - len, "]");
    db_bind_text(st, i, list);
    return 0;
}
