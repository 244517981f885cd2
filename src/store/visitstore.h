/* Persistence of elderly-care visits (src/care/visit.c): rows in, rows
 * out. Functions return 0 or -1 (err filled); scans call fn per row while
 * the statement runs (fn must not use the database), a non-zero return
 * stops the scan and is returned. */
#ifndef MZ_VISITSTORE_H
#define MZ_VISITSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "base/text.h"
#include "store/db.h"

struct visit_row {
    int64_t id, person_id;
    char visited_on[11];
    char method[16];    /* 上门, 电话, 视频 */
    char visitor[TEXT_BYTES(TEXT_MAX_NAME)]; /* who visited: an account's or a volunteer's name */
    char findings[512]; /* what was found, "" if nothing noted */
    bool needs_help;
    char recorded_by[80], recorded_at[32];
};

/* Inserts v (id and recorded_at are ignored) recorded now; sets *id. */
int vs_visit_add(struct db *db, const struct visit_row *v, int64_t *id, struct mz_err *err);
/* The latest visits of a person, at most limit, newest first. */
int vs_visits_of_person(struct db *db, int64_t person_id, int limit,
                        int (*fn)(void *ctx, const struct visit_row *v), void *ctx,
                        struct mz_err *err);
/* The households under one of the division code prefixes with a member on
 * day born on or before born_by (the elderly), in id order, into a new
 * array (*ids, *n; the caller frees with mz_free). */
int vs_elder_households(struct db *db, const char (*prefixes)[13], int nprefixes, mz_date born_by,
                        mz_date day, int64_t **ids, size_t *n, struct mz_err *err);

#endif
