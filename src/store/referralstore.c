/* 专项救助 referrals in SQLite (see referralstore.h). */
#include "store/referralstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

int rs_referral_put(struct db *db, const struct referral_row *r, bool *added, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REF_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, r->department);
    db_bind_int64(st, 2, r->household_id);
    db_bind_int64(st, 3, r->person_id);
    db_bind_text(st, 4, r->basis);
    db_bind_text(st, 5, r->reason);
    db_bind_text(st, 6, now);
    if (db_step(st) != DB_DONE) {
        db_reset(st);
        return db_error(db, err, "登记专项救助转介");
    }
    *added = db_changes(db) > 0;
    db_reset(st);
    return 0;
}

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

static int scan(struct db *db, struct dbst *st, int (*fn)(void *ctx, const struct referral_row *r),
                void *ctx, struct mz_err *err)
{
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct referral_row r = {.id = db_col_int64(st, 0),
                                 .household_id = db_col_int64(st, 2),
                                 .person_id = db_col_int64(st, 4)};
        copy(st, 1, r.department, sizeof r.department);
        copy(st, 3, r.hh_no, sizeof r.hh_no);
        copy(st, 5, r.basis, sizeof r.basis);
        copy(st, 6, r.reason, sizeof r.reason);
        copy(st, 7, r.created_at, sizeof r.created_at);
        copy(st, 8, r.exported_at, sizeof r.exported_at);
        copy(st, 9, r.answer, sizeof r.answer);
        copy(st, 10, r.answer_note, sizeof r.answer_note);
        copy(st, 11, r.answered_at, sizeof r.answered_at);
        stop = fn(ctx, &r);
    }
    db_reset(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取专项救助转介");
}

int rs_referrals_of_department(struct db *db, const char *department,
                               int (*fn)(void *ctx, const struct referral_row *r), void *ctx,
                               struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REF_OF_DEPT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, department);
    return scan(db, st, fn, ctx, err);
}

int rs_referrals_of_household(struct db *db, int64_t household_id,
                              int (*fn)(void *ctx, const struct referral_row *r), void *ctx,
                              struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REF_OF_HH, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    return scan(db, st, fn, ctx, err);
}

int rs_referrals_exported(struct db *db, const char *department, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REF_EXPORTED, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, department);
    db_bind_text(st, 2, now);
    return db_exec_stmt(db, st, err);
}

int rs_referral_answer(struct db *db, int64_t id, const char *department, const char *answer,
                       const char *note, const char *by, bool *changed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_REF_ANSWER, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, department);
    db_bind_text(st, 3, answer);
    db_bind_text(st, 4, note);
    db_bind_text(st, 5, now);
    db_bind_text(st, 6, by);
    if (db_step(st) != DB_DONE) {
        db_reset(st);
        return db_error(db, err, "记录部门答复");
    }
    *changed = db_changes(db) > 0;
    db_reset(st);
    return 0;
}
