/* 老年人能力评估 and 长期护理保险 on hand-made persons: the policy's scale
 * scored item by item to each level boundary and through each adjustment;
 * assessments refused (a missing item, a score out of range, one assessor,
 * an auditor as assessor, a person under 60, a dead person, an unknown
 * reason) with nothing written; a recorded one leaves its row, the dated
 * ability_level and reassessment facts; and a 特困 person in 机构集中护理 is
 * not paid twice for the same care. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "care/assess.h"
#include "care/ltc.h"
#include "cases/calendar.h"
#include "monitor/monitor.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/regstore.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct mon_env env;
    char old[19], young[19], dead[19];
    int64_t old_id, young_id, dead_id;
};

/* Scores of the 26 items in the scale's order: 90 in all. */
static const int FULL[26] = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 4,
                             4, 4, 4, 4, 4, 1, 1, 2, 2, 2, 4, 3, 4};

static void person(struct fixture *f, char id[19], const char *first17, const char *hh,
                   int64_t *pid)
{
    snprintf(id, 19, "%s%c", first17, idcard_check_char(first17));
    struct reg_person_in p = {.id_number = id,
                              .name = "张秀英",
                              .hukou = "城镇",
                              .division = "500103001003",
                              .household_no = hh,
                              .relation = "户主"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_person_put(f->reg, &p, date_parse("2024-01-01"), &res, &err) < 0 ||
        reg_person_find(f->reg, id, pid, &err) != 1)
        fail_msg("%s", err.msg);
}

static void fact_on(struct fixture *f, const char *id, const char *var, const char *value,
                    const char *effective)
{
    struct reg_fact_in in = {id, NULL, var, value, effective, "测试"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_fact_put(f->reg, &in, &res, &err) < 0) fail_msg("%s", err.msg);
}

