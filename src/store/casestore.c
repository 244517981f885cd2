/* Calendar and case rows in SQLite (see casestore.h). */
#include "store/casestore.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

static void bind_day(struct dbst *st, int i, mz_date d)
{
    if (d == MZ_DATE_NONE) {
        db_bind_null(st, i);
        return;
    }
    char text[11];
    date_format(d, text);
    db_bind_text(st, i, text);
}

static mz_date col_day(struct dbst *st, int i)
{
    return db_col_type(st, i) == DB_NULL ? MZ_DATE_NONE
                                                     : date_parse(db_col_text(st, i));
}

static void col_copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

/* Finishes a look-up statement: 1 after a row, 0 when none, -1 on error. */
static int lookup_end(struct db *db, struct dbst *st, int rc, const char *what,
                      struct mz_err *err)
{
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, what);
}

/* ---- calendar ---------------------------------------------------------- */

int cs_cal_year_reset(struct db *db, int year, const char *source, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CAL_YEAR_PUT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int(st, 1, year);
    db_bind_text(st, 2, source);
    db_bind_text(st, 3, now);
    if (db_exec_stmt(db, st, err) < 0 || !(st = db_stmt(db, SQL_CAL_YEAR_CLEAR, err)))
        return -1;
    bind_day(st, 1, date_from_ymd(year, 1, 1));
    bind_day(st, 2, date_from_ymd(year + 1, 1, 1));
    return db_exec_stmt(db, st, err);
}

int cs_cal_day_put(struct db *db, mz_date day, const char *kind, const char *name,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CAL_DAY_PUT, err);
    if (!st)
        return -1;
    bind_day(st, 1, day);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, name);
    return db_exec_stmt(db, st, err);
}

int cs_cal_scan(struct db *db, int (*year_fn)(void *ctx, int year),
                int (*day_fn)(void *ctx, mz_date day, bool is_workday), void *ctx,
                struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CAL_YEARS, err);
    if (!st)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = year_fn(ctx, db_col_int(st, 0));
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取工作日历");
    db_reset(st);
    if (result || !(st = db_stmt(db, SQL_CAL_DAYS, err)))
        return result ? result : -1;
    while (result == 0 && (rc = db_step(st)) == DB_ROW)
        result = day_fn(ctx, col_day(st, 0), strcmp(db_col_text(st, 1), "workday") == 0);
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取工作日历");
    db_reset(st);
    return result;
}

/* ---- cases ------------------------------------------------------------- */

int cs_case_insert(struct db *db, struct case_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CASE_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, c->type);
    db_bind_int64(st, 2, c->household_id);
    db_bind_int64(st, 3, c->applicant_id);
    db_bind_text(st, 4, c->division);
    db_bind_text(st, 5, c->state);
    db_bind_int(st, 6, c->staff_relative);
    bind_day(st, 7, c->opened_on);
    db_bind_text(st, 8, now);
    return db_insert_id(db, st, &c->id, "登记案件", err);
}

int cs_case_get(struct db *db, int64_t id, struct case_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CASE_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = db_col_int64(st, 0);
        col_copy(st, 1, out->type, sizeof out->type);
        out->household_id = db_col_int64(st, 2);
        out->applicant_id = db_col_int64(st, 3);
        col_copy(st, 4, out->division, sizeof out->division);
        col_copy(st, 5, out->state, sizeof out->state);
        out->staff_relative = db_col_int(st, 6) != 0;
        out->spot_checked =
            db_col_type(st, 7) == DB_NULL ? -1 : db_col_int(st, 7);
        out->spot_ordinal =
            db_col_type(st, 8) == DB_NULL ? -1 : db_col_int64(st, 8);
        out->opened_on = col_day(st, 9);
        out->accepted_on = col_day(st, 10);
        out->deadline = col_day(st, 11);
        col_copy(st, 12, out->extend_reason, sizeof out->extend_reason);
        out->state_since = col_day(st, 13);
        out->state_due = col_day(st, 14);
        out->closed_on = col_day(st, 15);
    }
    return lookup_end(db, st, rc, "读取案件", err);
}

