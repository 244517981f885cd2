/* 殡葬 on hand-made households: a death reported by the 公安 feed cascades
 * once — an elder living alone with 低保 and a disability subsidy, an open
 * 特困 application and a home-service order: both benefits stopped after
 * the month of death, the case closed, the order cancelled, the 身后一件事
 * summary kept; the medical certificate reported after it changes nothing
 * but is kept. A husband's death: his own benefit stops, the household's
 * 低保 goes on and is re-checked, his household application passes to his
 * widow, the marriage ends (丧偶). A death recorded without the hook is
 * cascaded by the sweep, once. Cremation at listed fees with the basic
 * services waived by the policy, eco burial rewarded; unlisted fees,
 * lapsed licences, full cemeteries and the living refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cases/calendar.h"
#include "cases/case.h"
#include "funeral/funeral.h"
#include "marriage/marriage.h"
#include "monitor/monitor.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "registry/idcard.h"
#include "store/funeralstore.h"
#include "store/marriagestore.h"
#include "store/orderstore.h"
#include "store/paystore.h"
#include "store/providerstore.h"
#include "store/regstore.h"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct funeral_env env;
    struct fun_hook hook;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

#define ALONE "500103194001010018"   /* 86, lives alone */
#define HUSBAND "50010319500202001X" /* 76 */
#define WIFE "50010319520303002X"

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

static int64_t enrol(struct fixture *f, const char *program, const char *hh, const char *id)
{
    struct mz_err err = {0};
    pay_month from;
    assert_int_equal(pay_month_parse("2026-01", &from, &err), 0);
    struct pay_enrol_in in = {program, hh, id, from, "manual", "test"};
    int64_t eid;
    bool added;
    if (pay_enrol(f->reg, f->set, &in, &eid, &added, &err) < 0) fail_msg("%s", err.msg);
    return eid;
}

static int64_t open_case(struct fixture *f, const char *type, const char *hh, const char *applicant)
{
    struct case_env env = {f->reg, f->cal, f->set};
    struct case_open_in in = {type, hh, applicant, false, "street:zhang", NULL, D("2026-02-02")};
    int64_t id;
    struct mz_err err = {0};
    if (case_open(&env, &in, &id, &err) < 0) fail_msg("%s", err.msg);
    struct case_step_in accept = {.action = "accept", .actor = "street:zhang", .day = D("2026-02-03")};
    if (case_step(&env, id, &accept, &err) < 0) fail_msg("%s", err.msg);
    return id;
}

static int64_t order(struct fixture *f, const char *id)
{
    struct mz_err err = {0};
    struct provider_row p = {.lon = 106.56, .lat = 29.56, .capacity = 10, .slot_capacity = 3};
    snprintf(p.code, sizeof p.code, "ZD-%.6s", id + 12);
    snprintf(p.name, sizeof p.name, "华一坡社区养老服务站");
    snprintf(p.kind, sizeof p.kind, "station");
    snprintf(p.division, sizeof p.division, "500103001003");
    if (pvs_provider_insert(reg_db(f->reg), &p, &err) < 0) fail_msg("%s", err.msg);
    int64_t hh = 0;
    char rel[32];
    mz_date from;
    assert_int_equal(rs_membership_current(reg_db(f->reg), pid(f, id), &hh, rel, &from, &err), 1);
    struct order_row o = {.person_id = pid(f, id), .household_id = hh, .provider_id = p.id,
                          .price = 6000};
    snprintf(o.division, sizeof o.division, "500103001003");
    snprintf(o.service, sizeof o.service, "助浴");
    snprintf(o.slot, sizeof o.slot, "2026-12-10T09");
    snprintf(o.orderer, sizeof o.orderer, "caseworker");
    snprintf(o.orderer_name, sizeof o.orderer_name, "张社工");
    snprintf(o.ordered_by, sizeof o.ordered_by, "user:zhang");
    snprintf(o.located, sizeof o.located, "derived");
    if (ors_order_insert(reg_db(f->reg), &o, &err) < 0) fail_msg("%s", err.msg);
    return o.id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    reg_set_actor(f->reg, "test");
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal, &err) < 0)
        fail_msg("%s", err.msg);
    f->env = (struct funeral_env){f->reg, f->set, f->cal};
    enum put_result res;
    const char *hhs[] = {"F1", "F2"};
    for (int i = 0; i < 2; i++) {
        struct reg_household_in h = {hhs[i], "500103001003", "解放碑路2号", "城镇"};
        assert_int_equal(reg_household_put(f->reg, &h, D("2020-01-01"), &res, &err), 0);
    }
    person(f, "F1", ALONE, "周大爷", "户主");
    person(f, "F2", HUSBAND, "吴大爷", "户主");
    person(f, "F2", WIFE, "郑大妈", "配偶");
    struct reg_fact_in grade = {ALONE, NULL, "disability_grade", "1", "2020-01-01", "残联"};
    assert_int_equal(reg_fact_put(f->reg, &grade, &res, &err), 0);
    grade.id_number = HUSBAND;
    assert_int_equal(reg_fact_put(f->reg, &grade, &res, &err), 0);
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

