/* 重度残疾人托养 (residential and day care for the severely disabled,
 * 国发〔2015〕7号): placements of severely disabled persons — the policy's
 * tuoyang_severe (disability.pol): grade 1–2, or grade 3–4 intellectual or
 * mental disability — with a care provider of the elderly-care provider
 * register (src/care/provider.h): 寄宿 (residential) in a 养老机构, 日间
 * (day care) in a 养老机构, 街道养老服务中心 or 社区养老服务站. A placement
 * writes the person's tuoyang_mode fact from its day and enrols them in
 * the program tuoyang through the payments' enrolments (source 托养安置),
 * so the subsidy the policy decides is paid by the monthly rolls, from
 * the first month on whose first day they are placed; ending it writes
 * tuoyang_mode 无, and the rolls stop paying. Every change is audited in
 * the transaction that makes it. Functions return 0, or -1 with a
 * Chinese message on err (field named). */
#ifndef MZ_DISABILITY_TUOYANG_H
#define MZ_DISABILITY_TUOYANG_H

#include <stdint.h>

#include "base/err.h"

struct registry;
struct pol_set;

/* Places person_id with provider_id in mode (寄宿 or 日间) from start_on
 * (YYYY-MM-DD, not in the future). Refused: an unknown person (person) or
 * provider (provider, unknown_provider), a provider of a kind that does
 * not offer the mode (provider, wrong_kind), one not severely disabled on
 * the day (person, not_severe), one already in care (person,
 * already_in_care). Sets *id. */
int ty_place(struct registry *reg, const struct pol_set *set, int64_t person_id,
             int64_t provider_id, const char *mode, const char *start_on, const char *actor,
             int64_t *id, struct mz_err *err);

/* Ends person_id's open placement on end_on (not before its start, not in
 * the future). Refused: none open (person, not_in_care). */
int ty_end(struct registry *reg, int64_t person_id, const char *end_on, const char *actor,
           struct mz_err *err);

#endif