static void fact(struct fixture *f, const char *id, const char *var, const char *value)
{
    fact_on(f, id, var, value, "2025-01-01");
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    setenv("MZ_TODAY", "2025-07-15", 1);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal, &err) <
            0)
        fail_msg("%s", err.msg);
    f->env = (struct mon_env){f->reg, f->set, f->cal};
    static const char *const hhs[] = {"H1", "H2", "H3"};
    for (int i = 0; i < 3; i++) {
        struct reg_household_in h = {hhs[i], "500103001003", "", "城镇"};
        enum put_result res;
        if (reg_household_put(f->reg, &h, date_parse("2024-01-01"), &res, &err) < 0)
            fail_msg("%s", err.msg);
    }
    person(f, f->old, "50010319450101002", "H1", &f->old_id);
    person(f, f->young, "50010319700101002", "H2", &f->young_id);
    person(f, f->dead, "50010319400101002", "H3", &f->dead_id);
    fact(f, f->dead, "death", "2025-03-01");
    static const char *const users[][2] = {{"a1", "500103001"}, {"a2", "500103001003"}};
    for (int i = 0; i < 2; i++)
        if (auth_user_add(f->reg, "test", users[i][0], i ? ROLE_COMMUNITY : ROLE_STREET,
                          users[i][1], "pw-long-enough-1", &err) < 0)
            fail_msg("%s", err.msg);
    if (auth_user_add(f->reg, "test", "aud", ROLE_AUDITOR, "50", "pw-long-enough-1", &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    cal_free(f->cal);
    pol_set_free(f->set);
    test_registry_close(f->dir, f->reg);
    free(f);
    unsetenv("MZ_TODAY");
    return 0;
}

/* Lowers the scores from the first item on until the total is `total`. */
static void scores_of(int total, int out[26])
{
    memcpy(out, FULL, sizeof FULL);
    for (int i = 0, need = 90 - total; need > 0; i++) {
        int d = out[i] < need ? out[i] : need;
        out[i] -= d;
        need -= d;
    }
}

static void scored_to_each_boundary(void **state)
{
    struct fixture *f = *state;
    const struct pol_scale *sc = pol_scale_find(f->set, "ability");
    assert_non_null(sc);
    assert_int_equal(sc->nitems, 26);
    assert_int_equal(sc->max_total, 90);
    static const struct {
        int total;
        const char *level;
    } bands[] = {{90, "能力完好"}, {89, "轻度失能"}, {66, "轻度失能"},
                 {65, "中度失能"}, {46, "中度失能"}, {45, "重度失能"},
                 {30, "重度失能"}, {29, "完全失能"}, {0, "完全失能"}};
    for (size_t b = 0; b < sizeof bands / sizeof bands[0]; b++) {
        int s[26], conds[3] = {0, 0, 0};
        scores_of(bands[b].total, s);
        struct pol_scale_outcome o;
        struct mz_err err = {0};
        assert_int_equal(pol_scale_score(sc, s, conds, &o, &err), 0);
        assert_int_equal(o.total, bands[b].total);
        assert_string_equal(sc->levels[o.preliminary].label, bands[b].level);
        assert_string_equal(sc->levels[o.final].label, bands[b].level);
        assert_int_equal(o.nheld, 0);
    }
}

static void each_adjustment(void **state)
{
    struct fixture *f = *state;
    const struct pol_scale *sc = pol_scale_find(f->set, "ability");
    /* conditions in the scale's order: coma, psychiatric, risk_events */
    static const struct {
        int total, coma, psych, risk;
        const char *prelim, *final;
        int nheld;
    } cases[] = {
        {90, 1, 0, 0, "能力完好", "完全失能", 1}, /* coma: 完全失能 directly */
        {90, 0, 1, 0, "能力完好", "轻度失能", 1}, /* dementia: one worse */
        {66, 0, 0, 2, "轻度失能", "中度失能", 1}, /* two care-risk events */
        {66, 0, 0, 1, "轻度失能", "轻度失能", 0}, /* one event: no change */
        {46, 0, 1, 3, "中度失能", "重度失能", 2}, /* both: not stacked */
        {29, 0, 1, 0, "完全失能", "完全失能", 1}, /* capped */
        {45, 1, 1, 2, "重度失能", "完全失能", 3},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int s[26], conds[3] = {cases[k].coma, cases[k].psych, cases[k].risk};
        scores_of(cases[k].total, s);
        struct pol_scale_outcome o;
        struct mz_err err = {0};
        assert_int_equal(pol_scale_score(sc, s, conds, &o, &err), 0);
        assert_string_equal(sc->levels[o.preliminary].label, cases[k].prelim);
        assert_string_equal(sc->levels[o.final].label, cases[k].final);
        assert_int_equal(o.nheld, cases[k].nheld);
    }
}

/* An assessment of person pid with the given scores (-1 = left out). */
struct form {
    struct assess_value v[29];
    char text[29][12];
    struct assess_in in;
};
static void form_of(struct fixture *f, struct form *fm, int64_t pid, const int s[26],
                    const char *a2, const char *reason)
{
    const struct pol_scale *sc = pol_scale_find(f->set, "ability");
    size_t n = 0;
    for (int i = 0; i < 26; i++)
        if (s[i] >= 0) {
            snprintf(fm->text[n], sizeof fm->text[n], "%d", s[i]);
            fm->v[n] = (struct assess_value){sc->items[i].label, fm->text[n]};
            n++;
        }
    fm->in = (struct assess_in){pid, "2025-07-01", reason, "a1", a2, fm->v, n};
}

static int64_t count(struct fixture *f, const char *sql)
{
    int64_t n = -1;
    struct mz_err err = {0};
    assert_int_equal(db_count_rows(reg_db(f->reg), sql, &n, &err), 0);
    return n;
}

static void refused(struct fixture *f, struct form *fm, const char *code, const char *field,
                    const char *says)
{
    struct assessment_row r;
    struct mz_err err = {0};
    int64_t before = count(f, "facts");
    assert_int_equal(assess_record(&f->env, &fm->in, "user:a1", &r, &err), -1);
    assert_string_equal(err.code, code);
    assert_string_equal(err.field, field);
    if (!strstr(err.msg, says)) fail_msg("message “%s” does not say “%s”", err.msg, says);
    assert_int_equal(count(f, "assessments"), 0);
    assert_int_equal(count(f, "facts"), before);
}

static void bad_input_refused(void **state)
{
    struct fixture *f = *state;
    struct form fm;
    int s[26];
    memcpy(s, FULL, sizeof s);
    s[0] = -1;
    form_of(f, &fm, f->old_id, s, "a2", "首次");
    refused(f, &fm, "missing_item", "eating", "缺少评估项目“进食”");
    memcpy(s, FULL, sizeof s);
    s[11] = 4;
    form_of(f, &fm, f->old_id, s, "a2", "首次");
    refused(f, &fm, "score_out_of_range", "stairs", "“上下楼梯”的评分 4 超出范围（0–3 分）");
    form_of(f, &fm, f->old_id, FULL, "a1", "首次");
    refused(f, &fm, "one_assessor", "assessor2", "两名不同的评估员");
    form_of(f, &fm, f->old_id, FULL, "aud", "首次");
    refused(f, &fm, "unknown_assessor", "assessor2", "不是在用的工作人员账户");
    form_of(f, &fm, f->old_id, FULL, "a2", "年检");
    refused(f, &fm, "invalid_reason", "reason", "首次、常规、即时 或 复评");
    form_of(f, &fm, f->young_id, FULL, "a2", "首次");
    refused(f, &fm, "not_elderly", "person", "未满 60 周岁");
    form_of(f, &fm, f->dead_id, FULL, "a2", "首次");
    refused(f, &fm, "person_dead", "person", "已于 2025-03-01 死亡");
    form_of(f, &fm, f->old_id, FULL, "a2", "首次");
    fm.in.assessed_on = "2025-08-01"; /* after today (2025-07-15) */
    refused(f, &fm, "invalid_value", "assessed_on", "评估日期");
}

static void recorded_as_dated_fact(void **state)
{
    struct fixture *f = *state;
    struct form fm;
    int s[26];
    scores_of(40, s);
    form_of(f, &fm, f->old_id, s, "a2", "首次");
    struct assess_value extra = {"psychiatric", "是"};
    fm.v[fm.in.nvalues++] = extra;
    struct assessment_row r;
    struct mz_err err = {0};
    if (assess_record(&f->env, &fm.in, "user:a1", &r, &err) < 0) fail_msg("%s", err.msg);
    assert_int_equal(r.total, 40);
    assert_string_equal(r.preliminary, "重度失能");
    assert_string_equal(r.final_level, "完全失能");
    assert_non_null(strstr(r.reasons, "痴呆"));
    assert_string_equal(r.next_due, "2026-07-01");
    assert_int_equal(assess_stored_value(r.scores, "stairs"), 0);
    assert_int_equal(assess_stored_value(r.scores, "social"), 4);
    assert_int_equal(assess_stored_value(r.conditions, "psychiatric"), 1);
    char v[32];
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", f->old_id, "ability_level",
                                  date_parse("2025-07-01"), NULL, v, sizeof v, &err),
                     1);
    assert_string_equal(v, "完全失能");
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", f->old_id, "ability_level",
                                  date_parse("2025-06-30"), NULL, v, sizeof v, &err),
                     0);
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", f->old_id, "ability_reassess_due",
                                  date_parse("2025-07-01"), NULL, v, sizeof v, &err),
                     1);
    assert_string_equal(v, "2026-07-01");
}

