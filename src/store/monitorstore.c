/* Dynamic monitoring in SQLite. */
#include "store/monitorstore.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

int ms_record_digest(struct db *db, const char *feed, const char *key, char digest[65],
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FR_DIGEST, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, feed);
    db_bind_text(st, 2, key);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        copy(digest, 65, db_col_text(st, 0));
        db_reset(st);
        return 1;
    }
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "读取数据交换记录");
}

int ms_record_put(struct db *db, const char *feed, const char *key, const char *digest,
                  int64_t household_id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FR_PUT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, feed);
    db_bind_text(st, 2, key);
    db_bind_text(st, 3, digest);
    db_bind_int64(st, 4, household_id);
    db_bind_text(st, 5, now);
    return db_exec_stmt(db, st, err);
}

int ms_reject_add(struct db *db, const char *feed, const char *source, long line,
                  const char *key, const char *reason, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FREJ_ADD, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, feed);
    db_bind_text(st, 2, source);
    db_bind_int64(st, 3, line);
    db_bind_text(st, 4, key);
    db_bind_text(st, 5, reason);
    db_bind_text(st, 6, now);
    return db_exec_stmt(db, st, err);
}

int ms_rejects(struct db *db, const char *feed, int (*fn)(void *ctx, const struct ms_reject *r),
               void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FREJ_LIST, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, feed);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct ms_reject r = {.id = db_col_int64(st, 0),
                              .source = db_col_text(st, 1),
                              .line = (long)db_col_int64(st, 2),
                              .key = db_col_text(st, 3),
                              .reason = db_col_text(st, 4),
                              .at = db_col_text(st, 5)};
        int stop = fn(ctx, &r);
        if (stop) {
            db_reset(st);
            return stop;
        }
    }
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "读取拒收记录");
}

int ms_rows_add(struct ms_rows *rows, const char *name, int64_t person_id, int64_t amount,
                const char *value, struct mz_err *err)
{
    if (mz_grow(&rows->items, &rows->cap, rows->n + 1, sizeof *rows->items) < 0)
        return mz_fail(err, "out_of_memory", "内存不足");
    struct ms_row *r = &rows->items[rows->n++];
    copy(r->name, sizeof r->name, name);
    r->person_id = person_id;
    r->amount = amount;
    copy(r->value, sizeof r->value, value);
    return 0;
}

void ms_rows_free(struct ms_rows *rows)
{
    mz_free(rows->items);
    *rows = (struct ms_rows){0};
}

/* Loads rows of one household with a statement whose columns are either
 * (program, amount) or (rule, person_id, value). */
static int rows_load(struct db *db, enum sql_id id, bool states, int64_t household_id,
                     struct ms_rows *out, struct mz_err *err)
{
    out->n = 0;
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int r = states ? ms_rows_add(out, db_col_text(st, 0), db_col_int64(st, 1), 0,
                                     db_col_text(st, 2), err)
                       : ms_rows_add(out, db_col_text(st, 0), 0, db_col_int64(st, 1),
                                     "", err);
        if (r < 0) {
            db_reset(st);
            return -1;
        }
    }
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, "读取监测状态");
}

static int clear(struct db *db, enum sql_id id, int64_t household_id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    return db_exec_stmt(db, st, err);
}

int ms_decisions_load(struct db *db, int64_t household_id, struct ms_rows *out,
                      struct mz_err *err)
{
    return rows_load(db, SQL_MD_LOAD, false, household_id, out, err);
}

int ms_decisions_replace(struct db *db, int64_t household_id, const struct ms_rows *rows,
                         mz_date as_of, struct mz_err *err)
{
    if (clear(db, SQL_MD_CLEAR, household_id, err) < 0)
        return -1;
    char day[11];
    date_format(as_of, day);
    for (size_t i = 0; i < rows->n; i++) {
        struct dbst *st = db_stmt(db, SQL_MD_ADD, err);
        if (!st)
            return -1;
        db_bind_int64(st, 1, household_id);
        db_bind_text(st, 2, rows->items[i].name);
        db_bind_int64(st, 3, rows->items[i].amount);
        db_bind_text(st, 4, day);
        if (db_exec_stmt(db, st, err) < 0)
            return -1;
    }
    return 0;
}

int ms_states_load(struct db *db, int64_t household_id, struct ms_rows *out, struct mz_err *err)
{
    return rows_load(db, SQL_MS_LOAD, true, household_id, out, err);
}

int ms_states_replace(struct db *db, int64_t household_id, const struct ms_rows *rows,
                      struct mz_err *err)
{
    if (clear(db, SQL_MS_CLEAR, household_id, err) < 0)
        return -1;
    for (size_t i = 0; i < rows->n; i++) {
        struct dbst *st = db_stmt(db, SQL_MS_ADD, err);
        if (!st)
            return -1;
        db_bind_int64(st, 1, household_id);
        db_bind_text(st, 2, rows->items[i].name);
        db_bind_int64(st, 3, rows->items[i].person_id);
        db_bind_text(st, 4, rows->items[i].value);
        if (db_exec_stmt(db, st, err) < 0)
            return -1;
    }
    return 0;
}

int ms_warning_blocked(struct db *db, const char *cond_key, const char *value,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_W_BLOCKED, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, cond_key);
    db_bind_text(st, 2, value);
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        return db_error(db, err, "查询预警");
    }
    int n = db_col_int(st, 0);
    db_reset(st);
    return n > 0;
}

