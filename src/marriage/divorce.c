/* 离婚登记 (marriage.h): the application received (受理) with its cooling-off
 * and appearance windows counted by 《民法典》第二百零一条、第二百零三条 on
 * the calendar, withdrawal within the cooling-off period, the certificate
 * issued when both parties come back within the window, lapse after it,
 * and the counselling offered meanwhile (婚俗改革: 条例第五条、第十七条). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "crypto/sm.h"
#include "crypto/vault.h"
#include "marriage/internal.h"
#include "policy/policy.h"
#include "registry/registry.h"

/* The last day of a period of n days starting the day after start: start
 * + n, moved to the next working day when it is a rest day or holiday. */
static int period_end(const struct cal *cal, mz_date start, int n, mz_date *out,
                      struct mz_err *err)
{
    mz_date d = start + n;
    bool working = false;
    for (int guard = 0; guard < 40; guard++, d++) {
        if (cal_is_working_day(cal, d, &working, err) < 0)
            return -1;
        if (working)
            break;
    }
    *out = d;
    return 0;
}

int div_timeline(const struct marriage_env *env, const char *office, mz_date applied,
                 struct div_timeline *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    int64_t cooling = 0, appear = 0;
    if (!env->set || !pol_param_lookup(env->set, "divorce_cooling_days", office, 0, applied,
                                       &cooling) ||
        !pol_param_lookup(env->set, "divorce_appear_days", office, 0, applied, &appear) ||
        cooling <= 0 || appear <= 0)
        return mz_fail(err, "no_limit",
                       "政策文件中没有离婚冷静期或申请发证期限（divorce_cooling_days、"
                       "divorce_appear_days）");
    if (!env->cal)
        return mz_fail(err, "no_calendar", "没有工作日历，无法计算离婚冷静期");
    out->applied = applied;
    if (period_end(env->cal, applied, (int)cooling, &out->cooling_last, err) < 0)
        return -1;
    out->appear_first = out->cooling_last + 1;
    if (period_end(env->cal, out->cooling_last, (int)appear, &out->appear_last, err) < 0)
        return -1;
    out->provisional = cal_provisional(env->cal, applied, out->appear_last);
    return 0;
}

const char *div_phase(const char *state, const char *cooling_last, const char *appear_last,
                      mz_date today)
{
    if (strcmp(state, "cooling") != 0)
        return state;
    if (today <= date_parse(cooling_last))
        return "cooling";
    return today <= date_parse(appear_last) ? "awaiting" : "lapsed";
}

const char *div_phase_label(const char *phase)
{
    return strcmp(phase, "cooling") == 0      ? "冷静期内"
           : strcmp(phase, "awaiting") == 0   ? "冷静期届满，待双方申请发证"
           : strcmp(phase, "lapsed") == 0     ? "逾期未申请，视为撤回"
           : strcmp(phase, "withdrawn") == 0  ? "已撤回"
           : strcmp(phase, "registered") == 0 ? "已登记离婚，已发离婚证"
                                              : phase;
}

const char *div_counsel_label(const char *outcome)
{
    return strcmp(outcome, "offered") == 0    ? "已提供辅导"
           : strcmp(outcome, "held") == 0     ? "已开展辅导"
           : strcmp(outcome, "declined") == 0 ? "当事人拒绝辅导"
                                              : outcome;
}

/* Which party of marriage_id the ID number is: 1 or 2 (its sex), 0 if
 * neither. */
static int party_sex(const struct marriage_env *env, int64_t marriage_id, const char *number,
                     struct mparty_row *rows, struct mz_err *err)
{
    for (int sex = 1; sex <= 2; sex++) {
        struct mparty_row *p = &rows[sex - 1];
        int found = ms_party_get(reg_db(env->reg), marriage_id, sex, p, err);
        if (found <= 0)
            return found < 0 ? -1 : mz_fail(err, "not_found", "婚姻登记缺少当事人");
        char plain[19];
        size_t n;
        if (vault_unseal(reg_vault(env->reg), p->id_sealed, (size_t)p->id_sealed_len, plain,
                         sizeof plain, &n, err) < 0)
            return -1;
        if (number && strcmp(plain, number) == 0)
            return sex;
    }
    return 0;
}

/* "男方 张三（…）、女方 李四（…）" */
static void couple(const struct mparty_row *rows, char *out, size_t cap)
{
    snprintf(out, cap, "男方%s（%s）、女方%s（%s）", rows[0].name, rows[0].id_masked, rows[1].name,
             rows[1].id_masked);
}

/* Both ID numbers are the two parties of marriage_id (either order). */
static int both_parties(const struct marriage_env *env, int64_t marriage_id, const struct idcard *a,
                        const struct idcard *b, struct mparty_row rows[2], bool *ok,
                        struct mz_err *err)
{
    int sa = party_sex(env, marriage_id, a->number, rows, err);
    int sb = sa < 0 ? -1 : party_sex(env, marriage_id, b->number, rows, err);
    if (sb < 0)
        return -1;
    *ok = sa > 0 && sb > 0 && sa != sb;
    return 0;
}

