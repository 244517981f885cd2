/* Annual reports (report.h): submission with its checks, the deadline, a
 * foundation's ratios and the review. */
#include "org/report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor.h"
#include "org/credit.h"
#include "org/org.h"
#include "registry/registry.h"

int org_report_due(const struct mon_env *env, const char *division, int year, char out[11],
                   struct mz_err *err)
{
    int64_t month = 0, day = 0;
    mz_date at = date_from_ymd(year + 1, 1, 1);
    if (org_param(env, "org_report_month", division, at, &month, err) < 0 ||
        org_param(env, "org_report_day", division, at, &day, err) < 0)
        return -1;
    date_format(date_from_ymd(year + 1, (int)month, (int)day), out);
    return 0;
}

static int check_figures(const struct org_report_in *in, struct mz_err *err)
{
    const struct {
        const char *field, *label;
        int64_t v;
    } figures[] = {
        {"income", "本年总收入", in->income},
        {"prev_income", "上年总收入", in->prev_income},
        {"charitable", "公益事业支出", in->charitable},
        {"admin", "工作人员工资福利和行政办公支出", in->admin},
        {"other_spending", "其他支出", in->other_spending},
        {"spending", "本年总支出", in->spending},
        {"net_assets", "年末净资产", in->net_assets},
        {"prev_net_assets", "上年末净资产", in->prev_net_assets},
    };
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        if (figures[i].v < 0)
            return mz_fail_field(err, figures[i].field, "invalid_value", "%s不能为负数",
                                 figures[i].label);
    int64_t sum = in->charitable + in->admin + in->other_spending;
    if (sum != in->spending)
        return mz_fail_field(err, "spending", "figures_mismatch",
                             "本年总支出 %" PRId64 ".%02" PRId64 " 元不等于公益事业支出、工作人员工资福利"
                             "和行政办公支出、其他支出之和 %" PRId64 ".%02" PRId64 " 元",
                             in->spending / 100, in->spending % 100, sum / 100, sum % 100);
    return 0;
}

