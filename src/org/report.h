/* The annual work report (年度工作报告) of a social organization: its
 * figures, the deadline (org_report_month/org_report_day of the next
 * year, policies/chongqing/org.pol), the review with its result (合格,
 * 基本合格, 不合格 with a rectification deadline) and, for a foundation,
 * the spending and administrative-cost ratios the report must meet.
 * Submitting the report an organization was listed as abnormal for sets
 * the day it leaves the list (credit.h). Functions return 0, or -1 with a
 * Chinese message naming the field on err. */
#ifndef MZ_ORG_REPORT_H
#define MZ_ORG_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/orgstore.h"

struct mon_env;

/* The figures of year (fen). spending must equal charitable + admin +
 * other_spending. prev_income and prev_net_assets are last year's total
 * income and year-end net assets (the bases of a foundation's floor). */
struct org_report_in {
    int year;
    const char *submitted_on;
    int64_t income, prev_income, charitable, admin, other_spending, spending, net_assets,
        prev_net_assets;
};

/* Records the report of registered organization org_id. Refused: a year
 * before registration or not yet ended (year), a second report for the
 * year (report_exists), a negative figure (naming it), figures that do
 * not add up (figures_mismatch, naming spending and the three parts with
 * their sum). Sets *late when submitted after the deadline. */
int org_report_submit(const struct mon_env *env, int64_t org_id, const struct org_report_in *in,
                      const char *actor, bool *late, struct mz_err *err);

/* A foundation's ratios from a report, as value × 10000 (ratio type of
 * the policy language). applies is false for other kinds. */
struct org_ratios {
    bool applies, public_fundraising;
    int64_t spend, spend_min;  /* charitable spending / its base (last year's income or net assets) */
    int64_t admin, admin_max;  /* admin costs / total spending */
    bool spend_ok, admin_ok;
};
int org_report_ratios(const struct mon_env *env, const struct org_row *o,
                      const struct org_report_row *r, struct org_ratios *out, struct mz_err *err);

/* Reviews the report of org_id for year: result 合格, 基本合格 or 不合格
 * (不合格 needs findings and rectify_by, a day after today). A
 * foundation failing a ratio cannot be 合格 (ratio_failed, naming the
 * ratio). */
int org_report_review(const struct mon_env *env, int64_t org_id, int year, const char *result,
                      const char *findings, const char *rectify_by, const char *actor,
                      struct mz_err *err);

/* The deadline of year's report for a division: YYYY-MM-DD into out. */
int org_report_due(const struct mon_env *env, const char *division, int year, char out[11],
                   struct mz_err *err);

#endif
