/* 殡葬 in SQLite (see funeralstore.h). */
#include "store/funeralstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/scan.h"

/* ---- deaths ------------------------------------------------------------ */

int fs_death_insert(struct db *db, const struct death_row *d, bool *inserted,
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEATH_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, d->person_id);
    db_bind_text(st, 2, d->died_on);
    db_bind_text(st, 3, d->source);
    db_bind_int64(st, 4, d->household_id);
    db_bind_text(st, 5, d->division);
    db_bind_text(st, 6, d->cascaded_by);
    db_bind_text(st, 7, now);
    return changed_stmt(db, st, inserted, err);
}

int fs_death_summary(struct db *db, int64_t person_id, const char *summary, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEATH_SUMMARY, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, summary);
    return db_exec_stmt(db, st, err);
}

static void death_read(struct dbst *st, void *row)
{
    struct death_row *d = row;
    memset(d, 0, sizeof *d);
    d->person_id = db_col_int64(st, 0);
    copy(st, 1, d->died_on, sizeof d->died_on);
    copy(st, 2, d->source, sizeof d->source);
    d->household_id = db_col_int64(st, 3);
    copy(st, 4, d->division, sizeof d->division);
    copy(st, 5, d->summary, sizeof d->summary);
    copy(st, 6, d->cascaded_by, sizeof d->cascaded_by);
    copy(st, 7, d->cascaded_at, sizeof d->cascaded_at);
    copy(st, 8, d->name, sizeof d->name);
    copy(st, 9, d->id_masked, sizeof d->id_masked);
    d->sex = db_col_int(st, 10);
    copy(st, 11, d->birth, sizeof d->birth);
}

int fs_death_get(struct db *db, int64_t person_id, struct death_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEATH_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    return one(db, st, death_read, out, "读取死亡登记", err);
}

int fs_death_list(struct db *db, const char (*prefixes)[13], int n, const char *name, long page,
                  long per_page, int (*fn)(void *ctx, const struct death_row *d), void *ctx,
                  int64_t *total, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEATH_COUNT, err);
    *total = 0;
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, name ? name : "");
    if (db_one_int(db, st, total, "统计死亡登记", err) < 0)
        return -1;
    if (!(st = db_stmt(db, SQL_DEATH_LIST, err)) || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, name ? name : "");
    db_bind_int64(st, 3, per_page);
    db_bind_int64(st, 4, (page - 1) * per_page);
    int rc;
    SCAN(rc, db, st, struct death_row, death_read, fn, ctx, "列出死亡登记", err);
    return rc;
}

int fs_deaths_pending(struct db *db, long limit, struct pending_death **out, size_t *n,
                      struct mz_err *err)
{
    *out = NULL;
    *n = 0;
    struct dbst *st = db_stmt(db, SQL_DEATH_PENDING, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, limit);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (mz_grow(out, &cap, *n + 1, sizeof **out) < 0) {
            rc = DB_NOMEM;
            break;
        }
        struct pending_death *p = &(*out)[(*n)++];
        p->person_id = db_col_int64(st, 0);
        copy(st, 1, p->value, sizeof p->value);
        copy(st, 2, p->source, sizeof p->source);
    }
    db_reset(st);
    if (rc == DB_DONE)
        return 0;
    mz_free(*out);
    *out = NULL;
    *n = 0;
    return rc == DB_NOMEM ? mz_fail(err, "out_of_memory", "内存不足")
                              : db_error(db, err, "查找未处理的死亡记录");
}

int fs_report_insert(struct db *db, int64_t person_id, struct death_report_row *r,
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DREP_INSERT, err);
    if (!st)
        return -1;
    db_now(r->reported_at);
    db_bind_int64(st, 1, person_id);
    db_bind_text(st, 2, r->died_on);
    db_bind_text(st, 3, r->source);
    db_bind_text(st, 4, r->certificate_no);
    db_bind_text(st, 5, r->place);
    db_bind_int(st, 6, r->first);
    db_bind_text(st, 7, r->reported_by);
    db_bind_text(st, 8, r->reported_at);
    return db_exec_stmt(db, st, err);
}

