/* 探访关爱: visits to elderly people in special difficulty (民政部等10部门
 * 《关于开展特殊困难老年人探访关爱服务的指导意见》, 2022). Who is to be
 * visited is the policy program visit_care (policies/chongqing/
 * care_visits.pol); a visit is recorded with how and by whom, and writes
 * the person's last_contact fact, so the warning visit_missed and the
 * 90-day alone_no_contact (warnings.pol) see it. The month's schedule
 * lists the targets of a scope, why each is one, and whether each was
 * visited. Functions return 0, or -1 with a Chinese message on err. */
#ifndef MZ_CARE_VISIT_H
#define MZ_CARE_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "base/text.h"

struct registry;
struct pol_set;
struct mon_env;

/* The ways of visiting: 上门, 电话, 视频 (static). */
const char *const *visit_methods(size_t *n);

/* One visit as told: the person (registry id), the day (YYYY-MM-DD), the
 * method, who visited (an account's or a volunteer's name), what was
 * found (may be NULL) and whether help is needed. */
struct visit_in {
    int64_t person_id;
    const char *visited_on, *method, *visitor, *findings;
    bool needs_help;
    int64_t volunteer; /* a 银龄 volunteer's person id who visited, or 0 */
};

/* Records a visit in one transaction: the visit, the person's last_contact
 * fact (effective on the day, source "visit", audited by the registry),
 * the monitor's re-evaluation of the person's household (env: a warning
 * condition that no longer holds is recorded as such) and the audit entry
 * visit.record under actor; a visit by a volunteer (the visitor is then
 * the volunteer) credits volunteer_visit_minutes to their time bank
 * (care/volunteer.h). Refused, naming the field: an unknown person
 * (person, unknown_person), a day that is not a date, in the future or
 * before the person's birth (visited_on), a method not of visit_methods
 * (method), a blank visitor (visitor), findings over TEXT_MAX_NOTE
 * characters (findings), someone not registered as a volunteer
 * (volunteer_id). Sets *id. */
int visit_record(const struct mon_env *env, const struct visit_in *in, const char *actor,
                 int64_t *id, struct mz_err *err);

/* A person to visit in a month. */
struct visit_target {
    int64_t person_id, household_id;
    char name[TEXT_BYTES(TEXT_MAX_NAME)];
    char id_masked[19];
    char division[13];
    char address[TEXT_BYTES(TEXT_MAX_ADDRESS)];
    int age;
    char reasons[128];    /* the categories that hold, "独居、失能" (labels of the policy) */
    mz_date last_contact; /* MZ_DATE_NONE if never */
    bool visited;         /* last_contact falls in the month */
    int64_t volunteer;    /* the paired volunteer's person id, 0 if none */
    char volunteer_name[TEXT_BYTES(TEXT_MAX_NAME)];
};

struct visit_schedule {
    char month[8];                /* YYYY-MM */
    mz_date as_of;                /* the day the policy was applied: today, within the month */
    struct visit_target *targets; /* by division, then household */
    size_t n;
    size_t visited;
};

/* The schedule of month (YYYY-MM, code invalid_value on field month if
 * not) for the households under one of the division code prefixes ("" =
 * everywhere): every person the policy finds eligible for visit_care as of
 * today (or the first or last day of the month, for another month), with
 * the categories, masked ID number, address, last contact and whether it
 * fell in the month. The caller frees with visit_schedule_free. */
int visit_schedule(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
                   int nprefixes, const char *month, struct visit_schedule *out,
                   struct mz_err *err);
void visit_schedule_free(struct visit_schedule *s);

#endif
