/* Smart alarms in SQLite (see alarmstore.h). */
#include "store/alarmstore.h"

#include <stdio.h>
#include <string.h>

#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

static void device_cols(struct dbst *st, int i, struct device_row *d)
{
    d->id = db_col_int64(st, i);
    copy(st, i + 1, d->device_no, sizeof d->device_no);
    copy(st, i + 2, d->kind, sizeof d->kind);
    d->person_id = db_col_int64(st, i + 3);
    d->station_id = db_col_int64(st, i + 4);
    copy(st, i + 5, d->contact_name, sizeof d->contact_name);
    int n = db_col_bytes(st, i + 6);
    d->contact_phone_len = n > 0 && (size_t)n <= sizeof d->contact_phone ? n : 0;
    if (d->contact_phone_len) memcpy(d->contact_phone, db_col_blob(st, i + 6), (size_t)n);
}

int as_device_add(struct db *db, struct device_row *d, const char *created_by, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEV_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, d->device_no);
    db_bind_text(st, 2, d->kind);
    db_bind_int64(st, 3, d->person_id);
    db_bind_int64(st, 4, d->station_id);
    db_bind_text(st, 5, d->contact_name);
    db_bind_blob_static(st, 6, d->contact_phone, d->contact_phone_len);
    db_bind_text(st, 7, created_by);
    db_bind_text(st, 8, now);
    return db_insert_id(db, st, &d->id, "登记设备", err);
}

int as_device_by_no(struct db *db, const char *device_no, struct device_row *out,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEV_BY_NO, err);
    if (!st) return -1;
    db_bind_text(st, 1, device_no);
    int rc = db_step(st);
    if (rc == DB_ROW) device_cols(st, 0, out);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "读取设备");
}

int as_alarm_add(struct db *db, int64_t device_id, const char *event_key, const char *occurred_at,
                 int64_t *id, struct mz_err *err)
{
    *id = 0;
    struct dbst *st = db_stmt(db, SQL_ALARM_INSERT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, device_id);
    db_bind_text(st, 2, event_key);
    db_bind_text(st, 3, occurred_at);
    int rc = db_step(st);
    if (rc == DB_ROW) *id = db_col_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(db, err, "登记报警");
}

int as_alarms(struct db *db, int64_t id, const char *state, const char *closed_since, int limit,
              int (*fn)(void *ctx, const struct alarm_row *a), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ALARM_SELECT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, state);
    db_bind_text(st, 3, closed_since);
    db_bind_int(st, 4, limit);
    int rc, stop = 0;
    struct alarm_row a;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        memset(&a, 0, sizeof a);
        a.id = db_col_int64(st, 0);
        a.device_id = db_col_int64(st, 1);
        copy(st, 2, a.event_key, sizeof a.event_key);
        copy(st, 3, a.occurred_at, sizeof a.occurred_at);
        a.tier = db_col_int(st, 4);
        copy(st, 5, a.tier_since, sizeof a.tier_since);
        copy(st, 6, a.state, sizeof a.state);
        copy(st, 7, a.acknowledged_by, sizeof a.acknowledged_by);
        copy(st, 8, a.acknowledged_at, sizeof a.acknowledged_at);
        copy(st, 9, a.outcome, sizeof a.outcome);
        copy(st, 10, a.closed_by, sizeof a.closed_by);
        copy(st, 11, a.closed_at, sizeof a.closed_at);
        device_cols(st, 12, &a.device);
        copy(st, 19, a.person_name, sizeof a.person_name);
        copy(st, 20, a.id_masked, sizeof a.id_masked);
        copy(st, 21, a.division, sizeof a.division);
        a.centre_id = db_col_int64(st, 22);
        stop = fn(ctx, &a);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取报警");
}

int as_alarm_update(struct db *db, const struct alarm_row *a, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ALARM_UPDATE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, a->id);
    db_bind_int(st, 2, a->tier);
    db_bind_text(st, 3, a->tier_since);
    db_bind_text(st, 4, a->state);
    db_bind_text(st, 5, a->acknowledged_by);
    db_bind_text(st, 6, a->acknowledged_at);
    db_bind_text(st, 7, a->outcome);
    db_bind_text(st, 8, a->closed_by);
    db_bind_text(st, 9, a->closed_at);
    return db_exec_stmt(db, st, err);
}

int as_step_add(struct db *db, int64_t alarm_id, const char *at, const char *step, int tier,
                const char *actor, const char *note, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ALARM_STEP_ADD, err);
    if (!st) return -1;
    db_bind_int64(st, 1, alarm_id);
    db_bind_text(st, 2, at);
    db_bind_text(st, 3, step);
    db_bind_int(st, 4, tier);
    db_bind_text(st, 5, actor);
    db_bind_text(st, 6, note);
    return db_exec_stmt(db, st, err);
}

int as_steps(struct db *db, int64_t alarm_id,
             int (*fn)(void *ctx, const char *at, const char *step, int tier, const char *actor,
                       const char *note),
             void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ALARM_STEPS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, alarm_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_int(st, 2),
                  db_col_text(st, 3), db_col_text(st, 4));
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取报警处置记录");
}
