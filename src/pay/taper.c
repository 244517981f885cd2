/* 渐退 (taper, internal.h): a household enrolled in a household program
 * that is no longer eligible because a member found work keeps the amount
 * it had the day before the job for the months the policy sets (parameter
 * PROGRAM_taper_months, e.g. dibao_taper_months), then stops. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "pay/internal.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "store/regstore.h"

/* The latest day a member started work (employment 在业 or 灵活就业 in force
 * on `first`), later than `since`. */
struct job {
    mz_date since, started;
    int64_t *members;
    size_t n, cap;
    int oom;
};

static int member_fn(void *ctx, const struct member_row *m)
{
    struct job *j = ctx;
    if (mz_grow(&j->members, &j->cap, j->n + 1, sizeof *j->members) < 0)
        return j->oom = 1;
    j->members[j->n++] = m->person_id;
    return 0;
}

static int fact_fn(void *ctx, int64_t person, const char *variable, const char *value,
                   mz_date effective)
{
    (void)person;
    struct job *j = ctx;
    if (strcmp(variable, "employment") == 0 &&
        (strcmp(value, "在业") == 0 || strcmp(value, "灵活就业") == 0) && effective > j->since &&
        (j->started == MZ_DATE_NONE || effective > j->started))
        j->started = effective;
    return 0;
}

/* Whether the household was eligible for program on day, and its amount. */
static int eligible_on(struct db *db, const struct pol_set *set, int program, int64_t household,
                       mz_date day, int *eligible, int64_t *amount, struct mz_err *err)
{
    struct snap_request req = {.as_of = day, .household_id = household};
    struct pol_snapshot *snap = snap_load(db, set, &req, NULL, err);
    if (!snap)
        return -1;
    struct pol_results *res = snap->nhouseholds == 1 ? pol_eval(set, snap, day, 1, err) : NULL;
    *eligible = res && pol_results_eligible(res, program)[0];
    *amount = res ? pol_results_amount(res, program)[0] : 0;
    int rc = snap->nhouseholds == 1 && !res ? -1 : 0;
    pol_results_free(res);
    pol_snapshot_free(snap);
    return rc;
}

int pay_taper(struct db *db, const struct pol_set *set, int program, const struct enrol_row *e,
              pay_month month, struct pay_due *d, struct mz_err *err)
{
    if (pol_program_entity(set, program) != POL_HOUSEHOLD)
        return 0;
    struct household_row h;
    int found = rs_household_get(db, e->household_id, &h, err);
    if (found <= 0)
        return found;
    char param[80];
    snprintf(param, sizeof param, "%s_taper_months", pol_program_name(set, program));
    mz_date first = pay_month_first(month);
    int64_t months = 0;
    if (!pol_param_lookup(set, param, h.division, h.rural, first, &months) || months <= 0)
        return 0;
    struct mz_err ignored = {0};
    pay_month start;
    if (pay_month_parse(e->start_month, &start, &ignored) < 0)
        return 0;
    struct job j = {.since = pay_month_first(start) - 1, .started = MZ_DATE_NONE};
    int rc = rs_scan_members(db, first, e->household_id, member_fn, &j, err);
    if (rc == 0 && j.oom)
        rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < j.n; i++)
        rc = rs_scan_facts(db, "person", first, NULL, j.members[i], fact_fn, &j, err);
    mz_free(j.members);
    if (rc < 0 || j.started == MZ_DATE_NONE)
        return rc;
    int was_eligible;
    int64_t amount;
    if (eligible_on(db, set, program, e->household_id, j.started - 1, &was_eligible, &amount,
                    err) < 0)
        return -1;
    if (!was_eligible)
        return 0; /* not eligible before the job either: a re-check */
    /* taper month k: the first month whose first day is on or after the job */
    int k = month - pay_month_of(j.started - 1);
    char day[11];
    date_format(j.started, day);
    if (k <= months) {
        snprintf(d->status, sizeof d->status, "taper");
        snprintf(d->reason, sizeof d->reason,
                 "家庭成员自 %s 起就业，已不符合条件；按渐退办法照发原金额：渐退第 %d/%d 个月",
                 day, k, (int)months);
        d->amount = amount;
        return 0;
    }
    snprintf(d->status, sizeof d->status, "stopped");
    snprintf(d->reason, sizeof d->reason, "渐退期 %d 个月已满（家庭成员自 %s 起就业），本月起停发",
             (int)months, day);
    d->amount = 0;
    d->end = month - 1;
    return 0;
}
