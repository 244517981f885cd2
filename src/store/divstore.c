/* Division changes in SQLite (see divstore.h). */
#include "store/divstore.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

int ds_event_add(struct db *db, const struct div_event_row *e, const char *script, int64_t *id,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIVEV_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, e->effective);
    db_bind_text(st, 2, e->title);
    db_bind_text(st, 3, e->document);
    db_bind_text(st, 4, e->approved_by);
    db_bind_text(st, 5, script);
    db_bind_text(st, 6, e->recorded_by);
    db_bind_text(st, 7, now);
    return db_insert_id(db, st, id, "登记区划调整", err);
}

int ds_event_step_add(struct db *db, int64_t event_id, int seq, const char *op,
                      const char *code, const char *arg, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIVEV_STEP, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, event_id);
    db_bind_int(st, 2, seq);
    db_bind_text(st, 3, op);
    db_bind_text(st, 4, code);
    db_bind_text(st, 5, arg);
    return db_exec_stmt(db, st, err);
}

int ds_events(struct db *db, int (*fn)(void *ctx, const struct div_event_row *e), void *ctx,
              struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIVEV_LIST, err);
    if (!st)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct div_event_row e = {.id = db_col_int64(st, 0),
                                  .nsteps = db_col_int(st, 7)};
        copy(st, 1, e.effective, sizeof e.effective);
        copy(st, 2, e.title, sizeof e.title);
        copy(st, 3, e.document, sizeof e.document);
        copy(st, 4, e.approved_by, sizeof e.approved_by);
        copy(st, 5, e.recorded_by, sizeof e.recorded_by);
        copy(st, 6, e.recorded_at, sizeof e.recorded_at);
        stop = fn(ctx, &e);
    }
    db_reset(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取区划调整");
}

int ds_event_steps(struct db *db, int64_t event_id,
                   int (*fn)(void *ctx, int seq, const char *op, const char *code,
                             const char *arg),
                   void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIVEV_STEPS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, event_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                  db_col_text(st, 3));
    db_reset(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取区划调整步骤");
}

int ds_division_revise(struct db *db, const struct division_row *d, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_REVISE, err);
    if (!st)
        return -1;
    char from[11];
    date_format(d->valid_from, from);
    db_bind_text(st, 1, d->code);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, d->name);
    db_bind_text(st, 4, d->parent[0] ? d->parent : NULL);
    db_bind_text(st, 5, d->pinyin);
    return db_exec_stmt(db, st, err);
}

int ds_displaced(struct db *db, mz_date at, char (**codes)[13], size_t *n, struct mz_err *err)
{
    *codes = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_DIV_DISPLACED, err);
    if (!st)
        return -1;
    char day[11];
    date_format(at, day);
    db_bind_text(st, 1, day);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(codes, &cap, *n + 1, sizeof **codes) < 0) {
            db_reset(st);
            mz_free(*codes);
            *codes = NULL;
            return mz_fail(err, "out_of_memory", "内存不足");
        }
        copy(st, 0, (*codes)[(*n)++], 13);
    }
    db_reset(st);
    if (rc != DB_DONE) {
        mz_free(*codes);
        *codes = NULL;
        return db_error(db, err, "读取调整过的区划");
    }
    return 0;
}

int ds_reroute_warnings(struct db *db, const char *prefix, const char *office,
                        struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_REROUTE_WARNINGS, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, prefix);
    db_bind_text(st, 2, office);
    db_bind_text(st, 3, now);
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    return db_changes(db);
}

int ds_count_under(struct db *db, const char (*prefixes)[13], int n, int64_t *households,
                   int64_t *persons, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DIV_COUNT_HOUSEHOLDS, err);
    *households = *persons = 0;
    if (!st || db_bind_prefix_list(st, 1, prefixes, n, err) < 0 ||
        db_one_int(db, st, households, "统计户数", err) < 0)
        return -1;
    st = db_stmt(db, SQL_DIV_COUNT_PERSONS, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, n, err) < 0 ||
        db_one_int(db, st, persons, "统计人数", err) < 0)
        return -1;
    return 0;
}