int cs_case_update(struct db *db, const struct case_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CASE_UPDATE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->id);
    db_bind_text(st, 2, c->state);
    if (c->spot_checked < 0)
        db_bind_null(st, 3);
    else
        db_bind_int(st, 3, c->spot_checked);
    if (c->spot_ordinal < 0)
        db_bind_null(st, 4);
    else
        db_bind_int64(st, 4, c->spot_ordinal);
    bind_day(st, 5, c->accepted_on);
    bind_day(st, 6, c->deadline);
    db_bind_text(st, 7, c->extend_reason[0] ? c->extend_reason : NULL);
    bind_day(st, 8, c->state_since);
    bind_day(st, 9, c->state_due);
    bind_day(st, 10, c->closed_on);
    return db_exec_stmt(db, st, err);
}

int cs_case_ids(struct db *db, const char *prefix, bool open_only, int64_t **ids, size_t *n,
                struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_CASE_LIST, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, prefix);
    db_bind_int(st, 2, open_only);
    return db_collect_ids(db, st, ids, n, "列出案件", err);
}

int cs_spot_count(struct db *db, const char *type, const char *county, int64_t *n,
                  struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CASE_SPOT_COUNT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, type);
    db_bind_text(st, 2, county);
    int rc = db_step(st);
    *n = rc == DB_ROW ? db_col_int64(st, 0) : 0;
    return lookup_end(db, st, rc, "统计抽查", err) < 0 ? -1 : 0;
}

int cs_meta_get(struct db *db, const char *key, char *value, size_t cap, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_META_GET, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    int rc = db_step(st);
    if (rc == DB_ROW)
        col_copy(st, 0, value, cap);
    return lookup_end(db, st, rc, "读取设置", err);
}

int cs_meta_put(struct db *db, const char *key, const char *value, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_META_PUT, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    return db_exec_stmt(db, st, err);
}

/* ---- steps, attachments, decisions ------------------------------------- */

int cs_step_insert(struct db *db, int64_t case_id, struct step_row *s, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_STEP_INSERT, err);
    if (!st)
        return -1;
    db_now(s->at);
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, s->action);
    db_bind_text(st, 3, s->from_state);
    db_bind_text(st, 4, s->to_state);
    bind_day(st, 5, s->day);
    db_bind_text(st, 6, s->at);
    db_bind_text(st, 7, s->actor);
    db_bind_text(st, 8, s->reason[0] ? s->reason : NULL);
    db_bind_text(st, 9, s->note[0] ? s->note : NULL);
    db_bind_int(st, 10, s->late_days);
    return db_insert_id(db, st, &s->id, "记录办理步骤", err);
}

int cs_steps(struct db *db, int64_t case_id, int (*fn)(void *ctx, const struct step_row *s),
             void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_STEP_LIST, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    struct step_row *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(&rows, &cap, n + 1, sizeof *rows) < 0) {
            rc = DB_NOMEM;
            break;
        }
        struct step_row *s = &rows[n++];
        s->id = db_col_int64(st, 0);
        col_copy(st, 1, s->action, sizeof s->action);
        col_copy(st, 2, s->from_state, sizeof s->from_state);
        col_copy(st, 3, s->to_state, sizeof s->to_state);
        s->day = col_day(st, 4);
        col_copy(st, 5, s->at, sizeof s->at);
        col_copy(st, 6, s->actor, sizeof s->actor);
        col_copy(st, 7, s->reason, sizeof s->reason);
        col_copy(st, 8, s->note, sizeof s->note);
        s->late_days = db_col_int(st, 9);
    }
    db_reset(st);
    int result = 0;
    if (rc == DB_NOMEM)
        result = mz_fail(err, "out_of_memory", "内存不足");
    else if (rc != DB_DONE)
        result = db_error(db, err, "读取办理步骤");
    for (size_t i = 0; result == 0 && i < n; i++)
        result = fn(ctx, &rows[i]);
    mz_free(rows);
    return result;
}

