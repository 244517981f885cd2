/* Audit log rows in SQLite. */
#include "store/auditstore.h"

#include <stdio.h>

#include "store/stmt.h"

int as_head(struct db *db, int64_t *seq, char mac[65], struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_A_HEAD, err);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(mac, 65, "%s", db_col_text(st, 1));
        sqlite3_reset(st);
        return 1;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error(db, err, "读取审计日志");
}

int as_insert(struct db *db, const struct audit_row *r, struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_A_INSERT, err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, r->seq);
    const char *text[] = {r->at,     r->actor,         r->action,       r->entity, r->entity_id,
                          r->before_digest, r->after_digest, r->detail, r->prev,   r->mac};
    for (int i = 0; i < 10; i++)
        db_bind_text(st, i + 2, text[i]);
    return db_exec_stmt(db, st, err);
}

int as_scan(struct db *db, int (*fn)(void *ctx, const struct audit_row *row), void *ctx,
            struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_A_ALL, err);
    if (!st)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct audit_row r = {.seq = sqlite3_column_int64(st, 0)};
        const char **text[] = {&r.at,     &r.actor,         &r.action,       &r.entity, &r.entity_id,
                               &r.before_digest, &r.after_digest, &r.detail, &r.prev,   &r.mac};
        for (int i = 0; i < 10; i++)
            *text[i] = db_col_text(st, i + 1);
        result = fn(ctx, &r);
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = db_error(db, err, "读取审计日志");
    sqlite3_reset(st);
    return result;
}
