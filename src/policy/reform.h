/* Reform simulation: change a parameter from a date ("raise the urban 低保
 * standard to 800 yuan from 2026-01-01") and compare every program's
 * decisions on the live caseload with and without the change — who gains,
 * who loses, the monthly cost by district, and for each household that
 * changes, the criterion whose outcome changed. */
#ifndef MZ_REFORM_H
#define MZ_REFORM_H

#include <stdint.h>
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "policy/policy.h"
#include "policy/snapshot.h"

/* Applies "NAME[.urban|.rural][@PREFIX]=VALUE" to set from day `from`:
 * every value of NAME in force in that scope is replaced by VALUE from that
 * day (indexation rules in the scope are replaced too). VALUE is written as
 * in policy files ("800", "800.00", "1.6"). Fails naming an unknown
 * parameter, a bad scope or a value of the wrong type. */
int pol_param_override(struct pol_set *set, const char *spec, mz_date from, struct mz_err *err);

/* A reform may start up to this many days ahead. */
#define REFORM_AHEAD_DAYS (5 * 366)

/* Checks the day a reform starts: from 1900 to REFORM_AHEAD_DAYS after
 * today; -1 with invalid_value on field "from". */
int reform_from_check(mz_date from, struct mz_err *err);

/* The parameters of a set a reform may change (for a form): how many,
 * the name and Chinese label of parameter i (borrowed from the set), and
 * its value as policy-file text ("770.00", "24", "1.5") in force on day
 * for a household of division (12 digits) in town or country; "" if none is
 * in force. */
int pol_param_count(const struct pol_set *set);
const char *pol_param_name(const struct pol_set *set, int i);
const char *pol_param_label(const struct pol_set *set, int i);
void pol_param_text(const struct pol_set *set, int i, const char *division, int rural, mz_date day,
                    char *out, size_t cap);

/* One household whose decision changes. */
struct reform_change {
    size_t household;      /* snapshot row */
    int program;
    int64_t before, after; /* monthly amount in fen (0 when not eligible) */
    int eligible_before, eligible_after;
    char criterion[160];   /* label of the first criterion whose outcome changed, or "" */
};

/* Totals of one program in one county (first 6 digits of the division). */
struct reform_cell {
    char county[7];
    int program;
    int64_t gain, lose;         /* households (or persons) gaining / losing eligibility */
    int64_t cost_before, cost_after; /* monthly fen */
};

struct reform_report {
    struct reform_change *changes;
    size_t nchanges;
    struct reform_cell *cells;
    size_t ncells;
};

/* Evaluates base and reformed over snap as of `as_of` and compares. Both
 * sets must come from the same policy files. The caller frees with
 * reform_report_free. */
int reform_compare(const struct pol_set *base, const struct pol_set *reformed,
                   const struct pol_snapshot *snap, mz_date as_of, int nthreads,
                   struct reform_report *out, struct mz_err *err);
void reform_report_free(struct reform_report *r);

#endif
