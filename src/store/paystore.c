/* Enrolments, rolls and roll lines in SQLite (see paystore.h). */
#include "store/paystore.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/stmt.h"

static void col_copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}

/* Steps st to the end, calling row(st, fn, ctx) for each row. */
static int scan(struct db *db, struct dbst *st, int (*row)(struct dbst *st, void *fn, void *ctx),
                void *fn, void *ctx, const char *what, struct mz_err *err)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int stop = row(st, fn, ctx);
        if (stop) {
            db_reset(st);
            return stop;
        }
    }
    db_reset(st);
    return rc == DB_DONE ? 0 : db_error(db, err, what);
}

/* ---- enrolments -------------------------------------------------------- */

int ps_enrol_insert(struct db *db, struct enrol_row *e, bool *added, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, e->program);
    db_bind_int64(st, 2, e->household_id);
    db_bind_int64(st, 3, e->person_id);
    db_bind_text(st, 4, e->start_month);
    db_bind_text(st, 5, e->end_month[0] ? e->end_month : NULL);
    db_bind_text(st, 6, e->source);
    db_bind_text(st, 7, now);
    if (e->once)
        db_bind_int64(st, 8, e->once_amount);
    else
        db_bind_null(st, 8);
    int rc = db_step(st);
    *added = rc == DB_ROW;
    if (*added)
        e->id = db_col_int64(st, 0);
    db_reset(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return db_error(db, err, "登记享受对象");
    if (*added)
        return 0;
    if (!(st = db_stmt(db, SQL_PAY_ENROL_OPEN, err)))
        return -1;
    db_bind_text(st, 1, e->program);
    db_bind_int64(st, 2, e->household_id);
    db_bind_int64(st, 3, e->person_id);
    rc = db_step(st);
    if (rc == DB_ROW)
        e->id = db_col_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW ? 0 : db_error(db, err, "查找已有享受登记");
}

static int enrol_row(struct dbst *st, void *fn, void *ctx)
{
    struct enrol_row e = {.id = db_col_int64(st, 0),
                          .household_id = db_col_int64(st, 2),
                          .person_id = db_col_int64(st, 3)};
    col_copy(st, 1, e.program, sizeof e.program);
    col_copy(st, 4, e.start_month, sizeof e.start_month);
    col_copy(st, 5, e.end_month, sizeof e.end_month);
    col_copy(st, 6, e.source, sizeof e.source);
    col_copy(st, 7, e.last_review, sizeof e.last_review);
    if (db_col_count(st) == 9 && db_col_type(st, 8) != DB_NULL) {
        e.once = true;
        e.once_amount = db_col_int64(st, 8);
    }
    if (db_col_count(st) > 9) {
        col_copy(st, 8, e.bank, sizeof e.bank);
        col_copy(st, 9, e.account_masked, sizeof e.account_masked);
    }
    return ((int (*)(void *, const struct enrol_row *))fn)(ctx, &e);
}

/* Binds the division prefixes of a paying unit (scope NULL: NULL, all). */
static int bind_scope(struct dbst *st, int i, const char (*scope)[13], int nscope,
                      struct mz_err *err)
{
    if (!scope) {
        db_bind_null(st, i);
        return 0;
    }
    return db_bind_prefix_list(st, i, scope, nscope, err);
}

int ps_enrol_in_force(struct db *db, const char *month, const char (*scope)[13], int nscope,
                      int (*fn)(void *ctx, const struct enrol_row *e), void *ctx,
                      struct mz_err *err)
{
    bool narrow = scope && db_scope_narrow(scope, nscope);
    struct dbst *st =
        db_stmt(db, narrow ? SQL_PAY_ENROL_IN_FORCE_NARROW : SQL_PAY_ENROL_IN_FORCE, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, month);
    if (bind_scope(st, 2, scope, nscope, err) < 0)
        return -1;
    return scan(db, st, enrol_row, (void *)fn, ctx, "读取享受登记", err);
}

