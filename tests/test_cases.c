/* Case procedures walked end to end on a real database: approval,
 * rejection with a reason, extension, an objection during 公示, 先行救助,
 * a death during an open case, a deadline across the Spring Festival, a
 * staff relative forced through the county visit, the 特困 spot check,
 * the refusal of illegal transitions, objections and appeals that
 * reproduce the contested decision as it was made, and deadlines counted
 * again when a year's holiday arrangement is imported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "cases/case.h"
#include "crypto/sm.h"
#include "notice/issue.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/reform.h"
#include "registry/divisions.h"
#include "registry/idcard.h"
#include "registry/registry.h"
#include "store/monitorstore.h"

#define HEAD "11010519491231002X"

struct fixture {
    char dir[64], db[128];
    struct registry *reg;
    struct pol_set *set;
    struct cal *cal;
    struct case_env env;
    struct mz_err err;
};

static mz_date D(const char *s)
{
    return date_parse(s);
}

static void household(struct fixture *f, const char *no, const char *head_id, const char *other)
{
    enum put_result res;
    struct mz_err err = {0};
    struct reg_household_in h = {no, "500103001003", "", "城镇"};
    assert_int_equal(reg_household_put(f->reg, &h, D("2024-01-01"), &res, &err), 0);
    struct reg_person_in p = {.id_number = head_id, .name = "张三", .hukou = "城镇",
                              .division = "500103001003", .household_no = no,
                              .relation = "户主"};
    if (reg_person_put(f->reg, &p, D("2024-01-01"), &res, &err) < 0)
        fail_msg("%s", err.msg);
    if (other) {
        p.id_number = other;
        p.name = "李四";
        p.relation = "配偶";
        assert_int_equal(reg_person_put(f->reg, &p, D("2024-01-01"), &res, &err), 0);
    }
}

static void set_fact(struct fixture *f, const char *id, const char *var, const char *value,
                     const char *effective)
{
    struct reg_fact_in fact = {id, NULL, var, value, effective, "人社"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_fact_put(f->reg, &fact, &res, &err) < 0)
        fail_msg("%s", err.msg);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    /* the cases below are dated up to 2027: the clock stands after them */
    setenv("MZ_TODAY", "2029-06-30", 1);
    test_registry_open(f->dir, f->db, &f->reg, true);
    struct mz_err err = {0};
    if (!(f->set = pol_compile_dir("policies/chongqing", &err)) ||
        cal_load(reg_db(f->reg), reg_vault(f->reg), "test", "data/holidays-cn.csv", &f->cal,
                 &err) < 0)
        fail_msg("%s", err.msg);
    household(f, "H1", HEAD, "440524188001010014");
    f->env = (struct case_env){f->reg, f->cal, f->set};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    struct audit_report rep;
    struct mz_err err = {0};
    /* Every change went into an intact audit chain. */
    if (audit_verify(reg_db(f->reg), reg_vault(f->reg), &rep, &err) < 0)
        fail_msg("%s", err.msg);
    cal_free(f->cal);
    pol_set_free(f->set);
    test_registry_close(f->dir, f->reg);
    free(f);
    return 0;
}

static int64_t open_case(struct fixture *f, const char *type, const char *hh, bool staff,
                         const char *day)
{
    struct case_open_in in = {type, hh, NULL, staff, "street:li", NULL, D(day)};
    int64_t id;
    if (case_open(&f->env, &in, &id, &f->err) < 0)
        fail_msg("%s", f->err.msg);
    return id;
}

/* Tries a step; returns its status (f->err holds the message). */
static int try_step(struct fixture *f, int64_t id, const char *action, const char *actor,
                    const char *reason, const char *day)
{
    mz_err_clear(&f->err);
    struct case_step_in in = {.action = action, .actor = actor, .reason = reason, .day = D(day)};
    return case_step(&f->env, id, &in, &f->err);
}

static void step(struct fixture *f, int64_t id, const char *action, const char *actor,
                 const char *reason, const char *day)
{
    if (try_step(f, id, action, actor, reason, day) < 0)
        fail_msg("%s %s: %s", action, day, f->err.msg);
}

static struct case_row get(struct fixture *f, int64_t id)
{
    struct case_row c;
    assert_int_equal(case_get(&f->env, id, &c, &f->err), 1);
    return c;
}

static void assert_day(mz_date d, const char *want)
{
    char s[11];
    date_format(d, s);
    assert_string_equal(s, want);
}

/* Takes a 低保 case from application to the end of 公示. */
static int64_t dibao_to_county(struct fixture *f, bool staff)
{
    int64_t id = open_case(f, "dibao", "H1", staff, "2025-01-20");
    step(f, id, "accept", "street:li", NULL, "2025-01-20");
    step(f, id, "investigate", "street:li", NULL, "2025-01-22");
    step(f, id, "visit", "street:li", NULL, "2025-01-24");
    step(f, id, "start_posting", "street:li", NULL, "2025-02-05");
    step(f, id, "end_posting", "street:li", NULL, "2025-02-13");
    return id;
}

struct step_list {
    struct step_row rows[32];
    int n;
};

static int collect(void *ctx, const struct step_row *s)
{
    struct step_list *l = ctx;
    l->rows[l->n++] = *s;
    return 0;
}

static struct step_list *steps_of(struct fixture *f, int64_t id)
{
    static struct step_list l;
    l.n = 0;
    assert_int_equal(cs_steps(reg_db(f->reg), id, collect, &l, &f->err), 0);
    return &l;
}

/* The enrolments in force in a month. */
struct enrolments {
    struct enrol_row rows[8];
    int n;
};

static int collect_enrolment(void *ctx, const struct enrol_row *e)
{
    struct enrolments *l = ctx;
    assert_true(l->n < 8);
    l->rows[l->n++] = *e;
    return 0;
}

static struct enrolments enrolled(struct fixture *f, const char *month)
{
    struct enrolments l = {.n = 0};
    assert_int_equal(
        ps_enrol_in_force(reg_db(f->reg), month, NULL, 0, collect_enrolment, &l, &f->err), 0);
    return l;
}

/* ---- tests ------------------------------------------------------------- */

