/* The credit lists (credit.h): entry, a verified fix, leaving the serious
 * list, and the sweep that applies the rules day by day. */
#include "org/credit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "monitor/monitor.h"
#include "org/org.h"
#include "org/report.h"
#include "registry/registry.h"

static const char *const causes[] = {
    CREDIT_CAUSE_NO_REPORT,
    "通过登记的住所无法取得联系",
    "未按期完成整改",
    "受到警告或者不满5万元罚款的行政处罚",
    "未按照有关规定设立党组织",
    "受到5万元以上罚款的行政处罚",
    "被责令停止活动",
    "被列入失信被执行人名单",
    "弄虚作假办理变更登记",
    NULL,
};

const char *const *credit_causes(void)
{
    return causes;
}

const char *credit_list_label(const char *list)
{
    return strcmp(list, "serious") == 0 ? "严重违法失信名单" : "活动异常名录";
}

/* Finds the first entry on list (NULL: either) for cause (NULL: any). */
struct open_find {
    const char *list, *cause;
    struct org_credit_row *out;
};
static int open_of(void *ctx, const struct org_credit_row *c)
{
    struct open_find *f = ctx;
    if ((f->list && strcmp(c->list, f->list) != 0) || (f->cause && strcmp(c->cause, f->cause) != 0)) return 0;
    *f->out = *c;
    return 1;
}

static int entry_add(const struct mon_env *env, int64_t org_id, const char *list,
                     const char *cause, const char *day, const char *exit_on, const char *actor,
                     int64_t *id, struct mz_err *err)
{
    struct org_credit_row c = {.org_id = org_id};
    snprintf(c.list, sizeof c.list, "%s", list);
    snprintf(c.cause, sizeof c.cause, "%s", cause);
    snprintf(c.entered_on, sizeof c.entered_on, "%s", day);
    snprintf(c.exit_on, sizeof c.exit_on, "%s", exit_on ? exit_on : "");
    snprintf(c.recorded_by, sizeof c.recorded_by, "%s", actor);
    char detail[512];
    snprintf(detail, sizeof detail, "列入%s：%s", credit_list_label(list), cause);
    if (os_credit_add(reg_db(env->reg), &c, id, err) < 0) return -1;
    return org_audit(env, actor, "org.credit_enter", org_id, detail, err);
}

/* The day a serious entry made on day may be left. */
static int serious_exit(const struct mon_env *env, const char *division, const char *day,
                        char out[11], struct mz_err *err)
{
    int64_t months = 0;
    if (org_param(env, "credit_serious_months", division, date_parse(day), &months, err) < 0)
        return -1;
    return org_day_plus(day, (int)months, true, "day", out, err);
}

