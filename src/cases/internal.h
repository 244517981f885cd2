/* What case.c shares with contest.c: the policy engine's evaluation of a
 * case's household, the audit entry of a case change, and the rulings of
 * contest procedures. */
#ifndef MZ_CASES_INTERNAL_H
#define MZ_CASES_INTERNAL_H

#include "cases/case.h"

/* Explains every program of procedure p for c's household as of day, with
 * the registry as known at known_at (NULL = now), into d (explanation,
 * verdict, amount, policy version, as_of; the caller frees
 * d->explanation). If eligible is not NULL, bit i is set when the i-th
 * program of p->programs is eligible. */
int case_explain(const struct case_env *env, const struct procedure *p, const struct case_row *c,
                 mz_date day, const char *known_at, struct decision_row *d, unsigned *eligible,
                 struct mz_err *err);

/* A new case of procedure p for a household, in p's first state since day
 * (no acceptance, deadline or decision yet), and its opening step `open`
 * by actor on day (reason and note left for the caller). */
void case_new(const struct procedure *p, int64_t household_id, int64_t applicant_id,
              const char *division, const char *actor, mz_date day, struct case_row *c,
              struct step_row *s);

/* Checks what a person gives for a step: its day (not before 1900, not
 * after today: a later step could never precede it, and a step dated
 * ahead would count as late) and its free text (reason and note, either
 * may be NULL: at most TEXT_MAX_NOTE characters each, no control
 * characters but line breaks and tabs). 0, or -1 with invalid_value
 * naming the field. */
int case_input_check(mz_date day, const char *reason, const char *note, struct mz_err *err);

/* Appends the audit entry of a change of case `after` (before may be NULL). */
int case_audit(const struct case_env *env, const char *actor, const char *action,
               const struct case_row *before, const struct case_row *after, const char *detail,
               struct mz_err *err);

/* The decision a ruling t (PF_UPHOLD or PF_CORRECT) of contest case c
 * records, into d (the caller frees d->explanation); *decided is the
 * procedure of the contested case and *eligible its programs' verdicts as
 * for case_explain. */
int contest_ruling(const struct case_env *env, const struct case_row *c,
                   const struct proc_transition *t, struct decision_row *d,
                   const struct procedure **decided, unsigned *eligible, struct mz_err *err);

/* application.c: checks app (channel, the 代办 consent reference) and
 * writes how the case was applied for into the opening step's note
 * ("网上申请" or "代办（授权书 …）", before note's text); then records it
 * with the consent for case_id, inside the caller's transaction. */
int case_application_note(const struct case_application *app, char *note, size_t cap,
                          struct mz_err *err);
int case_application_record(const struct case_env *env, int64_t case_id,
                            const struct case_application *app, const char *actor,
                            struct mz_err *err);

#endif
