/* 长期护理保险 (LTC) as it meets civil-affairs assistance: a person's LTC
 * status as the registry and the policies see it on a day — the 医保
 * feed's facts (ltc_insured, ltc_mode), the assessed ability level, the
 * daily rate and monthly benefit the policies give (care_ltc.pol: LTC is
 * decided and paid by 医保, so it is a benefit variable, not a program the
 * bureau enrols and pays), and the 特困 decision whose care allowance is
 * reduced by what LTC pays for the same care (tekun.pol). Every figure
 * comes from the policy engine; nothing here decides. Functions return 0, or -1 with a Chinese
 * message on err. */
#ifndef MZ_CARE_LTC_H
#define MZ_CARE_LTC_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct registry;
struct pol_set;

struct ltc_status {
    bool insured;
    char mode[32];        /* "" if none recorded */
    char level[32];       /* the ability level in force, "" if never assessed */
    int64_t daily_rate;   /* fen: the rate for the level and mode, 0 if none can be cited */
    int64_t monthly;      /* fen: the monthly benefit (ltc_monthly), 0 if none */
    bool tekun;           /* granted 特困供养 */
    int64_t tekun_amount; /* its monthly amount, care allowance already reduced */
};

/* The status of person_id on day as_of (the person must have a household
 * on that day; not_found otherwise). */
int ltc_status(struct registry *reg, const struct pol_set *set, int64_t person_id, mz_date as_of,
               struct ltc_status *out, struct mz_err *err);

#endif