static int parse_two(const char *id_a, const char *id_b, struct idcard *a, struct idcard *b,
                     struct mz_err *err)
{
    if (idcard_parse(id_a ? id_a : "", a, err) < 0) {
        snprintf(err->field, sizeof err->field, "a_id");
        return -1;
    }
    if (idcard_parse(id_b ? id_b : "", b, err) < 0) {
        snprintf(err->field, sizeof err->field, "b_id");
        return -1;
    }
    return 0;
}

int div_apply(const struct marriage_env *env, const struct div_apply_in *in, int64_t *id,
              struct mar_registered *refusal, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    memset(refusal, 0, sizeof *refusal);
    struct idcard a, b;
    char kind[3], office[7];
    int year, seq;
    if (day_check(in->day, "date", "申请日期", err) < 0 ||
        office_check(env, in->office, in->day, err) < 0 ||
        mar_cert_parse(in->cert_no, kind, office, &year, &seq, err) < 0 ||
        parse_two(in->id_a, in->id_b, &a, &b, err) < 0)
        return -1;
    if (in->agreement && text_check(in->agreement, "agreement", "离婚协议", 4000, TEXT_NOTE, err) < 0)
        return -1;
    char pa[64], pb[64], parties[400];
    idcard_mask(a.number, pa);
    idcard_mask(b.number, pb);
    snprintf(parties, sizeof parties, "%s、%s", pa, pb);
    struct mar_refusals r = {0};
    int64_t mid = 0;
    int found = kind[strlen(kind) - 1] == 'J' ? ms_marriage_by_cert(db, in->cert_no, &mid, err) : 0;
    if (found < 0)
        return -1;
    if (!found) {
        refuse_add(&r, "no_marriage", "结婚证 %s 不在婚姻登记档案中", in->cert_no);
        return refuse_record(env, "divorce", in->office, in->day, parties, in->actor, &r, refusal,
                             err);
    }
    struct marriage_row m;
    struct mparty_row rows[2];
    bool ok;
    if (ms_marriage_get(db, mid, &m, err) <= 0 ||
        both_parties(env, mid, &a, &b, rows, &ok, err) < 0)
        return err->code[0] ? -1 : mz_fail(err, "not_found", "婚姻登记 %" PRId64 " 不存在", mid);
    if (in->day < date_parse(m.registered_on)) {
        char on[11];
        date_format(in->day, on);
        return mz_fail_field(err, "date", "invalid_value", "申请日期 %s 早于结婚登记日期 %s", on,
                             m.registered_on);
    }
    if (ok)
        couple(rows, parties, sizeof parties);
    if (!ok)
        refuse_add(&r, "not_parties", "申请人与结婚证 %s 记载的男方%s、女方%s不符", in->cert_no,
                   rows[0].name, rows[1].name);
    if (strcmp(m.state, "married") != 0)
        refuse_add(&r, "not_married", "该婚姻已于 %s %s", m.ended_on, mar_state_label(m.state));
    if (!in->agreement || !*in->agreement)
        refuse_add(&r, "no_agreement", "未提交载明自愿离婚及子女抚养、财产、债务处理一致意见的书面协议");
    if (!in->capacity)
        refuse_add(&r, "incapacity", "经审查，当事人不具有完全民事行为能力");
    if (r.n)
        return refuse_record(env, "divorce", in->office, in->day, parties, in->actor, &r, refusal,
                             err);
    struct div_timeline t;
    if (div_timeline(env, in->office, in->day, &t, err) < 0)
        return -1;
    struct divorce_row d = {.marriage_id = mid, .provisional = t.provisional};
    snprintf(d.office, sizeof d.office, "%s", in->office);
    date_format(t.applied, d.applied_on);
    date_format(t.cooling_last, d.cooling_ends);
    date_format(t.appear_first, d.appear_from);
    date_format(t.appear_last, d.appear_by);
    snprintf(d.recorded_by, sizeof d.recorded_by, "%s", in->actor);
    if (sm3_hex(in->agreement, strlen(in->agreement), d.agreement_sm3) < 0)
        return mz_fail(err, "sm3", "SM3 计算失败");
    char detail[160];
    snprintf(detail, sizeof detail, "%s 受理离婚申请，冷静期至 %s，申请发证期限 %s—%s",
             m.cert_no, d.cooling_ends, d.appear_from, d.appear_by);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_divorce_insert(db, &d, err);
    if (rc == 0)
        rc = mar_audit(env, in->actor, "divorce.apply", "divorce", d.id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        if (strstr(err->msg, "UNIQUE") || strstr(err->msg, "unique"))
            mz_fail(err, "divorce_pending", "这对夫妻已有一份离婚申请在冷静期或申请发证期内，不能重复申请");
        return -1;
    }
    *id = d.id;
    return 0;
}

