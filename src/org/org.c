/* Social organizations (org.h): registration and its conditions, changes,
 * deregistration, and the helpers the rest of src/org shares. */
#include "org/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "monitor/monitor.h"
#include "org/uscc.h"
#include "policy/policy.h"
#include "registry/divisions.h"
#include "registry/registry.h"
#include "store/regstore.h"

static const struct {
    const char *kind, *label, *funds_param;
    char type;
    const char *forms[10]; /* the endings a name of this kind may have */
} kinds[] = {
    {"association", "社会团体", "org_funds_association", '1',
     {"协会", "学会", "研究会", "商会", "联合会", "促进会", "联谊会", "同学会", "校友会", NULL}},
    {"service", "社会服务机构", "org_funds_service", '2',
     {"中心", "院", "所", "学校", "服务社", "幼儿园", "馆", "站", NULL}},
    {"foundation", "基金会", "org_funds_foundation", '3', {"基金会", NULL}},
};
#define NKINDS (int)(sizeof kinds / sizeof kinds[0])

static int kind_index(const char *kind)
{
    for (int i = 0; kind && i < NKINDS; i++)
        if (strcmp(kind, kinds[i].kind) == 0) return i;
    return -1;
}

const char *org_kind_label(const char *kind)
{
    int k = kind_index(kind);
    return k < 0 ? "" : kinds[k].label;
}

char org_kind_type(const char *kind)
{
    int k = kind_index(kind);
    return k < 0 ? 0 : kinds[k].type;
}

const char *org_status_label(const char *status)
{
    return strcmp(status, "applied") == 0      ? "申请成立中"
           : strcmp(status, "registered") == 0 ? "已登记"
           : strcmp(status, "deregistered") == 0 ? "已注销"
                                                 : "";
}

