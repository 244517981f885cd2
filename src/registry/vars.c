/* Fact variable catalogue. Adding a variable here makes it importable and
 * readable by the policy engine. */
#include "registry/vars.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

static const char *const disability_types[] = {"视力", "听力", "言语", "肢体",
                                               "智力", "精神", "多重", NULL};
/* 老年人能力等级（GB/T 42195-2022），由能力评估写入。 */
static const char *const ability_levels[] = {"能力完好", "轻度失能", "中度失能",
                                             "重度失能", "完全失能", NULL};
/* 长期护理保险的护理方式（医保局推送）。 */
static const char *const ltc_modes[] = {"居家组合护理", "机构居家护理", "机构集中护理", NULL};
static const char *const employments[] = {"在业", "灵活就业", "登记失业", "无业",
                                          "退休", "在校", "学龄前", NULL};
static const char *const schoolings[] = {"学前", "小学", "初中", "高中", "中职",
                                         "大专", "本科", "研究生", NULL};
/* 婚姻状况：婚姻登记（src/marriage）写入，全国婚姻基础信息库或公安推送亦可。 */
static const char *const marital_statuses[] = {"未婚", "已婚", "离婚", "丧偶", NULL};
/* 安葬方式：殡葬（src/funeral）登记骨灰安放时写入，节地生态安葬奖补据此认定。 */
static const char *const burial_methods[] = {"骨灰寄存", "公墓安葬", "树葬", "花葬", "草坪葬",
                                             "海葬",     "深埋",     "土葬", NULL};
static const char *const emergencies[] = {"火灾", "交通事故", "突发重病", "自然灾害",
                                          "意外伤害", "其他", NULL};

/* 人身自由受限或下落不明（公安、司法行政推送；事实无人抚养儿童的父母情形）。 */
static const char *const custodies[] = {"服刑在押", "强制隔离戒毒", "其他限制人身自由", "失联",
                                        "宣告失踪", NULL};

/* 重度残疾人托养方式：托养安置（src/disability/tuoyang.c）写入，结束时写“无”。 */
static const char *const tuoyang_modes[] = {"寄宿", "日间", "无", NULL};