int credit_enter(const struct mon_env *env, int64_t org_id, const char *list, const char *cause,
                 const char *day, const char *actor, int64_t *id, struct mz_err *err)
{
    struct org_row o;
    int found = org_get(env, org_id, &o, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "org_id", "unknown_org", "没有这个社会组织");
    if (!list || (strcmp(list, "abnormal") != 0 && strcmp(list, "serious") != 0))
        return mz_fail_field(err, "list", "invalid_value",
                             "名单应为 abnormal（活动异常名录）或 serious（严重违法失信名单）");
    bool known = false;
    for (int i = 0; cause && causes[i]; i++)
        known |= strcmp(cause, causes[i]) == 0;
    if (!known)
        return mz_fail_field(err, "cause", "invalid_value", "列入事由应为规定的情形之一，实为“%.40s”",
                             cause ? cause : "");
    mz_date d;
    if (org_day(day, "entered_on", "列入日期", &d, err) < 0) return -1;
    struct db *db = reg_db(env->reg);
    struct org_credit_row open;
    struct open_find f = {list, NULL, &open};
    found = os_credits(db, org_id, true, open_of, &f, err);
    if (found)
        return found < 0 ? -1
                         : mz_fail(err, "already_listed", "%s已在%s中（%s起）", o.name,
                                   credit_list_label(list), open.entered_on);
    char exit_on[11] = "";
    if (strcmp(list, "serious") == 0 && serious_exit(env, o.division, day, exit_on, err) < 0)
        return -1;
    int rc = db_begin(db, err);
    if (rc == 0) rc = entry_add(env, org_id, list, cause, day, exit_on, actor, id, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* Sets c's exit day from a fix verified on day, audited. */
static int fix_entry(const struct mon_env *env, const struct org_row *o,
                     struct org_credit_row *c, const char *day, const char *actor,
                     struct mz_err *err)
{
    int64_t n = 0;
    mz_date d = date_parse(day), exit_day;
    if (org_param(env, "credit_exit_workdays", o->division, d, &n, err) < 0 ||
        cal_add_working_days(env->cal, d, (int)n, &exit_day, err) < 0)
        return -1;
    date_format(exit_day, c->exit_on);
    char detail[96];
    snprintf(detail, sizeof detail, "整改于 %s 查实，%s 移出活动异常名录", day, c->exit_on);
    if (os_credit_update(reg_db(env->reg), c, err) < 0) return -1;
    return org_audit(env, actor, "org.credit_fix", o->id, detail, err);
}

int credit_fix_cause_tx(const struct mon_env *env, int64_t org_id, const char *cause,
                        const char *day, const char *actor, struct mz_err *err)
{
    struct org_row o;
    struct org_credit_row c;
    struct open_find f = {"abnormal", cause, &c};
    int found = os_credits(reg_db(env->reg), org_id, true, open_of, &f, err);
    if (found <= 0 || c.exit_on[0]) return found < 0 ? -1 : 0;
    if (org_get(env, org_id, &o, err) <= 0) return -1;
    return fix_entry(env, &o, &c, day, actor, err);
}

/* Entry id among org's: 1 into out, 0, -1. */
struct by_id {
    int64_t id;
    struct org_credit_row *out;
};
static int match_id(void *ctx, const struct org_credit_row *c)
{
    struct by_id *b = ctx;
    if (c->id != b->id) return 0;
    *b->out = *c;
    return 1;
}

static int entry_get(const struct mon_env *env, int64_t id, struct org_credit_row *c,
                     struct org_row *o, struct mz_err *err)
{
    struct by_id b = {id, c};
    int found = os_credits(reg_db(env->reg), 0, true, match_id, &b, err);
    if (found > 0) found = org_get(env, c->org_id, o, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "credit_id", "unknown_entry",
                                         "没有这条在列的信用名单记录（编号 %" PRId64 "）", id);
    return 0;
}

int credit_fix(const struct mon_env *env, int64_t id, const char *verified_on, const char *actor,
               struct mz_err *err)
{
    struct org_credit_row c;
    struct org_row o;
    mz_date d;
    if (entry_get(env, id, &c, &o, err) < 0 ||
        org_day(verified_on, "verified_on", "查实日期", &d, err) < 0)
        return -1;
    if (strcmp(c.list, "abnormal") != 0)
        return mz_fail(err, "wrong_list", "严重违法失信名单不因整改移出，须满期限后申请");
    if (d < date_parse(c.entered_on))
        return mz_fail_field(err, "verified_on", "invalid_value", "查实日期早于列入日期 %s",
                             c.entered_on);
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0) rc = fix_entry(env, &o, &c, verified_on, actor, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

static int exit_entry(const struct mon_env *env, struct org_credit_row *c, const char *day,
                      const char *reason, const char *actor, struct mz_err *err)
{
    snprintf(c->exited_on, sizeof c->exited_on, "%s", day);
    snprintf(c->exit_reason, sizeof c->exit_reason, "%s", reason);
    char detail[512];
    snprintf(detail, sizeof detail, "移出%s：%s", credit_list_label(c->list), reason);
    if (os_credit_update(reg_db(env->reg), c, err) < 0) return -1;
    return org_audit(env, actor, "org.credit_exit", c->org_id, detail, err);
}

int credit_leave(const struct mon_env *env, int64_t id, const char *applied_on, const char *actor,
                 struct mz_err *err)
{
    struct org_credit_row c;
    struct org_row o;
    mz_date d;
    if (entry_get(env, id, &c, &o, err) < 0 ||
        org_day(applied_on, "applied_on", "申请日期", &d, err) < 0)
        return -1;
    if (strcmp(c.list, "serious") != 0)
        return mz_fail(err, "wrong_list", "活动异常名录的移出按整改查实办理");
    if (strcmp(applied_on, c.exit_on) < 0)
        return mz_fail_field(err, "applied_on", "too_early",
                             "列入严重违法失信名单满期限后方可申请移出，最早 %s", c.exit_on);
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0) rc = exit_entry(env, &c, applied_on, "期满未再发生违法失信行为，申请移出", actor, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- the sweep ------------------------------------------------------------ */

struct orgs {
    struct org_row *items;
    size_t n, cap;
};
static int collect_org(void *ctx, const struct org_row *o)
{
    struct orgs *l = ctx;
    if (strcmp(o->status, "registered") != 0) return 0;
    if (mz_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items) < 0) return -1;
    l->items[l->n++] = *o;
    return 0;
}
struct credits {
    struct org_credit_row *items;
    size_t n, cap;
};
static int collect_credit(void *ctx, const struct org_credit_row *c)
{
    struct credits *l = ctx;
    if (mz_grow(&l->items, &l->cap, l->n + 1, sizeof *l->items) < 0) return -1;
    l->items[l->n++] = *c;
    return 0;
}

/* Lists o if last year's report is past due and missing. */
static int sweep_report(const struct mon_env *env, const struct org_row *o, mz_date day,
                        const char *today, const char *actor, struct credit_sweep *out,
                        struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    for (int year = y - 2; year < y; year++) {
        char due[11];
        struct org_report_row r;
        if (year < atoi(o->registered_on)) continue;
        if (org_report_due(env, o->division, year, due, err) < 0) return -1;
        if (strcmp(today, due) <= 0) continue;
        int found = os_report_get(db, o->id, year, &r, err);
        if (found) {
            if (found < 0) return -1;
            continue;
        }
        struct org_credit_row c;
        /* listed already, on either list (the serious one after two years) */
        struct open_find f = {NULL, NULL, &c};
        found = os_credits(db, o->id, true, open_of, &f, err);
        if (found) return found < 0 ? -1 : 0;
        int64_t id;
        if (entry_add(env, o->id, "abnormal", CREDIT_CAUSE_NO_REPORT, today, NULL, actor, &id,
                      err) < 0)
            return -1;
        out->listed++;
        return 0;
    }
    return 0;
}

/* Removes c on its exit day, or moves it to the serious list after the
 * abnormal period. */
static int sweep_entry(const struct mon_env *env, struct org_credit_row *c, const char *today,
                       const char *actor, struct credit_sweep *out, struct mz_err *err)
{
    if (strcmp(c->list, "abnormal") != 0) return 0;
    if (c->exit_on[0] && strcmp(c->exit_on, today) <= 0) {
        out->removed++;
        return exit_entry(env, c, c->exit_on, "整改完成，经查实移出", actor, err);
    }
    struct org_row o;
    int64_t months = 0;
    char until[11], exit_on[11];
    if (org_get(env, c->org_id, &o, err) <= 0 ||
        org_param(env, "credit_abnormal_months", o.division, date_parse(c->entered_on), &months,
                  err) < 0 ||
        org_day_plus(c->entered_on, (int)months, true, "entered_on", until, err) < 0)
        return -1;
    if (strcmp(until, today) > 0) return 0;
    int64_t id;
    out->promoted++;
    if (exit_entry(env, c, until, "列入活动异常名录届满，转入严重违法失信名单", actor, err) < 0 ||
        serious_exit(env, o.division, until, exit_on, err) < 0)
        return -1;
    return entry_add(env, c->org_id, "serious", "被列入活动异常名录届满2年", until, exit_on,
                     actor, &id, err);
}

int credit_sweep(const struct mon_env *env, mz_date day, const char *actor,
                 struct credit_sweep *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    struct db *db = reg_db(env->reg);
    char today[11];
    date_format(day, today);
    struct orgs orgs = {0};
    struct credits open = {0};
    int rc = db_begin(db, err);
    if (rc == 0 && os_credits(db, 0, true, collect_credit, &open, err) != 0)
        rc = err->code[0] ? -1 : mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < open.n; i++)
        rc = sweep_entry(env, &open.items[i], today, actor, out, err);
    if (rc == 0 && os_orgs(db, NULL, 0, "", "", -1, collect_org, &orgs, err) != 0)
        rc = err->code[0] ? -1 : mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < orgs.n; i++)
        rc = sweep_report(env, &orgs.items[i], day, today, actor, out, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    mz_free(orgs.items);
    mz_free(open.items);
    return rc;
}
