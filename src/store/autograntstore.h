/* 免申即享 in the database: the consents to data checks (授权核对) of
 * persons, and the monitoring's findings — a household (or person)
 * eligible for a program granted without application and not enrolled —
 * with how each was settled. Look-ups return 1 (found), 0 (not found) or
 * -1 (error, err filled). */
#ifndef MZ_AUTOGRANTSTORE_H
#define MZ_AUTOGRANTSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "base/text.h"
#include "store/db.h"

/* The consent of person_id (given_on, by whom: 本人 or 监护人), replacing
 * an earlier one. */
int ags_consent_put(struct db *db, int64_t person_id, const char *given_on, const char *given_by,
                    const char *recorded_by, struct mz_err *err);
struct consent_row {
    int64_t person_id;
    char given_on[11], given_by[16];
};
/* Every consent, by person; stops on a non-zero return of fn (returned). */
int ags_consents(struct db *db, int (*fn)(void *ctx, const struct consent_row *c), void *ctx,
                 struct mz_err *err);

/* The households (and persons, 0 for household programs) with an
 * enrolment of program not ended before month (YYYY-MM) — in force or
 * starting later —, ordered, as pairs in
 * a new array (*pairs: household, person, …; *n pairs; the caller frees
 * with mz_free). */
int ags_enrolled(struct db *db, const char *program, const char *month, int64_t **pairs,
                 size_t *n, struct mz_err *err);

/* A finding and how it was settled (state found, enrolled or refused). */
struct finding_row {
    int64_t id;
    char program[32];
    int64_t household_id, person_id; /* person_id 0 for a household program */
    char office[13];                 /* the street (9 digits) */
    char found_on[11];
    int64_t amount; /* fen per month the engine found */
    char state[12], decided_on[11], decided_by[64];
    char reason[TEXT_BYTES(TEXT_MAX_NOTE)];
    int64_t enrolment_id;
    char start_month[8], notice_number[192];
    /* read only: the household, its head, the latest consent covering it
     * ("YYYY-MM-DD 本人", "" if none) */
    char hh_no[64], head_name[TEXT_BYTES(TEXT_MAX_NAME)], consent[40];
};
/* Records a finding (state found) unless one of the same program,
 * household and person is still open: *added says which; sets f->id. */
int ags_finding_insert(struct db *db, struct finding_row *f, const char *found_by, bool *added,
                       struct mz_err *err);
int ags_finding_get(struct db *db, int64_t id, struct finding_row *out, struct mz_err *err);
/* Settles open finding f->id with f's state, decided_on, decided_by,
 * reason, enrolment_id, start_month and notice_number; 0 if it was not
 * open any more. */
int ags_finding_decide(struct db *db, const struct finding_row *f, struct mz_err *err);
/* The findings under one of the office prefixes, in state ("" = any) and
 * of household_id (0 = any), open first, at most limit; fn as above. */
int ags_findings(struct db *db, const char (*prefixes)[13], int nprefixes, const char *state,
                 int64_t household_id, int limit,
                 int (*fn)(void *ctx, const struct finding_row *f), void *ctx,
                 struct mz_err *err);

#endif
