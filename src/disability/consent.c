/* 免申即享 of the disability subsidies (consent.h): consents, and the
 * enrolments the 残联 data gives the consenting. */
#include "disability/consent.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/mem.h"
#include "pay/pay.h"
#include "policy/policy.h"
#include "policy/snapload.h"
#include "registry/registry.h"
#include "store/childstore.h"
#include "store/regstore.h"

static const char *const programs[DIS_NPROGRAMS] = {"disability_living", "disability_care"};

const char *const *dis_programs(void)
{
    return programs;
}

int dis_consent(struct registry *reg, int64_t person_id, const char *given_on,
                const char *given_by, const char *actor, struct mz_err *err)
{
    struct db *db = reg_db(reg);
    struct person_row p;
    int found = person_id > 0 ? rs_person_get(db, person_id, &p, err) : 0;
    if (found <= 0)
        return found < 0 ? -1
                         : mz_fail_field(err, "person", "unknown_person",
                                         "没有这位残疾人（人员编号 %" PRId64 "）", person_id);
    mz_date day = given_on ? date_parse(given_on) : MZ_DATE_NONE;
    if (day == MZ_DATE_NONE)
        return mz_fail_field(err, "given_on", "invalid_value", "授权日期应为 YYYY-MM-DD，实为“%.20s”",
                             given_on ? given_on : "");
    if (date_check(day, date_today(), "given_on", "授权日期", err) < 0) return -1;
    if (!given_by || (strcmp(given_by, "本人") != 0 && strcmp(given_by, "监护人") != 0))
        return mz_fail_field(err, "given_by", "invalid_value", "授权人应为“本人”或“监护人”，实为“%.20s”",
                             given_by ? given_by : "");
    char key[24], detail[64];
    snprintf(key, sizeof key, "%" PRId64, person_id);
    snprintf(detail, sizeof detail, "%s %s授权免申即享", given_on, given_by);
    struct audit_event ev = {actor, "disability.consent", "person", key, NULL, NULL, detail};
    int rc = db_begin(db, err);
    if (rc == 0) rc = chs_consent_put(db, person_id, given_on, given_by, actor, err);
    if (rc == 0) rc = audit_append(db, reg_vault(reg), &ev, err);
    if (rc == 0) rc = db_commit(db, err);
    if (rc < 0) db_rollback(db);
    return rc;
}

/* ---- enrolment ---------------------------------------------------------- */

struct consents {
    struct consent_row *v;
    size_t n, cap;
};

static int collect(void *ctx, const struct consent_row *c)
{
    struct consents *l = ctx;
    if (mz_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0) return -1;
    l->v[l->n++] = *c;
    return 0;
}

/* Whether person is eligible for each program on day (eligible[i]). */
static int eligible_on(struct registry *reg, const struct pol_set *set, int64_t household,
                       int64_t person, mz_date day, const int *prog, bool *eligible,
                       struct mz_err *err)
{
    struct snap_request req = {.as_of = day, .household_id = household};
    int64_t *pids = NULL;
    struct pol_results *res = NULL;
    struct pol_snapshot *snap = snap_load(reg_db(reg), set, &req, &pids, err);
    int rc = snap && (res = pol_eval(set, snap, day, 1, err)) ? 0 : -1;
    for (int i = 0; i < DIS_NPROGRAMS; i++) eligible[i] = false;
    for (size_t p = 0; rc == 0 && p < snap->npersons; p++)
        for (int i = 0; pids[p] == person && i < DIS_NPROGRAMS; i++)
            eligible[i] = pol_results_eligible(res, prog[i])[p] != 0;
    pol_results_free(res);
    if (snap) pol_snapshot_free(snap);
    mz_free(pids);
    return rc;
}

/* Enrols one consenting person: the first month from the consent's on
 * whose first day they were eligible for each program still eligible on
 * as_of. */
static int enrol_person(struct registry *reg, const struct pol_set *set, const int *prog,
                        const struct consent_row *c, mz_date as_of, const char *actor,
                        size_t *added, struct mz_err *err)
{
    int64_t household = 0;
    mz_date joined;
    char relation[32];
    if (rs_membership_current(reg_db(reg), c->person_id, &household, relation, &joined, err) < 0)
        return -1;
    if (household <= 0) return 0;
    bool now[DIS_NPROGRAMS], then[DIS_NPROGRAMS];
    if (eligible_on(reg, set, household, c->person_id, as_of, prog, now, err) < 0) return -1;
    pay_month start[DIS_NPROGRAMS] = {0};
    bool found[DIS_NPROGRAMS] = {false};
    pay_month last = pay_month_of(as_of);
    for (pay_month m = pay_month_of(date_parse(c->given_on)); m <= last; m++) {
        if (eligible_on(reg, set, household, c->person_id, pay_month_first(m), prog, then, err) < 0)
            return -1;
        for (int i = 0; i < DIS_NPROGRAMS; i++) {
            if (now[i] && then[i] && !found[i]) start[i] = m;
            found[i] |= now[i] && then[i];
        }
    }
    for (int i = 0; i < DIS_NPROGRAMS; i++) {
        if (!now[i]) continue;
        int64_t id;
        bool new_one;
        if (pay_enrol_person(reg, set, programs[i], household, c->person_id,
                             found[i] ? start[i] : last, "免申即享", actor, &id, &new_one, err) < 0)
            return -1;
        *added += new_one;
    }
    return 0;
}

int dis_enrol_consented(struct registry *reg, const struct pol_set *set, mz_date as_of,
                        const char *actor, size_t *added, struct mz_err *err)
{
    *added = 0;
    int prog[DIS_NPROGRAMS];
    for (int i = 0; i < DIS_NPROGRAMS; i++)
        if ((prog[i] = pol_program_find(set, programs[i])) < 0)
            return mz_fail(err, "no_program", "政策中没有项目 %s", programs[i]);
    struct consents l = {0};
    int rc = chs_consents(reg_db(reg), collect, &l, err);
    if (rc > 0) rc = mz_fail(err, "out_of_memory", "内存不足");
    for (size_t i = 0; rc == 0 && i < l.n; i++)
        rc = enrol_person(reg, set, prog, &l.v[i], as_of, actor, added, err);
    mz_free(l.v);
    return rc;
}