static void enrolment(struct fixture *f, int64_t id, struct enrol_row *e)
{
    struct mz_err err = {0};
    assert_int_equal(ps_enrol_get(reg_db(f->reg), id, e, &err), 1);
}

static int count_reports(void *ctx, const struct death_report_row *r)
{
    (void)r;
    ++*(int *)ctx;
    return 0;
}

static void death_from_the_feed_cascades_once(void **state)
{
    struct fixture *f = *state;
    int64_t dibao = enrol(f, "dibao", "F1", NULL);
    int64_t care = enrol(f, "disability_care", "F1", ALONE);
    int64_t kase = open_case(f, "tekun", "F1", ALONE);
    int64_t oid = order(f, ALONE);
    fun_hook_install(f->reg, &f->hook, f->set, f->cal);
    struct mz_err err = {0};
    struct feed_def *def = feed_def_find("feeds", "gongan", &err);
    assert_non_null(def);
    const char *rec = "{\"身份证号\":\"" ALONE "\",\"死亡证明编号\":\"GA-2026-001\",\"死亡日期\":\"2026-03-15\"}";
    struct mon_env menv = {f->reg, f->set, f->cal};
    struct feed_stats st = {0};
    reg_set_actor(f->reg, "feed:gongan");
    if (feed_ingest_json(&menv, def, rec, strlen(rec),
                         &(struct feed_run){"api:gongan", D("2026-03-16"), 10, NULL, NULL}, &st,
                         &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(st.applied, 1);
    /* every benefit stops after March */
    struct enrol_row e;
    enrolment(f, dibao, &e);
    assert_string_equal(e.end_month, "2026-03");
    enrolment(f, care, &e);
    assert_string_equal(e.end_month, "2026-03");
    /* the open application is closed, the order cancelled */
    struct case_env cenv = {f->reg, f->cal, f->set};
    struct case_row c;
    assert_int_equal(case_get(&cenv, kase, &c, &err), 1);
    assert_string_equal(c.state, "closed");
    struct order_row o;
    assert_int_equal(ors_order_get(reg_db(f->reg), oid, &o, &err), 1);
    assert_string_equal(o.state, "cancelled");
    /* the summary */
    struct death_row d;
    assert_int_equal(fs_death_get(reg_db(f->reg), pid(f, ALONE), &d, &err), 1);
    assert_string_equal(d.died_on, "2026-03-15");
    assert_string_equal(d.source, "feed:gongan");
    assert_non_null(strstr(d.summary, "\"benefit_stopped\""));
    assert_non_null(strstr(d.summary, "城乡居民最低生活保障"));
    assert_non_null(strstr(d.summary, "重度残疾人护理补贴"));
    assert_non_null(strstr(d.summary, "发放至 2026-03，自 2026-04 起停发"));
    assert_non_null(strstr(d.summary, "\"case_closed\""));
    assert_non_null(strstr(d.summary, "\"order_cancelled\""));
    assert_non_null(strstr(d.summary, "\"household_ended\""));
    assert_non_null(strstr(d.summary, "免除基本殡葬服务费用"));
    char before[FS_SUMMARY_MAX];
    snprintf(before, sizeof before, "%s", d.summary);
    /* the medical certificate, reported after: recorded, and nothing else */
    struct fun_death_in in = {ALONE, D("2026-03-15"), "medical", "YX-001", "市第一人民医院", "user:clerk"};
    int64_t p;
    struct fun_cascade_out out;
    if (fun_death_register(&f->env, &in, &p, &out, &err) < 0) fail_msg("%s", err.msg);
    assert_false(out.cascaded);
    assert_int_equal(fs_death_get(reg_db(f->reg), p, &d, &err), 1);
    assert_string_equal(d.summary, before);
    int n = 0;
    assert_int_equal(fs_reports_of(reg_db(f->reg), p, count_reports, &n, &err), 0);
    assert_int_equal(n, 2);
    /* the feed record again: unchanged */
    st = (struct feed_stats){0};
    if (feed_ingest_json(&menv, def, rec, strlen(rec),
                         &(struct feed_run){"api:gongan", D("2026-03-16"), 10, NULL, NULL}, &st,
                         &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(st.unchanged, 1);
    feed_def_free(def);
    /* one cascade in the audit log */
    int64_t cascades = 0;
    assert_int_equal(db_count_rows(reg_db(f->reg), "deaths", &cascades, &err), 0);
    assert_int_equal(cascades, 1);
}

static void husband_dies_household_goes_on(void **state)
{
    struct fixture *f = *state;
    struct marriage_env menv = {f->reg, f->set, f->cal, NULL};
    struct mar_archive_in arc = {"J500103-1975-000012", D("1975-05-01"), HUSBAND, "吴大爷", WIFE,
                                 "郑大妈", "test"};
    int64_t mid;
    struct mz_err err = {0};
    if (mar_archive_add(&menv, &arc, &mid, &err) < 0) fail_msg("%s", err.msg);
    int64_t dibao = enrol(f, "dibao", "F2", NULL);
    int64_t care = enrol(f, "disability_care", "F2", HUSBAND);
    int64_t kase = open_case(f, "dibao", "F2", HUSBAND);
    struct fun_death_in in = {HUSBAND, D("2026-03-20"), "medical", "YX-002", "家中", "user:clerk"};
    int64_t p;
    struct fun_cascade_out out;
    if (fun_death_register(&f->env, &in, &p, &out, &err) < 0) fail_msg("%s", err.msg);
    assert_true(out.cascaded);
    assert_int_equal(out.benefits_stopped, 1);
    assert_int_equal(out.cases_reassigned, 1);
    assert_true(out.marriage_ended);
    assert_true(out.recheck_opened);
    struct enrol_row e;
    enrolment(f, care, &e);
    assert_string_equal(e.end_month, "2026-03");
    enrolment(f, dibao, &e);
    assert_string_equal(e.end_month, "");
    struct case_env cenv = {f->reg, f->cal, f->set};
    struct case_row c;
    assert_int_equal(case_get(&cenv, kase, &c, &err), 1);
    assert_int_equal(c.applicant_id, pid(f, WIFE));
    assert_string_equal(c.state, "accepted");
    struct death_row d;
    assert_int_equal(fs_death_get(reg_db(f->reg), p, &d, &err), 1);
    assert_non_null(strstr(d.summary, "\"recheck\""));
    assert_non_null(strstr(d.summary, "须于 2026-06 底前复核"));
    assert_non_null(strstr(d.summary, "\"case_reassigned\""));
    assert_non_null(strstr(d.summary, "郑大妈"));
    assert_non_null(strstr(d.summary, "\"marriage_ended\""));
    assert_non_null(strstr(d.summary, "\"warning\""));
    struct marriage_row m;
    assert_int_equal(ms_marriage_get(reg_db(f->reg), mid, &m, &err), 1);
    assert_string_equal(m.state, "widowed");
    struct mar_status_info s;
    assert_int_equal(mar_status_of(&menv, WIFE, D("2026-03-21"), &s, &err), 0);
    assert_int_equal(s.status, MAR_WIDOWED);
    /* bad input */
    in.id_number = "500103199901010010";
    assert_int_equal(fun_death_register(&f->env, &in, &p, &out, &err), -1);
    in.id_number = WIFE;
    in.died = D("2099-01-01");
    assert_int_equal(fun_death_register(&f->env, &in, &p, &out, &err), -1);
    assert_string_equal(err.field, "died_on");
    in.died = D("2026-03-20");
    in.certificate_no = "";
    assert_int_equal(fun_death_register(&f->env, &in, &p, &out, &err), -1);
    assert_string_equal(err.field, "certificate_no");
}

static void sweep_takes_deaths_recorded_without_the_hook(void **state)
{
    struct fixture *f = *state;
    int64_t care = enrol(f, "disability_care", "F1", ALONE);
    struct mz_err err = {0};
    enum put_result res;
    struct reg_fact_in death = {ALONE, NULL, "death", "2026-05-04", "2026-05-04", "import"};
    assert_int_equal(reg_fact_put(f->reg, &death, &res, &err), 0);
    struct enrol_row e;
    enrolment(f, care, &e);
    assert_string_equal(e.end_month, "");
    int64_t n;
    if (fun_sweep(&f->env, "test", &n, &err) < 0) fail_msg("%s", err.msg);
    assert_int_equal(n, 1);
    enrolment(f, care, &e);
    assert_string_equal(e.end_month, "2026-05");
    assert_int_equal(fun_sweep(&f->env, "test", &n, &err), 0);
    assert_int_equal(n, 0);
}

static void cremation_waiver_and_eco_burial(void **state)
{
    struct fixture *f = *state;
    struct mz_err err = {0};
    struct fun_facility_in home = {"BYG-01", "重庆市殡仪馆", "殡仪馆", "500103", "石桥铺", "渝民殡〔2020〕1号",
                                   "2030-12-31", "重庆市人民政府", 0, "test"};
    struct fun_facility_in yard = {"GM-01", "龙台山公墓", "公墓", "500103", "歌乐山", "渝民殡〔2018〕2号", "",
                                   "重庆市民政局", 1, "test"};
    struct fun_facility_in old = {"BYG-02", "旧殡仪馆", "funeral_home", "500103", "", "渝民殡〔2010〕3号",
                                  "2020-12-31", "重庆市人民政府", 0, "test"};
    int64_t h, y, o;
    if (fun_facility_put(&f->env, &home, &h, &err) < 0 || fun_facility_put(&f->env, &yard, &y, &err) < 0 ||
        fun_facility_put(&f->env, &old, &o, &err) < 0)
        fail_msg("%s", err.msg);
    const struct {
        const char *service, *price, *unit;
        bool basic;
    } prices[] = {{"遗体接运", "300", "次", true}, {"遗体冷藏", "100", "天", true},
                  {"火化", "400", "具", true},     {"骨灰盒", "350", "个", true},
                  {"告别厅", "800", "场", false}};
    for (int i = 0; i < 5; i++)
        if (fun_price_put(&f->env, h, prices[i].service, prices[i].price, prices[i].unit,
                          prices[i].basic, "test", &err) < 0)
            fail_msg("%s", err.msg);
    /* the living are not cremated */
    struct fun_cremation_in c = {pid(f, HUSBAND), h, D("2026-03-23"), "火化", "test"};
    struct fun_cremation_out out;
    assert_int_equal(fun_cremate(&f->env, &c, &out, &err), -1);
    assert_string_equal(err.code, "not_dead");
    struct fun_death_in in = {HUSBAND, D("2026-03-20"), "medical", "YX-002", NULL, "user:clerk"};
    int64_t p;
    struct fun_cascade_out co;
    if (fun_death_register(&f->env, &in, &p, &co, &err) < 0) fail_msg("%s", err.msg);
    /* a fee not on the list; an unlicensed home */
    c.services = "火化,VIP守灵";
    assert_int_equal(fun_cremate(&f->env, &c, &out, &err), -1);
    assert_string_equal(err.code, "not_listed");
    c.facility_id = o;
    c.services = "火化";
    assert_int_equal(fun_cremate(&f->env, &c, &out, &err), -1);
    assert_string_equal(err.code, "unlicensed");
    /* the basic services waived (a 低保 household by the policy), the urn
     * up to 200 yuan, the farewell hall paid */
    c.facility_id = h;
    c.services = "遗体接运,遗体冷藏*3,火化,骨灰盒,告别厅";
    if (fun_cremate(&f->env, &c, &out, &err) < 0) fail_msg("%s", err.msg);
    assert_int_equal(out.fees, 215000);
    assert_int_equal(out.waived, 120000);
    assert_string_equal(out.cert_no, "BYG-01-2026-000001");
    assert_non_null(strstr(out.basis, "符合"));
    assert_int_equal(fun_cremate(&f->env, &c, &out, &err), -1);
    assert_string_equal(err.code, "conflict");
    /* 树葬: rewarded */
    struct fun_placement_in pl = {p, y, D("2026-04-05"), "树葬", "A区1号", "test"};
    int64_t id, reward;
    if (fun_place(&f->env, &pl, &id, &reward, &err) < 0) fail_msg("%s", err.msg);
    assert_int_equal(reward, 300000);
    char method[32];
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", p, "burial_method", D("2026-04-05"), NULL,
                                  method, sizeof method, &err),
                     1);
    assert_string_equal(method, "树葬");
    /* the cemetery (one plot) is full; 骨灰寄存 needs a columbarium */
    struct fun_death_in in2 = {ALONE, D("2026-03-25"), "medical", "YX-003", NULL, "user:clerk"};
    if (fun_death_register(&f->env, &in2, &p, &co, &err) < 0) fail_msg("%s", err.msg);
    pl.person_id = p;
    assert_int_equal(fun_place(&f->env, &pl, &id, &reward, &err), -1);
    assert_string_equal(err.code, "no_capacity");
    pl.method = "骨灰寄存";
    assert_int_equal(fun_place(&f->env, &pl, &id, &reward, &err), -1);
    assert_string_equal(err.code, "wrong_kind");
    /* 海葬 needs no facility, and is rewarded */
    pl.method = "海葬";
    pl.facility_id = 0;
    if (fun_place(&f->env, &pl, &id, &reward, &err) < 0) fail_msg("%s", err.msg);
    assert_int_equal(reward, 300000);
    /* a complaint, closed */
    int64_t cid;
    if (fun_complaint_add(&f->env, h, D("2026-04-01"), "吴女士", "告别厅收费未公示", "test", &cid,
                          &err) < 0 ||
        fun_complaint_close(&f->env, cid, "已责令公示收费清单", "test", &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(fun_complaint_close(&f->env, cid, "再次", "test", &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(death_from_the_feed_cascades_once, setup, teardown),
        cmocka_unit_test_setup_teardown(husband_dies_household_goes_on, setup, teardown),
        cmocka_unit_test_setup_teardown(sweep_takes_deaths_recorded_without_the_hook, setup, teardown),
        cmocka_unit_test_setup_teardown(cremation_waiver_and_eco_burial, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
