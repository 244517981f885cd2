/* Charity in SQLite (see charitystore.h). */
#include "store/charitystore.h"

#include <stdio.h>

#include "store/stmt.h"

#define COPY(st, i, field) snprintf(field, sizeof field, "%s", db_col_text(st, i))

/* Steps st, reading each row with read into a row of type T and handing
 * it to fn; the scans' common loop. */
#define SCAN(db, st, T, read, fn, ctx, what)                                                       \
    do {                                                                                           \
        int rc_, stop_ = 0;                                                                        \
        while (!stop_ && (rc_ = db_step(st)) == DB_ROW) {                                 \
            T row_ = {0};                                                                          \
            read(st, &row_);                                                                       \
            stop_ = fn(ctx, &row_);                                                                \
        }                                                                                          \
        db_reset(st);                                                                         \
        if (stop_) return stop_;                                                                   \
        return rc_ == DB_DONE ? 0 : db_error(db, err, what);                                   \
    } while (0)

/* Steps st for at most one row into *row: 1, 0, -1. */
#define ONE(db, st, read, row, what)                                                               \
    do {                                                                                           \
        int rc_ = db_step(st), found_ = rc_ == DB_ROW;                                    \
        if (found_) read(st, row);                                                                 \
        db_reset(st);                                                                         \
        return found_ || rc_ == DB_DONE ? found_ : db_error(db, err, what);                    \
    } while (0)

/* ---- campaigns ------------------------------------------------------------ */

int cs_campaign_add(struct db *db, const struct campaign_row *c, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_CAMPAIGN_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, c->org_id);
    db_bind_text(st, 2, c->name);
    db_bind_text(st, 3, c->purpose);
    db_bind_text(st, 4, c->platform);
    db_bind_text(st, 5, c->filed_on);
    db_bind_text(st, 6, c->starts_on);
    db_bind_text(st, 7, c->ends_on);
    db_bind_int(st, 8, c->emergency);
    db_bind_int64(st, 9, c->goal);
    db_bind_text(st, 10, c->recorded_by);
    db_bind_text(st, 11, now);
    return db_insert_id(db, st, id, "备案募捐方案", err);
}

static void campaign_read(struct dbst *st, struct campaign_row *c)
{
    c->id = db_col_int64(st, 0);
    c->org_id = db_col_int64(st, 1);
    COPY(st, 2, c->name);
    COPY(st, 3, c->purpose);
    COPY(st, 4, c->platform);
    COPY(st, 5, c->filed_on);
    COPY(st, 6, c->starts_on);
    COPY(st, 7, c->ends_on);
    c->emergency = db_col_int(st, 8) != 0;
    c->goal = db_col_int64(st, 9);
    COPY(st, 10, c->org_name);
    c->donated = db_col_int64(st, 11);
    c->spent = db_col_int64(st, 12);
}

int cs_campaign_get(struct db *db, int64_t id, struct campaign_row *c, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_CAMPAIGN_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    ONE(db, st, campaign_read, c, "读取募捐活动");
}

int cs_campaigns(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct campaign_row *c),
                 void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_CAMPAIGNS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    SCAN(db, st, struct campaign_row, campaign_read, fn, ctx, "读取募捐活动");
}

/* ---- disclosures ---------------------------------------------------------- */

int cs_disclosure_add(struct db *db, int64_t campaign_id, const char *kind, const char *due_on,
                      struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_DISCLOSURE_INSERT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, campaign_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, due_on);
    return db_exec_stmt(db, st, err);
}

int cs_disclose(struct db *db, int64_t campaign_id, const char *day, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_DISCLOSE, err);
    if (!st) return -1;
    db_bind_int64(st, 1, campaign_id);
    db_bind_text(st, 2, day);
    int64_t id = 0;
    return db_one_int(db, st, &id, "登记信息公开", err);
}

static void disclosure_read(struct dbst *st, struct disclosure_row *d)
{
    d->id = db_col_int64(st, 0);
    d->campaign_id = db_col_int64(st, 1);
    COPY(st, 2, d->kind);
    COPY(st, 3, d->due_on);
    COPY(st, 4, d->disclosed_on);
    COPY(st, 5, d->campaign);
    d->org_id = db_col_int64(st, 6);
    COPY(st, 7, d->org_name);
}

int cs_disclosures(struct db *db, int64_t campaign_id, int64_t org_id, const char *overdue_on,
                   int (*fn)(void *ctx, const struct disclosure_row *d), void *ctx,
                   struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_DISCLOSURES, err);
    if (!st) return -1;
    db_bind_int64(st, 1, campaign_id);
    db_bind_int64(st, 2, org_id);
    db_bind_text(st, 3, overdue_on ? overdue_on : "");
    SCAN(db, st, struct disclosure_row, disclosure_read, fn, ctx, "读取信息公开");
}

