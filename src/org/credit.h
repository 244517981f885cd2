/* The credit lists of social organizations (《社会组织信用信息管理办法》,
 * 民政部令第60号): 活动异常名录 (abnormal) and 严重违法失信名单 (serious),
 * each entry with its cause and the days computed from policy
 * (policies/chongqing/org.pol): a verified fix takes an organization off
 * the abnormal list credit_exit_workdays working days later; after
 * credit_abnormal_months still on it, it moves to the serious list, which
 * it may leave on application after credit_serious_months. Functions
 * return 0, or -1 with a Chinese message on err; every change audited. */
#ifndef MZ_ORG_CREDIT_H
#define MZ_ORG_CREDIT_H

#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/orgstore.h"

struct mon_env;

/* The causes of entry a person may record (static, NULL-terminated);
 * a missing annual report is found by credit_sweep. */
const char *const *credit_causes(void);
/* "活动异常名录" or "严重违法失信名单". */
const char *credit_list_label(const char *list);

/* Enters org_id on list ("abnormal", "serious") for cause (one of
 * credit_causes) on day; refused if it is already on that list
 * (already_listed). Sets *id. */
int credit_enter(const struct mon_env *env, int64_t org_id, const char *list, const char *cause,
                 const char *day, const char *actor, int64_t *id, struct mz_err *err);

/* The fix of abnormal entry id was verified on verified_on: it leaves the
 * list credit_exit_workdays working days later (exit_on). */
int credit_fix(const struct mon_env *env, int64_t id, const char *verified_on, const char *actor,
               struct mz_err *err);
/* Sets the exit day of org_id's open abnormal entry for cause, if any,
 * from a fix verified on day (inside the caller's transaction). */
int credit_fix_cause_tx(const struct mon_env *env, int64_t org_id, const char *cause,
                        const char *day, const char *actor, struct mz_err *err);

/* An application to leave the serious list (entry id) on applied_on:
 * refused before exit_on (too_early, naming the day). */
int credit_leave(const struct mon_env *env, int64_t id, const char *applied_on, const char *actor,
                 struct mz_err *err);

/* What a sweep did. */
struct credit_sweep {
    int64_t listed, removed, promoted;
};
/* Applies the lists' rules as of day: lists every registered organization
 * whose last annual report is past its deadline and missing; removes the
 * abnormal entries whose exit day has come; moves to the serious list
 * those on the abnormal list for credit_abnormal_months. One transaction. */
int credit_sweep(const struct mon_env *env, mz_date day, const char *actor,
                 struct credit_sweep *out, struct mz_err *err);

/* The cause a missing report is listed with. */
#define CREDIT_CAUSE_NO_REPORT "未按规定报送年度工作报告"

#endif
