/* What roll.c shares with arrears.c and enrol.c: the amount due to each
 * enrolment of a program in one month. */
#ifndef MZ_PAY_INTERNAL_H
#define MZ_PAY_INTERNAL_H

#include <stdint.h>

#include "pay/pay.h"
#include "store/db.h"

struct pol_set;

/* One enrolment's due for a month. */
struct pay_due {
    int64_t household_id, person_id, enrolment_id;
    int64_t amount;  /* fen; 0 unless status is "pay" */
    char status[12]; /* "pay", "taper", "recheck", "withheld", "stopped" */
    char reason[256];
    pay_month end; /* stopped (death, taper over): the enrolment's last month; else -1 */
};

struct pay_dues {
    struct pay_due *items; /* sorted by household, person */
    size_t n, cap;
};

/* Computes the dues of program (index in set) for month, for the
 * households of unit (NULL: all) — of those, when only is not NULL, just
 * the nonly households listed (ascending ids). The caller frees with
 * pay_dues_free. */
int pay_dues_compute(struct db *db, const struct pol_set *set, int program, pay_month month,
                     const struct pay_unit *unit, const int64_t *only, size_t nonly,
                     struct pay_dues *out, struct mz_err *err);
void pay_dues_free(struct pay_dues *d);

/* 渐退 (taper.c): d is e's due in month, found not eligible. If a member
 * found work since the enrolment started, the household was eligible the
 * day before and the policy sets a taper period (parameter
 * PROGRAM_taper_months > 0, household programs), d becomes a "taper" line
 * with the amount of the day before the job for that many months, then a
 * "stopped" line ending the enrolment. 0 (d changed or not) or -1. */
int pay_taper(struct db *db, const struct pol_set *set, int program, const struct enrol_row *e,
              pay_month month, struct pay_due *d, struct mz_err *err);

/* The program's index in set, or -1 with a message naming it. */
int pay_program(const struct pol_set *set, const char *name, struct mz_err *err);

#endif
