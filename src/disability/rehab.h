/* 精康融合行动 (民政部 国家卫生健康委 中国残联, 2022): people with serious
 * mental disorders referred to a community rehabilitation service, and the
 * progress of each referral — received by the service, in rehabilitation,
 * closed. Who may be referred is the policy's person variable rehab_target
 * (disability.pol). Functions return 0, or -1 with a Chinese message on
 * err (field named). */
#ifndef MZ_DISABILITY_REHAB_H
#define MZ_DISABILITY_REHAB_H

#include <stdint.h>

#include "base/err.h"

struct registry;
struct pol_set;

/* The Chinese label of a referral's state (referred 已转介, received
 * 机构已接收, in_rehab 康复中, closed 已结案), or the state itself. */
const char *rehab_state_label(const char *state);

/* Refers person_id on referred_on (YYYY-MM-DD, not in the future) to the
 * community rehabilitation service named service, audited rehab.refer.
 * Refused: an unknown person (person); one who is not a rehab_target on
 * the day (person, not_target); one with an open referral (person,
 * already_referred); a bad day (referred_on); a blank or too long service
 * (service). Sets *id. */
int rehab_refer(struct registry *reg, const struct pol_set *set, int64_t person_id,
                const char *referred_on, const char *service, const char *actor, int64_t *id,
                struct mz_err *err);

/* Records the progress of referral id on on_day: the new state (a later
 * one than its current: received, in_rehab or closed; code bad_state
 * otherwise) and a note (may be NULL), audited rehab.progress. Refused:
 * an unknown referral (id, not_found), a day before the referral or in
 * the future (on_day), a state not of the list (state). */
int rehab_progress(struct registry *reg, int64_t id, const char *on_day, const char *state,
                   const char *note, const char *actor, struct mz_err *err);

#endif
