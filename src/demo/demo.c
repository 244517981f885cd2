/* The demo city's month of work (demo.h): enrolments and paid rolls,
 * department records and the warnings they raise, applications at every
 * step. Only what a caseworker could do through the domains. */
#include "demo/demo.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cases/case.h"
#include "cases/procedure.h"
#include "monitor/monitor.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/monitorstore.h"
#include "store/paystore.h"
#include "store/regstore.h"

#define STREET "street:演示经办"
#define PREPARER "county:演示制表"
#define APPROVER "county:演示审核"

/* Persons picked for this month's records: one in every so many. */
#define ILLNESS_EVERY 97
#define MEDICAL_EVERY 131
#define DEATH_EVERY 389 /* among those of 60 or more */
#define HANDLED_WARNINGS 40
#define APPLICATIONS 8 /* one 低保 application left at each step */

/* Whether program p is paid monthly in rolls: it pays, and not once. */
static bool paid_monthly(const struct pol_set *set, int p)
{
    const struct procedure *proc = proc_for_program(pol_program_name(set, p));
    return pol_program_pays(set, p) && !(proc && proc->is_one_off);
}

/* Last month's roll of program for each county: built, approved by a
 * second person of the county, paid. */
static int pay_last_month(struct registry *reg, const struct pol_set *set, const char *program,
                          pay_month month, struct demo_counts *out, struct mz_err *err)
{
    char text[8];
    pay_month_format(month, text);
    char(*units)[13];
    size_t n;
    if (ps_enrol_units(reg_db(reg), program, text, &units, &n, err) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct pay_unit unit = {.nprefixes = 1};
        snprintf(unit.code, sizeof unit.code, "%s", units[i]);
        snprintf(unit.prefixes[0], sizeof unit.prefixes[0], "%s", units[i]);
        struct pay_roll_summary s;
        rc = pay_roll_build(reg, set, program, month, &unit, PREPARER, &s, err);
        if (rc == 0)
            rc = pay_roll_approve(reg, s.roll.id, APPROVER, unit.code, err);
        if (rc == 0)
            rc = pay_roll_mark_paid(reg, s.roll.id, APPROVER, err);
        out->rolls += rc == 0;
    }
    mz_free(units);
    return rc;
}

/* This month's records for a sample of the persons living today. */
static int department_records(struct registry *reg, const struct pol_set *set, mz_date today,
                              struct mz_err *err)
{
    struct snap_request req = {.as_of = today};
    int64_t *pids = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(reg), set, &req, &pids, err);
    if (!snap)
        return -1;
    int birth = pol_input_find(set, "birth_date");
    char ill_day[11], bill_day[11], death_day[11];
    date_format(today - 5, ill_day);
    date_format(today - 3, bill_day);
    date_format(today - 7, death_day);
    int rc = 0;
    size_t npersons = snap->member_start[snap->nhouseholds];
    for (size_t i = 1; rc == 0 && i < npersons; i++) {
        enum put_result res;
        if (i % ILLNESS_EVERY == 0) {
            struct reg_fact_in in = {NULL, NULL, "serious_illness", "是", ill_day, "卫健"};
            rc = reg_person_fact_put(reg, pids[i], &in, &res, err);
        } else if (i % MEDICAL_EVERY == 0) {
            struct reg_fact_in in = {NULL, NULL, "medical_spending_12m", "35000.00", bill_day,
                                     "医保"};
            rc = reg_person_fact_put(reg, pids[i], &in, &res, err);
        } else if (i % DEATH_EVERY == 0 && birth >= 0 && snap->columns[birth][i] != MZ_DATE_NONE &&
                   today - (mz_date)snap->columns[birth][i] >= 60 * 366) {
            struct reg_fact_in in = {NULL, NULL, "death", death_day, death_day, "公安"};
            rc = reg_person_fact_put(reg, pids[i], &in, &res, err);
        }
    }
    mz_free(pids);
    pol_snapshot_free(snap);
    return rc;
}

/* Some of the warnings handled: assigned, verified, closed. */
static int handle_warnings(struct registry *reg, struct mz_err *err)
{
    int64_t *ids;
    size_t n;
    if (ms_warning_ids(reg_db(reg), "", "open", "", "", &ids, &n, err) < 0)
        return -1;
    static const char *const steps[][2] = {
        {"assign", "演示经办"}, {"verify", "已入户核实"}, {"close", "已告知申请救助"}};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n && i < HANDLED_WARNINGS; i++)
        for (size_t k = 0; rc == 0 && k < i % 4; k++)
            rc = mon_warning_step(reg, ids[i], steps[k][0], steps[k][1], STREET, err);
    mz_free(ids);
    return rc;
}

