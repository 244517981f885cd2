/* Social forces in assistance (社会力量参与社会救助): a charity project or
 * social-work organization takes referrals of households the monitoring
 * warned about (the warning rules it names: 低保边缘 found_edge, 刚性支出
 * found_rigid, 临时救助 found_temp …) in its division. A household is
 * offered to a project only with its consent; the project accepts or
 * declines; help given is recorded on the household, so its assistance
 * chain (一户一链, assist_chain) shows government payments, 专项救助
 * referrals and charity help together. Charity help is never written as
 * the household's income: whether such income counts is the policy's
 * (charity_income, policies/chongqing/00-inputs.pol).
 *
 * Decision: these referrals are kept apart from the 专项救助 referrals of
 * src/referral (departments taking files of every 低保/特困 household by
 * right) — they need consent, name one project, are answered in the
 * console by the organization and carry help with amounts. The chain is
 * where both meet. Functions return 0, or -1 with a Chinese message. */
#ifndef MZ_CHARITY_ASSIST_H
#define MZ_CHARITY_ASSIST_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "store/charitystore.h"

struct mon_env;

/* Registers a project of registered org_id in division taking the
 * warnings of rules (space-separated names of the policies' warning
 * rules). Refused: an unknown rule (rules, naming it), a division not
 * current, a blank name or help. */
int assist_project_add(const struct mon_env *env, int64_t org_id, const char *name,
                       const char *division, const char *rules, const char *help,
                       const char *actor, int64_t *id, struct mz_err *err);

/* Offers the household of warning_id to project_id on day. consent says
 * whether the household agreed, consent_by who gave and who took it
 * ("户主本人，经办人张三"). Refused: consent not given (consent_refused:
 * nothing is referred, the refusal is audited), a warning closed or
 * dismissed, a rule the project does not take (rule_not_taken), a
 * household outside the project's division, an offer made before
 * (already_referred). Sets *id. */
int assist_offer(const struct mon_env *env, int64_t warning_id, int64_t project_id, bool consent,
                 const char *consent_by, const char *day, const char *actor, int64_t *id,
                 struct mz_err *err);

/* The organization answers referral id on day: accept or decline (with
 * note). org_id > 0 is the answering organization's (an organization
 * account): another organization's referral is unknown_referral.
 * Refused unless offered (wrong_state). */
int assist_answer(const struct mon_env *env, int64_t id, int64_t org_id, bool accept,
                  const char *note, const char *day, const char *actor, struct mz_err *err);

/* Records help given on an accepted referral: kind (现金, 物资, 服务 …),
 * amount in fen (0 for a service), note. The referral becomes helped.
 * org_id as for assist_answer. */
int assist_help(const struct mon_env *env, int64_t id, int64_t org_id, const char *kind,
                int64_t amount, const char *note, const char *day, const char *actor,
                struct mz_err *err);

/* One link of a household's assistance chain. */
struct assist_link {
    char on[11];        /* the day (a payment: the first of its month) */
    const char *source; /* "政府" or "慈善" */
    char by[TEXT_BYTES(ORG_MAX_NAME)];  /* the program's office, department or organization */
    char what[512];      /* program, service or help */
    int64_t amount;     /* fen, 0 if none */
    char state[32];
};
/* The chain of household_id, oldest first: payments on rolls, 专项救助
 * referrals and charity referrals and help. program_label maps a program
 * name to its label (may return the name). The caller frees *out. */
int assist_chain(const struct mon_env *env, int64_t household_id,
                 const char *(*program_label)(void *ctx, const char *program), void *ctx,
                 struct assist_link **out, size_t *n, struct mz_err *err);

#endif