int cs_attach_insert(struct db *db, struct attach_row *a, const unsigned char *sealed,
                     size_t sealed_len, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ATTACH_INSERT, err);
    if (!st)
        return -1;
    db_now(a->uploaded_at);
    db_bind_int64(st, 1, a->case_id);
    if (a->step_id)
        db_bind_int64(st, 2, a->step_id);
    db_bind_text(st, 3, a->name);
    db_bind_text(st, 4, a->mime[0] ? a->mime : NULL);
    db_bind_text(st, 5, a->sm3);
    db_bind_int64(st, 6, a->bytes);
    if (sealed)
        db_bind_blob_static(st, 7, sealed, sealed_len);
    db_bind_text(st, 8, a->uploaded_by[0] ? a->uploaded_by : NULL);
    db_bind_text(st, 9, a->uploaded_at);
    return db_insert_id(db, st, &a->id, "记录附件", err);
}

static int attach_list(struct db *db, enum sql_id q, int64_t key,
                       int (*fn)(void *ctx, const struct attach_row *a), void *ctx,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, q, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, key);
    int rc, result = 0;
    while (result == 0 && (rc = db_step(st)) == DB_ROW) {
        struct attach_row a = {0};
        a.id = db_col_int64(st, 0);
        a.case_id = db_col_int64(st, 1);
        a.step_id = db_col_int64(st, 2);
        col_copy(st, 3, a.name, sizeof a.name);
        col_copy(st, 4, a.mime, sizeof a.mime);
        col_copy(st, 5, a.sm3, sizeof a.sm3);
        a.bytes = db_col_int64(st, 6);
        a.stored = db_col_int(st, 7) != 0;
        col_copy(st, 8, a.uploaded_by, sizeof a.uploaded_by);
        col_copy(st, 9, a.uploaded_at, sizeof a.uploaded_at);
        result = fn(ctx, &a);
    }
    if (result == 0 && rc != DB_DONE)
        result = db_error(db, err, "读取附件");
    db_reset(st);
    return result;
}

int cs_attachments(struct db *db, int64_t step_id,
                   int (*fn)(void *ctx, const struct attach_row *a), void *ctx,
                   struct mz_err *err)
{
    return attach_list(db, SQL_ATTACH_LIST, step_id, fn, ctx, err);
}

int cs_case_attachments(struct db *db, int64_t case_id,
                        int (*fn)(void *ctx, const struct attach_row *a), void *ctx,
                        struct mz_err *err)
{
    return attach_list(db, SQL_ATTACH_OF_CASE, case_id, fn, ctx, err);
}

int cs_attach_content(struct db *db, int64_t id, int64_t case_id, unsigned char **sealed,
                      size_t *n, struct mz_err *err)
{
    *sealed = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_ATTACH_CONTENT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, case_id);
    int rc = db_step(st), found = 0;
    if (rc == DB_ROW && db_col_type(st, 0) == DB_BLOB) {
        size_t len = (size_t)db_col_bytes(st, 0);
        if (!(*sealed = mz_malloc(len ? len : 1))) {
            db_reset(st);
            return mz_fail(err, "out_of_memory", "内存不足");
        }
        memcpy(*sealed, db_col_blob(st, 0), len);
        *n = len;
        found = 1;
    } else if (rc != DB_ROW && rc != DB_DONE) {
        found = db_error(db, err, "读取附件");
    }
    db_reset(st);
    return found;
}

int cs_attach_bind(struct db *db, int64_t case_id, int64_t step_id, int *n, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ATTACH_BIND, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    db_bind_int64(st, 2, step_id);
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    *n = db_changes(db);
    return 0;
}

int cs_decision_insert(struct db *db, int64_t step_id, int64_t case_id,
                       const struct decision_row *d, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DECISION_INSERT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, step_id);
    db_bind_int64(st, 2, case_id);
    db_bind_text(st, 3, d->outcome);
    db_bind_text(st, 4, d->policy_version);
    bind_day(st, 5, d->as_of);
    db_bind_int(st, 6, d->engine_eligible);
    db_bind_int64(st, 7, d->engine_amount);
    db_bind_text(st, 8, d->explanation);
    return db_exec_stmt(db, st, err);
}