static void test_dibao_approve(void **state)
{
    struct fixture *f = *state;
    int64_t id = dibao_to_county(f, false);
    struct case_row c = get(f, id);
    assert_string_equal(c.state, "submitted");
    /* Accepted 2025-01-20: 30 working days cross the Spring Festival break
     * (and count its two worked weekend days). */
    assert_day(c.accepted_on, "2025-01-20");
    assert_day(c.deadline, "2025-03-07");
    /* The county decides within 10 working days of receiving the case. */
    assert_day(c.state_due, "2025-02-27");
    /* A street caseworker may not confirm. */
    assert_int_equal(try_step(f, id, "approve", "street:li", NULL, "2025-02-14"), -1);
    assert_string_equal(f->err.code, "wrong_role");
    assert_non_null(strstr(f->err.msg, "区县审核人员"));
    assert_int_equal(enrolled(f, "2025-03").n, 0);
    step(f, id, "approve", "county:wang", NULL, "2025-02-14");
    /* The approval enrolled the household, from the month after it. */
    assert_int_equal(enrolled(f, "2025-02").n, 0);
    struct enrolments en = enrolled(f, "2025-03");
    assert_int_equal(en.n, 1);
    assert_string_equal(en.rows[0].program, "dibao");
    assert_string_equal(en.rows[0].start_month, "2025-03");
    char source[32];
    snprintf(source, sizeof source, "case:%lld", (long long)id);
    assert_string_equal(en.rows[0].source, source);
    /* so that the next roll pays it */
    struct pay_roll_summary roll;
    pay_month march;
    assert_int_equal(pay_month_parse("2025-03", &march, &f->err), 0);
    const struct pay_unit unit = {.code = "500103", .prefixes = {"500103"}, .nprefixes = 1};
    if (pay_roll_build(f->reg, f->set, "dibao", march, &unit, "clerk:li", &roll, &f->err) < 0)
        fail_msg("%s", f->err.msg);
    assert_int_equal(roll.paying, 1);
    assert_true(roll.total > 0);
    /* Decided in time: the legal deadline no longer flags the case. */
    struct case_status s;
    c = get(f, id);
    assert_int_equal(case_status(f->cal, &c, D("2025-03-20"), &s, &f->err), 0);
    assert_int_equal(s.flag, CASE_NO_DEADLINE);
    step(f, id, "pay", "county:wang", NULL, "2025-02-20");
    c = get(f, id);
    assert_string_equal(c.state, "enrolled");
    assert_day(c.closed_on, "2025-02-20");
    /* The decision keeps the engine's explanation and policy version. */
    struct step_list *l = steps_of(f, id);
    assert_int_equal(l->n, 8);
    assert_string_equal(l->rows[0].action, "open");
    assert_string_equal(l->rows[6].action, "approve");
    assert_string_equal(l->rows[6].actor, "county:wang");
    struct decision_row d = {0};
    assert_int_equal(cs_decision_get(reg_db(f->reg), l->rows[6].id, &d, &f->err), 1);
    assert_string_equal(d.outcome, "approve");
    assert_string_equal(d.policy_version, pol_version(f->set));
    assert_day(d.as_of, "2025-02-14");
    assert_non_null(strstr(d.explanation, "城乡居民最低生活保障"));
    mz_free(d.explanation);
}

/* The engine's verdict is in front of the county before 审核确认; approving
 * against it needs a reason, is kept with the decision and raises a
 * supervision warning (issue #12). */
static void test_approve_against_engine(void **state)
{
    struct fixture *f = *state;
    set_fact(f, HEAD, "wage_income", "1902.80", "2024-12-01");
    int64_t id = dibao_to_county(f, false);
    struct case_row c = get(f, id);
    assert_true(case_awaits_decision(&c));
    struct decision_row a;
    if (case_assess(&f->env, id, D("2025-02-14"), &a, &f->err) < 0)
        fail_msg("%s", f->err.msg);
    assert_int_equal(a.engine_eligible, 0);
    assert_non_null(strstr(a.explanation, "家庭月人均收入"));
    mz_free(a.explanation);
    /* one click is refused, saying why */
    assert_int_equal(try_step(f, id, "approve", "county:wang", NULL, "2025-02-14"), -1);
    assert_string_equal(f->err.code, "against_engine");
    assert_string_equal(f->err.field, "reason");
    assert_string_equal(get(f, id).state, "submitted");
    assert_int_equal(enrolled(f, "2025-03").n, 0);
    int64_t *ids;
    size_t n;
    assert_int_equal(
        ms_warning_ids(reg_db(f->reg), "", "", "", "approved_against_engine", &ids, &n, &f->err),
        0);
    assert_int_equal(n, 0);
    mz_free(ids);
    /* with a written reason it is approved, flagged and reported */
    step(f, id, "approve", "county:wang", "入户核实工资已停发，收入证明滞后", "2025-02-14");
    assert_string_equal(get(f, id).state, "approved");
    struct step_list *l = steps_of(f, id);
    struct decision_row d = {0};
    assert_int_equal(cs_decision_get(reg_db(f->reg), l->rows[l->n - 1].id, &d, &f->err), 1);
    assert_string_equal(d.outcome, "approve");
    assert_int_equal(d.engine_eligible, 0);
    mz_free(d.explanation);
    assert_int_equal(
        ms_warning_ids(reg_db(f->reg), "", "", "", "approved_against_engine", &ids, &n, &f->err),
        0);
    assert_int_equal(n, 1);
    struct ms_warning *w = calloc(1, sizeof *w);
    assert_int_equal(ms_warning_get(reg_db(f->reg), ids[0], w, &f->err), 1);
    mz_free(ids);
    assert_string_equal(w->office, "500103");
    assert_string_equal(w->severity, "high");
    assert_string_equal(w->program, "dibao");
    assert_string_equal(w->state, "open");
    assert_non_null(strstr(w->evidence, "入户核实工资已停发"));
    assert_non_null(strstr(w->evidence, "county:wang"));
    assert_non_null(strstr(w->evidence, "家庭月人均收入"));
    free(w);
    /* the decision is no longer pending: no assessment asked for */
    c = get(f, id);
    assert_false(case_awaits_decision(&c));
}

static void test_deadline_flags(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_case(f, "dibao", "H1", false, "2025-01-20");
    step(f, id, "accept", "street:li", NULL, "2025-01-20");
    struct case_row c = get(f, id);
    struct case_status s;
    assert_int_equal(case_status(f->cal, &c, D("2025-01-24"), &s, &f->err), 0);
    assert_int_equal(s.flag, CASE_ON_TIME);
    /* Six working days used by the break (four weekdays, the worked Sunday
     * and Monday 01-27); none pass during it: 24 left on 2025-02-04. */
    assert_int_equal(case_status(f->cal, &c, D("2025-02-04"), &s, &f->err), 0);
    assert_int_equal(s.days_left, 24);
    assert_int_equal(case_status(f->cal, &c, D("2025-03-04"), &s, &f->err), 0);
    assert_int_equal(s.days_left, 3);
    assert_int_equal(s.flag, CASE_NEAR);
    assert_int_equal(case_status(f->cal, &c, D("2025-03-10"), &s, &f->err), 0);
    assert_int_equal(s.flag, CASE_OVERDUE);
    assert_int_equal(s.days_left, -1);
    /* The investigation should have started by 2025-01-23: started on
     * 2025-01-27 it is 3 working days late (01-24, Sunday 01-26, 01-27). */
    assert_int_equal(s.step_flag, CASE_OVERDUE);
    step(f, id, "investigate", "street:li", NULL, "2025-01-27");
    struct step_list *l = steps_of(f, id);
    assert_int_equal(l->rows[2].late_days, 3);
}

