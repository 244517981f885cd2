/* Social organizations in SQLite (see orgstore.h). */
#include "store/orgstore.h"

#include <stdio.h>

#include "store/stmt.h"

static void copy(struct dbst *st, int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s", db_col_text(st, i));
}
#define COPY(st, i, field) copy(st, i, field, sizeof field)

/* ---- organizations ------------------------------------------------------ */

int os_org_add(struct db *db, const struct org_row *o, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_text(st, 1, o->uscc);
    db_bind_text(st, 2, o->name);
    db_bind_text(st, 3, o->kind);
    db_bind_text(st, 4, o->field);
    db_bind_text(st, 5, o->supervisor);
    db_bind_int64(st, 6, o->legal_rep);
    db_bind_text(st, 7, o->division);
    db_bind_text(st, 8, o->address);
    db_bind_int64(st, 9, o->funds);
    db_bind_int(st, 10, o->public_fundraising);
    db_bind_int64(st, 11, o->members_individual);
    db_bind_int64(st, 12, o->members_unit);
    db_bind_text(st, 13, o->status);
    db_bind_text(st, 14, o->registered_on);
    db_bind_text(st, 15, now);
    return db_insert_id(db, st, id, "登记社会组织", err);
}

int os_org_update(struct db *db, const struct org_row *o, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_UPDATE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, o->id);
    db_bind_text(st, 2, o->status);
    db_bind_text(st, 3, o->registered_on);
    db_bind_text(st, 4, o->charity_on);
    db_bind_text(st, 5, o->fundraising_on);
    db_bind_text(st, 6, o->supervisor);
    db_bind_text(st, 7, o->address);
    db_bind_int64(st, 8, o->legal_rep);
    db_bind_int64(st, 9, o->funds);
    db_bind_int64(st, 10, o->members_individual);
    db_bind_int64(st, 11, o->members_unit);
    db_bind_int(st, 12, o->public_fundraising);
    return db_exec_stmt(db, st, err);
}

static void org_read(struct dbst *st, struct org_row *o)
{
    o->id = db_col_int64(st, 0);
    COPY(st, 1, o->uscc);
    COPY(st, 2, o->name);
    COPY(st, 3, o->kind);
    COPY(st, 4, o->field);
    COPY(st, 5, o->supervisor);
    o->legal_rep = db_col_int64(st, 6);
    COPY(st, 7, o->division);
    COPY(st, 8, o->address);
    o->funds = db_col_int64(st, 9);
    o->public_fundraising = db_col_int(st, 10) != 0;
    o->members_individual = db_col_int64(st, 11);
    o->members_unit = db_col_int64(st, 12);
    COPY(st, 13, o->status);
    COPY(st, 14, o->registered_on);
    COPY(st, 15, o->charity_on);
    COPY(st, 16, o->fundraising_on);
    COPY(st, 17, o->legal_rep_name);
}

/* Steps st for one organization into o: 1, 0 or -1. */
static int org_one(struct db *db, struct dbst *st, struct org_row *o, struct mz_err *err)
{
    int rc = db_step(st), found = rc == DB_ROW;
    if (found) org_read(st, o);
    db_reset(st);
    return found || rc == DB_DONE ? found : db_error(db, err, "读取社会组织");
}

int os_org_get(struct db *db, int64_t id, struct org_row *o, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    return org_one(db, st, o, err);
}

int os_org_find(struct db *db, const char *name_or_uscc, struct org_row *o, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_FIND, err);
    if (!st) return -1;
    db_bind_text(st, 1, name_or_uscc);
    return org_one(db, st, o, err);
}

int os_orgs(struct db *db, const char (*prefixes)[13], int nprefixes, const char *q,
            const char *kind, int limit, int (*fn)(void *ctx, const struct org_row *o),
            void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_LIST, err);
    if (!st) return -1;
    if (prefixes && db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    db_bind_text(st, 2, q ? q : "");
    db_bind_text(st, 3, kind ? kind : "");
    db_bind_int(st, 4, limit);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct org_row o;
        org_read(st, &o);
        stop = fn(ctx, &o);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取社会组织");
}

/* ---- events --------------------------------------------------------------- */

int os_event_add(struct db *db, const struct org_event_row *e, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_EVENT_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, e->org_id);
    db_bind_text(st, 2, e->kind);
    db_bind_text(st, 3, e->filed_on);
    db_bind_text(st, 4, e->due_on);
    db_bind_text(st, 5, e->done_on);
    db_bind_text(st, 6, e->outcome);
    db_bind_text(st, 7, e->note);
    db_bind_text(st, 8, e->recorded_by);
    db_bind_text(st, 9, now);
    return db_insert_id(db, st, id, "记录社会组织事项", err);
}

int os_event_close(struct db *db, int64_t org_id, const char *kind, const char *done_on,
                   const char *outcome, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_EVENT_CLOSE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, done_on);
    db_bind_text(st, 4, outcome);
    return db_exec_stmt(db, st, err);
}