/* ---- ledger and trusts ---------------------------------------------------- */

int cs_ledger_add(struct db *db, const struct ledger_row *l, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_LEDGER_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, l->campaign_id);
    db_bind_text(st, 2, l->kind);
    db_bind_text(st, 3, l->on_day);
    db_bind_int64(st, 4, l->amount);
    db_bind_text(st, 5, l->party);
    db_bind_text(st, 6, l->note);
    db_bind_text(st, 7, l->recorded_by);
    db_bind_text(st, 8, now);
    if (l->household_id > 0) db_bind_int64(st, 9, l->household_id);
    else db_bind_null(st, 9);
    return db_insert_id(db, st, id, "登记捐赠或支出", err);
}

static void ledger_read(struct dbst *st, struct ledger_row *l)
{
    l->id = db_col_int64(st, 0);
    l->campaign_id = db_col_int64(st, 1);
    COPY(st, 2, l->kind);
    COPY(st, 3, l->on_day);
    l->amount = db_col_int64(st, 4);
    COPY(st, 5, l->party);
    COPY(st, 6, l->note);
    l->household_id = db_col_int64(st, 7);
    COPY(st, 8, l->household_no);
}

int cs_ledger(struct db *db, int64_t campaign_id, int (*fn)(void *ctx, const struct ledger_row *l),
              void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_LEDGER, err);
    if (!st) return -1;
    db_bind_int64(st, 1, campaign_id);
    SCAN(db, st, struct ledger_row, ledger_read, fn, ctx, "读取捐赠和支出台账");
}

int cs_trust_add(struct db *db, const struct trust_row *t, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_TRUST_INSERT, err);
    if (!st) return -1;
    db_bind_text(st, 1, t->name);
    db_bind_int64(st, 2, t->trustee_id);
    db_bind_text(st, 3, t->signed_on);
    db_bind_text(st, 4, t->filed_on);
    db_bind_text(st, 5, t->due_on);
    db_bind_int64(st, 6, t->amount);
    db_bind_text(st, 7, t->purpose);
    db_bind_text(st, 8, t->recorded_by);
    return db_insert_id(db, st, id, "备案慈善信托", err);
}

/* ---- projects, referrals, help -------------------------------------------- */

int cs_project_add(struct db *db, const struct project_row *p, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_PROJECT_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, p->org_id);
    db_bind_text(st, 2, p->name);
    db_bind_text(st, 3, p->division);
    db_bind_text(st, 4, p->rules);
    db_bind_text(st, 5, p->help);
    db_bind_text(st, 6, p->recorded_by);
    db_bind_text(st, 7, now);
    return db_insert_id(db, st, id, "登记慈善项目", err);
}

static void project_read(struct dbst *st, struct project_row *p)
{
    p->id = db_col_int64(st, 0);
    p->org_id = db_col_int64(st, 1);
    COPY(st, 2, p->name);
    COPY(st, 3, p->division);
    COPY(st, 4, p->rules);
    COPY(st, 5, p->help);
    COPY(st, 6, p->org_name);
}

int cs_projects(struct db *db, int64_t id, int64_t org_id,
                int (*fn)(void *ctx, const struct project_row *p), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_PROJECTS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, org_id);
    SCAN(db, st, struct project_row, project_read, fn, ctx, "读取慈善项目");
}

int cs_referral_add(struct db *db, const struct chref_row *r, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_REFERRAL_INSERT, err);
    if (!st) return -1;
    db_bind_int64(st, 1, r->warning_id);
    db_bind_int64(st, 2, r->household_id);
    db_bind_int64(st, 3, r->project_id);
    db_bind_text(st, 4, r->consent_by);
    db_bind_text(st, 5, r->offered_on);
    db_bind_text(st, 6, r->offered_by);
    return db_insert_id(db, st, id, "转介慈善项目", err);
}

int cs_referral_set(struct db *db, const struct chref_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_REFERRAL_SET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, r->id);
    db_bind_text(st, 2, r->state);
    db_bind_text(st, 3, r->answered_on);
    db_bind_text(st, 4, r->note);
    return db_exec_stmt(db, st, err);
}

static void referral_read(struct dbst *st, struct chref_row *r)
{
    r->id = db_col_int64(st, 0);
    r->warning_id = db_col_int64(st, 1);
    r->household_id = db_col_int64(st, 2);
    r->project_id = db_col_int64(st, 3);
    COPY(st, 4, r->state);
    COPY(st, 5, r->consent_by);
    COPY(st, 6, r->offered_on);
    COPY(st, 7, r->answered_on);
    COPY(st, 8, r->note);
    COPY(st, 9, r->offered_by);
    COPY(st, 10, r->project);
    r->org_id = db_col_int64(st, 11);
    COPY(st, 12, r->org_name);
    COPY(st, 13, r->warning);
    COPY(st, 14, r->division);
}

