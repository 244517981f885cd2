/* Charity organizations, campaigns, disclosures and trusts (charity.h). */
#include "charity/charity.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "monitor/monitor.h"
#include "org/org.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/regstore.h"

static int first_open(void *ctx, const struct org_credit_row *c)
{
    *(struct org_credit_row *)ctx = *c;
    return 1;
}

/* Loads registered org_id and refuses it while it is on a credit list. */
static int clean_org(const struct mon_env *env, int64_t org_id, struct org_row *o,
                     struct mz_err *err)
{
    int found = org_get(env, org_id, o, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "org_id", "unknown_org", "没有这个社会组织");
    if (strcmp(o->status, "registered") != 0)
        return mz_fail(err, "wrong_state", "%s当前为“%s”", o->name, org_status_label(o->status));
    struct org_credit_row c;
    found = os_credits(reg_db(env->reg), org_id, true, first_open, &c, err);
    if (found)
        return found < 0 ? -1
                         : mz_fail(err, "listed", "%s在%s中（%s），不能办理", o->name,
                                   strcmp(c.list, "serious") == 0 ? "严重违法失信名单" : "活动异常名录",
                                   c.cause);
    return 0;
}

/* Writes o back with an event of kind done on day, audited. */
static int grant(const struct mon_env *env, const struct org_row *o, const char *kind,
                 const char *day, const char *actor, struct mz_err *err)
{
    struct org_event_row e = {.org_id = o->id};
    snprintf(e.kind, sizeof e.kind, "%s", kind);
    snprintf(e.filed_on, sizeof e.filed_on, "%s", day);
    snprintf(e.done_on, sizeof e.done_on, "%s", day);
    snprintf(e.outcome, sizeof e.outcome, "准予");
    snprintf(e.note, sizeof e.note, "%s", org_event_label(kind));
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s", actor);
    struct db *db = reg_db(env->reg);
    int64_t id;
    int rc = db_begin(db, err);
    if (rc == 0) rc = os_org_update(db, o, err);
    if (rc == 0) rc = os_event_add(db, &e, &id, err);
    if (rc == 0) rc = org_audit(env, actor, strcmp(kind, "charity") == 0 ? "charity.recognize" : "charity.qualify", o->id, e.note, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

int charity_recognize(const struct mon_env *env, int64_t org_id, const char *day,
                      const char *actor, struct mz_err *err)
{
    struct org_row o;
    mz_date d;
    if (clean_org(env, org_id, &o, err) < 0 || org_day(day, "day", "认定日期", &d, err) < 0)
        return -1;
    if (o.charity_on[0])
        return mz_fail(err, "already_charity", "%s已于 %s 认定为慈善组织", o.name, o.charity_on);
    snprintf(o.charity_on, sizeof o.charity_on, "%s", day);
    return grant(env, &o, "charity", day, actor, err);
}

int charity_qualify(const struct mon_env *env, int64_t org_id, const char *day,
                    const char *actor, struct mz_err *err)
{
    struct org_row o;
    mz_date d;
    int64_t months = 0;
    char from[11];
    if (clean_org(env, org_id, &o, err) < 0 || org_day(day, "day", "决定日期", &d, err) < 0)
        return -1;
    if (!o.charity_on[0])
        return mz_fail(err, "not_charity", "%s尚未认定为慈善组织，不能取得公开募捐资格", o.name);
    if (o.fundraising_on[0])
        return mz_fail(err, "already_qualified", "%s已于 %s 取得公开募捐资格", o.name, o.fundraising_on);
    if (org_param(env, "charity_fundraising_months", o.division, d, &months, err) < 0 ||
        org_day_plus(o.charity_on, (int)months, true, "day", from, err) < 0)
        return -1;
    if (strcmp(day, from) < 0)
        return mz_fail_field(err, "day", "too_early",
                             "认定为慈善组织满 %" PRId64 " 个月后方可申请公开募捐资格，最早 %s",
                             months, from);
    snprintf(o.fundraising_on, sizeof o.fundraising_on, "%s", day);
    o.public_fundraising = true;
    return grant(env, &o, "fundraising", day, actor, err);
}

/* ---- campaigns ------------------------------------------------------------ */

static int check_text(const char *v, const char *field, const char *label, struct mz_err *err)
{
    if (!v || !*v) return mz_fail_field(err, field, "missing_field", "请填写%s", label);
    return text_check(v, field, label, CHARITY_MAX_TEXT, TEXT_LINE, err);
}

/* The disclosures of c: interim ones every n months while it lasts
 * (campaigns longer than long months), the final one after the end. */
static int plan_disclosures(const struct mon_env *env, const struct org_row *o,
                            const struct campaign_row *c, int64_t id, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    mz_date at = date_parse(c->starts_on);
    int64_t every = 0, longer = 0, final = 0;
    char until[11], due[11];
    if (org_param(env, "charity_disclose_months", o->division, at, &every, err) < 0 ||
        org_param(env, "charity_long_months", o->division, at, &longer, err) < 0 ||
        org_param(env, "charity_final_months", o->division, at, &final, err) < 0 ||
        org_day_plus(c->starts_on, (int)longer, true, "starts_on", until, err) < 0)
        return -1;
    if (strcmp(c->ends_on, until) > 0 && every > 0)
        for (int k = 1;; k++) {
            if (org_day_plus(c->starts_on, (int)(k * every), true, "starts_on", due, err) < 0)
                return -1;
            if (strcmp(due, c->ends_on) >= 0) break;
            if (cs_disclosure_add(db, id, "interim", due, err) < 0) return -1;
        }
    if (org_day_plus(c->ends_on, (int)final, true, "ends_on", due, err) < 0) return -1;
    return cs_disclosure_add(db, id, "final", due, err);
}

static int check_campaign(const struct mon_env *env, const struct campaign_in *in,
                          const struct org_row *o, struct mz_err *err)
{
    if (check_text(in->name, "name", "募捐活动名称", err) < 0 ||
        check_text(in->purpose, "purpose", "募捐目的", err) < 0 ||
        check_text(in->platform, "platform", "募捐平台或方式", err) < 0)
        return -1;
    mz_date filed, start = in->starts_on ? date_parse(in->starts_on) : MZ_DATE_NONE;
    mz_date end = in->ends_on ? date_parse(in->ends_on) : MZ_DATE_NONE;
    if (org_day(in->filed_on, "filed_on", "备案日期", &filed, err) < 0) return -1;
    if (start == MZ_DATE_NONE)
        return mz_fail_field(err, "starts_on", "invalid_value", "开始日期应为 YYYY-MM-DD");
    if (end == MZ_DATE_NONE || end <= start)
        return mz_fail_field(err, "ends_on", "invalid_value", "结束日期应为开始日期之后的 YYYY-MM-DD");
    if (in->goal < 0) return mz_fail_field(err, "goal", "invalid_value", "募捐目标不能为负数");
    int64_t days = 0, months = 0;
    char latest[11], longest[11];
    if (org_param(env, "charity_plan_days", o->division, filed, &days, err) < 0 ||
        org_param(env, "charity_campaign_months", o->division, filed, &months, err) < 0 ||
        org_day_plus(in->starts_on, in->emergency ? (int)days : -(int)days, false, "starts_on",
                     latest, err) < 0 ||
        org_day_plus(in->starts_on, (int)months, true, "starts_on", longest, err) < 0)
        return -1;
    if (strcmp(in->filed_on, latest) > 0)
        return mz_fail_field(err, "filed_on", "filed_late",
                             in->emergency ? "应急募捐应在开始后 %" PRId64 " 日内备案，最迟 %s"
                                           : "募捐方案应在开始募捐 %" PRId64 " 日前备案，最迟 %s",
                             days, latest);
    if (strcmp(in->ends_on, longest) > 0)
        return mz_fail_field(err, "ends_on", "too_long", "募捐期限不得超过 %" PRId64 " 个月（最迟 %s）",
                             months, longest);
    return 0;
}

int campaign_file(const struct mon_env *env, const struct campaign_in *in, const char *actor,
                  int64_t *id, struct mz_err *err)
{
    struct org_row o;
    if (clean_org(env, in->org_id, &o, err) < 0) return -1;
    if (!o.fundraising_on[0])
        return mz_fail(err, "not_qualified", "%s没有公开募捐资格，不能开展公开募捐", o.name);
    if (check_campaign(env, in, &o, err) < 0) return -1;
    struct campaign_row c = {.org_id = in->org_id, .emergency = in->emergency, .goal = in->goal};
    snprintf(c.name, sizeof c.name, "%s", in->name);
    snprintf(c.purpose, sizeof c.purpose, "%s", in->purpose);
    snprintf(c.platform, sizeof c.platform, "%s", in->platform);
    snprintf(c.filed_on, sizeof c.filed_on, "%s", in->filed_on);
    snprintf(c.starts_on, sizeof c.starts_on, "%s", in->starts_on);
    snprintf(c.ends_on, sizeof c.ends_on, "%s", in->ends_on);
    snprintf(c.recorded_by, sizeof c.recorded_by, "%s", actor);
    char detail[512];
    snprintf(detail, sizeof detail, "备案募捐方案：%s", c.name);
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0) rc = cs_campaign_add(db, &c, id, err);
    if (rc == 0) rc = plan_disclosures(env, &o, &c, *id, err);
    if (rc == 0) rc = org_audit(env, actor, "charity.campaign", o.id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

static int campaign_get(const struct mon_env *env, int64_t id, struct campaign_row *c,
                        struct mz_err *err)
{
    int found = id > 0 ? cs_campaign_get(reg_db(env->reg), id, c, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "campaign_id", "unknown_campaign", "没有这个募捐活动");
    return 0;
}

int campaign_ledger_add(const struct mon_env *env, int64_t campaign_id, const char *kind,
                        const char *day, int64_t amount, const char *party,
                        const char *household_no, const char *note, const char *actor,
                        struct mz_err *err)
{
    struct campaign_row c;
    mz_date d;
    if (campaign_get(env, campaign_id, &c, err) < 0) return -1;
    bool donation = kind && strcmp(kind, "donation") == 0;
    if (!donation && (!kind || strcmp(kind, "spending") != 0))
        return mz_fail_field(err, "kind", "invalid_value", "类别应为 donation（捐赠）或 spending（支出）");
    if (org_day(day, "on_day", "日期", &d, err) < 0 ||
        check_text(party, "party", donation ? "捐赠人" : "受益人或用途", err) < 0 ||
        text_check(note, "note", "说明", CHARITY_MAX_TEXT, TEXT_LINE, err) < 0)
        return -1;
    if (amount <= 0) return mz_fail_field(err, "amount", "invalid_value", "金额应大于零");
    if (donation && (strcmp(day, c.starts_on) < 0 || strcmp(day, c.ends_on) > 0))
        return mz_fail_field(err, "on_day", "outside_campaign", "捐赠日期应在募捐期间 %s 至 %s",
                             c.starts_on, c.ends_on);
    if (!donation && c.spent + amount > c.donated)
        return mz_fail_field(err, "amount", "overspent",
                             "支出合计将超过募得款物：已募 %" PRId64 ".%02" PRId64 " 元，已支出 %" PRId64
                             ".%02" PRId64 " 元",
                             c.donated / 100, c.donated % 100, c.spent / 100, c.spent % 100);
    struct ledger_row l = {.campaign_id = campaign_id, .amount = amount};
    if (household_no && *household_no) {
        struct household_row hh;
        int found = donation ? 0 : rs_household_by_no(reg_db(env->reg), household_no, &hh, err);
        if (found < 0) return -1;
        if (donation) return mz_fail_field(err, "household", "invalid_value", "捐赠不登记受助家庭");
        if (!found)
            return mz_fail_field(err, "household", "no_household", "没有户编号为“%.40s”的家庭",
                                 household_no);
        l.household_id = hh.id;
    }
    snprintf(l.kind, sizeof l.kind, "%s", kind);
    snprintf(l.on_day, sizeof l.on_day, "%s", day);
    snprintf(l.party, sizeof l.party, "%s", party);
    snprintf(l.note, sizeof l.note, "%s", note ? note : "");
    snprintf(l.recorded_by, sizeof l.recorded_by, "%s", actor);
    char detail[512];
    snprintf(detail, sizeof detail, "%s：%s %" PRId64 ".%02" PRId64 " 元", c.name,
             donation ? "捐赠" : "支出", amount / 100, amount % 100);
    struct db *db = reg_db(env->reg);
    int64_t id;
    int rc = db_begin(db, err);
    if (rc == 0) rc = cs_ledger_add(db, &l, &id, err);
    if (rc == 0) rc = org_audit(env, actor, "charity.ledger", c.org_id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

int campaign_disclose(const struct mon_env *env, int64_t campaign_id, const char *day,
                      const char *actor, struct mz_err *err)
{
    struct campaign_row c;
    mz_date d;
    if (campaign_get(env, campaign_id, &c, err) < 0 ||
        org_day(day, "disclosed_on", "公开日期", &d, err) < 0)
        return -1;
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    int found = rc == 0 ? cs_disclose(db, campaign_id, day, err) : -1;
    if (found == 0) rc = mz_fail(err, "nothing_due", "%s没有待公开的事项", c.name);
    if (found < 0) rc = -1;
    if (rc == 0) rc = org_audit(env, actor, "charity.disclose", c.org_id, c.name, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- trusts --------------------------------------------------------------- */

int trust_file(const struct mon_env *env, const struct trust_in *in, const char *actor,
               int64_t *id, bool *late, struct mz_err *err)
{
    struct org_row o;
    mz_date signed_on, filed_on;
    int64_t days = 0;
    struct trust_row t = {.trustee_id = in->trustee_id, .amount = in->amount};
    if (clean_org(env, in->trustee_id, &o, err) < 0) return -1;
    if (!o.charity_on[0])
        return mz_fail_field(err, "trustee_id", "not_charity", "慈善信托的受托人应为慈善组织或信托公司");
    if (check_text(in->name, "name", "信托名称", err) < 0 ||
        check_text(in->purpose, "purpose", "信托目的", err) < 0 ||
        org_day(in->signed_on, "signed_on", "信托文件签订日期", &signed_on, err) < 0 ||
        org_day(in->filed_on, "filed_on", "备案日期", &filed_on, err) < 0 ||
        org_param(env, "charity_trust_days", o.division, signed_on, &days, err) < 0 ||
        org_day_plus(in->signed_on, (int)days, false, "signed_on", t.due_on, err) < 0)
        return -1;
    if (filed_on < signed_on)
        return mz_fail_field(err, "filed_on", "invalid_value", "备案日期早于信托文件签订日期");
    if (in->amount <= 0) return mz_fail_field(err, "amount", "invalid_value", "信托财产金额应大于零");
    snprintf(t.name, sizeof t.name, "%s", in->name);
    snprintf(t.purpose, sizeof t.purpose, "%s", in->purpose);
    snprintf(t.signed_on, sizeof t.signed_on, "%s", in->signed_on);
    snprintf(t.filed_on, sizeof t.filed_on, "%s", in->filed_on);
    snprintf(t.recorded_by, sizeof t.recorded_by, "%s", actor);
    *late = strcmp(t.filed_on, t.due_on) > 0;
    char detail[512];
    snprintf(detail, sizeof detail, "慈善信托备案：%s%s", t.name, *late ? "（逾期）" : "");
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0) rc = cs_trust_add(db, &t, id, err);
    if (rc == 0) rc = org_audit(env, actor, "charity.trust", o.id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- 慈善阵地 and 联合体 ---------------------------------------------------- */

static const char *const point_kinds[] = {"慈善超市", "慈善工作站", "社区慈善基金", "慈善驿站", NULL};

const char *const *charity_point_kinds(void)
{
    return point_kinds;
}

int charity_point_add(const struct mon_env *env, const struct point_in *in, const char *actor,
                      int64_t *id, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct org_row o;
    mz_date d;
    bool known = false;
    for (int i = 0; in->kind && point_kinds[i]; i++)
        known |= strcmp(in->kind, point_kinds[i]) == 0;
    if (check_text(in->name, "name", "阵地名称", err) < 0) return -1;
    if (!known)
        return mz_fail_field(err, "kind", "invalid_value",
                             "阵地类型应为慈善超市、慈善工作站、社区慈善基金或慈善驿站，实为“%.20s”",
                             in->kind ? in->kind : "");
    if (org_day(in->opened_on, "opened_on", "设立日期", &d, err) < 0) return -1;
    if (!in->division || div_check_current(db, in->division, d, "division", err) < 0)
        return in->division ? -1 : mz_fail_field(err, "division", "missing_field", "请填写所在区划");
    int found = in->org_id ? org_get(env, in->org_id, &o, err) : 1;
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "org_id", "unknown_org", "没有这个社会组织");
    if (in->org_id && strcmp(o.status, "registered") != 0)
        return mz_fail(err, "wrong_state", "%s当前为“%s”", o.name, org_status_label(o.status));
    struct point_row p = {.org_id = in->org_id};
    snprintf(p.name, sizeof p.name, "%s", in->name);
    snprintf(p.kind, sizeof p.kind, "%s", in->kind);
    snprintf(p.division, sizeof p.division, "%s", in->division);
    snprintf(p.opened_on, sizeof p.opened_on, "%s", in->opened_on);
    snprintf(p.recorded_by, sizeof p.recorded_by, "%s", actor);
    char detail[512];
    snprintf(detail, sizeof detail, "设立%s：%s", p.kind, p.name);
    int rc = db_begin(db, err);
    if (rc == 0 && cs_point_add(db, &p, id, err) < 0)
        rc = strstr(err->msg, "UNIQUE") ? mz_fail_field(err, "name", "point_exists",
                                                        "该区划已有同名的慈善阵地")
                                        : -1;
    if (rc == 0 && in->org_id) rc = org_audit(env, actor, "charity.point", in->org_id, detail, err);
    if (rc == 0 && !in->org_id) {
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, *id);
        struct audit_event ev = {actor, "charity.point", "charity_point", key, NULL, NULL, detail};
        rc = audit_append(db, reg_vault(env->reg), &ev, err);
    }
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

int charity_union_join(const struct mon_env *env, int64_t org_id, const char *union_name,
                       const char *day, const char *actor, struct mz_err *err)
{
    struct org_row o;
    mz_date d;
    if (clean_org(env, org_id, &o, err) < 0 ||
        check_text(union_name, "union", "联合体名称", err) < 0 ||
        org_day(day, "date", "加入日期", &d, err) < 0)
        return -1;
    struct db *db = reg_db(env->reg);
    char detail[512];
    snprintf(detail, sizeof detail, "加入%s", union_name);
    int rc = db_begin(db, err);
    int added = rc == 0 ? cs_union_add(db, union_name, org_id, day, actor, err) : -1;
    if (added == 0) rc = mz_fail_field(err, "union", "already_member", "%s已是该联合体成员", o.name);
    if (added < 0) rc = -1;
    if (rc == 0) rc = org_audit(env, actor, "charity.union", org_id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}
