/* The 儿童主任's work with a child in difficulty (民发〔2019〕34号):
 * home visits and calls, guardianship guidance (监护指导) and referrals
 * for mental-health help (心理健康转介), each recorded with who, when and
 * what was found. A visit, a call or guidance writes the child's
 * last_contact fact, so the warning child_visit_overdue (children_
 * difficulty.pol) sees it and the child's visit falls due again a policy
 * interval later. Functions return 0, or -1 with a Chinese message on err. */
#ifndef MZ_CHILDREN_VISIT_H
#define MZ_CHILDREN_VISIT_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct mon_env;

/* The kinds: 入户探访, 电话联系, 监护指导, 心理健康转介 (static). */
const char *const *child_visit_kinds(size_t *n);

struct child_visit_in {
    int64_t person_id;
    const char *visited_on; /* YYYY-MM-DD */
    const char *kind;       /* of child_visit_kinds */
    const char *visitor;    /* the 儿童主任 or worker's name */
    const char *findings;   /* may be NULL */
};

/* Records one in a transaction with the child's last_contact fact (not for
 * a referral), the monitor's re-evaluation of the household (a warning
 * that no longer holds is recorded as such) and the audit entry
 * child.visit under actor. Refused, naming the field: an unknown person or
 * one 18 or older on the day (person), a day that is not a date, in the
 * future or before the birth (visited_on), an unknown kind (kind), a blank
 * visitor (visitor), findings over TEXT_MAX_NOTE characters (findings).
 * Sets *id. */
int child_visit_record(const struct mon_env *env, const struct child_visit_in *in,
                       const char *actor, int64_t *id, struct mz_err *err);

#endif
