/* 银龄 volunteers in SQLite (see volunteerstore.h). */
#include "store/volunteerstore.h"

#include <stdio.h>

#include "store/stmt.h"

int vls_volunteer_add(struct db *db, int64_t person_id, const char *skills,
                      const char *registered_by, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_VOL_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, skills);
    db_bind_text(st, 3, registered_by);
    db_bind_text(st, 4, now);
    return db_insert_id(db, st, id, "登记志愿者", err);
}

int vls_volunteers(struct db *db, int64_t person_id, const char (*prefixes)[13], int n,
                   int (*fn)(void *ctx, const struct volunteer_row *v), void *ctx,
                   struct mz_err *err)
{
    static const char everywhere[1][13] = {""};
    struct dbst *st = db_stmt(db, SQL_VOL_SELECT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, person_id);
    if (db_bind_prefix_list(st, 2, person_id ? everywhere : prefixes, person_id ? 1 : n, err) < 0)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct volunteer_row v = {.id = db_col_int64(st, 0),
                                  .person_id = db_col_int64(st, 1),
                                  .pairs = db_col_int64(st, 6),
                                  .minutes = db_col_int64(st, 7)};
        snprintf(v.skills, sizeof v.skills, "%s", db_col_text(st, 2));
        snprintf(v.name, sizeof v.name, "%s", db_col_text(st, 3));
        snprintf(v.id_masked, sizeof v.id_masked, "%s", db_col_text(st, 4));
        snprintf(v.division, sizeof v.division, "%s", db_col_text(st, 5));
        stop = fn(ctx, &v);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取志愿者");
}

int vls_pair_add(struct db *db, int64_t target_id, int64_t volunteer_id, const char *since,
                 const char *by, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_VOL_PAIR_ADD, err);
    if (!st) return -1;
    db_bind_int64(st, 1, target_id);
    db_bind_int64(st, 2, volunteer_id);
    db_bind_text(st, 3, since);
    db_bind_text(st, 4, by);
    return db_exec_stmt(db, st, err);
}

int vls_pair_of(struct db *db, int64_t target_id, int64_t *volunteer_person_id,
                char name[TEXT_BYTES(TEXT_MAX_NAME)], struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_VOL_PAIR_OF, err);
    if (!st) return -1;
    db_bind_int64(st, 1, target_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *volunteer_person_id = db_col_int64(st, 0);
        snprintf(name, TEXT_BYTES(TEXT_MAX_NAME), "%s", db_col_text(st, 1));
    }
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "读取结对志愿者");
}

int vls_hours_add(struct db *db, int64_t volunteer_id, const char *on, const char *activity,
                  int64_t minutes, int64_t visit_id, const char *by, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_VOL_HOURS_ADD, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, volunteer_id);
    db_bind_text(st, 2, on);
    db_bind_text(st, 3, activity);
    db_bind_int64(st, 4, minutes);
    db_bind_int64(st, 5, visit_id);
    db_bind_text(st, 6, by);
    db_bind_text(st, 7, now);
    return db_exec_stmt(db, st, err);
}
