/* Spot checks in SQLite (supervise/spotcheck.h): the enrolled households a
 * sample is drawn from, the draw and its items. Calls stop on fn's
 * non-zero return. */
#ifndef MZ_SPOTSTORE_H
#define MZ_SPOTSTORE_H

#include <stdint.h>

#include "store/db.h"

/* The households with an enrolment in program live in `month` (YYYY-MM)
 * under division, by id. */
int ss_enrolled(struct db *db, const char *program, const char *division, const char *month,
                int (*fn)(void *ctx, int64_t id, const char *hh_no), void *ctx,
                struct mz_err *err);

struct spot_row {
    const char *program, *division, *seed, *as_of, *drawn_by;
    int share;
    int64_t population, sample;
};
/* Records a draw; *id gets its id. */
int ss_add(struct db *db, const struct spot_row *r, int64_t *id, struct mz_err *err);
int ss_item_add(struct db *db, int64_t check_id, int64_t ordinal, int64_t household_id,
                const char *rank, struct mz_err *err);
/* A sampled household, with its result once recorded ("" before). */
struct spot_item {
    const char *hh_no, *rank, *division, *result, *note, *checked_by, *checked_at;
    int64_t ordinal; /* its place in the sample, from 1 */
};
int ss_items(struct db *db, int64_t check_id,
             int (*fn)(void *ctx, const struct spot_item *it), void *ctx, struct mz_err *err);

/* A draw with its results so far. Strings borrowed during the callback. */
struct spot_check_row {
    int64_t id;
    const char *program, *division, *seed, *as_of, *drawn_at, *drawn_by;
    int share;
    int64_t population, sample, passed, failed, unchecked;
};
/* Calls fn with draw id: 1, 0 when there is none, -1 (fn's -1 too). */
int ss_get(struct db *db, int64_t id, int (*fn)(void *ctx, const struct spot_check_row *r),
           void *ctx, struct mz_err *err);
/* The draws under division prefix whose day (as_of) is in [from, to], by id. */
int ss_list(struct db *db, const char *prefix, const char *from, const char *to,
            int (*fn)(void *ctx, const struct spot_check_row *r), void *ctx,
            struct mz_err *err);
/* The sampled household hh_no of draw check_id: 1 with its id, division
 * (13 bytes) and result so far (16 bytes, "" if none), or 0 if it is not
 * in the sample. */
int ss_item_find(struct db *db, int64_t check_id, const char *hh_no, int64_t *household_id,
                 char *division, char *result, struct mz_err *err);
/* Records the result of a sampled household (by whom, now). */
int ss_item_result(struct db *db, int64_t check_id, int64_t household_id, const char *result,
                   const char *note, const char *by, struct mz_err *err);

#endif