static int load(const struct marriage_env *env, int64_t id, struct divorce_row *d,
                struct mz_err *err)
{
    int found = ms_divorce_get(reg_db(env->reg), id, d, err);
    return found < 0 ? -1
           : found   ? 0
                     : mz_fail(err, "not_found", "离婚登记申请 %" PRId64 " 不存在", id);
}

/* A divorce whose windows passed: lapsed, recorded in its own transaction. */
static int lapse(const struct marriage_env *env, const struct divorce_row *d, const char *actor,
                 struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    bool changed = false;
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_divorce_end(db, d->id, "lapsed", d->appear_by, 0, NULL, &changed, err);
    if (rc == 0 && changed)
        rc = mar_audit(env, actor, "divorce.lapse", "divorce", d->id,
                       "冷静期届满后三十日内未申请发给离婚证，视为撤回", err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

int div_withdraw(const struct marriage_env *env, int64_t id, const char *by_id, mz_date day,
                 const char *actor, struct mz_err *err)
{
    struct divorce_row d;
    struct idcard by;
    if (day_check(day, "date", "撤回日期", err) < 0 || load(env, id, &d, err) < 0)
        return -1;
    if (idcard_parse(by_id ? by_id : "", &by, err) < 0) {
        snprintf(err->field, sizeof err->field, "by_id");
        return -1;
    }
    if (strcmp(d.state, "cooling") != 0)
        return mz_fail(err, "bad_state", "离婚申请 %" PRId64 " %s，不能撤回", id,
                       div_phase_label(d.state));
    if (day < date_parse(d.applied_on))
        return mz_fail_field(err, "date", "invalid_value", "撤回日期早于申请日期 %s", d.applied_on);
    struct mparty_row rows[2];
    int sex = party_sex(env, d.marriage_id, by.number, rows, err);
    if (sex < 0)
        return -1;
    if (sex == 0)
        return mz_fail_field(err, "by_id", "not_parties", "撤回人不是这份离婚申请的当事人");
    if (day > date_parse(d.cooling_ends)) {
        struct mar_refusals r = {0};
        refuse_add(&r, "cooling_over",
                   "冷静期已于 %s 届满；不再申请发给离婚证的，期满（%s）视为撤回", d.cooling_ends,
                   d.appear_by);
        char parties[400];
        couple(rows, parties, sizeof parties);
        return refuse_record(env, "divorce", d.office, day, parties, actor, &r, NULL, err);
    }
    struct db *db = reg_db(env->reg);
    char on[11], detail[96];
    date_format(day, on);
    snprintf(detail, sizeof detail, "%s撤回离婚登记申请", sex == 1 ? "男方" : "女方");
    bool changed = false;
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_divorce_end(db, id, "withdrawn", on, sex, NULL, &changed, err);
    if (rc == 0)
        rc = mar_audit(env, actor, "divorce.withdraw", "divorce", id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0)
        db_rollback(db);
    return rc;
}

int div_register(const struct marriage_env *env, int64_t id, const char *office, mz_date day,
                 const char *id_a, const char *id_b, const char *actor, char cert_no[32],
                 struct mar_registered *refusal, struct mz_err *err)
{
    struct db *db = reg_db(env->reg);
    memset(refusal, 0, sizeof *refusal);
    cert_no[0] = '\0';
    struct divorce_row d;
    struct idcard a, b;
    if (day_check(day, "date", "登记日期", err) < 0 || office_check(env, office, day, err) < 0 ||
        load(env, id, &d, err) < 0 || parse_two(id_a, id_b, &a, &b, err) < 0)
        return -1;
    if (strcmp(d.state, "cooling") != 0)
        return mz_fail(err, "bad_state", "离婚申请 %" PRId64 " %s", id, div_phase_label(d.state));
    struct mparty_row rows[2];
    bool ok;
    if (both_parties(env, d.marriage_id, &a, &b, rows, &ok, err) < 0)
        return -1;
    char parties[400];
    couple(rows, parties, sizeof parties);
    struct mar_refusals r = {0};
    if (!ok)
        refuse_add(&r, "not_parties", "申请发证的须是男方%s、女方%s本人，双方共同到场",
                   rows[0].name, rows[1].name);
    if (strcmp(office, d.office) != 0)
        refuse_add(&r, "other_office", "离婚申请由 %s 婚姻登记机关受理，须到该机关申请发证", d.office);
    if (day < date_parse(d.appear_from))
        refuse_add(&r, "cooling_off", "冷静期至 %s 届满，%s 至 %s 可由双方共同申请发给离婚证",
                   d.cooling_ends, d.appear_from, d.appear_by);
    bool late = day > date_parse(d.appear_by);
    if (late)
        refuse_add(&r, "lapsed", "申请发证期限已于 %s 届满，离婚登记申请视为撤回、程序终止",
                   d.appear_by);
    if (late && lapse(env, &d, actor, err) < 0)
        return -1;
    if (r.n)
        return refuse_record(env, "divorce", office, day, parties, actor, &r, refusal, err);
    struct marriage_row m;
    if (ms_marriage_get(db, d.marriage_id, &m, err) <= 0)
        return err->code[0] ? -1 : mz_fail(err, "not_found", "婚姻登记不存在");
    char on[11], detail[160];
    date_format(day, on);
    bool changed = false;
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = cert_issue_tx(env, "L", office, day, d.marriage_id, d.id, 0, NULL, actor, cert_no,
                           err);
    if (rc == 0)
        rc = ms_divorce_end(db, id, "registered", on, 0, cert_no, &changed, err);
    if (rc == 0 && !changed)
        rc = mz_fail(err, "bad_state", "离婚申请 %" PRId64 " 已办结", id);
    if (rc == 0)
        rc = ms_marriage_end(db, d.marriage_id, "divorced", on, cert_no, &changed, err);
    if (rc == 0 && !changed)
        rc = mz_fail(err, "bad_state", "婚姻 %s 已解除", m.cert_no);
    if (rc == 0)
        rc = status_fact(env, rows[0].person_id, "离婚", day, cert_no, err);
    if (rc == 0)
        rc = status_fact(env, rows[1].person_id, "离婚", day, cert_no, err);
    snprintf(detail, sizeof detail, "%s 登记离婚，离婚证字号 %s", m.cert_no, cert_no);
    if (rc == 0)
        rc = mar_audit(env, actor, "divorce.register", "divorce", id, detail, err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        cert_no[0] = '\0';
    }
    return rc;
}

int div_counsel(const struct marriage_env *env, int64_t id, mz_date day, const char *outcome,
                const char *counsellor, const char *note, const char *actor, int64_t *cid,
                struct mz_err *err)
{
    struct divorce_row d;
    if (day_check(day, "date", "辅导日期", err) < 0 || load(env, id, &d, err) < 0)
        return -1;
    if (!outcome || (strcmp(outcome, "offered") && strcmp(outcome, "held") &&
                     strcmp(outcome, "declined")))
        return mz_fail_field(err, "outcome", "invalid_value",
                             "辅导情况应为 offered（已提供）、held（已开展）或 declined（当事人拒绝）");
    if (!counsellor || !*counsellor)
        return mz_fail_field(err, "counsellor", "missing_field", "请填写婚姻家庭辅导师");
    if (text_check(counsellor, "counsellor", "辅导师", TEXT_MAX_NAME, TEXT_NAME, err) < 0 ||
        text_check(note, "note", "辅导记录", TEXT_MAX_NOTE, TEXT_NOTE, err) < 0)
        return -1;
    if (strcmp(d.state, "cooling") != 0)
        return mz_fail(err, "bad_state", "离婚申请 %" PRId64 " %s，不再登记辅导", id,
                       div_phase_label(d.state));
    if (day < date_parse(d.applied_on) || day > date_parse(d.appear_by))
        return mz_fail_field(err, "date", "invalid_value", "辅导日期应在 %s 至 %s 之间", d.applied_on,
                             d.appear_by);
    struct counsel_row c = {0};
    date_format(day, c.day);
    snprintf(c.outcome, sizeof c.outcome, "%s", outcome);
    snprintf(c.counsellor, sizeof c.counsellor, "%s", counsellor);
    snprintf(c.note, sizeof c.note, "%s", note ? note : "");
    snprintf(c.recorded_by, sizeof c.recorded_by, "%s", actor);
    struct db *db = reg_db(env->reg);
    int rc = db_begin(db, err);
    if (rc == 0)
        rc = ms_counsel_insert(db, id, &c, err);
    if (rc == 0)
        rc = mar_audit(env, actor, "divorce.counsel", "divorce", id, div_counsel_label(outcome),
                       err);
    if (rc == 0)
        rc = db_commit(db, err);
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    *cid = c.id;
    return 0;
}

int div_lapse_due(const struct marriage_env *env, mz_date today, int64_t *n, struct mz_err *err)
{
    *n = 0;
    char on[11];
    date_format(today, on);
    int64_t *ids;
    size_t k;
    if (ms_divorces_lapsing(reg_db(env->reg), on, &ids, &k, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < k; i++) {
        struct divorce_row d;
        rc = load(env, ids[i], &d, err);
        if (rc == 0)
            rc = lapse(env, &d, reg_actor(env->reg), err);
        *n += rc == 0;
    }
    mz_free(ids);
    return rc;
}
