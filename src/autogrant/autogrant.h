/* 免申即享 (benefits granted without application; DOMAIN.md §3, 渝悦救助通):
 * the programs a policy marks `without application` are granted from the
 * registry's data once the person — or, for a household program, a member
 * of the household — has consented to data checks (授权核对), with no
 * application and no case:
 *  - `without application` (the disability subsidies, 渝民〔2022〕207号):
 *    the consenting are enrolled from the data alone, from the first month
 *    on or after the consent's on whose first day they were eligible;
 *  - `without application confirmed` (低保边缘家庭 in Chongqing): the
 *    monitoring's sweep records each household (or person) it finds
 *    eligible and not enrolled as a finding, the task of its street office;
 *    once a member's consent is recorded and a caseworker confirms the
 *    check, the household is enrolled from the month after the
 *    confirmation (paid from the month after the decision, as a case
 *    approval is) and its decision notice is issued, in one transaction.
 * Enrolment and payment go through src/pay, notices through src/notice;
 * every change is audited in its transaction. Functions return 0, or -1
 * with a Chinese message (and a stable code) on err. Pointers are borrowed. */
#ifndef MZ_AUTOGRANT_H
#define MZ_AUTOGRANT_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "store/autograntstore.h"

struct registry;
struct pol_set;
struct pol_snapshot;
struct pol_results;

/* Records (or renews) person_id's consent to data checks given on given_on
 * (YYYY-MM-DD, not in the future) by given_by (本人 or 监护人), audited
 * autogrant.consent under actor. Refused naming the field: person,
 * given_on, given_by. */
int ag_consent(struct registry *reg, int64_t person_id, const char *given_on,
               const char *given_by, const char *actor, struct mz_err *err);

/* Enrols every consenting person (person programs) or their household
 * (household programs) in each `without application` program they are
 * eligible for on as_of and not yet enrolled in, from the first month (on
 * or after the consent's) on whose first day they were eligible — the
 * convention of the payment rolls and the arrears — with source
 * "免申即享". *added counts the enrolments. */
int ag_enrol_consented(struct registry *reg, const struct pol_set *set, mz_date as_of,
                       const char *actor, size_t *added, struct mz_err *err);

/* The monitoring's part: for each household of an evaluated snapshot
 * (its person ids and the results as of as_of), records a finding — the
 * task of the household's street office, audited autogrant.find — for the
 * household (or member) eligible for a `without application confirmed`
 * program, neither enrolled in it that month nor with an open finding.
 * *found is increased by the new findings. Inside the caller's
 * transaction (the sweep's, a feed batch's). */
int ag_find_tx(struct registry *reg, const struct pol_set *set,
               const struct pol_snapshot *snap, const int64_t *person_ids,
               const struct pol_results *res, mz_date as_of, const char *actor, size_t *found,
               struct mz_err *err);

/* Where the decision notice of a confirmation goes (notice/issue.h): the
 * bureau's SM2 private key, the PDF's path (the sealed OFD beside it) and
 * the address of the public verification page. */
struct ag_notice {
    const char *key_path, *out_pdf, *verify_base;
};

/* Confirms open finding id on day (the caseworker's check done): refused
 * with not_open (settled already), no_consent (no consent covering it
 * recorded), not_eligible (the engine, as of day, no longer finds it
 * eligible: nothing is stored, the finding stays open to be refused).
 * Otherwise enrols it from the month after day (source "免申即享"),
 * issues the approval notice, settles the finding (enrolled, with the
 * enrolment, start month and notice number) and audits
 * autogrant.confirm, in one transaction. *out receives the settled
 * finding. */
int ag_confirm(struct registry *reg, const struct pol_set *set, int64_t id, mz_date day,
               const struct ag_notice *notice, const char *actor, struct finding_row *out,
               struct mz_err *err);

/* Closes open finding id without enrolment (the household declined, the
 * check found otherwise), with a reason (required); audited
 * autogrant.refuse. */
int ag_refuse(struct registry *reg, int64_t id, mz_date day, const char *reason,
              const char *actor, struct mz_err *err);

/* The Chinese label of a finding's state (待确认, 已纳入, 未纳入). */
const char *ag_state_label(const char *state);

#endif