int ps_enrol_units(struct db *db, const char *program, const char *month, char (**units)[13],
                   size_t *n, struct mz_err *err)
{
    *units = NULL;
    *n = 0;
    size_t cap = 0;
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_UNITS, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, program);
    db_bind_text(st, 2, month);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(units, &cap, *n + 1, sizeof **units) < 0) {
            db_reset(st);
            mz_free(*units);
            *units = NULL;
            return mz_fail(err, "out_of_memory", "内存不足");
        }
        col_copy(st, 0, (*units)[(*n)++], 13);
    }
    db_reset(st);
    if (rc == DB_DONE)
        return 0;
    mz_free(*units);
    *units = NULL;
    return db_error(db, err, "列出发放单位");
}

int ps_enrol_end(struct db *db, int64_t id, const char *month, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_END, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, month);
    return db_exec_stmt(db, st, err);
}

/* Runs a state change and reports whether a row changed. */
static int state_change(struct db *db, struct dbst *st, bool *changed, struct mz_err *err)
{
    if (db_exec_stmt(db, st, err) < 0)
        return -1;
    *changed = db_changes(db) == 1;
    return 0;
}

int ps_enrol_reviewed(struct db *db, int64_t id, const char *month, bool *changed,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_REVIEWED, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, month);
    return state_change(db, st, changed, err);
}

int ps_enrol_stop(struct db *db, int64_t id, const char *month, const char *reason,
                  bool *changed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_STOP, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, month);
    db_bind_text(st, 3, reason);
    return state_change(db, st, changed, err);
}

int ps_enrol_account(struct db *db, int64_t id, const char *bank, const unsigned char *sealed,
                     size_t sealed_len, const char *masked, const unsigned char *index,
                     size_t index_len, bool *changed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_ACCOUNT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, bank);
    db_bind_blob(st, 3, sealed, (int)sealed_len);
    db_bind_text(st, 4, masked);
    db_bind_blob(st, 5, index, (int)index_len);
    return state_change(db, st, changed, err);
}

int ps_enrol_of(struct db *db, int64_t household_id,
                int (*fn)(void *ctx, const struct enrol_row *e), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_OF, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, household_id);
    return scan(db, st, enrol_row, (void *)fn, ctx, "读取享受登记", err);
}

static int enrol_copy(void *ctx, const struct enrol_row *e)
{
    *(struct enrol_row *)ctx = *e;
    return 1;
}

int ps_enrol_get(struct db *db, int64_t id, struct enrol_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ENROL_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return scan(db, st, enrol_row, (void *)enrol_copy, out, "读取享受登记", err);
}

static int death_row(struct dbst *st, void *fn, void *ctx)
{
    return ((int (*)(void *, int64_t, const char *))fn)(ctx, db_col_int64(st, 0),
                                                         db_col_text(st, 1));
}

int ps_deaths(struct db *db, const int64_t *ids, size_t n,
              int (*fn)(void *ctx, int64_t person_id, const char *value), void *ctx,
              struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_DEATHS, err);
    if (!st || db_bind_ids(st, 1, ids, n, err) < 0)
        return -1;
    return scan(db, st, death_row, (void *)fn, ctx, "读取死亡记录", err);
}

/* ---- rolls ------------------------------------------------------------- */

static int roll_get(struct db *db, struct dbst *st, struct roll_row *out, struct mz_err *err)
{
    int rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = db_col_int64(st, 0);
        col_copy(st, 1, out->program, sizeof out->program);
        col_copy(st, 2, out->month, sizeof out->month);
        col_copy(st, 3, out->state, sizeof out->state);
        col_copy(st, 4, out->policy_version, sizeof out->policy_version);
        col_copy(st, 5, out->prepared_by, sizeof out->prepared_by);
        col_copy(st, 6, out->prepared_at, sizeof out->prepared_at);
        col_copy(st, 7, out->approved_by, sizeof out->approved_by);
        col_copy(st, 8, out->approved_at, sizeof out->approved_at);
        col_copy(st, 9, out->paid_at, sizeof out->paid_at);
        out->lines = db_col_int64(st, 10);
        out->total = db_col_int64(st, 11);
        col_copy(st, 12, out->unit, sizeof out->unit);
        col_copy(st, 13, out->unit_scope, sizeof out->unit_scope);
        col_copy(st, 14, out->batch_ref, sizeof out->batch_ref);
        col_copy(st, 15, out->bank_format, sizeof out->bank_format);
        col_copy(st, 16, out->bank_sm3, sizeof out->bank_sm3);
        col_copy(st, 17, out->bank_at, sizeof out->bank_at);
        col_copy(st, 18, out->payee, sizeof out->payee);
    }
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取发放名册");
}

