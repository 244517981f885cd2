/* 婚姻登记 on hand-made households and parties from other provinces: a
 * legal marriage across provinces registered in Chongqing with its J
 * number; each illegal one refused naming its rule and article — under
 * age on the day (a day later it is legal), already married (by the
 * archive and by the registry's status), 直系血亲 and 三代以内旁系血亲 from
 * recorded relations (while a great-uncle and his grandniece may marry);
 * certificate numbers distinct and gapless per office and year when two
 * offices register at once from two connections; a divorce whose
 * cooling-off period ends in the 国庆 holiday (data/holidays-cn.csv),
 * refused before its window, registered in it, another withdrawn, another
 * lapsed; counselling recorded; replacements; the 户口 move joined with
 * 公安 ending with the mover in the registry; appointments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "marriage/marriage.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "registry/kin.h"
#include "store/marriagestore.h"
#include "store/regstore.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct marriage_env env;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

/* A valid ID number from its first 17 digits (into out, 19 bytes). */
static const char *idn(const char *first17, char out[19])
{
    snprintf(out, 19, "%.17s%c", first17, idcard_check_char(first17));
    return out;
}

static void person(struct fixture *f, const char *hh, const char *id, const char *name,
                   const char *relation)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_person_in p = {.id_number = id, .name = name, .hukou = "城镇",
                              .division = "500103001003", .household_no = hh,
                              .relation = relation};
    if (reg_person_put(f->reg, &p, D("2020-01-01"), &res, &err) < 0) fail_msg("%s", err.msg);
}

static int64_t pid(struct fixture *f, const char *id)
{
    int64_t p = 0;
    struct mz_err err = {0};
    assert_int_equal(reg_person_find(f->reg, id, &p, &err), 1);
    return p;
}

/* Households of Chongqing: K1 a father with his daughter, his son and his
 * sister (兄弟姐妹); K2 a grandfather with two grandchildren (cousins) and
 * his sister; K3 the sister's grandson with his mother, whose parent link
 * to the sister is recorded (出生医学证明); L1, L2 two young adults. */
static char K_FATHER[19], K_DAUGHTER[19], K_SON[19], K_AUNT[19], G_HEAD[19], G_BOY[19],
    G_GIRL[19], G_SISTER_GRANDSON[19], LOCAL_MAN[19], LOCAL_WOMAN[19];

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    reg_set_actor(f->reg, "test");
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal, &err) < 0)
        fail_msg("%s", err.msg);
    f->env = (struct marriage_env){f->reg, f->set, f->cal, NULL};
    enum put_result res;
    const char *hhs[] = {"K1", "K2", "K3", "L1", "L2"};
    for (int i = 0; i < 5; i++) {
        struct reg_household_in h = {hhs[i], "500103001003", "解放碑路1号", "城镇"};
        assert_int_equal(reg_household_put(f->reg, &h, D("2020-01-01"), &res, &err), 0);
    }
    idn("50010319700101001", K_FATHER);
    idn("50010319980202002", K_DAUGHTER);
    idn("50010319960303001", K_SON);
    idn("50010319750404002", K_AUNT); /* the father's sister */
    person(f, "K1", K_FATHER, "赵父", "户主");
    person(f, "K1", K_DAUGHTER, "赵女", "子女");
    person(f, "K1", K_SON, "赵子", "子女");
    person(f, "K1", K_AUNT, "赵姑", "兄弟姐妹");
    idn("50010319450505001", G_HEAD);
    idn("50010320000606001", G_BOY);
    idn("50010320010707002", G_GIRL);
    person(f, "K2", G_HEAD, "钱爷", "户主");
    person(f, "K2", G_BOY, "钱孙", "孙子女");
    person(f, "K2", G_GIRL, "钱孙女", "孙子女");
    char sister[19];
    idn("50010319480808002", sister);
    person(f, "K2", sister, "钱妹", "兄弟姐妹");
    idn("50010320020909001", G_SISTER_GRANDSON);
    person(f, "K3", G_SISTER_GRANDSON, "孙甥孙", "户主");
    /* 钱妹 is the mother of the K3 head's mother: a recorded parent link */
    char mother[19];
    idn("50010319720110002", mother);
    person(f, "K3", mother, "孙母", "父母");
    bool added;
    if (reg_parent_add(f->reg, pid(f, mother), pid(f, sister), "出生医学证明", &added, &err) < 0)
        fail_msg("%s", err.msg);
    idn("50010319950101001", LOCAL_MAN);
    idn("50010319970202002", LOCAL_WOMAN);
    person(f, "L1", LOCAL_MAN, "孙男", "户主");
    person(f, "L2", LOCAL_WOMAN, "李女", "户主");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    pol_set_free(f->set);
    cal_free(f->cal);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