const char *org_event_label(const char *kind)
{
    static const char *const labels[][2] = {
        {"establish", "成立登记"},       {"change", "变更登记"},
        {"deregister", "注销登记"},      {"charity", "认定为慈善组织"},
        {"fundraising", "公开募捐资格"}, {"report", "年度工作报告"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(kind, labels[i][0]) == 0) return labels[i][1];
    return "";
}

/* ---- shared helpers ------------------------------------------------------- */

int org_day_plus(const char *day, int n, bool months, const char *field, char out[11],
                 struct mz_err *err)
{
    mz_date d = day ? date_parse(day) : MZ_DATE_NONE;
    if (d == MZ_DATE_NONE)
        return mz_fail_field(err, field, "invalid_value", "日期应为 YYYY-MM-DD，实为“%.20s”",
                             day ? day : "");
    if (months) {
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        int total = y * 12 + (m - 1) + n;
        y = total / 12, m = total % 12 + 1;
        mz_date first = date_from_ymd(y, m, 1);
        mz_date next = m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
        int last = (int)(next - first);
        d = first + (dd > last ? last : dd) - 1;
    } else {
        d += n;
    }
    date_format(d, out);
    return 0;
}

int org_param(const struct mon_env *env, const char *name, const char *division, mz_date day,
              int64_t *out, struct mz_err *err)
{
    char code[13];
    snprintf(code, sizeof code, "%-12.12s", division);
    for (char *p = code; *p; p++)
        if (*p == ' ') *p = '0';
    if (!env->set || pol_param_lookup(env->set, name, code, 0, day, out) != 1)
        return mz_fail(err, "no_param", "政策中没有参数 %s（policies/chongqing/org.pol）", name);
    return 0;
}

int org_day(const char *day, const char *field, const char *label, mz_date *out,
            struct mz_err *err)
{
    *out = day ? date_parse(day) : MZ_DATE_NONE;
    if (*out == MZ_DATE_NONE)
        return mz_fail_field(err, field, "invalid_value", "%s应为 YYYY-MM-DD，实为“%.20s”", label,
                             day ? day : "");
    return date_check(*out, date_today(), field, label, err);
}

int org_audit(const struct mon_env *env, const char *actor, const char *action, int64_t org_id,
              const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, org_id);
    struct audit_event ev = {actor, action, "organization", key, NULL, NULL, detail};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

int org_get(const struct mon_env *env, int64_t id, struct org_row *out, struct mz_err *err)
{
    return id > 0 ? os_org_get(reg_db(env->reg), id, out, err) : 0;
}

/* ---- establishment -------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int check_name(struct db *db, const char *name, int k, struct mz_err *err)
{
    if (!name || !*name) return mz_fail_field(err, "name", "missing_field", "请填写组织名称");
    if (text_check(name, "name", "组织名称", ORG_MAX_NAME, TEXT_NAME, err) < 0) return -1;
    bool fits = false;
    for (int i = 0; kinds[k].forms[i]; i++)
        fits |= ends_with(name, kinds[k].forms[i]);
    if (!fits || strlen(name) < 3 * 4)
        return mz_fail_field(err, "name", "invalid_name",
                             "%s名称应由行政区划、字号（或业务领域）和组织形式组成，以“%s”等结尾",
                             kinds[k].label, kinds[k].forms[0]);
    struct org_row other;
    int found = os_org_find(db, name, &other, err);
    if (found)
        return found < 0 ? -1
                         : mz_fail_field(err, "name", "name_taken", "名称“%s”已被登记使用", name);
    return 0;
}

/* The legal representative: a living registry person. */
static int check_person(struct db *db, int64_t id, const char *field, struct mz_err *err)
{
    struct person_row p;
    int found = id > 0 ? rs_person_get(db, id, &p, err) : 0;
    if (found < 0) return -1;
    if (!found)
        return mz_fail_field(err, field, "unknown_person", "法定代表人不在人口库中（人员编号 %" PRId64 "）",
                             id);
    return 0;
}

static int check_funds(const struct mon_env *env, int k, const struct org_in *in, mz_date day,
                       struct mz_err *err)
{
    const char *param = kinds[k].funds_param;
    if (k == 2 && in->public_fundraising) param = "org_funds_foundation_public";
    int64_t min = 0;
    if (org_param(env, param, in->division, day, &min, err) < 0) return -1;
    if (in->funds < min)
        return mz_fail_field(err, "funds", "below_minimum",
                             "注册资金 %" PRId64 ".%02" PRId64 " 元低于%s的法定下限 %" PRId64 " 元",
                             in->funds / 100, in->funds % 100, kinds[k].label, min / 100);
    if (k != 0) return 0;
    int64_t individuals = 0, units = 0;
    if (org_param(env, "org_members_individual", in->division, day, &individuals, err) < 0 ||
        org_param(env, "org_members_unit", in->division, day, &units, err) < 0)
        return -1;
    bool enough = in->members_individual >= individuals ||
                  (in->members_individual == 0 && in->members_unit >= units) ||
                  in->members_individual + in->members_unit >= individuals;
    if (!enough)
        return mz_fail_field(err, "members_individual", "below_minimum",
                             "社会团体应有个人会员 %" PRId64 " 个以上或单位会员 %" PRId64
                             " 个以上（混合的合计 %" PRId64 " 个以上），实为个人 %" PRId64
                             "、单位 %" PRId64,
                             individuals, units, individuals, in->members_individual,
                             in->members_unit);
    return 0;
}

static int check_in(const struct mon_env *env, const struct org_in *in, int *k, mz_date *day,
                    struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    *k = kind_index(in->kind);
    if (*k < 0)
        return mz_fail_field(err, "kind", "invalid_value",
                             "组织类型应为 association（社会团体）、service（社会服务机构）或 "
                             "foundation（基金会），实为“%.20s”",
                             in->kind ? in->kind : "");
    if (uscc_check(in->uscc, kinds[*k].type, err) < 0) return -1;
    if (check_name(db, in->name, *k, err) < 0) return -1;
    if (!in->field || !*in->field)
        return mz_fail_field(err, "field", "missing_field", "请填写业务领域");
    if (!in->supervisor || !*in->supervisor)
        return mz_fail_field(err, "supervisor", "missing_field", "请填写业务主管单位");
    if (text_check(in->field, "field", "业务领域", ORG_MAX_FIELD, TEXT_NAME, err) < 0 ||
        text_check(in->supervisor, "supervisor", "业务主管单位", ORG_MAX_NAME, TEXT_NAME, err) < 0 ||
        text_check(in->address, "address", "住所", TEXT_MAX_ADDRESS, TEXT_LINE, err) < 0)
        return -1;
    if (!in->address || !*in->address)
        return mz_fail_field(err, "address", "missing_field", "请填写住所");
    if (org_day(in->filed_on, "filed_on", "受理日期", day, err) < 0) return -1;
    if (!in->division || div_check_current(db, in->division, *day, "division", err) < 0)
        return in->division ? -1 : mz_fail_field(err, "division", "missing_field", "请填写住所所在区划");
    if (check_person(db, in->legal_rep, "legal_rep", err) < 0) return -1;
    return check_funds(env, *k, in, *day, err);
}

int org_apply(const struct mon_env *env, const struct org_in *in, const char *actor, int64_t *id,
              struct mz_err *err)
{
    int k;
    mz_date day;
    if (check_in(env, in, &k, &day, err) < 0) return -1;
    struct org_row o = {.legal_rep = in->legal_rep,
                        .funds = in->funds,
                        .public_fundraising = k == 2 && in->public_fundraising,
                        .members_individual = in->members_individual,
                        .members_unit = in->members_unit};
    snprintf(o.uscc, sizeof o.uscc, "%s", in->uscc);
    snprintf(o.name, sizeof o.name, "%s", in->name);
    snprintf(o.kind, sizeof o.kind, "%s", in->kind);
    snprintf(o.field, sizeof o.field, "%s", in->field);
    snprintf(o.supervisor, sizeof o.supervisor, "%s", in->supervisor);
    snprintf(o.division, sizeof o.division, "%s", in->division);
    snprintf(o.address, sizeof o.address, "%s", in->address);
    snprintf(o.status, sizeof o.status, "applied");
    int64_t days = 0;
    struct org_event_row e = {.org_id = 0};
    snprintf(e.kind, sizeof e.kind, "establish");
    snprintf(e.filed_on, sizeof e.filed_on, "%s", in->filed_on);
    snprintf(e.note, sizeof e.note, "申请成立%s", kinds[k].label);
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s", actor);
    if (org_param(env, "org_establish_days", in->division, day, &days, err) < 0 ||
        org_day_plus(in->filed_on, (int)days, false, "filed_on", e.due_on, err) < 0)
        return -1;
    struct db *db = reg_db(env->reg);
    int64_t eid;
    int rc = db_begin(db, err);
    if (rc == 0) rc = os_org_add(db, &o, id, err);
    e.org_id = *id;
    if (rc == 0) rc = os_event_add(db, &e, &eid, err);
    if (rc == 0) rc = org_audit(env, actor, "org.apply", *id, e.note, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* Loads org id in state, or fails (unknown_org, wrong_state). */
static int org_in_state(const struct mon_env *env, int64_t id, const char *state,
                        struct org_row *o, struct mz_err *err)
{
    int found = org_get(env, id, o, err);
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "org_id", "unknown_org", "没有这个社会组织（编号 %" PRId64 "）",
                                         id);
    if (strcmp(o->status, state) != 0)
        return mz_fail(err, "wrong_state", "%s当前为“%s”，不能办理此事项", o->name,
                       org_status_label(o->status));
    return 0;
}

int org_decide(const struct mon_env *env, int64_t id, bool approved, const char *day,
               const char *note, const char *actor, struct mz_err *err)
{
    struct org_row o;
    mz_date d;
    if (org_in_state(env, id, "applied", &o, err) < 0 ||
        org_day(day, "decided_on", "决定日期", &d, err) < 0 ||
        text_check(note, "note", "说明", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    if (approved) {
        snprintf(o.status, sizeof o.status, "registered");
        snprintf(o.registered_on, sizeof o.registered_on, "%s", day);
    }
    struct db *db = reg_db(env->reg);
    char detail[160];
    snprintf(detail, sizeof detail, "%s成立登记：%s", day, approved ? "准予登记" : "不予登记");
    int rc = db_begin(db, err);
    if (rc == 0 && approved) rc = os_org_update(db, &o, err);
    if (rc == 0)
        rc = os_event_close(db, id, "establish", day, approved ? "准予登记" : "不予登记", err);
    if (rc == 0) rc = org_audit(env, actor, "org.decide", id, detail, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* Records a filing of kind made on filed_on for an event on event_on, due
 * days after it: its outcome says whether it was in time. */
static int filing(const struct mon_env *env, const struct org_row *o, const char *kind,
                  const char *param, const char *event_on, const char *filed_on,
                  const char *note, const char *actor, struct mz_err *err)
{
    mz_date ev, filed;
    int64_t days = 0;
    struct org_event_row e = {.org_id = o->id};
    if (org_day(event_on, "changed_on", "事项发生日期", &ev, err) < 0 ||
        org_day(filed_on, "filed_on", "申请日期", &filed, err) < 0 ||
        org_param(env, param, o->division, ev, &days, err) < 0 ||
        org_day_plus(event_on, (int)days, false, "changed_on", e.due_on, err) < 0)
        return -1;
    if (filed < ev)
        return mz_fail_field(err, "filed_on", "invalid_value", "申请日期早于事项发生日期");
    snprintf(e.kind, sizeof e.kind, "%s", kind);
    snprintf(e.filed_on, sizeof e.filed_on, "%s", filed_on);
    snprintf(e.done_on, sizeof e.done_on, "%s", filed_on);
    snprintf(e.outcome, sizeof e.outcome, "%s",
             strcmp(filed_on, e.due_on) <= 0 ? "按期申请" : "逾期申请");
    snprintf(e.note, sizeof e.note, "%s", note);
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s", actor);
    int64_t id;
    return os_event_add(reg_db(env->reg), &e, &id, err);
}

int org_change(const struct mon_env *env, int64_t id, const struct org_change_in *in,
               const char *actor, struct mz_err *err)
{
    struct org_row o;
    if (org_in_state(env, id, "registered", &o, err) < 0) return -1;
    struct db *db = reg_db(env->reg);
    char note[TEXT_BYTES(TEXT_MAX_NOTE)] = "变更";
    size_t len = strlen(note);
    if (in->supervisor && *in->supervisor) {
        if (text_check(in->supervisor, "supervisor", "业务主管单位", ORG_MAX_NAME, TEXT_NAME, err) < 0)
            return -1;
        snprintf(o.supervisor, sizeof o.supervisor, "%s", in->supervisor);
        len += (size_t)snprintf(note + len, sizeof note - len, " 业务主管单位");
    }
    if (in->address && *in->address) {
        if (text_check(in->address, "address", "住所", TEXT_MAX_ADDRESS, TEXT_LINE, err) < 0)
            return -1;
        snprintf(o.address, sizeof o.address, "%s", in->address);
        len += (size_t)snprintf(note + len, sizeof note - len, " 住所");
    }
    if (in->legal_rep) {
        if (check_person(db, in->legal_rep, "legal_rep", err) < 0) return -1;
        o.legal_rep = in->legal_rep;
        len += (size_t)snprintf(note + len, sizeof note - len, " 法定代表人");
    }
    if (in->funds) {
        if (in->funds < 0)
            return mz_fail_field(err, "funds", "invalid_value", "注册资金不能为负数");
        o.funds = in->funds;
        len += (size_t)snprintf(note + len, sizeof note - len, " 注册资金");
    }
    if (len == strlen("变更"))
        return mz_fail(err, "nothing_changed", "没有要变更的登记事项");
    int rc = db_begin(db, err);
    if (rc == 0) rc = os_org_update(db, &o, err);
    if (rc == 0)
        rc = filing(env, &o, "change", "org_change_days", in->changed_on, in->filed_on, note,
                    actor, err);
    if (rc == 0) rc = org_audit(env, actor, "org.change", id, note, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

static int close_serious(void *ctx, const struct org_credit_row *c)
{
    struct org_credit_row *out = ctx;
    if (strcmp(c->list, "serious") != 0) return 0;
    *out = *c;
    return 1;
}

int org_deregister(const struct mon_env *env, int64_t id, const char *liquidated_on,
                   const char *filed_on, const char *actor, struct mz_err *err)
{
    struct org_row o;
    if (org_in_state(env, id, "registered", &o, err) < 0) return -1;
    snprintf(o.status, sizeof o.status, "deregistered");
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0) rc = os_org_update(db, &o, err);
    if (rc == 0)
        rc = filing(env, &o, "deregister", "org_deregister_days", liquidated_on, filed_on,
                    "清算结束，申请注销登记", actor, err);
    /* 民政部令第60号: an organization on the serious list leaves it once deregistered */
    struct org_credit_row c;
    int found = 0;
    while (rc == 0 && (found = os_credits(db, id, true, close_serious, &c, err)) == 1) {
        snprintf(c.exited_on, sizeof c.exited_on, "%s", filed_on);
        snprintf(c.exit_reason, sizeof c.exit_reason, "已注销登记");
        rc = os_credit_update(db, &c, err);
    }
    if (found < 0) rc = -1;
    if (rc == 0) rc = org_audit(env, actor, "org.deregister", id, "注销登记", err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}