/* A 特困 person (over 60, no supporter, no income) fully disabled and in
 * 机构集中护理 under LTC: LTC pays the institutional care (60 元 × 30),
 * the 特困 care allowance for the same care (全失能 500 元) is not paid
 * again — only the basic living standard (1001 元). */
static void tekun_in_institution_not_paid_twice(void **state)
{
    struct fixture *f = *state;
    fact(f, f->old, "has_supporter", "否");
    struct form fm;
    int s[26];
    scores_of(20, s);
    form_of(f, &fm, f->old_id, s, "a2", "首次");
    struct assessment_row r;
    struct mz_err err = {0};
    if (assess_record(&f->env, &fm.in, "user:a1", &r, &err) < 0) fail_msg("%s", err.msg);
    struct ltc_status st;
    if (ltc_status(f->reg, f->set, f->old_id, date_parse("2025-07-15"), &st, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(st.level, "完全失能");
    assert_int_equal(st.monthly, 0); /* not insured yet */
    assert_true(st.tekun);
    assert_int_equal(st.tekun_amount, 150100); /* 1001 + 500 全失能 */
    fact(f, f->old, "ltc_insured", "是");
    fact(f, f->old, "ltc_mode", "机构集中护理");
    if (ltc_status(f->reg, f->set, f->old_id, date_parse("2025-07-15"), &st, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(st.insured);
    assert_string_equal(st.mode, "机构集中护理");
    assert_int_equal(st.daily_rate, 6000);
    assert_int_equal(st.monthly, 180000);
    assert_true(st.tekun);
    assert_int_equal(st.tekun_amount, 100100); /* the basic living standard only */
}

/* The daily rates by level and care mode, dated: 中度 only from 2024-03-01
 * and only where a rate can be cited; nothing without the 医保 status. */
static void ltc_rates(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *level, *mode, *day;
        int64_t daily, monthly;
    } cases[] = {
        {"重度失能", "居家组合护理", "2025-07-15", 5000, 150000},
        {"完全失能", "机构居家护理", "2025-07-15", 6000, 180000},
        {"重度失能", "机构集中护理", "2025-07-15", 6000, 180000},
        {"中度失能", "居家组合护理", "2025-07-15", 2000, 60000},
        {"中度失能", "居家组合护理", "2024-02-29", 0, 0},
        {"中度失能", "机构集中护理", "2025-07-15", 0, 0}, /* not found: not paid */
        {"轻度失能", "居家组合护理", "2025-07-15", 0, 0},
    };
    fact_on(f, f->old, "ltc_insured", "是", "2023-01-01");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char eff[16];
        snprintf(eff, sizeof eff, "2023-01-%02d", (int)k + 2); /* each newer than the last */
        fact_on(f, f->old, "ability_level", cases[k].level, eff);
        fact_on(f, f->old, "ltc_mode", cases[k].mode, eff);
        struct ltc_status st;
        struct mz_err err = {0};
        if (ltc_status(f->reg, f->set, f->old_id, date_parse(cases[k].day), &st, &err) < 0)
            fail_msg("%s", err.msg);
        assert_string_equal(st.level, cases[k].level);
        assert_int_equal(st.daily_rate, cases[k].daily);
        assert_int_equal(st.monthly, cases[k].monthly);
    }
    fact_on(f, f->old, "ltc_insured", "否", "2023-02-01");
    struct ltc_status st;
    struct mz_err err = {0};
    assert_int_equal(ltc_status(f->reg, f->set, f->old_id, date_parse("2025-07-15"), &st, &err), 0);
    assert_false(st.insured);
    assert_int_equal(st.monthly, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(scored_to_each_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(each_adjustment, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_input_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(recorded_as_dated_fact, setup, teardown),
        cmocka_unit_test_setup_teardown(tekun_in_institution_not_paid_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(ltc_rates, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