static void test_dibao_reject(void **state)
{
    struct fixture *f = *state;
    int64_t id = dibao_to_county(f, false);
    assert_int_equal(try_step(f, id, "reject", "county:wang", NULL, "2025-02-14"), -1);
    assert_string_equal(f->err.code, "reason_required");
    step(f, id, "reject", "county:wang", "家庭人均收入高于当地低保标准", "2025-02-14");
    struct case_row c = get(f, id);
    assert_string_equal(c.state, "rejected");
    /* The written notice is due within 3 working days. */
    assert_day(c.state_due, "2025-02-19");
    step(f, id, "notify", "street:li", NULL, "2025-02-17");
    c = get(f, id);
    assert_string_equal(c.state, "notified");
    struct step_list *l = steps_of(f, id);
    assert_string_equal(l->rows[6].reason, "家庭人均收入高于当地低保标准");
    struct decision_row d = {0};
    assert_int_equal(cs_decision_get(reg_db(f->reg), l->rows[6].id, &d, &f->err), 1);
    assert_string_equal(d.outcome, "reject");
    assert_true(strlen(d.explanation) > 0);
    mz_free(d.explanation);
}

static void test_extension(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_case(f, "dibao", "H1", false, "2025-01-20");
    struct mz_err err = {0};
    assert_int_equal(case_extend(&f->env, id, "street:li", "需补充材料", D("2025-01-20"), &err), -1);
    assert_string_equal(err.code, "not_accepted");
    step(f, id, "accept", "street:li", NULL, "2025-01-20");
    assert_int_equal(case_extend(&f->env, id, "street:li", "", D("2025-02-20"), &err), -1);
    assert_string_equal(err.code, "reason_required");
    assert_int_equal(case_extend(&f->env, id, "street:li", "异地核查收入", D("2025-02-20"), &err), 0);
    struct case_row c = get(f, id);
    assert_day(c.deadline, "2025-03-28"); /* 45 working days after 2025-01-20 */
    assert_string_equal(c.extend_reason, "异地核查收入");
    assert_int_equal(case_extend(&f->env, id, "street:li", "再延", D("2025-02-21"), &err), -1);
    assert_string_equal(err.code, "already_extended");
    assert_non_null(strstr(err.msg, "只能延长一次"));
}

static void test_objection_during_posting(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_case(f, "dibao", "H1", false, "2025-03-03");
    step(f, id, "accept", "street:li", NULL, "2025-03-03");
    step(f, id, "investigate", "street:li", NULL, "2025-03-04");
    /* An objection only exists during 公示. */
    assert_int_equal(try_step(f, id, "objection", "street:li", "有车", "2025-03-05"), -1);
    assert_string_equal(f->err.code, "invalid_action");
    step(f, id, "visit", "street:li", NULL, "2025-03-05");
    step(f, id, "start_posting", "street:li", NULL, "2025-03-06");
    /* 公示 is 7 calendar days: posted 03-06, runs to 03-13, closes from 03-14. */
    assert_int_equal(try_step(f, id, "end_posting", "street:li", NULL, "2025-03-13"), -1);
    assert_string_equal(f->err.code, "period_running");
    assert_non_null(strstr(f->err.msg, "2025-03-14"));
    assert_non_null(strstr(f->err.msg, "自然日"));
    assert_int_equal(try_step(f, id, "objection", "street:li", NULL, "2025-03-08"), -1);
    assert_string_equal(f->err.code, "reason_required");
    step(f, id, "objection", "street:li", "邻居反映家中有营运车辆", "2025-03-08");
    assert_string_equal(get(f, id).state, "objected");
    /* Sent to 民主评议 by the community, then posted again. */
    assert_int_equal(try_step(f, id, "deliberate", "street:li", NULL, "2025-03-10"), -1);
    step(f, id, "deliberate", "community:zhao", NULL, "2025-03-10");
    step(f, id, "start_posting", "street:li", NULL, "2025-03-11");
    step(f, id, "end_posting", "street:li", NULL, "2025-03-19");
    step(f, id, "approve", "county:wang", NULL, "2025-03-20");
    assert_string_equal(get(f, id).state, "approved");
}

static int one(void *ctx, const struct attach_row *a)
{
    struct {
        struct attach_row a;
        int n;
    } *got = ctx;
    got->a = *a;
    got->n++;
    return 0;
}

static void test_emergency_first(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_case(f, "temporary", "H1", false, "2025-04-07");
    step(f, id, "accept", "street:li", NULL, "2025-04-07");
    set_fact(f, HEAD, "emergency", "火灾", "2025-04-06");
    set_fact(f, HEAD, "emergency_loss", "2000", "2025-04-06");
    /* Paid before any documentation. */
    step(f, id, "emergency_pay", "street:li", "火灾，先行救助 2000 元", "2025-04-07");
    assert_string_equal(get(f, id).state, "paid_first");
    assert_int_equal(try_step(f, id, "document", "street:li", NULL, "2025-04-09"), -1);
    assert_string_equal(f->err.code, "attachment_required");
    char path[160];
    snprintf(path, sizeof path, "%s/火灾证明.txt", f->dir);
    FILE *fp = fopen(path, "w");
    fputs("消防大队出具的火灾证明", fp);
    fclose(fp);
    const char *files[] = {path};
    struct case_step_in in = {.action = "document", .actor = "street:li", .attachments = files,
                              .nattachments = 1, .day = D("2025-04-09")};
    if (case_step(&f->env, id, &in, &f->err) < 0)
        fail_msg("%s", f->err.msg);
    step(f, id, "approve", "county:wang", NULL, "2025-04-11");
    struct case_row c = get(f, id);
    assert_string_equal(c.state, "confirmed");
    assert_day(c.closed_on, "2025-04-11");
    /* 临时救助 is paid once: nothing enrolled in monthly rolls */
    assert_int_equal(enrolled(f, "2025-05").n, 0);
    struct step_list *l = steps_of(f, id);
    struct {
        struct attach_row a;
        int n;
    } got = {0};
    assert_int_equal(cs_attachments(reg_db(f->reg), l->rows[3].id, one, &got, &f->err), 0);
    assert_int_equal(got.n, 1);
    assert_string_equal(got.a.name, "火灾证明.txt");
    unsigned char dg[SM3_LEN];
    const char *text = "消防大队出具的火灾证明";
    sm3_digest(text, strlen(text), dg);
    char hex[65];
    for (int i = 0; i < SM3_LEN; i++)
        snprintf(hex + 2 * i, 3, "%02x", dg[i]);
    assert_string_equal(got.a.sm3, hex);
    assert_int_equal(got.a.bytes, (int64_t)strlen(text));
}