static void report_read(struct dbst *st, void *row)
{
    struct death_report_row *r = row;
    memset(r, 0, sizeof *r);
    r->id = db_col_int64(st, 0);
    copy(st, 1, r->died_on, sizeof r->died_on);
    copy(st, 2, r->source, sizeof r->source);
    copy(st, 3, r->certificate_no, sizeof r->certificate_no);
    copy(st, 4, r->place, sizeof r->place);
    r->first = db_col_int(st, 5) != 0;
    copy(st, 6, r->reported_by, sizeof r->reported_by);
    copy(st, 7, r->reported_at, sizeof r->reported_at);
}

int fs_reports_of(struct db *db, int64_t person_id,
                  int (*fn)(void *ctx, const struct death_report_row *r), void *ctx,
                  struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DREP_OF, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    int rc;
    SCAN(rc, db, st, struct death_report_row, report_read, fn, ctx, "读取死亡报告", err);
    return rc;
}

int fs_open_cases_of(struct db *db, int64_t person_id, int64_t **ids, size_t *n,
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEATH_OPEN_CASES, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    return db_collect_ids(db, st, ids, n, "查找未办结的案件", err);
}

int fs_overpaid(struct db *db, int64_t enrolment_id, const char *after, int64_t *fen,
                int64_t *lines, struct mz_err *err)
{
    *fen = *lines = 0;
    struct dbst *st = db_stmt(db, SQL_DEATH_OVERPAID, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, enrolment_id);
    db_bind_text(st, 2, after);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *fen = db_col_int64(st, 0);
        *lines = db_col_int64(st, 1);
    }
    db_reset(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(db, err, "统计死亡后的发放");
}

int fs_open_warning(struct db *db, const char *cond_key, int64_t *id, char due[11],
                    struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_DEATH_WARNING, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, cond_key);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *id = db_col_int64(st, 0);
        snprintf(due, 11, "%s", db_col_text(st, 1));
    }
    db_reset(st);
    if (rc == DB_ROW)
        return 1;
    return rc == DB_DONE ? 0 : db_error(db, err, "查找预警");
}

/* ---- facilities -------------------------------------------------------- */

int fs_facility_put(struct db *db, struct facility_row *f, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FAC_UPSERT, err);
    if (!st)
        return -1;
    db_now(f->created_at);
    db_bind_text(st, 1, f->code);
    db_bind_text(st, 2, f->name);
    db_bind_text(st, 3, f->kind);
    db_bind_text(st, 4, f->division);
    db_bind_text(st, 5, f->address);
    db_bind_text(st, 6, f->licence_no);
    db_bind_text(st, 7, f->licence_until);
    db_bind_text(st, 8, f->approved_by);
    db_bind_int64(st, 9, f->capacity);
    db_bind_text(st, 10, f->created_at);
    return db_insert_id(db, st, &f->id, "登记殡葬设施", err);
}

static void facility_read(struct dbst *st, void *row)
{
    struct facility_row *f = row;
    memset(f, 0, sizeof *f);
    f->id = db_col_int64(st, 0);
    copy(st, 1, f->code, sizeof f->code);
    copy(st, 2, f->name, sizeof f->name);
    copy(st, 3, f->kind, sizeof f->kind);
    copy(st, 4, f->division, sizeof f->division);
    copy(st, 5, f->address, sizeof f->address);
    copy(st, 6, f->licence_no, sizeof f->licence_no);
    copy(st, 7, f->licence_until, sizeof f->licence_until);
    copy(st, 8, f->approved_by, sizeof f->approved_by);
    f->capacity = db_col_int64(st, 9);
    copy(st, 10, f->created_at, sizeof f->created_at);
    f->cremations = db_col_int64(st, 11);
    f->placements = db_col_int64(st, 12);
    f->open_complaints = db_col_int64(st, 13);
}

int fs_facility_get(struct db *db, int64_t id, struct facility_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FAC_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return one(db, st, facility_read, out, "读取殡葬设施", err);
}

