/* The rules a refusal names, with their articles, and the recording of a
 * refusal (marriage.h, internal.h). Articles: 《中华人民共和国民法典》
 * 婚姻家庭编 and 总则编; 《婚姻登记条例》 as revised by 国务院令第804号. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "marriage/internal.h"
#include "registry/registry.h"
#include "store/regstore.h"

static const struct mar_rule rules[] = {
    /* 结婚登记：不予登记 (条例第九条) and what goes before it */
    {"same_sex", "结婚须男女双方",
     "《民法典》第一千零四十六条、第一千零四十九条；《婚姻登记条例》第七条第一款"},
    {"identity", "身份信息核对不一致",
     "《婚姻登记条例》第八条第一款第（一）项、第十条（身份信息联网核对）"},
    {"under_age", "未到法定结婚年龄",
     "《民法典》第一千零四十七条、第一千零五十一条第（三）项；《婚姻登记条例》第九条第（一）项"},
    {"not_voluntary", "非男女双方完全自愿",
     "《民法典》第一千零四十六条；《婚姻登记条例》第九条第（二）项"},
    {"no_declaration", "未出具无配偶及无禁婚亲属关系的签字声明",
     "《婚姻登记条例》第八条第一款第（二）项"},
    {"already_married", "一方或者双方已有配偶",
     "《民法典》第一千零四十二条第三款（禁止重婚）、第一千零五十一条第（一）项；"
     "《婚姻登记条例》第九条第（三）项"},
    {"prohibited_kinship", "属于直系血亲或者三代以内旁系血亲",
     "《民法典》第一千零四十八条、第一千零五十一条第（二）项；《婚姻登记条例》第九条第（四）项"},
    /* 离婚登记：不予受理 (条例第十四条), 发证 (第十六条, 民法典第一千零七十七条) */
    {"no_agreement", "未达成书面离婚协议",
     "《民法典》第一千零七十六条；《婚姻登记条例》第十三条、第十四条第（一）项"},
    {"incapacity", "一方属于无民事行为能力人或者限制民事行为能力人",
     "《婚姻登记条例》第十四条第（二）项"},
    {"no_marriage", "婚姻登记档案中没有该结婚登记（结婚登记不是在中国内地办理的）",
     "《婚姻登记条例》第十四条第（三）项、第十五条第一款第（二）项"},
    {"not_married", "婚姻关系已经解除",
     "《民法典》第一千零七十六条第一款（夫妻双方离婚）；《婚姻登记条例》第十三条第一款"},
    {"not_parties", "申请人不是结婚证记载的双方当事人，或者未双方亲自到场",
     "《民法典》第一千零七十六条第一款、第一千零七十七条第二款；《婚姻登记条例》第十三条第一款、"
     "第十六条第一款"},
    {"cooling_off", "离婚冷静期尚未届满",
     "《民法典》第一千零七十七条第一款、第二百零一条、第二百零三条"},
    {"cooling_over", "离婚冷静期已经届满，不能再撤回",
     "《民法典》第一千零七十七条第一款"},
    {"lapsed", "冷静期届满后三十日内未申请发给离婚证，视为撤回离婚登记申请",
     "《民法典》第一千零七十七条第二款；《婚姻登记条例》第十六条第二款"},
    {"other_office", "须到收到离婚登记申请的婚姻登记机关申请发给离婚证",
     "《婚姻登记条例》第十六条第一款"},
    /* 补领 (条例第二十一条) */
    {"no_record", "婚姻登记档案中查无此证", "《婚姻登记条例》第十九条、第二十一条第二款"},
    {"not_a_party", "申请人不是该婚姻登记的当事人", "《婚姻登记条例》第二十一条"},
    {"dissolved", "婚姻关系已经解除，不能补领结婚证",
     "《婚姻登记条例》第二十一条第二款（查证属实方予补发）"},
};

const struct mar_rule *mar_rules(size_t *n)
{
    *n = sizeof rules / sizeof rules[0];
    return rules;
}

const struct mar_rule *mar_rule(const char *code)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(rules[i].code, code) == 0)
            return &rules[i];
    return NULL;
}

void refuse_add(struct mar_refusals *r, const char *code, const char *fmt, ...)
{
    if (r->n == MAR_MAX_REFUSALS)
        return;
    r->rules[r->n] = mar_rule(code);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reasons[r->n], sizeof r->reasons[0], fmt, ap);
    va_end(ap);
    r->n++;
}