/* Registers a and b (names na, nb) at office on day; returns the result's
 * rc, fills out and err. */
static int marry(struct fixture *f, const char *office, const char *day, const char *a,
                 const char *na, const char *b, const char *nb, struct mar_registered *out,
                 struct mz_err *err)
{
    struct mar_register_in in = {.office = office, .day = D(day),
                                 .a = {a, na, true, true, true}, .b = {b, nb, true, true, true},
                                 .actor = "user:clerk"};
    memset(err, 0, sizeof *err);
    return mar_register(&f->env, &in, out, err);
}

static void legal_marriage_across_provinces(void **state)
{
    struct fixture *f = *state;
    char man[19], woman[19];
    idn("11010519900101001", man);   /* 北京 */
    idn("44052419920202002", woman); /* 广东 */
    struct mar_registered out;
    struct mz_err err;
    if (marry(f, "500103", "2025-06-16", woman, "陈女", man, "王男", &out, &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(out.cert_no, "J500103-2025-000001");
    struct marriage_row m;
    assert_int_equal(ms_marriage_get(reg_db(f->reg), out.marriage_id, &m, &err), 1);
    assert_string_equal(m.man_name, "王男");
    assert_string_equal(m.woman_name, "陈女");
    assert_memory_equal(m.man_masked, "110105********", 14);
    assert_string_equal(m.state, "married");
    struct mar_status_info s;
    assert_int_equal(mar_status_of(&f->env, man, D("2025-06-16"), &s, &err), 0);
    assert_int_equal(s.status, MAR_MARRIED);
    assert_int_equal(mar_status_of(&f->env, man, D("2025-06-15"), &s, &err), 0);
    assert_int_equal(s.status, MAR_UNKNOWN);
    /* a second marriage of the man is bigamy */
    char other[19];
    idn("31010419930303004", other);
    assert_int_equal(marry(f, "500105", "2025-07-01", man, "王男", other, "沪女", &out, &err), -1);
    assert_string_equal(err.code, "already_married");
    assert_non_null(strstr(err.msg, "第一千零四十二条"));
    assert_non_null(strstr(err.msg, "第九条第（三）项"));
    assert_non_null(strstr(err.msg, "J500103-2025-000001"));
    assert_true(out.refusal_id > 0);
}

static int take_refusal(void *ctx, const struct refusal_row *row)
{
    *(struct refusal_row *)ctx = *row;
    return 1;
}

static void under_age_on_the_day(void **state)
{
    struct fixture *f = *state;
    char man[19], woman[19];
    idn("51010720030615001", man); /* 22 on 2025-06-15 */
    idn("51010720010101002", woman);
    struct mar_registered out;
    struct mz_err err;
    assert_int_equal(marry(f, "500103", "2025-06-14", man, "张男", woman, "刘女", &out, &err), -1);
    assert_string_equal(err.code, "under_age");
    assert_non_null(strstr(err.msg, "第一千零四十七条"));
    assert_non_null(strstr(err.msg, "第一千零五十一条"));
    assert_non_null(strstr(err.msg, "第九条第（一）项"));
    assert_non_null(strstr(err.msg, "2025-06-15 年满"));
    /* the refusal is kept with its rule and article */
    struct refusal_row r;
    int64_t total;
    assert_int_equal(ms_refusal_list(reg_db(f->reg), NULL, 0, "marriage", 1, 10, take_refusal, &r,
                                     &total, &err),
                     1);
    assert_int_equal(total, 1);
    assert_string_equal(r.rule, "under_age");
    assert_non_null(strstr(r.article, "《民法典》第一千零四十七条"));
    /* the woman, 19 */
    char young[19];
    idn("51010720060101002", young);
    assert_int_equal(marry(f, "500103", "2025-06-15", man, "张男", young, "小刘", &out, &err), -1);
    assert_string_equal(err.code, "under_age");
    assert_non_null(strstr(err.msg, "未满20周岁"));
    /* a day later he is 22 */
    if (marry(f, "500103", "2025-06-15", man, "张男", woman, "刘女", &out, &err) < 0)
        fail_msg("%s", err.msg);
}

static void prohibited_kinship_from_recorded_relations(void **state)
{
    struct fixture *f = *state;
    struct mar_registered out;
    struct mz_err err;
    /* 直系血亲: a father and his daughter in one household (户主, 子女) */
    assert_int_equal(marry(f, "500103", "2025-08-01", K_FATHER, "赵父", K_DAUGHTER, "赵女", &out,
                           &err),
                     -1);
    assert_string_equal(err.code, "prohibited_kinship");
    assert_non_null(strstr(err.msg, "直系血亲"));
    assert_non_null(strstr(err.msg, "第一千零四十八条"));
    assert_non_null(strstr(err.msg, "第九条第（四）项"));
    assert_non_null(strstr(err.msg, "户 K1"));
    /* 三代以内旁系血亲: a son and his aunt (the head's 兄弟姐妹) */
    assert_int_equal(marry(f, "500103", "2025-08-01", K_SON, "赵子", K_AUNT, "赵姑", &out, &err), -1);
    assert_string_equal(err.code, "prohibited_kinship");
    assert_non_null(strstr(err.msg, "三代以内旁系血亲"));
    assert_non_null(strstr(err.msg, "伯叔姑舅姨"));
    /* cousins: two grandchildren of one head */
    assert_int_equal(marry(f, "500103", "2025-08-01", G_BOY, "钱孙", G_GIRL, "钱孙女", &out, &err),
                     -1);
    assert_string_equal(err.code, "prohibited_kinship");
    assert_non_null(strstr(err.msg, "堂兄弟姐妹或表兄弟姐妹"));
    /* the lineal relation through a recorded parent link, across households:
     * 钱妹 is the grandmother of 孙甥孙 */
    struct reg_kin k;
    char sister[19];
    idn("50010319480808002", sister);
    assert_int_equal(reg_kinship(f->reg, pid(f, G_SISTER_GRANDSON), pid(f, sister), &k, &err), 0);
    assert_int_equal(k.kind, REG_KIN_LINEAL);
    assert_int_equal(k.up_a, 2);
    assert_non_null(strstr(k.evidence, "出生医学证明"));
    /* 钱孙女 and 孙甥孙: her grandfather's sister is his grandmother — four
     * generations from him to their common ancestor: they may marry */
    assert_int_equal(reg_kinship(f->reg, pid(f, G_GIRL), pid(f, G_SISTER_GRANDSON), &k, &err), 0);
    assert_int_equal(k.kind, REG_KIN_NONE);
    if (marry(f, "500103", "2025-08-01", G_SISTER_GRANDSON, "孙甥孙", G_GIRL, "钱孙女", &out, &err) < 0)
        fail_msg("%s", err.msg);
    /* a parent link that would make someone their own ancestor is refused */
    bool added;
    assert_int_equal(reg_parent_add(f->reg, pid(f, K_FATHER), pid(f, K_DAUGHTER), "测试", &added,
                                    &err),
                     -1);
}

static void other_refusals_and_input(void **state)
{
    struct fixture *f = *state;
    struct mar_registered out;
    struct mz_err err;
    /* the registry's status: 已婚 from 公安 */
    enum put_result res;
    struct reg_fact_in in = {LOCAL_MAN, NULL, "marital_status", "已婚", "2019-05-01", "公安"};
    assert_int_equal(reg_fact_put(f->reg, &in, &res, &err), 0);
    assert_int_equal(marry(f, "500103", "2025-08-01", LOCAL_MAN, "孙男", LOCAL_WOMAN, "李女", &out,
                           &err),
                     -1);
    assert_string_equal(err.code, "already_married");
    assert_non_null(strstr(err.msg, "登记库：婚姻状况“已婚”"));
    /* a name that is not the registry's */
    assert_int_equal(marry(f, "500103", "2025-08-01", LOCAL_WOMAN, "李四", K_SON, "赵子", &out, &err),
                     -1);
    assert_string_equal(err.code, "identity");
    assert_non_null(strstr(err.msg, "第十条"));
    /* not voluntary, no declaration */
    char a[19], b[19];
    idn("11010519900101001", a);
    idn("44052419920202002", b);
    struct mar_register_in r = {.office = "500103", .day = D("2025-08-01"),
                                .a = {a, "王男", false, false, false},
                                .b = {b, "陈女", true, true, false}, .actor = "user:clerk"};
    assert_int_equal(mar_register(&f->env, &r, &out, &err), -1);
    assert_string_equal(err.code, "not_voluntary");
    assert_non_null(strstr(err.msg, "第一千零四十六条"));
    assert_non_null(strstr(err.msg, "第八条第一款第（二）项"));
    /* the same sex */
    idn("44052419950202002", a);
    assert_int_equal(marry(f, "500103", "2025-08-01", a, "甲", b, "陈女", &out, &err), -1);
    assert_string_equal(err.code, "same_sex");
    /* bad input names its field, nothing recorded */
    assert_int_equal(marry(f, "500103", "2025-08-01", "11010519900101001X", "王", b, "陈女", &out,
                           &err),
                     -1);
    assert_string_equal(err.field, "a_id");
    assert_int_equal(marry(f, "5001", "2025-08-01", a, "王", b, "陈女", &out, &err), -1);
    assert_string_equal(err.field, "office");
    assert_int_equal(marry(f, "500103", "2099-01-01", a, "王", b, "陈女", &out, &err), -1);
    assert_string_equal(err.field, "date");
}

/* ---- numbers under concurrency ---- */

struct worker {
    const char *db, *office;
    int base, n, failures;
    struct pol_set *set;
    struct cal *cal;
};

static void *register_many(void *arg)
{
    struct worker *w = arg;
    struct registry *r;
    struct mz_err err = {0};
    if (reg_open(w->db, NULL, &r, &err) < 0) {
        w->failures = w->n;
        return NULL;
    }
    reg_set_actor(r, "test");
    struct marriage_env env = {r, w->set, w->cal, NULL};
    for (int i = 0; i < w->n; i++) {
        char m17[32], f17[32], man[19], woman[19];
        unsigned k = (unsigned)(w->base + i) % 400;
        snprintf(m17, sizeof m17, "4101021990%02u%02u%03u", 1 + k % 12, 1 + k % 28, 1 + 2 * k);
        snprintf(f17, sizeof f17, "4201021992%02u%02u%03u", 1 + k % 12, 1 + k % 28, 2 + 2 * k);
        struct mar_register_in in = {.office = w->office, .day = D("2026-03-02"),
                                     .a = {idn(m17, man), "甲", true, true, true},
                                     .b = {idn(f17, woman), "乙", true, true, true},
                                     .actor = "user:clerk"};
        struct mar_registered out;
        memset(&err, 0, sizeof err);
        if (mar_register(&env, &in, &out, &err) < 0)
            w->failures++;
    }
    reg_close(r);
    return NULL;
}

static void numbers_distinct_and_gapless_under_concurrency(void **state)
{
    struct fixture *f = *state;
    struct worker w[4] = {{f->db, "500103", 0, 12, 0, f->set, f->cal},
                          {f->db, "500103", 100, 12, 0, f->set, f->cal},
                          {f->db, "500105", 200, 12, 0, f->set, f->cal},
                          {f->db, "500105", 300, 12, 0, f->set, f->cal}};
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, register_many, &w[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    struct mz_err err = {0};
    for (int o = 0; o < 2; o++) {
        const char *office = o ? "500105" : "500103";
        for (int seq = 1; seq <= 24; seq++) {
            char number[32];
            mar_cert_format("J", office, 2026, seq, number);
            struct cert_row c;
            assert_int_equal(ms_cert_get(reg_db(f->reg), number, &c, &err), 1);
        }
        char next[32];
        mar_cert_format("J", office, 2026, 25, next);
        struct cert_row c;
        assert_int_equal(ms_cert_get(reg_db(f->reg), next, &c, &err), 0);
        int seq;
        assert_int_equal(ms_cert_next(reg_db(f->reg), "J", office, 2026, &seq, &err), 0);
        assert_int_equal(seq, 25);
    }
}

/* ---- divorce ---- */

static int64_t married_couple(struct fixture *f, const char *m17, const char *f17, const char *day,
                              char cert[32], char man[19], char woman[19])
{
    struct mar_registered out;
    struct mz_err err;
    idn(m17, man);
    idn(f17, woman);
    if (marry(f, "500103", day, man, "夫", woman, "妻", &out, &err) < 0) fail_msg("%s", err.msg);
    snprintf(cert, 32, "%s", out.cert_no);
    return out.marriage_id;
}

static void divorce_timeline_over_the_national_holiday(void **state)
{
    struct fixture *f = *state;
    char cert[32], man[19], woman[19], no[32];
    married_couple(f, "12010119880101003", "13010119890202004", "2020-05-20", cert, man, woman);
    struct mz_err err = {0};
    struct div_timeline t;
    assert_int_equal(div_timeline(&f->env, "500103", D("2025-09-01"), &t, &err), 0);
    /* 30 days from 09-02 end on 10-01, in the 国庆 holiday (10-01 to 10-08):
     * the last day is the day after the holiday */
    assert_int_equal(t.cooling_last, D("2025-10-09"));
    assert_int_equal(t.appear_first, D("2025-10-10"));
    /* 30 days from 10-10 end on Saturday 11-08: Monday 11-10 */
    assert_int_equal(t.appear_last, D("2025-11-10"));
    assert_false(t.provisional);
    /* the application */
    struct div_apply_in in = {"500103", D("2025-09-01"), cert, woman, man, "子女由女方抚养；房产归男方；无共同债务", true,
                              "user:clerk"};
    int64_t id;
    struct mar_registered refusal;
    if (div_apply(&f->env, &in, &id, &refusal, &err) < 0) fail_msg("%s", err.msg);
    struct divorce_row d;
    assert_int_equal(ms_divorce_get(reg_db(f->reg), id, &d, &err), 1);
    assert_string_equal(d.cooling_ends, "2025-10-09");
    assert_string_equal(d.appear_from, "2025-10-10");
    assert_string_equal(d.appear_by, "2025-11-10");
    assert_string_equal(div_phase(d.state, d.cooling_ends, d.appear_by, D("2025-10-09")), "cooling");
    assert_string_equal(div_phase(d.state, d.cooling_ends, d.appear_by, D("2025-10-10")), "awaiting");
    /* a second application meanwhile is a conflict */
    assert_int_equal(div_apply(&f->env, &in, &id, &refusal, &err), -1);
    assert_string_equal(err.code, "divorce_pending");
    /* counselling during the cooling-off period */
    int64_t cid;
    if (div_counsel(&f->env, d.id, D("2025-09-15"), "held", "王辅导师", "双方同意再考虑", "user:clerk",
                    &cid, &err) < 0)
        fail_msg("%s", err.msg);
    /* the last day of the cooling-off period: too early */
    assert_int_equal(div_register(&f->env, d.id, "500103", D("2025-10-09"), man, woman, "user:clerk",
                                  no, &refusal, &err),
                     -1);
    assert_string_equal(err.code, "cooling_off");
    assert_non_null(strstr(err.msg, "第一千零七十七条第一款"));
    /* another office */
    assert_int_equal(div_register(&f->env, d.id, "500105", D("2025-10-10"), man, woman, "user:clerk",
                                  no, &refusal, &err),
                     -1);
    assert_string_equal(err.code, "other_office");
    assert_non_null(strstr(err.msg, "第十六条第一款"));
    /* the last day of the window, extended over the weekend */
    if (div_register(&f->env, d.id, "500103", D("2025-11-10"), woman, man, "user:clerk", no, &refusal,
                     &err) < 0)
        fail_msg("%s", err.msg);
    assert_string_equal(no, "L500103-2025-000001");
    struct mar_status_info s;
    assert_int_equal(mar_status_of(&f->env, man, D("2025-11-10"), &s, &err), 0);
    assert_int_equal(s.status, MAR_DIVORCED);
    /* a couple that does not come back in time: lapsed */
    married_couple(f, "12010119880303005", "13010119890404006", "2021-05-20", cert, man, woman);
    struct div_apply_in in2 = {"500103", D("2025-09-01"), cert, man, woman, "协议", true, "user:clerk"};
    if (div_apply(&f->env, &in2, &id, &refusal, &err) < 0) fail_msg("%s", err.msg);
    assert_int_equal(div_register(&f->env, id, "500103", D("2025-11-11"), man, woman, "user:clerk",
                                  no, &refusal, &err),
                     -1);
    assert_string_equal(err.code, "lapsed");
    assert_non_null(strstr(err.msg, "视为撤回"));
    assert_int_equal(ms_divorce_get(reg_db(f->reg), id, &d, &err), 1);
    assert_string_equal(d.state, "lapsed");
    /* withdrawn within the cooling-off period; not after it */
    if (div_apply(&f->env, &in2, &id, &refusal, &err) < 0) fail_msg("%s", err.msg);
    assert_int_equal(div_withdraw(&f->env, id, woman, D("2025-12-20"), "user:clerk", &err), -1);
    assert_string_equal(err.code, "cooling_over");
    if (div_withdraw(&f->env, id, woman, D("2025-09-10"), "user:clerk", &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(ms_divorce_get(reg_db(f->reg), id, &d, &err), 1);
    assert_string_equal(d.state, "withdrawn");
    assert_int_equal(d.withdrawn_by, 2);
    /* refusals to receive: no agreement, not the parties */
    struct div_apply_in bad = {"500103", D("2025-09-01"), cert, man, K_SON, "", true, "user:clerk"};
    assert_int_equal(div_apply(&f->env, &bad, &id, &refusal, &err), -1);
    assert_string_equal(err.code, "not_parties");
    assert_non_null(strstr(err.msg, "第十四条第（一）项"));
    bad.cert_no = "J500103-1999-000001";
    assert_int_equal(div_apply(&f->env, &bad, &id, &refusal, &err), -1);
    assert_string_equal(err.code, "no_marriage");
}

static void replacement_certificates(void **state)
{
    struct fixture *f = *state;
    char cert[32], man[19], woman[19], no[32];
    married_couple(f, "12010119880101003", "13010119890202004", "2020-05-20", cert, man, woman);
    struct mar_replace_in in = {"500105", D("2025-03-03"), cert, woman, "user:clerk"};
    struct mar_registered refusal;
    struct mz_err err = {0};
    if (mar_replace(&f->env, &in, no, &refusal, &err) < 0) fail_msg("%s", err.msg);
    assert_string_equal(no, "BJ500105-2025-000001");
    struct cert_row c;
    assert_int_equal(ms_cert_get(reg_db(f->reg), no, &c, &err), 1);
    assert_string_equal(c.replaces, cert);
    assert_int_equal(c.holder_sex, 2);
    /* someone else */
    in.id_number = K_SON;
    assert_int_equal(mar_replace(&f->env, &in, no, &refusal, &err), -1);
    assert_string_equal(err.code, "not_a_party");
    assert_non_null(strstr(err.msg, "第二十一条"));
    /* no such certificate */
    in.cert_no = "J500103-2024-000999";
    assert_int_equal(mar_replace(&f->env, &in, no, &refusal, &err), -1);
    assert_string_equal(err.code, "no_record");
}

static void hukou_move_joined_with_gongan(void **state)
{
    struct fixture *f = *state;
    char man[19];
    idn("11010519930101007", man); /* 北京, not in the registry */
    struct mar_register_in in = {.office = "500103", .day = D("2026-11-02"),
                                 .a = {man, "京男", true, true, true},
                                 .b = {LOCAL_WOMAN, "李女", true, true, true},
                                 .hukou = MAR_HUKOU_MAN, .actor = "user:clerk"};
    struct mar_registered out;
    struct mz_err err = {0};
    if (mar_register(&f->env, &in, &out, &err) < 0) fail_msg("%s", err.msg);
    assert_true(out.hukou_id > 0);
    struct hukou_row k;
    assert_int_equal(ms_hukou_get(reg_db(f->reg), out.hukou_id, &k, &err), 1);
    assert_string_equal(k.state, "queued");
    assert_string_equal(k.hh_no, "L2");
    assert_string_equal(k.due, "2026-11-16"); /* 10 working days */
    char *json;
    assert_int_equal(hukou_message(&f->env, k.id, &json, &err), 0);
    assert_non_null(strstr(json, man));
    assert_non_null(strstr(json, "\"relation\":\"配偶\""));
    mz_free(json);
    assert_int_equal(hukou_step(&f->env, k.id, "done", NULL, D("2026-11-03"), "user:clerk", &err), -1);
    assert_string_equal(err.code, "bad_state");
    assert_int_equal(hukou_step(&f->env, k.id, "send", NULL, D("2026-11-03"), "user:clerk", &err), 0);
    assert_int_equal(hukou_step(&f->env, k.id, "done", NULL, D("2026-11-10"), "user:clerk", &err), 0);
    int64_t p = pid(f, man), hh = 0;
    char rel[32];
    mz_date from;
    assert_int_equal(rs_membership_current(reg_db(f->reg), p, &hh, rel, &from, &err), 1);
    assert_string_equal(rel, "配偶");
    struct household_row h;
    assert_int_equal(rs_household_by_no(reg_db(f->reg), "L2", &h, &err), 1);
    assert_int_equal(hh, h.id);
    /* the registry now knows him married */
    struct mar_status_info s;
    assert_int_equal(mar_status_of(&f->env, man, D("2026-11-10"), &s, &err), 0);
    assert_int_equal(s.status, MAR_MARRIED);
}

static void appointments_by_slot(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    /* the next Monday that is a working day */
    mz_date day = date_today() + 1;
    bool working = false;
    while (cal_is_working_day(f->cal, day, &working, &err) == 0 && !working)
        day++;
    int64_t id;
    for (int i = 0; i < 6; i++) {
        struct mar_appoint_in in = {"500103", day, "09:00", "marriage", "甲、乙", "user:clerk"};
        if (mar_appoint(&f->env, &in, &id, &err) < 0) fail_msg("%s", err.msg);
    }
    struct mar_appoint_in full = {"500103", day, "09:00", "marriage", "丙、丁", "user:clerk"};
    assert_int_equal(mar_appoint(&f->env, &full, &id, &err), -1);
    assert_string_equal(err.code, "no_capacity");
    assert_int_equal(mar_appointment_cancel(&f->env, id, "user:clerk", &err), 0);
    assert_int_equal(mar_appoint(&f->env, &full, &id, &err), 0);
    /* a Sunday */
    mz_date sunday = day;
    while (date_weekday(sunday) != 7)
        sunday++;
    bool w2;
    if (cal_is_working_day(f->cal, sunday, &w2, &err) == 0 && !w2) {
        struct mar_appoint_in rest = {"500103", sunday, "09:00", "marriage", "丙、丁", "user:clerk"};
        assert_int_equal(mar_appoint(&f->env, &rest, &id, &err), -1);
        assert_string_equal(err.field, "day");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(legal_marriage_across_provinces, setup, teardown),
        cmocka_unit_test_setup_teardown(under_age_on_the_day, setup, teardown),
        cmocka_unit_test_setup_teardown(prohibited_kinship_from_recorded_relations, setup, teardown),
        cmocka_unit_test_setup_teardown(other_refusals_and_input, setup, teardown),
        cmocka_unit_test_setup_teardown(numbers_distinct_and_gapless_under_concurrency, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(divorce_timeline_over_the_national_holiday, setup, teardown),
        cmocka_unit_test_setup_teardown(replacement_certificates, setup, teardown),
        cmocka_unit_test_setup_teardown(hukou_move_joined_with_gongan, setup, teardown),
        cmocka_unit_test_setup_teardown(appointments_by_slot, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