int fs_facility_by_code(struct db *db, const char *code, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FAC_BY_CODE, err);
    if (!st)
        return -1;
    db_bind_text(st, 1, code);
    return db_one_int(db, st, id, "查找殡葬设施", err);
}

int fs_facility_list(struct db *db, const char (*prefixes)[13], int n, const char *kind,
                     int (*fn)(void *ctx, const struct facility_row *f), void *ctx,
                     struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FAC_LIST, err);
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_text(st, 2, kind ? kind : "");
    int rc;
    SCAN(rc, db, st, struct facility_row, facility_read, fn, ctx, "列出殡葬设施", err);
    return rc;
}

int fs_price_put(struct db *db, int64_t facility_id, const struct price_row *p,
                 struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FP_PUT, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, facility_id);
    db_bind_text(st, 2, p->service);
    db_bind_int64(st, 3, p->price);
    db_bind_text(st, 4, p->unit);
    db_bind_int(st, 5, p->basic);
    return db_exec_stmt(db, st, err);
}

static void price_read(struct dbst *st, void *row)
{
    struct price_row *p = row;
    memset(p, 0, sizeof *p);
    copy(st, 0, p->service, sizeof p->service);
    p->price = db_col_int64(st, 1);
    copy(st, 2, p->unit, sizeof p->unit);
    p->basic = db_col_int(st, 3) != 0;
}

int fs_prices_of(struct db *db, int64_t facility_id,
                 int (*fn)(void *ctx, const struct price_row *p), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FP_OF, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, facility_id);
    int rc;
    SCAN(rc, db, st, struct price_row, price_read, fn, ctx, "读取收费清单", err);
    return rc;
}

int fs_complaint_insert(struct db *db, struct complaint_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FC_INSERT, err);
    if (!st)
        return -1;
    db_now(c->recorded_at);
    db_bind_int64(st, 1, c->facility_id);
    db_bind_text(st, 2, c->received_on);
    db_bind_text(st, 3, c->complainant);
    db_bind_text(st, 4, c->text);
    db_bind_text(st, 5, c->office);
    db_bind_text(st, 6, c->recorded_by);
    db_bind_text(st, 7, c->recorded_at);
    snprintf(c->state, sizeof c->state, "open");
    return db_insert_id(db, st, &c->id, "登记殡葬投诉", err);
}

static void complaint_read(struct dbst *st, void *row)
{
    struct complaint_row *c = row;
    memset(c, 0, sizeof *c);
    c->id = db_col_int64(st, 0);
    c->facility_id = db_col_int64(st, 1);
    copy(st, 2, c->received_on, sizeof c->received_on);
    copy(st, 3, c->complainant, sizeof c->complainant);
    copy(st, 4, c->text, sizeof c->text);
    copy(st, 5, c->state, sizeof c->state);
    copy(st, 6, c->outcome, sizeof c->outcome);
    copy(st, 7, c->office, sizeof c->office);
    copy(st, 8, c->recorded_by, sizeof c->recorded_by);
    copy(st, 9, c->recorded_at, sizeof c->recorded_at);
    copy(st, 10, c->closed_by, sizeof c->closed_by);
    copy(st, 11, c->closed_at, sizeof c->closed_at);
    copy(st, 12, c->facility_name, sizeof c->facility_name);
}

int fs_complaint_get(struct db *db, int64_t id, struct complaint_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FC_GET, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, id);
    return one(db, st, complaint_read, out, "读取殡葬投诉", err);
}

int fs_complaint_close(struct db *db, int64_t id, const char *outcome, const char *by,
                       bool *changed, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FC_CLOSE, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, id);
    db_bind_text(st, 2, outcome);
    db_bind_text(st, 3, by);
    db_bind_text(st, 4, now);
    return changed_stmt(db, st, changed, err);
}

int fs_complaint_list(struct db *db, const char (*prefixes)[13], int n, int64_t facility_id,
                      int (*fn)(void *ctx, const struct complaint_row *c), void *ctx,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_FC_LIST, err);
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_int64(st, 2, facility_id);
    int rc;
    SCAN(rc, db, st, struct complaint_row, complaint_read, fn, ctx, "列出殡葬投诉", err);
    return rc;
}