static const struct var_def vars[] = {
    {"wage_income", VAR_PERSON, VAR_MONEY, "工资性收入（元/月）", 0, 0, NULL},
    {"business_income", VAR_PERSON, VAR_MONEY, "经营净收入（元/月）", 0, 0, NULL},
    {"pension_income", VAR_PERSON, VAR_MONEY, "养老金（元/月）", 0, 0, NULL},
    {"basic_pension", VAR_PERSON, VAR_MONEY, "其中城乡居民基础养老金（元/月）", 0, 0, NULL},
    {"other_income", VAR_PERSON, VAR_MONEY, "其他财产性及转移性收入（元/月）", 0, 0, NULL},
    {"excluded_income", VAR_PERSON, VAR_MONEY,
     "不计入的收入：优待抚恤金、计生奖励、奖学金、见义勇为奖励、政府救助（元/月）", 0, 0, NULL},
    {"charity_income", VAR_PERSON, VAR_MONEY,
     "慈善组织给予的救助款物（元/月，是否计入由政策参数 charity_income_counted 决定）", 0, 0, NULL},
    {"deposits", VAR_PERSON, VAR_MONEY, "存款及金融资产（元）", 0, 0, NULL},
    {"vehicle_value", VAR_PERSON, VAR_MONEY, "机动车价值（元）", 0, 0, NULL},
    /* 市场监管推送（feeds/shichang.feed）：本人任法定代表人、经营者或出资人的存续企业、
     * 个体工商户，按人汇总（注销、吊销的不计）。 */
    {"business_count", VAR_PERSON, VAR_INT, "名下存续的企业、个体工商户数", 0, 10000, NULL},
    {"business_capital", VAR_PERSON, VAR_MONEY,
     "名下存续的企业、个体工商户注册资本（出资额）合计（元）", 0, 0, NULL},
    {"disability_grade", VAR_PERSON, VAR_INT, "残疾等级（0为无）", 0, 4, NULL},
    {"disability_type", VAR_PERSON, VAR_ENUM, "残疾类别", 0, 0, disability_types},
    {"serious_illness", VAR_PERSON, VAR_BOOL, "患重特大疾病", 0, 0, NULL},
    {"employment", VAR_PERSON, VAR_ENUM, "就业状况", 0, 0, employments},
    {"schooling", VAR_PERSON, VAR_ENUM, "在读学段", 0, 0, schoolings},
    {"ability_level", VAR_PERSON, VAR_ENUM, "老年人能力等级", 0, 0, ability_levels},
    {"ability_reassess_due", VAR_PERSON, VAR_DATE, "老年人能力复评到期日", 0, 0, NULL},
    {"ltc_insured", VAR_PERSON, VAR_BOOL, "参加长期护理保险并经认定享受待遇", 0, 0, NULL},
    {"ltc_mode", VAR_PERSON, VAR_ENUM, "长期护理保险护理方式", 0, 0, ltc_modes},
    {"selfcare_failed", VAR_PERSON, VAR_INT, "生活自理能力未达标项数（6项）", 0, 6, NULL},
    {"medical_spending_12m", VAR_PERSON, VAR_MONEY, "近12个月自付医疗费用（元）", 0, 0, NULL},
    {"schooling_spending_12m", VAR_PERSON, VAR_MONEY, "近12个月教育支出（元）", 0, 0, NULL},
    {"orphan", VAR_PERSON, VAR_BOOL, "孤儿", 0, 0, NULL},
    {"de_facto_unsupported", VAR_PERSON, VAR_BOOL, "事实无人抚养儿童", 0, 0, NULL},
    {"in_institution", VAR_PERSON, VAR_BOOL, "机构集中供养/养育", 0, 0, NULL},
    {"has_supporter", VAR_PERSON, VAR_BOOL, "有履行能力的法定赡养抚养扶养人", 0, 0, NULL},
    {"death", VAR_PERSON, VAR_DATE, "死亡日期", 0, 0, NULL},
    {"last_contact", VAR_PERSON, VAR_DATE, "最近一次探访或联系日期", 0, 0, NULL},
    {"left_behind", VAR_PERSON, VAR_BOOL, "留守老年人", 0, 0, NULL},
    {"family_planning_special", VAR_PERSON, VAR_BOOL, "计划生育特殊家庭", 0, 0, NULL},
    {"emergency", VAR_PERSON, VAR_ENUM, "遭遇急难事由", 0, 0, emergencies},
    {"emergency_loss", VAR_PERSON, VAR_MONEY, "急难造成的损失或必需支出（元）", 0, 0, NULL},
    {"serious_mental_disorder", VAR_PERSON, VAR_BOOL, "严重精神障碍患者（卫生健康部门登记）", 0, 0,
     NULL},
    {"custody", VAR_PERSON, VAR_ENUM, "人身自由受限或下落不明的情形", 0, 0, custodies},
    {"custody_since", VAR_PERSON, VAR_DATE, "上述情形的开始日期", 0, 0, NULL},
    {"marital_status", VAR_PERSON, VAR_ENUM, "婚姻状况", 0, 0, marital_statuses},
    {"burial_method", VAR_PERSON, VAR_ENUM, "安葬方式", 0, 0, burial_methods},
    {"tuoyang_mode", VAR_PERSON, VAR_ENUM, "重度残疾人托养方式", 0, 0, tuoyang_modes},
    {"housing_count", VAR_HOUSEHOLD, VAR_INT, "自有住房套数", 0, 100, NULL},
};

const struct var_def *var_find(const char *name)
{
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (strcmp(vars[i].name, name) == 0)
            return &vars[i];
    return NULL;
}