static const char *kind_word(const char *kind)
{
    return strcmp(kind, "marriage") == 0 ? "不予登记"
           : strcmp(kind, "divorce") == 0 ? "不予办理离婚登记"
                                          : "不予补发";
}

int refuse_record(const struct marriage_env *env, const char *kind, const char *office,
                  mz_date day, const char *parties, const char *actor,
                  const struct mar_refusals *r, struct mar_registered *out, struct mz_err *err)
{
    struct refusal_row row = {0};
    snprintf(row.kind, sizeof row.kind, "%s", kind);
    snprintf(row.office, sizeof row.office, "%s", office ? office : "");
    date_format(day, row.day);
    snprintf(row.rule, sizeof row.rule, "%s", r->rules[0]->code);
    snprintf(row.parties, sizeof row.parties, "%s", parties);
    snprintf(row.recorded_by, sizeof row.recorded_by, "%s", actor);
    size_t la = 0, lr = 0;
    char msg[sizeof err->msg];
    size_t lm = (size_t)snprintf(msg, sizeof msg, "%s：", kind_word(kind));
    for (int i = 0; i < r->n; i++) {
        const struct mar_rule *rule = r->rules[i];
        if (la < sizeof row.article)
            la += (size_t)snprintf(row.article + la, sizeof row.article - la, "%s%s",
                                   i ? "；" : "", rule->article);
        if (lr < sizeof row.reason)
            lr += (size_t)snprintf(row.reason + lr, sizeof row.reason - lr, "%s%s：%s",
                                   i ? "\n" : "", rule->label, r->reasons[i]);
        if (lm < sizeof msg)
            lm += (size_t)snprintf(msg + lm, sizeof msg - lm, "%s%s（%s）", i ? "；" : "",
                                   r->reasons[i], rule->article);
    }
    text_utf8_trim(row.article);
    text_utf8_trim(row.reason);
    text_utf8_trim(msg);
    struct db *db = reg_db(env->reg);
    struct mz_err werr = {0};
    int rc = db_begin(db, &werr);
    if (rc == 0)
        rc = ms_refusal_insert(db, &row, &werr);
    char detail[96];
    snprintf(detail, sizeof detail, "%s：%s", kind, row.rule);
    if (rc == 0)
        rc = mar_audit(env, actor, "marriage.refuse", "marriage_refusal", row.id, detail, &werr);
    if (rc == 0)
        rc = db_commit(db, &werr);
    if (rc < 0) {
        db_rollback(db);
        *err = werr;
        return -1;
    }
    if (out) {
        out->refusal_id = row.id;
        out->rule = r->rules[0];
    }
    mz_fail(err, r->rules[0]->code, "%s", msg);
    return -1;
}

int mar_audit(const struct marriage_env *env, const char *actor, const char *action,
              const char *entity, int64_t id, const char *detail, struct mz_err *err)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, id);
    struct audit_event ev = {actor, action, entity, key, NULL, NULL, detail};
    return audit_append(reg_db(env->reg), reg_vault(env->reg), &ev, err);
}

int office_check(const struct marriage_env *env, const char *office, mz_date day,
                 struct mz_err *err)
{
    if (!office || strlen(office) != 6 || strspn(office, "0123456789") != 6)
        return mz_fail_field(err, "office", "invalid_value",
                             "婚姻登记机关应为县级行政区划代码（6位数字），实为“%.20s”",
                             office ? office : "");
    struct division_row d;
    int found = rs_division_at(reg_db(env->reg), office, day, &d, err);
    if (found < 0)
        return -1;
    if (!found)
        return mz_fail_field(err, "office", "unknown_division",
                             "区划 %s 在登记之日不存在，不是婚姻登记机关所在的区县", office);
    if (d.level != DIV_COUNTY)
        return mz_fail_field(err, "office", "invalid_value",
                             "%s（%s）不是县级区划：婚姻登记机关设在区县民政部门", office, d.name);
    return 0;
}

int day_check(mz_date day, const char *field, const char *label, struct mz_err *err)
{
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, field, "invalid_value", "%s应为 YYYY-MM-DD", label);
    if (day < date_from_ymd(1950, 1, 1))
        return mz_fail_field(err, field, "invalid_value", "%s早于1950年", label);
    return date_check(day, date_today(), field, label, err);
}
