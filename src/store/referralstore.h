/* Persistence of 专项救助 referrals (src/referral/): rows in, rows out.
 * Functions return 0 or -1 (err filled); scans call fn per row while the
 * statement runs (fn must not use the database), a non-zero return stops
 * the scan and is returned; ref_answer_put sets *changed. */
#ifndef MZ_REFERRALSTORE_H
#define MZ_REFERRALSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct referral_row {
    int64_t id;
    char department[16];
    int64_t household_id;
    char hh_no[64];
    int64_t person_id; /* 0: the household */
    char basis[32];    /* the program of the enrolment it follows from */
    char reason[160];
    char created_at[32], exported_at[32];               /* exported_at "" until a file took it */
    char answer[16], answer_note[256], answered_at[32]; /* "" until answered */
};

/* Inserts r unless the same department, entity and basis has one; *added. */
int rs_referral_put(struct db *db, const struct referral_row *r, bool *added, struct mz_err *err);
/* The referrals to a department, or of a household, in id order. */
int rs_referrals_of_department(struct db *db, const char *department,
                               int (*fn)(void *ctx, const struct referral_row *r), void *ctx,
                               struct mz_err *err);
int rs_referrals_of_household(struct db *db, int64_t household_id,
                              int (*fn)(void *ctx, const struct referral_row *r), void *ctx,
                              struct mz_err *err);
/* Marks the referrals of department not yet exported as exported now. */
int rs_referrals_exported(struct db *db, const char *department, struct mz_err *err);
/* Records a department's answer to referral id (of that department). */
int rs_referral_answer(struct db *db, int64_t id, const char *department, const char *answer,
                       const char *note, const char *by, bool *changed, struct mz_err *err);

#endif
