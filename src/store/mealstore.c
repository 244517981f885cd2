/* Meal help in SQLite (see mealstore.h). */
#include "store/mealstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

int mls_meal_insert(struct db *db, const struct meal_row *m, bool *added, struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    sqlite3_bind_int64(st, 1, m->canteen_id);
    db_bind_text(st, 2, m->day);
    sqlite3_bind_int64(st, 3, m->person_id);
    sqlite3_bind_int64(st, 4, m->household_id);
    db_bind_text(st, 5, m->division);
    db_bind_text(st, 6, m->meal);
    sqlite3_bind_int64(st, 7, m->price);
    sqlite3_bind_int64(st, 8, m->paid);
    sqlite3_bind_int64(st, 9, m->subsidy);
    db_bind_text(st, 10, m->source);
    db_bind_text(st, 11, now);
    if (db_exec_stmt(db, st, err) < 0) return -1;
    *added = sqlite3_changes(sqlite3_db_handle(st)) > 0;
    return 0;
}

int mls_subsidy_of_day(struct db *db, int64_t person_id, const char *day, int64_t *sum,
                       struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_SUBSIDY_OF_DAY, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, day);
    *sum = 0;
    return db_one_int(db, st, sum, "读取当日助餐补贴", err) < 0 ? -1 : 0;
}

int mls_reject(struct db *db, int64_t canteen_id, const char *day, long line, const char *id_masked,
               const char *reason, const char *source, struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_REJECT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    sqlite3_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, day);
    sqlite3_bind_int64(st, 3, line);
    db_bind_text(st, 4, id_masked);
    db_bind_text(st, 5, reason);
    db_bind_text(st, 6, source);
    db_bind_text(st, 7, now);
    return db_exec_stmt(db, st, err);
}

int mls_meals(struct db *db, int64_t canteen_id, const char *day_prefix,
              int (*fn)(void *ctx, const struct meal_row *m), void *ctx, struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_LIST, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, day_prefix);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct meal_row m = {.id = sqlite3_column_int64(st, 0),
                             .canteen_id = canteen_id,
                             .person_id = sqlite3_column_int64(st, 2),
                             .price = sqlite3_column_int64(st, 6),
                             .paid = sqlite3_column_int64(st, 7),
                             .subsidy = sqlite3_column_int64(st, 8)};
        snprintf(m.day, sizeof m.day, "%s", db_col_text(st, 1));
        snprintf(m.name, sizeof m.name, "%s", db_col_text(st, 3));
        snprintf(m.id_masked, sizeof m.id_masked, "%s", db_col_text(st, 4));
        snprintf(m.meal, sizeof m.meal, "%s", db_col_text(st, 5));
        stop = fn(ctx, &m);
    }
    sqlite3_reset(st);
    if (stop) return stop;
    return rc == SQLITE_DONE ? 0 : db_error(db, err, "列出助餐记录");
}

int mls_rejects(struct db *db, int64_t canteen_id,
                int (*fn)(void *ctx, const char *day, long line, const char *id_masked,
                          const char *reason, const char *at),
                void *ctx, struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_REJECTS, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, canteen_id);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char day[11], masked[24], reason[400], at[32];
        snprintf(day, sizeof day, "%s", db_col_text(st, 0));
        snprintf(masked, sizeof masked, "%s", db_col_text(st, 2));
        snprintf(reason, sizeof reason, "%s", db_col_text(st, 3));
        snprintf(at, sizeof at, "%s", db_col_text(st, 4));
        stop = fn(ctx, day, (long)sqlite3_column_int64(st, 1), masked, reason, at);
    }
    sqlite3_reset(st);
    if (stop) return stop;
    return rc == SQLITE_DONE ? 0 : db_error(db, err, "列出助餐拒收记录");
}

int mls_month(struct db *db, int64_t canteen_id, const char *month, struct meal_month *out,
              struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_MONTH, err);
    if (!st) return -1;
    char from[16], to[16];
    snprintf(from, sizeof from, "%.7s-00", month);
    snprintf(to, sizeof to, "%.7s-99", month);
    sqlite3_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->meals = sqlite3_column_int64(st, 0);
        out->diners = sqlite3_column_int64(st, 1);
        out->days = sqlite3_column_int64(st, 2);
        out->price = sqlite3_column_int64(st, 3);
        out->paid = sqlite3_column_int64(st, 4);
        out->subsidy = sqlite3_column_int64(st, 5);
        out->subsidised = sqlite3_column_int64(st, 6);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : db_error(db, err, "统计助餐月报");
}

int mls_cost_put(struct db *db, int64_t canteen_id, const char *month, int64_t amount,
                 struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_COST_PUT, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, month);
    sqlite3_bind_int64(st, 3, amount);
    return db_exec_stmt(db, st, err);
}

int mls_cost_get(struct db *db, int64_t canteen_id, const char *month, int64_t *amount,
                 struct mz_err *err)
{
    sqlite3_stmt *st = db_stmt(db, SQL_ML_COST_GET, err);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, canteen_id);
    db_bind_text(st, 2, month);
    *amount = 0;
    return db_one_int(db, st, amount, "读取食堂运营成本", err);
}
