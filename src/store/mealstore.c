/* Meal help in SQLite (see mealstore.h). */
#include "store/mealstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

int mls_meal_insert(struct db *db, const struct meal_row *m, bool *added, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, m->canteen_id);
    db_bind_text(st, 2, m->day);
    db_bind_int64(st, 3, m->person_id);
    db_bind_int64(st, 4, m->household_id);
    db_bind_text(st, 5, m->division);
    db_bind_text(st, 6, m->meal);
    db_bind_int64(st, 7, m->price);
    db_bind_int64(st, 8, m->paid);
    db_bind_int64(st, 9, m->subsidy);
    db_bind_text(st, 10, m->source);
    db_bind_text(st, 11, now);
    if (db_exec_stmt(db, st, err) < 0) return -1;
    *added = db_changes(db) > 0;
    return 0;
}

int mls_subsidy_of_day(struct db *db, int64_t person_id, const char *day, int64_t *sum,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_SUBSIDY_OF_DAY, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, day);
    *sum = 0;
    return db_one_int(db, st, sum, "读取当日助餐补贴", err) < 0 ? -1 : 0;
}

int mls_reject(struct db *db, int64_t canteen_id, const char *day, long line, const char *id_masked,
               const char *reason, const char *source, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_REJECT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, day);
    db_bind_int64(st, 3, line);
    db_bind_text(st, 4, id_masked);
    db_bind_text(st, 5, reason);
    db_bind_text(st, 6, source);
    db_bind_text(st, 7, now);
    return db_exec_stmt(db, st, err);
}

int mls_meals(struct db *db, int64_t canteen_id, const char *day_prefix,
              int (*fn)(void *ctx, const struct meal_row *m), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_LIST, err);
    if (!st) return -1;
    db_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, day_prefix);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct meal_row m = {.id = db_col_int64(st, 0),
                             .canteen_id = canteen_id,
                             .person_id = db_col_int64(st, 2),
                             .price = db_col_int64(st, 6),
                             .paid = db_col_int64(st, 7),
                             .subsidy = db_col_int64(st, 8)};
        snprintf(m.day, sizeof m.day, "%s", db_col_text(st, 1));
        snprintf(m.name, sizeof m.name, "%s", db_col_text(st, 3));
        snprintf(m.id_masked, sizeof m.id_masked, "%s", db_col_text(st, 4));
        snprintf(m.meal, sizeof m.meal, "%s", db_col_text(st, 5));
        stop = fn(ctx, &m);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "列出助餐记录");
}

int mls_rejects(struct db *db, int64_t canteen_id,
                int (*fn)(void *ctx, const char *day, long line, const char *id_masked,
                          const char *reason, const char *at),
                void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_REJECTS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, canteen_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        char day[11], masked[24], reason[400], at[32];
        snprintf(day, sizeof day, "%s", db_col_text(st, 0));
        snprintf(masked, sizeof masked, "%s", db_col_text(st, 2));
        snprintf(reason, sizeof reason, "%s", db_col_text(st, 3));
        snprintf(at, sizeof at, "%s", db_col_text(st, 4));
        stop = fn(ctx, day, (long)db_col_int64(st, 1), masked, reason, at);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "列出助餐拒收记录");
}

int mls_month(struct db *db, int64_t canteen_id, const char *month, struct meal_month *out,
              struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_MONTH, err);
    if (!st) return -1;
    char from[16], to[16];
    snprintf(from, sizeof from, "%.7s-00", month);
    snprintf(to, sizeof to, "%.7s-99", month);
    db_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    memset(out, 0, sizeof *out);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->meals = db_col_int64(st, 0);
        out->diners = db_col_int64(st, 1);
        out->days = db_col_int64(st, 2);
        out->price = db_col_int64(st, 3);
        out->paid = db_col_int64(st, 4);
        out->subsidy = db_col_int64(st, 5);
        out->subsidised = db_col_int64(st, 6);
    }
    db_reset(st);
    return rc == DB_ROW ? 0 : db_error(db, err, "统计助餐月报");
}

int mls_cost_put(struct db *db, int64_t canteen_id, const char *month, int64_t amount,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_COST_PUT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, month);
    db_bind_int64(st, 3, amount);
    return db_exec_stmt(db, st, err);
}

int mls_cost_get(struct db *db, int64_t canteen_id, const char *month, int64_t *amount,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ML_COST_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, month);
    *amount = 0;
    return db_one_int(db, st, amount, "读取食堂运营成本", err);
}
