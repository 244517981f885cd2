/* What roll.c shares with arrears.c and enrol.c: the amount due to each
 * enrolment of a program in one month. */
#ifndef MZ_PAY_INTERNAL_H
#define MZ_PAY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
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

/* ---- what the review schedule reads of a household (revprofile.c) ---- */

struct review_dead {
    int64_t person_id;
    mz_date date; /* MZ_DATE_NONE if unknown */
};

/* An enrolled household as of a month's first day. */
struct review_profile {
    int64_t household_id;
    bool present;     /* it had members that day (else nothing below is set) */
    int months;       /* the review interval */
    const char *why;  /* static Chinese text: the household type */
    bool alive;       /* a member is alive */
    size_t ndead;     /* the members recorded dead, with their death's date */
    const struct review_dead *dead;
    char hh_no[64];
    char division[13]; /* the household's division code */
};

/* The profiles of households ids[0..n) (distinct, ascending) as of first,
 * in that order: *out and *dead (which the profiles' dead point into) are
 * the caller's (mz_free). Kept in memory between calls (one database,
 * day and policy layout at a time) and followed through the registry's
 * change journal, whose generation a call outside any transaction
 * advances; in a write transaction, or when the journal cannot be
 * followed (a bulk load), read afresh. */
int review_profiles(struct db *db, const struct pol_set *set, mz_date first, const int64_t *ids,
                    size_t n, struct review_profile **out, struct review_dead **dead,
                    struct mz_err *err);

#endif
