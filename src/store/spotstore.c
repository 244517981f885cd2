/* Spot checks in SQLite (see spotstore.h). */
#include "store/spotstore.h"

#include "store/stmt.h"

int ss_enrolled(struct db *db, const char *program, const char *division, const char *month,
                int (*fn)(void *ctx, int64_t id, const char *hh_no), void *ctx,
                struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_SPOT_ENROLLED, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, program);
    db_bind_text(st, 2, division);
    db_bind_text(st, 3, month);
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        result = fn(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1));
    if (result == 0 && rc != SQLITE_DONE)
        result = db_error(db, err, "读取在册家庭");
    sqlite3_reset(st);
    return result;
}

int ss_add(struct db *db, const struct spot_row *r, int64_t *id, struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_SPOT_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, r->program);
    db_bind_text(st, 2, r->division);
    sqlite3_bind_int(st, 3, r->share);
    db_bind_text(st, 4, r->seed);
    db_bind_text(st, 5, r->as_of);
    sqlite3_bind_int64(st, 6, r->population);
    sqlite3_bind_int64(st, 7, r->sample);
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, r->drawn_by);
    return db_insert_id(db, st, id, "记录抽查", err);
}

int ss_item_add(struct db *db, int64_t check_id, int64_t ordinal, int64_t household_id,
                const char *rank, struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_SPOT_ITEM_INSERT, err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, check_id);
    sqlite3_bind_int64(st, 2, ordinal);
    sqlite3_bind_int64(st, 3, household_id);
    db_bind_text(st, 4, rank);
    return db_exec_stmt(db, st, err);
}

int ss_items(struct db *db, int64_t check_id,
             int (*fn)(void *ctx, const char *hh_no, const char *rank), void *ctx,
             struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_SPOT_ITEMS, err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, check_id);
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        result = fn(ctx, db_col_text(st, 0), db_col_text(st, 1));
    if (result == 0 && rc != SQLITE_DONE)
        result = db_error(db, err, "读取抽查名单");
    sqlite3_reset(st);
    return result;
}
