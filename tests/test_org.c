/* Social organizations and charity on hand-made records: USCC checks; an
 * association registered, listed as abnormal for a late annual report and
 * removed on the computed day; a foundation failing its spending floor;
 * a campaign whose disclosure falls overdue; a warned household referred
 * to a charity project with its consent, the help recorded and shown in
 * its assistance chain, and no referral when consent is refused. */
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
#include "charity/assist.h"
#include "charity/charity.h"
#include "monitor/monitor.h"
#include "org/credit.h"
#include "org/org.h"
#include "org/report.h"
#include "org/uscc.h"
#include "policy/policy.h"
#include "store/monitorstore.h"
#include "store/regstore.h"

#define REP "500103198001010016" /* the legal representative */
#define POOR "500103197502020023"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct mon_env env;
    int64_t rep;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void person(struct fixture *f, const char *hh, const char *id, const char *name)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_household_in h = {hh, "500103001003", "解放碑路1号", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h, D("2023-01-01"), &res, &err), 0);
    struct reg_person_in p = {.id_number = id,
                              .name = name,
                              .hukou = "城镇",
                              .division = "500103001003",
                              .household_no = hh,
                              .relation = "户主"};
    if (reg_person_put(f->reg, &p, D("2023-01-01"), &res, &err) < 0) fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal, &err) <
            0)
        fail_msg("%s", err.msg);
    f->env = (struct mon_env){f->reg, f->set, f->cal};
    person(f, "H1", REP, "王会长");
    assert_int_equal(reg_person_find(f->reg, REP, &f->rep, &err), 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    unsetenv("MZ_TODAY");
    pol_set_free(f->set);
    cal_free(f->cal);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

/* A valid USCC of type t with serial s (9 characters). */
static void code(char out[19], char t, const char *serial)
{
    snprintf(out, 19, "5%c500103%s?", t, serial);
    out[17] = uscc_check_char(out);
}

/* Registers an organization of kind on day (approved the same day). */
static int64_t registered(struct fixture *f, const char *kind, const char *name, char t,
                          const char *serial, int64_t funds, bool public_fr, const char *day)
{
    char uscc[19];
    code(uscc, t, serial);
    struct org_in in = {.uscc = uscc, .name = name, .kind = kind, .field = "公益慈善",
                        .supervisor = "重庆市渝中区民政局", .division = "500103",
                        .address = "渝中区解放碑路2号", .legal_rep = f->rep, .funds = funds,
                        .members_individual = 60, .public_fundraising = public_fr,
                        .filed_on = day};
    int64_t id = 0;
    struct mz_err err = {0};
    if (org_apply(&f->env, &in, "test", &id, &err) < 0 ||
        org_decide(&f->env, id, true, day, NULL, "test", &err) < 0)
        fail_msg("%s", err.msg);
    return id;
}

/* ---- USCC ----------------------------------------------------------------- */

static void uscc_checks(void **state)
{
    (void)state;
    struct mz_err err = {0};
    char c[19];
    code(c, '1', "MJ0000001");
    assert_int_equal(uscc_check(c, '1', &err), 0);
    /* the example code of GB 32100 guides (an enterprise: no 民政 type) */
    assert_int_equal(uscc_check("91350100M000100Y43", 0, &err), 0);
    assert_int_equal(uscc_check("91350100M000100Y43", '1', &err), -1);
    assert_string_equal(err.code, "wrong_type");
    char bad[19];
    memcpy(bad, c, 19);
    bad[17] = bad[17] == '0' ? '1' : '0';
    assert_int_equal(uscc_check(bad, '1', &err), -1);
    assert_string_equal(err.code, "wrong_check");
    assert_string_equal(err.field, "uscc");
    char want[16];
    snprintf(want, sizeof want, "应为“%c”", c[17]);
    assert_non_null(strstr(err.msg, "第18位"));
    assert_non_null(strstr(err.msg, want));
    /* an association's code given for a foundation */
    memset(&err, 0, sizeof err);
    assert_int_equal(uscc_check(c, '3', &err), -1);
    assert_string_equal(err.code, "wrong_type");
    assert_non_null(strstr(err.msg, "第2位"));
    /* a letter outside the set */
    memcpy(bad, c, 19);
    bad[9] = 'I';
    assert_int_equal(uscc_check(bad, 0, &err), -1);
    assert_string_equal(err.code, "invalid_value");
    assert_non_null(strstr(err.msg, "第 10 位"));
    assert_int_equal(uscc_check("5150010", 0, &err), -1);
}

static void registration_refusals(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2024-03-01", 1);
    char uscc[19];
    code(uscc, '1', "MJ0000002");
    struct org_in in = {.uscc = uscc, .name = "重庆市渝中区养蜂协会", .kind = "association",
                        .field = "经济", .supervisor = "渝中区农业农村委", .division = "500103",
                        .address = "渝中区1号", .legal_rep = f->rep, .funds = 3000000,
                        .members_individual = 20, .members_unit = 5, .filed_on = "2024-03-01"};
    int64_t id;
    struct mz_err err = {0};
    assert_int_equal(org_apply(&f->env, &in, "test", &id, &err), -1);
    assert_string_equal(err.field, "members_individual");
    in.members_individual = 50;
    in.funds = 2999999;
    assert_int_equal(org_apply(&f->env, &in, "test", &id, &err), -1);
    assert_string_equal(err.field, "funds");
    in.funds = 3000000;
    in.name = "重庆市渝中区养蜂公司";
    assert_int_equal(org_apply(&f->env, &in, "test", &id, &err), -1);
    assert_string_equal(err.code, "invalid_name");
    in.name = "重庆市渝中区养蜂协会";
    in.kind = "foundation";
    assert_int_equal(org_apply(&f->env, &in, "test", &id, &err), -1);
    assert_string_equal(err.code, "wrong_type");
    in.kind = "association";
    assert_int_equal(org_apply(&f->env, &in, "test", &id, &err), 0);
    struct org_row o;
    assert_int_equal(org_get(&f->env, id, &o, &err), 1);
    assert_string_equal(o.status, "applied");
    assert_int_equal(org_apply(&f->env, &in, "test", &id, &err), -1);
}

/* ---- late report, abnormal list, removal ---------------------------------- */

static int first_entry(void *ctx, const struct org_credit_row *c)
{
    *(struct org_credit_row *)ctx = *c;
    return 1;
}

static void late_report_listed_and_removed(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2024-03-20", 1);
    int64_t id = registered(f, "association", "重庆市渝中区志愿服务协会", '1', "MJ0000003",
                            3000000, false, "2024-03-20");
    struct mz_err err = {0};
    struct credit_sweep s;
    /* the 2024 report is due 2025-05-31: nothing on the day */
    assert_int_equal(credit_sweep(&f->env, D("2025-05-31"), "sweep", &s, &err), 0);
    assert_int_equal(s.listed, 0);
    assert_int_equal(credit_sweep(&f->env, D("2025-06-01"), "sweep", &s, &err), 0);
    assert_int_equal(s.listed, 1);
    struct org_credit_row c;
    assert_int_equal(os_credits(reg_db(f->reg), id, true, first_entry, &c, &err), 1);
    assert_string_equal(c.list, "abnormal");
    assert_string_equal(c.cause, CREDIT_CAUSE_NO_REPORT);
    assert_string_equal(c.entered_on, "2025-06-01");
    assert_string_equal(c.exit_on, "");
    /* a second sweep does not list it twice */
    assert_int_equal(credit_sweep(&f->env, D("2025-06-02"), "sweep", &s, &err), 0);
    assert_int_equal(s.listed, 0);

    setenv("MZ_TODAY", "2025-06-10", 1);
    struct org_report_in r = {.year = 2024, .submitted_on = "2025-06-10", .income = 500000,
                              .charitable = 300000, .admin = 50000, .other_spending = 10000,
                              .spending = 360000, .net_assets = 3140000};
    bool late = false;
    assert_int_equal(org_report_submit(&f->env, id, &r, "test", &late, &err), 0);
    assert_true(late);
    /* 5 working days after 2025-06-10 (a Tuesday) */
    assert_int_equal(os_credits(reg_db(f->reg), id, true, first_entry, &c, &err), 1);
    assert_string_equal(c.exit_on, "2025-06-17");
    assert_int_equal(credit_sweep(&f->env, D("2025-06-16"), "sweep", &s, &err), 0);
    assert_int_equal(s.removed, 0);
    assert_int_equal(credit_sweep(&f->env, D("2025-06-17"), "sweep", &s, &err), 0);
    assert_int_equal(s.removed, 1);
    assert_int_equal(os_credits(reg_db(f->reg), id, true, first_entry, &c, &err), 0);
    assert_int_equal(os_credits(reg_db(f->reg), id, false, first_entry, &c, &err), 1);
    assert_string_equal(c.exited_on, "2025-06-17");
    /* the report is not listed again */
    assert_int_equal(credit_sweep(&f->env, D("2025-06-18"), "sweep", &s, &err), 0);
    assert_int_equal(s.listed, 0);
}

static void abnormal_two_years_becomes_serious(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2023-02-01", 1);
    int64_t id = registered(f, "association", "重庆市渝中区书法协会", '1', "MJ0000004", 3000000,
                            false, "2023-02-01");
    struct mz_err err = {0};
    struct credit_sweep s;
    assert_int_equal(credit_sweep(&f->env, D("2024-06-01"), "sweep", &s, &err), 0);
    assert_int_equal(s.listed, 1);
    assert_int_equal(credit_sweep(&f->env, D("2026-05-31"), "sweep", &s, &err), 0);
    assert_int_equal(s.promoted, 0);
    assert_int_equal(credit_sweep(&f->env, D("2026-06-01"), "sweep", &s, &err), 0);
    assert_int_equal(s.promoted, 1);
    struct org_credit_row c;
    assert_int_equal(os_credits(reg_db(f->reg), id, true, first_entry, &c, &err), 1);
    assert_string_equal(c.list, "serious");
    assert_string_equal(c.exit_on, "2028-06-01");
    setenv("MZ_TODAY", "2027-01-01", 1);
    assert_int_equal(credit_leave(&f->env, c.id, "2027-01-01", "test", &err), -1);
    assert_string_equal(err.code, "too_early");
}

/* ---- a foundation's ratios ------------------------------------------------ */

static void foundation_fails_spending_ratio(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2024-01-10", 1);
    int64_t id = registered(f, "foundation", "重庆市渝中区助学基金会", '3', "MA0000005",
                            200000000, false, "2023-01-10");
    struct mz_err err = {0};
    setenv("MZ_TODAY", "2025-03-01", 1);
    /* figures that do not add up are refused naming them */
    struct org_report_in r = {.year = 2024, .submitted_on = "2025-03-01", .income = 1000000,
                              .charitable = 10000000, .admin = 500000, .other_spending = 0,
                              .spending = 10600000, .net_assets = 190000000,
                              .prev_net_assets = 200000000};
    bool late;
    assert_int_equal(org_report_submit(&f->env, id, &r, "test", &late, &err), -1);
    assert_string_equal(err.code, "figures_mismatch");
    assert_string_equal(err.field, "spending");
    assert_non_null(strstr(err.msg, "106000.00"));
    assert_non_null(strstr(err.msg, "105000.00"));
    /* 100,000 of 2,000,000: 5 %, under the 8 % floor of a non-public foundation */
    r.spending = 10500000;
    assert_int_equal(org_report_submit(&f->env, id, &r, "test", &late, &err), 0);
    assert_false(late);
    struct org_row o;
    struct org_report_row rr;
    struct org_ratios q;
    assert_int_equal(org_get(&f->env, id, &o, &err), 1);
    assert_int_equal(os_report_get(reg_db(f->reg), id, 2024, &rr, &err), 1);
    assert_int_equal(org_report_ratios(&f->env, &o, &rr, &q, &err), 0);
    assert_true(q.applies);
    assert_int_equal(q.spend, 500);
    assert_int_equal(q.spend_min, 800);
    assert_false(q.spend_ok);
    assert_true(q.admin_ok); /* 5,000 of 105,000 */
    assert_int_equal(org_report_review(&f->env, id, 2024, "合格", NULL, NULL, "test", &err), -1);
    assert_string_equal(err.code, "ratio_failed");
    assert_int_equal(org_report_review(&f->env, id, 2024, "不合格", "公益支出不足", "2025-02-01",
                                       "test", &err),
                     -1);
    assert_string_equal(err.field, "rectify_by");
    assert_int_equal(org_report_review(&f->env, id, 2024, "不合格", "公益支出不足", "2025-06-30",
                                       "test", &err),
                     0);
    assert_int_equal(os_report_get(reg_db(f->reg), id, 2024, &rr, &err), 1);
    assert_string_equal(rr.result, "不合格");
    assert_string_equal(rr.rectify_by, "2025-06-30");
}

/* ---- a campaign overdue on disclosure ------------------------------------- */

struct overdue {
    int n;
    char first[11];
};
static int count_overdue(void *ctx, const struct disclosure_row *d)
{
    struct overdue *o = ctx;
    if (!o->n++) snprintf(o->first, sizeof o->first, "%s", d->due_on);
    return 0;
}

static void campaign_overdue_on_disclosure(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2023-01-10", 1);
    int64_t id = registered(f, "foundation", "重庆市渝中区慈善基金会", '3', "MA0000006",
                            400000000, true, "2023-01-10");
    struct mz_err err = {0};
    if (charity_recognize(&f->env, id, "2023-01-10", "test", &err) < 0) fail_msg("%s", err.msg);
    /* the 2016 law asked for two years as a charity, the 2023 amendment one */
    setenv("MZ_TODAY", "2024-02-01", 1);
    assert_int_equal(charity_qualify(&f->env, id, "2024-02-01", "test", &err), -1);
    assert_string_equal(err.code, "too_early");
    assert_non_null(strstr(err.msg, "2025-01-10"));
    setenv("MZ_TODAY", "2024-10-01", 1);
    assert_int_equal(charity_qualify(&f->env, id, "2024-10-01", "test", &err), 0);
    struct campaign_in in = {.org_id = id, .name = "助学圆梦", .purpose = "资助困难学生",
                             .platform = "腾讯公益", .filed_on = "2024-10-01",
                             .starts_on = "2024-10-05", .ends_on = "2025-06-30",
                             .goal = 50000000};
    int64_t cid;
    assert_int_equal(campaign_file(&f->env, &in, "test", &cid, &err), -1);
    assert_string_equal(err.code, "filed_late");
    assert_non_null(strstr(err.msg, "2024-09-25"));
    in.starts_on = "2024-10-20";
    assert_int_equal(campaign_file(&f->env, &in, "test", &cid, &err), 0);
    /* interim every 3 months of a campaign over 6 months, the full one 3 months after */
    struct overdue o = {0};
    assert_int_equal(cs_disclosures(reg_db(f->reg), cid, 0, NULL, count_overdue, &o, &err), 0);
    assert_int_equal(o.n, 3);
    assert_string_equal(o.first, "2025-01-20");
    o = (struct overdue){0};
    assert_int_equal(cs_disclosures(reg_db(f->reg), cid, 0, "2025-01-20", count_overdue, &o, &err), 0);
    assert_int_equal(o.n, 0);
    assert_int_equal(cs_disclosures(reg_db(f->reg), cid, 0, "2025-02-01", count_overdue, &o, &err), 0);
    assert_int_equal(o.n, 1);
    assert_string_equal(o.first, "2025-01-20");
    setenv("MZ_TODAY", "2025-02-02", 1);
    assert_int_equal(campaign_disclose(&f->env, cid, "2025-02-02", "test", &err), 0);
    o = (struct overdue){0};
    assert_int_equal(cs_disclosures(reg_db(f->reg), cid, 0, "2025-02-02", count_overdue, &o, &err), 0);
    assert_int_equal(o.n, 0);
    /* the ledger: no spending beyond what was given */
    assert_int_equal(campaign_ledger_add(&f->env, cid, "spending", "2025-02-01", 100, "学生", NULL, NULL,
                                         "test", &err),
                     -1);
    assert_string_equal(err.code, "overspent");
    assert_int_equal(campaign_ledger_add(&f->env, cid, "donation", "2024-11-01", 100000, "张先生",
                                         NULL, NULL, "test", &err),
                     0);
    assert_int_equal(campaign_ledger_add(&f->env, cid, "spending", "2025-02-01", 60000, "学生", NULL, NULL,
                                         "test", &err),
                     0);
    struct campaign_row c;
    assert_int_equal(cs_campaign_get(reg_db(f->reg), cid, &c, &err), 1);
    assert_int_equal(c.donated, 100000);
    assert_int_equal(c.spent, 60000);
    /* a trust filed on day 8 is late */
    int64_t tid;
    bool late = false;
    struct trust_in t = {.trustee_id = id, .name = "渝中助老慈善信托", .purpose = "助老",
                         .signed_on = "2024-11-01", .filed_on = "2024-11-09", .amount = 100000000};
    assert_int_equal(trust_file(&f->env, &t, "test", &tid, &late, &err), 0);
    assert_true(late);
}

/* ---- a referral to a charity project -------------------------------------- */

static int any_referral(void *ctx, const struct chref_row *r)
{
    (*(int *)ctx)++;
    return 0;
}

static const char *same(void *ctx, const char *program)
{
    return program;
}

static void referral_to_help_in_chain(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2025-08-01", 1);
    struct mz_err err = {0};
    person(f, "H2", POOR, "赵大姐");
    enum put_result res;
    struct reg_fact_in in = {POOR, NULL, "wage_income", "900.00", "2025-07-01", "test"};
    assert_int_equal(reg_fact_put(f->reg, &in, &res, &err), 0);
    int64_t pid, hh = 0, *ids;
    size_t n;
    assert_int_equal(reg_person_find(f->reg, POOR, &pid, &err), 1);
    char rel[32];
    mz_date joined;
    assert_int_equal(rs_membership_current(reg_db(f->reg), pid, &hh, rel, &joined, &err), 1);
    struct mon_counts counts = {0};
    assert_int_equal(db_begin(reg_db(f->reg), &err), 0);
    if (mon_households(&f->env, &hh, NULL, 1, D("2025-08-01"), "test", &counts, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(db_commit(reg_db(f->reg), &err), 0);
    assert_int_equal(ms_warning_ids(reg_db(f->reg), "", "", "", "found_edge", &ids, &n, &err), 0);
    assert_int_equal(n, 1);
    int64_t warning = ids[0];
    mz_free(ids);

    int64_t org = registered(f, "service", "重庆市渝中区阳光社会工作服务中心", '2', "MJ0000007",
                             3000000, false, "2025-01-02");
    int64_t other = registered(f, "service", "重庆市渝中区晨曦社会工作服务中心", '2', "MJ0000008",
                               3000000, false, "2025-01-02");
    int64_t project, rid;
    assert_int_equal(assist_project_add(&f->env, org, "困难家庭微心愿", "500103", "found_edge nosuch",
                                        "物资帮扶", "test", &project, &err),
                     -1);
    assert_string_equal(err.field, "rules");
    assert_int_equal(assist_project_add(&f->env, org, "困难家庭微心愿", "500103",
                                        "found_edge found_rigid", "物资帮扶", "test", &project, &err),
                     0);
    /* refused consent: nothing referred */
    assert_int_equal(assist_offer(&f->env, warning, project, false, "户主本人拒绝，经办人李四",
                                  "2025-08-01", "test", &rid, &err),
                     -1);
    assert_string_equal(err.code, "consent_refused");
    int nref = 0;
    assert_int_equal(cs_referrals(reg_db(f->reg), 0, hh, any_referral, &nref, &err), 0);
    assert_int_equal(nref, 0);
    assert_int_equal(assist_offer(&f->env, warning, project, true, "户主本人同意，经办人李四",
                                  "2025-08-01", "test", &rid, &err),
                     0);
    assert_int_equal(assist_offer(&f->env, warning, project, true, "户主本人同意",
                                  "2025-08-01", "test", &rid, &err),
                     -1);
    assert_string_equal(err.code, "already_referred");
    /* another organization cannot see or answer it */
    assert_int_equal(assist_answer(&f->env, rid, other, true, NULL, "2025-08-01", "org", &err), -1);
    assert_string_equal(err.code, "unknown_referral");
    assert_int_equal(assist_help(&f->env, rid, org, "物资", 30000, NULL, "2025-08-01", "org", &err), -1);
    assert_string_equal(err.code, "wrong_state");
    assert_int_equal(assist_answer(&f->env, rid, org, true, NULL, "2025-08-01", "org", &err), 0);
    assert_int_equal(assist_help(&f->env, rid, org, "物资", 30000, "米面油", "2025-08-01", "org", &err),
                     0);
    struct assist_link *links;
    size_t nl;
    assert_int_equal(assist_chain(&f->env, hh, same, NULL, &links, &nl, &err), 0);
    int charity = 0;
    int64_t helped = 0;
    for (size_t i = 0; i < nl; i++)
        if (strcmp(links[i].source, "慈善") == 0) {
            charity++;
            helped += links[i].amount;
            assert_string_equal(links[i].by, "重庆市渝中区阳光社会工作服务中心");
        }
    assert_int_equal(charity, 2); /* the referral and the help */
    assert_int_equal(helped, 30000);
    mz_free(links);
    /* the help is no income: the household's facts are untouched */
    char text[64];
    assert_int_equal(rs_fact_asof(reg_db(f->reg), "person", pid, "charity_income", D("2025-08-01"),
                                  NULL, text, sizeof text, &err),
                     0);
}

/* ---- 慈善阵地 and 联合体 ---------------------------------------------------- */

static int count_points(void *ctx, const struct point_row *p)
{
    (*(int *)ctx)++;
    assert_string_equal(p->org_name, "重庆市渝中区爱心社会工作服务中心");
    return 0;
}

static void charity_points_and_unions(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2025-03-01", 1);
    int64_t org = registered(f, "service", "重庆市渝中区爱心社会工作服务中心", '2', "MJ0000010",
                             3000000, false, "2025-01-02");
    struct mz_err err = {0};
    int64_t id;
    struct point_in in = {.name = "解放碑社区慈善超市", .kind = "慈善商店", .division = "500103001003",
                          .opened_on = "2025-02-01", .org_id = org};
    assert_int_equal(charity_point_add(&f->env, &in, "test", &id, &err), -1);
    assert_string_equal(err.field, "kind");
    in.kind = "慈善超市";
    assert_int_equal(charity_point_add(&f->env, &in, "test", &id, &err), 0);
    assert_int_equal(charity_point_add(&f->env, &in, "test", &id, &err), -1);
    assert_string_equal(err.code, "point_exists");
    const char scope[1][13] = {"500103"}, other[1][13] = {"500112"};
    int n = 0;
    assert_int_equal(cs_points(reg_db(f->reg), scope, 1, 0, count_points, &n, &err), 0);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(cs_points(reg_db(f->reg), other, 1, 0, count_points, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(charity_union_join(&f->env, org, "渝中区社区慈善联合体", "2025-02-10", "test", &err), 0);
    assert_int_equal(charity_union_join(&f->env, org, "渝中区社区慈善联合体", "2025-02-11", "test", &err), -1);
    assert_string_equal(err.code, "already_member");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uscc_checks),
        cmocka_unit_test_setup_teardown(registration_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(late_report_listed_and_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(abnormal_two_years_becomes_serious, setup, teardown),
        cmocka_unit_test_setup_teardown(foundation_fails_spending_ratio, setup, teardown),
        cmocka_unit_test_setup_teardown(campaign_overdue_on_disclosure, setup, teardown),
        cmocka_unit_test_setup_teardown(referral_to_help_in_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(charity_points_and_unions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
