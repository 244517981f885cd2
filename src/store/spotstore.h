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
int ss_items(struct db *db, int64_t check_id,
             int (*fn)(void *ctx, const char *hh_no, const char *rank), void *ctx,
             struct mz_err *err);

#endif