int org_report_submit(const struct mon_env *env, int64_t org_id, const struct org_report_in *in,
                      const char *actor, bool *late, struct mz_err *err)
{
    struct org_row o;
    int found = org_get(env, org_id, &o, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "org_id", "unknown_org", "没有这个社会组织");
    if (strcmp(o.status, "registered") != 0)
        return mz_fail(err, "wrong_state", "%s当前为“%s”，不报送年度工作报告", o.name,
                       org_status_label(o.status));
    mz_date day;
    if (org_day(in->submitted_on, "submitted_on", "报送日期", &day, err) < 0) return -1;
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    if (in->year < atoi(o.registered_on) || in->year >= y)
        return mz_fail_field(err, "year", "invalid_value",
                             "年度应在登记之年（%.4s）至报送日的上一年之间，实为 %d",
                             o.registered_on, in->year);
    if (check_figures(in, err) < 0) return -1;
    struct db *db = reg_db(env->reg);
    struct org_report_row r = {.org_id = org_id, .year = in->year};
    found = os_report_get(db, org_id, in->year, &r, err);
    if (found)
        return found < 0 ? -1
                         : mz_fail_field(err, "year", "report_exists", "%d 年度的报告已经报送",
                                         in->year);
    if (org_report_due(env, o.division, in->year, r.due_on, err) < 0) return -1;
    snprintf(r.submitted_on, sizeof r.submitted_on, "%s", in->submitted_on);
    r.income = in->income, r.prev_income = in->prev_income, r.charitable = in->charitable;
    r.admin = in->admin, r.other_spending = in->other_spending, r.spending = in->spending;
    r.net_assets = in->net_assets, r.prev_net_assets = in->prev_net_assets;
    snprintf(r.recorded_by, sizeof r.recorded_by, "%s", actor);
    *late = strcmp(r.submitted_on, r.due_on) > 0;
    char detail[96];
    snprintf(detail, sizeof detail, "%d 年度工作报告%s", in->year, *late ? "（逾期）" : "");
    int64_t id;
    int rc = db_begin(db, err);
    if (rc == 0) rc = os_report_add(db, &r, &id, err);
    /* the report is the fix of a listing for its absence */
    if (rc == 0)
        rc = credit_fix_cause_tx(env, org_id, CREDIT_CAUSE_NO_REPORT, in->submitted_on, actor, err);
    if (rc == 0) rc = org_audit(env, actor, "org.report", org_id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* a / b as value × 10000, rounded down; 0 when b is 0. */
static int64_t ratio(int64_t a, int64_t b)
{
    return b > 0 ? a * 10000 / b : 0;
}

int org_report_ratios(const struct mon_env *env, const struct org_row *o,
                      const struct org_report_row *r, struct org_ratios *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    if (strcmp(o->kind, "foundation") != 0) return 0;
    out->applies = true;
    out->public_fundraising = o->public_fundraising;
    mz_date at = date_from_ymd(r->year, 12, 31);
    if (org_param(env, o->public_fundraising ? "foundation_spend_public" : "foundation_spend_nonpublic",
                  o->division, at, &out->spend_min, err) < 0 ||
        org_param(env, "foundation_admin_max", o->division, at, &out->admin_max, err) < 0)
        return -1;
    int64_t base = o->public_fundraising ? r->prev_income : r->prev_net_assets;
    out->spend = ratio(r->charitable, base);
    out->admin = ratio(r->admin, r->spending);
    /* compared exactly, as products, not through the rounded ratios */
    out->spend_ok = r->charitable * 10000 >= out->spend_min * base;
    out->admin_ok = r->admin * 10000 <= out->admin_max * r->spending;
    return 0;
}

static const char *const results[] = {"合格", "基本合格", "不合格"};

int org_report_review(const struct mon_env *env, int64_t org_id, int year, const char *result,
                      const char *findings, const char *rectify_by, const char *actor,
                      struct mz_err *err)
{
    struct org_row o;
    struct org_report_row r;
    struct db *db = reg_db(env->reg);
    int found = org_get(env, org_id, &o, err);
    if (found > 0) found = os_report_get(db, org_id, year, &r, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "year", "unknown_report", "没有该组织 %d 年度的报告",
                                         year);
    int k = -1;
    for (int i = 0; result && i < 3; i++)
        if (strcmp(result, results[i]) == 0) k = i;
    if (k < 0)
        return mz_fail_field(err, "result", "invalid_value",
                             "检查结论应为“合格”“基本合格”或“不合格”，实为“%.20s”",
                             result ? result : "");
    if (text_check(findings, "findings", "检查意见", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0) return -1;
    struct org_ratios q;
    if (org_report_ratios(env, &o, &r, &q, err) < 0) return -1;
    if (k == 0 && q.applies && (!q.spend_ok || !q.admin_ok))
        return mz_fail_field(err, "result", "ratio_failed",
                             "%s，不能评为合格",
                             !q.spend_ok ? "公益支出比例低于下限" : "管理费用比例超过上限");
    memset(r.rectify_by, 0, sizeof r.rectify_by);
    if (k == 2) {
        mz_date by = rectify_by ? date_parse(rectify_by) : MZ_DATE_NONE;
        if (!findings || !*findings)
            return mz_fail_field(err, "findings", "missing_field", "不合格须写明检查意见");
        if (by == MZ_DATE_NONE || by <= date_today())
            return mz_fail_field(err, "rectify_by", "invalid_value",
                                 "不合格须给出今天以后的整改期限（YYYY-MM-DD），实为“%.20s”",
                                 rectify_by ? rectify_by : "");
        snprintf(r.rectify_by, sizeof r.rectify_by, "%s", rectify_by);
    }
    snprintf(r.result, sizeof r.result, "%s", result);
    snprintf(r.findings, sizeof r.findings, "%s", findings ? findings : "");
    snprintf(r.reviewed_by, sizeof r.reviewed_by, "%s", actor);
    char detail[96];
    snprintf(detail, sizeof detail, "%d 年度检查：%s", year, result);
    int rc = db_begin(db, err);
    if (rc == 0) rc = os_report_review(db, &r, err);
    if (rc == 0) rc = org_audit(env, actor, "org.review", org_id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}
