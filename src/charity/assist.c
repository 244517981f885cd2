/* Charity referrals of warned households, help given, and the household's
 * assistance chain (assist.h). */
#include "charity/assist.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "monitor/monitor.h"
#include "org/org.h"
#include "policy/policy.h"
#include "referral/referral.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/querystore.h"
#include "store/regstore.h"

static int audit_referral(const struct mon_env *env, const char *actor, const char *action,
                          int64_t id, const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, "charity_referral", key, NULL, NULL, detail};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

static bool rule_known(const struct pol_set *set, const char *name, size_t len)
{
    for (int w = 0; set && w < pol_warning_count(set); w++) {
        const char *n = pol_warning(set, w)->name;
        if (strlen(n) == len && strncmp(n, name, len) == 0) return true;
    }
    return false;
}

/* Whether the space-separated list rules holds rule. */
static bool takes(const char *rules, const char *rule)
{
    size_t n = strlen(rule);
    for (const char *p = rules; (p = strstr(p, rule)); p += n)
        if ((p == rules || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
    return false;
}

int assist_project_add(const struct mon_env *env, int64_t org_id, const char *name,
                       const char *division, const char *rules, const char *help,
                       const char *actor, int64_t *id, struct mz_err *err)
{
    struct org_row o;
    struct db *db = reg_db(env->reg);
    int found = org_get(env, org_id, &o, err);
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "org_id", "unknown_org", "没有这个社会组织");
    if (strcmp(o.status, "registered") != 0)
        return mz_fail(err, "wrong_state", "%s当前为“%s”", o.name, org_status_label(o.status));
    if (!name || !*name) return mz_fail_field(err, "name", "missing_field", "请填写项目名称");
    if (!help || !*help) return mz_fail_field(err, "help", "missing_field", "请填写帮扶内容");
    if (text_check(name, "name", "项目名称", CHARITY_MAX_TEXT, TEXT_LINE, err) < 0 ||
        text_check(help, "help", "帮扶内容", CHARITY_MAX_TEXT, TEXT_LINE, err) < 0)
        return -1;
    if (!division || div_check_current(db, division, date_today(), "division", err) < 0)
        return division ? -1 : mz_fail_field(err, "division", "missing_field", "请填写服务区域");
    if (!rules || !*rules || strlen(rules) >= sizeof ((struct project_row *)0)->rules)
        return mz_fail_field(err, "rules", "missing_field", "请选择项目承接的预警类型");
    for (const char *p = rules; *p;) {
        size_t n = strcspn(p, " ");
        if (n && !rule_known(env->set, p, n))
            return mz_fail_field(err, "rules", "invalid_value", "没有这种预警类型：“%.*s”",
                                 (int)(n > 40 ? 40 : n), p);
        p += n;
        p += strspn(p, " ");
    }
    struct project_row pr = {.org_id = org_id};
    snprintf(pr.name, sizeof pr.name, "%s", name);
    snprintf(pr.division, sizeof pr.division, "%s", division);
    snprintf(pr.rules, sizeof pr.rules, "%s", rules);
    snprintf(pr.help, sizeof pr.help, "%s", help);
    snprintf(pr.recorded_by, sizeof pr.recorded_by, "%s", actor);
    char detail[512];
    snprintf(detail, sizeof detail, "登记慈善项目：%s", name);
    int rc = db_begin(db, err);
    if (rc == 0) rc = cs_project_add(db, &pr, id, err);
    if (rc == 0) rc = org_audit(env, actor, "charity.project", org_id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

static int first_project(void *ctx, const struct project_row *p)
{
    *(struct project_row *)ctx = *p;
    return 1;
}

static int check_offer(const struct mon_env *env, int64_t warning_id, int64_t project_id,
                       struct ms_warning *w, struct project_row *p, struct household_row *h,
                       struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    int found = warning_id > 0 ? ms_warning_get(db, warning_id, w, err) : 0;
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "warning_id", "unknown_warning", "没有这条预警");
    if (strcmp(w->state, "closed") == 0 || strcmp(w->state, "dismissed") == 0)
        return mz_fail(err, "wrong_state", "预警已办结或已排除，不再转介");
    found = project_id > 0 ? cs_projects(db, project_id, 0, first_project, p, err) : 0;
    if (found <= 0)
        return found < 0 ? -1 : mz_fail_field(err, "project_id", "unknown_project", "没有这个慈善项目");
    if (!takes(p->rules, w->rule))
        return mz_fail_field(err, "project_id", "rule_not_taken", "“%s”不承接“%s”类预警", p->name,
                             w->label);
    found = rs_household_get(db, w->household_id, h, err);
    if (found <= 0) return found < 0 ? -1 : mz_fail(err, "no_household", "家庭已不存在");
    if (strncmp(h->division, p->division, strlen(p->division)) != 0)
        return mz_fail_field(err, "project_id", "outside_area", "该家庭不在“%s”的服务区域内",
                             p->name);
    found = cs_referral_exists(db, warning_id, project_id, err);
    if (found) return found < 0 ? -1 : mz_fail(err, "already_referred", "这条预警已转介给该项目");
    return 0;
}

int assist_offer(const struct mon_env *env, int64_t warning_id, int64_t project_id, bool consent,
                 const char *consent_by, const char *day, const char *actor, int64_t *id,
                 struct mz_err *err)
{
    struct ms_warning *w = mz_calloc(1, sizeof *w);
    if (!w) return mz_fail(err, "out_of_memory", "内存不足");
    struct project_row p;
    struct household_row h;
    mz_date d;
    struct db *db = reg_db(env->reg);
    int rc = check_offer(env, warning_id, project_id, w, &p, &h, err);
    if (rc == 0) rc = org_day(day, "offered_on", "转介日期", &d, err);
    if (rc == 0 && (!consent_by || !*consent_by))
        rc = mz_fail_field(err, "consent_by", "missing_field", "请写明由谁表示同意或拒绝、经办人是谁");
    if (rc == 0)
        rc = text_check(consent_by, "consent_by", "同意情况", CHARITY_MAX_TEXT, TEXT_LINE, err);
    char detail[1024];
    if (rc == 0 && !consent) {
        /* the refusal is recorded; nothing is referred */
        snprintf(detail, sizeof detail, "家庭不同意转介至“%s”（%s）", p.name, consent_by);
        rc = db_begin(db, err);
        if (rc == 0) rc = audit_referral(env, actor, "charity.consent_refused", warning_id, detail, err);
        if (rc == 0) rc = db_commit(db, err);
        if (rc < 0) db_rollback(db);
        mz_free(w);
        return rc < 0 ? -1 : mz_fail(err, "consent_refused", "家庭不同意，未转介（已记录）");
    }
    struct chref_row r = {.warning_id = warning_id, .household_id = w->household_id,
                          .project_id = project_id};
    if (rc == 0) {
        snprintf(r.consent_by, sizeof r.consent_by, "%s", consent_by);
        snprintf(r.offered_on, sizeof r.offered_on, "%s", day);
        snprintf(r.offered_by, sizeof r.offered_by, "%s", actor);
        snprintf(detail, sizeof detail, "%s：转介至“%s”，%s", w->label, p.name, consent_by);
        rc = db_begin(db, err);
        if (rc == 0) rc = cs_referral_add(db, &r, id, err);
        if (rc == 0) rc = audit_referral(env, actor, "charity.offer", *id, detail, err);
        if (rc == 0) rc = db_commit(db, err);
        if (rc < 0) db_rollback(db);
    }
    mz_free(w);
    return rc;
}

/* Referral id as seen by org_id (0: anyone) in state (NULL: any). */
static int referral_in(const struct mon_env *env, int64_t id, int64_t org_id, const char *state,
                       struct chref_row *r, struct mz_err *err)
{
    int found = id > 0 ? cs_referral_get(reg_db(env->reg), id, r, err) : 0;
    if (found < 0) return -1;
    if (!found || (org_id > 0 && r->org_id != org_id))
        return mz_fail_field(err, "referral_id", "unknown_referral", "没有这条转介（编号 %" PRId64 "）",
                             id);
    if (state && strcmp(r->state, state) != 0)
        return mz_fail(err, "wrong_state", "这条转介当前不能办理此操作");
    return 0;
}

int assist_answer(const struct mon_env *env, int64_t id, int64_t org_id, bool accept,
                  const char *note, const char *day, const char *actor, struct mz_err *err)
{
    struct chref_row r;
    mz_date d;
    if (referral_in(env, id, org_id, "offered", &r, err) < 0 ||
        org_day(day, "answered_on", "答复日期", &d, err) < 0 ||
        text_check(note, "note", "说明", CHARITY_MAX_TEXT, TEXT_LINE, err) < 0)
        return -1;
    if (!accept && (!note || !*note))
        return mz_fail_field(err, "note", "missing_field", "不承接须说明理由");
    snprintf(r.state, sizeof r.state, "%s", accept ? "accepted" : "declined");
    snprintf(r.answered_on, sizeof r.answered_on, "%s", day);
    snprintf(r.note, sizeof r.note, "%s", note ? note : "");
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0) rc = cs_referral_set(db, &r, err);
    if (rc == 0)
        rc = audit_referral(env, actor, "charity.answer", id, accept ? "承接" : "不承接", err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

int assist_help(const struct mon_env *env, int64_t id, int64_t org_id, const char *kind,
                int64_t amount, const char *note, const char *day, const char *actor,
                struct mz_err *err)
{
    struct chref_row r;
    mz_date d;
    if (referral_in(env, id, org_id, NULL, &r, err) < 0) return -1;
    if (strcmp(r.state, "accepted") != 0 && strcmp(r.state, "helped") != 0)
        return mz_fail(err, "wrong_state", "转介尚未承接，不能登记帮扶");
    if (!kind || !*kind) return mz_fail_field(err, "kind", "missing_field", "请填写帮扶方式");
    if (text_check(kind, "kind", "帮扶方式", 20, TEXT_NAME, err) < 0 ||
        text_check(note, "note", "说明", CHARITY_MAX_TEXT, TEXT_LINE, err) < 0 ||
        org_day(day, "given_on", "帮扶日期", &d, err) < 0)
        return -1;
    if (amount < 0) return mz_fail_field(err, "amount", "invalid_value", "金额不能为负数");
    if (strcmp(day, r.offered_on) < 0)
        return mz_fail_field(err, "given_on", "invalid_value", "帮扶日期早于转介日期 %s", r.offered_on);
    struct help_row h = {.referral_id = id, .household_id = r.household_id, .amount = amount};
    snprintf(h.given_on, sizeof h.given_on, "%s", day);
    snprintf(h.kind, sizeof h.kind, "%s", kind);
    snprintf(h.note, sizeof h.note, "%s", note ? note : "");
    snprintf(h.recorded_by, sizeof h.recorded_by, "%s", actor);
    snprintf(r.state, sizeof r.state, "helped");
    char detail[200];
    snprintf(detail, sizeof detail, "%s %s %" PRId64 ".%02" PRId64 " 元", day, h.kind,
             amount / 100, amount % 100);
    struct db *db = reg_db(env->reg);
    int64_t hid;
    int rc = db_begin(db, err);
    if (rc == 0) rc = cs_help_add(db, &h, &hid, err);
    if (rc == 0) rc = cs_referral_set(db, &r, err);
    if (rc == 0) rc = audit_referral(env, actor, "charity.help", id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- the chain ------------------------------------------------------------ */

struct chain {
    struct assist_link *items;
    size_t n, cap;
    const char *(*label)(void *ctx, const char *program);
    void *ctx;
};

static struct assist_link *link_new(struct chain *c)
{
    if (mz_grow(&c->items, &c->cap, c->n + 1, sizeof *c->items) < 0) return NULL;
    struct assist_link *l = &c->items[c->n++];
    memset(l, 0, sizeof *l);
    return l;
}

static int chain_payment(void *ctx, const struct qs_payment_row *r)
{
    struct chain *c = ctx;
    struct assist_link *l = link_new(c);
    if (!l) return -1;
    snprintf(l->on, sizeof l->on, "%.7s-01", r->month);
    l->source = "政府";
    snprintf(l->by, sizeof l->by, "民政部门");
    snprintf(l->what, sizeof l->what, "%s", c->label(c->ctx, r->program));
    l->amount = r->amount;
    snprintf(l->state, sizeof l->state, "%s",
             strcmp(r->roll_state, "paid") == 0 ? "已发放" : "待发放");
    return 0;
}

static int chain_department(void *ctx, const struct referral_row *r)
{
    struct chain *c = ctx;
    struct assist_link *l = link_new(c);
    if (!l) return -1;
    const struct ref_department *d = ref_department(r->department);
    snprintf(l->on, sizeof l->on, "%.10s", r->created_at);
    l->source = "政府";
    snprintf(l->by, sizeof l->by, "%s", d ? d->label : r->department);
    snprintf(l->what, sizeof l->what, "%s（转介）", d ? d->service : "专项救助");
    snprintf(l->state, sizeof l->state, "%s", r->answer[0] ? r->answer : "待答复");
    return 0;
}

static int chain_referral(void *ctx, const struct chref_row *r)
{
    static const char *const states[][2] = {{"offered", "待承接"},
                                            {"accepted", "已承接"},
                                            {"declined", "未承接"},
                                            {"helped", "已帮扶"}};
    struct chain *c = ctx;
    struct assist_link *l = link_new(c);
    if (!l) return -1;
    snprintf(l->on, sizeof l->on, "%s", r->offered_on);
    l->source = "慈善";
    snprintf(l->by, sizeof l->by, "%s", r->org_name);
    snprintf(l->what, sizeof l->what, "%s（转介）", r->project);
    for (size_t i = 0; i < 4; i++)
        if (strcmp(r->state, states[i][0]) == 0) snprintf(l->state, sizeof l->state, "%s", states[i][1]);
    return 0;
}

static int chain_help(void *ctx, const struct help_row *h)
{
    struct chain *c = ctx;
    struct assist_link *l = link_new(c);
    if (!l) return -1;
    snprintf(l->on, sizeof l->on, "%s", h->given_on);
    l->source = "慈善";
    snprintf(l->by, sizeof l->by, "%s", h->org_name);
    snprintf(l->what, sizeof l->what, "%s：%s", h->project, h->kind);
    l->amount = h->amount;
    snprintf(l->state, sizeof l->state, "已帮扶");
    return 0;
}

static int by_day(const void *a, const void *b)
{
    return strcmp(((const struct assist_link *)a)->on, ((const struct assist_link *)b)->on);
}

int assist_chain(const struct mon_env *env, int64_t household_id,
                 const char *(*program_label)(void *ctx, const char *program), void *ctx,
                 struct assist_link **out, size_t *n, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    struct chain c = {.label = program_label, .ctx = ctx};
    int rc = qs_household_payments(db, household_id, 1000, chain_payment, &c, err);
    if (rc == 0) rc = rs_referrals_of_household(db, household_id, chain_department, &c, err);
    if (rc == 0) rc = cs_referrals(db, 0, household_id, chain_referral, &c, err);
    if (rc == 0) rc = cs_help_of_household(db, household_id, chain_help, &c, err);
    if (rc != 0) {
        mz_free(c.items);
        return err->code[0] ? -1 : mz_fail(err, "out_of_memory", "内存不足");
    }
    /* stable for equal days: the order added (government, then charity) */
    for (size_t i = 1; i < c.n; i++)
        for (size_t j = i; j > 0 && by_day(&c.items[j - 1], &c.items[j]) > 0; j--) {
            struct assist_link t = c.items[j];
            c.items[j] = c.items[j - 1];
            c.items[j - 1] = t;
        }
    *out = c.items;
    *n = c.n;
    return 0;
}