const struct var_def *var_all(size_t *n)
{
    *n = sizeof vars / sizeof vars[0];
    return vars;
}

int money_parse(const char *s, int64_t *fen)
{
    const char *p = s;
    int neg = 0;
    if (*p == '-')
        neg = 1, p++;
    if (*p < '0' || *p > '9')
        return -1;
    int64_t yuan = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (yuan > INT64_MAX / 1000)
            return -1;
        yuan = yuan * 10 + (*p - '0');
    }
    int64_t cents = 0;
    if (*p == '.') {
        p++;
        int nd = 0;
        for (; *p >= '0' && *p <= '9'; p++, nd++) {
            if (nd == 2)
                return -1;
            cents = cents * 10 + (*p - '0');
        }
        if (nd == 0)
            return -1;
        if (nd == 1)
            cents *= 10;
    }
    if (*p)
        return -1;
    *fen = (neg ? -1 : 1) * (yuan * 100 + cents);
    return 0;
}

static int parse_bool(const char *s)
{
    static const char *const yes[] = {"是", "true", "TRUE", "1", "Y", "y", "有", NULL};
    static const char *const no[] = {"否", "false", "FALSE", "0", "N", "n", "无", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcmp(s, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i]; i++)
        if (strcmp(s, no[i]) == 0)
            return 0;
    return -1;
}

int var_canonical(const struct var_def *v, const char *value, char *out, size_t cap,
                  struct mz_err *err)
{
    switch (v->type) {
    case VAR_MONEY: {
        int64_t fen;
        if (money_parse(value, &fen) < 0)
            return mz_fail(err, "invalid_value", "%s（%s）应为金额（元，最多两位小数），实为“%s”",
                           v->label, v->name, value);
        if (fen < 0)
            return mz_fail(err, "invalid_value", "%s（%s）不能为负数：%s", v->label, v->name,
                           value);
        snprintf(out, cap, "%" PRId64, fen);
        return 0;
    }
    case VAR_INT: {
        char *end;
        errno = 0;
        long n = strtol(value, &end, 10);
        if (!*value || *end || errno)
            return mz_fail(err, "invalid_value", "%s（%s）应为整数，实为“%s”", v->label, v->name,
                           value);
        if (n < v->min || n > v->max)
            return mz_fail(err, "invalid_value", "%s（%s）应在 %ld 到 %ld 之间，实为 %ld",
                           v->label, v->name, v->min, v->max, n);
        snprintf(out, cap, "%ld", n);
        return 0;
    }
    case VAR_BOOL: {
        int b = parse_bool(value);
        if (b < 0)
            return mz_fail(err, "invalid_value", "%s（%s）应为“是”或“否”，实为“%s”", v->label,
                           v->name, value);
        snprintf(out, cap, "%d", b);
        return 0;
    }
    case VAR_DATE: {
        mz_date d = date_parse(value);
        if (d == MZ_DATE_NONE)
            return mz_fail(err, "invalid_value", "%s（%s）应为日期 YYYY-MM-DD，实为“%s”",
                           v->label, v->name, value);
        if (cap < 11)
            return mz_fail(err, "invalid_value", "缓冲区过小");
        date_format(d, out);
        return 0;
    }
    case VAR_ENUM:
        for (int i = 0; v->labels[i]; i++)
            if (strcmp(value, v->labels[i]) == 0) {
                snprintf(out, cap, "%s", value);
                return 0;
            }
        {
            char allowed[256] = "";
            for (int i = 0; v->labels[i]; i++) {
                if (i)
                    strncat(allowed, "、", sizeof allowed - strlen(allowed) - 1);
                strncat(allowed, v->labels[i], sizeof allowed - strlen(allowed) - 1);
            }
            return mz_fail(err, "invalid_value", "%s（%s）应为 %s 之一，实为“%s”", v->label,
                           v->name, allowed, value);
        }
    }
    return mz_fail(err, "invalid_value", "未知类型");
}
