/* The demo city in the middle of its month (mz demo, the first mz serve):
 * on a freshly generated registry (gen/), the work a city's offices would
 * have done by now — last month's caseload enrolled and paid, this month's
 * department records raising warnings, some handled, and applications at
 * every step of their procedure — done through the domains as caseworkers
 * would (monitor, cases, pay), every change audited under demo actors, so
 * that every page and chart has real numbers for a newcomer. */
#ifndef MZ_DEMO_H
#define MZ_DEMO_H

#include <stdbool.h>
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
    int64_t assessments; /* 老年人能力评估 recorded */
    int64_t marriages;   /* on record in the demo county (archive and this month's) */
    int64_t deaths;      /* deaths cascaded in the demo county */
    int64_t notices;     /* decision notices issued (demo_notices) */
    /* the demo's resident of 渝悦救助通 (demo_resident): how to sign in */
    char resident_id[19], resident_name[128], resident_phone[16];
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
/* 老年人能力评估 (demo_assess.c): two assessor accounts of the first
 * household's community assess a sample of the persons of 60 or more
 * through care/assess at every level (some with a dementia diagnosis or
 * care-risk events, some over a year ago so that their reassessment is
 * overdue); 医保 places the moderately or more disabled under 长期护理保险.
 * *made counts the assessments. 0, or -1 with the failure on err. */
int demo_assessments(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                     mz_date today, int64_t *made, struct mz_err *err);
/* Whether an account is one of the demo's assessors (not a login the
 * demo hands out). */
bool demo_is_assessor(const char *name);
/* 探访关爱 (demo_visit.c): as of today, most of this month's visit
 * targets visited since the first, one in eight not yet, a few last
 * visited 40 days ago (raising visit_missed). */
struct mon_env;
int demo_visits(const struct mon_env *env, mz_date today, struct mz_err *err);
/* 银龄 volunteers (demo_volunteer.c): one younger empty-nest elder of each
 * of the first communities with visit targets, the month's targets paired
 * with them, an hour in each time bank. */
int demo_volunteers(const struct mon_env *env, mz_date today, struct mz_err *err);
/* Smart alarms (demo_alarm.c): four devices of visit targets and their
 * alarms — one escalated to the family, one new, one acknowledged, one
 * closed. */
int demo_alarms(const struct mon_env *env, mz_date today, struct mz_err *err);
/* Place names (demo_placename.c): a road and a village name (with its
 * culture and products) of the first township of every county, naming
 * cases at every step (one filing overdue), a renaming done, and a street
 * split in two 30 days ago (not the demo accounts' street). */
int demo_placenames(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                    mz_date today, struct mz_err *err);
/* Child welfare (demo_children.c): the 困境儿童 recorded as of today,
 * visited by their 儿童主任 (one in six over a month ago, raising
 * child_visit_overdue), some given guardianship guidance, some referred
 * for mental-health help. */
int demo_children(const struct mon_env *env, mz_date today, struct mz_err *err);
/* 精康融合行动 (demo_disability.c): up to a dozen persons with a mental
 * disability referred to community rehabilitation services about three
 * months ago, at every step of their progress. */
int demo_rehab(struct registry *reg, const struct pol_set *set, mz_date today, struct mz_err *err);
/* Child-welfare institutions, orphans' entitlements and 重度残疾人托养
 * (demo_institution.c), in county (6 digits): a 儿童福利院
 * (DEMO_INSTITUTION_NAME, the demo's institution account) with the
 * county's orphans and 事实无人抚养 children, a 未成年人救助保护中心 with
 * children lacking guardianship (one moved, one returned home), services;
 * the entitlements of the city's orphans as of today; severely disabled
 * persons of the county placed in residential or day care. */
#define DEMO_INSTITUTION_NAME "重庆市儿童福利院"
int demo_institutions(struct registry *reg, const struct pol_set *set, const char *county,
                      mz_date today, struct mz_err *err);
/* 婚姻登记 (demo_marriage.c): in the county of the first household, the
 * population's couples in the archive of registrations, this month's
 * registrations (parties from other provinces; the 户口 move joined with
 * 公安 at each state), refusals of each kind, divorces at every phase with
 * counselling, a replacement and the coming days' appointments. *made
 * counts the marriages on record. */
int demo_marriage(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                  mz_date today, int64_t *made, struct mz_err *err);
/* 殡葬 (demo_funeral.c): in county (6 digits), the funeral home, cemeteries
 * and columbarium with prices and complaints; the month's deaths
 * cascaded, two more from medical certificates, cremations with the waiver
 * and placements with the eco-burial reward. *deaths counts the county's. */
int demo_funeral(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                 const char *county, mz_date today, int64_t *deaths, struct mz_err *err);
/* The demo's resident of 渝悦救助通 (portal.c): the head of the first
 * household (where the demo accounts work) gets the phone
 * DEMO_RESIDENT_PHONE on record and has applied online for 临时救助 three
 * days before today, with the consent to data checks and a PDF of
 * material; the street office has accepted it. Fills out->resident_*. */
/* Social organizations and charity (demo_org.c) in the county of the
 * first household (where the demo accounts work): an association on the 活动异常名录 for a missing annual
 * report, a charity foundation with a campaign overdue on disclosure, a
 * social-work centre (DEMO_ORG_NAME, the demo's organization account)
 * whose project took referrals of this month's warned households, one of
 * them helped. */
#define DEMO_ORG_NAME "重庆市阳光社会工作服务中心"
int demo_orgs(const struct mon_env *env, mz_date today, struct mz_err *err);
/* Supervision (demo_supervise.c) in county: the head of its first 低保
 * household is registered on the village committee (mz staff) and the
 * household evaluated, raising a staff-relative finding for the county. */
int demo_supervise(const struct mon_env *env, const char *county, mz_date today,
                   struct mz_err *err);
/* Where the demo's decision notices go: the bureau's SM2 private key, the
 * folder of the PDFs (and sealed OFDs), the address of the public
 * verification page (may be NULL). */
struct demo_paper {
    const char *key_path, *dir, *verify_base;
};
/* Decision notices (demo_notices.c), after demo_activity: the notice of
 * each decided case whose decision agrees with the engine (an approval
 * against the engine has none); and 免申即享 in the demo accounts' county
 * — three of the households the sweep found are asked and consent, two
 * are confirmed (enrolled, each with its approval notice), one waits for
 * the check, a fourth declined. *issued counts the notices. */
int demo_notices(struct registry *reg, const struct pol_set *set, mz_date today,
                 const struct demo_paper *paper, int64_t *issued, struct mz_err *err);
#define DEMO_RESIDENT_PHONE "13800138000"
int demo_resident(struct registry *reg, const struct pol_set *set, const struct cal *cal,
                  mz_date today, struct demo_counts *out, struct mz_err *err);

#endif