/* ---- cremations and placements ------------------------------------------ */

int fs_cremation_next(struct db *db, int64_t facility_id, int year, int *seq,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CR_NEXT, err);
    if (!st)
        return -1;
    char y[8];
    snprintf(y, sizeof y, "%04d", year);
    db_bind_int64(st, 1, facility_id);
    db_bind_text(st, 2, y);
    int64_t n = 1;
    if (db_one_int(db, st, &n, "取火化证明流水号", err) < 0)
        return -1;
    *seq = (int)n;
    return 0;
}

int fs_cremation_insert(struct db *db, struct cremation_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CR_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, c->person_id);
    db_bind_int64(st, 2, c->facility_id);
    db_bind_text(st, 3, c->cremated_on);
    db_bind_text(st, 4, c->cert_no);
    db_bind_text(st, 5, c->services);
    db_bind_int64(st, 6, c->fees);
    db_bind_int64(st, 7, c->waived);
    db_bind_text(st, 8, c->waiver_basis);
    db_bind_text(st, 9, c->policy_version);
    db_bind_text(st, 10, c->recorded_by);
    db_bind_text(st, 11, now);
    return db_insert_id(db, st, &c->id, "登记火化", err);
}

int fs_placement_insert(struct db *db, struct placement_row *p, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_AP_INSERT, err);
    if (!st)
        return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, p->person_id);
    db_bind_int64(st, 2, p->facility_id);
    db_bind_text(st, 3, p->placed_on);
    db_bind_text(st, 4, p->method);
    db_bind_text(st, 5, p->plot);
    db_bind_int64(st, 6, p->reward);
    db_bind_text(st, 7, p->policy_version);
    db_bind_text(st, 8, p->recorded_by);
    db_bind_text(st, 9, now);
    return db_insert_id(db, st, &p->id, "登记骨灰安放", err);
}

static void burial_read(struct dbst *st, void *row)
{
    struct burial_row *b = row;
    memset(b, 0, sizeof *b);
    b->person_id = db_col_int64(st, 0);
    copy(st, 1, b->name, sizeof b->name);
    copy(st, 2, b->id_masked, sizeof b->id_masked);
    copy(st, 3, b->died_on, sizeof b->died_on);
    b->cremation_id = db_col_int64(st, 4);
    b->cremation_facility = db_col_int64(st, 5);
    copy(st, 6, b->cremation_facility_name, sizeof b->cremation_facility_name);
    copy(st, 7, b->cremated_on, sizeof b->cremated_on);
    copy(st, 8, b->cert_no, sizeof b->cert_no);
    copy(st, 9, b->services, sizeof b->services);
    b->fees = db_col_int64(st, 10);
    b->waived = db_col_int64(st, 11);
    copy(st, 12, b->waiver_basis, sizeof b->waiver_basis);
    b->placement_id = db_col_int64(st, 13);
    b->placement_facility = db_col_int64(st, 14);
    copy(st, 15, b->placement_facility_name, sizeof b->placement_facility_name);
    copy(st, 16, b->placed_on, sizeof b->placed_on);
    copy(st, 17, b->method, sizeof b->method);
    copy(st, 18, b->plot, sizeof b->plot);
    b->reward = db_col_int64(st, 19);
}

int fs_burial_of(struct db *db, int64_t person_id, struct burial_row *out, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_BURIAL_OF, err);
    if (!st)
        return -1;
    db_bind_int64(st, 1, person_id);
    return one(db, st, burial_read, out, "读取火化与安葬记录", err);
}

int fs_burial_list(struct db *db, const char (*prefixes)[13], int n, int64_t facility_id,
                   int (*fn)(void *ctx, const struct burial_row *b), void *ctx,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_BURIAL_LIST, err);
    if (!st || bind_scope(st, 1, prefixes, n, err) < 0)
        return -1;
    db_bind_int64(st, 2, facility_id);
    int rc;
    SCAN(rc, db, st, struct burial_row, burial_read, fn, ctx, "列出火化与安葬记录", err);
    return rc;
}