int os_events(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct org_event_row *e),
              void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_EVENTS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct org_event_row e = {.id = db_col_int64(st, 0),
                                  .org_id = db_col_int64(st, 1)};
        COPY(st, 2, e.kind);
        COPY(st, 3, e.filed_on);
        COPY(st, 4, e.due_on);
        COPY(st, 5, e.done_on);
        COPY(st, 6, e.outcome);
        COPY(st, 7, e.note);
        COPY(st, 8, e.recorded_by);
        COPY(st, 9, e.recorded_at);
        stop = fn(ctx, &e);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取社会组织事项");
}

/* ---- annual reports ------------------------------------------------------- */

int os_report_add(struct db *db, const struct org_report_row *r, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_REPORT_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, r->org_id);
    db_bind_int(st, 2, r->year);
    db_bind_text(st, 3, r->due_on);
    db_bind_text(st, 4, r->submitted_on);
    const int64_t money[] = {r->income,         r->prev_income, r->charitable, r->admin,
                             r->other_spending, r->spending,    r->net_assets, r->prev_net_assets};
    for (int i = 0; i < 8; i++)
        db_bind_int64(st, 5 + i, money[i]);
    db_bind_text(st, 13, r->recorded_by);
    db_bind_text(st, 14, now);
    return db_insert_id(db, st, id, "登记年度工作报告", err);
}

int os_report_review(struct db *db, const struct org_report_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_REPORT_REVIEW, err);
    if (!st) return -1;
    db_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, r->result);
    db_bind_text(st, 3, r->findings);
    db_bind_text(st, 4, r->rectify_by);
    db_bind_text(st, 5, r->reviewed_by);
    return db_exec_stmt(db, st, err);
}

static void report_read(struct dbst *st, struct org_report_row *r)
{
    r->id = db_col_int64(st, 0);
    r->org_id = db_col_int64(st, 1);
    r->year = db_col_int(st, 2);
    COPY(st, 3, r->due_on);
    COPY(st, 4, r->submitted_on);
    int64_t *money[] = {&r->income,         &r->prev_income, &r->charitable, &r->admin,
                        &r->other_spending, &r->spending,    &r->net_assets, &r->prev_net_assets};
    for (int i = 0; i < 8; i++)
        *money[i] = db_col_int64(st, 5 + i);
    COPY(st, 13, r->result);
    COPY(st, 14, r->findings);
    COPY(st, 15, r->rectify_by);
    COPY(st, 16, r->reviewed_by);
    COPY(st, 17, r->recorded_by);
}

int os_report_get(struct db *db, int64_t org_id, int year, struct org_report_row *r,
                  struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_REPORT_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    db_bind_int(st, 2, year);
    int rc = db_step(st), found = rc == DB_ROW;
    if (found) report_read(st, r);
    db_reset(st);
    return found || rc == DB_DONE ? found : db_error(db, err, "读取年度工作报告");
}

int os_reports(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct org_report_row *r),
               void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_REPORTS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct org_report_row r;
        report_read(st, &r);
        stop = fn(ctx, &r);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取年度工作报告");
}

/* ---- credit lists --------------------------------------------------------- */

int os_credit_add(struct db *db, const struct org_credit_row *c, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_CREDIT_INSERT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, c->org_id);
    db_bind_text(st, 2, c->list);
    db_bind_text(st, 3, c->cause);
    db_bind_text(st, 4, c->entered_on);
    db_bind_text(st, 5, c->exit_on);
    db_bind_text(st, 6, c->recorded_by);
    return db_insert_id(db, st, id, "列入信用名单", err);
}

int os_credit_update(struct db *db, const struct org_credit_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_CREDIT_UPDATE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, c->id);
    db_bind_text(st, 2, c->exit_on);
    db_bind_text(st, 3, c->exited_on);
    db_bind_text(st, 4, c->exit_reason);
    return db_exec_stmt(db, st, err);
}

int os_credits(struct db *db, int64_t org_id, bool open_only,
               int (*fn)(void *ctx, const struct org_credit_row *c), void *ctx,
               struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_ORG_CREDITS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    db_bind_int(st, 2, open_only);
    int rc, stop = 0;
    while (!stop && (rc = db_step(st)) == DB_ROW) {
        struct org_credit_row c = {.id = db_col_int64(st, 0),
                                   .org_id = db_col_int64(st, 1)};
        COPY(st, 2, c.list);
        COPY(st, 3, c.cause);
        COPY(st, 4, c.entered_on);
        COPY(st, 5, c.exit_on);
        COPY(st, 6, c.exited_on);
        COPY(st, 7, c.exit_reason);
        COPY(st, 8, c.recorded_by);
        COPY(st, 9, c.org_name);
        COPY(st, 10, c.uscc);
        stop = fn(ctx, &c);
    }
    db_reset(st);
    if (stop) return stop;
    return rc == DB_DONE ? 0 : db_error(db, err, "读取信用名单");
}
