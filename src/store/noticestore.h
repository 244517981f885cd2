/* Decision notices in the database: each issued notice with its number,
 * decision, amount, the SM3 of the signed PDF and its text. Look-ups return
 * 1 (found), 0 (not found) or -1 (error, err filled). */
#ifndef MZ_NOTICESTORE_H
#define MZ_NOTICESTORE_H

#include <stdint.h>

#include "base/date.h"
#include "store/db.h"

struct notice_row {
    char number[192];
    int year, seq;
    int64_t household_id;
    char hh_no[64];          /* filled by ns_by_sm3 */
    char program[64];
    char decision[16];       /* "approve", "reject", "stop", "change" */
    int64_t amount;          /* fen per month */
    mz_date as_of, effective, issued;
    const char *policy_version; /* borrowed for ns_add */
    char sm3[65];            /* hex */
    const char *text;        /* borrowed for ns_add */
};

/* The next sequence number of year (1 for the first notice of a year). */
int ns_next_seq(struct db *db, int year, int *seq, struct mz_err *err);
/* Records an issued notice; fails on a duplicate number or hash. */
int ns_add(struct db *db, const struct notice_row *n, struct mz_err *err);
/* The notice whose PDF has this SM3 (hex): fills number, hh_no, program,
 * decision, amount and issued. */
int ns_by_sm3(struct db *db, const char *sm3, struct notice_row *out, struct mz_err *err);
/* The monthly amount the household receives from program by the latest
 * notice: 1 with *amount if that notice approved or changed it, 0 if there
 * is none or it stopped the program. */
int ns_current_amount(struct db *db, int64_t household_id, const char *program,
                      int64_t *amount, struct mz_err *err);

/* Calls fn for each notice of household_id in issue order (its text
 * borrowed until fn returns); stops on a non-zero return. */
int ns_of_household(struct db *db, int64_t household_id,
                    int (*fn)(void *ctx, const struct notice_row *n), void *ctx,
                    struct mz_err *err);

#endif