int cs_referral_get(struct db *db, int64_t id, struct chref_row *r, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_REFERRAL_GET, err);
    if (!st) return -1;
    db_bind_int64(st, 1, id);
    ONE(db, st, referral_read, r, "读取慈善转介");
}

int cs_referral_exists(struct db *db, int64_t warning_id, int64_t project_id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_REFERRAL_EXISTS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, warning_id);
    db_bind_int64(st, 2, project_id);
    int64_t n = 0;
    return db_one_int(db, st, &n, "读取慈善转介", err) < 0 ? -1 : n > 0;
}

int cs_referrals(struct db *db, int64_t org_id, int64_t household_id,
                 int (*fn)(void *ctx, const struct chref_row *r), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_REFERRALS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    db_bind_int64(st, 2, household_id);
    SCAN(db, st, struct chref_row, referral_read, fn, ctx, "读取慈善转介");
}

int cs_help_add(struct db *db, const struct help_row *h, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_HELP_INSERT, err);
    if (!st) return -1;
    char now[32];
    db_now(now);
    db_bind_int64(st, 1, h->referral_id);
    db_bind_int64(st, 2, h->household_id);
    db_bind_text(st, 3, h->given_on);
    db_bind_text(st, 4, h->kind);
    db_bind_int64(st, 5, h->amount);
    db_bind_text(st, 6, h->note);
    db_bind_text(st, 7, h->recorded_by);
    db_bind_text(st, 8, now);
    return db_insert_id(db, st, id, "登记慈善帮扶", err);
}

static void help_read(struct dbst *st, struct help_row *h)
{
    h->id = db_col_int64(st, 0);
    h->referral_id = db_col_int64(st, 1);
    COPY(st, 2, h->given_on);
    COPY(st, 3, h->kind);
    h->amount = db_col_int64(st, 4);
    COPY(st, 5, h->note);
    COPY(st, 6, h->project);
    COPY(st, 7, h->org_name);
}

int cs_help_of_household(struct db *db, int64_t household_id,
                         int (*fn)(void *ctx, const struct help_row *h), void *ctx,
                         struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_HELP_OF_HOUSEHOLD, err);
    if (!st) return -1;
    db_bind_int64(st, 1, household_id);
    SCAN(db, st, struct help_row, help_read, fn, ctx, "读取慈善帮扶");
}

/* ---- 慈善阵地 and 联合体 ---------------------------------------------------- */

int cs_point_add(struct db *db, const struct point_row *p, int64_t *id, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_POINT_INSERT, err);
    if (!st) return -1;
    db_bind_text(st, 1, p->name);
    db_bind_text(st, 2, p->kind);
    db_bind_text(st, 3, p->division);
    db_bind_int64(st, 4, p->org_id);
    db_bind_text(st, 5, p->opened_on);
    db_bind_text(st, 6, p->recorded_by);
    return db_insert_id(db, st, id, "登记慈善阵地", err);
}

static void point_read(struct dbst *st, struct point_row *p)
{
    p->id = db_col_int64(st, 0);
    COPY(st, 1, p->name);
    COPY(st, 2, p->kind);
    COPY(st, 3, p->division);
    p->org_id = db_col_int64(st, 4);
    COPY(st, 5, p->org_name);
    COPY(st, 6, p->opened_on);
}

int cs_points(struct db *db, const char (*prefixes)[13], int nprefixes, int64_t org_id,
              int (*fn)(void *ctx, const struct point_row *p), void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_POINTS, err);
    if (!st) return -1;
    if (prefixes && db_bind_prefix_list(st, 1, prefixes, nprefixes, err) < 0) return -1;
    db_bind_int64(st, 2, org_id);
    SCAN(db, st, struct point_row, point_read, fn, ctx, "读取慈善阵地");
}

int cs_union_add(struct db *db, const char *union_name, int64_t org_id, const char *joined_on,
                 const char *actor, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_UNION_INSERT, err);
    if (!st) return -1;
    db_bind_text(st, 1, union_name);
    db_bind_int64(st, 2, org_id);
    db_bind_text(st, 3, joined_on);
    db_bind_text(st, 4, actor);
    int64_t id = 0;
    return db_one_int(db, st, &id, "加入慈善联合体", err);
}

static void union_read(struct dbst *st, struct union_row *u)
{
    u->id = db_col_int64(st, 0);
    COPY(st, 1, u->union_name);
    u->org_id = db_col_int64(st, 2);
    COPY(st, 3, u->joined_on);
}

int cs_unions(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct union_row *u),
              void *ctx, struct mz_err *err)
{
    struct dbst *st = db_stmt(db, SQL_CH_UNIONS, err);
    if (!st) return -1;
    db_bind_int64(st, 1, org_id);
    SCAN(db, st, struct union_row, union_read, fn, ctx, "读取慈善联合体");
}