/* 临时救助 decided the ordinary way is paid once: a line of the temporary
 * program's roll the month after the decision, none after (issue #12). */
static void test_temporary_paid_once(void **state)
{
    struct fixture *f = *state;
    set_fact(f, HEAD, "emergency", "火灾", "2025-04-06");
    set_fact(f, HEAD, "emergency_loss", "2000", "2025-04-06");
    int64_t id = open_case(f, "temporary", "H1", false, "2025-04-07");
    step(f, id, "accept", "street:li", NULL, "2025-04-07");
    step(f, id, "investigate", "street:li", NULL, "2025-04-08");
    step(f, id, "submit", "street:li", NULL, "2025-04-09");
    step(f, id, "approve", "county:wang", NULL, "2025-04-11");
    struct enrolments en = enrolled(f, "2025-05");
    assert_int_equal(en.n, 1);
    assert_string_equal(en.rows[0].program, "temp_emergency");
    assert_true(en.rows[0].once);
    assert_int_equal(en.rows[0].once_amount, 200000);
    assert_string_equal(en.rows[0].end_month, "2025-05");
    assert_int_equal(enrolled(f, "2025-06").n, 0);
    const struct pay_unit unit = {.code = "500103", .prefixes = {"500103"}, .nprefixes = 1};
    struct pay_roll_summary roll;
    pay_month may;
    assert_int_equal(pay_month_parse("2025-05", &may, &f->err), 0);
    if (pay_roll_build(f->reg, f->set, "temp_emergency", may, &unit, "clerk:li", &roll, &f->err) <
        0)
        fail_msg("%s", f->err.msg);
    assert_int_equal(roll.paying, 1);
    assert_int_equal(roll.roll.total, 200000);
    if (pay_roll_build(f->reg, f->set, "temp_emergency", may + 1, &unit, "clerk:li", &roll,
                       &f->err) < 0)
        fail_msg("%s", f->err.msg);
    assert_int_equal(roll.roll.lines, 0);
}