/* 低保 applications from open warnings of new serious illness, the k-th
 * left after k steps (applied, accepted, investigating, visited, posting,
 * submitted, approved), the last rejected and notified. */
static int applications(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                        mz_date today, struct demo_counts *out, struct mz_err *err)
{
    static const struct {
        const char *action, *actor, *reason;
        int day;
    } walk[] = {
        {"accept", STREET, NULL, 0},
        {"investigate", STREET, NULL, 1},
        {"visit", STREET, NULL, 2},
        {"start_posting", STREET, NULL, 3},
        {"end_posting", STREET, NULL, 11},
        {"approve", APPROVER, "演示：入户核实，因病支出大、收入中断", 12},
    };
    enum { NWALK = sizeof walk / sizeof walk[0] };
    int64_t *ids;
    size_t n;
    if (ms_warning_ids(reg_db(reg), "", "open", "", "serious_illness", &ids, &n, err) < 0)
        return -1;
    struct case_env env = {reg, cal, set};
    mz_date start = today - 14;
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < n && k < APPLICATIONS; k++) {
        int64_t id;
        rc = mon_warning_case(&env, ids[k], "dibao", STREET, "演示经办", start, &id, err);
        out->cases += rc == 0;
        /* the last one is rejected after 公示 instead of approved */
        size_t steps = k <= NWALK ? k : NWALK - 1;
        for (size_t s = 0; rc == 0 && s < steps; s++) {
            struct case_step_in in = {.action = walk[s].action, .actor = walk[s].actor,
                                      .reason = walk[s].reason, .day = start + walk[s].day};
            rc = case_step(&env, id, &in, err);
        }
        if (rc == 0 && k >= NWALK + 1) {
            struct case_step_in reject = {.action = "reject", .actor = APPROVER,
                                          .reason = "演示：家庭存款超过规定", .day = start + 12};
            struct case_step_in notify = {.action = "notify", .actor = STREET, .day = start + 13};
            rc = case_step(&env, id, &reject, err);
            if (rc == 0)
                rc = case_step(&env, id, &notify, err);
        }
    }
    mz_free(ids);
    return rc;
}

static int first_county(void *ctx, const struct member_row *m)
{
    snprintf(ctx, 7, "%.6s", m->division);
    return 1;
}

int demo_activity(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                  mz_date today, struct demo_counts *out, struct mz_err *err)
{
    memset(out, 0, sizeof *out);
    pay_month month = pay_month_of(today);
    struct mon_env menv = {reg, set, cal};
    struct mon_counts c = {0};
    if (mon_sweep(&menv, pay_month_first(month - 1), true, &c, err) < 0)
        return -1;
    for (int p = 0; p < pol_program_count(set); p++) {
        int64_t added;
        if (!paid_monthly(set, p))
            continue;
        if (pay_enrol_eligible(reg, set, pol_program_name(set, p), month - 2, PREPARER, &added,
                               err) < 0 ||
            pay_last_month(reg, set, pol_program_name(set, p), month - 1, out, err) < 0)
            return -1;
        out->enrolled += added;
    }
    /* marriages before this month's deaths, so that a death ends one */
    if (demo_marriage(reg, set, cal, today, &out->marriages, err) < 0)
        return -1;
    c = (struct mon_counts){0};
    if (department_records(reg, set, today, err) < 0 ||
        mon_sweep(&menv, today, false, &c, err) < 0)
        return -1;
    out->warnings = c.warnings;
    if (handle_warnings(reg, err) < 0 || demo_care(reg, set, today, err) < 0 ||
        demo_volunteers(&menv, today, err) < 0 || demo_visits(&menv, today, err) < 0 ||
        demo_alarms(&menv, today, err) < 0 || demo_children(&menv, today, err) < 0 ||
        demo_rehab(reg, set, today, err) < 0)
        return -1;
    if (demo_assessments(reg, set, cal, today, &out->assessments, err) < 0)
        return -1;
    if (applications(reg, set, cal, today, out, err) < 0 ||
        demo_resident(reg, set, cal, today, out, err) < 0 || demo_orgs(&menv, today, err) < 0)
        return -1;
    /* the county of the first household, where the demo accounts work */
    char county[7] = "";
    if (rs_scan_members(reg_db(reg), today, 0, first_county, county, err) < 0)
        return -1;
    if (county[0] && (demo_funeral(reg, set, cal, county, today, &out->deaths, err) < 0 ||
                      demo_institutions(reg, set, county, today, err) < 0))
        return -1;
    if (demo_placenames(reg, set, cal, today, err) < 0)
        return -1;
    return county[0] ? demo_supervise(&menv, county, today, err) : 0;
}
