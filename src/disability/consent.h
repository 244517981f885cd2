/* 免申即享 of the 残疾人两项补贴 (渝民〔2022〕207号; DOMAIN.md §3: benefits
 * granted without application): a disabled person (or their guardian)
 * consents once; from then on the 残联 feed's data enrols them in the
 * subsidies they become eligible for, from the month they became so, and
 * the existing rolls and retroactive arrears (src/pay) pay, change and stop
 * the amounts as the level or category changes. Functions return 0, or -1
 * with a Chinese message on err. */
#ifndef MZ_DISABILITY_CONSENT_H
#define MZ_DISABILITY_CONSENT_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct registry;
struct pol_set;

/* The subsidies granted without application, and who may consent. */
#define DIS_NPROGRAMS 2
const char *const *dis_programs(void);

/* Records (or renews) person_id's consent given on given_on (YYYY-MM-DD,
 * not in the future) by given_by (本人 or 监护人), audited
 * disability.consent under actor. Refused naming the field: person,
 * given_on, given_by. */
int dis_consent(struct registry *reg, int64_t person_id, const char *given_on,
                const char *given_by, const char *actor, struct mz_err *err);

/* Enrols every consenting person in each subsidy they are eligible for on
 * as_of and not yet enrolled in, from the first month (on or after the
 * consent's) on whose first day they were eligible — the convention of
 * the payment rolls and the arrears — with source "免申即享". *added
 * counts the enrolments. */
int dis_enrol_consented(struct registry *reg, const struct pol_set *set, mz_date as_of,
                        const char *actor, size_t *added, struct mz_err *err);

#endif