int ps_roll_by_key(struct db *db, const char *program, const char *month, const char *unit,
                   struct roll_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_BY_KEY, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, program);
    db_bind_text(st, 2, month);
    db_bind_text(st, 3, unit);
    return roll_get(db, st, out, err);
}

int ps_roll_by_id(struct db *db, int64_t id, struct roll_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_BY_ID, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return roll_get(db, st, out, err);
}

int ps_roll_by_bank_sm3(struct db *db, const char *sm3, struct roll_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_BY_BANK_SM3, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, sm3);
    return roll_get(db, st, out, err);
}

int ps_bank_sig_put(struct db *db, int64_t roll_id, const char *sm3, const char *sig,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_BANK_SIG_PUT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, roll_id);
    db_bind_text(st, 2, sm3);
    db_bind_text(st, 3, sig);
    db_bind_text(st, 4, now);
    return db_exec_stmt(db, st, err);
}

int ps_bank_sig_get(struct db *db, int64_t roll_id, const char *sm3, char **sig,
                    struct mz_err *err)
{
    *sig = NULL;
    struct dbst *st = db_stmt(db, SQL_PAY_BANK_SIG_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, roll_id);
    db_bind_text(st, 2, sm3);
    int rc = db_step(st);
    if (rc == DB_ROW && !(*sig = mz_strdup(db_col_text(st, 0))))
        rc = DB_NOMEM;
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    if (rc == DB_NOMEM)
        return mz_fail(err, "out_of_memory", "内存不足");
    return rc == DB_DONE ? 0 : db_error(db, err, "读取代发文件签名");
}

int ps_roll_ids(struct db *db, const char *program, const char *month, int64_t **ids, size_t *n,
                struct mz_err *err)
{
    *ids = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_LIST, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, program);
    db_bind_text(st, 2, month);
    return db_collect_ids(db, st, ids, n, "列出发放名册", err);
}

int ps_roll_insert(struct db *db, struct roll_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_INSERT, err);
    if (!st)
        return -1;
    db_now(r->prepared_at);
    db_bind_text(st, 1, r->program);
    db_bind_text(st, 2, r->month);
    db_bind_text(st, 3, r->policy_version);
    db_bind_text(st, 4, r->prepared_by);
    db_bind_text(st, 5, r->prepared_at);
    db_bind_text(st, 6, r->unit);
    db_bind_text(st, 7, r->unit_scope);
    db_bind_text(st, 8, r->payee[0] ? r->payee : "household");
    int rc = db_step(st);
    if (rc == DB_ROW)
        r->id = db_col_int64(st, 0);
    db_reset(st);
    return rc == DB_ROW ? 0 : db_error(db, err, "新建发放名册");
}

int ps_roll_set_totals(struct db *db, int64_t id, int64_t lines, int64_t total,
                       struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_SET_TOTALS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, lines);
    db_bind_int64(st, 3, total);
    return db_exec_stmt(db, st, err);
}

int ps_roll_prepared(struct db *db, struct roll_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_PREPARED, err);
    if (!st)
        return -1;
    db_now(r->prepared_at);
    db_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, r->policy_version);
    db_bind_text(st, 3, r->prepared_by);
    db_bind_text(st, 4, r->prepared_at);
    return db_exec_stmt(db, st, err);
}

int ps_roll_bank(struct db *db, struct roll_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_BANK, err);
    if (!st)
        return -1;
    db_now(r->bank_at);
    db_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, r->batch_ref);
    db_bind_text(st, 3, r->bank_format);
    db_bind_text(st, 4, r->bank_sm3);
    db_bind_text(st, 5, r->bank_at);
    return db_exec_stmt(db, st, err);
}

int ps_roll_totals(struct db *db, int64_t id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_TOTALS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return db_exec_stmt(db, st, err);
}

int ps_roll_approve(struct db *db, int64_t id, const char *approver, bool *changed,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_APPROVE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, approver);
    db_bind_text(st, 3, now);
    return state_change(db, st, changed, err);
}

