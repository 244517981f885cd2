/* 银龄行动: younger elderly people (ages volunteer_age_min to
 * volunteer_age_max, policies/chongqing/care_volunteers.pol) register as
 * volunteers with their skills; visit targets of 探访关爱 without a
 * volunteer are paired with one of their community (same 12-digit
 * division) who has the skill 探访, fewest pairs first, at most
 * volunteer_max_pairs each; the time bank (时间银行) records minutes of
 * service, a visit made by a volunteer crediting volunteer_visit_minutes
 * (care/visit.c). Functions return 0, or -1 with a Chinese message on err
 * naming the field of bad input; every change is audited. */
#ifndef MZ_CARE_VOLUNTEER_H
#define MZ_CARE_VOLUNTEER_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct registry;
struct pol_set;

/* The skills a volunteer may offer (static): 探访, 助餐, 陪诊, 文体, 维修, 助洁. */
const char *const *volunteer_skills(size_t *n);

/* Registers person_id as a volunteer with skills (names of
 * volunteer_skills separated by "、" or ","), as of today. Refused: an
 * unknown person (person), an age outside the policy's bounds
 * (person), one already registered (person, conflict), an unknown or no
 * skill (skills). Sets *id; audited (volunteer.add). */
int volunteer_add(struct registry *reg, const struct pol_set *set, int64_t person_id,
                  const char *skills, const char *actor, int64_t *id, struct mz_err *err);

/* Pairs the visit targets of month (visit_schedule) under the division
 * prefixes that have no volunteer; one transaction, audited
 * (volunteer.match); *paired counts the new pairs. */
int volunteer_match(struct registry *reg, const struct pol_set *set, const char (*prefixes)[13],
                    int nprefixes, const char *month, const char *actor, long *paired,
                    struct mz_err *err);

/* Credits minutes (text, 1 to 1440) of activity (a skill) on a day (not
 * after today) to the volunteer person_id; audited (volunteer.hours). */
int volunteer_hours(struct registry *reg, int64_t person_id, const char *on, const char *activity,
                    const char *minutes, const char *actor, struct mz_err *err);

#endif