int ms_warning_add(struct db *db, struct ms_warning *w, const char *cond_key,
                   const char *value, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_W_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, w->rule);
    db_bind_text(st, 2, w->label);
    db_bind_text(st, 3, w->severity);
    db_bind_text(st, 4, w->program);
    db_bind_int64(st, 5, w->household_id);
    db_bind_int64(st, 6, w->person_id);
    db_bind_text(st, 7, cond_key);
    db_bind_text(st, 8, value);
    db_bind_text(st, 9, w->office);
    db_bind_text(st, 10, w->evidence);
    db_bind_text(st, 11, w->raised_by);
    db_bind_text(st, 12, w->raised_on);
    db_bind_text(st, 13, w->due);
    db_bind_text(st, 14, now);
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        return db_error(db, err, "记录预警");
    }
    w->id = db_col_int64(st, 0);
    copy(w->state, sizeof w->state, "open");
    return db_exec_stmt(db, st, err);
}

int ms_warning_get(struct db *db, int64_t id, struct ms_warning *w, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_W_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc != DB_ROW) {
        db_reset(st);
        return rc == DB_DONE ? 0 : db_error(db, err, "读取预警");
    }
    w->id = db_col_int64(st, 0);
    copy(w->rule, sizeof w->rule, db_col_text(st, 1));
    copy(w->label, sizeof w->label, db_col_text(st, 2));
    copy(w->severity, sizeof w->severity, db_col_text(st, 3));
    copy(w->program, sizeof w->program, db_col_text(st, 4));
    w->household_id = db_col_int64(st, 5);
    w->person_id = db_col_int64(st, 6);
    copy(w->hh_no, sizeof w->hh_no, db_col_text(st, 7));
    copy(w->office, sizeof w->office, db_col_text(st, 8));
    copy(w->evidence, sizeof w->evidence, db_col_text(st, 9));
    copy(w->raised_by, sizeof w->raised_by, db_col_text(st, 10));
    copy(w->raised_on, sizeof w->raised_on, db_col_text(st, 11));
    copy(w->due, sizeof w->due, db_col_text(st, 12));
    copy(w->state, sizeof w->state, db_col_text(st, 13));
    copy(w->assignee, sizeof w->assignee, db_col_text(st, 14));
    copy(w->finding, sizeof w->finding, db_col_text(st, 15));
    copy(w->outcome, sizeof w->outcome, db_col_text(st, 16));
    copy(w->reason, sizeof w->reason, db_col_text(st, 17));
    db_reset(st);
    return 1;
}

int ms_warning_update(struct db *db, const struct ms_warning *w, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_W_UPDATE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, w->id);
    db_bind_text(st, 2, w->state);
    db_bind_text(st, 3, w->assignee[0] ? w->assignee : NULL);
    db_bind_text(st, 4, w->finding[0] ? w->finding : NULL);
    db_bind_text(st, 5, w->outcome[0] ? w->outcome : NULL);
    db_bind_text(st, 6, w->reason[0] ? w->reason : NULL);
    db_bind_text(st, 7, now);
    return db_exec_stmt(db, st, err);
}

int ms_warning_ids(struct db *db, const char *office_prefix, const char *state,
                   const char *program, const char *rule, int64_t **ids, size_t *n,
                   struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_W_LIST, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, office_prefix);
    db_bind_text(st, 2, state);
    db_bind_text(st, 3, program);
    db_bind_text(st, 4, rule);
    return db_collect_ids(db, st, ids, n, "列出预警", err);
}

/* The statement of the warnings in a scope, bound. */
static struct dbst *scope_list(struct db *db, const char *prefix, const char *state,
                                const char *program, const char *rule, struct mz_err *err)
{
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%s", prefix);
    bool narrow = db_scope_narrow((const char(*)[13])scope, 1);
    struct dbst *st = db_stmt(db, narrow ? SQL_W_SCOPE_LIST_NARROW : SQL_W_SCOPE_LIST, err);
    if (st) {
        db_bind_text(st, 1, prefix);
        db_bind_text(st, 2, state);
        db_bind_text(st, 3, program);
        db_bind_text(st, 4, rule);
    }
    return st;
}

int ms_warning_ids_in(struct db *db, const char *prefix, const char *state, const char *program,
                      const char *rule, int64_t **ids, size_t *n, struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = scope_list(db, prefix, state, program, rule, err);
    return st ? db_collect_ids(db, st, ids, n, "列出预警", err) : -1;
}

int ms_warning_dues_in(struct db *db, const char *prefix,
                       int (*fn)(void *ctx, int64_t id, int64_t household_id, const char *due),
                       void *ctx, struct mz_err *err)
{
    char scope[1][13];
    snprintf(scope[0], sizeof scope[0], "%s", prefix);
    bool narrow = db_scope_narrow((const char(*)[13])scope, 1);
    struct dbst *st = db_stmt(db, narrow ? SQL_W_SCOPE_DUES_NARROW : SQL_W_SCOPE_DUES, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, prefix);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW)
        stop = fn(ctx, db_col_int64(st, 0), db_col_int64(st, 1),
                  db_col_text(st, 2));
    db_reset(st);
    if (stop)
        return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "列出预警");
}

/* ---- cases opened from warnings ---------------------------------------- */

int ms_case_link(struct db *db, int64_t case_id, int64_t warning_id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CW_INSERT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, warning_id);
    return db_exec_stmt(db, st, err);
}

static int link_lookup(struct db *db, enum sql_id id, int64_t key, int64_t *out,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, id, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, key);
    int rc = db_step(st);
    *out = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取预警与案件的关联");
}

int ms_case_of_warning(struct db *db, int64_t warning_id, int64_t *out, struct mz_err *err)
{
    return link_lookup(db, SQL_CW_BY_WARNING, warning_id, out, err);
}

int ms_warning_of_case(struct db *db, int64_t case_id, int64_t *out, struct mz_err *err)
{
    return link_lookup(db, SQL_CW_BY_CASE, case_id, out, err);
}