static void test_death_during_case(void **state)
{
    struct fixture *f = *state;
    int64_t id = dibao_to_county(f, false);
    struct reg_fact_in fact = {HEAD, NULL, "death", "2025-02-10", "2025-02-10", "公安"};
    enum put_result res;
    struct mz_err err = {0};
    if (reg_fact_put(f->reg, &fact, &res, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(try_step(f, id, "approve", "county:wang", NULL, "2025-02-14"), -1);
    assert_string_equal(f->err.code, "applicant_deceased");
    assert_non_null(strstr(f->err.msg, "2025-02-10"));
    assert_non_null(strstr(f->err.msg, "close"));
    step(f, id, "close", "street:li", "申请人死亡，终止办理", "2025-02-14");
    struct case_row c = get(f, id);
    assert_string_equal(c.state, "closed");
    /* A closed case takes no more steps, and says so. */
    assert_int_equal(try_step(f, id, "approve", "county:wang", NULL, "2025-02-15"), -1);
    assert_non_null(strstr(f->err.msg, "已办结"));
    /* Nor can a new case be opened for the deceased. */
    struct case_open_in in = {"dibao", "H1", HEAD, false, "street:li", NULL, D("2025-02-15")};
    int64_t id2;
    assert_int_equal(case_open(&f->env, &in, &id2, &f->err), -1);
    assert_string_equal(f->err.code, "applicant_deceased");
}

static void test_staff_relative(void **state)
{
    struct fixture *f = *state;
    int64_t id = dibao_to_county(f, true);
    assert_int_equal(try_step(f, id, "approve", "county:wang", NULL, "2025-02-14"), -1);
    assert_string_equal(f->err.code, "county_visit_required");
    assert_non_null(strstr(f->err.msg, "近亲属"));
    assert_int_equal(try_step(f, id, "reject", "county:wang", "x", "2025-02-14"), -1);
    assert_int_equal(try_step(f, id, "county_visit", "street:li", NULL, "2025-02-14"), -1);
    step(f, id, "county_visit", "county:wang", NULL, "2025-02-14");
    step(f, id, "approve", "county:wang", NULL, "2025-02-17");
    assert_string_equal(get(f, id).state, "approved");
    /* An ordinary case cannot take the county visit. */
    int64_t other = dibao_to_county(f, false);
    assert_int_equal(try_step(f, other, "county_visit", "county:wang", NULL, "2025-02-14"), -1);
    assert_string_equal(f->err.code, "invalid_action");
}

static void test_tekun_spot_check(void **state)
{
    struct fixture *f = *state;
    int64_t ids[10];
    int drawn = 0;
    for (int i = 0; i < 10; i++) {
        char no[16], idn[19];
        snprintf(no, sizeof no, "T%d", i);
        /* Valid ID numbers born 1940-01-0(1+i) in 110105. */
        static const char *const pool[] = {"110105194001010018", "110105194001020013", "110105194001030019", "110105194001040014", "11010519400105001X", "110105194001060015", "110105194001070010", "110105194001080016", "110105194001090011", "110105194001100013"};
        snprintf(idn, sizeof idn, "%s", pool[i]);
        household(f, no, idn, NULL);
        set_fact(f, idn, "has_supporter", "否", "2025-01-01");
        ids[i] = open_case(f, "tekun", no, false, "2025-05-06");
        step(f, ids[i], "accept", "street:li", NULL, "2025-05-06");
        step(f, ids[i], "investigate", "street:li", NULL, "2025-05-07");
        struct case_row c = get(f, ids[i]);
        assert_day(c.state_due, "2025-05-28"); /* 15 working days, 端午 05-31..06-02 later */
        step(f, ids[i], "start_posting", "street:li", NULL, "2025-05-08");
        step(f, ids[i], "end_posting", "street:li", NULL, "2025-05-16");
        c = get(f, ids[i]);
        assert_int_equal(c.spot_ordinal, i);
        assert_int_not_equal(c.spot_checked, -1);
        drawn += c.spot_checked;
        if (c.spot_checked) {
            assert_int_equal(try_step(f, ids[i], "approve", "county:wang", NULL, "2025-05-19"), -1);
            assert_non_null(strstr(f->err.msg, "抽查"));
            step(f, ids[i], "county_visit", "county:wang", NULL, "2025-05-19");
        }
        step(f, ids[i], "approve", "county:wang", NULL, "2025-05-20");
        struct step_list *l = steps_of(f, ids[i]);
        assert_non_null(strstr(l->rows[4].note, "区县抽查"));
    }
    /* Exactly 30 % of every ten consecutive cases. */
    assert_int_equal(drawn, 3);
}

static void test_illegal_transitions(void **state)
{
    struct fixture *f = *state;
    int64_t id = open_case(f, "dibao", "H1", false, "2025-01-20");
    assert_int_equal(try_step(f, id, "approve", "county:wang", NULL, "2025-01-20"), -1);
    assert_string_equal(f->err.code, "invalid_action");
    assert_non_null(strstr(f->err.msg, "已申请"));
    assert_non_null(strstr(f->err.msg, "accept（受理）"));
    assert_int_equal(try_step(f, id, "fly", "street:li", NULL, "2025-01-20"), -1);
    assert_string_equal(f->err.code, "invalid_action");
    step(f, id, "accept", "street:li", NULL, "2025-01-21");
    assert_int_equal(try_step(f, id, "investigate", "street:li", NULL, "2025-01-20"), -1);
    assert_string_equal(f->err.code, "date_order");
    assert_int_equal(try_step(f, id, "accept", "street:li", NULL, "2025-01-21"), -1);
    assert_int_equal(try_step(f, id, "pay", "county:wang", NULL, "2025-01-22"), -1);
    assert_string_equal(get(f, id).state, "accepted");
    /* Refused steps change nothing: open + accept only. */
    assert_int_equal(steps_of(f, id)->n, 2);
    struct case_open_in in = {"nosuch", "H1", NULL, false, "street:li", NULL, D("2025-01-20")};
    int64_t x;
    assert_int_equal(case_open(&f->env, &in, &x, &f->err), -1);
    assert_non_null(strstr(f->err.msg, "dibao（最低生活保障）"));
    in.type = "dibao";
    in.household_no = "NOPE";
    assert_int_equal(case_open(&f->env, &in, &x, &f->err), -1);
    assert_non_null(strstr(f->err.msg, "NOPE"));
    assert_int_equal(try_step(f, 9999, "accept", "street:li", NULL, "2025-01-20"), -1);
    assert_string_equal(f->err.code, "not_found");
}

static int64_t contest(struct fixture *f, const char *type, int64_t of, const char *day)
{
    struct case_contest_in in = {type, of, "对决定不服", "street:li", NULL, D(day)};
    int64_t id;
    if (case_contest_open(&f->env, &in, &id, &f->err) < 0)
        fail_msg("%s", f->err.msg);
    return id;
}

static struct contest_row contest_of(struct fixture *f, int64_t id)
{
    struct contest_row k;
    assert_int_equal(cs_contest_get(reg_db(f->reg), id, &k, &f->err), 1);
    mz_free(k.explanation);
    return k;
}

/* The decision of the last step of a case that recorded one. */
static struct decision_row last_decision(struct fixture *f, int64_t id)
{
    struct step_list *l = steps_of(f, id);
    struct decision_row d = {0};
    for (int i = l->n - 1; i >= 0; i--)
        if (cs_decision_get(reg_db(f->reg), l->rows[i].id, &d, &f->err) == 1)
            return d;
    fail_msg("case %lld has no decision", (long long)id);
    return d;
}

/* A rejection contested twice: the objection upheld (nothing to correct
 * yet), then, after a late correction of the income, an appeal whose
 * reproduction still matches the decision as made, and whose ruling
 * corrects it into an approval. */
static void test_objection_and_appeal(void **state)
{
    struct fixture *f = *state;
    set_fact(f, HEAD, "wage_income", "3000.00", "2024-01-01");
    int64_t id = dibao_to_county(f, false);
    /* no objection before a decision */
    struct case_contest_in in = {"objection", id, "不服", "street:li", NULL, D("2025-02-14")};
    int64_t x;
    assert_int_equal(case_contest_open(&f->env, &in, &x, &f->err), -1);
    assert_string_equal(f->err.code, "not_decided");
    assert_non_null(strstr(f->err.msg, "尚未作出"));
    assert_non_null(strstr(f->err.msg, "待区县审核确认"));
    step(f, id, "reject", "county:wang", "家庭人均收入高于当地低保标准", "2025-02-14");
    struct decision_row was = last_decision(f, id);
    assert_int_equal(was.engine_eligible, 0);
    mz_free(was.explanation);
    /* contests need grounds, and are opened against a decision only */
    in.reason = "";
    assert_int_equal(case_contest_open(&f->env, &in, &x, &f->err), -1);
    assert_string_equal(f->err.code, "reason_required");
    struct case_open_in plain = {"objection", "H1", NULL, false, "street:li", NULL, D("2025-02-17")};
    assert_int_equal(case_open(&f->env, &plain, &x, &f->err), -1);
    assert_non_null(strstr(f->err.msg, "--of"));

    int64_t obj = contest(f, "objection", id, "2025-02-17");
    struct contest_row k = contest_of(f, obj);
    assert_int_equal(k.of_case, id);
    assert_true(k.matches);
    assert_string_equal(k.differences, "");
    assert_int_equal(k.engine_eligible, 0);
    struct case_row c = get(f, obj);
    assert_int_equal(c.household_id, get(f, id).household_id);
    assert_int_equal(c.applicant_id, get(f, id).applicant_id);
    assert_int_equal(try_step(f, obj, "accept", "street:li", NULL, "2025-02-17"), -1);
    step(f, obj, "accept", "county:wang", NULL, "2025-02-17");
    /* the data still say no: nothing to correct */
    assert_int_equal(try_step(f, obj, "change", "county:wang", "收入认定有误", "2025-02-20"), -1);
    assert_string_equal(f->err.code, "no_change");
    assert_non_null(strstr(f->err.msg, "uphold"));
    step(f, obj, "uphold", "county:wang", "收入认定无误", "2025-02-20");
    assert_string_equal(get(f, obj).state, "upheld");
    assert_int_equal(enrolled(f, "2025-03").n, 0);
    struct decision_row ruled = last_decision(f, obj);
    assert_string_equal(ruled.outcome, "reject");
    mz_free(ruled.explanation);

    /* recorded now: the income had been wrong all along */
    set_fact(f, HEAD, "wage_income", "0", "2024-01-01");
    int64_t app = contest(f, "appeal", id, "2025-03-03");
    k = contest_of(f, app);
    assert_true(k.matches); /* the later correction does not alter the reproduction */
    assert_int_equal(k.engine_eligible, 0);
    step(f, app, "accept", "county:wang", NULL, "2025-03-03");
    assert_day(get(f, app).deadline, "2025-05-02"); /* 60 calendar days */
    step(f, app, "change", "county:wang", "经核实工资收入为零", "2025-03-10");
    c = get(f, app);
    assert_string_equal(c.state, "changed");
    assert_day(c.closed_on, "2025-03-10");
    /* enrolled from the month after the contested decision: the months
     * since are arrears */
    struct enrolments en = enrolled(f, "2025-03");
    assert_int_equal(en.n, 1);
    assert_string_equal(en.rows[0].start_month, "2025-03");
    ruled = last_decision(f, app);
    assert_string_equal(ruled.outcome, "approve");
    assert_int_equal(ruled.engine_eligible, 1);
    assert_day(ruled.as_of, "2025-02-14");
    mz_free(ruled.explanation);
    struct case_correction fix;
    assert_int_equal(case_correction_get(&f->env, app, &fix, &f->err), 1);
    assert_string_equal(fix.decision, "approve");
    assert_string_equal(fix.program, "dibao");
    assert_string_equal(fix.hh_no, "H1");
    assert_day(fix.as_of, "2025-02-14");
    assert_day(fix.ruled, "2025-03-10");
    assert_true(fix.amount > 0);
    /* the notice of the corrected decision agrees with the policy engine */
    struct notice_request req = {.hh_no = fix.hh_no, .program = fix.program,
                                 .decision = NOTICE_APPROVE, .as_of = fix.as_of,
                                 .issued = fix.ruled, .effective = MZ_DATE_NONE,
                                 .previous_amount = -1};
    struct notice_outcome o;
    struct notice *n = notice_compose(reg_db(f->reg), f->set, &req, "测民决〔2025〕1号", &o, &f->err);
    if (!n)
        fail_msg("%s", f->err.msg);
    assert_int_equal(o.amount, fix.amount);
    notice_free(n);
    assert_int_equal(case_correction_get(&f->env, obj, &fix, &f->err), 0);
    /* a contest of a contest is sent back to the original case */
    in = (struct case_contest_in){"appeal", obj, "不服", "street:li", NULL, D("2025-03-11")};
    assert_int_equal(case_contest_open(&f->env, &in, &x, &f->err), -1);
    assert_string_equal(f->err.code, "contest_of_contest");
}

/* A decision that can no longer be reproduced says what differs: here the
 * standard was raised retroactively after the approval. */
static void test_reproduction_differs(void **state)
{
    struct fixture *f = *state;
    int64_t id = dibao_to_county(f, false);
    step(f, id, "approve", "county:wang", NULL, "2025-02-14");
    struct mz_err err = {0};
    assert_int_equal(pol_param_override(f->set, "dibao_standard.urban=800", D("2025-01-01"), &err),
                     0);
    int64_t obj = contest(f, "objection", id, "2025-02-20");
    struct contest_row k = contest_of(f, obj);
    assert_false(k.matches);
    assert_int_equal(k.engine_eligible, 1);
    assert_non_null(strstr(k.differences, "月金额"));
    assert_non_null(strstr(k.differences, "解释第"));
}

/* A ruling that corrects an approval into a refusal (the income had been
 * wrong all along) ends the enrolment the approval made: paid up to the
 * month of the ruling, audited, nothing from the next month. */
static void test_correction_stops_payment(void **state)
{
    struct fixture *f = *state;
    int64_t id = dibao_to_county(f, false);
    step(f, id, "approve", "county:wang", NULL, "2025-02-14");
    assert_int_equal(enrolled(f, "2025-04").n, 1);
    set_fact(f, HEAD, "wage_income", "3000.00", "2024-01-01");
    int64_t obj = contest(f, "objection", id, "2025-03-03");
    step(f, obj, "accept", "county:wang", NULL, "2025-03-03");
    step(f, obj, "change", "county:wang", "核实有工资收入", "2025-03-10");
    struct decision_row ruled = last_decision(f, obj);
    assert_string_equal(ruled.outcome, "reject");
    mz_free(ruled.explanation);
    struct enrolments en = enrolled(f, "2025-03");
    assert_int_equal(en.n, 1);
    assert_string_equal(en.rows[0].end_month, "2025-03");
    assert_int_equal(enrolled(f, "2025-04").n, 0);
}

/* The case.recount audit entries, as "ID: DETAIL" lines in order. */
static void recount_audit(struct fixture *f, char *buf, size_t cap)
{
    sqlite3 *raw;
    assert_int_equal(sqlite3_open_v2(f->db, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(raw,
                                        "SELECT entity_id, detail FROM audit_log WHERE action = "
                                        "'case.recount' AND before_digest IS NOT NULL AND "
                                        "after_digest IS NOT NULL ORDER BY seq",
                                        -1, &st, NULL),
                     SQLITE_OK);
    size_t len = 0;
    buf[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW)
        len += (size_t)snprintf(buf + len, cap - len, "%s: %s\n", sqlite3_column_text(st, 0),
                                sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    sqlite3_close(raw);
}

/* Accepted in December 2026 while 2027 is counted on the statutory
 * holidays; then the 2027 arrangement is imported with two bridging days
 * off after 元旦 (4–5 January, worked back on Saturday 9 January) and
 * 春节 from 5 to 11 February (worked back on Saturday 20 February). The
 * open cases' working-day dates move; a closed case, a decided one and an
 * appeal counted in calendar days keep theirs. */
/* An applicant outside the household is refused alike whether the number
 * is registered elsewhere or not at all, and shown masked. */
static void test_applicant_outside_household(void **state)
{
    struct fixture *f = *state;
    char other[19] = "50010519800101135", nobody[19] = "50010519800101123";
    other[17] = idcard_check_char(other);
    nobody[17] = idcard_check_char(nobody);
    other[18] = nobody[18] = '\0';
    household(f, "H2", other, NULL);
    char msg[2][512];
    const char *numbers[] = {other, nobody};
    for (int i = 0; i < 2; i++) {
        struct case_open_in in = {"dibao", "H1", numbers[i], false, "street:li", NULL,
                                  D("2025-03-03")};
        int64_t id;
        assert_int_equal(case_open(&f->env, &in, &id, &f->err), -1);
        assert_string_equal(f->err.code, "not_member");
        assert_null(strstr(f->err.msg, numbers[i]));
        snprintf(msg[i], sizeof msg[i], "%s", f->err.msg + strlen("申请人 ") + 18);
    }
    assert_string_equal(msg[0], msg[1]); /* the same words after the masked number */
}

/* Days of a case may not lie after today (a case dated 2999 could take no
 * later step; a step dated ahead would count as late) nor before 1900. */
static void test_dates_not_ahead(void **state)
{
    struct fixture *f = *state;
    setenv("MZ_TODAY", "2025-03-03", 1);
    struct case_open_in in = {"dibao", "H1", NULL, false, "street:li", NULL, D("2999-01-01")};
    int64_t id;
    assert_int_equal(case_open(&f->env, &in, &id, &f->err), -1);
    assert_string_equal(f->err.field, "date");
    assert_non_null(strstr(f->err.msg, "晚于 2025-03-03（今天）"));
    in.day = D("1899-12-31");
    assert_int_equal(case_open(&f->env, &in, &id, &f->err), -1);
    assert_string_equal(f->err.field, "date");
    id = open_case(f, "dibao", "H1", false, "2025-03-03");
    assert_int_equal(try_step(f, id, "accept", "street:li", NULL, "2025-06-03"), -1);
    assert_string_equal(f->err.field, "date");
    step(f, id, "accept", "street:li", NULL, "2025-03-03");
    assert_int_equal(case_extend(&f->env, id, "street:li", "待核", D("2025-03-04"), &f->err), -1);
    assert_string_equal(f->err.field, "date");
    setenv("MZ_TODAY", "2029-06-30", 1);
}

static void test_recount_after_import(void **state)
{
    struct fixture *f = *state;
    int64_t a = open_case(f, "dibao", "H1", false, "2026-12-15");
    step(f, a, "accept", "street:li", NULL, "2026-12-15");
    assert_day(get(f, a).deadline, "2027-01-27");
    int64_t b = open_case(f, "dibao", "H1", false, "2026-12-30");
    step(f, b, "accept", "street:li", NULL, "2026-12-30");
    assert_int_equal(case_extend(&f->env, b, "street:li", "异地核查", D("2026-12-31"), &f->err), 0);
    assert_day(get(f, b).deadline, "2027-03-08"); /* 45 working days, 春节 5–8 February */
    assert_day(get(f, b).state_due, "2027-01-05");
    int64_t closed = open_case(f, "dibao", "H1", false, "2026-12-15");
    step(f, closed, "accept", "street:li", NULL, "2026-12-15");
    step(f, closed, "withdraw", "street:li", "申请人撤回", "2026-12-16");
    int64_t decided = open_case(f, "dibao", "H1", false, "2026-12-15");
    const char *walk[][2] = {{"accept", "2026-12-15"},        {"investigate", "2026-12-16"},
                             {"visit", "2026-12-17"},         {"start_posting", "2026-12-18"},
                             {"end_posting", "2026-12-26"}};
    for (size_t i = 0; i < sizeof walk / sizeof walk[0]; i++)
        step(f, decided, walk[i][0], "street:li", NULL, walk[i][1]);
    step(f, decided, "approve", "county:wang", NULL, "2026-12-28");
    int64_t appeal = contest(f, "appeal", decided, "2026-12-29");
    step(f, appeal, "accept", "county:wang", NULL, "2026-12-29");
    assert_day(get(f, appeal).deadline, "2027-02-27"); /* 60 calendar days */
    struct case_row was_closed = get(f, closed), was_decided = get(f, decided);

    char path[160];
    snprintf(path, sizeof path, "%s/2027.csv", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,holiday,元旦\n"
          "2027-01-05,holiday,元旦\n2027-01-09,workday,元旦\n",
          fp);
    for (int d = 5; d <= 11; d++)
        fprintf(fp, "2027-02-%02d,holiday,春节\n", d);
    fputs("2027-02-20,workday,春节\n", fp);
    fclose(fp);
    struct case_recounted *moved;
    size_t n;
    int years, days;
    if (case_calendar_import(f->reg, f->set, "cli:test", path, &years, &days, &moved, &n, &f->err) < 0)
        fail_msg("%s", f->err.msg);
    assert_int_equal(years, 1);
    assert_int_equal(days, 12);
    assert_int_equal(n, 2);
    /* a: one more day off than worked back before the deadline */
    assert_int_equal(moved[0].id, a);
    assert_day(moved[0].deadline_was, "2027-01-27");
    assert_day(moved[0].deadline, "2027-01-28");
    assert_int_equal(moved[0].due, moved[0].due_was); /* 2026-12-18 */
    assert_day(get(f, a).deadline, "2027-01-28");
    /* b: the investigation is due after the bridging days, and the
     * extended deadline is three working days later (5 days off around
     * 春节 instead of 2, two Saturdays worked) */
    assert_int_equal(moved[1].id, b);
    assert_day(get(f, b).deadline, "2027-03-11");
    assert_day(get(f, b).state_due, "2027-01-07");
    char text[128];
    case_recounted_text(&moved[1], text, sizeof text);
    assert_string_equal(text, "法定期限 2027-03-08 → 2027-03-11；本环节时限 2027-01-05 → 2027-01-07");
    mz_free(moved);
    /* untouched: the closed and the decided case keep the fallback's day,
     * the appeal its calendar days */
    struct case_row c = get(f, closed);
    assert_int_equal(c.deadline, was_closed.deadline);
    assert_day(c.deadline, "2027-01-27");
    c = get(f, decided);
    assert_int_equal(c.deadline, was_decided.deadline);
    assert_string_equal(c.state, "approved");
    assert_day(get(f, appeal).deadline, "2027-02-27");
    /* one audit entry per recounted case, with the old and new dates */
    char audit[1024];
    recount_audit(f, audit, sizeof audit);
    char want[1024];
    snprintf(want, sizeof want,
             "%lld: 按新导入的节假日安排重新计算：法定期限 2027-01-27 → 2027-01-28\n"
             "%lld: 按新导入的节假日安排重新计算：%s\n",
             (long long)a, (long long)b, text);
    assert_string_equal(audit, want);
    /* the new dates are no longer provisional */
    struct cal *cal;
    assert_int_equal(cal_load(reg_db(f->reg), reg_vault(f->reg), "test", NULL, &cal, &f->err), 0);
    struct case_status st;
    c = get(f, a);
    assert_int_equal(case_status(cal, &c, D("2027-01-04"), &st, &f->err), 0);
    assert_false(st.provisional);
    assert_int_equal(st.days_left, 18); /* 6 January to 28 January, 9 January worked */
    cal_free(cal);
    /* importing the same file again moves nothing */
    assert_int_equal(case_calendar_import(f->reg, f->set, "cli:test", path, NULL, NULL, &moved, &n, &f->err), 0);
    assert_int_equal(n, 0);
    mz_free(moved);
    /* A recount that fails undoes the import: here an open case of a type
     * without a procedure (written behind the engine's back). */
    sqlite3 *raw;
    assert_int_equal(sqlite3_open(f->db, &raw), SQLITE_OK);
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE cases SET type = 'nosuch' WHERE id = %lld", (long long)a);
    assert_int_equal(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("date,kind,name\n2027-01-01,holiday,元旦\n", fp);
    fclose(fp);
    assert_int_equal(case_calendar_import(f->reg, f->set, "cli:test", path, NULL, NULL, &moved, &n, &f->err),
                     -1);
    assert_string_equal(f->err.code, "unknown_type");
    assert_null(moved);
    assert_day(get(f, b).state_due, "2027-01-07");
    assert_int_equal(cal_load(reg_db(f->reg), reg_vault(f->reg), "test", NULL, &cal, &f->err), 0);
    bool working;
    assert_int_equal(cal_is_working_day(cal, D("2027-01-04"), &working, &f->err), 0);
    assert_false(working); /* the bridging day of the file imported before */
    cal_free(cal);
}

/* Every transition of every procedure names states of its own table, and
 * every procedure can reach a final state from its initial one. */
static void test_tables_consistent(void **state)
{
    (void)state;
    struct mz_err err = {0};
    struct pol_set *set = pol_compile_dir("policies/chongqing", &err);
    if (!set)
        fail_msg("%s", err.msg);
    struct case_env env = {NULL, NULL, set};
    size_t n;
    const struct procedure *all = proc_all(&n);
    assert_int_equal(n, 9);
    for (size_t i = 0; i < n; i++) {
        const struct procedure *p = &all[i];
        for (size_t t = 0; t < p->ntransitions; t++) {
            const struct proc_transition *tr = &p->transitions[t];
            if (!proc_state(p, tr->to))
                fail_msg("%s: %s → %s: no such state", p->type, tr->action, tr->to);
            for (int k = 0; k < PROC_MAX_FROM && tr->from[k]; k++)
                if (!proc_state(p, tr->from[k]))
                    fail_msg("%s: %s from %s: no such state", p->type, tr->action, tr->from[k]);
        }
        bool final_reachable = false;
        for (size_t t = 0; t < p->ntransitions; t++)
            if (proc_state(p, p->transitions[t].to)->is_final)
                final_reachable = true;
        assert_true(final_reachable);
        /* every limit's figure is in the policy files, in force today */
        for (size_t k = 0; k < p->nstates; k++) {
            int v;
            if (case_limit(&env, &p->states[k].due, "500103001003", D("2026-01-05"), &v,
                           &err) < 0 ||
                case_limit(&env, &p->states[k].minimum, "500103001003", D("2026-01-05"), &v,
                           &err) < 0)
                fail_msg("%s: %s", p->type, err.msg);
        }
        if (strcmp(p->type, "appeal") == 0)
            continue;
        int total, extended;
        assert_int_equal(case_limit(&env, &p->total, "500103001003", D("2025-05-06"), &total, &err),
                         0);
        assert_int_equal(
            case_limit(&env, &p->extended, "500103001003", D("2025-05-06"), &extended, &err), 0);
        assert_int_equal(total, 30);
        assert_int_equal(extended, 45);
        assert_int_equal(p->total.unit, UNIT_WORKDAYS);
    }
    assert_int_equal(proc_find("tekun")->spot_percent, 30);
    /* 行政复议: 60 calendar days from acceptance, at most 30 more */
    const struct procedure *appeal = proc_find("appeal");
    assert_true(appeal->is_contest);
    assert_int_equal(appeal->total.unit, UNIT_DAYS);
    int days;
    assert_int_equal(case_limit(&env, &appeal->total, "500103001003", D("2025-05-06"), &days, &err),
                     0);
    assert_int_equal(days, 60);
    assert_int_equal(
        case_limit(&env, &appeal->extended, "500103001003", D("2025-05-06"), &days, &err), 0);
    assert_int_equal(days, 90);
    /* no policies, no limits: said, not guessed */
    struct case_env bare = {NULL, NULL, NULL};
    assert_int_equal(case_limit(&bare, &appeal->total, "500103001003", D("2025-05-06"), &days, &err),
                     -1);
    assert_string_equal(err.code, "no_policies");
    pol_set_free(set);
}

/* The bureau shortens a time limit from a day, in its policy files, for
 * one district (缩短办理时限): cases accepted from then on count the new
 * figure; earlier ones and other districts keep theirs (issue #12). */
static void test_time_limit_shortened(void **state)
{
    struct fixture *f = *state;
    if (pol_param_override(f->set, "case_total_workdays@500103=20", D("2025-03-01"), &f->err) < 0)
        fail_msg("%s", f->err.msg);
    int64_t before = open_case(f, "dibao", "H1", false, "2025-02-24");
    step(f, before, "accept", "street:li", NULL, "2025-02-24");
    assert_day(get(f, before).deadline, "2025-04-08"); /* 30 working days, 清明 04-04 */
    int64_t after = open_case(f, "dibao", "H1", false, "2025-03-03");
    step(f, after, "accept", "street:li", NULL, "2025-03-03");
    assert_day(get(f, after).deadline, "2025-03-31"); /* 20 working days */
    int v;
    const struct procedure *p = proc_find("dibao");
    assert_int_equal(case_limit(&f->env, &p->total, "500115001002", D("2025-03-03"), &v, &f->err),
                     0);
    assert_int_equal(v, 30);
    /* the extension is the policies' figure too, counted from acceptance */
    assert_int_equal(case_extend(&f->env, after, "street:li", "需核查异地存款", D("2025-03-04"),
                                 &f->err),
                     0);
    assert_day(get(f, after).deadline, "2025-05-08"); /* 45 working days: 04-27 worked, 05-01..05 off */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dibao_approve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_approve_against_engine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_temporary_paid_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_time_limit_shortened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_flags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dibao_reject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extension, setup, teardown),
        cmocka_unit_test_setup_teardown(test_objection_during_posting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_emergency_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_death_during_case, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staff_relative, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tekun_spot_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_illegal_transitions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_objection_and_appeal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reproduction_differs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_correction_stops_payment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recount_after_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dates_not_ahead, setup, teardown),
        cmocka_unit_test_setup_teardown(test_applicant_outside_household, setup, teardown),
        cmocka_unit_test(test_tables_consistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
