/* The demo city in the middle of its month (mz demo, the first mz serve):
 * on a freshly generated registry (gen/), the work a city's offices would
 * have done by now — last month's caseload enrolled and paid, this month's
 * department records raising warnings, some handled, and applications at
 * every step of their procedure — done through the domains as caseworkers
 * would (monitor, cases, pay), every change audited under demo actors, so
 * that every page and chart has real numbers for a newcomer. */
#ifndef MZ_DEMO_H
#define MZ_DEMO_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"

struct registry;
struct pol_set;
struct cal;

struct demo_counts {
    int64_t enrolled; /* enrolments of the caseload */
    int64_t rolls;    /* last month's rolls, approved and paid */
    long warnings;    /* raised by this month's records */
    int64_t cases;    /* applications opened */
};

/* Plays the month up to `today` on reg (borrowed, with set and cal):
 *  - the registry as of the first day of last month is the monitor's
 *    baseline; the caseload of every program paid monthly is enrolled from
 *    the month before last;
 *  - last month's roll of each such program is built for each county,
 *    approved by a second person of the county and marked paid;
 *  - this month's records from departments (new serious illnesses, medical
 *    bills, deaths) for a sample of persons, and a sweep as of today that
 *    raises the warnings they call for; some are assigned, verified or
 *    closed;
 *  - 低保 applications opened from warnings and left at each step (applied
 *    … approved, rejected and notified), a 特困 and a 临时救助 application
 *    decided.
 * Returns 0, or -1 with the first failure on err. */
int demo_activity(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                  mz_date today, struct demo_counts *out, struct mz_err *err);

/* Elderly care in the county of the first household (demo_care.c): the
 * provider network, assessments of some elderly, last month's home-service
 * orders served and settled (four eyes), this month's at every state, and
 * meals with the canteens' costs, so that every care page has data. */
int demo_care(struct registry *reg, const struct pol_set *set, mz_date today,
              struct mz_err *err);

#endif
