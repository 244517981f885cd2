/* Evaluation runs in SQLite. */
#include "store/evalstore.h"

#include "store/stmt.h"

int es_run_add(struct db *db, mz_date as_of, const char *known_at, const char *policy_version,
               int64_t households, int64_t persons, int64_t *run_id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_EV_RUN, err);
    if (!st)
        return -1;
    char day[11], now[32];
    date_format(as_of, day);
    db_now(now);
    db_bind_text(st, 1, day);
    db_bind_text(st, 2, known_at);
    db_bind_text(st, 3, policy_version);
    db_bind_text(st, 4, now);
    db_bind_int64(st, 5, households);
    db_bind_int64(st, 6, persons);
    return db_insert_id(db, st, run_id, "记录评估", err);
}

int es_total_add(struct db *db, int64_t run_id, const char *program, const char *label,
                 const char *entity, int64_t eligible, int64_t amount, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_EV_TOTAL, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, run_id);
    db_bind_text(st, 2, program);
    db_bind_text(st, 3, label);
    db_bind_text(st, 4, entity);
    db_bind_int64(st, 5, eligible);
    db_bind_int64(st, 6, amount);
    return db_exec_stmt(db, st, err);
}

int es_result_add(struct db *db, int64_t run_id, const char *program, int64_t entity_id,
                  int64_t household_id, int64_t amount, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_EV_RESULT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, run_id);
    db_bind_text(st, 2, program);
    db_bind_int64(st, 3, entity_id);
    db_bind_int64(st, 4, household_id);
    db_bind_int64(st, 5, amount);
    return db_exec_stmt(db, st, err);
}
