/* Persistence of charity (src/charity): campaigns with their ledgers and
 * disclosures, charitable trusts, projects, referrals of households and
 * the help given. Conventions as orgstore.h. */
#ifndef MZ_CHARITYSTORE_H
#define MZ_CHARITYSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/text.h"
#include "store/db.h"
#include "store/orgstore.h"

#define CHARITY_MAX_TEXT 100 /* a campaign's or project's name, a purpose, a party */

struct campaign_row {
    int64_t id, org_id;
    char name[TEXT_BYTES(CHARITY_MAX_TEXT)], purpose[TEXT_BYTES(CHARITY_MAX_TEXT)];
    char platform[TEXT_BYTES(CHARITY_MAX_TEXT)];
    char filed_on[11], starts_on[11], ends_on[11];
    bool emergency;
    int64_t goal, donated, spent; /* fen; donated and spent summed from the ledger by reads */
    char org_name[TEXT_BYTES(ORG_MAX_NAME)], recorded_by[80];
};
int cs_campaign_add(struct db *db, const struct campaign_row *c, int64_t *id, struct mz_err *err);
int cs_campaign_get(struct db *db, int64_t id, struct campaign_row *c, struct mz_err *err);
/* Campaigns of org_id (0: all), newest first. */
int cs_campaigns(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct campaign_row *c),
                 void *ctx, struct mz_err *err);

struct disclosure_row {
    int64_t id, campaign_id, org_id;
    char kind[8], due_on[11], disclosed_on[11];
    char campaign[TEXT_BYTES(CHARITY_MAX_TEXT)], org_name[TEXT_BYTES(ORG_MAX_NAME)];
};
int cs_disclosure_add(struct db *db, int64_t campaign_id, const char *kind, const char *due_on,
                      struct mz_err *err);
/* Marks the earliest open disclosure of the campaign done on day: 1, or 0
 * if none is open. */
int cs_disclose(struct db *db, int64_t campaign_id, const char *day, struct mz_err *err);
/* Disclosures of campaign_id (0 any) of org_id (0 any); with overdue_on
 * set, only those not made and due before that day. */
int cs_disclosures(struct db *db, int64_t campaign_id, int64_t org_id, const char *overdue_on,
                   int (*fn)(void *ctx, const struct disclosure_row *d), void *ctx,
                   struct mz_err *err);

struct ledger_row {
    int64_t id, campaign_id, household_id; /* household_id: a spending's household, or 0 */
    char kind[10], on_day[11];
    int64_t amount;
    char party[TEXT_BYTES(CHARITY_MAX_TEXT)], note[TEXT_BYTES(CHARITY_MAX_TEXT)];
    char recorded_by[80];
    char household_no[TEXT_BYTES(TEXT_MAX_HOUSEHOLD_NO)]; /* read: the household's 户编号, or "" */
};
int cs_ledger_add(struct db *db, const struct ledger_row *l, int64_t *id, struct mz_err *err);
int cs_ledger(struct db *db, int64_t campaign_id, int (*fn)(void *ctx, const struct ledger_row *l),
              void *ctx, struct mz_err *err);

struct trust_row {
    int64_t trustee_id, amount;
    char name[TEXT_BYTES(CHARITY_MAX_TEXT)], purpose[TEXT_BYTES(CHARITY_MAX_TEXT)];
    char signed_on[11], filed_on[11], due_on[11], recorded_by[80];
};
int cs_trust_add(struct db *db, const struct trust_row *t, int64_t *id, struct mz_err *err);

/* A charity project that takes referrals: the warning rules it takes
 * (space-separated, "found_edge found_rigid") in a division. */
struct project_row {
    int64_t id, org_id;
    char name[TEXT_BYTES(CHARITY_MAX_TEXT)], division[13], rules[160];
    char help[TEXT_BYTES(CHARITY_MAX_TEXT)], org_name[TEXT_BYTES(ORG_MAX_NAME)];
    char recorded_by[80];
};
int cs_project_add(struct db *db, const struct project_row *p, int64_t *id, struct mz_err *err);
/* Projects: id (0 any) of org_id (0 any). */
int cs_projects(struct db *db, int64_t id, int64_t org_id,
                int (*fn)(void *ctx, const struct project_row *p), void *ctx,
                struct mz_err *err);

struct chref_row {
    int64_t id, warning_id, household_id, project_id, org_id;
    char state[10], consent_by[TEXT_BYTES(CHARITY_MAX_TEXT)], offered_on[11], answered_on[11];
    char note[TEXT_BYTES(CHARITY_MAX_TEXT)], offered_by[80];
    char project[TEXT_BYTES(CHARITY_MAX_TEXT)], org_name[TEXT_BYTES(ORG_MAX_NAME)];
    char warning[160], division[13];
};
int cs_referral_add(struct db *db, const struct chref_row *r, int64_t *id, struct mz_err *err);
int cs_referral_set(struct db *db, const struct chref_row *r, struct mz_err *err);
int cs_referral_get(struct db *db, int64_t id, struct chref_row *r, struct mz_err *err);
/* Whether warning_id was referred to project_id already: 1, 0, -1. */
int cs_referral_exists(struct db *db, int64_t warning_id, int64_t project_id, struct mz_err *err);
/* Referrals to org_id's projects (0 any) of household_id (0 any), newest first. */
int cs_referrals(struct db *db, int64_t org_id, int64_t household_id,
                 int (*fn)(void *ctx, const struct chref_row *r), void *ctx, struct mz_err *err);

struct help_row {
    int64_t id, referral_id, household_id, amount;
    char given_on[11], kind[TEXT_BYTES(20)], note[TEXT_BYTES(CHARITY_MAX_TEXT)];
    char project[TEXT_BYTES(CHARITY_MAX_TEXT)], org_name[TEXT_BYTES(ORG_MAX_NAME)];
    char recorded_by[80];
};
int cs_help_add(struct db *db, const struct help_row *h, int64_t *id, struct mz_err *err);
int cs_help_of_household(struct db *db, int64_t household_id,
                         int (*fn)(void *ctx, const struct help_row *h), void *ctx,
                         struct mz_err *err);

/* A 慈善阵地: a community charity point (慈善超市, 慈善工作站 …) in a
 * division, run by an organization (0 if none). */
struct point_row {
    int64_t id, org_id;
    char name[TEXT_BYTES(CHARITY_MAX_TEXT)], kind[TEXT_BYTES(20)], division[13], opened_on[11];
    char org_name[TEXT_BYTES(ORG_MAX_NAME)], recorded_by[80];
};
int cs_point_add(struct db *db, const struct point_row *p, int64_t *id, struct mz_err *err);
/* Points under one of the prefixes (NULL: all) run by org_id (0: any). */
int cs_points(struct db *db, const char (*prefixes)[13], int nprefixes, int64_t org_id,
              int (*fn)(void *ctx, const struct point_row *p), void *ctx, struct mz_err *err);
/* An organization's membership of a 慈善联合体 (union_name). */
struct union_row {
    int64_t id, org_id;
    char union_name[TEXT_BYTES(CHARITY_MAX_TEXT)], joined_on[11];
};
/* Adds the membership: 1, or 0 if the organization is a member already. */
int cs_union_add(struct db *db, const char *union_name, int64_t org_id, const char *joined_on,
                 const char *actor, struct mz_err *err);
int cs_unions(struct db *db, int64_t org_id, int (*fn)(void *ctx, const struct union_row *u),
              void *ctx, struct mz_err *err);

#endif
