/* Charity (《中华人民共和国慈善法》, 2023 amendment): an organization's
 * recognition as a 慈善组织 and its public-fundraising qualification
 * (conditions from policies/chongqing/charity.pol and the credit lists),
 * fundraising campaigns filed ahead of time with their donation and
 * spending ledger and the disclosures they owe (due dates computed at
 * filing; overdue ones listed), charitable trusts filed within
 * charity_trust_days, 慈善阵地 (community charity points) and 联合体
 * memberships. Every change audited (on the organization).
 * Functions return 0, or -1 with a Chinese message naming the field. */
#ifndef MZ_CHARITY_CHARITY_H
#define MZ_CHARITY_CHARITY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/charitystore.h"

struct mon_env;

/* Recognizes registered org_id as a 慈善组织 on day. Refused: not
 * registered (wrong_state), already one (already_charity), on a credit
 * list (listed). */
int charity_recognize(const struct mon_env *env, int64_t org_id, const char *day,
                      const char *actor, struct mz_err *err);

/* Grants the public-fundraising qualification on day. Refused: not a
 * charity (not_charity), a charity for less than charity_fundraising_months
 * (too_early, naming the first day it may be), on a credit list (listed). */
int charity_qualify(const struct mon_env *env, int64_t org_id, const char *day,
                    const char *actor, struct mz_err *err);

struct campaign_in {
    int64_t org_id;
    const char *name, *purpose, *platform, *filed_on, *starts_on, *ends_on;
    bool emergency; /* filed after the start, within charity_plan_days */
    int64_t goal;   /* fen */
};
/* Files a campaign plan. Refused: an organization without the
 * qualification (not_qualified), a plan filed later than
 * charity_plan_days before the start (filed_on, naming the last day; an
 * emergency campaign: within charity_plan_days after the start), an end
 * not after the start or further than charity_campaign_months (ends_on).
 * Computes its disclosures: every charity_disclose_months from the start
 * while it lasts, if longer than charity_long_months, and the full one
 * charity_final_months after the end. Sets *id. */
int campaign_file(const struct mon_env *env, const struct campaign_in *in, const char *actor,
                  int64_t *id, struct mz_err *err);

/* Records a donation or a spending ("donation", "spending") of amount
 * fen on day. A spending to one household names it (household_no, 户编号;
 * NULL or "" otherwise): the supervision rule charity_gift_unrecorded
 * looks for the matching help on its chain. Refused: a donation outside
 * the campaign's days, spending more than was donated (overspent), a
 * non-positive amount, an unknown household (no_household), a household on
 * a donation. */
int campaign_ledger_add(const struct mon_env *env, int64_t campaign_id, const char *kind,
                        const char *day, int64_t amount, const char *party,
                        const char *household_no, const char *note, const char *actor,
                        struct mz_err *err);

/* Marks the earliest disclosure due of the campaign made on day
 * (nothing_due if none is open). */
int campaign_disclose(const struct mon_env *env, int64_t campaign_id, const char *day,
                      const char *actor, struct mz_err *err);

struct trust_in {
    int64_t trustee_id;
    const char *name, *purpose, *signed_on, *filed_on;
    int64_t amount;
};
/* Files a charitable trust with its trustee (a charity). *late tells it
 * came after the charity_trust_days deadline (then no tax benefit, 慈善法
 * 第四十五条). */
int trust_file(const struct mon_env *env, const struct trust_in *in, const char *actor,
               int64_t *id, bool *late, struct mz_err *err);

/* 慈善阵地: the kinds of community charity point (static, NULL-terminated):
 * 慈善超市, 慈善工作站, 社区慈善基金, 慈善驿站. */
const char *const *charity_point_kinds(void);

/* Registers a charity point: name, kind (of charity_point_kinds), division
 * (current), opened_on, run by org_id (a registered organization, 0 if
 * none; one on a credit list may run one). Refused naming the field; a name taken in the division is
 * point_exists. Sets *id. */
struct point_in {
    const char *name, *kind, *division, *opened_on;
    int64_t org_id;
};
int charity_point_add(const struct mon_env *env, const struct point_in *in, const char *actor,
                      int64_t *id, struct mz_err *err);

/* Registered org_id joins the 慈善联合体 union_name on day (already_member
 * if it is one). Audited on the organization. */
int charity_union_join(const struct mon_env *env, int64_t org_id, const char *union_name,
                       const char *day, const char *actor, struct mz_err *err);

#endif