int cs_decision_get(struct db *db, int64_t step_id, struct decision_row *out,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DECISION_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, step_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        col_copy(st, 0, out->outcome, sizeof out->outcome);
        col_copy(st, 1, out->policy_version, sizeof out->policy_version);
        out->as_of = col_day(st, 2);
        out->engine_eligible = db_col_int(st, 3);
        out->engine_amount = db_col_int64(st, 4);
        out->explanation = mz_strdup(db_col_text(st, 5));
        if (!out->explanation) {
            db_reset(st);
            return mz_fail(err, "out_of_memory", "内存不足");
        }
    }
    return lookup_end(db, st, rc, "读取决定", err);
}

int cs_contest_insert(struct db *db, const struct contest_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CONTEST_INSERT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, c->case_id);
    db_bind_int64(st, 2, c->of_case);
    db_bind_int64(st, 3, c->decision_step);
    db_bind_text(st, 4, c->known_at);
    db_bind_int(st, 5, c->matches);
    db_bind_int(st, 6, c->engine_eligible);
    db_bind_int64(st, 7, c->engine_amount);
    db_bind_text(st, 8, c->policy_version);
    db_bind_text(st, 9, c->differences);
    db_bind_text(st, 10, c->explanation ? c->explanation : "");
    return db_exec_stmt(db, st, err);
}

int cs_contest_get(struct db *db, int64_t case_id, struct contest_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CONTEST_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->case_id = case_id;
        out->of_case = db_col_int64(st, 0);
        out->decision_step = db_col_int64(st, 1);
        col_copy(st, 2, out->known_at, sizeof out->known_at);
        out->matches = db_col_int(st, 3) != 0;
        out->engine_eligible = db_col_int(st, 4);
        out->engine_amount = db_col_int64(st, 5);
        col_copy(st, 6, out->policy_version, sizeof out->policy_version);
        col_copy(st, 7, out->differences, sizeof out->differences);
        out->explanation = mz_strdup(db_col_text(st, 8));
        if (!out->explanation) {
            db_reset(st);
            return mz_fail(err, "out_of_memory", "内存不足");
        }
    }
    return lookup_end(db, st, rc, "读取异议记录", err);
}

/* ---- applications ----------------------------------------------------- */

int cs_application_insert(struct db *db, int64_t case_id, struct application_row *a,
                          struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_APP_INSERT, err);
    if (!st)
        return -1;
    db_now(a->consent_at);
    db_bind_int64(st, 1, case_id);
    db_bind_text(st, 2, a->channel);
    db_bind_text(st, 3, a->applied_by);
    db_bind_text(st, 4, a->consent_version);
    db_bind_text(st, 5, a->consent_sm3);
    db_bind_text(st, 6, a->consent_at);
    db_bind_text(st, 7, a->consent_ref[0] ? a->consent_ref : NULL);
    return db_exec_stmt(db, st, err);
}

int cs_application_get(struct db *db, int64_t case_id, struct application_row *out,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_APP_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, case_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        col_copy(st, 0, out->channel, sizeof out->channel);
        col_copy(st, 1, out->applied_by, sizeof out->applied_by);
        col_copy(st, 2, out->consent_version, sizeof out->consent_version);
        col_copy(st, 3, out->consent_sm3, sizeof out->consent_sm3);
        col_copy(st, 4, out->consent_at, sizeof out->consent_at);
        col_copy(st, 5, out->consent_ref, sizeof out->consent_ref);
    }
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取申请方式");
}

int cs_case_ids_of_household(struct db *db, int64_t household_id, int64_t **ids, size_t *n,
                             struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CASE_OF_HH, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    return db_collect_ids(db, st, ids, n, "读取家庭的案件", err);
}

int cs_case_set_applicant(struct db *db, int64_t id, int64_t applicant, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CASE_SET_APPLICANT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, applicant);
    return db_exec_stmt(db, st, err);
}
