/* The staff register in SQLite (see staffstore.h). */
#include "store/staffstore.h"

#include "store/stmt.h"

int sts_add(struct db *db, int64_t person_id, const char *kind, const char *post,
            const char *division, const char *since, const char *by, int64_t *id,
            struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_STAFF_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, post);
    db_bind_text(st, 4, division);
    db_bind_text(st, 5, since);
    db_bind_text(st, 6, by);
    db_bind_text(st, 7, now);
    return db_insert_id(db, st, id, "登记工作人员", err);
}

int sts_end(struct db *db, int64_t person_id, const char *day, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_STAFF_END, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, day);
    int rc = db_step(st);
    db_reset(st);
    if (rc != DB_DONE)
        return db_error(db, err, "结束任职");
    return db_changes(db) > 0;
}

int sts_list(struct db *db, const char *division,
             int (*fn)(void *ctx, const struct staff_row *r), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_STAFF_LIST, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, division);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct staff_row r = {db_col_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                              db_col_text(st, 3),          db_col_text(st, 4), db_col_text(st, 5),
                              db_col_text(st, 6),          db_col_text(st, 7)};
        result = fn(ctx, &r);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取工作人员名册");
    db_reset(st);
    return result;
}
