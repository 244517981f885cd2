/* Spot checks in SQLite (see spotstore.h). */
#include "store/spotstore.h"

#include <stdio.h>

#include "store/stmt.h"

int ss_enrolled(struct db *db, const char *program, const char *division, const char *month,
                int (*fn)(void *ctx, int64_t id, const char *hh_no), void *ctx,
                struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SPOT_ENROLLED, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, program);
    db_bind_text(st, 2, division);
    db_bind_text(st, 3, month);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = fn(ctx, db_col_int64(st, 0), db_col_text(st, 1));
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取在册家庭");
    db_reset(st);
    return result;
}

int ss_add(struct db *db, const struct spot_row *r, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SPOT_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, r->program);
    db_bind_text(st, 2, r->division);
    db_bind_int(st, 3, r->share);
    db_bind_text(st, 4, r->seed);
    db_bind_text(st, 5, r->as_of);
    db_bind_int64(st, 6, r->population);
    db_bind_int64(st, 7, r->sample);
    db_bind_text(st, 8, now);
    db_bind_text(st, 9, r->drawn_by);
    return db_insert_id(db, st, id, "记录抽查", err);
}

int ss_item_add(struct db *db, int64_t check_id, int64_t ordinal, int64_t household_id,
                const char *rank, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SPOT_ITEM_INSERT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, check_id);
    db_bind_int64(st, 2, ordinal);
    db_bind_int64(st, 3, household_id);
    db_bind_text(st, 4, rank);
    return db_exec_stmt(db, st, err);
}

int ss_items(struct db *db, int64_t check_id,
             int (*fn)(void *ctx, const struct spot_item *it), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SPOT_ITEMS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, check_id);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct spot_item it = {db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                               db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
                               db_col_text(st, 6), db_col_int64(st, 7)};
        result = fn(ctx, &it);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取抽查名单");
    db_reset(st);
    return result;
}

static void check_row(struct dbst *st, struct spot_check_row *r)
{
    *r = (struct spot_check_row){.id = db_col_int64(st, 0),
                                 .program = db_col_text(st, 1),
                                 .division = db_col_text(st, 2),
                                 .share = db_col_int(st, 3),
                                 .seed = db_col_text(st, 4),
                                 .as_of = db_col_text(st, 5),
                                 .population = db_col_int64(st, 6),
                                 .sample = db_col_int64(st, 7),
                                 .drawn_at = db_col_text(st, 8),
                                 .drawn_by = db_col_text(st, 9),
                                 .passed = db_col_int64(st, 10),
                                 .failed = db_col_int64(st, 11),
                                 .unchecked = db_col_int64(st, 12)};
}

int ss_get(struct db *db, int64_t id, int (*fn)(void *ctx, const struct spot_check_row *r),
           void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SPOT_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st), found = 0;
    if (rc == DB_ROW) {
        struct spot_check_row r;
        check_row(st, &r);
        found = fn(ctx, &r) < 0 ? -1 : 1;
    } else if (rc != DB_DONE) {
        found = db_error(db, err, "读取抽查");
    }
    db_reset(st);
    return found;
}

int ss_list(struct db *db, const char *prefix, const char *from, const char *to,
            int (*fn)(void *ctx, const struct spot_check_row *r), void *ctx,
            struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SV_SPOTS, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, prefix);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct spot_check_row r;
        check_row(st, &r);
        result = fn(ctx, &r);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取抽查");
    db_reset(st);
    return result;
}

int ss_item_find(struct db *db, int64_t check_id, const char *hh_no, int64_t *household_id,
                 char *division, char *result, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SPOT_ITEM_FIND, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, check_id);
    db_bind_text(st, 2, hh_no);
    int rc = db_step(st), found = 0;
    if (rc == DB_ROW) {
        *household_id = db_col_int64(st, 0);
        snprintf(division, 13, "%s", db_col_text(st, 1));
        snprintf(result, 16, "%s", db_col_text(st, 2));
        found = 1;
    } else if (rc != DB_DONE) {
        found = db_error(db, err, "读取抽查名单");
    }
    db_reset(st);
    return found;
}

int ss_item_result(struct db *db, int64_t check_id, int64_t household_id, const char *result,
                   const char *note, const char *by, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_SPOT_ITEM_RESULT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, check_id);
    db_bind_int64(st, 2, household_id);
    db_bind_text(st, 3, result);
    db_bind_text(st, 4, note);
    db_bind_text(st, 5, by);
    db_bind_text(st, 6, now);
    return db_exec_stmt(db, st, err);
}
