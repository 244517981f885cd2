/* 免申即享 in SQLite (see autograntstore.h). */
#include "store/autograntstore.h"

#include <stdio.h>

#include "base/mem.h"
#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

static void bind_or_null(struct dbst *st, int i, const char *text)
{
    if (text && *text)
        db_bind_text(st, i, text);
    else
        db_bind_null(st, i);
}

int ags_consent_put(struct db *db, int64_t person_id, const char *given_on, const char *given_by,
                    const char *recorded_by, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AG_CONSENT_PUT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, given_on);
    db_bind_text(st, 3, given_by);
    db_bind_text(st, 4, recorded_by);
    db_bind_text(st, 5, now);
    return db_exec_stmt(db, st, err);
}

int ags_consents(struct db *db, int (*fn)(void *ctx, const struct consent_row *c), void *ctx,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AG_CONSENTS, err);
    if (!st) return -1;
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct consent_row c = {.person_id = db_col_int64(st, 0)};
        copy(st, 1, c.given_on, sizeof c.given_on);
        copy(st, 2, c.given_by, sizeof c.given_by);
        stop = fn(ctx, &c);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取免申即享授权");
}

int ags_enrolled(struct db *db, const char *program, const char *month, int64_t **pairs,
                 size_t *n, struct mz_err *err)
{
    *pairs = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_AG_ENROLLED, err);
    if (!st) return -1;
    db_bind_text(st, 1, program);
    db_bind_text(st, 2, month);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(pairs, &cap, 2 * (*n + 1), sizeof **pairs) < 0) {
            rc = DB_NOMEM;
            break;
        }
        (*pairs)[2 * *n] = db_col_int64(st, 0);
        (*pairs)[2 * *n + 1] = db_col_int64(st, 1);
        (*n)++;
    }
    db_reset(st);
    if (rc == DB_DONE) return 0;
    mz_free(*pairs);
    *pairs = NULL;
    *n = 0;
    return rc == DB_NOMEM ? mz_fail(err, "out_of_memory", "内存不足")
                              : db_error(db, err, "读取享受登记");
}

int ags_finding_insert(struct db *db, struct finding_row *f, const char *found_by, bool *added,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AG_FINDING_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, f->program);
    db_bind_int64(st, 2, f->household_id);
    db_bind_int64(st, 3, f->person_id);
    db_bind_text(st, 4, f->office);
    db_bind_text(st, 5, f->found_on);
    db_bind_int64(st, 6, f->amount);
    db_bind_text(st, 7, found_by);
    db_bind_text(st, 8, now);
    int rc = db_step(st);
    *added = rc == DB_ROW;
    if (*added) f->id = db_col_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(db, err, "登记免申即享发现");
}

static void finding_read(struct dbst *st, struct finding_row *f)
{
    *f = (struct finding_row){.id = db_col_int64(st, 0),
                              .household_id = db_col_int64(st, 2),
                              .person_id = db_col_int64(st, 3),
                              .amount = db_col_int64(st, 6),
                              .enrolment_id = db_col_int64(st, 11)};
    copy(st, 1, f->program, sizeof f->program);
    copy(st, 4, f->office, sizeof f->office);
    copy(st, 5, f->found_on, sizeof f->found_on);
    copy(st, 7, f->state, sizeof f->state);
    copy(st, 8, f->decided_on, sizeof f->decided_on);
    copy(st, 9, f->decided_by, sizeof f->decided_by);
    copy(st, 10, f->reason, sizeof f->reason);
    copy(st, 12, f->start_month, sizeof f->start_month);
    copy(st, 13, f->notice_number, sizeof f->notice_number);
    copy(st, 14, f->hh_no, sizeof f->hh_no);
    copy(st, 15, f->head_name, sizeof f->head_name);
    copy(st, 16, f->consent, sizeof f->consent);
}

int ags_finding_get(struct db *db, int64_t id, struct finding_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AG_FINDING_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) finding_read(st, out);
    db_reset(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : db_error(db, err, "读取免申即享发现");
}

int ags_finding_decide(struct db *db, const struct finding_row *f, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AG_FINDING_DECIDE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, f->id);
    db_bind_text(st, 2, f->state);
    db_bind_text(st, 3, f->decided_on);
    db_bind_text(st, 4, f->decided_by);
    bind_or_null(st, 5, f->reason);
    if (f->enrolment_id > 0)
        db_bind_int64(st, 6, f->enrolment_id);
    else
        db_bind_null(st, 6);
    bind_or_null(st, 7, f->start_month);
    bind_or_null(st, 8, f->notice_number);
    if (db_exec_stmt(db, st, err) < 0) return -1;
    return db_changes(db) > 0;
}

int ags_findings(struct db *db, const char (*prefixes)[13], int nprefixes, const char *state,
                 int64_t household_id, int limit,
                 int (*fn)(void *ctx, const struct finding_row *f), void *ctx,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AG_FINDINGS, err);
    if (!st || db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    db_bind_text(st, 2, state ? state : "");
    db_bind_int64(st, 3, household_id);
    db_bind_int(st, 4, limit);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct finding_row f;
        finding_read(st, &f);
        stop = fn(ctx, &f);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取免申即享名单");
}