int ps_roll_paid(struct db *db, int64_t id, bool *changed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_ROLL_PAID, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, now);
    return state_change(db, st, changed, err);
}

/* ---- lines ------------------------------------------------------------- */

int ps_lines_delete(struct db *db, int64_t roll_id, const char *from, const char *to,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_LINES_DELETE, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, roll_id);
    db_bind_text(st, 2, from);
    db_bind_text(st, 3, to);
    return db_exec_stmt(db, st, err);
}

int ps_line_insert(struct db *db, int64_t roll_id, const struct line_row *l, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_LINE_INSERT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, roll_id);
    db_bind_int64(st, 2, l->household_id);
    db_bind_int64(st, 3, l->person_id);
    db_bind_text(st, 4, l->origin_month);
    db_bind_int64(st, 5, l->enrolment_id);
    db_bind_text(st, 6, l->kind);
    db_bind_text(st, 7, l->status);
    db_bind_int64(st, 8, l->due);
    db_bind_int64(st, 9, l->paid_before);
    db_bind_int64(st, 10, l->amount);
    db_bind_text(st, 11, l->change);
    db_bind_text(st, 12, l->reason);
    return db_exec_stmt(db, st, err);
}

static int line_row(struct dbst *st, void *fn, void *ctx)
{
    struct line_row l = {.household_id = db_col_int64(st, 0),
                         .person_id = db_col_int64(st, 1),
                         .enrolment_id = db_col_int64(st, 3),
                         .due = db_col_int64(st, 6),
                         .paid_before = db_col_int64(st, 7),
                         .amount = db_col_int64(st, 8)};
    col_copy(st, 2, l.origin_month, sizeof l.origin_month);
    col_copy(st, 4, l.kind, sizeof l.kind);
    col_copy(st, 5, l.status, sizeof l.status);
    col_copy(st, 9, l.change, sizeof l.change);
    col_copy(st, 10, l.reason, sizeof l.reason);
    return ((int (*)(void *, const struct line_row *))fn)(ctx, &l);
}

int ps_lines(struct db *db, int64_t roll_id, int (*fn)(void *ctx, const struct line_row *l),
             void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_LINES, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, roll_id);
    return scan(db, st, line_row, (void *)fn, ctx, "读取名册明细", err);
}

static int paid_row(struct dbst *st, void *fn, void *ctx)
{
    struct paid_sum p = {db_col_int64(st, 0), db_col_int64(st, 1),
                         db_col_int64(st, 2), db_col_int64(st, 3)};
    return ((int (*)(void *, const struct paid_sum *))fn)(ctx, &p);
}

int ps_paid_sums(struct db *db, const char *program, const char *origin, const char (*scope)[13],
                 int nscope, int (*fn)(void *ctx, const struct paid_sum *p), void *ctx,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_PAID_SUMS, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, program);
    db_bind_text(st, 2, origin);
    if (bind_scope(st, 3, scope, nscope, err) < 0)
        return -1;
    return scan(db, st, paid_row, (void *)fn, ctx, "读取已发金额", err);
}

static int bank_row(struct dbst *st, void *fn, void *ctx)
{
    struct bank_row b = {.amount = db_col_int64(st, 3),
                         .enrolment_id = db_col_int64(st, 6)};
    col_copy(st, 0, b.hh_no, sizeof b.hh_no);
    col_copy(st, 1, b.name, sizeof b.name);
    col_copy(st, 2, b.id_masked, sizeof b.id_masked);
    col_copy(st, 4, b.bank, sizeof b.bank);
    int n = db_col_bytes(st, 5);
    if (n > 0 && (size_t)n <= sizeof b.account_sealed) {
        memcpy(b.account_sealed, db_col_blob(st, 5), (size_t)n);
        b.account_sealed_len = n;
    }
    return ((int (*)(void *, const struct bank_row *))fn)(ctx, &b);
}

int ps_bank_rows(struct db *db, int64_t roll_id, const char (*scope)[13], int nscope,
                 int (*fn)(void *ctx, const struct bank_row *b), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_PAY_BANK_ROWS, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, roll_id);
    if (bind_scope(st, 2, scope, nscope, err) < 0)
        return -1;
    return scan(db, st, bank_row, (void *)fn, ctx, "读取银行代发明细", err);
}
